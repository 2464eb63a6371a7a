//! Bodies (cơ quan) of a unit: its People's Council, People's Committee, Fatherland Front committee,
//! Party committee and the committees of the Council.

use serde::{Deserialize, Serialize};

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
