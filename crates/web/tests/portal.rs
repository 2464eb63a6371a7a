//! The public portal through the router: each page shows the seed's facts as a citizen reads them.

mod common;

use axum::http::StatusCode;
use common::spawn_app;
use store::demo::{SEED_ARTICLE_SLUG, SEED_ARTICLE_TITLE};

#[tokio::test]
async fn the_home_page_shows_the_latest_news_and_the_current_programme_at_a_glance() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    page.shows("Cổng thông tin điện tử quận Cầu Giấy")
        .shows(SEED_ARTICLE_TITLE)
        .shows("Chương trình phối hợp công tác năm 2021")
        .shows("Đã ký kết")
        .shows("HĐND quận – UBND quận – Ủy ban MTTQ Việt Nam quận")
        .shows("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu")
        .shows("Hội trường Quận ủy")
        .shows(r#"lang="vi""#)
        .shows(r#"name="viewport""#);
}

#[tokio::test]
async fn the_article_page_shows_the_seed_as_the_portal_published_it() {
    let app = spawn_app().await;
    let page = app.get_article(SEED_ARTICLE_SLUG).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&format!("<h1>{SEED_ARTICLE_TITLE}</h1>"))
        .shows("23/01/2021 - 02:46 PM")
        .shows(r#"datetime="2021-01-23T07:46:00+00:00""#)
        .shows("Chiều ngày 21/01/2021, tại Hội trường Quận ủy")
        .shows("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu được giao")
        .shows("<figcaption>Đồng chí Trần Thị Phương Hoa – TUV – Bí thư Quận ủy phát biểu chỉ đạo</figcaption>")
        .shows("<figcaption>Thường trực HĐND- UBND- Ủy ban MTTQ Việt Nam Quận ký kết Chương trình phối hợp công tác năm 2021</figcaption>")
        .shows(r#"<p class="byline">Ủy ban MTTQ Việt Nam quận Cầu Giấy</p>"#)
        .shows("Các tin tức khác")
        .shows("Kết quả bình chọn Hàng Việt Nam được người tiêu dùng yêu thích 2019")
        .shows("Danh mục tin tức")
        .shows("Mặt trận Tổ quốc")
        // The seed is the real article, not an illustration.
        .does_not_show("Bài viết minh họa");
    // The article does not list itself among the others.
    let others = page.body.split("Các tin tức khác").nth(1).unwrap();
    assert!(!others.contains(SEED_ARTICLE_SLUG));
}

#[tokio::test]
async fn an_illustrative_article_says_so() {
    let app = spawn_app().await;
    app.get_article("ket-qua-binh-chon-hang-viet-nam-duoc-nguoi-tieu-dung-yeu-thich-2019")
        .await
        .shows("Bài viết minh họa trong dữ liệu mẫu.");
}

#[tokio::test]
async fn the_news_list_is_newest_first_and_filters_by_category() {
    let app = spawn_app().await;
    let page = app.get("/tin-tuc").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("5 tin");
    let newest = page
        .body
        .find("Quận Cầu Giấy triển khai công tác bầu cử")
        .unwrap();
    let oldest = page.body.find("Kết quả bình chọn Hàng Việt Nam").unwrap();
    assert!(newest < oldest);

    let notices = app.get("/tin-tuc?danh-muc=thong-bao").await;
    notices
        .shows("<h1>Thông báo</h1>")
        .shows("1 tin")
        .shows("Thông báo lịch tiếp công dân")
        .does_not_show("Kết quả bình chọn");
}

#[tokio::test]
async fn the_news_list_paginates_ten_to_a_page() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    for i in 0..8 {
        let draft = domain::article::ArticleDraft::parse(
            &format!("Tin bổ sung số {i}"),
            "",
            "",
            "<p>Nội dung</p>",
            "",
            Some(chrono::Utc::now() - chrono::Duration::days(4000 + i)),
            vec![],
        )
        .unwrap();
        tx.insert_article(&store::NewArticle {
            unit_id: unit.id,
            draft,
            illustrative: true,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let first = app.get("/tin-tuc").await;
    first
        .shows("13 tin")
        .shows(r#"<span class="current" aria-current="page">1</span>"#)
        .shows(r#"<a href="/tin-tuc?trang=2" rel="next">Trang sau »</a>"#);
    let second = app.get("/tin-tuc?trang=2").await;
    assert_eq!(second.status, StatusCode::OK);
    second
        .shows(r#"<a href="/tin-tuc" rel="prev">« Trang trước</a>"#)
        .shows("Tin bổ sung số 7");
    assert_eq!(
        app.get("/tin-tuc?trang=3").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_bad_page_number_gets_a_message_in_vietnamese() {
    let app = spawn_app().await;
    let page = app.get("/tin-tuc?trang=abc").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.shows("Yêu cầu không hợp lệ")
        .shows("Số trang “abc” không hợp lệ");
}

#[tokio::test]
async fn an_unknown_category_is_not_found() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/tin-tuc?danh-muc=khong-co").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_scheduled_article_is_not_public_before_its_time() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let draft = domain::article::ArticleDraft::parse(
        "Tin sắp đăng",
        "",
        "",
        "<p>Chưa đến giờ</p>",
        "",
        Some(chrono::Utc::now() + chrono::Duration::hours(2)),
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
    tx.commit().await.unwrap();
    assert_eq!(
        app.get_article("tin-sap-dang").await.status,
        StatusCode::NOT_FOUND
    );
    app.get("/tin-tuc").await.does_not_show("Tin sắp đăng");
}

#[tokio::test]
async fn the_2021_programme_lists_its_parties_and_its_contents_by_lead_body() {
    let app = spawn_app().await;
    let page = app.get("/chuong-trinh/2021").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("<h1>Chương trình phối hợp công tác năm 2021</h1>")
        .shows("Đã ký kết")
        .shows("<li>Hội đồng nhân dân quận Cầu Giấy</li>")
        .shows("<li>Ủy ban nhân dân quận Cầu Giấy</li>")
        .shows("<li>Ủy ban Mặt trận Tổ quốc Việt Nam quận Cầu Giấy</li>")
        .shows("21/01/2021")
        .shows("Chủ trì: Hội đồng nhân dân quận Cầu Giấy")
        .shows("Chuẩn bị các điều kiện để tổ chức thực hiện tốt công tác bầu cử đại biểu Quốc hội khóa XV")
        .shows("Tiếp tục thực hiện “mục tiêu kép”")
        .shows("Tích cực xây dựng Đảng, xây dựng chính quyền ngày càng trong sạch, vững mạnh.")
        .shows("Đẩy mạnh các phong trào thi đua yêu nước và các cuộc vận động.")
        // How each content stood when the district ended, marked as illustrative.
        .does_not_show("Chưa triển khai")
        .shows("Hoàn thành")
        .shows("(minh họa)")
        .shows("Cả năm 2021")
        .shows("Trần Thị Phương Hoa – TUV – Bí thư Quận ủy")
        .shows("Nguyễn Thị Thanh – UVTV Quận ủy -Chủ tịch Ủy ban MTTQ Việt Nam Quận");
    assert_eq!(page.body.matches(r#"<div class="item">"#).count(), 5);
}

#[tokio::test]
async fn the_2020_programme_shows_its_review() {
    let app = spawn_app().await;
    app.get("/chuong-trinh/2020")
        .await
        .shows("Đã tổng kết")
        .shows("Kết quả tổng kết")
        .shows("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu")
        .shows("Hoàn thành");
}

#[tokio::test]
async fn the_programme_link_opens_the_current_year() {
    let app = spawn_app().await;
    let page = app.get("/chuong-trinh").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers["location"], "/chuong-trinh/2021");
}

#[tokio::test]
async fn the_targets_page_shows_plan_actual_evaluation_summary_and_chart() {
    let app = spawn_app().await;
    let page = app.get("/chi-tieu/2020").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("Năm 2020: hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu")
        .shows("8 vượt · 5 đạt · 2 không đạt")
        .shows("Thu ngân sách nhà nước trên địa bàn so với dự toán Thành phố giao")
        .shows("104,6")
        .shows("Thứ 1")
        .shows("Dẫn đầu Thành phố thi vào lớp 10 năm thứ 12 liên tiếp.")
        .shows(r#"<span class="badge exceeded">Vượt</span>"#)
        .shows(r#"<span class="badge met">Đạt</span>"#)
        .shows(r#"<span class="badge missed">Không đạt</span>"#)
        .shows("<svg")
        .shows("Kế hoạch và thực hiện của từng chỉ tiêu")
        .shows("Ngân sách so với dự toán")
        .shows("9.530.000")
        .shows("104,6%")
        .shows("Số liệu minh họa");
    assert_eq!(page.body.matches("<tr>").count(), 1 + 15 + 1 + 2);
}

#[tokio::test]
async fn targets_of_a_year_without_a_programme_are_not_found() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/chi-tieu/1999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/chi-tieu/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/chuong-trinh/99999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_bodies_page_shows_who_holds_which_post() {
    let app = spawn_app().await;
    let page = app.get("/co-quan?ngay=21/01/2021").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("Các cơ quan của quận Cầu Giấy")
        .shows("Theo dữ liệu ngày 21/01/2021")
        .shows("<h2>Hội đồng nhân dân quận Cầu Giấy</h2>")
        .shows("<strong>Chủ tịch</strong>: Nguyễn Văn Chiến")
        .shows("<strong>Bí thư</strong>: Trần Thị Phương Hoa")
        .shows("<strong>Chủ tịch</strong>: Bùi Tuấn Anh")
        .shows("<strong>Chủ tịch</strong>: Nguyễn Thị Thanh")
        .shows("(nhiệm kỳ 2016 - 2021)");
    // The district ended on 30/06/2025; by default it is shown as it was then.
    app.get("/co-quan")
        .await
        .shows("Theo dữ liệu ngày 30/06/2025")
        .shows("phường Cầu Giấy, phường Nghĩa Đô kế thừa");
}

#[tokio::test]
async fn a_bad_date_on_the_bodies_page_gets_a_message() {
    let app = spawn_app().await;
    let page = app.get("/co-quan?ngay=32/13/2021").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.shows("Ngày “32/13/2021” không hợp lệ");
}

#[tokio::test]
async fn a_page_that_does_not_exist_gets_a_proper_404_page() {
    let app = spawn_app().await;
    for uri in [
        "/khong-co-trang-nay",
        "/tin-tuc/khong-co-bai-nay",
        "/static/nope.css",
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        page.shows("Không tìm thấy trang").shows("Về trang chủ");
    }
}

#[tokio::test]
async fn a_server_fault_shows_a_500_page_without_internals() {
    let app = spawn_app().await;
    // Break the database under the app: every query now fails.
    sqlx::query("DROP TABLE meeting_attendees")
        .execute(app.store.db_write())
        .await
        .unwrap();
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    page.shows("Hệ thống đang gặp sự cố")
        .does_not_show("meeting_attendees")
        .does_not_show("sqlx")
        .does_not_show("SQL");
}

#[tokio::test]
async fn pages_carry_security_headers_and_static_files_are_cached() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(page.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    let css = app.get("/static/site.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type.starts_with("text/css"));
    assert!(css.headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    // The demo's photos exist where the article points.
    assert_eq!(
        app.get("/static/demo/ky-ket.svg").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn health_is_reported_at_healthz() {
    let app = spawn_app().await;
    let page = app.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "ok");
}
