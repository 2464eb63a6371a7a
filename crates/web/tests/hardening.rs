//! What an attacker can try through the front door, and what must hold: sign-in never sends a
//! person off the site.

mod common;

use axum::http::StatusCode;
use common::spawn_app;

#[tokio::test]
async fn sign_in_never_sends_a_person_off_the_site_whatever_next_says() {
    let app = spawn_app().await;
    let password = app.password("quantri");
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/quan-ly\r\nSet-Cookie: phoihop_session=x",
        "/ /evil.example",
    ] {
        let done = app.submit_sign_in("quantri", &password, next).await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{next:?}: {}",
            done.body
        );
        let to = done.header("location");
        assert!(
            to.starts_with('/') && !to.starts_with("//") && !to.contains("evil"),
            "{next:?} led to {to:?}"
        );
        assert!(!done
            .headers
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().contains("=x")));
    }
    // The form itself never carries a hostile address into its hidden field.
    app.get("/dang-nhap?next=%2F%09%2Fevil.example")
        .await
        .does_not_show("evil.example");
    // A same-site address is kept.
    let done = app
        .submit_sign_in("quantri", &password, "/quan-ly/chuong-trinh/2021")
        .await;
    assert_eq!(done.header("location"), "/quan-ly/chuong-trinh/2021");
}

/// A public meeting whose title and venue carry line breaks, as an API client could send them.
async fn meeting_with_line_breaks(app: &common::TestApp) -> i64 {
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let meeting = tx
        .insert_meeting(&store::NewMeeting {
            unit_id: unit.id,
            kind: domain::meeting::MeetingKind::Working,
            title: "Họp\r\nATTENDEE:mailto:x@evil.example\r\nEND:VEVENT\nBEGIN:VEVENT".into(),
            starts_at: chrono::Utc::now(),
            ends_at: None,
            venue: "Phòng 2;\rLOCATION:khác".into(),
            programme_id: None,
            attendees: Vec::new(),
            chair: None,
            secretary: None,
            agenda: Vec::new(),
            minutes: None,
            minutes_published: false,
            documents: Vec::new(),
            public: true,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    meeting.id
}

#[tokio::test]
async fn a_line_break_in_a_meeting_cannot_add_lines_to_its_calendar() {
    let app = spawn_app().await;
    let id = meeting_with_line_breaks(&app).await;
    for uri in [
        format!("/hoi-nghi/{id}/lich.ics"),
        "/hoi-nghi.ics".to_string(),
    ] {
        let ics = app.get(&uri).await;
        assert_eq!(ics.status, StatusCode::OK);
        let calendar = ical::IcalParser::new(ics.body.as_bytes())
            .next()
            .expect("a calendar")
            .expect("that parses");
        let ours: Vec<_> = calendar
            .events
            .iter()
            .filter(|e| {
                e.properties.iter().any(|p| {
                    p.name == "UID"
                        && p.value.as_deref() == Some(&format!("meeting-{id}@127.0.0.1:8080"))
                })
            })
            .collect();
        assert_eq!(
            ours.len(),
            1,
            "{uri}: one event for the meeting\n{}",
            ics.body
        );
        let names: Vec<&str> = ours[0].properties.iter().map(|p| p.name.as_str()).collect();
        assert!(!names.contains(&"ATTENDEE"), "{names:?}");
        assert_eq!(names.iter().filter(|n| **n == "LOCATION").count(), 1);
        assert!(
            calendar
                .events
                .iter()
                .all(|e| e.properties.iter().any(|p| p.name == "UID")),
            "no event was made up from the title"
        );
        for line in ics.body.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
            assert!(!line.contains('\r') && !line.contains('\n'));
        }
    }
}

#[tokio::test]
async fn calendar_links_come_from_configuration_never_from_the_host_header() {
    let app = spawn_app().await;
    let id = meeting_with_line_breaks(&app).await;
    let poisoned = app
        .get_on_host("attacker.test", &format!("/hoi-nghi/{id}/lich.ics"))
        .await;
    assert!(
        !poisoned.body.contains("attacker.test"),
        "{}",
        poisoned.body
    );
    // And what a cache may have kept from that request is not what others get either.
    let ics = app.get(&format!("/hoi-nghi/{id}/lich.ics")).await;
    assert!(!ics.body.contains("attacker.test"));
    assert!(
        ics.body
            .replace("\r\n ", "")
            .contains(&format!("URL:http://127.0.0.1:8080/hoi-nghi/{id}")),
        "{}",
        ics.body
    );
    // Another unit's calendar links under its own prefix.
    let ward = app.get("/dv/phuong-cau-giay/hoi-nghi.ics").await;
    let unfolded = ward.body.replace("\r\n ", "");
    assert!(unfolded
        .split("\r\n")
        .filter(|l| l.starts_with("URL:"))
        .all(|l| l.starts_with("URL:http://127.0.0.1:8080/dv/phuong-cau-giay/hoi-nghi/")));
}

/// Titles an API client or a pasted text could carry: NUL, BEL, ESC, a C1 control, a
/// right-to-left override.
const HOSTILE_TITLES: &[(&str, &str)] = &[
    ("Thông báo\u{0}", "Có ký tự điều khiển không in được"),
    ("Thông báo\u{7}", "Có ký tự điều khiển không in được"),
    ("\u{1b}[31mThông báo", "Có ký tự điều khiển không in được"),
    ("Thông\u{85}báo", "Có ký tự điều khiển không in được"),
    (
        "Thông báo\u{202E}fdp.exe",
        "Có ký tự đảo chiều hiển thị văn bản",
    ),
];

#[tokio::test]
async fn the_api_and_the_form_refuse_the_same_characters_with_the_same_message() {
    let app = spawn_app().await;
    let token = common::api_token(&app, "quantri").await;
    let staff = app.sign_in("quantri").await;
    let head = app.store.log_head().await.unwrap();
    for (title, message) in HOSTILE_TITLES {
        let api = app
            .api(
                "POST",
                "/api/v1/articles",
                Some(&token),
                serde_json::json!({ "title": title, "body_html": "<p>Nội dung</p>" }),
            )
            .await;
        assert_eq!(
            api.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{title:?}: {}",
            api.body
        );
        assert!(api.body.contains(message), "{title:?}: {}", api.body);
        assert!(
            api.body.contains("\"title\""),
            "the field is named: {}",
            api.body
        );

        let form = app
            .post_form(
                "/quan-ly/tin-tuc",
                Some(&staff),
                &[
                    ("title", title),
                    ("body", "<p>Nội dung</p>"),
                    ("publish", "draft"),
                ],
            )
            .await;
        assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY, "{title:?}");
        form.shows(message).shows(r#"aria-describedby="title-loi""#);
    }
    // A person's name with a direction override, through the organisation form.
    let person = app
        .post_form(
            "/quan-ly/co-quan",
            Some(&staff),
            &[("action", "person"), ("full_name", "Nguyễn\u{202E}nahV")],
        )
        .await;
    assert_eq!(
        person.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        person.body
    );
    person.shows("Có ký tự đảo chiều hiển thị văn bản");
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "nothing is written"
    );
}

#[tokio::test]
async fn a_response_from_a_body_the_recommendation_is_not_addressed_to_is_a_field_error() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let open = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("the demo has recommendations");
    let staff = app.sign_in("quantri").await;
    let head = app.store.log_head().await.unwrap();
    let answer = app
        .post_form(
            &format!("/quan-ly/kien-nghi/{}/tra-loi", open.id),
            Some(&staff),
            &[
                ("from_body_id", "999999"),
                ("text", "Đã tiếp thu"),
                ("on", ""),
            ],
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    answer.shows("Chỉ cơ quan được kiến nghị mới trả lời kiến nghị này");
    assert_eq!(app.store.log_head().await.unwrap(), head);
    // Nor another body of the unit, which it is not addressed to either.
    let other = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.id != open.responsible_body_id)
        .unwrap();
    let answer = app
        .post_form(
            &format!("/quan-ly/kien-nghi/{}/tra-loi", open.id),
            Some(&staff),
            &[
                ("from_body_id", &other.id.to_string()),
                ("text", "Đã tiếp thu"),
                ("on", ""),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn no_page_shown_to_staff_is_kept_by_a_browser_or_a_proxy() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let ward = app.sign_in("pcg.quantri").await;
    for (uri, cookie) in [
        ("/quan-ly", &staff.cookie),
        ("/quan-ly/chuong-trinh/2021", &staff.cookie),
        ("/tai-khoan", &staff.cookie),
        ("/", &staff.cookie),
        ("/dv/phuong-cau-giay/quan-ly", &ward.cookie),
    ] {
        let page = app.get_as(uri, cookie).await;
        assert_eq!(page.header("cache-control"), "no-store", "{uri}");
    }
    assert_eq!(
        app.get("/dang-nhap").await.header("cache-control"),
        "no-store"
    );
    // The public portal stays cacheable for visitors, and unchanging files for everyone.
    assert_ne!(app.get("/").await.header("cache-control"), "no-store");
    let css = app.get_as("/static/site.css", &staff.cookie).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_ne!(css.header("cache-control"), "no-store");
}

/// The Set-Cookie header that opens the session.
fn session_cookie(page: &common::Page) -> String {
    page.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("phoihop_session="))
        .expect("a session cookie")
}

/// The demo app behind a reverse proxy at 10.0.0.1, which the server is told to trust.
async fn behind_a_proxy() -> common::TestApp {
    let app = spawn_app().await;
    let state = web::AppState::new(app::App::new(app.store.clone()))
        .with_trusted_proxies(web::proxy::TrustedProxies::parse("10.0.0.1").unwrap());
    common::TestApp {
        router: web::router(state),
        ..app
    }
}

/// A sign-in sent by `peer`, with the forwarding headers it adds; the answer.
async fn sign_in_from(
    app: &common::TestApp,
    peer: &str,
    forwarded: &[(&str, &str)],
    username: &str,
    password: &str,
) -> common::Page {
    let form = app.get("/dang-nhap").await;
    let cookie = common::TestApp::cookie_set_by(&form, "phoihop_csrf").unwrap();
    let body = common::encode(&[
        ("csrf", &common::csrf_of(&form.body)),
        ("username", username),
        ("password", password),
    ]);
    let mut request = axum::http::Request::post("/dang-nhap")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .extension(axum::extract::ConnectInfo(
            format!("{peer}:40000")
                .parse::<std::net::SocketAddr>()
                .unwrap(),
        ));
    for (name, value) in forwarded {
        request = request.header(*name, *value);
    }
    app.call(request.body(axum::body::Body::from(body)).unwrap())
        .await
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_address_guessing_passwords_locks_out_no_one_else() {
    let app = behind_a_proxy().await;
    for i in 0..app::accounts::MAX_FAILURES_PER_ADDRESS + 2 {
        let page = sign_in_from(
            &app,
            "10.0.0.1",
            &[("x-forwarded-for", "203.0.113.7")],
            &format!("khong-co-{i}"),
            "sai mat khau mot chut",
        )
        .await;
        assert!(
            page.status == StatusCode::UNAUTHORIZED || page.status == StatusCode::TOO_MANY_REQUESTS
        );
    }
    let attacker = sign_in_from(
        &app,
        "10.0.0.1",
        &[("x-forwarded-for", "203.0.113.7")],
        "quantri",
        &app.password("quantri"),
    )
    .await;
    assert_eq!(
        attacker.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing address is stopped"
    );
    // A member of staff behind the same proxy signs in as usual, over TLS.
    let staff = sign_in_from(
        &app,
        "10.0.0.1",
        &[
            ("x-forwarded-for", "198.51.100.2"),
            ("x-forwarded-proto", "https"),
        ],
        "quantri",
        &app.password("quantri"),
    )
    .await;
    assert_eq!(staff.status, StatusCode::SEE_OTHER, "{}", staff.body);
    assert!(session_cookie(&staff).ends_with("; Secure"));
}

#[tokio::test]
async fn forwarding_headers_from_anyone_else_are_ignored() {
    let app = behind_a_proxy().await;
    // A client talking to the server directly cannot spread its guesses over made-up addresses.
    for i in 0..app::accounts::MAX_FAILURES_PER_ADDRESS {
        sign_in_from(
            &app,
            "192.0.2.9",
            &[("x-forwarded-for", &format!("203.0.113.{i}"))],
            &format!("khong-co-{i}"),
            "sai mat khau mot chut",
        )
        .await;
    }
    let locked = sign_in_from(
        &app,
        "192.0.2.9",
        &[("x-forwarded-for", "203.0.113.200")],
        "quantri",
        &app.password("quantri"),
    )
    .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // Nor make its cookie look as if it came over TLS.
    let plain = sign_in_from(
        &app,
        "192.0.2.10",
        &[("x-forwarded-proto", "https")],
        "quantri",
        &app.password("quantri"),
    )
    .await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert!(!session_cookie(&plain).contains("Secure"));
}
