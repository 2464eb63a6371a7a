//! One hygiene for every text a person types, whichever door it comes through (a form, the API, an
//! import): Vietnamese normalised to one spelling, and characters that have no place in it refused
//! with a message next to the field. Control characters (NUL, BEL, ESC, the C1 range) cannot be
//! stored by PostgreSQL or shown by a page; bidirectional overrides reorder what a reader sees, the
//! classic disguise of a name or a file (`gpj.exe` shown as `exe.jpg`).

use crate::ValidationError;

/// What a field may not hold, as the message next to it says.
pub const CONTROL_MESSAGE: &str =
    "Có ký tự điều khiển không in được; hãy gõ lại hoặc dán dưới dạng văn bản thuần";
pub const BIDI_MESSAGE: &str =
    "Có ký tự đảo chiều hiển thị văn bản (dùng để ngụy trang nội dung); hãy gõ lại";

/// Characters that change the direction text is displayed in: embeddings, overrides, isolates
/// and the directional marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// What is wrong with a text, if anything: `multiline` allows line breaks and tabs.
pub fn problem(raw: &str, multiline: bool) -> Option<&'static str> {
    for c in raw.chars() {
        if is_bidi_control(c) {
            return Some(BIDI_MESSAGE);
        }
        if c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')) {
            return Some(CONTROL_MESSAGE);
        }
    }
    None
}

/// One line of text (a title, a name): trimmed and normalised, or a message for `field` in
/// `errors` (the text is then returned as typed, for the form to show it back).
pub fn line(field: &'static str, raw: &str, errors: &mut ValidationError) -> String {
    check(field, raw, false, errors)
}

/// Text of several lines (a summary, findings, minutes): line ends become `\n`.
pub fn text(field: &'static str, raw: &str, errors: &mut ValidationError) -> String {
    check(
        field,
        &raw.replace("\r\n", "\n").replace('\r', "\n"),
        true,
        errors,
    )
}

fn check(field: &'static str, raw: &str, multiline: bool, errors: &mut ValidationError) -> String {
    if let Some(message) = problem(raw, multiline) {
        errors.push(field, message);
        return raw.trim().to_string();
    }
    vi::normalize(raw.trim())
}

/// The same check for a single field, as a result.
pub fn single_line(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    let mut errors = ValidationError::default();
    let value = line(field, raw, &mut errors);
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_on_one_line_and_line_breaks_allowed_in_text() {
        for bad in [
            "a\u{0}b",
            "a\u{7}",
            "\u{1b}[31m",
            "a\u{85}b",
            "a\u{9b}b",
            "a\nb",
            "a\u{7f}",
        ] {
            let mut errors = ValidationError::default();
            line("title", bad, &mut errors);
            assert_eq!(errors.for_field("title"), Some(CONTROL_MESSAGE), "{bad:?}");
        }
        let mut errors = ValidationError::default();
        assert_eq!(
            text("body", "Dòng 1\r\nDòng 2\tcột", &mut errors),
            "Dòng 1\nDòng 2\tcột"
        );
        assert!(errors.is_empty());
        text("body", "a\u{0}", &mut errors);
        assert_eq!(errors.for_field("body"), Some(CONTROL_MESSAGE));
    }

    #[test]
    fn direction_overrides_are_refused_everywhere() {
        for bad in ["Nguyễn\u{202E}nahV", "a\u{2066}b", "a\u{200F}"] {
            assert_eq!(
                single_line("name", bad).unwrap_err().for_field("name"),
                Some(BIDI_MESSAGE)
            );
            let mut errors = ValidationError::default();
            text("body", bad, &mut errors);
            assert!(!errors.is_empty());
        }
    }

    #[test]
    fn good_text_comes_back_normalised_and_trimmed() {
        // The old tone placement becomes the one the portal searches by.
        assert_eq!(
            single_line("t", "  Hoà Bình ").unwrap(),
            vi::normalize("Hoà Bình")
        );
        assert_eq!(single_line("t", "Ủy ban MTTQ").unwrap(), "Ủy ban MTTQ");
    }
}
