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

/// A small JPEG, for pictures whose pixels do not matter.
fn jpeg() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(640, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    bytes
}

/// Write a draft in a ward and put a picture in it; the draft's id and the picture's address.
async fn draft_with_a_picture(app: &TestApp, ward: &str, staff: &common::Session) -> (i64, String) {
    let made = app
        .post_form(
            &format!("{ward}/quan-ly/tin-tuc"),
            Some(staff),
            &[
                ("title", "Bản nháp có ảnh"),
                ("body", "<p>Chưa đăng.</p>"),
                ("publish", "draft"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id: i64 = made
        .header("location")
        .split("/quan-ly/tin-tuc/")
        .nth(1)
        .unwrap()
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let photo = jpeg();
    let uploaded = app
        .post_multipart(
            &format!("{ward}/quan-ly/tin-tuc/{id}/anh"),
            Some(staff),
            &[
                common::Part::Field("csrf", &staff.csrf),
                common::Part::File("file", "nhap.jpg", &photo),
                common::Part::Field("alt", "Ảnh của bản nháp"),
            ],
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let edit = app
        .get_as(&format!("{ward}/quan-ly/tin-tuc/{id}"), &staff.cookie)
        .await;
    let end = edit.body.find("-640.jpg").expect("the picture's address") + 8;
    let start = edit.body[..end].rfind(&format!("{ward}/anh/")).unwrap();
    (id, edit.body[start..end].to_string())
}

#[tokio::test]
async fn a_drafts_pictures_are_for_its_staff_until_it_is_published() {
    let app = spawn_app().await;
    let ward = "/dv/phuong-nghia-do";
    let staff = app.sign_in("nd.cv.ubnd").await;
    let (id, picture) = draft_with_a_picture(&app, ward, &staff).await;
    assert_eq!(
        app.download(&picture, None).await.status,
        StatusCode::NOT_FOUND
    );
    let for_staff = app.download(&picture, Some(&staff)).await;
    assert_eq!(for_staff.status, StatusCode::OK);
    assert_eq!(for_staff.content_type, "image/jpeg");
    assert_eq!(
        for_staff.headers.get("cache-control").unwrap(),
        "private, no-store"
    );
    // Published, the picture is everyone's, and kept as long as its bytes never change.
    let edit = app
        .get_as(&format!("{ward}/quan-ly/tin-tuc/{id}"), &staff.cookie)
        .await;
    let body_start = edit.body.find("name=\"body\"").unwrap();
    let body = &edit.body[body_start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</textarea>").unwrap()];
    let body = body
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&");
    let published = app
        .post_form(
            &format!("{ward}/quan-ly/tin-tuc/{id}"),
            Some(&staff),
            &[
                ("title", "Bản nháp có ảnh"),
                ("slug", "ban-nhap-co-anh"),
                ("body", &body),
                ("publish", "now"),
            ],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let public = app.download(&picture, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(
        public.headers.get("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn an_article_shows_no_picture_of_another_site_nor_of_another_unit() {
    let app = spawn_app().await;
    let other_ward = app.sign_in("nd.cv.ubnd").await;
    let (_, foreign) = draft_with_a_picture(&app, "/dv/phuong-nghia-do", &other_ward).await;
    let token = common::api_token(&app, "pcg.cv.ubnd").await;
    let ward = "/dv/phuong-cau-giay";
    let head = app.store.log_head().await.unwrap();
    // Another ward's upload, by its address under that ward or as if it were this ward's.
    let own_prefix = foreign.replace("/dv/phuong-nghia-do/", "/dv/phuong-cau-giay/");
    for src in [foreign.as_str(), own_prefix.as_str()] {
        let page = app
            .api(
                "POST",
                &format!("{ward}/api/v1/articles"),
                Some(&token),
                serde_json::json!({
                    "title": "Tin có ảnh mượn",
                    "body_html": format!(r#"<p>x</p><img src="{src}" alt="mượn">"#),
                }),
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{src}: {}",
            page.body
        );
        page.shows("chỉ đăng ảnh đã tải lên cho đơn vị này");
    }
    assert_eq!(app.store.log_head().await.unwrap(), head);
    // Another site's picture, in src or srcset, is taken out, so it cannot count the readers.
    let made = app
        .api(
            "POST",
            &format!("{ward}/api/v1/articles"),
            Some(&token),
            serde_json::json!({
                "title": "Tin có ảnh ngoài",
                "body_html": r#"<p>Nội dung.</p><img src="https://theo-doi.example/p.gif" srcset="https://theo-doi.example/p.gif 1x" alt="x">"#,
            }),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.does_not_show("theo-doi.example");
    // And the pages say so to the browser: pictures from this site only.
    let page = app.get(&format!("{ward}/")).await;
    let csp = page.header("content-security-policy");
    assert!(csp.contains("img-src 'self';"), "{csp}");
}

#[tokio::test]
async fn a_publication_date_outside_the_years_phoihop_accepts_is_refused_through_both_doors() {
    let app = spawn_app().await;
    let token = common::api_token(&app, "cv.ubnd").await;
    let head = app.store.log_head().await.unwrap();
    for at in [
        "0000-01-23T07:46:00Z",
        "-2021-01-23T07:46:00Z",
        "+99999-01-23T07:46:00Z",
    ] {
        let page = app
            .api(
                "POST",
                "/api/v1/articles",
                Some(&token),
                serde_json::json!({"title": "Tin", "body_html": "<p>x</p>", "published_at": at}),
            )
            .await;
        assert!(
            page.status == StatusCode::UNPROCESSABLE_ENTITY
                || page.status == StatusCode::BAD_REQUEST,
            "{at}: {} {}",
            page.status,
            page.body
        );
    }
    let staff = app.sign_in("cv.ubnd").await;
    for at in ["0001-01-23T14:46", "99999-01-23T14:46", "2101-01-01T00:00"] {
        let page = app
            .post_form(
                "/quan-ly/tin-tuc",
                Some(&staff),
                &[
                    ("title", "Tin hẹn giờ"),
                    ("body", "<p>x</p>"),
                    ("publish", "schedule"),
                    ("publish_at", at),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}");
        page.shows(r#"id="publish-at-loi""#);
    }
    assert_eq!(app.store.log_head().await.unwrap(), head);
}
