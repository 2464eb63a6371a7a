//! Meetings as offices hold them: private unless ticked public, a chair and a secretary, attendees
//! chosen among the unit's post holders with guests typed in, minutes that keep their lines, and
//! the minutes' documents linked from the meeting's page.

mod common;

use std::io::{Cursor, Read};

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};

const WARD: &str = "/dv/phuong-cau-giay";

/// The holders the form offers, as `(person id, label)`: from its attendee checkboxes.
fn offered_holders(form: &str) -> Vec<(i64, String)> {
    form.split(r#"<input type="checkbox" name="attendee_ids" value=""#)
        .skip(1)
        .map(|rest| {
            let id = rest.split('"').next().unwrap().parse().unwrap();
            let label = rest
                .split("> ")
                .nth(1)
                .and_then(|l| l.split("</label>").next())
                .unwrap()
                .to_string();
            (id, label)
        })
        .collect()
}

async fn prepare(app: &TestApp, s: &Session, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let page = app
        .post_form(&format!("{WARD}/quan-ly/hoi-nghi"), Some(s), fields)
        .await;
    (page.status, page.header("location"))
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a DOCX");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test]
async fn a_meeting_names_its_chair_secretary_and_attendees_among_the_units_people_and_its_guests() {
    let app = spawn_app().await;
    let s = app.sign_in("pcg.cv.ubnd").await;
    let form = app
        .get_as(&format!("{WARD}/quan-ly/hoi-nghi/moi"), &s.cookie)
        .await;
    let holders = offered_holders(&form.body);
    assert!(
        holders.len() >= 3,
        "the ward's post holders are offered: {holders:?}"
    );
    form.shows(r#"<select id="chair_id" name="chair_id">"#)
        .shows(r#"<select id="secretary_id" name="secretary_id">"#)
        .shows(r#"<textarea id="guests" name="guests""#)
        // Ticked public by nobody yet.
        .shows(r#"<input type="checkbox" name="public" value="1"> Hội nghị công khai"#);
    let (chair, chair_label) = holders[0].clone();
    let (other, other_label) = holders[1].clone();
    let (secretary, _) = holders[2].clone();
    let (chair_s, other_s, secretary_s) =
        (chair.to_string(), other.to_string(), secretary.to_string());
    let minutes = "Khai mạc lúc 8 giờ.\nĐồng chí Chủ tịch phát biểu.\nBế mạc lúc 11 giờ.";
    let (status, location) = prepare(
        &app,
        &s,
        &[
            ("title", "Hội nghị tiếp xúc cử tri trước kỳ họp thứ hai"),
            ("kind", "voter_contact"),
            ("starts_at", "05/12/2026 08:00"),
            ("venue", "Nhà văn hóa tổ dân phố số 5"),
            ("chair_id", &chair_s),
            ("secretary_id", &secretary_s),
            ("attendee_ids", &chair_s),
            ("attendee_ids", &other_s),
            (
                "guests",
                "Nguyễn Văn Khách – Đại biểu HĐND thành phố\nđại diện các tổ dân phố",
            ),
            ("minutes", minutes),
            ("minutes_published", "1"),
            ("public", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id: i64 = location
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // The portal's page, as a citizen reads it.
    let page = app.get(&format!("{WARD}/hoi-nghi/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("<dt>Chủ trì</dt>")
        .shows(&chair_label)
        .shows("<dt>Thư ký</dt>")
        .shows(&other_label)
        .shows("Nguyễn Văn Khách – Đại biểu HĐND thành phố")
        .shows("đại diện các tổ dân phố")
        // The minutes keep their lines.
        .shows(
            r#"<div class="prewrap">Khai mạc lúc 8 giờ.
Đồng chí Chủ tịch phát biểu."#,
        )
        .shows(&format!(r#"href="{WARD}/hoi-nghi/{id}/bien-ban.pdf""#))
        .shows(&format!(r#"href="{WARD}/hoi-nghi/{id}/bien-ban.docx""#));

    // The minutes' document names the chair the office chose.
    let docx = app
        .download(&format!("{WARD}/hoi-nghi/{id}/bien-ban.docx"), None)
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    let chair_name = chair_label.split(" – ").next().unwrap();
    assert!(docx_text(&docx.bytes).contains(chair_name));
    let pdf = app
        .download(&format!("{WARD}/hoi-nghi/{id}/bien-ban.pdf"), None)
        .await;
    assert_eq!(pdf.status, StatusCode::OK);

    // The form shows back what was chosen.
    let edit = app
        .get_as(&format!("{WARD}/quan-ly/hoi-nghi/{id}"), &s.cookie)
        .await;
    edit.shows(&format!(r#"<option value="{chair}" selected>"#))
        .shows(&format!(r#"<option value="{secretary}" selected>"#))
        .shows(&format!(r#"name="attendee_ids" value="{other}" checked"#))
        .shows("Nguyễn Văn Khách – Đại biểu HĐND thành phố");
}

#[tokio::test]
async fn a_meeting_stays_in_the_workspace_until_someone_ticks_it_public() {
    let app = spawn_app().await;
    let s = app.sign_in("pcg.cv.ubnd").await;
    let (status, location) = prepare(
        &app,
        &s,
        &[
            ("title", "Họp giao ban nội bộ tháng 12"),
            ("kind", "working"),
            ("starts_at", "08/12/2026 14:00"),
            ("venue", "Phòng họp UBND phường"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = location
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        app.get(&format!("{WARD}/hoi-nghi/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    app.get(&format!("{WARD}/hoi-nghi"))
        .await
        .does_not_show("Họp giao ban nội bộ tháng 12");
}

#[tokio::test]
async fn the_portals_menu_leads_to_the_documents_of_every_unit() {
    let app = spawn_app().await;
    for prefix in ["", WARD] {
        app.get(&format!("{prefix}/tin-tuc"))
            .await
            .shows(&format!(r#"<a href="{prefix}/van-ban">Văn bản</a>"#));
        app.get(&format!("{prefix}/van-ban"))
            .await
            .shows(r#"aria-current="page">Văn bản</a>"#);
    }
}
