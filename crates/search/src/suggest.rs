//! Suggestions: "did you mean" corrections for words found in no record, and titles for
//! as-you-type completion.
//!
//! Both only ever show text taken from records the user may see: a candidate term is shown in
//! the form (with diacritics) in which a visible record writes it, and dropped when no visible
//! record has it.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::LazyLock;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhrasePrefixQuery, Query as TantivyQuery};
use tantivy::{Searcher, Term};

use crate::analysis::{self, Mode};
use crate::index::{Fields, SearchIndex};
use crate::query::{self, Clause};
use crate::SearchError;

/// Most suggestions returned with a result list.
const MAX_SUGGESTIONS: usize = 5;
/// Most candidates shown for one unknown word.
const PER_WORD: usize = 3;
/// Most candidates checked against visible records for one unknown word.
const CHECKED_PER_WORD: usize = 5;
/// Most titles [`titles`] returns.
const MAX_TITLES: usize = 50;

/// Indexes of the unquoted clauses none of whose folded forms occurs in any record.
pub(crate) fn unknown_clauses(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[Clause],
) -> Result<Vec<usize>, SearchError> {
    let mut unknown = Vec::new();
    for (i, clause) in clauses.iter().enumerate() {
        if clause.quoted {
            continue;
        }
        let mut known = false;
        for alt in &clause.folded {
            let mut all = true;
            for word in alt {
                let title = searcher.doc_freq(&Term::from_field_text(fields.title_folded, word))?;
                let body = searcher.doc_freq(&Term::from_field_text(fields.body_folded, word))?;
                if title + body == 0 {
                    all = false;
                    break;
                }
            }
            if all {
                known = true;
                break;
            }
        }
        if !known {
            unknown.push(i);
        }
    }
    Ok(unknown)
}

/// Optimal-string-alignment distance (Levenshtein plus swaps of neighbours) between `a` and `b`,
/// or `None` when it is more than `max`.
pub(crate) fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// A Levenshtein automaton (with swaps of neighbours) as the term dictionary's automaton, so
/// that only terms within the distance are visited, not the whole dictionary.
struct Within(levenshtein_automata::DFA);

impl tantivy_fst::Automaton for Within {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(
            self.0.distance(*state),
            levenshtein_automata::Distance::Exact(_)
        )
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Builders of the automata for distances 1 and 2, made once: building one costs milliseconds.
static AUTOMATA: LazyLock<[levenshtein_automata::LevenshteinAutomatonBuilder; 2]> =
    LazyLock::new(|| {
        [
            levenshtein_automata::LevenshteinAutomatonBuilder::new(1, true),
            levenshtein_automata::LevenshteinAutomatonBuilder::new(2, true),
        ]
    });

/// Indexed folded terms close to `word`, closest and most frequent first.
fn close_terms(
    searcher: &Searcher,
    fields: &Fields,
    word: &str,
) -> Result<Vec<String>, SearchError> {
    let w: Vec<char> = word.chars().collect();
    let max = match w.len() {
        0..=2 => return Ok(Vec::new()),
        3..=5 => 1,
        _ => 2,
    };
    let with_digits = w.iter().any(char::is_ascii_digit);
    let mut found: HashMap<String, (usize, u64)> = HashMap::new();
    let mut chars = Vec::new();
    let builder = &AUTOMATA[max - 1];
    for segment in searcher.segment_readers() {
        for field in [fields.title_folded, fields.body_folded] {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .search(Within(builder.build_dfa(word)))
                .into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                // Numbers are not suggested for words, nor words for numbers.
                if term.bytes().any(|b| b.is_ascii_digit()) != with_digits {
                    continue;
                }
                chars.clear();
                chars.extend(term.chars());
                if chars == w {
                    continue;
                }
                if let Some(d) = distance(&w, &chars, max) {
                    let entry = found.entry(term.to_string()).or_insert((d, 0));
                    entry.1 += u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut terms: Vec<(String, (usize, u64))> = found.into_iter().collect();
    terms.sort_by(|a, b| (a.1 .0, Reverse(a.1 .1), &a.0).cmp(&(b.1 .0, Reverse(b.1 .1), &b.0)));
    Ok(terms.into_iter().map(|(t, _)| t).collect())
}

/// How a word is shown in a suggestion: lower case, unless written in capitals (an
/// abbreviation such as "HĐND").
fn display_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let upper = w.chars().filter(|c| c.is_uppercase()).count();
            if upper >= 2 && !w.chars().any(char::is_lowercase) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The occurrences of the folded `words` next to each other in `text`, as written there, whitespace
/// collapsed: first those written out in full, then those found through an abbreviation.
fn occurrences(text: &str, words: &[String]) -> (Vec<String>, Vec<String>) {
    let mut literal = Vec::new();
    let mut abbreviated = Vec::new();
    let analysed = analysis::folded_words(text, Mode::Document);
    let Some(last) = analysed.last() else {
        return (literal, abbreviated);
    };
    let mut slots: Vec<Vec<&analysis::Word>> = vec![Vec::new(); last.position + 1];
    for w in &analysed {
        if let Some(slot) = slots.get_mut(w.position) {
            slot.push(w);
        }
    }
    let wanted: Vec<&str> = words.iter().map(String::as_str).collect();
    for start in 0..slots.len() {
        let mut from = usize::MAX;
        let mut to = 0;
        let all = words.iter().enumerate().all(|(i, want)| {
            let hit = slots
                .get(start + i)
                .and_then(|slot| slot.iter().find(|w| &w.text == want));
            if let Some(w) = hit {
                from = from.min(w.from);
                to = to.max(w.to);
            }
            hit.is_some()
        });
        let Some(found) = all.then(|| text.get(from..to)).flatten() else {
            continue;
        };
        let shown = found.split_whitespace().collect::<Vec<_>>().join(" ");
        if vi::tokenize(&vi::fold(found)) == wanted {
            literal.push(shown);
        } else if !abbreviated.contains(&shown) {
            abbreviated.push(shown);
        }
    }
    (literal, abbreviated)
}

/// How many top records [`display`] reads to find how the words are written.
const DISPLAY_DOCS: usize = 4;

/// The folded `words` as visible records write them next to each other: of the forms found in
/// the best records, the one closest to what the user `typed` when that had diacritics, else
/// the most frequent. `None` when no visible record has them.
fn display(
    index: &SearchIndex,
    searcher: &Searcher,
    words: &[String],
    typed: &str,
    scope: &crate::Scope,
) -> Result<Option<String>, SearchError> {
    let f = index.fields();
    let parts: Vec<Box<dyn TantivyQuery>> = [
        query::sequence(f.title_folded, words),
        query::sequence(f.body_folded, words),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(q) = query::any(parts) else {
        return Ok(None);
    };
    let q = query::filtered(q, index.visibility(scope));
    let mut literal: HashMap<String, usize> = HashMap::new();
    let mut abbreviated: Vec<String> = Vec::new();
    let mut bodies = Vec::new();
    // Titles first: they are short, and usually enough; bodies only when no title has the words.
    for addr in first_matches(searcher, q.as_ref(), DISPLAY_DOCS)? {
        let (title, body) = index.stored_texts(searcher, addr)?;
        bodies.push(body);
        let (lit, abbr) = occurrences(&title, words);
        for form in lit {
            *literal.entry(display_case(&form)).or_default() += 1;
        }
        abbreviated.extend(abbr);
    }
    if literal.is_empty() {
        for body in bodies {
            let (lit, abbr) = occurrences(&body, words);
            for form in lit {
                *literal.entry(display_case(&form)).or_default() += 1;
            }
            abbreviated.extend(abbr);
        }
    }
    let typed: Vec<char> = typed.chars().collect();
    let with_marks = !typed.iter().all(char::is_ascii);
    let best = literal
        .into_iter()
        .map(|(form, count)| {
            let chars: Vec<char> = form.chars().collect();
            let closeness = if with_marks {
                distance(&typed, &chars, usize::MAX / 4).unwrap_or(usize::MAX)
            } else {
                0
            };
            (closeness, Reverse(count), form)
        })
        .min()
        .map(|(_, _, form)| form);
    Ok(best.or_else(|| abbreviated.first().map(|form| display_case(form))))
}

/// Whether a visible record has the folded `words` next to each other.
fn phrase_exists(
    index: &SearchIndex,
    searcher: &Searcher,
    words: &[String],
    scope: &crate::Scope,
) -> Result<bool, SearchError> {
    let f = index.fields();
    let parts: Vec<Box<dyn TantivyQuery>> = [
        query::sequence(f.title_folded, words),
        query::sequence(f.body_folded, words),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(q) = query::any(parts) else {
        return Ok(false);
    };
    let q = query::filtered(q, index.visibility(scope));
    Ok(!first_matches(searcher, q.as_ref(), 1)?.is_empty())
}

/// The first `n` live documents matching `q`, in index order, without scoring or counting the
/// rest: enough to know how records write some words, at a cost that does not grow with the
/// number of matches.
fn first_matches(
    searcher: &Searcher,
    q: &dyn TantivyQuery,
    n: usize,
) -> Result<Vec<tantivy::DocAddress>, SearchError> {
    use tantivy::DocSet;
    let weight = q.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    let mut out = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED && out.len() < n {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                out.push(tantivy::DocAddress::new(ord as u32, doc));
            }
            doc = scorer.advance();
        }
        if out.len() >= n {
            break;
        }
    }
    Ok(out)
}

/// "Did you mean" for a query whose `unknown` clauses are in no record: first the whole query
/// with those words replaced by the closest visible terms (when a visible record has the result
/// as a phrase), then the close terms of each unknown word, all as visible records write them.
pub(crate) fn corrections(
    index: &SearchIndex,
    searcher: &Searcher,
    clauses: &[Clause],
    unknown: &[usize],
    scope: &crate::Scope,
) -> Result<Vec<String>, SearchError> {
    let fields = index.fields();
    let mut corrected: Vec<Vec<String>> = clauses.iter().map(|c| c.plain().to_vec()).collect();
    let mut per_word = Vec::new();
    // For each unknown single word, its close terms that visible records have.
    let mut options: Vec<(usize, Vec<String>)> = Vec::new();
    for &i in unknown {
        let Some(clause) = clauses.get(i) else {
            continue;
        };
        let [word] = clause.plain() else {
            continue;
        };
        let mut found = Vec::new();
        for candidate in close_terms(searcher, fields, word)?
            .into_iter()
            .take(CHECKED_PER_WORD)
        {
            let words = vec![candidate];
            if let Some(text) = display(index, searcher, &words, &clause.source, scope)? {
                per_word.push(text);
                found.extend(words);
            }
            if found.len() == PER_WORD {
                break;
            }
        }
        if !found.is_empty() {
            options.push((i, found));
        }
    }
    // The whole query corrected: for each unknown word, the first candidate that some visible
    // record writes next to a neighbouring word of the query, else the closest one.
    let mut out = Vec::new();
    if !options.is_empty() {
        for (i, candidates) in &options {
            let i = *i;
            let before = i.checked_sub(1).and_then(|j| corrected.get(j)).cloned();
            let after = corrected.get(i + 1).cloned();
            let mut chosen = None;
            for candidate in candidates {
                let with = |mut left: Vec<String>, right: &[String]| {
                    left.extend_from_slice(right);
                    left
                };
                let one = std::slice::from_ref(candidate);
                let in_context = match (&before, &after) {
                    (Some(b), _)
                        if phrase_exists(index, searcher, &with(b.clone(), one), scope)? =>
                    {
                        true
                    }
                    (_, Some(a)) => phrase_exists(index, searcher, &with(one.to_vec(), a), scope)?,
                    _ => false,
                };
                if in_context {
                    chosen = Some(candidate.clone());
                    break;
                }
            }
            if let (Some(slot), Some(best)) = (
                corrected.get_mut(i),
                chosen.or_else(|| candidates.first().cloned()),
            ) {
                *slot = vec![best];
            }
        }
        let words: Vec<String> = corrected.iter().flatten().cloned().collect();
        let typed: Vec<&str> = clauses.iter().map(|c| c.source.as_str()).collect();
        // Offered only when some visible record has the corrected words together.
        out.extend(display(index, searcher, &words, &typed.join(" "), scope)?);
    }
    out.extend(per_word);
    let mut seen = Vec::new();
    out.retain(|s| {
        let key = vi::fold(s);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    out.truncate(MAX_SUGGESTIONS);
    Ok(out)
}

/// Titles of public records matching a partly typed query; see [`SearchIndex::suggest`].
pub(crate) fn titles(
    index: &SearchIndex,
    prefix: &str,
    scope: &crate::Scope,
    limit: usize,
) -> Result<Vec<String>, SearchError> {
    let limit = limit.min(MAX_TITLES);
    let text: String = prefix.chars().take(200).collect();
    let folded = vi::fold(&text);
    let words: Vec<&str> = vi::tokenize(&folded)
        .into_iter()
        .filter(|w| w.len() <= analysis::MAX_WORD_BYTES)
        .take(12)
        .collect();
    if words.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let finished = text.ends_with(|c: char| !c.is_alphanumeric());
    let field = index.fields().title_folded;
    let terms: Vec<Term> = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();

    // First the words next to each other, then anywhere in the title.
    let mut queries: Vec<Box<dyn TantivyQuery>> = Vec::new();
    if finished {
        queries.extend(query::sequence(field, &owned));
    } else {
        let mut phrase = PhrasePrefixQuery::new(terms.clone());
        phrase.set_max_expansions(64);
        queries.push(Box::new(phrase));
    }
    if words.len() > 1 {
        let mut parts: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            let q: Box<dyn TantivyQuery> = if i + 1 == terms.len() && !finished {
                let mut p = PhrasePrefixQuery::new(vec![term.clone()]);
                p.set_max_expansions(64);
                Box::new(p)
            } else {
                query::sequence(field, std::slice::from_ref(&owned[i]))
                    .unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery))
            };
            parts.push((Occur::Must, q));
        }
        queries.push(Box::new(BooleanQuery::new(parts)));
    }

    let searcher = index.searcher();
    let mut out: Vec<String> = Vec::new();
    for q in queries {
        let q = query::filtered(q, index.visibility(scope));
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(limit * 2 + 4))? {
            let (title, _) = index.stored_texts(&searcher, addr)?;
            if !title.is_empty() && !out.contains(&title) {
                out.push(title);
            }
            if out.len() >= limit {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, 2)
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(d("giay", "giay"), Some(0));
        assert_eq!(d("giya", "giay"), Some(1));
        assert_eq!(d("giy", "giay"), Some(1));
        assert_eq!(d("cau", "cua"), Some(1));
        assert_eq!(d("chuong", "chuogn"), Some(1));
        assert_eq!(d("abc", "xyz"), None);
        assert_eq!(d("", "ab"), Some(2));
        assert_eq!(d("a", "abcd"), None);
    }

    #[test]
    fn suggestions_keep_abbreviations_in_capitals() {
        assert_eq!(display_case("Cầu Giấy"), "cầu giấy");
        assert_eq!(display_case("HĐND"), "HĐND");
    }

    #[test]
    fn occurrences_tell_written_out_forms_from_abbreviations() {
        let words = vec!["hoi".to_string(), "dong".to_string()];
        let (literal, abbreviated) = occurrences("HĐND và Hội  đồng nhân dân", &words);
        assert_eq!(literal, ["Hội đồng"]);
        assert_eq!(abbreviated, ["HĐND"]);
        assert_eq!(occurrences("không có", &words), (vec![], vec![]));
    }
}
