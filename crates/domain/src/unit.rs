//! Administrative units (đơn vị hành chính): a tree whose nodes have validity dates and successors,
//! because units merge and the history of a unit that no longer exists must stay readable.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Id;

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
    /// The unit that took over, once this one was merged or dissolved.
    pub successor_id: Option<Id>,
}

impl AdminUnit {
    /// "quận Cầu Giấy".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind, self.name)
    }

    /// Whether the unit existed on that day: from `valid_from` to `valid_to`, both inclusive.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        day >= self.valid_from && self.valid_to.is_none_or(|end| day <= end)
    }
}

#[cfg(test)]
mod tests {
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
            successor_id: Some(3),
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
}
