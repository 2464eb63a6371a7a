//! Search through the router: the page `/tim-kiem`, its suggestions, the API `/api/v1/search`,
//! and the index following the change log.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{api_token, search_uri, spawn_app, spawn_app_with_search_follower, TestApp};
use serde_json::json;
use store::demo::SEED_ARTICLE_SLUG;

const EDITOR: &str = "cv.hdnd";
const READER: &str = "doc";

fn seed_href() -> String {
    format!("href=\"/tin-tuc/{SEED_ARTICLE_SLUG}\"")
}

/// How many results a search page lists.
fn result_count(html: &str) -> usize {
    html.matches("class=\"result\"").count()
}

/// Search until the page shows `text`, for at most `limit`; the time it took.
async fn search_until(app: &TestApp, q: &str, text: &str, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        let page = app.get(&search_uri(q)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        if page.body.contains(text) {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

#[tokio::test]
async fn every_way_of_typing_finds_the_seed_article() {
    let app = spawn_app().await;
    // "Cầu Giấy" and "Ủy ban" written decomposed (NFD), as some keyboards and PDFs give them.
    let nfd = "C\u{61}\u{302}\u{300}u Gia\u{302}\u{301}y U\u{309}y ban";
    assert_ne!(nfd, "Cầu Giấy Ủy ban");
    for q in [
        "cau giay",
        "uy ban mttq",
        "Uỷ ban",
        "Ủy ban",
        "hoi dong nhan dan cau giay",
        "HĐND",
        "HDND",
        "\"chương trình phối hợp\"",
        "“chuong trinh phoi hop”",
        nfd,
    ] {
        let page = app.get(&search_uri(q)).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        assert!(
            page.body.contains(&seed_href()),
            "{q:?} does not find the seed article on the first page:\n{}",
            page.body
        );
    }
}

#[tokio::test]
async fn dong_chi_finds_dong_chi_and_marks_it() {
    let app = spawn_app().await;
    let page = app.get(&search_uri("dong chi")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<mark>đồng chí</mark>") || page.body.contains("<mark>Đồng chí</mark>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&seed_href()));
}

#[tokio::test]
async fn an_article_edited_through_the_api_is_found_without_a_reindex() {
    let app = spawn_app_with_search_follower().await;
    // The follower builds the index first.
    assert!(
        search_until(&app, "cau giay", &seed_href(), Duration::from_secs(10))
            .await
            .is_some(),
        "the follower did not build the index"
    );
    let new_words = "Liên hoan đờn ca tài tử Nam Bộ";
    // Quoted, so that records with only some of the words do not count.
    let q = "\"don ca tai tu\"";
    let before = app.get(&search_uri(q)).await;
    before.does_not_show(&seed_href());

    let token = api_token(&app, EDITOR).await;
    let edited = app
        .api(
            "PUT",
            &format!("/api/v1/articles/{SEED_ARTICLE_SLUG}"),
            Some(&token),
            json!({
                "title": format!("HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy: {new_words}"),
                "slug": SEED_ARTICLE_SLUG,
                "body_html": format!("<p>{new_words} tại Hội trường Quận ủy.</p>"),
                "published_at": "2021-01-23T07:46:00Z"
            }),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);

    let took = search_until(&app, q, &seed_href(), Duration::from_secs(2))
        .await
        .expect("the new words are found within 2 s of the edit");
    assert!(took < Duration::from_secs(2), "{took:?}");
    // The old words are gone with the old text.
    let page = app.get(&search_uri("\"tổng kết chương trình\"")).await;
    page.does_not_show(&seed_href());
}

#[tokio::test]
async fn a_draft_is_found_by_staff_and_not_by_anyone_else() {
    let app = spawn_app().await;
    let token = api_token(&app, EDITOR).await;
    let created = app
        .api(
            "POST",
            "/api/v1/articles",
            Some(&token),
            json!({"title": "Dự thảo kế hoạch tuyên truyền bầu cử", "slug": "du-thao-ke-hoach", "body_html": "<p>Bản nháp về kế hoạch tuyên truyền.</p>"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let uri = search_uri("\"du thao ke hoach tuyen truyen\"");

    // Signed in first: what staff see must not be kept for everyone by the page cache.
    for who in [EDITOR, READER] {
        let session = app.sign_in(who).await;
        let page = app.get_as(&uri, &session.cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        page.shows("Dự thảo kế hoạch")
            .shows("/quan-ly/tin-tuc/")
            .shows("Nội bộ");
    }
    let anonymous = app.get(&uri).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    anonymous
        .does_not_show("/quan-ly/tin-tuc/")
        .shows("Không tìm thấy kết quả nào");

    // The API alike: anonymous callers find public records only; a token of the unit's staff
    // finds drafts; a wrong token is refused.
    let api_uri = "/api/v1/search?q=%22du%20thao%20ke%20hoach%22";
    assert_eq!(app.get(api_uri).await.json()["total"], 0);
    let with_token = app.api("GET", api_uri, Some(&token), json!(null)).await;
    assert_eq!(with_token.json()["total"], 1, "{}", with_token.body);
    let wrong = app.api("GET", api_uri, Some("ph_wrong"), json!(null)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_scheduled_article_is_found_once_its_time_has_come() {
    let app = spawn_app().await;
    let token = api_token(&app, EDITOR).await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let created = app
        .api(
            "POST",
            "/api/v1/articles",
            Some(&token),
            json!({"title": "Thông báo lịch trực Tết Nguyên đán", "body_html": "<p>Lịch trực các ngày Tết.</p>", "published_at": at.to_rfc3339()}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let q = "\"truc tet nguyen dan\"";
    app.get(&search_uri(q))
        .await
        .shows("Không tìm thấy kết quả nào");
    assert!(
        search_until(
            &app,
            q,
            "/tin-tuc/thong-bao-lich-truc-tet-nguyen-dan",
            Duration::from_secs(5)
        )
        .await
        .is_some(),
        "the scheduled article was not found after its time"
    );
}

#[tokio::test]
async fn results_come_ten_a_page() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    for n in 1..=13 {
        let draft = domain::article::ArticleDraft::parse(
            &format!("Hội thi tìm hiểu pháp luật lần thứ {n}"),
            "",
            "",
            "<p>Hội thi tìm hiểu pháp luật dành cho đoàn viên.</p>",
            "",
            Some(chrono::Utc::now() - chrono::Duration::hours(n)),
            vec![],
        )
        .unwrap();
        tx.insert_article(&store::NewArticle {
            unit_id: unit.id,
            draft,
            illustrative: false,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let first = app.get(&search_uri("hoi thi tim hieu phap luat")).await;
    assert_eq!(result_count(&first.body), 10, "{}", first.body);
    first
        .shows("Kết quả 1–10 trong 13")
        .shows("rel=\"next\"")
        .shows("trang=2");
    let second = app
        .get(&format!(
            "{}&trang=2",
            search_uri("hoi thi tim hieu phap luat")
        ))
        .await;
    assert_eq!(result_count(&second.body), 3);
    second.shows("Kết quả 11–13 trong 13").shows("rel=\"prev\"");
    let beyond = app
        .get(&format!(
            "{}&trang=3",
            search_uri("hoi thi tim hieu phap luat")
        ))
        .await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert_eq!(result_count(&beyond.body), 0);
}

#[tokio::test]
async fn facets_filter_by_kind_year_and_body() {
    let app = spawn_app().await;
    let all = app.get(&search_uri("hdnd")).await;
    all.shows("loai=article")
        .shows("loai=body")
        .shows("nam=2021");
    let bodies_only = app.get(&format!("{}&loai=body", search_uri("hdnd"))).await;
    assert!(result_count(&bodies_only.body) > 0);
    assert_eq!(
        result_count(&bodies_only.body),
        bodies_only.body.matches("kind-body").count(),
        "{}",
        bodies_only.body
    );
    let articles_2021 = app
        .get(&format!("{}&loai=article&nam=2021", search_uri("hdnd")))
        .await;
    articles_2021.shows(&seed_href());
    let articles_2019 = app
        .get(&format!("{}&loai=article&nam=2019", search_uri("hdnd")))
        .await;
    articles_2019.does_not_show(&seed_href());

    let unit = app.store.default_unit().await.unwrap();
    let council = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "HĐND quận")
        .unwrap();
    let by_body = app
        .get(&format!(
            "{}&loai=body&co-quan={}",
            search_uri("hdnd"),
            council.id
        ))
        .await;
    // The council and its committees concern the council; the People's Committee does not.
    let committee = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "UBND quận")
        .unwrap();
    by_body
        .shows(&format!("href=\"/co-quan/{}\"", council.id))
        .does_not_show(&format!("href=\"/co-quan/{}\"", committee.id));
    for bad in ["&loai=nothing", "&nam=abc", "&co-quan=x", "&trang=0"] {
        let page = app.get(&format!("{}{bad}", search_uri("hdnd"))).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn titles_are_suggested_as_one_types() {
    let app = spawn_app().await;
    let page = app.get("/tim-kiem/goi-y?q=ky%20ket%20chuong%20tr").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    page.shows("<ul class=\"suggest-list\">")
        .shows("ký kết chương trình phối hợp công tác năm 2021")
        .shows("href=\"/tim-kiem?q=");
    let empty = app.get("/tim-kiem/goi-y?q=").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.trim().is_empty(), "{}", empty.body);
    // The search page asks for them as one types, and works without them.
    let search = app.get("/tim-kiem").await;
    search
        .shows("hx-get=\"/tim-kiem/goi-y\"")
        .shows("method=\"get\" action=\"/tim-kiem\"")
        .shows("src=\"/static/htmx.min.");
}

#[tokio::test]
async fn no_results_offer_the_closest_terms() {
    let app = spawn_app().await;
    let page = app.get(&search_uri("chuogn trinh")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("Có phải bạn muốn tìm").shows("chương trình");
}

#[tokio::test]
async fn hostile_queries_are_answered_and_escaped() {
    let app = spawn_app().await;
    let long = "ủy ban ".repeat(500);
    for q in [
        "\"((:^*",
        "title:(x OR y)^3 -z ~ \\ [ ] { }",
        "<script>alert(1)</script>",
        "\"",
        "*",
        "   ",
        long.as_str(),
        "\u{0}\u{202e}",
    ] {
        let page = app.get(&search_uri(q)).await;
        assert_eq!(page.status, StatusCode::OK, "{q:?}: {}", page.body);
        page.does_not_show("<script>alert(1)</script>");
        let api = app
            .get(&format!(
                "/api/v1/search?q={}",
                form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(api.status, StatusCode::OK, "{q:?}");
    }
    app.get(&search_uri("<script>alert(1)</script>"))
        .await
        .shows("&#60;script&#62;");
}

#[tokio::test]
async fn every_portal_page_has_a_search_box() {
    let app = spawn_app().await;
    for uri in [
        "/".to_string(),
        "/tin-tuc".to_string(),
        format!("/tin-tuc/{SEED_ARTICLE_SLUG}"),
        "/co-quan".to_string(),
    ] {
        let page = app.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        page.shows("class=\"site-search\" method=\"get\" action=\"/tim-kiem\"");
    }
}

#[tokio::test]
async fn the_search_api_answers_in_json_and_is_documented() {
    let app = spawn_app().await;
    let json = app
        .get("/api/v1/search?q=cau%20giay&kind=article&year=2021")
        .await
        .json();
    assert!(json["total"].as_u64().unwrap() >= 1, "{json}");
    assert_eq!(json["page"], 1);
    assert_eq!(json["per_page"], 10);
    let hits = json["hits"].as_array().unwrap();
    assert!(hits.iter().all(|h| h["kind"] == "article"));
    assert!(hits
        .iter()
        .any(|h| h["url"] == format!("/tin-tuc/{SEED_ARTICLE_SLUG}")));
    assert!(hits[0]["snippet_html"].as_str().unwrap().contains("<mark>"));
    assert_eq!(json["kinds"][0]["kind"], "article");

    let page2 = app
        .get("/api/v1/search?q=hdnd&per_page=2&page=2")
        .await
        .json();
    assert_eq!(page2["hits"].as_array().unwrap().len(), 2);
    for bad in ["kind=x", "year=y", "body=z", "page=0", "per_page=1000"] {
        let r = app.get(&format!("/api/v1/search?q=a&{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let doc = app.get("/api/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/search"]["get"].is_object());
    assert!(doc["components"]["schemas"]["SearchResultsDto"].is_object());
}

#[tokio::test]
async fn people_bodies_targets_and_meetings_are_found_too() {
    let app = spawn_app().await;
    for (q, kind) in [
        ("tran thi phuong hoa", "kind-person"),
        ("uy ban nhan dan quan cau giay", "kind-body"),
        ("thu ngan sach", "kind-target"),
        ("hoi nghi tong ket", "kind-meeting"),
    ] {
        let page = app.get(&search_uri(q)).await;
        assert!(
            page.body.contains(kind),
            "{q:?} finds no {kind}:\n{}",
            page.body
        );
    }
}

#[tokio::test]
async fn a_meeting_kept_from_the_portal_is_found_by_staff_only() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let meeting = tx
        .insert_meeting(&store::NewMeeting {
            unit_id: unit.id,
            kind: domain::meeting::MeetingKind::Working,
            title: "Họp giao ban Thường trực về công tác lưu trữ".into(),
            starts_at: chrono::Utc::now(),
            ends_at: None,
            venue: "Phòng họp số 2".into(),
            programme_id: None,
            attendees: Vec::new(),
            chair: None,
            secretary: None,
            agenda: vec!["Rà soát hồ sơ lưu trữ".into()],
            minutes: None,
            minutes_published: false,
            documents: Vec::new(),
            public: false,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let uri = search_uri("\"cong tac luu tru\"");
    let session = app.sign_in(READER).await;
    app.get_as(&uri, &session.cookie)
        .await
        .shows(&format!("/hoi-nghi/{}", meeting.id));
    app.get(&uri)
        .await
        .does_not_show(&format!("/hoi-nghi/{}", meeting.id));
}

/// Post a form as `session` and return the page it redirected to, without the mark of the save.
async fn post_and_follow(
    app: &TestApp,
    uri: &str,
    session: &common::Session,
    fields: &[(&str, &str)],
) -> String {
    let page = app.post_form(uri, Some(session), fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{uri}: {}", page.body);
    let location = page.headers["location"].to_str().unwrap();
    location.split('?').next().unwrap_or(location).to_string()
}

#[tokio::test]
async fn oversight_and_recommendations_recorded_through_the_forms_are_found_without_diacritics_and_private_ones_by_staff_only(
) {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let bodies = app.store.bodies(unit.id).await.unwrap();
    let body = |short: &str| {
        bodies
            .iter()
            .find(|b| b.short_name == short)
            .unwrap()
            .id
            .to_string()
    };
    let (hdnd, ubnd) = (body("HĐND quận"), body("UBND quận"));
    // The demo's activities come in with the first build of the index; its private
    // recommendation stays out of anonymous results.
    app.get(&search_uri("cai cach hanh chinh"))
        .await
        .shows("kind-oversight");
    app.get(&search_uri("\"bo sung bien che\""))
        .await
        .shows("Không tìm thấy kết quả nào");

    let editor = app.sign_in(EDITOR).await;
    let activity = |title: &'static str, public: &'static str| {
        vec![
            ("kind", "thematic_supervision"),
            ("title", title),
            ("conducted_by", hdnd.as_str()),
            ("subject_body_ids", ubnd.as_str()),
            ("starts_on", "05/04/2021"),
            ("team", "Nguyễn Văn Chiến – Trưởng đoàn"),
            ("public", public),
        ]
    };
    let public_at = post_and_follow(
        &app,
        "/quan-ly/giam-sat",
        &editor,
        &activity("Giám sát việc quản lý chợ dân sinh trên địa bàn quận", "1"),
    )
    .await;
    let public_id = public_at.rsplit('/').next().unwrap().to_string();
    let private_at = post_and_follow(
        &app,
        "/quan-ly/giam-sat",
        &editor,
        &activity("Giám sát việc lưu trữ hồ sơ đấu thầu", ""),
    )
    .await;
    let recommend = |content: &'static str, public: &'static str| {
        vec![
            ("content", content),
            ("responsible_body_id", ubnd.as_str()),
            ("deadline", "2021-12-31"),
            ("public", public),
        ]
    };
    for (content, public) in [
        ("Sắp xếp lại các hộ kinh doanh tại chợ tạm Nghĩa Tân", "1"),
        ("Rà soát quy chế chi tiêu nội bộ của các chợ", ""),
    ] {
        post_and_follow(
            &app,
            &format!("/quan-ly/giam-sat/{public_id}/kien-nghi"),
            &editor,
            &recommend(content, public),
        )
        .await;
    }
    let recs = app.store.recommendations(unit.id).await.unwrap();
    let rec_id = |start: &str| {
        recs.iter()
            .find(|r| r.content.starts_with(start))
            .unwrap()
            .id
    };
    let (public_rec, private_rec) = (rec_id("Sắp xếp lại"), rec_id("Rà soát quy chế"));

    // Anyone finds the public ones typed without diacritics, linked to the portal.
    app.get(&search_uri("cho dan sinh"))
        .await
        .shows("kind-oversight")
        .shows(&format!("href=\"/giam-sat/{public_id}\""));
    app.get(&search_uri("\"cho tam nghia tan\""))
        .await
        .shows("kind-recommendation")
        .shows(&format!("/giam-sat/{public_id}#kien-nghi-{public_rec}"));

    // The private ones are found by staff, linked to the workspace, and by nobody else.
    let reader = app.sign_in(READER).await;
    for (q, href) in [
        ("\"luu tru ho so dau thau\"", private_at.clone()),
        (
            "\"quy che chi tieu noi bo\"",
            format!("/quan-ly/kien-nghi/{private_rec}"),
        ),
    ] {
        app.get_as(&search_uri(q), &reader.cookie)
            .await
            .shows(&format!("href=\"{href}\""))
            .shows("Nội bộ");
        app.get(&search_uri(q))
            .await
            .does_not_show(&href)
            .shows("Không tìm thấy kết quả nào");
    }

    // Made private later, the public activity leaves the anonymous results at once.
    let mut changed = activity("Giám sát việc quản lý chợ dân sinh trên địa bàn quận", "");
    changed.retain(|(k, _)| *k != "public");
    post_and_follow(&app, &public_at, &editor, &changed).await;
    app.get(&search_uri("cho dan sinh"))
        .await
        .does_not_show(&format!("href=\"/giam-sat/{public_id}\""));
    // Its public recommendation stays findable, without naming the activity kept from the portal.
    app.get(&search_uri("\"cho tam nghia tan\""))
        .await
        .shows(&format!("/kien-nghi#kien-nghi-{public_rec}"));
}
