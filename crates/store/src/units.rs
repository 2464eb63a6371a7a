//! Administrative units: reading the tree and adding to it, and the settings that name the portal's unit.

use chrono::NaiveDate;
use domain::entity::Entity;
use domain::unit::{AdminUnit, UnitLevel};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode::{self, iso, opt_iso};
use crate::{Result, Store, StoreError, WriteTx};

/// The fields of a new unit.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub level: UnitLevel,
    pub parent_id: Option<i64>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

const COLUMNS: &str = "id, code, name, kind, level, parent_id, valid_from, valid_to, successor_id";

fn from_row(row: &AnyRow) -> Result<AdminUnit> {
    Ok(AdminUnit {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        kind: row.try_get("kind")?,
        level: decode::code("units", "level", row, UnitLevel::parse)?,
        parent_id: row.try_get("parent_id")?,
        valid_from: decode::date("units", "valid_from", row)?,
        valid_to: decode::opt_date("units", "valid_to", row)?,
        successor_id: row.try_get("successor_id")?,
    })
}

/// The setting that names the unit whose portal this server is.
pub const PORTAL_UNIT: &str = "portal_unit_id";

impl Store {
    pub async fn unit(&self, id: i64) -> Result<AdminUnit> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM units WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.db_read())
            .await?
            .ok_or(StoreError::NotFound("đơn vị hành chính"))?;
        from_row(&row)
    }

    pub async fn units(&self) -> Result<Vec<AdminUnit>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM units ORDER BY id"))
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// The unit whose portal this is, as the setting names it.
    pub async fn portal_unit(&self) -> Result<AdminUnit> {
        let id = self
            .setting(PORTAL_UNIT)
            .await?
            .ok_or(StoreError::NotFound("đơn vị của cổng thông tin"))?;
        let id = id.parse().map_err(|_| StoreError::Corrupt {
            table: "settings",
            column: "value",
            value: id,
        })?;
        self.unit(id).await
    }
}

impl WriteTx {
    pub async fn insert_unit(&mut self, new: &NewUnit) -> Result<AdminUnit> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (code, name, kind, level, parent_id, valid_from, valid_to) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&new.code)
        .bind(&new.name)
        .bind(&new.kind)
        .bind(new.level.as_str())
        .bind(new.parent_id)
        .bind(iso(new.valid_from))
        .bind(opt_iso(new.valid_to))
        .fetch_one(self.conn())
        .await?;
        let unit = AdminUnit {
            id,
            code: new.code.clone(),
            name: new.name.clone(),
            kind: new.kind.clone(),
            level: new.level,
            parent_id: new.parent_id,
            valid_from: new.valid_from,
            valid_to: new.valid_to,
            successor_id: None,
        };
        self.log_create(Entity::Unit, id, &unit).await?;
        Ok(unit)
    }

    /// Record that `unit` ended and `successor` took over its affairs.
    pub async fn set_successor(&mut self, unit: &AdminUnit, successor_id: i64) -> Result<()> {
        sqlx::query("UPDATE units SET successor_id = $1 WHERE id = $2")
            .bind(successor_id)
            .bind(unit.id)
            .execute(self.conn())
            .await?;
        let after = AdminUnit {
            successor_id: Some(successor_id),
            ..unit.clone()
        };
        let (before, after) = (
            crate::changelog::to_json(unit)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::Unit, unit.id, Some(&before), Some(&after))
            .await?;
        Ok(())
    }

    /// Set a configuration value, logged like any other change.
    pub async fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let before: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(self.conn())
                .await?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(self.conn())
        .await?;
        let json = |v: &str| serde_json::json!({ "key": key, "value": v });
        self.log(
            Entity::Setting,
            0,
            before.as_deref().map(json).as_ref(),
            Some(&json(value)),
        )
        .await?;
        Ok(())
    }
}
