//! Searching a unit's records as a person may: the unit's own and the archives of the units it
//! took over from (however many merges and splits back); public records for anyone, and the
//! private ones of each of those units whose workspace the person reads.

use domain::access::Action;

use crate::{App, Result, Viewer};

impl App {
    /// Who a search by this viewer covers.
    async fn search_scope(&self, v: &Viewer) -> Result<search::Scope> {
        let directory = self.directory().await?;
        let units = directory.lineage(v.unit_id());
        let private_in = units
            .iter()
            .copied()
            .filter(|u| v.may(&Action::read_workspace(directory.path(*u))))
            .collect();
        Ok(search::Scope { units, private_in })
    }

    /// Search, as this person may see.
    pub async fn search(&self, v: &Viewer, mut query: search::Query) -> Result<search::Results> {
        query.scope = self.search_scope(v).await?;
        Ok(self.indexer.search(&self.store, query).await?)
    }

    /// Titles of the unit's public records (and its archives') for what is being typed.
    pub async fn suggest(&self, v: &Viewer, prefix: String, limit: usize) -> Result<Vec<String>> {
        let units = self.directory().await?.lineage(v.unit_id());
        Ok(self
            .indexer
            .suggest(&self.store, prefix, units, limit)
            .await?)
    }

    /// Where each result is shown: the unit's own pages under the viewer's base, an archive's
    /// under its prefix.
    pub async fn hit_links(&self, v: &Viewer, hits: &[search::Hit]) -> Result<Vec<String>> {
        let directory = self.directory().await?;
        Ok(hits
            .iter()
            .map(|hit| match directory.unit(hit.unit_id) {
                Some(u) if u.id != v.unit_id() => {
                    domain::address::link(&domain::address::base_of(&u.slug), &hit.url)
                }
                _ => v.link(&hit.url),
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
