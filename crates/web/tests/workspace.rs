//! The workspace through the router: who may change what, CSRF on every form, the public page
//! following an edit at once, sign-in limits, and the API writes with personal tokens.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};
use domain::target::Evaluation;
use serde_json::json;
use store::demo::SEED_ARTICLE_SLUG;

/// Ids the routes below need, read from the demo.
struct Ids {
    hdnd: i64,
    hdnd_item_partners: Vec<i64>,
    ubnd: i64,
    target_2020: i64,
    item_hdnd_2021: i64,
    item_ubnd_2021: i64,
    seed_article: i64,
    ubnd_recommendation: i64,
    /// An activity the HĐND conducted, and one of its recommendations.
    hdnd_oversight: i64,
    hdnd_oversight_recommendation: i64,
}

async fn ids(app: &TestApp) -> Ids {
    let unit = app.store.default_unit().await.unwrap();
    let bodies = app.store.bodies(unit.id).await.unwrap();
    let body = |short: &str| bodies.iter().find(|b| b.short_name == short).unwrap().id;
    let (hdnd, ubnd) = (body("HĐND quận"), body("UBND quận"));
    let p2020 = app
        .store
        .programme(unit.id, domain::programme::Year::new(2020).unwrap())
        .await
        .unwrap()
        .unwrap();
    let p2021 = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    let items = app.store.items(p2021.id).await.unwrap();
    let hdnd_oversight = app
        .store
        .oversights(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.conducted_by == hdnd)
        .unwrap()
        .id;
    let recommendations = app.store.recommendations(unit.id).await.unwrap();
    let hdnd_item = items.iter().find(|i| i.lead_body_id == hdnd).unwrap();
    Ids {
        hdnd,
        hdnd_item_partners: hdnd_item.partner_body_ids.clone(),
        ubnd,
        target_2020: app.store.targets(p2020.id).await.unwrap()[0].id,
        item_hdnd_2021: items.iter().find(|i| i.lead_body_id == hdnd).unwrap().id,
        item_ubnd_2021: items.iter().find(|i| i.lead_body_id == ubnd).unwrap().id,
        seed_article: app
            .store
            .article_by_slug(unit.id, SEED_ARTICLE_SLUG)
            .await
            .unwrap()
            .unwrap()
            .id,
        ubnd_recommendation: recommendations
            .iter()
            .find(|r| r.responsible_body_id == ubnd)
            .unwrap()
            .id,
        hdnd_oversight,
        hdnd_oversight_recommendation: recommendations
            .iter()
            .find(|r| r.oversight_id == hdnd_oversight)
            .unwrap()
            .id,
    }
}

/// One mutating form route with a valid body, and the roles allowed to use it.
struct Route {
    name: &'static str,
    uri: String,
    fields: Vec<(&'static str, String)>,
    allowed: &'static [&'static str],
}

const ADMIN: &str = "quantri";
const EDITOR_HDND: &str = "cv.hdnd";
const EDITOR_UBND: &str = "cv.ubnd";
const HEAD_UBND: &str = "ct.ubnd";
const READER: &str = "doc";
const ROLES: [&str; 5] = [ADMIN, EDITOR_HDND, EDITOR_UBND, HEAD_UBND, READER];

/// Every mutating form route, in an order where each allowed use succeeds on a fresh demo.
fn routes(ids: &Ids) -> Vec<Route> {
    let item_fields = |content: &str, status: &str, lead: i64| {
        vec![
            ("content", content.to_string()),
            ("lead_body_id", lead.to_string()),
            ("starts_on", "2021-01-01".to_string()),
            ("ends_on", "2021-12-31".to_string()),
            ("status", status.to_string()),
        ]
    };
    let target_fields = |actual: &str| {
        vec![
            (
                "name",
                "Thu ngân sách nhà nước trên địa bàn so với dự toán Thành phố giao".to_string(),
            ),
            ("measure", "% dự toán".to_string()),
            ("direction", "higher".to_string()),
            ("plan", "100".to_string()),
            ("actual", actual.to_string()),
            ("reporting_body_id", ids.ubnd.to_string()),
            // 2020 is reviewed: a change to its targets is confirmed as changing the review.
            ("xac_nhan", "1".to_string()),
        ]
    };
    let hdnd_item = "Chuẩn bị các điều kiện để tổ chức thực hiện tốt công tác bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021- 2026 trên địa bàn Quận, đảm bảo đúng luật, dân chủ, an toàn và thực sự trở thành ngày hội của toàn dân.";
    let article = |title: &str| {
        vec![
            ("title", title.to_string()),
            ("body", "<p>Nội dung tin</p>".to_string()),
            ("byline", "Văn phòng".to_string()),
            ("publish", "now".to_string()),
        ]
    };
    let oversight_fields = |title: &str| {
        vec![
            ("kind", "thematic_supervision".to_string()),
            ("title", title.to_string()),
            ("conducted_by", ids.hdnd.to_string()),
            ("subject_body_ids", ids.ubnd.to_string()),
            ("starts_on", "2021-04-05".to_string()),
            ("public", "1".to_string()),
        ]
    };
    let recommendation_fields = |content: &str| {
        vec![
            ("content", content.to_string()),
            ("responsible_body_id", ids.ubnd.to_string()),
            ("deadline", "2021-12-31".to_string()),
            ("public", "1".to_string()),
        ]
    };
    const BODY_UBND: &[&str] = &[ADMIN, EDITOR_UBND, HEAD_UBND];
    const ANY_EDITOR: &[&str] = &[ADMIN, EDITOR_HDND, EDITOR_UBND, HEAD_UBND];
    vec![
        Route {
            name: "update a target",
            uri: format!("/quan-ly/chi-tieu/{}", ids.target_2020),
            fields: target_fields("105"),
            allowed: BODY_UBND,
        },
        Route {
            name: "add a target",
            uri: "/quan-ly/chuong-trinh/2021/chi-tieu".into(),
            fields: target_fields(""),
            allowed: BODY_UBND,
        },
        Route {
            name: "change an item's status",
            uri: format!("/quan-ly/noi-dung/{}", ids.item_hdnd_2021),
            fields: item_fields(hdnd_item, "in_progress", ids.hdnd)
                .into_iter()
                .chain(
                    ids.hdnd_item_partners
                        .iter()
                        .map(|p| ("partner_body_ids", p.to_string())),
                )
                .collect(),
            allowed: &[ADMIN, EDITOR_HDND],
        },
        Route {
            name: "add a progress note",
            uri: format!("/quan-ly/noi-dung/{}/ghi-chu", ids.item_hdnd_2021),
            fields: vec![
                ("text", "Đã họp triển khai".into()),
                ("on", "2021-02-01".into()),
            ],
            allowed: &[ADMIN, EDITOR_HDND],
        },
        Route {
            name: "bulk status change",
            uri: "/quan-ly/chuong-trinh/2021/hang-loat".into(),
            fields: vec![
                ("item_ids", ids.item_ubnd_2021.to_string()),
                ("status", "in_progress".into()),
            ],
            allowed: BODY_UBND,
        },
        Route {
            name: "write an article",
            uri: "/quan-ly/tin-tuc".into(),
            fields: article("Tin mới từ văn phòng"),
            allowed: ANY_EDITOR,
        },
        Route {
            name: "edit an article",
            uri: format!("/quan-ly/tin-tuc/{}", ids.seed_article),
            fields: {
                let mut f = article("HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy ký kết chương trình phối hợp công tác năm 2021");
                f.push(("slug", SEED_ARTICLE_SLUG.into()));
                f
            },
            allowed: ANY_EDITOR,
        },
        Route {
            name: "answer a recommendation",
            uri: format!("/quan-ly/kien-nghi/{}/tra-loi", ids.ubnd_recommendation),
            fields: vec![
                ("on", "2026-11-20".into()),
                ("text", "Đang triển khai".into()),
            ],
            allowed: BODY_UBND,
        },
        Route {
            name: "prepare a meeting",
            uri: "/quan-ly/hoi-nghi".into(),
            fields: vec![
                ("title", "Hội nghị giao ban quý I".into()),
                ("kind", "working".into()),
                ("starts_at", "2021-03-30T08:00".into()),
                ("venue", "Phòng họp UBND quận".into()),
                ("public", "1".into()),
            ],
            allowed: ANY_EDITOR,
        },
        Route {
            name: "record an oversight activity",
            uri: "/quan-ly/giam-sat".into(),
            fields: oversight_fields("Giám sát việc tiếp công dân năm 2021"),
            allowed: &[ADMIN, EDITOR_HDND],
        },
        Route {
            name: "change an oversight activity",
            uri: format!("/quan-ly/giam-sat/{}", ids.hdnd_oversight),
            fields: oversight_fields(
                "Giám sát chuyên đề việc thực hiện công tác cải cách hành chính",
            ),
            allowed: &[ADMIN, EDITOR_HDND],
        },
        Route {
            name: "add a recommendation",
            uri: format!("/quan-ly/giam-sat/{}/kien-nghi", ids.hdnd_oversight),
            fields: recommendation_fields("Công khai kết quả giải quyết hồ sơ"),
            allowed: &[ADMIN, EDITOR_HDND],
        },
        Route {
            name: "change a recommendation",
            uri: format!(
                "/quan-ly/kien-nghi/{}/sua",
                ids.hdnd_oversight_recommendation
            ),
            fields: recommendation_fields("Rút ngắn thời gian giải quyết hồ sơ đất đai"),
            allowed: &[ADMIN, EDITOR_HDND],
        },
        Route {
            name: "add a person",
            uri: "/quan-ly/co-quan".into(),
            fields: vec![
                ("action", "person".into()),
                ("full_name", "Lê Văn Mới".into()),
            ],
            allowed: &[ADMIN],
        },
        Route {
            name: "create a programme",
            uri: "/quan-ly/chuong-trinh".into(),
            fields: vec![("year", "2030".into())],
            allowed: &[ADMIN],
        },
        Route {
            name: "copy a programme to next year",
            uri: "/quan-ly/chuong-trinh/2021/sao-chep".into(),
            fields: vec![],
            allowed: &[ADMIN],
        },
        Route {
            name: "start a programme",
            uri: "/quan-ly/chuong-trinh/2021/trang-thai".into(),
            fields: vec![("to", "in_progress".into())],
            allowed: &[ADMIN],
        },
        Route {
            name: "add an item",
            uri: "/quan-ly/chuong-trinh/2021/noi-dung".into(),
            fields: item_fields("Phối hợp tổ chức tiếp xúc cử tri", "not_started", ids.ubnd),
            allowed: BODY_UBND,
        },
        Route {
            name: "sign for a body",
            uri: "/quan-ly/chuong-trinh/2021/ky".into(),
            fields: vec![("body_id", ids.ubnd.to_string())],
            allowed: &[HEAD_UBND],
        },
    ]
}

fn fields_ref(route: &Route) -> Vec<(&str, &str)> {
    route.fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn every_form_route_succeeds_for_the_allowed_roles_only_and_never_for_anonymous() {
    for role in ROLES {
        let app = spawn_app().await;
        let ids = ids(&app).await;
        let session = app.sign_in(role).await;
        for route in routes(&ids) {
            let head = app.store.log_head().await.unwrap();
            let mut fields = fields_ref(&route);
            // A signature is given with the signer's password.
            let password = app.password(role);
            if route.uri.ends_with("/ky") {
                fields.push(("password", &password));
            }
            let page = app.post_form(&route.uri, Some(&session), &fields).await;
            if route.allowed.contains(&role) {
                assert_eq!(
                    page.status,
                    StatusCode::SEE_OTHER,
                    "{role} should be able to {}: {}",
                    route.name,
                    page.body
                );
                assert!(
                    app.store.log_head().await.unwrap() > head,
                    "{role}: {} wrote nothing",
                    route.name
                );
            } else {
                assert_eq!(
                    page.status,
                    StatusCode::FORBIDDEN,
                    "{role} should not be able to {}",
                    route.name
                );
                page.shows("Không có quyền thực hiện");
                assert_eq!(
                    app.store.log_head().await.unwrap(),
                    head,
                    "{role}: a refused {} changed something",
                    route.name
                );
            }
        }
    }
    let app = spawn_app().await;
    let ids = ids(&app).await;
    let head = app.store.log_head().await.unwrap();
    for route in routes(&ids) {
        let page = app.post_form(&route.uri, None, &fields_ref(&route)).await;
        assert_eq!(
            page.status,
            StatusCode::UNAUTHORIZED,
            "anonymous: {}",
            route.name
        );
    }
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "an anonymous post changed something"
    );
}

#[tokio::test]
async fn every_form_route_rejects_a_missing_csrf_token_and_changes_nothing() {
    let app = spawn_app().await;
    let ids = ids(&app).await;
    let session = app.sign_in(ADMIN).await;
    let head = app.store.log_head().await.unwrap();
    let mut all = routes(&ids);
    all.push(Route {
        name: "sign out",
        uri: "/dang-xuat".into(),
        fields: vec![],
        allowed: &[],
    });
    for route in all {
        let page = app
            .post_form_without_csrf(&route.uri, &session, &fields_ref(&route))
            .await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{} accepted a form without its token",
            route.name
        );
        page.shows("Biểu mẫu đã hết hạn");
    }
    assert_eq!(app.store.log_head().await.unwrap(), head);
    // The session still works afterwards.
    assert_eq!(
        app.get_as("/quan-ly", &session.cookie).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_form_with_another_sessions_token_is_refused() {
    let app = spawn_app().await;
    let admin = app.sign_in(ADMIN).await;
    let other = app.sign_in(EDITOR_UBND).await;
    let forged = Session {
        cookie: admin.cookie.clone(),
        csrf: other.csrf.clone(),
    };
    let page = app
        .post_form("/quan-ly/chuong-trinh", Some(&forged), &[("year", "2030")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn editing_a_targets_actual_value_changes_the_public_summary_at_once() {
    let app = spawn_app().await;
    app.get("/chi-tieu/2020")
        .await
        .shows("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu");
    let unit = app.store.default_unit().await.unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2020).unwrap())
        .await
        .unwrap()
        .unwrap();
    let missed = app
        .store
        .targets(p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.evaluation() == Evaluation::Missed)
        .unwrap();
    let session = app.sign_in(EDITOR_UBND).await;
    let page = app
        .post_form(
            &format!("/quan-ly/chi-tieu/{}", missed.id),
            Some(&session),
            &[
                ("name", &missed.name),
                ("measure", &missed.measure),
                ("direction", missed.direction.as_str()),
                ("plan", &missed.plan.to_string()),
                ("actual", &missed.plan.to_string()),
                (
                    "reporting_body_id",
                    &missed.reporting_body_id.unwrap().to_string(),
                ),
                ("xac_nhan", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    app.get("/chi-tieu/2020")
        .await
        .shows("hoàn thành và hoàn thành vượt mức 14/15 chỉ tiêu");
    app.get("/").await.shows("14/15");
    let history = app.get(&format!("/lich-su/target/{}", missed.id)).await;
    assert_eq!(history.status, StatusCode::OK);
    history
        .shows("Sửa")
        .shows("Cán bộ đơn vị")
        .does_not_show("cv.ubnd");
    app.get_as(&format!("/lich-su/target/{}", missed.id), &session.cookie)
        .await
        .shows("cv.ubnd");
}

#[tokio::test]
async fn a_bad_value_is_shown_next_to_its_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let ids = ids(&app).await;
    let session = app.sign_in(ADMIN).await;
    let head = app.store.log_head().await.unwrap();
    let page = app
        .post_form(
            &format!("/quan-ly/chi-tieu/{}", ids.target_2020),
            Some(&session),
            &[
                ("name", ""),
                ("direction", "higher"),
                ("plan", "nhiều"),
                ("actual", "104,6"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.shows(
        r#"<span class="field-error" id="name-loi">Tên chỉ tiêu không được để trống</span>"#,
    )
    .shows(
        r#"<span class="field-error" id="plan-loi">Giá trị phải là một số, ví dụ 1.234,5</span>"#,
    )
    .shows(r#"value="nhiều""#);
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn the_target_form_previews_the_evaluation_as_one_types() {
    let app = spawn_app().await;
    let session = app.sign_in(READER).await;
    let preview = app
        .get_as(
            "/quan-ly/chi-tieu/danh-gia?direction=lower&plan=1%2C1&actual=1%2C25",
            &session.cookie,
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.body, "Đánh giá: Không đạt · 113,6% kế hoạch");
}

#[tokio::test]
async fn changing_a_signed_programme_opens_a_new_version_to_sign_and_keeps_the_old_one() {
    let app = spawn_app().await;
    let ids = ids(&app).await;
    let admin = app.sign_in(ADMIN).await;
    let unit = app.store.default_unit().await.unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(app.store.programme_version(p.id).await.unwrap(), 1);
    let page = app
        .post_form(
            "/quan-ly/chuong-trinh/2021/noi-dung",
            Some(&admin),
            &[
                ("content", "Phối hợp tổ chức tiếp xúc cử tri"),
                ("lead_body_id", &ids.ubnd.to_string()),
                ("starts_on", "01/03/2021"),
                ("ends_on", "30/06/2021"),
                ("status", "not_started"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(app.store.programme_version(p.id).await.unwrap(), 2);
    assert!(
        app.store.signed_version(p.id, 1).await.unwrap().is_some(),
        "the signed version stays readable"
    );
    let ws = app
        .get_as("/quan-ly/chuong-trinh/2021", &admin.cookie)
        .await;
    ws.shows("Đang soạn bản sửa đổi, bổ sung (phiên bản 2)")
        .shows("chưa ký");
    // The portal keeps the version in force until every party signs the amendment.
    app.get("/chuong-trinh/2021")
        .await
        .does_not_show("Phối hợp tổ chức tiếp xúc cử tri");
    // The three heads sign version 2; it becomes signed again.
    for head in ["ct.hdnd", "ct.ubnd", "ct.mttq"] {
        let s = app.sign_in(head).await;
        let unit_bodies = app.store.bodies(unit.id).await.unwrap();
        let actor = app
            .store
            .actor(
                app.store
                    .account_by_username(head)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
            .await
            .unwrap()
            .unwrap();
        let body = actor.signs_for()[0];
        assert!(unit_bodies.iter().any(|b| b.id == body));
        let page = app
            .post_form(
                "/quan-ly/chuong-trinh/2021/ky",
                Some(&s),
                &[
                    ("body_id", &body.to_string()),
                    ("password", &app.password(head)),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{head}: {}", page.body);
    }
    let p = app
        .store
        .programme_by_id(p.unit_id, p.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.status, domain::programme::ProgrammeStatus::Signed);
    assert!(app.store.verify_signatures().await.unwrap().is_empty());
    let public = app.get("/chuong-trinh/2021").await;
    public
        .shows("Phối hợp tổ chức tiếp xúc cử tri")
        .shows("Chữ ký")
        .shows("hợp lệ")
        .shows("Phiên bản 1");
}

#[tokio::test]
async fn a_reviewed_programme_refuses_content_changes() {
    let app = spawn_app().await;
    let session = app.sign_in(ADMIN).await;
    let page = app
        .post_form(
            "/quan-ly/chuong-trinh/2020/noi-dung",
            Some(&session),
            &[
                ("content", "Thêm muộn"),
                ("lead_body_id", &ids(&app).await.ubnd.to_string()),
                ("starts_on", "2020-01-01"),
                ("ends_on", "2020-12-31"),
                ("status", "done"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.shows("Chương trình đã tổng kết");
}

#[tokio::test]
async fn workspace_pages_send_anonymous_visitors_to_sign_in_and_back() {
    let app = spawn_app().await;
    let page = app.get("/quan-ly/chuong-trinh/2021").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers["location"],
        "/dang-nhap?next=%2Fquan-ly%2Fchuong-trinh%2F2021"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_repeated_failures_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    let form = app.get("/dang-nhap").await;
    let cookie = form
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("phoihop_csrf="))
        .unwrap();
    let csrf = common::csrf_of(&form.body);
    let attempt = |password: String| {
        let body = common::encode(&[
            ("csrf", &csrf),
            ("username", "quantri"),
            ("password", &password),
        ]);
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.send(
                "POST",
                "/dang-nhap",
                Some(&cookie),
                "application/x-www-form-urlencoded",
                body,
            )
            .await
        }
    };
    for _ in 0..5 {
        let page = attempt("sai-mat-khau".into()).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        page.shows("Tên đăng nhập hoặc mật khẩu không đúng.");
    }
    // Even the right password is refused now.
    let page = attempt(app.password("quantri")).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    page.shows("Đăng nhập sai quá nhiều lần");
    // Another account is not locked.
    app.sign_in("doc").await;
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_token() {
    let app = spawn_app().await;
    let body = common::encode(&[
        ("username", "quantri"),
        ("password", &app.password("quantri")),
    ]);
    let page = app
        .send(
            "POST",
            "/dang-nhap",
            None,
            "application/x-www-form-urlencoded",
            body,
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let s = app.sign_in(READER).await;
    let page = app.post_form("/dang-xuat", Some(&s), &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as("/quan-ly", &s.cookie).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn token_for(app: &TestApp, username: &str) -> String {
    common::api_token(app, username).await
}

#[tokio::test]
async fn the_api_changes_a_target_of_a_reviewed_year_only_when_told_the_review_will_change() {
    let app = spawn_app().await;
    let ids = ids(&app).await;
    let token = token_for(&app, ADMIN).await;
    let uri = format!("/api/v1/targets/{}", ids.target_2020);
    let head = app.store.log_head().await.unwrap();
    let asked = app
        .api("PUT", &uri, Some(&token), json!({"actual": "106"}))
        .await;
    assert_eq!(asked.status, StatusCode::CONFLICT, "{}", asked.body);
    let error = asked.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.contains("đã được tổng kết ngày 21/01/2021")
            && error.contains("số liệu của báo cáo tổng kết")
            && error.contains("Chưa có gì được ghi"),
        "{error}"
    );
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "nothing is written"
    );
    let done = app
        .api(
            "PUT",
            &uri,
            Some(&token),
            json!({"actual": "106", "review_confirmed": true}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["actual"], "106");
}

#[tokio::test]
async fn every_api_write_succeeds_for_the_allowed_roles_only() {
    for role in ROLES.into_iter().map(Some).chain([None]) {
        let app = spawn_app().await;
        let ids = ids(&app).await;
        let token = match role {
            Some(r) => Some(token_for(&app, r).await),
            None => None,
        };
        let calls: Vec<(&str, String, serde_json::Value, &[&str], StatusCode)> = vec![
            (
                "PUT",
                format!("/api/v1/targets/{}", ids.target_2020),
                json!({"actual": "106", "review_confirmed": true}),
                &[ADMIN, EDITOR_UBND, HEAD_UBND],
                StatusCode::OK,
            ),
            (
                "POST",
                "/api/v1/articles".into(),
                json!({"title": "Tin từ API", "body_html": "<p>Nội dung</p>", "published_at": "2021-03-01T02:00:00Z"}),
                &[ADMIN, EDITOR_HDND, EDITOR_UBND, HEAD_UBND],
                StatusCode::CREATED,
            ),
            (
                "PUT",
                format!("/api/v1/articles/{SEED_ARTICLE_SLUG}"),
                json!({"title": "Tiêu đề mới", "slug": SEED_ARTICLE_SLUG, "body_html": "<p>Nội dung mới</p>", "published_at": "2021-01-23T07:46:00Z"}),
                &[ADMIN, EDITOR_HDND, EDITOR_UBND, HEAD_UBND],
                StatusCode::OK,
            ),
        ];
        for (method, uri, body, allowed, ok) in calls {
            let page = app.api(method, &uri, token.as_deref(), body).await;
            let expected = match role {
                None => StatusCode::UNAUTHORIZED,
                Some(r) if allowed.contains(&r) => ok,
                Some(_) => StatusCode::FORBIDDEN,
            };
            assert_eq!(
                page.status, expected,
                "{role:?} {method} {uri}: {}",
                page.body
            );
        }
    }
}

#[tokio::test]
async fn an_article_edited_through_the_api_shows_on_the_portal_and_a_revoked_token_stops_working() {
    let app = spawn_app().await;
    let (token_id, token) = common::api_token_with(&app, EDITOR_HDND, "write", &[], "").await;
    app.get(&format!("/tin-tuc/{SEED_ARTICLE_SLUG}"))
        .await
        .shows("Chiều ngày 21/01/2021");
    let page = app
        .api("PUT", &format!("/api/v1/articles/{SEED_ARTICLE_SLUG}"), Some(&token), json!({"title": "Tiêu đề đã sửa", "slug": SEED_ARTICLE_SLUG, "body_html": "<p>Đoạn mới <script>alert(1)</script></p>", "published_at": "2021-01-23T07:46:00Z", "categories": ["mat-tran-to-quoc"]}))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let public = app.get(&format!("/tin-tuc/{SEED_ARTICLE_SLUG}")).await;
    public
        .shows("Tiêu đề đã sửa")
        .shows("Đoạn mới")
        .does_not_show("<script>alert");

    let bad = app
        .api(
            "POST",
            "/api/v1/articles",
            Some(&token),
            json!({"title": "", "body_html": ""}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"title".to_string()) && fields.contains(&"body".to_string()),
        "{fields:?}"
    );

    let mut tx = app.store.begin("test").await.unwrap();
    tx.revoke_api_token(token_id).await.unwrap();
    tx.commit().await.unwrap();
    let refused = app
        .api(
            "PUT",
            &format!("/api/v1/articles/{SEED_ARTICLE_SLUG}"),
            Some(&token),
            json!({"title": "x", "body_html": "<p>x</p>"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_administrator_appoints_someone_to_a_post_and_ends_it() {
    let app = spawn_app().await;
    let s = app.sign_in(ADMIN).await;
    assert_eq!(
        app.post_form(
            "/quan-ly/co-quan",
            Some(&s),
            &[("action", "person"), ("full_name", "Lê Thị Mai")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let unit = app.store.default_unit().await.unwrap();
    let front = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "Ủy ban MTTQ Việt Nam quận")
        .unwrap();
    assert_eq!(
        app.post_form(
            "/quan-ly/co-quan",
            Some(&s),
            &[
                ("action", "post"),
                ("body_id", &front.id.to_string()),
                ("title", "Phó Chủ tịch")
            ]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let person = app
        .store
        .people(app.store.default_unit().await.unwrap().id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.full_name == "Lê Thị Mai")
        .unwrap();
    let post_id = app
        .store
        .posts(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.title == "Phó Chủ tịch")
        .unwrap()
        .id;
    let bad = app
        .post_form(
            "/quan-ly/co-quan",
            Some(&s),
            &[
                ("action", "appoint"),
                ("person_id", &person.id.to_string()),
                ("post_id", &post_id.to_string()),
                ("starts_on", "hôm nay"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.shows("Ngày bắt đầu không hợp lệ");
    let ok = app
        .post_form(
            "/quan-ly/co-quan",
            Some(&s),
            &[
                ("action", "appoint"),
                ("person_id", &person.id.to_string()),
                ("post_id", &post_id.to_string()),
                ("starts_on", "01/01/2021"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    app.get("/co-quan?ngay=21/01/2021")
        .await
        .shows("<strong>Phó Chủ tịch</strong>: Lê Thị Mai");
    let holder = app
        .store
        .bodies_with_holders(
            unit.id,
            chrono::NaiveDate::from_ymd_opt(2021, 1, 21).unwrap(),
        )
        .await
        .unwrap()
        .into_iter()
        .flat_map(|b| b.holders)
        .find(|h| h.full_name == "Lê Thị Mai")
        .unwrap();
    assert_eq!(
        app.post_form(
            "/quan-ly/co-quan",
            Some(&s),
            &[
                ("action", "end"),
                ("membership_id", &holder.membership_id.to_string()),
                ("ends_on", "2021-01-31")
            ]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    app.get("/co-quan?ngay=01/02/2021")
        .await
        .does_not_show("Lê Thị Mai");
    app.get("/co-quan?ngay=21/01/2021")
        .await
        .shows("Lê Thị Mai");
}
