//! Dates and times as Vietnamese documents and the news portal write them.
//!
//! These take plain integers and do not check that the date exists: they format what they are
//! given (a day of 31 in April is written as such), and never panic.

/// `dd/mm/yyyy`, the everyday Vietnamese date.
///
/// ```
/// assert_eq!(vi::format_date(2021, 1, 21), "21/01/2021");
/// ```
pub fn format_date(y: i32, m: u32, d: u32) -> String {
    format!("{d:02}/{m:02}/{y:04}")
}

/// The portal's time stamp: `dd/mm/yyyy - hh:mm AM|PM` on a 12-hour clock, 00:xx being 12:xx AM
/// and 12:xx being 12:xx PM. An hour past 23 is taken modulo 24.
///
/// ```
/// assert_eq!(vi::format_datetime_portal(2021, 1, 23, 14, 46), "23/01/2021 - 02:46 PM");
/// ```
pub fn format_datetime_portal(y: i32, m: u32, d: u32, hour: u32, minute: u32) -> String {
    let hour = hour % 24;
    let suffix = if hour < 12 { "AM" } else { "PM" };
    let h12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    format!("{} - {h12:02}:{minute:02} {suffix}", format_date(y, m, d))
}

/// Place and date of issue as Decree 30/2020/NĐ-CP prescribes: "Hà Nội, ngày 21 tháng 01 năm
/// 2021". Days below 10 and the months 1 and 2 get a leading zero, other months do not (so that
/// "tháng 01" cannot be altered into "tháng 11"). An empty `place` leaves the date alone.
///
/// ```
/// assert_eq!(vi::decree30_place_date("Hà Nội", 2021, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2021");
/// ```
pub fn decree30_place_date(place: &str, y: i32, m: u32, d: u32) -> String {
    let month = if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    };
    let date = format!("ngày {d:02} tháng {month} năm {y}");
    let place = place.trim();
    if place.is_empty() {
        date
    } else {
        format!("{place}, {date}")
    }
}

/// Day of the week in Vietnamese, "Thứ Hai" (Monday) … "Thứ Bảy", "Chủ nhật", in the proleptic
/// Gregorian calendar. Out-of-range months and days roll over (month 13 is January of the next
/// year, day 0 the last day of the previous month).
///
/// ```
/// assert_eq!(vi::weekday_name(2021, 1, 21), "Thứ Năm");
/// ```
pub fn weekday_name(y: i32, m: u32, d: u32) -> &'static str {
    const NAMES: [&str; 7] = [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ nhật",
    ];
    // 1970-01-01 was a Thursday, index 3 from Monday.
    let index = (days_from_civil(y, m, d) + 3).rem_euclid(7);
    usize::try_from(index)
        .ok()
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or(NAMES[6])
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm), in i64 so no input can overflow.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let m = i64::from(m);
    // Months beyond twelve (and zero) are carried into the year first.
    let y = i64::from(y) + (m - 1).div_euclid(12);
    let m = (m - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_day_month_year_with_leading_zeros() {
        assert_eq!(format_date(2021, 1, 21), "21/01/2021");
        assert_eq!(format_date(2021, 12, 5), "05/12/2021");
    }

    #[test]
    fn portal_time_stamps_use_a_twelve_hour_clock() {
        assert_eq!(
            format_datetime_portal(2021, 1, 23, 14, 46),
            "23/01/2021 - 02:46 PM"
        );
        assert_eq!(
            format_datetime_portal(2021, 1, 23, 9, 5),
            "23/01/2021 - 09:05 AM"
        );
    }

    #[test]
    fn midnight_is_twelve_am_and_noon_is_twelve_pm() {
        assert_eq!(
            format_datetime_portal(2021, 1, 23, 0, 7),
            "23/01/2021 - 12:07 AM"
        );
        assert_eq!(
            format_datetime_portal(2021, 1, 23, 12, 30),
            "23/01/2021 - 12:30 PM"
        );
        assert_eq!(
            format_datetime_portal(2021, 1, 23, 23, 59),
            "23/01/2021 - 11:59 PM"
        );
    }

    #[test]
    fn hours_past_twenty_three_wrap_instead_of_panicking() {
        assert_eq!(
            format_datetime_portal(2021, 1, 23, 24, 0),
            "23/01/2021 - 12:00 AM"
        );
        let _ = format_datetime_portal(i32::MIN, u32::MAX, u32::MAX, u32::MAX, u32::MAX);
    }

    #[test]
    fn decree_30_dates_pad_days_below_ten_and_only_january_and_february() {
        assert_eq!(
            decree30_place_date("Hà Nội", 2021, 1, 21),
            "Hà Nội, ngày 21 tháng 01 năm 2021"
        );
        assert_eq!(
            decree30_place_date("Hà Nội", 2021, 3, 5),
            "Hà Nội, ngày 05 tháng 3 năm 2021"
        );
        assert_eq!(
            decree30_place_date("Hà Nội", 2021, 2, 15),
            "Hà Nội, ngày 15 tháng 02 năm 2021"
        );
        assert_eq!(
            decree30_place_date("Cầu Giấy", 2021, 12, 15),
            "Cầu Giấy, ngày 15 tháng 12 năm 2021"
        );
        assert_eq!(
            decree30_place_date("Hà Nội", 2021, 10, 1),
            "Hà Nội, ngày 01 tháng 10 năm 2021"
        );
    }

    #[test]
    fn decree_30_dates_without_a_place_start_with_ngay() {
        assert_eq!(
            decree30_place_date("  ", 2021, 11, 9),
            "ngày 09 tháng 11 năm 2021"
        );
    }

    #[test]
    fn weekday_names_match_the_calendar() {
        assert_eq!(weekday_name(2021, 1, 21), "Thứ Năm");
        assert_eq!(weekday_name(2021, 1, 23), "Thứ Bảy");
        assert_eq!(weekday_name(2021, 1, 24), "Chủ nhật");
        assert_eq!(weekday_name(2021, 1, 25), "Thứ Hai");
        assert_eq!(weekday_name(1970, 1, 1), "Thứ Năm");
        assert_eq!(weekday_name(2000, 2, 29), "Thứ Ba");
        assert_eq!(weekday_name(1945, 9, 2), "Chủ nhật");
        assert_eq!(weekday_name(2024, 12, 31), "Thứ Ba");
        assert_eq!(weekday_name(2025, 7, 1), "Thứ Ba");
    }

    #[test]
    fn every_weekday_name_follows_the_one_before() {
        let names: Vec<_> = (19..=25).map(|d| weekday_name(2021, 4, d)).collect();
        assert_eq!(
            names,
            [
                "Thứ Hai",
                "Thứ Ba",
                "Thứ Tư",
                "Thứ Năm",
                "Thứ Sáu",
                "Thứ Bảy",
                "Chủ nhật"
            ]
        );
    }

    #[test]
    fn out_of_range_dates_roll_over_instead_of_panicking() {
        assert_eq!(weekday_name(2020, 13, 1), weekday_name(2021, 1, 1));
        assert_eq!(weekday_name(2021, 3, 0), weekday_name(2021, 2, 28));
        for (y, m, d) in [(i32::MIN, 0, 0), (i32::MAX, u32::MAX, u32::MAX), (-1, 1, 1)] {
            let _ = weekday_name(y, m, d);
            let _ = format_date(y, m, d);
            let _ = decree30_place_date("😀", y, m, d);
        }
    }
}
