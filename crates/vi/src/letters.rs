//! The Vietnamese alphabet as data: the twelve vowel letters with their six tones, đ, and
//! constant-time lookup from a precomposed (NFC) character to its parts.

/// The six tones, in the order Vietnamese dictionaries sort them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// Thanh ngang: no mark.
    Ngang = 0,
    /// Thanh huyền: grave accent (à).
    Huyen = 1,
    /// Thanh hỏi: hook above (ả).
    Hoi = 2,
    /// Thanh ngã: tilde (ã).
    Nga = 3,
    /// Thanh sắc: acute accent (á).
    Sac = 4,
    /// Thanh nặng: dot below (ạ).
    Nang = 5,
}

impl Tone {
    /// All six tones in dictionary order.
    pub const ALL: [Tone; 6] = [
        Tone::Ngang,
        Tone::Huyen,
        Tone::Hoi,
        Tone::Nga,
        Tone::Sac,
        Tone::Nang,
    ];

    fn from_index(i: u8) -> Tone {
        match i {
            1 => Tone::Huyen,
            2 => Tone::Hoi,
            3 => Tone::Nga,
            4 => Tone::Sac,
            5 => Tone::Nang,
            _ => Tone::Ngang,
        }
    }
}

/// Vowel letters in alphabetical order; the index into this list is the vowel's identity.
pub(crate) const VOWELS: usize = 12;
pub(crate) const A: u8 = 0;
pub(crate) const E: u8 = 3;
pub(crate) const O: u8 = 6;
pub(crate) const U: u8 = 9;
pub(crate) const Y: u8 = 11;

/// Each vowel with tones in [`Tone`] order, lower case.
const LOWER: [[char; 6]; VOWELS] = [
    ['a', 'à', 'ả', 'ã', 'á', 'ạ'],
    ['ă', 'ằ', 'ẳ', 'ẵ', 'ắ', 'ặ'],
    ['â', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ'],
    ['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
    ['ê', 'ề', 'ể', 'ễ', 'ế', 'ệ'],
    ['i', 'ì', 'ỉ', 'ĩ', 'í', 'ị'],
    ['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
    ['ô', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ'],
    ['ơ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ'],
    ['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
    ['ư', 'ừ', 'ử', 'ữ', 'ứ', 'ự'],
    ['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ'],
];

/// Each vowel with tones in [`Tone`] order, upper case.
const UPPER: [[char; 6]; VOWELS] = [
    ['A', 'À', 'Ả', 'Ã', 'Á', 'Ạ'],
    ['Ă', 'Ằ', 'Ẳ', 'Ẵ', 'Ắ', 'Ặ'],
    ['Â', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ậ'],
    ['E', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ'],
    ['Ê', 'Ề', 'Ể', 'Ễ', 'Ế', 'Ệ'],
    ['I', 'Ì', 'Ỉ', 'Ĩ', 'Í', 'Ị'],
    ['O', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ'],
    ['Ô', 'Ồ', 'Ổ', 'Ỗ', 'Ố', 'Ộ'],
    ['Ơ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ'],
    ['U', 'Ù', 'Ủ', 'Ũ', 'Ú', 'Ụ'],
    ['Ư', 'Ừ', 'Ử', 'Ữ', 'Ứ', 'Ự'],
    ['Y', 'Ỳ', 'Ỷ', 'Ỹ', 'Ý', 'Ỵ'],
];

/// The ASCII letter each vowel folds to.
pub(crate) const VOWEL_ASCII: [char; VOWELS] =
    ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'];

/// What a character is, as far as Vietnamese spelling cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Letter {
    /// One of the twelve vowel letters, with its tone and case.
    Vowel { vowel: u8, tone: Tone, upper: bool },
    /// đ or Đ.
    DStroke { upper: bool },
}

// Packed table entries: vowel * 6 + tone, plus UPPER_OFFSET for capitals; two codes for đ/Đ.
const NONE: u8 = 255;
const UPPER_OFFSET: u8 = 72;
const D_LOWER: u8 = 200;
const D_UPPER: u8 = 201;

// Every precomposed Vietnamese letter lies either below U+01B1 or in the block U+1EA0..=U+1EF9
// (Latin Extended Additional), so two small arrays give an O(1) lookup with no hashing.
const LOW_LEN: usize = 0x1B1;
const EXT_START: u32 = 0x1EA0;
const EXT_LEN: usize = 0x1EFA - 0x1EA0;

static LOW: [u8; LOW_LEN] = build(0, LOW_LEN);
static EXT: [u8; EXT_LEN] = build(EXT_START, EXT_LEN);

const fn build<const N: usize>(start: u32, len: usize) -> [u8; N] {
    let mut table = [NONE; N];
    let mut v = 0;
    while v < VOWELS {
        let mut t = 0;
        while t < 6 {
            let code = (v * 6 + t) as u8;
            let lo = LOWER[v][t] as u32;
            if lo >= start && ((lo - start) as usize) < len {
                table[(lo - start) as usize] = code;
            }
            let up = UPPER[v][t] as u32;
            if up >= start && ((up - start) as usize) < len {
                table[(up - start) as usize] = code + UPPER_OFFSET;
            }
            t += 1;
        }
        v += 1;
    }
    if start == 0 {
        table[0x110] = D_UPPER;
        table[0x111] = D_LOWER;
    }
    table
}

/// Classifies one NFC character; `None` for anything that is not a Vietnamese vowel or đ
/// (consonants other than đ are plain ASCII and need no table).
#[inline]
pub(crate) fn letter(c: char) -> Option<Letter> {
    let u = c as u32;
    let code = if (u as usize) < LOW_LEN {
        LOW.get(u as usize).copied().unwrap_or(NONE)
    } else if u >= EXT_START {
        EXT.get((u - EXT_START) as usize).copied().unwrap_or(NONE)
    } else {
        NONE
    };
    match code {
        NONE => None,
        D_LOWER => Some(Letter::DStroke { upper: false }),
        D_UPPER => Some(Letter::DStroke { upper: true }),
        _ => {
            let upper = code >= UPPER_OFFSET;
            let rest = code % UPPER_OFFSET;
            Some(Letter::Vowel {
                vowel: rest / 6,
                tone: Tone::from_index(rest % 6),
                upper,
            })
        }
    }
}

/// The precomposed character for a vowel with a tone in a case; `None` only for an invalid
/// vowel index, which callers never pass.
#[inline]
pub(crate) fn compose(vowel: u8, tone: Tone, upper: bool) -> Option<char> {
    let table = if upper { &UPPER } else { &LOWER };
    table
        .get(usize::from(vowel))
        .and_then(|row| row.get(tone as usize))
        .copied()
}

/// The tone carried by a character, if it is a Vietnamese vowel letter.
pub fn tone_of(c: char) -> Option<Tone> {
    match letter(c) {
        Some(Letter::Vowel { tone, .. }) => Some(tone),
        _ => None,
    }
}

/// Whether a combining mark is one Vietnamese writing uses (the five tone marks, circumflex,
/// breve, horn, and the deprecated U+0340/U+0341 tone marks).
#[inline]
pub(crate) fn is_vietnamese_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'
            | '\u{0301}'
            | '\u{0302}'
            | '\u{0303}'
            | '\u{0306}'
            | '\u{0309}'
            | '\u{031B}'
            | '\u{0323}'
            | '\u{0340}'
            | '\u{0341}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn every_table_entry_is_the_nfc_of_its_base_and_tone_mark() {
        let marks = ["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"];
        for (v, row) in LOWER.iter().enumerate() {
            for (t, &c) in row.iter().enumerate() {
                let composed: String = format!("{}{}", row[0], marks[t]).nfc().collect();
                assert_eq!(composed, c.to_string());
                let upper: String = c.to_uppercase().collect();
                assert_eq!(upper, UPPER[v][t].to_string());
            }
        }
    }

    #[test]
    fn lookup_finds_every_vowel_with_its_tone_and_case() {
        for v in 0..VOWELS {
            for tone in Tone::ALL {
                for upper in [false, true] {
                    let c = compose(v as u8, tone, upper).unwrap();
                    assert_eq!(
                        letter(c),
                        Some(Letter::Vowel {
                            vowel: v as u8,
                            tone,
                            upper
                        }),
                        "{c}"
                    );
                }
            }
        }
    }

    #[test]
    fn lookup_knows_d_with_stroke_in_both_cases() {
        assert_eq!(letter('đ'), Some(Letter::DStroke { upper: false }));
        assert_eq!(letter('Đ'), Some(Letter::DStroke { upper: true }));
    }

    #[test]
    fn lookup_ignores_consonants_and_foreign_letters() {
        for c in [
            'b', 'Z', 'ñ', 'ü', 'ç', 'Ð', 'ø', 'я', '中', '😀', '\u{1EFA}', '\u{1E9F}',
        ] {
            assert_eq!(letter(c), None, "{c}");
        }
    }

    #[test]
    fn exactly_one_hundred_and_forty_six_characters_are_vietnamese_letters() {
        let count = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| letter(c).is_some())
            .count();
        assert_eq!(count, 12 * 6 * 2 + 2);
    }

    #[test]
    fn tone_of_reports_the_tone_of_vowels_only() {
        assert_eq!(tone_of('ỹ'), Some(Tone::Nga));
        assert_eq!(tone_of('A'), Some(Tone::Ngang));
        assert_eq!(tone_of('đ'), None);
    }
}
