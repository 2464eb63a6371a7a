//! Highlighted titles and snippets: the stored text, HTML-escaped, with `<mark>` around the words
//! that matched.
//!
//! Matching is done on the folded analysis of the stored text, so a query without diacritics
//! marks the accented words it found, and "hdnd" marks both "HĐND" and "Hội đồng nhân dân".

use crate::analysis::{self, Mode, Word};
use crate::query::Clause;

/// Length of a snippet, in bytes of text (about 150–250 Vietnamese characters).
const SNIPPET_BYTES: usize = 360;
/// How much text to show before the first match, in bytes.
const LEAD_BYTES: usize = 80;
/// How much of a long text is analysed first when looking for a snippet; more only when the
/// best passage might lie further on.
const FIRST_PREFIX_BYTES: usize = 768;
/// How far before the end of what was analysed the analysis of more text starts: longer than a
/// phrase of the most words a query phrase holds, written in words of ordinary length.
const RESUME_OVERLAP_BYTES: usize = 800;

/// Marks the words of a query in texts.
pub(crate) struct Highlighter {
    /// Folded word sequences to mark, each with the number of the clause it comes from.
    sequences: Vec<(usize, Vec<String>)>,
}

/// A stretch of text to mark, with the clause it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    from: usize,
    to: usize,
    clause: usize,
}

impl Highlighter {
    /// A highlighter for the clauses of a query.
    pub fn new(clauses: &[Clause]) -> Self {
        let mut sequences = Vec::new();
        for (i, clause) in clauses.iter().enumerate() {
            for alt in &clause.folded {
                if !alt.is_empty() {
                    sequences.push((i, alt.clone()));
                }
            }
        }
        Highlighter { sequences }
    }

    /// Where the query's words and phrases occur in `text` (NFC), in text order.
    fn spans(&self, text: &str) -> Vec<Span> {
        if self.sequences.is_empty() {
            return Vec::new();
        }
        let words = analysis::folded_words(text, Mode::Document);
        let Some(last) = words.last() else {
            return Vec::new();
        };
        // Words by position: an abbreviation and its long form share positions.
        let mut slots: Vec<Vec<&Word>> = vec![Vec::new(); last.position + 1];
        for w in &words {
            if let Some(slot) = slots.get_mut(w.position) {
                slot.push(w);
            }
        }
        // Only positions holding the first word of some sequence can start a match.
        // A query has a few sequences: a scan beats hashing every word of the text.
        let firsts: Vec<&str> = self
            .sequences
            .iter()
            .filter_map(|(_, seq)| seq.first().map(String::as_str))
            .collect();
        let starts = words
            .iter()
            .filter(|w| firsts.contains(&w.text.as_str()))
            .map(|w| w.position);
        let mut spans = Vec::new();
        let mut last_start = None;
        for start in starts {
            if last_start == Some(start) {
                continue;
            }
            last_start = Some(start);
            for (clause, seq) in &self.sequences {
                let mut from = usize::MAX;
                let mut to = 0;
                let found = seq.iter().enumerate().all(|(i, want)| {
                    let hit = slots
                        .get(start + i)
                        .and_then(|slot| slot.iter().find(|w| &w.text == want));
                    if let Some(w) = hit {
                        from = from.min(w.from);
                        to = to.max(w.to);
                    }
                    hit.is_some()
                });
                if found && from < to {
                    spans.push(Span {
                        from,
                        to,
                        clause: *clause,
                    });
                }
            }
        }
        spans.sort_by_key(|s| (s.from, s.to));
        spans
    }

    /// The whole of `text` (NFC) as HTML with the matches marked.
    pub fn html(&self, text: &str) -> String {
        render(text, 0, text.len(), &self.spans(text))
    }

    /// A passage of `text` (NFC) around its best stretch of matches, as HTML with the matches
    /// marked and "…" where it was cut. Without matches, the start of the text.
    pub fn snippet(&self, text: &str) -> String {
        // The analysis is the cost: analyse a prefix, and stop when it already holds a passage
        // with every clause of the query that ends inside it. No later passage can beat it (an
        // earlier one wins a tie), so the result is the same as analysing the whole text.
        let clauses = {
            let mut c: Vec<usize> = self.sequences.iter().map(|(i, _)| *i).collect();
            c.sort_unstable();
            c.dedup();
            c.len()
        };
        let mut prefix = FIRST_PREFIX_BYTES;
        let mut spans: Vec<Span> = Vec::new();
        // How far the text has been analysed.
        let mut done: usize = 0;
        let (start, end) = loop {
            let cut = if prefix >= text.len() {
                text.len()
            } else {
                let at = floor_boundary(text, prefix);
                text[..at].rfind(char::is_whitespace).unwrap_or(at)
            };
            // Analyse only what is new, from a little before it so that a phrase across the
            // previous cut is found whole; the spans that start there are found again.
            let from = if done == 0 {
                0
            } else {
                let at = floor_boundary(text, done.saturating_sub(RESUME_OVERLAP_BYTES));
                text[..at].rfind(char::is_whitespace).unwrap_or(0)
            };
            spans.retain(|s| s.from < from);
            spans.extend(self.spans(&text[from..cut]).into_iter().map(|s| Span {
                from: s.from + from,
                to: s.to + from,
                clause: s.clause,
            }));
            done = cut;
            let found = best_window(text, &spans);
            let complete = found.best == clauses
                && clauses > 0
                && found.anchor + SNIPPET_BYTES - LEAD_BYTES <= cut;
            if cut == text.len() || complete {
                break window_at(text, found.anchor);
            }
            prefix *= 4;
        };
        let mut html = String::new();
        if start > 0 {
            html.push('…');
        }
        html.push_str(render(text, start, end, &spans).trim());
        if end < text.len() {
            html.push('…');
        }
        html
    }
}

/// The largest char boundary at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The start of the best passage and how many clauses it matches.
struct Best {
    anchor: usize,
    best: usize,
}

/// Finds the best passage: the one of [`SNIPPET_BYTES`] with the most different clauses matched
/// (earliest on a tie).
fn best_window(text: &str, spans: &[Span]) -> Best {
    if text.len() <= SNIPPET_BYTES {
        let mut clauses: Vec<usize> = spans.iter().map(|s| s.clause).collect();
        clauses.sort_unstable();
        clauses.dedup();
        return Best {
            anchor: 0,
            best: clauses.len(),
        };
    }
    let mut anchor = 0;
    let mut best = 0;
    for (i, s) in spans.iter().enumerate() {
        let limit = s.from + SNIPPET_BYTES - LEAD_BYTES;
        let mut clauses: Vec<usize> = spans[i..]
            .iter()
            .take_while(|t| t.to <= limit)
            .map(|t| t.clause)
            .collect();
        clauses.sort_unstable();
        clauses.dedup();
        if clauses.len() > best {
            best = clauses.len();
            anchor = s.from;
        }
    }
    Best { anchor, best }
}

/// The passage to show around `anchor`, cut at spaces.
fn window_at(text: &str, anchor: usize) -> (usize, usize) {
    if text.len() <= SNIPPET_BYTES {
        return (0, text.len());
    }
    let mut start = floor_boundary(text, anchor.saturating_sub(LEAD_BYTES));
    if start > 0 {
        // Begin at a word: after the first space following the cut, if it is before the match.
        if let Some(space) = text[start..anchor].find(char::is_whitespace) {
            start += space;
            start = floor_boundary(text, start);
        }
    }
    let mut end = floor_boundary(text, start + SNIPPET_BYTES);
    if end < text.len() {
        if let Some(space) = text[start..end].rfind(char::is_whitespace) {
            if start + space > anchor {
                end = start + space;
            }
        }
    }
    (start, end)
}

/// `text[start..end]` escaped, with `<mark>` around the parts of `spans` inside it.
fn render(text: &str, start: usize, end: usize, spans: &[Span]) -> String {
    // Overlapping spans, and spans with only spaces between them, become one mark.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for span in spans {
        let joins = |last: &(usize, usize)| {
            span.from <= last.1
                || text
                    .get(last.1..span.from)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        };
        match merged.last_mut() {
            Some(last) if joins(last) => last.1 = last.1.max(span.to),
            _ => merged.push((span.from, span.to)),
        }
    }
    let mut out = String::with_capacity(end.saturating_sub(start) + 32);
    let mut at = start;
    for (from, to) in merged {
        let from = from.clamp(at, end);
        let to = to.clamp(from, end);
        if from >= to {
            continue;
        }
        vi::escape_into(&mut out, text.get(at..from).unwrap_or_default());
        out.push_str("<mark>");
        vi::escape_into(&mut out, text.get(from..to).unwrap_or_default());
        out.push_str("</mark>");
        at = to;
    }
    vi::escape_into(&mut out, text.get(at..end).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn marks(query: &str, text: &str) -> String {
        Highlighter::new(&parse(query)).html(text)
    }

    #[test]
    fn a_query_without_diacritics_marks_the_accented_words() {
        assert_eq!(
            marks("cau giay", "Quận Cầu Giấy"),
            "Quận <mark>Cầu Giấy</mark>"
        );
    }

    #[test]
    fn an_abbreviation_marks_its_long_form_and_the_long_form_marks_the_abbreviation() {
        assert_eq!(
            marks("hdnd", "HĐND và Hội đồng nhân dân"),
            "<mark>HĐND</mark> và <mark>Hội đồng nhân dân</mark>"
        );
        assert_eq!(
            marks("\"hội đồng nhân dân\"", "Chủ tịch HĐND-UBND"),
            "Chủ tịch <mark>HĐND</mark>-UBND"
        );
    }

    #[test]
    fn a_phrase_is_marked_only_where_its_words_follow_each_other() {
        assert_eq!(
            marks("\"phối hợp\"", "hợp tác, phối hợp"),
            "hợp tác, <mark>phối hợp</mark>"
        );
    }

    #[test]
    fn text_is_escaped_and_only_marks_are_markup() {
        assert_eq!(
            marks("script", "<script>alert('x')</script> & \"y\""),
            "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn a_snippet_is_cut_around_the_matches() {
        let text = format!(
            "{} Cầu Giấy {}",
            "mở đầu ".repeat(100),
            "kết thúc ".repeat(100)
        );
        let snippet = Highlighter::new(&parse("cau giay")).snippet(&text);
        assert!(snippet.starts_with('…'), "{snippet}");
        assert!(snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("<mark>Cầu Giấy</mark>"));
        assert!(snippet.len() < SNIPPET_BYTES + 60);
    }

    #[test]
    fn a_phrase_across_the_first_analysed_prefix_is_marked_whole() {
        // "chương trình phối hợp" starts just before the first cut and ends after it; the words
        // of the query's other clause come earlier, so the first prefix is not enough.
        for shift in 0..12 {
            let lead = "x".repeat(shift);
            // "mở đầu " is 12 bytes: the phrase starts 1 to 23 bytes before the cut.
            let head = format!(
                "{lead} {}",
                "mở đầu ".repeat((FIRST_PREFIX_BYTES - 24) / 12)
            );
            let text = format!(
                "{head} Chương trình phối hợp công tác {}",
                "kết thúc ".repeat(400)
            );
            let snippet = Highlighter::new(&parse("\"chuong trinh phoi hop\"")).snippet(&text);
            assert!(
                snippet.contains("<mark>Chương trình phối hợp</mark>"),
                "{shift}: {snippet}"
            );
        }
    }

    #[test]
    fn a_snippet_without_matches_is_the_start_of_the_text() {
        let text = "đầu ".repeat(200);
        let snippet = Highlighter::new(&parse("xyz")).snippet(&text);
        assert!(snippet.starts_with("đầu"));
        assert!(snippet.ends_with('…'));
        assert_eq!(Highlighter::new(&[]).snippet("ngắn"), "ngắn");
    }
}
