//! Oversight and follow-up, meetings and their calendars, and the reminder digest, through the
//! router and a real SMTP conversation on loopback; recording oversight activities and their
//! recommendations through the workspace forms.

mod common;

use std::io::BufReader;

use axum::http::StatusCode;
use common::mail::{decode_mail, smtp_listener};
use common::{spawn_app, TestApp};

#[tokio::test]
async fn the_portal_lists_oversight_and_the_follow_up_of_every_public_recommendation() {
    let app = spawn_app().await;
    let list = app.get("/giam-sat").await;
    assert_eq!(list.status, StatusCode::OK);
    list.shows("Giám sát chuyên đề việc thực hiện công tác cải cách hành chính")
        .shows("Phiên giải trình về công tác quản lý trật tự xây dựng")
        .shows("Thanh tra việc quản lý, sử dụng đất công")
        .shows("Kiểm tra công tác phòng, chống dịch Covid-19");
    // The district's archive keeps the dates of its time.
    app.get("/kien-nghi")
        .await
        .shows("Quá hạn")
        .shows("Đã hoàn thành")
        .shows("(báo cáo hoàn thành)")
        // A recommendation that is not public never reaches the portal.
        .does_not_show("Bổ sung biên chế");
    app.get("/kien-nghi?trang-thai=qua-han")
        .await
        .shows("Xử lý dứt điểm các công trình vi phạm trật tự xây dựng")
        .does_not_show("Rút ngắn thời gian giải quyết hồ sơ đất đai");
    // The living ward's follow-up runs against today: every state shows.
    app.get(&format!("{WARD}/kien-nghi"))
        .await
        .shows("Quá hạn")
        .shows("Đã hoàn thành")
        .shows("Đang thực hiện")
        .shows("Chưa thực hiện")
        .does_not_show("Bổ sung biên chế");
}

/// The living ward of the demo, which took over the district's affairs.
const WARD: &str = "/dv/phuong-cau-giay";

async fn ward(app: &TestApp) -> domain::unit::AdminUnit {
    app.store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == store::demo::WARD_SLUG)
        .unwrap()
}

#[tokio::test]
async fn an_activity_page_shows_its_team_subjects_items_and_recommendations() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let o = app
        .store
        .oversights(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.kind == domain::oversight::OversightKind::ThematicSupervision)
        .unwrap();
    let page = app.get(&format!("/giam-sat/{}", o.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("Nguyễn Văn Chiến – Trưởng đoàn")
        .shows("UBND quận")
        .shows("Phục vụ nội dung phối hợp")
        .shows("Rút ngắn thời gian giải quyết hồ sơ đất đai");
    assert_eq!(
        app.get("/giam-sat/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_bodys_page_shows_what_it_still_has_to_do_and_a_closing_response_removes_it() {
    let app = spawn_app().await;
    let unit = ward(&app).await;
    let ubnd = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "UBND phường")
        .unwrap();
    let page = app.get(&format!("{WARD}/co-quan/{}", ubnd.id)).await;
    page.shows("Lê Văn Cường")
        .shows("Kiến nghị cần thực hiện")
        .shows("Thu hồi, đưa vào sử dụng đúng mục đích");
    let rec = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.content.starts_with("Thu hồi, đưa vào sử dụng"))
        .unwrap();

    let editor = app.sign_in("pcg.cv.ubnd").await;
    let done = app
        .post_form(
            &format!("{WARD}/quan-ly/kien-nghi/{}/tra-loi", rec.id),
            Some(&editor),
            &[
                ("on", "2026-11-20"),
                ("text", "Đã thu hồi toàn bộ diện tích lấn chiếm"),
                ("closes", "1"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // Gone from every open list at once.
    app.get(&format!("{WARD}/co-quan/{}", ubnd.id))
        .await
        .does_not_show("Thu hồi, đưa vào sử dụng đúng mục đích");
    app.get(&format!("{WARD}/kien-nghi?trang-thai=con-mo"))
        .await
        .does_not_show("Thu hồi, đưa vào sử dụng đúng mục đích");
    app.get(&format!("{WARD}/kien-nghi?trang-thai=hoan-thanh"))
        .await
        .shows("Đã thu hồi toàn bộ diện tích lấn chiếm");
}

#[tokio::test]
async fn only_the_responsible_body_and_the_administrator_record_responses() {
    let app = spawn_app().await;
    let unit = ward(&app).await;
    let rec = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.content.starts_with("Tăng cường kiểm tra"))
        .unwrap();
    let uri = format!("{WARD}/quan-ly/kien-nghi/{}/tra-loi", rec.id);
    for (who, expected) in [
        ("pcg.cv.hdnd", StatusCode::FORBIDDEN),
        ("pcg.doc", StatusCode::FORBIDDEN),
        // The district's staff hold no role in the ward.
        ("cv.ubnd", StatusCode::FORBIDDEN),
        ("pcg.ct.ubnd", StatusCode::SEE_OTHER),
        ("pcg.quantri", StatusCode::SEE_OTHER),
    ] {
        let s = app.sign_in(who).await;
        let page = app
            .post_form(
                &uri,
                Some(&s),
                &[("on", "2026-11-20"), ("text", "Đang triển khai")],
            )
            .await;
        assert_eq!(page.status, expected, "{who}");
    }
    let s = app.sign_in("pcg.quantri").await;
    assert_eq!(
        app.post_form(&uri, None, &[("text", "x")]).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_form_without_csrf(&uri, &s, &[("text", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .post_form(&uri, Some(&s), &[("on", "2026-11-20"), ("text", "  ")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.shows("Nội dung trả lời không được để trống");
}

#[tokio::test]
async fn the_meeting_calendar_parses_with_an_independent_parser_and_keeps_vietnamese_intact() {
    let app = spawn_app().await;
    let feed = app.get("/hoi-nghi.ics").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.content_type.starts_with("text/calendar"));
    // The second answer comes from the page cache, offered as the first was.
    let again = app.get("/hoi-nghi.ics").await;
    assert_eq!(again.body, feed.body);
    assert_eq!(
        again.header("content-disposition"),
        "inline; filename=\"hoi-nghi.ics\""
    );
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(feed.body.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("a valid iCalendar");
    assert_eq!(calendars.len(), 1);
    let event = &calendars[0].events[0];
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    // RFC 5545 escapes commas and semicolons in text; unfold and unescape before comparing.
    let unescape = |s: String| {
        s.replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\n", "\n")
    };
    assert_eq!(unescape(prop("SUMMARY")), "Hội nghị tổng kết Chương trình phối hợp công tác năm 2020; Ký kết chương trình phối hợp công tác năm 2021");
    assert_eq!(unescape(prop("LOCATION")), "Hội trường Quận ủy");
    assert_eq!(prop("DTSTART"), "20210121T070000Z");
    assert!(unescape(prop("DESCRIPTION")).contains("Trần Thị Phương Hoa – TUV – Bí thư Quận ủy"));
    assert!(!prop("UID").is_empty());

    let unit = app.store.default_unit().await.unwrap();
    let m = &app.store.meetings(unit.id).await.unwrap()[0];
    let one = app.get(&format!("/hoi-nghi/{}/lich.ics", m.id)).await;
    let parsed: Vec<_> = ical::IcalParser::new(BufReader::new(one.body.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(parsed[0].events.len(), 1);
}

#[tokio::test]
async fn a_meeting_page_shows_its_agenda_attendance_and_published_minutes() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let m = &app.store.meetings(unit.id).await.unwrap()[0];
    app.get(&format!("/hoi-nghi/{}", m.id))
        .await
        .shows("Chương trình hội nghị")
        .shows("Ký kết Chương trình phối hợp công tác năm 2021")
        .shows("Nguyễn Văn Chiến – PBT Thường trực Quận ủy, Chủ tịch HĐND Quận")
        .shows("Biên bản");
}

#[tokio::test]
async fn draft_minutes_stay_in_the_workspace_until_published() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let m = app.store.meetings(unit.id).await.unwrap().remove(0);
    let s = app.sign_in("cv.hdnd").await;
    let edit = |published: &'static str| {
        let mut f = vec![
            ("title", m.title.clone()),
            ("kind", m.kind.as_str().to_string()),
            ("starts_at", "2021-01-21T14:00".to_string()),
            ("ends_at", "2021-01-21T16:30".to_string()),
            ("venue", m.venue.clone()),
            ("agenda", "Tổng kết năm 2020\nKý kết năm 2021".to_string()),
            // Posted as lines, the attendance keeps its links to the people it names.
            (
                "guests",
                m.attendees
                    .iter()
                    .map(|a| a.as_written())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            ("minutes", "Biên bản dự thảo mới".to_string()),
            ("public", "1".to_string()),
        ];
        if !published.is_empty() {
            f.push(("minutes_published", published.to_string()));
        }
        f
    };
    let fields = edit("");
    let r: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.post_form(&format!("/quan-ly/hoi-nghi/{}", m.id), Some(&s), &r)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    app.get(&format!("/hoi-nghi/{}", m.id))
        .await
        .does_not_show("Biên bản dự thảo mới")
        .shows("Tổng kết năm 2020");
    let fields = edit("1");
    let r: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.post_form(&format!("/quan-ly/hoi-nghi/{}", m.id), Some(&s), &r)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    app.get(&format!("/hoi-nghi/{}", m.id))
        .await
        .shows("Biên bản dự thảo mới");
    // The attendance kept its link to the people it names.
    let after = app.store.meetings(unit.id).await.unwrap().remove(0);
    assert_eq!(after.attendees[0].person_id, m.attendees[0].person_id);
    let reader = app.sign_in("doc").await;
    assert_eq!(
        app.post_form(&format!("/quan-ly/hoi-nghi/{}", m.id), Some(&reader), &r)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_daily_digest_reaches_a_real_smtp_listener_with_the_right_recommendations() {
    let app = spawn_app().await;
    let (port, received) = smtp_listener().await;
    let smtp = app::reminders::SmtpConfig::parse(
        &format!("smtp://127.0.0.1:{port}"),
        "phoihop@caugiay.example",
    )
    .unwrap();
    let today = domain::time::today();
    let report = app::reminders::run_once(&app.store, today, Some(&smtp))
        .await
        .unwrap();
    assert_eq!(report.sent, report.recorded);
    assert!(report.sent >= 1);
    // A second run the same day sends nothing again.
    let again = app::reminders::run_once(&app.store, today, Some(&smtp))
        .await
        .unwrap();
    assert_eq!(again.recorded, 0);
    let messages = received.await.unwrap();
    let ubnd = messages
        .iter()
        .find(|m| m.contains("To: vanphong.ubnd@phuongcaugiay.example"))
        .expect("the UBND digest");
    // Subjects and bodies may be encoded; decode what lettre wrote.
    let decoded = decode_mail(ubnd);
    assert!(
        decoded.contains("Thu hồi, đưa vào sử dụng đúng mục đích"),
        "{decoded}"
    );
    assert!(
        decoded.contains("Xử lý dứt điểm các công trình vi phạm"),
        "{decoded}"
    );
    assert!(decoded.contains("Quá hạn"));
    // Due in 30 days or done: not in the digest.
    assert!(!decoded.contains("Tăng cường kiểm tra"));
    assert!(!decoded.contains("Rút ngắn thời gian"));
}

#[tokio::test]
async fn without_smtp_the_digest_appears_in_the_workspace() {
    let app = spawn_app().await;
    let today = domain::time::today();
    let report = app::reminders::run_once(&app.store, today, None)
        .await
        .unwrap();
    assert!(report.recorded >= 1);
    assert_eq!(report.sent, 0);
    let s = app.sign_in("pcg.doc").await;
    app.get_as(&format!("{WARD}/quan-ly/kien-nghi"), &s.cookie)
        .await
        .shows("kiến nghị cần xử lý")
        .shows("chưa gửi");
}

/// What the oversight forms need from the demo.
struct Demo {
    hdnd: i64,
    ubnd: i64,
    item_2021: i64,
    /// The HĐND's thematic supervision of the UBND.
    supervision: i64,
}

async fn demo(app: &TestApp) -> Demo {
    let unit = app.store.default_unit().await.unwrap();
    let bodies = app.store.bodies(unit.id).await.unwrap();
    let body = |short: &str| bodies.iter().find(|b| b.short_name == short).unwrap().id;
    let p2021 = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    Demo {
        hdnd: body("HĐND quận"),
        ubnd: body("UBND quận"),
        item_2021: app.store.items(p2021.id).await.unwrap()[0].id,
        supervision: app
            .store
            .oversights(unit.id)
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.kind == domain::oversight::OversightKind::ThematicSupervision)
            .unwrap()
            .id,
    }
}

const NEW_TITLE: &str = "Giám sát việc giải quyết ý kiến, kiến nghị của cử tri năm 2021";

/// A complete activity form as the HĐND's office fills it in.
fn activity_fields(d: &Demo, title: &str, public: bool) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("kind", "thematic_supervision".to_string()),
        ("title", title.to_string()),
        ("conducted_by", d.hdnd.to_string()),
        ("subject_body_ids", d.ubnd.to_string()),
        ("other_subjects", "UBND các phường".to_string()),
        ("starts_on", "2021-04-05".to_string()),
        ("ends_on", "2021-05-05".to_string()),
        (
            "team",
            "Nguyễn Văn Chiến – Trưởng đoàn\nLê Thị Thu - Thư ký\nBan Pháp chế HĐND quận"
                .to_string(),
        ),
        ("item_ids", d.item_2021.to_string()),
        (
            "findings",
            "Còn 3 kiến nghị của cử tri chưa được trả lời đúng hạn.".to_string(),
        ),
        ("documents", "Kế hoạch giám sát số 12/KH-HĐND".to_string()),
    ];
    if public {
        f.push(("public", "1".to_string()));
    }
    f
}

fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The id at the end of a redirect to `/quan-ly/giam-sat/{id}`.
fn created_id(page: &common::Page) -> i64 {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.headers["location"].to_str().unwrap();
    location
        .strip_prefix("/quan-ly/giam-sat/")
        .and_then(|rest| rest.split(['#', '?']).next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("unexpected redirect to {location}"))
}

#[tokio::test]
async fn an_editor_records_an_activity_through_the_form_and_it_shows_in_the_workspace_and_on_the_portal(
) {
    let app = spawn_app().await;
    let d = demo(&app).await;
    // Seen once before, so the portal's page cache holds the list without it.
    app.get("/giam-sat").await.does_not_show(NEW_TITLE);
    let s = app.sign_in("cv.hdnd").await;
    let form = app.get_as("/quan-ly/giam-sat/moi", &s.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows("Thêm hoạt động giám sát, kiểm tra")
        .shows("Giám sát của Mặt trận Tổ quốc")
        .shows("Phản biện xã hội")
        .shows("Chương trình năm 2021");

    let fields = activity_fields(&d, NEW_TITLE, true);
    let id = created_id(
        &app.post_form("/quan-ly/giam-sat", Some(&s), &refs(&fields))
            .await,
    );

    let page = app
        .get_as(&format!("/quan-ly/giam-sat/{id}"), &s.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(NEW_TITLE)
        .shows("Nguyễn Văn Chiến – Trưởng đoàn\nLê Thị Thu – Thư ký\nBan Pháp chế HĐND quận – Thành viên")
        .shows(&format!(r#"name="item_ids" value="{}" checked"#, d.item_2021))
        .shows("Chưa có kiến nghị nào.")
        .shows("Thêm kiến nghị")
        .shows(&format!("/lich-su/oversight/{id}"));
    app.get_as(
        "/quan-ly/giam-sat?nam=2021&loai=thematic_supervision",
        &s.cookie,
    )
    .await
    .shows(NEW_TITLE);
    app.get_as(
        &format!("/quan-ly/giam-sat?nam=2020&co-quan={}", d.hdnd),
        &s.cookie,
    )
    .await
    .does_not_show(NEW_TITLE)
    .shows("Giám sát chuyên đề việc thực hiện công tác cải cách hành chính");
    app.get_as(&format!("/quan-ly/giam-sat?co-quan={}", d.ubnd), &s.cookie)
        .await
        .does_not_show(NEW_TITLE);

    app.get("/giam-sat").await.shows(NEW_TITLE);
    app.get(&format!("/giam-sat/{id}"))
        .await
        .shows("Nguyễn Văn Chiến – Trưởng đoàn")
        .shows("Lê Thị Thu – Thư ký")
        .shows("UBND quận; UBND các phường")
        .shows("Còn 3 kiến nghị của cử tri chưa được trả lời đúng hạn.");
    app.get_as(&format!("/lich-su/oversight/{id}"), &s.cookie)
        .await
        .shows("cv.hdnd")
        .shows("hoạt động giám sát");
}

#[tokio::test]
async fn a_changed_activity_is_shown_changed_and_a_private_one_stays_in_the_workspace() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let s = app.sign_in("ct.hdnd").await;
    let uri = format!("/quan-ly/giam-sat/{}", d.supervision);
    let mut fields = activity_fields(
        &d,
        "Giám sát công tác cải cách hành chính năm 2020 (bổ sung)",
        false,
    );
    fields.retain(|(k, _)| *k != "ends_on");
    let page = app.post_form(&uri, Some(&s), &refs(&fields)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    app.get_as("/quan-ly/giam-sat", &s.cookie)
        .await
        .shows("Giám sát công tác cải cách hành chính năm 2020 (bổ sung)")
        .shows("không công khai");
    app.get("/giam-sat")
        .await
        .does_not_show("cải cách hành chính");
    assert_eq!(
        app.get(&format!("/giam-sat/{}", d.supervision))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Its recommendations stayed with it.
    app.get_as(&uri, &s.cookie)
        .await
        .shows("Rút ngắn thời gian giải quyết hồ sơ đất đai");
}

#[tokio::test]
async fn a_bad_date_and_an_empty_title_are_shown_next_to_their_fields_and_nothing_is_written() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let s = app.sign_in("cv.hdnd").await;
    let head = app.store.log_head().await.unwrap();
    let mut fields = activity_fields(&d, "", true);
    for (k, v) in fields.iter_mut() {
        if *k == "starts_on" {
            *v = "31/02/2021".into();
        }
    }
    let page = app
        .post_form("/quan-ly/giam-sat", Some(&s), &refs(&fields))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.shows("Có 2 chỗ cần sửa")
        .shows(r#"<span class="field-error" id="title-loi">Tên hoạt động không được để trống</span>"#)
        .shows(r#"<span class="field-error" id="starts-on-loi">Ngày bắt đầu không hợp lệ (ngày/tháng/năm)</span>"#)
        .shows(r#"aria-invalid="true" aria-describedby="starts-on-loi""#)
        // What was typed is kept.
        .shows(r#"value="31/02/2021""#)
        .shows("Lê Thị Thu - Thư ký")
        .shows(&format!(
            r#"name="item_ids" value="{}" checked"#,
            d.item_2021
        ));

    // The Front's own kinds belong to the Front.
    for (k, v) in fields.iter_mut() {
        match *k {
            "kind" => *v = "social_critique".into(),
            "title" => *v = "Phản biện dự thảo quy hoạch".into(),
            "starts_on" => *v = "2021-04-05".into(),
            _ => {}
        }
    }
    app.post_form("/quan-ly/giam-sat", Some(&s), &refs(&fields))
        .await
        .shows("Phản biện xã hội do Ủy ban MTTQ Việt Nam tiến hành");
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn readers_and_other_bodies_are_refused_and_anonymous_visitors_are_sent_to_sign_in() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let unit = app.store.default_unit().await.unwrap();
    let rec = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.oversight_id == d.supervision)
        .unwrap();
    let head = app.store.log_head().await.unwrap();
    let fields = activity_fields(&d, NEW_TITLE, true);
    let rec_fields = [
        ("content", "Kiến nghị thử"),
        ("responsible_body_id", "1"),
        ("public", "1"),
    ];
    let supervision = format!("/quan-ly/giam-sat/{}", d.supervision);

    let reader = app.sign_in("doc").await;
    let page = app.get_as("/quan-ly/giam-sat/moi", &reader.cookie).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    page.shows("Không có quyền thực hiện");
    // A reader's form is refused before it is read, even a bad one.
    let page = app
        .post_form("/quan-ly/giam-sat", Some(&reader), &[("title", "")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    page.shows("Không có quyền thực hiện");
    // Reading is allowed: the page shows the activity with nothing to save.
    let page = app.get_as(&supervision, &reader.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows("Chỉ cơ quan tiến hành và quản trị đơn vị sửa được hoạt động này.")
        .shows("fieldset class=\"bare\" disabled")
        .does_not_show("Lưu kiến nghị");
    app.get_as("/quan-ly/giam-sat", &reader.cookie)
        .await
        .does_not_show("/quan-ly/giam-sat/moi");

    // The UBND's office records its own oversight, not the HĐND's, and does not rewrite what the
    // HĐND found about it.
    let ubnd = app.sign_in("cv.ubnd").await;
    for (uri, fields) in [
        ("/quan-ly/giam-sat".to_string(), refs(&fields)),
        (supervision.clone(), refs(&fields)),
        (format!("{supervision}/kien-nghi"), rec_fields.to_vec()),
        (
            format!("/quan-ly/kien-nghi/{}/sua", rec.id),
            rec_fields.to_vec(),
        ),
    ] {
        let page = app.post_form(&uri, Some(&ubnd), &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{uri}");
        page.shows("Không có quyền thực hiện");
    }
    assert_eq!(
        app.get_as(&format!("/quan-ly/kien-nghi/{}/sua", rec.id), &ubnd.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Its form offers only the bodies it may act for.
    let form = app.get_as("/quan-ly/giam-sat/moi", &ubnd.cookie).await;
    let start = form.body.find(r#"name="conducted_by""#).unwrap();
    let select = &form.body[start..start + form.body[start..].find("</select>").unwrap()];
    assert!(
        select.contains(&format!(
            r#"<option value="{}" selected>UBND quận</option>"#,
            d.ubnd
        )),
        "{select}"
    );
    assert!(!select.contains("HĐND quận"), "{select}");

    let page = app.get("/quan-ly/giam-sat").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers["location"],
        "/dang-nhap?next=%2Fquan-ly%2Fgiam-sat"
    );
    assert_eq!(
        app.post_form("/quan-ly/giam-sat", None, &refs(&fields))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let s = app.sign_in("quantri").await;
    let head = app.store.log_head().await.unwrap();
    let fields = activity_fields(&d, NEW_TITLE, true);
    for uri in [
        "/quan-ly/giam-sat".to_string(),
        format!("/quan-ly/giam-sat/{}", d.supervision),
        format!("/quan-ly/giam-sat/{}/kien-nghi", d.supervision),
    ] {
        let page = app.post_form_without_csrf(&uri, &s, &refs(&fields)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{uri}");
        page.shows("Biểu mẫu đã hết hạn");
    }
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn a_recommendation_added_on_the_activitys_page_is_followed_up_and_can_be_changed() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let unit = app.store.default_unit().await.unwrap();
    let s = app.sign_in("cv.hdnd").await;
    let add = format!("/quan-ly/giam-sat/{}/kien-nghi", d.supervision);
    let content = "Niêm yết công khai thủ tục hành chính tại trụ sở UBND các phường";
    let yesterday_on = domain::time::today() - chrono::Duration::days(1);
    let yesterday = yesterday_on.to_string();

    // A bad one first: nothing is written and what was typed stays.
    let head = app.store.log_head().await.unwrap();
    let bad = app
        .post_form(
            &add,
            Some(&s),
            &[
                ("content", " "),
                ("responsible_body_id", ""),
                ("deadline", "30/02/2021"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Each beside its field, and tied to it for a screen reader.
    bad.shows(r#"<span class="field-error" id="content-loi">Nội dung kiến nghị không được để trống</span>"#)
        .shows(r#"<span class="field-error" id="responsible-body-id-loi">Hãy chọn cơ quan có trách nhiệm thực hiện</span>"#)
        .shows(r#"<span class="field-error" id="deadline-loi">Hạn thực hiện không hợp lệ (ngày/tháng/năm)</span>"#)
        .shows(r#"aria-describedby="content-loi""#)
        .shows(r#"aria-describedby="deadline-loi""#)
        .shows(r#"value="30/02/2021""#);
    assert_eq!(app.store.log_head().await.unwrap(), head);

    let done = app
        .post_form(
            &add,
            Some(&s),
            &[
                ("content", content),
                ("responsible_body_id", &d.ubnd.to_string()),
                ("deadline", &yesterday),
                ("public", "1"),
            ],
        )
        .await;
    assert_eq!(created_id(&done), d.supervision);
    let rec = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.content == content)
        .unwrap();
    // Overdue from the day after its deadline, on the portal and in the workspace.
    app.get(&format!("/giam-sat/{}", d.supervision))
        .await
        .shows(content)
        .shows(&format!("id=\"kien-nghi-{}\"", rec.id));
    app.get("/kien-nghi?trang-thai=qua-han")
        .await
        .shows(content);
    app.get_as(&format!("/quan-ly/giam-sat/{}", d.supervision), &s.cookie)
        .await
        .shows(content)
        .shows("Quá hạn")
        .shows(&format!("/quan-ly/kien-nghi/{}/sua", rec.id));

    // Changed: a later deadline and kept from the portal; its status is not the form's to set.
    let edit = format!("/quan-ly/kien-nghi/{}/sua", rec.id);
    let form = app.get_as(&edit, &s.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows("Sửa kiến nghị")
        .shows(content)
        // Shown back as Vietnamese write a date, whatever the browser's language.
        .shows(&format!(
            r#"value="{}""#,
            domain::time::short_date(yesterday_on)
        ));
    let changed = app
        .post_form(
            &edit,
            Some(&s),
            &[
                ("content", content),
                ("responsible_body_id", &d.ubnd.to_string()),
                ("deadline", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    app.get("/kien-nghi").await.does_not_show(content);
    app.get_as(&format!("/quan-ly/giam-sat/{}", d.supervision), &s.cookie)
        .await
        .shows("31/12/2099");
    let after = app
        .store
        .recommendation(unit.id, rec.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!after.public);
    assert_eq!(after.status, rec.status);

    // The UBND answers it where responses are recorded, and it moves on.
    let ubnd = app.sign_in("cv.ubnd").await;
    let answered = app
        .post_form(
            &format!("/quan-ly/kien-nghi/{}/tra-loi", rec.id),
            Some(&ubnd),
            &[("on", "2026-11-20"), ("text", "Đã niêm yết tại 8 phường")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    app.get_as(&format!("/quan-ly/kien-nghi/{}", rec.id), &s.cookie)
        .await
        .shows("Đang thực hiện")
        .shows("Sửa kiến nghị");
}

#[tokio::test]
async fn a_public_recommendation_of_a_private_activity_does_not_name_the_activity_on_the_portal() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let s = app.sign_in("cv.hdnd").await;
    let title = "Kiểm tra nội bộ việc tiếp công dân";
    let fields = activity_fields(&d, title, false);
    let id = created_id(
        &app.post_form("/quan-ly/giam-sat", Some(&s), &refs(&fields))
            .await,
    );
    let content = "Bố trí lịch tiếp công dân cố định hằng tuần";
    let added = app
        .post_form(
            &format!("/quan-ly/giam-sat/{id}/kien-nghi"),
            Some(&s),
            &[
                ("content", content),
                ("responsible_body_id", &d.ubnd.to_string()),
                ("deadline", "2031-12-31"),
                ("public", "1"),
            ],
        )
        .await;
    assert_eq!(created_id(&added), id);

    app.get("/kien-nghi")
        .await
        .shows(content)
        .does_not_show(title)
        .does_not_show(&format!("/giam-sat/{id}\""));
    assert_eq!(
        app.get(&format!("/giam-sat/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// The text of a Word document, its markup dropped.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a DOCX");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("the document's body")
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
}

/// The recommendations of the seed's 2020 oversight, as recorded today.
async fn recommendations_of_2020(app: &TestApp) -> Vec<domain::oversight::Recommendation> {
    let unit = app.store.default_unit().await.unwrap();
    let of_2020: Vec<i64> = app
        .store
        .oversights(unit.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| chrono::Datelike::year(&o.starts_on) == 2020)
        .map(|o| o.id)
        .collect();
    app.store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| of_2020.contains(&r.oversight_id))
        .collect()
}

/// Closed on or before `day`: a closing response had been received by then.
fn closed_by(r: &domain::oversight::Recommendation, day: chrono::NaiveDate) -> bool {
    r.responses.iter().any(|x| x.closes && x.on <= day)
}

#[tokio::test]
async fn the_2020_follow_up_report_knows_no_response_or_closing_after_its_date() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let docx = app
        .download(
            "/van-ban/theo-doi-kien-nghi/2020/bao-cao.docx",
            Some(&staff),
        )
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    let text = docx_text(&docx.bytes);
    assert!(text.contains("ngày 31 tháng 12 năm 2020"), "{text}");

    let end = chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
    let recs = recommendations_of_2020(&app).await;
    let later: Vec<_> = recs
        .iter()
        .flat_map(|r| &r.responses)
        .filter(|x| x.on > end)
        .collect();
    assert!(
        !later.is_empty()
            && recs
                .iter()
                .any(|r| !closed_by(r, end) && closed_by(r, end + chrono::Duration::days(3650))),
        "the demo answers and closes some of 2020's recommendations in a later year"
    );
    for response in later {
        assert!(
            !text.contains(&response.text),
            "a response of {} is in the report of 31/12/2020: {}",
            response.on,
            response.text
        );
    }
    for response in recs
        .iter()
        .flat_map(|r| &r.responses)
        .filter(|x| x.on <= end)
    {
        assert!(text.contains(&response.text), "missing: {}", response.text);
    }
    let resolved = recs.iter().filter(|r| closed_by(r, end)).count();
    let overdue = recs
        .iter()
        .filter(|r| !closed_by(r, end) && r.deadline.is_some_and(|d| d < end))
        .count();
    let line = format!(
        "Tổng số kiến nghị được theo dõi: {}; đã giải quyết xong: {resolved}; đang giải quyết: {}, trong đó quá hạn: {overdue}.",
        recs.len(),
        recs.len() - resolved
    );
    assert!(text.contains(&line), "expected {line:?} in {text}");
}

#[tokio::test]
async fn the_review_of_21_january_2021_counts_what_was_resolved_by_that_day() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let docx = app
        .download("/chi-tieu/2020/bao-cao.docx", Some(&staff))
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    let text = docx_text(&docx.bytes);
    let review = chrono::NaiveDate::from_ymd_opt(2021, 1, 21).unwrap();
    let recs = recommendations_of_2020(&app).await;
    let resolved = recs.iter().filter(|r| closed_by(r, review)).count();
    assert!(
        recs.iter()
            .any(|r| !closed_by(r, review) && closed_by(r, review + chrono::Duration::days(3650))),
        "the demo closes a 2020 recommendation after the review"
    );
    let phrase = format!(
        "đưa ra {} kiến nghị, đến nay đã giải quyết xong {resolved} kiến nghị",
        recs.len()
    );
    assert!(text.contains(&phrase), "expected {phrase:?} in {text}");
}

#[tokio::test]
async fn a_digest_is_never_sent_in_clear_to_a_relay_that_cannot_speak_tls() {
    let app = spawn_app().await;
    // The test relay speaks plain SMTP only; asked for TLS from the first byte, as a relay off
    // this machine always is, the handshake fails and no message reaches it.
    let (port, received) = smtp_listener().await;
    let smtp = app::reminders::SmtpConfig::parse(
        &format!("smtps://127.0.0.1:{port}"),
        "phoihop@caugiay.example",
    )
    .unwrap();
    let report = app::reminders::run_once(&app.store, domain::time::today(), Some(&smtp))
        .await
        .unwrap();
    assert!(report.recorded >= 1);
    assert_eq!(report.sent, 0);
    assert_eq!(report.failed, report.recorded);
    assert!(received.await.unwrap().is_empty(), "nothing was delivered");
}
