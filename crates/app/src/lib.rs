//! phoihop's use cases, without HTTP: what the web layer and the command line share. Every read
//! takes a [`Viewer`] and asks `domain::access` through it; every write takes the person doing it,
//! asks the same rule, and runs in one write transaction of the change log. The change-log
//! followers (search index, caches), the official documents, the exports, the imports and the
//! reminders live here too.
//!
//! Errors: `thiserror` ([`AppError`]); the web layer turns them into pages, the binary into lines.

pub mod accounts;
mod amendments;
mod articles;
mod attachments;
pub mod changes;
mod command_line;
mod contents;
pub mod directory;
pub mod discovery;
mod error;
pub mod exports;
mod finding;
mod history;
mod images;
pub mod imports;
pub mod indexing;
pub mod invitations;
mod limits;
mod meetings;
mod organisation;
mod oversight;
mod owned;
mod programmes;
pub mod reminders;
pub mod reports;
pub mod rollups;
mod setup;
pub mod staff;
pub mod units;
mod viewer;
mod withdrawals;

use std::sync::Arc;

use domain::access::Actor;
use domain::entity::Entity;
use domain::unit::AdminUnit;
use store::{Store, WriteTx};

use directory::{Directory, Units};

pub use amendments::{TermChange, VersionInForce};
pub use attachments::{attachment_href, AttachTo, AttachmentUpload};
pub use contents::{new_target, BulkChange};
pub use error::{AppError, Result};
pub use finding::HitPlace;
pub use history::{History, Names};
pub use images::ImageUpload;
pub use indexing::Indexer;
pub use meetings::{meeting_record, minutes_record, roster_day, Roster, RosterEntry};
pub use organisation::OrganisationChange;
pub use programmes::{
    amendment_warning, programme_parties, programme_title, review_warning, PartySigning, SAVING,
};
pub use setup::SetupStep;
pub use viewer::{RetryKey, Unchanged, Viewer};

/// Called after every committed write with the unit it changed (`None`: the installation's own
/// records, which any page may show): the web layer's page cache forgets that unit's pages at
/// once rather than at its next poll of the log.
pub type WriteHook = Arc<dyn Fn(Option<i64>) + Send + Sync>;

/// The application: the store, this node's search index, and what to tell after a write.
/// Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    indexer: Arc<Indexer>,
    units: Arc<Units>,
    on_write: Option<WriteHook>,
    /// The installation's public address, from configuration: what feeds, calendars and e-mails
    /// link to when a unit has no address of its own.
    public_url: Arc<str>,
}

/// The address `phoihop serve` answers on by default.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

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
            units: Arc::new(Units::default()),
            on_write: None,
            public_url: Arc::from(DEFAULT_PUBLIC_URL),
        }
    }

    /// The installation's public address (`https://congthongtin.hanoi.gov.vn`), without a
    /// trailing slash.
    pub fn with_public_url(self, url: &str) -> Self {
        Self {
            public_url: Arc::from(url.trim_end_matches('/')),
            ..self
        }
    }

    /// Where a unit's pages are reached from outside, for whatever leaves the site with an
    /// absolute address (calendars, feeds, e-mails): the unit's own public address when its
    /// settings give one, else the host name mapped to it, else the installation's address with
    /// the unit's prefix (none for the installation's default unit). Never the request's `Host`,
    /// which anyone can set and caches would keep; and the same however the page was reached, so
    /// that each page has one address (its canonical link).
    pub async fn public_origin(&self, v: &Viewer) -> Result<String> {
        self.unit_origin(v.unit()).await
    }

    /// The public address of any unit, as [`App::public_origin`] gives it for the unit's own
    /// pages: where other units' pages link to it (a ward's to its province).
    pub async fn unit_origin(&self, unit: &domain::unit::AdminUnit) -> Result<String> {
        let directory = self.directory().await?;
        let configured = directory.settings(unit.id).base_url;
        if !configured.is_empty() {
            return Ok(configured.trim_end_matches('/').to_string());
        }
        if let Some(host) = &unit.host {
            return Ok(format!("https://{host}"));
        }
        if directory.default_unit().is_some_and(|d| d.id == unit.id) {
            return Ok(self.public_url.to_string());
        }
        Ok(format!(
            "{}{}",
            self.public_url,
            domain::address::base_of(&unit.slug)
        ))
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

    /// The same application reading from the primary database: what staff use when public reads
    /// go to a replica, so that they see their own writes at once.
    pub fn reading_from_primary(&self) -> Self {
        Self {
            store: self.store.primary_only(),
            ..self.clone()
        }
    }

    /// The store, for the binary's commands and for tests that prepare data.
    /// The key that tags what the server hands out for one purpose and takes back (a form's
    /// token before sign-in), the same on every node holding the master key.
    pub fn tag_key(&self, purpose: &str) -> store::sealing::TagKey {
        self.store.tag_key(purpose)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn indexer(&self) -> &Arc<Indexer> {
        &self.indexer
    }

    /// The units of the installation as requests find them.
    pub async fn directory(&self) -> Result<Arc<Directory>> {
        self.units.get(&self.store).await
    }

    /// The directory as this node has it now, without waiting: for a callback that cannot.
    pub fn directory_now(&self) -> Option<Arc<Directory>> {
        self.units.now()
    }

    /// The unit directory is out of date: a unit was created or changed on this node.
    pub(crate) fn units_changed(&self) {
        self.units.invalidate();
    }

    /// A person (or nobody) looking at a unit now.
    pub async fn viewer(&self, unit: AdminUnit, actor: Option<Actor>) -> Result<Viewer> {
        let at = self.directory().await?.path(unit.id);
        Ok(Viewer::new(actor, unit, at))
    }

    /// A person (or nobody) looking at the installation's default unit.
    pub async fn default_viewer(&self, actor: Option<Actor>) -> Result<Viewer> {
        let unit = self
            .directory()
            .await?
            .default_unit()
            .cloned()
            .ok_or(AppError::NotFound)?;
        self.viewer(unit, actor).await
    }

    /// Start a write by this person in the viewer's unit: every entry names the unit.
    ///
    /// The viewer's write terms are checked here, in the transaction, which holds every other
    /// writer back until it ends: a retried creation finds the record it made, and a record
    /// changed since the client read it is refused, with nothing written.
    pub(crate) async fn begin(&self, actor: &Actor, v: &Viewer) -> Result<WriteTx> {
        let mut tx = self.store.begin_for(&actor.username, v.unit_id()).await?;
        if let Some(key) = v.retry_key() {
            let done = tx
                .idempotent_write(v.unit_id(), actor.user_id, &key.key)
                .await?;
            retried(done, key)?;
        }
        if let Some(u) = v.unchanged() {
            let last = tx.last_change_of(v.unit_id(), u.entities, u.id).await?;
            if last > u.seen {
                return Err(AppError::Stale);
            }
        }
        Ok(tx)
    }

    /// Refuse a creation retried with its `Idempotency-Key` before anything else is checked: the
    /// first attempt's record is the answer (`AlreadyDone`), even where the first attempt made
    /// the request invalid now (a category's name, taken by itself). [`App::begin`] asks again
    /// in the transaction, for two retries sent at once.
    pub async fn check_retry(&self, v: &Viewer) -> Result<()> {
        let (Some(key), Some(actor)) = (v.retry_key(), v.actor()) else {
            return Ok(());
        };
        let done = self
            .store
            .idempotent_write(v.unit_id(), actor.user_id, &key.key)
            .await?;
        retried(done, key)
    }

    /// Commit a write made for a viewer's unit, and say so.
    pub(crate) async fn commit(&self, mut tx: WriteTx, v: &Viewer) -> Result<()> {
        if let (Some(key), Some(actor)) = (v.retry_key(), v.actor()) {
            tx.keep_idempotency_key(v.unit_id(), actor.user_id, &key.key, &key.fingerprint)
                .await?;
        }
        let seq = tx.commit().await?;
        v.note_written(seq);
        self.written(v.unit_id());
        Ok(())
    }

    /// The version of a record for its `ETag`: the change log's sequence number of the last
    /// entry that changed it, 0 when none did. Read it before the record, so an `ETag` is never
    /// newer than the body it comes with (an older one only makes a write ask again).
    pub async fn version_of(&self, v: &Viewer, entities: &[Entity], id: i64) -> Result<i64> {
        Ok(self.store.last_seq_of(v.unit_id(), entities, id).await?)
    }

    pub(crate) fn written(&self, unit_id: i64) {
        if let Some(hook) = &self.on_write {
            hook(Some(unit_id));
        }
    }

    /// A write of the installation's own records (the national catalogue): every page may show it.
    pub(crate) fn written_installation(&self) {
        if let Some(hook) = &self.on_write {
            hook(None);
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

    /// Follow the change log every half second and tell `observe` which units the new entries
    /// changed (`None` for the installation's own records): how a cache on this node learns of
    /// writes made on any node. The unit directory reloads itself when units changed.
    pub fn spawn_log_follower(
        &self,
        observe: impl Fn(&[Option<i64>]) + Send + Sync + 'static,
    ) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        let units = self.units.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut seen = store.log_head().await.unwrap_or(0);
            loop {
                tick.tick().await;
                match store.change_marks_since(seen, 10_000).await {
                    Ok(marks) if !marks.is_empty() => {
                        seen = marks.last().map_or(seen, |m| m.seq);
                        if marks.iter().any(|m| m.touches_units()) {
                            units.invalidate();
                        }
                        let mut changed: Vec<Option<i64>> =
                            marks.iter().map(|m| m.unit_id).collect();
                        changed.sort_unstable();
                        changed.dedup();
                        observe(&changed);
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "cannot read the change log"),
                }
            }
        })
    }
}

/// What a write made before with a retry's key means for the retry.
fn retried(done: Option<store::write_terms::DoneWrite>, key: &viewer::RetryKey) -> Result<()> {
    let Some(done) = done else {
        return Ok(());
    };
    Err(match done.record {
        Some((entity, id)) if done.fingerprint == key.fingerprint => {
            AppError::AlreadyDone { entity, id }
        }
        _ => AppError::field(
            "Idempotency-Key",
            "Khóa Idempotency-Key này đã dùng cho một yêu cầu khác; hãy tạo khóa mới cho mỗi yêu cầu",
        ),
    })
}
