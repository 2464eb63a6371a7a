//! Ids that arrive in a form's body, not its path: every id-carrying field of ward A's workspace
//! forms is posted with sibling ward B's record in it, as A's administrator and as A's chuyên
//! viên, and nothing is written. The same form with A's own record saves, so the refusal is the
//! foreign id's and not the form's. Every POST route of the workspace is either covered here or
//! named as carrying no id in its body.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, Session, TestApp};
use domain::entity::Entity;

const A: &str = "/dv/phuong-cau-giay";

/// One form: its address under A, fields that save it with A's records, and which of them
/// carry ids of what kind.
struct Case {
    route: &'static str,
    path: String,
    fields: Vec<(&'static str, String)>,
    ids: Vec<(&'static str, Entity)>,
}

/// The first of each kind of record of a unit, as the forms name them.
struct Records {
    bodies: Vec<i64>,
    person: i64,
    post: i64,
    membership: i64,
    item: i64,
    target: i64,
    oversight: i64,
    recommendation: (i64, i64),
    category: i64,
    meeting: i64,
    grant: i64,
    user: i64,
    key: i64,
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

async fn records(app: &TestApp, slug: &str) -> Records {
    let s = &app.store;
    let unit = unit_id(app, slug).await;
    // The council first, the people's committee second: the bodies the forms name most.
    let all = s.bodies(unit).await.unwrap();
    let of = |kind| all.iter().find(|b| b.kind == kind).unwrap().id;
    let bodies = vec![
        of(domain::body::BodyKind::PeoplesCouncil),
        of(domain::body::BodyKind::PeoplesCommittee),
    ];
    let holdings = s.holdings_of_unit(unit).await.unwrap();
    let h = holdings.first().expect("someone holds a post");
    let (membership, post): (i64, i64) = {
        let row: (i64, i64) = sqlx::query_as(
            "SELECT m.id, m.post_id FROM memberships m WHERE m.person_id = $1 ORDER BY m.id",
        )
        .bind(h.person_id)
        .fetch_one(s.db_read())
        .await
        .unwrap();
        row
    };
    let p = s
        .programme(unit, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let rec = s.recommendations(unit).await.unwrap()[0].clone();
    let grants = s.unit_roles(unit).await.unwrap();
    let keys = s.signing_keys(unit).await.unwrap();
    let reader = grants
        .iter()
        .find(|g| matches!(g.role, domain::access::Role::Reader { .. }))
        .or_else(|| {
            grants
                .iter()
                .find(|g| !matches!(g.role, domain::access::Role::Admin { .. }))
        })
        .expect("the unit has staff besides its administrator")
        .clone();
    Records {
        person: h.person_id,
        post,
        membership,
        item: s.items(p.id).await.unwrap()[0].id,
        target: s.targets(p.id).await.unwrap()[0].id,
        oversight: s.oversights(unit).await.unwrap()[0].id,
        recommendation: (rec.id, rec.responsible_body_id),
        category: s.categories(unit).await.unwrap()[0].id,
        meeting: s.meetings(unit).await.unwrap()[0].id,
        // A reader's: reset and revoked last, nobody else's session depends on it.
        grant: reader.id,
        user: reader.user_id,
        key: keys.first().map(|k| k.id).unwrap_or(-1),
        bodies,
    }
}

/// The id of B's record of a kind, for a field.
fn foreign(b: &Records, entity: Entity) -> i64 {
    match entity {
        Entity::Body => b.bodies[0],
        Entity::Person => b.person,
        Entity::Post => b.post,
        Entity::Membership => b.membership,
        Entity::ProgrammeItem => b.item,
        Entity::Category => b.category,
        Entity::UserRole => b.grant,
        Entity::User => b.user,
        Entity::SigningKey => b.key,
        other => panic!("no record of B for {other:?}"),
    }
}

fn cases(a: &Records) -> Vec<Case> {
    let (lead, partner) = (a.bodies[0], a.bodies[1]);
    // A meeting names its chair, its secretary and its attendees among the unit's people.
    let meeting_fields = |title: &str| {
        vec![
            ("title", title.to_string()),
            ("kind", "working".to_string()),
            ("starts_at", "01/07/2026 08:00".to_string()),
            ("venue", "Hội trường phường".to_string()),
            ("attendee_ids", a.person.to_string()),
            ("chair_id", a.person.to_string()),
            ("secretary_id", a.person.to_string()),
        ]
    };
    let meeting_ids = vec![
        ("attendee_ids", Entity::Person),
        ("chair_id", Entity::Person),
        ("secretary_id", Entity::Person),
    ];
    let item_fields = |content: &str| {
        vec![
            ("content", content.to_string()),
            ("lead_body_id", lead.to_string()),
            ("partner_body_ids", partner.to_string()),
            ("starts_on", "2026-03-01".to_string()),
            ("ends_on", "2026-12-31".to_string()),
            ("status", "in_progress".to_string()),
        ]
    };
    let target_fields = |name: &str| {
        vec![
            ("name", name.to_string()),
            ("measure", "%".to_string()),
            ("direction", "higher".to_string()),
            ("plan", "90".to_string()),
            ("reporting_body_id", lead.to_string()),
        ]
    };
    let oversight_fields = |title: &str| {
        vec![
            ("kind", "thematic_supervision".to_string()),
            ("title", title.to_string()),
            ("conducted_by", lead.to_string()),
            ("subject_body_ids", partner.to_string()),
            ("starts_on", "2026-05-01".to_string()),
            ("item_ids", a.item.to_string()),
        ]
    };
    let rec_fields = |content: &str| {
        vec![
            ("content", content.to_string()),
            ("responsible_body_id", partner.to_string()),
            ("deadline", "2026-12-31".to_string()),
        ]
    };
    let organisation = |action: &str, extra: Vec<(&'static str, String)>| {
        let mut fields = vec![("action", action.to_string())];
        fields.extend(extra);
        fields
    };
    vec![
        Case {
            route: "/dv/{unit}/quan-ly/chuong-trinh/{year}/noi-dung",
            path: format!("{A}/quan-ly/chuong-trinh/2026/noi-dung"),
            fields: item_fields("Nội dung thử mới"),
            ids: vec![
                ("lead_body_id", Entity::Body),
                ("partner_body_ids", Entity::Body),
            ],
        },
        Case {
            route: "/dv/{unit}/quan-ly/noi-dung/{id}",
            path: format!("{A}/quan-ly/noi-dung/{}", a.item),
            fields: item_fields("Nội dung thử đã sửa"),
            ids: vec![
                ("lead_body_id", Entity::Body),
                ("partner_body_ids", Entity::Body),
            ],
        },
        Case {
            route: "/dv/{unit}/quan-ly/chuong-trinh/{year}/hang-loat",
            path: format!("{A}/quan-ly/chuong-trinh/2026/hang-loat"),
            fields: vec![
                ("item_ids", a.item.to_string()),
                ("lead_body_id", lead.to_string()),
            ],
            ids: vec![
                ("item_ids", Entity::ProgrammeItem),
                ("lead_body_id", Entity::Body),
            ],
        },
        // A target's `indicator_id` names its province's catalogue, not a ward's records:
        // `tests/rollups.rs` posts another province's indicator into the target form.
        Case {
            route: "/dv/{unit}/quan-ly/chuong-trinh/{year}/chi-tieu",
            path: format!("{A}/quan-ly/chuong-trinh/2026/chi-tieu"),
            fields: target_fields("Chỉ tiêu thử mới"),
            ids: vec![("reporting_body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/chi-tieu/{id}",
            path: format!("{A}/quan-ly/chi-tieu/{}", a.target),
            fields: target_fields("Chỉ tiêu thử đã sửa"),
            ids: vec![("reporting_body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/tin-tuc",
            path: format!("{A}/quan-ly/tin-tuc"),
            fields: vec![
                ("title", "Tin thử".to_string()),
                ("body", "<p>Nội dung tin thử.</p>".to_string()),
                ("publish", "draft".to_string()),
                ("category_ids", a.category.to_string()),
            ],
            ids: vec![("category_ids", Entity::Category)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/giam-sat",
            path: format!("{A}/quan-ly/giam-sat"),
            fields: oversight_fields("Giám sát thử mới"),
            ids: vec![
                ("conducted_by", Entity::Body),
                ("subject_body_ids", Entity::Body),
                ("item_ids", Entity::ProgrammeItem),
            ],
        },
        Case {
            route: "/dv/{unit}/quan-ly/giam-sat/{id}",
            path: format!("{A}/quan-ly/giam-sat/{}", a.oversight),
            fields: oversight_fields("Giám sát thử đã sửa"),
            ids: vec![
                ("conducted_by", Entity::Body),
                ("subject_body_ids", Entity::Body),
                ("item_ids", Entity::ProgrammeItem),
            ],
        },
        Case {
            route: "/dv/{unit}/quan-ly/giam-sat/{id}/kien-nghi",
            path: format!("{A}/quan-ly/giam-sat/{}/kien-nghi", a.oversight),
            fields: rec_fields("Kiến nghị thử mới"),
            ids: vec![("responsible_body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/kien-nghi/{id}/sua",
            path: format!("{A}/quan-ly/kien-nghi/{}/sua", a.recommendation.0),
            fields: rec_fields("Kiến nghị thử đã sửa"),
            ids: vec![("responsible_body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/kien-nghi/{id}/tra-loi",
            path: format!("{A}/quan-ly/kien-nghi/{}/tra-loi", a.recommendation.0),
            fields: vec![
                ("on", "2026-06-01".to_string()),
                ("from_body_id", a.recommendation.1.to_string()),
                ("text", "Đã tiếp thu, đang thực hiện.".to_string()),
            ],
            ids: vec![("from_body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/hoi-nghi",
            path: format!("{A}/quan-ly/hoi-nghi"),
            fields: meeting_fields("Hội nghị thử mới"),
            ids: meeting_ids.clone(),
        },
        Case {
            route: "/dv/{unit}/quan-ly/hoi-nghi/{id}",
            path: format!("{A}/quan-ly/hoi-nghi/{}", a.meeting),
            fields: meeting_fields("Hội nghị thử đã sửa"),
            ids: meeting_ids,
        },
        Case {
            route: "/dv/{unit}/quan-ly/co-quan",
            path: format!("{A}/quan-ly/co-quan"),
            fields: organisation(
                "body",
                vec![
                    ("kind", "council_committee".to_string()),
                    ("name", "Ban Pháp chế thử".to_string()),
                    ("short_name", "Ban PC thử".to_string()),
                    ("parent_body_id", lead.to_string()),
                ],
            ),
            ids: vec![("parent_body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/co-quan",
            path: format!("{A}/quan-ly/co-quan"),
            fields: organisation(
                "term",
                vec![
                    ("body_id", lead.to_string()),
                    ("term_name", "Nhiệm kỳ thử".to_string()),
                    ("term_starts_on", "2026-07-01".to_string()),
                ],
            ),
            ids: vec![("body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/co-quan",
            path: format!("{A}/quan-ly/co-quan"),
            fields: organisation(
                "post",
                vec![
                    ("body_id", lead.to_string()),
                    ("title", "Chức vụ thử".to_string()),
                ],
            ),
            ids: vec![("body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/co-quan",
            path: format!("{A}/quan-ly/co-quan"),
            fields: organisation(
                "appoint",
                vec![
                    ("person_id", a.person.to_string()),
                    ("post_id", a.post.to_string()),
                    ("starts_on", "2026-07-01".to_string()),
                ],
            ),
            ids: vec![("person_id", Entity::Person), ("post_id", Entity::Post)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/co-quan",
            path: format!("{A}/quan-ly/co-quan"),
            fields: organisation(
                "end",
                vec![
                    ("membership_id", a.membership.to_string()),
                    ("ends_on", "2026-07-01".to_string()),
                ],
            ),
            ids: vec![("membership_id", Entity::Membership)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/tai-khoan",
            path: format!("{A}/quan-ly/tai-khoan"),
            fields: vec![
                ("action", "add".to_string()),
                ("mode", "new".to_string()),
                ("username", "pcg.thu.moi".to_string()),
                ("display_name", "Người thử mới".to_string()),
                ("password", "mật khẩu đủ dài cho người mới".to_string()),
                ("role", "editor".to_string()),
                ("body_id", lead.to_string()),
            ],
            ids: vec![("body_id", Entity::Body)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/tai-khoan",
            path: format!("{A}/quan-ly/tai-khoan"),
            fields: vec![
                ("action", "reset".to_string()),
                ("user_id", a.user.to_string()),
                ("reset_password", "mật khẩu mới đủ dài đây".to_string()),
            ],
            ids: vec![("user_id", Entity::User)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/tai-khoan",
            path: format!("{A}/quan-ly/tai-khoan"),
            fields: vec![
                ("action", "revoke_key".to_string()),
                ("key_id", a.key.to_string()),
            ],
            ids: vec![("key_id", Entity::SigningKey)],
        },
        Case {
            route: "/dv/{unit}/quan-ly/tai-khoan",
            path: format!("{A}/quan-ly/tai-khoan"),
            fields: vec![
                ("action", "revoke".to_string()),
                ("grant_id", a.grant.to_string()),
            ],
            ids: vec![("grant_id", Entity::UserRole)],
        },
    ]
}

/// POST routes of the workspace whose bodies carry no id of a record (the record, if any, is in
/// the path, which `isolation.rs` swaps), each with what it carries instead.
const NO_IDS_IN_BODY: &[(&str, &str)] = &[
    ("/dv/{unit}/quan-ly/chuong-trinh", "a year"),
    (
        "/dv/{unit}/quan-ly/chuong-trinh/{year}/trang-thai",
        "a status",
    ),
    ("/dv/{unit}/quan-ly/chuong-trinh/{year}/sao-chep", "nothing"),
    (
        "/dv/{unit}/quan-ly/chuong-trinh/{year}/ky",
        "the body signing, which only that body's head may name (the signing rule)",
    ),
    (
        "/dv/{unit}/quan-ly/noi-dung/{id}/ghi-chu",
        "a date and a text",
    ),
    (
        "/dv/{unit}/quan-ly/tin-tuc/{id}",
        "the article's fields; categories as above",
    ),
    ("/dv/{unit}/quan-ly/tin-tuc/danh-muc", "a category's name"),
    (
        "/dv/{unit}/quan-ly/tong-hop/{year}/dan-so",
        "figures in fields named by the units below (only those are read); a ward keeps none",
    ),
    (
        "/dv/{unit}/quan-ly/tong-hop/{year}/nhac-bao-cao",
        "nothing: the units asked are the ones below, as the roll-up finds them",
    ),
    (
        "/dv/{unit}/quan-ly/danh-muc-chi-tieu",
        "an indicator's code, name, measure and ways",
    ),
    (
        "/dv/{unit}/quan-ly/danh-muc-chi-tieu/{id}",
        "an indicator's fields; the indicator is in the path, looked up among the unit's own",
    ),
    ("/dv/{unit}/quan-ly/cai-dat", "the unit's settings"),
    (
        "/dv/{unit}/quan-ly/go-bo/{kind}/{id}",
        "nothing: the id is in the path, looked up in the unit (tests/withdrawals.rs)",
    ),
    (
        "/dv/{unit}/quan-ly/da-go/{id}/khoi-phuc",
        "nothing: the id is in the path, looked up in the unit (tests/withdrawals.rs)",
    ),
    ("/dv/{unit}/quan-ly/tin-tuc/{id}/anh", "a picture file"),
    (
        "/dv/{unit}/quan-ly/anh",
        "a picture file, its description and caption",
    ),
    ("/dv/{unit}/quan-ly/cai-dat/bieu-trung", "a picture file"),
    ("/dv/{unit}/quan-ly/cai-dat/bieu-trung/xoa", "nothing"),
    ("/dv/{unit}/quan-ly/tin-tuc/{id}/tep", "a document file"),
    ("/dv/{unit}/quan-ly/hoi-nghi/{id}/tep", "a document file"),
    ("/dv/{unit}/quan-ly/giam-sat/{id}/tep", "a document file"),
    (
        "/dv/{unit}/quan-ly/chuong-trinh/{year}/nhap-chi-tieu",
        "a workbook; its reporting body is checked like the target form's",
    ),
    (
        "/dv/{unit}/quan-ly/chuong-trinh/{year}/nhap-chi-tieu/xac-nhan",
        "a stash token",
    ),
    (
        "/dv/{unit}/quan-ly/chuong-trinh/{year}/nhap-noi-dung",
        "a workbook",
    ),
    (
        "/dv/{unit}/quan-ly/chuong-trinh/{year}/nhap-noi-dung/xac-nhan",
        "a stash token",
    ),
];

async fn post(app: &TestApp, who: &Session, path: &str, fields: &[(&str, String)]) -> common::Page {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(path, Some(who), &borrowed).await
}

/// The fields with B's record in `field`: added beside A's for a list, in its place otherwise.
fn with_foreign(
    fields: &[(&'static str, String)],
    field: &'static str,
    id: i64,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = fields
        .iter()
        .filter(|(k, _)| *k != field || field.ends_with("_ids"))
        .cloned()
        .collect();
    out.push((field, id.to_string()));
    out
}

#[tokio::test]
async fn a_wards_forms_refuse_every_id_of_a_sibling_ward_in_their_bodies() {
    let app = spawn_app().await;
    let a = records(&app, "phuong-cau-giay").await;
    let b = records(&app, store::demo::NGHIA_DO_SLUG).await;
    let admin = app.sign_in("pcg.quantri").await;
    let editor = app.sign_in("pcg.cv.ubnd").await;
    let cases = cases(&a);

    for case in &cases {
        for (field, entity) in &case.ids {
            let foreign_fields = with_foreign(&case.fields, field, foreign(&b, *entity));
            for (who, session) in [("A's administrator", &admin), ("A's chuyên viên", &editor)] {
                let head = app.store.log_head().await.unwrap();
                let page = post(&app, session, &case.path, &foreign_fields).await;
                assert_ne!(
                    page.status,
                    StatusCode::SEE_OTHER,
                    "POST {} with B's {field} was accepted from {who}",
                    case.path
                );
                assert!(
                    page.status.is_client_error() || page.status == StatusCode::OK,
                    "POST {} with B's {field} from {who}: {}",
                    case.path,
                    page.status
                );
                assert_eq!(
                    app.store.log_head().await.unwrap(),
                    head,
                    "POST {} with B's {field} from {who} wrote something",
                    case.path
                );
            }
        }
        // With A's own records the same form saves: the refusals above were the ids'.
        let head = app.store.log_head().await.unwrap();
        let page = post(&app, &admin, &case.path, &case.fields).await;
        assert!(
            page.status == StatusCode::SEE_OTHER
                || (page.status == StatusCode::OK && page.body.contains("role=\"status\"")),
            "POST {} {:?} with A's records: {}\n{}",
            case.path,
            case.fields,
            page.status,
            page.body
        );
        assert!(
            app.store.log_head().await.unwrap() > head,
            "POST {} with A's records wrote nothing",
            case.path
        );
    }

    // Every POST route of the workspace is covered above or carries no id in its body.
    for (route, methods) in web::routes().table() {
        let posts = matches!(methods, web::Methods::Post | web::Methods::GetPost);
        if !posts || !route.starts_with("/dv/{unit}/quan-ly") {
            continue;
        }
        assert!(
            cases.iter().any(|c| c.route == route)
                || NO_IDS_IN_BODY.iter().any(|(r, _)| r == route),
            "{route} is neither checked for foreign ids nor listed as carrying none"
        );
    }
}

#[tokio::test]
async fn the_api_refuses_a_sibling_wards_category_and_writes_nothing() {
    let app = spawn_app().await;
    let b_unit = unit_id(&app, store::demo::NGHIA_DO_SLUG).await;
    let mut tx = app.store.begin_for("test", b_unit).await.unwrap();
    let only_b = tx
        .insert_category(
            b_unit,
            &domain::article::Slug::parse("chi-cua-nghia-do").unwrap(),
            "Chỉ của Nghĩa Đô",
            9,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let token = common::api_token(&app, "pcg.cv.ubnd").await;
    let head = app.store.log_head().await.unwrap();
    let page = app
        .api(
            "POST",
            &format!("{A}/api/v1/articles"),
            Some(&token),
            serde_json::json!({
                "title": "Tin thử qua API",
                "body_html": "<p>x</p>",
                "categories": [only_b.slug.to_string()],
            }),
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert_eq!(app.store.log_head().await.unwrap(), head);
}
