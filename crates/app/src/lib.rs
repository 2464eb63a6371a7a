//! phoihop's use cases, without HTTP: what the web layer and the command line share. Every read
//! takes a [`Viewer`] and asks `domain::access` through it; every write takes the person doing it,
//! asks the same rule, and runs in one write transaction of the change log. The change-log
//! followers (search index, caches), the official documents, the exports, the imports and the
//! reminders live here too.
//!
//! Errors: `thiserror` ([`AppError`]); the web layer turns them into pages, the binary into lines.

pub mod accounts;
mod articles;
mod contents;
mod error;
pub mod exports;
mod finding;
mod history;
pub mod imports;
pub mod indexing;
mod meetings;
mod organisation;
mod oversight;
mod programmes;
pub mod reminders;
pub mod reports;
mod viewer;

use std::sync::Arc;

use domain::access::{Actor, UnitPath};
use domain::unit::AdminUnit;
use store::{Store, WriteTx};

pub use contents::{new_target, BulkChange};
pub use error::{AppError, Result};
pub use history::History;
pub use indexing::Indexer;
pub use meetings::{meeting_record, minutes_record};
pub use organisation::OrganisationChange;
pub use programmes::{programme_parties, programme_title};
pub use viewer::Viewer;

/// Called after every committed write with the unit it changed: the web layer's page cache
/// forgets that unit's pages at once rather than at its next poll of the log.
pub type WriteHook = Arc<dyn Fn(i64) + Send + Sync>;

/// The application: the store, this node's search index, and what to tell after a write.
/// Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    indexer: Arc<Indexer>,
    on_write: Option<WriteHook>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("store", &self.store)
            .field("indexer", &self.indexer)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The application with a search index in memory, built at the first search and caught up
    /// at every search: no follower needed (tests, embedding).
    pub fn new(store: Store) -> Self {
        Self {
            store,
            indexer: Arc::new(Indexer::in_memory()),
            on_write: None,
        }
    }

    /// The application over an index opened by the caller, kept current by
    /// [`App::spawn_search_follower`].
    pub fn with_index(store: Store, index: Arc<search::SearchIndex>) -> Self {
        Self {
            indexer: Arc::new(Indexer::new(index)),
            ..Self::new(store)
        }
    }

    /// Tell `hook` the unit of every write this node commits.
    pub fn on_write(self, hook: WriteHook) -> Self {
        Self {
            on_write: Some(hook),
            ..self
        }
    }

    /// The store, for the binary's commands and for tests that prepare data.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn indexer(&self) -> &Arc<Indexer> {
        &self.indexer
    }

    /// Where a unit sits in the tree: itself and the units above it.
    pub async fn unit_path(&self, unit: &AdminUnit) -> Result<UnitPath> {
        let mut above = Vec::new();
        let mut parent = unit.parent_id;
        // Levels are few; the bound only guards against a cycle in bad data.
        while let (Some(id), true) = (parent, above.len() < 8) {
            above.push(id);
            parent = self.store.unit(id).await?.parent_id;
        }
        Ok(UnitPath::new(unit.id, &above))
    }

    /// A person (or nobody) looking at a unit now.
    pub async fn viewer(&self, unit: AdminUnit, actor: Option<Actor>) -> Result<Viewer> {
        let at = self.unit_path(&unit).await?;
        Ok(Viewer::new(actor, unit, at))
    }

    /// A person (or nobody) looking at the installation's default unit: the portal's.
    pub async fn portal_viewer(&self, actor: Option<Actor>) -> Result<Viewer> {
        let unit = self.store.portal_unit().await?;
        self.viewer(unit, actor).await
    }

    /// Commit a write made for a viewer's unit, and say so.
    pub(crate) async fn commit(&self, tx: WriteTx, v: &Viewer) -> Result<()> {
        tx.commit().await?;
        self.written(v.unit_id());
        Ok(())
    }

    pub(crate) fn written(&self, unit_id: i64) {
        if let Some(hook) = &self.on_write {
            hook(unit_id);
        }
    }

    /// Whether the database answers, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }

    /// The newest sequence number of the change log, which the page caches follow.
    pub async fn log_head(&self) -> Result<i64> {
        Ok(self.store.log_head().await?)
    }

    /// Keep the search index in step with the change log (rebuilding it first when it needs
    /// it), so an edit on any node is searchable on this one within a second.
    pub fn spawn_search_follower(&self) -> tokio::task::JoinHandle<()> {
        indexing::spawn_follower(self.store.clone(), self.indexer.clone())
    }

    /// Poll the head of the change log and tell `observe` where it is, every half second: how a
    /// cache on this node learns of writes made on any node.
    pub fn spawn_head_follower(
        &self,
        observe: impl Fn(i64) + Send + Sync + 'static,
    ) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match store.log_head().await {
                    Ok(seq) => observe(seq),
                    Err(e) => tracing::warn!(error = %e, "cannot read the change log head"),
                }
            }
        })
    }
}
