//! Secrets at rest: the signing keys are sealed (XChaCha20-Poly1305) with a master key that lives
//! outside the database — in a file or the environment — so that a copy of the database or of a
//! backup signs nothing. A sealed value reads `v1:` and the hex of nonce and ciphertext.

use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

use crate::{Result, StoreError};

/// What a sealed value starts with; the version names the algorithm.
const SEALED: &str = "v1:";
const NONCE_BYTES: usize = 24;

/// The key that seals the database's secrets: 32 random bytes.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

fn key_error(message: impl Into<String>) -> StoreError {
    StoreError::Secrets(message.into())
}

impl MasterKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// A key written as 64 hex digits (the file's content, or `PHOIHOP_MASTER_KEY`).
    pub fn from_hex(text: &str) -> Result<Self> {
        hex::decode(text.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(Self)
            .ok_or_else(|| key_error("khóa chủ phải là 64 chữ số thập lục phân (32 byte)"))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The key in `path`, made (readable by its owner only) when there is none yet.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                Self::from_hex(&text).map_err(|e| key_error(format!("{}: {e}", path.display())))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate();
                key.write_new(path)?;
                Ok(key)
            }
            Err(e) => Err(key_error(format!(
                "không đọc được khóa chủ {}: {e}",
                path.display()
            ))),
        }
    }

    /// Write the key to a new file with mode 0600; an existing file is never overwritten.
    pub fn write_new(&self, path: &Path) -> Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|e| {
            key_error(format!(
                "không tạo được tệp khóa chủ {}: {e}",
                path.display()
            ))
        })?;
        file.write_all(format!("{}\n", self.to_hex()).as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| key_error(format!("không ghi được {}: {e}", path.display())))
    }

    /// Seal a secret.
    pub fn seal(&self, secret: &[u8]) -> String {
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), secret)
            .expect("sealing into memory cannot fail");
        format!("{SEALED}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// Open a sealed secret; a value sealed with another key, or changed, does not open.
    pub fn open(&self, sealed: &str) -> Result<Vec<u8>> {
        let bytes = sealed
            .strip_prefix(SEALED)
            .and_then(|h| hex::decode(h).ok())
            .filter(|b| b.len() > NONCE_BYTES)
            .ok_or_else(|| key_error("bí mật không ở dạng đã niêm phong"))?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        XChaCha20Poly1305::new((&self.0).into())
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| {
                key_error(
                    "không mở được khóa ký bằng khóa chủ hiện tại (tệp khóa chủ sai hoặc đã đổi?)",
                )
            })
    }

    /// Whether a stored value is sealed (older databases kept signing keys in clear hex).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED)
    }

    /// The key that tags values for one purpose, derived from this one: what tags a device
    /// cookie never seals a secret nor tags a form's token, and every node holding the master key
    /// checks the others' tags.
    pub fn derive(&self, purpose: &str) -> TagKey {
        TagKey(hmac_sha256(
            &self.0,
            format!("phoihop {purpose}").as_bytes(),
        ))
    }
}

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::Mac;
    let mut mac =
        <HmacSha256 as hmac::Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// How many bytes of a tag are kept: 128 bits, as hex.
const TAG_BYTES: usize = 16;

/// A key that tags short values the server hands out and takes back (a device cookie, the token
/// of a form shown before sign-in), so that only this installation can have made them.
#[derive(Clone)]
pub struct TagKey([u8; 32]);

impl std::fmt::Debug for TagKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TagKey(***)")
    }
}

impl TagKey {
    /// A key of this process alone, for a store opened without a master key (some tests, tools
    /// that hand nothing out): its tags do not outlive the process.
    pub fn ephemeral() -> Self {
        static KEY: std::sync::LazyLock<[u8; 32]> = std::sync::LazyLock::new(|| {
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            key
        });
        Self(*KEY)
    }

    /// The tag of a value: 32 hex digits.
    pub fn tag(&self, value: &str) -> String {
        hex::encode(&hmac_sha256(&self.0, value.as_bytes())[..TAG_BYTES])
    }

    /// Whether a tag is this key's for the value, compared in constant time.
    pub fn verify(&self, value: &str, tag: &str) -> bool {
        use hmac::Mac;
        let Ok(given) = hex::decode(tag) else {
            return false;
        };
        if given.len() != TAG_BYTES {
            return false;
        }
        let mut mac = <HmacSha256 as hmac::Mac>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        mac.update(value.as_bytes());
        mac.verify_truncated_left(&given).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_only_and_never_shows_in_clear() {
        let key = MasterKey::generate();
        let secret = [7u8; 32];
        let sealed = key.seal(&secret);
        assert!(MasterKey::is_sealed(&sealed));
        assert!(!sealed.contains(&hex::encode(secret)));
        assert_eq!(key.open(&sealed).unwrap(), secret);
        assert_ne!(key.seal(&secret), sealed, "a fresh nonce every time");
        assert!(MasterKey::generate().open(&sealed).is_err());
        let mut tampered = sealed.clone();
        tampered.replace_range(sealed.len() - 2.., "00");
        assert!(key.open(&tampered).is_err());
        assert_eq!(format!("{key:?}"), "MasterKey(***)");
    }

    #[test]
    fn a_tag_verifies_for_its_value_and_purpose_only() {
        let key = MasterKey::generate();
        let device = key.derive("device");
        let tag = device.tag("quantri:0123");
        assert_eq!(tag.len(), 32);
        assert!(device.verify("quantri:0123", &tag));
        assert!(!device.verify("quantri:0124", &tag));
        assert!(!key.derive("form").verify("quantri:0123", &tag));
        assert!(!MasterKey::generate()
            .derive("device")
            .verify("quantri:0123", &tag));
        assert!(!device.verify("quantri:0123", "not hex"));
        assert!(!device.verify("quantri:0123", &tag[..30]));
        assert_eq!(format!("{device:?}"), "TagKey(***)");
    }

    #[test]
    fn the_key_file_is_made_once_for_its_owner_only_and_read_back() {
        let dir = std::env::temp_dir().join(format!("phoihop-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("phoihop.key");
        let _ = std::fs::remove_file(&path);
        let made = MasterKey::load_or_create(&path).unwrap();
        let again = MasterKey::load_or_create(&path).unwrap();
        assert_eq!(made.to_hex(), again.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(made.write_new(&path).is_err(), "never overwritten");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
