//! Every route the router serves, walked anonymously while a record of each kind is private: the
//! routes come from the router itself, so a route added later is walked without editing this test.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, TestApp};
use domain::article::ArticleDraft;
use domain::oversight::{OversightDraft, OversightInput, RecommendationDraft};
use domain::programme::{ItemDraft, ItemStatus, ProgrammeStatus, TimeFrame, Year};
use domain::target::Direction;
use rust_decimal::Decimal;

/// The year of the draft programme.
const YEAR: i32 = 2030;

/// A private record: its kind as the change log names it, its id, its slug when it has one, and
/// a text that only it holds.
struct Private {
    entity: &'static str,
    id: i64,
    slug: Option<String>,
    secret: String,
}

/// The highest id any record of the demo has, in any table a path can name: private records are
/// created above it, so that an id in a path names one record of one kind only.
async fn highest_public_id(app: &TestApp) -> i64 {
    let mut highest = 0;
    for table in [
        "units",
        "bodies",
        "people",
        "posts",
        "terms",
        "memberships",
        "programmes",
        "programme_items",
        "targets",
        "budget_lines",
        "meetings",
        "oversights",
        "recommendations",
        "articles",
        "categories",
        "users",
        "signing_keys",
        "programme_signatures",
    ] {
        let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
            .fetch_one(app.store.db_read())
            .await
            .unwrap();
        highest = highest.max(max.unwrap_or(0));
    }
    highest
}

/// Create records with `make` until one has an id above `floor`; the earlier ones are private too.
async fn above<F, Fut>(floor: i64, mut make: F) -> i64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = i64>,
{
    loop {
        let id = make().await;
        if id > floor {
            return id;
        }
    }
}

async fn private_records(app: &TestApp) -> Vec<Private> {
    let floor = highest_public_id(app).await;
    let store = &app.store;
    let unit = store.default_unit().await.unwrap();
    let bodies = store.bodies(unit.id).await.unwrap();
    let council = bodies
        .iter()
        .find(|b| b.kind == domain::body::BodyKind::PeoplesCouncil)
        .unwrap();
    let mut out = Vec::new();

    // Programmes are one a year: drafts of later years take the ids up to the floor first.
    let new_programme = |year: i32, title: &str| store::NewProgramme {
        unit_id: unit.id,
        year: Year::new(year).unwrap(),
        title: title.into(),
        status: ProgrammeStatus::Draft,
        party_ids: vec![council.id],
        signed_on: None,
        reviewed_on: None,
        review_summary: None,
    };
    let mut later = 2031;
    above(floor - 1, || {
        later += 1;
        let new = new_programme(later, "Dự thảo năm sau");
        async move {
            let mut tx = store.begin("test").await.unwrap();
            let p = tx.insert_programme(&new).await.unwrap();
            tx.commit().await.unwrap();
            p.id
        }
    })
    .await;
    let mut tx = store.begin("test").await.unwrap();
    let programme = tx
        .insert_programme(&store::NewProgramme {
            unit_id: unit.id,
            year: Year::new(YEAR).unwrap(),
            title: "Chương trình dự thảo BÍMẬT-CHƯƠNG-TRÌNH".into(),
            status: ProgrammeStatus::Draft,
            party_ids: vec![council.id],
            signed_on: None,
            reviewed_on: None,
            review_summary: None,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    out.push(Private {
        entity: "programme",
        id: programme.id,
        slug: None,
        secret: "BÍMẬT-CHƯƠNG-TRÌNH".into(),
    });

    let item = above(floor, || async {
        let mut tx = store.begin("test").await.unwrap();
        let draft = ItemDraft::parse(
            "Nội dung BÍMẬT-NỘI-DUNG",
            council.id,
            vec![],
            TimeFrame::new(
                chrono::NaiveDate::from_ymd_opt(YEAR, 1, 1).unwrap(),
                chrono::NaiveDate::from_ymd_opt(YEAR, 12, 31).unwrap(),
            )
            .unwrap(),
            ItemStatus::NotStarted,
        )
        .unwrap();
        let i = tx.insert_item(programme.id, 1, &draft, &[]).await.unwrap();
        tx.commit().await.unwrap();
        i.id
    })
    .await;
    out.push(Private {
        entity: "programme_item",
        id: item,
        slug: None,
        secret: "BÍMẬT-NỘI-DUNG".into(),
    });

    let target = above(floor, || async {
        let mut tx = store.begin("test").await.unwrap();
        let t = tx
            .insert_target(
                programme.id,
                1,
                &store::NewTarget {
                    name: "Chỉ tiêu BÍMẬT-CHỈ-TIÊU".into(),
                    measure: "%".into(),
                    direction: Direction::HigherIsBetter,
                    plan: Decimal::new(7, 0),
                    actual: None,
                    reporting_body_id: Some(council.id),
                    illustrative: false,
                    note: None,
                },
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        t.id
    })
    .await;
    out.push(Private {
        entity: "target",
        id: target,
        slug: None,
        secret: "BÍMẬT-CHỈ-TIÊU".into(),
    });

    let meeting = above(floor, || async {
        let mut tx = store.begin("test").await.unwrap();
        let m = tx
            .insert_meeting(&store::NewMeeting {
                unit_id: unit.id,
                kind: domain::meeting::MeetingKind::Working,
                title: "Họp BÍMẬT-HỘI-NGHỊ".into(),
                starts_at: chrono::Utc::now(),
                ends_at: None,
                venue: "Phòng họp".into(),
                programme_id: None,
                attendees: vec![],
                chair: None,
                secretary: None,
                agenda: vec![],
                minutes: Some("Biên bản BÍMẬT-HỘI-NGHỊ".into()),
                minutes_published: true,
                documents: vec![],
                public: false,
            })
            .await
            .unwrap();
        tx.commit().await.unwrap();
        m.id
    })
    .await;
    out.push(Private {
        entity: "meeting",
        id: meeting,
        slug: None,
        secret: "BÍMẬT-HỘI-NGHỊ".into(),
    });

    let oversight_draft = OversightDraft::parse(&OversightInput {
        kind: "thematic_supervision",
        title: "Giám sát BÍMẬT-GIÁM-SÁT",
        conducted_by: Some((council.id, council.kind)),
        subject_body_ids: vec![],
        other_subjects: "các tổ dân phố",
        starts_on: "2021-03-01",
        ends_on: "",
        team: "",
        documents: "",
        item_ids: vec![],
        findings: "",
        public: false,
    })
    .unwrap();
    let oversight = above(floor, || async {
        let mut tx = store.begin("test").await.unwrap();
        let o = tx
            .insert_oversight(&store::oversight::NewOversight::from_draft(
                unit.id,
                &oversight_draft,
            ))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        o.id
    })
    .await;
    out.push(Private {
        entity: "oversight",
        id: oversight,
        slug: None,
        secret: "BÍMẬT-GIÁM-SÁT".into(),
    });

    let rec_draft =
        RecommendationDraft::parse("Kiến nghị BÍMẬT-KIẾN-NGHỊ", Some(council.id), "", false)
            .unwrap();
    let recommendation = above(floor, || async {
        let mut tx = store.begin("test").await.unwrap();
        let r = tx
            .insert_recommendation(&store::oversight::NewRecommendation::from_draft(
                oversight, &rec_draft,
            ))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        r.id
    })
    .await;
    out.push(Private {
        entity: "recommendation",
        id: recommendation,
        slug: None,
        secret: "BÍMẬT-KIẾN-NGHỊ".into(),
    });

    let mut n = 0;
    let article = above(floor, || {
        n += 1;
        let slug = format!("tin-bi-mat-{n}");
        async move {
            let draft = ArticleDraft::parse(
                "Tin BÍMẬT-TIN-TỨC",
                &slug,
                "",
                "<p>Nội dung BÍMẬT-TIN-TỨC</p>",
                "",
                None,
                vec![],
            )
            .unwrap();
            let mut tx = store.begin("test").await.unwrap();
            let a = tx
                .insert_article(&store::NewArticle {
                    unit_id: unit.id,
                    draft,
                    illustrative: false,
                })
                .await
                .unwrap();
            tx.commit().await.unwrap();
            a.id
        }
    })
    .await;
    let slug = store
        .all_articles(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id == article)
        .unwrap()
        .slug
        .to_string();
    out.push(Private {
        entity: "article",
        id: article,
        slug: Some(slug),
        secret: "BÍMẬT-TIN-TỨC".into(),
    });
    out
}

/// The path with its parameters filled in for one private record; `None` when the path has a
/// parameter the record cannot fill.
fn fill(path: &str, r: &Private) -> Option<String> {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let value = match &rest[start + 1..end] {
            "id" => r.id.to_string(),
            "year" => YEAR.to_string(),
            "version" => "1".to_string(),
            "entity" => r.entity.to_string(),
            "slug" => r.slug.clone()?,
            name if name.starts_with('*') => "khong-co".to_string(),
            _ => return None,
        };
        out.push_str(&value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// What an anonymous visitor gets at an address: its status, where it redirects, and its body as
/// text (downloads too, read leniently: a secret in a CSV shows; in a ZIP it is compressed, and
/// the CSV beside it is what shows it).
async fn visit(app: &TestApp, uri: &str) -> (StatusCode, String, String) {
    let r = app.download(uri, None).await;
    (r.status, r.header("location"), r.text())
}

/// The workspace, the operator's console and a person's own page send anonymous visitors to sign
/// in; everything else must not exist for them.
fn is_workspace(path: &str) -> bool {
    ["/quan-ly", "/he-thong", "/tai-khoan"]
        .iter()
        .any(|p| path.starts_with(p))
        || path == "/dang-xuat"
}

#[tokio::test]
async fn every_route_answers_404_to_an_anonymous_visitor_for_each_private_record() {
    let app = spawn_app().await;
    let records = private_records(&app).await;
    let routes = web::routes();
    let table = routes.table();
    assert!(table.len() > 60, "the router lists its routes");
    let mut walked = 0;
    for (path, methods) in table {
        if !methods.get() {
            continue;
        }
        if !path.contains('{') {
            // Lists, feeds and exports name no private record.
            let (_, _, body) = visit(&app, path).await;
            for r in &records {
                assert!(!body.contains(&r.secret), "{path} shows {}", r.secret);
            }
            continue;
        }
        for r in &records {
            let Some(uri) = fill(path, r) else { continue };
            let (status, location, body) = visit(&app, &uri).await;
            walked += 1;
            if is_workspace(path) {
                assert!(
                    status == StatusCode::SEE_OTHER && location.starts_with("/dang-nhap"),
                    "{uri} ({}) answered {status} to an anonymous visitor",
                    r.entity,
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::NOT_FOUND,
                    "{uri} ({} #{}) answered an anonymous visitor",
                    r.entity,
                    r.id
                );
            }
            assert!(!body.contains(&r.secret), "{uri} shows {}", r.secret);
        }
    }
    assert!(walked > 100, "walked {walked} addresses");
}

#[tokio::test]
async fn staff_of_the_unit_read_the_same_private_records_in_its_history() {
    let app = spawn_app().await;
    let records = private_records(&app).await;
    let staff = app.sign_in("doc").await;
    for r in &records {
        let page = app
            .get_as(&format!("/lich-su/{}/{}", r.entity, r.id), &staff.cookie)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{} #{}", r.entity, r.id);
    }
}
