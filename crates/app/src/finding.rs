//! Searching a unit's records as a person may: the unit's own and the archives of the units it
//! took over from (however many merges and splits back), and for a unit above others (a province)
//! those of every unit below it too; public records for anyone, and the private ones of each of
//! those units whose workspace the person reads.

use std::collections::HashSet;

use domain::access::Action;
use domain::unit::AdminUnit;
use domain::Id;

use crate::directory::Directory;
use crate::{App, AppError, Result, Viewer};

/// Where a hit is shown, and the unit it belongs to when that is not the searching unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitPlace {
    pub href: String,
    pub unit: Option<AdminUnit>,
}

/// The units a search made from `unit` covers: its lineage, then each unit below with its own.
fn searched_units(directory: &Directory, unit: Id) -> Vec<Id> {
    let mut units = directory.lineage(unit);
    let mut seen: HashSet<Id> = units.iter().copied().collect();
    for below in directory.below(unit) {
        for u in directory.lineage(below.id) {
            if seen.insert(u) {
                units.push(u);
            }
        }
    }
    units
}

impl App {
    /// Who a search by this viewer covers; `only` narrows it to one of those units and its
    /// archives (a province's search of one commune).
    async fn search_scope(&self, v: &Viewer, only: Option<Id>) -> Result<search::Scope> {
        let directory = self.directory().await?;
        let mut units = searched_units(&directory, v.unit_id());
        if let Some(only) = only {
            if !units.contains(&only) {
                return Err(AppError::BadRequest(
                    "Đơn vị này không thuộc phạm vi tìm kiếm của trang.".into(),
                ));
            }
            units = directory
                .lineage(only)
                .into_iter()
                .filter(|u| units.contains(u))
                .collect();
        }
        let private_in = units
            .iter()
            .copied()
            .filter(|u| v.may(&Action::read_workspace(directory.path(*u))))
            .collect();
        Ok(search::Scope { units, private_in })
    }

    /// Search, as this person may see.
    pub async fn search(&self, v: &Viewer, query: search::Query) -> Result<search::Results> {
        self.search_in(v, query, None).await
    }

    /// Search, as this person may see, in one of the units the search covers, or in all.
    pub async fn search_in(
        &self,
        v: &Viewer,
        mut query: search::Query,
        only: Option<Id>,
    ) -> Result<search::Results> {
        query.scope = self.search_scope(v, only).await?;
        Ok(self.indexer.search(&self.store, query).await?)
    }

    /// The unit a search is narrowed to, by the slug in its address; an unknown one is a bad
    /// request (one outside the search's units is refused by the search itself).
    pub async fn searched_unit(&self, slug: Option<&str>) -> Result<Option<Id>> {
        let Some(slug) = slug.filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        self.directory()
            .await?
            .by_slug(slug)
            .map(|u| Some(u.id))
            .ok_or_else(|| AppError::BadRequest(format!("Không có đơn vị “{slug}”.")))
    }

    /// The units below the viewer's whose records its search covers, to narrow it to one: a
    /// province's communes (living first); none for a commune.
    pub async fn units_searched_below(&self, v: &Viewer) -> Result<Vec<AdminUnit>> {
        let directory = self.directory().await?;
        let mut below: Vec<AdminUnit> = directory.below(v.unit_id()).into_iter().cloned().collect();
        below.sort_by_key(|u| u.valid_to.is_some());
        Ok(below)
    }

    /// Titles of the public records a search covers (the unit's, its archives', and a
    /// province's communes') for what is being typed.
    pub async fn suggest(&self, v: &Viewer, prefix: String, limit: usize) -> Result<Vec<String>> {
        let units = searched_units(&*self.directory().await?, v.unit_id());
        Ok(self
            .indexer
            .suggest(&self.store, prefix, units, limit)
            .await?)
    }

    /// Where each result is shown (the unit's own pages under the viewer's base, another unit's
    /// under its prefix), and which unit it is of when it is not the viewer's.
    pub async fn hit_places(&self, v: &Viewer, hits: &[search::Hit]) -> Result<Vec<HitPlace>> {
        let directory = self.directory().await?;
        // The portal's pages in the viewer's language; the workspace's, in Vietnamese.
        let page = |url: &str| {
            if url.starts_with("/quan-ly") {
                url.to_string()
            } else {
                v.lang().page(url)
            }
        };
        Ok(hits
            .iter()
            .map(|hit| match directory.unit(hit.unit_id) {
                Some(u) if u.id != v.unit_id() => HitPlace {
                    href: domain::address::link(
                        &domain::address::base_of(&u.slug),
                        &page(&hit.url),
                    ),
                    unit: Some(u.clone()),
                },
                _ => HitPlace {
                    href: domain::address::link(v.base(), &page(&hit.url)),
                    unit: None,
                },
            })
            .collect())
    }

    /// Rebuild the search index from the database, telling `progress` how far it has come.
    pub async fn rebuild_index(
        &self,
        progress: impl FnMut(crate::indexing::Progress) + Send,
    ) -> Result<u64> {
        Ok(self.indexer.rebuild(&self.store, progress).await?)
    }
}
