//! Numbers written the Vietnamese way: `.` between thousands, `,` before the fraction.

/// An integer with `.` as the thousands separator.
///
/// ```
/// assert_eq!(vi::format_int(1234567), "1.234.567");
/// assert_eq!(vi::format_int(-5000), "-5.000");
/// ```
pub fn format_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &digits);
    out
}

/// Appends ASCII digits with a `.` before every group of three counted from the right.
fn push_grouped(out: &mut String, digits: &str) {
    let head = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let (first, rest) = digits.split_at(head.min(digits.len()));
    out.push_str(first);
    for group in rest.as_bytes().chunks(3) {
        out.push('.');
        out.extend(group.iter().map(|&b| char::from(b)));
    }
}

/// A plain decimal string (`[+-]digits[.digits]`, as `Display` of decimal types writes it) in
/// Vietnamese style, rounded half away from zero to at most `max_frac` fraction digits, with
/// trailing zeros of the fraction dropped (and the comma too when nothing is left). Anything
/// else — exponents, separators, words, `""` — comes back unchanged.
///
/// The arithmetic is done on the digits, so any length is exact.
///
/// ```
/// assert_eq!(vi::format_decimal("12345.678", 2), "12.345,68");
/// assert_eq!(vi::format_decimal("-0.5", 0), "-1");
/// assert_eq!(vi::format_decimal("1e5", 2), "1e5");
/// ```
pub fn format_decimal(s: &str, max_frac: usize) -> String {
    format_decimal_opt(s, max_frac).unwrap_or_else(|| s.to_owned())
}

/// A percentage: `s` is already in percent (`"112.5"` for 112.5 %), written like
/// [`format_decimal`] and followed by `%` with no space. Input that is not a plain decimal comes
/// back unchanged.
///
/// ```
/// assert_eq!(vi::format_percent("112.5", 1), "112,5%");
/// ```
pub fn format_percent(s: &str, max_frac: usize) -> String {
    match format_decimal_opt(s, max_frac) {
        Some(mut out) => {
            out.push('%');
            out
        }
        None => s.to_owned(),
    }
}

/// What stands where a figure is missing ("chưa có"): one sign everywhere, in pages, documents
/// and spreadsheets alike.
pub const NO_FIGURE: &str = "—";

/// The one way a share is written: a value already in percent, to one decimal ("104,6%"), or
/// [`NO_FIGURE`] where there is none. Takes anything whose text is a plain decimal (a `Decimal`,
/// an integer).
///
/// ```
/// assert_eq!(vi::percent(Some("104.62")), "104,6%");
/// assert_eq!(vi::percent(None::<&str>), "—");
/// ```
pub fn percent(value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(
        || NO_FIGURE.to_owned(),
        |p| format_percent(&p.to_string(), 1),
    )
}

fn format_decimal_opt(s: &str, max_frac: usize) -> Option<String> {
    let (negative, unsigned) = match s.as_bytes().first()? {
        b'-' => (true, s.get(1..)?),
        b'+' => (false, s.get(1..)?),
        _ => (false, s),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, f),
        None => (unsigned, ""),
    };
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() && frac_part.is_empty()
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return None;
    }

    // Digits kept, as bytes 0..=9, integer part first; the fraction cut to max_frac.
    let keep = frac_part.len().min(max_frac);
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes().take(keep))
        .map(|b| b - b'0')
        .collect();
    // Half away from zero: the magnitude is rounded up when the first dropped digit is 5 or more.
    if frac_part.as_bytes().get(keep).is_some_and(|&b| b >= b'5') {
        let mut carry = true;
        for d in digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, 1);
        }
    }
    // A carry may have added a digit in front; the fraction keeps its length.
    let (int_digits, frac_digits) = digits.split_at(digits.len() - keep);

    let int_str: String = int_digits
        .iter()
        .skip_while(|&&d| d == 0)
        .map(|&d| char::from(b'0' + d))
        .collect();
    let int_str = if int_str.is_empty() {
        "0".to_owned()
    } else {
        int_str
    };
    let frac_len = frac_digits.len() - frac_digits.iter().rev().take_while(|&&d| d == 0).count();
    let frac_digits = frac_digits.get(..frac_len).unwrap_or_default();

    let mut out = String::with_capacity(int_str.len() * 4 / 3 + frac_len + 2);
    // A value that rounds to zero is written without a sign.
    if negative && (int_str != "0" || !frac_digits.is_empty()) {
        out.push('-');
    }
    push_grouped(&mut out, &int_str);
    if !frac_digits.is_empty() {
        out.push(',');
        out.extend(frac_digits.iter().map(|&d| char::from(b'0' + d)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_get_a_dot_between_thousands() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(1000), "1.000");
        assert_eq!(format_int(1_234_567), "1.234.567");
        assert_eq!(format_int(-5000), "-5.000");
        assert_eq!(format_int(-999), "-999");
    }

    #[test]
    fn the_extreme_integers_are_formatted_without_overflow() {
        assert_eq!(format_int(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(format_int(i64::MAX), "9.223.372.036.854.775.807");
    }

    #[test]
    fn decimals_use_a_comma_and_round_half_away_from_zero() {
        assert_eq!(format_decimal("12345.678", 2), "12.345,68");
        assert_eq!(format_decimal("12345.675", 2), "12.345,68");
        assert_eq!(format_decimal("12345.674", 2), "12.345,67");
        assert_eq!(format_decimal("-12345.675", 2), "-12.345,68");
        assert_eq!(format_decimal("2.5", 0), "3");
        assert_eq!(format_decimal("-2.5", 0), "-3");
    }

    #[test]
    fn rounding_carries_into_the_integer_part_and_a_new_thousands_group() {
        assert_eq!(format_decimal("999.996", 2), "1.000");
        assert_eq!(format_decimal("99999.95", 1), "100.000");
        assert_eq!(format_decimal("-9.9", 0), "-10");
    }

    #[test]
    fn trailing_zeros_of_the_fraction_are_dropped() {
        assert_eq!(format_decimal("12.30", 2), "12,3");
        assert_eq!(format_decimal("12.00", 2), "12");
        assert_eq!(format_decimal("1500000.000", 3), "1.500.000");
        assert_eq!(format_decimal("0.10", 5), "0,1");
    }

    #[test]
    fn leading_zeros_and_a_missing_integer_part_are_tidied() {
        assert_eq!(format_decimal("007", 0), "7");
        assert_eq!(format_decimal(".5", 1), "0,5");
        assert_eq!(format_decimal("5.", 1), "5");
        assert_eq!(format_decimal("+1234", 0), "1.234");
        assert_eq!(format_decimal("0", 2), "0");
    }

    #[test]
    fn a_value_that_rounds_to_zero_has_no_minus_sign() {
        assert_eq!(format_decimal("-0.001", 2), "0");
        assert_eq!(format_decimal("-0", 2), "0");
        assert_eq!(format_decimal("-0.005", 2), "-0,01");
    }

    #[test]
    fn anything_but_a_plain_decimal_comes_back_unchanged() {
        for s in [
            "", "-", "+", ".", "-.", "1e5", "1,5", "1.2.3", "12a", " 12", "１２", "NaN", "--1",
            "😀",
        ] {
            assert_eq!(format_decimal(s, 2), s);
            assert_eq!(format_percent(s, 2), s);
        }
    }

    #[test]
    fn very_long_decimals_are_exact() {
        assert_eq!(
            format_decimal("79228162514264337593543950335.5", 0),
            "79.228.162.514.264.337.593.543.950.336"
        );
        let long = "9".repeat(1000);
        assert_eq!(format_decimal(&format!("0.{long}"), 999), "1");
    }

    #[test]
    fn percentages_get_a_percent_sign_without_a_space() {
        assert_eq!(format_percent("112.5", 1), "112,5%");
        assert_eq!(format_percent("86.666", 2), "86,67%");
        assert_eq!(format_percent("100.00", 2), "100%");
        assert_eq!(format_percent("12345.6", 0), "12.346%");
    }
}
