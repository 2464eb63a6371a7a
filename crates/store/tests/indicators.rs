//! The indicator catalogue on both engines: a province's indicators and the national ones, codes
//! unique to their keeper, weights of a year, and the communes' linked targets read in one query.

use domain::indicator::{Combine, IndicatorDraft};
use domain::programme::{ProgrammeStatus, Year};
use domain::target::Direction;
use rust_decimal::Decimal;
use store::indicators::UnitWeights;
use store::testing::{add_unit, fresh_stores};
use store::{NewProgramme, NewTarget, Store};

fn draft(code: &str, combine: &str) -> IndicatorDraft {
    IndicatorDraft::parse(code, "Tỷ lệ dân số tham gia BHYT", "%", "higher", combine).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A target of a commune's programme of 2026 (made with `status` when the commune has none),
/// linked to `indicator` when given.
async fn target_of(
    store: &Store,
    unit_id: i64,
    status: ProgrammeStatus,
    actual: Option<&str>,
    indicator: Option<i64>,
) -> i64 {
    let year = Year::new(2026).unwrap();
    let existing = store.programme(unit_id, year).await.unwrap();
    let mut tx = store.begin_for("test", unit_id).await.unwrap();
    let p = match existing {
        Some(p) => p,
        None => tx
            .insert_programme(&NewProgramme {
                unit_id,
                year: Year::new(2026).unwrap(),
                title: "Chương trình phối hợp năm 2026".into(),
                status,
                party_ids: vec![],
                signed_on: None,
                reviewed_on: None,
                review_summary: None,
            })
            .await
            .unwrap(),
    };
    let position = store.targets(p.id).await.unwrap().len() as i64 + 1;
    let t = tx
        .insert_target(
            p.id,
            position,
            &NewTarget {
                name: "Tỷ lệ BHYT".into(),
                measure: "%".into(),
                direction: Direction::HigherIsBetter,
                plan: d("95"),
                actual: actual.map(d),
                reporting_body_id: None,
                illustrative: false,
                note: None,
            },
        )
        .await
        .unwrap();
    tx.link_target(t.id, indicator).await.unwrap();
    tx.commit().await.unwrap();
    t.id
}

#[tokio::test]
async fn a_province_sees_its_own_indicators_and_the_national_ones_never_a_sisters() {
    for store in fresh_stores().await {
        let hanoi = add_unit(&store, "thành phố", "Hà Nội", None).await.unwrap();
        let hue = add_unit(&store, "thành phố", "Huế", None).await.unwrap();
        let mut tx = store.begin("test").await.unwrap();
        let national = tx
            .insert_indicator(None, &draft("QG01", "sum"))
            .await
            .unwrap();
        let own = tx
            .insert_indicator(Some(hanoi.id), &draft("bhyt", "mean_by_population"))
            .await
            .unwrap();
        tx.insert_indicator(Some(hue.id), &draft("HUE01", "sum"))
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let seen = store.indicators_kept_by(&[hanoi.id]).await.unwrap();
        let codes: Vec<&str> = seen.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["BHYT", "QG01"], "{:?}", store.engine());
        assert_eq!(
            seen[0].combine,
            Combine::WeightedMean(domain::indicator::Weight::Population)
        );
        assert_eq!(
            store.indicator(Some(hanoi.id), own.id).await.unwrap(),
            Some(own.clone())
        );
        // Looked up as another keeper's, it is not found.
        assert_eq!(store.indicator(Some(hue.id), own.id).await.unwrap(), None);
        assert_eq!(store.indicator(None, own.id).await.unwrap(), None);
        assert_eq!(
            store.indicator(None, national.id).await.unwrap(),
            Some(national)
        );
    }
}

#[tokio::test]
async fn a_code_is_unique_to_its_keeper_and_a_second_one_is_a_field_error() {
    for store in fresh_stores().await {
        let hanoi = add_unit(&store, "thành phố", "Hà Nội", None).await.unwrap();
        let hue = add_unit(&store, "thành phố", "Huế", None).await.unwrap();
        let mut tx = store.begin("test").await.unwrap();
        let first = tx
            .insert_indicator(Some(hanoi.id), &draft("BHYT", "sum"))
            .await
            .unwrap();
        // Another province may use the same code for its own.
        tx.insert_indicator(Some(hue.id), &draft("BHYT", "sum"))
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let mut tx = store.begin("test").await.unwrap();
        let err = tx
            .insert_indicator(Some(hanoi.id), &draft("bhyt", "sum"))
            .await
            .unwrap_err();
        match err {
            store::StoreError::Invalid(e) => assert!(e.at("code").contains("BHYT")),
            other => panic!("{:?}: {other}", store.engine()),
        }
        drop(tx);

        let mut tx = store.begin("test").await.unwrap();
        let changed = tx
            .update_indicator(&first, &draft("BHYT-2", "count_met"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            store.indicator(Some(hanoi.id), first.id).await.unwrap(),
            Some(changed)
        );
        let history = store
            .history(hanoi.id, domain::entity::Entity::Indicator, first.id)
            .await
            .unwrap();
        assert_eq!(history.len(), 2, "created, then changed");
    }
}

#[tokio::test]
async fn the_communes_linked_targets_come_back_with_their_programmes_state() {
    for store in fresh_stores().await {
        let hanoi = add_unit(&store, "thành phố", "Hà Nội", None).await.unwrap();
        let nghia_do = add_unit(&store, "phường", "Nghĩa Đô", Some(hanoi.id))
            .await
            .unwrap();
        let cau_giay = add_unit(&store, "phường", "Cầu Giấy", Some(hanoi.id))
            .await
            .unwrap();
        let mut tx = store.begin("test").await.unwrap();
        let bhyt = tx
            .insert_indicator(Some(hanoi.id), &draft("BHYT", "mean_by_population"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let linked = target_of(
            &store,
            nghia_do.id,
            ProgrammeStatus::Signed,
            Some("96.5"),
            Some(bhyt.id),
        )
        .await;
        target_of(
            &store,
            cau_giay.id,
            ProgrammeStatus::Draft,
            None,
            Some(bhyt.id),
        )
        .await;
        // A target of its own, not linked, stays out.
        target_of(&store, cau_giay.id, ProgrammeStatus::Draft, Some("1"), None).await;

        let year = Year::new(2026).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let linked_of = |units: Vec<i64>, year: Year| {
            let store = store.clone();
            async move {
                store
                    .units_year(&units, &[bhyt.id], year, day)
                    .await
                    .unwrap()
                    .linked
            }
        };
        let rows = linked_of(vec![nghia_do.id, cau_giay.id], year).await;
        assert_eq!(rows.len(), 2, "{:?}", store.engine());
        let nd = rows.iter().find(|r| r.unit_id == nghia_do.id).unwrap();
        assert_eq!(
            (nd.target_id, nd.indicator_id, nd.plan, nd.actual),
            (linked, bhyt.id, d("95"), Some(d("96.5")))
        );
        assert_eq!(nd.programme_status, ProgrammeStatus::Signed);
        let cg = rows.iter().find(|r| r.unit_id == cau_giay.id).unwrap();
        assert_eq!(
            (cg.programme_status, cg.actual),
            (ProgrammeStatus::Draft, None)
        );
        assert!(!cg.signed_before);
        // A target linked to an indicator not asked for stays out.
        let mut tx = store.begin("test").await.unwrap();
        let revenue = tx
            .insert_indicator(Some(hanoi.id), &draft("THUNS", "sum"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        target_of(
            &store,
            nghia_do.id,
            ProgrammeStatus::Signed,
            Some("120"),
            Some(revenue.id),
        )
        .await;
        assert_eq!(
            linked_of(vec![nghia_do.id, cau_giay.id], year).await.len(),
            2
        );
        // Another year has nothing.
        let other = linked_of(vec![nghia_do.id], Year::new(2025).unwrap()).await;
        assert!(other.is_empty());

        // Unlinked, the target leaves the roll-up.
        let mut tx = store.begin_for("test", nghia_do.id).await.unwrap();
        tx.link_target(linked, None).await.unwrap();
        tx.commit().await.unwrap();
        assert!(linked_of(vec![nghia_do.id], year).await.is_empty());
    }
}

#[tokio::test]
async fn a_units_weights_of_a_year_replace_the_ones_before() {
    for store in fresh_stores().await {
        let hanoi = add_unit(&store, "thành phố", "Hà Nội", None).await.unwrap();
        let ward = add_unit(&store, "phường", "Nghĩa Đô", Some(hanoi.id))
            .await
            .unwrap();
        let year = Year::new(2026).unwrap();
        for population in ["41000", "42150"] {
            let mut tx = store.begin("test").await.unwrap();
            tx.set_unit_weights(
                ward.id,
                year,
                UnitWeights {
                    population: Some(d(population)),
                    households: None,
                },
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
        let weights = store
            .unit_weights(&[ward.id, hanoi.id], year)
            .await
            .unwrap();
        assert_eq!(weights.len(), 1);
        assert_eq!(weights[&ward.id].population, Some(d("42150")));
        assert_eq!(weights[&ward.id].households, None);
        assert!(store
            .unit_weights(&[ward.id], Year::new(2025).unwrap())
            .await
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn a_year_of_many_units_is_summed_up_unit_by_unit() {
    for store in fresh_stores().await {
        store::demo::load(&store).await.unwrap();
        let units = store.units().await.unwrap();
        let id = |slug: &str| units.iter().find(|u| u.slug.as_str() == slug).unwrap().id;
        let (cau_giay, nghia_do) = (id(store::demo::WARD_SLUG), id(store::demo::NGHIA_DO_SLUG));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let years = store
            .units_year(&[cau_giay, nghia_do], &[], Year::new(2026).unwrap(), today)
            .await
            .unwrap()
            .years;
        let of = |unit| years.iter().find(|y| y.unit_id == unit).unwrap();
        let cg = of(cau_giay);
        assert_eq!(
            cg.programme_status,
            ProgrammeStatus::Signed,
            "{:?}",
            store.engine()
        );
        assert_eq!((cg.targets.total, cg.items.total), (6, 5));
        assert_eq!(
            cg.targets.pending, 1,
            "the health-insurance figure is not in yet"
        );
        // Every content ends with the year: none is late on 7 December.
        assert_eq!(cg.items.late, 0);
        let nd = of(nghia_do);
        assert_eq!(nd.programme_status, ProgrammeStatus::Draft);
        assert_eq!((nd.targets.total, nd.items.total), (1, 2));
        // On the first day of the next year, what is not done is late.
        let next_year = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let later = store
            .units_year(&[nghia_do], &[], Year::new(2026).unwrap(), next_year)
            .await
            .unwrap()
            .years;
        assert_eq!(later[0].items.late, 2);
        // A unit without a programme that year is absent; overdue recommendations are the
        // units' own.
        assert!(store
            .units_year(&[nghia_do], &[], Year::new(2024).unwrap(), today)
            .await
            .unwrap()
            .years
            .is_empty());
        let overdue = store
            .overdue_recommendations(&[cau_giay, nghia_do], next_year)
            .await
            .unwrap();
        assert!(overdue
            .iter()
            .all(|o| o.unit_id == cau_giay || o.unit_id == nghia_do));
    }
}

#[tokio::test]
async fn a_programme_counts_toward_an_indicator_through_one_target_even_unchecked() {
    for store in fresh_stores().await {
        let hanoi = add_unit(&store, "thành phố", "Hà Nội", None).await.unwrap();
        let ward = add_unit(&store, "phường", "Nghĩa Đô", Some(hanoi.id))
            .await
            .unwrap();
        let mut tx = store.begin("test").await.unwrap();
        let bhyt = tx
            .insert_indicator(Some(hanoi.id), &draft("BHYT", "sum"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        target_of(
            &store,
            ward.id,
            ProgrammeStatus::Signed,
            None,
            Some(bhyt.id),
        )
        .await;
        let second = target_of(&store, ward.id, ProgrammeStatus::Signed, None, None).await;
        // As two saves would find it, each having checked before the other wrote.
        let mut tx = store.begin_for("test", ward.id).await.unwrap();
        match tx.link_target(second, Some(bhyt.id)).await {
            Err(store::StoreError::Invalid(e)) => assert!(!e.at("indicator_id").is_empty()),
            other => panic!("{:?}: {other:?}", store.engine()),
        }
    }
}
