//! Passwords in the browser: a person changes their own (the current one first, every other
//! session ends), and a unit's administrator gives a new one to staff who forgot theirs or whom
//! wrong passwords locked out — never to someone who also works in a unit they do not manage.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};

const NEW_PASSWORD: &str = "một câu dài chỉ mình tôi nhớ";
const DV_NGHIA_DO: &str = "/dv/phuong-nghia-do";

async fn change_password(
    app: &TestApp,
    session: &Session,
    current: &str,
    new: &str,
    repeat: &str,
) -> common::Page {
    app.post_form(
        "/tai-khoan/mat-khau",
        Some(session),
        &[
            ("current_password", current),
            ("new_password", new),
            ("repeat_password", repeat),
        ],
    )
    .await
}

/// Whether a session still opens a person's own page.
async fn still_signed_in(app: &TestApp, session: &Session) -> bool {
    app.get_as("/tai-khoan", &session.cookie).await.status == StatusCode::OK
}

async fn account(app: &TestApp, username: &str) -> store::accounts::Account {
    app.store
        .account_by_username(username)
        .await
        .unwrap()
        .unwrap()
}

async fn reset(
    app: &TestApp,
    admin: &Session,
    base: &str,
    username: &str,
    to: &str,
) -> common::Page {
    let id = account(app, username).await.id.to_string();
    app.post_form(
        &format!("{base}/quan-ly/tai-khoan"),
        Some(admin),
        &[
            ("action", "reset"),
            ("user_id", &id),
            ("reset_password", to),
        ],
    )
    .await
}

async fn lock_out(app: &TestApp, username: &str) {
    for i in 0..app::accounts::MAX_FAILURES_PER_ACCOUNT {
        let page = app
            .submit_sign_in(username, &format!("đoán sai lần {i}"), "")
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_person_changes_their_own_password_and_their_other_sessions_end() {
    let app = spawn_app().await;
    let old = app.password("cv.hdnd");
    let here = app.sign_in("cv.hdnd").await;
    let elsewhere = app.sign_in("cv.hdnd").await;
    app.get_as("/tai-khoan", &here.cookie)
        .await
        .shows("Đổi mật khẩu")
        .shows(r#"autocomplete="current-password""#);

    let done = change_password(&app, &here, &old, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.header("location"), "/tai-khoan?da-luu=1#mat-khau");
    let cookie = TestApp::cookie_set_by(&done, "phoihop_session").expect("a new session");
    app.get_as("/tai-khoan?da-luu=1", &cookie)
        .await
        .shows("Đã đổi mật khẩu");

    assert!(!still_signed_in(&app, &here).await, "the old session ended");
    assert!(
        !still_signed_in(&app, &elsewhere).await,
        "so did the other one"
    );
    assert_eq!(
        app.submit_sign_in("cv.hdnd", &old, "").await.status,
        StatusCode::UNAUTHORIZED,
        "the old password no longer opens the account"
    );
    app.sign_in_with("cv.hdnd", NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_wrong_current_password_or_a_bad_new_one_changes_nothing_and_says_why_beside_the_field() {
    let app = spawn_app().await;
    let old = app.password("cv.ubnd");
    let session = app.sign_in("cv.ubnd").await;
    for (current, new, repeat, field, message) in [
        (
            "không phải mật khẩu",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "current_password",
            "Mật khẩu hiện tại chưa đúng",
        ),
        (
            old.as_str(),
            NEW_PASSWORD,
            "một câu khác hẳn",
            "repeat_password",
            "Hai lần nhập mật khẩu mới chưa giống nhau",
        ),
        (
            old.as_str(),
            "ngắn quá",
            "ngắn quá",
            "new_password",
            "Mật khẩu cần ít nhất 12 ký tự",
        ),
        (
            old.as_str(),
            "mat khau 123456",
            "mat khau 123456",
            "new_password",
            "quá phổ biến",
        ),
    ] {
        let page = change_password(&app, &session, current, new, repeat).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        page.shows(message)
            .shows(&format!(r#"aria-describedby="{field}-loi""#))
            .shows(&format!(r#"id="{field}-loi""#));
    }
    assert!(still_signed_in(&app, &session).await);
    app.sign_in_with("cv.ubnd", &old).await;
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_limit_on_sign_ins() {
    let app = spawn_app().await;
    let old = app.password("cv.mttq");
    let session = app.sign_in("cv.mttq").await;
    for i in 0..app::accounts::MAX_FAILURES_PER_ACCOUNT {
        change_password(
            &app,
            &session,
            &format!("đoán {i}"),
            NEW_PASSWORD,
            NEW_PASSWORD,
        )
        .await
        .shows("Mật khẩu hiện tại chưa đúng");
    }
    change_password(&app, &session, &old, NEW_PASSWORD, NEW_PASSWORD)
        .await
        .shows("Nhập sai quá nhiều lần");
    assert_eq!(
        app.submit_sign_in("cv.mttq", &old, "").await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "an open session gives no way round the limit"
    );
}

#[tokio::test]
async fn an_administrator_gives_a_locked_out_member_of_staff_a_new_password() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let victim = app.sign_in("cv.ubnd").await;
    lock_out(&app, "cv.ubnd").await;
    app.get_as("/quan-ly/tai-khoan", &admin.cookie)
        .await
        .shows("tạm khóa do đăng nhập sai")
        .shows("Đặt lại mật khẩu");

    // Too short: said beside the field of that account, with its disclosure open.
    let id = account(&app, "cv.ubnd").await.id;
    let weak = reset(&app, &admin, "", "cv.ubnd", "ngắn").await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    weak.shows("Mật khẩu cần ít nhất 12 ký tự")
        .shows(&format!(r#"aria-describedby="reset-{id}-loi""#))
        .shows("<details open>");

    reset(&app, &admin, "", "cv.ubnd", NEW_PASSWORD)
        .await
        .shows("Đã đặt mật khẩu mới cho")
        .shows("không còn bị tạm khóa");
    assert!(!still_signed_in(&app, &victim).await, "old sessions ended");
    app.sign_in_with("cv.ubnd", NEW_PASSWORD).await;
    app.get_as("/quan-ly/tai-khoan", &admin.cookie)
        .await
        .does_not_show("tạm khóa do đăng nhập sai");
}

#[tokio::test]
async fn an_administrator_cannot_reset_the_password_of_someone_who_also_works_in_another_unit() {
    let app = spawn_app().await;
    // The ward's administrator invites a member of the district's staff, who accepts a role in
    // the ward too.
    let ward_admin = app.sign_in("nd.quantri").await;
    let invited = app
        .post_form(
            &format!("{DV_NGHIA_DO}/quan-ly/tai-khoan"),
            Some(&ward_admin),
            &[
                ("action", "invite"),
                ("username", "cv.mttq"),
                ("role", "reader"),
            ],
        )
        .await;
    invited.shows("Đã gửi lời mời tới “cv.mttq”");
    let holder = app.sign_in("cv.mttq").await;
    let invitation = app
        .store
        .pending_invitations_for("cv.mttq", 0)
        .await
        .unwrap()[0]
        .id;
    let accepted = app
        .post_form(
            &format!("/tai-khoan/loi-moi/{invitation}"),
            Some(&holder),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);

    let admin = app.sign_in("quantri").await;
    let form_for = |name: String| format!("Mật khẩu mới cho {name} ");
    let staff = app.get_as("/quan-ly/tai-khoan", &admin.cookie).await;
    staff
        .does_not_show(&form_for(account(&app, "cv.mttq").await.display_name))
        .does_not_show(&form_for(account(&app, "quantri").await.display_name))
        .shows(&form_for(account(&app, "cv.hdnd").await.display_name));
    let refused = reset(&app, &admin, "", "cv.mttq", NEW_PASSWORD).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    refused.shows("còn làm việc ở đơn vị khác");
    app.sign_in("cv.mttq").await;

    // Nor their own, nor anyone's of a unit they do not manage.
    let own = reset(&app, &admin, "", "quantri", NEW_PASSWORD).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    own.shows("Mật khẩu của chính mình được đổi ở trang");
    let elsewhere = reset(&app, &admin, "", "nd.cv.ubnd", NEW_PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    app.sign_in("nd.cv.ubnd").await;
    app.sign_in("quantri").await;
}

#[tokio::test]
async fn staff_other_than_administrators_reset_no_password() {
    let app = spawn_app().await;
    let editor = app.sign_in("cv.hdnd").await;
    let page = reset(&app, &editor, "", "cv.ubnd", NEW_PASSWORD).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    app.sign_in("cv.ubnd").await;
}

/// Whether an API token still writes: a new draft article through the API of the default unit.
async fn token_writes(app: &TestApp, token: &str) -> StatusCode {
    app.api(
        "POST",
        "/api/v1/articles",
        Some(token),
        serde_json::json!({"title": "Bài viết thử qua API", "body_html": "<p>Nội dung thử.</p>"}),
    )
    .await
    .status
}

#[tokio::test]
async fn an_administrators_reset_ends_the_api_tokens_made_before_it() {
    let app = spawn_app().await;
    let token = common::api_token(&app, "cv.ubnd").await;
    assert_eq!(token_writes(&app, &token).await, StatusCode::CREATED);
    let admin = app.sign_in("quantri").await;
    reset(&app, &admin, "", "cv.ubnd", NEW_PASSWORD)
        .await
        .shows("mọi mã truy cập API của tài khoản đã kết thúc");
    assert_eq!(token_writes(&app, &token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.api(
            "GET",
            "/api/v1/articles",
            Some(&token),
            serde_json::json!({})
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED,
        "nor does it read"
    );
    // The holder, signed in with the new password, makes a new one that works.
    let session = app.sign_in_with("cv.ubnd", NEW_PASSWORD).await;
    app.get_as("/tai-khoan", &session.cookie)
        .await
        .shows("đã thu hồi");
    let fresh = common::api_token(&app, "cv.ubnd").await;
    assert_eq!(token_writes(&app, &fresh).await, StatusCode::CREATED);
}

#[tokio::test]
async fn changing_ones_own_password_ends_the_api_tokens_made_before_it() {
    let app = spawn_app().await;
    let token = common::api_token(&app, "cv.hdnd").await;
    let session = app.sign_in("cv.hdnd").await;
    let old = app.password("cv.hdnd");
    let done = change_password(&app, &session, &old, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(token_writes(&app, &token).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_revoked_role_ends_what_it_granted_at_the_next_request() {
    let app = spawn_app().await;
    let editor = app.sign_in("pcg.cv.ubnd").await;
    let token = common::api_token(&app, "pcg.cv.ubnd").await;
    let ward = "/dv/phuong-cau-giay";
    assert_eq!(
        app.get_as(&format!("{ward}/quan-ly"), &editor.cookie)
            .await
            .status,
        StatusCode::OK
    );
    let account = account(&app, "pcg.cv.ubnd").await;
    let unit = app
        .store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == "phuong-cau-giay")
        .unwrap();
    let grants = app.store.unit_roles(unit.id).await.unwrap();
    let admin = app.sign_in("pcg.quantri").await;
    for g in grants.iter().filter(|g| g.user_id == account.id) {
        let page = app
            .post_form(
                &format!("{ward}/quan-ly/tai-khoan"),
                Some(&admin),
                &[("action", "revoke"), ("grant_id", &g.id.to_string())],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    assert_eq!(
        app.get_as(&format!("{ward}/quan-ly"), &editor.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN,
        "the open session no longer reads the workspace"
    );
    let write = app
        .api(
            "POST",
            &format!("{ward}/api/v1/articles"),
            Some(&token),
            serde_json::json!({"title": "Bài viết thử", "body_html": "<p>x</p>"}),
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "{}", write.body);
}
