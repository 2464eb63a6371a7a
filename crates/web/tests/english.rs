//! The portal in English: every public page of every unit again under `/en`, saying so
//! (`lang="en"`), linking its Vietnamese twin both ways with `hreflang`, in the interface words of
//! the English catalogue, with the records as they were written, marked `lang="vi"`.

mod common;

use common::walk::{fill, units};
use common::{spawn_app, Page, TestApp};
use store::demo::{SEED_ARTICLE_SLUG, SEED_ARTICLE_TITLE, WARD_SLUG};

/// The value of `attribute` in the first tag of `page` that holds `marker`.
fn attribute(page: &str, marker: &str, attribute: &str) -> Option<String> {
    let at = page.find(marker)?;
    let start = page[..at].rfind('<')?;
    let end = at + page[at..].find('>')?;
    let tag = &page[start..end];
    let value = tag.split(&format!("{attribute}=\"")).nth(1)?;
    Some(
        value
            .split('"')
            .next()?
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}

/// The `hreflang` alternates of a page, by language.
fn alternate(page: &str, lang: &str) -> Option<String> {
    attribute(page, &format!("hreflang=\"{lang}\" href="), "href")
}

fn canonical(page: &str) -> Option<String> {
    attribute(page, "rel=\"canonical\"", "href")
}

/// A page, after the redirects a visitor's browser follows.
async fn visit(app: &TestApp, uri: &str) -> (String, Page) {
    let mut uri = uri.to_string();
    for _ in 0..3 {
        let page = app.get(&uri).await;
        if !page.status.is_redirection() {
            return (uri, page);
        }
        uri = page.header("location");
    }
    panic!("{uri} redirects again and again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_of_every_unit_is_in_english_with_its_vietnamese_twin_both_ways() {
    let app = spawn_app().await;
    let mut walked = 0;
    let mut failures = Vec::new();
    for u in units(&app).await {
        for (route, methods) in web::routes().table() {
            if !methods.get() || !route.starts_with("/dv/{unit}/en") {
                continue;
            }
            let Some(path) = fill(route, &u) else {
                continue;
            };
            let prefix = format!("/dv/{}", u.slug);
            let (english_uri, english) = visit(&app, &format!("{prefix}{path}")).await;
            let twin = path.strip_prefix("/en").unwrap_or(&path);
            let (vietnamese_uri, vietnamese) = visit(&app, &format!("{prefix}{twin}")).await;
            if english.status != vietnamese.status {
                failures.push(format!(
                    "{english_uri}: {} where its twin {vietnamese_uri} answers {}",
                    english.status, vietnamese.status
                ));
                continue;
            }
            if english.status != 200 || !english.body.starts_with("<!doctype html>") {
                // A record the public may not read, in both languages alike; or a fragment (the
                // suggestions as one types), not a page.
                continue;
            }
            walked += 1;
            let (en, vi) = (&english.body, &vietnamese.body);
            let mut check = |ok: bool, what: &str| {
                if !ok {
                    failures.push(format!("{english_uri}: {what}"));
                }
            };
            check(en.contains("<html lang=\"en\">"), "not lang=\"en\"");
            check(
                vi.contains("<html lang=\"vi\">"),
                "its twin not lang=\"vi\"",
            );
            let (Some(en_self), Some(en_vi)) = (alternate(en, "en"), alternate(en, "vi")) else {
                check(false, "no hreflang pair");
                continue;
            };
            check(
                alternate(vi, "en").as_ref() == Some(&en_self),
                "the Vietnamese twin does not name this page as its English",
            );
            check(
                alternate(vi, "vi").as_ref() == Some(&en_vi),
                "the twins disagree on the Vietnamese address",
            );
            check(
                canonical(en).as_ref() == Some(&en_self),
                "canonical is not itself",
            );
            check(
                canonical(vi).as_ref() == Some(&en_vi),
                "the twin's canonical",
            );
            check(en_self.contains("/en"), "its English address has no /en");
            check(
                en.contains(&format!(
                    "href=\"{vietnamese_uri}\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"
                )),
                "no switch to its Vietnamese twin",
            );
            check(
                vi.contains(&format!(
                    "href=\"{english_uri}\" hreflang=\"en\" lang=\"en\">English</a>"
                )),
                "its twin has no switch to it",
            );
            check(
                en.contains(">Home</a>")
                    && !en.contains("Trang chủ")
                    && !en.contains("Bỏ qua điều hướng"),
                "the interface is not in English",
            );
            check(
                en.contains(&format!("href=\"/dv/{}/en/tin-tuc\"", u.slug)),
                "the menu does not stay in English",
            );
        }
    }
    assert!(walked >= 40, "{walked} English pages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_seed_article_in_english_keeps_its_vietnamese_text_marked_as_such() {
    let app = spawn_app().await;
    let page = app.get(&format!("/en/tin-tuc/{SEED_ARTICLE_SLUG}")).await;
    assert_eq!(page.status, 200);
    page.shows("<html lang=\"en\">")
        .shows("<article class=\"news card\" lang=\"vi\">")
        .shows(&format!("<h1>{SEED_ARTICLE_TITLE}</h1>"))
        .shows("<h2 id=\"tin-khac\">Other news</h2>")
        .shows("<meta property=\"og:locale\" content=\"en_GB\">")
        .shows("<meta property=\"og:locale:alternate\" content=\"vi_VN\">")
        .shows("href=\"/en/tin-tuc\">News</a>");
    // Files and feeds are the same in every language.
    page.shows("href=\"/tin-tuc.atom\"")
        .shows("href=\"/api/openapi.json\"");
}

#[tokio::test]
async fn the_targets_in_english_name_verdicts_and_count_in_english() {
    let app = spawn_app().await;
    let page = app.get("/en/chi-tieu/2020").await;
    assert_eq!(page.status, 200);
    page.shows("Targets of 2020")
        .shows("targets achieved")
        .shows("exceeded ·")
        .shows(">Verdict</th>")
        .does_not_show("Đánh giá</th>");
    // The downloads stay where they are: the documents are Vietnamese.
    page.shows("href=\"/chi-tieu/2020/bao-cao.pdf\"");
}

#[tokio::test]
async fn a_search_in_english_links_its_hits_to_english_pages() {
    let app = spawn_app().await;
    let page = app
        .get(&format!("/dv/{WARD_SLUG}/en/tim-kiem?q=chuong+trinh"))
        .await;
    assert_eq!(page.status, 200);
    page.shows("<html lang=\"en\">").shows("Results 1–");
    assert!(
        page.body.contains(&format!("href=\"/dv/{WARD_SLUG}/en/")),
        "the hits lead to English pages"
    );
}

#[tokio::test]
async fn english_and_vietnamese_pages_are_cached_apart() {
    let app = spawn_app().await;
    let vietnamese = app.get("/tin-tuc").await;
    let english = app.get("/en/tin-tuc").await;
    let again = app.get("/tin-tuc").await;
    vietnamese.shows("<html lang=\"vi\">");
    english.shows("<html lang=\"en\">");
    again.shows("<html lang=\"vi\">");
    assert_eq!(vietnamese.body, again.body);
}

#[tokio::test]
async fn a_page_that_exists_only_in_vietnamese_offers_no_english() {
    let app = spawn_app().await;
    let article = app
        .store
        .all_articles(app.default_unit_id().await)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.published_at.is_some())
        .unwrap();
    // A record's public history: in Vietnamese alone.
    let page = app.get(&format!("/lich-su/article/{}", article.id)).await;
    assert_eq!(page.status, 200);
    page.shows("<html lang=\"vi\">")
        .does_not_show("hreflang")
        .does_not_show(">English</a>");
    assert_eq!(
        app.get(&format!("/en/lich-su/article/{}", article.id))
            .await
            .status,
        404
    );
}
