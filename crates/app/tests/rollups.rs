//! The province's roll-up at the use cases' level, on every engine: the city keeps its catalogue,
//! its wards link their targets to it, and what the city's staff and the public count follows the
//! read rule (a ward's draft programme counts for the staff only).

use app::{App, AppError, Viewer};
use domain::indicator::IndicatorDraft;
use domain::programme::{ProgrammeStatus, Year};
use domain::target::TargetDraft;
use store::demo::{CITY_SLUG, NGHIA_DO_SLUG, WARD_SLUG};
use store::testing::fresh_stores;

async fn demo_apps() -> Vec<App> {
    let mut apps = Vec::new();
    for store in fresh_stores().await {
        store::demo::load(&store).await.expect("the demo loads");
        apps.push(App::new(store));
    }
    apps
}

async fn viewer(app: &App, username: Option<&str>, unit_slug: &str) -> Viewer {
    let actor = match username {
        Some(name) => {
            let account = app.account_named(name).await.expect("a demo account");
            app.store().actor(account.id).await.unwrap()
        }
        None => None,
    };
    let unit = app.directory().await.unwrap().by_slug(unit_slug).cloned();
    app.viewer(unit.expect("a demo unit"), actor).await.unwrap()
}

fn year() -> Year {
    Year::new(2026).unwrap()
}

fn bhyt() -> IndicatorDraft {
    IndicatorDraft::parse("BHYT", "Tỷ lệ dân số tham gia BHYT", "%", "higher", "sum").unwrap()
}

/// The city's BHYT indicator, Cầu Giấy's first 2026 target linked to it (a signed programme),
/// and a new target of Nghĩa Đô's draft programme linked too.
async fn linked_city(app: &App) -> (domain::indicator::Indicator, i64, i64) {
    let city = viewer(app, Some("hn.quantri"), CITY_SLUG).await;
    let indicator = app.create_indicator(&city, &bhyt()).await.unwrap();

    let cau_giay = viewer(app, Some("pcg.quantri"), WARD_SLUG).await;
    let p = app.programme(&cau_giay, year()).await.unwrap();
    let signed = app.store().targets(p.id).await.unwrap()[0].id;
    app.link_target(&cau_giay, signed, Some(indicator.id))
        .await
        .unwrap();

    let nghia_do = viewer(app, Some("nd.quantri"), NGHIA_DO_SLUG).await;
    // Nghĩa Đô's programme of 2026 is still a draft in the demo.
    let draft_programme = app.programme(&nghia_do, year()).await.unwrap();
    assert_eq!(draft_programme.status, ProgrammeStatus::Draft);
    let draft = TargetDraft::parse("", "Tỷ lệ BHYT", "%", "higher", "95", "96", None, "").unwrap();
    let target = app.add_target(&nghia_do, year(), &draft).await.unwrap();
    app.link_target(&nghia_do, target.id, Some(indicator.id))
        .await
        .unwrap();
    (indicator, signed, target.id)
}

#[tokio::test]
async fn the_citys_staff_count_a_wards_draft_programme_and_the_public_does_not() {
    for app in demo_apps().await {
        let (indicator, _, _) = linked_city(&app).await;
        let engine = app.store().engine().name();

        let staff = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        let roll = app.roll_up(&staff, year()).await.unwrap();
        let bhyt = roll
            .indicators
            .iter()
            .find(|i| i.indicator.id == indicator.id)
            .unwrap();
        assert_eq!(bhyt.roll.units, 2, "{engine}");

        let public = viewer(&app, None, CITY_SLUG).await;
        let roll = app.roll_up(&public, year()).await.unwrap();
        let bhyt = roll
            .indicators
            .iter()
            .find(|i| i.indicator.id == indicator.id)
            .unwrap();
        assert_eq!(bhyt.roll.units, 1, "{engine}: the draft stays out");
        let counted = bhyt.roll.behind.iter().chain(&bhyt.roll.not_reporting);
        let nghia_do = app
            .directory()
            .await
            .unwrap()
            .by_slug(NGHIA_DO_SLUG)
            .unwrap()
            .id;
        assert!(counted.clone().all(|u| *u != nghia_do), "{engine}");
    }
}

#[tokio::test]
async fn a_wards_new_actual_shows_in_the_citys_roll_up_at_once() {
    for app in demo_apps().await {
        let (indicator, _, nghia_do_target) = linked_city(&app).await;
        let staff = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        let before = app.roll_up(&staff, year()).await.unwrap();
        let combined = |r: &app::rollups::ProvinceRollUp| {
            let i = r.indicators.iter().find(|i| i.indicator.id == indicator.id);
            i.and_then(|i| i.roll.combined.clone()).unwrap()
        };
        let nghia_do = viewer(&app, Some("nd.quantri"), NGHIA_DO_SLUG).await;
        let changed =
            TargetDraft::parse("", "Tỷ lệ BHYT", "%", "higher", "95", "90", None, "").unwrap();
        app.update_target(&nghia_do, nghia_do_target, &changed, false)
            .await
            .unwrap();
        let after = app.roll_up(&staff, year()).await.unwrap();
        let (b, a) = (combined(&before), combined(&after));
        assert_eq!(
            a.actual.unwrap() - b.actual.unwrap(),
            rust_decimal::Decimal::from(-6),
            "{}",
            app.store().engine().name()
        );
    }
}

#[tokio::test]
async fn only_the_citys_administrator_keeps_its_catalogue() {
    for app in demo_apps().await {
        // A ward's administrator, even below the city, writes nothing of the city's.
        let ward_admin_at_city = viewer(&app, Some("pcg.quantri"), CITY_SLUG).await;
        let refused = app.create_indicator(&ward_admin_at_city, &bhyt()).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden(_))),
            "{refused:?}"
        );
        let anonymous = viewer(&app, None, CITY_SLUG).await;
        let refused = app.create_indicator(&anonymous, &bhyt()).await;
        assert!(
            matches!(refused, Err(AppError::Unauthorized)),
            "{refused:?}"
        );
        assert!(app
            .indicators(&viewer(&app, None, CITY_SLUG).await)
            .await
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn a_ward_links_only_its_own_targets_and_only_to_indicators_it_is_offered() {
    for app in demo_apps().await {
        let (indicator, signed, _) = linked_city(&app).await;
        let engine = app.store().engine().name();
        // Nghĩa Đô's clerk, naming Cầu Giấy's target, finds nothing.
        let nghia_do = viewer(&app, Some("nd.quantri"), NGHIA_DO_SLUG).await;
        let foreign = app.link_target(&nghia_do, signed, None).await;
        assert!(
            matches!(foreign, Err(AppError::NotFound)),
            "{engine}: {foreign:?}"
        );

        // An indicator the ward is not offered (kept by the ward itself is no province's) is a
        // field error, and the link stays as it was.
        let cau_giay = viewer(&app, Some("pcg.quantri"), WARD_SLUG).await;
        let unknown = app
            .link_target(&cau_giay, signed, Some(indicator.id + 1000))
            .await;
        match unknown {
            Err(AppError::Invalid(e)) => assert!(!e.at("indicator_id").is_empty()),
            other => panic!("{engine}: {other:?}"),
        }
        let p = app.programme(&cau_giay, year()).await.unwrap();
        let links = app
            .store()
            .target_links(cau_giay.unit_id(), p.id)
            .await
            .unwrap();
        assert_eq!(links.get(&signed), Some(&indicator.id), "{engine}");
    }
}
