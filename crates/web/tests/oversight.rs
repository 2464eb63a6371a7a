//! Oversight and follow-up, meetings and their calendars, and the reminder digest, through the
//! router and a real SMTP conversation on loopback.

mod common;

use std::io::BufReader;

use axum::http::StatusCode;
use common::spawn_app;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

#[tokio::test]
async fn the_portal_lists_oversight_and_the_follow_up_of_every_public_recommendation() {
    let app = spawn_app().await;
    let list = app.get("/giam-sat").await;
    assert_eq!(list.status, StatusCode::OK);
    list.shows("Giám sát chuyên đề việc thực hiện công tác cải cách hành chính")
        .shows("Phiên giải trình về công tác quản lý trật tự xây dựng")
        .shows("Thanh tra việc quản lý, sử dụng đất công")
        .shows("Kiểm tra công tác phòng, chống dịch Covid-19");
    let all = app.get("/kien-nghi").await;
    all.shows("Quá hạn")
        .shows("Đã hoàn thành")
        .shows("Đang thực hiện")
        .shows("Chưa thực hiện")
        .shows("(báo cáo hoàn thành)")
        // A recommendation that is not public never reaches the portal.
        .does_not_show("Bổ sung biên chế");
    app.get("/kien-nghi?trang-thai=qua-han")
        .await
        .shows("Xử lý dứt điểm các công trình vi phạm trật tự xây dựng")
        .does_not_show("Rút ngắn thời gian giải quyết hồ sơ đất đai");
}

#[tokio::test]
async fn an_activity_page_shows_its_team_subjects_items_and_recommendations() {
    let app = spawn_app().await;
    let unit = app.store.portal_unit().await.unwrap();
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
    let unit = app.store.portal_unit().await.unwrap();
    let ubnd = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "UBND quận")
        .unwrap();
    let page = app.get(&format!("/co-quan/{}", ubnd.id)).await;
    page.shows("Bùi Tuấn Anh")
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

    let editor = app.sign_in("cv.ubnd").await;
    let done = app
        .post_form(
            &format!("/quan-ly/kien-nghi/{}/tra-loi", rec.id),
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
    app.get(&format!("/co-quan/{}", ubnd.id))
        .await
        .does_not_show("Thu hồi, đưa vào sử dụng đúng mục đích");
    app.get("/kien-nghi?trang-thai=con-mo")
        .await
        .does_not_show("Thu hồi, đưa vào sử dụng đúng mục đích");
    app.get("/kien-nghi?trang-thai=hoan-thanh")
        .await
        .shows("Đã thu hồi toàn bộ diện tích lấn chiếm");
}

#[tokio::test]
async fn only_the_responsible_body_and_the_administrator_record_responses() {
    let app = spawn_app().await;
    let unit = app.store.portal_unit().await.unwrap();
    let rec = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.content.starts_with("Tăng cường kiểm tra"))
        .unwrap();
    let uri = format!("/quan-ly/kien-nghi/{}/tra-loi", rec.id);
    for (who, expected) in [
        ("cv.hdnd", StatusCode::FORBIDDEN),
        ("doc", StatusCode::FORBIDDEN),
        ("ct.ubnd", StatusCode::SEE_OTHER),
        ("quantri", StatusCode::SEE_OTHER),
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
    let s = app.sign_in("quantri").await;
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

    let unit = app.store.portal_unit().await.unwrap();
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
    let unit = app.store.portal_unit().await.unwrap();
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
    let unit = app.store.portal_unit().await.unwrap();
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
            (
                "attendees",
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

/// A minimal SMTP server on loopback that accepts one message and hands back what arrived.
async fn smtp_listener() -> (u16, tokio::task::JoinHandle<Vec<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let mut messages = Vec::new();
        while let Ok(Ok((socket, _))) =
            tokio::time::timeout(std::time::Duration::from_secs(5), listener.accept()).await
        {
            let (read, mut write) = socket.into_split();
            let mut lines = tokio::io::BufReader::new(read).lines();
            write
                .write_all(b"220 localhost ESMTP test\r\n")
                .await
                .unwrap();
            let mut data = String::new();
            let mut in_data = false;
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        messages.push(std::mem::take(&mut data));
                        write.write_all(b"250 OK queued\r\n").await.unwrap();
                    } else {
                        data.push_str(&line);
                        data.push('\n');
                    }
                    continue;
                }
                let upper = line.to_ascii_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") {
                    b"250-localhost\r\n250 8BITMIME\r\n"
                } else if upper.starts_with("DATA") {
                    in_data = true;
                    b"354 go ahead\r\n"
                } else if upper.starts_with("QUIT") {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                } else {
                    b"250 OK\r\n"
                };
                write.write_all(reply).await.unwrap();
            }
        }
        messages
    });
    (port, handle)
}

#[tokio::test]
async fn the_daily_digest_reaches_a_real_smtp_listener_with_the_right_recommendations() {
    let app = spawn_app().await;
    let (port, received) = smtp_listener().await;
    let smtp = web::reminders::SmtpConfig::parse(
        &format!("smtp://127.0.0.1:{port}"),
        "phoihop@caugiay.example",
    )
    .unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive();
    let report = web::reminders::run_once(&app.store, today, Some(&smtp))
        .await
        .unwrap();
    assert_eq!(report.sent, report.recorded);
    assert!(report.sent >= 1);
    // A second run the same day sends nothing again.
    let again = web::reminders::run_once(&app.store, today, Some(&smtp))
        .await
        .unwrap();
    assert_eq!(again.recorded, 0);
    let messages = received.await.unwrap();
    let ubnd = messages
        .iter()
        .find(|m| m.contains("To: vanphong.ubnd@caugiay.example"))
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
    let today = chrono::Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive();
    let report = web::reminders::run_once(&app.store, today, None)
        .await
        .unwrap();
    assert!(report.recorded >= 1);
    assert_eq!(report.sent, 0);
    let s = app.sign_in("doc").await;
    app.get_as("/quan-ly/kien-nghi", &s.cookie)
        .await
        .shows("kiến nghị cần xử lý")
        .shows("chưa gửi");
}

/// Undo quoted-printable or base64 bodies enough to read the text.
fn decode_mail(raw: &str) -> String {
    let (headers, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
    if headers
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let joined: String = body.lines().collect();
        return String::from_utf8(base64_decode(&joined)).unwrap_or_default();
    }
    if headers.to_ascii_lowercase().contains("quoted-printable") {
        let mut out = Vec::new();
        let soft = body.replace("=\n", "");
        let bytes = soft.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                if let Ok(b) = u8::from_str_radix(&soft[i + 1..i + 3], 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        return String::from_utf8_lossy(&out).to_string();
    }
    body.to_string()
}

fn base64_decode(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let Some(v) = T.iter().position(|t| *t == c) else {
            continue;
        };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}
