//! The living units of the demo: the city of Hà Nội with its own portal, phường Cầu Giấy with a 2026
//! programme in progress, its oversight followed up against today (every state of a
//! recommendation shows, whatever day the demo is loaded), a meeting with voters ahead, and
//! phường Nghĩa Đô with its own staff and a programme still in draft.
//!
//! Only the units' names are real. The people, figures, texts and dates of the wards are
//! illustrative and marked so where the data can say it; the names follow the "Nguyễn Văn An,
//! Trần Thị Bình" convention of Vietnamese examples rather than anyone's.

use chrono::Duration;
use domain::access::Role;
use domain::article::{ArticleDraft, Slug};
use domain::body::{Body, BodyKind};
use domain::meeting::{Attendee, MeetingKind};
use domain::oversight::{DocumentRef, OversightKind, RecommendationStatus, Response, TeamMember};
use domain::programme::{
    ItemDraft, ItemStatus, ProgrammeItem, ProgrammeStatus, ProgressNote, Year,
};
use domain::target::Direction;
use domain::unit::AdminUnit;

use super::{day, num, template_bodies, vn, whole_year, Accounts, City};
use crate::oversight::{NewOversight, NewRecommendation};
use crate::{NewArticle, NewMeeting, NewMembership, NewProgramme, NewTarget, Result, WriteTx};

/// The body of a kind among those made from the template.
fn of_kind(bodies: &[Body], kind: BodyKind) -> &Body {
    bodies
        .iter()
        .find(|b| b.kind == kind)
        .expect("the template has every kind the demo uses")
}

/// Hà Nội: its bodies from the template for a province, the Party committee's term (the
/// district's secretary sits in it), a first article and the city's administrator.
pub(super) async fn city(
    tx: &mut WriteTx,
    ha_noi: &AdminUnit,
    accounts: &mut Accounts,
) -> Result<City> {
    let bodies = template_bodies(tx, ha_noi).await?;
    let party = of_kind(&bodies, BodyKind::PartyCommittee);
    let term = tx
        .insert_term(party.id, "2020 - 2025", day(2020, 10, 15), None)
        .await?;
    let news = tx
        .insert_category(
            ha_noi.id,
            &Slug::parse("tin-tuc-su-kien")?,
            "Tin tức - Sự kiện",
            0,
        )
        .await?;
    let figure = super::pictures::figure(tx, ha_noi, "Trụ sở cơ quan Thành phố").await?;
    let draft = ArticleDraft::parse(
        "Từ ngày 01/7/2025, Hà Nội có 126 đơn vị hành chính cấp xã",
        "",
        "Chính quyền địa phương hai cấp của Thủ đô bắt đầu hoạt động với 126 xã, phường.",
        &format!("<p>Từ ngày 01/7/2025, chính quyền địa phương hai cấp chính thức đi vào hoạt động; Thành phố có 126 đơn vị hành chính cấp xã. Các quận, huyện, thị xã kết thúc hoạt động; cổng thông tin của các đơn vị cũ được giữ làm lưu trữ, liên kết với cổng thông tin của các xã, phường kế thừa.</p>{figure}"),
        "Văn phòng Đoàn ĐBQH và HĐND Thành phố",
        Some(vn(2025, 7, 1, 9, 0)),
        vec![news.id],
    )?;
    tx.insert_article(&NewArticle {
        unit_id: ha_noi.id,
        draft,
        illustrative: true,
    })
    .await?;
    accounts
        .add(
            tx,
            "hn.quantri",
            "Quản trị cổng thông tin Thành phố",
            Role::Admin { unit_id: ha_noi.id },
            &ha_noi.full_name(),
        )
        .await?;
    Ok(City {
        party_id: party.id,
        term_id: term.id,
    })
}

/// The leaders of a ward's three parties: (name, body kind, post).
const WARD_LEADERS: [(&str, BodyKind, &str); 4] = [
    ("Nguyễn Văn An", BodyKind::PartyCommittee, "Bí thư"),
    ("Trần Thị Bình", BodyKind::PeoplesCouncil, "Chủ tịch"),
    ("Lê Văn Cường", BodyKind::PeoplesCommittee, "Chủ tịch"),
    ("Phạm Thị Dung", BodyKind::FatherlandFront, "Chủ tịch"),
];

/// The 2026 contents of phường Cầu Giấy: text, lead, status, a progress note.
const ITEMS_2026: [(&str, BodyKind, ItemStatus, Option<&str>); 5] = [
    ("Phối hợp tuyên truyền, tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031 trên địa bàn phường.", BodyKind::PeoplesCouncil, ItemStatus::Done,
     Some("Cuộc bầu cử đã được tổ chức an toàn, đúng luật.")),
    ("Phối hợp kiện toàn tổ chức bộ máy, vận hành hiệu quả chính quyền địa phương hai cấp; bảo đảm giải quyết thủ tục hành chính không gián đoạn.", BodyKind::PeoplesCommittee, ItemStatus::InProgress,
     Some("Bộ phận một cửa phường giải quyết đúng hạn 99% hồ sơ trong 9 tháng.")),
    ("Phối hợp giám sát việc quản lý, sử dụng đất công và trật tự xây dựng trên địa bàn phường.", BodyKind::PeoplesCouncil, ItemStatus::InProgress, None),
    ("Phối hợp tổ chức các hội nghị tiếp xúc cử tri trước và sau các kỳ họp HĐND phường.", BodyKind::FatherlandFront, ItemStatus::InProgress, None),
    ("Đẩy mạnh phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”.", BodyKind::FatherlandFront, ItemStatus::NotStarted, None),
];

/// The 2026 targets of phường Cầu Giấy: name, measure, direction, plan, actual so far.
const TARGETS_2026: [(&str, &str, Direction, &str, Option<&str>); 6] = [
    (
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
        "%",
        Direction::HigherIsBetter,
        "98",
        Some("99"),
    ),
    (
        "Thu ngân sách nhà nước trên địa bàn so với dự toán giao",
        "% dự toán",
        Direction::HigherIsBetter,
        "100",
        Some("76.5"),
    ),
    (
        "Tỷ lệ cử tri đi bầu cử",
        "%",
        Direction::HigherIsBetter,
        "98",
        Some("99.2"),
    ),
    (
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        "%",
        Direction::HigherIsBetter,
        "95",
        None,
    ),
    (
        "Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn",
        "%",
        Direction::HigherIsBetter,
        "50",
        Some("38"),
    ),
    (
        "Hoàn thành chỉ tiêu giao quân",
        "",
        Direction::YesNo,
        "1",
        Some("1"),
    ),
];

/// A ward's organisation from the template: bodies, the leaders in their posts for the term of
/// 2021–2026 that the ward took over on 1 July 2025, and the offices' e-mail addresses. Returns
/// the bodies and, for each party, its leader as an attendee.
async fn organisation(
    tx: &mut WriteTx,
    unit: &AdminUnit,
    mail_domain: &str,
) -> Result<(Vec<Body>, Vec<Attendee>)> {
    let bodies = template_bodies(tx, unit).await?;
    let from = unit.valid_from;
    let mut attendees = Vec::new();
    for (name, kind, title) in WARD_LEADERS {
        let body = of_kind(&bodies, kind);
        let term = tx
            .insert_term(body.id, "Nhiệm kỳ 2021 - 2026", from, None)
            .await?;
        let person = tx.insert_person(unit.id, name).await?;
        let post = tx.insert_post(body.id, title, 0).await?;
        tx.insert_membership(&NewMembership {
            person_id: person.id,
            post_id: post.id,
            term_id: Some(term.id),
            starts_on: from,
            ends_on: None,
        })
        .await?;
        attendees.push(Attendee {
            person_id: Some(person.id),
            name: name.to_string(),
            capacity: Some(format!("{title} {}", body.short_name)),
        });
    }
    for (kind, office) in [
        (BodyKind::PeoplesCouncil, "hdnd"),
        (BodyKind::PeoplesCommittee, "ubnd"),
        (BodyKind::FatherlandFront, "mttq"),
    ] {
        let email = format!("vanphong.{office}@{mail_domain}");
        tx.set_body_email(of_kind(&bodies, kind).id, Some(&email))
            .await?;
    }
    Ok((bodies, attendees))
}

/// The three parties of a ward's joint programme.
fn parties(bodies: &[Body]) -> Vec<i64> {
    [
        BodyKind::PeoplesCouncil,
        BodyKind::PeoplesCommittee,
        BodyKind::FatherlandFront,
    ]
    .into_iter()
    .map(|k| of_kind(bodies, k).id)
    .collect()
}

/// Phường Cầu Giấy: the living successor of the district, with the year 2026 in progress.
pub(super) async fn cau_giay(
    tx: &mut WriteTx,
    ward: &AdminUnit,
    accounts: &mut Accounts,
) -> Result<()> {
    let today = domain::time::today();
    let (bodies, attendees) = organisation(tx, ward, "phuongcaugiay.example").await?;
    let council = of_kind(&bodies, BodyKind::PeoplesCouncil).clone();
    let committee = of_kind(&bodies, BodyKind::PeoplesCommittee).clone();
    let front = of_kind(&bodies, BodyKind::FatherlandFront).clone();
    let parties = parties(&bodies);

    let p2026 = tx
        .insert_programme(&NewProgramme {
            unit_id: ward.id,
            year: Year::new(2026)?,
            title: "Chương trình phối hợp công tác năm 2026".into(),
            status: ProgrammeStatus::Signed,
            party_ids: parties.clone(),
            signed_on: Some(day(2026, 1, 16)),
            reviewed_on: None,
            review_summary: None,
        })
        .await?;
    let mut items: Vec<ProgrammeItem> = Vec::new();
    for (i, (content, lead, status, note)) in ITEMS_2026.iter().enumerate() {
        let lead = of_kind(&bodies, *lead).id;
        let partners = parties.iter().copied().filter(|b| *b != lead).collect();
        let draft = ItemDraft::parse(content, lead, partners, whole_year(2026), *status)?;
        let notes: Vec<ProgressNote> = note
            .iter()
            .map(|text| ProgressNote {
                on: day(2026, 9, 30),
                text: text.to_string(),
            })
            .collect();
        items.push(
            tx.insert_item(p2026.id, i as i64 + 1, &draft, &notes)
                .await?,
        );
    }
    for (i, (name, measure, direction, plan, actual)) in TARGETS_2026.iter().enumerate() {
        tx.insert_target(
            p2026.id,
            i as i64 + 1,
            &NewTarget {
                name: name.to_string(),
                measure: measure.to_string(),
                direction: *direction,
                plan: num(plan),
                actual: actual.map(num),
                reporting_body_id: Some(committee.id),
                illustrative: true,
                note: Some("Số liệu đến hết quý III (minh họa).".into()),
            },
        )
        .await?;
    }

    tx.insert_meeting(&NewMeeting {
        unit_id: ward.id,
        kind: MeetingKind::ReviewAndSigning,
        title: "Hội nghị ký kết Chương trình phối hợp công tác năm 2026".into(),
        starts_at: vn(2026, 1, 16, 8, 30),
        ends_at: Some(vn(2026, 1, 16, 11, 0)),
        venue: "Hội trường UBND phường Cầu Giấy".into(),
        programme_id: Some(p2026.id),
        attendees: attendees.clone(),
        chair: None,
        secretary: None,
        agenda: vec![
            "Thông qua Chương trình phối hợp công tác năm 2026".into(),
            "Ký kết chương trình".into(),
        ],
        minutes: Some("Hội nghị thống nhất nội dung và ký kết Chương trình phối hợp công tác năm 2026. (Biên bản minh họa.)".into()),
        minutes_published: true,
        documents: vec![DocumentRef {
            title: "Chương trình phối hợp công tác năm 2026".into(),
            url: Some("/chuong-trinh/2026".into()),
        }],
        public: true,
    })
    .await?;
    // A meeting with voters ahead, whatever day the demo is loaded.
    let ahead = today + Duration::days(12);
    tx.insert_meeting(&NewMeeting {
        unit_id: ward.id,
        kind: MeetingKind::VoterContact,
        title: "Hội nghị tiếp xúc cử tri trước kỳ họp HĐND phường".into(),
        starts_at: domain::time::at_vietnam(ahead.and_hms_opt(8, 0, 0).expect("valid time")),
        ends_at: None,
        venue: "Nhà văn hóa tổ dân phố số 5".into(),
        programme_id: Some(p2026.id),
        attendees,
        chair: None,
        secretary: None,
        agenda: vec!["Đại biểu HĐND phường báo cáo, lắng nghe ý kiến cử tri".into()],
        minutes: None,
        minutes_published: false,
        documents: Vec::new(),
        public: true,
    })
    .await?;

    // Oversight of 2026: its deadlines are set from the day the demo is loaded, so every state
    // of a recommendation shows on the ward's pages and in its reminder digests.
    let supervision = tx
        .insert_oversight(&NewOversight {
            unit_id: ward.id,
            kind: OversightKind::ThematicSupervision,
            title: "Giám sát việc quản lý, sử dụng đất công và trật tự xây dựng trên địa bàn phường năm 2026".into(),
            conducted_by: council.id,
            subject_body_ids: vec![committee.id],
            other_subjects: None,
            starts_on: day(2026, 3, 10),
            ends_on: Some(day(2026, 4, 10)),
            team: vec![
                TeamMember { name: WARD_LEADERS[1].0.into(), role: "Trưởng đoàn".into() },
                TeamMember { name: "Trưởng ban Kinh tế - Xã hội HĐND phường".into(), role: "Thành viên".into() },
            ],
            documents: vec![DocumentRef { title: "Báo cáo kết quả giám sát (minh họa)".into(), url: None }],
            item_ids: vec![items[2].id],
            findings: Some("Còn một số diện tích đất công bị lấn chiếm, một số công trình vi phạm trật tự xây dựng chậm được xử lý. (Minh họa.)".into()),
            public: true,
        })
        .await?;
    let front_check = tx
        .insert_oversight(&NewOversight {
            unit_id: ward.id,
            kind: OversightKind::FrontSupervision,
            title: "Giám sát việc giải quyết ý kiến, kiến nghị của cử tri năm 2026".into(),
            conducted_by: front.id,
            subject_body_ids: vec![committee.id],
            other_subjects: None,
            starts_on: day(2026, 5, 4),
            ends_on: Some(day(2026, 5, 29)),
            team: vec![TeamMember {
                name: WARD_LEADERS[3].0.into(),
                role: "Trưởng đoàn".into(),
            }],
            documents: Vec::new(),
            item_ids: vec![items[3].id],
            findings: None,
            public: true,
        })
        .await?;
    type WardRecommendation = (
        i64,
        &'static str,
        i64,
        i64,
        Option<(&'static str, bool)>,
        bool,
    );
    let recommendations: [WardRecommendation; 5] = [
        (supervision.id, "Rút ngắn thời gian giải quyết hồ sơ đất đai; công khai tiến độ giải quyết trên cổng thông tin phường", committee.id, -40,
         Some(("UBND phường đã công khai tiến độ giải quyết hồ sơ tại Bộ phận một cửa và trên cổng thông tin.", true)), true),
        (supervision.id, "Xử lý dứt điểm các công trình vi phạm trật tự xây dựng phát hiện qua giám sát", committee.id, -10,
         Some(("Đã xử lý 7/11 công trình; các trường hợp còn lại đang hoàn thiện hồ sơ.", false)), true),
        (supervision.id, "Thu hồi, đưa vào sử dụng đúng mục đích các diện tích đất công bị lấn chiếm", committee.id, 5,
         Some(("Tổ công tác đang rà soát, lập hồ sơ thu hồi.", false)), true),
        (front_check.id, "Tăng cường kiểm tra việc tuân thủ quy định về an toàn thực phẩm tại cơ sở kinh doanh", committee.id, 30, None, true),
        (supervision.id, "Bổ sung biên chế cho Bộ phận một cửa phường (nội dung đang xem xét, chưa công khai)", committee.id, 60, None, false),
    ];
    for (oversight_id, content, body, in_days, response, public) in recommendations {
        let deadline = today + Duration::days(in_days);
        let rec = tx
            .insert_recommendation(&NewRecommendation {
                oversight_id,
                content: content.into(),
                responsible_body_id: body,
                deadline: Some(deadline),
                status: RecommendationStatus::Open,
                public,
            })
            .await?;
        if let Some((text, closes)) = response {
            tx.add_response(
                &rec,
                &Response {
                    on: (deadline - Duration::days(10)).min(today),
                    from_body_id: Some(body),
                    text: text.into(),
                    closes,
                },
            )
            .await?;
        }
    }

    let news = tx
        .insert_category(
            ward.id,
            &Slug::parse("tin-tuc-su-kien")?,
            "Tin tức - Sự kiện",
            0,
        )
        .await?;
    let notices = tx
        .insert_category(ward.id, &Slug::parse("thong-bao")?, "Thông báo", 1)
        .await?;
    let byline = "Ủy ban MTTQ Việt Nam phường Cầu Giấy";
    let figure = super::pictures::figure(tx, ward, "Trụ sở HĐND, UBND phường Cầu Giấy").await?;
    let opening = format!("<p>Sáng 01/7/2025, phường Cầu Giấy tổ chức lễ công bố các nghị quyết, quyết định về thành lập phường và các cơ quan của phường. Cổng thông tin của quận Cầu Giấy trước đây được giữ làm lưu trữ và liên kết từ trang này.</p>{figure}");
    for (title, summary, at, categories, body) in [
        (
            "Phường Cầu Giấy chính thức đi vào hoạt động",
            "Ngày 01/7/2025, HĐND, UBND, Ủy ban MTTQ Việt Nam phường Cầu Giấy bắt đầu hoạt động theo mô hình chính quyền địa phương hai cấp.",
            vn(2025, 7, 1, 10, 0),
            vec![news.id],
            opening.as_str(),
        ),
        (
            "HĐND – UBND – Ủy ban MTTQ Việt Nam phường Cầu Giấy ký kết chương trình phối hợp công tác năm 2026",
            "Sáng 16/01/2026, ba cơ quan của phường ký kết Chương trình phối hợp công tác năm 2026 gồm 5 nội dung trọng tâm.",
            vn(2026, 1, 16, 15, 0),
            vec![news.id],
            "<p>Chương trình phối hợp công tác năm 2026 của HĐND, UBND, Ủy ban MTTQ Việt Nam phường Cầu Giấy tập trung vào công tác bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031, kiện toàn bộ máy chính quyền địa phương hai cấp, giám sát đất công và trật tự xây dựng, tiếp xúc cử tri và phong trào toàn dân đoàn kết.</p>",
        ),
        (
            "Thông báo lịch tiếp xúc cử tri trước kỳ họp HĐND phường",
            "Đại biểu HĐND phường tiếp xúc cử tri tại Nhà văn hóa tổ dân phố số 5.",
            vn(2026, 11, 2, 8, 0).min(domain::time::at_vietnam(today.and_hms_opt(7, 0, 0).expect("valid time"))),
            vec![notices.id],
            "<p>Thường trực HĐND phường phối hợp với Ban Thường trực Ủy ban MTTQ Việt Nam phường tổ chức hội nghị tiếp xúc cử tri trước kỳ họp. Kính mời cử tri tham dự.</p>",
        ),
    ] {
        let draft = ArticleDraft::parse(title, "", summary, body, byline, Some(at), categories)?;
        tx.insert_article(&NewArticle {
            unit_id: ward.id,
            draft,
            illustrative: true,
        })
        .await?;
    }

    // The ward's staff, and keys for its three heads, who signed the 2026 programme.
    let unit_id = ward.id;
    let unit_name = ward.full_name();
    accounts
        .add(
            tx,
            "pcg.quantri",
            "Quản trị cổng thông tin phường",
            Role::Admin { unit_id },
            &unit_name,
        )
        .await?;
    let mut heads = Vec::new();
    for (body, short, head) in [
        (&council, "hdnd", WARD_LEADERS[1].0),
        (&committee, "ubnd", WARD_LEADERS[2].0),
        (&front, "mttq", WARD_LEADERS[3].0),
    ] {
        let body_id = body.id;
        accounts
            .add(
                tx,
                &format!("pcg.cv.{short}"),
                &format!("Chuyên viên văn phòng {}", body.short_name),
                Role::Editor { unit_id, body_id },
                &unit_name,
            )
            .await?;
        let user = accounts
            .add(
                tx,
                &format!("pcg.ct.{short}"),
                head,
                Role::Head { unit_id, body_id },
                &unit_name,
            )
            .await?;
        heads.push((body_id, user));
    }
    accounts
        .add(
            tx,
            "pcg.doc",
            "Người đọc",
            Role::Reader { unit_id },
            &unit_name,
        )
        .await?;
    for (body_id, user_id) in &heads {
        tx.create_signing_key(*user_id, *body_id).await?;
    }
    let party_bodies = [council, committee, front];
    let canonical = tx
        .working_content(ward, &party_bodies, &p2026)
        .await?
        .canonical()?;
    let signed_at =
        domain::time::at_vietnam(day(2026, 1, 16).and_hms_opt(10, 30, 0).expect("valid time"))
            .timestamp();
    for (body_id, user_id) in &heads {
        tx.sign_programme(&p2026, 1, &canonical, *body_id, *user_id, signed_at)
            .await?;
    }
    Ok(())
}

/// Phường Nghĩa Đô: its own organisation and staff, a 2026 programme still in draft, a published
/// article and a draft one that only its staff see.
pub(super) async fn nghia_do(
    tx: &mut WriteTx,
    ward: &AdminUnit,
    accounts: &mut Accounts,
) -> Result<()> {
    let (bodies, _) = organisation(tx, ward, "nghiado.example").await?;
    let committee = of_kind(&bodies, BodyKind::PeoplesCommittee).id;
    let parties = parties(&bodies);
    let p2026 = tx
        .insert_programme(&NewProgramme {
            unit_id: ward.id,
            year: Year::new(2026)?,
            title: "Chương trình phối hợp công tác năm 2026 (dự thảo)".into(),
            status: ProgrammeStatus::Draft,
            party_ids: parties.clone(),
            signed_on: None,
            reviewed_on: None,
            review_summary: None,
        })
        .await?;
    for (i, (content, lead)) in [
        (
            "Dự thảo: phối hợp chuẩn bị bầu cử đại biểu HĐND phường Nghĩa Đô nhiệm kỳ 2026 - 2031.",
            BodyKind::PeoplesCouncil,
        ),
        (
            "Dự thảo: phối hợp chỉnh trang đô thị, bảo đảm vệ sinh môi trường khu dân cư Nghĩa Đô.",
            BodyKind::PeoplesCommittee,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let lead = of_kind(&bodies, lead).id;
        let partners = parties.iter().copied().filter(|b| *b != lead).collect();
        let draft = ItemDraft::parse(
            content,
            lead,
            partners,
            whole_year(2026),
            ItemStatus::NotStarted,
        )?;
        tx.insert_item(p2026.id, i as i64 + 1, &draft, &[]).await?;
    }
    // What only the ward's staff see: a target of the draft, an internal meeting, and an internal
    // supervision with its recommendation.
    tx.insert_target(
        p2026.id,
        1,
        &NewTarget {
            name: "Dự thảo: tỷ lệ hộ dân phân loại rác tại nguồn ở Nghĩa Đô".into(),
            measure: "%".into(),
            direction: Direction::HigherIsBetter,
            plan: num("60"),
            actual: None,
            reporting_body_id: Some(committee),
            illustrative: true,
            note: None,
        },
    )
    .await?;
    let today = domain::time::today();
    tx.insert_meeting(&NewMeeting {
        unit_id: ward.id,
        kind: MeetingKind::Working,
        title: "Giao ban nội bộ phường Nghĩa Đô về dự thảo chương trình".into(),
        starts_at: domain::time::at_vietnam(
            (today + Duration::days(3))
                .and_hms_opt(14, 0, 0)
                .expect("valid time"),
        ),
        ends_at: None,
        venue: "Phòng họp UBND phường Nghĩa Đô".into(),
        programme_id: Some(p2026.id),
        attendees: Vec::new(),
        chair: None,
        secretary: None,
        agenda: vec!["Góp ý dự thảo chương trình phối hợp năm 2026".into()],
        minutes: None,
        minutes_published: false,
        documents: Vec::new(),
        public: false,
    })
    .await?;
    let council = of_kind(&bodies, BodyKind::PeoplesCouncil).id;
    let check = tx
        .insert_oversight(&NewOversight {
            unit_id: ward.id,
            kind: OversightKind::ThematicSupervision,
            title: "Giám sát nội bộ phường Nghĩa Đô về thu phí chợ dân sinh".into(),
            conducted_by: council,
            subject_body_ids: vec![committee],
            other_subjects: None,
            starts_on: today - Duration::days(20),
            ends_on: None,
            team: Vec::new(),
            documents: Vec::new(),
            item_ids: Vec::new(),
            findings: None,
            public: false,
        })
        .await?;
    tx.insert_recommendation(&NewRecommendation {
        oversight_id: check.id,
        content: "Kiến nghị nội bộ Nghĩa Đô: rà soát lại mức thu phí chợ dân sinh".into(),
        responsible_body_id: committee,
        deadline: Some(today + Duration::days(20)),
        status: RecommendationStatus::Open,
        public: false,
    })
    .await?;
    let news = tx
        .insert_category(
            ward.id,
            &Slug::parse("tin-tuc-su-kien")?,
            "Tin tức - Sự kiện",
            0,
        )
        .await?;
    let figure = super::pictures::figure(tx, ward, "Trụ sở HĐND, UBND phường Nghĩa Đô").await?;
    let opening = format!("<p>Hội nghị đã đánh giá kết quả sáu tháng đầu hoạt động của phường và triển khai nhiệm vụ năm 2026.</p>{figure}");
    for (title, summary, at, body) in [
        (
            "Phường Nghĩa Đô tổ chức hội nghị triển khai nhiệm vụ năm 2026",
            "UBND phường Nghĩa Đô triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2026.",
            Some(vn(2026, 1, 12, 9, 0)),
            opening.as_str(),
        ),
        (
            "Dự thảo kế hoạch tiếp xúc cử tri phường Nghĩa Đô (nội bộ)",
            "Bản nháp chưa công bố.",
            None,
            "<p>Nội dung dự thảo chỉ cán bộ phường Nghĩa Đô xem được.</p>",
        ),
    ] {
        let draft = ArticleDraft::parse(
            title,
            "",
            summary,
            body,
            "UBND phường Nghĩa Đô",
            at,
            vec![news.id],
        )?;
        tx.insert_article(&NewArticle {
            unit_id: ward.id,
            draft,
            illustrative: true,
        })
        .await?;
    }
    let unit_id = ward.id;
    let unit_name = ward.full_name();
    accounts
        .add(
            tx,
            "nd.quantri",
            "Quản trị cổng thông tin phường Nghĩa Đô",
            Role::Admin { unit_id },
            &unit_name,
        )
        .await?;
    accounts
        .add(
            tx,
            "nd.cv.ubnd",
            "Chuyên viên văn phòng UBND phường Nghĩa Đô",
            Role::Editor {
                unit_id,
                body_id: committee,
            },
            &unit_name,
        )
        .await?;
    Ok(())
}
