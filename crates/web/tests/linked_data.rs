//! What search engines and social networks read of a page (issue 22): one canonical address at the
//! unit's own public address however the page was reached, complete Open Graph, and schema.org
//! JSON-LD with the properties Google asks of each type: `NewsArticle` for an article,
//! `GovernmentOrganization` for a unit and a body, `Event` for a meeting. On the default unit, a
//! ward, and a unit reached by its own host name.

mod common;

use axum::http::StatusCode;
use common::{host_of, spawn_app, spawn_app_with_hosts, Page};
use serde_json::Value;
use store::demo::{SEED_ARTICLE_SLUG, SEED_ARTICLE_TITLE, WARD_SLUG};

/// The address tests' installation answers on (`app::DEFAULT_PUBLIC_URL`).
const ORIGIN: &str = "http://127.0.0.1:8080";

/// Text of an attribute as the page escapes it, read back.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The `content` of the page's `<meta property|name="{name}">`.
fn meta(page: &Page, name: &str) -> String {
    let html = &page.body;
    for attr in ["property", "name"] {
        let tag = format!("<meta {attr}=\"{name}\" content=\"");
        if let Some(at) = html.find(&tag) {
            let rest = &html[at + tag.len()..];
            return unescape(&rest[..rest.find('"').unwrap()]);
        }
    }
    panic!("no meta {name} in\n{html}")
}

/// The page's canonical address.
fn canonical(page: &Page) -> String {
    let tag = "<link rel=\"canonical\" href=\"";
    let at = page
        .body
        .find(tag)
        .unwrap_or_else(|| panic!("a canonical link on a page of {}", page.status))
        + tag.len();
    let rest = &page.body[at..];
    unescape(&rest[..rest.find('"').unwrap()])
}

/// Every JSON-LD value of the page, parsed.
fn linked_data(page: &Page) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    page.body
        .split(open)
        .skip(1)
        .map(|rest| {
            let text = &rest[..rest.find("</script>").unwrap()];
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

/// The page's one JSON-LD value of `kind`.
fn linked(page: &Page, kind: &str) -> Value {
    let found: Vec<Value> = linked_data(page)
        .into_iter()
        .filter(|v| v["@type"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "one {kind} in {found:?}");
    let value = found.into_iter().next().unwrap();
    assert_eq!(value["@context"], "https://schema.org");
    value
}

fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} in {value:#}"))
        .to_string()
}

/// The first link of the page to one of `prefix`'s pages by id (`/co-quan/3`).
fn first_link(page: &Page, prefix: &str) -> String {
    let at = page
        .body
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("a link to {prefix}…"))
        + "href=\"".len();
    let rest = &page.body[at..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn an_article_is_a_news_article_with_its_picture_dates_author_and_publisher() {
    let app = spawn_app().await;
    let page = app.get(&format!("/tin-tuc/{SEED_ARTICLE_SLUG}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let address = format!("{ORIGIN}/tin-tuc/{SEED_ARTICLE_SLUG}");
    assert_eq!(canonical(&page), address);
    assert_eq!(meta(&page, "og:url"), address);
    assert_eq!(meta(&page, "og:type"), "article");
    assert_eq!(meta(&page, "og:title"), SEED_ARTICLE_TITLE);
    assert!(!meta(&page, "og:description").is_empty());
    assert_eq!(meta(&page, "description"), meta(&page, "og:description"));
    let image = meta(&page, "og:image");
    assert!(
        image.starts_with(&format!("{ORIGIN}/static/og.")),
        "{image}"
    );
    assert!(image.ends_with(".png"), "{image}");
    assert!(!meta(&page, "article:published_time").is_empty());

    let article = linked(&page, "NewsArticle");
    assert_eq!(text(&article, "/headline"), SEED_ARTICLE_TITLE);
    assert_eq!(text(&article, "/image/0"), image);
    assert_eq!(text(&article, "/mainEntityOfPage/@id"), address);
    let published = text(&article, "/datePublished");
    let modified = text(&article, "/dateModified");
    let published = chrono::DateTime::parse_from_rfc3339(&published).unwrap();
    let modified = chrono::DateTime::parse_from_rfc3339(&modified).unwrap();
    assert!(modified >= published);
    assert!(!text(&article, "/author/0/name").is_empty());
    assert_eq!(text(&article, "/publisher/name"), "Quận Cầu Giấy");
    assert_eq!(text(&article, "/publisher/@type"), "GovernmentOrganization");
    assert!(text(&article, "/publisher/logo/url").starts_with(ORIGIN));

    // The picture a share shows answers.
    let picture = app.get_with(image.strip_prefix(ORIGIN).unwrap(), &[]).await;
    assert_eq!(picture.status, StatusCode::OK);
    assert_eq!(picture.content_type, "image/png");
    assert!(picture.bytes.starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn a_page_has_one_canonical_address_however_it_was_reached() {
    let app = spawn_app().await;
    // The default unit by its prefix: its address is the installation's root.
    let prefixed = app
        .get(&format!("/dv/quan-cau-giay/tin-tuc/{SEED_ARTICLE_SLUG}"))
        .await;
    assert_eq!(
        canonical(&prefixed),
        format!("{ORIGIN}/tin-tuc/{SEED_ARTICLE_SLUG}")
    );
    // A tracking parameter is not part of the page; its page number is.
    let tracked = app.get("/tin-tuc?utm_source=zalo&trang=1").await;
    assert_eq!(canonical(&tracked), format!("{ORIGIN}/tin-tuc?trang=1"));
    // A ward's pages at its prefix, its home page at the prefix itself (which answers).
    let home = app.get(&format!("/dv/{WARD_SLUG}")).await;
    assert_eq!(canonical(&home), format!("{ORIGIN}/dv/{WARD_SLUG}"));
    assert_eq!(meta(&home, "og:url"), format!("{ORIGIN}/dv/{WARD_SLUG}"));
    let news = app.get(&format!("/dv/{WARD_SLUG}/tin-tuc")).await;
    assert_eq!(canonical(&news), format!("{ORIGIN}/dv/{WARD_SLUG}/tin-tuc"));
    assert!(meta(&news, "og:image").starts_with(&format!("{ORIGIN}/static/og.")));
}

#[tokio::test]
async fn a_unit_with_its_own_host_name_is_canonical_there_even_reached_by_its_prefix() {
    let app = spawn_app_with_hosts().await;
    let host = host_of(WARD_SLUG);
    let by_prefix = app.get(&format!("/dv/{WARD_SLUG}/tin-tuc")).await;
    assert_eq!(canonical(&by_prefix), format!("https://{host}/tin-tuc"));
    let by_host = app.get_on_host(&host, "/tin-tuc").await;
    assert_eq!(canonical(&by_host), format!("https://{host}/tin-tuc"));
    assert_eq!(
        canonical(&app.get_on_host(&host, "/").await),
        format!("https://{host}/")
    );
    // Files are the installation's, on the unit's host too.
    assert!(meta(&by_host, "og:image").starts_with(&format!("https://{host}/static/og.")));
}

#[tokio::test]
async fn a_units_home_page_describes_it_as_a_government_organization_within_its_province() {
    let app = spawn_app().await;
    let home = app.get(&format!("/dv/{WARD_SLUG}")).await;
    let unit = linked(&home, "GovernmentOrganization");
    assert_eq!(text(&unit, "/name"), "Phường Cầu Giấy");
    assert_eq!(text(&unit, "/url"), format!("{ORIGIN}/dv/{WARD_SLUG}"));
    assert!(text(&unit, "/logo/url").starts_with(ORIGIN));
    assert_eq!(text(&unit, "/address/addressCountry"), "VN");
    assert_eq!(text(&unit, "/parentOrganization/name"), "Thành phố Hà Nội");
    let parent = text(&unit, "/parentOrganization/url");
    let parent_page = app.get(parent.strip_prefix(ORIGIN).unwrap()).await;
    assert_eq!(parent_page.status, StatusCode::OK, "{parent}");
}

#[tokio::test]
async fn a_body_is_a_government_organization_with_its_members_and_unit() {
    let app = spawn_app().await;
    let unit = app.default_unit_id().await;
    let first = app.store.bodies(unit).await.unwrap()[0].clone();
    let href = format!("/co-quan/{}", first.id);
    let page = app.get(&href).await;
    assert_eq!(page.status, StatusCode::OK, "{href}");
    assert_eq!(canonical(&page), format!("{ORIGIN}{href}"));
    let body = linked(&page, "GovernmentOrganization");
    let name = text(&body, "/name");
    assert_eq!(meta(&page, "og:title"), name);
    assert!(meta(&page, "og:description").contains(&name));
    assert_eq!(text(&body, "/url"), format!("{ORIGIN}{href}"));
    assert_eq!(text(&body, "/parentOrganization/name"), "Quận Cầu Giấy");
    let members = body["member"].as_array().expect("its members");
    assert!(!members.is_empty(), "{body:#}");
    for member in members {
        assert_eq!(member["@type"], "Person");
        assert!(!text(member, "/name").is_empty());
        assert!(!text(member, "/jobTitle").is_empty());
        assert!(page.body.contains(&text(member, "/name")));
    }
}

#[tokio::test]
async fn a_meeting_is_an_event_with_its_start_place_and_organiser() {
    let app = spawn_app().await;
    let meetings = app.get("/hoi-nghi").await;
    let href = first_link(&meetings, "/hoi-nghi/");
    let page = app.get(&href).await;
    assert_eq!(page.status, StatusCode::OK, "{href}");
    let event = linked(&page, "Event");
    let name = text(&event, "/name");
    assert_eq!(meta(&page, "og:title"), name);
    assert!(page.body.contains(&format!("<h1>{name}</h1>")));
    chrono::DateTime::parse_from_rfc3339(&text(&event, "/startDate")).unwrap();
    assert_eq!(text(&event, "/location/@type"), "Place");
    assert!(!text(&event, "/location/name").is_empty());
    assert_eq!(text(&event, "/location/address/addressCountry"), "VN");
    assert_eq!(text(&event, "/organizer/name"), "Quận Cầu Giấy");
    assert_eq!(
        text(&event, "/eventAttendanceMode"),
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(text(&event, "/url"), format!("{ORIGIN}{href}"));
    assert!(!meta(&page, "og:description").is_empty());
}
