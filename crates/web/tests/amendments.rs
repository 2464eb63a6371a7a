//! What was signed stays what was signed: a change to a signed programme is an amendment (sửa
//! đổi, bổ sung), drafted while the signed version stays the one in force on the portal, with its
//! signing date; a save that changes nothing makes no version; a target's plan is part of what was
//! signed, its actual figure is not; the amendment is in force once every party signs it, each with
//! their password, and the portal then shows both dates.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};

const WARD: &str = "/dv/phuong-cau-giay";
/// The ward's second item, led by its People's Committee.
const ITEM: &str = "Phối hợp kiện toàn tổ chức bộ máy, vận hành hiệu quả chính quyền địa phương hai cấp; bảo đảm giải quyết thủ tục hành chính không gián đoạn.";
/// The ward's fifth target: plan 50 %, 38 % reported, so not met.
const TARGET: &str = "Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn";

struct Ward {
    unit: domain::unit::AdminUnit,
    programme: domain::programme::Programme,
    item: domain::programme::ProgrammeItem,
    target: domain::target::Target,
}

async fn ward(app: &TestApp) -> Ward {
    let unit = app
        .store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == "phuong-cau-giay")
        .unwrap();
    let programme = app
        .store
        .programme(unit.id, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let item = app
        .store
        .items(programme.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.content == ITEM)
        .unwrap();
    let target = app
        .store
        .targets(programme.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == TARGET)
        .unwrap();
    Ward {
        unit,
        programme,
        item,
        target,
    }
}

/// The item form's fields for the item, its content as given.
fn item_fields(item: &domain::programme::ProgrammeItem, content: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("content".to_string(), content.to_string()),
        ("lead_body_id".to_string(), item.lead_body_id.to_string()),
        (
            "starts_on".to_string(),
            item.time_frame.starts_on.to_string(),
        ),
        ("ends_on".to_string(), item.time_frame.ends_on.to_string()),
        ("status".to_string(), item.status.as_str().to_string()),
    ];
    for p in &item.partner_body_ids {
        fields.push(("partner_body_ids".to_string(), p.to_string()));
    }
    fields
}

async fn save_item(
    app: &TestApp,
    who: &Session,
    item: &domain::programme::ProgrammeItem,
    content: &str,
) {
    let fields = item_fields(item, content);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = app
        .post_form(
            &format!("{WARD}/quan-ly/noi-dung/{}", item.id),
            Some(who),
            &refs,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

async fn save_target(
    app: &TestApp,
    who: &Session,
    t: &domain::target::Target,
    plan: &str,
    actual: &str,
) {
    let saved = app
        .post_form(
            &format!("{WARD}/quan-ly/chi-tieu/{}", t.id),
            Some(who),
            &[
                ("code", t.code.as_str()),
                ("name", t.name.as_str()),
                ("measure", t.measure.as_str()),
                ("direction", t.direction.as_str()),
                ("plan", plan),
                ("actual", actual),
                (
                    "reporting_body_id",
                    &t.reporting_body_id.unwrap().to_string(),
                ),
                ("note", t.note.as_deref().unwrap_or_default()),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

async fn version_now(app: &TestApp, w: &Ward) -> (i64, Option<i64>) {
    let p = app
        .store
        .programme_by_id(w.unit.id, w.programme.id)
        .await
        .unwrap()
        .unwrap();
    (p.version, p.signed_version)
}

#[tokio::test]
async fn a_clerks_edit_of_a_signed_programme_leaves_the_portal_showing_what_was_signed() {
    let app = spawn_app().await;
    let w = ward(&app).await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    // The form says, before anything is saved, what saving does.
    app.get_as(
        &format!("{WARD}/quan-ly/noi-dung/{}", w.item.id),
        &clerk.cookie,
    )
    .await
    .shows("sẽ mở bản sửa đổi, bổ sung (phiên bản 2)");
    save_item(&app, &clerk, &w.item, &format!("{ITEM} (sửa thử)")).await;
    assert_eq!(version_now(&app, &w).await, (2, Some(1)));

    let portal = app.get(&format!("{WARD}/chuong-trinh/2026")).await;
    portal
        .shows(ITEM)
        .does_not_show("(sửa thử)")
        .does_not_show("Dự thảo")
        .does_not_show("chưa ký")
        .shows("16/01/2026")
        .shows("phiên bản 1</strong>, bản đang có hiệu lực");
    let api = app.get(&format!("{WARD}/api/v1/programmes/2026")).await;
    api.does_not_show("(sửa thử)");
    // The staff see the amendment, and what it changes.
    app.get_as(&format!("{WARD}/quan-ly/chuong-trinh/2026"), &clerk.cookie)
        .await
        .shows("(sửa thử)")
        .shows("Đang soạn bản sửa đổi, bổ sung (phiên bản 2)");
    app.get_as(
        &format!("{WARD}/quan-ly/chuong-trinh/2026/sua-doi"),
        &clerk.cookie,
    )
    .await
    .shows("Nội dung 2")
    .shows(&format!("{ITEM} (sửa thử)"));

    // Putting the signed words back withdraws the amendment: nothing is left to sign.
    save_item(&app, &clerk, &w.item, ITEM).await;
    assert_eq!(version_now(&app, &w).await, (1, Some(1)));
    app.get_as(&format!("{WARD}/quan-ly/chuong-trinh/2026"), &clerk.cookie)
        .await
        .does_not_show("Đang soạn bản sửa đổi")
        .does_not_show("Ký cho");
}

#[tokio::test]
async fn a_save_that_changes_nothing_makes_no_version_and_writes_nothing() {
    let app = spawn_app().await;
    let w = ward(&app).await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let head = app.store.log_head().await.unwrap();
    save_item(&app, &clerk, &w.item, ITEM).await;
    save_target(
        &app,
        &clerk,
        &w.target,
        &w.target.plan.to_string(),
        &w.target.actual.unwrap().to_string(),
    )
    .await;
    assert_eq!(app.store.log_head().await.unwrap(), head);
    assert_eq!(version_now(&app, &w).await, (1, Some(1)));
}

#[tokio::test]
async fn a_signed_targets_plan_changes_only_by_an_amendment_and_its_actual_without_one() {
    let app = spawn_app().await;
    let w = ward(&app).await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let targets = format!("{WARD}/chi-tieu/2026");
    // The target's row on the portal's page of targets.
    let row = |page: &common::Page| {
        let start = page.body.find(TARGET).expect("the target's row");
        let end = start + page.body[start..].find("</tr>").unwrap();
        page.body[start..end].to_string()
    };
    assert!(row(&app.get(&targets).await).contains("Không đạt"));

    // An actual figure is reported against the signed plan, without an amendment.
    save_target(&app, &clerk, &w.target, "50", "40").await;
    assert_eq!(version_now(&app, &w).await, (1, Some(1)));

    // Lowering the plan is an amendment: the portal keeps the plan signed and its verdict.
    save_target(&app, &clerk, &w.target, "30", "40").await;
    assert_eq!(version_now(&app, &w).await, (2, Some(1)));
    let shown = row(&app.get(&targets).await);
    assert!(
        shown.contains("Không đạt") && !shown.contains("Vượt") && shown.contains("50"),
        "{shown}"
    );
    let public = app
        .get(&format!("{WARD}/api/v1/programmes/2026/targets"))
        .await;
    let row = public.json()["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == TARGET)
        .unwrap()
        .clone();
    assert_eq!(row["plan"], "50", "{row}");
    // The staff's working copy holds the new plan.
    let after = app
        .store
        .target(w.unit.id, w.target.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.plan.to_string(), "30");
}

async fn sign(app: &TestApp, head: &str, body_id: i64, password: Option<&str>) -> common::Page {
    let session = app.sign_in(head).await;
    let mut fields = vec![("body_id", body_id.to_string())];
    if let Some(p) = password {
        fields.push(("password", p.to_string()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(
        &format!("{WARD}/quan-ly/chuong-trinh/2026/ky"),
        Some(&session),
        &refs,
    )
    .await
}

#[tokio::test]
async fn signing_without_the_password_or_with_a_wrong_one_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let w = ward(&app).await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    save_item(&app, &clerk, &w.item, &format!("{ITEM} Bổ sung tháng 12.")).await;
    let council = w.programme.party_ids[0];
    let head = app.store.log_head().await.unwrap();
    let without = sign(&app, "pcg.ct.hdnd", council, None).await;
    assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
    without.shows("Hãy nhập mật khẩu của bạn để xác nhận");
    let wrong = sign(&app, "pcg.ct.hdnd", council, Some("không phải mật khẩu")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong
        .shows("Mật khẩu hiện tại chưa đúng")
        .shows("phiên bản 2")
        .shows("Bổ sung tháng 12.");
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn an_amendment_signed_by_every_party_is_in_force_and_the_portal_shows_both_dates() {
    let app = spawn_app().await;
    let w = ward(&app).await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let amended = format!("{ITEM} Bổ sung: số hóa hồ sơ.");
    save_item(&app, &clerk, &w.item, &amended).await;
    // The sign page names the version and what it changes.
    let head = app.sign_in("pcg.ct.ubnd").await;
    let committee = w.programme.party_ids[1];
    app.get_as(
        &format!("{WARD}/quan-ly/chuong-trinh/2026/ky?co-quan={committee}"),
        &head.cookie,
    )
    .await
    .shows("Ký bản sửa đổi, bổ sung: phiên bản 2")
    .shows("Bổ sung: số hóa hồ sơ.");
    for (account, body) in [
        ("pcg.ct.hdnd", w.programme.party_ids[0]),
        ("pcg.ct.ubnd", w.programme.party_ids[1]),
    ] {
        let signed = sign(&app, account, body, Some(&app.password(account))).await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
        // Until the last party signs, the signed version is the one in force.
        app.get(&format!("{WARD}/chuong-trinh/2026"))
            .await
            .does_not_show("số hóa hồ sơ");
    }
    let last = sign(
        &app,
        "pcg.ct.mttq",
        w.programme.party_ids[2],
        Some(&app.password("pcg.ct.mttq")),
    )
    .await;
    assert_eq!(last.status, StatusCode::SEE_OTHER, "{}", last.body);
    let head_session = app.sign_in("pcg.ct.mttq").await;
    app.get_as(last.header("location").as_str(), &head_session.cookie)
        .await
        .shows("Đã ký phiên bản 2 thay mặt");
    assert_eq!(version_now(&app, &w).await, (2, Some(2)));

    let today = domain::time::short_date(domain::time::today());
    let portal = app.get(&format!("{WARD}/chuong-trinh/2026")).await;
    portal
        .shows("số hóa hồ sơ")
        .shows("<dt>Ngày ký kết</dt><dd>16/01/2026</dd>")
        .shows(&format!("ngày {today} (phiên bản 2)"));
    // Every signed version stays readable.
    app.get(&format!("{WARD}/chuong-trinh/2026/phien-ban/1"))
        .await
        .shows(ITEM)
        .does_not_show("số hóa hồ sơ");
    assert!(app.store.verify_signatures().await.unwrap().is_empty());
}
