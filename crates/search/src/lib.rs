//! Full-text search for phoihop: a tantivy index of articles, programme items, targets, oversight,
//! recommendations, meetings, bodies and people, with the Vietnamese analysis of the `vi` crate.
//!
//! The crate knows nothing of HTTP or SQL: the caller hands it [`Document`]s (plain text, already
//! stripped of markup) and asks [`SearchIndex::search`] with a [`Query`].
//!
//! What the analysis does (see [`analysis`]):
//! - every text is put in NFC and old tone placement ("Uỷ", "hoà") is read as the new ("Ủy", "hòa");
//! - title and body are indexed twice: an *exact* form (lower case, diacritics kept) and a *folded*
//!   form (tones and vowel marks off, đ → d) in which official abbreviations (HĐND, UBND, MTTQ,
//!   KT-XH, đ/c, … from [`vi::ABBREVIATIONS`]) are also written out as their long forms;
//! - a query is matched against both, the exact form weighing more, so "hòa" ranks "hòa" above
//!   "hoa" while "hoa" still finds all of them; an abbreviation in the query also looks for its
//!   long form, and a long form finds documents that only wrote the abbreviation.
//!
//! ```
//! use search::{Document, Kind, Query, SearchIndex};
//!
//! let index = SearchIndex::in_memory().unwrap();
//! index
//!     .upsert(&[Document {
//!         kind: Kind::Article,
//!         id: 1,
//!         title: "HĐND quận Cầu Giấy".into(),
//!         body: "Đồng chí Chủ tịch HĐND phát biểu.".into(),
//!         url: "/tin-tuc/1".into(),
//!         year: Some(2021),
//!         body_ids: vec![],
//!         unit_id: 0,
//!         public: true,
//!         published_at: None,
//!     }])
//!     .unwrap();
//! index.commit().unwrap();
//! let results = index.search(&Query::new("hoi dong nhan dan cau giay")).unwrap();
//! assert_eq!(results.total, 1);
//! ```

pub mod analysis;
mod facets;
mod highlight;
mod index;
mod kind;
mod page;
mod query;
mod suggest;

pub use index::{SearchIndex, SCHEMA_VERSION};
/// Above about this many matches, totals and facets are estimated (see [`Results`]).
pub const ESTIMATE_ABOVE: u64 = page::EXACT_LIMIT;
pub use kind::Kind;

use serde::Serialize;

/// One record to index. Its key is (`kind`, `id`): indexing a document with the key of one already
/// in the index replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What sort of record this is.
    pub kind: Kind,
    /// The record's database id, unique within its kind.
    pub id: i64,
    /// The title or name shown in the results.
    pub title: String,
    /// The searchable text, plain (no HTML: markup is escaped, not interpreted, in snippets).
    pub body: String,
    /// Where the record is shown on the portal or in the workspace.
    pub url: String,
    /// The year the record belongs to (programme year, article year), for filtering and facets.
    pub year: Option<i32>,
    /// The bodies (cơ quan) the record concerns, for filtering by body.
    pub body_ids: Vec<i64>,
    /// The unit (tenant) the record belongs to: searches cover the units they are scoped to.
    pub unit_id: i64,
    /// Whether anonymous users may see the record.
    pub public: bool,
    /// Publication time in Unix seconds; orders results when the query has no words.
    pub published_at: Option<i64>,
}

/// A search request. Build one with [`Query::new`] and adjust the public fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// What the user typed: words (all required, or any when no record has all of them) and
    /// "quoted phrases". Any text is accepted; nothing in it is syntax except double quotes.
    pub text: String,
    /// Only these kinds; empty means every kind.
    pub kinds: Vec<Kind>,
    /// Only records of this year.
    pub year: Option<i32>,
    /// Only records concerning this body.
    pub body_id: Option<i64>,
    /// Whose records are searched, and whose private ones show too.
    pub scope: Scope,
    /// How many hits to skip (pagination).
    pub offset: usize,
    /// How many hits to return; clamped to 1..=[`MAX_LIMIT`].
    pub limit: usize,
}

impl Default for Query {
    /// A query without words: every public record, newest first.
    fn default() -> Self {
        Query::new("")
    }
}

/// Default page size of a [`Query`].
pub const DEFAULT_LIMIT: usize = 20;
/// Largest page size a [`Query`] may ask for.
pub const MAX_LIMIT: usize = 100;
/// Largest offset a [`Query`] may ask for; deeper pages are not served.
pub const MAX_OFFSET: usize = 10_000;

impl Query {
    /// A query for `text` over every public record, first page.
    pub fn new(text: impl Into<String>) -> Self {
        Query {
            text: text.into(),
            kinds: Vec::new(),
            year: None,
            body_id: None,
            scope: Scope::default(),
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// Whose records a search covers: the units of a portal (a ward and the archives of the units it
/// took over from), and those of them whose private records the person reads as staff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only records of these units; empty means every unit of the index.
    pub units: Vec<i64>,
    /// Units whose private records may be returned too; public records only for the others.
    pub private_in: Vec<i64>,
}

impl Scope {
    /// The public records of these units.
    pub fn public_of(units: Vec<i64>) -> Self {
        Self {
            units,
            private_in: Vec::new(),
        }
    }

    /// Whether a record of `unit`, public or not, is in the scope.
    pub fn admits(&self, unit: i64, public: bool) -> bool {
        (self.units.is_empty() || self.units.contains(&unit))
            && (public || self.private_in.contains(&unit))
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The record's kind.
    pub kind: Kind,
    /// The record's id.
    pub id: i64,
    /// The title as indexed (plain text).
    pub title: String,
    /// The title as HTML: escaped, with `<mark>` around the matched words.
    pub title_html: String,
    /// The record's URL, within its unit's pages.
    pub url: String,
    /// The unit the record belongs to.
    pub unit_id: i64,
    /// The record's year.
    pub year: Option<i32>,
    /// A passage of the body as HTML: escaped text with `<mark>` around the matched words, and
    /// "…" where it was cut.
    pub snippet_html: String,
    /// Relevance; higher is better. Only meaningful within one result list.
    pub score: f32,
}

/// How many records of each kind and each year match the query.
///
/// The counts are "disjunctive": kinds are counted with the year filter applied but not the kind
/// filter, and years with the kind filter but not the year filter, so that a page can offer the
/// other kinds and years as alternatives. Visibility and the body filter always apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Counts by kind, in [`Kind::ALL`] order, kinds with no match left out.
    pub kinds: Vec<(Kind, u64)>,
    /// Counts by year, newest first; records without a year are not counted.
    pub years: Vec<(i32, u64)>,
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Results {
    /// How many records match in all (not only on this page); an estimate when
    /// `total_estimated`.
    pub total: usize,
    /// Whether `total` is estimated from a sample of the index, which happens when very many
    /// records match (see [`ESTIMATE_ABOVE`]); show it as "about".
    pub total_estimated: bool,
    /// Whether the counts of [`Facets`] are estimated from a sample, likewise.
    pub facets_estimated: bool,
    /// This page of results, best first.
    pub hits: Vec<Hit>,
    /// Counts by kind and year for the same words.
    pub facets: Facets,
    /// False when no record had every word and the results are those with any of them.
    pub all_words: bool,
    /// "Did you mean": close indexed terms, with diacritics, when nothing matched or a word of
    /// the query is in no record. The first entry, when there is one, is the whole query
    /// corrected.
    pub suggestions: Vec<String>,
}

/// What can go wrong with the index. User input never causes an error.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index files could not be read or written.
    #[error("không đọc/ghi được chỉ mục tìm kiếm: {0}")]
    Io(#[from] std::io::Error),
    /// The index directory could not be opened.
    #[error("không mở được thư mục chỉ mục tìm kiếm: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// tantivy failed (corrupt files, a lock held by another process, …).
    #[error("lỗi chỉ mục tìm kiếm: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A thread panicked while it held the index writer.
    #[error("bộ ghi chỉ mục tìm kiếm bị khóa do lỗi trước đó")]
    Poisoned,
}
