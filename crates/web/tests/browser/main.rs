//! Browser tests: the portal and the workspace opened in Debian's Chromium, as a citizen on a phone
//! and office staff at a desk see them. They need `chromium` and `chromium-driver` installed; the
//! README's test command runs them and `.ci/run` installs both.

#[path = "../common/mod.rs"]
mod common;
mod crawl;
mod editor;
mod harness;

use crawl::crawl;
use harness::{Browser, Screen, PHONE_WIDTH};

/// Roots of the public crawl: the seed's portal (the default unit), a living ward's portal, and
/// the installation's pages.
const PUBLIC_ROOTS: &[&str] = &[
    "/",
    "/tim-kiem?q=chi+tieu",
    "/van-ban",
    "/dv/phuong-cau-giay/",
    "/dv/thanh-pho-ha-noi/",
    // The city's search over its wards, with the filter by unit and results labelled by ward.
    "/dv/thanh-pho-ha-noi/tim-kiem?q=nghia+do",
    // The city's roll-up of its wards.
    "/dv/thanh-pho-ha-noi/tong-hop/2026",
    "/don-vi",
    // The national roll-up on the installation's own portal.
    "/toan-quoc/2026",
    "/dang-nhap",
];

/// Of the workspace, what staff spend their day on, in the seed's unit (a year under review and a
/// signed one), a living ward's (a year in progress) and the operator's console.
const WORKSPACE_ROOTS: &[&str] = &[
    "/quan-ly",
    "/quan-ly/tin-tuc/moi",
    "/quan-ly/chuong-trinh/2021",
    "/quan-ly/co-quan",
    "/quan-ly/giam-sat",
    "/quan-ly/hoi-nghi",
    "/quan-ly/hoi-nghi/moi",
    "/quan-ly/kien-nghi",
    "/quan-ly/tai-khoan",
    "/quan-ly/cai-dat",
    "/quan-ly/da-go",
    "/tai-khoan",
];

#[tokio::test(flavor = "multi_thread")]
async fn every_public_page_loads_what_it_references_fits_a_phone_and_passes_wcag_aa() {
    let browser = Browser::open(Screen::Phone).await;
    let findings = crawl(
        &browser,
        None,
        PUBLIC_ROOTS,
        &["/"],
        &["/quan-ly", "/he-thong", "/cai-dat", "/api/", "/dang-xuat"],
        60,
    )
    .await;
    assert!(
        findings.pages.len() >= 20,
        "the crawl reached only {:?}",
        findings.pages
    );
    findings.assert_none();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_demo_unit_loads_what_its_pages_reference_by_its_prefix_and_by_its_host() {
    let mut browser = Browser::open(Screen::Phone).await;
    let units = browser.app.store.units().await.unwrap();
    let mut findings = crawl::Findings::default();
    let mut pictures = 0;
    for unit in &units {
        let prefix = format!("/dv/{}/", unit.slug);
        let news = format!("/dv/{}/tin-tuc", unit.slug);
        // The unit's article with a picture, first of its kind, where the unit has one.
        let pictured = browser
            .app
            .store
            .all_articles(unit.id)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.published_at.is_some() && !a.body.pictures().is_empty())
            .map(|a| format!("/tin-tuc/{}", a.slug));
        let pictured_by_prefix = pictured.as_ref().map(|p| format!("/dv/{}{p}", unit.slug));
        browser.on_host(None);
        let by_prefix = crawl(
            &browser,
            None,
            &[pictured_by_prefix.as_deref(), Some(&prefix), Some(&news)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
            &[&prefix],
            &[
                &format!("/dv/{}/quan-ly", unit.slug),
                &format!("/dv/{}/api/", unit.slug),
            ],
            12,
        )
        .await;
        pictures += by_prefix
            .referenced
            .iter()
            .filter(|r| r.contains("/anh/"))
            .count();
        findings.extend(by_prefix);
        let host = common::host_of(&unit.slug);
        browser.on_host(Some(&host));
        findings.extend(
            crawl(
                &browser,
                None,
                &[pictured.as_deref(), Some("/"), Some("/tin-tuc")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>(),
                &["/"],
                &["/quan-ly", "/he-thong", "/cai-dat", "/api/", "/dang-xuat"],
                12,
            )
            .await,
        );
    }
    assert!(
        pictures >= 3,
        "the city's and the wards' pictures were loaded ({pictures})"
    );
    findings.assert_none();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_main_workspace_pages_load_what_they_reference_fit_a_phone_and_pass_wcag_aa() {
    let browser = Browser::open(Screen::Phone).await;
    let mut findings = crawl::Findings::default();
    for (account, roots, within) in [
        ("quantri", WORKSPACE_ROOTS, "/quan-ly"),
        (
            "pcg.quantri",
            &[
                "/dv/phuong-cau-giay/quan-ly",
                "/dv/phuong-cau-giay/quan-ly/chuong-trinh/2026/chi-tieu",
            ][..],
            "/dv/phuong-cau-giay/quan-ly",
        ),
        (
            "hn.quantri",
            &[
                "/dv/thanh-pho-ha-noi/quan-ly/tong-hop/2026",
                "/dv/thanh-pho-ha-noi/quan-ly/danh-muc-chi-tieu",
                "/dv/thanh-pho-ha-noi/quan-ly/danh-muc-chi-tieu/moi",
            ][..],
            "/dv/thanh-pho-ha-noi/quan-ly/",
        ),
        ("hethong", &["/he-thong"][..], "/he-thong"),
    ] {
        browser.sign_in(account).await;
        let session = browser.app.sign_in(account).await;
        findings.extend(crawl(&browser, Some(&session), roots, &[within], &[], 30).await);
    }
    assert!(
        findings.pages.len() >= 30
            && findings
                .pages
                .iter()
                .any(|p| p.contains("/quan-ly/chi-tieu/"))
            && findings.pages.iter().any(|p| p.starts_with("/he-thong/")),
        "the crawl reached only {:?}",
        findings.pages
    );
    findings.assert_none();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_item_of_the_portals_menu_is_on_the_screen_of_a_phone() {
    let browser = Browser::open(Screen::Phone).await;
    browser.visit("/").await;
    let items = browser
        .eval(
            r#"return [...document.querySelectorAll('nav.main a')].map(a => {
                 const r = a.getBoundingClientRect();
                 return [a.innerText.trim(), Math.round(r.left), Math.round(r.right), r.width > 0 && r.height > 0];
               });"#,
        )
        .await;
    let items = items.as_array().expect("the menu's items");
    assert!(items.len() >= 6, "the menu has {items:?}");
    for item in items {
        let (name, left, right, shown) = (&item[0], item[1].as_i64(), item[2].as_i64(), &item[3]);
        assert_eq!(shown, true, "{name} is hidden");
        assert!(
            left >= Some(0) && right <= Some(PHONE_WIDTH as i64),
            "{name} is off the {PHONE_WIDTH}px screen: {left:?}–{right:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workspace_starts_with_a_skip_link_and_shows_where_the_focus_is() {
    let browser = Browser::open(Screen::Desktop).await;
    browser.sign_in("quantri").await;
    browser.visit("/quan-ly").await;
    browser
        .client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys("\u{e004}")
        .await
        .expect("Tab is pressed");
    let focused = browser
        .eval(
            r#"const el = document.activeElement;
               const r = el.getBoundingClientRect();
               const style = getComputedStyle(el);
               return [el.innerText.trim(), el.getAttribute('href'), r.top >= 0 && r.height > 4 && r.width > 4,
                       style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2];"#,
        )
        .await;
    assert_eq!(
        focused[0], "Bỏ qua điều hướng",
        "the first Tab lands on {focused}"
    );
    let target = focused[1]
        .as_str()
        .unwrap_or_default()
        .trim_start_matches('#');
    assert!(!target.is_empty(), "the skip link goes nowhere");
    assert_eq!(
        browser
            .eval(&format!(
                "return document.getElementById('{target}')?.tagName;"
            ))
            .await,
        "MAIN"
    );
    assert_eq!(focused[2], true, "the skip link stays hidden when focused");
    assert_eq!(focused[3], true, "the skip link has no visible focus ring");

    // Further on, a link and a button show the ring as well.
    for css in ["nav.main a", "main button"] {
        let ring = browser
            .eval(&format!(
                r#"const el = document.querySelector('{css}'); el.focus();
                   const s = getComputedStyle(el);
                   return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;"#
            ))
            .await;
        assert_eq!(ring, true, "{css} shows no focus ring");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn search_suggests_as_one_types_without_diacritics() {
    let browser = Browser::open(Screen::Phone).await;
    browser.visit("/tim-kiem").await;
    browser.fill("#q", "giam sat").await;
    browser
        .wait_for(
            "suggestions under the search field",
            "return document.querySelectorAll('#goi-y a').length > 0;",
        )
        .await;
    let suggestion = browser
        .eval("return document.querySelector('#goi-y').innerText;")
        .await;
    assert!(
        suggestion.as_str().unwrap_or_default().contains("giám sát")
            || suggestion.as_str().unwrap_or_default().contains("Giám sát"),
        "the suggestions are {suggestion}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn search_works_without_javascript() {
    let browser = Browser::open_with(Screen::Phone, false).await;
    browser.visit("/").await;
    browser.fill("#tim-nhanh", "giam sat").await;
    browser.click("form.site-search button").await;
    browser
        .wait_until_path(|p| p.starts_with("/tim-kiem?"))
        .await;
    let text = browser.text().await;
    assert!(text.contains("kết quả"), "the results page shows {text}");
    assert!(
        text.to_lowercase().contains("giám sát"),
        "no result about giám sát: {text}"
    );
    assert_eq!(
        browser.eval("return typeof window.htmx;").await,
        "undefined",
        "scripts ran although they were off"
    );
}

/// A target of the 2020 programme.
async fn a_target(browser: &Browser) -> i64 {
    browser.app.first_target(2020).await.id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_is_evaluated_as_its_figures_are_typed() {
    let browser = Browser::open(Screen::Desktop).await;
    browser.sign_in("quantri").await;
    let target = a_target(&browser).await;
    browser.visit(&format!("/quan-ly/chi-tieu/{target}")).await;
    browser.fill("#plan", "100").await;
    browser.fill("#actual", "125").await;
    browser
        .wait_for(
            "the evaluation to follow the figures",
            "return document.querySelector('#danh-gia').innerText.includes('125');",
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_is_saved_without_javascript() {
    let browser = Browser::open_with(Screen::Desktop, false).await;
    browser.sign_in("quantri").await;
    let target = a_target(&browser).await;
    browser.visit(&format!("/quan-ly/chi-tieu/{target}")).await;
    browser.fill("#actual", "97,5").await;
    browser.click("form.card button[type=submit]").await;
    // 2020 was reviewed: the form asks once more, keeping what was typed.
    browser
        .wait_for(
            "the form to ask for a confirmation",
            "return document.body.innerText.includes('đã được tổng kết');",
        )
        .await;
    browser.click("form.card button[type=submit]").await;
    browser
        .wait_until_path(|p| !p.starts_with(&format!("/quan-ly/chi-tieu/{target}")))
        .await;
    let store = &browser.app.store;
    let unit = store.default_unit().await.unwrap();
    let saved = store.target(unit.id, target).await.unwrap().unwrap();
    assert_eq!(saved.actual.map(|a| a.to_string()), Some("97.5".into()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_editor_writes_a_formatted_article_without_touching_html() {
    let browser = Browser::open(Screen::Desktop).await;
    browser.sign_in("quantri").await;
    browser.visit("/quan-ly/tin-tuc/moi").await;
    browser
        .fill("#title", "Phường tổ chức hội nghị tiếp xúc cử tri")
        .await;
    browser.click(".editor-surface").await;
    browser
        .element(".editor-surface")
        .await
        .send_keys("Mở đầu hội nghị. ")
        .await
        .expect("the editor takes keys");
    browser.click("button[data-command=b]").await;
    browser
        .element(".editor-surface")
        .await
        .send_keys("Ý kiến cử tri")
        .await
        .expect("the editor takes keys");
    assert_eq!(
        browser
            .eval("return document.querySelector('#body').hidden;")
            .await,
        true,
        "the HTML text area gives way to the editor"
    );
    browser.click("form.card button[type=submit]").await;
    browser
        .wait_until_path(|p| p.starts_with("/quan-ly/tin-tuc/") && !p.ends_with("/moi"))
        .await;
    assert!(browser.text().await.contains("Đã lưu các thay đổi."));
    let unit = browser.app.store.default_unit().await.unwrap();
    let articles = browser.app.store.all_articles(unit.id).await.unwrap();
    let saved = articles
        .iter()
        .find(|a| a.title == "Phường tổ chức hội nghị tiếp xúc cử tri")
        .expect("the article is saved");
    let body = saved.body.as_str();
    assert!(body.contains("Mở đầu hội nghị."), "{body}");
    assert!(
        body.contains("<b>Ý kiến cử tri</b>") || body.contains("<strong>Ý kiến cử tri</strong>"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_the_article_is_written_in_the_text_area() {
    let browser = Browser::open_with(Screen::Desktop, false).await;
    browser.sign_in("quantri").await;
    browser.visit("/quan-ly/tin-tuc/moi").await;
    assert_eq!(
        browser.eval("return document.querySelector('.editor') === null && !document.querySelector('#body').hidden;").await,
        true
    );
    browser.fill("#title", "Thông báo lịch tiếp công dân").await;
    browser
        .fill(
            "#body",
            "<p>Lãnh đạo phường tiếp công dân vào thứ Năm hằng tuần.</p>",
        )
        .await;
    browser.click("form.card button[type=submit]").await;
    browser
        .wait_until_path(|p| p.starts_with("/quan-ly/tin-tuc/") && !p.ends_with("/moi"))
        .await;
    assert!(browser.text().await.contains("Đã lưu các thay đổi."));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_article_prints_as_its_content_alone() {
    let browser = Browser::open(Screen::Desktop).await;
    browser
        .visit(&format!("/tin-tuc/{}", store::demo::SEED_ARTICLE_SLUG))
        .await;
    let pdf = browser.print_to_pdf().await;
    let text = common::pdf_text(&pdf, "article.pdf");
    // The article itself, whole, with its links written out.
    assert!(text.contains(store::demo::SEED_ARTICLE_TITLE), "{text}");
    // No header, menu, search box, sidebar or footer.
    for chrome in [
        "Bỏ qua điều hướng",
        "Trang chủ",
        "Tìm kiếm",
        "Danh mục tin tức",
        "Dữ liệu mở",
    ] {
        assert!(
            !text.contains(chrome),
            "the printed article shows “{chrome}”:\n{text}"
        );
    }
}
