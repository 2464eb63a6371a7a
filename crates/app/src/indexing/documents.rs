//! The search documents of records: what each kind of record says in the index, where a result
//! links, and whether the public may find it — asked of `domain::access`, never decided here.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use domain::access::{anyone_may_read, Record};
use domain::article::Article;
use domain::body::Body;
use domain::meeting::Meeting;
use domain::oversight::{Oversight, Recommendation, TeamMember};
use domain::programme::{Programme, ProgrammeItem};
use domain::target::Target;
use search::{Document, Kind};
use store::Holding;

use super::Context;

/// Longest title of a programme item; longer contents are cut at a word.
const MAX_ITEM_TITLE: usize = 180;

fn year_in_vietnam(at: DateTime<Utc>) -> i32 {
    domain::time::day_in_vietnam(at).year()
}

/// The text of `s` cut at a word to at most about `max` bytes, with "…" when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = s[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{}…", s[..cut].trim_end_matches([',', ';', ' ']))
}

/// A news article: public once its time has come; drafts link to the workspace.
pub fn article_document(a: &Article, now: DateTime<Utc>) -> Document {
    let public = anyone_may_read(Record::article(a, now));
    let mut body = a.summary.clone();
    for part in [a.body.text(), a.byline.clone()] {
        if !part.is_empty() {
            body.push('\n');
            body.push_str(&part);
        }
    }
    Document {
        kind: Kind::Article,
        id: a.id,
        title: a.title.clone(),
        body,
        url: if public {
            format!("/tin-tuc/{}", a.slug)
        } else {
            format!("/quan-ly/tin-tuc/{}", a.id)
        },
        year: a.published_at.map(year_in_vietnam),
        body_ids: Vec::new(),
        unit_id: a.unit_id,
        public,
        published_at: a.published_at.map(|t| t.timestamp()),
    }
}

fn programme_url(p: &Programme, public_path: &str) -> String {
    if anyone_may_read(Record::programme(p)) {
        format!("/{public_path}/{}", p.year.get())
    } else {
        format!("/quan-ly/chuong-trinh/{}", p.year.get())
    }
}

pub(super) fn item_document(i: &ProgrammeItem, p: &Programme, ctx: &Context) -> Document {
    let mut body = i.content.clone();
    if let Some(lead) = ctx.body_name(i.lead_body_id) {
        body.push_str(&format!("\nChủ trì: {lead}."));
    }
    let partners: Vec<&str> = i
        .partner_body_ids
        .iter()
        .filter_map(|id| ctx.body_name(*id))
        .collect();
    if !partners.is_empty() {
        body.push_str(&format!(" Phối hợp: {}.", partners.join(", ")));
    }
    body.push_str(&format!(
        "\nThời gian: {}. Tình trạng: {}.",
        i.time_frame.label(),
        i.status.label()
    ));
    for note in &i.notes {
        body.push_str(&format!(
            "\n{}: {}",
            domain::time::short_date(note.on),
            note.text
        ));
    }
    let mut body_ids = vec![i.lead_body_id];
    body_ids.extend(&i.partner_body_ids);
    Document {
        kind: Kind::ProgrammeItem,
        id: i.id,
        title: shorten(&i.content, MAX_ITEM_TITLE),
        body,
        url: programme_url(p, "chuong-trinh"),
        year: Some(p.year.get()),
        body_ids,
        unit_id: ctx.unit_id,
        public: anyone_may_read(Record::programme(p)),
        published_at: None,
    }
}

pub(super) fn target_document(t: &Target, p: &Programme, ctx: &Context) -> Document {
    let mut body = format!(
        "Chỉ tiêu năm {}: {}. Kế hoạch: {} {}.",
        p.year.get(),
        t.name,
        t.format_value(t.plan),
        t.measure
    );
    if let Some(actual) = t.actual {
        body.push_str(&format!(
            " Thực hiện: {} {}.",
            t.format_value(actual),
            t.measure
        ));
    }
    body.push_str(&format!(" Đánh giá: {}.", t.evaluation().label()));
    if let Some(name) = t.reporting_body_id.and_then(|id| ctx.body_name(id)) {
        body.push_str(&format!(" Báo cáo: {name}."));
    }
    if let Some(note) = &t.note {
        body.push('\n');
        body.push_str(note);
    }
    Document {
        kind: Kind::Target,
        id: t.id,
        title: t.name.clone(),
        body,
        url: programme_url(p, "chi-tieu"),
        year: Some(p.year.get()),
        body_ids: t.reporting_body_id.into_iter().collect(),
        unit_id: ctx.unit_id,
        public: anyone_may_read(Record::programme(p)),
        published_at: None,
    }
}

/// A meeting: public unless kept from the portal; its agenda, and its minutes once published.
pub(super) fn meeting_document(m: &Meeting, ctx: &Context) -> Document {
    let programme = m.programme_id.and_then(|id| ctx.programmes.get(&id));
    let mut body = format!(
        "{}. {}, {}.",
        m.kind.label(),
        domain::time::short_datetime(m.starts_at),
        m.venue
    );
    let attendees: Vec<String> = m.attendees.iter().map(|a| a.as_written()).collect();
    if !attendees.is_empty() {
        body.push_str(&format!("\nĐại biểu dự: {}.", attendees.join("; ")));
    }
    if !m.agenda.is_empty() {
        body.push_str(&format!("\nChương trình: {}.", m.agenda.join("; ")));
    }
    let public = anyone_may_read(Record::Meeting { public: m.public });
    let minutes_public = anyone_may_read(Record::Minutes {
        meeting_public: m.public,
        published: m.minutes_published,
    });
    // A document only staff find may say what the draft minutes say; a public one only what
    // is published.
    if let Some(minutes) = m.minutes.as_ref().filter(|_| minutes_public || !public) {
        body.push('\n');
        body.push_str(minutes);
    }
    Document {
        kind: Kind::Meeting,
        id: m.id,
        title: m.title.clone(),
        body,
        url: format!("/hoi-nghi/{}", m.id),
        year: Some(year_in_vietnam(m.starts_at)),
        body_ids: programme.map(|p| p.party_ids.clone()).unwrap_or_default(),
        unit_id: ctx.unit_id,
        public,
        published_at: Some(m.starts_at.timestamp()),
    }
}

/// Midnight of a day in Vietnam, in Unix seconds: orders oversight by when it started.
fn day_start(day: NaiveDate) -> i64 {
    domain::time::at_vietnam(day.and_time(NaiveTime::MIN)).timestamp()
}

/// An oversight activity: who conducted it on whom, when, the team, the findings and documents.
pub(super) fn oversight_document(o: &Oversight, ctx: &Context) -> Document {
    let public = anyone_may_read(Record::Oversight { public: o.public });
    let mut body = format!("{}.", o.kind.label());
    if let Some(by) = ctx.body_name(o.conducted_by) {
        body.push_str(&format!(" Cơ quan tiến hành: {by}."));
    }
    let mut subjects: Vec<&str> = o
        .subject_body_ids
        .iter()
        .filter_map(|id| ctx.body_name(*id))
        .collect();
    subjects.extend(o.other_subjects.as_deref());
    if !subjects.is_empty() {
        body.push_str(&format!(" Đối tượng: {}.", subjects.join("; ")));
    }
    body.push_str(&format!(
        " Thời gian: {}{}.",
        domain::time::short_date(o.starts_on),
        o.ends_on
            .map(|e| format!(" – {}", domain::time::short_date(e)))
            .unwrap_or_default()
    ));
    if !o.team.is_empty() {
        let team: Vec<String> = o.team.iter().map(TeamMember::as_line).collect();
        body.push_str(&format!("\nThành phần đoàn: {}.", team.join("; ")));
    }
    if let Some(findings) = &o.findings {
        body.push('\n');
        body.push_str(findings);
    }
    for d in &o.documents {
        body.push('\n');
        body.push_str(&d.title);
    }
    let mut body_ids = vec![o.conducted_by];
    body_ids.extend(&o.subject_body_ids);
    body_ids.sort_unstable();
    body_ids.dedup();
    Document {
        kind: Kind::Oversight,
        id: o.id,
        title: o.title.clone(),
        body,
        url: if public {
            format!("/giam-sat/{}", o.id)
        } else {
            format!("/quan-ly/giam-sat/{}", o.id)
        },
        year: Some(o.starts_on.year()),
        body_ids,
        unit_id: ctx.unit_id,
        public,
        published_at: Some(day_start(o.starts_on)),
    }
}

/// A recommendation: what it asks of whom by when, its activity, and the responses received.
pub(super) fn recommendation_document(
    r: &Recommendation,
    o: &Oversight,
    ctx: &Context,
) -> Document {
    let public = anyone_may_read(Record::Recommendation { public: r.public });
    let activity_public = anyone_may_read(Record::Oversight { public: o.public });
    let mut body = r.content.clone();
    if let Some(name) = ctx.body_name(r.responsible_body_id) {
        body.push_str(&format!("\nTrách nhiệm: {name}."));
    }
    if let Some(deadline) = r.deadline {
        body.push_str(&format!(" Hạn: {}.", domain::time::short_date(deadline)));
    }
    // A public recommendation of an activity kept from the portal must not name that activity.
    if activity_public || !public {
        body.push_str(&format!("\n{}: {}.", o.kind.label(), o.title));
    }
    for x in &r.responses {
        body.push_str(&format!("\n{}: {}", domain::time::short_date(x.on), x.text));
    }
    let mut body_ids = vec![r.responsible_body_id, o.conducted_by];
    body_ids.sort_unstable();
    body_ids.dedup();
    Document {
        kind: Kind::Recommendation,
        id: r.id,
        title: shorten(&r.content, MAX_ITEM_TITLE),
        body,
        url: match (public, activity_public) {
            (false, _) => format!("/quan-ly/kien-nghi/{}", r.id),
            (true, true) => format!("/giam-sat/{}#kien-nghi-{}", o.id, r.id),
            (true, false) => format!("/kien-nghi#kien-nghi-{}", r.id),
        },
        year: Some(o.starts_on.year()),
        body_ids,
        unit_id: ctx.unit_id,
        public,
        published_at: Some(day_start(o.starts_on)),
    }
}

fn holding_line(h: &Holding, with_person: bool) -> String {
    let who = if with_person {
        format!("{}: {}", h.post, h.full_name)
    } else {
        format!("{} {}", h.post, h.body_name)
    };
    let term = h
        .term
        .as_deref()
        .map(|t| format!(", {t}"))
        .unwrap_or_default();
    let until = h
        .ends_on
        .map(|d| format!(" đến {}", domain::time::short_date(d)))
        .unwrap_or_default();
    format!(
        "{who}{term} (từ {}{until})",
        domain::time::short_date(h.starts_on)
    )
}

pub(super) fn body_document(b: &Body, holdings: &[Holding], ctx: &Context) -> Document {
    let mut body = format!("{} – {}.", b.short_name, b.kind.label());
    if let Some(parent) = b.parent_body_id.and_then(|id| ctx.bodies.get(&id)) {
        body.push_str(&format!(" Thuộc {}.", parent.name));
    }
    for h in holdings.iter().filter(|h| h.body_id == b.id) {
        body.push('\n');
        body.push_str(&holding_line(h, true));
    }
    let mut body_ids = vec![b.id];
    body_ids.extend(b.parent_body_id);
    Document {
        kind: Kind::Body,
        id: b.id,
        title: b.name.clone(),
        body,
        url: format!("/co-quan/{}", b.id),
        year: None,
        body_ids,
        unit_id: ctx.unit_id,
        public: anyone_may_read(Record::Organisation),
        published_at: None,
    }
}

/// A person, from the posts they held in the unit (`None` without any).
pub(super) fn person_document(holdings: &[Holding], ctx: &Context) -> Option<Document> {
    let holdings: Vec<&Holding> = holdings
        .iter()
        .filter(|h| h.unit_id == ctx.unit_id)
        .collect();
    let latest = holdings.iter().max_by_key(|h| h.starts_on)?;
    let body = holdings
        .iter()
        .map(|h| holding_line(h, false))
        .collect::<Vec<_>>()
        .join("\n");
    let mut body_ids: Vec<i64> = holdings.iter().map(|h| h.body_id).collect();
    body_ids.sort_unstable();
    body_ids.dedup();
    Some(Document {
        kind: Kind::Person,
        id: latest.person_id,
        title: latest.full_name.clone(),
        body,
        url: format!(
            "/co-quan?ngay={}",
            domain::time::short_date(latest.starts_on)
        ),
        year: None,
        body_ids,
        unit_id: ctx.unit_id,
        public: anyone_may_read(Record::Organisation),
        published_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_contents_are_cut_at_a_word() {
        assert_eq!(shorten("ngắn", 10), "ngắn");
        let cut = shorten("Phối hợp tổ chức hội nghị tiếp xúc cử tri", 20);
        assert!(cut.ends_with('…') && cut.len() <= 24, "{cut}");
        assert!(cut.starts_with("Phối hợp tổ"), "{cut}");
    }
}
