//! Units as tenants, through the router as a browser drives it: setting up a ward from an empty
//! database by the README's walk-through (on SQLite and PostgreSQL), a unit reached by its host name
//! and by its prefix, the page cache kept apart by unit, the official list imported all or
//! nothing, and merges and splits that keep every old page readable and linked both ways.

mod common;

use axum::http::StatusCode;
use common::{csrf_of, option_value, spawn_app, spawn_empty_apps, Part, Session, TestApp};

/// The fields of the form on a page whose hidden `action` field is `action`, as a browser would
/// send them: hidden fields and inputs with their values, checked boxes only.
fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let marker = format!("name=\"action\" value=\"{action}\"");
    let at = html.find(&marker).expect("the form");
    let start = html[..at].rfind("<form").unwrap();
    let end = at + html[at..].find("</form>").unwrap();
    let attr = |tag: &str, name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
    };
    html[start..end]
        .split("<input")
        .skip(1)
        .filter_map(|chunk| {
            let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
            if tag.contains("type=\"checkbox\"") && !tag.contains("checked") {
                return None;
            }
            Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default()))
        })
        .collect()
}

fn as_refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Where a redirect goes.
fn location(page: &common::Page) -> String {
    page.headers
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The session a redirect opened, with the form token of a page it then reads.
async fn session_from(app: &TestApp, answer: &common::Page, page: &str) -> Session {
    let cookie = TestApp::cookie_set_by(answer, "phoihop_session").expect("a session");
    let home = app.get_as(page, &cookie).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    Session {
        csrf: csrf_of(&home.body),
        cookie,
    }
}

const OPERATOR_PASSWORD: &str = "mật khẩu hệ thống";
const ADMIN_PASSWORD: &str = "mật khẩu quản trị phường";
const STAFF_PASSWORD: &str = "mật khẩu chuyên viên";
/// What each chooses at their first sign-in, the given one being someone else's choice.
const OWN_PASSWORD: &str = "mật khẩu tự chọn của tôi";

/// The first visit: the set-up page creates the operator, who lands signed in at the console.
async fn set_up_operator(app: &TestApp) -> Session {
    let first = app.get("/").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&first), "/cai-dat");
    let form = app.get("/cai-dat").await;
    form.shows("Cài đặt hệ thống").shows("quản trị hệ thống");
    let csrf_cookie = TestApp::cookie_set_by(&form, "phoihop_csrf").unwrap();
    let csrf = csrf_of(&form.body);
    let send = |fields: Vec<(&'static str, &'static str)>| {
        let mut all = fields;
        all.push(("csrf", Box::leak(csrf.clone().into_boxed_str())));
        common::encode(&all)
    };
    // A mistyped second password is shown next to its field, and nothing is made.
    let mismatch = app
        .send(
            "POST",
            "/cai-dat",
            Some(&csrf_cookie),
            "application/x-www-form-urlencoded",
            send(vec![
                ("display_name", "Nguyễn Văn Quản"),
                ("username", "hethong"),
                ("password", OPERATOR_PASSWORD),
                ("password_again", "khác hẳn mật khẩu"),
            ]),
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    mismatch.shows("Hai lần nhập mật khẩu không khớp nhau");
    let done = app
        .send(
            "POST",
            "/cai-dat",
            Some(&csrf_cookie),
            "application/x-www-form-urlencoded",
            send(vec![
                ("display_name", "Nguyễn Văn Quản"),
                ("username", "hethong"),
                ("password", OPERATOR_PASSWORD),
                ("password_again", OPERATOR_PASSWORD),
            ]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/he-thong");
    let operator = session_from(app, &done, "/he-thong").await;
    // Once there is an operator, the set-up page only points to signing in.
    assert_eq!(location(&app.get("/cai-dat").await), "/dang-nhap");
    operator
}

/// The operator creates a unit through the console; returns its id.
async fn create_unit(app: &TestApp, operator: &Session, fields: &[(&str, &str)]) -> i64 {
    let made = app
        .post_form("/he-thong/don-vi", Some(operator), fields)
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    location(&made).rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_new_user_sets_up_phuong_nghia_do_from_an_empty_database_by_the_readme() {
    for app in spawn_empty_apps().await {
        let engine = app.store.engine();
        let operator = set_up_operator(&app).await;
        app.get_as("/he-thong", &operator.cookie)
            .await
            .shows("Hệ thống chưa có đơn vị nào");

        // The city, then the ward under it.
        create_unit(
            &app,
            &operator,
            &[
                ("kind", "thành phố"),
                ("name", "Hà Nội"),
                ("code", "01"),
                ("parent_id", ""),
                ("valid_from", "1976-07-02"),
                ("host", ""),
            ],
        )
        .await;
        let console = app.get_as("/he-thong", &operator.cookie).await;
        console.shows("thành phố Hà Nội").shows("mặc định");
        let city = option_value(&console.body, "thành phố Hà Nội");
        let bad = app
            .post_form(
                "/he-thong/don-vi",
                Some(&operator),
                &[
                    ("kind", "phường"),
                    ("name", "Nghĩa Đô"),
                    ("code", "NĐ-1"),
                    ("parent_id", &city),
                    ("valid_from", "31/02/2025"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{engine:?}");
        bad.shows("Mã đơn vị là dãy chữ số")
            .shows("Ngày bắt đầu hiệu lực không hợp lệ");
        let ward = create_unit(
            &app,
            &operator,
            &[
                ("kind", "phường"),
                ("name", "Nghĩa Đô"),
                ("code", "00160"),
                ("parent_id", &city),
                ("valid_from", "01/07/2025"),
                ("host", ""),
            ],
        )
        .await;

        // Its first administrator, a new account.
        let appointed = app
            .post_form(
                &format!("/he-thong/don-vi/{ward}/quan-tri"),
                Some(&operator),
                &[
                    ("username", "nd.quantri"),
                    ("display_name", "Trần Thị Quản Trị"),
                    ("password", ADMIN_PASSWORD),
                ],
            )
            .await;
        assert_eq!(appointed.status, StatusCode::OK, "{}", appointed.body);
        appointed.shows("là quản trị của đơn vị");

        // The first sign-in asks for a password of the administrator's own choosing, then lands
        // in the ward's workspace.
        let (admin, to) = app
            .choose_own_password("nd.quantri", ADMIN_PASSWORD, OWN_PASSWORD)
            .await;
        assert_eq!(to, "/dv/phuong-nghia-do/quan-ly");
        let base = "/dv/phuong-nghia-do";

        // The dashboard says what to do first, and leads to each step.
        let dashboard = app.get_as(&format!("{base}/quan-ly"), &admin.cookie).await;
        dashboard
            .shows("Bắt đầu với đơn vị mới: đã xong 0/6 việc")
            .shows(&format!(
                r#"<a href="{base}/quan-ly/co-quan#mau-co-quan">Tạo các cơ quan của đơn vị</a>"#
            ))
            .shows(&format!(
                r#"<a href="{base}/quan-ly/tin-tuc/moi">Đăng tin đầu tiên</a>"#
            ));

        // Bodies from the template for a ward, as proposed.
        let organisation = app
            .get_as(&format!("{base}/quan-ly/co-quan"), &admin.cookie)
            .await;
        organisation
            .shows("Tạo các cơ quan theo mẫu")
            .shows("Hội đồng nhân dân phường Nghĩa Đô")
            .shows("Ban Kinh tế - Xã hội HĐND phường Nghĩa Đô");
        let template = form_fields(&organisation.body, "template");
        let made = app
            .post_form(
                &format!("{base}/quan-ly/co-quan"),
                None,
                &as_refs(&template),
            )
            .await;
        assert_eq!(
            made.status,
            StatusCode::UNAUTHORIZED,
            "a form needs a session"
        );
        let made = app
            .send(
                "POST",
                &format!("{base}/quan-ly/co-quan"),
                Some(&admin.cookie),
                "application/x-www-form-urlencoded",
                common::encode(&as_refs(&template)),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let organisation = app
            .get_as(&format!("{base}/quan-ly/co-quan"), &admin.cookie)
            .await;
        organisation.does_not_show("Tạo các cơ quan theo mẫu");
        let council = option_value(&organisation.body, "Hội đồng nhân dân phường Nghĩa Đô");
        // A person, a post, an appointment and a term.
        for fields in [
            vec![("action", "person"), ("full_name", "Trần Thị Bình")],
            vec![
                ("action", "post"),
                ("body_id", council.as_str()),
                ("title", "Chủ tịch"),
            ],
            vec![
                ("action", "term"),
                ("body_id", council.as_str()),
                ("term_name", "Nhiệm kỳ 2021 - 2026"),
                ("term_starts_on", "2025-07-01"),
                ("term_ends_on", ""),
            ],
        ] {
            let done = app
                .post_form(&format!("{base}/quan-ly/co-quan"), Some(&admin), &fields)
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        }
        let organisation = app
            .get_as(&format!("{base}/quan-ly/co-quan"), &admin.cookie)
            .await;
        let person = option_value(&organisation.body, "Trần Thị Bình");
        let post = option_value(&organisation.body, "Chủ tịch – HĐND phường");
        let appointed = app
            .post_form(
                &format!("{base}/quan-ly/co-quan"),
                Some(&admin),
                &[
                    ("action", "appoint"),
                    ("person_id", &person),
                    ("post_id", &post),
                    ("starts_on", "2025-07-01"),
                ],
            )
            .await;
        assert_eq!(appointed.status, StatusCode::SEE_OTHER);
        app.get(&format!("{base}/co-quan"))
            .await
            .shows("Hội đồng nhân dân phường Nghĩa Đô")
            .shows("Ủy ban nhân dân phường Nghĩa Đô")
            .shows("Ủy ban Mặt trận Tổ quốc Việt Nam phường Nghĩa Đô")
            .shows("<strong>Chủ tịch</strong>: Trần Thị Bình");

        // Two staff accounts: an editor of the UBND and the head of the HĐND, with a key.
        let staff = app
            .get_as(&format!("{base}/quan-ly/tai-khoan"), &admin.cookie)
            .await;
        let committee = option_value(&staff.body, "Ủy ban nhân dân phường Nghĩa Đô");
        for (username, name, role, body) in [
            ("nd.bientap", "Lê Văn Biên", "editor", committee.as_str()),
            ("nd.chutich", "Trần Thị Bình", "head", council.as_str()),
        ] {
            let added = app
                .post_form(
                    &format!("{base}/quan-ly/tai-khoan"),
                    Some(&admin),
                    &[
                        ("action", "add"),
                        ("username", username),
                        ("display_name", name),
                        ("password", STAFF_PASSWORD),
                        ("role", role),
                        ("body_id", body),
                    ],
                )
                .await;
            assert_eq!(added.status, StatusCode::OK, "{}", added.body);
            added.shows("và giao vai trò");
        }
        let staff = app
            .get_as(&format!("{base}/quan-ly/tai-khoan"), &admin.cookie)
            .await;
        staff
            .shows("Chuyên viên – UBND phường")
            .shows("Thủ trưởng cơ quan – HĐND phường");
        let key_form = form_fields(&staff.body, "key");
        let keyed = app
            .send(
                "POST",
                &format!("{base}/quan-ly/tai-khoan"),
                Some(&admin.cookie),
                "application/x-www-form-urlencoded",
                common::encode(&as_refs(&key_form)),
            )
            .await;
        keyed.shows("Đã tạo khóa ký mới");

        // The unit's settings, shown on its portal.
        let saved = app
            .post_form(
                &format!("{base}/quan-ly/cai-dat"),
                Some(&admin),
                &[
                    ("address", "Số 2 Hoàng Quốc Việt, phường Nghĩa Đô"),
                    ("phone", "024 3756 0000"),
                    ("email", "vanphong@nghiado.example"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

        // The editor adds a category and publishes the ward's first article.
        let (editor, _) = app
            .choose_own_password("nd.bientap", STAFF_PASSWORD, OWN_PASSWORD)
            .await;
        let category = app
            .post_form(
                &format!("{base}/quan-ly/tin-tuc/danh-muc"),
                Some(&editor),
                &[("category_name", "Tin tức - Sự kiện")],
            )
            .await;
        assert_eq!(category.status, StatusCode::SEE_OTHER, "{}", category.body);
        let form = app
            .get_as(&format!("{base}/quan-ly/tin-tuc/moi"), &editor.cookie)
            .await;
        let news = option_value(&form.body, "Tin tức - Sự kiện");
        let published = app
            .post_form(
                &format!("{base}/quan-ly/tin-tuc"),
                Some(&editor),
                &[
                    ("title", "Phường Nghĩa Đô ra mắt cổng thông tin điện tử"),
                    ("slug", ""),
                    (
                        "summary",
                        "Cổng thông tin của HĐND, UBND, Ủy ban MTTQ phường.",
                    ),
                    (
                        "body",
                        "<p>Từ hôm nay, người dân theo dõi hoạt động của phường tại đây.</p>",
                    ),
                    ("byline", "UBND phường Nghĩa Đô"),
                    ("category_ids", &news),
                    ("publish", "now"),
                ],
            )
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );

        // Every step done, the checklist has ticked itself away.
        app.get_as(&format!("{base}/quan-ly"), &admin.cookie)
            .await
            .does_not_show("Bắt đầu với đơn vị mới");

        let home = app.get(base).await;
        assert_eq!(home.status, StatusCode::OK);
        home.shows("Cổng thông tin điện tử phường Nghĩa Đô")
            .shows("Phường Nghĩa Đô ra mắt cổng thông tin điện tử")
            .shows("Số 2 Hoàng Quốc Việt, phường Nghĩa Đô");
        app.get("/don-vi?q=nghia+do")
            .await
            .shows("phường Nghĩa Đô")
            .does_not_show("thành phố Hà Nội</a>");
        // The first unit is the default: the unprefixed addresses serve the city.
        app.get("/")
            .await
            .shows("Cổng thông tin điện tử thành phố Hà Nội");
    }
}

/// The operator of the demo installation.
async fn demo_operator(app: &TestApp) -> Session {
    app.sign_in("hethong").await
}

async fn unit_id(app: &TestApp, slug: &str) -> i64 {
    app.store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == slug)
        .unwrap()
        .id
}

/// Map a host name to a unit through the console.
async fn map_host(app: &TestApp, operator: &Session, slug: &str, name: &str, host: &str) {
    let id = unit_id(app, slug).await;
    let done = app
        .post_form(
            &format!("/he-thong/don-vi/{id}"),
            Some(operator),
            &[("name", name), ("host", host)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

#[tokio::test]
async fn a_unit_reached_by_its_host_name_and_by_its_prefix_shows_the_same_pages() {
    let app = spawn_app().await;
    let operator = demo_operator(&app).await;
    map_host(
        &app,
        &operator,
        "phuong-cau-giay",
        "Cầu Giấy",
        "caugiay.hanoi.example",
    )
    .await;
    for path in [
        "/",
        "/tin-tuc",
        "/co-quan",
        "/chuong-trinh/2026",
        "/chi-tieu/2026",
        "/kien-nghi",
        "/giam-sat",
    ] {
        let by_host = app.get_on_host("caugiay.hanoi.example", path).await;
        let prefixed = format!("/dv/phuong-cau-giay{}", path.trim_end_matches('/'));
        let by_prefix = app.get(&prefixed).await;
        assert_eq!(by_host.status, StatusCode::OK, "{path}");
        assert_eq!(by_prefix.status, StatusCode::OK, "{path}");
        by_host.shows("phường Cầu Giấy");
        // The same page; only the links differ, each keeping its own form of address.
        assert_eq!(
            by_prefix
                .body
                .replace("/dv/phuong-cau-giay/", "/")
                .replace("href=\"/dv/phuong-cau-giay\"", "href=\"/\""),
            by_host.body,
            "{path}"
        );
        assert!(
            !by_host.body.contains("/dv/phuong-cau-giay/tin-tuc"),
            "{path}"
        );
    }
    // An unknown host name falls back to the default unit; an unknown prefix is no page.
    app.get_on_host("khac.example", "/")
        .await
        .shows("quận Cầu Giấy");
    assert_eq!(
        app.get("/dv/phuong-khong-co").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn two_units_never_get_each_others_cached_pages() {
    let app = spawn_app().await;
    let operator = demo_operator(&app).await;
    map_host(
        &app,
        &operator,
        "phuong-cau-giay",
        "Cầu Giấy",
        "caugiay.example",
    )
    .await;
    map_host(
        &app,
        &operator,
        "phuong-nghia-do",
        "Nghĩa Đô",
        "nghiado.example",
    )
    .await;
    for _ in 0..2 {
        for path in ["/", "/tin-tuc", "/co-quan"] {
            let a = app.get_on_host("caugiay.example", path).await;
            let b = app.get_on_host("nghiado.example", path).await;
            a.shows("phường Cầu Giấy").does_not_show("Nghĩa Đô ");
            b.shows("phường Nghĩa Đô")
                .does_not_show("Phường Cầu Giấy chính thức đi vào hoạt động");
            // The default unit's page of the same path is its own as well.
            app.get(path).await.shows("quận Cầu Giấy");
        }
    }
    // A write in one unit shows there at once, and never in the other.
    let editor = app.sign_in("nd.cv.ubnd").await;
    let published = app
        .post_form(
            "/dv/phuong-nghia-do/quan-ly/tin-tuc",
            Some(&editor),
            &[
                ("title", "Nghĩa Đô khánh thành nhà văn hóa tổ dân phố 12"),
                ("slug", ""),
                ("summary", "Nhà văn hóa mới phục vụ sinh hoạt cộng đồng."),
                ("body", "<p>Nhà văn hóa tổ dân phố 12 đã khánh thành.</p>"),
                ("byline", "UBND phường Nghĩa Đô"),
                ("publish", "now"),
            ],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    app.get_on_host("nghiado.example", "/tin-tuc")
        .await
        .shows("Nghĩa Đô khánh thành nhà văn hóa");
    app.get_on_host("caugiay.example", "/tin-tuc")
        .await
        .does_not_show("Nghĩa Đô khánh thành nhà văn hóa");
}

#[tokio::test]
async fn the_bulk_import_of_units_reports_bad_cells_and_writes_nothing_until_all_are_good() {
    let app = spawn_app().await;
    let operator = demo_operator(&app).await;
    let before = app.store.units().await.unwrap().len();
    let bad = "Mã,Tên,Loại,Mã đơn vị cấp trên,Hiệu lực từ,Tên miền\n\
               00163,Láng,phường,01,01/07/2025,\n\
               0016X,Ô Chợ Dừa,phường,01,01/07/2025,\n\
               00170,Giảng Võ,phố,01,01/07/2025,\n\
               00175,Ba Đình,phường,99,01/07/2025,\n\
               00166,Trùng mã,phường,01,01/07/2025,\n";
    let upload = |csv: &'static str| {
        let csrf = operator.csrf.clone();
        let app = &app;
        let operator = &operator;
        async move {
            app.post_multipart(
                "/he-thong/nhap",
                Some(operator),
                &[
                    Part::Field("csrf", &csrf),
                    Part::File("file", "dvhc.csv", csv.as_bytes()),
                ],
            )
            .await
        }
    };
    let refused = upload(bad).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused
        .shows("chưa tạo đơn vị nào")
        .shows("Dòng 3, cột A")
        .shows("Dòng 4, cột C")
        .shows("Dòng 5, cột D")
        .shows("Không có đơn vị mã 99")
        .shows("Dòng 6, cột A")
        .does_not_show("Xác nhận nhập");
    assert_eq!(app.store.units().await.unwrap().len(), before);

    let good = "Mã,Tên,Loại,Mã đơn vị cấp trên,Hiệu lực từ,Tên miền\n\
                00163,Láng,phường,01,01/07/2025,lang.hanoi.example\n\
                00164,Ô Chợ Dừa,phường,01,01/07/2025,\n";
    let preview = upload(good).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview
        .shows("Xem trước: 2 đơn vị hợp lệ")
        .shows("phường Ô Chợ Dừa")
        .shows("thành phố Hà Nội");
    // The preview writes nothing either.
    assert_eq!(app.store.units().await.unwrap().len(), before);
    let at = preview.body.find("name=\"token\" value=\"").unwrap() + 20;
    let token = preview.body[at..at + 64].to_string();
    let confirmed = app
        .post_form(
            "/he-thong/nhap/xac-nhan",
            Some(&operator),
            &[("token", &token)],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert_eq!(app.store.units().await.unwrap().len(), before + 2);
    app.get_as("/he-thong?da-nhap=2", &operator.cookie)
        .await
        .shows("Đã tạo 2 đơn vị từ danh mục")
        .shows("phường Láng");
    app.get_on_host("lang.hanoi.example", "/")
        .await
        .shows("Cổng thông tin điện tử phường Láng");
    // A token serves once.
    let again = app
        .post_form(
            "/he-thong/nhap/xac-nhan",
            Some(&operator),
            &[("token", &token)],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    // Only the operator imports.
    let admin = app.sign_in("quantri").await;
    let denied = app
        .post_multipart(
            "/he-thong/nhap",
            Some(&admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::File("file", "dvhc.csv", good.as_bytes()),
            ],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_merge_and_a_split_keep_every_old_page_readable_and_linked_both_ways() {
    for app in spawn_empty_apps().await {
        let operator = set_up_operator(&app).await;
        let unit = |kind: &str, name: &str, code: &str, parent: Option<i64>, from: &str| {
            [
                ("kind", kind.to_string()),
                ("name", name.to_string()),
                ("code", code.to_string()),
                (
                    "parent_id",
                    parent.map(|p| p.to_string()).unwrap_or_default(),
                ),
                ("valid_from", from.to_string()),
                ("host", String::new()),
            ]
            .map(|(k, v)| (k.to_string(), v))
        };
        let mut ids = Vec::new();
        let province = create_unit(
            &app,
            &operator,
            &as_refs(&unit("tỉnh", "Ninh Bình", "37", None, "1992-04-01")),
        )
        .await;
        for (name, code, from) in [
            ("Đông Thành", "14356", "2008-01-01"),
            ("Tân Thành", "14359", "2008-01-01"),
            ("Nam Bình", "14362", "2008-01-01"),
            ("Hoa Lư", "14365", "2025-07-01"),
            ("Tây Hoa Lư", "14368", "2025-07-01"),
            ("Đông Hoa Lư", "14371", "2025-07-01"),
        ] {
            let fields = unit("phường", name, code, Some(province), from);
            ids.push(create_unit(&app, &operator, &as_refs(&fields)).await);
        }
        // An article of an old ward, to be read in its archive and found from its successor.
        let old = app.store.unit(ids[0]).await.unwrap();
        let mut tx = app.store.begin_for("test", old.id).await.unwrap();
        tx.insert_article(&store::NewArticle {
            unit_id: old.id,
            draft: domain::article::ArticleDraft::parse(
                "Phường Đông Thành tổng kết công tác tiếp dân",
                "",
                "Tổng kết năm.",
                "<p>Phường Đông Thành đã tiếp 240 lượt công dân.</p>",
                "UBND phường Đông Thành",
                Some(chrono::Utc::now() - chrono::Duration::days(400)),
                vec![],
            )
            .unwrap(),
            illustrative: true,
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let reorganise = |from: Vec<i64>, to: Vec<i64>| {
            let mut fields: Vec<(String, String)> = Vec::new();
            fields.extend(
                from.iter()
                    .map(|id| ("predecessors".to_string(), id.to_string())),
            );
            fields.extend(
                to.iter()
                    .map(|id| ("successors".to_string(), id.to_string())),
            );
            fields.push(("effective_on".into(), "2025-07-01".into()));
            fields
        };
        // A merge: Đông Thành and Tân Thành into Hoa Lư; a split: Nam Bình into two.
        for (from, to) in [
            (vec![ids[0], ids[1]], vec![ids[3]]),
            (vec![ids[2]], vec![ids[4], ids[5]]),
        ] {
            let done = app
                .post_form(
                    "/he-thong/sap-xep",
                    Some(&operator),
                    &as_refs(&reorganise(from, to)),
                )
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        }
        // A unit cannot succeed itself, nor end before it began.
        let wrong = app
            .post_form(
                "/he-thong/sap-xep",
                Some(&operator),
                &as_refs(&reorganise(vec![ids[3]], vec![ids[3]])),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);

        // The address typed with a trailing slash leads to the same portal.
        let slash = app.get("/dv/phuong-dong-thanh/").await;
        assert_eq!(location(&slash), "/dv/phuong-dong-thanh");
        let archive = app.get("/dv/phuong-dong-thanh").await;
        assert_eq!(archive.status, StatusCode::OK);
        archive
            .shows("đã kết thúc hoạt động ngày 30/06/2025")
            .shows("href=\"/dv/phuong-hoa-lu\"");
        app.get("/dv/phuong-dong-thanh/tin-tuc")
            .await
            .shows("Phường Đông Thành tổng kết công tác tiếp dân");
        let merged = app.get("/dv/phuong-hoa-lu").await;
        merged
            .shows("href=\"/dv/phuong-dong-thanh\"")
            .shows("href=\"/dv/phuong-tan-thanh\"")
            .does_not_show("đã kết thúc hoạt động");
        let split = app.get("/dv/phuong-nam-binh").await;
        split
            .shows("href=\"/dv/phuong-tay-hoa-lu\"")
            .shows("href=\"/dv/phuong-dong-hoa-lu\"");
        for successor in ["phuong-tay-hoa-lu", "phuong-dong-hoa-lu"] {
            app.get(&format!("/dv/{successor}"))
                .await
                .shows("href=\"/dv/phuong-nam-binh\"");
        }
        // The successor's search includes its predecessors' archives, linked where they live.
        app.get("/dv/phuong-hoa-lu/tim-kiem?q=tiep+dan")
            .await
            .shows("href=\"/dv/phuong-dong-thanh/tin-tuc/");
        app.get("/dv/phuong-tay-hoa-lu/tim-kiem?q=tiep+dan")
            .await
            .does_not_show("Đông Thành tổng kết");
        // Every old page stays readable: the archive's own pages answer.
        for path in [
            "/co-quan",
            "/giam-sat",
            "/kien-nghi",
            "/hoi-nghi",
            "/tin-tuc",
        ] {
            assert_eq!(
                app.get(&format!("/dv/phuong-nam-binh{path}")).await.status,
                StatusCode::OK,
                "{path}"
            );
        }
        app.get("/don-vi").await.shows("lưu trữ, đến 30/06/2025");
    }
}

/// A ward's council with its chair since 2021, written as the ward's office would.
async fn council_with_chair(app: &TestApp, unit: i64, chair: &str) {
    let mut tx = app.store.begin_for("test", unit).await.unwrap();
    let body = tx
        .insert_body(
            unit,
            domain::body::BodyKind::PeoplesCouncil,
            "Hội đồng nhân dân phường",
            "HĐND phường",
            None,
            1,
        )
        .await
        .unwrap();
    if !chair.is_empty() {
        let person = tx.insert_person(unit, chair).await.unwrap();
        let post = tx.insert_post(body.id, "Chủ tịch", 0).await.unwrap();
        tx.insert_membership(&store::NewMembership {
            person_id: person.id,
            post_id: post.id,
            term_id: None,
            starts_on: chrono::NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
            ends_on: None,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_old_units_posts_end_on_the_day_unless_they_are_carried_over() {
    let app = spawn_empty_apps().await.remove(0);
    let operator = set_up_operator(&app).await;
    let mut ids = Vec::new();
    for (kind, name, code, parent, from) in [
        ("tỉnh", "Ninh Bình", "37", None, "1992-04-01"),
        ("phường", "Đông Thành", "14356", Some(0), "2008-01-01"),
        ("phường", "Nam Bình", "14362", Some(0), "2008-01-01"),
        ("phường", "Hoa Lư", "14365", Some(0), "2025-07-01"),
        ("phường", "Tây Hoa Lư", "14368", Some(0), "2025-07-01"),
    ] {
        let parent = parent
            .map(|i: usize| ids[i])
            .map(|p: i64| p.to_string())
            .unwrap_or_default();
        ids.push(
            create_unit(
                &app,
                &operator,
                &[
                    ("kind", kind),
                    ("name", name),
                    ("code", code),
                    ("parent_id", &parent),
                    ("valid_from", from),
                    ("host", ""),
                ],
            )
            .await,
        );
    }
    council_with_chair(&app, ids[1], "Nguyễn Văn Xuân").await;
    council_with_chair(&app, ids[2], "Trần Thị Hạ").await;
    council_with_chair(&app, ids[3], "").await;
    council_with_chair(&app, ids[4], "").await;
    for (from, to, carry) in [(ids[1], ids[3], "1"), (ids[2], ids[4], "")] {
        let done = app
            .post_form(
                "/he-thong/sap-xep",
                Some(&operator),
                &[
                    ("predecessors", &from.to_string()),
                    ("successors", &to.to_string()),
                    ("effective_on", "01/07/2025"),
                    ("carry_over", carry),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    let holding = |unit: i64| {
        let store = app.store.clone();
        async move { store.holdings_of_unit(unit).await.unwrap() }
    };
    let last_day = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    // Both old chairs' posts ended on the last day of their ward.
    for old in [ids[1], ids[2]] {
        let held = holding(old).await;
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].ends_on, Some(last_day));
    }
    // The chair carried over holds the same post in the successor's council from its first day.
    let carried = holding(ids[3]).await;
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0].full_name, "Nguyễn Văn Xuân");
    assert_eq!(carried[0].post, "Chủ tịch");
    assert_eq!(carried[0].starts_on, last_day.succ_opt().unwrap());
    assert_eq!(carried[0].ends_on, None);
    assert!(holding(ids[4]).await.is_empty());
    app.get("/dv/phuong-hoa-lu/co-quan")
        .await
        .shows("<strong>Chủ tịch</strong>: Nguyễn Văn Xuân");
    app.get("/dv/phuong-dong-thanh/co-quan?ngay=30/06/2025")
        .await
        .shows("<strong>Chủ tịch</strong>: Nguyễn Văn Xuân");
}

#[tokio::test]
async fn the_operator_corrects_a_units_dates_and_the_log_keeps_the_correction() {
    let app = spawn_app().await;
    let operator = demo_operator(&app).await;
    let ward = unit_id(&app, "phuong-cau-giay").await;
    let page = app
        .get_as(&format!("/he-thong/don-vi/{ward}"), &operator.cookie)
        .await;
    page.shows("Ngày hiệu lực")
        .shows(r#"id="valid_from" name="valid_from" value="01/07/2025""#)
        // A living unit is not ended here.
        .does_not_show(r#"id="valid_to""#);

    // Mistakes are refused beside their fields, and nothing changes.
    let head = app.store.log_head().await.unwrap();
    let uri = format!("/he-thong/don-vi/{ward}/ngay");
    let bad = app
        .post_form(&uri, Some(&operator), &[("valid_from", "31/02/2025")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.shows(r#"id="valid-from-loi""#);
    let ending = app
        .post_form(
            &uri,
            Some(&operator),
            &[("valid_from", "01/07/2025"), ("valid_to", "31/12/2026")],
        )
        .await;
    assert_eq!(ending.status, StatusCode::UNPROCESSABLE_ENTITY);
    ending.shows("Sắp xếp đơn vị");
    assert_eq!(app.store.log_head().await.unwrap(), head);

    // Corrected, and the change log says from what to what.
    let done = app
        .post_form(&uri, Some(&operator), &[("valid_from", "02/07/2025")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let unit = app
        .store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.id == ward)
        .unwrap();
    assert_eq!(
        unit.valid_from,
        chrono::NaiveDate::from_ymd_opt(2025, 7, 2).unwrap()
    );
    let entry = app
        .store
        .history(ward, domain::entity::Entity::Unit, ward)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(entry.actor, "hethong");
    assert!(entry.before_json.unwrap().contains("2025-07-01"));
    assert!(entry.after_json.unwrap().contains("2025-07-02"));

    // An ended unit's last day is corrected too, never cleared, never before its first.
    let district = app
        .store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.valid_to.is_some())
        .expect("the demo's ended district");
    let uri = format!("/he-thong/don-vi/{}/ngay", district.id);
    let from = domain::time::short_date(district.valid_from);
    let cleared = app
        .post_form(
            &uri,
            Some(&operator),
            &[("valid_from", &from), ("valid_to", "")],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::UNPROCESSABLE_ENTITY);
    let backwards = app
        .post_form(
            &uri,
            Some(&operator),
            &[("valid_from", &from), ("valid_to", "01/01/1990")],
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    backwards.shows("Ngày kết thúc phải sau ngày bắt đầu hiệu lực");

    // A unit's administrator has no say in it.
    let admin = app.sign_in("pcg.quantri").await;
    let refused = app
        .post_form(
            &format!("/he-thong/don-vi/{ward}/ngay"),
            Some(&admin),
            &[("valid_from", "01/01/2020")],
        )
        .await;
    assert!(refused.status == StatusCode::FORBIDDEN || refused.status == StatusCode::NOT_FOUND);
}
