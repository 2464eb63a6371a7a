//! The search index: its schema, where it lives, writing documents and answering queries.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use tantivy::collector::{Count, TopDocs};
use tantivy::merge_policy::LogMergePolicy;
use tantivy::query::{AllQuery, Query as TantivyQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

use crate::facets::FacetCollector;
use crate::highlight::Highlighter;
use crate::page;
use crate::query;
use crate::{analysis, suggest};
use crate::{Document, Hit, Kind, Query, Results, Scope, SearchError, MAX_LIMIT, MAX_OFFSET};

/// Version of the index layout (schema, analysis, kind codes). An index directory written with
/// another version is emptied and rebuilt; raise this whenever any of those changes.
pub const SCHEMA_VERSION: u32 = 4;

/// The file in the index directory holding [`SCHEMA_VERSION`].
const VERSION_FILE: &str = "phoihop-search-version";

/// Memory the index writer may use before it writes a segment.
const WRITER_MEMORY: usize = 30_000_000;

/// How segments are merged. tantivy's default puts every segment under 10 000 documents in one
/// level, so on a portal whose whole index is smaller than that (a ward, or a province of wards)
/// each handful of the follower's tiny segments was merged into the big one, rewriting it every few
/// seconds while writes went on. With small levels, tiny segments merge among themselves, and a
/// big segment only with others of its size. Tiny segments are merged four at a time rather than
/// eight: merging a few records costs little, and every segment costs each search its own lookups.
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_min_layer_size(100);
    policy.set_min_num_segments(4);
    policy
}

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// "kind:id", to replace and delete a record.
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    /// The title, stored (NFC) and indexed with the exact analyser.
    pub title_exact: Field,
    pub title_folded: Field,
    /// The body, stored (NFC) and indexed with the exact analyser.
    pub body_exact: Field,
    pub body_folded: Field,
    /// Neighbouring folded words of title and body, one term per pair, for scoring phrases.
    pub pairs: Field,
    pub url: Field,
    pub year: Field,
    pub body_ids: Field,
    /// 1 for public records, 0 for others.
    pub public: Field,
    /// The record's unit.
    pub unit: Field,
    /// Publication time, `i64::MIN` when unknown; orders results of queries without words.
    pub published: Field,
}

fn text_field(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_u64_field("kind", INDEXED | FAST | STORED),
        id: b.add_i64_field("id", STORED),
        title_exact: b.add_text_field("title", text_field(analysis::EXACT).set_stored()),
        title_folded: b.add_text_field("title_folded", text_field(analysis::FOLDED)),
        body_exact: b.add_text_field("body", text_field(analysis::EXACT).set_stored()),
        body_folded: b.add_text_field("body_folded", text_field(analysis::FOLDED)),
        pairs: b.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analysis::PAIRS)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        url: b.add_text_field("url", STORED),
        year: b.add_i64_field("year", INDEXED | FAST | STORED),
        body_ids: b.add_i64_field("body_ids", INDEXED | FAST),
        public: b.add_u64_field("public", INDEXED | FAST),
        unit: b.add_i64_field("unit", INDEXED | FAST | STORED),
        published: b.add_i64_field("published", FAST),
    };
    (b.build(), fields)
}

fn key(kind: Kind, id: i64) -> String {
    format!("{}:{id}", kind.as_str())
}

/// The writer and what the next commit will record with it.
struct Writer {
    inner: IndexWriter,
    /// The change-log sequence number the next commit records.
    seq: i64,
}

/// A tantivy index of phoihop's records with the Vietnamese analysis.
///
/// Share one between threads (it is `Send + Sync`; writes are serialised inside). Changes made
/// with [`upsert`](Self::upsert), [`delete`](Self::delete) and [`clear`](Self::clear) become
/// visible, together, at the next [`commit`](Self::commit).
pub struct SearchIndex {
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<Writer>,
    needs_rebuild: AtomicBool,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("needs_rebuild", &self.needs_rebuild())
            .finish_non_exhaustive()
    }
}

/// Whether `name` is a file tantivy writes in an index directory.
fn is_index_file(name: &str) -> bool {
    if name == "meta.json" || name == ".managed.json" || name == VERSION_FILE {
        return true;
    }
    // Segment files: 32 hex digits, a dot, an extension (possibly "<opstamp>.del").
    match name.split_once('.') {
        Some((stem, _)) => stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()),
        None => false,
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index when there is none,
    /// or when the one there was written with another [`SCHEMA_VERSION`] or cannot be opened
    /// (then only the index's own files are removed). In those cases
    /// [`needs_rebuild`](Self::needs_rebuild) is true and the caller should index everything.
    ///
    /// Fails when the directory cannot be written or another process has the index open.
    pub fn open_or_create(dir: &Path) -> Result<Self, SearchError> {
        fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let marker = dir.join(VERSION_FILE);
        let version_ok = fs::read_to_string(&marker)
            .map(|v| v.trim() == SCHEMA_VERSION.to_string())
            .unwrap_or(false);
        if version_ok && dir.join("meta.json").exists() {
            if let Ok(index) = Index::open_in_dir(dir) {
                if index.schema() == schema {
                    return Self::with_index(index, fields, false);
                }
            }
        }
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let is_file = entry.file_type()?.is_file();
            if is_file && entry.file_name().to_str().is_some_and(is_index_file) {
                fs::remove_file(entry.path())?;
            }
        }
        let index = Index::builder().schema(schema).create_in_dir(dir)?;
        fs::write(&marker, format!("{SCHEMA_VERSION}\n"))?;
        Self::with_index(index, fields, true)
    }

    /// An empty index in memory, for tests.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        let index = Index::builder().schema(schema).create_in_ram()?;
        Self::with_index(index, fields, true)
    }

    fn with_index(index: Index, fields: Fields, new: bool) -> Result<Self, SearchError> {
        analysis::register(&index);
        let payload = index.load_metas()?.payload;
        // Every commit of ours records a sequence number; an index without one was created
        // and never filled (a crash before the first commit), so it needs a rebuild too.
        let never_committed = payload.is_none();
        let seq = payload.and_then(|p| p.trim().parse().ok()).unwrap_or(0);
        let inner = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        inner.set_merge_policy(Box::new(merge_policy()));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            fields,
            reader,
            writer: Mutex::new(Writer { inner, seq }),
            needs_rebuild: AtomicBool::new(new || never_committed),
        })
    }

    /// Whether the index was created empty (or recreated, or found never committed) when opened,
    /// and nothing has been committed to it since: the caller should then index every record
    /// (`clear`, `upsert` all, `set_last_seq`, `commit`).
    pub fn needs_rebuild(&self) -> bool {
        self.needs_rebuild.load(Ordering::Relaxed)
    }

    fn writer(&self) -> Result<MutexGuard<'_, Writer>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    /// Adds `docs`, replacing any record with the same (kind, id). Visible after
    /// [`commit`](Self::commit).
    pub fn upsert(&self, docs: &[Document]) -> Result<(), SearchError> {
        let writer = self.writer()?;
        let f = &self.fields;
        for doc in docs {
            writer
                .inner
                .delete_term(Term::from_field_text(f.key, &key(doc.kind, doc.id)));
            let mut d = TantivyDocument::default();
            d.add_text(f.key, key(doc.kind, doc.id));
            d.add_u64(f.kind, doc.kind.code());
            d.add_i64(f.id, doc.id);
            let title = vi::nfc(&doc.title);
            d.add_text(f.title_exact, &title);
            d.add_text(f.title_folded, &title);
            let body = vi::nfc(&doc.body);
            d.add_text(f.body_exact, &body);
            d.add_text(f.body_folded, &body);
            d.add_text(f.pairs, &title);
            d.add_text(f.pairs, &body);
            d.add_text(f.url, &doc.url);
            if let Some(year) = doc.year {
                d.add_i64(f.year, i64::from(year));
            }
            for &body_id in &doc.body_ids {
                d.add_i64(f.body_ids, body_id);
            }
            d.add_u64(f.public, u64::from(doc.public));
            d.add_i64(f.unit, doc.unit_id);
            d.add_i64(f.published, doc.published_at.unwrap_or(i64::MIN));
            writer.inner.add_document(d)?;
        }
        Ok(())
    }

    /// Removes the record (kind, id), if indexed. Takes effect at [`commit`](Self::commit).
    pub fn delete(&self, kind: Kind, id: i64) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer
            .inner
            .delete_term(Term::from_field_text(self.fields.key, &key(kind, id)));
        Ok(())
    }

    /// Removes every record and sets the recorded sequence number to 0, for a full rebuild.
    /// Takes effect at [`commit`](Self::commit); until then searches see the old records, so a
    /// rebuild (`clear`, `upsert` everything, `set_last_seq`, `commit`) replaces the index at once.
    pub fn clear(&self) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        writer.inner.delete_query(Box::new(AllQuery))?;
        writer.seq = 0;
        Ok(())
    }

    /// The change-log sequence number the index has caught up to: the last one given to
    /// [`set_last_seq`](Self::set_last_seq), or, after opening, the one the last commit recorded
    /// (0 for a new index).
    pub fn last_seq(&self) -> Result<i64, SearchError> {
        Ok(self.writer()?.seq)
    }

    /// Records that the index has caught up to change-log entry `seq`; saved atomically with the
    /// changes by the next [`commit`](Self::commit).
    pub fn set_last_seq(&self, seq: i64) -> Result<(), SearchError> {
        self.writer()?.seq = seq;
        Ok(())
    }

    /// Saves all changes and the sequence number, and makes them visible to searches.
    pub fn commit(&self) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let seq = writer.seq;
        let mut prepared = writer.inner.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        self.needs_rebuild.store(false, Ordering::Relaxed);
        Ok(())
    }

    /// Merges every segment of the index into one and waits for it, then makes the result
    /// visible: after a full rebuild, searches then read one segment instead of dozens. Commit
    /// first; a merge that overlaps one tantivy runs in the background is retried. Returns the
    /// number of segments searches now read.
    pub fn merge_segments(&self) -> Result<usize, SearchError> {
        {
            let mut writer = self.writer()?;
            for _ in 0..100 {
                let ids = writer.inner.index().searchable_segment_ids()?;
                if ids.len() <= 1 {
                    break;
                }
                match writer.inner.merge(&ids).wait() {
                    Ok(_) => break,
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(200)),
                }
            }
        }
        self.reader.reload()?;
        Ok(self.reader.searcher().segment_readers().len())
    }

    /// Filters that apply to every search for `q`: its units, visibility and body.
    fn base_filters(&self, scope: &Scope, body_id: Option<i64>) -> Vec<Box<dyn TantivyQuery>> {
        let f = &self.fields;
        let unit = |id: i64| -> Box<dyn TantivyQuery> {
            Box::new(TermQuery::new(
                Term::from_field_i64(f.unit, id),
                IndexRecordOption::Basic,
            ))
        };
        let mut filters: Vec<Box<dyn TantivyQuery>> = Vec::new();
        filters.extend(query::any(scope.units.iter().map(|u| unit(*u)).collect()));
        // Public records, or private ones of a unit the person is staff of.
        let mut visible: Vec<Box<dyn TantivyQuery>> = vec![Box::new(TermQuery::new(
            Term::from_field_u64(f.public, 1),
            IndexRecordOption::Basic,
        ))];
        visible.extend(scope.private_in.iter().map(|u| unit(*u)));
        filters.extend(query::any(visible));
        if let Some(body_id) = body_id {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_i64(f.body_ids, body_id),
                IndexRecordOption::Basic,
            )));
        }
        filters
    }

    /// Filters on kind and year.
    fn kind_year_filters(&self, q: &Query) -> Vec<Box<dyn TantivyQuery>> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let kinds: Vec<Box<dyn TantivyQuery>> = q
            .kinds
            .iter()
            .map(|k| {
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.kind, k.code()),
                    IndexRecordOption::Basic,
                )) as Box<dyn TantivyQuery>
            })
            .collect();
        filters.extend(query::any(kinds));
        if let Some(year) = q.year {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_i64(f.year, i64::from(year)),
                IndexRecordOption::Basic,
            )));
        }
        filters
    }

    /// Searches. Never fails because of what the user typed; see [`Query`] and [`Results`].
    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let clauses = query::parse(&q.text);
        // The words (unquoted clauses) in no record.
        let unknown = suggest::unknown_clauses(&searcher, &self.fields, &clauses)?;
        let suggest = || suggest::corrections(self, &searcher, &clauses, &unknown, &q.scope);
        if unknown.is_empty() {
            let mut results = self.results(q, &searcher, &clauses, &unknown)?;
            if results.total == 0 && !clauses.is_empty() {
                results.suggestions = suggest()?;
            }
            return Ok(results);
        }
        // A word is in no record: "did you mean" is needed whatever the page, so it is found on a
        // second thread while this one finds the page.
        std::thread::scope(|scope| {
            let corrections = scope.spawn(suggest);
            let mut results = self.results(q, &searcher, &clauses, &unknown)?;
            results.suggestions = match corrections.join() {
                Ok(found) => found?,
                Err(_) => Vec::new(),
            };
            Ok(results)
        })
    }

    /// The page, total and facets for `clauses`, of which `unknown` are in no record; without
    /// suggestions.
    fn results(
        &self,
        q: &Query,
        searcher: &Searcher,
        clauses: &[query::Clause],
        unknown: &[usize],
    ) -> Result<Results, SearchError> {
        let limit = q.limit.clamp(1, MAX_LIMIT);
        let offset = q.offset.min(MAX_OFFSET);
        let base = || self.base_filters(&q.scope, q.body_id);
        let all_filters = || {
            let mut filters = base();
            filters.extend(self.kind_year_filters(q));
            filters
        };

        let mut all_words = true;
        let mut total_estimated = false;
        // The clauses the snippets mark.
        let mut marked = clauses.to_vec();
        let mut facets_estimated = false;
        let (counts, page, total) = match query::text_query(&self.fields, clauses, true) {
            None => {
                // No words: every record passing the filters, newest first.
                let top = TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_fast_field::<i64>("published", Order::Desc);
                let everything: Box<dyn TantivyQuery> = Box::new(AllQuery);
                let (docs, total) =
                    searcher.search(&query::filtered(everything, all_filters()), &(top, Count))?;
                let page: Vec<(f32, DocAddress)> =
                    docs.into_iter().map(|(_, addr)| (0.0, addr)).collect();
                (None, page, total)
            }
            Some(_) => {
                let mut filters = page::Filters::scoped(&q.scope);
                filters.kinds = q.kinds.iter().map(|k| k.code()).collect();
                filters.year = q.year.map(i64::from);
                filters.body_id = q.body_id;
                let keep = offset + limit;
                let find = |clauses: &[query::Clause], all: bool| {
                    page::page(searcher, &self.fields, clauses, all, &filters, keep)
                };
                // A word in no record (a typo, mostly) leaves every record out: no need to look.
                let mut found = if unknown.is_empty() {
                    find(clauses, true)?
                } else {
                    page::Page::default()
                };
                if found.best.is_empty() && clauses.len() > 1 {
                    // Not every word is in one record. First the words that are in some record,
                    // all of them (a typo then costs one word, not the whole query); then any.
                    let known: Vec<query::Clause> = clauses
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !unknown.contains(i))
                        .map(|(_, c)| c.clone())
                        .collect();
                    if !unknown.is_empty() && !known.is_empty() {
                        found = find(&known, true)?;
                        // The unknown words are in no record: a snippet need not look for them.
                        marked = known.clone();
                        all_words = false;
                    }
                    if found.best.is_empty() && known.len() > 1 {
                        found = find(clauses, false)?;
                        all_words = false;
                    }
                }
                total_estimated = found.total_estimated;
                facets_estimated = found.facets_estimated;
                let total = usize::try_from(found.counts.total).unwrap_or(usize::MAX);
                let page = found.best.into_iter().skip(offset).collect();
                (Some(found.counts), page, total)
            }
        };

        let facets = match counts {
            Some(counts) => counts.into_facets(),
            None => searcher
                .search(
                    &query::filtered(Box::new(AllQuery), base()),
                    &FacetCollector {
                        kinds: q.kinds.iter().map(|k| k.code()).collect(),
                        year: q.year.map(i64::from),
                    },
                )?
                .into_facets(),
        };

        let highlighter = Highlighter::new(&marked);
        let mut hits = Vec::with_capacity(page.len());
        for (score, addr) in page {
            hits.extend(self.hit(searcher, addr, score, &highlighter)?);
        }

        Ok(Results {
            total,
            total_estimated,
            facets_estimated,
            hits,
            facets,
            all_words,
            suggestions: Vec::new(),
        })
    }

    /// The hit for a found document (`None` if its stored fields are unreadable).
    fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
        highlighter: &Highlighter,
    ) -> Result<Option<Hit>, SearchError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let Some(kind) = doc
            .get_first(f.kind)
            .and_then(|v| v.as_u64())
            .and_then(Kind::from_code)
        else {
            return Ok(None);
        };
        let Some(id) = doc.get_first(f.id).and_then(|v| v.as_i64()) else {
            return Ok(None);
        };
        let title = text(f.title_exact);
        let body = text(f.body_exact);
        Ok(Some(Hit {
            kind,
            id,
            title_html: highlighter.html(&title),
            snippet_html: highlighter.snippet(&body),
            title,
            url: text(f.url),
            unit_id: doc.get_first(f.unit).and_then(|v| v.as_i64()).unwrap_or(0),
            year: doc
                .get_first(f.year)
                .and_then(|v| v.as_i64())
                .and_then(|y| i32::try_from(y).ok()),
            score,
        }))
    }

    /// Titles for as-you-type suggestions: public records of the units searched (all when
    /// empty) whose title has the typed words, the last one possibly unfinished ("chuong tr" →
    /// "… chương trình …"), ignoring diacritics. Best matches first, at most `limit`, no
    /// duplicates. Errors give no suggestions.
    pub fn suggest(&self, prefix: &str, units: &[i64], limit: usize) -> Vec<String> {
        suggest::titles(self, prefix, &Scope::public_of(units.to_vec()), limit).unwrap_or_default()
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The stored title and body of a document.
    pub(crate) fn stored_texts(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
    ) -> Result<(String, String), SearchError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        Ok((text(self.fields.title_exact), text(self.fields.body_exact)))
    }

    /// The scope's filters, for internal searches.
    pub(crate) fn visibility(&self, scope: &Scope) -> Vec<Box<dyn TantivyQuery>> {
        self.base_filters(scope, None)
    }
}
