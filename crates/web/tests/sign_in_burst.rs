//! A burst of wrong passwords for one account, sent all at once: the limit holds under
//! concurrency, counted by the password checks the server makes (the expensive part), not by
//! time. Alone in its test binary, because the count is the process's.

mod common;

use axum::http::StatusCode;
use common::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_hundred_and_fifty_wrong_passwords_at_once_cost_at_most_five_password_checks() {
    let app = spawn_app().await;
    let form = app.get("/dang-nhap").await;
    let cookie = common::TestApp::cookie_set_by(&form, "phoihop_csrf").unwrap();
    let csrf = common::csrf_of(&form.body);
    let before = store::accounts::password_checks();
    let attempts = (0..150).map(|i| {
        let body = common::encode(&[
            ("csrf", &csrf),
            ("username", "quantri"),
            ("password", &format!("sai-mat-khau-so-{i}")),
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
            .status
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let checks = store::accounts::password_checks() - before;
    assert!(
        checks <= app::accounts::MAX_FAILURES_PER_ACCOUNT as u64,
        "{checks} passwords were checked for a limit of {}",
        app::accounts::MAX_FAILURES_PER_ACCOUNT
    );
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let locked = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(refused as u64, checks, "each check is a refusal");
    assert_eq!(refused + locked, 150, "every other attempt is told to wait");
    // Attempts that found the door locked were taken back (knocking does not extend a lock), so
    // the burst may have spent less than the allowance: guessing on, one at a time, spends the
    // rest and no more.
    for i in 0..=app::accounts::MAX_FAILURES_PER_ACCOUNT {
        app.send(
            "POST",
            "/dang-nhap",
            Some(&cookie),
            "application/x-www-form-urlencoded",
            common::encode(&[
                ("csrf", &csrf),
                ("username", "quantri"),
                ("password", &format!("doan-tiep-{i}")),
            ]),
        )
        .await;
    }
    let checks = store::accounts::password_checks() - before;
    assert_eq!(
        checks,
        app::accounts::MAX_FAILURES_PER_ACCOUNT as u64,
        "the window's allowance, and not one guess more"
    );
    // And the right password is refused as well while the account is locked.
    let page = app
        .send(
            "POST",
            "/dang-nhap",
            Some(&cookie),
            "application/x-www-form-urlencoded",
            common::encode(&[
                ("csrf", &csrf),
                ("username", "quantri"),
                ("password", &app.password("quantri")),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}
