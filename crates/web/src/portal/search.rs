//! The search page `/tim-kiem`: results filtered by kind, year and body with links for each
//! (facets), highlighted snippets, ten a page, "did you mean" when nothing matches, and titles
//! suggested as one types (`/tim-kiem/goi-y`, an HTML fragment for htmx). Everything works
//! without JavaScript. Anonymous visitors find public records only; signed-in staff of the unit
//! also find drafts. The page differs by who asks, so it is not in the page cache.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use search::Kind;

use super::{chrome, Chrome, Section};
use crate::extract::{Public, QueryMap, Visitor};
use crate::render::render_page;
use crate::{HtmlResult, WebError};

/// Results per page.
pub const PER_PAGE: usize = 10;
/// The last page served (the index serves no deeper).
pub const MAX_PAGE: usize = search::MAX_OFFSET / PER_PAGE;
/// Titles suggested as one types.
const SUGGESTIONS: usize = 8;
/// Page links shown around the current one.
const PAGE_WINDOW: usize = 4;

/// What the address asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pub q: String,
    pub kind: Option<Kind>,
    pub year: Option<i32>,
    pub body: Option<i64>,
    /// One of the units below whose records a province's search covers, by its slug.
    pub unit: Option<String>,
    pub page: usize,
}

impl Params {
    /// Read `q`, `loai`, `nam`, `co-quan` and `trang`; empty values mean absent.
    pub fn parse(query: &HashMap<String, String>) -> Result<Self, WebError> {
        let get = |k: &str| query.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
        let kind = match get("loai") {
            None => None,
            Some(s) => Some(
                Kind::parse(s)
                    .ok_or_else(|| WebError::BadRequest(format!("Loại kết quả “{s}” không có.")))?,
            ),
        };
        let year = match get("nam") {
            None => None,
            Some(s) => Some(
                domain::programme::Year::parse(s)
                    .map_err(|e| WebError::BadRequest(format!("“{s}”: {}", e.messages())))?
                    .get(),
            ),
        };
        let body = match get("co-quan") {
            None => None,
            Some(s) => Some(
                s.parse::<i64>()
                    .map_err(|_| WebError::BadRequest(format!("Mã cơ quan “{s}” không hợp lệ.")))?,
            ),
        };
        let unit = get("don-vi").map(str::to_string);
        let last = u32::try_from(MAX_PAGE).unwrap_or(u32::MAX);
        let page = crate::extract::page_number("trang", get("trang"), last)? as usize;
        Ok(Params {
            q: query.get("q").cloned().unwrap_or_default(),
            kind,
            year,
            body,
            unit,
            page,
        })
    }

    /// The address of this search with some of its parts changed.
    pub fn href(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", self.q.trim());
        if let Some(k) = self.kind {
            s.append_pair("loai", k.as_str());
        }
        if let Some(y) = self.year {
            s.append_pair("nam", &y.to_string());
        }
        if let Some(b) = self.body {
            s.append_pair("co-quan", &b.to_string());
        }
        if let Some(u) = &self.unit {
            s.append_pair("don-vi", u);
        }
        if self.page > 1 {
            s.append_pair("trang", &self.page.to_string());
        }
        format!("/tim-kiem?{}", s.finish())
    }

    fn with(&self, change: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        p.page = 1;
        change(&mut p);
        p.href()
    }

    fn searches(&self) -> bool {
        !self.q.trim().is_empty()
            || self.kind.is_some()
            || self.year.is_some()
            || self.unit.is_some()
    }
}

/// A link of a facet or of the pager.
pub struct Link {
    pub label: String,
    pub href: String,
    /// The number of matches, written for people ("1.234", "≈ 97.000").
    pub count: Option<String>,
    pub current: bool,
}

pub struct HitView {
    pub kind: String,
    pub kind_code: &'static str,
    pub title_html: String,
    pub url: String,
    pub year: Option<i32>,
    pub snippet_html: String,
    /// Found through the signed-in person's access only (links into the workspace).
    pub internal: bool,
    /// The unit the record is of, when it is not the searching unit ("phường Nghĩa Đô").
    pub unit: Option<String>,
}

/// A unit of a province's search, offered in the list that narrows it to one: a province has a
/// hundred communes or more, too many for a list of links on a phone.
pub struct UnitChoice {
    pub slug: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    total: usize,
    /// The total as shown: "1.234", or "khoảng 97.000" when estimated.
    total_label: String,
    all_words: bool,
    first: usize,
    last: usize,
    hits: Vec<HitView>,
    kinds: Vec<Link>,
    years: Vec<Link>,
    bodies: Vec<Link>,
    /// The units below a province's, to narrow its search to one; empty for a commune.
    units: Vec<UnitChoice>,
    /// The search's other filters, kept by the form that narrows it to a unit.
    kept: Vec<(&'static str, String)>,
    suggestions: Vec<Link>,
    pages: Vec<Link>,
    prev: Option<String>,
    next: Option<String>,
    include_private: bool,
}

#[derive(Template)]
#[template(path = "_search_suggestions.html")]
struct SuggestionList {
    items: Vec<Link>,
    /// Where the unit's links start.
    base: String,
}

/// A count as shown: grouped by thousands, and when `estimated` (the index estimates counts of
/// very large result lists from a sample) rounded to two significant digits after "≈", so that
/// it does not pretend to a precision it lacks.
fn count_label(n: u64, estimated: bool) -> String {
    if !estimated || n < 100 {
        return vi::format_int(i64::try_from(n).unwrap_or(i64::MAX));
    }
    let unit = 10u64.pow(n.ilog10() - 1);
    let rounded = (n + unit / 2) / unit * unit;
    format!(
        "≈ {}",
        vi::format_int(i64::try_from(rounded).unwrap_or(i64::MAX))
    )
}

pub async fn page(Visitor { state, v }: Visitor, Query(query): QueryMap) -> HtmlResult {
    let params = Params::parse(&query)?;
    let include_private = v.is_staff();
    // The frame of the page is the public portal's, whoever searches.
    let chrome = chrome(&state, &v.anonymous(), Section::Search).await?;
    let tr = chrome.tr;
    let q = params.q.trim().to_string();
    let mut page = SearchPage {
        chrome,
        q: q.clone(),
        searched: params.searches(),
        total: 0,
        total_label: String::new(),
        all_words: true,
        first: 0,
        last: 0,
        hits: Vec::new(),
        kinds: Vec::new(),
        years: Vec::new(),
        bodies: Vec::new(),
        units: Vec::new(),
        kept: Vec::new(),
        suggestions: Vec::new(),
        pages: Vec::new(),
        prev: None,
        next: None,
        include_private,
    };
    if !page.searched {
        return render_page(&page);
    }

    let mut query = search::Query::new(&q);
    query.kinds = params.kind.into_iter().collect();
    query.year = params.year;
    query.body_id = params.body;
    query.offset = (params.page - 1) * PER_PAGE;
    query.limit = PER_PAGE;
    let only = state.app.searched_unit(params.unit.as_deref()).await?;
    let results = state.app.search_in(&v, query, only).await?;

    page.total = results.total;
    let estimated = results.facets_estimated;
    page.total_label = if results.total_estimated {
        tr.t1(
            "about",
            "count",
            count_label(results.total as u64, true).trim_start_matches("≈ "),
        )
    } else {
        count_label(results.total as u64, false)
    };
    page.all_words = results.all_words;
    page.first = (params.page - 1) * PER_PAGE + 1;
    page.last = (page.first + results.hits.len()).saturating_sub(1);
    let places = state.app.hit_places(&v, &results.hits).await?;
    page.hits = results
        .hits
        .into_iter()
        .zip(places)
        .map(|(h, place)| HitView {
            kind: tr.name(h.kind),
            kind_code: h.kind.as_str(),
            internal: h.url.starts_with("/quan-ly"),
            title_html: h.title_html,
            url: place.href,
            year: h.year,
            snippet_html: h.snippet_html,
            unit: place.unit.map(|u| u.full_name()),
        })
        .collect();

    let all_kinds: u64 = results.facets.kinds.iter().map(|(_, n)| n).sum();
    page.kinds.push(Link {
        label: tr.t("all"),
        href: params.with(|p| p.kind = None),
        count: Some(count_label(all_kinds, estimated)),
        current: params.kind.is_none(),
    });
    page.kinds
        .extend(results.facets.kinds.iter().map(|&(kind, n)| Link {
            label: tr.name(kind),
            href: params.with(|p| p.kind = Some(kind)),
            count: Some(count_label(n, estimated)),
            current: params.kind == Some(kind),
        }));
    if params.year.is_some() || !results.facets.years.is_empty() {
        page.years.push(Link {
            label: tr.t("every-year"),
            href: params.with(|p| p.year = None),
            count: None,
            current: params.year.is_none(),
        });
        page.years
            .extend(results.facets.years.iter().map(|&(year, n)| Link {
                label: year.to_string(),
                href: params.with(|p| p.year = Some(year)),
                count: Some(count_label(n, estimated)),
                current: params.year == Some(year),
            }));
    }
    page.bodies.push(Link {
        label: tr.t("every-body"),
        href: params.with(|p| p.body = None),
        count: None,
        current: params.body.is_none(),
    });
    page.bodies
        .extend(state.app.bodies(&v).await?.into_iter().map(|b| Link {
            href: params.with(|p| p.body = Some(b.id)),
            current: params.body == Some(b.id),
            label: b.short_name,
            count: None,
        }));
    let below = state.app.units_searched_below(&v).await?;
    if !below.is_empty() {
        page.units = below
            .into_iter()
            .map(|u| UnitChoice {
                current: params.unit.as_deref() == Some(u.slug.as_str()),
                label: match u.valid_to {
                    Some(to) => {
                        let until = tr.t1("until", "date", domain::time::short_date(to));
                        format!("{} ({until})", u.full_name())
                    }
                    None => u.full_name(),
                },
                slug: u.slug,
            })
            .collect();
        page.kept = [
            ("loai", params.kind.map(|k| k.as_str().to_string())),
            ("nam", params.year.map(|y| y.to_string())),
            ("co-quan", params.body.map(|b| b.to_string())),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
    }
    page.suggestions = results
        .suggestions
        .into_iter()
        .map(|s| Link {
            href: Params {
                q: s.clone(),
                ..Params::default()
            }
            .href(),
            label: s,
            count: None,
            current: false,
        })
        .collect();

    let last_page = results.total.div_ceil(PER_PAGE).clamp(1, MAX_PAGE);
    let at = |n: usize| {
        let mut p = params.clone();
        p.page = n;
        p.href()
    };
    let from = params.page.saturating_sub(PAGE_WINDOW).max(1);
    let to = (params.page + PAGE_WINDOW).min(last_page);
    if last_page > 1 {
        page.pages = (from..=to)
            .map(|n| Link {
                label: n.to_string(),
                href: at(n),
                count: None,
                current: n == params.page,
            })
            .collect();
    }
    page.prev = (params.page > 1).then(|| at(params.page - 1));
    page.next = (params.page < last_page).then(|| at(params.page + 1));
    render_page(&page)
}

/// The titles suggested for what is being typed, as a list fragment (empty without words).
pub async fn suggestions(Public { state, v }: Public, Query(query): QueryMap) -> HtmlResult {
    let prefix = query.get("q").cloned().unwrap_or_default();
    let titles = if prefix.trim().is_empty() {
        Vec::new()
    } else {
        state.app.suggest(&v, prefix, SUGGESTIONS).await?
    };
    render_page(&SuggestionList {
        base: format!("{}{}", v.base(), v.lang().prefix()),
        items: titles
            .into_iter()
            .map(|t| Link {
                href: Params {
                    q: t.clone(),
                    ..Params::default()
                }
                .href(),
                label: t,
                count: None,
                current: false,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Params, WebError> {
        Params::parse(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn exact_counts_are_grouped_and_estimates_rounded_to_two_digits() {
        assert_eq!(count_label(1234, false), "1.234");
        assert_eq!(count_label(971_180, true), "≈ 970.000");
        assert_eq!(count_label(97_551, true), "≈ 98.000");
        assert_eq!(count_label(42, true), "42");
    }

    #[test]
    fn the_address_round_trips() {
        let p = parse(&[
            ("q", "Cầu Giấy"),
            ("loai", "article"),
            ("nam", "2021"),
            ("co-quan", "3"),
            ("trang", "2"),
        ])
        .unwrap();
        assert_eq!(
            p.href(),
            "/tim-kiem?q=C%E1%BA%A7u+Gi%E1%BA%A5y&loai=article&nam=2021&co-quan=3&trang=2"
        );
        assert_eq!(
            p.with(|p| p.kind = None),
            "/tim-kiem?q=C%E1%BA%A7u+Gi%E1%BA%A5y&nam=2021&co-quan=3"
        );
    }

    #[test]
    fn empty_filters_are_absent_and_bad_ones_are_refused() {
        let p = parse(&[("q", "x"), ("loai", ""), ("nam", " "), ("trang", "")]).unwrap();
        assert_eq!((p.kind, p.year, p.page), (None, None, 1));
        for bad in [
            ("loai", "Article"),
            ("nam", "abc"),
            ("co-quan", "x"),
            ("trang", "0"),
            ("trang", "100000"),
        ] {
            assert!(parse(&[bad]).is_err(), "{bad:?}");
        }
    }
}
