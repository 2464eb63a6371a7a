//! Signing keys at rest on both engines: sealed with a master key kept outside the database, never
//! in clear; keys an older version kept in clear are sealed on start; rotating the master key
//! seals every key again, all or none.

use store::sealing::MasterKey;
use store::testing::fresh_stores;

/// The ids of every signing key the demo made.
async fn demo_keys(store: &store::Store) -> Vec<i64> {
    let mut ids = Vec::new();
    for unit in store.units().await.unwrap() {
        ids.extend(
            store
                .signing_keys(unit.id)
                .await
                .unwrap()
                .iter()
                .map(|k| k.id),
        );
    }
    assert!(!ids.is_empty(), "the demo holds signing keys");
    ids
}

fn looks_like_a_clear_key(stored: &str) -> bool {
    stored.len() == 64 && stored.bytes().all(|b| b.is_ascii_hexdigit())
}

#[tokio::test]
async fn signing_keys_are_stored_sealed_and_open_only_with_the_master_key() {
    for store in fresh_stores().await {
        let key = MasterKey::generate();
        let store = store.with_master_key(key.clone());
        store::demo::load(&store).await.unwrap();
        for id in demo_keys(&store).await {
            let stored = store.stored_secret(id).await.unwrap().unwrap();
            assert!(
                MasterKey::is_sealed(&stored),
                "key {id} is kept as {stored}"
            );
            assert!(!looks_like_a_clear_key(&stored));
            assert_eq!(key.open(&stored).unwrap().len(), 32);
            assert!(MasterKey::generate().open(&stored).is_err());
        }
        // Signatures made with the sealed keys still verify.
        assert!(store.verify_signatures().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn keys_kept_in_clear_by_an_older_version_are_sealed_on_start() {
    for store in fresh_stores().await {
        let key = MasterKey::generate();
        let store = store.with_master_key(key.clone());
        store::demo::load(&store).await.unwrap();
        let ids = demo_keys(&store).await;
        // As an older phoihop wrote them: the secret in clear hex.
        for id in &ids {
            let secret = key
                .open(&store.stored_secret(*id).await.unwrap().unwrap())
                .unwrap();
            store
                .store_secret_as_an_older_version_did(*id, &hex::encode(secret))
                .await
                .unwrap();
        }
        assert_eq!(store.seal_plain_secrets().await.unwrap(), ids.len());
        for id in &ids {
            assert!(MasterKey::is_sealed(
                &store.stored_secret(*id).await.unwrap().unwrap()
            ));
        }
        assert_eq!(store.seal_plain_secrets().await.unwrap(), 0, "once only");
    }
}

#[tokio::test]
async fn rotating_the_master_key_seals_every_key_again_with_the_new_one() {
    for store in fresh_stores().await {
        let old = MasterKey::generate();
        let store = store.with_master_key(old.clone());
        store::demo::load(&store).await.unwrap();
        let ids = demo_keys(&store).await;
        let before: Vec<Vec<u8>> = {
            let mut v = Vec::new();
            for id in &ids {
                v.push(
                    old.open(&store.stored_secret(*id).await.unwrap().unwrap())
                        .unwrap(),
                );
            }
            v
        };
        let new = MasterKey::generate();
        assert_eq!(store.rotate_master_key(&new).await.unwrap(), ids.len());
        for (id, secret) in ids.iter().zip(&before) {
            let stored = store.stored_secret(*id).await.unwrap().unwrap();
            assert_eq!(
                &new.open(&stored).unwrap(),
                secret,
                "the same key, sealed anew"
            );
            assert!(old.open(&stored).is_err());
        }
    }
}
