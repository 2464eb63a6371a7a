//! Bodies (cơ quan) of a unit: its People's Council, People's Committee, Fatherland Front committee,
//! Party committee and the committees of the Council.

use serde::{Deserialize, Serialize};

use crate::unit::{AdminUnit, UnitLevel};
use crate::Id;

/// The kind of a body. The abbreviation is how documents and people name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// Cấp ủy Đảng: Quận ủy, Thành ủy, Đảng ủy phường.
    PartyCommittee,
    /// Hội đồng nhân dân.
    PeoplesCouncil,
    /// Ban của HĐND (Ban Pháp chế, Ban Kinh tế - xã hội, …).
    CouncilCommittee,
    /// Ủy ban nhân dân.
    PeoplesCommittee,
    /// Ủy ban Mặt trận Tổ quốc Việt Nam.
    FatherlandFront,
}

impl BodyKind {
    pub const ALL: [BodyKind; 5] = [
        Self::PartyCommittee,
        Self::PeoplesCouncil,
        Self::CouncilCommittee,
        Self::PeoplesCommittee,
        Self::FatherlandFront,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PartyCommittee => "party_committee",
            Self::PeoplesCouncil => "peoples_council",
            Self::CouncilCommittee => "council_committee",
            Self::PeoplesCommittee => "peoples_committee",
            Self::FatherlandFront => "fatherland_front",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Vietnamese name of the kind.
    pub fn label(self) -> &'static str {
        match self {
            Self::PartyCommittee => "Cấp ủy Đảng",
            Self::PeoplesCouncil => "Hội đồng nhân dân",
            Self::CouncilCommittee => "Ban của Hội đồng nhân dân",
            Self::PeoplesCommittee => "Ủy ban nhân dân",
            Self::FatherlandFront => "Ủy ban Mặt trận Tổ quốc Việt Nam",
        }
    }

    /// Whether this kind is one of the three parties of a joint work programme.
    pub fn is_programme_party(self) -> bool {
        matches!(
            self,
            Self::PeoplesCouncil | Self::PeoplesCommittee | Self::FatherlandFront
        )
    }
}

/// One body of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub id: Id,
    pub unit_id: Id,
    pub kind: BodyKind,
    /// Full name: "Hội đồng nhân dân quận Cầu Giấy".
    pub name: String,
    /// Short name as documents write it: "HĐND quận".
    pub short_name: String,
    /// The body a committee belongs to (a Ban belongs to the HĐND).
    pub parent_body_id: Option<Id>,
    /// Order on pages: the order in which Vietnamese documents list bodies.
    pub position: i64,
}

/// A body a new unit is proposed, in the order documents list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTemplate {
    pub kind: BodyKind,
    /// "Hội đồng nhân dân phường Nghĩa Đô".
    pub name: String,
    /// "HĐND phường".
    pub short_name: String,
    /// The template's own index of the body this one belongs to (a committee of the council).
    pub parent: Option<usize>,
}

/// The bodies a unit of its level has under the Law on the Organisation of Local Government
/// (2025): the Party committee, the People's Council and its committees, the People's Committee and
/// the Fatherland Front committee. A commune's council has two committees; a province's three.
/// The administrator edits what differs (a province with an ethnic-affairs committee, say).
pub fn template(unit: &AdminUnit) -> Vec<BodyTemplate> {
    let full = unit.full_name();
    let kind = &unit.kind;
    let party = match unit.level {
        UnitLevel::Province if kind == "thành phố" => format!("Thành ủy {}", unit.name),
        UnitLevel::Province => format!("Tỉnh ủy {}", unit.name),
        UnitLevel::District if kind == "quận" => format!("Quận ủy {}", unit.name),
        UnitLevel::District if kind == "huyện" => format!("Huyện ủy {}", unit.name),
        UnitLevel::District if kind == "thị xã" => format!("Thị ủy {}", unit.name),
        UnitLevel::District => format!("Thành ủy {}", unit.name),
        UnitLevel::Commune => format!("Đảng ủy {full}"),
    };
    let party_short = party
        .split_whitespace()
        .take(if unit.level == UnitLevel::Commune {
            2
        } else {
            1
        })
        .collect::<Vec<_>>()
        .join(" ");
    let committees: &[(&str, &str)] = match unit.level {
        UnitLevel::Commune => &[
            ("Ban Pháp chế", "Ban Pháp chế"),
            ("Ban Kinh tế - Xã hội", "Ban KT-XH"),
        ],
        _ => &[
            ("Ban Pháp chế", "Ban Pháp chế"),
            ("Ban Kinh tế - Ngân sách", "Ban KT-NS"),
            ("Ban Văn hóa - Xã hội", "Ban VH-XH"),
        ],
    };
    let mut out = vec![
        BodyTemplate {
            kind: BodyKind::PartyCommittee,
            name: party,
            short_name: party_short,
            parent: None,
        },
        BodyTemplate {
            kind: BodyKind::PeoplesCouncil,
            name: format!("Hội đồng nhân dân {full}"),
            short_name: format!("HĐND {kind}"),
            parent: None,
        },
    ];
    out.extend(committees.iter().map(|(name, short)| BodyTemplate {
        kind: BodyKind::CouncilCommittee,
        name: format!("{name} HĐND {full}"),
        short_name: short.to_string(),
        parent: Some(1),
    }));
    out.push(BodyTemplate {
        kind: BodyKind::PeoplesCommittee,
        name: format!("Ủy ban nhân dân {full}"),
        short_name: format!("UBND {kind}"),
        parent: None,
    });
    out.push(BodyTemplate {
        kind: BodyKind::FatherlandFront,
        name: format!("Ủy ban Mặt trận Tổ quốc Việt Nam {full}"),
        short_name: format!("Ủy ban MTTQ {kind}"),
        parent: None,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for kind in BodyKind::ALL {
            assert_eq!(BodyKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(BodyKind::parse("ministry"), None);
    }

    #[test]
    fn only_the_council_the_committee_and_the_front_sign_a_joint_programme() {
        let parties: Vec<_> = BodyKind::ALL
            .into_iter()
            .filter(|k| k.is_programme_party())
            .collect();
        assert_eq!(
            parties,
            vec![
                BodyKind::PeoplesCouncil,
                BodyKind::PeoplesCommittee,
                BodyKind::FatherlandFront
            ]
        );
    }
}
