//! Withdrawing what should not have been published, and restoring it: an article, a response, a
//! progress note, a person; by whoever may change it, restored by the unit's administrator only;
//! the public history says it was withdrawn, never what it said.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{search_uri, spawn_app, spawn_app_with_search_follower, Session, TestApp};
use domain::unit::AdminUnit;

const WARD: &str = "/dv/phuong-cau-giay";

async fn ward(app: &TestApp) -> AdminUnit {
    app.store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == "phuong-cau-giay")
        .unwrap()
}

/// An article of the ward that visitors read now.
async fn published_article(app: &TestApp, unit: &AdminUnit) -> domain::article::Article {
    app.store
        .all_articles(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.published_at.is_some_and(|at| at <= chrono::Utc::now()))
        .expect("a published article of the ward")
}

/// Press a "Gỡ bỏ" button: the answer is the list of what was withdrawn.
async fn withdraw(app: &TestApp, s: &Session, segment: &str, id: i64) -> common::Page {
    app.post_form(
        &format!("{WARD}/quan-ly/go-bo/{segment}/{id}"),
        Some(s),
        &[],
    )
    .await
}

/// The id of the restore form of the one withdrawn record listed as `title`.
async fn withdrawal_id(app: &TestApp, title: &str) -> i64 {
    let unit = ward(app).await;
    app.store
        .withdrawals(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.title == title)
        .unwrap_or_else(|| panic!("{title} is listed as withdrawn"))
        .id
}

#[tokio::test]
async fn a_withdrawn_article_is_gone_from_the_portal_and_its_administrator_restores_it() {
    let app = spawn_app().await;
    let unit = ward(&app).await;
    let article = published_article(&app, &unit).await;
    let address = format!("{WARD}/tin-tuc/{}", article.slug);
    assert_eq!(app.get(&address).await.status, StatusCode::OK);

    // The editor's page offers to withdraw it, asking first.
    let editor = app.sign_in("pcg.cv.ubnd").await;
    app.get_as(
        &format!("{WARD}/quan-ly/tin-tuc/{}", article.id),
        &editor.cookie,
    )
    .await
    .shows("Gỡ bỏ bài viết này?")
    .shows("Xác nhận gỡ bỏ");
    let done = withdraw(&app, &editor, "tin-tuc", article.id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let listed = app.get_as(&done.header("location"), &editor.cookie).await;
    listed
        .shows(&format!("Đã gỡ bỏ “{}”.", article.title))
        .shows("Chỉ quản trị đơn vị khôi phục được")
        .does_not_show("Khôi phục</button>");

    // Gone: its address, the news list, the workspace's list; a second press finds nothing.
    let gone = app.get(&address).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    app.get(&format!("{WARD}/tin-tuc"))
        .await
        .does_not_show(&article.title);
    app.get_as(&format!("{WARD}/quan-ly/tin-tuc"), &editor.cookie)
        .await
        .does_not_show(&format!(">{}<", article.title));
    assert_eq!(
        withdraw(&app, &editor, "tin-tuc", article.id).await.status,
        StatusCode::NOT_FOUND
    );

    // Its public history says it was withdrawn, and nothing of what it said.
    let history = app
        .get(&format!("{WARD}/lich-su/article/{}", article.id))
        .await;
    assert_eq!(history.status, StatusCode::OK);
    history
        .shows("Gỡ bỏ")
        .does_not_show(&article.title)
        .does_not_show(&article.summary);

    // The editor cannot restore it; the administrator can, and it is back where it was.
    let id = withdrawal_id(&app, &article.title).await;
    let refused = app
        .post_form(
            &format!("{WARD}/quan-ly/da-go/{id}/khoi-phuc"),
            Some(&editor),
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin = app.sign_in("pcg.quantri").await;
    app.get_as(&format!("{WARD}/quan-ly/da-go"), &admin.cookie)
        .await
        .shows(&article.title)
        .shows("Khôi phục</button>");
    let restored = app
        .post_form(
            &format!("{WARD}/quan-ly/da-go/{id}/khoi-phuc"),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    assert!(restored
        .header("location")
        .starts_with(&format!("{WARD}/quan-ly/tin-tuc/{}", article.id)));
    app.get(&address).await.shows(&article.title);
    let history = app
        .get(&format!("{WARD}/lich-su/article/{}", article.id))
        .await;
    history.shows("Gỡ bỏ").shows("Khôi phục");
    assert!(app.store.withdrawals(unit.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_withdrawn_article_leaves_the_search() {
    let app = spawn_app_with_search_follower().await;
    let unit = ward(&app).await;
    let article = published_article(&app, &unit).await;
    let href = format!("/tin-tuc/{}", article.slug);
    let q = format!("{WARD}{}", search_uri(&article.title));
    let found = |page: &common::Page| page.body.contains(&href);
    let until = |want: bool| {
        let app = &app;
        let q = q.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let page = app.get(&q).await;
                if found(&page) == want {
                    return true;
                }
                if Instant::now() > deadline {
                    return false;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    assert!(until(true).await, "the article is found before");
    let editor = app.sign_in("pcg.cv.ubnd").await;
    withdraw(&app, &editor, "tin-tuc", article.id).await;
    assert!(
        until(false).await,
        "the withdrawn article leaves the search"
    );
}

#[tokio::test]
async fn a_response_and_a_progress_note_are_withdrawn_by_the_body_that_wrote_them() {
    let app = spawn_app().await;
    let unit = ward(&app).await;
    let rec = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.public && r.responses.is_empty())
        .expect("a public recommendation without a response");
    let responsible = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.id == rec.responsible_body_id)
        .unwrap();
    let short = if responsible.short_name.starts_with("UBND") {
        "ubnd"
    } else if responsible.short_name.starts_with("HĐND") {
        "hdnd"
    } else {
        "mttq"
    };
    let editor = app.sign_in(&format!("pcg.cv.{short}")).await;
    let text = "Trả lời gửi nhầm kiến nghị: nội dung của một kiến nghị khác";
    let answered = app
        .post_form(
            &format!("{WARD}/quan-ly/kien-nghi/{}/tra-loi", rec.id),
            Some(&editor),
            &[("on", "20/11/2026"), ("text", text)],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let page = app
        .get_as(
            &format!("{WARD}/quan-ly/kien-nghi/{}", rec.id),
            &editor.cookie,
        )
        .await;
    page.shows(text).shows("Gỡ bỏ trả lời này?");
    let part = app
        .store
        .parts_of(unit.id, domain::withdrawal::Withdrawable::Response, rec.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.text == text)
        .unwrap();

    // Another body's editor may not take it back.
    let other = if short == "hdnd" {
        "pcg.cv.ubnd"
    } else {
        "pcg.cv.hdnd"
    };
    let other = app.sign_in(other).await;
    assert_eq!(
        withdraw(&app, &other, "tra-loi", part.id).await.status,
        StatusCode::FORBIDDEN
    );
    let done = withdraw(&app, &editor, "tra-loi", part.id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    app.get_as(
        &format!("{WARD}/quan-ly/kien-nghi/{}", rec.id),
        &editor.cookie,
    )
    .await
    .does_not_show(text);
    // The recommendation's public history says a response was withdrawn, not what it said.
    let history = app
        .get(&format!("{WARD}/lich-su/recommendation/{}", rec.id))
        .await;
    assert_eq!(history.status, StatusCode::OK);
    history
        .shows("Gỡ bỏ: trả lời kiến nghị")
        .does_not_show(text);

    // A progress note of an item the editor's body leads.
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let ubnd = app.sign_in("pcg.cv.ubnd").await;
    let ubnd_id = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name.starts_with("UBND"))
        .unwrap()
        .id;
    let item = app
        .store
        .items(p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.lead_body_id == ubnd_id)
        .unwrap();
    let note = "Ghi chú nhập nhầm vào nội dung này";
    let noted = app
        .post_form(
            &format!("{WARD}/quan-ly/noi-dung/{}/ghi-chu", item.id),
            Some(&ubnd),
            &[("on", "21/11/2026"), ("text", note)],
        )
        .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER, "{}", noted.body);
    let part = app
        .store
        .parts_of(
            unit.id,
            domain::withdrawal::Withdrawable::ProgressNote,
            item.id,
        )
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.text == note)
        .unwrap();
    let done = withdraw(&app, &ubnd, "tien-do", part.id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    app.get_as(
        &format!("{WARD}/quan-ly/noi-dung/{}", item.id),
        &ubnd.cookie,
    )
    .await
    .does_not_show(note);
    app.get(&format!("{WARD}/lich-su/programme_item/{}", item.id))
        .await
        .shows("Gỡ bỏ: ghi chú tiến độ")
        .does_not_show(note);
}

#[tokio::test]
async fn a_person_entered_by_mistake_is_withdrawn_from_every_page_and_restored() {
    let app = spawn_app().await;
    let unit = ward(&app).await;
    let admin = app.sign_in("pcg.quantri").await;
    let name = "Nguyễn Văn Nhập Nhầm";
    let added = app
        .post_form(
            &format!("{WARD}/quan-ly/co-quan"),
            Some(&admin),
            &[("action", "person"), ("full_name", name)],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let person = app
        .store
        .people(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.full_name == name)
        .unwrap();
    app.get_as(&format!("{WARD}/quan-ly/co-quan"), &admin.cookie)
        .await
        .shows(&format!("Gỡ bỏ {name}?"));
    let done = withdraw(&app, &admin, "can-bo", person.id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    app.get_as(&format!("{WARD}/quan-ly/co-quan"), &admin.cookie)
        .await
        .does_not_show(name);
    // It can no longer be appointed: its id is not the unit's any more.
    assert!(app
        .store
        .owned_by(unit.id, domain::entity::Entity::Person, &[person.id])
        .await
        .unwrap()
        .is_empty());
    let id = withdrawal_id(&app, name).await;
    let restored = app
        .post_form(
            &format!("{WARD}/quan-ly/da-go/{id}/khoi-phuc"),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    app.get_as(&format!("{WARD}/quan-ly/co-quan"), &admin.cookie)
        .await
        .shows(name);
}

#[tokio::test]
async fn another_wards_staff_can_neither_withdraw_nor_restore_a_wards_records() {
    let app = spawn_app().await;
    let unit = ward(&app).await;
    let article = app.store.all_articles(unit.id).await.unwrap()[0].clone();
    let sibling = app.sign_in("nd.quantri").await;
    // Through the sibling's own prefix the ward's id is not one of theirs.
    let uri = format!("/dv/phuong-nghia-do/quan-ly/go-bo/tin-tuc/{}", article.id);
    let refused = app.post_form(&uri, Some(&sibling), &[]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Through the ward's prefix the sibling is not its staff.
    let refused = withdraw(&app, &sibling, "tin-tuc", article.id).await;
    assert!(
        refused.status == StatusCode::FORBIDDEN || refused.status == StatusCode::NOT_FOUND,
        "{}",
        refused.status
    );
    assert!(app.store.withdrawals(unit.id).await.unwrap().is_empty());
    let admin = app.sign_in("pcg.quantri").await;
    let done = withdraw(&app, &admin, "tin-tuc", article.id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let id = withdrawal_id(&app, &article.title).await;
    let restore = app
        .post_form(
            &format!("/dv/phuong-nghia-do/quan-ly/da-go/{id}/khoi-phuc"),
            Some(&sibling),
            &[],
        )
        .await;
    assert_eq!(restore.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.withdrawals(unit.id).await.unwrap().len(), 1);
}
