//! The one escaper of text put into HTML, SVG or XML (a page's fragments, a chart, a DOCX), so
//! that no text a person typed is ever read as markup.

/// `s` with `&`, `<`, `>`, `"` and `'` written as entities, safe in an element and in a quoted
/// attribute alike. Control characters that XML 1.0 forbids (all below U+0020 but tab, line feed
/// and carriage return) are dropped, so a stray one in a record never makes a document unreadable.
///
/// ```
/// assert_eq!(vi::escape(r#"<b title="x">Hà & 'Nội'</b>"#),
///            "&lt;b title=&quot;x&quot;&gt;Hà &amp; &#39;Nội&#39;&lt;/b&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_xml_forbids_are_dropped_and_line_breaks_kept() {
        assert_eq!(escape("a\u{0}b\u{1b}c\td\ne\r"), "abc\td\ne\r");
    }

    #[test]
    fn vietnamese_text_passes_unchanged() {
        assert_eq!(
            escape("Ủy ban MTTQ phường Nghĩa Đô"),
            "Ủy ban MTTQ phường Nghĩa Đô"
        );
    }
}
