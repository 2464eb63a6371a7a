//! The province asks the units that have not reported to report (issue 21): one button on its
//! workspace roll-up, one request a unit's People's Committee and day, shown in the unit's
//! workspace and sent by e-mail by the reminders' run.

mod common;

use axum::http::StatusCode;
use common::mail::{decode_mail, smtp_listener};
use common::spawn_app;

const CITY: &str = "/dv/thanh-pho-ha-noi";
const WARD: &str = "/dv/phuong-cau-giay";

#[tokio::test]
async fn the_city_asks_its_wards_to_report_once_a_day_and_the_mail_goes_out() {
    let app = spawn_app().await;
    let admin = app.sign_in("hn.quantri").await;
    let page = app
        .get_as(&format!("{CITY}/quan-ly/tong-hop/2026"), &admin.cookie)
        .await;
    page.shows("2 đơn vị còn chỉ tiêu chưa báo cáo số thực hiện")
        .shows("Gửi đề nghị báo cáo");
    let uri = format!("{CITY}/quan-ly/tong-hop/2026/nhac-bao-cao");
    let sent = app.post_form(&uri, Some(&admin), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let back = sent.header("location");
    assert_eq!(
        back,
        format!("{CITY}/quan-ly/tong-hop/2026?da-nhac=2&da-co=0")
    );
    app.get_as(&back, &admin.cookie)
        .await
        .shows("Đã ghi đề nghị báo cáo gửi 2 đơn vị.");
    // The same day again: nobody is asked twice.
    let again = app.post_form(&uri, Some(&admin), &[]).await;
    assert_eq!(
        again.header("location"),
        format!("{CITY}/quan-ly/tong-hop/2026?da-nhac=0&da-co=2")
    );

    // The ward sees the request among its reminders, and the run mails it to its committee.
    let ward = app.sign_in("pcg.quantri").await;
    app.get_as(&format!("{WARD}/quan-ly/kien-nghi"), &ward.cookie)
        .await
        .shows("Thành phố Hà Nội đề nghị báo cáo 1 chỉ tiêu năm 2026");
    let (port, received) = smtp_listener().await;
    let smtp = app::reminders::SmtpConfig::parse(
        &format!("smtp://127.0.0.1:{port}"),
        "phoihop@hanoi.example",
    )
    .unwrap();
    let today = domain::time::today();
    app::reminders::run_once(&app.store, today, Some(&smtp))
        .await
        .unwrap();
    let messages = received.await.unwrap();
    let request = messages
        .iter()
        .map(|m| (m, decode_mail(m)))
        .find(|(_, text)| text.contains("đề nghị đơn vị nhập số thực hiện năm 2026"))
        .expect("the request reached the mail server");
    assert!(request
        .0
        .contains("To: vanphong.ubnd@phuongcaugiay.example"));
    assert!(request
        .1
        .contains("1. BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế"));
}

#[tokio::test]
async fn a_wards_staff_and_anonymous_visitors_ask_no_one() {
    let app = spawn_app().await;
    let uri = format!("{CITY}/quan-ly/tong-hop/2026/nhac-bao-cao");
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let refused = app.post_form(&uri, Some(&clerk), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let anonymous = app.post_form(&uri, None, &[]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    // Nothing was recorded: the ward has no request.
    let ward = app.sign_in("pcg.quantri").await;
    app.get_as(&format!("{WARD}/quan-ly/kien-nghi"), &ward.cookie)
        .await
        .does_not_show("đề nghị báo cáo");
}
