//! The joint programme as its parties sign it, and the review report of its year.

use super::*;

/// The bodies that sign a programme: those it names, or the usual three for one made before the
/// parties were stored with it.
fn signing_parties<'a>(p: &Programme, bodies: &'a [Body]) -> Vec<&'a Body> {
    let ids = if p.party_ids.is_empty() {
        programme_parties(bodies)
    } else {
        p.party_ids.clone()
    };
    parties(bodies, &ids)
}

/// "Chương trình phối hợp công tác năm 2021" → "Phối hợp công tác năm 2021".
fn summary_of_title(title: &str) -> String {
    let rest = title.trim();
    let rest = ["Chương trình ", "chương trình "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The joint programme as the parties sign it, with the digital signatures of its current
/// version in the annex.
pub(super) async fn programme_document(
    store: &Store,
    unit: &AdminUnit,
    overview: &store::ProgrammeOverview,
    bodies: &[Body],
    today: NaiveDate,
) -> Result<ProgrammeDocument> {
    let p = &overview.programme;
    let year = p.year.get();
    let date = p.signed_on.unwrap_or(today);
    let held = store.bodies_with_holders(unit.id, date).await?;
    let party_bodies = signing_parties(p, bodies);
    let names = body_names(bodies);
    let name = |id: &i64| names.get(id).cloned().unwrap_or_default();
    let version = store.programme_version(p.id).await?;
    let signatures = store
        .signatures(p.id)
        .await?
        .into_iter()
        .filter(|s| s.version == version && s.verifies)
        .map(|s| SignatureInfo {
            signer: s.signer,
            body: s.body_name,
            signed_at: domain::time::from_unix(s.signed_at),
            public_key_hex: s.public_key,
            signature_hex: s.signature,
        })
        .collect();
    let unit_name = unit.full_name();
    let number_key = format!("programme_number_symbol.{year}");
    let number = match store.unit_setting(unit.id, &number_key).await? {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => {
            setting_or(
                store,
                unit,
                "programme_number_symbol",
                DEFAULT_PROGRAMME_NUMBER,
            )
            .await?
        }
    };
    Ok(ProgrammeDocument {
        issuers: party_bodies.iter().map(|b| issuer(b, unit)).collect(),
        number_symbol: number,
        place: place(store, unit).await?,
        date,
        title: summary_of_title(&p.title),
        preamble: vec![
            format!("Căn cứ chức năng, nhiệm vụ, quyền hạn của Hội đồng nhân dân, Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam theo quy định của pháp luật, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} thống nhất Chương trình phối hợp công tác năm {year} như sau:"),
            format!("Nâng cao hiệu quả phối hợp giữa Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} trong việc thực hiện chức năng, nhiệm vụ của mỗi cơ quan theo quy định của pháp luật; việc phối hợp bảo đảm nguyên tắc dân chủ, công khai, đúng quy định, không làm ảnh hưởng đến hoạt động riêng của mỗi cơ quan."),
        ],
        items: overview
            .items
            .iter()
            .map(|i| ProgrammeItemLine {
                content: i.content.clone(),
                lead: name(&i.lead_body_id),
                partners: i
                    .partner_body_ids
                    .iter()
                    .map(name)
                    .collect::<Vec<_>>()
                    .join(", "),
                time_frame: i.time_frame.label(),
            })
            .collect(),
        implementation: vec![
            format!("Thường trực HĐND, UBND, Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} có trách nhiệm chỉ đạo các cơ quan chuyên môn và cấp dưới triển khai thực hiện Chương trình này."),
            "Định kỳ 6 tháng và cuối năm, các bên tổ chức sơ kết, tổng kết việc thực hiện Chương trình phối hợp.".to_string(),
        ],
        signers: party_bodies.iter().map(|b| signer(b, &held)).collect(),
        recipients: recipients(unit),
        signatures,
    })
}

pub(super) fn file_name(title: &str, year: i32) -> String {
    if title.contains(&year.to_string()) {
        title.to_string()
    } else {
        format!("{title} {year}")
    }
}

/// Counts of the year's oversight work from the store's oversight records, with the
/// recommendations resolved as they stood on `date`, the report's date.
pub(super) async fn oversight_figures(
    app: &App,
    v: &Viewer,
    year: i32,
    date: NaiveDate,
) -> Result<OversightFigures> {
    use domain::oversight::{OversightKind, RecommendationStatus};
    let in_year = |d: NaiveDate| d.year() == year;
    let oversights: Vec<_> = app
        .oversights(v)
        .await?
        .into_iter()
        .filter(|o| in_year(o.starts_on))
        .collect();
    let count = |kinds: &[OversightKind]| {
        oversights
            .iter()
            .filter(|o| kinds.contains(&o.kind))
            .count() as u32
    };
    let ids: Vec<i64> = oversights.iter().map(|o| o.id).collect();
    let recommendations: Vec<_> = app
        .recommendations(v)
        .await?
        .into_iter()
        .filter(|r| ids.contains(&r.oversight_id))
        .map(|r| r.as_of(date))
        .collect();
    Ok(OversightFigures {
        thematic_supervisions: count(&[
            OversightKind::ThematicSupervision,
            OversightKind::FrontSupervision,
        ]),
        hearings: count(&[OversightKind::Hearing]),
        inspections: count(&[OversightKind::Inspection]),
        checks: count(&[OversightKind::Check]),
        recommendations: recommendations.len() as u32,
        recommendations_resolved: recommendations
            .iter()
            .filter(|r| r.status == RecommendationStatus::Done)
            .count() as u32,
    })
}

/// The review report of a year: results, the targets table and its summary, oversight, and the
/// next year's programme contents as its tasks.
pub(super) async fn review_document(
    app: &App,
    v: &Viewer,
    overview: &store::ProgrammeOverview,
    bodies: &[Body],
) -> Result<ReviewDocument> {
    let store = &app.store;
    let unit = v.unit();
    let p = &overview.programme;
    let year = p.year.get();
    let date = p.reviewed_on.unwrap_or(v.today());
    let held = store.bodies_with_holders(unit.id, date).await?;
    let party_bodies = signing_parties(p, bodies);
    let mut results: Vec<String> = p
        .review_summary
        .iter()
        .flat_map(|s| s.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if !overview.items.is_empty() {
        let done = overview
            .items
            .iter()
            .filter(|i| i.status == domain::programme::ItemStatus::Done)
            .count();
        results.push(format!(
            "Trong năm, các bên đã hoàn thành {done}/{} nội dung phối hợp của Chương trình.",
            overview.items.len()
        ));
    }
    if results.is_empty() {
        results.push(format!(
            "Chương trình phối hợp công tác năm {year} đang được triển khai; báo cáo tổng hợp kết quả đến ngày {}.",
            domain::time::short_date(date)
        ));
    }
    let shortcomings = overview
        .targets
        .iter()
        .filter(|t| t.evaluation() == domain::target::Evaluation::Missed)
        .map(|t| {
            format!(
                "Chỉ tiêu “{}” chưa đạt kế hoạch: thực hiện {}{}, kế hoạch {}{}.",
                t.name,
                t.actual.map(|a| t.format_value(a)).unwrap_or_default(),
                measure_suffix(&t.measure),
                t.format_value(t.plan),
                measure_suffix(&t.measure),
            )
        })
        .collect();
    let next_tasks = match Year::new(year + 1) {
        Ok(next) => match app.programme_overview(v, next).await {
            Ok(n) => n.items.iter().map(|i| i.content.clone()).collect(),
            Err(AppError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        },
        Err(_) => Vec::new(),
    };
    let number_key = format!("review_number_symbol.{year}");
    let number = match store.unit_setting(unit.id, &number_key).await? {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => setting_or(store, unit, "review_number_symbol", DEFAULT_REVIEW_NUMBER).await?,
    };
    Ok(ReviewDocument {
        issuers: party_bodies.iter().map(|b| issuer(b, unit)).collect(),
        number_symbol: number,
        place: place(store, unit).await?,
        date,
        title: format!(
            "Tổng kết Chương trình phối hợp công tác năm {year} và phương hướng, nhiệm vụ năm {}",
            year + 1
        ),
        unit_name: unit.full_name(),
        year,
        results,
        targets: overview.targets.clone(),
        oversight: oversight_figures(app, v, year, date).await?,
        shortcomings,
        next_year_tasks: next_tasks,
        signers: party_bodies.iter().map(|b| signer(b, &held)).collect(),
        recipients: recipients(unit),
    })
}

pub(super) fn measure_suffix(measure: &str) -> String {
    match measure.trim() {
        "" => String::new(),
        "%" => "%".to_string(),
        m => format!(" {m}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_under_the_type_drops_the_type() {
        assert_eq!(
            summary_of_title("Chương trình phối hợp công tác năm 2021"),
            "Phối hợp công tác năm 2021"
        );
        assert_eq!(summary_of_title("Kế hoạch chung"), "Kế hoạch chung");
    }
}
