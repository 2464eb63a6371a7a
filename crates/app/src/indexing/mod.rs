//! The glue between the store and the search index: it turns records into `search::Document`s,
//! rebuilds the index from the database, and follows the change log so an edit on any node is
//! searchable on every node within a second (DESIGN.md: the log is the one feed).
//!
//! The index holds the records of every unit of the installation, each document naming its unit:
//! articles, programme items, targets, meetings, bodies, people, oversight activities and
//! recommendations. A search is scoped to a unit and the archives of the units it took over from.
//! A change-log entry names its unit, so a step re-reads records in the units written only.
//! Who may see a record is decided here, at indexing time:
//! - an article is public once its publication time has come. A scheduled article is indexed as
//!   private and remembered; every follow step re-indexes the ones whose time has come;
//! - programme items and targets are public unless their programme is a draft;
//! - a meeting is public unless it is kept from the portal; its minutes count once published;
//! - bodies and people are public;
//! - an oversight activity is public when it is marked so; a recommendation too, as `/kien-nghi`
//!   shows it, but it names its activity only when that activity is public as well. A
//!   recommendation's state is not indexed: overdue comes with the day, with no log entry to
//!   re-index it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

mod documents;
mod touched;

use chrono::{DateTime, Utc};
use domain::article::Article;
use domain::body::Body;
use domain::oversight::Oversight;
use domain::programme::{Programme, ProgrammeItem};
use domain::target::Target;
use search::{Document, Kind, SearchError, SearchIndex};
use store::{Holding, Store, StoreError};

use documents::{
    article_document, body_document, item_document, meeting_document, oversight_document,
    person_document, recommendation_document, target_document,
};
use touched::{affected_by, Touched};

/// Change-log entries read per follow step.
pub const FOLLOW_BATCH: i64 = 1000;
/// How often the follower polls the change log.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(300);
/// The shortest time between two commits of a follower. A commit writes a segment and starts
/// merges, which cost a busy installation far more than the writes themselves (tens of
/// milliseconds of CPU each); with polls every 300 ms, an edit is searchable within a second.
pub const COMMIT_GAP: Duration = Duration::from_millis(700);
/// Articles read per page during a rebuild.
const REBUILD_PAGE: i64 = 500;

/// What can go wrong while indexing.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("tác vụ chỉ mục bị dừng: {0}")]
    Task(String),
}

/// How far a rebuild has come, in records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// What only one rebuild or follow step may touch at a time.
#[derive(Default)]
struct Work {
    /// Articles indexed as private because their publication time is still to come, with that
    /// time (Unix seconds) and their unit.
    scheduled: HashMap<i64, (i64, i64)>,
    /// Whether `scheduled` was read from the database since the index was opened.
    schedule_loaded: bool,
    /// Changes applied to the writer and not committed yet.
    uncommitted: bool,
    /// When the follower last committed.
    last_commit: Option<std::time::Instant>,
}

/// The search index of this node and what keeps it current. Shared by handlers and the follower.
pub struct Indexer {
    index: OnceLock<Arc<SearchIndex>>,
    work: tokio::sync::Mutex<Work>,
    /// Whether a search first catches up with the change log itself, for an app without a
    /// follower (tests, embedding): every search then sees every write before it.
    catch_up_on_search: bool,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("catch_up_on_search", &self.catch_up_on_search)
            .finish_non_exhaustive()
    }
}

/// What a unit's documents are built from: the unit, its bodies and its programmes, read once per
/// step.
pub(crate) struct Context {
    unit_id: i64,
    bodies: HashMap<i64, Body>,
    programmes: HashMap<i64, Programme>,
    /// What the version in force of each programme being amended holds: the public reads it,
    /// not the amendment.
    in_force: HashMap<i64, store::signing::SignedContent>,
    now: DateTime<Utc>,
}

impl Context {
    async fn load(store: &Store, unit_id: i64) -> Result<Self, StoreError> {
        let bodies = store
            .bodies(unit_id)
            .await?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let programmes: HashMap<i64, Programme> = store
            .programmes(unit_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut in_force = HashMap::new();
        for p in programmes.values().filter(|p| p.amending()) {
            let signed = p.signed_version.unwrap_or(p.version);
            if let Some(text) = store.signed_version(p.id, signed).await? {
                in_force.insert(p.id, store::signing::SignedContent::parse(&text)?);
            }
        }
        Ok(Context {
            unit_id,
            bodies,
            programmes,
            in_force,
            now: Utc::now(),
        })
    }

    /// An item as the public reads it while its programme is amended: the terms in force, and
    /// `false` for an item the amendment adds, which is not in force yet.
    fn item_in_force(&self, mut item: ProgrammeItem) -> (ProgrammeItem, bool) {
        let Some(signed) = self.in_force.get(&item.programme_id) else {
            return (item, true);
        };
        match signed.items.iter().find(|s| s.id == Some(item.id)) {
            Some(s) => {
                item.content = s.content.clone();
                if let Some(lead) = s.lead_id {
                    item.lead_body_id = lead;
                }
                if let Some(partners) = &s.partner_ids {
                    item.partner_body_ids = partners.clone();
                }
                (item, true)
            }
            None => (item, false),
        }
    }

    /// A target as the public reads it while its programme is amended: its signed terms, and
    /// `false` for one the amendment adds.
    fn target_in_force(&self, mut target: Target) -> (Target, bool) {
        let Some(signed) = self
            .in_force
            .get(&target.programme_id)
            .and_then(|s| s.targets.as_ref())
        else {
            return (target, true);
        };
        match signed.iter().find(|s| s.id == target.id) {
            Some(s) => {
                target.name = s.name.clone();
                target.measure = s.measure.clone();
                target.plan = s.plan.parse().unwrap_or(target.plan);
                (target, true)
            }
            None => (target, false),
        }
    }

    fn body_name(&self, id: i64) -> Option<&str> {
        self.bodies.get(&id).map(|b| b.short_name.as_str())
    }
}

impl Indexer {
    /// An indexer over an index opened by the caller (`phoihop serve`), kept current by
    /// [`spawn_follower`].
    pub fn new(index: Arc<SearchIndex>) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(index);
        Indexer {
            index: cell,
            work: tokio::sync::Mutex::new(Work::default()),
            catch_up_on_search: false,
        }
    }

    /// An indexer whose index lives in memory and is created and built at the first search,
    /// each search catching up with the log first: for an app without a follower.
    pub fn in_memory() -> Self {
        Indexer {
            index: OnceLock::new(),
            work: tokio::sync::Mutex::new(Work::default()),
            catch_up_on_search: true,
        }
    }

    /// The index, created in memory on first use for [`Indexer::in_memory`].
    pub fn index(&self) -> Result<Arc<SearchIndex>, IndexError> {
        if let Some(index) = self.index.get() {
            return Ok(index.clone());
        }
        let index = Arc::new(SearchIndex::in_memory()?);
        Ok(self.index.get_or_init(|| index).clone())
    }

    /// Index every record of every unit anew, reporting progress; searches see the old index
    /// until the new one is committed, at once. Returns how many records were indexed.
    pub async fn rebuild(
        &self,
        store: &Store,
        mut progress: impl FnMut(Progress) + Send,
    ) -> Result<u64, IndexError> {
        let mut work = self.work.lock().await;
        self.rebuild_locked(store, &mut work, &mut progress).await
    }

    async fn rebuild_locked(
        &self,
        store: &Store,
        work: &mut Work,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<u64, IndexError> {
        let index = self.index()?;
        // The head first: whatever is written while the records are read is applied again by
        // the next follow step, which is harmless.
        let head = store.log_head().await?;
        let units = store.units().await?;
        let mut total = 0u64;
        for unit in &units {
            total += u64::try_from(store.searchable_counts(unit.id).await?.total()).unwrap_or(0);
        }
        let mut done = 0u64;
        progress(Progress { done, total });
        index.clear()?;
        work.scheduled.clear();
        for unit in &units {
            let ctx = Context::load(store, unit.id).await?;
            // Articles page by page: a unit may have a great many.
            let mut after = 0;
            loop {
                let page = store
                    .articles_after(ctx.unit_id, after, REBUILD_PAGE)
                    .await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                let docs: Vec<Document> = page
                    .iter()
                    .map(|a| {
                        note_schedule(work, a, ctx.now);
                        article_document(a, ctx.now)
                    })
                    .collect();
                done += docs.len() as u64;
                upsert(&index, docs).await?;
                progress(Progress { done, total });
            }
            for docs in unit_documents(store, &ctx).await? {
                done += docs.len() as u64;
                upsert(&index, docs).await?;
                progress(Progress { done, total });
            }
        }
        index.set_last_seq(head)?;
        commit(&index).await?;
        work.uncommitted = false;
        work.last_commit = Some(std::time::Instant::now());
        work.schedule_loaded = true;
        progress(Progress {
            done,
            total: total.max(done),
        });
        Ok(done)
    }

    /// Apply the next entries of the change log (at most [`FOLLOW_BATCH`]), and publish the
    /// scheduled articles whose time has come; rebuild instead when the index needs it.
    /// Returns how many log entries were applied.
    pub async fn step(&self, store: &Store) -> Result<usize, IndexError> {
        let mut work = self.work.lock().await;
        let index = self.index()?;
        if index.needs_rebuild() {
            self.rebuild_locked(store, &mut work, &mut |_| {}).await?;
            return Ok(0);
        }
        let now = Utc::now();
        if !work.schedule_loaded {
            work.scheduled = store
                .scheduled_articles(now)
                .await?
                .into_iter()
                .map(|(id, at, unit)| (id, (at, unit)))
                .collect();
            work.schedule_loaded = true;
        }
        let last_seq = index.last_seq()?;
        let entries = store.changes_since(last_seq, FOLLOW_BATCH).await?;
        if entries.is_empty() && last_seq > store.log_head().await? {
            // The index is ahead of the log: it was built from another database, or this one
            // was restored from an older backup. Nothing in it can be trusted.
            tracing::warn!(
                last_seq,
                "chỉ mục tìm kiếm không khớp cơ sở dữ liệu: dựng lại"
            );
            self.rebuild_locked(store, &mut work, &mut |_| {}).await?;
            return Ok(0);
        }
        // What each unit's entries touch; the installation's own records (units, accounts,
        // settings) have no documents.
        let mut touched: BTreeMap<i64, Touched> = BTreeMap::new();
        for entry in &entries {
            if let Some(unit) = entry.unit_id {
                affected_by(entry, touched.entry(unit).or_default());
            }
        }
        let due: Vec<(i64, i64)> = work
            .scheduled
            .iter()
            .filter(|(_, (at, _))| *at <= now.timestamp())
            .map(|(&id, &(_, unit))| (id, unit))
            .collect();
        for (id, unit) in due {
            work.scheduled.remove(&id);
            touched
                .entry(unit)
                .or_default()
                .records
                .insert((Kind::Article, id));
        }
        touched.retain(|_, t| *t != Touched::default());
        let changed = !touched.is_empty();
        for (unit, t) in touched {
            self.apply(store, &index, &mut work, unit, t).await?;
        }
        if let Some(last) = entries.last() {
            index.set_last_seq(last.seq)?;
        }
        if changed || !entries.is_empty() {
            work.uncommitted = true;
        }
        // Without a follower every search catches up first and must see what it caught up with.
        let due =
            self.catch_up_on_search || work.last_commit.is_none_or(|at| at.elapsed() >= COMMIT_GAP);
        if work.uncommitted && due {
            commit(&index).await?;
            work.uncommitted = false;
            work.last_commit = Some(std::time::Instant::now());
        }
        Ok(entries.len())
    }

    /// Re-read every record of a unit a step touched and put its document in the index, or take
    /// it out.
    async fn apply(
        &self,
        store: &Store,
        index: &Arc<SearchIndex>,
        work: &mut Work,
        unit_id: i64,
        mut touched: Touched,
    ) -> Result<(), IndexError> {
        let ctx = Context::load(store, unit_id).await?;
        for id in &touched.programmes {
            for item in store.items(*id).await? {
                touched.records.insert((Kind::ProgrammeItem, item.id));
            }
            for target in store.targets(*id).await? {
                touched.records.insert((Kind::Target, target.id));
            }
        }
        if !touched.oversights.is_empty() {
            for r in store.recommendations(ctx.unit_id).await? {
                if touched.oversights.contains(&r.oversight_id) {
                    touched.records.insert((Kind::Recommendation, r.id));
                }
            }
        }
        for id in &touched.memberships {
            if let Some((person, body)) = store.membership_refs(ctx.unit_id, *id).await? {
                touched.records.insert((Kind::Person, person));
                touched.records.insert((Kind::Body, body));
            }
        }
        for id in &touched.posts {
            if let Some(body) = store.post_body(ctx.unit_id, *id).await? {
                touched.records.insert((Kind::Body, body));
            }
        }
        for id in &touched.terms {
            if let Some(body) = store.term_body(ctx.unit_id, *id).await? {
                touched.records.insert((Kind::Body, body));
            }
        }
        let mut docs = Vec::new();
        for &(kind, id) in &touched.records {
            match self.document(store, &ctx, work, kind, id).await? {
                Some(doc) => docs.push(doc),
                None => index.delete(kind, id)?,
            }
        }
        upsert(index, docs).await
    }

    /// The document of one record as it is now, or `None` when it is gone or not the unit's.
    async fn document(
        &self,
        store: &Store,
        ctx: &Context,
        work: &mut Work,
        kind: Kind,
        id: i64,
    ) -> Result<Option<Document>, IndexError> {
        let programme = |programme_id: i64| ctx.programmes.get(&programme_id);
        Ok(match kind {
            Kind::Article => {
                let article = store.article_by_id(ctx.unit_id, id).await?;
                work.scheduled.remove(&id);
                article.map(|a| {
                    note_schedule(work, &a, ctx.now);
                    article_document(&a, ctx.now)
                })
            }
            Kind::ProgrammeItem => store.item(ctx.unit_id, id).await?.and_then(|i| {
                let (i, in_force) = ctx.item_in_force(i);
                programme(i.programme_id).map(|p| {
                    let mut doc = item_document(&i, p, ctx);
                    doc.public &= in_force;
                    doc
                })
            }),
            Kind::Target => store.target(ctx.unit_id, id).await?.and_then(|t| {
                let (t, in_force) = ctx.target_in_force(t);
                programme(t.programme_id).map(|p| {
                    let mut doc = target_document(&t, p, ctx);
                    doc.public &= in_force;
                    doc
                })
            }),
            Kind::Meeting => store
                .meeting(ctx.unit_id, id)
                .await?
                .map(|m| meeting_document(&m, ctx)),
            Kind::Body => match ctx.bodies.get(&id) {
                Some(b) => Some(body_document(
                    b,
                    &store.holdings_of_body(ctx.unit_id, id).await?,
                    ctx,
                )),
                None => None,
            },
            Kind::Person => {
                let holdings = store.holdings_of_person(ctx.unit_id, id).await?;
                person_document(&holdings, ctx)
            }
            Kind::Oversight => store
                .oversight(ctx.unit_id, id)
                .await?
                .map(|o| oversight_document(&o, ctx)),
            Kind::Recommendation => match store.recommendation(ctx.unit_id, id).await? {
                Some(r) => store
                    .oversight(ctx.unit_id, r.oversight_id)
                    .await?
                    .map(|o| recommendation_document(&r, &o, ctx)),
                None => None,
            },
        })
    }

    /// Follow steps until the log is read to its end.
    pub async fn catch_up(&self, store: &Store) -> Result<(), IndexError> {
        while self.step(store).await? == usize::try_from(FOLLOW_BATCH).unwrap_or(usize::MAX) {}
        Ok(())
    }

    /// Search, as the person asking may see. Without a follower, the index catches up first.
    pub async fn search(
        &self,
        store: &Store,
        query: search::Query,
    ) -> Result<search::Results, IndexError> {
        let index = self.ready(store).await?;
        blocking(move || index.search(&query)).await
    }

    /// Titles of public records of these units for what is being typed.
    pub async fn suggest(
        &self,
        store: &Store,
        prefix: String,
        units: Vec<i64>,
        limit: usize,
    ) -> Result<Vec<String>, IndexError> {
        let index = self.ready(store).await?;
        blocking(move || Ok(index.suggest(&prefix, &units, limit))).await
    }

    async fn ready(&self, store: &Store) -> Result<Arc<SearchIndex>, IndexError> {
        if self.catch_up_on_search {
            self.catch_up(store).await?;
        }
        self.index()
    }
}

/// Keep the index in step with the change log: rebuild it when it needs it, then poll every
/// [`FOLLOW_INTERVAL`]. Runs until the process ends; errors are logged and retried.
pub fn spawn_follower(store: Store, indexer: Arc<Indexer>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FOLLOW_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failing = false;
        loop {
            tick.tick().await;
            let rebuilding = indexer.index().map(|i| i.needs_rebuild()).unwrap_or(false);
            if rebuilding {
                tracing::info!("đang dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu");
            }
            match indexer.catch_up(&store).await {
                Ok(()) => {
                    if rebuilding {
                        tracing::info!("đã dựng xong chỉ mục tìm kiếm");
                    }
                    failing = false;
                }
                Err(e) => {
                    // Said once per run of failures, not every 300 ms.
                    if !failing {
                        tracing::warn!(error = %e, "không cập nhật được chỉ mục tìm kiếm");
                    }
                    failing = true;
                }
            }
        }
    })
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, IndexError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| IndexError::Task(e.to_string()))?
        .map_err(IndexError::from)
}

async fn upsert(index: &Arc<SearchIndex>, docs: Vec<Document>) -> Result<(), IndexError> {
    if docs.is_empty() {
        return Ok(());
    }
    let index = index.clone();
    blocking(move || index.upsert(&docs)).await
}

async fn commit(index: &Arc<SearchIndex>) -> Result<(), IndexError> {
    let index = index.clone();
    blocking(move || index.commit()).await
}

/// Every document of one unit but its articles, in batches: each programme's items and targets,
/// meetings, oversight, and the organisation.
async fn unit_documents(store: &Store, ctx: &Context) -> Result<Vec<Vec<Document>>, IndexError> {
    let mut batches = Vec::new();

    let mut programmes: Vec<&Programme> = ctx.programmes.values().collect();
    programmes.sort_by_key(|p| p.id);
    for p in programmes {
        let mut docs: Vec<Document> = store
            .items(p.id)
            .await?
            .iter()
            .map(|i| item_document(i, p, ctx))
            .collect();
        docs.extend(
            store
                .targets(p.id)
                .await?
                .iter()
                .map(|t| target_document(t, p, ctx)),
        );
        batches.push(docs);
    }

    batches.push(
        store
            .meetings(ctx.unit_id)
            .await?
            .iter()
            .map(|m| meeting_document(m, ctx))
            .collect(),
    );

    let oversights: HashMap<i64, Oversight> = store
        .oversights(ctx.unit_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut docs: Vec<Document> = oversights
        .values()
        .map(|o| oversight_document(o, ctx))
        .collect();
    docs.extend(
        store
            .recommendations(ctx.unit_id)
            .await?
            .iter()
            .filter_map(|r| {
                oversights
                    .get(&r.oversight_id)
                    .map(|o| recommendation_document(r, o, ctx))
            }),
    );
    batches.push(docs);

    let holdings = store.holdings_of_unit(ctx.unit_id).await?;
    let mut docs: Vec<Document> = ctx
        .bodies
        .values()
        .map(|b| body_document(b, &holdings, ctx))
        .collect();
    let mut by_person: Vec<(i64, Vec<Holding>)> = Vec::new();
    for h in holdings {
        match by_person.last_mut() {
            Some((id, list)) if *id == h.person_id => list.push(h),
            _ => by_person.push((h.person_id, vec![h])),
        }
    }
    docs.extend(
        by_person
            .iter()
            .filter_map(|(_, list)| person_document(list, ctx)),
    );
    batches.push(docs);
    Ok(batches)
}

fn note_schedule(work: &mut Work, article: &Article, now: DateTime<Utc>) {
    match article.published_at {
        Some(at) if at > now => {
            work.scheduled
                .insert(article.id, (at.timestamp(), article.unit_id));
        }
        _ => {
            work.scheduled.remove(&article.id);
        }
    }
}
