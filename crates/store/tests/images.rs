//! Pictures kept in the database on both engines: the bytes come back as they went in, the same file
//! twice is one picture, and the change log names it by its hash.

use store::images::NewRendition;
use store::testing::{add_unit, fresh_stores};

#[tokio::test]
async fn a_picture_and_its_sizes_come_back_byte_for_byte_on_every_engine() {
    for store in fresh_stores().await {
        let ward = add_unit(&store, "phường", "Nghĩa Đô", None).await.unwrap();
        let small: Vec<u8> = (0..=255u8).cycle().take(5_000).collect();
        let large: Vec<u8> = (0..=255u8).rev().cycle().take(20_000).collect();
        let hash = "ab".repeat(32);
        for _ in 0..2 {
            let mut tx = store.begin_for("test", ward.id).await.unwrap();
            tx.insert_image(
                ward.id,
                &hash,
                "IMG_2041.jpg",
                (960, 640),
                &[
                    NewRendition {
                        width: 480,
                        height: 320,
                        bytes: &small,
                    },
                    NewRendition {
                        width: 960,
                        height: 640,
                        bytes: &large,
                    },
                ],
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
        assert_eq!(
            store.image_rendition(ward.id, &hash, 480).await.unwrap(),
            Some(small.clone())
        );
        assert_eq!(
            store.image_rendition(ward.id, &hash, 960).await.unwrap(),
            Some(large.clone())
        );
        assert_eq!(
            store.image_rendition(ward.id, &hash, 1600).await.unwrap(),
            None
        );
        assert_eq!(
            store
                .image_rendition(ward.id + 1, &hash, 480)
                .await
                .unwrap(),
            None
        );
        let logged: Vec<_> = store
            .recent_changes_of(ward.id, 10)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.entity == "image")
            .collect();
        assert_eq!(
            logged.len(),
            1,
            "the same file uploaded twice is one picture"
        );
        let after = logged[0].after_json.as_deref().unwrap();
        assert!(
            after.contains(&format!("\"hash\":\"{hash}\""))
                && after.contains("\"sizes\":[480,960]")
        );
        assert!(!after.contains("bytes"));
    }
}
