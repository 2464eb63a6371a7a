//! The report on following up a year's recommendations.

use super::*;

/// The number and symbol of the follow-up report when the settings name none.
pub const DEFAULT_FOLLOW_UP_NUMBER: &str = "01/BC-TTHĐND";

/// The report on following up the recommendations of a year's oversight: each recommendation with
/// the body responsible, its deadline, where it stands on the report's date, and the responses.
/// The public sees the public recommendations of public oversight; staff see all.
pub(super) async fn follow_up_document(
    app: &App,
    v: &Viewer,
    year: i32,
) -> Result<FollowUpDocument> {
    let store = &app.store;
    let unit = v.unit();
    let bodies = store.bodies(unit.id).await?;
    let names = body_names(&bodies);
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let now = v.today();
    // A past year is reported as it stood at its end; the current one as it stands today.
    let date = NaiveDate::from_ymd_opt(year, 12, 31)
        .filter(|end| *end < now)
        .unwrap_or(now);
    let oversights: Vec<_> = app
        .oversights(v)
        .await?
        .into_iter()
        .filter(|o| o.starts_on.year() == year)
        .collect();
    let recommendations: Vec<RecommendationLine> = app
        .recommendations(v)
        .await?
        .into_iter()
        .filter(|r| oversights.iter().any(|o| o.id == r.oversight_id))
        // The report tells what was known on its date: no later response, no later closing.
        .map(|r| r.as_of(date))
        .map(|r| RecommendationLine {
            status: r.follow_up(date).label().to_string(),
            resolved: r.status == domain::oversight::RecommendationStatus::Done,
            responsible: name(r.responsible_body_id),
            deadline: r.deadline,
            responses: r
                .responses
                .iter()
                .map(|x| match x.from_body_id {
                    Some(b) => format!(
                        "{} – {}: {}",
                        domain::time::short_date(x.on),
                        name(b),
                        x.text
                    ),
                    None => format!("{}: {}", domain::time::short_date(x.on), x.text),
                })
                .collect(),
            content: r.content,
        })
        .collect();
    let council = bodies
        .iter()
        .find(|b| b.kind == BodyKind::PeoplesCouncil && b.parent_body_id.is_none());
    let held = store.bodies_with_holders(unit.id, date).await?;
    let unit_name = unit.full_name();
    Ok(FollowUpDocument {
        issuers: vec![Issuer {
            upper: Some(format!("HĐND {unit_name}")),
            name: "THƯỜNG TRỰC HĐND".to_string(),
        }],
        number_symbol: setting_or(store, unit, "follow_up_number_symbol", DEFAULT_FOLLOW_UP_NUMBER)
            .await?,
        place: place(store, unit).await?,
        date,
        title: format!(
            "Kết quả theo dõi, đôn đốc việc giải quyết kiến nghị sau giám sát năm {year}"
        ),
        introduction: vec![format!(
            "Thường trực HĐND {unit_name} báo cáo kết quả theo dõi, đôn đốc việc giải quyết {} kiến nghị qua {} cuộc giám sát, giải trình, thanh tra, kiểm tra năm {year} như sau:",
            recommendations.len(),
            oversights.len()
        )],
        recommendations,
        signers: council.map(|b| signer(b, &held)).into_iter().collect(),
        recipients: recipients(unit),
    })
}
