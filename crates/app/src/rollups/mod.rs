//! A province's roll-up of a year: each indicator of its catalogue across the units below it, as
//! the viewer may read them (the public sees the communes' public programmes; the province's staff
//! every programme, drafts included), and the catalogue kept by the province.

use chrono::NaiveDate;
use domain::access::{allowed, Action, Actor, Record};
use domain::indicator::{Combine, Indicator, IndicatorDraft, RollUp, UnitFigures, Weight};
use domain::programme::Year;
use domain::unit::AdminUnit;
use domain::{Id, ValidationError};
use std::collections::HashMap;

use store::indicators::{LinkedTarget, UnitWeights};
use store::unit_years::{UnitYear, UnitsYear};

use crate::{App, AppError, Result, Viewer};

mod national;
mod remind;

pub use national::{NationalRollUp, ProvinceTotal};
pub use remind::Reminded;

/// One indicator across the units below.
#[derive(Debug, Clone)]
pub struct IndicatorRollUp {
    pub indicator: Indicator,
    pub roll: RollUp,
}

/// One unit below, its year as the viewer may read it.
#[derive(Debug, Clone)]
pub struct UnitLine {
    pub unit: AdminUnit,
    /// Its programme of the year summed up (targets' verdicts, contents' progress), when it has
    /// one the viewer may read.
    pub year: Option<UnitYear>,
    /// Its recommendations overdue today that the viewer may read.
    pub overdue: usize,
}

/// A year of the units below a unit, indicator by indicator and unit by unit.
#[derive(Debug, Clone)]
pub struct ProvinceRollUp {
    pub year: Year,
    pub indicators: Vec<IndicatorRollUp>,
    /// Each unit below that counts (those in force), by name.
    pub lines: Vec<UnitLine>,
}

/// The weight of a unit in a mean of this way, if the province gave one.
fn weight_of(combine: Combine, weights: Option<&UnitWeights>) -> Option<rust_decimal::Decimal> {
    let w = weights?;
    match combine {
        Combine::WeightedMean(Weight::Population) => w.population,
        Combine::WeightedMean(Weight::Households) => w.households,
        Combine::Sum | Combine::CountMet => None,
    }
}

impl App {
    /// The indicators a unit is offered: its own (a province's), those of the units above it,
    /// and the national ones.
    pub async fn indicators(&self, v: &Viewer) -> Result<Vec<Indicator>> {
        let directory = self.directory().await?;
        let mut keepers = vec![v.unit_id()];
        keepers.extend(directory.ancestors(v.unit_id()).iter().map(|u| u.id));
        Ok(self.store.indicators_kept_by(&keepers).await?)
    }

    /// Whether this person keeps the catalogue of the viewer's unit: its administrator, where
    /// the unit has units below it to offer it to (a province, a city).
    pub async fn may_keep_indicators(&self, v: &Viewer) -> Result<bool> {
        let has_units_below = !self.directory().await?.children(v.unit_id()).is_empty();
        Ok(has_units_below
            && v.may(&Action::ManageIndicators {
                unit_id: v.unit_id(),
            }))
    }

    /// The person keeping the unit's catalogue, or the refusal.
    async fn keeper<'v>(&self, v: &'v Viewer) -> Result<&'v domain::access::Actor> {
        let actor = v.require(&Action::ManageIndicators {
            unit_id: v.unit_id(),
        })?;
        if !self.may_keep_indicators(v).await? {
            return Err(AppError::Forbidden(
                "Chỉ tỉnh, thành phố có đơn vị trực thuộc mới lập danh mục chỉ tiêu.".into(),
            ));
        }
        Ok(actor)
    }

    /// A new indicator of the viewer's unit's catalogue.
    pub async fn create_indicator(&self, v: &Viewer, draft: &IndicatorDraft) -> Result<Indicator> {
        let actor = self.keeper(v).await?;
        let mut tx = self.begin(actor, v).await?;
        let indicator = tx.insert_indicator(Some(v.unit_id()), draft).await?;
        self.commit(tx, v).await?;
        Ok(indicator)
    }

    /// An indicator of the viewer's unit's own catalogue, by id.
    pub async fn indicator(&self, v: &Viewer, id: Id) -> Result<Indicator> {
        self.store
            .indicator(Some(v.unit_id()), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// An indicator of the viewer's unit changed; a change of its measure or direction only when
    /// `confirmed` ([`App::confirm_terms`]).
    pub async fn update_indicator(
        &self,
        v: &Viewer,
        id: Id,
        draft: &IndicatorDraft,
        confirmed: bool,
    ) -> Result<Indicator> {
        let actor = self.keeper(v).await?;
        let before = self.indicator(v, id).await?;
        self.confirm_terms(&before, draft, confirmed).await?;
        let mut tx = self.begin(actor, v).await?;
        let after = tx.update_indicator(&before, draft).await?;
        self.commit(tx, v).await?;
        Ok(after)
    }

    /// A change of an indicator's measure or direction, once targets count toward it, goes
    /// ahead only when `confirmed`: the communes' targets keep theirs until each commune saves
    /// them again, so the person is told first.
    async fn confirm_terms(
        &self,
        before: &Indicator,
        draft: &IndicatorDraft,
        confirmed: bool,
    ) -> Result<()> {
        let terms = before.measure != draft.measure || before.direction != draft.direction;
        if !terms || confirmed {
            return Ok(());
        }
        let linked = self
            .store
            .targets_linked_to(before.unit_id, before.id)
            .await?;
        if linked == 0 {
            return Ok(());
        }
        Err(AppError::NeedsConfirmation(format!(
            "{linked} chỉ tiêu của các đơn vị đang liên kết với chỉ tiêu này. Đổi đơn vị tính \
             hoặc chiều đánh giá không tự sửa chỉ tiêu của các đơn vị: mỗi đơn vị nhận theo \
             danh mục khi lưu lại chỉ tiêu của mình. Chưa có gì được ghi."
        )))
    }

    /// Links a target of the viewer's unit to an indicator it is offered (or unlinks it): the
    /// target then counts in the province's roll-up of that indicator.
    pub async fn link_target(
        &self,
        v: &Viewer,
        target_id: Id,
        indicator: Option<Id>,
    ) -> Result<()> {
        let (target, p) = self.target(v, target_id).await?;
        let actor = v.require(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id: target.reporting_body_id,
        })?;
        if let Some(id) = indicator {
            self.offered_indicator(v, id).await?;
            self.check_single_link(v, p.id, Some(target.id), id).await?;
        }
        let mut tx = self.begin(actor, v).await?;
        tx.link_target(target.id, indicator).await?;
        self.commit(tx, v).await
    }

    /// An indicator the viewer's unit is offered, by id; any other is a field error.
    pub(crate) async fn offered_indicator(&self, v: &Viewer, id: Id) -> Result<Indicator> {
        self.indicators(v)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| {
                AppError::Invalid(ValidationError::single(
                    "indicator_id",
                    "Chỉ tiêu này không có trong danh mục của tỉnh",
                ))
            })
    }

    /// A programme counts toward an indicator through one target: another already linked to it
    /// is named beside the field.
    pub(crate) async fn check_single_link(
        &self,
        v: &Viewer,
        programme_id: Id,
        target: Option<Id>,
        indicator: Id,
    ) -> Result<()> {
        let links = self.store.target_links(v.unit_id(), programme_id).await?;
        let other = links
            .iter()
            .find(|(t, i)| **i == indicator && Some(**t) != target)
            .map(|(t, _)| *t);
        let Some(other) = other else {
            return Ok(());
        };
        let name = self
            .store
            .target(v.unit_id(), other)
            .await?
            .map(|t| t.name)
            .unwrap_or_default();
        Err(AppError::Invalid(ValidationError::single(
            "indicator_id",
            format!(
                "Chỉ tiêu “{name}” của chương trình đã liên kết với chỉ tiêu này trong danh mục"
            ),
        )))
    }

    /// The indicators the targets of a programme of the viewer's unit are linked to, by target.
    pub async fn target_indicators(
        &self,
        v: &Viewer,
        p: &domain::programme::Programme,
    ) -> Result<std::collections::HashMap<Id, Id>> {
        v.read(p.unit_id, Record::programme(p), ())?;
        Ok(self.store.target_links(v.unit_id(), p.id).await?)
    }

    /// The units below the viewer's unit that are in force, with their weights of a year, for
    /// the province's form.
    pub async fn weights(&self, v: &Viewer, year: Year) -> Result<Vec<(AdminUnit, UnitWeights)>> {
        self.keeper(v).await?;
        let units = self.units_below(v).await?;
        let ids: Vec<Id> = units.iter().map(|u| u.id).collect();
        let mut weights = self.store.unit_weights(&ids, year).await?;
        Ok(units
            .into_iter()
            .map(|u| {
                let w = weights.remove(&u.id).unwrap_or_default();
                (u, w)
            })
            .collect())
    }

    /// The weights of a year of units below the viewer's unit, in one write; a unit that is not
    /// below it is refused and nothing is written.
    pub async fn set_weights(
        &self,
        v: &Viewer,
        year: Year,
        entries: &[(Id, UnitWeights)],
    ) -> Result<()> {
        let actor = self.keeper(v).await?;
        let below: Vec<Id> = self.units_below(v).await?.iter().map(|u| u.id).collect();
        if entries.iter().any(|(id, _)| !below.contains(id)) {
            return Err(AppError::Invalid(ValidationError::single(
                "weights",
                "Có đơn vị không trực thuộc; hãy tải lại trang.",
            )));
        }
        let ids: Vec<Id> = entries.iter().map(|(id, _)| *id).collect();
        let before = self.store.unit_weights(&ids, year).await?;
        let mut tx = self.begin(actor, v).await?;
        for (id, weights) in entries {
            // What is unchanged is not written again: the units' histories say what changed.
            if before.get(id).copied().unwrap_or_default() != *weights {
                tx.set_unit_weights(*id, year, *weights).await?;
            }
        }
        self.commit(tx, v).await
    }

    /// The year's roll-up and the year before's, to set side by side.
    pub async fn roll_up_with_previous(
        &self,
        v: &Viewer,
        year: Year,
    ) -> Result<(ProvinceRollUp, Option<ProvinceRollUp>)> {
        // At once: each year's queries go to their own connections.
        let previous = async {
            match Year::new(year.get() - 1) {
                Ok(before) => self.roll_up(v, before).await.map(Some),
                Err(_) => Ok(None),
            }
        };
        tokio::try_join!(self.roll_up(v, year), previous)
    }

    /// The units below the viewer's unit that are in force, by name.
    async fn units_below(&self, v: &Viewer) -> Result<Vec<AdminUnit>> {
        Ok(self
            .directory()
            .await?
            .below(v.unit_id())
            .into_iter()
            .filter(|u| u.valid_to.is_none())
            .cloned()
            .collect())
    }

    /// The year's roll-up of the units below the viewer's unit.
    pub async fn roll_up(&self, v: &Viewer, year: Year) -> Result<ProvinceRollUp> {
        let units = self.units_below(v).await?;
        if units.is_empty() {
            return Err(AppError::NotFound);
        }
        let indicators = self.indicators(v).await?;
        let scope = Scope {
            actor: v.actor(),
            year,
            today: v.today(),
        };
        self.roll_up_of(&scope, units, indicators).await
    }

    /// The year of `units` as the scope's reader may read it: each of `indicators` across them,
    /// and each unit's line.
    async fn roll_up_of(
        &self,
        scope: &Scope<'_>,
        units: Vec<AdminUnit>,
        indicators: Vec<Indicator>,
    ) -> Result<ProvinceRollUp> {
        let Scope { year, today, .. } = *scope;
        let directory = self.directory().await?;
        let ids: Vec<Id> = units.iter().map(|u| u.id).collect();
        let counted: Vec<Id> = indicators.iter().map(|i| i.id).collect();
        // At once: each reads its own rows.
        let (UnitsYear { years, linked }, weights, overdue_recs) = tokio::try_join!(
            self.store.units_year(&ids, &counted, year, today),
            self.store.unit_weights(&ids, year),
            self.store.overdue_recommendations(&ids, today),
        )?;
        // The read rule, asked of each unit's programme once (all its targets share its state): a
        // draft counts for the province's staff, never in what the public sees.
        let mut years: HashMap<Id, UnitYear> = years
            .into_iter()
            .filter(|y| {
                scope.may(&Action::Read {
                    at: directory.path(y.unit_id),
                    record: Record::Programme {
                        status: y.programme_status,
                        signed_before: y.signed_before,
                    },
                })
            })
            .map(|y| (y.unit_id, y))
            .collect();
        // Grouped once: a national roll-up has some 100,000 linked targets.
        let mut by_indicator: HashMap<Id, Vec<&LinkedTarget>> = HashMap::new();
        for t in linked.iter().filter(|t| years.contains_key(&t.unit_id)) {
            by_indicator.entry(t.indicator_id).or_default().push(t);
        }
        let mut overdue: HashMap<Id, usize> = HashMap::new();
        for o in overdue_recs {
            let record = Record::Recommendation { public: o.public };
            let at = directory.path(o.unit_id);
            if scope.may(&Action::Read { at, record }) {
                *overdue.entry(o.unit_id).or_default() += o.count;
            }
        }
        let lines = units
            .into_iter()
            .map(|u| UnitLine {
                year: years.remove(&u.id),
                overdue: overdue.get(&u.id).copied().unwrap_or(0),
                unit: u,
            })
            .collect();
        let indicators = indicators
            .into_iter()
            .map(|indicator| {
                let figures: Vec<UnitFigures> = by_indicator
                    .get(&indicator.id)
                    .into_iter()
                    .flatten()
                    .map(|t| UnitFigures {
                        unit_id: t.unit_id,
                        plan: t.plan,
                        actual: t.actual,
                        weight: weight_of(indicator.combine, weights.get(&t.unit_id)),
                    })
                    .collect();
                let roll = RollUp::of(indicator.direction, indicator.combine, &figures);
                IndicatorRollUp { indicator, roll }
            })
            .collect();
        Ok(ProvinceRollUp {
            year,
            indicators,
            lines,
        })
    }
}

/// Who reads a roll-up (nobody, for the public) and on which day.
#[derive(Clone, Copy)]
struct Scope<'a> {
    actor: Option<&'a Actor>,
    year: Year,
    today: NaiveDate,
}

impl Scope<'_> {
    fn may(&self, action: &Action) -> bool {
        allowed(self.actor, action)
    }
}
