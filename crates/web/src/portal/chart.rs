//! A bar chart of plan against actual as inline SVG, drawn on the server so it shows without
//! JavaScript and prints. Each target gets its own scale (plans have different units), so the chart
//! compares the two bars of a row, never rows with each other.

use std::fmt::Write;

use domain::target::{Evaluation, Target};
use rust_decimal::prelude::ToPrimitive;

use crate::i18n::Tr;

const ROW: f64 = 34.0;
const LABEL: f64 = 44.0;
const WIDTH: f64 = 640.0;

fn colour(e: Evaluation) -> &'static str {
    match e {
        Evaluation::Exceeded => "#1565c0",
        Evaluation::Met => "#2e7d32",
        Evaluation::Missed => "#c62828",
        Evaluation::Pending => "#9e9e9e",
    }
}

/// The chart for a year's targets, numbered as in the table beside it.
pub fn plan_vs_actual(targets: &[Target], tr: Tr) -> String {
    let height = ROW * targets.len() as f64 + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title"><title id="chart-title">{}</title>"#,
        vi::escape(&tr.t("chart-title"))
    );
    let span = WIDTH - LABEL - 8.0;
    for (i, t) in targets.iter().enumerate() {
        let y = i as f64 * ROW + 4.0;
        let plan = t.plan.to_f64().unwrap_or(0.0).abs();
        let actual = t.actual.and_then(|a| a.to_f64()).unwrap_or(0.0).abs();
        // A zero plan and zero actual (no poor households, planned and achieved) still shows a sliver.
        let max = plan.max(actual).max(f64::EPSILON);
        let w = |v: f64| (v / max * span).max(2.0);
        let tooltip = vi::escape(&tr.with(
            "chart-line",
            &[
                ("position", &t.position),
                ("name", &t.name),
                ("plan", &t.format_value(t.plan)),
                ("actual", &t.format_actual()),
                ("verdict", &tr.name(t.evaluation())),
            ],
        ));
        let _ = write!(
            svg,
            r##"<g><title>{tooltip}</title><text x="0" y="{ty}" font-size="13" fill="#37474f">{n}</text><rect x="{LABEL}" y="{y}" width="{pw:.1}" height="12" fill="#b0bec5"/><rect x="{LABEL}" y="{ay}" width="{aw:.1}" height="12" fill="{c}"/></g>"##,
            ty = y + 18.0,
            n = t.position,
            pw = w(plan),
            ay = y + 14.0,
            aw = if t.actual.is_some() { w(actual) } else { 0.0 },
            c = colour(t.evaluation()),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// How an indicator's units are spread, as one bar split by verdict (exceeded, met, missed, not
/// reported, in the colours of the targets' chart), its numbers said in its label for a screen
/// reader; the table beside it holds the same numbers.
pub fn distribution(
    exceeded: usize,
    met: usize,
    missed: usize,
    not_reported: usize,
    tr: Tr,
) -> String {
    const W: f64 = 120.0;
    const H: f64 = 14.0;
    let total = (exceeded + met + missed + not_reported).max(1) as f64;
    let label = vi::escape(&tr.with(
        "distribution",
        &[
            ("exceeded", &exceeded),
            ("met", &met),
            ("missed", &missed),
            ("not_reported", &not_reported),
        ],
    ));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="distribution" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{label}"><title>{label}</title>"#
    );
    let mut x = 0.0;
    for (count, verdict) in [
        (exceeded, Evaluation::Exceeded),
        (met, Evaluation::Met),
        (missed, Evaluation::Missed),
        (not_reported, Evaluation::Pending),
    ] {
        if count == 0 {
            continue;
        }
        let w = count as f64 / total * W;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="0" width="{w:.1}" height="{H}" fill="{}"/>"#,
            colour(verdict)
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::lang::Lang;
    use domain::target::Direction;
    use rust_decimal::Decimal;

    const VI: Tr = Tr::new(Lang::Vi);

    fn target(name: &str, plan: i64, actual: Option<i64>) -> Target {
        Target {
            id: 1,
            programme_id: 1,
            position: 1,
            code: "CT01".into(),
            name: name.into(),
            measure: "%".into(),
            direction: Direction::HigherIsBetter,
            plan: Decimal::from(plan),
            actual: actual.map(Decimal::from),
            reporting_body_id: None,
            illustrative: false,
            note: None,
        }
    }

    #[test]
    fn each_target_gets_a_plan_bar_and_an_actual_bar_coloured_by_its_evaluation() {
        let svg = plan_vs_actual(
            &[target("Thu", 100, Some(110)), target("Chi", 100, Some(90))],
            VI,
        );
        assert_eq!(svg.matches("<rect").count(), 4);
        assert!(svg.contains("#1565c0"));
        assert!(svg.contains("#c62828"));
    }

    #[test]
    fn names_are_escaped_inside_the_svg() {
        let svg = plan_vs_actual(&[target("<script>", 1, None)], VI);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn a_bar_is_split_by_verdict_and_leaves_out_what_no_unit_has() {
        let svg = distribution(1, 0, 2, 1, VI);
        assert!(svg.contains(r#"aria-label="Vượt 1, đạt 0, không đạt 2, chưa báo cáo 1""#));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains(r##"x="30.0" y="0" width="60.0""##), "{svg}");
        // Nothing to spread: an empty bar, still labelled.
        assert_eq!(distribution(0, 0, 0, 0, VI).matches("<rect").count(), 0);
    }

    #[test]
    fn an_english_chart_says_its_numbers_in_english() {
        let svg = distribution(1, 0, 2, 1, Tr::new(Lang::En));
        assert!(svg.contains(r#"aria-label="Exceeded 1, met 0, missed 2, not reported 1""#));
        let svg = plan_vs_actual(&[target("Thu", 100, Some(110))], Tr::new(Lang::En));
        assert!(svg.contains("plan 100, actual 110 – Exceeded"), "{svg}");
    }
}
