//! Invitations to work in a unit: offered by its administrator to an account by name, accepted or
//! declined by the account's holder. Until accepted they grant nothing; accepting grants the role
//! in the same write that records the answer.

use domain::access::Role;
use domain::entity::Entity;
use serde::Serialize;
use sqlx::Row;

use crate::changelog::to_json;
use crate::{Result, Store, StoreError, WriteTx};

/// An invitation as its unit and its holder see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    pub id: i64,
    pub unit_id: i64,
    pub username: String,
    pub role: Role,
    pub invited_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    pub status: InvitationStatus,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
}

impl InvitationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "accepted" => Self::Accepted,
            "declined" => Self::Declined,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }
}

const COLUMNS: &str =
    "id, unit_id, username, role, body_id, invited_by, created_at, expires_at, status";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Invitation> {
    let code: String = row.try_get("role")?;
    let unit_id: i64 = row.try_get("unit_id")?;
    let role =
        Role::from_parts(&code, unit_id, row.try_get("body_id")?).ok_or(StoreError::Corrupt {
            table: "invitations",
            column: "role",
            value: code,
        })?;
    let status: String = row.try_get("status")?;
    Ok(Invitation {
        id: row.try_get("id")?,
        unit_id,
        username: row.try_get("username")?,
        role,
        invited_by: row.try_get("invited_by")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        status: InvitationStatus::parse(&status).ok_or(StoreError::Corrupt {
            table: "invitations",
            column: "status",
            value: status,
        })?,
    })
}

impl Store {
    /// The invitations waiting for an account's answer, oldest first: those not yet expired.
    pub async fn pending_invitations_for(
        &self,
        username: &str,
        now: i64,
    ) -> Result<Vec<Invitation>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invitations \
             WHERE username = $1 AND status = 'pending' AND expires_at > $2 ORDER BY id"
        ))
        .bind(username)
        .bind(now)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// A unit's invitations still waiting for an answer, oldest first.
    pub async fn pending_invitations_of(&self, unit_id: i64, now: i64) -> Result<Vec<Invitation>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invitations \
             WHERE unit_id = $1 AND status = 'pending' AND expires_at > $2 ORDER BY id"
        ))
        .bind(unit_id)
        .bind(now)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}

impl WriteTx {
    /// Offer a role in a unit to the account of that name, whether or not one exists.
    pub async fn insert_invitation(
        &mut self,
        username: &str,
        role: &Role,
        valid_seconds: i64,
    ) -> Result<Invitation> {
        let unit_id = role
            .unit_id()
            .ok_or(StoreError::NotFound("đơn vị của vai trò"))?;
        let now = chrono::Utc::now().timestamp();
        let invited_by = self.actor().to_string();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invitations (unit_id, username, role, body_id, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(unit_id)
        .bind(username)
        .bind(role.code())
        .bind(role.body_id())
        .bind(&invited_by)
        .bind(now)
        .bind(now + valid_seconds)
        .fetch_one(self.conn())
        .await?;
        let invitation = Invitation {
            id,
            unit_id,
            username: username.to_string(),
            role: *role,
            invited_by,
            created_at: now,
            expires_at: now + valid_seconds,
            status: InvitationStatus::Pending,
        };
        self.log_create(Entity::Invitation, id, &invitation).await?;
        Ok(invitation)
    }

    /// The invitation as this write sees it, locked against a second answer given at once: only a
    /// pending one is returned.
    pub async fn pending_invitation(&mut self, id: i64, now: i64) -> Result<Option<Invitation>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invitations WHERE id = $1 AND status = 'pending' AND expires_at > $2"
        ))
        .bind(id)
        .bind(now)
        .fetch_optional(self.conn())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Record the answer to a pending invitation (or its withdrawal by the unit).
    pub async fn decide_invitation(
        &mut self,
        invitation: &Invitation,
        status: InvitationStatus,
    ) -> Result<Invitation> {
        sqlx::query("UPDATE invitations SET status = $1, decided_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(chrono::Utc::now().timestamp())
            .bind(invitation.id)
            .execute(self.conn())
            .await?;
        let after = Invitation {
            status,
            ..invitation.clone()
        };
        self.log(
            Entity::Invitation,
            invitation.id,
            Some(&to_json(invitation)?),
            Some(&to_json(&after)?),
        )
        .await?;
        Ok(after)
    }
}
