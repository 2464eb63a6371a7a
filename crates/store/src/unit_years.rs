//! A year of many units at once, for a province's table of its communes: each programme's state,
//! its targets' verdicts, its contents' progress, and the overdue recommendations, in a few
//! queries whatever the number of units (asked in slices under the engines' limit on binds).

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::programme::{ItemStatus, ProgrammeStatus, Year};
use domain::target::{evaluate, Direction, Evaluation, TargetSummary};
use sqlx::Row;

use crate::decode;
use crate::{Result, Store};

/// How far a programme's contents are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ItemProgress {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    /// Not done, not postponed, and past the end of its time frame.
    pub late: usize,
}

impl ItemProgress {
    /// The two together: a province's communes added up.
    pub fn add(&self, other: &Self) -> Self {
        Self {
            total: self.total + other.total,
            done: self.done + other.done,
            in_progress: self.in_progress + other.in_progress,
            late: self.late + other.late,
        }
    }
}

/// One unit's programme of a year, summed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitYear {
    pub unit_id: i64,
    pub programme_status: ProgrammeStatus,
    /// An earlier version was signed: it stays in force, and public, while amended.
    pub signed_before: bool,
    pub targets: TargetSummary,
    pub items: ItemProgress,
}

/// An overdue recommendation of a unit, with whether the public may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overdue {
    pub unit_id: i64,
    pub public: bool,
}

/// At most this many units are asked in one query.
const UNITS_PER_QUERY: usize = 500;

fn places(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A query of a year (`$1`) and a list of units (`$2`…).
fn of_year<'q>(
    sql: &'q str,
    year: i64,
    units: &[i64],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql).bind(year);
    for u in units {
        q = q.bind(*u);
    }
    q
}

impl Store {
    /// The programmes of `year` of these units, with their targets' verdicts and their contents'
    /// progress on `today`; a unit without a programme that year is absent.
    pub async fn unit_years(
        &self,
        units: &[i64],
        year: Year,
        today: NaiveDate,
    ) -> Result<Vec<UnitYear>> {
        let mut out = Vec::new();
        let year = i64::from(year.get());
        let today = decode::iso(today);
        for slice in units.chunks(UNITS_PER_QUERY) {
            let list = places(2, slice.len());
            let sql = format!(
                "SELECT id, unit_id, status, version, signed_version FROM programmes \
                 WHERE year = $1 AND unit_id IN ({list}) ORDER BY unit_id"
            );
            let programmes = of_year(&sql, year, slice).fetch_all(self.db_read()).await?;
            let mut by_programme: HashMap<i64, usize> = HashMap::new();
            for row in &programmes {
                let version: i64 = row.try_get("version")?;
                let signed_version: Option<i64> = row.try_get("signed_version")?;
                by_programme.insert(row.try_get("id")?, out.len());
                out.push(UnitYear {
                    unit_id: row.try_get("unit_id")?,
                    programme_status: decode::code(
                        "programmes",
                        "status",
                        row,
                        ProgrammeStatus::parse,
                    )?,
                    signed_before: signed_version.is_some() || version > 1,
                    targets: TargetSummary::default(),
                    items: ItemProgress::default(),
                });
            }
            let sql = format!(
                "SELECT t.programme_id, t.direction, t.plan, t.actual \
                 FROM targets t JOIN programmes p ON p.id = t.programme_id \
                 WHERE p.year = $1 AND p.unit_id IN ({list})"
            );
            let targets = of_year(&sql, year, slice).fetch_all(self.db_read()).await?;
            for row in &targets {
                let Some(&at) = by_programme.get(&row.try_get::<i64, _>("programme_id")?) else {
                    continue;
                };
                let direction = decode::code("targets", "direction", row, Direction::parse)?;
                let plan = decode::decimal("targets", "plan", row)?;
                let actual = decode::opt_decimal("targets", "actual", row)?;
                let s = &mut out[at].targets;
                s.total += 1;
                match evaluate(direction, plan, actual) {
                    Evaluation::Exceeded => s.exceeded += 1,
                    Evaluation::Met => s.met += 1,
                    Evaluation::Missed => s.missed += 1,
                    Evaluation::Pending => s.pending += 1,
                }
            }
            let sql = format!(
                "SELECT i.programme_id, i.status, i.ends_on \
                 FROM programme_items i JOIN programmes p ON p.id = i.programme_id \
                 WHERE p.year = $1 AND p.unit_id IN ({list})"
            );
            let items = of_year(&sql, year, slice).fetch_all(self.db_read()).await?;
            for row in &items {
                let Some(&at) = by_programme.get(&row.try_get::<i64, _>("programme_id")?) else {
                    continue;
                };
                let status = decode::code("programme_items", "status", row, ItemStatus::parse)?;
                let ends_on: String = row.try_get("ends_on")?;
                let p = &mut out[at].items;
                p.total += 1;
                match status {
                    ItemStatus::Done => p.done += 1,
                    ItemStatus::Postponed => {}
                    ItemStatus::InProgress | ItemStatus::NotStarted => {
                        if status == ItemStatus::InProgress {
                            p.in_progress += 1;
                        }
                        // ISO dates compare as text.
                        if ends_on < today {
                            p.late += 1;
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The recommendations of these units not done by the end of their deadline, on `today`.
    pub async fn overdue_recommendations(
        &self,
        units: &[i64],
        today: NaiveDate,
    ) -> Result<Vec<Overdue>> {
        let mut out = Vec::new();
        let today = decode::iso(today);
        for slice in units.chunks(UNITS_PER_QUERY) {
            let sql = format!(
                "SELECT o.unit_id, r.public FROM recommendations r \
                 JOIN oversights o ON o.id = r.oversight_id \
                 WHERE r.status <> 'done' AND r.deadline IS NOT NULL AND r.deadline < $1 \
                 AND o.unit_id IN ({})",
                places(2, slice.len())
            );
            let mut q = sqlx::query(&sql).bind(&today);
            for u in slice {
                q = q.bind(*u);
            }
            for row in q.fetch_all(self.db_read()).await? {
                out.push(Overdue {
                    unit_id: row.try_get("unit_id")?,
                    public: decode::flag(&row, "public")?,
                });
            }
        }
        Ok(out)
    }
}
