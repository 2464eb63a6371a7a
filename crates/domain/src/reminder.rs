//! The kinds of reminder phoihop sends a body, one of each kind a day: the digest of
//! recommendations due or overdue, and the province's request to a commune to report the figures
//! of its targets that count toward the province's indicators.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The daily digest of recommendations due within a week or overdue.
    Recommendations,
    /// The province asks for the actual figures of targets not reported yet.
    Report,
}

impl ReminderKind {
    pub const ALL: [Self; 2] = [Self::Recommendations, Self::Report];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recommendations => "recommendations",
            Self::Report => "report",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Recommendations => "Kiến nghị đến hạn",
            Self::Report => "Nhắc báo cáo chỉ tiêu",
        }
    }
}

/// The subject and text of a request to report: who asks, for which year, and the indicators the
/// unit's targets count toward that have no actual yet ("BHYT – Tỷ lệ dân số tham gia bảo hiểm
/// y tế"; the unit's own target of each is the one linked to it).
pub fn compose_report_request(
    body_name: &str,
    province: &str,
    year: i32,
    indicators: &[String],
    today: NaiveDate,
) -> (String, String) {
    let province = vi::capitalize(province);
    let subject = format!(
        "[phoihop] {province} đề nghị báo cáo {} chỉ tiêu năm {year} – {}",
        indicators.len(),
        crate::time::short_date(today)
    );
    let mut text = format!(
        "Kính gửi {body_name},\r\n\r\n{province} đề nghị đơn vị nhập số thực hiện năm {year} của các chỉ tiêu tính vào các chỉ tiêu chung sau, để tổng hợp (tính đến ngày {}, đơn vị chưa báo cáo):\r\n\r\n",
        crate::time::short_date(today)
    );
    for (i, indicator) in indicators.iter().enumerate() {
        text.push_str(&format!("{}. {indicator}\r\n", i + 1));
    }
    text.push_str("\r\nThư này do hệ thống phoihop gửi theo yêu cầu của cán bộ cấp tỉnh.\r\n");
    (subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_written_and_read_back_by_its_name() {
        for kind in ReminderKind::ALL {
            assert_eq!(ReminderKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ReminderKind::parse("other"), None);
    }

    #[test]
    fn a_request_to_report_names_the_province_the_year_and_each_target_missing() {
        let lines = ["BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế".to_string()];
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let (subject, text) = compose_report_request(
            "Ủy ban nhân dân phường Cầu Giấy",
            "thành phố Hà Nội",
            2026,
            &lines,
            today,
        );
        assert_eq!(
            subject,
            "[phoihop] Thành phố Hà Nội đề nghị báo cáo 1 chỉ tiêu năm 2026 – 07/12/2026"
        );
        assert!(text.starts_with("Kính gửi Ủy ban nhân dân phường Cầu Giấy,"));
        assert!(text.contains("\r\n1. BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế\r\n"));
    }
}
