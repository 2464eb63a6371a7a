//! A bar chart of plan against actual as inline SVG, drawn on the server so it shows without
//! JavaScript and prints. Each target gets its own scale (plans have different units), so the chart
//! compares the two bars of a row, never rows with each other.

use std::fmt::Write;

use domain::target::{Evaluation, Target};
use rust_decimal::prelude::ToPrimitive;

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
pub fn plan_vs_actual(targets: &[Target]) -> String {
    let height = ROW * targets.len() as f64 + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title"><title id="chart-title">Kế hoạch và thực hiện của từng chỉ tiêu</title>"#
    );
    let span = WIDTH - LABEL - 8.0;
    for (i, t) in targets.iter().enumerate() {
        let y = i as f64 * ROW + 4.0;
        let plan = t.plan.to_f64().unwrap_or(0.0).abs();
        let actual = t.actual.and_then(|a| a.to_f64()).unwrap_or(0.0).abs();
        // A zero plan and zero actual (no poor households, planned and achieved) still shows a sliver.
        let max = plan.max(actual).max(f64::EPSILON);
        let w = |v: f64| (v / max * span).max(2.0);
        let tooltip = vi::escape(&format!(
            "{}. {}: kế hoạch {}, thực hiện {} – {}",
            t.position,
            t.name,
            t.format_value(t.plan),
            t.actual
                .map(|a| t.format_value(a))
                .unwrap_or_else(|| "—".into()),
            t.evaluation().label()
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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::target::Direction;
    use rust_decimal::Decimal;

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
        let svg = plan_vs_actual(&[target("Thu", 100, Some(110)), target("Chi", 100, Some(90))]);
        assert_eq!(svg.matches("<rect").count(), 4);
        assert!(svg.contains("#1565c0"));
        assert!(svg.contains("#c62828"));
    }

    #[test]
    fn names_are_escaped_inside_the_svg() {
        let svg = plan_vs_actual(&[target("<script>", 1, None)]);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
