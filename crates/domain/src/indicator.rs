//! The indicators a province keeps (and the installation, for national ones) and offers to its
//! communes, and how one year's figures of many units combine into a roll-up: how many exceeded,
//! met, missed or have not reported, and, where it means something, one combined figure.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::target::{evaluate, Direction, Evaluation};
use crate::{Id, ValidationError};

/// What a unit's figure is weighed by in a mean across units: a figure the province enters or
/// imports per unit and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    Population,
    Households,
}

impl Weight {
    pub const ALL: [Weight; 2] = [Self::Population, Self::Households];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Population => "population",
            Self::Households => "households",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Population => "dân số",
            Self::Households => "số hộ",
        }
    }
}

/// How the units' figures of an indicator combine into the province's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "way", content = "weight")]
pub enum Combine {
    /// Added up: revenue collected, households out of poverty.
    Sum,
    /// A mean weighted by each unit's population or households: coverage rates, shares.
    WeightedMean(Weight),
    /// No combined figure, only the count of units that met it: ranks, yes/no.
    CountMet,
}

impl Combine {
    pub const ALL: [Combine; 4] = [
        Self::Sum,
        Self::WeightedMean(Weight::Population),
        Self::WeightedMean(Weight::Households),
        Self::CountMet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::WeightedMean(Weight::Population) => "mean_by_population",
            Self::WeightedMean(Weight::Households) => "mean_by_households",
            Self::CountMet => "count_met",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Sum => "Cộng dồn các đơn vị",
            Self::WeightedMean(Weight::Population) => "Bình quân theo dân số",
            Self::WeightedMean(Weight::Households) => "Bình quân theo số hộ",
            Self::CountMet => "Chỉ đếm số đơn vị đạt",
        }
    }

    /// Whether figures of this direction combine this way: a rank or a yes/no added up or
    /// averaged means nothing, so they are only counted.
    pub fn suits(self, direction: Direction) -> bool {
        match direction {
            Direction::HigherIsBetter | Direction::LowerIsBetter => true,
            Direction::YesNo | Direction::Rank => self == Self::CountMet,
        }
    }
}

/// An indicator's code, the key a commune's spreadsheet names it by: "BHYT", "THU-NS-01".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndicatorCode(String);

impl IndicatorCode {
    pub const MAX_LEN: usize = 20;

    /// Letters, digits, `-` and `_`, at most twenty; kept in capitals so that "bhyt" in a
    /// spreadsheet finds "BHYT".
    pub fn parse(field: &'static str, input: &str) -> Result<Self, ValidationError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(ValidationError::single(
                field,
                "Hãy nhập mã chỉ tiêu, ví dụ BHYT",
            ));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if code.chars().count() > Self::MAX_LEN || !code.chars().all(allowed) {
            return Err(ValidationError::single(
                field,
                "Mã chỉ gồm chữ không dấu, chữ số, “-” và “_”, tối đa 20 ký tự",
            ));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IndicatorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An indicator of the catalogue: kept by a province for its communes, or by the installation
/// (no unit) for every province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: Id,
    /// The province that keeps it; `None` for a national indicator.
    pub unit_id: Option<Id>,
    pub code: IndicatorCode,
    pub name: String,
    /// Unit of measure: "%", "tỷ đồng", "hộ".
    pub measure: String,
    pub direction: Direction,
    pub combine: Combine,
}

/// An indicator as its form or a spreadsheet gives it, every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorDraft {
    pub code: IndicatorCode,
    pub name: String,
    pub measure: String,
    pub direction: Direction,
    pub combine: Combine,
}

impl IndicatorDraft {
    pub fn parse(
        code: &str,
        name: &str,
        measure: &str,
        direction: &str,
        combine: &str,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let code = IndicatorCode::parse("code", code).map_err(|e| errors.errors.extend(e.errors));
        let name = crate::input::line("name", name, &mut errors);
        if name.is_empty() {
            errors.push("name", "Hãy nhập tên chỉ tiêu");
        } else if name.chars().count() > 300 {
            errors.push("name", "Tên chỉ tiêu tối đa 300 ký tự");
        }
        let measure = crate::input::line("measure", measure, &mut errors);
        if measure.chars().count() > 40 {
            errors.push("measure", "Đơn vị tính tối đa 40 ký tự");
        }
        let direction = Direction::parse(direction);
        if direction.is_none() {
            errors.push("direction", "Hãy chọn chiều đánh giá");
        }
        let combine = Combine::parse(combine);
        match (combine, direction) {
            (None, _) => errors.push("combine", "Hãy chọn cách tổng hợp"),
            (Some(c), Some(d)) if !c.suits(d) => errors.push(
                "combine",
                format!(
                    "Chỉ tiêu “{}” chỉ tổng hợp được bằng cách đếm số đơn vị đạt",
                    d.label()
                ),
            ),
            _ => {}
        }
        match (code, direction, combine) {
            (Ok(code), Some(direction), Some(combine)) if errors.is_empty() => Ok(Self {
                code,
                name,
                measure,
                direction,
                combine,
            }),
            _ => Err(errors),
        }
    }
}

/// A unit's population or households as typed ("41.250"): empty is none, anything else a
/// quantity that is not negative; the message says what is wrong.
pub fn parse_weight(input: &str) -> Result<Option<Decimal>, String> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let value = crate::target::parse_quantity("weight", input).map_err(|e| e.messages())?;
    if value < Decimal::ZERO {
        return Err("Không được là số âm".into());
    }
    Ok(Some(value))
}

/// One unit's figures of an indicator for a year: its linked target's plan and actual, and its
/// weight when the indicator is averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitFigures {
    pub unit_id: Id,
    pub plan: Decimal,
    /// `None` until the unit reports it: "chưa báo cáo", never "missed".
    pub actual: Option<Decimal>,
    pub weight: Option<Decimal>,
}

/// The figure of the units together, where adding up or averaging means something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Combined {
    /// The plans of every unit counted: a sum, or a weighted mean.
    pub plan: Decimal,
    /// The actuals of the units that reported, combined the same way; `None` before any did.
    pub actual: Option<Decimal>,
    /// The verdict on the combined figures, once every unit counted has reported: until then a
    /// part would be compared with the whole.
    pub evaluation: Evaluation,
}

impl Combined {
    /// The combined plan as people read it: "41,2" (a mean is kept to two places).
    pub fn plan_text(&self) -> String {
        figure(self.plan)
    }

    /// The combined actual as people read it, or "—" before any unit reported.
    pub fn actual_text(&self) -> String {
        self.actual.map_or_else(|| vi::NO_FIGURE.into(), figure)
    }
}

/// A combined figure as people read it: "41,2".
pub fn figure(value: Decimal) -> String {
    vi::format_decimal(&value.normalize().to_string(), 2)
}

/// An indicator across units for a year: each unit's verdict counted, and the combined figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollUp {
    /// Units with a target linked to the indicator.
    pub units: usize,
    pub exceeded: usize,
    pub met: usize,
    pub missed: usize,
    pub not_reported: usize,
    /// `None` for an indicator only counted, and where no unit has a figure that combines.
    pub combined: Option<Combined>,
    /// The units that missed it, furthest behind first.
    pub behind: Vec<Id>,
    /// The units that have not reported it yet.
    pub not_reporting: Vec<Id>,
    /// Units left out of a weighted mean because their weight is zero or missing (all of them,
    /// when none has one and there is no mean at all).
    pub unweighted: Vec<Id>,
}

impl RollUp {
    /// Combines the units' figures of an indicator whose figures go `direction` and combine
    /// `combine` (a way that does not suit the direction is taken as counting only).
    pub fn of(direction: Direction, combine: Combine, figures: &[UnitFigures]) -> Self {
        let mut roll = Self {
            units: figures.len(),
            exceeded: 0,
            met: 0,
            missed: 0,
            not_reported: 0,
            combined: None,
            behind: Vec::new(),
            not_reporting: Vec::new(),
            unweighted: Vec::new(),
        };
        let mut behind: Vec<(Decimal, Id)> = Vec::new();
        for f in figures {
            match evaluate(direction, f.plan, f.actual) {
                Evaluation::Exceeded => roll.exceeded += 1,
                Evaluation::Met => roll.met += 1,
                Evaluation::Missed => {
                    roll.missed += 1;
                    behind.push((shortfall(direction, f), f.unit_id));
                }
                Evaluation::Pending => {
                    roll.not_reported += 1;
                    roll.not_reporting.push(f.unit_id);
                }
            }
        }
        behind.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        roll.behind = behind.into_iter().map(|(_, id)| id).collect();
        roll.combined = match combine {
            _ if !combine.suits(direction) => None,
            Combine::CountMet => None,
            Combine::Sum => sum(direction, figures),
            Combine::WeightedMean(_) => weighted_mean(direction, figures),
        };
        if matches!(combine, Combine::WeightedMean(_)) && combine.suits(direction) {
            roll.unweighted = figures
                .iter()
                .filter(|f| weighed(f).is_none())
                .map(|f| f.unit_id)
                .collect();
        }
        roll
    }

    /// "12/15": the units that met or exceeded it, of those with a target linked to it.
    pub fn accomplished(&self) -> String {
        format!("{}/{}", self.exceeded + self.met, self.units)
    }
}

/// How far a unit that missed is from its plan, as a share of the plan (or in the plan's units
/// when the plan is zero), so the units furthest behind come first.
fn shortfall(direction: Direction, f: &UnitFigures) -> Decimal {
    let actual = f.actual.unwrap_or_default();
    let gap = match direction {
        Direction::HigherIsBetter | Direction::YesNo => f.plan - actual,
        Direction::LowerIsBetter | Direction::Rank => actual - f.plan,
    };
    if f.plan.is_zero() {
        gap
    } else {
        gap / f.plan.abs()
    }
}

fn sum(direction: Direction, figures: &[UnitFigures]) -> Option<Combined> {
    if figures.is_empty() {
        return None;
    }
    let plan: Decimal = figures.iter().map(|f| f.plan).sum();
    let reported: Vec<Decimal> = figures.iter().filter_map(|f| f.actual).collect();
    let actual = (!reported.is_empty()).then(|| reported.iter().sum());
    Some(Combined {
        plan,
        actual,
        evaluation: verdict(direction, plan, actual, reported.len() == figures.len()),
    })
}

fn weighted_mean(direction: Direction, figures: &[UnitFigures]) -> Option<Combined> {
    let counted: Vec<(&UnitFigures, Decimal)> = figures
        .iter()
        .filter_map(|f| weighed(f).map(|w| (f, w)))
        .collect();
    if counted.is_empty() {
        return None;
    }
    let mean = |pairs: &[(Decimal, Decimal)]| {
        let total: Decimal = pairs.iter().map(|(_, w)| *w).sum();
        let weighted: Decimal = pairs.iter().map(|(v, w)| *v * *w).sum();
        (weighted / total).round_dp(2)
    };
    let plans: Vec<(Decimal, Decimal)> = counted.iter().map(|(f, w)| (f.plan, *w)).collect();
    let actuals: Vec<(Decimal, Decimal)> = counted
        .iter()
        .filter_map(|(f, w)| f.actual.map(|a| (a, *w)))
        .collect();
    let plan = mean(&plans);
    let actual = (!actuals.is_empty()).then(|| mean(&actuals));
    Some(Combined {
        plan,
        actual,
        evaluation: verdict(direction, plan, actual, actuals.len() == counted.len()),
    })
}

/// A unit's weight when it counts in a mean: given, and above zero.
fn weighed(f: &UnitFigures) -> Option<Decimal> {
    f.weight.filter(|w| *w > Decimal::ZERO)
}

fn verdict(
    direction: Direction,
    plan: Decimal,
    actual: Option<Decimal>,
    complete: bool,
) -> Evaluation {
    if complete {
        evaluate(direction, plan, actual)
    } else {
        Evaluation::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn unit(unit_id: Id, plan: Decimal, actual: Option<Decimal>) -> UnitFigures {
        UnitFigures {
            unit_id,
            plan,
            actual,
            weight: None,
        }
    }

    fn weighed(mut f: UnitFigures, weight: Option<Decimal>) -> UnitFigures {
        f.weight = weight;
        f
    }

    fn counts(r: &RollUp) -> (usize, usize, usize, usize) {
        (r.exceeded, r.met, r.missed, r.not_reported)
    }

    #[test]
    fn a_sum_adds_every_plan_and_the_actuals_reported() {
        let figures = [
            unit(1, d("100"), Some(d("120"))),
            unit(2, d("50"), Some(d("50"))),
            unit(3, d("80"), Some(d("60"))),
        ];
        let r = RollUp::of(Direction::HigherIsBetter, Combine::Sum, &figures);
        assert_eq!(counts(&r), (1, 1, 1, 0));
        let c = r.combined.clone().unwrap();
        assert_eq!((c.plan, c.actual), (d("230"), Some(d("230"))));
        assert_eq!(c.evaluation, Evaluation::Met);
        assert_eq!(r.behind, [3]);
        assert_eq!(r.accomplished(), "2/3");
    }

    #[test]
    fn a_sum_of_a_lower_is_better_figure_is_judged_downwards() {
        let figures = [
            unit(1, d("10"), Some(d("8"))),
            unit(2, d("10"), Some(d("11"))),
        ];
        let r = RollUp::of(Direction::LowerIsBetter, Combine::Sum, &figures);
        assert_eq!(counts(&r), (1, 0, 1, 0));
        let c = r.combined.clone().unwrap();
        assert_eq!((c.plan, c.actual), (d("20"), Some(d("19"))));
        assert_eq!(c.evaluation, Evaluation::Exceeded);
    }

    #[test]
    fn a_missing_actual_is_not_reported_never_missed_and_holds_the_combined_verdict() {
        let figures = [unit(1, d("100"), Some(d("150"))), unit(2, d("100"), None)];
        let r = RollUp::of(Direction::HigherIsBetter, Combine::Sum, &figures);
        assert_eq!(counts(&r), (1, 0, 0, 1));
        assert_eq!(r.not_reporting, [2]);
        assert!(r.behind.is_empty());
        let c = r.combined.clone().unwrap();
        assert_eq!((c.plan, c.actual), (d("200"), Some(d("150"))));
        assert_eq!(c.evaluation, Evaluation::Pending, "part against the whole");
    }

    #[test]
    fn before_anyone_reports_the_combined_actual_is_empty() {
        let figures = [unit(1, d("5"), None), unit(2, d("7"), None)];
        for combine in [Combine::Sum, Combine::WeightedMean(Weight::Population)] {
            let weighted: Vec<_> = figures
                .iter()
                .map(|f| weighed(*f, Some(d("1000"))))
                .collect();
            let r = RollUp::of(Direction::HigherIsBetter, combine, &weighted);
            assert_eq!(counts(&r), (0, 0, 0, 2));
            let c = r.combined.clone().unwrap();
            assert_eq!(c.actual, None);
            assert_eq!(c.evaluation, Evaluation::Pending);
        }
    }

    #[test]
    fn a_weighted_mean_weighs_each_unit_by_its_population() {
        // 90 % in a ward of 30,000 and 60 % in one of 10,000: 82.5 %, not 75 %.
        let figures = [
            weighed(unit(1, d("85"), Some(d("90"))), Some(d("30000"))),
            weighed(unit(2, d("85"), Some(d("60"))), Some(d("10000"))),
        ];
        let r = RollUp::of(
            Direction::HigherIsBetter,
            Combine::WeightedMean(Weight::Population),
            &figures,
        );
        let c = r.combined.clone().unwrap();
        assert_eq!((c.plan, c.actual), (d("85"), Some(d("82.5"))));
        assert_eq!(c.evaluation, Evaluation::Missed);
        assert!(r.unweighted.is_empty());
        assert_eq!(counts(&r), (1, 0, 1, 0));
    }

    #[test]
    fn a_unit_of_zero_or_missing_weight_is_left_out_of_the_mean_and_named() {
        let figures = [
            weighed(unit(1, d("5"), Some(d("4"))), Some(d("200"))),
            weighed(unit(2, d("5"), Some(d("100"))), Some(d("0"))),
            weighed(unit(3, d("5"), Some(d("100"))), None),
        ];
        let r = RollUp::of(
            Direction::LowerIsBetter,
            Combine::WeightedMean(Weight::Households),
            &figures,
        );
        let c = r.combined.clone().unwrap();
        assert_eq!((c.plan, c.actual), (d("5"), Some(d("4"))));
        assert_eq!(c.evaluation, Evaluation::Exceeded);
        assert_eq!(r.unweighted, [2, 3]);
        // Left out of the mean, still counted as units that missed.
        assert_eq!(counts(&r), (1, 0, 2, 0));
    }

    #[test]
    fn a_mean_with_no_unit_weighed_has_no_combined_figure() {
        let figures = [unit(1, d("5"), Some(d("4"))), unit(2, d("5"), None)];
        let r = RollUp::of(
            Direction::HigherIsBetter,
            Combine::WeightedMean(Weight::Population),
            &figures,
        );
        assert_eq!(r.combined, None);
        assert_eq!(r.unweighted, [1, 2], "every unit is named as left out");
        assert_eq!(counts(&r), (0, 0, 1, 1));
    }

    #[test]
    fn a_yes_no_indicator_is_only_counted() {
        let figures = [
            unit(1, d("1"), Some(d("1"))),
            unit(2, d("1"), Some(d("0"))),
            unit(3, d("1"), None),
        ];
        for combine in Combine::ALL {
            let r = RollUp::of(Direction::YesNo, combine, &figures);
            assert_eq!(counts(&r), (0, 1, 1, 1), "{combine:?}");
            assert_eq!(r.combined, None, "{combine:?}");
            assert_eq!(r.behind, [2]);
        }
    }

    #[test]
    fn a_rank_is_only_counted_and_the_lowest_place_is_furthest_behind() {
        let figures = [
            unit(1, d("10"), Some(d("3"))),
            unit(2, d("10"), Some(d("12"))),
            unit(3, d("10"), Some(d("30"))),
            unit(4, d("10"), Some(d("10"))),
        ];
        for combine in Combine::ALL {
            let r = RollUp::of(Direction::Rank, combine, &figures);
            assert_eq!(counts(&r), (1, 1, 2, 0), "{combine:?}");
            assert_eq!(r.combined, None);
            assert_eq!(r.behind, [3, 2]);
        }
    }

    #[test]
    fn counting_only_gives_no_combined_figure_for_quantities_either() {
        let figures = [unit(1, d("10"), Some(d("12")))];
        for direction in [Direction::HigherIsBetter, Direction::LowerIsBetter] {
            let r = RollUp::of(direction, Combine::CountMet, &figures);
            assert_eq!(r.combined, None);
            assert_eq!(r.units, 1);
        }
    }

    #[test]
    fn the_units_furthest_behind_their_plan_come_first() {
        let figures = [
            unit(1, d("100"), Some(d("90"))),
            unit(2, d("10"), Some(d("5"))),
            unit(3, d("0"), Some(d("-2"))),
        ];
        let r = RollUp::of(Direction::HigherIsBetter, Combine::Sum, &figures);
        // Unit 3 is 2 behind a plan of zero; unit 2 half its plan; unit 1 a tenth.
        assert_eq!(r.behind, [3, 2, 1]);
    }

    #[test]
    fn no_units_roll_up_to_nothing() {
        let r = RollUp::of(Direction::HigherIsBetter, Combine::Sum, &[]);
        assert_eq!((r.units, &r.combined), (0, &None));
        assert_eq!(r.accomplished(), "0/0");
    }

    #[test]
    fn an_indicator_draft_refuses_a_way_of_combining_its_direction_cannot_take() {
        let e = IndicatorDraft::parse("TH01", "Xếp hạng CCHC", "hạng", "rank", "sum").unwrap_err();
        assert!(e.at("combine").contains("đếm số đơn vị đạt"));
        let ok = IndicatorDraft::parse(" bhyt ", "Tỷ lệ BHYT", "%", "higher", "mean_by_population")
            .unwrap();
        assert_eq!(ok.code.as_str(), "BHYT");
        assert_eq!(ok.combine, Combine::WeightedMean(Weight::Population));
    }

    #[test]
    fn an_indicator_draft_names_every_wrong_field() {
        let e = IndicatorDraft::parse("mã có dấu", "", &"x".repeat(41), "up", "").unwrap_err();
        for field in ["code", "name", "measure", "direction", "combine"] {
            assert!(!e.at(field).is_empty(), "{field}");
        }
    }

    #[test]
    fn a_weight_is_empty_or_a_quantity_that_is_not_negative() {
        assert_eq!(parse_weight(" "), Ok(None));
        assert_eq!(parse_weight("41.250"), Ok(Some(d("41250"))));
        assert_eq!(parse_weight("0"), Ok(Some(d("0"))));
        assert!(parse_weight("-3").is_err());
        assert!(parse_weight("nhiều").unwrap_err().contains("số"));
    }

    #[test]
    fn every_way_of_combining_reads_back_from_its_name() {
        for c in Combine::ALL {
            assert_eq!(Combine::parse(c.as_str()), Some(c));
        }
        for w in Weight::ALL {
            assert_eq!(Weight::parse(w.as_str()), Some(w));
        }
    }
}
