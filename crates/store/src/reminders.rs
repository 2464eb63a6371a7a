//! The reminders recorded for bodies: one of each kind per body and day, whichever node records
//! it first; recorded before it is sent, so that nothing goes twice and the workspace shows it.

use chrono::NaiveDate;
use domain::entity::Entity;
use domain::reminder::ReminderKind;
use serde::Serialize;
use sqlx::Row;

use crate::decode::{self, iso};
use crate::{Result, Store, WriteTx};

/// A reminder digest as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Digest {
    pub id: i64,
    pub body_id: i64,
    pub day: NaiveDate,
    pub kind: ReminderKind,
    pub recipient: Option<String>,
    pub subject: String,
    pub text: String,
    pub delivered: bool,
}

impl Store {
    /// The newest reminder digests of a unit's bodies.
    pub async fn digests(&self, unit_id: i64, limit: i64) -> Result<Vec<Digest>> {
        let rows = sqlx::query(
            "SELECT d.id, d.body_id, d.day, d.kind, d.recipient, d.subject, d.text, d.delivered \
             FROM reminder_digests d JOIN bodies b ON b.id = d.body_id WHERE b.unit_id = $1 \
             ORDER BY d.day DESC, d.id DESC LIMIT $2",
        )
        .bind(unit_id)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?;
        rows.iter().map(digest_of).collect()
    }

    /// The reminders of a kind recorded on a day and not delivered yet, each with its body's
    /// unit: what the mailer still has to send.
    pub async fn undelivered(
        &self,
        day: NaiveDate,
        kind: ReminderKind,
    ) -> Result<Vec<(i64, Digest)>> {
        let rows = sqlx::query(
            "SELECT b.unit_id, d.id, d.body_id, d.day, d.kind, d.recipient, d.subject, d.text, \
             d.delivered FROM reminder_digests d JOIN bodies b ON b.id = d.body_id \
             WHERE d.day = $1 AND d.kind = $2 AND d.delivered = 0 AND d.recipient IS NOT NULL \
             ORDER BY d.id",
        )
        .bind(iso(day))
        .bind(kind.as_str())
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("unit_id")?, digest_of(r)?)))
            .collect()
    }
}

fn digest_of(r: &sqlx::any::AnyRow) -> Result<Digest> {
    let kind: String = r.try_get("kind")?;
    Ok(Digest {
        id: r.try_get("id")?,
        body_id: r.try_get("body_id")?,
        day: decode::date("reminder_digests", "day", r)?,
        kind: ReminderKind::parse(&kind).ok_or_else(|| crate::StoreError::Corrupt {
            table: "reminder_digests",
            column: "kind",
            value: kind.clone(),
        })?,
        recipient: r.try_get("recipient")?,
        subject: r.try_get("subject")?,
        text: r.try_get("text")?,
        delivered: decode::flag(r, "delivered")?,
    })
}

impl WriteTx {
    /// Record today's reminder of a kind for a body, unless one was already recorded (by this or
    /// another node): then `None`, and nothing is sent twice.
    pub async fn record_digest(
        &mut self,
        body_id: i64,
        day: NaiveDate,
        kind: ReminderKind,
        recipient: Option<&str>,
        subject: &str,
        text: &str,
    ) -> Result<Option<i64>> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO reminder_digests (body_id, day, kind, recipient, subject, text) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (body_id, day, kind) DO NOTHING RETURNING id",
        )
        .bind(body_id)
        .bind(iso(day))
        .bind(kind.as_str())
        .bind(recipient)
        .bind(subject)
        .bind(text)
        .fetch_optional(self.conn())
        .await?;
        if let Some(id) = id {
            let a = serde_json::json!({ "body_id": body_id, "day": iso(day), "kind": kind.as_str(), "recipient": recipient, "subject": subject });
            self.log(Entity::ReminderDigest, id, None, Some(&a)).await?;
        }
        Ok(id)
    }

    pub async fn mark_digest_delivered(&mut self, id: i64) -> Result<()> {
        sqlx::query("UPDATE reminder_digests SET delivered = 1 WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        let b = serde_json::json!({ "delivered": false });
        let a = serde_json::json!({ "delivered": true });
        self.log(Entity::ReminderDigest, id, Some(&b), Some(&a))
            .await?;
        Ok(())
    }
}
