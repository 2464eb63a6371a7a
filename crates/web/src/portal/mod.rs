//! The public portal: pages in Vietnamese, server-rendered, readable on a 360 px phone without
//! JavaScript. The module tree mirrors the URL tree.

mod bodies;
mod chart;
mod home;
mod meetings;
mod news;
pub(crate) mod oversight;
mod programme;
pub mod search;
mod targets;

use app::Viewer;
use domain::programme::ProgrammeStatus;

use crate::{AppState, Routes, WebError};

/// The public pages: made for an anonymous visitor whoever asks, so the page cache may keep them.
pub fn routes() -> Routes {
    Routes::new()
        .get("/", home::show)
        .get("/tin-tuc", news::list)
        .get("/tin-tuc/{slug}", news::show)
        .get("/chuong-trinh", programme::latest)
        .get("/chuong-trinh/{year}", programme::show)
        .get(
            "/chuong-trinh/{year}/phien-ban/{version}",
            programme::version,
        )
        .get("/chi-tieu", targets::latest)
        .get("/chi-tieu/{year}", targets::show)
        .get("/co-quan", bodies::show)
        .get("/co-quan/{id}", oversight::body)
        .get("/giam-sat", oversight::list)
        .get("/giam-sat/{id}", oversight::show)
        .get("/kien-nghi", oversight::recommendations)
        .get("/hoi-nghi", meetings::list)
        .get("/hoi-nghi.ics", meetings::feed)
        .get("/hoi-nghi/{id}", meetings::show)
        .get("/hoi-nghi/{id}/lich.ics", meetings::one)
}

/// Portal pages whose content depends on who asks (signed-in staff find drafts): kept out of the
/// page cache, which is keyed by address alone.
pub fn personal_routes() -> Routes {
    Routes::new()
        .get("/tim-kiem", search::page)
        .get("/tim-kiem/goi-y", search::suggestions)
}

/// Which section of the navigation a page belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    News,
    Programme,
    Targets,
    Oversight,
    Meetings,
    Bodies,
    Search,
}

/// What every page shows around its content: the unit's name and the navigation.
pub struct Chrome {
    /// "Cổng thông tin điện tử quận Cầu Giấy".
    pub site_name: String,
    /// "HĐND – UBND – Ủy ban MTTQ Việt Nam quận Cầu Giấy".
    pub tagline: String,
    pub section: Section,
    /// The year the "Chương trình" link opens: the current programme's.
    pub programme_year: Option<i32>,
    /// The year the "Chỉ tiêu" link opens: the newest year with targets.
    pub targets_year: Option<i32>,
    /// The notice shown when the unit no longer exists, naming its successor.
    pub history_note: Option<String>,
}

impl Chrome {
    pub fn is(&self, section: Section) -> bool {
        self.section == section
    }
}

/// What the portal shows around a page, for this viewer (the portal's pages: an anonymous one).
pub async fn chrome(state: &AppState, v: &Viewer, section: Section) -> Result<Chrome, WebError> {
    let unit = v.unit();
    let programmes = state.app.programmes(v).await?;
    let programme_year = programmes.first().map(|p| p.year.get());
    let targets_year = programmes
        .iter()
        .find(|p| p.status == ProgrammeStatus::Reviewed)
        .or(programmes.first())
        .map(|p| p.year.get());
    let history_note = match (unit.is_valid_on(v.today()), unit.successor_id) {
        (false, Some(successor)) => {
            let successor = state.app.unit(successor).await?;
            Some(format!(
                "{} đã kết thúc hoạt động ngày {}; {} kế thừa. Trang này lưu giữ thông tin lịch sử.",
                capitalise(&unit.full_name()),
                unit.valid_to.map(domain::time::short_date).unwrap_or_default(),
                successor.full_name()
            ))
        }
        _ => None,
    };
    Ok(Chrome {
        site_name: format!("Cổng thông tin điện tử {}", unit.full_name()),
        tagline: format!("HĐND – UBND – Ủy ban MTTQ Việt Nam {}", unit.full_name()),
        section,
        programme_year,
        targets_year,
        history_note,
    })
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An article in a list.
pub struct CardView {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub time: String,
    pub iso: String,
}

impl From<&store::ArticleCard> for CardView {
    fn from(card: &store::ArticleCard) -> Self {
        Self {
            href: format!("/tin-tuc/{}", card.slug),
            title: card.title.clone(),
            summary: card.summary.clone(),
            time: domain::time::portal_timestamp(card.published_at),
            iso: card.published_at.to_rfc3339(),
        }
    }
}
