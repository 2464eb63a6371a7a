//! The glue between the store and the search index: it turns records into `search::Document`s,
//! rebuilds the index from the database, and follows the change log so an edit on any node is
//! searchable on every node within a second (DESIGN.md: the log is the one feed).
//!
//! The index holds the records of the portal's unit: articles, programme items, targets, meetings,
//! bodies, people, oversight activities and recommendations. Who may see a record is decided here,
//! at indexing time:
//! - an article is public once its publication time has come. A scheduled article is indexed as
//!   private and remembered; every follow step re-indexes the ones whose time has come;
//! - programme items and targets are public unless their programme is a draft;
//! - a meeting is public unless it is kept from the portal; its minutes count once published;
//! - bodies and people are public;
//! - an oversight activity is public when it is marked so; a recommendation too, as `/kien-nghi`
//!   shows it, but it names its activity only when that activity is public as well. A
//!   recommendation's state is not indexed: overdue comes with the day, with no log entry to
//!   re-index it.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use domain::article::Article;
use domain::body::Body;
use domain::meeting::Meeting;
use domain::oversight::{Oversight, Recommendation, TeamMember};
use domain::programme::{Programme, ProgrammeItem, ProgrammeStatus};
use domain::target::Target;
use search::{Document, Kind, SearchError, SearchIndex};
use store::search_feed::Holding;
use store::{ChangeEntry, Store, StoreError};

use crate::WebError;

/// Change-log entries read per follow step.
pub const FOLLOW_BATCH: i64 = 1000;
/// How often the follower polls the change log.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(300);
/// Articles read per page during a rebuild.
const REBUILD_PAGE: i64 = 500;
/// Longest title of a programme item; longer contents are cut at a word.
const MAX_ITEM_TITLE: usize = 180;

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

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::Store(e) => e.into(),
            other => WebError::Internal(other.to_string()),
        }
    }
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
    /// time (Unix seconds).
    scheduled: HashMap<i64, i64>,
    /// Whether `scheduled` was read from the database since the index was opened.
    schedule_loaded: bool,
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

/// The records a batch of changes touches.
#[derive(Debug, Default, PartialEq, Eq)]
struct Touched {
    records: BTreeSet<(Kind, i64)>,
    /// Programmes whose items and targets all change (status, year).
    programmes: BTreeSet<i64>,
    /// Oversight activities whose recommendations all change (the title, year and visibility
    /// they show).
    oversights: BTreeSet<i64>,
    memberships: BTreeSet<i64>,
    posts: BTreeSet<i64>,
    terms: BTreeSet<i64>,
}

/// What a change-log entry touches in the index (entities without documents touch nothing).
fn affected_by(entry: &ChangeEntry, touched: &mut Touched) {
    let id = entry.entity_id;
    match entry.entity.as_str() {
        "article" => {
            touched.records.insert((Kind::Article, id));
        }
        "programme_item" => {
            touched.records.insert((Kind::ProgrammeItem, id));
        }
        "target" => {
            touched.records.insert((Kind::Target, id));
        }
        "programme" => {
            touched.programmes.insert(id);
        }
        "meeting" | "meeting_details" => {
            touched.records.insert((Kind::Meeting, id));
        }
        "body" => {
            touched.records.insert((Kind::Body, id));
        }
        "person" => {
            touched.records.insert((Kind::Person, id));
        }
        "membership" => {
            touched.memberships.insert(id);
            // A membership that is gone still names its person in the log.
            if let Some(person) = entry
                .before_json
                .as_deref()
                .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                .and_then(|v| v.get("person_id").and_then(serde_json::Value::as_i64))
            {
                touched.records.insert((Kind::Person, person));
            }
        }
        "post" => {
            touched.posts.insert(id);
        }
        "term" => {
            touched.terms.insert(id);
        }
        "oversight" => {
            touched.records.insert((Kind::Oversight, id));
            touched.oversights.insert(id);
        }
        "recommendation" => {
            touched.records.insert((Kind::Recommendation, id));
        }
        _ => {}
    }
}

/// What documents are built from: the unit, its bodies and its programmes, read once per step.
struct Context {
    unit_id: i64,
    bodies: HashMap<i64, Body>,
    programmes: HashMap<i64, Programme>,
    now: DateTime<Utc>,
}

impl Context {
    async fn load(store: &Store) -> Result<Self, StoreError> {
        let unit = store.portal_unit().await?;
        let bodies = store
            .bodies(unit.id)
            .await?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let programmes = store
            .programmes(unit.id)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(Context {
            unit_id: unit.id,
            bodies,
            programmes,
            now: Utc::now(),
        })
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

    /// Index every record of the portal's unit anew, reporting progress; searches see the old
    /// index until the new one is committed, at once. Returns how many records were indexed.
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
        let ctx = Context::load(store).await?;
        let total = u64::try_from(store.searchable_counts(ctx.unit_id).await?.total()).unwrap_or(0);
        let mut done = 0u64;
        progress(Progress { done, total });
        index.clear()?;
        work.scheduled.clear();

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

        let mut programmes: Vec<&Programme> = ctx.programmes.values().collect();
        programmes.sort_by_key(|p| p.id);
        for p in programmes {
            let mut docs: Vec<Document> = store
                .items(p.id)
                .await?
                .iter()
                .map(|i| item_document(i, p, &ctx))
                .collect();
            docs.extend(
                store
                    .targets(p.id)
                    .await?
                    .iter()
                    .map(|t| target_document(t, p, &ctx)),
            );
            done += docs.len() as u64;
            upsert(&index, docs).await?;
            progress(Progress { done, total });
        }

        let mut docs: Vec<Document> = Vec::new();
        for m in store.meetings(ctx.unit_id).await? {
            let details = store.meeting_details(m.id).await?;
            docs.push(meeting_document(&m, &details, &ctx));
        }
        done += docs.len() as u64;
        upsert(&index, docs).await?;

        let oversights: HashMap<i64, Oversight> = store
            .oversights(ctx.unit_id)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut docs: Vec<Document> = oversights
            .values()
            .map(|o| oversight_document(o, &ctx))
            .collect();
        docs.extend(
            store
                .recommendations(ctx.unit_id)
                .await?
                .iter()
                .filter_map(|r| {
                    oversights
                        .get(&r.oversight_id)
                        .map(|o| recommendation_document(r, o, &ctx))
                }),
        );
        done += docs.len() as u64;
        upsert(&index, docs).await?;
        progress(Progress { done, total });

        let holdings = store.holdings_of_unit(ctx.unit_id).await?;
        let mut docs: Vec<Document> = ctx
            .bodies
            .values()
            .map(|b| body_document(b, &holdings, &ctx))
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
                .filter_map(|(_, list)| person_document(list, &ctx)),
        );
        done += docs.len() as u64;
        upsert(&index, docs).await?;

        index.set_last_seq(head)?;
        commit(&index).await?;
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
            let unit = store.portal_unit().await?;
            work.scheduled = store
                .scheduled_articles(unit.id, now)
                .await?
                .into_iter()
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
        let mut touched = Touched::default();
        for entry in &entries {
            affected_by(entry, &mut touched);
        }
        let due: Vec<i64> = work
            .scheduled
            .iter()
            .filter(|(_, &at)| at <= now.timestamp())
            .map(|(&id, _)| id)
            .collect();
        for id in due {
            work.scheduled.remove(&id);
            touched.records.insert((Kind::Article, id));
        }
        let changed = touched != Touched::default();
        if changed {
            self.apply(store, &index, &mut work, touched).await?;
        }
        if let Some(last) = entries.last() {
            index.set_last_seq(last.seq)?;
        }
        if changed || !entries.is_empty() {
            commit(&index).await?;
        }
        Ok(entries.len())
    }

    /// Re-read every touched record and put its document in the index, or take it out.
    async fn apply(
        &self,
        store: &Store,
        index: &Arc<SearchIndex>,
        work: &mut Work,
        mut touched: Touched,
    ) -> Result<(), IndexError> {
        let ctx = Context::load(store).await?;
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
            if let Some((person, body)) = store.membership_refs(*id).await? {
                touched.records.insert((Kind::Person, person));
                touched.records.insert((Kind::Body, body));
            }
        }
        for id in &touched.posts {
            if let Some(body) = store.post_body(*id).await? {
                touched.records.insert((Kind::Body, body));
            }
        }
        for id in &touched.terms {
            if let Some(body) = store.term_body(*id).await? {
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

    /// The document of one record as it is now, or `None` when it is gone or not the portal
    /// unit's.
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
                let article = store
                    .article_by_id(id)
                    .await?
                    .filter(|a| a.unit_id == ctx.unit_id);
                work.scheduled.remove(&id);
                article.map(|a| {
                    note_schedule(work, &a, ctx.now);
                    article_document(&a, ctx.now)
                })
            }
            Kind::ProgrammeItem => store
                .item(id)
                .await?
                .and_then(|i| programme(i.programme_id).map(|p| item_document(&i, p, ctx))),
            Kind::Target => store
                .target(id)
                .await?
                .and_then(|t| programme(t.programme_id).map(|p| target_document(&t, p, ctx))),
            Kind::Meeting => match store
                .meeting(id)
                .await?
                .filter(|m| m.unit_id == ctx.unit_id)
            {
                Some(m) => {
                    let details = store.meeting_details(m.id).await?;
                    Some(meeting_document(&m, &details, ctx))
                }
                None => None,
            },
            Kind::Body => match ctx.bodies.get(&id) {
                Some(b) => Some(body_document(b, &store.holdings_of_body(id).await?, ctx)),
                None => None,
            },
            Kind::Person => {
                let holdings = store.holdings_of_person(id).await?;
                let holdings: Vec<Holding> = holdings
                    .into_iter()
                    .filter(|h| h.unit_id == ctx.unit_id)
                    .collect();
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

    /// Titles of public records for what is being typed.
    pub async fn suggest(
        &self,
        store: &Store,
        prefix: String,
        limit: usize,
    ) -> Result<Vec<String>, IndexError> {
        let index = self.ready(store).await?;
        blocking(move || Ok(index.suggest(&prefix, limit))).await
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

fn note_schedule(work: &mut Work, article: &Article, now: DateTime<Utc>) {
    match article.published_at {
        Some(at) if at > now => {
            work.scheduled.insert(article.id, at.timestamp());
        }
        _ => {
            work.scheduled.remove(&article.id);
        }
    }
}

fn year_in_vietnam(at: DateTime<Utc>) -> i32 {
    at.with_timezone(&domain::time::vietnam()).year()
}

/// The text of `s` cut at a word to at most about `max` bytes, with "…" when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = s[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{}…", s[..cut].trim_end_matches([',', ';', ' ']))
}

/// A news article: public once its time has come; drafts link to the workspace.
pub fn article_document(a: &Article, now: DateTime<Utc>) -> Document {
    let public = a.is_public_at(now);
    let mut body = a.summary.clone();
    for part in [a.body.text(), a.byline.clone()] {
        if !part.is_empty() {
            body.push('\n');
            body.push_str(&part);
        }
    }
    Document {
        kind: Kind::Article,
        id: a.id,
        title: a.title.clone(),
        body,
        url: if public {
            format!("/tin-tuc/{}", a.slug)
        } else {
            format!("/quan-ly/tin-tuc/{}", a.id)
        },
        year: a.published_at.map(year_in_vietnam),
        body_ids: Vec::new(),
        public,
        published_at: a.published_at.map(|t| t.timestamp()),
    }
}

fn programme_url(p: &Programme, public_path: &str) -> String {
    if p.status == ProgrammeStatus::Draft {
        format!("/quan-ly/chuong-trinh/{}", p.year.get())
    } else {
        format!("/{public_path}/{}", p.year.get())
    }
}

fn item_document(i: &ProgrammeItem, p: &Programme, ctx: &Context) -> Document {
    let mut body = i.content.clone();
    if let Some(lead) = ctx.body_name(i.lead_body_id) {
        body.push_str(&format!("\nChủ trì: {lead}."));
    }
    let partners: Vec<&str> = i
        .partner_body_ids
        .iter()
        .filter_map(|id| ctx.body_name(*id))
        .collect();
    if !partners.is_empty() {
        body.push_str(&format!(" Phối hợp: {}.", partners.join(", ")));
    }
    body.push_str(&format!(
        "\nThời gian: {}. Tình trạng: {}.",
        i.time_frame.label(),
        i.status.label()
    ));
    for note in &i.notes {
        body.push_str(&format!(
            "\n{}: {}",
            domain::time::short_date(note.on),
            note.text
        ));
    }
    let mut body_ids = vec![i.lead_body_id];
    body_ids.extend(&i.partner_body_ids);
    Document {
        kind: Kind::ProgrammeItem,
        id: i.id,
        title: shorten(&i.content, MAX_ITEM_TITLE),
        body,
        url: programme_url(p, "chuong-trinh"),
        year: Some(p.year.get()),
        body_ids,
        public: p.status != ProgrammeStatus::Draft,
        published_at: None,
    }
}

fn target_document(t: &Target, p: &Programme, ctx: &Context) -> Document {
    let mut body = format!(
        "Chỉ tiêu năm {}: {}. Kế hoạch: {} {}.",
        p.year.get(),
        t.name,
        t.format_value(t.plan),
        t.measure
    );
    if let Some(actual) = t.actual {
        body.push_str(&format!(
            " Thực hiện: {} {}.",
            t.format_value(actual),
            t.measure
        ));
    }
    body.push_str(&format!(" Đánh giá: {}.", t.evaluation().label()));
    if let Some(name) = t.reporting_body_id.and_then(|id| ctx.body_name(id)) {
        body.push_str(&format!(" Báo cáo: {name}."));
    }
    if let Some(note) = &t.note {
        body.push('\n');
        body.push_str(note);
    }
    Document {
        kind: Kind::Target,
        id: t.id,
        title: t.name.clone(),
        body,
        url: programme_url(p, "chi-tieu"),
        year: Some(p.year.get()),
        body_ids: t.reporting_body_id.into_iter().collect(),
        public: p.status != ProgrammeStatus::Draft,
        published_at: None,
    }
}

/// A meeting: public unless kept from the portal; its agenda, and its minutes once published.
fn meeting_document(
    m: &Meeting,
    details: &store::oversight::MeetingDetails,
    ctx: &Context,
) -> Document {
    let programme = m.programme_id.and_then(|id| ctx.programmes.get(&id));
    let mut body = format!(
        "{}. {}, {}.",
        m.kind.label(),
        domain::time::short_datetime(m.starts_at),
        m.venue
    );
    let attendees: Vec<String> = m.attendees.iter().map(|a| a.as_written()).collect();
    if !attendees.is_empty() {
        body.push_str(&format!("\nĐại biểu dự: {}.", attendees.join("; ")));
    }
    if !details.agenda.is_empty() {
        body.push_str(&format!("\nChương trình: {}.", details.agenda.join("; ")));
    }
    if let Some(minutes) = details
        .minutes
        .as_ref()
        .filter(|_| details.minutes_published)
    {
        body.push('\n');
        body.push_str(minutes);
    }
    Document {
        kind: Kind::Meeting,
        id: m.id,
        title: m.title.clone(),
        body,
        url: format!("/hoi-nghi/{}", m.id),
        year: Some(year_in_vietnam(m.starts_at)),
        body_ids: programme.map(|p| p.party_ids.clone()).unwrap_or_default(),
        public: details.public,
        published_at: Some(m.starts_at.timestamp()),
    }
}

/// Midnight of a day in Vietnam, in Unix seconds: orders oversight by when it started.
fn day_start(day: NaiveDate) -> i64 {
    domain::time::at_vietnam(day.and_time(NaiveTime::MIN)).timestamp()
}

/// An oversight activity: who conducted it on whom, when, the team, the findings and documents.
fn oversight_document(o: &Oversight, ctx: &Context) -> Document {
    let mut body = format!("{}.", o.kind.label());
    if let Some(by) = ctx.body_name(o.conducted_by) {
        body.push_str(&format!(" Cơ quan tiến hành: {by}."));
    }
    let mut subjects: Vec<&str> = o
        .subject_body_ids
        .iter()
        .filter_map(|id| ctx.body_name(*id))
        .collect();
    subjects.extend(o.other_subjects.as_deref());
    if !subjects.is_empty() {
        body.push_str(&format!(" Đối tượng: {}.", subjects.join("; ")));
    }
    body.push_str(&format!(
        " Thời gian: {}{}.",
        domain::time::short_date(o.starts_on),
        o.ends_on
            .map(|e| format!(" – {}", domain::time::short_date(e)))
            .unwrap_or_default()
    ));
    if !o.team.is_empty() {
        let team: Vec<String> = o.team.iter().map(TeamMember::as_line).collect();
        body.push_str(&format!("\nThành phần đoàn: {}.", team.join("; ")));
    }
    if let Some(findings) = &o.findings {
        body.push('\n');
        body.push_str(findings);
    }
    for d in &o.documents {
        body.push('\n');
        body.push_str(&d.title);
    }
    let mut body_ids = vec![o.conducted_by];
    body_ids.extend(&o.subject_body_ids);
    body_ids.sort_unstable();
    body_ids.dedup();
    Document {
        kind: Kind::Oversight,
        id: o.id,
        title: o.title.clone(),
        body,
        url: if o.public {
            format!("/giam-sat/{}", o.id)
        } else {
            format!("/quan-ly/giam-sat/{}", o.id)
        },
        year: Some(o.starts_on.year()),
        body_ids,
        public: o.public,
        published_at: Some(day_start(o.starts_on)),
    }
}

/// A recommendation: what it asks of whom by when, its activity, and the responses received.
fn recommendation_document(r: &Recommendation, o: &Oversight, ctx: &Context) -> Document {
    let mut body = r.content.clone();
    if let Some(name) = ctx.body_name(r.responsible_body_id) {
        body.push_str(&format!("\nTrách nhiệm: {name}."));
    }
    if let Some(deadline) = r.deadline {
        body.push_str(&format!(" Hạn: {}.", domain::time::short_date(deadline)));
    }
    // A public recommendation of an activity kept from the portal must not name that activity.
    if o.public || !r.public {
        body.push_str(&format!("\n{}: {}.", o.kind.label(), o.title));
    }
    for x in &r.responses {
        body.push_str(&format!("\n{}: {}", domain::time::short_date(x.on), x.text));
    }
    let mut body_ids = vec![r.responsible_body_id, o.conducted_by];
    body_ids.sort_unstable();
    body_ids.dedup();
    Document {
        kind: Kind::Recommendation,
        id: r.id,
        title: shorten(&r.content, MAX_ITEM_TITLE),
        body,
        url: match (r.public, o.public) {
            (false, _) => format!("/quan-ly/kien-nghi/{}", r.id),
            (true, true) => format!("/giam-sat/{}#kien-nghi-{}", o.id, r.id),
            (true, false) => format!("/kien-nghi#kien-nghi-{}", r.id),
        },
        year: Some(o.starts_on.year()),
        body_ids,
        public: r.public,
        published_at: Some(day_start(o.starts_on)),
    }
}

fn holding_line(h: &Holding, with_person: bool) -> String {
    let who = if with_person {
        format!("{}: {}", h.post, h.full_name)
    } else {
        format!("{} {}", h.post, h.body_name)
    };
    let term = h
        .term
        .as_deref()
        .map(|t| format!(", {t}"))
        .unwrap_or_default();
    let until = h
        .ends_on
        .map(|d| format!(" đến {}", domain::time::short_date(d)))
        .unwrap_or_default();
    format!(
        "{who}{term} (từ {}{until})",
        domain::time::short_date(h.starts_on)
    )
}

fn body_document(b: &Body, holdings: &[Holding], ctx: &Context) -> Document {
    let mut body = format!("{} – {}.", b.short_name, b.kind.label());
    if let Some(parent) = b.parent_body_id.and_then(|id| ctx.bodies.get(&id)) {
        body.push_str(&format!(" Thuộc {}.", parent.name));
    }
    for h in holdings.iter().filter(|h| h.body_id == b.id) {
        body.push('\n');
        body.push_str(&holding_line(h, true));
    }
    let mut body_ids = vec![b.id];
    body_ids.extend(b.parent_body_id);
    Document {
        kind: Kind::Body,
        id: b.id,
        title: b.name.clone(),
        body,
        url: format!("/co-quan/{}", b.id),
        year: None,
        body_ids,
        public: true,
        published_at: None,
    }
}

/// A person, from the posts they held in the unit (`None` without any).
fn person_document(holdings: &[Holding], ctx: &Context) -> Option<Document> {
    let holdings: Vec<&Holding> = holdings
        .iter()
        .filter(|h| h.unit_id == ctx.unit_id)
        .collect();
    let latest = holdings.iter().max_by_key(|h| h.starts_on)?;
    let body = holdings
        .iter()
        .map(|h| holding_line(h, false))
        .collect::<Vec<_>>()
        .join("\n");
    let mut body_ids: Vec<i64> = holdings.iter().map(|h| h.body_id).collect();
    body_ids.sort_unstable();
    body_ids.dedup();
    Some(Document {
        kind: Kind::Person,
        id: latest.person_id,
        title: latest.full_name.clone(),
        body,
        url: format!(
            "/co-quan?ngay={}",
            domain::time::short_date(latest.starts_on)
        ),
        year: None,
        body_ids,
        public: true,
        published_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(entity: &str, id: i64, before: Option<&str>) -> ChangeEntry {
        ChangeEntry {
            seq: 1,
            at: 0,
            actor: "t".into(),
            entity: entity.into(),
            entity_id: id,
            action: "update".into(),
            before_json: before.map(str::to_string),
            after_json: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn log_entries_map_to_the_records_they_touch() {
        let mut t = Touched::default();
        for e in [
            entry("article", 1, None),
            entry("target", 2, None),
            entry("programme", 3, None),
            entry("membership", 4, Some(r#"{"person_id": 9}"#)),
            entry("user", 5, None),
            entry("api_token", 6, None),
            entry("oversight", 7, None),
            entry("recommendation", 8, None),
        ] {
            affected_by(&e, &mut t);
        }
        assert_eq!(
            t.records.iter().copied().collect::<Vec<_>>(),
            [
                (Kind::Article, 1),
                (Kind::Target, 2),
                (Kind::Oversight, 7),
                (Kind::Recommendation, 8),
                (Kind::Person, 9)
            ]
        );
        // An activity's recommendations show its title: they are re-indexed with it.
        assert_eq!(t.oversights.iter().copied().collect::<Vec<_>>(), [7]);
        assert_eq!(t.programmes.iter().copied().collect::<Vec<_>>(), [3]);
        assert_eq!(t.memberships.iter().copied().collect::<Vec<_>>(), [4]);
    }

    #[test]
    fn long_contents_are_cut_at_a_word() {
        assert_eq!(shorten("ngắn", 10), "ngắn");
        let cut = shorten("Phối hợp tổ chức hội nghị tiếp xúc cử tri", 20);
        assert!(cut.ends_with('…') && cut.len() <= 24, "{cut}");
        assert!(cut.starts_with("Phối hợp tổ"), "{cut}");
    }
}
