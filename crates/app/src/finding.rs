//! Searching the unit's records as a person may: the index holds whether anyone may read each
//! record; whether this person also reads the rest is the rule's answer for the unit.

use crate::{App, Result, Viewer};

impl App {
    /// Search, as this person may see: public records for anyone, every record for staff.
    pub async fn search(&self, v: &Viewer, mut query: search::Query) -> Result<search::Results> {
        query.include_private = v.is_staff();
        Ok(self.indexer.search(&self.store, query).await?)
    }

    /// Titles of public records for what is being typed.
    pub async fn suggest(&self, prefix: String, limit: usize) -> Result<Vec<String>> {
        Ok(self.indexer.suggest(&self.store, prefix, limit).await?)
    }

    /// Rebuild the search index from the database, telling `progress` how far it has come.
    pub async fn rebuild_index(
        &self,
        progress: impl FnMut(crate::indexing::Progress) + Send,
    ) -> Result<u64> {
        Ok(self.indexer.rebuild(&self.store, progress).await?)
    }
}
