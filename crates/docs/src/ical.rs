//! Calendars a person subscribes to (RFC 5545): a unit's meetings as `VEVENT`s. Every text value is
//! escaped and every line folded here, so that nothing typed in a title or a venue can add a line,
//! a property or an event of its own.

use chrono::{DateTime, Utc};

/// One meeting as a calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Unique and stable across exports: `meeting-12@phuong.example.vn`.
    pub uid: String,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// The meeting's page; absolute, from configuration.
    pub url: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
}

/// A whole calendar: `name` is what a calendar application calls the subscription, `stamp` the
/// time the file is made (each event's DTSTAMP).
pub fn calendar(name: &str, events: &[CalendarEvent], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |key: &str, value: &str| {
        out.push_str(&fold(&format!("{key}:{value}")));
        out.push_str("\r\n");
    };
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//phoihop//Lich hoi nghi//VI");
    line("CALSCALE", "GREGORIAN");
    line("X-WR-CALNAME", &text(name));
    for e in events {
        line("BEGIN", "VEVENT");
        line("UID", &text(&e.uid));
        line("DTSTAMP", &instant(stamp));
        line("DTSTART", &instant(e.starts));
        line("DTEND", &instant(e.ends));
        line("SUMMARY", &text(&e.summary));
        line("LOCATION", &text(&e.location));
        line("DESCRIPTION", &text(&e.description));
        line("URL", &uri(&e.url));
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// A UTC date-time, `20210121T013000Z`.
fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (section 3.3.11): backslash, semicolon and comma escaped, every line break
/// (CRLF, CR or LF) written as `\n`, and other control characters dropped, since TEXT may hold
/// none but the tab.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: it cannot be escaped, so anything that is not part of an address is dropped.
fn uri(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// Lines longer than 75 octets are folded (section 3.1): a CRLF and a space before the 76th
/// octet, never inside a UTF-8 character (Vietnamese letters take two or three).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            // The space that begins a continuation line counts toward its 75 octets.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn meeting(title: &str) -> CalendarEvent {
        let starts = Utc.with_ymd_and_hms(2021, 1, 21, 1, 30, 0).unwrap();
        CalendarEvent {
            uid: "meeting-1@phuong.example.vn".into(),
            summary: title.into(),
            location: "Hội trường UBND, số 1 phố Nguyễn Văn Huyên".into(),
            description: "Hội nghị\n\nĐại biểu dự: A; B".into(),
            url: "https://phuong.example.vn/hoi-nghi/1".into(),
            starts,
            ends: starts + chrono::Duration::hours(2),
        }
    }

    fn lines(ics: &str) -> Vec<&str> {
        ics.split("\r\n").filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn a_line_break_in_a_title_cannot_add_a_property_or_an_event() {
        let ics = calendar(
            "Hội nghị",
            &[meeting(
                "Họp\r\nATTENDEE:mailto:x@evil.example\rEND:VEVENT\nBEGIN:VEVENT",
            )],
            Utc::now(),
        );
        let unfolded = ics.replace("\r\n ", "");
        assert_eq!(
            lines(&unfolded)
                .iter()
                .filter(|l| **l == "BEGIN:VEVENT")
                .count(),
            1
        );
        assert!(!lines(&unfolded).iter().any(|l| l.starts_with("ATTENDEE")));
        assert!(unfolded
            .contains("SUMMARY:Họp\\nATTENDEE:mailto:x@evil.example\\nEND:VEVENT\\nBEGIN:VEVENT"));
        assert!(!ics.replace("\r\n", "").contains('\r'), "no bare CR");
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
    }

    #[test]
    fn text_escapes_what_rfc_5545_reserves_and_drops_control_characters() {
        assert_eq!(text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(text("a\u{0}b\u{7}c\u{1b}d\u{85}e"), "abcde");
        assert_eq!(uri("https://x.vn/a\r\nb c"), "https://x.vn/abc");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_letter() {
        let title = "Hội nghị ký kết Chương trình phối hợp công tác năm 2021 giữa Thường trực HĐND, UBND và Ủy ban MTTQ";
        let ics = calendar("Hội nghị", &[meeting(title)], Utc::now());
        for l in lines(&ics) {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        // Unfolding (removing each CRLF and the space after it) gives the title back.
        assert!(ics
            .replace("\r\n ", "")
            .contains(&format!("SUMMARY:{}", text(title))));
    }

    #[test]
    fn times_are_utc_instants() {
        let ics = calendar("x", &[meeting("x")], Utc::now());
        assert!(ics.contains("DTSTART:20210121T013000Z\r\nDTEND:20210121T033000Z\r\n"));
    }
}
