//! Time in Vietnam: instants are stored in UTC and shown in Indochina Time (UTC+7, no daylight saving
//! since 1975), so every node and every engine agree on what "23/01/2021 14:46" means.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

/// Indochina Time, the only zone Vietnamese administration uses.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The instant at a wall-clock time in Vietnam.
pub fn at_vietnam(local: NaiveDateTime) -> DateTime<Utc> {
    vietnam()
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&Utc)
}

/// The calendar day in Vietnam at an instant.
pub fn day_in_vietnam(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&vietnam()).date_naive()
}

/// Today in Vietnam: the one place where "today" is read from the clock, whatever zone the server
/// runs in.
pub fn today() -> NaiveDate {
    day_in_vietnam(Utc::now())
}

/// The instant from a Unix timestamp in seconds, as the store keeps it.
pub fn from_unix(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// "23/01/2021 - 02:46 PM", the portal's time stamp under a news title.
pub fn portal_timestamp(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&vietnam());
    vi::format_datetime_portal(
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
    )
}

/// "21/01/2021".
pub fn short_date(date: NaiveDate) -> String {
    vi::format_date(date.year(), date.month(), date.day())
}

/// "01/03/2026 – 05/03/2026", or the first day alone when there is no last.
pub fn date_range(first: NaiveDate, last: Option<NaiveDate>) -> String {
    range(short_date(first), last.map(short_date))
}

/// "01/03/2026 08:00 – 01/03/2026 11:00", or the start alone when there is no end.
pub fn datetime_range(start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> String {
    range(short_datetime(start), end.map(short_datetime))
}

fn range(first: String, last: Option<String>) -> String {
    match last {
        Some(last) => format!("{first} – {last}"),
        None => first,
    }
}

/// "21/01/2021 14:00" in Vietnam's time.
pub fn short_datetime(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&vietnam());
    format!(
        "{} {:02}:{:02}",
        vi::format_date(local.year(), local.month(), local.day()),
        local.hour(),
        local.minute()
    )
}

/// The years phoihop accepts anywhere a date is typed, through a form or the API: from the
/// founding of the state to a horizon that catches typos (a year 0, -2021 or 99999 is a mistake).
pub const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;

/// The message beside a date outside [`YEARS`].
pub fn years_message() -> String {
    format!("Năm phải từ {} đến {}", YEARS.start(), YEARS.end())
}

/// Whether an instant falls in the years phoihop accepts.
pub fn in_years(at: DateTime<Utc>) -> bool {
    YEARS.contains(&day_in_vietnam(at).year())
}

/// Parse a time of day in Vietnam written as a browser sends it (2021-01-21T14:00) or as
/// Vietnamese write it (21/01/2021 14:00), in the years phoihop accepts.
pub fn parse_local_datetime(input: &str) -> Option<DateTime<Utc>> {
    let s = input.trim();
    // A program writes RFC 3339, with its offset (2026-12-08T09:00:00+07:00).
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc)).filter(|t| YEARS.contains(&t.year()));
    }
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %Hh%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .filter(|t| YEARS.contains(&t.year()))
    .map(at_vietnam)
}

/// Parse a calendar date written either as ISO 8601 (2021-01-21) or as Vietnamese write it
/// (21/01/2021), in the years phoihop accepts.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnam_afternoon_is_shown_as_the_portal_writes_it() {
        let at = at_vietnam(
            NaiveDate::from_ymd_opt(2021, 1, 23)
                .unwrap()
                .and_hms_opt(14, 46, 0)
                .unwrap(),
        );
        assert_eq!(at.to_rfc3339(), "2021-01-23T07:46:00+00:00");
        assert_eq!(portal_timestamp(at), "23/01/2021 - 02:46 PM");
        assert_eq!(short_datetime(at), "23/01/2021 14:46");
    }

    #[test]
    fn the_day_in_vietnam_turns_at_midnight_there_not_in_utc() {
        let evening_utc = DateTime::from_timestamp(1_609_520_400, 0).unwrap(); // 2021-01-01 17:00 UTC
        assert_eq!(
            day_in_vietnam(evening_utc),
            NaiveDate::from_ymd_opt(2021, 1, 2).unwrap()
        );
    }

    #[test]
    fn dates_parse_in_both_iso_and_vietnamese_order() {
        let d = NaiveDate::from_ymd_opt(2021, 1, 21).unwrap();
        assert_eq!(parse_date("2021-01-21"), Some(d));
        assert_eq!(parse_date(" 21/01/2021 "), Some(d));
        assert_eq!(parse_date("31/02/2021"), None);
        assert_eq!(parse_date("hôm qua"), None);
    }

    #[test]
    fn a_time_of_day_parses_as_typed_in_vietnam_or_as_a_program_writes_it() {
        let at = "2021-01-21T07:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(parse_local_datetime("21/01/2021 14:00"), Some(at));
        assert_eq!(parse_local_datetime("2021-01-21T14:00"), Some(at));
        assert_eq!(parse_local_datetime("2021-01-21T14:00:00+07:00"), Some(at));
        assert_eq!(parse_local_datetime("2021-01-21T07:00:00Z"), Some(at));
        assert_eq!(parse_local_datetime("1800-01-21T07:00:00Z"), None);
        assert_eq!(parse_local_datetime("chiều mai"), None);
    }
}
