//! One page of results for a query with words: its best hits, its total and its facets, at a cost
//! that does not grow with the number of matches.
//!
//! A query for "HĐND" matches nearly every article; scoring and counting a million matches to
//! show ten took a tenth of a second. So the work depends on how many records match, which a
//! sample tells first (the query's matcher moved to every n-th document, a few thousand probes):
//! - **few** (up to [`EXACT_LIMIT`]): one pass over the matches, led by the rarest word and each
//!   scored, gives the page, the exact total and the exact facets;
//! - **many**: the page comes from tantivy's block-max WAND, which skips whole blocks of postings
//!   that cannot beat the page's lowest score so far, and the total and the facets are the
//!   sample's counts scaled up, shown as estimates ("khoảng").
//!
//! The score of a document is the same either way: the sum, over the query's terms, of their
//! BM25 scores in the four fields (exact and folded forms of title and body), each field
//! weighted; a quoted phrase is scored by its pairs of neighbouring words instead
//! ([`query::phrase_pairs`]), which ranks the records with the phrase first without positions.
//! WAND works on the union of these terms, but a query's words are all required ([`Clause`]s: a
//! word, a long form, a quoted phrase): a candidate is kept only when every clause matches it
//! (each clause's matcher moved forward to it), and the pruning threshold only rises with kept
//! candidates, so no document matching every clause that could enter the page is skipped.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, Occur, Query as TantivyQuery, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use crate::facets::{Counts, FacetCollector};
use crate::index::Fields;
use crate::query::{self, Clause};
use crate::SearchError;

/// How many times the page WAND first gathers by score alone, before checking the clauses.
const OVERFETCH: usize = 2;
/// Most matches (as the sample estimates them) counted and scored one by one.
pub(crate) const EXACT_LIMIT: u64 = 10_000;
/// How many documents the sample probes: estimates within about 5 % (one standard error) for a
/// query matching a tenth of the records, under 1 % for one matching nearly all; few enough to
/// cost about a millisecond.
const SAMPLE_PROBES: u32 = 4_096;

/// Restrictions that do not change a score: visibility, kinds, year, body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    pub scope: crate::Scope,
    /// The scope's units and those whose private records show, as sets ([`Filters::scoped`]).
    units: UnitSet,
    private_in: UnitSet,
    /// Kind codes wanted; empty for all.
    pub kinds: Vec<u64>,
    pub year: Option<i64>,
    pub body_id: Option<i64>,
}

impl Filters {
    /// Filters for records of `scope`.
    pub fn scoped(scope: &crate::Scope) -> Self {
        Filters {
            scope: scope.clone(),
            units: UnitSet::of(&scope.units),
            private_in: UnitSet::of(&scope.private_in),
            ..Filters::default()
        }
    }

    /// Whether a record of `unit`, public or not, is in the scope ([`crate::Scope::admits`]).
    fn admits(&self, unit: i64, public: bool) -> bool {
        (self.scope.units.is_empty() || self.units.contains(unit))
            && (public || self.private_in.contains(unit))
    }
}

/// Unit ids as a set of bits, so that checking a match against a province's hundred units and
/// more costs one lookup; ids too large for a small bitmap are looked up in the sorted list.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitSet {
    bits: Vec<u64>,
    /// The ids too large for `bits`, sorted.
    others: Vec<i64>,
}

impl UnitSet {
    /// Ids below this go in the bitmap (at most 128 KiB of it).
    const BITMAP_IDS: i64 = 1 << 20;

    fn of(units: &[i64]) -> Self {
        let mut set = UnitSet::default();
        for &u in units {
            match usize::try_from(u) {
                Ok(i) if u < Self::BITMAP_IDS => {
                    if set.bits.len() <= i / 64 {
                        set.bits.resize(i / 64 + 1, 0);
                    }
                    set.bits[i / 64] |= 1 << (i % 64);
                }
                _ => set.others.push(u),
            }
        }
        set.others.sort_unstable();
        set
    }

    fn contains(&self, unit: i64) -> bool {
        match usize::try_from(unit) {
            Ok(i) if unit < Self::BITMAP_IDS => self
                .bits
                .get(i / 64)
                .is_some_and(|word| word & (1 << (i % 64)) != 0),
            _ => self.others.binary_search(&unit).is_ok(),
        }
    }
}

/// [`Filters`] read from one segment's fast fields.
struct SegmentFilter<'a> {
    filters: &'a Filters,
    public: Option<Column<u64>>,
    unit: Option<Column<i64>>,
    kind: Option<Column<u64>>,
    year: Option<Column<i64>>,
    bodies: Option<Column<i64>>,
}

impl<'a> SegmentFilter<'a> {
    fn new(filters: &'a Filters, reader: &SegmentReader) -> tantivy::Result<Self> {
        let fast = reader.fast_fields();
        Ok(SegmentFilter {
            filters,
            public: fast.column_opt::<u64>("public")?,
            unit: fast.column_opt::<i64>("unit")?,
            kind: fast.column_opt::<u64>("kind")?,
            year: fast.column_opt::<i64>("year")?,
            bodies: fast.column_opt::<i64>("body_ids")?,
        })
    }

    /// Whether `doc` passes the filters.
    fn accepts(&self, doc: DocId) -> bool {
        let f = self.filters;
        if !self.visible(doc) {
            return false;
        }
        if !f.kinds.is_empty() {
            let kind = self.kind.as_ref().and_then(|c| c.first(doc));
            if !kind.is_some_and(|k| f.kinds.contains(&k)) {
                return false;
            }
        }
        f.year.is_none() || self.year.as_ref().and_then(|c| c.first(doc)) == f.year
    }

    /// Whether `doc` passes the visibility and body filters, whatever its kind and year.
    fn visible(&self, doc: DocId) -> bool {
        let f = self.filters;
        let public = self.public.as_ref().and_then(|c| c.first(doc)) == Some(1);
        let unit = self.unit.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        if !f.admits(unit, public) {
            return false;
        }
        if let Some(body) = f.body_id {
            let Some(column) = &self.bodies else {
                return false;
            };
            if !column.values_for_doc(doc).any(|b| b == body) {
                return false;
            }
        }
        true
    }
}

/// A score ordered for a heap of the best matches: by score, then the earlier document first.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Ranked(pub Score, pub DocAddress);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    /// Greater is better: a higher score, or the same score and an earlier document.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// Keeps `ranked` among the best `size` in `heap` (the worst on top).
fn offer(heap: &mut BinaryHeap<Reverse<Ranked>>, ranked: Ranked, size: usize) {
    if heap.len() < size {
        heap.push(Reverse(ranked));
    } else if let Some(mut worst) = heap.peek_mut() {
        if ranked > worst.0 {
            *worst = Reverse(ranked);
        }
    }
}

/// The terms a query is scored with, each with its field's weight, without repeats.
fn scoring_terms(fields: &Fields, clauses: &[Clause]) -> Vec<(Term, Score)> {
    let mut terms: Vec<(Term, Score)> = Vec::new();
    let mut add = |field: Field, word: &str, weight: Score| {
        let term = Term::from_field_text(field, word);
        match terms.iter_mut().find(|(t, _)| *t == term) {
            Some((_, w)) => *w = w.max(weight),
            None => terms.push((term, weight)),
        }
    };
    for pair in query::phrase_pairs(clauses) {
        add(fields.pairs, &pair, query::W_PHRASE_PAIR);
    }
    for clause in clauses {
        // A quoted phrase is scored by its pairs alone: its words, common ones mostly, would add
        // many long postings to go through and rank nothing better.
        if clause.quoted && clause.folded.iter().all(|alt| alt.len() > 1) {
            continue;
        }
        for word in &clause.exact {
            add(fields.title_exact, word, query::W_TITLE_EXACT);
            add(fields.body_exact, word, query::W_BODY_EXACT);
        }
        for alt in &clause.folded {
            for word in alt {
                add(fields.title_folded, word, query::W_TITLE_FOLDED);
                add(fields.body_folded, word, query::W_BODY_FOLDED);
            }
        }
    }
    terms
}

/// Whether a document having any of the clauses' terms is enough for it to match: every form of
/// every clause is one word, and one clause is required (or any).
fn terms_suffice(clauses: &[Clause], all: bool) -> bool {
    let one_word = |c: &Clause| c.exact.len() <= 1 && c.folded.iter().all(|alt| alt.len() == 1);
    clauses.iter().all(one_word) && (clauses.len() == 1 || !all)
}

/// The best `keep` documents matching `clauses` (all of them, or any when `all` is false) and
/// `filters`, best first; and whether those are all the matches.
fn best(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[Clause],
    all: bool,
    filters: &Filters,
    keep: usize,
) -> Result<(Vec<(Score, DocAddress)>, bool), SearchError> {
    // A term in no record would make tantivy give up WAND for the whole union (its empty
    // postings have no frequencies), and adds nothing to any score.
    let mut terms = Vec::new();
    for (term, weight) in scoring_terms(fields, clauses) {
        if searcher.doc_freq(&term)? > 0 {
            terms.push((term, weight));
        }
    }
    if terms.is_empty() || keep == 0 {
        return Ok((Vec::new(), false));
    }
    // tantivy runs WAND for a union of two or more terms, and its single-term variant for a
    // term query; a boost around a lone term would hide it, so its weight is applied here.
    let (scoring, lone_weight): (Box<dyn TantivyQuery>, Score) = match terms.as_slice() {
        [(term, weight)] => (
            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
            *weight,
        ),
        _ => (
            Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|(term, weight)| {
                        let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(q), weight)) as Box<dyn TantivyQuery>,
                        )
                    })
                    .collect(),
            )),
            1.0,
        ),
    };
    let scoring = scoring.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let membership = if terms_suffice(clauses, all) {
        Membership::none(all)
    } else {
        Membership::new(searcher, clauses, |c| query::clause_parts(fields, c), all)?
    };
    let window = keep;
    // Whether every match was seen: WAND only prunes once it holds a full window, so a window
    // left short holds every match.
    // A phrase is costly to check (positions); a word is one seek.
    let has_phrase = clauses
        .iter()
        .any(|c| c.exact.len() > 1 || c.folded.iter().any(|alt| alt.len() > 1));
    let (mut ranked, every_match) = if membership.is_none() || !has_phrase {
        let found = wand(
            searcher,
            scoring.as_ref(),
            lone_weight,
            filters,
            &membership,
            window,
        )?;
        let every_match = found.len() < window;
        (found, every_match)
    } else {
        // Checking the clauses of every candidate WAND offers is what costs: most offered
        // documents have the words but not the phrase. So first the best few times the page by
        // score alone, checked afterwards; when enough of them match every clause they are the
        // best matches (any match left out scores below all of them), else check as we go.
        let wide = window * OVERFETCH;
        let candidates = wand(
            searcher,
            scoring.as_ref(),
            lone_weight,
            filters,
            &Membership::none(all),
            wide,
        )?;
        let seen_all = candidates.len() < wide;
        let checked = check(searcher, &membership, candidates)?;
        if checked.len() >= window || seen_all {
            (checked, seen_all)
        } else {
            let found = wand(
                searcher,
                scoring.as_ref(),
                lone_weight,
                filters,
                &membership,
                window,
            )?;
            let every_match = found.len() < window;
            (found, every_match)
        }
    };
    ranked.sort_by(|a, b| b.cmp(a));
    ranked.truncate(keep);
    let ranked = ranked.into_iter().map(|Ranked(s, a)| (s, a)).collect();
    Ok((ranked, every_match))
}

/// The best `window` documents by `scoring` (its scores times `lone_weight`) that pass `filters`
/// and, when there are `membership` matchers, match every clause (or any, when `all` is false).
fn wand(
    searcher: &Searcher,
    scoring: &dyn Weight,
    lone_weight: Score,
    filters: &Filters,
    membership: &Membership,
    window: usize,
) -> Result<Vec<Ranked>, SearchError> {
    let mut heap: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(window + 1);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = ord as u32;
        let filter = SegmentFilter::new(filters, reader)?;
        let alive = reader.alive_bitset();
        let mut matcher = membership.for_segment(reader)?;
        let threshold = |heap: &BinaryHeap<Reverse<Ranked>>| match heap.peek() {
            Some(Reverse(worst)) if heap.len() >= window => worst.0,
            _ => Score::MIN,
        };
        let start = threshold(&heap) / lone_weight;
        scoring.for_each_pruning(start, reader, &mut |doc, score| {
            let kept = alive.is_none_or(|a| a.is_alive(doc))
                && filter.accepts(doc)
                && matcher.matches(doc);
            if kept {
                let ranked = Ranked(score * lone_weight, DocAddress::new(segment, doc));
                offer(&mut heap, ranked, window);
            }
            threshold(&heap) / lone_weight
        })?;
    }
    Ok(heap.into_iter().map(|Reverse(r)| r).collect())
}

/// The `candidates` that match every clause (or any, as `membership` says).
fn check(
    searcher: &Searcher,
    membership: &Membership,
    mut candidates: Vec<Ranked>,
) -> Result<Vec<Ranked>, SearchError> {
    candidates.sort_by_key(|r| r.1);
    let mut kept = Vec::with_capacity(candidates.len());
    let mut current: Option<(u32, SegmentMatcher)> = None;
    for r in candidates {
        let segment = r.1.segment_ord;
        if current.as_ref().is_none_or(|(s, _)| *s != segment) {
            let matcher = membership.for_segment(searcher.segment_reader(segment))?;
            current = Some((segment, matcher));
        }
        if let Some((_, matcher)) = current.as_mut() {
            if matcher.matches(r.1.doc_id) {
                kept.push(r);
            }
        }
    }
    Ok(kept)
}

/// Which documents match the clauses of a query, checked one document at a time in increasing
/// order. Each way a clause can match (a term, a phrase) is moved forward on its own: a union
/// would read thousands of documents ahead at each step.
struct Membership {
    /// For each clause, its ways of matching.
    clauses: Vec<Vec<Box<dyn Weight>>>,
    all: bool,
}

impl Membership {
    /// No check: every document matches.
    fn none(all: bool) -> Self {
        Membership {
            clauses: Vec::new(),
            all,
        }
    }

    fn new(
        searcher: &Searcher,
        clauses: &[Clause],
        parts: impl Fn(&Clause) -> Vec<Box<dyn TantivyQuery>>,
        all: bool,
    ) -> Result<Self, SearchError> {
        let mut weights = Vec::new();
        for clause in clauses {
            let ways = parts(clause)
                .into_iter()
                .map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher)))
                .collect::<tantivy::Result<Vec<_>>>()?;
            if !ways.is_empty() {
                weights.push(ways);
            }
        }
        Ok(Membership {
            clauses: weights,
            all,
        })
    }

    fn is_none(&self) -> bool {
        self.clauses.is_empty()
    }

    fn for_segment(&self, reader: &SegmentReader) -> Result<SegmentMatcher, SearchError> {
        let clauses = self
            .clauses
            .iter()
            .map(|ways| ways.iter().map(|w| w.scorer(reader, 1.0)).collect())
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentMatcher {
            clauses,
            all: self.all,
        })
    }
}

/// A [`Membership`] in one segment.
struct SegmentMatcher {
    clauses: Vec<Vec<Box<dyn Scorer>>>,
    all: bool,
}

impl SegmentMatcher {
    /// Whether `doc` matches every clause (or any); `doc` must not decrease between calls.
    fn matches(&mut self, doc: DocId) -> bool {
        if self.clauses.is_empty() {
            return true;
        }
        let mut any = false;
        for ways in self.clauses.iter_mut() {
            let mut hit = false;
            for way in ways.iter_mut() {
                let mut at = way.doc();
                if at < doc {
                    at = way.seek(doc);
                }
                if at == doc {
                    hit = true;
                    break;
                }
            }
            if hit {
                any = true;
            } else if self.all {
                return false;
            }
        }
        any
    }
}

/// A page of results, with the counts of all matches.
#[derive(Default)]
pub(crate) struct Page {
    /// The best matches, best first.
    pub best: Vec<(Score, DocAddress)>,
    pub counts: Counts,
    /// Whether `counts.total` is estimated from a sample.
    pub total_estimated: bool,
    /// Whether the counts by kind and year are estimated from a sample.
    pub facets_estimated: bool,
}

/// The page for `clauses` (all of them, or any when `all` is false): the best `keep` matches
/// passing `filters`, and the counts.
pub(crate) fn page(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[Clause],
    all: bool,
    filters: &Filters,
    keep: usize,
) -> Result<Page, SearchError> {
    if clauses.is_empty() {
        return Ok(Page::default());
    }
    let docs: u32 = searcher.segment_readers().iter().map(|r| r.max_doc()).sum();
    let step = (docs / SAMPLE_PROBES).max(1);
    if step > 1 {
        let estimate = Membership::new(
            searcher,
            clauses,
            |c| query::clause_parts_estimate(fields, c),
            all,
        )?;
        let sample = sample(searcher, &estimate, filters, step)?;
        if sample.seen * u64::from(step) > EXACT_LIMIT {
            let (best, every_match) = best(searcher, fields, clauses, all, filters, keep)?;
            let mut counts = sample.scaled(u64::from(step));
            if every_match {
                // Many records have the words, few pass the kind or year filter: WAND saw them
                // all, so the total is known.
                counts.total = best.len() as u64;
            }
            return Ok(Page {
                best,
                counts,
                total_estimated: !every_match,
                facets_estimated: true,
            });
        }
    }
    exact(searcher, fields, clauses, all, filters, keep)
}

/// About how many records a clause leads through, by the document frequencies of its words.
fn clause_cost(searcher: &Searcher, fields: &Fields, clause: &Clause) -> Result<u64, SearchError> {
    let df = |field: Field, word: &str| searcher.doc_freq(&Term::from_field_text(field, word));
    let mut cost = 0u64;
    if let [word] = clause.exact.as_slice() {
        cost += df(fields.title_exact, word)? + df(fields.body_exact, word)?;
    }
    for alt in &clause.folded {
        let mut least = u64::MAX;
        for word in alt {
            least = least.min(df(fields.title_folded, word)? + df(fields.body_folded, word)?);
        }
        cost = cost.saturating_add(least);
    }
    Ok(cost)
}

/// The index of the clause with the fewest records, and their number.
fn rarest(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[Clause],
) -> Result<(usize, u64), SearchError> {
    let mut best = (u64::MAX, 0);
    for (i, clause) in clauses.iter().enumerate() {
        best = best.min((clause_cost(searcher, fields, clause)?, i));
    }
    Ok((best.1, best.0))
}

/// The records of the units a search is scoped to, as a query to lead with, when they are fewer
/// than `cheaper_than`; `None` otherwise, and for a search of every unit.
/// Counting stops as soon as they are not fewer: a province's scope has a hundred units or more,
/// each a lookup in the term dictionary.
fn scope_lead(
    searcher: &Searcher,
    fields: &Fields,
    filters: &Filters,
    cheaper_than: u64,
) -> Result<Option<Box<dyn TantivyQuery>>, SearchError> {
    if filters.scope.units.is_empty() {
        return Ok(None);
    }
    let mut cost = 0;
    let mut parts: Vec<Box<dyn TantivyQuery>> = Vec::new();
    for unit in &filters.scope.units {
        let term = Term::from_field_i64(fields.unit, *unit);
        cost += searcher.doc_freq(&term)?;
        if cost >= cheaper_than {
            return Ok(None);
        }
        parts.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
    }
    Ok(query::any(parts))
}

/// Counts by kind and year of the visible documents matching `membership` among every
/// `step`-th document.
fn sample(
    searcher: &Searcher,
    membership: &Membership,
    filters: &Filters,
    step: u32,
) -> Result<Counts, SearchError> {
    let collector = FacetCollector {
        kinds: filters.kinds.clone(),
        year: filters.year,
    };
    let mut counts = Counts::default();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut facets = collector.for_segment(ord as u32, reader)?;
        let filter = SegmentFilter::new(filters, reader)?;
        let mut matcher = membership.for_segment(reader)?;
        let alive = reader.alive_bitset();
        for probe in (0..reader.max_doc()).step_by(step as usize) {
            if alive.is_none_or(|a| a.is_alive(probe))
                && filter.visible(probe)
                && matcher.matches(probe)
            {
                facets.count(probe);
            }
        }
        counts.add(facets.harvest());
    }
    Ok(counts)
}

/// The page and exact counts in one pass over the matches of `matching`: few, so each is scored
/// by moving every scoring term to it (a union of the terms would read ahead through thousands
/// of documents for each match).
fn exact(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[Clause],
    all: bool,
    filters: &Filters,
    keep: usize,
) -> Result<Page, SearchError> {
    // The rarest clause leads; each other one is checked on the documents it offers, moved there
    // on its own (intersecting unions would read thousands of documents ahead at every step).
    // When the units searched have fewer records than the rarest clause (a ward's portal on an
    // installation of a whole province), their records lead and every clause is checked: the
    // cost follows the ward's size, not the province's.
    let (lead, rest, rest_all, words_cost): (Box<dyn TantivyQuery>, Vec<Clause>, bool, u64) =
        if all && clauses.len() > 1 {
            let (i, cost) = rarest(searcher, fields, clauses)?;
            let rest = clauses
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c.clone())
                .collect();
            let lead = query::any(query::clause_parts(fields, &clauses[i]));
            (
                lead.unwrap_or_else(|| Box::new(EmptyQuery)),
                rest,
                true,
                cost,
            )
        } else {
            let mut cost = 0u64;
            for clause in clauses {
                cost = cost.saturating_add(clause_cost(searcher, fields, clause)?);
            }
            let any = query::text_query(fields, clauses, all);
            (
                any.unwrap_or_else(|| Box::new(EmptyQuery)),
                Vec::new(),
                true,
                cost,
            )
        };
    let (lead, rest, rest_all) = match scope_lead(searcher, fields, filters, words_cost)? {
        Some(units) => (units, clauses.to_vec(), all),
        None => (lead, rest, rest_all),
    };
    let matching = lead.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let membership = Membership::new(
        searcher,
        &rest,
        |c| query::clause_parts(fields, c),
        rest_all,
    )?;
    let terms: Vec<(Box<dyn Weight>, Score)> = scoring_terms(fields, clauses)
        .into_iter()
        .map(|(term, weight)| {
            TermQuery::new(term, IndexRecordOption::WithFreqs)
                .weight(EnableScoring::enabled_from_searcher(searcher))
                .map(|w| (w, weight))
        })
        .collect::<tantivy::Result<_>>()?;
    let collector = FacetCollector {
        kinds: filters.kinds.clone(),
        year: filters.year,
    };
    let mut counts = Counts::default();
    let mut heap: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(keep + 1);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = ord as u32;
        let mut facets = collector.for_segment(segment, reader)?;
        let filter = SegmentFilter::new(filters, reader)?;
        let mut matcher = membership.for_segment(reader)?;
        let alive = reader.alive_bitset();
        let mut scorers: Vec<Box<dyn Scorer>> = terms
            .iter()
            .map(|(w, weight)| w.scorer(reader, *weight))
            .collect::<tantivy::Result<_>>()?;
        let mut docs = matching.scorer(reader, 1.0)?;
        let mut doc = docs.doc();
        while doc != TERMINATED {
            let counted = alive.is_none_or(|a| a.is_alive(doc))
                && filter.visible(doc)
                && matcher.matches(doc)
                && facets.count(doc);
            if counted && keep > 0 {
                let mut score = 0.0;
                for s in scorers.iter_mut() {
                    let mut at = s.doc();
                    if at < doc {
                        at = s.seek(doc);
                    }
                    if at == doc {
                        score += s.score();
                    }
                }
                offer(
                    &mut heap,
                    Ranked(score, DocAddress::new(segment, doc)),
                    keep,
                );
            }
            doc = docs.advance();
        }
        counts.add(facets.harvest());
    }
    let mut best: Vec<Ranked> = heap.into_iter().map(|Reverse(r)| r).collect();
    best.sort_by(|a, b| b.cmp(a));
    Ok(Page {
        best: best.into_iter().map(|Ranked(s, a)| (s, a)).collect(),
        counts,
        total_estimated: false,
        facets_estimated: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_of_units_holds_small_and_large_ids_and_nothing_else() {
        let set = UnitSet::of(&[3, 64, 127, 1_000_000, 5_000_000_000, -2]);
        for id in [3, 64, 127, 1_000_000, 5_000_000_000, -2] {
            assert!(set.contains(id), "{id}");
        }
        for id in [0, 2, 4, 63, 65, 128, 999_999, 4_999_999_999, -1, i64::MAX] {
            assert!(!set.contains(id), "{id}");
        }
        assert!(!UnitSet::of(&[]).contains(0));
    }
}
