//! The province's roll-up at the use cases' level, on every engine: the city keeps its catalogue,
//! its wards link their targets to it, and what the city's staff and the public count follows the
//! read rule (a ward's draft programme counts for the staff only).

use app::rollups::ProvinceRollUp;
use app::{App, AppError, Viewer};
use domain::indicator::{Indicator, IndicatorDraft, RollUp};
use domain::programme::{ProgrammeStatus, Year};
use domain::target::Target;
use domain::target::TargetDraft;
use rust_decimal::Decimal;
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

fn new_indicator() -> IndicatorDraft {
    IndicatorDraft::parse(
        "NEW01",
        "Tỷ lệ trẻ em tiêm chủng đủ mũi",
        "%",
        "higher",
        "sum",
    )
    .unwrap()
}

/// The demo's waste-sorting indicator of Hà Nội, Cầu Giấy's target linked to it (a signed
/// programme) and Nghĩa Đô's (a draft, not yet reported).
async fn waste_sorting(app: &App) -> (Indicator, Target, Target) {
    let public = viewer(app, None, CITY_SLUG).await;
    let indicator = app
        .indicators(&public)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.code.as_str() == "PLRAC")
        .expect("the demo's catalogue");
    let mut linked = Vec::new();
    for (admin, slug) in [("pcg.quantri", WARD_SLUG), ("nd.quantri", NGHIA_DO_SLUG)] {
        let ward = viewer(app, Some(admin), slug).await;
        let p = app.programme(&ward, year()).await.unwrap();
        let links = app
            .store()
            .target_links(ward.unit_id(), p.id)
            .await
            .unwrap();
        let targets = app.store().targets(p.id).await.unwrap();
        let target = targets
            .into_iter()
            .find(|t| links.get(&t.id) == Some(&indicator.id))
            .expect("a linked target");
        linked.push((target, p.status));
    }
    let (nghia_do, status) = linked.pop().unwrap();
    assert_eq!(status, ProgrammeStatus::Draft);
    let (cau_giay, status) = linked.pop().unwrap();
    assert_ne!(status, ProgrammeStatus::Draft);
    (indicator, cau_giay, nghia_do)
}

fn roll_of(roll: &ProvinceRollUp, indicator: &Indicator) -> RollUp {
    roll.indicators
        .iter()
        .find(|i| i.indicator.id == indicator.id)
        .map(|i| i.roll.clone())
        .unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[tokio::test]
async fn the_citys_staff_count_a_wards_draft_programme_and_the_public_does_not() {
    for app in demo_apps().await {
        let (indicator, _, nghia_do) = waste_sorting(&app).await;
        let engine = app.store().engine().name();

        let staff = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        let counted = roll_of(&app.roll_up(&staff, year()).await.unwrap(), &indicator);
        assert_eq!(counted.units, 2, "{engine}");
        assert_eq!(
            counted.not_reported, 1,
            "{engine}: Nghĩa Đô's draft, not yet reported"
        );

        let public = viewer(&app, None, CITY_SLUG).await;
        let counted = roll_of(&app.roll_up(&public, year()).await.unwrap(), &indicator);
        assert_eq!(counted.units, 1, "{engine}: the draft stays out");
        assert_eq!(counted.not_reported, 0, "{engine}");
        assert!(!counted.not_reporting.contains(&nghia_do.id));
    }
}

#[tokio::test]
async fn a_wards_new_actual_shows_in_the_citys_roll_up_at_once() {
    for app in demo_apps().await {
        let (indicator, _, target) = waste_sorting(&app).await;
        let engine = app.store().engine().name();
        let staff = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        let before = roll_of(&app.roll_up(&staff, year()).await.unwrap(), &indicator);
        // Cầu Giấy's 38 % alone, before Nghĩa Đô reports.
        assert_eq!(before.combined.unwrap().actual, Some(d("38")), "{engine}");

        let nghia_do = viewer(&app, Some("nd.quantri"), NGHIA_DO_SLUG).await;
        let reported = TargetDraft::parse(
            &target.code,
            &target.name,
            "%",
            "higher",
            "60",
            "45",
            target.reporting_body_id,
            "",
        )
        .unwrap();
        app.update_target(&nghia_do, target.id, &reported, false)
            .await
            .unwrap();

        let after = roll_of(&app.roll_up(&staff, year()).await.unwrap(), &indicator);
        assert_eq!(after.not_reported, 0, "{engine}");
        // Weighed by households: (38 × 23,500 + 45 × 19,800) / 43,300.
        assert_eq!(after.combined.unwrap().actual, Some(d("41.2")), "{engine}");
    }
}

#[tokio::test]
async fn only_the_citys_administrator_keeps_its_catalogue() {
    for app in demo_apps().await {
        // A ward's administrator, even below the city, writes nothing of the city's.
        let ward_admin_at_city = viewer(&app, Some("pcg.quantri"), CITY_SLUG).await;
        let refused = app
            .create_indicator(&ward_admin_at_city, &new_indicator())
            .await;
        assert!(
            matches!(refused, Err(AppError::Forbidden(_))),
            "{refused:?}"
        );
        let anonymous = viewer(&app, None, CITY_SLUG).await;
        let refused = app.create_indicator(&anonymous, &new_indicator()).await;
        assert!(
            matches!(refused, Err(AppError::Unauthorized)),
            "{refused:?}"
        );
        assert_eq!(app.indicators(&anonymous).await.unwrap().len(), 5);

        let admin = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        let kept = app
            .create_indicator(&admin, &new_indicator())
            .await
            .unwrap();
        assert_eq!(kept.unit_id, Some(admin.unit_id()));
        // The wards below are offered it.
        let ward = viewer(&app, None, WARD_SLUG).await;
        assert!(app.indicators(&ward).await.unwrap().contains(&kept));
    }
}

#[tokio::test]
async fn a_ward_links_only_its_own_targets_and_only_to_indicators_it_is_offered() {
    for app in demo_apps().await {
        let (indicator, cau_giay_target, _) = waste_sorting(&app).await;
        let engine = app.store().engine().name();
        // Nghĩa Đô's administrator, naming Cầu Giấy's target, finds nothing.
        let nghia_do = viewer(&app, Some("nd.quantri"), NGHIA_DO_SLUG).await;
        let foreign = app.link_target(&nghia_do, cau_giay_target.id, None).await;
        assert!(
            matches!(foreign, Err(AppError::NotFound)),
            "{engine}: {foreign:?}"
        );

        // An indicator the ward is not offered is a field error, and the link stays.
        let cau_giay = viewer(&app, Some("pcg.quantri"), WARD_SLUG).await;
        let unknown = app
            .link_target(&cau_giay, cau_giay_target.id, Some(indicator.id + 1000))
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
        assert_eq!(
            links.get(&cau_giay_target.id),
            Some(&indicator.id),
            "{engine}"
        );
    }
}

#[tokio::test]
async fn twenty_saves_of_the_wards_weights_at_once_all_hold() {
    for app in demo_apps().await {
        let admin = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        let wards: Vec<i64> = app
            .weights(&admin, year())
            .await
            .unwrap()
            .into_iter()
            .map(|(u, _)| u.id)
            .collect();
        let mut saves = tokio::task::JoinSet::new();
        for n in 0..20u32 {
            let (app, admin, wards) = (app.clone(), admin.clone(), wards.clone());
            saves.spawn(async move {
                let weights = store::indicators::UnitWeights {
                    population: Some(Decimal::from(60_000 + n)),
                    households: Some(Decimal::from(20_000 + n)),
                };
                let entries: Vec<_> = wards.iter().map(|w| (*w, weights)).collect();
                app.set_weights(&admin, year(), &entries).await
            });
        }
        while let Some(saved) = saves.join_next().await {
            saved
                .unwrap()
                .unwrap_or_else(|e| panic!("{}: {e:?}", app.store().engine().name()));
        }
        let kept = app.weights(&admin, year()).await.unwrap();
        assert!(kept.iter().all(|(_, w)| w.population.is_some()));
    }
}

#[tokio::test]
async fn the_national_roll_up_counts_the_nations_indicators_over_every_province_as_read() {
    for app in demo_apps().await {
        let operator = app.account_named("hethong").await.unwrap();
        let operator = app.store().actor(operator.id).await.unwrap().unwrap();
        let public = app.national_roll_up(None, year()).await.unwrap();
        let all = app.national_roll_up(Some(&operator), year()).await.unwrap();
        // The two wards of the demo, under the one province in force.
        assert_eq!(public.communes, 2);
        assert_eq!(public.provinces.len(), 1);
        let hanoi = &public.provinces[0];
        assert_eq!(hanoi.unit.slug, CITY_SLUG);
        assert_eq!(hanoi.communes, 2);
        // Nghĩa Đô's draft is the operator's to count, never the public's.
        assert_eq!(hanoi.programmes, 1);
        assert_eq!(all.provinces[0].programmes, 2);
        assert_eq!(
            hanoi.targets.total, 6,
            "Cầu Giấy's six targets of its signed programme"
        );
        assert_eq!(all.provinces[0].targets.total, 7);
        // Only the installation's own indicators: health insurance, not the city's waste sorting.
        let codes: Vec<&str> = public
            .indicators
            .iter()
            .map(|i| i.indicator.code.as_str())
            .collect();
        assert_eq!(codes, ["BHYT"]);
        assert_eq!(public.indicators[0].roll.units, 1);
    }
}

#[tokio::test]
async fn the_city_asks_each_ward_that_has_not_reported_once_a_day() {
    for app in demo_apps().await {
        let city = viewer(&app, Some("hn.quantri"), CITY_SLUG).await;
        // Cầu Giấy has not reported health insurance; Nghĩa Đô (a draft) not waste sorting.
        let first = app.remind_unreported(&city, year()).await.unwrap();
        assert_eq!((first.recorded, first.already), (2, 0));
        let again = app.remind_unreported(&city, year()).await.unwrap();
        assert_eq!((again.recorded, again.already), (0, 2));
        let ward = viewer(&app, Some("pcg.quantri"), WARD_SLUG).await;
        let digests = app.digests(&ward, 10).await.unwrap();
        let request = digests
            .iter()
            .find(|d| d.kind == domain::reminder::ReminderKind::Report)
            .expect("the ward's committee has the request");
        assert!(
            request
                .subject
                .contains("Thành phố Hà Nội đề nghị báo cáo 1 chỉ tiêu năm 2026"),
            "{}",
            request.subject
        );
        assert!(request
            .text
            .contains("BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế"));
        // A ward's clerk asks no one: the request is the province's.
        let clerk = viewer(&app, Some("pcg.cv.ubnd"), CITY_SLUG).await;
        assert!(matches!(
            app.remind_unreported(&clerk, year()).await,
            Err(AppError::Forbidden(_))
        ));
    }
}
