//! Administrative units (đơn vị hành chính): a tree whose nodes have validity dates and successors,
//! because units merge and the history of a unit that no longer exists must stay readable.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Id, ValidationError};

/// The level of a unit. Levels are data: before 1 July 2025 there were three, after it two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// Tỉnh, thành phố trực thuộc trung ương.
    Province,
    /// Quận, huyện, thị xã, thành phố thuộc tỉnh (abolished on 1 July 2025).
    District,
    /// Phường, xã, đặc khu.
    Commune,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::District => "district",
            Self::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "province" => Some(Self::Province),
            "district" => Some(Self::District),
            "commune" => Some(Self::Commune),
            _ => None,
        }
    }

    /// Vietnamese name of the level, for labels.
    pub fn label(self) -> &'static str {
        match self {
            Self::Province => "Cấp tỉnh",
            Self::District => "Cấp huyện",
            Self::Commune => "Cấp xã",
        }
    }
}

/// One administrative unit, such as "quận Cầu Giấy" (2021) or "phường Cầu Giấy" (2025).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub id: Id,
    /// The official code of the General Statistics Office, such as "005" for Cầu Giấy.
    pub code: String,
    /// The unit's name without its kind: "Cầu Giấy".
    pub name: String,
    /// The kind as Vietnamese write it before the name: "quận", "phường", "thành phố".
    pub kind: String,
    pub level: UnitLevel,
    pub parent_id: Option<Id>,
    pub valid_from: NaiveDate,
    /// The last day the unit existed; `None` while it still exists.
    pub valid_to: Option<NaiveDate>,
    /// The unit's address in the installation: its pages are under `/dv/{slug}`.
    #[serde(default)]
    pub slug: String,
    /// A host name that serves the unit's pages without the prefix: "caugiay.hanoi.gov.vn".
    #[serde(default)]
    pub host: Option<String>,
}

impl AdminUnit {
    /// "quận Cầu Giấy".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind, self.name)
    }

    /// The place a document of the unit's bodies is dated at (Decree 30/2020/NĐ-CP, Appendix I,
    /// I.5.a): the official name of the administrative unit where the issuing body has its seat —
    /// the unit's own name, "Nghĩa Đô" for a ward's bodies, "Hà Nội" for the city's; a unit named
    /// by a number keeps its kind, "Phường 5", "Quận 1".
    pub fn document_place(&self) -> String {
        // Named after a person: the full name, as the decree's own example has it.
        const AFTER_PEOPLE: [&str; 1] = ["Hồ Chí Minh"];
        if self
            .name
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
            || AFTER_PEOPLE.contains(&self.name.as_str())
        {
            let mut kind = self.kind.chars();
            let first: String = kind
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{} {}", kind.as_str(), self.name)
        } else {
            self.name.clone()
        }
    }

    /// Whether the unit existed on that day: from `valid_from` to `valid_to`, both inclusive.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        day >= self.valid_from && self.valid_to.is_none_or(|end| day <= end)
    }
}

/// A unit taking over the affairs of another from a day: a merge has several predecessors, a
/// split several successors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Succession {
    pub predecessor_id: Id,
    pub successor_id: Id,
    /// The successor's first day in charge; the predecessor's last day is the day before.
    pub effective_on: NaiveDate,
}

/// The kinds of unit Vietnamese law names, as they are written before a name.
pub const KINDS: &[&str] = &[
    "tỉnh",
    "thành phố",
    "quận",
    "huyện",
    "thị xã",
    "phường",
    "xã",
    "thị trấn",
    "đặc khu",
];

/// The level a unit of this kind sits at: a "thành phố" is a province when nothing is above it
/// (Hà Nội) and a district otherwise (a city of a province, before 2025).
pub fn level_of(kind: &str, has_parent: bool) -> Option<UnitLevel> {
    match kind {
        "tỉnh" => Some(UnitLevel::Province),
        "thành phố" if !has_parent => Some(UnitLevel::Province),
        "thành phố" | "quận" | "huyện" | "thị xã" => Some(UnitLevel::District),
        "phường" | "xã" | "thị trấn" | "đặc khu" => Some(UnitLevel::Commune),
        _ => None,
    }
}

/// The readable address of a unit: its kind and name without diacritics, "phuong-cau-giay"; the
/// caller adds the province's slug when two units would share one.
pub fn base_slug(kind: &str, name: &str) -> String {
    vi::slugify(&format!("{kind} {name}"))
}

/// A slug no other unit has: the base, then the base with the province's name
/// ("phuong-cau-giay-ha-noi"), then with a number.
pub fn unique_slug(base: &str, province: Option<&str>, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    let with_province = province
        .map(|p| format!("{base}-{}", vi::slugify(p)))
        .unwrap_or_else(|| base.to_string());
    if !taken(&with_province) {
        return with_province;
    }
    (2..)
        .map(|n| format!("{with_province}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_default()
}

/// A host name as a unit is reached by: lowercase letters, digits, dots and hyphens, no port.
pub fn parse_host(input: &str) -> Result<Option<String>, ValidationError> {
    let host = input.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return Ok(None);
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if host.len() <= 253 && host.contains('.') && host.split('.').all(label_ok) {
        Ok(Some(host))
    } else {
        Err(ValidationError::single(
            "host",
            "Tên miền không hợp lệ, ví dụ caugiay.hanoi.gov.vn (không có http:// và cổng)",
        ))
    }
}

/// What a person (or a row of the official list) gives to create a unit, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDraft {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub level: UnitLevel,
    pub parent_id: Option<Id>,
    pub valid_from: NaiveDate,
    pub host: Option<String>,
}

/// The fields of a unit as typed.
#[derive(Debug, Clone, Default)]
pub struct UnitInput<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    /// The unit above, when one was chosen and found.
    pub parent: Option<(Id, UnitLevel)>,
    pub valid_from: &'a str,
    pub host: &'a str,
}

impl UnitDraft {
    /// Check every field, one Vietnamese message per bad field.
    pub fn parse(input: &UnitInput<'_>) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let code = input.code.trim().to_string();
        if code.is_empty() || code.len() > 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(
                "code",
                "Mã đơn vị là dãy chữ số theo danh mục của Tổng cục Thống kê, ví dụ 00160",
            );
        }
        let name = crate::input::line("name", input.name, &mut errors);
        if name.is_empty() || name.chars().count() > 100 {
            errors.push("name", "Tên đơn vị không được để trống (tối đa 100 ký tự)");
        }
        let kind = vi::normalize(input.kind.trim()).to_lowercase();
        let level = level_of(&kind, input.parent.is_some());
        if level.is_none() {
            errors.push(
                "kind",
                format!("Loại đơn vị phải là một trong: {}", KINDS.join(", ")),
            );
        }
        if let (Some(level), Some((_, parent_level))) = (level, input.parent) {
            let fits = matches!(
                (parent_level, level),
                (UnitLevel::Province, UnitLevel::District)
                    | (UnitLevel::Province, UnitLevel::Commune)
                    | (UnitLevel::District, UnitLevel::Commune)
            );
            if !fits {
                errors.push("parent", "Đơn vị cấp trên không hợp với cấp của đơn vị này");
            }
        }
        if level == Some(UnitLevel::Commune) && input.parent.is_none() {
            errors.push("parent", "Đơn vị cấp xã cần đơn vị cấp trên");
        }
        let valid_from = crate::time::parse_date(input.valid_from);
        if valid_from.is_none() {
            errors.push(
                "valid_from",
                "Ngày bắt đầu hiệu lực không hợp lệ (ngày/tháng/năm)",
            );
        }
        let host = parse_host(input.host).map_err(|e| errors.errors.extend(e.errors));
        match (level, valid_from, host) {
            (Some(level), Some(valid_from), Ok(host)) if errors.is_empty() => Ok(Self {
                code,
                name,
                kind,
                level,
                parent_id: input.parent.map(|(id, _)| id),
                valid_from,
                host,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_document_is_dated_at_the_units_own_name_as_decree_30_has_it() {
        let unit = |kind: &str, name: &str, level| AdminUnit {
            id: 1,
            code: String::new(),
            name: name.into(),
            kind: kind.into(),
            level,
            parent_id: None,
            valid_from: chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            valid_to: None,
            slug: String::new(),
            host: None,
        };
        assert_eq!(
            unit("phường", "Nghĩa Đô", UnitLevel::Commune).document_place(),
            "Nghĩa Đô"
        );
        assert_eq!(
            unit("thành phố", "Hà Nội", UnitLevel::Province).document_place(),
            "Hà Nội"
        );
        assert_eq!(
            unit("quận", "Cầu Giấy", UnitLevel::District).document_place(),
            "Cầu Giấy"
        );
        assert_eq!(
            unit("phường", "5", UnitLevel::Commune).document_place(),
            "Phường 5"
        );
        assert_eq!(
            unit("thành phố", "Hồ Chí Minh", UnitLevel::Province).document_place(),
            "Thành phố Hồ Chí Minh"
        );
    }
    use super::*;

    fn cau_giay_district() -> AdminUnit {
        AdminUnit {
            id: 2,
            code: "005".into(),
            name: "Cầu Giấy".into(),
            kind: "quận".into(),
            level: UnitLevel::District,
            parent_id: Some(1),
            valid_from: NaiveDate::from_ymd_opt(1997, 1, 1).unwrap(),
            valid_to: NaiveDate::from_ymd_opt(2025, 6, 30),
            slug: "quan-cau-giay".into(),
            host: None,
        }
    }

    #[test]
    fn a_district_is_valid_until_its_last_day_and_not_after() {
        let unit = cau_giay_district();
        assert!(unit.is_valid_on(NaiveDate::from_ymd_opt(2021, 1, 21).unwrap()));
        assert!(unit.is_valid_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        assert!(!unit.is_valid_on(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
        assert!(!unit.is_valid_on(NaiveDate::from_ymd_opt(1996, 12, 31).unwrap()));
    }

    #[test]
    fn a_unit_without_an_end_is_valid_from_its_start_on() {
        let mut unit = cau_giay_district();
        unit.valid_to = None;
        assert!(unit.is_valid_on(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()));
    }

    #[test]
    fn the_full_name_puts_the_kind_before_the_name() {
        assert_eq!(cau_giay_district().full_name(), "quận Cầu Giấy");
    }

    #[test]
    fn levels_round_trip_through_their_codes() {
        for level in [UnitLevel::Province, UnitLevel::District, UnitLevel::Commune] {
            assert_eq!(UnitLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(UnitLevel::parse("hamlet"), None);
    }

    #[test]
    fn the_level_follows_the_kind_and_a_city_is_a_province_at_the_top() {
        assert_eq!(level_of("phường", true), Some(UnitLevel::Commune));
        assert_eq!(level_of("thành phố", false), Some(UnitLevel::Province));
        assert_eq!(level_of("thành phố", true), Some(UnitLevel::District));
        assert_eq!(level_of("làng", true), None);
    }

    #[test]
    fn a_unit_slug_is_its_kind_and_name_without_diacritics() {
        assert_eq!(base_slug("phường", "Cầu Giấy"), "phuong-cau-giay");
        assert_eq!(base_slug("đặc khu", "Phú Quốc"), "dac-khu-phu-quoc");
    }

    #[test]
    fn a_slug_taken_elsewhere_gets_the_province_then_a_number() {
        let taken = ["phuong-cau-giay", "phuong-cau-giay-ha-noi"];
        assert_eq!(
            unique_slug("xa-an-binh", Some("Hà Nội"), |s| taken.contains(&s)),
            "xa-an-binh"
        );
        assert_eq!(
            unique_slug("phuong-cau-giay", Some("Hà Nội"), |s| taken.contains(&s)),
            "phuong-cau-giay-ha-noi-2"
        );
        let one = ["phuong-tan-an"];
        assert_eq!(
            unique_slug("phuong-tan-an", Some("Cần Thơ"), |s| one.contains(&s)),
            "phuong-tan-an-can-tho"
        );
    }

    #[test]
    fn host_names_are_plain_and_lowercase() {
        assert_eq!(
            parse_host(" CauGiay.HaNoi.gov.vn. ").unwrap().as_deref(),
            Some("caugiay.hanoi.gov.vn")
        );
        assert_eq!(parse_host("").unwrap(), None);
        for bad in ["http://x.vn", "x.vn:8080", "localhost", "-a.vn", "a..vn"] {
            assert!(parse_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_unit_draft_names_every_bad_field() {
        let province = Some((1, UnitLevel::Province));
        let ok = UnitDraft::parse(&UnitInput {
            code: "00160",
            name: " Nghĩa Đô ",
            kind: "Phường",
            parent: province,
            valid_from: "01/07/2025",
            host: "",
        })
        .unwrap();
        assert_eq!((ok.name.as_str(), ok.kind.as_str()), ("Nghĩa Đô", "phường"));
        assert_eq!(ok.level, UnitLevel::Commune);
        let bad = UnitDraft::parse(&UnitInput {
            code: "x1",
            name: "",
            kind: "làng",
            parent: None,
            valid_from: "31/02/2025",
            host: "http://x",
        })
        .unwrap_err();
        let fields: Vec<&str> = bad.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["code", "name", "kind", "valid_from", "host"]);
        let orphan = UnitDraft::parse(&UnitInput {
            code: "1",
            name: "A",
            kind: "xã",
            parent: None,
            valid_from: "2025-07-01",
            host: "",
        })
        .unwrap_err();
        assert_eq!(orphan.errors[0].field, "parent");
    }
}
