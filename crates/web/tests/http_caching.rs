//! Public pages as the web caches them (issue 22): each kept page carries an entity tag and a
//! date, a client asking again with either gets 304 and no body, and a client accepting gzip or
//! brotli gets the same page's bytes compressed; the site's assets are linked by fingerprinted
//! names kept for a year. On the default unit and on a ward.

mod common;

use std::io::Read;

use axum::http::StatusCode;
use common::spawn_app;
use store::demo::{NGHIA_DO_SLUG, SEED_ARTICLE_SLUG};

fn article() -> String {
    format!("/tin-tuc/{SEED_ARTICLE_SLUG}")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("a brotli body");
    out
}

#[tokio::test]
async fn a_page_asked_again_with_its_tag_or_its_date_is_not_sent_again() {
    let app = spawn_app().await;
    for page in [article(), format!("/dv/{NGHIA_DO_SLUG}")] {
        let first = app.get_with(&page, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{page}");
        let etag = first.header("etag");
        assert!(etag.starts_with('"') && etag.len() > 10, "{page}: {etag}");
        assert_eq!(first.header("cache-control"), "public, no-cache");
        assert_eq!(first.header("vary"), "accept-encoding");
        let modified = first.header("last-modified");
        assert!(modified.ends_with(" GMT"), "{modified}");

        let again = app.get_with(&page, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{page}");
        assert!(again.bytes.is_empty());
        assert_eq!(again.header("etag"), etag);
        let by_date = app
            .get_with(&page, &[("if-modified-since", &modified)])
            .await;
        assert_eq!(by_date.status, StatusCode::NOT_MODIFIED, "{page}");
        // Another tag is another page: sent whole.
        let other = app
            .get_with(&page, &[("if-none-match", "\"an-older-one\"")])
            .await;
        assert_eq!(other.status, StatusCode::OK);
        assert_eq!(other.bytes, first.bytes);
    }
}

#[tokio::test]
async fn gzip_and_brotli_answers_decompress_to_the_pages_own_bytes() {
    let app = spawn_app().await;
    for page in [article(), format!("/dv/{NGHIA_DO_SLUG}"), "/".to_string()] {
        let plain = app.get_with(&page, &[]).await;
        assert_eq!(plain.status, StatusCode::OK, "{page}");
        assert_eq!(plain.header("content-encoding"), "");
        let gzip = app
            .get_with(&page, &[("accept-encoding", "gzip, deflate")])
            .await;
        assert_eq!(gzip.header("content-encoding"), "gzip", "{page}");
        assert_eq!(gunzip(&gzip.bytes), plain.bytes, "{page}");
        let br = app
            .get_with(&page, &[("accept-encoding", "gzip, deflate, br, zstd")])
            .await;
        assert_eq!(br.header("content-encoding"), "br", "{page}");
        assert_eq!(unbrotli(&br.bytes), plain.bytes, "{page}");
        assert!(
            br.bytes.len() * 2 < plain.bytes.len(),
            "{page}: {} bytes",
            br.bytes.len()
        );
        // Each encoding has its own tag, and a client holding one gets 304 for it.
        assert_ne!(gzip.header("etag"), br.header("etag"));
        let again = app
            .get_with(
                &page,
                &[
                    ("accept-encoding", "br"),
                    ("if-none-match", &br.header("etag")),
                ],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    }
}

#[tokio::test]
async fn a_write_gives_the_page_a_new_tag() {
    let app = spawn_app().await;
    let before = app.get_with("/", &[]).await;
    let etag = before.header("etag");
    let admin = app.sign_in("pcg.quantri").await;
    let ward = store::demo::WARD_SLUG;
    let home = app.get_with(&format!("/dv/{ward}"), &[]).await;
    let ward_tag = home.header("etag");
    let saved = app
        .post_form(
            &format!("/dv/{ward}/quan-ly/tin-tuc"),
            Some(&admin),
            &[
                ("title", "Phường tổ chức hội nghị tiếp xúc cử tri"),
                ("body", "<p>Hội nghị tiếp xúc cử tri trước kỳ họp.</p>"),
                ("byline", "Văn phòng"),
                ("publish", "now"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app
        .get_with(&format!("/dv/{ward}"), &[("if-none-match", &ward_tag)])
        .await;
    assert_eq!(after.status, StatusCode::OK, "the ward's home changed");
    assert_ne!(after.header("etag"), ward_tag);
    // The default unit's home, where nothing was written, is still the same.
    let same = app.get_with("/", &[("if-none-match", &etag)]).await;
    assert_eq!(same.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_style_sheet_is_linked_by_a_fingerprinted_name_kept_for_a_year() {
    let app = spawn_app().await;
    let home = app.get("/").await;
    let at = home
        .body
        .find("/static/site.")
        .expect("the style sheet's link");
    let href: String = home.body[at..].chars().take_while(|c| *c != '"').collect();
    assert!(
        href.ends_with(".css") && href.len() > "/static/site.css".len(),
        "{href}"
    );
    let css = app.get_with(&href, &[("accept-encoding", "br")]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(
        css.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(css.header("content-encoding"), "br");
    let plain = app.get_with("/static/site.css", &[]).await;
    assert_eq!(unbrotli(&css.bytes), plain.bytes);
    // The plain name stays for links made before, kept a day.
    assert_eq!(plain.header("cache-control"), "public, max-age=86400");
    // A workspace page is never kept by anyone.
    let staff = app.sign_in("pcg.quantri").await;
    let ws = app
        .get_as(
            &format!("/dv/{}/quan-ly", store::demo::WARD_SLUG),
            &staff.cookie,
        )
        .await;
    assert_eq!(ws.header("cache-control"), "no-store");
    assert_eq!(ws.header("etag"), "");
}
