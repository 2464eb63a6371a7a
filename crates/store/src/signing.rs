//! Signing the programme: Ed25519 keys held for the heads of bodies, signatures over a canonical
//! serialisation of one version of a programme's content, and their verification.
//!
//! The canonical form is JSON with object keys sorted, no insignificant whitespace, and strings as
//! serde_json writes them: for our ASCII keys, integers and UTF-8 strings this is RFC 8785 (JCS).
//! It covers what the parties agree to (unit, year, title, parties, and each item's content, lead,
//! partners and time frame), not what changes during the year (an item's status or progress notes).

use domain::entity::Entity;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::Serialize;
use sqlx::Row;

use crate::changelog::to_json;
use crate::sealing::MasterKey;
use crate::{Result, Store, StoreError, WriteTx};
use domain::body::Body;
use domain::programme::{Programme, ProgrammeItem, ProgrammeStatus};
use domain::unit::AdminUnit;

/// A signature as the portal shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureView {
    pub programme_id: i64,
    pub version: i64,
    pub body_id: i64,
    pub body_name: String,
    pub signer: String,
    pub signed_at: i64,
    pub public_key: String,
    pub signature: String,
    /// Whether the signature verifies against the stored version with the key's public half.
    pub verifies: bool,
}

/// A signing key as the portal shows it (never its secret).
#[derive(Debug, Clone, Serialize)]
pub struct KeyView {
    pub id: i64,
    pub holder: String,
    pub body_name: String,
    pub public_key: String,
    pub created_at: i64,
    pub revoked: bool,
}

/// A fault `verify_signatures` found, naming the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureFault {
    pub record: String,
    pub reason: String,
}

impl std::fmt::Display for SignatureFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.record, self.reason)
    }
}

#[derive(Serialize)]
struct CanonicalItem {
    position: i64,
    content: String,
    lead: String,
    partners: Vec<String>,
    starts_on: String,
    ends_on: String,
}

#[derive(Serialize)]
struct CanonicalProgramme {
    unit: String,
    year: i32,
    version: i64,
    title: String,
    parties: Vec<String>,
    items: Vec<CanonicalItem>,
}

/// The canonical JSON of one version of a programme, from its parts.
pub fn canonical_json(
    unit: &AdminUnit,
    bodies: &[Body],
    programme: &Programme,
    version: i64,
    items: &[ProgrammeItem],
) -> Result<String> {
    let name = |id: i64| {
        bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let canonical = CanonicalProgramme {
        unit: unit.full_name(),
        year: programme.year.get(),
        version,
        title: programme.title.clone(),
        parties: programme.party_ids.iter().map(|id| name(*id)).collect(),
        items: items
            .iter()
            .map(|i| CanonicalItem {
                position: i.position,
                content: i.content.clone(),
                lead: name(i.lead_body_id),
                partners: i.partner_body_ids.iter().map(|id| name(*id)).collect(),
                starts_on: i.time_frame.starts_on.to_string(),
                ends_on: i.time_frame.ends_on.to_string(),
            })
            .collect(),
    };
    // serde_json::Value keeps object keys sorted, which the canonical form needs.
    Ok(to_json(&canonical)?.to_string())
}

fn verifies(public_hex: &str, signature_hex: &str, message: &str) -> bool {
    let key = hex::decode(public_hex)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let sig = hex::decode(signature_hex)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    match (key, sig) {
        (Some(k), Some(s)) => k.verify(message.as_bytes(), &s).is_ok(),
        _ => false,
    }
}

impl Store {
    /// The version number a programme is at.
    pub async fn programme_version(&self, programme_id: i64) -> Result<i64> {
        sqlx::query_scalar("SELECT version FROM programmes WHERE id = $1")
            .bind(programme_id)
            .fetch_optional(self.db_read())
            .await?
            .ok_or(StoreError::NotFound("chương trình"))
    }

    /// The canonical JSON of a programme's current content, as it would be signed now.
    pub async fn canonical_programme(&self, programme: &Programme) -> Result<String> {
        let unit = self.unit(programme.unit_id).await?;
        let bodies = self.bodies(programme.unit_id).await?;
        let items = self.items(programme.id).await?;
        let version = self.programme_version(programme.id).await?;
        canonical_json(&unit, &bodies, programme, version, &items)
    }

    /// The stored canonical JSON of a version that was signed.
    pub async fn signed_version(&self, programme_id: i64, version: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT canonical_json FROM programme_versions WHERE programme_id = $1 AND version = $2",
        )
        .bind(programme_id)
        .bind(version)
        .fetch_optional(self.db_read())
        .await?)
    }

    /// Every signature of a programme, all versions, each checked.
    pub async fn signatures(&self, programme_id: i64) -> Result<Vec<SignatureView>> {
        let rows = sqlx::query(
            "SELECT s.programme_id, s.version, s.body_id, b.name AS body_name, u.display_name, \
                    s.signed_at, k.public_key, s.signature, v.canonical_json \
             FROM programme_signatures s \
             JOIN bodies b ON b.id = s.body_id \
             JOIN users u ON u.id = s.user_id \
             JOIN signing_keys k ON k.id = s.key_id \
             LEFT JOIN programme_versions v ON v.programme_id = s.programme_id AND v.version = s.version \
             WHERE s.programme_id = $1 ORDER BY s.version DESC, b.position, b.id",
        )
        .bind(programme_id)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| {
                let public_key: String = r.try_get("public_key")?;
                let signature: String = r.try_get("signature")?;
                let message: Option<String> = r.try_get("canonical_json")?;
                Ok(SignatureView {
                    programme_id: r.try_get("programme_id")?,
                    version: r.try_get("version")?,
                    body_id: r.try_get("body_id")?,
                    body_name: r.try_get("body_name")?,
                    signer: r.try_get("display_name")?,
                    signed_at: r.try_get("signed_at")?,
                    verifies: message
                        .as_deref()
                        .is_some_and(|m| verifies(&public_key, &signature, m)),
                    public_key,
                    signature,
                })
            })
            .collect()
    }

    /// The programme a signature of a unit belongs to.
    pub async fn signature_programme(&self, unit_id: i64, id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT s.programme_id FROM programme_signatures s \
             JOIN programmes p ON p.id = s.programme_id WHERE s.id = $1 AND p.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?)
    }

    /// The public keys of a unit's signers, for the portal.
    pub async fn signing_keys(&self, unit_id: i64) -> Result<Vec<KeyView>> {
        let rows = sqlx::query(
            "SELECT k.id, u.display_name, b.name AS body_name, k.public_key, k.created_at, k.revoked_at \
             FROM signing_keys k JOIN users u ON u.id = k.user_id JOIN bodies b ON b.id = k.body_id \
             WHERE b.unit_id = $1 ORDER BY b.position, k.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeyView {
                    id: r.try_get("id")?,
                    holder: r.try_get("display_name")?,
                    body_name: r.try_get("body_name")?,
                    public_key: r.try_get("public_key")?,
                    created_at: r.try_get("created_at")?,
                    revoked: r.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
                })
            })
            .collect()
    }

    /// Check every signature against the version it signed, and every signed programme's current
    /// content against its signed version. Returns the faults, each naming its record.
    pub async fn verify_signatures(&self) -> Result<Vec<SignatureFault>> {
        let mut faults = Vec::new();
        let programme_ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT programme_id FROM programme_signatures ORDER BY programme_id",
        )
        .fetch_all(self.db_read())
        .await?;
        for pid in programme_ids {
            for s in self.signatures(pid).await? {
                if !s.verifies {
                    faults.push(SignatureFault {
                        record: format!(
                            "programme_signatures (programme {pid}, version {}, {})",
                            s.version, s.body_name
                        ),
                        reason: "the signature does not verify against the signed content".into(),
                    });
                }
            }
        }
        let unit_ids: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT unit_id FROM programmes")
            .fetch_all(self.db_read())
            .await?;
        for unit_id in unit_ids {
            let unit = self.unit(unit_id).await?.full_name();
            for p in self.programmes(unit_id).await? {
                if p.status == ProgrammeStatus::Draft {
                    continue;
                }
                let version = self.programme_version(p.id).await?;
                let Some(signed) = self.signed_version(p.id, version).await? else {
                    continue;
                };
                if signed != self.canonical_programme(&p).await? {
                    faults.push(SignatureFault {
                        record: format!(
                            "programmes {} (năm {}, version {version}) — đơn vị: {unit}",
                            p.id, p.year
                        ),
                        reason: "its content differs from the version its parties signed".into(),
                    });
                }
            }
        }
        Ok(faults)
    }
}

impl WriteTx {
    fn sealing_key(&self) -> Result<std::sync::Arc<MasterKey>> {
        self.master_key.clone().ok_or_else(|| {
            StoreError::Secrets(
                "máy chủ chưa có khóa chủ để niêm phong khóa ký (xem --key-file)".into(),
            )
        })
    }

    /// Create an Ed25519 key held for `user_id` to sign for `body_id`; returns its id and public key.
    pub async fn create_signing_key(
        &mut self,
        user_id: i64,
        body_id: i64,
    ) -> Result<(i64, String)> {
        let sealing = self.sealing_key()?;
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        let public = hex::encode(key.verifying_key().to_bytes());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO signing_keys (user_id, body_id, public_key, secret_key, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user_id)
        .bind(body_id)
        .bind(&public)
        .bind(sealing.seal(&key.to_bytes()))
        .bind(chrono::Utc::now().timestamp())
        .fetch_one(self.conn())
        .await?;
        let after =
            serde_json::json!({ "user_id": user_id, "body_id": body_id, "public_key": public });
        self.log(Entity::SigningKey, id, None, Some(&after)).await?;
        Ok((id, public))
    }

    /// Revoke a signing key: it signs nothing more, and what it signed still verifies.
    pub async fn revoke_signing_key(&mut self, key_id: i64) -> Result<()> {
        let row = sqlx::query(
            "SELECT user_id, body_id, public_key FROM signing_keys WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(key_id)
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound("khóa ký"))?;
        let before = serde_json::json!({
            "user_id": row.try_get::<i64, _>("user_id")?,
            "body_id": row.try_get::<i64, _>("body_id")?,
            "public_key": row.try_get::<String, _>("public_key")?,
        });
        let mut after = before.clone();
        after["revoked"] = true.into();
        sqlx::query("UPDATE signing_keys SET revoked_at = $1 WHERE id = $2")
            .bind(chrono::Utc::now().timestamp())
            .bind(key_id)
            .execute(self.conn())
            .await?;
        self.log(Entity::SigningKey, key_id, Some(&before), Some(&after))
            .await?;
        Ok(())
    }

    /// Sign the programme's current version for `body_id` with the key held for `user_id`, at
    /// `signed_at` (Unix seconds). `canonical` is `Store::canonical_programme` read before the write.
    /// When every party has signed, the programme becomes signed and immutable.
    pub async fn sign_programme(
        &mut self,
        programme: &Programme,
        version: i64,
        canonical: &str,
        body_id: i64,
        user_id: i64,
        signed_at: i64,
    ) -> Result<Programme> {
        if !programme.party_ids.contains(&body_id) {
            return Err(domain::ValidationError::single(
                "body_id",
                "Cơ quan này không phải là một bên của chương trình",
            )
            .into());
        }
        let stored: Option<String> = sqlx::query_scalar(
            "SELECT canonical_json FROM programme_versions WHERE programme_id = $1 AND version = $2",
        )
        .bind(programme.id)
        .bind(version)
        .fetch_optional(self.conn())
        .await?;
        match stored {
            Some(s) if s != canonical => {
                return Err(domain::ValidationError::single(
                    "programme",
                    "Nội dung chương trình đã thay đổi sau khi có bên ký; cần tạo phiên bản mới",
                )
                .into())
            }
            Some(_) => {}
            None => {
                sqlx::query(
                    "INSERT INTO programme_versions (programme_id, version, canonical_json, created_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(programme.id)
                .bind(version)
                .bind(canonical)
                .bind(signed_at)
                .execute(self.conn())
                .await?;
            }
        }
        let key = sqlx::query(
            "SELECT id, secret_key FROM signing_keys WHERE user_id = $1 AND body_id = $2 AND revoked_at IS NULL \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(body_id)
        .fetch_optional(self.conn())
        .await?
        .ok_or_else(|| {
            StoreError::Invalid(domain::ValidationError::single(
                "key",
                "Chưa có khóa ký cho người này và cơ quan này (tạo bằng lệnh: phoihop key create)",
            ))
        })?;
        let key_id: i64 = key.try_get("id")?;
        let stored: String = key.try_get("secret_key")?;
        let secret = if MasterKey::is_sealed(&stored) {
            self.sealing_key()?.open(&stored)?
        } else {
            // Kept in clear by an older phoihop, until `seal_plain_secrets` runs at start.
            hex::decode(&stored).unwrap_or_default()
        };
        let secret: [u8; 32] = secret.try_into().ok().ok_or(StoreError::Corrupt {
            table: "signing_keys",
            column: "secret_key",
            value: format!("key {key_id}"),
        })?;
        let signature = hex::encode(
            SigningKey::from_bytes(&secret)
                .sign(canonical.as_bytes())
                .to_bytes(),
        );
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO programme_signatures (programme_id, version, body_id, user_id, key_id, signed_at, signature) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(programme.id)
        .bind(version)
        .bind(body_id)
        .bind(user_id)
        .bind(key_id)
        .bind(signed_at)
        .bind(&signature)
        .fetch_one(self.conn())
        .await?;
        let after = serde_json::json!({
            "programme_id": programme.id, "version": version, "body_id": body_id,
            "user_id": user_id, "key_id": key_id, "signed_at": signed_at, "signature": signature,
        });
        self.log(Entity::ProgrammeSignature, id, None, Some(&after))
            .await?;

        let signed_bodies: Vec<i64> = sqlx::query_scalar(
            "SELECT body_id FROM programme_signatures WHERE programme_id = $1 AND version = $2",
        )
        .bind(programme.id)
        .bind(version)
        .fetch_all(self.conn())
        .await?;
        let all_signed = programme
            .party_ids
            .iter()
            .all(|p| signed_bodies.contains(p));
        if all_signed && programme.status == ProgrammeStatus::Draft {
            let day = domain::time::day_in_vietnam(domain::time::from_unix(signed_at));
            let after = Programme {
                status: programme
                    .status
                    .transition(ProgrammeStatus::Signed)
                    .map_err(|e| {
                        StoreError::Invalid(domain::ValidationError::single(
                            "status",
                            e.to_string(),
                        ))
                    })?,
                signed_on: Some(day),
                ..programme.clone()
            };
            self.update_programme(programme, &after).await?;
            return Ok(after);
        }
        Ok(programme.clone())
    }
}

impl Store {
    /// Seal the signing keys an older phoihop kept in clear; returns how many. Runs at start, so
    /// that no clear key outlives the upgrade.
    pub async fn seal_plain_secrets(&self) -> Result<usize> {
        let key = self.master_key()?;
        self.reseal(&key, true).await
    }

    /// Seal every signing key again with `new`, in one transaction: all or none. The caller keeps
    /// `new` where the server will read it before anything else uses the database.
    pub async fn rotate_master_key(&self, new: &MasterKey) -> Result<usize> {
        self.reseal(new, false).await
    }

    /// Seal the signing keys with `new` in one transaction (those kept in clear only, or all of
    /// them, opened with the current key); returns how many were written.
    async fn reseal(&self, new: &MasterKey, only_plain: bool) -> Result<usize> {
        let mut tx = self.db_write().begin().await?;
        let rows = sqlx::query("SELECT id, secret_key FROM signing_keys")
            .fetch_all(&mut *tx)
            .await?;
        let mut written = 0;
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let stored: String = row.try_get("secret_key")?;
            let sealed = MasterKey::is_sealed(&stored);
            if sealed && only_plain {
                continue;
            }
            let secret = if sealed {
                self.master_key()?.open(&stored)?
            } else {
                hex::decode(&stored).map_err(|_| StoreError::Corrupt {
                    table: "signing_keys",
                    column: "secret_key",
                    value: format!("key {id}"),
                })?
            };
            sqlx::query("UPDATE signing_keys SET secret_key = $1 WHERE id = $2")
                .bind(new.seal(&secret))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            written += 1;
        }
        tx.commit().await?;
        Ok(written)
    }

    /// What the database holds for a signing key's secret, as stored: for tests that look for
    /// secrets in clear.
    pub async fn stored_secret(&self, key_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT secret_key FROM signing_keys WHERE id = $1")
                .bind(key_id)
                .fetch_optional(self.db_read())
                .await?,
        )
    }
}

impl Store {
    /// Write a signing key's secret as phoihop did before secrets were sealed: for the tests of
    /// the upgrade only.
    #[doc(hidden)]
    pub async fn store_secret_as_an_older_version_did(
        &self,
        key_id: i64,
        stored: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE signing_keys SET secret_key = $1 WHERE id = $2")
            .bind(stored)
            .bind(key_id)
            .execute(self.db_write())
            .await?;
        Ok(())
    }
}
