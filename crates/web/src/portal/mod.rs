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

use axum::routing::get;
use axum::Router;
use chrono::Utc;
use domain::programme::ProgrammeStatus;

use crate::{AppState, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/tin-tuc", get(news::list))
        .route("/tin-tuc/{slug}", get(news::show))
        .route("/chuong-trinh", get(programme::latest))
        .route("/chuong-trinh/{year}", get(programme::show))
        .route(
            "/chuong-trinh/{year}/phien-ban/{version}",
            get(programme::version),
        )
        .route("/chi-tieu", get(targets::latest))
        .route("/chi-tieu/{year}", get(targets::show))
        .route("/co-quan", get(bodies::show))
        .route("/co-quan/{id}", get(oversight::body))
        .route("/giam-sat", get(oversight::list))
        .route("/giam-sat/{id}", get(oversight::show))
        .route("/kien-nghi", get(oversight::recommendations))
        .route("/hoi-nghi", get(meetings::list))
        .route("/hoi-nghi.ics", get(meetings::feed))
        .route("/hoi-nghi/{id}", get(meetings::show))
        .route("/hoi-nghi/{id}/lich.ics", get(meetings::one))
}

/// Portal pages whose content depends on who asks (signed-in staff find drafts): kept out of the
/// page cache, which is keyed by address alone.
pub fn personal_router() -> Router<AppState> {
    Router::new()
        .route("/tim-kiem", get(search::page))
        .route("/tim-kiem/goi-y", get(search::suggestions))
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

pub async fn chrome(state: &AppState, section: Section) -> Result<Chrome, WebError> {
    let store = &state.store;
    let unit = store.portal_unit().await?;
    let programmes = store.programmes(unit.id).await?;
    let programme_year = programmes
        .iter()
        .find(|p| p.status != ProgrammeStatus::Draft)
        .map(|p| p.year.get());
    let targets_year = programmes
        .iter()
        .find(|p| p.status == ProgrammeStatus::Reviewed)
        .or(programmes.first())
        .map(|p| p.year.get());
    let today = Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive();
    let history_note = match (unit.is_valid_on(today), unit.successor_id) {
        (false, Some(successor)) => {
            let successor = store.unit(successor).await?;
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

/// Parse a year from a path segment; anything else is a page that does not exist.
fn year_from_path(segment: &str) -> Result<domain::programme::Year, WebError> {
    domain::programme::Year::parse(segment).map_err(|_| WebError::NotFound)
}

/// Names of bodies by id, for showing parties and partners.
fn body_names(bodies: &[domain::body::Body]) -> std::collections::HashMap<i64, String> {
    bodies
        .iter()
        .map(|b| (b.id, b.short_name.clone()))
        .collect()
}
