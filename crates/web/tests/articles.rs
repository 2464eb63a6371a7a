//! Writing the news without surprises: a draft previewed as the portal will show it, in every
//! unit; dates typed and shown as Vietnamese write them.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};

/// Save a draft through the workspace's form of the unit at `prefix` ("" or "/dv/{slug}") and
/// return its id and address.
async fn save_draft(
    app: &TestApp,
    prefix: &str,
    s: &Session,
    title: &str,
    text: &str,
) -> (i64, String) {
    let saved = app
        .post_form(
            &format!("{prefix}/quan-ly/tin-tuc"),
            Some(s),
            &[
                ("title", title),
                ("body", &format!("<p>{text}</p>")),
                ("byline", "Văn phòng"),
                ("publish", "draft"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let location = saved.header("location");
    let id: i64 = location
        .split('?')
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("the draft's page: {location}"));
    (id, location)
}

#[tokio::test]
async fn a_drafts_preview_shows_its_text_to_staff_as_the_portal_will_and_nobody_else_sees_it() {
    let app = spawn_app().await;
    for (prefix, editor) in [("", "quantri"), ("/dv/phuong-cau-giay", "pcg.quantri")] {
        let s = app.sign_in(editor).await;
        let text = format!("Nội dung chưa đăng của {editor}");
        let (id, _) = save_draft(&app, prefix, &s, &format!("Bản nháp {editor}"), &text).await;
        let form = app
            .get_as(&format!("{prefix}/quan-ly/tin-tuc/{id}"), &s.cookie)
            .await;
        form.shows(&format!(
            r#"href="{prefix}/quan-ly/tin-tuc/{id}/xem-truoc">Xem trước</a>"#
        ));

        let preview = app
            .get_as(
                &format!("{prefix}/quan-ly/tin-tuc/{id}/xem-truoc"),
                &s.cookie,
            )
            .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        preview
            .shows(&text)
            .shows("Xem trước.")
            .shows("Bản nháp, chưa đăng")
            .shows(r#"<meta name="robots" content="noindex">"#)
            // The portal's own page around it: its menu and its article layout.
            .shows(r#"<article class="news card">"#);
        assert!(preview.header("cache-control").contains("no-store"));

        // A visitor: the preview asks to sign in, the draft's address does not exist.
        let anonymous = app
            .get(&format!("{prefix}/quan-ly/tin-tuc/{id}/xem-truoc"))
            .await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
        assert!(anonymous.header("location").starts_with("/dang-nhap"));
        let unit = if prefix.is_empty() {
            app.store.default_unit().await.unwrap()
        } else {
            app.store
                .units()
                .await
                .unwrap()
                .into_iter()
                .find(|u| u.slug == "phuong-cau-giay")
                .unwrap()
        };
        let draft = app
            .store
            .article_by_id(unit.id, id)
            .await
            .unwrap()
            .expect("the draft is the unit's");
        let public = app.get(&format!("{prefix}/tin-tuc/{}", draft.slug)).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND);
        assert!(!public.body.contains(&text));
    }
}

#[tokio::test]
async fn another_units_staff_cannot_preview_a_wards_draft() {
    let app = spawn_app().await;
    let ward = app.sign_in("pcg.quantri").await;
    let (id, _) = save_draft(
        &app,
        "/dv/phuong-cau-giay",
        &ward,
        "Bản nháp của phường",
        "Chỉ phường Cầu Giấy xem",
    )
    .await;
    let sibling = app.sign_in("nd.quantri").await;
    for uri in [
        format!("/dv/phuong-cau-giay/quan-ly/tin-tuc/{id}/xem-truoc"),
        format!("/dv/phuong-nghia-do/quan-ly/tin-tuc/{id}/xem-truoc"),
    ] {
        let page = app.get_as(&uri, &sibling.cookie).await;
        assert!(
            page.status == StatusCode::NOT_FOUND || page.status == StatusCode::FORBIDDEN,
            "{uri}: {}",
            page.status
        );
        page.does_not_show("Chỉ phường Cầu Giấy xem");
    }
}

#[tokio::test]
async fn dates_are_typed_and_shown_as_vietnamese_write_them_whatever_the_browsers_language() {
    let app = spawn_app().await;
    let s = app.sign_in("pcg.cv.ubnd").await;
    let ward = "/dv/phuong-cau-giay";
    let unit = app
        .store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == "phuong-cau-giay")
        .unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let ubnd = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name.starts_with("UBND"))
        .unwrap();
    let item = app
        .store
        .items(p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.lead_body_id == ubnd.id)
        .expect("an item UBND leads");
    let uri = format!("{ward}/quan-ly/noi-dung/{}", item.id);
    let page = app.get_as(&uri, &s.cookie).await;
    page.does_not_show(r#"type="date""#)
        .shows(r#"placeholder="dd/mm/yyyy""#)
        .shows(&format!(
            r#"value="{}""#,
            domain::time::short_date(item.time_frame.starts_on)
        ));
    let new_article = app
        .get_as(&format!("{ward}/quan-ly/tin-tuc/moi"), &s.cookie)
        .await;
    new_article
        .does_not_show("datetime-local")
        .shows(r#"placeholder="dd/mm/yyyy hh:mm""#);
}
