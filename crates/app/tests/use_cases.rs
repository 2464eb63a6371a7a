//! The use cases' rules at their own level, on every engine this run can reach (SQLite always,
//! PostgreSQL whenever `DATABASE_URL` names one), each test on a fresh database: who may, what is
//! scoped to a unit, and what one write holds, without HTTP in between.

use app::{App, AppError, Viewer};
use chrono::NaiveDate;
use domain::credentials::{NewPassword, TokenRequest, Username};
use domain::programme::{ItemDraft, ItemStatus, ProgrammeStatus, ProgressNote, TimeFrame, Year};
use domain::withdrawal::Withdrawable;
use store::demo::{NGHIA_DO_SLUG, WARD_SLUG};
use store::testing::fresh_stores;

async fn demo_apps() -> Vec<App> {
    demo_apps_with_passwords()
        .await
        .into_iter()
        .map(|(app, _)| app)
        .collect()
}

/// The demo on every engine, with the passwords its accounts were given.
async fn demo_apps_with_passwords() -> Vec<(App, Vec<store::demo::DemoAccount>)> {
    let mut apps = Vec::new();
    for store in fresh_stores().await {
        let accounts = store::demo::load(&store).await.expect("the demo loads");
        apps.push((App::new(store), accounts));
    }
    apps
}

fn engine(app: &App) -> &'static str {
    app.store().engine().name()
}

/// The viewer a demo account is in a unit, as a request would make it.
async fn viewer(app: &App, username: &str, unit_slug: &str) -> Viewer {
    let account = app.account_named(username).await.expect("a demo account");
    let actor = app.store().actor(account.id).await.unwrap();
    let unit = app.directory().await.unwrap().by_slug(unit_slug).cloned();
    app.viewer(unit.expect("a demo unit"), actor).await.unwrap()
}

async fn anonymous(app: &App, unit_slug: &str) -> Viewer {
    let unit = app.directory().await.unwrap().by_slug(unit_slug).cloned();
    app.viewer(unit.expect("a demo unit"), None).await.unwrap()
}

fn password(s: &str) -> NewPassword {
    NewPassword::parse(s).unwrap()
}

fn is_not_found<T: std::fmt::Debug>(r: &Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::NotFound))
}

#[tokio::test]
async fn a_ward_finds_no_record_of_another_ward_by_its_id_and_writes_nothing_to_it() {
    for app in demo_apps().await {
        let cau_giay = viewer(&app, "pcg.cv.ubnd", WARD_SLUG).await;
        let nghia_do = viewer(&app, "nd.cv.ubnd", NGHIA_DO_SLUG).await;
        let p = app
            .programme(&cau_giay, Year::new(2026).unwrap())
            .await
            .unwrap();
        let items = app.store().items(p.id).await.unwrap();
        let targets = app.store().targets(p.id).await.unwrap();
        assert!(!items.is_empty() && !targets.is_empty(), "{}", engine(&app));

        // Cầu Giấy's own clerk finds them; Nghĩa Đô's, asking by the same ids, finds nothing.
        assert!(app.item(&cau_giay, items[0].id).await.is_ok());
        assert!(is_not_found(&app.item(&nghia_do, items[0].id).await));
        assert!(is_not_found(&app.target(&nghia_do, targets[0].id).await));
        assert!(is_not_found(&app.programme_by_id(&nghia_do, p.id).await));

        let head = app.log_head().await.unwrap();
        let note = ProgressNote {
            on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            text: "Ghi chú của phường khác".into(),
        };
        let written = app.add_progress_note(&nghia_do, items[0].id, note).await;
        assert!(is_not_found(&written), "{}: {written:?}", engine(&app));
        assert_eq!(app.log_head().await.unwrap(), head, "nothing was written");
    }
}

#[tokio::test]
async fn of_two_set_ups_at_once_one_makes_the_operator_and_the_other_is_refused() {
    for store in fresh_stores().await {
        let app = App::new(store);
        assert!(app.needs_setup().await.unwrap());
        let (one, two) = (
            Username::parse("mot").unwrap(),
            Username::parse("hai").unwrap(),
        );
        let (p1, p2) = (password("mật khẩu thứ nhất"), password("mật khẩu thứ hai"));
        let (first, second) = tokio::join!(
            app.set_up_operator(&one, "Người thứ nhất", &p1),
            app.set_up_operator(&two, "Người thứ hai", &p2),
        );
        let made = [&first, &second].iter().filter(|r| r.is_ok()).count();
        assert_eq!(made, 1, "{}: {first:?} / {second:?}", engine(&app));
        let refused = if first.is_ok() { second } else { first };
        assert!(matches!(refused, Err(AppError::Forbidden(_))));
        assert!(!app.needs_setup().await.unwrap());
        assert_eq!(app.store().operators().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_password_reset_from_the_command_line_ends_the_accounts_api_tokens() {
    for app in demo_apps().await {
        let (_, secret) = app
            .create_api_token_from_command_line(
                "pcg.cv.ubnd",
                &TokenRequest::parse("Bảng tính báo cáo quý", "write", &[], "").unwrap(),
            )
            .await
            .unwrap();
        let holder = app.actor_by_token(&secret).await.unwrap();
        assert_eq!(holder.map(|a| a.username).as_deref(), Some("pcg.cv.ubnd"));

        app.reset_password_from_command_line("PCG.cv.ubnd", &password("một mật khẩu mới"))
            .await
            .unwrap();
        assert!(
            app.actor_by_token(&secret).await.unwrap().is_none(),
            "{}: the token outlived the reset",
            engine(&app)
        );
    }
}

#[tokio::test]
async fn the_command_line_gives_a_signing_key_to_a_head_only() {
    for app in demo_apps().await {
        let head = viewer(&app, "pcg.ct.ubnd", WARD_SLUG).await;
        let body = head.actor().unwrap().signs_for()[0];
        let before = app.log_head().await.unwrap();

        let refused = app
            .create_signing_key_from_command_line("pcg.cv.ubnd", body)
            .await;
        match refused {
            Err(AppError::Invalid(e)) => {
                let message = e.for_field("body").unwrap_or_default();
                assert!(message.contains("chưa có vai trò thủ trưởng"), "{message}");
            }
            other => panic!("{}: a clerk got a key: {other:?}", engine(&app)),
        }
        assert_eq!(app.log_head().await.unwrap(), before, "nothing was written");

        let (_, public) = app
            .create_signing_key_from_command_line("pcg.ct.ubnd", body)
            .await
            .unwrap();
        assert!(!public.is_empty());
        let unknown = app
            .create_signing_key_from_command_line("khong-co-ai", body)
            .await;
        assert!(matches!(unknown, Err(AppError::Invalid(_))), "{unknown:?}");
    }
}

#[tokio::test]
async fn a_new_account_from_the_command_line_cannot_take_a_used_name() {
    for app in demo_apps().await {
        let name = Username::parse("bientap").unwrap();
        let made = app
            .add_account_from_command_line(&name, "Biên tập viên", &password("mật khẩu đủ dài"))
            .await
            .unwrap();
        assert_eq!(made.username, "bientap");
        let again = app
            .add_account_from_command_line(&name, "Người khác", &password("mật khẩu đủ dài"))
            .await;
        match again {
            Err(AppError::Invalid(e)) => assert!(e
                .for_field("username")
                .is_some_and(|m| m.contains("đã có người dùng"))),
            other => panic!("{}: {other:?}", engine(&app)),
        }
    }
}

/// Whether this viewer reads the article.
async fn reads(app: &App, v: &Viewer, id: i64) -> bool {
    app.article_by_id(v, id).await.is_ok()
}

#[tokio::test]
async fn a_withdrawn_article_is_read_by_no_visitor_until_the_administrator_restores_it() {
    for app in demo_apps().await {
        let admin = viewer(&app, "pcg.quantri", WARD_SLUG).await;
        let visitor = anonymous(&app, WARD_SLUG).await;
        let mut public = None;
        for a in app.all_articles(&admin).await.unwrap() {
            if reads(&app, &visitor, a.id).await {
                public = Some(a.id);
                break;
            }
        }
        let id = public.expect("a published article of the ward");

        let clerk = viewer(&app, "nd.cv.ubnd", NGHIA_DO_SLUG).await;
        let foreign = app.withdraw(&clerk, Withdrawable::Article, id).await;
        assert!(is_not_found(&foreign), "{}: {foreign:?}", engine(&app));
        assert!(
            reads(&app, &visitor, id).await,
            "another ward withdrew nothing"
        );

        let withdrawal = app
            .withdraw(&admin, Withdrawable::Article, id)
            .await
            .unwrap();
        assert!(!reads(&app, &visitor, id).await, "{}", engine(&app));
        assert!(app
            .withdrawals(&admin)
            .await
            .unwrap()
            .iter()
            .any(|w| w.id == withdrawal.id));

        app.restore(&admin, withdrawal.id).await.unwrap();
        assert!(
            reads(&app, &visitor, id).await,
            "{}: restored",
            engine(&app)
        );
    }
}

/// A request's client as the use cases see it: here, no address and no device cookie.
fn no_client() -> app::accounts::Client<'static> {
    app::accounts::Client {
        address: None,
        device_cookie: None,
    }
}

fn year_2026() -> Year {
    Year::new(2026).unwrap()
}

fn new_item(lead_body_id: i64) -> ItemDraft {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    ItemDraft::parse(
        "Tổ chức hội nghị đối thoại với Nhân dân",
        lead_body_id,
        Vec::new(),
        TimeFrame::new(day(6, 1), day(6, 30)).unwrap(),
        ItemStatus::NotStarted,
    )
    .unwrap()
}

#[tokio::test]
async fn an_edit_of_a_signed_programme_leaves_it_signed_until_its_heads_sign_again_with_their_passwords(
) {
    for (app, accounts) in demo_apps_with_passwords().await {
        let clerk = viewer(&app, "pcg.cv.ubnd", WARD_SLUG).await;
        let head = viewer(&app, "pcg.ct.ubnd", WARD_SLUG).await;
        let visitor = anonymous(&app, WARD_SLUG).await;
        let body = head.actor().unwrap().signs_for()[0];
        let before = app.programme(&visitor, year_2026()).await.unwrap();
        assert_eq!(before.status, ProgrammeStatus::Signed, "{}", engine(&app));

        app.add_item(&clerk, year_2026(), &new_item(body))
            .await
            .unwrap();
        let after = app.programme(&visitor, year_2026()).await.unwrap();
        assert_eq!(
            after.status, before.status,
            "a clerk's edit unsigns nothing"
        );
        assert!(
            App::to_sign(&after).is_some(),
            "the amendment waits for signatures"
        );

        let p = app.programme(&head, year_2026()).await.unwrap();
        let may_sign = |parties: Vec<app::PartySigning>| -> Vec<i64> {
            parties
                .iter()
                .filter(|s| s.may_sign)
                .map(|s| s.body_id)
                .collect()
        };
        assert_eq!(may_sign(app.parties(&head, &p).await.unwrap()), vec![body]);
        assert!(may_sign(app.parties(&clerk, &p).await.unwrap()).is_empty());
        let signatures = app.signatures(&head, &after).await.unwrap().len();
        let wrong = app
            .sign_programme(&head, year_2026(), body, "không phải mật khẩu", no_client())
            .await;
        assert!(matches!(wrong, Err(AppError::Invalid(_))), "{wrong:?}");
        let p = app.programme(&head, year_2026()).await.unwrap();
        assert_eq!(app.signatures(&head, &p).await.unwrap().len(), signatures);

        let password = &accounts
            .iter()
            .find(|a| a.username == "pcg.ct.ubnd")
            .unwrap()
            .password;
        app.sign_programme(&head, year_2026(), body, password, no_client())
            .await
            .unwrap();
        let p = app.programme(&head, year_2026()).await.unwrap();
        assert_eq!(
            app.signatures(&head, &p).await.unwrap().len(),
            signatures + 1,
            "{}",
            engine(&app)
        );
        let parties = app.parties(&head, &p).await.unwrap();
        let own = parties.iter().find(|s| s.body_id == body).unwrap();
        assert!(
            own.signature.is_some() && !own.may_sign,
            "signed once, offered no more"
        );
        let clerk_signs = app
            .sign_programme(&clerk, year_2026(), body, password, no_client())
            .await;
        assert!(
            matches!(clerk_signs, Err(AppError::Forbidden(_))),
            "{clerk_signs:?}"
        );
    }
}

#[tokio::test]
async fn a_bulk_change_reaching_one_item_of_another_body_changes_none_of_them() {
    for app in demo_apps().await {
        let clerk = viewer(&app, "pcg.cv.ubnd", WARD_SLUG).await;
        let p = app.programme(&clerk, year_2026()).await.unwrap();
        let items = app.store().items(p.id).await.unwrap();
        let own_bodies = clerk.actor().unwrap().roles.clone();
        let theirs = items
            .iter()
            .find(|i| {
                !clerk.may(&domain::access::Action::EditItem {
                    unit_id: clerk.unit_id(),
                    lead_body_id: i.lead_body_id,
                })
            })
            .expect("an item another body leads");
        let mine = items
            .iter()
            .find(|i| {
                clerk.may(&domain::access::Action::EditItem {
                    unit_id: clerk.unit_id(),
                    lead_body_id: i.lead_body_id,
                })
            })
            .expect("an item the clerk's body leads");
        let head = app.log_head().await.unwrap();
        let change = app::BulkChange {
            item_ids: vec![mine.id, theirs.id],
            status: Some(ItemStatus::Done),
            lead_body_id: None,
        };
        let refused = app.bulk_change_items(&clerk, year_2026(), &change).await;
        assert!(refused.is_err(), "{}: {own_bodies:?}", engine(&app));
        assert_eq!(app.log_head().await.unwrap(), head, "nothing was written");
        let again = app.store().items(p.id).await.unwrap();
        assert_eq!(again, items, "no item changed");

        let change = app::BulkChange {
            item_ids: vec![mine.id],
            status: Some(ItemStatus::Done),
            lead_body_id: None,
        };
        app.bulk_change_items(&clerk, year_2026(), &change)
            .await
            .unwrap();
        let (changed, _) = app.item(&clerk, mine.id).await.unwrap();
        assert_eq!(changed.status, ItemStatus::Done);
    }
}
