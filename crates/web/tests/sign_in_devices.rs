//! The limits on failed sign-ins as device cookies draw them: a browser that signed in to an
//! account before keeps its own allowance, so that guesses from elsewhere lock out only untrusted
//! clients; knocking at a locked door does not keep it locked; a planted token or device cookie
//! opens nothing. (Every request of these tests comes from one address, as a shared NAT's would.)

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Page, TestApp};

const HOLDER: &str = "cv.hdnd";
const DEVICE: &str = "phoihop_device";

/// Post the sign-in form with the device cookie a browser carries (if any).
async fn sign_in(app: &TestApp, username: &str, password: &str, device: Option<&str>) -> Page {
    let form = app.get("/dang-nhap").await;
    let csrf_cookie = TestApp::cookie_set_by(&form, "phoihop_csrf").unwrap();
    let csrf = common::csrf_of(&form.body);
    let cookies = match device {
        Some(d) => format!("{csrf_cookie}; {d}"),
        None => csrf_cookie,
    };
    app.send(
        "POST",
        "/dang-nhap",
        Some(&cookies),
        "application/x-www-form-urlencoded",
        common::encode(&[
            ("csrf", &csrf),
            ("username", username),
            ("password", password),
        ]),
    )
    .await
}

/// A browser that has signed in to the account once: its device cookie (`name=value`).
async fn trusted_browser(app: &TestApp, username: &str) -> String {
    let done = sign_in(app, username, &app.password(username), None).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let set = done
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with(DEVICE))
        .expect("a device cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"));
    set.split(';').next().unwrap().to_string()
}

/// Make every recorded failure older by `seconds`, as if that time had passed.
async fn age_failures(app: &TestApp, seconds: i64) {
    sqlx::query("UPDATE sign_in_failures SET at = at - $1")
        .bind(seconds)
        .execute(app.store.db_write())
        .await
        .unwrap();
}

async fn lock_out_untrusted(app: &TestApp, username: &str) {
    for i in 0..app::accounts::MAX_FAILURES_PER_ACCOUNT {
        let page = sign_in(app, username, &format!("đoán sai lần {i}"), None).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_attackers_burst_leaves_the_holder_signing_in_from_a_browser_that_signed_in_before() {
    let app = spawn_app().await;
    let device = trusted_browser(&app, HOLDER).await;
    let attempts = (0..150).map(|i| {
        let app = &app;
        async move {
            sign_in(app, HOLDER, &format!("sai-mat-khau-so-{i}"), None)
                .await
                .status
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        refused as i64 <= app::accounts::MAX_FAILURES_PER_ACCOUNT,
        "{refused} guesses reached the password check"
    );
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS));

    // Attempts that found the door locked were taken back, so the burst may have left some of
    // the allowance: the attacker spends it one guess at a time.
    for i in 0..app::accounts::MAX_FAILURES_PER_ACCOUNT {
        sign_in(&app, HOLDER, &format!("doan-tiep-{i}"), None).await;
    }
    let untrusted = sign_in(&app, HOLDER, &app.password(HOLDER), None).await;
    assert_eq!(
        untrusted.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a new browser waits out the lock"
    );
    let holder = sign_in(&app, HOLDER, &app.password(HOLDER), Some(&device)).await;
    assert_eq!(holder.status, StatusCode::SEE_OTHER, "{}", holder.body);
}

#[tokio::test]
async fn knocking_while_locked_does_not_keep_the_lock() {
    let app = spawn_app().await;
    lock_out_untrusted(&app, HOLDER).await;
    // Almost the whole window later, someone keeps trying, the right password included.
    age_failures(&app, app::accounts::FAILURE_WINDOW_SECONDS - 30).await;
    for i in 0..10 {
        let page = sign_in(&app, HOLDER, &format!("vẫn thử {i}"), None).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(
        sign_in(&app, HOLDER, &app.password(HOLDER), None)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A minute on, the failures that made the lock are older than the window: it is gone.
    age_failures(&app, 60).await;
    let page = sign_in(&app, HOLDER, &app.password(HOLDER), None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[tokio::test]
async fn a_device_cookie_made_up_or_of_another_account_is_an_untrusted_client() {
    let app = spawn_app().await;
    let other = trusted_browser(&app, "cv.ubnd").await;
    lock_out_untrusted(&app, HOLDER).await;
    let value = other.split_once('=').unwrap().1;
    let (_, rest) = value.split_once(':').unwrap();
    for forged in [
        format!("{DEVICE}={HOLDER}:{rest}"),
        format!("{DEVICE}={HOLDER}:{}", "0".repeat(65)),
        format!("{DEVICE}={HOLDER}"),
        other.clone(),
    ] {
        let page = sign_in(&app, HOLDER, &app.password(HOLDER), Some(&forged)).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{forged}");
    }
}

#[tokio::test]
async fn a_trusted_browser_that_guesses_wrong_locks_only_itself() {
    let app = spawn_app().await;
    let office = trusted_browser(&app, HOLDER).await;
    let home = trusted_browser(&app, HOLDER).await;
    for i in 0..app::accounts::MAX_FAILURES_PER_DEVICE {
        let page = sign_in(&app, HOLDER, &format!("gõ nhầm {i}"), Some(&office)).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        sign_in(&app, HOLDER, &app.password(HOLDER), Some(&office))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in(&app, HOLDER, &app.password(HOLDER), Some(&home))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in(&app, HOLDER, &app.password(HOLDER), None)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "nor untrusted clients: those were the holder's own typos"
    );
    // The administrator's reset lifts the browser's lock as well.
    let admin = app.sign_in("quantri").await;
    let id = app
        .store
        .account_by_username(HOLDER)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let reset = app
        .post_form(
            "/quan-ly/tai-khoan",
            Some(&admin),
            &[
                ("action", "reset"),
                ("user_id", &id),
                ("reset_password", "một câu dài chỉ mình tôi nhớ"),
            ],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    let page = sign_in(&app, HOLDER, "một câu dài chỉ mình tôi nhớ", Some(&office)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[tokio::test]
async fn colleagues_behind_one_address_keep_signing_in_from_their_own_browsers() {
    let app = spawn_app().await;
    let colleague = trusted_browser(&app, "cv.mttq").await;
    // Someone behind the same NAT guesses at names that do not exist.
    for i in 0..=app::accounts::MAX_FAILURES_PER_ADDRESS {
        sign_in(&app, &format!("khong-co-{i}"), "sai mat khau", None).await;
    }
    assert_eq!(
        sign_in(&app, "cv.ubnd", &app.password("cv.ubnd"), None)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS,
        "new browsers at the address wait"
    );
    assert_eq!(
        sign_in(&app, "cv.mttq", &app.password("cv.mttq"), Some(&colleague))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_sign_in_token_the_server_did_not_make_or_a_post_from_another_site_is_refused() {
    let app = spawn_app().await;
    let password = app.password(HOLDER);
    let post = |cookie: String, csrf: String, origin: Option<&'static str>| {
        let app = &app;
        let password = password.clone();
        async move {
            let mut request = axum::http::Request::post("/dang-nhap")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("host", "127.0.0.1:8080")
                .header("cookie", cookie);
            if let Some(o) = origin {
                request = request.header("origin", o);
            }
            app.call(
                request
                    .body(axum::body::Body::from(common::encode(&[
                        ("csrf", &csrf),
                        ("username", HOLDER),
                        ("password", &password),
                    ])))
                    .unwrap(),
            )
            .await
        }
    };
    // Any 64 characters a sibling subdomain plants in the cookie and the form alike.
    let planted = "a".repeat(64);
    let page = post(format!("phoihop_csrf={planted}"), planted, None).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    page.shows("Biểu mẫu đã hết hạn");

    let form = app.get("/dang-nhap").await;
    let cookie = TestApp::cookie_set_by(&form, "phoihop_csrf").unwrap();
    let csrf = common::csrf_of(&form.body);
    let from_elsewhere = post(
        cookie.clone(),
        csrf.clone(),
        Some("https://evil.hanoi.gov.vn"),
    )
    .await;
    assert_eq!(from_elsewhere.status, StatusCode::FORBIDDEN);
    let from_here = post(cookie, csrf, Some("http://127.0.0.1:8080")).await;
    assert_eq!(
        from_here.status,
        StatusCode::SEE_OTHER,
        "{}",
        from_here.body
    );
}
