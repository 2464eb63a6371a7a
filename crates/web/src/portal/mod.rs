//! The public portal: pages in Vietnamese, server-rendered, readable on a 360 px phone without
//! JavaScript. The module tree mirrors the URL tree.

pub(crate) mod bodies;
pub(crate) mod chart;
pub(crate) mod discovery;
pub(crate) mod home;
pub(crate) mod linked_data;
pub(crate) mod meetings;
pub(crate) mod news;
pub(crate) mod oversight;
pub(crate) mod programme;
pub(crate) mod rollups;
pub mod search;
pub(crate) mod targets;

use app::Viewer;
use domain::lang::Lang;
use domain::programme::ProgrammeStatus;

use crate::i18n::Tr;
use crate::{AppState, WebError};

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
    Documents,
    Search,
    RollUp,
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
    /// The notice shown when the unit no longer exists: the portal is its archive.
    pub history_note: Option<String>,
    /// The units that took over, linked from the archive's notice.
    pub successors: Vec<UnitLink>,
    /// The archives of the units this one took over from.
    pub predecessors: Vec<UnitLink>,
    /// Where links to the unit's pages in the page's language start: `/dv/{slug}`, or nothing,
    /// then `/en` in English.
    pub base: String,
    /// Where links to the unit's files, feeds and API start, in every language: `/dv/{slug}`, or
    /// nothing.
    pub root: String,
    /// The words of the page's language.
    pub tr: Tr,
    /// The languages the page exists in.
    pub languages: &'static [Lang],
    /// The unit's address, telephone and e-mail, as its settings give them.
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The unit's emblem, when it set one.
    pub logo_url: String,
    /// Whether the unit has units below it (a province), whose roll-up it shows.
    pub rolls_up: bool,
    /// The unit's public address, absolute (`https://phuongnghiado.hanoi.gov.vn`, or the
    /// installation's with the unit's prefix): what links shared outside the site start with.
    pub origin: String,
    /// The page shown, under the unit's address as Vietnamese addresses it (`/tin-tuc/ky-ket`).
    pub page: String,
    /// The unit's name as an organisation is named: "Phường Nghĩa Đô".
    pub unit_name: String,
}

/// A page's frame speaks its language: `chrome.t("nav-home")` in a template.
impl std::ops::Deref for Chrome {
    type Target = Tr;

    fn deref(&self) -> &Tr {
        &self.tr
    }
}

impl Chrome {
    pub fn is(&self, section: Section) -> bool {
        self.section == section
    }

    /// A path of the unit's pages as a link in the page's language; other addresses as they are.
    pub fn link(&self, path: impl AsRef<str>) -> String {
        let path = path.as_ref();
        if path.starts_with('/') && !path.starts_with("//") {
            self.link_in(self.lang(), path)
        } else {
            path.to_string()
        }
    }

    /// A page of the unit in `lang`, as a link: its home without a trailing slash.
    fn link_in(&self, lang: Lang, page: &str) -> String {
        match lang.page(page).as_str() {
            "/" => domain::address::home(&self.root),
            page => domain::address::link(&self.root, page),
        }
    }

    /// A path of the unit's files, feeds or API as a link, the same in every language.
    pub fn file_link(&self, path: impl AsRef<str>) -> String {
        domain::address::link(&self.root, path.as_ref())
    }

    /// This page in every language, absolute, with the language's tag: the `hreflang` links.
    pub fn alternates(&self) -> Vec<(&'static str, String)> {
        match self.languages {
            [_] => Vec::new(),
            all => all
                .iter()
                .map(|l| (l.code(), self.absolute_in(*l, &self.page)))
                .collect(),
        }
    }

    /// This page in the other language, as the switch links it.
    pub fn other_languages(&self) -> Vec<(Lang, String)> {
        self.languages
            .iter()
            .filter(|l| **l != self.lang())
            .map(|l| (*l, self.link_in(*l, &self.page)))
            .collect()
    }

    fn absolute_in(&self, lang: Lang, path: &str) -> String {
        domain::address::absolute(&self.origin, &lang.page(path))
    }

    /// A path of the unit's pages as an absolute address at the unit's public address; other
    /// addresses as they are.
    pub fn absolute(&self, path: impl AsRef<str>) -> String {
        domain::address::absolute(&self.origin, path.as_ref())
    }

    /// The page's one address for search engines and shares: at the unit's own public address,
    /// however it was reached (its prefix on any host, or its host name).
    pub fn canonical(&self) -> String {
        self.absolute_in(self.lang(), &self.page)
    }

    /// The picture a shared page shows when it has none of its own, absolute.
    pub fn share_image(&self) -> String {
        self.file(crate::static_files::href("og.png"))
    }

    /// A file's address as a page writes it (`/anh/…`, `/dv/{unit}/anh/…`, `/static/…`),
    /// absolute: files are the installation's, at the scheme and host of the unit's address.
    pub fn file(&self, src: &str) -> String {
        if src.starts_with('/') && !src.starts_with("//") {
            format!("{}{src}", domain::address::site_of(&self.origin))
        } else {
            src.to_string()
        }
    }

    /// The unit's home page in the page's language.
    pub fn home(&self) -> String {
        domain::address::home(&self.base)
    }
}

/// Another unit's portal, linked by its prefix (which serves it on any host name).
pub struct UnitLink {
    pub name: String,
    pub href: String,
    /// The day that matters: when a successor took over, when a predecessor ended.
    pub when: String,
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
    let directory = state.app.directory().await?;
    let settings = directory.settings(unit.id);
    let rolls_up = !directory.children(unit.id).is_empty();
    let unit_link = |u: &domain::unit::AdminUnit, on: String| UnitLink {
        name: u.full_name(),
        href: domain::address::base_of(&u.slug),
        when: on,
    };
    let successors: Vec<UnitLink> = directory
        .successors(unit.id)
        .into_iter()
        .map(|(u, on)| unit_link(u, domain::time::short_date(on)))
        .collect();
    let predecessors: Vec<UnitLink> = directory
        .predecessors(unit.id)
        .into_iter()
        .map(|(u, _)| {
            unit_link(
                u,
                u.valid_to.map(domain::time::short_date).unwrap_or_default(),
            )
        })
        .collect();
    let tr = Tr::new(v.lang());
    let history_note = (!unit.is_valid_on(v.today()) && unit.valid_to.is_some()).then(|| {
        let names: Vec<&str> = successors.iter().map(|s| s.name.as_str()).collect();
        let ended = unit
            .valid_to
            .map(domain::time::short_date)
            .unwrap_or_default();
        let unit_name = vi::capitalize(&unit.full_name());
        match names.len() {
            0 => tr.t2("archive-note", "unit", unit_name, "date", ended),
            _ => tr.with(
                "archive-note-succeeded",
                &[
                    ("unit", &unit_name),
                    ("date", &ended),
                    ("successors", &names.join(", ")),
                ],
            ),
        }
    });
    let root = v.base().to_string();
    Ok(Chrome {
        site_name: tr.t1("site-name", "unit", unit.full_name()),
        tagline: tr.t1("site-tagline", "unit", unit.full_name()),
        section,
        programme_year,
        targets_year,
        history_note,
        successors,
        predecessors,
        base: format!("{root}{}", v.lang().prefix()),
        root,
        tr,
        languages: v.languages(),
        address: settings.address,
        phone: settings.phone,
        email: settings.email,
        logo_url: settings.logo_url,
        rolls_up,
        origin: state.app.public_origin(v).await?,
        page: v.page().to_string(),
        unit_name: vi::capitalize(&unit.full_name()),
    })
}

/// The names of the bodies `ids`, in their order, joined: "UBND – MTTQ"; an id without a name is
/// left out.
pub fn names_of(ids: &[i64], names: &std::collections::HashMap<i64, String>, sep: &str) -> String {
    let named: Vec<&str> = ids
        .iter()
        .filter_map(|id| names.get(id))
        .map(String::as_str)
        .collect();
    named.join(sep)
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
            time: card
                .published_at
                .map_or_else(|| "Bản nháp".to_string(), domain::time::portal_timestamp),
            iso: card
                .published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
        }
    }
}
