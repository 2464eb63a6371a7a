//! The national roll-up: the installation's own indicators across every commune of every
//! province, and each province's communes summed up, as the reader may read them (the public, the
//! communes' public programmes; the installation's operator, every programme); and the national
//! catalogue the operator keeps.

use std::collections::HashMap;

use domain::access::{Action, Actor};
use domain::indicator::{Indicator, IndicatorDraft};
use domain::programme::Year;
use domain::target::TargetSummary;
use domain::unit::{AdminUnit, UnitLevel};
use domain::Id;
use store::unit_years::ItemProgress;

use super::{IndicatorRollUp, ProvinceRollUp, Scope};
use crate::{App, AppError, Result};

/// A province's communes summed up.
#[derive(Debug, Clone)]
pub struct ProvinceTotal {
    pub unit: AdminUnit,
    /// Its communes in force.
    pub communes: usize,
    /// Those with a programme of the year the reader may read.
    pub programmes: usize,
    /// Their targets' verdicts, added up.
    pub targets: TargetSummary,
    /// Their programmes' contents, added up.
    pub items: ItemProgress,
    /// Their recommendations overdue today that the reader may read.
    pub overdue: usize,
}

impl ProvinceTotal {
    fn new(unit: AdminUnit) -> Self {
        Self {
            unit,
            communes: 0,
            programmes: 0,
            targets: TargetSummary::default(),
            items: ItemProgress::default(),
            overdue: 0,
        }
    }
}

/// A year across the installation: the national indicators over every commune, and each province.
#[derive(Debug, Clone)]
pub struct NationalRollUp {
    pub year: Year,
    /// The communes in force, over every province.
    pub communes: usize,
    pub indicators: Vec<IndicatorRollUp>,
    /// Each province, by name.
    pub provinces: Vec<ProvinceTotal>,
}

impl NationalRollUp {
    /// Each commune's line summed into its province's.
    fn of(roll: ProvinceRollUp, provinces: Vec<AdminUnit>, province_of: &HashMap<Id, Id>) -> Self {
        let mut totals: Vec<ProvinceTotal> =
            provinces.into_iter().map(ProvinceTotal::new).collect();
        let at: HashMap<Id, usize> = totals
            .iter()
            .enumerate()
            .map(|(i, t)| (t.unit.id, i))
            .collect();
        let communes = roll.lines.len();
        for line in roll.lines {
            let Some(&i) = province_of.get(&line.unit.id).and_then(|p| at.get(p)) else {
                continue;
            };
            let total = &mut totals[i];
            total.communes += 1;
            total.overdue += line.overdue;
            if let Some(y) = line.year {
                total.programmes += 1;
                total.targets = total.targets.add(&y.targets);
                total.items = total.items.add(&y.items);
            }
        }
        Self {
            year: roll.year,
            communes,
            indicators: roll.indicators,
            provinces: totals,
        }
    }
}

impl App {
    /// The year across the installation, as `actor` (nobody, for the public) may read it; not
    /// found for a year without a programme it may read.
    pub async fn national_roll_up(
        &self,
        actor: Option<&Actor>,
        year: Year,
    ) -> Result<NationalRollUp> {
        let directory = self.directory().await?;
        let in_force = |level| directory.in_force(level).into_iter().cloned();
        let communes: Vec<AdminUnit> = in_force(UnitLevel::Commune).collect();
        let mut provinces: Vec<AdminUnit> = in_force(UnitLevel::Province).collect();
        provinces.sort_by_cached_key(|u| vi::collation_key(&u.name));
        let province_of: HashMap<Id, Id> = communes
            .iter()
            .filter_map(|c| Some((c.id, directory.province_of(c.id)?.id)))
            .collect();
        let indicators = self.store.indicators_kept_by(&[]).await?;
        let today = domain::time::day_in_vietnam(chrono::Utc::now());
        let scope = Scope { actor, year, today };
        let roll = self.roll_up_of(&scope, communes, indicators).await?;
        let national = NationalRollUp::of(roll, provinces, &province_of);
        // A year without a programme the reader may read has nothing to roll up.
        if national.provinces.iter().all(|p| p.programmes == 0) {
            return Err(AppError::NotFound);
        }
        Ok(national)
    }
}

/// Only the installation's operator keeps the national catalogue.
fn require_operator(actor: &Actor) -> Result<()> {
    if actor.can(&Action::ManageNationalIndicators) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Chỉ quản trị hệ thống mới lập danh mục chỉ tiêu toàn quốc.".into(),
        ))
    }
}

impl App {
    /// The installation's own indicators, offered to every commune of every province.
    pub async fn national_indicators(&self) -> Result<Vec<Indicator>> {
        Ok(self.store.indicators_kept_by(&[]).await?)
    }

    /// A national indicator by id; one a province keeps is not found here.
    pub async fn national_indicator(&self, id: Id) -> Result<Indicator> {
        self.store
            .indicator(None, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A new indicator of the national catalogue.
    pub async fn create_national_indicator(
        &self,
        actor: &Actor,
        draft: &IndicatorDraft,
    ) -> Result<Indicator> {
        require_operator(actor)?;
        let mut tx = self.store.begin(&actor.username).await?;
        let indicator = tx.insert_indicator(None, draft).await?;
        tx.commit().await?;
        self.written_installation();
        Ok(indicator)
    }

    /// A national indicator changed; its measure or direction only when `confirmed`, once
    /// communes' targets count toward it.
    pub async fn update_national_indicator(
        &self,
        actor: &Actor,
        id: Id,
        draft: &IndicatorDraft,
        confirmed: bool,
    ) -> Result<Indicator> {
        require_operator(actor)?;
        let before = self.national_indicator(id).await?;
        self.confirm_terms(&before, draft, confirmed).await?;
        let mut tx = self.store.begin(&actor.username).await?;
        let after = tx.update_indicator(&before, draft).await?;
        tx.commit().await?;
        self.written_installation();
        Ok(after)
    }
}
