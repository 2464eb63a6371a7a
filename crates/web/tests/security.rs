//! A shared installation under attack: what must happen once happens once (the first operator),
//! answers made for a token stay private, and the smaller holes of the security review stay shut.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, spawn_empty_apps, TestApp};

/// The set-up form as one visitor gets it: its cookie and its token.
async fn set_up_form(app: &TestApp) -> (String, String) {
    let form = app.get("/cai-dat").await;
    assert_eq!(form.status, StatusCode::OK);
    (
        TestApp::cookie_set_by(&form, "phoihop_csrf").unwrap(),
        common::csrf_of(&form.body),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_set_ups_posted_at_once_make_exactly_one_operator_on_every_engine() {
    for app in spawn_empty_apps().await {
        let engine = app.store.engine();
        // Twenty visitors each open the page, then all post at once, each as someone else.
        let mut forms = Vec::new();
        for _ in 0..20 {
            forms.push(set_up_form(&app).await);
        }
        let posts = forms.into_iter().enumerate().map(|(i, (cookie, csrf))| {
            let app = &app;
            async move {
                let name = format!("keden{i:02}");
                let page = app
                    .send(
                        "POST",
                        "/cai-dat",
                        Some(&cookie),
                        "application/x-www-form-urlencoded",
                        common::encode(&[
                            ("csrf", &csrf),
                            ("display_name", "Người cài đặt"),
                            ("username", &name),
                            ("password", "mật khẩu hệ thống đủ dài"),
                            ("password_again", "mật khẩu hệ thống đủ dài"),
                        ]),
                    )
                    .await;
                (name, page.status)
            }
        });
        let answers = futures_util::future::join_all(posts).await;
        let made: Vec<&String> = answers
            .iter()
            .filter(|(_, s)| *s == StatusCode::SEE_OTHER)
            .map(|(n, _)| n)
            .collect();
        assert_eq!(made.len(), 1, "{engine:?}: {answers:?}");
        assert!(
            answers
                .iter()
                .all(|(_, s)| *s == StatusCode::SEE_OTHER || *s == StatusCode::FORBIDDEN),
            "{engine:?}: {answers:?}"
        );
        let operators = app.store.operators().await.unwrap();
        assert_eq!(operators.len(), 1, "{engine:?}");
        assert_eq!(&operators[0].username, made[0]);
        // Nor did the others leave an account behind.
        for (name, _) in answers.iter().filter(|(n, _)| n != made[0]) {
            assert!(
                app.store.account_by_username(name).await.unwrap().is_none(),
                "{engine:?}: {name}"
            );
        }
    }
}

#[tokio::test]
async fn the_console_lists_every_operator_of_the_installation() {
    let app = spawn_app().await;
    let operator = app.sign_in("hethong").await;
    let page = app.get_as("/he-thong", &operator.cookie).await;
    page.shows("Quản trị hệ thống (1)")
        .shows("<strong>hethong</strong>");
}

#[tokio::test]
async fn the_staff_list_of_articles_in_the_api_holds_the_units_drafts_as_drafts() {
    let app = spawn_app().await;
    let token = common::api_token(&app, "pcg.cv.ubnd").await;
    let ward = "/dv/phuong-cau-giay";
    let made = app
        .api(
            "POST",
            &format!("{ward}/api/v1/articles"),
            Some(&token),
            serde_json::json!({"title": "Bản nháp chưa đăng", "body_html": "<p>Chưa đăng.</p>"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let list = app
        .api(
            "GET",
            &format!("{ward}/api/v1/articles?per_page=100"),
            Some(&token),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let items = list.json()["items"].as_array().unwrap().clone();
    let draft = items
        .iter()
        .find(|a| a["title"] == "Bản nháp chưa đăng")
        .expect("the draft is listed for its staff");
    assert!(draft["published_at"].is_null(), "{draft}");
    // Visitors do not see it.
    let public = app
        .get(&format!("{ward}/api/v1/articles?per_page=100"))
        .await;
    public.does_not_show("Bản nháp chưa đăng");
}

#[tokio::test]
async fn answers_made_for_a_token_are_kept_by_no_cache_and_vary_by_it() {
    let app = spawn_app().await;
    let token = common::api_token(&app, "cv.ubnd").await;
    for uri in [
        "/api/v1/articles",
        "/api/v1/programmes",
        "/api/v1/programmes/2021/targets",
    ] {
        let page = app
            .api("GET", uri, Some(&token), serde_json::json!({}))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert_eq!(page.header("cache-control"), "private, no-store", "{uri}");
        assert!(
            page.header("vary")
                .to_ascii_lowercase()
                .contains("authorization"),
            "{uri}: {}",
            page.header("vary")
        );
        // The same address asked anonymously says its answer varies by the header too, so no
        // shared cache hands a visitor's copy to a token or the other way round.
        let anonymous = app.get(uri).await;
        assert!(
            anonymous
                .header("vary")
                .to_ascii_lowercase()
                .contains("authorization"),
            "{uri}"
        );
    }
}
