//! The national-size installation: 34 provinces and 3,321 communes, each commune with a year's
//! programme (its contents, 30 targets linked to the national and provincial catalogues, oversight
//! with recommendations) and its population and households, written through the store as the
//! application would write them.

use chrono::NaiveDate;
use domain::body::BodyKind;
use domain::credentials::{NewPassword, Username};
use domain::indicator::{Indicator, IndicatorDraft};
use domain::oversight::{OversightKind, RecommendationStatus};
use domain::programme::{ItemDraft, ItemStatus, ProgrammeStatus, TimeFrame, Year};
use domain::target::Direction;
use domain::unit::{AdminUnit, UnitLevel};
use rust_decimal::Decimal;
use store::indicators::UnitWeights;
use store::oversight::{NewOversight, NewRecommendation};
use store::{NewProgramme, NewTarget, NewUnit, Store, WriteTx};

pub const YEAR: i32 = 2026;
/// National indicators, then each province's own: 30 linked targets a commune.
const NATIONAL: usize = 10;
const PROVINCIAL: usize = 20;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// What the measuring needs: the first province (126 communes) and one of its communes with a
/// target to edit, and the operator's API token.
pub struct Generated {
    pub province_slug: String,
    pub commune_slug: String,
    pub target_id: i64,
    pub token: String,
    pub communes: usize,
    pub targets: usize,
}

/// An indicator's way of combining, by its position in a catalogue: sums, means by population
/// and by households, and counts of units that met a yes/no target.
fn draft(code: String, i: usize) -> IndicatorDraft {
    let (measure, direction, combine) = match i % 4 {
        0 => ("tỷ đồng", "higher", "sum"),
        1 => ("%", "higher", "mean_by_population"),
        2 => ("%", "higher", "mean_by_households"),
        _ => ("", "yes_no", "count_met"),
    };
    let name = format!("Chỉ tiêu tổng hợp {code}");
    IndicatorDraft::parse(&code, &name, measure, direction, combine).unwrap()
}

/// How many communes each province has: the first 126 (Hà Nội's count), the rest spread evenly.
fn communes_per_province(provinces: usize, communes: usize) -> Vec<usize> {
    let first = 126.min(communes);
    let rest = provinces.saturating_sub(1).max(1);
    let left = communes - first;
    (0..provinces)
        .map(|p| match p {
            0 => first,
            p => left / rest + usize::from(p - 1 < left % rest),
        })
        .collect()
}

pub async fn generate(store: &Store, provinces: usize, communes: usize) -> Generated {
    let year = Year::new(YEAR).unwrap();
    let mut tx = store.begin("bench").await.unwrap();
    let account = tx
        .insert_user(
            &Username::parse("bench").unwrap(),
            "Bench",
            &NewPassword::parse("benchmark password").unwrap(),
        )
        .await
        .unwrap();
    tx.set_operator(&account, true).await.unwrap();
    let request = domain::credentials::TokenRequest::parse("bench", "write", &[], "").unwrap();
    let (_, token) = tx.create_api_token(account.id, &request).await.unwrap();
    let mut national = Vec::new();
    for i in 0..NATIONAL {
        let d = draft(format!("QG{:02}", i + 1), i);
        national.push(tx.insert_indicator(None, &d).await.unwrap());
    }
    tx.commit().await.unwrap();
    let mut generated = None;
    let mut made = 0;
    let mut targets = 0;
    for (p, count) in communes_per_province(provinces, communes)
        .into_iter()
        .enumerate()
    {
        let mut tx = store.begin("bench").await.unwrap();
        let (name, kind) = match p {
            0 => ("Hà Nội".to_string(), "thành phố"),
            p => (format!("Thử Nghiệm {:02}", p + 1), "tỉnh"),
        };
        let province = tx
            .insert_unit(&NewUnit {
                code: format!("{:02}", p + 1),
                name,
                kind: kind.into(),
                level: UnitLevel::Province,
                parent_id: None,
                valid_from: day(1976, 7, 2),
                valid_to: None,
                host: None,
            })
            .await
            .unwrap();
        if p == 0 {
            tx.set_setting(store::DEFAULT_UNIT, &province.id.to_string())
                .await
                .unwrap();
        }
        tx.set_unit(Some(province.id));
        let mut catalogue = national.clone();
        for i in 0..PROVINCIAL {
            let d = draft(format!("T{:02}", i + 1), i);
            catalogue.push(tx.insert_indicator(Some(province.id), &d).await.unwrap());
        }
        tx.commit().await.unwrap();
        for c in 0..count {
            let mut tx = store.begin("bench").await.unwrap();
            let commune = tx
                .insert_unit(&NewUnit {
                    code: format!("{:05}", 10_000 + made),
                    name: format!("Thử Nghiệm {:02}-{:03}", p + 1, c + 1),
                    kind: "xã".into(),
                    level: UnitLevel::Commune,
                    parent_id: Some(province.id),
                    valid_from: day(2025, 7, 1),
                    valid_to: None,
                    host: None,
                })
                .await
                .unwrap();
            tx.set_unit(Some(commune.id));
            let first = commune_year(&mut tx, &commune, &catalogue, made).await;
            // The province enters its communes' population and households.
            tx.set_unit(Some(province.id));
            let weights = UnitWeights {
                population: Some(Decimal::from(8_000 + (made % 50) * 400)),
                households: Some(Decimal::from(2_500 + (made % 50) * 120)),
            };
            tx.set_unit_weights(commune.id, year, weights).await.unwrap();
            tx.commit().await.unwrap();
            if p == 0 && c == 0 {
                generated = Some((province.slug.clone(), commune.slug.clone(), first));
            }
            made += 1;
            targets += catalogue.len();
        }
        eprintln!("rollups-bench: province {} of {provinces} written", p + 1);
    }
    let (province_slug, commune_slug, target_id) = generated.unwrap();
    Generated {
        province_slug,
        commune_slug,
        target_id,
        token,
        communes: made,
        targets,
    }
}

/// A commune's year: three bodies, a programme (one in ten still a draft) with eight contents,
/// a target for each indicator of the catalogue (one in ten not reported yet), and three
/// oversight activities each with a recommendation, one of them overdue. Returns the first target.
async fn commune_year(
    tx: &mut WriteTx,
    commune: &AdminUnit,
    catalogue: &[Indicator],
    n: usize,
) -> i64 {
    let mut bodies = Vec::new();
    for (i, (kind, name, short)) in [
        (BodyKind::PeoplesCouncil, "Hội đồng nhân dân", "HĐND"),
        (BodyKind::PeoplesCommittee, "Ủy ban nhân dân", "UBND"),
        (BodyKind::FatherlandFront, "Ủy ban MTTQ Việt Nam", "MTTQ"),
    ]
    .into_iter()
    .enumerate()
    {
        let full = format!("{name} {}", commune.full_name());
        let body = tx
            .insert_body(commune.id, kind, &full, short, None, i as i64)
            .await
            .unwrap();
        bodies.push(body.id);
    }
    let (council, committee) = (bodies[0], bodies[1]);
    let draft = n % 10 == 9;
    let programme = tx
        .insert_programme(&NewProgramme {
            unit_id: commune.id,
            year: Year::new(YEAR).unwrap(),
            title: format!("Chương trình phối hợp công tác năm {YEAR}"),
            status: if draft {
                ProgrammeStatus::Draft
            } else {
                ProgrammeStatus::Signed
            },
            party_ids: bodies.clone(),
            signed_on: (!draft).then(|| day(YEAR, 1, 16)),
            reviewed_on: None,
            review_summary: None,
        })
        .await
        .unwrap();
    for i in 0..8 {
        // Some contents done, some in progress, a few past their time frame.
        let (status, ends_on) = match (i + n) % 4 {
            0 => (ItemStatus::Done, day(YEAR, 6, 30)),
            1 => (ItemStatus::InProgress, day(YEAR, 3, 31)),
            _ => (ItemStatus::InProgress, day(YEAR, 12, 31)),
        };
        let lead = bodies[i % 3];
        let partners = bodies.iter().copied().filter(|b| *b != lead).collect();
        let frame = TimeFrame {
            starts_on: day(YEAR, 1, 1),
            ends_on,
        };
        let content = format!("Nội dung phối hợp số {} của chương trình năm {YEAR}.", i + 1);
        let item = ItemDraft::parse(&content, lead, partners, frame, status).unwrap();
        tx.insert_item(programme.id, i as i64 + 1, &item, &[])
            .await
            .unwrap();
    }
    let mut first = None;
    for (i, indicator) in catalogue.iter().enumerate() {
        let yes_no = indicator.direction == Direction::YesNo;
        let plan = if yes_no {
            Decimal::ONE
        } else {
            Decimal::from(80 + (i + n) % 20)
        };
        let actual = match (i + n) % 10 {
            0 => None,
            k if yes_no => Some(Decimal::from(u8::from(k > 2))),
            k => Some(plan + Decimal::from(k as i64 - 4)),
        };
        let t = tx
            .insert_target(
                programme.id,
                i as i64 + 1,
                &NewTarget {
                    name: indicator.name.clone(),
                    measure: indicator.measure.clone(),
                    direction: indicator.direction,
                    plan,
                    actual,
                    reporting_body_id: Some(committee),
                    illustrative: true,
                    note: None,
                },
            )
            .await
            .unwrap();
        tx.link_target(t.id, Some(indicator.id)).await.unwrap();
        first.get_or_insert(t.id);
    }
    for i in 0..3u32 {
        let o = tx
            .insert_oversight(&NewOversight {
                unit_id: commune.id,
                kind: OversightKind::ThematicSupervision,
                title: format!("Giám sát chuyên đề số {} năm {YEAR}", i + 1),
                conducted_by: council,
                subject_body_ids: vec![committee],
                other_subjects: None,
                starts_on: day(YEAR, 3, 1 + i),
                ends_on: None,
                team: Vec::new(),
                documents: Vec::new(),
                item_ids: Vec::new(),
                findings: None,
                public: true,
            })
            .await
            .unwrap();
        tx.insert_recommendation(&NewRecommendation {
            oversight_id: o.id,
            content: format!("Kiến nghị số {} sau giám sát", i + 1),
            responsible_body_id: committee,
            // The first is overdue by the middle of the year.
            deadline: Some(if i == 0 {
                day(YEAR, 5, 31)
            } else {
                day(YEAR, 12, 31)
            }),
            status: RecommendationStatus::Open,
            public: true,
        })
        .await
        .unwrap();
    }
    first.unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_communes_add_up_to_the_count_asked_with_hanoi_first() {
        let split = communes_per_province(34, 3_321);
        assert_eq!(split.len(), 34);
        assert_eq!(split[0], 126);
        assert_eq!(split.iter().sum::<usize>(), 3_321);
    }
}
