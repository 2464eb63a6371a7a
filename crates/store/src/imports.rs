//! What a bulk import needs of the store beyond single inserts: where appended rows start, and
//! the uploaded files that wait, in the database where every node finds them, for the person to
//! confirm what the preview showed.

use sqlx::Row;

use crate::accounts::{random_secret, sha256_hex};
use crate::{Result, Store};

/// An uploaded file waiting for its confirmation: who sent it, and what for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StashedUpload {
    pub user_id: i64,
    /// What it may be confirmed for ("programme/kind/reporting body", "units").
    pub purpose: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The lists of a programme that rows are appended to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positioned {
    Targets,
    Items,
}

impl Store {
    /// One past the highest position of a programme's targets or items.
    pub async fn next_position(&self, list: Positioned, programme_id: i64) -> Result<i64> {
        let table = match list {
            Positioned::Targets => "targets",
            Positioned::Items => "programme_items",
        };
        let max: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT MAX(position) FROM {table} WHERE programme_id = $1"
        ))
        .bind(programme_id)
        .fetch_one(self.db_read())
        .await?;
        Ok(max.unwrap_or(0) + 1)
    }

    /// Keep an upload under a new random token, removing those older than `ttl_seconds` that were
    /// never confirmed. The token is returned once; the table holds only its hash.
    pub async fn stash_upload(&self, upload: &StashedUpload, ttl_seconds: i64) -> Result<String> {
        let token = random_secret();
        self.restash_upload(&token, upload, ttl_seconds).await?;
        Ok(token)
    }

    /// Keep an upload under a token it was taken back from, for a confirmation still to come.
    pub async fn restash_upload(
        &self,
        token: &str,
        upload: &StashedUpload,
        ttl_seconds: i64,
    ) -> Result<()> {
        let now = chrono::Utc::now().timestamp();
        let mut tx = self.db_write().begin().await?;
        sqlx::query("DELETE FROM upload_stash WHERE created_at < $1")
            .bind(now - ttl_seconds)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO upload_stash (token_hash, user_id, purpose, file_name, created_at, bytes) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(sha256_hex(token))
        .bind(upload.user_id)
        .bind(&upload.purpose)
        .bind(&upload.file_name)
        .bind(now)
        .bind(&upload.bytes)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Take an upload back, once, if it is younger than `ttl_seconds`: it is removed whatever
    /// happens next, and of two nodes taking the same token only one gets it.
    pub async fn take_upload(
        &self,
        token: &str,
        ttl_seconds: i64,
    ) -> Result<Option<StashedUpload>> {
        let row = sqlx::query(
            "DELETE FROM upload_stash WHERE token_hash = $1 \
             RETURNING user_id, purpose, file_name, created_at, bytes",
        )
        .bind(sha256_hex(token))
        .fetch_optional(self.db_write())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let created_at: i64 = row.try_get("created_at")?;
        if created_at < chrono::Utc::now().timestamp() - ttl_seconds {
            return Ok(None);
        }
        Ok(Some(StashedUpload {
            user_id: row.try_get("user_id")?,
            purpose: row.try_get("purpose")?,
            file_name: row.try_get("file_name")?,
            bytes: row.try_get("bytes")?,
        }))
    }
}
