//! Documents attached to a unit's articles, meetings and oversight activities, kept in the database
//! with the record they belong to. The change log records each by its hash, never its bytes.

use domain::entity::Entity;
use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store, WriteTx};

/// An attachment as the change log and the pages know it: everything but its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAttachment {
    pub id: i64,
    pub unit_id: i64,
    /// The record it is attached to.
    pub owner: Entity,
    pub owner_id: i64,
    /// What the link to it says.
    pub title: String,
    /// The file's name as it was uploaded.
    pub file_name: String,
    /// `pdf`, `docx` or `xlsx`, told from its content.
    pub kind: String,
    /// SHA-256 of the file, in hex.
    pub hash: String,
    pub size: i64,
}

/// A document to attach: the record, what it is, and its bytes.
pub struct NewAttachment<'a> {
    pub unit_id: i64,
    pub owner: Entity,
    pub owner_id: i64,
    pub title: &'a str,
    pub file_name: &'a str,
    pub kind: &'a str,
    pub hash: &'a str,
    pub bytes: &'a [u8],
}

const COLUMNS: &str = "id, unit_id, owner, owner_id, title, file_name, kind, hash, size";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredAttachment> {
    let owner: String = row.try_get("owner")?;
    Ok(StoredAttachment {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        owner: Entity::parse(&owner).ok_or(crate::StoreError::Corrupt {
            table: "attachments",
            column: "owner",
            value: owner.clone(),
        })?,
        owner_id: row.try_get("owner_id")?,
        title: row.try_get("title")?,
        file_name: row.try_get("file_name")?,
        kind: row.try_get("kind")?,
        hash: row.try_get("hash")?,
        size: row.try_get("size")?,
    })
}

impl WriteTx {
    /// Keep a document attached to a record, and log it.
    pub async fn insert_attachment(&mut self, new: &NewAttachment<'_>) -> Result<StoredAttachment> {
        let mut attachment = StoredAttachment {
            id: 0,
            unit_id: new.unit_id,
            owner: new.owner,
            owner_id: new.owner_id,
            title: new.title.to_string(),
            file_name: new.file_name.to_string(),
            kind: new.kind.to_string(),
            hash: new.hash.to_string(),
            size: new.bytes.len() as i64,
        };
        attachment.id = sqlx::query_scalar(
            "INSERT INTO attachments (unit_id, owner, owner_id, title, file_name, kind, hash, size, bytes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(new.owner.as_str())
        .bind(new.owner_id)
        .bind(new.title)
        .bind(new.file_name)
        .bind(new.kind)
        .bind(new.hash)
        .bind(attachment.size)
        .bind(new.bytes.to_vec())
        .fetch_one(self.conn())
        .await?;
        self.log_create(Entity::Attachment, attachment.id, &attachment)
            .await?;
        Ok(attachment)
    }
}

impl Store {
    /// A unit's attachment without its bytes.
    pub async fn attachment(&self, unit_id: i64, id: i64) -> Result<Option<StoredAttachment>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE unit_id = $1 AND id = $2 AND withdrawn_at IS NULL"
        ))
        .bind(unit_id)
        .bind(id)
        .fetch_optional(self.db_read())
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A unit's attachment whether or not it is withdrawn: what restoring it links again.
    pub async fn attachment_kept(&self, unit_id: i64, id: i64) -> Result<Option<StoredAttachment>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE unit_id = $1 AND id = $2"
        ))
        .bind(unit_id)
        .bind(id)
        .fetch_optional(self.db_read())
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The documents attached to one record of the unit and not withdrawn, oldest first.
    pub async fn attachments_of(
        &self,
        unit_id: i64,
        owner: Entity,
        owner_id: i64,
    ) -> Result<Vec<StoredAttachment>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM attachments \
             WHERE unit_id = $1 AND owner = $2 AND owner_id = $3 AND withdrawn_at IS NULL ORDER BY id"
        ))
        .bind(unit_id)
        .bind(owner.as_str())
        .bind(owner_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The bytes of a unit's attachment.
    pub async fn attachment_bytes(&self, unit_id: i64, id: i64) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query(
            "SELECT bytes FROM attachments WHERE unit_id = $1 AND id = $2 AND withdrawn_at IS NULL",
        )
        .bind(unit_id)
        .bind(id)
        .fetch_optional(self.db_read())
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get::<Vec<u8>, _>(0)?),
            None => None,
        })
    }
}
