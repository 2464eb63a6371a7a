//! A year of many units at once, for a roll-up: each programme's state, its targets' verdicts
//! and its contents' progress counted by the database, its targets linked to the indicators
//! asked for, and the overdue recommendations, in one query of each whatever the number of units. A few units are named in the query; many (a
//! national roll-up) are read with the whole year and kept here, which costs the databases less
//! than thousands of binds.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use domain::programme::{ItemStatus, ProgrammeStatus, Year};
use domain::target::{Evaluation, TargetSummary};
use sqlx::Row;

use crate::decode;
use crate::indicators::LinkedTarget;
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

/// A year of many units: each one's programme summed up, and every target linked to an indicator,
/// by indicator, unit and target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitsYear {
    pub years: Vec<UnitYear>,
    pub linked: Vec<LinkedTarget>,
}

/// A unit's overdue recommendations that the public may read, or those it may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overdue {
    pub unit_id: i64,
    pub public: bool,
    pub count: usize,
}

/// `SUM(CASE WHEN condition THEN 1 ELSE 0 END) AS name`: the rows of a group that meet it.
fn count_where(name: &str, condition: &str) -> String {
    format!("SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {name}")
}

/// Counts of a row, by column.
fn counts<const N: usize>(row: &sqlx::any::AnyRow, columns: [&str; N]) -> Result<[usize; N]> {
    let mut out = [0; N];
    for (n, column) in out.iter_mut().zip(columns) {
        *n = usize::try_from(row.try_get::<i64, _>(column)?).unwrap_or(0);
    }
    Ok(out)
}

/// `$first, $first+1, …`: `n` places for parameters.
fn places(first: usize, n: usize) -> String {
    let places: Vec<String> = (first..first + n).map(|i| format!("${i}")).collect();
    places.join(", ")
}

/// Up to this many units are named in a query; more are read with everything and kept here.
pub(crate) const NAMED_UNITS: usize = 500;

/// Which units a query keeps: named in it (`AND column IN ($2, …)`), or all of them when there are
/// many, each row then kept by [`Units::wants`].
pub(crate) struct Units<'a> {
    ids: &'a [i64],
    many: Option<HashSet<i64>>,
}

impl<'a> Units<'a> {
    pub(crate) fn new(ids: &'a [i64]) -> Self {
        let many = (ids.len() > NAMED_UNITS).then(|| ids.iter().copied().collect());
        Self { ids, many }
    }

    /// The condition on `column` for a query whose other parameter is `$1`.
    pub(crate) fn clause(&self, column: &str) -> String {
        match self.many {
            Some(_) => String::new(),
            None => format!(" AND {column} IN ({})", places(2, self.ids.len())),
        }
    }

    /// How many parameters the units take: those after them start at `$2 + bound()`.
    pub(crate) fn bound(&self) -> usize {
        match self.many {
            Some(_) => 0,
            None => self.ids.len(),
        }
    }

    /// The query with its first parameter and the units named.
    pub(crate) fn bind<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self.many {
            Some(_) => query,
            None => self.ids.iter().fold(query, |q, u| q.bind(*u)),
        }
    }

    /// Whether a row of this unit is one asked for.
    pub(crate) fn wants(&self, unit_id: i64) -> bool {
        self.many.as_ref().is_none_or(|m| m.contains(&unit_id))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One linked target as the targets query packs it: "indicator target plan actual", the actual
/// empty when not reported.
fn linked_target(y: &UnitYear, packed: &str) -> Result<LinkedTarget> {
    let corrupt = || crate::StoreError::Corrupt {
        table: "targets",
        column: "plan",
        value: packed.to_string(),
    };
    let mut parts = packed.split(' ');
    let mut next = || parts.next().ok_or_else(corrupt);
    let (indicator_id, target_id, plan, actual) = (next()?, next()?, next()?, next()?);
    Ok(LinkedTarget {
        indicator_id: indicator_id.parse().map_err(|_| corrupt())?,
        unit_id: y.unit_id,
        target_id: target_id.parse().map_err(|_| corrupt())?,
        plan: plan.parse().map_err(|_| corrupt())?,
        actual: match actual {
            "" => None,
            a => Some(a.parse().map_err(|_| corrupt())?),
        },
        programme_status: y.programme_status,
        signed_before: y.signed_before,
    })
}

impl Store {
    /// The programmes of `year` of these units, with their targets' verdicts and their contents'
    /// progress on `today`, and their targets linked to one of `indicators`; a unit without a
    /// programme that year is absent.
    pub async fn units_year(
        &self,
        units: &[i64],
        indicators: &[i64],
        year: Year,
        today: NaiveDate,
    ) -> Result<UnitsYear> {
        let units = Units::new(units);
        let mut out = UnitsYear::default();
        if units.is_empty() {
            return Ok(out);
        }
        let year = i64::from(year.get());
        let programmes = format!(
            "SELECT id, unit_id, status, version, signed_version FROM programmes \
             WHERE year = $1{} ORDER BY unit_id",
            units.clause("unit_id")
        );
        // Counted in the database from the verdict kept with each target, and the targets linked
        // to the indicators asked for packed into one text per programme: a national roll-up has
        // some 100,000 targets, 33,000 of them linked, and every row a query returns crosses from
        // the database's thread to this task on its own (SQLite's worker hands rows over one by
        // one), which cost more than the counting itself.
        // Each query starts from the year's programmes (`CROSS JOIN` keeps SQLite's planner
        // from starting at the targets' indexes, which would read every year's and unit's), and
        // counts each programme's rows.
        let concat = match self.engine() {
            crate::Engine::Sqlite => "group_concat",
            crate::Engine::Postgres => "string_agg",
        };
        let linked = if indicators.is_empty() {
            "NULL".to_string()
        } else {
            format!(
                "{concat}(CASE WHEN t.indicator_id IN ({}) THEN CAST(t.indicator_id AS TEXT) \
                 || ' ' || CAST(t.id AS TEXT) || ' ' || t.plan || ' ' || COALESCE(t.actual, '') \
                 END, ';')",
                places(units.bound() + 2, indicators.len())
            )
        };
        let targets = format!(
            "SELECT p.id AS programme_id, COUNT(*) AS total, {}, {}, {}, {linked} AS linked \
             FROM programmes p CROSS JOIN targets t WHERE t.programme_id = p.id AND p.year = $1{} \
             GROUP BY p.id",
            count_where(
                "exceeded",
                &format!("t.verdict = '{}'", Evaluation::Exceeded.as_str())
            ),
            count_where(
                "met",
                &format!("t.verdict = '{}'", Evaluation::Met.as_str())
            ),
            count_where(
                "missed",
                &format!("t.verdict = '{}'", Evaluation::Missed.as_str())
            ),
            units.clause("p.unit_id")
        );
        let items = format!(
            "SELECT p.id AS programme_id, COUNT(*) AS total, {}, {}, {} \
             FROM programmes p CROSS JOIN programme_items i \
             WHERE i.programme_id = p.id AND p.year = $1{} GROUP BY p.id",
            count_where(
                "done",
                &format!("i.status = '{}'", ItemStatus::Done.as_str())
            ),
            count_where(
                "in_progress",
                &format!("i.status = '{}'", ItemStatus::InProgress.as_str())
            ),
            // ISO dates compare as text.
            count_where(
                "late",
                &format!(
                    "i.status IN ('{}', '{}') AND i.ends_on < ${}",
                    ItemStatus::InProgress.as_str(),
                    ItemStatus::NotStarted.as_str(),
                    units.bound() + 2
                )
            ),
            units.clause("p.unit_id")
        );
        // At once, each on its own connection: two cores decode faster than one.
        let read = |sql| units.bind(sqlx::query(sql).bind(year));
        let today = decode::iso(today);
        let targets_query = indicators.iter().fold(read(&targets), |q, i| q.bind(*i));
        let (programmes, targets, items) = tokio::try_join!(
            read(&programmes).fetch_all(self.db_read()),
            targets_query.fetch_all(self.db_read()),
            read(&items).bind(today).fetch_all(self.db_read()),
        )?;
        let mut by_programme: HashMap<i64, usize> = HashMap::new();
        for row in &programmes {
            let unit_id: i64 = row.try_get("unit_id")?;
            if !units.wants(unit_id) {
                continue;
            }
            let version: i64 = row.try_get("version")?;
            let signed_version: Option<i64> = row.try_get("signed_version")?;
            by_programme.insert(row.try_get("id")?, out.years.len());
            out.years.push(UnitYear {
                unit_id,
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
        let at = |row: &sqlx::any::AnyRow| -> Result<Option<usize>> {
            Ok(by_programme
                .get(&row.try_get::<i64, _>("programme_id")?)
                .copied())
        };
        for row in &targets {
            let Some(at) = at(row)? else { continue };
            let [total, exceeded, met, missed] =
                counts(row, ["total", "exceeded", "met", "missed"])?;
            out.years[at].targets = TargetSummary {
                total,
                exceeded,
                met,
                missed,
                // A target not judged yet has no actual to judge.
                pending: total.saturating_sub(exceeded + met + missed),
            };
            let packed: Option<&str> = row.try_get("linked")?;
            let y = &out.years[at];
            for target in packed
                .unwrap_or_default()
                .split(';')
                .filter(|t| !t.is_empty())
            {
                out.linked.push(linked_target(y, target)?);
            }
        }
        for row in &items {
            let Some(at) = at(row)? else { continue };
            let [total, done, in_progress, late] =
                counts(row, ["total", "done", "in_progress", "late"])?;
            out.years[at].items = ItemProgress {
                total,
                done,
                in_progress,
                late,
            };
        }
        out.linked
            .sort_unstable_by_key(|t| (t.indicator_id, t.unit_id, t.target_id));
        Ok(out)
    }

    /// The recommendations of these units not done by the end of their deadline, on `today`,
    /// counted by unit and by whether the public may read them.
    pub async fn overdue_recommendations(
        &self,
        units: &[i64],
        today: NaiveDate,
    ) -> Result<Vec<Overdue>> {
        let units = Units::new(units);
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT o.unit_id, r.public, COUNT(*) AS overdue FROM recommendations r \
             JOIN oversights o ON o.id = r.oversight_id \
             WHERE r.deadline < $1 AND r.status <> 'done' AND r.deadline IS NOT NULL{} \
             GROUP BY o.unit_id, r.public",
            units.clause("o.unit_id")
        );
        let rows = units
            .bind(sqlx::query(&sql).bind(decode::iso(today)))
            .fetch_all(self.db_read())
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let unit_id: i64 = row.try_get("unit_id")?;
            if units.wants(unit_id) {
                let public = decode::flag(&row, "public")?;
                let [count] = counts(&row, ["overdue"])?;
                out.push(Overdue {
                    unit_id,
                    public,
                    count,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_units_are_named_in_the_query_and_many_are_kept_as_the_rows_come() {
        let few = [4, 9];
        let units = Units::new(&few);
        assert_eq!(units.clause("p.unit_id"), " AND p.unit_id IN ($2, $3)");
        assert!(
            units.wants(7),
            "the query already kept only the units named"
        );
        let many: Vec<i64> = (1..=NAMED_UNITS as i64 + 1).collect();
        let units = Units::new(&many);
        assert_eq!(units.clause("p.unit_id"), "");
        assert!(units.wants(1) && units.wants(NAMED_UNITS as i64 + 1));
        assert!(!units.wants(NAMED_UNITS as i64 + 2));
        assert!(Units::new(&[]).is_empty());
    }
}
