//! Vietnamese alphabetical order: a sort key whose byte order is dictionary order.
//!
//! The key compares syllable by syllable, as Vietnamese dictionaries do: first the letters of the
//! syllable in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f, j,
//! w, z at their Latin places), then its tone (ngang, huyền, hỏi, ngã, sắc, nặng), and only then
//! the next syllable — so "ba ba" < "bà" < "bác". Case is ignored, and so is where the tone mark
//! sits ("hoà" and "hòa" are equal). Runs of digits compare as numbers ("Tổ 2" < "Tổ 10").

use std::cmp::Ordering;

use crate::letters::{self, Letter, Tone};
use crate::text::{is_word_char, nfc_cow};

// Byte values of the key. END is below every other byte, so a syllable that stops sorts before
// one that goes on with more letters, and a syllable without a tone mark before one with. The
// other markers open the elements between syllables, in the order space < symbol < number <
// letter, which is why letter weights start well above them.
const END: u8 = 0x01;
const SPACE: u8 = 0x02;
const OTHER: u8 = 0x03;
const NUMBER: u8 = 0x04;
const LETTER_BASE: u8 = 0x20;
const FOREIGN_LETTER: u8 = 0xF0;

/// Latin letters in Vietnamese alphabetical order, the four non-Vietnamese ones (f j w z) at the
/// places the Latin alphabet gives them.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Primary weight of a lower-case letter of [`ALPHABET`] (`LETTER_BASE` for any other, which
/// callers never pass).
const fn alphabet_weight(c: char) -> u8 {
    let mut i = 0;
    while i < ALPHABET.len() {
        if ALPHABET[i] as u32 == c as u32 {
            return LETTER_BASE + i as u8;
        }
        i += 1;
    }
    LETTER_BASE
}

const D_STROKE_WEIGHT: u8 = alphabet_weight('đ');

/// Weights for the ASCII letters, so the common case needs no search.
const ASCII_WEIGHTS: [u8; 26] = {
    let mut w = [0u8; 26];
    let mut i = 0;
    while i < 26 {
        w[i] = alphabet_weight((b'a' + i as u8) as char);
        i += 1;
    }
    w
};

/// Vowel weights, indexed like the vowels of `letters`.
const VOWEL_WEIGHTS: [u8; 12] = {
    let vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
    let mut w = [0u8; 12];
    let mut i = 0;
    while i < vowels.len() {
        w[i] = alphabet_weight(vowels[i]);
        i += 1;
    }
    w
};

/// A sort key for Vietnamese alphabetical order: compare keys as byte strings (`Vec<u8>`'s own
/// `Ord`, or `ORDER BY` on a binary column) to compare the texts.
///
/// ```
/// let mut names = ["Đức", "Dũng", "Anh", "Ánh", "Ân", "Bình", "Ăn"];
/// names.sort_by_key(|n| vi::collation_key(n));
/// assert_eq!(names, ["Anh", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức"]);
/// ```
pub fn collation_key(s: &str) -> Vec<u8> {
    let s = nfc_cow(s);
    let mut key = Vec::with_capacity(s.len() + 8);
    let mut tones: Vec<u8> = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if is_word_char(c) {
            // One syllable: letters first, its tones after, so tones only decide between
            // syllables spelled alike.
            tones.clear();
            while let Some(&c) = chars.peek() {
                if !is_word_char(c) {
                    break;
                }
                chars.next();
                push_letter(&mut key, &mut tones, c);
            }
            key.push(END);
            key.extend_from_slice(&tones);
            key.push(END);
        } else if c.is_ascii_digit() {
            let mut digits = Vec::new();
            while let Some(&d) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                chars.next();
                if !(digits.is_empty() && d == '0') {
                    digits.push(d as u8);
                }
            }
            key.push(NUMBER);
            // A longer number is a larger one; past 255 significant digits the order falls
            // back to comparing digits, which is still a total order.
            key.push(u8::try_from(digits.len()).unwrap_or(u8::MAX));
            key.extend_from_slice(&digits);
        } else if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            key.push(SPACE);
        } else {
            chars.next();
            key.push(OTHER);
            push_code_point(&mut key, c);
        }
    }
    key
}

fn push_letter(key: &mut Vec<u8>, tones: &mut Vec<u8>, c: char) {
    if c.is_ascii_alphabetic() {
        let i = usize::from(c.to_ascii_lowercase() as u8 - b'a');
        key.push(ASCII_WEIGHTS.get(i).copied().unwrap_or(LETTER_BASE));
        return;
    }
    match letters::letter(c) {
        Some(Letter::Vowel { vowel, tone, .. }) => {
            key.push(
                VOWEL_WEIGHTS
                    .get(usize::from(vowel))
                    .copied()
                    .unwrap_or(LETTER_BASE),
            );
            if tone != Tone::Ngang {
                // Tone bytes start above END so that a marked tone sorts after ngang.
                tones.push(END + tone as u8);
            }
        }
        Some(Letter::DStroke { .. }) => key.push(D_STROKE_WEIGHT),
        None if c == '\u{00D0}' => key.push(D_STROKE_WEIGHT),
        // Marks NFC could not attach to a letter carry no meaning for ordering.
        None if unicode_normalization::char::is_combining_mark(c) => {}
        None => {
            for l in c.to_lowercase() {
                key.push(FOREIGN_LETTER);
                push_code_point(key, l);
            }
        }
    }
}

fn push_code_point(key: &mut Vec<u8>, c: char) {
    let [_, a, b, c] = (c as u32).to_be_bytes();
    key.extend_from_slice(&[a, b, c]);
}

/// Compares two texts in Vietnamese alphabetical order (see [`collation_key`]).
///
/// ```
/// use std::cmp::Ordering;
/// assert_eq!(vi::compare("Đức", "Dũng"), Ordering::Greater);
/// assert_eq!(vi::compare("hoà", "Hòa"), Ordering::Equal);
/// ```
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted<'a>(words: &[&'a str]) -> Vec<&'a str> {
        let mut v = words.to_vec();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn names_sort_in_vietnamese_alphabetical_order() {
        assert_eq!(
            sorted(&["Đức", "Dũng", "Anh", "Ánh", "Ân", "Bình", "Ăn"]),
            ["Anh", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức"]
        );
    }

    #[test]
    fn letters_with_marks_follow_their_base_letter() {
        assert_eq!(
            sorted(&["y", "ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a"]),
            ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "y"]
        );
        assert_eq!(sorted(&["dz", "đa"]), ["dz", "đa"]);
    }

    #[test]
    fn tones_sort_ngang_huyen_hoi_nga_sac_nang() {
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
    }

    #[test]
    fn letters_decide_before_tones() {
        assert_eq!(
            sorted(&["ác", "á", "a", "ạc", "à"]),
            ["a", "à", "á", "ác", "ạc"]
        );
    }

    #[test]
    fn syllables_compare_one_at_a_time() {
        assert_eq!(
            sorted(&["bác", "bà", "ba ba", "ba", "bà con"]),
            ["ba", "ba ba", "bà", "bà con", "bác"]
        );
    }

    #[test]
    fn comparison_ignores_case() {
        assert_eq!(compare("ĐỨC", "đức"), Ordering::Equal);
        assert_eq!(compare("Ánh", "ÁNH"), Ordering::Equal);
        assert_eq!(compare("anh", "ÁNH"), Ordering::Less);
    }

    #[test]
    fn comparison_ignores_tone_placement_and_decomposition() {
        assert_eq!(compare("Thuỷ", "Thủy"), Ordering::Equal);
        assert_eq!(compare("Vie\u{0323}\u{0302}t", "Việt"), Ordering::Equal);
    }

    #[test]
    fn foreign_latin_letters_take_their_latin_places() {
        assert_eq!(
            sorted(&["z", "w", "j", "f", "g", "ê", "i", "k", "v", "x", "y"]),
            ["ê", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z"]
        );
    }

    #[test]
    fn numbers_compare_by_value_and_before_letters() {
        assert_eq!(
            sorted(&["Tổ 10", "Tổ 2", "Tổ A", "Tổ 1", "Tổ 02"]),
            ["Tổ 1", "Tổ 2", "Tổ 02", "Tổ 10", "Tổ A"]
        );
    }

    #[test]
    fn shorter_text_sorts_before_its_extensions() {
        assert_eq!(sorted(&["Anh Tuấn", "Anh", ""]), ["", "Anh", "Anh Tuấn"]);
    }

    #[test]
    fn other_scripts_sort_after_latin_without_panicking() {
        assert_eq!(
            sorted(&["中文", "😀", "Москва", "zebra", "an"]),
            ["😀", "an", "zebra", "Москва", "中文"]
        );
    }

    #[test]
    fn runs_of_whitespace_count_as_one_space() {
        assert_eq!(compare("Cầu  Giấy", "Cầu Giấy"), Ordering::Equal);
    }

    #[test]
    fn collation_keys_agree_with_compare() {
        let words = ["Đức", "Dũng", "Anh", "ba ba", "Tổ 10", "😀", "", "ỦY"];
        for a in words {
            for b in words {
                assert_eq!(collation_key(a).cmp(&collation_key(b)), compare(a, b));
            }
        }
    }
}
