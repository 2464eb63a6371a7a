//! Signing the programme: Ed25519 keys held for the heads of bodies, signatures over a canonical
//! serialisation of one version of a programme's content, and their verification.
//!
//! The canonical form is JSON with object keys sorted, no insignificant whitespace, and strings as
//! serde_json writes them: for our ASCII keys, integers and UTF-8 strings this is RFC 8785 (JCS).
//! It covers what the parties agree to (unit, year, title, parties, and each item's content, lead,
//! partners and time frame), not what changes during the year (an item's status or progress notes).

use domain::entity::Entity;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::changelog::to_json;
use crate::sealing::MasterKey;
use crate::{Result, Store, StoreError, WriteTx};
use domain::body::Body;
use domain::programme::{Programme, ProgrammeItem, ProgrammeStatus};
use domain::target::Target;
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

/// What the parties of a programme sign: its title and parties, and the agreed part of each item
/// (content, lead and partners, time frame) and of each target (name, measure, direction, plan).
/// What is reported during the year without an amendment (an item's status and progress notes, a
/// target's actual figure) is not part of it. Read back from a signed version, it is what the
/// portal shows as in force.
///
/// Form 2 names each item and target by id and carries the targets; form 1 (what phoihop signed
/// before) did neither, and its fields are left out when it is written again to be verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedContent {
    #[serde(default = "form_one", skip_serializing_if = "is_form_one")]
    pub form: u32,
    pub unit: String,
    pub year: i32,
    pub version: i64,
    pub title: String,
    pub parties: Vec<String>,
    pub items: Vec<SignedItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<SignedTarget>>,
}

fn form_one() -> u32 {
    1
}

fn is_form_one(form: &u32) -> bool {
    *form == 1
}

/// The form phoihop signs now.
pub const SIGNED_FORM: u32 = 2;

/// An item as it was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub position: i64,
    pub content: String,
    pub lead: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<i64>,
    pub partners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_ids: Option<Vec<i64>>,
    pub starts_on: String,
    pub ends_on: String,
}

/// A target as it was signed: what it measures and the plan; its actual figure is reported
/// against it during the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedTarget {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub measure: String,
    pub direction: String,
    pub plan: String,
}

impl SignedContent {
    /// One version of a programme's agreed content, in the form phoihop signs now (`form` 2), or
    /// as an older phoihop signed it (1: no ids, no targets), to verify what it signed.
    pub fn of(
        form: u32,
        unit: &AdminUnit,
        bodies: &[Body],
        programme: &Programme,
        version: i64,
        items: &[ProgrammeItem],
        targets: &[Target],
    ) -> Self {
        let name = |id: i64| {
            bodies
                .iter()
                .find(|b| b.id == id)
                .map(|b| b.name.clone())
                .unwrap_or_else(|| format!("#{id}"))
        };
        let now = form >= 2;
        Self {
            form,
            unit: unit.full_name(),
            year: programme.year.get(),
            version,
            title: programme.title.clone(),
            parties: programme.party_ids.iter().map(|id| name(*id)).collect(),
            items: items
                .iter()
                .map(|i| SignedItem {
                    id: now.then_some(i.id),
                    position: i.position,
                    content: i.content.clone(),
                    lead: name(i.lead_body_id),
                    lead_id: now.then_some(i.lead_body_id),
                    partners: i.partner_body_ids.iter().map(|id| name(*id)).collect(),
                    partner_ids: now.then(|| i.partner_body_ids.clone()),
                    starts_on: i.time_frame.starts_on.to_string(),
                    ends_on: i.time_frame.ends_on.to_string(),
                })
                .collect(),
            targets: now.then(|| {
                targets
                    .iter()
                    .map(|t| SignedTarget {
                        id: t.id,
                        position: t.position,
                        name: t.name.clone(),
                        measure: t.measure.clone(),
                        direction: t.direction.as_str().to_string(),
                        plan: t.plan.normalize().to_string(),
                    })
                    .collect()
            }),
        }
    }

    /// The canonical text that is signed: JSON with object keys sorted and no insignificant
    /// whitespace (RFC 8785 for what it holds).
    pub fn canonical(&self) -> Result<String> {
        // serde_json::Value keeps object keys sorted, which the canonical form needs.
        Ok(to_json(self)?.to_string())
    }

    /// Read a signed version's canonical text back.
    pub fn parse(canonical: &str) -> Result<Self> {
        serde_json::from_str(canonical).map_err(|e| StoreError::Corrupt {
            table: "programme_versions",
            column: "canonical_json",
            value: e.to_string(),
        })
    }

    /// Whether two versions agree on every term, whatever their numbers: an amendment that puts
    /// back what was signed changes nothing. Targets count when both versions carry them.
    pub fn same_terms(&self, other: &Self) -> bool {
        let terms = |i: &SignedItem| {
            (
                i.position,
                i.content.clone(),
                i.lead.clone(),
                i.partners.clone(),
                i.starts_on.clone(),
                i.ends_on.clone(),
            )
        };
        let targets_agree = match (&self.targets, &other.targets) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        self.title == other.title
            && self.parties == other.parties
            && self
                .items
                .iter()
                .map(terms)
                .eq(other.items.iter().map(terms))
            && targets_agree
    }
}

/// The canonical JSON of one version of a programme, in the form phoihop signs now.
pub fn canonical_json(
    unit: &AdminUnit,
    bodies: &[Body],
    programme: &Programme,
    version: i64,
    items: &[ProgrammeItem],
    targets: &[Target],
) -> Result<String> {
    SignedContent::of(
        SIGNED_FORM,
        unit,
        bodies,
        programme,
        version,
        items,
        targets,
    )
    .canonical()
}

/// A version every party signed: its number, when the last of them signed (Unix seconds), and
/// what it holds.
#[derive(Debug, Clone)]
pub struct SignedVersion {
    pub version: i64,
    pub completed_at: i64,
    pub content: SignedContent,
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

    /// A programme's current content as a version of a form: `form` 2 is what would be signed
    /// now; 1 is what an older phoihop signed, to compare with what it stored.
    async fn content_in_form(&self, programme: &Programme, form: u32) -> Result<SignedContent> {
        let unit = self.unit(programme.unit_id).await?;
        let bodies = self.bodies(programme.unit_id).await?;
        let items = self.items(programme.id).await?;
        let targets = self.targets(programme.id).await?;
        let version = self.programme_version(programme.id).await?;
        Ok(SignedContent::of(
            form, &unit, &bodies, programme, version, &items, &targets,
        ))
    }

    /// The canonical JSON of a programme's current content, as it would be signed now.
    pub async fn canonical_programme(&self, programme: &Programme) -> Result<String> {
        self.content_in_form(programme, SIGNED_FORM)
            .await?
            .canonical()
    }

    /// The programme's current content, in the form phoihop signs.
    pub async fn working_content(&self, programme: &Programme) -> Result<SignedContent> {
        self.content_in_form(programme, SIGNED_FORM).await
    }

    /// Give back its first signing day to a programme in force without one: an older phoihop
    /// cleared it when a change made the programme a draft again.
    pub(crate) async fn date_first_signings(&self) -> Result<()> {
        let rows = sqlx::query(
            "SELECT id, unit_id FROM programmes WHERE signed_version IS NOT NULL AND signed_on IS NULL",
        )
        .fetch_all(self.db_write())
        .await?;
        for r in rows {
            let (id, unit_id): (i64, i64) = (r.try_get("id")?, r.try_get("unit_id")?);
            let Some(p) = self.programme_by_id(unit_id, id).await? else {
                continue;
            };
            if let Some(first) = self.signed_versions(&p).await?.first() {
                let day = domain::time::day_in_vietnam(domain::time::from_unix(first.completed_at));
                sqlx::query("UPDATE programmes SET signed_on = $1 WHERE id = $2")
                    .bind(day.to_string())
                    .bind(id)
                    .execute(self.db_write())
                    .await?;
            }
        }
        Ok(())
    }

    /// The versions every party of the programme signed, oldest first, each with when it was
    /// complete and what it holds.
    pub async fn signed_versions(&self, programme: &Programme) -> Result<Vec<SignedVersion>> {
        let rows = sqlx::query(
            "SELECT s.version, s.body_id, s.signed_at, v.canonical_json FROM programme_signatures s \
             JOIN programme_versions v ON v.programme_id = s.programme_id AND v.version = s.version \
             WHERE s.programme_id = $1 ORDER BY s.version, s.signed_at",
        )
        .bind(programme.id)
        .fetch_all(self.db_read())
        .await?;
        let mut out: Vec<SignedVersion> = Vec::new();
        let mut signers: Vec<i64> = Vec::new();
        let mut last: Option<(i64, i64, String)> = None;
        let mut close = |last: Option<(i64, i64, String)>, signers: &[i64]| -> Result<()> {
            if let Some((version, at, text)) = last {
                if programme.party_ids.iter().all(|p| signers.contains(p)) {
                    out.push(SignedVersion {
                        version,
                        completed_at: at,
                        content: SignedContent::parse(&text)?,
                    });
                }
            }
            Ok(())
        };
        for r in &rows {
            let version: i64 = r.try_get("version")?;
            if last.as_ref().is_some_and(|(v, _, _)| *v != version) {
                close(last.take(), &signers)?;
                signers.clear();
            }
            signers.push(r.try_get("body_id")?);
            last = Some((
                version,
                r.try_get("signed_at")?,
                r.try_get("canonical_json")?,
            ));
        }
        close(last, &signers)?;
        Ok(out)
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
                // An amendment being drafted differs from what is in force, as it should; the
                // version in force is checked by its signatures above.
                let Some(version) = p.signed_version.filter(|v| *v == p.version) else {
                    continue;
                };
                let Some(signed) = self.signed_version(p.id, version).await? else {
                    continue;
                };
                let form = SignedContent::parse(&signed)?.form;
                if signed != self.content_in_form(&p, form).await?.canonical()? {
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
    /// The programme with its version and version in force as this write sees them: another
    /// writer may have opened or withdrawn an amendment since it was read.
    pub async fn refresh_versions(&mut self, programme: &Programme) -> Result<Programme> {
        let row = sqlx::query("SELECT version, signed_version FROM programmes WHERE id = $1")
            .bind(programme.id)
            .fetch_one(self.conn())
            .await?;
        Ok(Programme {
            version: row.try_get("version")?,
            signed_version: row.try_get("signed_version")?,
            ..programme.clone()
        })
    }

    /// Whether some party has signed the version of the programme being worked on.
    pub async fn version_has_signatures(&mut self, programme: &Programme) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_signatures WHERE programme_id = $1 AND version = $2",
        )
        .bind(programme.id)
        .bind(programme.version)
        .fetch_one(self.conn())
        .await?;
        Ok(n > 0)
    }

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
        if all_signed {
            // Every party signed this version: it is in force from now. The first signing makes
            // the programme signed, with its day; an amendment keeps the programme's status and
            // its first day, and has its own in its signatures.
            let day = domain::time::day_in_vietnam(domain::time::from_unix(signed_at));
            let status = if programme.status == ProgrammeStatus::Draft {
                programme
                    .status
                    .transition(ProgrammeStatus::Signed)
                    .map_err(|e| {
                        StoreError::Invalid(domain::ValidationError::single(
                            "status",
                            e.to_string(),
                        ))
                    })?
            } else {
                programme.status
            };
            let after = Programme {
                status,
                signed_on: programme.signed_on.or(Some(day)),
                signed_version: Some(version),
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
