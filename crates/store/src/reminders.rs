//! The reminder digests recorded for bodies: one per body per day, whichever node records it first.

use chrono::NaiveDate;
use domain::entity::Entity;
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
    pub recipient: Option<String>,
    pub subject: String,
    pub text: String,
    pub delivered: bool,
}

impl Store {
    /// The newest reminder digests of a unit's bodies.
    pub async fn digests(&self, unit_id: i64, limit: i64) -> Result<Vec<Digest>> {
        let rows = sqlx::query(
            "SELECT d.id, d.body_id, d.day, d.recipient, d.subject, d.text, d.delivered FROM reminder_digests d \
             JOIN bodies b ON b.id = d.body_id WHERE b.unit_id = $1 ORDER BY d.day DESC, d.id DESC LIMIT $2",
        )
        .bind(unit_id)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Digest {
                    id: r.try_get("id")?,
                    body_id: r.try_get("body_id")?,
                    day: decode::date("reminder_digests", "day", r)?,
                    recipient: r.try_get("recipient")?,
                    subject: r.try_get("subject")?,
                    text: r.try_get("text")?,
                    delivered: decode::flag(r, "delivered")?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// Record today's digest for a body, unless one was already recorded (by this or another node):
    /// then `None`, and nothing is sent twice.
    pub async fn record_digest(
        &mut self,
        body_id: i64,
        day: NaiveDate,
        recipient: Option<&str>,
        subject: &str,
        text: &str,
    ) -> Result<Option<i64>> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO reminder_digests (body_id, day, recipient, subject, text) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (body_id, day) DO NOTHING RETURNING id",
        )
        .bind(body_id)
        .bind(iso(day))
        .bind(recipient)
        .bind(subject)
        .bind(text)
        .fetch_optional(self.conn())
        .await?;
        if let Some(id) = id {
            let a = serde_json::json!({ "body_id": body_id, "day": iso(day), "recipient": recipient, "subject": subject });
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
