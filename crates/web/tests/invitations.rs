//! Joining a unit is consented to: a ward's administrator invites an account that exists, and the
//! role is the holder's only once they accept it at their next sign-in; inviting answers alike
//! whether a name exists or not. An account someone else made, or gave a new password, chooses its
//! own password before it works.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};

const WARD: &str = "/dv/phuong-nghia-do";

async fn invite(app: &TestApp, admin: &Session, username: &str, role: &str) -> common::Page {
    app.post_form(
        &format!("{WARD}/quan-ly/tai-khoan"),
        Some(admin),
        &[("action", "invite"), ("username", username), ("role", role)],
    )
    .await
}

/// Whether the ward's workspace opens for a session.
async fn works_in_the_ward(app: &TestApp, session: &Session) -> bool {
    app.get_as(&format!("{WARD}/quan-ly"), &session.cookie)
        .await
        .status
        == StatusCode::OK
}

#[tokio::test]
async fn an_invitation_grants_nothing_until_its_holder_accepts_it_at_sign_in() {
    let app = spawn_app().await;
    let admin = app.sign_in("nd.quantri").await;
    let before = app.sign_in("pcg.cv.hdnd").await;
    invite(&app, &admin, "pcg.cv.hdnd", "reader")
        .await
        .shows("Đã gửi lời mời tới “pcg.cv.hdnd”");
    app.get_as(&format!("{WARD}/quan-ly/tai-khoan"), &admin.cookie)
        .await
        .shows("Lời mời đang chờ trả lời")
        .shows("pcg.cv.hdnd");
    assert!(
        !works_in_the_ward(&app, &before).await,
        "an invitation unaccepted grants nothing, not even to a session already open"
    );

    // The next sign-in shows the invitation before anything else.
    let signed = app
        .submit_sign_in("pcg.cv.hdnd", &app.password("pcg.cv.hdnd"), "")
        .await;
    assert_eq!(signed.header("location"), "/tai-khoan#loi-moi");
    let holder = app.sign_in("pcg.cv.hdnd").await;
    let page = app.get_as("/tai-khoan", &holder.cookie).await;
    page.shows("Lời mời làm việc")
        .shows("phường Nghĩa Đô")
        .shows("mời bởi nd.quantri");
    let id = app
        .store
        .pending_invitations_for("pcg.cv.hdnd", 0)
        .await
        .unwrap()[0]
        .id;

    // Nobody else answers it for them.
    let other = app.sign_in("pcg.cv.ubnd").await;
    let stolen = app
        .post_form(
            &format!("/tai-khoan/loi-moi/{id}"),
            Some(&other),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND);

    let accepted = app
        .post_form(
            &format!("/tai-khoan/loi-moi/{id}"),
            Some(&holder),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert!(works_in_the_ward(&app, &holder).await);
    // Answered once: a second answer finds nothing to answer.
    let again = app
        .post_form(
            &format!("/tai-khoan/loi-moi/{id}"),
            Some(&holder),
            &[("answer", "decline")],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(works_in_the_ward(&app, &holder).await);
    // The change log names who accepted what.
    let history = app
        .store
        .history(
            app.store
                .units()
                .await
                .unwrap()
                .iter()
                .find(|u| u.slug == "phuong-nghia-do")
                .unwrap()
                .id,
            domain::entity::Entity::Invitation,
            id,
        )
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].actor, "pcg.cv.hdnd");
}

#[tokio::test]
async fn a_declined_or_withdrawn_invitation_grants_nothing() {
    let app = spawn_app().await;
    let admin = app.sign_in("nd.quantri").await;
    invite(&app, &admin, "cv.hdnd", "reader").await;
    invite(&app, &admin, "cv.ubnd", "reader").await;
    let declining = app.sign_in("cv.hdnd").await;
    let id = app
        .store
        .pending_invitations_for("cv.hdnd", 0)
        .await
        .unwrap()[0]
        .id;
    let declined = app
        .post_form(
            &format!("/tai-khoan/loi-moi/{id}"),
            Some(&declining),
            &[("answer", "decline")],
        )
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    assert!(!works_in_the_ward(&app, &declining).await);

    let withdrawn = app
        .store
        .pending_invitations_for("cv.ubnd", 0)
        .await
        .unwrap()[0]
        .id;
    let cancelled = app
        .post_form(
            &format!("{WARD}/quan-ly/tai-khoan"),
            Some(&admin),
            &[
                ("action", "cancel_invite"),
                ("invitation_id", &withdrawn.to_string()),
            ],
        )
        .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let late = app.sign_in("cv.ubnd").await;
    let answer = app
        .post_form(
            &format!("/tai-khoan/loi-moi/{withdrawn}"),
            Some(&late),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(!works_in_the_ward(&app, &late).await);
}

#[tokio::test]
async fn inviting_answers_alike_whether_the_name_exists_or_not() {
    let app = spawn_app().await;
    let admin = app.sign_in("nd.quantri").await;
    let existing = invite(&app, &admin, "quantri", "reader").await;
    let unknown = invite(&app, &admin, "khong.ai.co.ten", "reader").await;
    assert_eq!(existing.status, unknown.status);
    let notice = |page: &common::Page, name: &str| {
        let start = page.body.find("role=\"status\"").expect("a notice");
        let end = start + page.body[start..].find("</p>").unwrap();
        page.body[start..end].replace(name, "…")
    };
    assert_eq!(
        notice(&existing, "quantri"),
        notice(&unknown, "khong.ai.co.ten")
    );
    assert!(app
        .store
        .account_by_username("khong.ai.co.ten")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn an_account_an_administrator_made_chooses_its_own_password_before_it_works() {
    let app = spawn_app().await;
    let admin = app.sign_in("nd.quantri").await;
    let staff = app
        .get_as(&format!("{WARD}/quan-ly/tai-khoan"), &admin.cookie)
        .await;
    let committee = common::option_value(&staff.body, "Ủy ban nhân dân phường Nghĩa Đô");
    let made = app
        .post_form(
            &format!("{WARD}/quan-ly/tai-khoan"),
            Some(&admin),
            &[
                ("action", "add"),
                ("username", "nd.moi"),
                ("display_name", "Nguyễn Văn Mới"),
                ("password", "mật khẩu ban đầu đủ dài"),
                ("role", "editor"),
                ("body_id", &committee),
            ],
        )
        .await;
    made.shows("ở lần đăng nhập đầu");
    // Signed in with the given password, the workspace waits for one of their own.
    let given = app.sign_in_with("nd.moi", "mật khẩu ban đầu đủ dài").await;
    let waiting = app.get_as(&format!("{WARD}/quan-ly"), &given.cookie).await;
    assert_eq!(waiting.status, StatusCode::SEE_OTHER);
    assert_eq!(waiting.header("location"), "/tai-khoan#mat-khau");
    let form = app
        .post_form(
            &format!("{WARD}/quan-ly/tin-tuc/danh-muc"),
            Some(&given),
            &[("category_name", "Chưa được")],
        )
        .await;
    assert_eq!(form.header("location"), "/tai-khoan#mat-khau");

    let (own, to) = app
        .choose_own_password(
            "nd.moi",
            "mật khẩu ban đầu đủ dài",
            "câu của riêng tôi thôi",
        )
        .await;
    assert_eq!(to, format!("{WARD}/quan-ly"));
    assert!(works_in_the_ward(&app, &own).await);

    // An administrator's reset asks for the same.
    let reset = app
        .post_form(
            &format!("{WARD}/quan-ly/tai-khoan"),
            Some(&admin),
            &[
                ("action", "reset"),
                (
                    "user_id",
                    &app.store
                        .account_by_username("nd.moi")
                        .await
                        .unwrap()
                        .unwrap()
                        .id
                        .to_string(),
                ),
                ("reset_password", "mật khẩu quản trị đặt lại"),
            ],
        )
        .await;
    reset.shows("Đã đặt mật khẩu mới cho");
    app.choose_own_password(
        "nd.moi",
        "mật khẩu quản trị đặt lại",
        "một câu khác của tôi",
    )
    .await;
}
