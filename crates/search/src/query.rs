//! Turning what a user typed into tantivy queries, programmatically: no user text ever reaches
//! tantivy's query parser, so nothing in it is syntax except double quotes.

use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis;
use crate::index::Fields;

/// Longest query text considered, in characters; the rest is ignored.
pub(crate) const MAX_QUERY_CHARS: usize = 400;
/// Most clauses (words and phrases) considered; the rest are ignored.
pub(crate) const MAX_CLAUSES: usize = 16;
/// Most words in one phrase.
const MAX_PHRASE_WORDS: usize = 24;

/// Weight of a match in the title, exact form.
pub(crate) const W_TITLE_EXACT: f32 = 2.0;
/// Weight of a match in the title, folded form.
pub(crate) const W_TITLE_FOLDED: f32 = 1.5;
/// Weight of a match in the body, exact form.
pub(crate) const W_BODY_EXACT: f32 = 1.0;
/// Weight of a match in the body, folded form.
pub(crate) const W_BODY_FOLDED: f32 = 0.7;
/// Weight of a pair of words of a quoted phrase found next to each other.
pub(crate) const W_PHRASE_PAIR: f32 = 1.0;

/// One word or quoted phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    /// Exact forms of its words.
    pub exact: Vec<String>,
    /// Folded forms, one sequence per way of writing it (see
    /// [`analysis::folded_alternatives`]); the first writes abbreviations out, the last is the
    /// plain folding.
    pub folded: Vec<Vec<String>>,
    /// Whether the user put it in quotes.
    pub quoted: bool,
    /// The text as typed, in NFC and lower case.
    pub source: String,
    /// Its words folded, as typed (abbreviations not written out).
    plain: Vec<String>,
    /// Its words folded with abbreviations written out, for the proximity bonus.
    expanded: Vec<String>,
}

impl Clause {
    fn new(text: &str, quoted: bool) -> Option<Clause> {
        let mut exact = analysis::exact_terms(text);
        exact.truncate(MAX_PHRASE_WORDS);
        let mut folded = analysis::folded_alternatives(text);
        for alt in &mut folded {
            alt.truncate(MAX_PHRASE_WORDS);
        }
        if folded.is_empty() {
            return None;
        }
        let plain = vi::tokenize(&vi::fold(text))
            .into_iter()
            .take(MAX_PHRASE_WORDS)
            .map(str::to_string)
            .collect();
        let expanded = folded.first().cloned().unwrap_or_default();
        if !quoted {
            if let Some(key) = analysis::single_abbreviation(text) {
                // The index holds the key for the abbreviation and for its long form written
                // out: one term finds both, where the long form would be a phrase query.
                folded.retain(|alt| alt.len() == 1);
                if !folded.contains(&vec![key.clone()]) {
                    folded.insert(0, vec![key]);
                }
            }
        }
        Some(Clause {
            exact,
            folded,
            quoted,
            source: vi::nfc(text.trim()).to_lowercase(),
            plain,
            expanded,
        })
    }

    /// Words typed one after the other that spell out an abbreviation's long form ("hội đồng
    /// nhân dân", "kinh te xa hoi"): one clause, the long form as a phrase or the abbreviation.
    fn long_form(text: &str, abbreviation: &str) -> Option<Clause> {
        let mut clause = Clause::new(text, false)?;
        let key = analysis::abbreviation_key(abbreviation);
        if !key.is_empty() && key.len() <= analysis::MAX_WORD_BYTES {
            // The index holds the key wherever the long form is written out, and wherever the
            // abbreviation is: the key alone finds both, without phrase queries.
            clause.folded = vec![vec![key]];
            clause.exact.clear();
        }
        Some(clause)
    }

    /// The folded words, as the user wrote them.
    pub fn plain(&self) -> &[String] {
        &self.plain
    }
}

/// Whether `c` opens or closes a phrase: the ASCII double quote and the typographic ones that
/// phone keyboards substitute.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Splits a query into clauses: every quoted stretch is a phrase (an unclosed quote runs to the
/// end), every other whitespace-separated chunk a word. Text without words gives no clause.
pub(crate) fn parse(text: &str) -> Vec<Clause> {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let mut clauses = Vec::new();
    for (i, part) in text.split(is_quote).enumerate() {
        if i % 2 == 1 {
            clauses.extend(Clause::new(part, true));
        } else {
            let chunks: Vec<&str> = part.split_whitespace().collect();
            let mut at = 0;
            while at < chunks.len() {
                let (clause, used) = words_at(&chunks[at..]);
                clauses.extend(clause);
                at += used;
            }
        }
    }
    clauses.truncate(MAX_CLAUSES);
    clauses
}

/// Longest run of words checked for a long form.
const MAX_LONG_FORM_WORDS: usize = 8;

/// The clause starting at `chunks[0]`: the longest run of chunks spelling out a long form, or
/// the first chunk alone; with the number of chunks used (at least 1).
fn words_at(chunks: &[&str]) -> (Option<Clause>, usize) {
    for len in (2..=chunks.len().min(MAX_LONG_FORM_WORDS)).rev() {
        let Some(run) = chunks.get(..len) else {
            continue;
        };
        let text = run.join(" ");
        if let Some(abbreviation) = vi::abbreviate(&text) {
            if let Some(clause) = Clause::long_form(&text, abbreviation) {
                return (Some(clause), len);
            }
        }
    }
    (chunks.first().and_then(|w| Clause::new(w, false)), 1)
}

/// A term query for one word or a phrase query for several (`None` for none).
pub(crate) fn sequence(field: Field, words: &[String]) -> Option<Box<dyn TantivyQuery>> {
    match words {
        [] => None,
        [word] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new(
            words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect(),
        ))),
    }
}

/// Any of `queries`; `None` when there is none.
pub(crate) fn any(queries: Vec<Box<dyn TantivyQuery>>) -> Option<Box<dyn TantivyQuery>> {
    match queries.len() {
        0 => None,
        _ => Some(Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

/// The ways a clause can match, any one being enough: its exact form or any of its folded forms,
/// in title or body; each a term or a phrase.
pub(crate) fn clause_parts(fields: &Fields, clause: &Clause) -> Vec<Box<dyn TantivyQuery>> {
    let mut parts: Vec<Box<dyn TantivyQuery>> = Vec::new();
    parts.extend(sequence(fields.title_exact, &clause.exact));
    // An exact phrase only counts in the title: in bodies, checking the positions of common
    // words costs more than it adds (the folded phrase below finds them).
    if clause.exact.len() == 1 {
        parts.extend(sequence(fields.body_exact, &clause.exact));
    }
    for alt in &clause.folded {
        parts.extend(sequence(fields.title_folded, alt).map(|q| with_pairs(fields, alt, q)));
        parts.extend(sequence(fields.body_folded, alt).map(|q| with_pairs(fields, alt, q)));
    }
    parts
}

/// `phrase` over the folded `words`, required together with their pairs (see
/// [`analysis::pairs`]): a record has the phrase only if it has every pair, and the pairs, far
/// rarer than the words, lead the search, so positions are read only in records that have them
/// all. A single word is left alone.
fn with_pairs(
    fields: &Fields,
    words: &[String],
    phrase: Box<dyn TantivyQuery>,
) -> Box<dyn TantivyQuery> {
    if words.len() < 2 {
        return phrase;
    }
    let mut required = pair_terms(fields, words);
    required.push((Occur::Must, phrase));
    Box::new(BooleanQuery::new(required))
}

/// Every pair of neighbouring `words`, required.
fn pair_terms(fields: &Fields, words: &[String]) -> Vec<(Occur, Box<dyn TantivyQuery>)> {
    words
        .windows(2)
        .map(|w| {
            let term = Term::from_field_text(fields.pairs, &analysis::pair(&w[0], &w[1]));
            let q: Box<dyn TantivyQuery> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Must, q)
        })
        .collect()
}

/// Like [`clause_parts`], cheaper and slightly wider, for estimating how many records match: a
/// quoted phrase is read as its pairs of neighbouring words all present (see
/// [`analysis::pairs`]), which needs no positions; a record with the pairs in another order is
/// counted too, which an estimate can afford.
pub(crate) fn clause_parts_estimate(
    fields: &Fields,
    clause: &Clause,
) -> Vec<Box<dyn TantivyQuery>> {
    if !clause.quoted || clause.folded.iter().any(|alt| alt.len() < 2) {
        return clause_parts(fields, clause);
    }
    clause
        .folded
        .iter()
        .map(|alt| Box::new(BooleanQuery::new(pair_terms(fields, alt))) as Box<dyn TantivyQuery>)
        .collect()
}

/// The query for the words of a search: every clause (`all`) or any of them. It says which
/// records match; [`crate::page`] ranks them.
pub(crate) fn text_query(
    fields: &Fields,
    clauses: &[Clause],
    all: bool,
) -> Option<Box<dyn TantivyQuery>> {
    let occur = if all { Occur::Must } else { Occur::Should };
    let parts: Vec<(Occur, Box<dyn TantivyQuery>)> = clauses
        .iter()
        .filter_map(|c| any(clause_parts(fields, c)))
        .map(|q| (occur, q))
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(parts)))
}

/// The pairs of neighbouring folded words of the quoted phrases of a query, as
/// [`analysis::pairs`] indexes them: they stand for the phrase when scoring, without positions
/// (its words are only scored in titles). Words typed without quotes make no pairs: the pairs
/// field holds title and body together, and its length normalisation would put every short
/// record first for any query of two words.
pub(crate) fn phrase_pairs(clauses: &[Clause]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for clause in clauses.iter().filter(|c| c.quoted) {
        for w in clause.expanded.windows(2) {
            let p = analysis::pair(&w[0], &w[1]);
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// `query`, restricted by `filters` that do not change its score.
pub(crate) fn filtered(
    query: Box<dyn TantivyQuery>,
    filters: Vec<Box<dyn TantivyQuery>>,
) -> Box<dyn TantivyQuery> {
    if filters.is_empty() {
        return query;
    }
    let mut parts = vec![(Occur::Must, query)];
    for filter in filters {
        parts.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter, 0.0)) as Box<dyn TantivyQuery>,
        ));
    }
    Box::new(BooleanQuery::new(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_quoted_phrases_become_clauses() {
        let clauses = parse(r#"cầu giấy "chương trình phối hợp" 2021"#);
        assert_eq!(clauses.len(), 4);
        assert_eq!(clauses[2].exact, ["chương", "trình", "phối", "hợp"]);
        assert!(clauses[2].quoted);
        assert!(!clauses[0].quoted);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        let clauses = parse(r#"quận "cầu giấy"#);
        assert_eq!(clauses.len(), 2);
        assert_eq!(clauses[1].plain(), ["cau", "giay"]);
    }

    #[test]
    fn typographic_quotes_work_like_ascii_ones() {
        let clauses = parse("“hội nghị tổng kết”");
        assert_eq!(clauses.len(), 1);
        assert!(clauses[0].quoted);
    }

    #[test]
    fn syntax_characters_are_only_separators() {
        let clauses = parse("title:(cầu^2 OR giấy*) -x ~ \\ [ ] { }");
        let plain: Vec<&[String]> = clauses.iter().map(Clause::plain).collect();
        assert_eq!(plain.len(), 4);
        assert_eq!(plain[0], ["title", "cau", "2"]);
        assert_eq!(plain[1], ["or"]);
        assert_eq!(plain[2], ["giay"]);
        assert_eq!(plain[3], ["x"]);
    }

    #[test]
    fn words_spelling_out_a_long_form_become_one_clause() {
        let clauses = parse("hoi dong nhan dan quận Cầu Giấy");
        assert_eq!(clauses.len(), 4);
        assert_eq!(clauses[0].folded, [vec!["hdnd"]]);
        assert_eq!(clauses[0].expanded, ["hoi", "dong", "nhan", "dan"]);
        let clauses = parse("Ban kinh tế - xã hội");
        assert_eq!(clauses.len(), 2);
        assert_eq!(clauses[1].folded, [vec!["ktxh"]]);
        assert_eq!(parse("dong chi hoa")[0].folded, [vec!["dc"]]);
        // An abbreviation typed alone is its key, whatever its case.
        assert_eq!(parse("HĐND")[0].folded, [vec!["hdnd"]]);
        assert_eq!(parse("kt-xh")[0].folded, [vec!["ktxh"]]);
        // In quotes, a phrase stays a phrase.
        assert_eq!(
            parse("\"hội đồng nhân dân\"")[0].folded,
            [vec!["hoi", "dong", "nhan", "dan"]]
        );
    }

    #[test]
    fn long_queries_are_cut() {
        let text = "từ ".repeat(1000);
        assert!(parse(&text).len() <= MAX_CLAUSES);
        assert!(parse("").is_empty());
        assert!(parse("\"\"\"").is_empty());
    }
}
