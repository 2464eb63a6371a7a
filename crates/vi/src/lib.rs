//! Vietnamese text for phoihop: normalisation, search folding, slugs, collation, numbers, dates
//! and the abbreviations of official documents.
//!
//! Every function accepts any `&str` (any script, emoji, decomposed or broken Unicode) and never
//! panics. Text is compared and stored in one canonical form, [`normalize`]: NFC with the
//! traditional tone placement of official documents ("Ủy ban", "hòa", "thủy", "khỏe").
//!
//! ```
//! assert_eq!(vi::normalize("Uỷ ban MTTQ"), "Ủy ban MTTQ");
//! assert_eq!(vi::fold("Đồng chí Chủ tịch HĐND"), "dong chi chu tich hdnd");
//! assert_eq!(vi::format_decimal("12345.678", 2), "12.345,68");
//! assert_eq!(vi::decree30_place_date("Hà Nội", 2021, 1, 21), "Hà Nội, ngày 21 tháng 01 năm 2021");
//! ```

mod abbrev;
mod collate;
mod date;
mod letters;
mod markup;
mod number;
mod text;

pub use abbrev::{abbreviate, expand_abbreviation, ABBREVIATIONS};
pub use collate::{collation_key, compare};
pub use date::{decree30_place_date, format_date, format_datetime_portal, weekday_name};
pub use letters::{tone_of, Tone};
pub use markup::{escape, escape_into};
pub use number::{format_decimal, format_int, format_percent, percent, NO_FIGURE};
pub use text::{capitalize, fold, nfc, normalize, slugify, tokenize, MAX_SLUG_LEN};

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs meant to trip up byte arithmetic, tables and normalisation.
    fn awkward_inputs() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            " ",
            "\u{0}",
            "\u{0301}",
            "\u{0301}\u{0301}\u{0323}",
            "a\u{0301}\u{0301}\u{0301}",
            "😀👨‍👩‍👧‍👦🇻🇳",
            "中华人民共和国",
            "Москва",
            "مرحبا",
            "\u{FEFF}\u{200B}\u{200D}",
            "ǅ ﬁ ß İ ŉ",
            "\u{10FFFF}\u{E000}",
            "Ð đ Đ",
            "oà uỳ oẻ",
            "q\u{0301}",
            "--__--",
            "9999999999999999999999999999999999999999",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.push("ỦY ".repeat(5_000));
        v.push("hoà".repeat(300));
        v.push((0u32..0x3000).filter_map(char::from_u32).collect());
        v.push((0x1E00u32..0x1F00).filter_map(char::from_u32).collect());
        v
    }

    #[test]
    fn no_function_panics_on_awkward_input() {
        for s in awkward_inputs() {
            let _ = nfc(&s);
            let n = normalize(&s);
            let f = fold(&s);
            let slug = slugify(&s);
            let _ = tokenize(&s);
            let _ = collation_key(&s);
            let _ = compare(&s, "a");
            let _ = format_decimal(&s, usize::MAX);
            let _ = format_percent(&s, 0);
            let _ = decree30_place_date(&s, 2021, 1, 1);
            let _ = expand_abbreviation(&s);
            let _ = abbreviate(&s);
            assert!(slug.len() <= MAX_SLUG_LEN);
            assert_eq!(normalize(&n), n, "normalize is idempotent");
            assert_eq!(fold(&f), f, "fold is idempotent");
        }
    }

    #[test]
    fn every_function_is_indifferent_to_decomposed_input() {
        use unicode_normalization::UnicodeNormalization;
        let text = "HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy ký kết chương trình phối hợp \
                    công tác năm 2021; hoà bình, thuỷ lợi, khoẻ mạnh, Quý, Giá";
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text);
        assert_eq!(nfc(&nfd), text);
        assert_eq!(normalize(&nfd), normalize(text));
        assert_eq!(fold(&nfd), fold(text));
        assert_eq!(slugify(&nfd), slugify(text));
        assert_eq!(collation_key(&nfd), collation_key(text));
    }
}
