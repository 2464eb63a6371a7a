//! Administrative units: the tree, their slugs and host names, who succeeded whom, the settings
//! of each unit, and the installation's own settings (its default unit).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::entity::Entity;
use domain::unit::{AdminUnit, Succession, UnitLevel};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::changelog::to_json;
use crate::decode::{self, iso, opt_iso};
use crate::{Result, Store, StoreError, WriteTx};

/// The fields of a new unit; its slug is chosen on insert, unique in the installation.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub level: UnitLevel,
    pub parent_id: Option<i64>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub host: Option<String>,
}

const COLUMNS: &str = "id, code, name, kind, level, parent_id, valid_from, valid_to, slug, host";

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
        slug: row
            .try_get::<Option<String>, _>("slug")?
            .unwrap_or_default(),
        host: row.try_get("host")?,
    })
}

/// The installation's setting that names the unit its unprefixed addresses serve.
pub const DEFAULT_UNIT: &str = "default_unit_id";

impl Store {
    pub async fn unit(&self, id: i64) -> Result<AdminUnit> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM units WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.db_read())
            .await?
            .ok_or(StoreError::NotFound("đơn vị hành chính"))?;
        from_row(&row)
    }

    /// Every unit of the installation, in the order they were created.
    pub async fn units(&self) -> Result<Vec<AdminUnit>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM units ORDER BY id"))
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// Every succession of units, by effective date.
    pub async fn successions(&self) -> Result<Vec<Succession>> {
        sqlx::query(
            "SELECT predecessor_id, successor_id, effective_on FROM unit_successions \
             ORDER BY effective_on, predecessor_id, successor_id",
        )
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|r| {
            Ok(Succession {
                predecessor_id: r.try_get("predecessor_id")?,
                successor_id: r.try_get("successor_id")?,
                effective_on: decode::date("unit_successions", "effective_on", r)?,
            })
        })
        .collect()
    }

    /// The unit the installation's unprefixed addresses serve, if one is set.
    pub async fn default_unit_id(&self) -> Result<Option<i64>> {
        match self.setting(DEFAULT_UNIT).await? {
            None => Ok(None),
            Some(id) => id.parse().map(Some).map_err(|_| StoreError::Corrupt {
                table: "settings",
                column: "value",
                value: id,
            }),
        }
    }

    /// The installation's default unit.
    pub async fn default_unit(&self) -> Result<AdminUnit> {
        let id = self
            .default_unit_id()
            .await?
            .ok_or(StoreError::NotFound("đơn vị mặc định của hệ thống"))?;
        self.unit(id).await
    }

    /// A setting of a unit, such as the number and symbol its documents carry.
    pub async fn unit_setting(&self, unit_id: i64, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar::<_, String>(
            "SELECT value FROM unit_settings WHERE unit_id = $1 AND key = $2",
        )
        .bind(unit_id)
        .bind(key)
        .fetch_optional(self.db_read())
        .await?)
    }

    /// Every setting of a unit, by key.
    pub async fn unit_settings(&self, unit_id: i64) -> Result<BTreeMap<String, String>> {
        sqlx::query("SELECT key, value FROM unit_settings WHERE unit_id = $1")
            .bind(unit_id)
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("key")?, r.try_get("value")?)))
            .collect()
    }

    /// Give every unit without a slug one (units created before slugs existed), logged as any
    /// change is. Run after the migrations.
    pub async fn assign_unit_slugs(&self) -> Result<()> {
        let missing: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM units WHERE slug IS NULL ORDER BY id")
                .fetch_all(self.db_read())
                .await?;
        if missing.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin("system").await?;
        for id in missing {
            let before = self.unit(id).await?;
            let slug = tx
                .free_unit_slug(&before.kind, &before.name, before.parent_id)
                .await?;
            sqlx::query("UPDATE units SET slug = $1 WHERE id = $2")
                .bind(&slug)
                .bind(id)
                .execute(tx.conn())
                .await?;
            let after = AdminUnit {
                slug,
                ..before.clone()
            };
            tx.log(
                Entity::Unit,
                id,
                Some(&to_json(&before)?),
                Some(&to_json(&after)?),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every unit's settings at once, for the directory kept in memory.
    pub async fn all_unit_settings(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(
            sqlx::query_as("SELECT unit_id, key, value FROM unit_settings ORDER BY unit_id, key")
                .fetch_all(self.db_read())
                .await?,
        )
    }
}

impl WriteTx {
    /// A slug for a unit that no other unit has, with the province's name added when needed.
    async fn free_unit_slug(
        &mut self,
        kind: &str,
        name: &str,
        parent_id: Option<i64>,
    ) -> Result<String> {
        let taken: Vec<String> =
            sqlx::query_scalar("SELECT slug FROM units WHERE slug IS NOT NULL")
                .fetch_all(self.conn())
                .await?;
        // The province: the top of the unit's tree.
        let mut province = None;
        let mut next = parent_id;
        while let Some(id) = next {
            let row = sqlx::query("SELECT name, parent_id FROM units WHERE id = $1")
                .bind(id)
                .fetch_one(self.conn())
                .await?;
            province = Some(row.try_get::<String, _>("name")?);
            next = row.try_get("parent_id")?;
        }
        Ok(domain::unit::unique_slug(
            &domain::unit::base_slug(kind, name),
            province.as_deref(),
            |s| taken.iter().any(|t| t == s),
        ))
    }

    pub async fn insert_unit(&mut self, new: &NewUnit) -> Result<AdminUnit> {
        let slug = self
            .free_unit_slug(&new.kind, &new.name, new.parent_id)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (code, name, kind, level, parent_id, valid_from, valid_to, slug, host) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&new.code)
        .bind(&new.name)
        .bind(&new.kind)
        .bind(new.level.as_str())
        .bind(new.parent_id)
        .bind(iso(new.valid_from))
        .bind(opt_iso(new.valid_to))
        .bind(&slug)
        .bind(&new.host)
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
            slug,
            host: new.host.clone(),
        };
        self.log_create(Entity::Unit, id, &unit).await?;
        Ok(unit)
    }

    /// Change what may change of a unit once created: its name, its host name, its first day (a
    /// correction) and its last.
    pub async fn update_unit(&mut self, before: &AdminUnit, after: &AdminUnit) -> Result<()> {
        sqlx::query(
            "UPDATE units SET host = $1, valid_to = $2, name = $3, valid_from = $4 WHERE id = $5",
        )
        .bind(&after.host)
        .bind(opt_iso(after.valid_to))
        .bind(&after.name)
        .bind(crate::decode::iso(after.valid_from))
        .bind(before.id)
        .execute(self.conn())
        .await?;
        self.log(
            Entity::Unit,
            before.id,
            Some(&to_json(before)?),
            Some(&to_json(after)?),
        )
        .await?;
        Ok(())
    }

    /// Record that `successor` took over the affairs of `predecessor` from a day.
    pub async fn add_succession(&mut self, s: &Succession) -> Result<()> {
        sqlx::query(
            "INSERT INTO unit_successions (predecessor_id, successor_id, effective_on) VALUES ($1, $2, $3)",
        )
        .bind(s.predecessor_id)
        .bind(s.successor_id)
        .bind(iso(s.effective_on))
        .execute(self.conn())
        .await?;
        self.log_create(Entity::UnitSuccession, s.predecessor_id, s)
            .await
            .map(|_| ())
    }

    /// Set an installation setting, logged like any other change.
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

    /// Set, or with an empty value remove, a setting of a unit, logged like any other change.
    pub async fn set_unit_setting(&mut self, unit_id: i64, key: &str, value: &str) -> Result<()> {
        let before: Option<String> =
            sqlx::query_scalar("SELECT value FROM unit_settings WHERE unit_id = $1 AND key = $2")
                .bind(unit_id)
                .bind(key)
                .fetch_optional(self.conn())
                .await?;
        if before.as_deref() == Some(value) || (before.is_none() && value.is_empty()) {
            return Ok(());
        }
        if value.is_empty() {
            sqlx::query("DELETE FROM unit_settings WHERE unit_id = $1 AND key = $2")
                .bind(unit_id)
                .bind(key)
                .execute(self.conn())
                .await?;
        } else {
            sqlx::query(
                "INSERT INTO unit_settings (unit_id, key, value) VALUES ($1, $2, $3) \
                 ON CONFLICT (unit_id, key) DO UPDATE SET value = excluded.value",
            )
            .bind(unit_id)
            .bind(key)
            .bind(value)
            .execute(self.conn())
            .await?;
        }
        let json = |v: &str| serde_json::json!({ "unit_id": unit_id, "key": key, "value": v });
        self.log(
            Entity::Setting,
            unit_id,
            before.as_deref().map(json).as_ref(),
            (!value.is_empty()).then(|| json(value)).as_ref(),
        )
        .await?;
        Ok(())
    }
}
