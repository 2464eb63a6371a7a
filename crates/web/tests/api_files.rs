//! Documents and pictures through the API: attached by those who may change the record, refused
//! by the field when they are not what they claim, and never to another ward's record.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{api_token, multipart, spawn_app, Page, Part, TestApp};
use serde_json::json;

const WARD: &str = "/dv/phuong-cau-giay";
const OTHER_WARD: &str = "/dv/phuong-nghia-do";

/// A small PDF as a scanner writes one; only its first bytes make it a PDF.
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A multipart upload to the API with a token.
async fn upload(app: &TestApp, uri: &str, token: Option<&str>, parts: &[Part<'_>]) -> Page {
    let (content_type, body) = multipart(parts);
    let mut b = Request::builder()
        .method("POST")
        .uri(uri)
        .header("content-type", content_type);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    app.call(b.body(Body::from(body)).unwrap()).await
}

/// A picture of a few pixels, as a camera's PNG would be.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn new_article(app: &TestApp, ward: &str, token: &str) -> String {
    let made = app
        .api(
            "POST",
            &format!("{ward}/api/v1/articles"),
            Some(token),
            json!({"title": "Tin có tệp đính kèm", "body_html": "<p>Nội dung.</p>"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.json()["slug"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_pdf_attached_to_an_article_downloads_as_it_was_uploaded() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.mttq").await;
    let slug = new_article(&app, WARD, &token).await;
    let made = upload(
        &app,
        &format!("{WARD}/api/v1/articles/{slug}/attachments"),
        Some(&token),
        &[
            Part::Field("document_title", "Kế hoạch phối hợp năm 2026"),
            Part::File("document", "ke-hoach.pdf", PDF),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let json = made.json();
    assert_eq!(json["title"], "Kế hoạch phối hợp năm 2026");
    assert_eq!(json["kind"], "pdf");
    let href = json["href"].as_str().unwrap();
    assert!(href.starts_with(&format!("{WARD}/tep/")), "{href}");
    let file = app.fetch("GET", href, None, "", Vec::new()).await;
    // A draft's document is the staff's: the public is not told it exists.
    assert_eq!(file.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_file_that_is_not_a_document_is_refused_by_its_field_and_nothing_is_attached() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let meeting =
        app.get(&format!("{WARD}/api/v1/meetings")).await.json()["items"][0]["id"].clone();
    let refused = upload(
        &app,
        &format!("{WARD}/api/v1/meetings/{meeting}/attachments"),
        Some(&token),
        &[Part::File(
            "document",
            "virus.pdf",
            b"MZ\x90\x00 not a document",
        )],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.json()["fields"][0]["field"], "document");
    let not_multipart = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/meetings/{meeting}/attachments"),
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(not_multipart.status, StatusCode::BAD_REQUEST);
    assert!(not_multipart.content_type.starts_with("application/json"));
}

#[tokio::test]
async fn a_reader_attaches_nothing_and_another_wards_record_is_not_found() {
    let app = spawn_app().await;
    let meeting =
        app.get(&format!("{WARD}/api/v1/meetings")).await.json()["items"][0]["id"].clone();
    let uri = format!("{WARD}/api/v1/meetings/{meeting}/attachments");
    let reader = api_token(&app, "pcg.doc").await;
    let refused = upload(
        &app,
        &uri,
        Some(&reader),
        &[Part::File("document", "a.pdf", PDF)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let anonymous = upload(&app, &uri, None, &[Part::File("document", "a.pdf", PDF)]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // The other ward's meeting, named at this ward's address by this ward's administrator.
    let other = api_token(&app, "nd.quantri").await;
    let theirs = app
        .api(
            "POST",
            &format!("{OTHER_WARD}/api/v1/meetings"),
            Some(&other),
            json!({"kind": "working", "title": "Họp Nghĩa Đô", "starts_at": "2026-12-15T08:00:00+07:00", "venue": "Hội trường"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    let id = theirs.json()["id"].clone();
    let admin = api_token(&app, "pcg.quantri").await;
    let crossed = upload(
        &app,
        &format!("{WARD}/api/v1/meetings/{id}/attachments"),
        Some(&admin),
        &[Part::File("document", "a.pdf", PDF)],
    )
    .await;
    assert_eq!(crossed.status, StatusCode::NOT_FOUND, "{}", crossed.body);
}

#[tokio::test]
async fn a_picture_added_to_an_article_shows_in_its_text_with_its_description() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let slug = new_article(&app, WARD, &token).await;
    let uri = format!("{WARD}/api/v1/articles/{slug}/pictures");
    let picture = png();
    let without_alt = upload(
        &app,
        &uri,
        Some(&token),
        &[Part::File("file", "anh.png", &picture)],
    )
    .await;
    assert_eq!(
        without_alt.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        without_alt.body
    );
    assert_eq!(without_alt.json()["fields"][0]["field"], "alt");
    let added = upload(
        &app,
        &uri,
        Some(&token),
        &[
            Part::Field("alt", "Hội nghị tổng kết"),
            Part::Field("caption", "Quang cảnh hội nghị"),
            Part::File("file", "anh.png", &picture),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let body = added.json()["body_html"].as_str().unwrap().to_string();
    assert!(body.contains("alt=\"Hội nghị tổng kết\""), "{body}");
    assert_eq!(added.json()["captions"][0], "Quang cảnh hội nghị");
    assert!(added.headers.contains_key("etag"));
}
