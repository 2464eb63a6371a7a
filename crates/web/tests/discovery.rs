//! What machines read of the portals (issue 22): each unit's news as Atom, parsed by an
//! independent parser (feed-rs) and linked from every page; each unit's sitemap, valid against
//! the sitemaps.org schema (vendored, checked with xmllint) with absolute addresses only; the
//! installation's index of them; robots.txt naming them. On the default unit, a ward, and a unit
//! reached by its own host name.

mod common;

use std::io::Write;

use axum::http::StatusCode;
use common::{host_of, spawn_app, spawn_app_with_hosts};
use store::demo::{NGHIA_DO_SLUG, SEED_ARTICLE_SLUG, SEED_ARTICLE_TITLE, WARD_SLUG};

/// The address tests' installation answers on (`app::DEFAULT_PUBLIC_URL`).
const ORIGIN: &str = "http://127.0.0.1:8080";

fn parse_feed(xml: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}: {xml}"))
}

/// Whether xmllint finds `xml` valid against the vendored sitemap schema; its complaint if not.
fn validate_sitemap(xml: &str) -> Result<(), String> {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemas/sitemap.xsd");
    let mut file = tempfile_named("sitemap.xml");
    file.1.write_all(xml.as_bytes()).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", schema])
        .arg(&file.0)
        .output()
        .expect("xmllint (libxml2-utils), which scripts/test installs");
    std::fs::remove_file(&file.0).ok();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

fn tempfile_named(name: &str) -> (std::path::PathBuf, std::fs::File) {
    let dir = std::env::temp_dir().join(format!(
        "phoihop-discovery-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    (path, file)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[tokio::test]
async fn each_units_news_is_an_atom_feed_a_feed_reader_parses() {
    let app = spawn_app().await;
    let feed = app.get("/tin-tuc.atom").await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    assert!(feed.content_type.starts_with("application/atom+xml"));
    let parsed = parse_feed(&feed.body);
    assert_eq!(parsed.title.unwrap().content, "Tin tức – Quận Cầu Giấy");
    let seed = parsed
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content == SEED_ARTICLE_TITLE)
        })
        .expect("the seed article in the feed");
    assert_eq!(
        seed.links[0].href,
        format!("{ORIGIN}/tin-tuc/{SEED_ARTICLE_SLUG}")
    );
    assert!(seed.published.is_some() && seed.updated.is_some());
    // Newest first, absolute links only.
    let dates: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| e.published.unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(parsed
        .entries
        .iter()
        .all(|e| e.links[0].href.starts_with(ORIGIN)));

    // A ward's feed is its own, under its address.
    let ward = app.get(&format!("/dv/{NGHIA_DO_SLUG}/tin-tuc.atom")).await;
    let parsed = parse_feed(&ward.body);
    assert!(parsed.title.unwrap().content.contains("Nghĩa Đô"));
    assert!(parsed.entries.iter().all(|e| e.links[0]
        .href
        .starts_with(&format!("{ORIGIN}/dv/{NGHIA_DO_SLUG}/tin-tuc/"))));
    assert!(parsed.entries.iter().all(|e| e.id != seed.id));

    // Every page says where its news feed is.
    for page in ["/".to_string(), format!("/dv/{NGHIA_DO_SLUG}/tin-tuc")] {
        app.get(&page)
            .await
            .shows("rel=\"alternate\" type=\"application/atom+xml\"");
    }
    app.get(&format!("/dv/{NGHIA_DO_SLUG}"))
        .await
        .shows(&format!("href=\"/dv/{NGHIA_DO_SLUG}/tin-tuc.atom\""));
}

#[tokio::test]
async fn a_categorys_feed_holds_its_articles_only_and_an_unknown_one_is_not_found() {
    let app = spawn_app().await;
    let list = app.get("/tin-tuc").await;
    let at = list
        .body
        .find("/tin-tuc?danh-muc=")
        .expect("a category link");
    let slug: String = list.body[at + "/tin-tuc?danh-muc=".len()..]
        .chars()
        .take_while(|c| *c != '"' && *c != '&')
        .collect();
    let all = parse_feed(&app.get("/tin-tuc.atom").await.body);
    let feed = app.get(&format!("/tin-tuc.atom?danh-muc={slug}")).await;
    assert_eq!(feed.status, StatusCode::OK);
    let one = parse_feed(&feed.body);
    assert!(!one.entries.is_empty() && one.entries.len() <= all.entries.len());
    let listed = app.get(&format!("/tin-tuc?danh-muc={slug}")).await;
    for e in &one.entries {
        let href = &e.links[0].href;
        listed.shows(href.trim_start_matches(ORIGIN));
    }
    assert_eq!(
        app.get("/tin-tuc.atom?danh-muc=khong-co").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn each_units_sitemap_is_valid_and_lists_its_public_pages_only() {
    let app = spawn_app().await;
    for (prefix, unit) in [
        ("", "quận Cầu Giấy"),
        (&*format!("/dv/{NGHIA_DO_SLUG}"), "Nghĩa Đô"),
    ] {
        let sitemap = app.get(&format!("{prefix}/sitemap.xml")).await;
        assert_eq!(sitemap.status, StatusCode::OK, "{unit}");
        assert!(sitemap.content_type.starts_with("application/xml"));
        validate_sitemap(&sitemap.body).unwrap_or_else(|e| panic!("{unit}: {e}\n{}", sitemap.body));
        let home = if prefix.is_empty() { "/" } else { prefix };
        sitemap
            .shows(&format!("<loc>{ORIGIN}{home}</loc>"))
            .shows(&format!("<loc>{ORIGIN}{prefix}/tin-tuc</loc>"))
            .shows("<lastmod>")
            .does_not_show("/quan-ly");
        // Every address it lists answers, the home page's included.
        for loc in sitemap.body.split("<loc>").skip(1) {
            let address = loc.split("</loc>").next().unwrap_or_default();
            let path = address.strip_prefix(ORIGIN).unwrap_or(address);
            let page = app.get(&path.replace("&amp;", "&")).await;
            assert_eq!(page.status, StatusCode::OK, "{unit}: {address}");
        }
    }
    let cau_giay = app.get("/sitemap.xml").await;
    cau_giay
        .shows(&format!("<loc>{ORIGIN}/tin-tuc/{SEED_ARTICLE_SLUG}</loc>"))
        .shows(&format!("<loc>{ORIGIN}/chuong-trinh/2021</loc>"));
    // Nghĩa Đô's programme of 2026 is a draft: the public has no page of it.
    app.get(&format!("/dv/{NGHIA_DO_SLUG}/sitemap.xml"))
        .await
        .does_not_show("/chuong-trinh/2026");
}

#[tokio::test]
async fn the_installation_indexes_every_units_sitemap_and_robots_names_them() {
    let app = spawn_app().await;
    let index = app.get("/sitemap-index.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    index
        .shows("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        .shows(&format!("<loc>{ORIGIN}/sitemap.xml</loc>"))
        .shows(&format!(
            "<loc>{ORIGIN}/dv/{NGHIA_DO_SLUG}/sitemap.xml</loc>"
        ))
        .shows(&format!("<loc>{ORIGIN}/dv/{WARD_SLUG}/sitemap.xml</loc>"));
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(robots.content_type.starts_with("text/plain"));
    robots
        .shows(&format!("Sitemap: {ORIGIN}/sitemap.xml"))
        .shows(&format!("Sitemap: {ORIGIN}/sitemap-index.xml"))
        .shows("Disallow: /quan-ly")
        // The English search, like the Vietnamese, is endless pages of queries.
        .shows("Disallow: /en/tim-kiem")
        .shows("Disallow: /dv/*/en/tim-kiem");
}

#[tokio::test]
async fn a_unit_on_its_own_host_name_has_its_own_robots_and_sitemap_there() {
    let app = spawn_app_with_hosts().await;
    let host = host_of(NGHIA_DO_SLUG);
    let robots = app.get_on_host(&host, "/robots.txt").await;
    robots
        .shows(&format!("Sitemap: https://{host}/sitemap.xml"))
        .does_not_show("sitemap-index.xml");
    let sitemap = app.get_on_host(&host, "/sitemap.xml").await;
    validate_sitemap(&sitemap.body).unwrap();
    sitemap
        .shows(&format!("<loc>https://{host}/tin-tuc</loc>"))
        .does_not_show("/dv/");
}

#[tokio::test]
async fn a_units_programme_changes_are_a_feed_of_what_the_public_may_read() {
    let app = spawn_app().await;
    // A change to a target of the signed programme, made through the API.
    let target = app.first_target(2020).await;
    let token = common::api_token(&app, "quantri").await;
    let changed = app
        .api(
            "PUT",
            &format!("/api/v1/targets/{}", target.id),
            Some(&token),
            serde_json::json!({"actual": "97,5", "review_confirmed": true}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

    let feed = app.get("/chuong-trinh.atom").await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    assert!(feed.content_type.starts_with("application/atom+xml"));
    let parsed = parse_feed(&feed.body);
    assert_eq!(
        parsed.title.unwrap().content,
        "Thay đổi chương trình phối hợp – Quận Cầu Giấy"
    );
    // The newest entry is that change: what, from what to what, and the record's history.
    let newest = &parsed.entries[0];
    let title = newest.title.as_ref().unwrap().content.clone();
    assert!(title.starts_with("Sửa: chỉ tiêu “"), "{title}");
    // Long names are cut, as in the history.
    let named: String = target.name.chars().take(30).collect();
    assert!(title.contains(&named), "{title} / {}", target.name);
    let summary = newest.summary.as_ref().unwrap().content.clone();
    assert!(summary.contains("97,5"), "{summary}");
    let history = format!("{ORIGIN}/lich-su/target/{}", target.id);
    assert_eq!(newest.links[0].href, history);
    // Every entry leads to a history the public may open, newest first.
    let times: Vec<_> = parsed.entries.iter().map(|e| e.updated.unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    for entry in &parsed.entries {
        let path = entry.links[0]
            .href
            .strip_prefix(ORIGIN)
            .unwrap()
            .to_string();
        assert_eq!(app.get(&path).await.status, StatusCode::OK, "{path}");
    }
    // Pages say where it is.
    app.get("/chuong-trinh/2021")
        .await
        .shows("href=\"/chuong-trinh.atom\"");

    // Nghĩa Đô's programme of 2026 is a draft: none of its changes are in its feed.
    let ward = app
        .get(&format!("/dv/{NGHIA_DO_SLUG}/chuong-trinh.atom"))
        .await;
    assert_eq!(ward.status, StatusCode::OK);
    let parsed = parse_feed(&ward.body);
    assert!(parsed.entries.is_empty(), "{}", ward.body);
}
