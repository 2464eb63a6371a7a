//! Abbreviations used in Vietnamese official documents and news, with their long forms.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold;

/// Official abbreviations and their long forms, as documents of the Party, the State and the
/// Fatherland Front write them. Long forms use the traditional tone placement ("Ủy", "hòa"),
/// like [`normalize`](crate::normalize). Where two abbreviations share a long form, the first
/// listed is the one [`abbreviate`] gives.
pub static ABBREVIATIONS: &[(&str, &str)] = &[
    // Bodies of the State and the Front.
    ("HĐND", "Hội đồng nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("QH", "Quốc hội"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("TW", "Trung ương"),
    ("TƯ", "Trung ương"),
    ("VP", "Văn phòng"),
    // Party posts and organs.
    ("BCH", "Ban Chấp hành"),
    ("BTV", "Ban Thường vụ"),
    ("UVTV", "Ủy viên Ban Thường vụ"),
    ("TUV", "Thành ủy viên"),
    ("PBT", "Phó Bí thư"),
    ("TT", "Thường trực"),
    ("UBKT", "Ủy ban Kiểm tra"),
    // Mass organisations.
    ("HLHPN", "Hội Liên hiệp Phụ nữ"),
    ("HND", "Hội Nông dân"),
    ("CCB", "Cựu chiến binh"),
    ("ĐTN", "Đoàn Thanh niên"),
    // Documents.
    ("NĐ-CP", "Nghị định của Chính phủ"),
    ("QĐ-TTg", "Quyết định của Thủ tướng Chính phủ"),
    ("CT-TTg", "Chỉ thị của Thủ tướng Chính phủ"),
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("CTrPH", "Chương trình phối hợp"),
    ("CTr", "Chương trình"),
    ("CHXHCN", "Cộng hòa xã hội chủ nghĩa"),
    ("XHCN", "xã hội chủ nghĩa"),
    // Fields of work.
    ("KT-XH", "kinh tế - xã hội"),
    ("QP-AN", "quốc phòng - an ninh"),
    ("ANQP", "an ninh quốc phòng"),
    ("ANTT", "an ninh trật tự"),
    ("CCHC", "cải cách hành chính"),
    ("TTHC", "thủ tục hành chính"),
    ("ĐVHC", "đơn vị hành chính"),
    ("CBCCVC", "cán bộ, công chức, viên chức"),
    ("NSNN", "ngân sách nhà nước"),
    ("ATTP", "an toàn thực phẩm"),
    ("GPMB", "giải phóng mặt bằng"),
    ("TTĐT", "trật tự đô thị"),
    ("CNTT", "công nghệ thông tin"),
    ("PCCC", "phòng cháy, chữa cháy"),
    ("BHYT", "bảo hiểm y tế"),
    ("BHXH", "bảo hiểm xã hội"),
    ("TDTT", "thể dục thể thao"),
    ("GD&ĐT", "giáo dục và đào tạo"),
    ("TDP", "tổ dân phố"),
    ("KĐT", "khu đô thị"),
    ("đ/c", "đồng chí"),
];

/// Folded, with everything but letters and digits removed: "KT-XH", "ktxh" and "KT XH" meet.
fn abbreviation_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Folded words joined by single spaces: "Kinh tế - xã hội" and "kinh te xa hoi" meet.
fn phrase_key(s: &str) -> String {
    let folded = fold(s);
    let mut key = String::with_capacity(folded.len());
    for word in crate::text::tokenize(&folded) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

static BY_ABBREVIATION: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::with_capacity(ABBREVIATIONS.len());
    for &(abbr, long) in ABBREVIATIONS {
        map.entry(abbreviation_key(abbr)).or_insert(long);
    }
    map
});

static BY_LONG_FORM: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::with_capacity(ABBREVIATIONS.len());
    for &(abbr, long) in ABBREVIATIONS {
        map.entry(phrase_key(long)).or_insert(abbr);
    }
    map
});

/// The long form of an abbreviation, matched ignoring case, diacritics and punctuation, so
/// "HĐND", "hđnd" and "hdnd" all give "Hội đồng nhân dân", and "KTXH" finds "KT-XH".
///
/// ```
/// assert_eq!(vi::expand_abbreviation("hdnd"), Some("Hội đồng nhân dân"));
/// assert_eq!(vi::expand_abbreviation("Hà Nội"), None);
/// ```
pub fn expand_abbreviation(token: &str) -> Option<&'static str> {
    // Abbreviations are short; this bounds the work a long token can cause.
    if token.len() > 32 {
        return None;
    }
    BY_ABBREVIATION.get(&abbreviation_key(token)).copied()
}

/// The abbreviation of a long form, matched on folded words ("hoi dong nhan dan" → "HĐND");
/// punctuation between words does not matter.
///
/// ```
/// assert_eq!(vi::abbreviate("Ủy ban nhân dân"), Some("UBND"));
/// assert_eq!(vi::abbreviate("kinh te xa hoi"), Some("KT-XH"));
/// ```
pub fn abbreviate(phrase: &str) -> Option<&'static str> {
    if phrase.len() > 256 {
        return None;
    }
    BY_LONG_FORM.get(&phrase_key(phrase)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_has_at_least_twenty_five_entries() {
        assert!(ABBREVIATIONS.len() >= 25);
    }

    #[test]
    fn no_two_abbreviations_fold_to_the_same_key() {
        let mut seen = HashSet::new();
        for (abbr, _) in ABBREVIATIONS {
            assert!(seen.insert(abbreviation_key(abbr)), "{abbr} collides");
        }
    }

    #[test]
    fn only_synonymous_abbreviations_share_a_long_form() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (abbr, long) in ABBREVIATIONS {
            if let Some(first) = seen.insert(phrase_key(long), abbr) {
                assert_eq!((first, *abbr), ("TW", "TƯ"), "{long}");
            }
        }
    }

    #[test]
    fn long_forms_are_in_canonical_tone_placement() {
        for (abbr, long) in ABBREVIATIONS {
            assert_eq!(crate::normalize(long), *long);
            assert_eq!(crate::normalize(abbr), *abbr);
        }
    }

    #[test]
    fn every_entry_round_trips_through_both_lookups() {
        for &(abbr, long) in ABBREVIATIONS {
            assert_eq!(expand_abbreviation(abbr), Some(long));
            let back = abbreviate(long).unwrap();
            assert_eq!(expand_abbreviation(back), Some(long));
        }
    }

    #[test]
    fn expansion_ignores_case_and_diacritics() {
        for token in ["HĐND", "hđnd", "hdnd", "HDND", "Hđnd"] {
            assert_eq!(expand_abbreviation(token), Some("Hội đồng nhân dân"));
        }
        assert_eq!(expand_abbreviation("ubnd"), Some("Ủy ban nhân dân"));
        assert_eq!(expand_abbreviation("mttq"), Some("Mặt trận Tổ quốc"));
        assert_eq!(expand_abbreviation("Đ/C"), Some("đồng chí"));
        assert_eq!(expand_abbreviation("ttg"), Some("Thủ tướng Chính phủ"));
    }

    #[test]
    fn expansion_ignores_hyphens_and_ampersands() {
        assert_eq!(expand_abbreviation("KTXH"), Some("kinh tế - xã hội"));
        assert_eq!(expand_abbreviation("kt-xh"), Some("kinh tế - xã hội"));
        assert_eq!(expand_abbreviation("qpan"), Some("quốc phòng - an ninh"));
        assert_eq!(expand_abbreviation("GDĐT"), Some("giáo dục và đào tạo"));
        assert_eq!(
            expand_abbreviation("nd-cp"),
            Some("Nghị định của Chính phủ")
        );
    }

    #[test]
    fn decomposed_input_finds_the_same_entry() {
        assert_eq!(
            expand_abbreviation("H\u{0110}ND"),
            Some("Hội đồng nhân dân")
        );
        assert_eq!(
            abbreviate("Ho\u{0302}\u{0323}i đo\u{0302}\u{0300}ng nha\u{0302}n da\u{0302}n"),
            Some("HĐND")
        );
    }

    #[test]
    fn abbreviating_compares_folded_words() {
        assert_eq!(abbreviate("hoi dong nhan dan"), Some("HĐND"));
        assert_eq!(abbreviate("HỘI ĐỒNG NHÂN DÂN"), Some("HĐND"));
        assert_eq!(abbreviate("Uỷ ban nhân dân"), Some("UBND"));
        assert_eq!(abbreviate("  quốc phòng – an ninh "), Some("QP-AN"));
        assert_eq!(abbreviate("Trung ương"), Some("TW"));
        assert_eq!(abbreviate("dong chi"), Some("đ/c"));
    }

    #[test]
    fn unknown_or_strange_input_finds_nothing() {
        for s in [
            "",
            " ",
            "-",
            "xyz",
            "😀",
            "中文",
            "Hà Nội",
            &"a".repeat(10_000),
        ] {
            assert_eq!(expand_abbreviation(s), None, "{s}");
            assert_eq!(abbreviate(s), None, "{s}");
        }
    }
}
