//! Text normalisation: NFC, one canonical tone placement, search folding, URL slugs, tokens.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::letters::{self, Letter, Tone, A, E, O, U, VOWEL_ASCII, Y};

/// Longest slug [`slugify`] produces, in bytes (the slug is ASCII, so also in characters).
pub const MAX_SLUG_LEN: usize = 100;

/// NFC without copying when the input already is NFC, which nearly all stored text is.
pub(crate) fn nfc_cow(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Unicode Normalization Form C (canonical composition).
///
/// ```
/// assert_eq!(vi::nfc("Vie\u{0323}\u{0302}t"), "Việt");
/// ```
pub fn nfc(s: &str) -> String {
    nfc_cow(s).into_owned()
}

/// NFC, and tone marks placed the traditional way, so that "hoà", "Uỷ", "thuỷ", "khoẻ" and
/// "hòa", "Ủy", "thủy", "khỏe" become the same string (the latter).
///
/// Only the open syllables (no final consonant) whose vowel is `oa`, `oe` or `uy` are written
/// differently by the two conventions; in those the tone moves from the second vowel to the first.
/// Everything else — syllables with a final consonant (`hoàng`, `khuyến`), `qu`/`gi` followed by a
/// vowel (`quý`, `giá`), `uê` (`thuế`), words that are not Vietnamese — is left as it is, and
/// each letter keeps its case (`UỶ` → `ỦY`).
///
/// ```
/// assert_eq!(vi::normalize("Uỷ ban hoà giải"), "Ủy ban hòa giải");
/// assert_eq!(vi::normalize("quý"), "quý");
/// ```
pub fn normalize(s: &str) -> String {
    let s = nfc_cow(s);
    match retone(&s) {
        Some(changed) => changed,
        None => s.into_owned(),
    }
}

/// Whether a character belongs to a word: letters, and combining marks left over by NFC.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        // The Vietnamese table is a direct index, cheaper than the general Unicode lookups.
        letters::letter(c).is_some()
            || c.is_alphabetic()
            || unicode_normalization::char::is_combining_mark(c)
    }
}

/// Rewrites the words needing a tone move; `None` when nothing changes, which is the usual case
/// and then costs one pass and no allocation.
fn retone(s: &str) -> Option<String> {
    let mut out: Option<String> = None;
    // Byte offset up to which `s` has been copied into `out`.
    let mut copied = 0;
    let mut word_start: Option<usize> = None;
    let boundaries = s
        .char_indices()
        .map(|(i, c)| (i, is_word_char(c)))
        .chain(std::iter::once((s.len(), false)));
    for (i, in_word) in boundaries {
        if in_word {
            word_start.get_or_insert(i);
            continue;
        }
        let Some(start) = word_start.take() else {
            continue;
        };
        let Some((prefix, first, second)) = s.get(start..i).and_then(retone_word) else {
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(s.len() + 4));
        out.push_str(s.get(copied..start).unwrap_or_default());
        out.push_str(prefix);
        out.push(first);
        out.push(second);
        copied = i;
    }
    let mut out = out?;
    out.push_str(s.get(copied..)?);
    Some(out)
}

/// Initial consonant clusters a syllable may start with (lower case). `q` is absent on purpose:
/// after `q` the `u` is part of the consonant, so `quý` has the single vowel `y`.
const INITIALS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "r", "s", "t", "th", "tr", "v", "x",
];

#[inline]
fn lower_initial_char(c: char) -> char {
    if c == 'Đ' {
        'đ'
    } else {
        c.to_ascii_lowercase()
    }
}

fn is_initial(prefix: &str) -> bool {
    INITIALS.iter().any(|init| {
        let mut p = prefix.chars().map(lower_initial_char);
        init.chars().all(|a| p.next() == Some(a)) && p.next().is_none()
    })
}

/// If `word` is an open `oa`/`oe`/`uy` syllable with the tone on the second vowel, returns the
/// initial consonant and the two vowels with the tone moved onto the first.
fn retone_word(word: &str) -> Option<(&str, char, char)> {
    let mut rev = word.chars().rev();
    let last = rev.next()?;
    let second = rev.next()?;
    let Letter::Vowel {
        vowel: v2,
        tone,
        upper: up2,
    } = letters::letter(last)?
    else {
        return None;
    };
    let Letter::Vowel {
        vowel: v1,
        tone: t1,
        upper: up1,
    } = letters::letter(second)?
    else {
        return None;
    };
    if tone == Tone::Ngang || t1 != Tone::Ngang {
        return None;
    }
    if !((v1 == O && (v2 == A || v2 == E)) || (v1 == U && v2 == Y)) {
        return None;
    }
    let prefix = word.get(..word.len() - last.len_utf8() - second.len_utf8())?;
    if !is_initial(prefix) {
        return None;
    }
    Some((
        prefix,
        letters::compose(v1, tone, up1)?,
        letters::compose(v2, Tone::Ngang, up2)?,
    ))
}

/// Search folding: NFC, lower case, no tone marks, no vowel marks (ă â ê ô ơ ư → a a e o o u),
/// đ → d. Other letters, digits, whitespace and punctuation are kept (lower-cased where they
/// have case), so the caller can tokenise the result.
///
/// The look-alike Ð (U+00D0, Icelandic eth), which old fonts and converters put in place of Đ,
/// folds to `d` too, and Vietnamese combining marks that NFC could not attach to a letter are
/// dropped.
///
/// ```
/// assert_eq!(vi::fold("Đồng chí"), "dong chi");
/// assert_eq!(vi::fold("Ủy ban MTTQ"), "uy ban mttq");
/// ```
pub fn fold(s: &str) -> String {
    let s = nfc_cow(s);
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        out.push_str(&s);
        out.make_ascii_lowercase();
        return out;
    }
    // A foreign mark that followed a removed Vietnamese one may now compose with the bare
    // letter; renormalising in that rare case keeps fold(fold(s)) == fold(s).
    let mut kept_mark = false;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match letters::letter(c) {
            Some(Letter::Vowel { vowel, .. }) => {
                out.push(VOWEL_ASCII.get(usize::from(vowel)).copied().unwrap_or(c));
            }
            Some(Letter::DStroke { .. }) => out.push('d'),
            None if c == '\u{00D0}' => out.push('d'),
            None if letters::is_vietnamese_mark(c) => {}
            None => {
                kept_mark |= unicode_normalization::char::is_combining_mark(c);
                out.extend(c.to_lowercase());
            }
        }
    }
    if kept_mark {
        return nfc(&out);
    }
    out
}

/// URL slug: [`fold`], then every run of characters other than `a-z`/`0-9` becomes one `-`, with
/// none at either end; cut at a word boundary to at most [`MAX_SLUG_LEN`] characters (a single
/// word longer than that is cut inside). Text without any Latin letter or digit gives `""`.
///
/// ```
/// assert_eq!(vi::slugify("Ủy ban MTTQ Việt Nam, năm 2021!"), "uy-ban-mttq-viet-nam-nam-2021");
/// ```
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut slug = String::with_capacity(folded.len().min(MAX_SLUG_LEN + 1));
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_dash {
                slug.push('-');
                pending_dash = false;
            }
            slug.push(c);
            // One character past the limit is enough to know where the last word that fits ends.
            if slug.len() > MAX_SLUG_LEN {
                break;
            }
        } else if !slug.is_empty() {
            pending_dash = true;
        }
    }
    if slug.len() > MAX_SLUG_LEN {
        let cut = slug.rfind('-').unwrap_or(MAX_SLUG_LEN);
        slug.truncate(cut.min(MAX_SLUG_LEN));
    }
    slug
}

/// Splits text into words: maximal runs of letters, digits and combining marks. Everything
/// else separates. Works on any text; for search, tokenise the output of [`fold`].
///
/// ```
/// assert_eq!(vi::tokenize("Ủy ban MTTQ, năm 2021"), ["Ủy", "ban", "MTTQ", "năm", "2021"]);
/// ```
pub fn tokenize(s: &str) -> Vec<&str> {
    s.split(|c: char| !is_token_char(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `c` belongs to a token: a letter, a digit or a combining mark. The Latin letters
/// Vietnamese is written with are answered without Unicode's tables, which every word of every
/// indexed and highlighted text goes through.
fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin-1 letters (less × and ÷), Latin Extended-A and -B, and Latin Extended Additional
    // (ạ…ỹ): letters all.
    matches!(c, '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        || c.is_alphanumeric()
        || unicode_normalization::char::is_combining_mark(c)
}

/// The text with its first letter in capitals, as a sentence begins ("thành phố Hà Nội đề
/// nghị…" → "Thành phố Hà Nội đề nghị…"); the rest as it is.
///
/// ```
/// assert_eq!(vi::capitalize("ủy ban nhân dân"), "Ủy ban nhân dân");
/// assert_eq!(vi::capitalize(""), "");
/// ```
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        assert_eq!(nfc("Vie\u{0323}\u{0302}t Nam"), "Việt Nam");
        assert_eq!(nfc("U\u{031B}\u{0301}"), "Ứ");
        assert_eq!(nfc(""), "");
    }

    #[test]
    fn nfc_composes_a_precomposed_vowel_with_a_separate_tone_mark() {
        // The "composite" style of some old keyboards: ă + combining acute.
        assert_eq!(nfc("\u{0103}\u{0301}n"), "ắn");
        assert_eq!(nfc("\u{00E2}\u{0300}"), "ầ");
    }

    #[test]
    fn normalizing_moves_the_tone_of_open_oa_oe_uy_onto_the_first_vowel() {
        for (old, new) in [
            ("hoà", "hòa"),
            ("hoá", "hóa"),
            ("toà", "tòa"),
            ("loà", "lòa"),
            ("goá", "góa"),
            ("khoẻ", "khỏe"),
            ("xoè", "xòe"),
            ("uỷ", "ủy"),
            ("thuỷ", "thủy"),
            ("tuỳ", "tùy"),
            ("luỹ", "lũy"),
            ("huỷ", "hủy"),
            ("thuý", "thúy"),
            ("oà", "òa"),
            ("hoạ", "họa"),
            ("nguỵ", "ngụy"),
        ] {
            assert_eq!(normalize(old), new, "{old}");
            assert_eq!(normalize(new), new, "{new}");
        }
    }

    #[test]
    fn normalizing_keeps_the_case_of_every_letter() {
        assert_eq!(normalize("Uỷ ban"), "Ủy ban");
        assert_eq!(normalize("UỶ BAN"), "ỦY BAN");
        assert_eq!(normalize("uỶ"), "ủY");
        assert_eq!(normalize("HOÀ BÌNH"), "HÒA BÌNH");
        assert_eq!(normalize("Hoà"), "Hòa");
        assert_eq!(normalize("ĐOÀ"), "ĐÒA");
        assert_eq!(normalize("KHOẺ"), "KHỎE");
    }

    #[test]
    fn normalizing_leaves_syllables_with_a_final_consonant_alone() {
        for word in [
            "hoàng", "toán", "khuyến", "quyết", "hoạch", "xoắn", "ngoài", "xoáy", "khuya", "khuỷu",
            "thuyền", "Nguyễn", "hoàn",
        ] {
            assert_eq!(normalize(word), word);
        }
    }

    #[test]
    fn normalizing_treats_qu_and_gi_as_consonants() {
        for word in [
            "quý", "Quý", "QUÝ", "quả", "quỳ", "quỷ", "quỹ", "giá", "già", "giữ",
        ] {
            assert_eq!(normalize(word), word);
        }
    }

    #[test]
    fn normalizing_leaves_ue_and_other_vowel_pairs_alone() {
        for word in [
            "thuế", "huệ", "thuở", "mùa", "chịa", "hiểu", "tuổi", "bài", "ảo",
        ] {
            assert_eq!(normalize(word), word);
        }
    }

    #[test]
    fn normalizing_leaves_foreign_words_alone() {
        for word in ["Zoé", "Chloé", "Noël", "crème", "Yoà"] {
            assert_eq!(normalize(word), word);
        }
    }

    #[test]
    fn normalizing_mixed_styles_gives_one_string() {
        let old = "Uỷ ban MTTQ, hoà giải ở cơ sở, thuỷ lợi và sức khoẻ";
        let new = "Ủy ban MTTQ, hòa giải ở cơ sở, thủy lợi và sức khỏe";
        assert_eq!(normalize(old), new);
        assert_eq!(normalize(new), new);
        assert_eq!(normalize("Hoà-Bình/thuỷ.uỷ"), "Hòa-Bình/thủy.ủy");
    }

    #[test]
    fn normalizing_decomposed_input_equals_normalizing_composed_input() {
        assert_eq!(normalize("U\u{0309}y ban"), "Ủy ban");
        assert_eq!(normalize("Uy\u{0309} ban"), "Ủy ban");
        assert_eq!(normalize("kho\u{0309}e"), "khỏe");
        assert_eq!(normalize("khoe\u{0309}"), "khỏe");
        assert_eq!(normalize("qua\u{0309}"), "quả");
    }

    #[test]
    fn normalizing_leaves_words_with_stray_marks_alone() {
        let s = "hoa\u{0300}\u{0301}";
        assert_eq!(normalize(s), nfc(s));
    }

    #[test]
    fn normalizing_text_without_candidates_returns_it_unchanged() {
        let s = "Hội nghị tổng kết năm 2020 😀 中文 Москва";
        assert_eq!(normalize(s), s);
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn folding_turns_d_with_stroke_into_d() {
        assert_eq!(fold("Đồng chí"), "dong chi");
        assert_eq!(fold("HĐND"), "hdnd");
        assert_eq!(fold("đ"), "d");
    }

    #[test]
    fn folding_turns_the_eth_look_alike_into_d() {
        assert_eq!(fold("\u{00D0}ồng"), "dong");
    }

    #[test]
    fn folding_removes_tones_and_vowel_marks() {
        assert_eq!(fold("Ủy ban MTTQ"), "uy ban mttq");
        assert_eq!(fold("ăâêôơư ĂÂÊÔƠƯ"), "aaeoou aaeoou");
        assert_eq!(fold("Ặ Ẫ Ễ Ỗ Ợ Ự Ỵ Ĩ"), "a a e o o u y i");
        assert_eq!(fold("Nguyễn Thị Thủy"), "nguyen thi thuy");
    }

    #[test]
    fn folding_makes_old_and_new_tone_placement_equal() {
        assert_eq!(fold("hoà thuỷ khoẻ"), fold("hòa thủy khỏe"));
    }

    #[test]
    fn folding_keeps_digits_punctuation_and_foreign_letters() {
        assert_eq!(
            fold("Năm 2021: 13/15 chỉ tiêu!"),
            "nam 2021: 13/15 chi tieu!"
        );
        assert_eq!(fold("Ñandú ÇA Über"), "ñandu ça über");
        assert_eq!(fold("МОСКВА 中文 😀"), "москва 中文 😀");
        assert_eq!(fold("\tA  B\n"), "\ta  b\n");
    }

    #[test]
    fn folding_decomposed_input_equals_folding_composed_input() {
        assert_eq!(fold("D\u{0300}\u{00F4}"), fold("D\u{1ED3}"));
        assert_eq!(fold("Vie\u{0323}\u{0302}t"), "viet");
        assert_eq!(fold("n\u{0303}"), "ñ");
    }

    #[test]
    fn folding_drops_vietnamese_marks_that_cannot_attach() {
        assert_eq!(fold("\u{0301}x\u{0309}q\u{0323}"), "xq");
    }

    #[test]
    fn folding_twice_changes_nothing_more() {
        for s in ["a\u{0301}\u{0308}", "Ủy ban", "İstanbul", "ǅ"] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "{s}");
        }
    }

    #[test]
    fn slugify_makes_the_seed_article_title_into_its_slug() {
        assert_eq!(
            slugify(
                "HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy ký kết chương trình phối hợp \
                 công tác năm 2021"
            ),
            "hdnd-ubnd-uy-ban-mttq-viet-nam-quan-cau-giay-ky-ket-chuong-trinh-phoi-hop-cong-tac-nam-2021"
        );
    }

    #[test]
    fn slugify_collapses_and_trims_separators() {
        assert_eq!(slugify("  --Hà  Nội!!  "), "ha-noi");
        assert_eq!(slugify("a_b.c/d"), "a-b-c-d");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn slugify_drops_letters_outside_latin() {
        assert_eq!(slugify("Москва 2021 😀 ñ"), "2021");
        assert_eq!(slugify("中文"), "");
    }

    #[test]
    fn slugify_cuts_long_text_at_a_word_boundary() {
        let title = "phối hợp ".repeat(30);
        let slug = slugify(&title);
        assert!(slug.len() <= MAX_SLUG_LEN);
        assert!(slug.ends_with("hop"));
        assert!(slug.starts_with("phoi-hop-phoi"));
        assert_eq!(slug.len(), 98);
    }

    #[test]
    fn slugify_keeps_a_word_ending_exactly_at_the_limit() {
        let title = format!("{} {}", "a".repeat(97), "bc de");
        assert_eq!(slugify(&title), format!("{}-bc", "a".repeat(97)));
        let title = format!("{} {}", "a".repeat(98), "b");
        assert_eq!(slugify(&title), format!("{}-b", "a".repeat(98)));
        let title = format!("{} {}", "a".repeat(98), "bcd");
        assert_eq!(slugify(&title), "a".repeat(98));
    }

    #[test]
    fn slugify_cuts_a_single_overlong_word_at_the_limit() {
        assert_eq!(slugify(&"x".repeat(500)), "x".repeat(MAX_SLUG_LEN));
    }

    #[test]
    fn tokenize_splits_on_everything_but_letters_and_digits() {
        assert_eq!(
            tokenize("HĐND- UBND, năm 2021 (13/15)"),
            ["HĐND", "UBND", "năm", "2021", "13", "15"]
        );
        assert!(tokenize("").is_empty());
        assert!(tokenize(" -- 😀 ").is_empty());
        assert_eq!(tokenize("Vie\u{0323}\u{0302}t"), ["Vie\u{0323}\u{0302}t"]);
    }
}
