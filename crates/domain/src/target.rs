//! Targets (chỉ tiêu) of a year with plan and actual, their evaluation (missed / met / exceeded), the
//! summary a review states ("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"), and budget figures
//! against the estimate (dự toán).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Id, ValidationError};

/// Which way a target's value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Revenue, growth, coverage: more is better.
    HigherIsBetter,
    /// Poverty rate, malnutrition: less is better.
    LowerIsBetter,
    /// Done or not done (1 or 0).
    YesNo,
    /// A place in a ranking: 1 is first, and a smaller number is better.
    Rank,
}

impl Direction {
    pub const ALL: [Direction; 4] = [
        Self::HigherIsBetter,
        Self::LowerIsBetter,
        Self::YesNo,
        Self::Rank,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HigherIsBetter => "higher",
            Self::LowerIsBetter => "lower",
            Self::YesNo => "yes_no",
            Self::Rank => "rank",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::HigherIsBetter => "Càng cao càng tốt",
            Self::LowerIsBetter => "Càng thấp càng tốt",
            Self::YesNo => "Đạt / không đạt",
            Self::Rank => "Thứ hạng",
        }
    }
}

/// The verdict on one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evaluation {
    /// No actual value yet.
    Pending,
    Missed,
    Met,
    Exceeded,
}

impl Evaluation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Missed => "missed",
            Self::Met => "met",
            Self::Exceeded => "exceeded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Chưa có số liệu",
            Self::Missed => "Không đạt",
            Self::Met => "Đạt",
            Self::Exceeded => "Vượt",
        }
    }

    /// Whether the target counts as accomplished in a review ("hoàn thành và hoàn thành vượt mức").
    pub fn is_accomplished(self) -> bool {
        matches!(self, Self::Met | Self::Exceeded)
    }
}

/// Compare an actual value with the plan according to the direction.
///
/// Equality is exact: values are decimals, so 100 against 100.0 is met, never "exceeded by 1e-15".
pub fn evaluate(direction: Direction, plan: Decimal, actual: Option<Decimal>) -> Evaluation {
    use std::cmp::Ordering::*;
    let Some(actual) = actual else {
        return Evaluation::Pending;
    };
    match direction {
        Direction::HigherIsBetter => match actual.cmp(&plan) {
            Greater => Evaluation::Exceeded,
            Equal => Evaluation::Met,
            Less => Evaluation::Missed,
        },
        // A rank is "lower is better" too: 1st beats 3rd.
        Direction::LowerIsBetter | Direction::Rank => match actual.cmp(&plan) {
            Less => Evaluation::Exceeded,
            Equal => Evaluation::Met,
            Greater => Evaluation::Missed,
        },
        // A yes/no target is done or not: there is no doing it more than planned.
        Direction::YesNo => {
            if actual.is_zero() && !plan.is_zero() {
                Evaluation::Missed
            } else {
                Evaluation::Met
            }
        }
    }
}

/// One target of a programme's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: Id,
    pub programme_id: Id,
    pub position: i64,
    /// The code the unit gives the target ("CT01"), unique in its programme: an imported row
    /// updates the target of its code. Entries of the change log written before codes existed
    /// have none.
    #[serde(default)]
    pub code: String,
    pub name: String,
    /// Unit of measure: "%", "tỷ đồng", "người", "hạng".
    pub measure: String,
    pub direction: Direction,
    pub plan: Decimal,
    pub actual: Option<Decimal>,
    /// The body that reports the actual value.
    pub reporting_body_id: Option<Id>,
    /// True when the figures are invented for the demo rather than taken from a source.
    pub illustrative: bool,
    pub note: Option<String>,
}

impl Target {
    pub fn evaluation(&self) -> Evaluation {
        evaluate(self.direction, self.plan, self.actual)
    }

    /// Actual as a share of plan, in %, for quantities; `None` for yes/no and ranks, where a ratio
    /// means nothing, and when the plan is zero.
    pub fn percent_of_plan(&self) -> Option<Decimal> {
        match self.direction {
            Direction::HigherIsBetter | Direction::LowerIsBetter => {
                percent(self.actual?, self.plan)
            }
            Direction::YesNo | Direction::Rank => None,
        }
    }

    /// A value as people read it in this target's table: "104,2", "Có", "Thứ 1".
    /// The actual as [`Self::format_value`] writes it, or "—" where none is reported yet.
    pub fn format_actual(&self) -> String {
        self.actual
            .map_or_else(|| vi::NO_FIGURE.into(), |a| self.format_value(a))
    }

    pub fn format_value(&self, value: Decimal) -> String {
        match self.direction {
            Direction::YesNo => if value.is_zero() { "Không" } else { "Có" }.to_string(),
            Direction::Rank => format!("Thứ {}", value.normalize()),
            _ => vi::format_decimal(&value.normalize().to_string(), 2),
        }
    }
}

/// `part / whole × 100`, rounded to two decimals; `None` when the whole is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some((part * Decimal::ONE_HUNDRED / whole).round_dp(2))
}

/// Parse a number as Vietnamese type it ("1.234,5") or as a spreadsheet writes it ("1234.5").
pub fn parse_quantity(field: &'static str, input: &str) -> Result<Decimal, ValidationError> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let invalid = || ValidationError::single(field, "Giá trị phải là một số, ví dụ 1.234,5");
    if s.is_empty() {
        return Err(ValidationError::single(field, "Cần nhập giá trị"));
    }
    // A comma is always the decimal mark in Vietnamese; with a comma present, dots group thousands.
    // Without a comma, one dot followed by exactly three digits groups thousands ("1.500" is 1500),
    // any other single dot is a decimal point as in spreadsheets ("12.5").
    let canonical = if s.contains(',') {
        s.replace('.', "").replacen(',', ".", 1)
    } else if s.matches('.').count() > 1
        || s.split_once('.').is_some_and(|(_, frac)| frac.len() == 3)
    {
        s.replace('.', "")
    } else {
        s
    };
    canonical.parse::<Decimal>().map_err(|_| invalid())
}

/// The counts a review states about a year's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TargetSummary {
    pub total: usize,
    pub exceeded: usize,
    pub met: usize,
    pub missed: usize,
    pub pending: usize,
}

impl TargetSummary {
    /// The two summaries together: a province's communes added up.
    pub fn add(&self, other: &Self) -> Self {
        Self {
            total: self.total + other.total,
            exceeded: self.exceeded + other.exceeded,
            met: self.met + other.met,
            missed: self.missed + other.missed,
            pending: self.pending + other.pending,
        }
    }

    pub fn of<'a>(targets: impl IntoIterator<Item = &'a Target>) -> Self {
        let mut s = Self::default();
        for t in targets {
            s.total += 1;
            match t.evaluation() {
                Evaluation::Exceeded => s.exceeded += 1,
                Evaluation::Met => s.met += 1,
                Evaluation::Missed => s.missed += 1,
                Evaluation::Pending => s.pending += 1,
            }
        }
        s
    }

    pub fn accomplished(&self) -> usize {
        self.met + self.exceeded
    }

    /// The sentence of a review: "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu".
    pub fn sentence(&self) -> String {
        if self.total == 0 {
            return "chưa có chỉ tiêu".to_string();
        }
        let verb = if self.exceeded > 0 {
            "hoàn thành và hoàn thành vượt mức"
        } else {
            "hoàn thành"
        };
        let mut s = format!("{verb} {}/{} chỉ tiêu", self.accomplished(), self.total);
        if self.pending > 0 {
            s.push_str(&format!(" ({} chỉ tiêu chưa có số liệu)", self.pending));
        }
        s
    }
}

/// A line of the budget: revenue or spending against the estimate (dự toán).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub id: Id,
    pub programme_id: Id,
    pub position: i64,
    /// "Thu ngân sách nhà nước trên địa bàn".
    pub name: String,
    /// Amounts in million đồng (triệu đồng), the unit district budget reports use.
    pub estimate: Decimal,
    pub actual: Option<Decimal>,
    pub illustrative: bool,
}

impl BudgetLine {
    /// Actual against the estimate, in %.
    pub fn percent_of_estimate(&self) -> Option<Decimal> {
        percent(self.actual?, self.estimate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn target(direction: Direction, plan: Decimal, actual: Option<Decimal>) -> Target {
        Target {
            id: 1,
            programme_id: 1,
            position: 1,
            code: "CT01".into(),
            name: "t".into(),
            measure: "%".into(),
            direction,
            plan,
            actual,
            reporting_body_id: None,
            illustrative: false,
            note: None,
        }
    }

    #[test]
    fn higher_is_better_exceeds_above_plan_meets_at_plan_and_misses_below() {
        let d = Direction::HigherIsBetter;
        assert_eq!(
            evaluate(d, dec!(100), Some(dec!(104.2))),
            Evaluation::Exceeded
        );
        assert_eq!(evaluate(d, dec!(100), Some(dec!(100))), Evaluation::Met);
        assert_eq!(
            evaluate(d, dec!(100), Some(dec!(99.99))),
            Evaluation::Missed
        );
    }

    #[test]
    fn lower_is_better_exceeds_below_plan_meets_at_plan_and_misses_above() {
        let d = Direction::LowerIsBetter;
        assert_eq!(
            evaluate(d, dec!(0.5), Some(dec!(0.3))),
            Evaluation::Exceeded
        );
        assert_eq!(evaluate(d, dec!(0.5), Some(dec!(0.5))), Evaluation::Met);
        assert_eq!(evaluate(d, dec!(0.5), Some(dec!(0.51))), Evaluation::Missed);
    }

    #[test]
    fn exact_equality_holds_whatever_the_written_scale() {
        // 100 and 100.00 are the same quantity; a float comparison could call this exceeded.
        assert_eq!(
            evaluate(Direction::HigherIsBetter, dec!(100), Some(dec!(100.00))),
            Evaluation::Met
        );
        assert_eq!(
            evaluate(
                Direction::LowerIsBetter,
                dec!(0.1) + dec!(0.2),
                Some(dec!(0.3))
            ),
            Evaluation::Met
        );
    }

    #[test]
    fn a_yes_no_target_is_met_when_done_and_missed_when_not() {
        let d = Direction::YesNo;
        assert_eq!(evaluate(d, dec!(1), Some(dec!(1))), Evaluation::Met);
        assert_eq!(evaluate(d, dec!(1), Some(dec!(0))), Evaluation::Missed);
        // Doing it is never "more than planned".
        assert_eq!(evaluate(d, dec!(0), Some(dec!(1))), Evaluation::Met);
    }

    #[test]
    fn a_better_rank_is_a_smaller_number() {
        let d = Direction::Rank;
        assert_eq!(evaluate(d, dec!(1), Some(dec!(1))), Evaluation::Met);
        assert_eq!(evaluate(d, dec!(3), Some(dec!(2))), Evaluation::Exceeded);
        assert_eq!(evaluate(d, dec!(1), Some(dec!(2))), Evaluation::Missed);
    }

    #[test]
    fn a_target_without_an_actual_value_is_pending_in_every_direction() {
        for d in Direction::ALL {
            assert_eq!(evaluate(d, dec!(1), None), Evaluation::Pending);
        }
    }

    #[test]
    fn thirteen_of_fifteen_reads_as_the_review_wrote_it() {
        let mut targets = Vec::new();
        for _ in 0..10 {
            targets.push(target(
                Direction::HigherIsBetter,
                dec!(100),
                Some(dec!(101)),
            ));
        }
        for _ in 0..3 {
            targets.push(target(Direction::LowerIsBetter, dec!(1), Some(dec!(1))));
        }
        for _ in 0..2 {
            targets.push(target(Direction::HigherIsBetter, dec!(100), Some(dec!(90))));
        }
        let summary = TargetSummary::of(&targets);
        assert_eq!(summary.accomplished(), 13);
        assert_eq!(summary.missed, 2);
        assert_eq!(
            summary.sentence(),
            "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"
        );
    }

    #[test]
    fn a_summary_without_exceeded_targets_does_not_claim_any() {
        let targets = [
            target(Direction::YesNo, dec!(1), Some(dec!(1))),
            target(Direction::YesNo, dec!(1), None),
        ];
        assert_eq!(
            TargetSummary::of(&targets).sentence(),
            "hoàn thành 1/2 chỉ tiêu (1 chỉ tiêu chưa có số liệu)"
        );
        assert_eq!(TargetSummary::of(&[]).sentence(), "chưa có chỉ tiêu");
    }

    #[test]
    fn percent_of_plan_is_given_for_quantities_only() {
        assert_eq!(
            target(Direction::HigherIsBetter, dec!(2000), Some(dec!(2084))).percent_of_plan(),
            Some(dec!(104.2))
        );
        assert_eq!(
            target(Direction::Rank, dec!(1), Some(dec!(1))).percent_of_plan(),
            None
        );
        assert_eq!(
            target(Direction::HigherIsBetter, dec!(0), Some(dec!(5))).percent_of_plan(),
            None
        );
    }

    #[test]
    fn values_are_written_the_vietnamese_way() {
        let t = target(Direction::HigherIsBetter, dec!(1), None);
        assert_eq!(t.format_value(dec!(12345.5)), "12.345,5");
        assert_eq!(
            target(Direction::YesNo, dec!(1), None).format_value(dec!(1)),
            "Có"
        );
        assert_eq!(
            target(Direction::Rank, dec!(1), None).format_value(dec!(1)),
            "Thứ 1"
        );
    }

    #[test]
    fn quantities_parse_as_vietnamese_and_spreadsheets_write_them() {
        assert_eq!(parse_quantity("plan", "1.234,5").unwrap(), dec!(1234.5));
        assert_eq!(parse_quantity("plan", "12.5").unwrap(), dec!(12.5));
        assert_eq!(parse_quantity("plan", "1.500").unwrap(), dec!(1500));
        assert_eq!(parse_quantity("plan", "2 084").unwrap(), dec!(2084));
        assert_eq!(parse_quantity("plan", "-0,3").unwrap(), dec!(-0.3));
        assert_eq!(
            parse_quantity("plan", "nhiều")
                .unwrap_err()
                .for_field("plan"),
            Some("Giá trị phải là một số, ví dụ 1.234,5")
        );
        assert!(parse_quantity("plan", "").is_err());
    }

    #[test]
    fn budget_revenue_above_the_estimate_is_over_one_hundred_percent() {
        let line = BudgetLine {
            id: 1,
            programme_id: 1,
            position: 1,
            name: "Thu ngân sách".into(),
            estimate: dec!(8000),
            actual: Some(dec!(8416)),
            illustrative: true,
        };
        assert_eq!(line.percent_of_estimate(), Some(dec!(105.2)));
    }
}

/// The fields a person gives to create or change a target, parsed from a form or JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetDraft {
    /// The code the unit gives the target ("CT07", "1.2"), unique in its programme, by which an
    /// imported row finds it; `None` when left empty: a new target is given one, a changed one
    /// keeps its own.
    pub code: Option<String>,
    pub name: String,
    pub measure: String,
    pub direction: Direction,
    pub plan: Decimal,
    pub actual: Option<Decimal>,
    pub reporting_body_id: Option<Id>,
    pub note: Option<String>,
    /// The indicator of the province's catalogue the target counts toward: `None` leaves the link
    /// as it is (the API, a spreadsheet without the column), `Some(None)` unlinks it. A linked
    /// target takes the indicator's measure and direction.
    pub indicator: Option<Option<Id>>,
}

impl TargetDraft {
    /// Parse every field, collecting one message per bad field.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        code: &str,
        name: &str,
        measure: &str,
        direction: &str,
        plan: &str,
        actual: &str,
        reporting_body_id: Option<Id>,
        note: &str,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let code = crate::input::line("code", code, &mut errors);
        if code.chars().count() > 30 {
            errors.push("code", "Mã chỉ tiêu dài quá 30 ký tự");
        }
        let name = crate::input::line("name", name, &mut errors);
        let measure = crate::input::line("measure", measure, &mut errors);
        let note = crate::input::text("note", note, &mut errors);
        if name.is_empty() {
            errors.push("name", "Tên chỉ tiêu không được để trống");
        } else if name.chars().count() > 500 {
            errors.push("name", "Tên chỉ tiêu dài quá 500 ký tự");
        }
        let direction = Direction::parse(direction.trim());
        if direction.is_none() {
            errors.push("direction", "Hãy chọn chiều đánh giá của chỉ tiêu");
        }
        let plan = parse_quantity("plan", plan)
            .map_err(|e| errors.errors.extend(e.errors))
            .ok();
        let actual = if actual.trim().is_empty() {
            Some(None)
        } else {
            parse_quantity("actual", actual)
                .map_err(|e| errors.errors.extend(e.errors))
                .ok()
                .map(Some)
        };
        match (direction, plan, actual) {
            (Some(direction), Some(plan), Some(actual)) if errors.is_empty() => Ok(Self {
                code: Some(code).filter(|c| !c.is_empty()),
                name,
                measure,
                direction,
                plan,
                actual,
                reporting_body_id,
                note: Some(note).filter(|n| !n.is_empty()),
                indicator: None,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    #[test]
    fn a_target_draft_reports_every_bad_field() {
        let err = TargetDraft::parse(&"C".repeat(31), "", "%", "sideways", "nhiều", "x", None, "")
            .unwrap_err();
        for field in ["code", "name", "direction", "plan", "actual"] {
            assert!(err.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_target_draft_accepts_an_empty_actual_as_not_yet_reported() {
        let d = TargetDraft::parse(" ", "Thu ngân sách", "%", "higher", "100", "", Some(3), " ")
            .unwrap();
        assert_eq!(d.code, None, "an empty code is left to the programme");
        assert_eq!(d.actual, None);
        assert_eq!(d.note, None);
        assert_eq!(d.plan, Decimal::ONE_HUNDRED);
    }
}
