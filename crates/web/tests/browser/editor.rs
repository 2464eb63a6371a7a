//! The article editor as a writer uses it: lines typed after a list and a link stay paragraphs up
//! to the portal, and the picture button places a picture where the writer is.

use crate::harness::{Browser, Screen};

/// The key WebDriver sends for Enter.
const ENTER: &str = "\u{e007}";

async fn type_in_editor(browser: &Browser, keys: &str) {
    browser
        .element(".editor-surface")
        .await
        .send_keys(keys)
        .await
        .expect("the editor takes keys");
}

/// Publish the article being written and return its address on the portal.
async fn publish(browser: &Browser, title: &str) -> String {
    browser.click("input[name=publish][value=now]").await;
    browser.click("form.card button[type=submit]").await;
    browser
        .wait_until_path(|p| p.starts_with("/quan-ly/tin-tuc/") && !p.ends_with("/moi"))
        .await;
    let unit = browser.app.store.default_unit().await.unwrap();
    let saved = browser
        .app
        .store
        .all_articles(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.title == title)
        .expect("the article is saved");
    format!("/tin-tuc/{}", saved.slug)
}

/// The texts of the article's top-level paragraphs and list items on the portal.
async fn blocks_on_the_portal(browser: &Browser, address: &str) -> Vec<String> {
    browser.visit(address).await;
    let found = browser
        .eval(
            "return Array.from(document.querySelectorAll('.news .body > p, .news .body > ul > li'))\
             .map(e => e.tagName + ': ' + e.innerText.trim());",
        )
        .await;
    found
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn paragraphs_typed_after_a_list_and_after_a_link_reach_the_portal_as_paragraphs() {
    let browser = Browser::open(Screen::Desktop).await;
    browser.sign_in("quantri").await;
    browser.visit("/quan-ly/tin-tuc/moi").await;
    let title = "Các chỉ tiêu chủ yếu năm 2026 của phường";
    browser.fill("#title", title).await;
    browser.click(".editor-surface").await;
    type_in_editor(&browser, "Mở đầu bài viết.").await;
    type_in_editor(&browser, ENTER).await;
    browser.click("button[data-command=ul]").await;
    type_in_editor(
        &browser,
        &format!("Chỉ tiêu thứ nhất{ENTER}Chỉ tiêu thứ hai{ENTER}{ENTER}"),
    )
    .await;
    type_in_editor(
        &browser,
        &format!("Đoạn văn sau danh sách.{ENTER}Xem thêm tại "),
    )
    .await;
    browser.click("button[data-command=a]").await;
    browser
        .client
        .send_alert_text("https://hanoi.gov.vn")
        .await
        .expect("the link's address is asked");
    browser
        .client
        .accept_alert()
        .await
        .expect("the prompt closes");
    type_in_editor(&browser, &format!("{ENTER}Đoạn văn sau liên kết.")).await;
    let address = publish(&browser, title).await;

    let blocks = blocks_on_the_portal(&browser, &address).await;
    for expected in [
        "P: Mở đầu bài viết.",
        "LI: Chỉ tiêu thứ nhất",
        "LI: Chỉ tiêu thứ hai",
        "P: Đoạn văn sau danh sách.",
        "P: Đoạn văn sau liên kết.",
    ] {
        assert!(
            blocks.iter().any(|b| b == expected),
            "the portal shows {expected:?} as a block of its own: {blocks:#?}"
        );
    }
    assert!(
        blocks
            .iter()
            .any(|b| b.starts_with("P: Xem thêm tại") && b.contains("hanoi.gov.vn")),
        "the link stays in its paragraph: {blocks:#?}"
    );
}

/// A small PNG on disk, for the browser's file field.
fn picture_file() -> std::path::PathBuf {
    let picture = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let path = std::env::temp_dir().join(format!("phoihop-editor-{}.png", std::process::id()));
    picture.save(&path).expect("the picture is written");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn the_picture_button_places_a_described_picture_where_the_writer_is() {
    let browser = Browser::open(Screen::Desktop).await;
    browser.sign_in("quantri").await;
    browser.visit("/quan-ly/tin-tuc/moi").await;
    let title = "Hội nghị tiếp xúc cử tri có ảnh giữa bài";
    browser.fill("#title", title).await;
    browser.click(".editor-surface").await;
    type_in_editor(&browser, &format!("Đoạn trước ảnh.{ENTER}")).await;
    browser.click("button[data-command=img]").await;
    let file = picture_file();
    browser
        .element(".editor-picture input[type=file]")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .expect("the file is chosen");
    // Without a description the picture is not sent.
    browser.click("[data-picture=chen]").await;
    browser
        .wait_for(
            "the description to be asked for",
            "return document.querySelector('.editor-picture .field-error').innerText.includes('mô tả');",
        )
        .await;
    browser
        .fill(
            ".editor-picture input.wide",
            "Cử tri phát biểu tại hội nghị",
        )
        .await;
    browser.click("[data-picture=chen]").await;
    browser
        .wait_for(
            "the picture in the editor",
            "return !!document.querySelector('.editor-surface figure img[alt=\"Cử tri phát biểu tại hội nghị\"]');",
        )
        .await;
    type_in_editor(&browser, "Đoạn sau ảnh.").await;
    let address = publish(&browser, title).await;
    let _ = std::fs::remove_file(file);

    browser.visit(&address).await;
    let order = browser
        .eval(
            "return Array.from(document.querySelectorAll('.news .body > *'))\
             .map(e => e.tagName === 'FIGURE' ? 'ẢNH' : e.innerText.trim());",
        )
        .await;
    let order: Vec<&str> = order
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let before = order.iter().position(|b| *b == "Đoạn trước ảnh.");
    let picture = order.iter().position(|b| *b == "ẢNH");
    let after = order.iter().position(|b| *b == "Đoạn sau ảnh.");
    assert!(
        before < picture && picture < after && before.is_some(),
        "the picture stands between the paragraphs: {order:?}"
    );
    // The picture the editor placed loads on the portal page.
    assert_eq!(
        browser
            .eval("const i = document.querySelector('.news figure img'); return i.complete && i.naturalWidth > 0;")
            .await,
        true
    );
}
