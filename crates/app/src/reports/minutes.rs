//! The minutes (biên bản) of a meeting.

use super::*;

/// The minutes of a meeting: who attended, who chaired, what was presented, what was concluded.
pub(super) async fn minutes_document(
    app: &App,
    v: &Viewer,
    meeting: domain::meeting::Meeting,
    programme: Option<&Programme>,
) -> Result<MinutesDocument> {
    let store = &app.store;
    let unit = v.unit();
    let bodies = store.bodies(unit.id).await?;
    let day = domain::time::day_in_vietnam(meeting.starts_at);
    let held = store.bodies_with_holders(unit.id, day).await?;
    let party_ids = match programme {
        Some(p) if !p.party_ids.is_empty() => p.party_ids.clone(),
        _ => programme_parties(&bodies),
    };
    let party_bodies = parties(&bodies, &party_ids);
    // The council's chair presides over the joint conference; else the first party's head.
    let chair_body = party_bodies
        .iter()
        .find(|b| b.kind == BodyKind::PeoplesCouncil)
        .or(party_bodies.first());
    let chair = chair_body.and_then(|b| head_of(&held, b.id).map(|h| (b, h)));
    let (chair_text, chair_name) = match (&meeting.chair, chair) {
        // Whoever the office named as chair.
        (Some(named), _) => (named.as_written(), named.name.clone()),
        (None, Some((body, h))) => {
            let written = meeting
                .attendees
                .iter()
                .find(|a| a.person_id == Some(h.person_id) || a.name == h.full_name)
                .map(|a| a.as_written())
                .unwrap_or_else(|| format!("{} – {} {}", h.full_name, h.post, body.short_name));
            (written, h.full_name.clone())
        }
        (None, None) => ("Đại diện Thường trực HĐND".to_string(), String::new()),
    };
    let named_secretary = meeting.secretary.clone();
    let secretary_name = match &named_secretary {
        Some(s) => s.name.clone(),
        None => setting_or(store, unit, "minutes_secretary_name", "").await?,
    };
    let secretary = match named_secretary {
        Some(s) => s.as_written(),
        None => {
            setting_or(
                store,
                unit,
                "minutes_secretary",
                &if secretary_name.is_empty() {
                    format!("Chuyên viên Văn phòng HĐND và UBND {}", unit.full_name())
                } else {
                    format!("{secretary_name} – Chuyên viên Văn phòng")
                },
            )
            .await?
        }
    };
    let mut proceedings = Vec::new();
    let mut conclusions = Vec::new();
    let unit_name = unit.full_name();
    if let Some(p) = programme {
        let year = p.year.get();
        if meeting.kind == domain::meeting::MeetingKind::ReviewAndSigning {
            if let Ok(previous) = Year::new(year - 1) {
                if let Some(prev) = store.programme_overview(unit.id, previous).await? {
                    if v.may_read(Record::programme(&prev.programme)) {
                        let mut text = format!(
                            "Hội nghị nghe báo cáo tổng kết Chương trình phối hợp công tác năm {}",
                            year - 1
                        );
                        if !prev.targets.is_empty() {
                            text.push_str(&format!(
                                ": {}",
                                TargetSummary::of(&prev.targets).sentence()
                            ));
                        }
                        text.push('.');
                        proceedings.push(text);
                        if let Some(s) = &prev.programme.review_summary {
                            proceedings.push(s.clone());
                        }
                    }
                }
            }
            if p.signed_on.is_some() {
                proceedings.push(format!(
                    "Đại diện Thường trực HĐND, UBND, Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} ký kết {}.",
                    lowercase_first(&p.title)
                ));
                conclusions.push(format!(
                    "Hội nghị thống nhất {}; các cơ quan tổ chức triển khai thực hiện theo chức năng, nhiệm vụ được giao.",
                    lowercase_first(&p.title)
                ));
            }
        }
    }
    // The minutes the office wrote, once published (staff read them before), take the place of
    // the account made from the records; the agenda comes first either way.
    let written: Vec<String> = meeting
        .minutes
        .iter()
        .filter(|_| v.may_read(minutes_record(&meeting)))
        .flat_map(|m| m.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if !written.is_empty() {
        proceedings = written;
    }
    if !meeting.agenda.is_empty() {
        let agenda = meeting
            .agenda
            .iter()
            .enumerate()
            .map(|(i, a)| format!("({}) {}", i + 1, a.trim().trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join("; ");
        proceedings.insert(0, format!("Hội nghị làm việc theo chương trình: {agenda}."));
    }
    if proceedings.is_empty() {
        proceedings.push(format!(
            "{} – {}.",
            meeting.kind.label(),
            meeting.title.trim()
        ));
    }
    Ok(MinutesDocument {
        issuers: party_bodies.iter().map(|b| issuer(b, unit)).collect(),
        number_symbol: None,
        place: place(store, unit).await?,
        meeting,
        chair: chair_text,
        chair_name,
        secretary,
        secretary_name,
        proceedings,
        conclusions,
    })
}

pub(super) fn lowercase_first(s: &str) -> String {
    let mut chars = s.trim().chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
