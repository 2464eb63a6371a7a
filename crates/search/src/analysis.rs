//! The Vietnamese analysis: how text becomes the words that are indexed and searched.
//!
//! Two analysers, both registered with tantivy under [`EXACT`] and [`FOLDED`]:
//! - **exact**: NFC, the traditional tone placement ([`vi::normalize`]: "hoà" → "hòa",
//!   "Uỷ" → "Ủy"), lower case, split into words ([`vi::tokenize`]). Diacritics stay, so a query
//!   typed with them can rank the records that wrote the same word first.
//! - **folded**: [`vi::fold`] of each word (tones and vowel marks off, đ → d). An official
//!   abbreviation found in the text (HĐND, UBND, MTTQ, KT-XH, đ/c, … from [`vi::ABBREVIATIONS`]) is
//!   indexed as its folded key ("hdnd", "ktxh") *and* as the words of its long form ("hoi dong
//!   nhan dan"), the key sharing the position of the first of those words. So "hội đồng nhân dân"
//!   and "hoi dong nhan dan" find a record that only wrote "HĐND", and "HĐND" finds the key.
//!
//! A long form written out in a document ("Hội đồng nhân dân", "giải phóng mặt bằng") is also
//! indexed as its abbreviation's key, at the position of its first word. So a query for an
//! abbreviation or a long form, unquoted, is one term ("hdnd") that finds both ways of writing it,
//! without a phrase query over common words.
//!
//! In documents an abbreviation is recognised only when written as the table writes it
//! ("HĐND", "đ/c", "TTg") or in capitals ("HDND", "Đ/C"), so the ordinary word "tư" is not read as
//! "TƯ" (Trung ương). In queries ([`Mode::Query`]) any case is accepted ("hdnd", "mttq"), except
//! for a lower-case word with Vietnamese vowel marks, which is taken as a word.
//!
//! Offsets of the tokens are byte offsets into the NFC form of the text ([`vi::nfc`]), which is
//! the text itself whenever it is already NFC.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name of the exact analyser in tantivy's tokenizer manager.
pub const EXACT: &str = "vi_exact";
/// Name of the folded analyser in tantivy's tokenizer manager.
pub const FOLDED: &str = "vi_folded";
/// Name of the pairs analyser in tantivy's tokenizer manager.
pub const PAIRS: &str = "vi_pairs";

/// Words longer than this many bytes are not indexed (they still take a position).
pub const MAX_WORD_BYTES: usize = 100;

/// Where text comes from, which decides how eagerly abbreviations are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Text of a record: only abbreviations written as the table or in capitals.
    Document,
    /// Text a user typed: any case, except lower-case words with Vietnamese vowel marks.
    Query,
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The indexed form.
    pub text: String,
    /// Byte offset of the word's first character in the NFC text.
    pub from: usize,
    /// Byte offset just past the word in the NFC text.
    pub to: usize,
    /// Word number; words that stand for the same text (an abbreviation and the first word of
    /// its long form) share one.
    pub position: usize,
}

/// The byte offset of `part` inside `whole`; `part` must be a sub-slice of `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Exact analysis of `text`, which must be NFC (offsets refer to it).
pub fn exact_words(text: &str) -> Vec<Word> {
    vi::tokenize(text)
        .into_iter()
        .enumerate()
        .filter(|(_, w)| w.len() <= MAX_WORD_BYTES)
        .map(|(position, w)| {
            let from = offset_in(text, w);
            Word {
                text: vi::normalize(w).to_lowercase(),
                from,
                to: from + w.len(),
                position,
            }
        })
        .collect()
}

/// Exact forms of the words of any text (for queries).
pub fn exact_terms(text: &str) -> Vec<String> {
    exact_words(&vi::nfc(text))
        .into_iter()
        .map(|w| w.text)
        .collect()
}

/// FNV-1a: the tables below are looked up for every word of every text indexed or highlighted,
/// and their keys are fixed, so a fast hash without protection against chosen collisions is the
/// right trade (lookups of any text cannot lengthen the tables' chains).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map of one of the fixed tables.
type Table<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
/// A set of one of the fixed tables.
type TableSet<K> = HashSet<K, std::hash::BuildHasherDefault<Fnv>>;

/// Abbreviations exactly as the table writes them (NFC), to their long forms.
static LITERAL: LazyLock<Table<String, &'static str>> = LazyLock::new(|| {
    vi::ABBREVIATIONS
        .iter()
        .map(|&(abbr, long)| (vi::nfc(abbr), long))
        .collect()
});

/// Abbreviations the table writes starting in lower case ("đ/c"), capitalised as at the start
/// of a sentence ("Đ/c"), to their long forms.
static CAPITALISED: LazyLock<Table<String, &'static str>> = LazyLock::new(|| {
    LITERAL
        .iter()
        .filter_map(|(abbr, long)| {
            let mut chars = abbr.chars();
            let first = chars.next()?;
            first
                .is_lowercase()
                .then(|| (first.to_uppercase().chain(chars).collect(), *long))
        })
        .collect()
});

/// The longest abbreviation of the table, in bytes.
static LONGEST_LITERAL: LazyLock<usize> =
    LazyLock::new(|| LITERAL.keys().map(String::len).max().unwrap_or(0));

/// The first bytes and lengths of a set of keys: most words of a text are none of them, and this
/// says so without hashing them.
struct Shapes([u64; 256]);

impl Shapes {
    fn of<'a>(keys: impl Iterator<Item = &'a str>) -> Shapes {
        let mut bits = [0u64; 256];
        for key in keys {
            if let Some(&first) = key.as_bytes().first() {
                bits[usize::from(first)] |= 1 << key.len().min(63);
            }
        }
        Shapes(bits)
    }

    /// False when `word` is surely not one of the keys.
    fn may_hold(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&first) => self.0[usize::from(first)] & (1 << word.len().min(63)) != 0,
            None => false,
        }
    }
}

/// The shapes of the keys of [`LITERAL`] and [`CAPITALISED`].
static ABBREVIATION_SHAPES: LazyLock<Shapes> =
    LazyLock::new(|| Shapes::of(LITERAL.keys().chain(CAPITALISED.keys()).map(String::as_str)));

/// The long form of `chunk` if it is an abbreviation under `mode`'s rules.
fn abbreviation(chunk: &str, mode: Mode) -> Option<&'static str> {
    if chunk.is_empty() || chunk.len() > 32 {
        return None;
    }
    if chunk.len() <= *LONGEST_LITERAL && ABBREVIATION_SHAPES.may_hold(chunk) {
        if let Some(long) = LITERAL.get(chunk).or_else(|| CAPITALISED.get(chunk)) {
            return Some(long);
        }
    }
    let has_lower = chunk.chars().any(char::is_lowercase);
    if mode == Mode::Document && has_lower {
        // Most words of a document end here.
        return None;
    }
    if !chunk.chars().any(char::is_alphabetic) {
        return None;
    }
    let allowed = match mode {
        Mode::Document => !has_lower && chunk.chars().filter(|c| c.is_alphabetic()).count() >= 2,
        // "tư" is a word; "tu", "hđnd", "TƯ" may be abbreviations.
        Mode::Query => !has_lower || chunk.chars().all(|c| c.is_ascii() || c == 'đ' || c == 'Đ'),
    };
    if allowed {
        vi::expand_abbreviation(chunk)
    } else {
        None
    }
}

/// The folded key of an abbreviation: "KT-XH" → "ktxh", "đ/c" → "dc".
pub(crate) fn abbreviation_key(chunk: &str) -> String {
    vi::fold(chunk)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Folded words of a long form.
fn long_form_words(long: &str) -> Vec<String> {
    let folded = vi::fold(long);
    vi::tokenize(&folded)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Pushes an abbreviation's key and long form at `*position`, advancing it past the long form.
fn push_abbreviation(
    out: &mut Vec<Word>,
    position: &mut usize,
    key: String,
    long: &str,
    from: usize,
    to: usize,
) {
    let words = long_form_words(long);
    if !key.is_empty() && key.len() <= MAX_WORD_BYTES {
        out.push(Word {
            text: key,
            from,
            to,
            position: *position,
        });
    }
    for word in &words {
        out.push(Word {
            text: word.clone(),
            from,
            to,
            position: *position,
        });
        *position += 1;
    }
    if words.is_empty() {
        *position += 1;
    }
}

/// Long forms of two or more words, as their folded words joined by spaces, to the key of the
/// abbreviation [`vi::abbreviate`] gives for them.
static CONTRACTIONS: LazyLock<Table<String, String>> = LazyLock::new(|| {
    let mut map = Table::default();
    for &(abbr, long) in vi::ABBREVIATIONS {
        let words = long_form_words(long);
        if words.len() >= 2 {
            let key = abbreviation_key(vi::abbreviate(long).unwrap_or(abbr));
            if !key.is_empty() {
                map.entry(words.join(" ")).or_insert(key);
            }
        }
    }
    map
});

/// First words of the long forms in [`CONTRACTIONS`], and their largest number of words.
/// The shapes of the words of [`CONTRACTION_STARTS`].
static CONTRACTION_SHAPES: LazyLock<Shapes> =
    LazyLock::new(|| Shapes::of(CONTRACTION_STARTS.0.iter().map(String::as_str)));

static CONTRACTION_STARTS: LazyLock<(TableSet<String>, usize)> = LazyLock::new(|| {
    let mut starts = TableSet::default();
    let mut longest = 0;
    for long in CONTRACTIONS.keys() {
        let words: Vec<&str> = long.split(' ').collect();
        longest = longest.max(words.len());
        if let Some(first) = words.first() {
            starts.insert((*first).to_string());
        }
    }
    (starts, longest)
});

/// Adds the key of every long form written out in `words` at its first word's position, covering
/// the whole long form (words must be in position order; they stay so).
fn add_contractions(words: &mut Vec<Word>) {
    let Some(last) = words.last().map(|w| w.position) else {
        return;
    };
    let (starts, longest) = &*CONTRACTION_STARTS;
    let shapes = &*CONTRACTION_SHAPES;
    // The word standing at each position: the last one pushed there (a long form's word, not
    // the abbreviation's key).
    let mut main: Vec<Option<usize>> = vec![None; last + 1];
    for (i, w) in words.iter().enumerate() {
        if let Some(slot) = main.get_mut(w.position) {
            *slot = Some(i);
        }
    }
    let mut added: Vec<Word> = Vec::new();
    let mut phrase = String::new();
    for p in 0..=last {
        let Some(first) = main[p].map(|i| &words[i]) else {
            continue;
        };
        if !shapes.may_hold(&first.text) || !starts.contains(&first.text) {
            continue;
        }
        phrase.clear();
        phrase.push_str(&first.text);
        for slot in &main[p + 1..(p + longest).min(last + 1)] {
            let Some(next) = slot.map(|i| &words[i]) else {
                break;
            };
            phrase.push(' ');
            phrase.push_str(&next.text);
            if let Some(key) = CONTRACTIONS.get(&phrase) {
                let present = words
                    .iter()
                    .chain(added.iter())
                    .any(|w| w.position == p && &w.text == key);
                if !present {
                    added.push(Word {
                        text: key.clone(),
                        from: first.from,
                        to: next.to,
                        position: p,
                    });
                }
            }
        }
    }
    if !added.is_empty() {
        words.extend(added);
        // Stable: at each position the words already there come first.
        words.sort_by_key(|w| w.position);
    }
}

/// The key of `text` when it is, unquoted, one abbreviation ("HĐND", "kt-xh"): such a clause is
/// searched as that key alone, which the index holds for every way of writing it.
pub(crate) fn single_abbreviation(text: &str) -> Option<String> {
    let text = vi::nfc(text);
    let mut chunks = text
        .split(char::is_whitespace)
        .map(|c| c.trim_matches(|c: char| !is_word_char(c)))
        .filter(|c| !c.is_empty());
    let chunk = chunks.next()?;
    if chunks.next().is_some() {
        return None;
    }
    abbreviation(chunk, Mode::Query)?;
    let key = abbreviation_key(chunk);
    (!key.is_empty() && key.len() <= MAX_WORD_BYTES).then_some(key)
}

/// Whether a character can be part of a word, as [`vi::tokenize`] decides.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && !vi::tokenize(c.encode_utf8(&mut [0; 4])).is_empty())
}

/// Folded analysis of `text`, which must be NFC (offsets refer to it).
pub fn folded_words(text: &str, mode: Mode) -> Vec<Word> {
    let mut out = Vec::new();
    let mut position = 0;
    for chunk in text.split(char::is_whitespace) {
        let trimmed = chunk.trim_matches(|c: char| !is_word_char(c));
        if trimmed.is_empty() {
            continue;
        }
        let from = offset_in(text, trimmed);
        if let Some(long) = abbreviation(trimmed, mode) {
            let key = abbreviation_key(trimmed);
            push_abbreviation(
                &mut out,
                &mut position,
                key,
                long,
                from,
                from + trimmed.len(),
            );
            continue;
        }
        for word in vi::tokenize(trimmed) {
            let from = offset_in(text, word);
            let to = from + word.len();
            if let Some(long) = abbreviation(word, mode) {
                push_abbreviation(
                    &mut out,
                    &mut position,
                    abbreviation_key(word),
                    long,
                    from,
                    to,
                );
                continue;
            }
            let folded = vi::fold(word);
            if !folded.is_empty() && folded.len() <= MAX_WORD_BYTES {
                out.push(Word {
                    text: folded,
                    from,
                    to,
                    position,
                });
            }
            position += 1;
        }
    }
    add_contractions(&mut out);
    out
}

/// The ways a piece of query text can appear in the folded field, each a sequence of words at
/// consecutive positions: with abbreviations written out, with abbreviations as their keys, and
/// plainly folded. Duplicates are removed; empty when the text has no word.
pub fn folded_alternatives(text: &str) -> Vec<Vec<String>> {
    let text = vi::nfc(text);
    let mut expanded = Vec::new();
    let mut literal = Vec::new();
    for chunk in text.split(char::is_whitespace) {
        let trimmed = chunk.trim_matches(|c: char| !is_word_char(c));
        if trimmed.is_empty() {
            continue;
        }
        if let Some(long) = abbreviation(trimmed, Mode::Query) {
            expanded.extend(long_form_words(long));
            literal.push(abbreviation_key(trimmed));
            continue;
        }
        for word in vi::tokenize(trimmed) {
            if let Some(long) = abbreviation(word, Mode::Query) {
                expanded.extend(long_form_words(long));
                literal.push(abbreviation_key(word));
            } else {
                let folded = vi::fold(word);
                if !folded.is_empty() && folded.len() <= MAX_WORD_BYTES {
                    expanded.push(folded.clone());
                    literal.push(folded);
                }
            }
        }
    }
    let plain: Vec<String> = vi::tokenize(&vi::fold(&text))
        .into_iter()
        .filter(|w| w.len() <= MAX_WORD_BYTES)
        .map(str::to_string)
        .collect();
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    for alt in [expanded, literal, plain] {
        if !alt.is_empty() && !alternatives.contains(&alt) {
            alternatives.push(alt);
        }
    }
    alternatives
}

/// The words of a folded text that follow each other, as one term each ("chuong trinh"): a
/// record with a phrase has its pairs, so scoring by pairs ranks the records that have the
/// query's words together first, without reading positions. Every word at one position pairs
/// with every word at the next (an abbreviation's key and the first word of its long form share
/// a position, see [`folded_words`]).
pub fn pairs(words: &[Word]) -> Vec<Word> {
    // Contractions are added after the words they stand for: order by position first.
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by_key(|w| w.position);
    let words = sorted;
    let mut out = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let position = words[start].position;
        let end = start
            + words[start..]
                .iter()
                .take_while(|w| w.position == position)
                .count();
        let next_end = end
            + words[end..]
                .iter()
                .take_while(|w| w.position == position + 1)
                .count();
        for a in &words[start..end] {
            for b in &words[end..next_end] {
                out.push(Word {
                    text: pair(&a.text, &b.text),
                    from: a.from,
                    to: b.to.max(a.to),
                    position,
                });
            }
        }
        start = end;
    }
    out
}

/// The pair term of two folded words.
pub fn pair(a: &str, b: &str) -> String {
    format!("{a} {b}")
}

/// Which analysis a [`ViTokenizer`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Analysis {
    Exact,
    Folded,
    Pairs,
}

/// A tantivy tokenizer running one of the analyses.
#[derive(Clone, Debug)]
pub struct ViTokenizer {
    analysis: Analysis,
}

impl ViTokenizer {
    /// The exact analyser.
    pub fn exact() -> Self {
        ViTokenizer {
            analysis: Analysis::Exact,
        }
    }

    /// The folded analyser (documents' rules for abbreviations).
    pub fn folded() -> Self {
        ViTokenizer {
            analysis: Analysis::Folded,
        }
    }

    /// The pairs of neighbouring folded words (see [`pairs`]).
    pub fn pairs() -> Self {
        ViTokenizer {
            analysis: Analysis::Pairs,
        }
    }

    /// This tokenizer as a tantivy analyser.
    pub fn analyzer(self) -> TextAnalyzer {
        TextAnalyzer::builder(self).build()
    }
}

/// The tokens of one text, handed to tantivy one by one.
#[derive(Debug)]
pub struct ViTokenStream {
    tokens: Vec<Token>,
    /// Index of the current token plus one; 0 before the first `advance`.
    next: usize,
    empty: Token,
}

impl Tokenizer for ViTokenizer {
    type TokenStream<'a> = ViTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ViTokenStream {
        let nfc = vi::nfc(text);
        let words = match self.analysis {
            Analysis::Exact => exact_words(&nfc),
            Analysis::Folded => folded_words(&nfc, Mode::Document),
            Analysis::Pairs => pairs(&folded_words(&nfc, Mode::Document)),
        };
        let tokens = words
            .into_iter()
            .map(|w| Token {
                offset_from: w.from,
                offset_to: w.to,
                position: w.position,
                text: w.text,
                position_length: 1,
            })
            .collect();
        ViTokenStream {
            tokens,
            next: 0,
            empty: Token::default(),
        }
    }
}

impl TokenStream for ViTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

/// Registers both analysers with an index.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(EXACT, ViTokenizer::exact().analyzer());
    manager.register(FOLDED, ViTokenizer::folded().analyzer());
    manager.register(PAIRS, ViTokenizer::pairs().analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[Word]) -> Vec<(&str, usize)> {
        words
            .iter()
            .map(|w| (w.text.as_str(), w.position))
            .collect()
    }

    #[test]
    fn neighbouring_folded_words_make_pairs_including_an_abbreviations_long_form() {
        let words = folded_words("Chủ tịch HĐND quận", Mode::Document);
        let pairs: Vec<String> = pairs(&words).into_iter().map(|w| w.text).collect();
        assert!(pairs.contains(&"chu tich".to_string()));
        assert!(pairs.contains(&"tich hdnd".to_string()));
        assert!(pairs.contains(&"tich hoi".to_string()));
        assert!(pairs.contains(&"hoi dong".to_string()));
        assert!(pairs.contains(&"dan quan".to_string()));
        assert!(!pairs.contains(&"chu hdnd".to_string()));
    }

    #[test]
    fn exact_analysis_lowercases_and_unifies_tone_placement() {
        let words = exact_words("Uỷ ban MTTQ hoà giải");
        assert_eq!(
            texts(&words),
            [("ủy", 0), ("ban", 1), ("mttq", 2), ("hòa", 3), ("giải", 4)]
        );
        assert_eq!(exact_terms("Ủy ban"), exact_terms("Uỷ ban"));
    }

    #[test]
    fn exact_offsets_point_into_the_text() {
        let text = "Quận Cầu Giấy, năm 2021";
        for w in exact_words(text) {
            assert_eq!(vi::normalize(&text[w.from..w.to]).to_lowercase(), w.text);
        }
    }

    #[test]
    fn folded_analysis_writes_abbreviations_out_beside_their_key() {
        let words = folded_words("HĐND- UBND quận", Mode::Document);
        assert_eq!(
            texts(&words),
            [
                ("hdnd", 0),
                ("hoi", 0),
                ("dong", 1),
                ("nhan", 2),
                ("dan", 3),
                ("ubnd", 4),
                ("uy", 4),
                ("ban", 5),
                ("nhan", 6),
                ("dan", 7),
                ("quan", 8)
            ]
        );
        // The offsets of the abbreviation cover "HĐND" without the dash.
        assert_eq!(words[0].from, 0);
        assert_eq!(words[0].to, "HĐND".len());
    }

    #[test]
    fn folded_analysis_recognises_abbreviations_with_punctuation() {
        let words = folded_words("kinh tế, các đ/c và KT-XH", Mode::Document);
        let t: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            t,
            ["kinh", "te", "cac", "dc", "dong", "chi", "va", "ktxh", "kinh", "te", "xa", "hoi"]
        );
    }

    #[test]
    fn long_forms_written_out_are_indexed_as_their_key_too() {
        let words = folded_words("Hội đồng nhân dân và Ủy ban MTTQ", Mode::Document);
        assert_eq!(
            texts(&words),
            [
                ("hoi", 0),
                ("hdnd", 0),
                ("dong", 1),
                ("nhan", 2),
                ("dan", 3),
                ("va", 4),
                ("uy", 5),
                ("ubmttq", 5),
                ("ban", 6),
                ("mttq", 7),
                ("mat", 7),
                ("tran", 8),
                ("to", 9),
                ("quoc", 10)
            ]
        );
        // The key covers the whole long form, for highlighting.
        let key = &words[1];
        assert_eq!(
            &"Hội đồng nhân dân và"[key.from..key.to],
            "Hội đồng nhân dân"
        );
        // An abbreviation gets its key once.
        let words = folded_words("HĐND", Mode::Document);
        assert_eq!(words.iter().filter(|w| w.text == "hdnd").count(), 1);
    }

    #[test]
    fn a_capitalised_abbreviation_at_a_sentence_start_is_recognised() {
        let t: Vec<String> = folded_words("Đ/c Lê Văn Khiêm", Mode::Document)
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(t, ["dc", "dong", "chi", "le", "van", "khiem"]);
    }

    #[test]
    fn the_word_tu_is_not_read_as_an_abbreviation_in_documents() {
        let t: Vec<String> = folded_words("thứ tư, tư nhân", Mode::Document)
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(t, ["thu", "tu", "tu", "nhan"]);
    }

    #[test]
    fn queries_accept_abbreviations_in_lower_case() {
        let alts = folded_alternatives("hdnd");
        assert_eq!(alts, [vec!["hoi", "dong", "nhan", "dan"], vec!["hdnd"]]);
        assert_eq!(folded_alternatives("tư"), [vec!["tu"]]);
        assert_eq!(folded_alternatives("Cầu Giấy"), [vec!["cau", "giay"]]);
        assert!(folded_alternatives(" :-( ").is_empty());
    }

    #[test]
    fn the_tokenizer_never_panics_on_awkward_text() {
        let long = "Ủy ".repeat(3000);
        for text in [
            "",
            " ",
            "\u{0301}",
            "😀 中文",
            "a\u{0301}\u{0301}",
            "Ð",
            long.as_str(),
            &"x".repeat(500),
        ] {
            for mut t in [ViTokenizer::exact(), ViTokenizer::folded()] {
                let mut stream = t.token_stream(text);
                let _ = stream.token();
                while stream.advance() {
                    let _ = stream.token();
                }
                let _ = stream.token_mut();
            }
            let _ = folded_alternatives(text);
        }
    }
}
