//! The history pages of records, public and in the workspace, read as a person reads them: field
//! labels and values in Vietnamese, never JSON, field names, HTML source or ISO instants.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::spawn_app;

/// What a history page must never show: signs of the change log's raw form.
fn raw_signs(body: &str, keys: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for sign in [
        "{&quot;",
        "&quot;:",
        "&lt;p&gt;",
        "&lt;strong&gt;",
        "\":",
        "{\"",
    ] {
        if body.contains(sign) {
            found.push(sign.to_string());
        }
    }
    // An instant as the log keeps it: 2026-11-30T08:58:34…
    let bytes = body.as_bytes();
    for i in 0..bytes.len().saturating_sub(19) {
        let w = &bytes[i..i + 19];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        if digits(0..4) && w[4] == b'-' && digits(5..7) && w[10] == b'T' && w[13] == b':' {
            found.push(String::from_utf8_lossy(w).into_owned());
            break;
        }
    }
    for key in keys {
        if body.contains(&format!(">{key}<")) || (key.contains('_') && body.contains(key.as_str()))
        {
            found.push(format!("the field name {key}"));
        }
    }
    found
}

#[tokio::test]
async fn every_history_page_of_the_seed_reads_in_vietnamese_without_json() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let unit = app.store.default_unit().await.unwrap();
    let entries = app.store.recent_changes_of(unit.id, 10_000).await.unwrap();
    let records: BTreeSet<(String, i64)> = entries
        .iter()
        .map(|e| (e.entity.clone(), e.entity_id))
        .collect();
    let mut checked = 0;
    for (entity, id) in &records {
        let keys: BTreeSet<String> = entries
            .iter()
            .filter(|e| &e.entity == entity && e.entity_id == *id)
            .flat_map(|e| [e.before_json.clone(), e.after_json.clone()])
            .flatten()
            .filter_map(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
            .filter_map(|v| v.as_object().cloned())
            .flat_map(|o| o.keys().cloned().collect::<Vec<_>>())
            .collect();
        for session in [None, Some(&staff)] {
            let uri = format!("/lich-su/{entity}/{id}");
            let page = match session {
                Some(s) => app.get_as(&uri, &s.cookie).await,
                None => app.get(&uri).await,
            };
            if page.status == StatusCode::NOT_FOUND {
                continue;
            }
            assert_eq!(page.status, StatusCode::OK, "{uri}");
            let raw = raw_signs(&page.body, &keys);
            assert!(raw.is_empty(), "{uri} shows {raw:?}:\n{}", page.body);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} history pages were read");
}

#[tokio::test]
async fn a_targets_history_names_it_and_shows_its_figures_as_the_portal_does() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let target = app.first_target(2020).await;
    let page = app
        .get_as(&format!("/lich-su/target/{}", target.id), &staff.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let start: String = target.name.chars().take(12).collect();
    page.shows(&format!("Lịch sử thay đổi: chỉ tiêu “{start}"))
        .shows("<td>Kế hoạch</td>")
        .shows("<td>Thực hiện</td>")
        .shows("<td>Chiều đánh giá</td>")
        .shows(target.direction.label())
        .shows("<td>Cơ quan báo cáo</td>")
        .shows("Ủy ban nhân dân quận Cầu Giấy")
        .does_not_show("reporting_body_id")
        .does_not_show("higher_is_better");
    if let Some(actual) = target.actual {
        page.shows(&vi::format_decimal(&actual.to_string(), 2));
    }
}

#[tokio::test]
async fn the_dashboards_recent_changes_name_each_record_by_its_title() {
    let app = spawn_app().await;
    let s = app.sign_in("pcg.quantri").await;
    let title = "Phường ra quân tổng vệ sinh môi trường";
    let saved = app
        .post_form(
            "/dv/phuong-cau-giay/quan-ly/tin-tuc",
            Some(&s),
            &[
                ("title", title),
                ("body", "<p>Toàn phường ra quân.</p>"),
                ("publish", "draft"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let dashboard = app.get_as("/dv/phuong-cau-giay/quan-ly", &s.cookie).await;
    dashboard.shows(&format!("Tạo tin tức “{title}”"));
    // No entry is named by a bare number.
    let recent = dashboard
        .body
        .split("Thay đổi gần đây")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    for line in recent.split("<li>").skip(1) {
        assert!(
            !line.contains(": 1") && !line.contains("số "),
            "an entry named by a number: {line}"
        );
    }
}
