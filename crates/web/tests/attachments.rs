//! Documents attached in the workspace to meetings, oversight activities and articles: listed
//! where the record is read, downloaded byte for byte by whoever may read the record and by no one
//! else, and refused with a message by the field when they are not PDF, DOCX or XLSX.

mod common;

use std::io::{Cursor, Write};

use axum::http::StatusCode;
use common::{spawn_app, Part, Session, TestApp};

/// A small PDF as a scanner writes one; only its first bytes make it a PDF.
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// An Office package listing the parts that make it a DOCX or an XLSX (or a macro-bearing one).
fn package(parts: &[&str]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for part in parts {
        zip.start_file(*part, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><x/>").unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// The address of the last document link on a page.
fn last_document_link(body: &str) -> String {
    // Not the address its withdraw button posts to (`/quan-ly/go-bo/tep/{id}`).
    let mut before = body.len();
    let start = loop {
        let at = body[..before].rfind("/tep/").expect("a link to a document");
        if !body[..at].ends_with("/go-bo") {
            break at;
        }
        before = at;
    };
    let end = start + body[start..].find('"').unwrap();
    body[start..end].to_string()
}

async fn first_public_meeting(app: &TestApp) -> domain::meeting::Meeting {
    let unit = app.store.default_unit().await.unwrap();
    app.store
        .meetings(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.public)
        .expect("the demo has a public meeting")
}

async fn upload(
    app: &TestApp,
    staff: &Session,
    uri: &str,
    file: &str,
    bytes: &[u8],
    title: &str,
) -> common::Page {
    app.post_multipart(
        uri,
        Some(staff),
        &[
            Part::Field("csrf", &staff.csrf),
            Part::File("document", file, bytes),
            Part::Field("document_title", title),
        ],
    )
    .await
}

#[tokio::test]
async fn a_pdf_attached_to_a_meeting_is_listed_on_its_page_and_downloads_as_it_was_uploaded() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let meeting = first_public_meeting(&app).await;
    let editing = app
        .get_as(&format!("/quan-ly/hoi-nghi/{}", meeting.id), &staff.cookie)
        .await;
    editing
        .shows("Đính kèm văn bản")
        .shows(r#"name="document""#);

    let answer = upload(
        &app,
        &staff,
        &format!("/quan-ly/hoi-nghi/{}/tep", meeting.id),
        "KH-to-chuc.pdf",
        PDF,
        "Kế hoạch tổ chức hội nghị",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    let public = app.get(&format!("/hoi-nghi/{}", meeting.id)).await;
    public.shows("Kế hoạch tổ chức hội nghị (PDF, 1 KB)");
    let href = last_document_link(&public.body);
    assert!(href.ends_with("/ke-hoach-to-chuc-hoi-nghi.pdf"), "{href}");
    let file = app.download(&href, None).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.content_type, "application/pdf");
    assert_eq!(file.bytes, PDF, "the file comes back byte for byte");
    assert!(
        file.header("content-disposition").starts_with("inline;"),
        "a PDF opens in the browser"
    );
    // The meeting's documents still read as the lines staff may edit, the new one included.
    app.get_as(&format!("/quan-ly/hoi-nghi/{}", meeting.id), &staff.cookie)
        .await
        .shows("Kế hoạch tổ chức hội nghị (PDF, 1 KB) | /tep/");
    // The change log names the file by its hash, never its bytes.
    let logged = app
        .store
        .recent_changes_of(meeting.unit_id, 5)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.entity == "attachment")
        .expect("the attachment is logged");
    let after = logged.after_json.unwrap();
    assert!(
        after.contains("\"hash\":\"") && !after.contains("%PDF"),
        "{after}"
    );
}

#[tokio::test]
async fn word_and_excel_files_attach_to_an_oversight_activity_and_an_article() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let unit = app.store.default_unit().await.unwrap();
    let activity = app
        .store
        .oversights(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.public)
        .expect("a public activity");
    let xlsx = package(&["[Content_Types].xml", "xl/workbook.xml"]);
    let answer = upload(
        &app,
        &staff,
        &format!("/quan-ly/giam-sat/{}/tep", activity.id),
        "Bang-tong-hop.xlsx",
        &xlsx,
        "",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let page = app.get(&format!("/giam-sat/{}", activity.id)).await;
    page.shows("Bang-tong-hop (Excel, 1 KB)");
    let file = app.download(&last_document_link(&page.body), None).await;
    assert_eq!(file.bytes, xlsx);
    assert_eq!(
        file.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(file
        .header("content-disposition")
        .starts_with("attachment;"));

    let article = app
        .store
        .article_by_slug(unit.id, store::demo::SEED_ARTICLE_SLUG)
        .await
        .unwrap()
        .unwrap();
    let docx = package(&["[Content_Types].xml", "word/document.xml"]);
    let answer = upload(
        &app,
        &staff,
        &format!("/quan-ly/tin-tuc/{}/tep", article.id),
        "Chuong-trinh.docx",
        &docx,
        "Toàn văn chương trình phối hợp",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let page = app.get_article(store::demo::SEED_ARTICLE_SLUG).await;
    page.shows("Toàn văn chương trình phối hợp (Word, 1 KB)");
    assert_eq!(
        app.download(&last_document_link(&page.body), None)
            .await
            .bytes,
        docx
    );
}

#[tokio::test]
async fn a_document_of_a_draft_is_read_by_staff_only() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let created = app
        .post_form(
            "/quan-ly/tin-tuc",
            Some(&staff),
            &[
                ("title", "Dự thảo kế hoạch tiếp xúc cử tri"),
                ("body", "<p>Bản dự thảo để lấy ý kiến.</p>"),
                ("publish", "draft"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let location = created.header("location");
    let id = location
        .trim_start_matches("/quan-ly/tin-tuc/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let answer = upload(
        &app,
        &staff,
        &format!("/quan-ly/tin-tuc/{id}/tep"),
        "du-thao.pdf",
        PDF,
        "Dự thảo kế hoạch",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let editing = app
        .get_as(&format!("/quan-ly/tin-tuc/{id}"), &staff.cookie)
        .await;
    let href = last_document_link(&editing.body);
    assert_eq!(app.download(&href, Some(&staff)).await.bytes, PDF);
    assert_eq!(
        app.download(&href, None).await.status,
        StatusCode::NOT_FOUND,
        "a visitor cannot read a document of an unpublished article"
    );
    // Another unit's staff do not find it either.
    let other = app.sign_in("pcg.quantri").await;
    assert_eq!(
        app.download(&format!("/dv/phuong-cau-giay{href}"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_program_an_old_word_file_or_a_macro_workbook_is_refused_by_the_field_and_nothing_is_written(
) {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let meeting = first_public_meeting(&app).await;
    let uri = format!("/quan-ly/hoi-nghi/{}/tep", meeting.id);
    let head = app.store.log_head().await.unwrap();
    for (file, bytes, message) in [
        (
            "bien-ban.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00".to_vec(),
            "Chỉ nhận tệp PDF, Word (.docx) hoặc Excel (.xlsx)",
        ),
        (
            "bien-ban.doc",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            "hãy lưu lại thành .docx hoặc .xlsx",
        ),
        (
            "so-lieu.xlsx",
            package(&[
                "[Content_Types].xml",
                "xl/workbook.xml",
                "xl/vbaProject.bin",
            ]),
            "Tệp có chứa macro",
        ),
    ] {
        let refused = upload(&app, &staff, &uri, file, &bytes, "").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{file}");
        refused
            .shows(message)
            .shows(r#"aria-describedby="document-loi""#);
    }
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "nothing is written"
    );
}

#[tokio::test]
async fn a_reader_gets_no_upload_form_and_a_forged_upload_is_refused() {
    let app = spawn_app().await;
    let meeting = first_public_meeting(&app).await;
    let reader = app.sign_in("doc").await;
    app.get_as(&format!("/quan-ly/hoi-nghi/{}", meeting.id), &reader.cookie)
        .await
        .does_not_show("Đính kèm văn bản");
    let head = app.store.log_head().await.unwrap();
    let uri = format!("/quan-ly/hoi-nghi/{}/tep", meeting.id);
    let refused = upload(&app, &reader, &uri, "a.pdf", PDF, "").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let staff = app.sign_in("quantri").await;
    let forged = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", "not-the-token"),
                Part::File("document", "a.pdf", PDF),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "nothing is written"
    );
}

#[tokio::test]
async fn a_document_whose_line_staff_remove_from_a_meeting_is_no_longer_served() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let meeting = first_public_meeting(&app).await;
    let answer = upload(
        &app,
        &staff,
        &format!("/quan-ly/hoi-nghi/{}/tep", meeting.id),
        "nham-tep.pdf",
        PDF,
        "Tệp tải lên nhầm",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let href = last_document_link(&app.get(&format!("/hoi-nghi/{}", meeting.id)).await.body);
    assert_eq!(app.download(&href, None).await.status, StatusCode::OK);

    // The meeting saved again with its documents as they were before the upload.
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let documents = meeting
        .documents
        .iter()
        .map(|d| match &d.url {
            Some(url) => format!("{} | {url}", d.title),
            None => d.title.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let attendees = meeting
        .attendees
        .iter()
        .map(|a| a.as_written())
        .collect::<Vec<_>>()
        .join("\n");
    let agenda = meeting.agenda.join("\n");
    let starts_at = local(meeting.starts_at);
    let ends_at = meeting.ends_at.map(local).unwrap_or_default();
    let minutes = meeting.minutes.clone().unwrap_or_default();
    let mut fields = vec![
        ("title", meeting.title.as_str()),
        ("kind", meeting.kind.as_str()),
        ("starts_at", starts_at.as_str()),
        ("ends_at", ends_at.as_str()),
        ("venue", meeting.venue.as_str()),
        ("agenda", agenda.as_str()),
        ("guests", attendees.as_str()),
        ("minutes", minutes.as_str()),
        ("documents", documents.as_str()),
        ("public", "1"),
    ];
    if meeting.minutes_published {
        fields.push(("minutes_published", "1"));
    }
    let saved = app
        .post_form(
            &format!("/quan-ly/hoi-nghi/{}", meeting.id),
            Some(&staff),
            &fields,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    app.get(&format!("/hoi-nghi/{}", meeting.id))
        .await
        .does_not_show("Tệp tải lên nhầm");
    assert_eq!(
        app.download(&href, None).await.status,
        StatusCode::NOT_FOUND,
        "a visitor who kept the address finds nothing"
    );
    assert_eq!(
        app.download(&href, Some(&staff)).await.status,
        StatusCode::NOT_FOUND,
        "nor does the staff member who removed it"
    );
}

#[tokio::test]
async fn a_withdrawn_document_leaves_its_meeting_and_comes_back_when_restored() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let meeting = first_public_meeting(&app).await;
    let answer = upload(
        &app,
        &staff,
        &format!("/quan-ly/hoi-nghi/{}/tep", meeting.id),
        "nham.pdf",
        PDF,
        "Tài liệu tải nhầm",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let public = app.get(&format!("/hoi-nghi/{}", meeting.id)).await;
    let href = last_document_link(&public.body);
    let id: i64 = href.split('/').nth(2).unwrap().parse().unwrap();

    // The meeting's page lists it with a button that asks first.
    app.get_as(&format!("/quan-ly/hoi-nghi/{}", meeting.id), &staff.cookie)
        .await
        .shows("Tệp đã đính kèm")
        .shows("Gỡ bỏ tệp “Tài liệu tải nhầm”?");
    let done = app
        .post_form(&format!("/quan-ly/go-bo/tep/{id}"), Some(&staff), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    // Gone from the meeting and from its address, for everyone.
    app.get(&format!("/hoi-nghi/{}", meeting.id))
        .await
        .does_not_show("Tài liệu tải nhầm");
    assert_eq!(
        app.download(&href, None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.download(&href, Some(&staff)).await.status,
        StatusCode::NOT_FOUND
    );

    // The administrator restores it: linked again, served again.
    let withdrawal = app
        .store
        .withdrawals(meeting.unit_id)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.record_id == id)
        .expect("listed as withdrawn");
    let restored = app
        .post_form(
            &format!("/quan-ly/da-go/{}/khoi-phuc", withdrawal.id),
            Some(&staff),
            &[],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    app.get(&format!("/hoi-nghi/{}", meeting.id))
        .await
        .shows("Tài liệu tải nhầm");
    assert_eq!(app.download(&href, None).await.status, StatusCode::OK);
}
