//! Targets (chỉ tiêu) and budget lines of a programme: plan and actual, read in one query each.

use domain::entity::Entity;
use domain::target::{evaluate, BudgetLine, Direction, Target};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode;
use crate::{Result, Store, WriteTx};

/// The fields of a new target.
#[derive(Debug, Clone)]
pub struct NewTarget {
    pub name: String,
    pub measure: String,
    pub direction: Direction,
    pub plan: Decimal,
    pub actual: Option<Decimal>,
    pub reporting_body_id: Option<i64>,
    pub illustrative: bool,
    pub note: Option<String>,
}

impl NewTarget {
    /// The verdict kept beside the figures, for the roll-ups to count in the database.
    fn verdict(&self) -> &'static str {
        evaluate(self.direction, self.plan, self.actual).as_str()
    }
}

/// The fields of a new budget line.
#[derive(Debug, Clone)]
pub struct NewBudgetLine {
    pub name: String,
    pub estimate: Decimal,
    pub actual: Option<Decimal>,
    pub illustrative: bool,
}

fn target_from_row(row: &AnyRow) -> Result<Target> {
    Ok(Target {
        id: row.try_get("id")?,
        programme_id: row.try_get("programme_id")?,
        position: row.try_get("position")?,
        code: row
            .try_get::<Option<String>, _>("code")?
            .unwrap_or_default(),
        name: row.try_get("name")?,
        measure: row.try_get("measure")?,
        direction: decode::code("targets", "direction", row, Direction::parse)?,
        plan: decode::decimal("targets", "plan", row)?,
        actual: decode::opt_decimal("targets", "actual", row)?,
        reporting_body_id: row.try_get("reporting_body_id")?,
        illustrative: decode::flag(row, "illustrative")?,
        note: row.try_get("note")?,
    })
}

impl Store {
    /// The programme a budget line of a unit belongs to.
    pub async fn budget_line_programme(&self, unit_id: i64, id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT l.programme_id FROM budget_lines l JOIN programmes p ON p.id = l.programme_id \
             WHERE l.id = $1 AND p.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?)
    }

    pub async fn targets(&self, programme_id: i64) -> Result<Vec<Target>> {
        let mut conn = self.db_read().acquire().await?;
        load_targets(&mut conn, programme_id).await
    }

    pub async fn budget_lines(&self, programme_id: i64) -> Result<Vec<BudgetLine>> {
        sqlx::query(
            "SELECT id, programme_id, position, name, estimate, actual, illustrative \
             FROM budget_lines WHERE programme_id = $1 ORDER BY position, id",
        )
        .bind(programme_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|row| {
            Ok(BudgetLine {
                id: row.try_get("id")?,
                programme_id: row.try_get("programme_id")?,
                position: row.try_get("position")?,
                name: row.try_get("name")?,
                estimate: decode::decimal("budget_lines", "estimate", row)?,
                actual: decode::opt_decimal("budget_lines", "actual", row)?,
                illustrative: decode::flag(row, "illustrative")?,
            })
        })
        .collect()
    }

    /// Judge the targets written before their verdict was kept beside them, in one transaction:
    /// what migration 0016 leaves to the store.
    pub(crate) async fn judge_targets(&self) -> Result<()> {
        let rows =
            sqlx::query("SELECT id, direction, plan, actual FROM targets WHERE verdict IS NULL")
                .fetch_all(self.db_write())
                .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.db_write().begin().await?;
        for row in &rows {
            let direction = decode::code("targets", "direction", row, Direction::parse)?;
            let plan = decode::decimal("targets", "plan", row)?;
            let actual = decode::opt_decimal("targets", "actual", row)?;
            sqlx::query("UPDATE targets SET verdict = $1 WHERE id = $2")
                .bind(evaluate(direction, plan, actual).as_str())
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One target of a unit's programme by id.
    pub async fn target(&self, unit_id: i64, id: i64) -> Result<Option<Target>> {
        sqlx::query(
            "SELECT t.id, t.programme_id, t.position, t.code, t.name, t.measure, t.direction, \
                    t.plan, t.actual, t.reporting_body_id, t.illustrative, t.note \
             FROM targets t JOIN programmes p ON p.id = t.programme_id \
             WHERE t.id = $1 AND p.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?
        .as_ref()
        .map(target_from_row)
        .transpose()
    }
}

/// The code a target is given when the unit gives none: "CT" and its position ("CT07"), or the
/// first free one after it when another target holds that code already.
pub fn free_code(position: i64, taken: impl Fn(&str) -> bool) -> String {
    let base = format!("CT{position:02}");
    std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|c| !taken(&c.to_uppercase()))
        .unwrap_or(base)
}

impl WriteTx {
    /// A new target, under a code of its own (see [`free_code`]).
    pub async fn insert_target(
        &mut self,
        programme_id: i64,
        position: i64,
        new: &NewTarget,
    ) -> Result<Target> {
        let taken: Vec<String> = sqlx::query_scalar(
            "SELECT code FROM targets WHERE programme_id = $1 AND code IS NOT NULL",
        )
        .bind(programme_id)
        .fetch_all(self.conn())
        .await?;
        let taken: std::collections::HashSet<String> =
            taken.into_iter().map(|c| c.to_uppercase()).collect();
        let code = free_code(position, |c| taken.contains(c));
        self.insert_target_coded(programme_id, position, &code, new)
            .await
    }

    /// A new target under the given code, which no other target of the programme holds.
    pub async fn insert_target_coded(
        &mut self,
        programme_id: i64,
        position: i64,
        code: &str,
        new: &NewTarget,
    ) -> Result<Target> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO targets (programme_id, position, code, name, measure, direction, plan, \
                                  actual, reporting_body_id, illustrative, note, verdict) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(programme_id)
        .bind(position)
        .bind(code)
        .bind(&new.name)
        .bind(&new.measure)
        .bind(new.direction.as_str())
        .bind(new.plan.to_string())
        .bind(new.actual.map(|a| a.to_string()))
        .bind(new.reporting_body_id)
        .bind(i64::from(new.illustrative))
        .bind(&new.note)
        .bind(new.verdict())
        .fetch_one(self.conn())
        .await?;
        let target = Target {
            id,
            programme_id,
            position,
            code: code.to_string(),
            name: new.name.clone(),
            measure: new.measure.clone(),
            direction: new.direction,
            plan: new.plan,
            actual: new.actual,
            reporting_body_id: new.reporting_body_id,
            illustrative: new.illustrative,
            note: new.note.clone(),
        };
        self.log_create(Entity::Target, id, &target).await?;
        Ok(target)
    }

    /// Change a target's actual value, logging the value before and after.
    pub async fn set_target_actual(
        &mut self,
        target: &Target,
        actual: Option<Decimal>,
    ) -> Result<Target> {
        sqlx::query("UPDATE targets SET actual = $1, verdict = $2 WHERE id = $3")
            .bind(actual.map(|a| a.to_string()))
            .bind(evaluate(target.direction, target.plan, actual).as_str())
            .bind(target.id)
            .execute(self.conn())
            .await?;
        let after = Target {
            actual,
            ..target.clone()
        };
        let (b, a) = (
            crate::changelog::to_json(target)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::Target, target.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    pub async fn insert_budget_line(
        &mut self,
        programme_id: i64,
        position: i64,
        new: &NewBudgetLine,
    ) -> Result<BudgetLine> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO budget_lines (programme_id, position, name, estimate, actual, illustrative) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(programme_id)
        .bind(position)
        .bind(&new.name)
        .bind(new.estimate.to_string())
        .bind(new.actual.map(|a| a.to_string()))
        .bind(i64::from(new.illustrative))
        .fetch_one(self.conn())
        .await?;
        let line = BudgetLine {
            id,
            programme_id,
            position,
            name: new.name.clone(),
            estimate: new.estimate,
            actual: new.actual,
            illustrative: new.illustrative,
        };
        self.log_create(Entity::BudgetLine, id, &line).await?;
        Ok(line)
    }

    /// Change a target's definition and values.
    pub async fn update_target(&mut self, before: &Target, new: &NewTarget) -> Result<Target> {
        self.update_target_coded(before, &before.code, new).await
    }

    /// Change a target and its code, which no other target of the programme holds.
    pub async fn update_target_coded(
        &mut self,
        before: &Target,
        code: &str,
        new: &NewTarget,
    ) -> Result<Target> {
        sqlx::query(
            "UPDATE targets SET name = $1, measure = $2, direction = $3, plan = $4, actual = $5, \
                    reporting_body_id = $6, note = $7, code = $8, verdict = $9 WHERE id = $10",
        )
        .bind(&new.name)
        .bind(&new.measure)
        .bind(new.direction.as_str())
        .bind(new.plan.to_string())
        .bind(new.actual.map(|a| a.to_string()))
        .bind(new.reporting_body_id)
        .bind(&new.note)
        .bind(code)
        .bind(new.verdict())
        .bind(before.id)
        .execute(self.conn())
        .await?;
        let after = Target {
            code: code.to_string(),
            name: new.name.clone(),
            measure: new.measure.clone(),
            direction: new.direction,
            plan: new.plan,
            actual: new.actual,
            reporting_body_id: new.reporting_body_id,
            note: new.note.clone(),
            ..before.clone()
        };
        let (b, a) = (
            crate::changelog::to_json(before)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::Target, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }
}

/// A programme's targets in their order, on one connection: the pool's, or a write transaction's,
/// which sees what it wrote.
pub(crate) async fn load_targets(
    conn: &mut sqlx::AnyConnection,
    programme_id: i64,
) -> Result<Vec<Target>> {
    sqlx::query(
        "SELECT id, programme_id, position, code, name, measure, direction, plan, actual, \
                reporting_body_id, illustrative, note \
         FROM targets WHERE programme_id = $1 ORDER BY position, id",
    )
    .bind(programme_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(target_from_row)
    .collect()
}
