//! The indicator catalogue, the weights of units for a year, and the figures of the targets
//! linked to indicators, read for many units in one query: what a province's roll-up is made of.

use std::collections::HashMap;

use domain::entity::Entity;
use domain::indicator::{Combine, Indicator, IndicatorCode, IndicatorDraft};
use domain::programme::{ProgrammeStatus, Year};
use domain::target::Direction;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode;
use crate::unit_years::Units;
use crate::{Result, Store, StoreError, WriteTx};

/// What a unit's figure weighs in a mean across units, for a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitWeights {
    pub population: Option<Decimal>,
    pub households: Option<Decimal>,
}

/// A target of a unit's programme linked to an indicator, with what the read rule needs to know
/// of its programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTarget {
    pub indicator_id: i64,
    pub unit_id: i64,
    pub target_id: i64,
    pub plan: Decimal,
    pub actual: Option<Decimal>,
    pub programme_status: ProgrammeStatus,
    /// An earlier version of the programme was signed: it stays in force while amended.
    pub signed_before: bool,
}

const COLUMNS: &str = "id, unit_id, code, name, measure, direction, combine";

fn indicator_from_row(row: &AnyRow) -> Result<Indicator> {
    let code: String = row.try_get("code")?;
    Ok(Indicator {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        code: IndicatorCode::parse("code", &code).map_err(|_| StoreError::Corrupt {
            table: "indicators",
            column: "code",
            value: code,
        })?,
        name: row.try_get("name")?,
        measure: row.try_get("measure")?,
        direction: decode::code("indicators", "direction", row, Direction::parse)?,
        combine: decode::code("indicators", "combine", row, Combine::parse)?,
    })
}

/// `$1, $2, …` from `from`, for a list bound one value a place.
fn places(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The indicators kept by these units (a province and the units above it), and the national
    /// ones, by code.
    pub async fn indicators_kept_by(&self, keepers: &[i64]) -> Result<Vec<Indicator>> {
        let keepers_in = if keepers.is_empty() {
            String::new()
        } else {
            format!(" OR unit_id IN ({})", places(1, keepers.len()))
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM indicators WHERE unit_id IS NULL{keepers_in} ORDER BY code, id"
        );
        let mut query = sqlx::query(&sql);
        for k in keepers {
            query = query.bind(*k);
        }
        query
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(indicator_from_row)
            .collect()
    }

    /// One indicator kept by the unit `unit_id` (`None`: a national one), by id.
    pub async fn indicator(&self, unit_id: Option<i64>, id: i64) -> Result<Option<Indicator>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM indicators WHERE id = $1 AND COALESCE(unit_id, 0) = $2"
        ))
        .bind(id)
        .bind(unit_id.unwrap_or(0))
        .fetch_optional(self.db_read())
        .await?
        .as_ref()
        .map(indicator_from_row)
        .transpose()
    }

    /// How many targets, of any unit and year, count toward an indicator kept by `unit_id`
    /// (`None`: the installation).
    pub async fn targets_linked_to(&self, unit_id: Option<i64>, indicator_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM targets t JOIN indicators i ON i.id = t.indicator_id \
             WHERE i.id = $1 AND COALESCE(i.unit_id, 0) = $2",
        )
        .bind(indicator_id)
        .bind(unit_id.unwrap_or(0))
        .fetch_one(self.db_read())
        .await?)
    }

    /// The weights of these units for a year; a unit without any is absent.
    pub async fn unit_weights(
        &self,
        units: &[i64],
        year: Year,
    ) -> Result<HashMap<i64, UnitWeights>> {
        let units = Units::new(units);
        if units.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT unit_id, population, households FROM unit_weights WHERE year = $1{}",
            units.clause("unit_id")
        );
        let query = units.bind(sqlx::query(&sql).bind(i64::from(year.get())));
        let mut weights = HashMap::new();
        for row in query.fetch_all(self.db_read()).await? {
            let unit_id: i64 = row.try_get("unit_id")?;
            if units.wants(unit_id) {
                let w = UnitWeights {
                    population: decode::opt_decimal("unit_weights", "population", &row)?,
                    households: decode::opt_decimal("unit_weights", "households", &row)?,
                };
                weights.insert(unit_id, w);
            }
        }
        Ok(weights)
    }
}

impl WriteTx {
    /// A new indicator kept by `keeper` (`None`: a national one); a code the keeper already
    /// gave another is a field error.
    pub async fn insert_indicator(
        &mut self,
        keeper: Option<i64>,
        draft: &IndicatorDraft,
    ) -> Result<Indicator> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicators (unit_id, code, name, measure, direction, combine) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(keeper)
        .bind(draft.code.as_str())
        .bind(&draft.name)
        .bind(&draft.measure)
        .bind(draft.direction.as_str())
        .bind(draft.combine.as_str())
        .fetch_one(self.conn())
        .await
        .map_err(|e| code_taken(e.into(), &draft.code))?;
        let indicator = indicator_of(id, keeper, draft);
        self.log_create(Entity::Indicator, id, &indicator).await?;
        Ok(indicator)
    }

    /// The indicator as the draft says, logged with what it was.
    pub async fn update_indicator(
        &mut self,
        before: &Indicator,
        draft: &IndicatorDraft,
    ) -> Result<Indicator> {
        sqlx::query(
            "UPDATE indicators SET code = $1, name = $2, measure = $3, direction = $4, \
                    combine = $5 WHERE id = $6",
        )
        .bind(draft.code.as_str())
        .bind(&draft.name)
        .bind(&draft.measure)
        .bind(draft.direction.as_str())
        .bind(draft.combine.as_str())
        .bind(before.id)
        .execute(self.conn())
        .await
        .map_err(|e| code_taken(e.into(), &draft.code))?;
        let after = indicator_of(before.id, before.unit_id, draft);
        let (b, a) = (
            crate::changelog::to_json(before)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::Indicator, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    /// A unit's weights for a year, replacing what was there.
    pub async fn set_unit_weights(
        &mut self,
        unit_id: i64,
        year: Year,
        weights: UnitWeights,
    ) -> Result<()> {
        let year = i64::from(year.get());
        let before: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT population, households FROM unit_weights WHERE unit_id = $1 AND year = $2",
        )
        .bind(unit_id)
        .bind(year)
        .fetch_optional(self.conn())
        .await?;
        let text = |d: Option<Decimal>| d.map(|d| d.to_string());
        // One statement, so that two saves at once cannot both find the row missing.
        sqlx::query(
            "INSERT INTO unit_weights (unit_id, year, population, households) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, year) \
             DO UPDATE SET population = excluded.population, households = excluded.households",
        )
        .bind(unit_id)
        .bind(year)
        .bind(text(weights.population))
        .bind(text(weights.households))
        .execute(self.conn())
        .await?;
        let json = |population: Option<String>, households: Option<String>| {
            serde_json::json!({
                "unit_id": unit_id, "year": year,
                "population": population, "households": households,
            })
        };
        let after = json(text(weights.population), text(weights.households));
        let before = before.map(|(p, h)| json(p, h));
        // The log names a unit's weights by the unit, in the unit's own history (whoever
        // entered them, the province): one record a unit, its years in what the entries hold.
        let writer = self.unit_id;
        self.unit_id = Some(unit_id);
        let logged = self
            .log(Entity::UnitWeights, unit_id, before.as_ref(), Some(&after))
            .await;
        self.unit_id = writer;
        logged.map(drop)
    }

    /// Links a target of a unit to an indicator (or unlinks it), logged as a change of the
    /// target's link.
    pub async fn link_target(&mut self, target_id: i64, indicator_id: Option<i64>) -> Result<()> {
        let before: Option<Option<i64>> =
            sqlx::query_scalar("SELECT indicator_id FROM targets WHERE id = $1")
                .bind(target_id)
                .fetch_optional(self.conn())
                .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound("chỉ tiêu"));
        };
        if before == indicator_id {
            return Ok(());
        }
        // The index of migration 0014 holds one target of a programme to an indicator even when
        // two saves check at once; the second is told as the form's checks tell it.
        sqlx::query("UPDATE targets SET indicator_id = $1 WHERE id = $2")
            .bind(indicator_id)
            .bind(target_id)
            .execute(self.conn())
            .await
            .map_err(|e| {
                let e = StoreError::from(e);
                if e.is_unique_violation() {
                    domain::ValidationError::single(
                        "indicator_id",
                        "Một chỉ tiêu khác của chương trình đã liên kết với chỉ tiêu này trong danh mục",
                    )
                    .into()
                } else {
                    e
                }
            })?;
        let link = |indicator_id: Option<i64>| serde_json::json!({ "target_id": target_id, "indicator_id": indicator_id });
        self.log(
            Entity::IndicatorLink,
            target_id,
            Some(&link(before)),
            Some(&link(indicator_id)),
        )
        .await?;
        Ok(())
    }
}

impl Store {
    /// The indicators the targets of a unit's programme are linked to, by target.
    pub async fn target_links(&self, unit_id: i64, programme_id: i64) -> Result<HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT t.id, t.indicator_id FROM targets t JOIN programmes p ON p.id = t.programme_id \
             WHERE t.programme_id = $1 AND p.unit_id = $2 AND t.indicator_id IS NOT NULL",
        )
        .bind(programme_id)
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        Ok(rows.into_iter().collect())
    }
}

fn indicator_of(id: i64, keeper: Option<i64>, draft: &IndicatorDraft) -> Indicator {
    Indicator {
        id,
        unit_id: keeper,
        code: draft.code.clone(),
        name: draft.name.clone(),
        measure: draft.measure.clone(),
        direction: draft.direction,
        combine: draft.combine,
    }
}

/// A code the keeper already gave another indicator, as the field error a form shows.
fn code_taken(e: StoreError, code: &IndicatorCode) -> StoreError {
    if e.is_unique_violation() {
        domain::ValidationError::single("code", format!("Mã {code} đã dùng cho một chỉ tiêu khác"))
            .into()
    } else {
        e
    }
}
