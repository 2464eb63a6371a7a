//! Isolation between units on one installation. Two sibling wards of the demo, A (phường Cầu Giấy)
//! and B (phường Nghĩa Đô): every route of A the router lists is asked with the ids and slugs of
//! B's records, as A's administrator and as an anonymous visitor, and none of them serves B's
//! record, changes it, or names a private record of B. The city's staff read their wards and
//! change nothing there.

mod common;

use axum::http::StatusCode;
use common::{api_token, spawn_app, Session, TestApp};
use domain::entity::Entity;

const A: &str = "/dv/phuong-cau-giay";

/// A record of B, and the words of it that must never reach A's visitors when it is private.
struct Record {
    entity: Entity,
    id: i64,
    slug: Option<String>,
    secret: Option<String>,
}

async fn unit(app: &TestApp, slug: &str) -> domain::unit::AdminUnit {
    app.store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == slug)
        .unwrap()
}

/// Every record of B the routes name by id or slug.
async fn records_of_b(app: &TestApp) -> Vec<Record> {
    let store = &app.store;
    let b = unit(app, store::demo::NGHIA_DO_SLUG).await;
    let mut out = Vec::new();
    let mut push = |entity, id, slug: Option<String>, secret: Option<String>| {
        out.push(Record {
            entity,
            id,
            slug,
            secret,
        })
    };
    for a in store.all_articles(b.id).await.unwrap() {
        let secret = a.published_at.is_none().then(|| a.title.clone());
        push(Entity::Article, a.id, Some(a.slug.to_string()), secret);
    }
    for p in store.programmes(b.id).await.unwrap() {
        let private = p.status == domain::programme::ProgrammeStatus::Draft;
        for i in store.items(p.id).await.unwrap() {
            push(
                Entity::ProgrammeItem,
                i.id,
                None,
                private.then(|| i.content.clone()),
            );
        }
        for t in store.targets(p.id).await.unwrap() {
            push(Entity::Target, t.id, None, private.then(|| t.name.clone()));
        }
    }
    for m in store.meetings(b.id).await.unwrap() {
        push(
            Entity::Meeting,
            m.id,
            None,
            (!m.public).then(|| m.title.clone()),
        );
    }
    for o in store.oversights(b.id).await.unwrap() {
        push(
            Entity::Oversight,
            o.id,
            None,
            (!o.public).then(|| o.title.clone()),
        );
    }
    for r in store.recommendations(b.id).await.unwrap() {
        push(
            Entity::Recommendation,
            r.id,
            None,
            (!r.public).then(|| r.content.clone()),
        );
    }
    for body in store.bodies(b.id).await.unwrap() {
        push(Entity::Body, body.id, None, None);
    }
    for person in store.people(b.id).await.unwrap() {
        push(Entity::Person, person.id, None, None);
    }
    out
}

/// The kind of record a route names by the segment before its `{id}` or `{slug}`; `None` for
/// the change history, which names any kind in its `{entity}`.
fn entity_of(path: &str) -> Option<Entity> {
    let before = path.split("/{").next()?.rsplit('/').next()?;
    Some(match before {
        "tin-tuc" | "articles" => Entity::Article,
        "noi-dung" => Entity::ProgrammeItem,
        "chi-tieu" | "targets" => Entity::Target,
        "hoi-nghi" => Entity::Meeting,
        "giam-sat" => Entity::Oversight,
        "kien-nghi" => Entity::Recommendation,
        "co-quan" => Entity::Body,
        _ => return None,
    })
}

/// A's path with B's record in it; `None` when the route names another kind of record, or
/// something that is not a record of B (a year: A's own programme of that year).
fn fill(path: &str, r: &Record) -> Option<String> {
    let rest = path.strip_prefix("/dv/{unit}")?;
    if !rest.contains('{') || rest.contains("{year}") || rest.contains("{*") {
        return None;
    }
    if rest.starts_with("/lich-su/") {
        return Some(format!("{A}/lich-su/{}/{}", r.entity.as_str(), r.id));
    }
    if entity_of(rest)? != r.entity {
        return None;
    }
    let filled = if rest.contains("{slug}") {
        rest.replace("{slug}", r.slug.as_deref()?)
    } else {
        rest.replace("{id}", &r.id.to_string())
    };
    Some(format!("{A}{filled}"))
}

/// What a write to A's route with B's record sends: its form token and fields any form reads.
fn form_for(session: &Session) -> Vec<(&str, &str)> {
    vec![
        ("csrf", session.csrf.as_str()),
        ("title", "Ghi đè từ phường khác"),
        ("content", "Ghi đè từ phường khác"),
        ("text", "Ghi đè từ phường khác"),
        ("on", "2026-11-20"),
        ("kind", "thematic_supervision"),
        ("starts_on", "2026-11-20"),
        ("publish", "now"),
        ("byline", "x"),
        ("summary", "x"),
        ("body", "<p>x</p>"),
    ]
}

fn secrets(records: &[Record]) -> Vec<&str> {
    records.iter().filter_map(|r| r.secret.as_deref()).collect()
}

#[tokio::test]
async fn a_wards_routes_never_serve_nor_change_a_sibling_wards_records() {
    let app = spawn_app().await;
    let records = records_of_b(&app).await;
    let secrets = secrets(&records);
    assert!(secrets.len() >= 6, "B has private records of every kind");
    let admin = app.sign_in("pcg.quantri").await;
    let token = api_token(&app, "pcg.quantri").await;
    let head = app.store.log_head().await.unwrap();
    let routes = web::routes();
    let mut asked = 0;
    for (path, methods) in routes.table() {
        for r in &records {
            let Some(uri) = fill(path, r) else { continue };
            let is_api = uri.starts_with(&format!("{A}/api/"));
            if methods.get() {
                let anonymous = app.download(&uri, None).await;
                let signed_in = app.download(&uri, Some(&admin)).await;
                for (who, answer) in [("anonymous", &anonymous), ("A's administrator", &signed_in)]
                {
                    // Anonymous visitors to the workspace are sent to sign in before anything
                    // is looked up.
                    let to_sign_in = answer.status == StatusCode::SEE_OTHER
                        && answer.header("location").starts_with("/dang-nhap")
                        && who == "anonymous";
                    assert!(
                        matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN)
                            || to_sign_in,
                        "GET {uri} ({:?} of B) answered {} to {who}",
                        r.entity,
                        answer.status
                    );
                    for s in &secrets {
                        assert!(!answer.text().contains(s), "GET {uri} names {s:?} to {who}");
                    }
                }
                asked += 2;
            }
            if is_api && matches!(methods, web::Methods::Post | web::Methods::GetPost) {
                // The API's writes take a token, not the session: A's administrator's token with
                // B's record in the path finds nothing (or is refused its body), and writes
                // nothing.
                let answer = app
                    .api(
                        "POST",
                        &uri,
                        Some(&token),
                        serde_json::json!({"title": "Ghi đè", "text": "Ghi đè"}),
                    )
                    .await;
                assert!(
                    matches!(
                        answer.status,
                        StatusCode::NOT_FOUND
                            | StatusCode::FORBIDDEN
                            | StatusCode::UNPROCESSABLE_ENTITY
                    ),
                    "POST {uri} ({:?} of B) answered {} to A's administrator's token: {}",
                    r.entity,
                    answer.status,
                    answer.body
                );
                for s in &secrets {
                    assert!(!answer.body.contains(s), "POST {uri} names {s:?}");
                }
                asked += 1;
            } else if matches!(methods, web::Methods::Post | web::Methods::GetPost) {
                let answer = app
                    .post_form(&uri, Some(&admin), &form_for(&admin)[1..])
                    .await;
                assert!(
                    matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                    "POST {uri} ({:?} of B) answered {} to A's administrator: {}",
                    r.entity,
                    answer.status,
                    answer.body
                );
                let anonymous = app.post_form(&uri, None, &form_for(&admin)[1..]).await;
                assert!(
                    matches!(
                        anonymous.status,
                        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED
                    ),
                    "POST {uri} answered {} to an anonymous visitor",
                    anonymous.status
                );
                asked += 2;
            }
            if is_api && matches!(methods, web::Methods::Put | web::Methods::GetPut) {
                let answer = app
                    .api("PUT", &uri, Some(&token), serde_json::json!({"title": "Ghi đè", "body_html": "<p>Ghi đè</p>", "actual": "1"}))
                    .await;
                assert!(
                    matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                    "PUT {uri} answered {}: {}",
                    answer.status,
                    answer.body
                );
                asked += 1;
            }
        }
    }
    assert!(asked > 100, "asked {asked} times");
    // Nothing was written anywhere.
    assert_eq!(app.store.log_head().await.unwrap(), head);

    // A's lists, feeds, searches and exports name no private record of B either.
    let words = [
        "du thao",
        "noi bo nghia do",
        "thu phi cho",
        "giao ban",
        "phan loai rac",
    ];
    for (path, methods) in routes.table() {
        let Some(rest) = path.strip_prefix("/dv/{unit}") else {
            continue;
        };
        if !methods.get() || rest.contains('{') {
            continue;
        }
        let mut uris = vec![format!("{A}{rest}")];
        if rest.ends_with("tim-kiem") || rest.ends_with("/search") {
            uris.extend(
                words
                    .iter()
                    .map(|w| format!("{A}{rest}?q={}", w.replace(' ', "+"))),
            );
        }
        for uri in uris {
            for session in [None, Some(&admin)] {
                let text = app.download(&uri, session).await.text();
                for s in &secrets {
                    assert!(!text.contains(s), "{uri} names {s:?}");
                }
            }
        }
    }
}

#[tokio::test]
async fn the_citys_staff_read_their_wards_records_and_change_nothing_there() {
    let app = spawn_app().await;
    let city = app.sign_in("hn.quantri").await;
    // The ward's workspace, private records included, is open to the city's staff.
    app.get_as(&format!("{A}/quan-ly"), &city.cookie)
        .await
        .shows("phường Cầu Giấy");
    let followup = app
        .get_as(&format!("{A}/quan-ly/kien-nghi"), &city.cookie)
        .await;
    assert_eq!(followup.status, StatusCode::OK);
    followup.shows("Bổ sung biên chế cho Bộ phận một cửa phường");
    app.get_as(&format!("{A}/tim-kiem?q=bo+sung+bien+che"), &city.cookie)
        .await
        .shows("Bổ sung biên chế");
    // The ward's staff do not read the city's workspace, nor the other ward's.
    let ward_admin = app.sign_in("pcg.quantri").await;
    assert_eq!(
        app.get_as("/dv/thanh-pho-ha-noi/quan-ly", &ward_admin.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as("/dv/phuong-nghia-do/quan-ly", &ward_admin.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let ward = unit(&app, store::demo::WARD_SLUG).await;
    let rec = app
        .store
        .recommendations(ward.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.content.starts_with("Tăng cường kiểm tra"))
        .unwrap();
    let item = app
        .store
        .items(
            app.store
                .programme(ward.id, domain::programme::Year::new(2026).unwrap())
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()[0]
        .id;
    let token = api_token(&app, "hn.quantri").await;
    let head = app.store.log_head().await.unwrap();
    for (uri, fields) in [
        (
            format!("{A}/quan-ly/tin-tuc"),
            vec![
                ("title", "Tin của Thành phố"),
                ("publish", "now"),
                ("body", "<p>x</p>"),
            ],
        ),
        (
            format!("{A}/quan-ly/kien-nghi/{}/tra-loi", rec.id),
            vec![("on", "2026-11-20"), ("text", "Thành phố trả lời thay")],
        ),
        (
            format!("{A}/quan-ly/noi-dung/{item}/ghi-chu"),
            vec![("on", "2026-11-20"), ("text", "Ghi chú của Thành phố")],
        ),
        (
            format!("{A}/quan-ly/co-quan"),
            vec![("action", "person"), ("full_name", "Người của Thành phố")],
        ),
        (
            format!("{A}/quan-ly/cai-dat"),
            vec![("address", "Trụ sở Thành phố")],
        ),
        (
            format!("{A}/quan-ly/tai-khoan"),
            vec![
                ("action", "invite"),
                ("username", "hn.quantri"),
                ("role", "admin"),
            ],
        ),
        (
            format!("{A}/quan-ly/chuong-trinh/2026/trang-thai"),
            vec![("to", "reviewed")],
        ),
    ] {
        let answer = app.post_form(&uri, Some(&city), &fields).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "POST {uri}: {}",
            answer.body
        );
    }
    let target = app
        .store
        .targets(
            app.store
                .programme(ward.id, domain::programme::Year::new(2026).unwrap())
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()[0]
        .id;
    let put = app
        .api(
            "PUT",
            &format!("{A}/api/v1/targets/{target}"),
            Some(&token),
            serde_json::json!({"actual": "100"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::FORBIDDEN, "{}", put.body);
    assert_eq!(app.store.log_head().await.unwrap(), head);
}
