//! The district of the seed article: quận Cầu Giấy of Hà Nội until 30 June 2025, with its bodies
//! and leaders, the reviewed 2020 programme with its 15 targets, the signed 2021 programme with the
//! five contents the article lists, the meeting of 21/01/2021, the article of 23/01/2021, the
//! oversight of 2020 and the district's accounts. All of it keeps the dates of its time.
//!
//! What the article states is entered as it states it. What it does not state (most target
//! figures, budget amounts, the hour of the meeting, the other news items) is typical of a
//! district and marked `illustrative`, so pages can say so.

use chrono::Utc;
use chrono::{DateTime, NaiveDate};
use domain::access::Role;
use domain::article::{ArticleDraft, Slug};
use domain::body::BodyKind;
use domain::meeting::{Attendee, MeetingKind};
use domain::oversight::{DocumentRef, OversightKind, RecommendationStatus, Response, TeamMember};
use domain::programme::{ItemDraft, ItemStatus, ProgrammeStatus, ProgressNote, Year};
use domain::target::Direction;

use super::{
    day, num, vn, whole_year, Accounts, City, SEED_ARTICLE_BODY, SEED_ARTICLE_SLUG,
    SEED_ARTICLE_TITLE,
};
use crate::oversight::{NewOversight, NewRecommendation};
use crate::{
    NewArticle, NewBudgetLine, NewMeeting, NewMembership, NewProgramme, NewTarget, Result, WriteTx,
};
use domain::unit::AdminUnit;

/// A target row of the demo: name, measure, direction, plan, actual, whether the figures are
/// illustrative, and a note.
type TargetRow = (
    &'static str,
    &'static str,
    Direction,
    &'static str,
    &'static str,
    bool,
    Option<&'static str>,
);

/// Posts a leader holds: (body, post title, rank on pages, term).
type HeldPosts = Vec<(i64, &'static str, i64, i64)>;

/// An illustrative article: title, summary, publication time, categories, body.
type OtherArticle = (
    &'static str,
    &'static str,
    DateTime<Utc>,
    Vec<i64>,
    &'static str,
);

/// An oversight activity of the demo: kind, title, conducting body, subject bodies, other subjects,
/// start, team.
type Activity = (
    OversightKind,
    &'static str,
    i64,
    Vec<i64>,
    Option<&'static str>,
    NaiveDate,
    Vec<TeamMember>,
);

/// A recommendation of the demo: which activity, content, responsible body, deadline, a response
/// (text, whether it closes), whether it is public.
type DemoRecommendation = (
    usize,
    &'static str,
    i64,
    NaiveDate,
    Option<(&'static str, bool)>,
    bool,
);

/// The 2020 targets: 15, of which 13 met or exceeded, as the review states.
const TARGETS_2020: [TargetRow; 15] = [
    ("Thu ngân sách nhà nước trên địa bàn so với dự toán Thành phố giao", "% dự toán", Direction::HigherIsBetter, "100", "104.6", true,
     Some("Bài viết nêu: thu ngân sách nhà nước trên địa bàn vẫn vượt dự toán. Con số là minh họa.")),
    ("Tốc độ tăng huy động vốn đầu tư xã hội", "%", Direction::HigherIsBetter, "10", "10.5", true,
     Some("Bài viết nêu: huy động vốn đầu tư xã hội tiếp tục duy trì tốc độ tăng. Con số là minh họa.")),
    ("Thứ hạng của quận trong kỳ thi tuyển sinh vào lớp 10 của Thành phố", "hạng", Direction::Rank, "1", "1", false,
     Some("Dẫn đầu Thành phố thi vào lớp 10 năm thứ 12 liên tiếp.")),
    ("Tốc độ tăng trưởng giá trị sản xuất các ngành kinh tế", "%", Direction::HigherIsBetter, "9.5", "5.2", true,
     Some("Ảnh hưởng của đại dịch Covid-19.")),
    ("Số hộ nghèo theo chuẩn của Thành phố", "hộ", Direction::LowerIsBetter, "0", "0", true, None),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", Direction::HigherIsBetter, "90", "91.2", true, None),
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "%", Direction::HigherIsBetter, "98", "99.3", true, None),
    ("Số lao động được giải quyết việc làm", "người", Direction::HigherIsBetter, "4000", "4120", true, None),
    ("Tỷ lệ trường công lập đạt chuẩn quốc gia", "%", Direction::HigherIsBetter, "80", "80", true, None),
    ("Tỷ lệ hộ gia đình được công nhận Gia đình văn hóa", "%", Direction::HigherIsBetter, "90", "91", true, None),
    ("Tỷ lệ rác thải sinh hoạt được thu gom, vận chuyển trong ngày", "%", Direction::HigherIsBetter, "100", "100", true, None),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng (cân nặng theo tuổi)", "%", Direction::LowerIsBetter, "4.5", "4.2", true, None),
    ("Tỷ lệ tăng dân số tự nhiên", "%", Direction::LowerIsBetter, "1.1", "1.25", true, None),
    ("Hoàn thành chỉ tiêu giao quân", "", Direction::YesNo, "1", "1", true, None),
    ("Số tuyến phố được công nhận đạt tiêu chí văn minh đô thị", "tuyến", Direction::HigherIsBetter, "5", "6", true, None),
];

/// The five contents of the 2021 programme, in the article's words, with the body that leads each
/// (the lead bodies are the demo's reading of who usually leads such work).
/// The 2021 programme's contents as the article lists them, with how each stood when the district
/// ended (30/06/2025) — the statuses and notes are illustrative, and say so.
const ITEMS_2021: [(&str, BodyKind, ItemStatus, &str); 5] = [
    ("Phối hợp đẩy mạnh tuyên truyền và triển khai thực hiện Nghị quyết Đại hội Đảng bộ các cấp, các chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà nước; thực hiện thắng lợi các nhiệm vụ phát triển KT-XH, đảm bảo quốc phòng, an ninh năm 2021.", BodyKind::PeoplesCommittee, ItemStatus::Done,
     "Đã triển khai trong cả năm 2021 (minh họa)."),
    ("Chuẩn bị các điều kiện để tổ chức thực hiện tốt công tác bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021- 2026 trên địa bàn Quận, đảm bảo đúng luật, dân chủ, an toàn và thực sự trở thành ngày hội của toàn dân.", BodyKind::PeoplesCouncil, ItemStatus::Done,
     "Cuộc bầu cử ngày 23/5/2021 đã hoàn thành trên địa bàn quận (minh họa)."),
    ("Tiếp tục thực hiện “mục tiêu kép” vừa phòng chống dịch bệnh Covid-19 hiệu quả, vừa phục hồi và phát triển kinh tế.", BodyKind::PeoplesCommittee, ItemStatus::Done,
     "Thực hiện trong suốt năm 2021 (minh họa)."),
    ("Tích cực xây dựng Đảng, xây dựng chính quyền ngày càng trong sạch, vững mạnh.", BodyKind::FatherlandFront, ItemStatus::Done,
     "Đã thực hiện (minh họa)."),
    ("Đẩy mạnh các phong trào thi đua yêu nước và các cuộc vận động.", BodyKind::FatherlandFront, ItemStatus::InProgress,
     "Các phong trào tiếp tục đến khi quận kết thúc hoạt động ngày 30/6/2025 (minh họa)."),
];

/// The 2020 programme's contents, drawn from the events of 2020 the article names.
const ITEMS_2020: [(&str, BodyKind, &str); 4] = [
    ("Phối hợp tuyên truyền, tổ chức thành công Đại hội Đảng bộ các cấp nhiệm kỳ 2020 - 2025.", BodyKind::PeoplesCommittee,
     "Đại hội Đảng bộ quận lần thứ VI đã được tổ chức thành công."),
    ("Phối hợp thực hiện các biện pháp phòng, chống dịch Covid-19, bảo đảm an sinh xã hội.", BodyKind::PeoplesCommittee,
     "Các gói hỗ trợ người dân bị ảnh hưởng bởi dịch được chi trả kịp thời."),
    ("Phối hợp giám sát chuyên đề, tổ chức phiên giải trình và tiếp xúc cử tri.", BodyKind::PeoplesCouncil,
     "Thường trực HĐND quận và các Ban đã tổ chức các nội dung giám sát chuyên đề, phiên giải trình."),
    ("Phối hợp tổ chức kỷ niệm 90 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam và các cuộc vận động.", BodyKind::FatherlandFront,
     "Lễ kỷ niệm được tổ chức trang trọng; cuộc vận động được triển khai rộng khắp."),
];

/// The leaders the article names, with the capacity it gives each, exactly as written.
const LEADERS: [(&str, &str); 4] = [
    ("Trần Thị Phương Hoa", "TUV – Bí thư Quận ủy"),
    (
        "Nguyễn Văn Chiến",
        "PBT Thường trực Quận ủy, Chủ tịch HĐND Quận",
    ),
    ("Bùi Tuấn Anh", "PBT Quận ủy – Chủ tịch UBND Quận"),
    (
        "Nguyễn Thị Thanh",
        "UVTV Quận ủy -Chủ tịch Ủy ban MTTQ Việt Nam Quận",
    ),
];

/// The groups the article lists among the attendees without naming people.
const ATTENDING_GROUPS: [&str; 4] = [
    "đại diện Thường trực Quận ủy",
    "các đ/c phó chủ tịch HĐND, UBND, Ủy ban MTTQ Việt Nam quận",
    "Trưởng ban Pháp chế và Ban Kinh tế - xã hội HĐND quận",
    "Chủ tịch – Phó chủ tịch HĐND các phường",
];

/// Load the district: its organisation, programmes, meeting, oversight, news and accounts.
pub(super) async fn load(
    tx: &mut WriteTx,
    cau_giay: &AdminUnit,
    city: &City,
    accounts: &mut Accounts,
) -> Result<()> {
    // Bodies, in the order documents list them.
    let party = tx
        .insert_body(
            cau_giay.id,
            BodyKind::PartyCommittee,
            "Quận ủy Cầu Giấy",
            "Quận ủy",
            None,
            0,
        )
        .await?;
    let council = tx
        .insert_body(
            cau_giay.id,
            BodyKind::PeoplesCouncil,
            "Hội đồng nhân dân quận Cầu Giấy",
            "HĐND quận",
            None,
            1,
        )
        .await?;
    tx.insert_body(
        cau_giay.id,
        BodyKind::CouncilCommittee,
        "Ban Pháp chế Hội đồng nhân dân quận Cầu Giấy",
        "Ban Pháp chế HĐND quận",
        Some(council.id),
        2,
    )
    .await?;
    tx.insert_body(
        cau_giay.id,
        BodyKind::CouncilCommittee,
        "Ban Kinh tế - Xã hội Hội đồng nhân dân quận Cầu Giấy",
        "Ban KT-XH HĐND quận",
        Some(council.id),
        3,
    )
    .await?;
    let committee = tx
        .insert_body(
            cau_giay.id,
            BodyKind::PeoplesCommittee,
            "Ủy ban nhân dân quận Cầu Giấy",
            "UBND quận",
            None,
            4,
        )
        .await?;
    let front = tx
        .insert_body(
            cau_giay.id,
            BodyKind::FatherlandFront,
            "Ủy ban Mặt trận Tổ quốc Việt Nam quận Cầu Giấy",
            "Ủy ban MTTQ Việt Nam quận",
            None,
            5,
        )
        .await?;
    let body_of = |kind: BodyKind| match kind {
        BodyKind::PeoplesCouncil => council.id,
        BodyKind::FatherlandFront => front.id,
        _ => committee.id,
    };

    // Terms of the bodies the leaders sit in.
    let party_term = tx
        .insert_term(party.id, "2020 - 2025", day(2020, 8, 1), None)
        .await?;
    let council_term = tx
        .insert_term(council.id, "2016 - 2021", day(2016, 6, 1), None)
        .await?;
    let committee_term = tx
        .insert_term(committee.id, "2016 - 2021", day(2016, 6, 1), None)
        .await?;
    let front_term = tx
        .insert_term(front.id, "2019 - 2024", day(2019, 7, 1), None)
        .await?;

    // The four leaders and their posts: (person, [(body, post title, rank, term)]).
    let posts: [(&str, HeldPosts); 4] = [
        (
            LEADERS[0].0,
            vec![
                (city.party_id, "Thành ủy viên", 5, city.term_id),
                (party.id, "Bí thư", 0, party_term.id),
            ],
        ),
        (
            LEADERS[1].0,
            vec![
                (party.id, "Phó Bí thư Thường trực", 1, party_term.id),
                (council.id, "Chủ tịch", 0, council_term.id),
            ],
        ),
        (
            LEADERS[2].0,
            vec![
                (party.id, "Phó Bí thư", 2, party_term.id),
                (committee.id, "Chủ tịch", 0, committee_term.id),
            ],
        ),
        (
            LEADERS[3].0,
            vec![
                (party.id, "Ủy viên Ban Thường vụ", 3, party_term.id),
                (front.id, "Chủ tịch", 0, front_term.id),
            ],
        ),
    ];
    let mut attendees = Vec::new();
    for ((name, held), (_, capacity)) in posts.into_iter().zip(LEADERS) {
        let person = tx.insert_person(cau_giay.id, name).await?;
        for (body_id, title, rank, term_id) in held {
            let post = tx.insert_post(body_id, title, rank).await?;
            let term_start = match term_id {
                t if t == city.term_id => day(2020, 10, 15),
                t if t == party_term.id => day(2020, 8, 1),
                t if t == front_term.id => day(2019, 7, 1),
                _ => day(2016, 6, 1),
            };
            tx.insert_membership(&NewMembership {
                person_id: person.id,
                post_id: post.id,
                term_id: Some(term_id),
                starts_on: term_start,
                ends_on: None,
            })
            .await?;
        }
        attendees.push(Attendee {
            person_id: Some(person.id),
            name: name.to_string(),
            capacity: Some(capacity.to_string()),
        });
    }
    attendees.extend(ATTENDING_GROUPS.iter().map(|g| Attendee {
        person_id: None,
        name: g.to_string(),
        capacity: None,
    }));

    let parties = vec![council.id, committee.id, front.id];

    // 2020: reviewed at the conference of 21/01/2021.
    let p2020 = tx
        .insert_programme(&NewProgramme {
            unit_id: cau_giay.id,
            year: Year::new(2020)?,
            title: "Chương trình phối hợp công tác năm 2020".into(),
            status: ProgrammeStatus::Reviewed,
            party_ids: parties.clone(),
            signed_on: Some(day(2020, 1, 17)),
            reviewed_on: Some(day(2021, 1, 21)),
            review_summary: Some(
                "Hoạt động phối hợp của HĐND, UBND, Ủy ban MTTQ Việt Nam quận tiếp tục được nâng cao theo hướng đổi mới, dân chủ, trách nhiệm và hiệu quả; tạo sự chuyển biến về chất lượng hoạt động, hoàn thành các mục tiêu, chỉ tiêu, các nhiệm vụ phát triển kinh tế - xã hội, bảo đảm an ninh - quốc phòng của quận."
                    .into(),
            ),
        })
        .await?;
    let mut items_2020 = Vec::new();
    for (i, (content, lead, note)) in ITEMS_2020.iter().enumerate() {
        let lead = body_of(*lead);
        let partners = parties.iter().copied().filter(|b| *b != lead).collect();
        let draft = ItemDraft::parse(content, lead, partners, whole_year(2020), ItemStatus::Done)?;
        let notes = [ProgressNote {
            on: day(2020, 12, 31),
            text: note.to_string(),
        }];
        items_2020.push(
            tx.insert_item(p2020.id, i as i64 + 1, &draft, &notes)
                .await?,
        );
    }
    for (i, (name, measure, direction, plan, actual, illustrative, note)) in
        TARGETS_2020.iter().enumerate()
    {
        tx.insert_target(
            p2020.id,
            i as i64 + 1,
            &NewTarget {
                name: name.to_string(),
                measure: measure.to_string(),
                direction: *direction,
                plan: num(plan),
                actual: Some(num(actual)),
                reporting_body_id: Some(committee.id),
                illustrative: *illustrative,
                note: note.map(str::to_string),
            },
        )
        .await?;
    }
    for (i, (name, estimate, actual)) in [
        ("Thu ngân sách nhà nước trên địa bàn", "9530000", "9968380"),
        ("Chi ngân sách quận", "1650000", "1581700"),
    ]
    .into_iter()
    .enumerate()
    {
        tx.insert_budget_line(
            p2020.id,
            i as i64 + 1,
            &NewBudgetLine {
                name: name.into(),
                estimate: num(estimate),
                actual: Some(num(actual)),
                illustrative: true,
            },
        )
        .await?;
    }

    // 2021: signed at the same conference.
    let p2021 = tx
        .insert_programme(&NewProgramme {
            unit_id: cau_giay.id,
            year: Year::new(2021)?,
            title: "Chương trình phối hợp công tác năm 2021".into(),
            status: ProgrammeStatus::Signed,
            party_ids: parties.clone(),
            signed_on: Some(day(2021, 1, 21)),
            reviewed_on: None,
            review_summary: None,
        })
        .await?;
    let mut items_2021 = Vec::new();
    for (i, (content, lead, status, note)) in ITEMS_2021.iter().enumerate() {
        let lead = body_of(*lead);
        let partners = parties.iter().copied().filter(|b| *b != lead).collect();
        let draft = ItemDraft::parse(content, lead, partners, whole_year(2021), *status)?;
        let notes = [ProgressNote {
            on: day(2021, 12, 31),
            text: note.to_string(),
        }];
        items_2021.push(
            tx.insert_item(p2021.id, i as i64 + 1, &draft, &notes)
                .await?,
        );
    }

    // The conference: the afternoon of 21/01/2021 (the hour is illustrative).
    tx.insert_meeting(&NewMeeting {
        unit_id: cau_giay.id,
        kind: MeetingKind::ReviewAndSigning,
        title: "Hội nghị tổng kết Chương trình phối hợp công tác năm 2020; Ký kết chương trình phối hợp công tác năm 2021".into(),
        starts_at: vn(2021, 1, 21, 14, 0),
        ends_at: Some(vn(2021, 1, 21, 16, 30)),
        venue: "Hội trường Quận ủy".into(),
        programme_id: Some(p2021.id),
        attendees,
        chair: None,
        secretary: None,
        agenda: vec![
            "Báo cáo tổng kết Chương trình phối hợp công tác năm 2020".into(),
            "Thông qua Chương trình phối hợp công tác năm 2021".into(),
            "Phát biểu chỉ đạo của đồng chí Bí thư Quận ủy".into(),
            "Ký kết Chương trình phối hợp công tác năm 2021".into(),
        ],
        minutes: Some("Hội nghị đã nghe báo cáo tổng kết Chương trình phối hợp công tác năm 2020: hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu được giao. Các đại biểu thống nhất nội dung Chương trình phối hợp công tác năm 2021. Thường trực HĐND, UBND, Ủy ban MTTQ Việt Nam quận đã ký kết chương trình. (Biên bản minh họa trong dữ liệu mẫu.)".into()),
        minutes_published: true,
        documents: vec![DocumentRef { title: "Chương trình phối hợp công tác năm 2021".into(), url: Some("/chuong-trinh/2021".into()) }],
        public: true,
    })
    .await?;

    // Oversight of 2020 and its recommendations. The article names the kinds of work; the topics,
    // teams and recommendations are illustrative.
    for (body, email) in [
        (&council, "vanphong.hdnd@caugiay.example"),
        (&committee, "vanphong.ubnd@caugiay.example"),
        (&front, "vanphong.mttq@caugiay.example"),
    ] {
        tx.set_body_email(body.id, Some(email)).await?;
    }
    let supervision_item = items_2020
        .iter()
        .find(|i| i.lead_body_id == council.id)
        .map(|i| i.id);
    let team = |lead: &str, members: &[&str]| {
        std::iter::once(TeamMember {
            name: lead.into(),
            role: "Trưởng đoàn".into(),
        })
        .chain(members.iter().map(|m| TeamMember {
            name: m.to_string(),
            role: "Thành viên".into(),
        }))
        .collect::<Vec<_>>()
    };
    let activities: [Activity; 5] = [
        (OversightKind::ThematicSupervision, "Giám sát chuyên đề việc thực hiện công tác cải cách hành chính trên địa bàn quận năm 2020", council.id, vec![committee.id], None, day(2020, 6, 15),
         team(LEADERS[1].0, &["Trưởng ban Pháp chế HĐND quận", "Trưởng ban Kinh tế - Xã hội HĐND quận"])),
        (OversightKind::Hearing, "Phiên giải trình về công tác quản lý trật tự xây dựng trên địa bàn quận", council.id, vec![committee.id], None, day(2020, 9, 22),
         team(LEADERS[1].0, &["Các Ban HĐND quận"])),
        (OversightKind::Inspection, "Thanh tra việc quản lý, sử dụng đất công tại các phường", committee.id, vec![], Some("UBND các phường trên địa bàn quận"), day(2020, 7, 1),
         team("Chánh Thanh tra quận", &["Phòng Tài nguyên và Môi trường quận"])),
        (OversightKind::Check, "Kiểm tra công tác phòng, chống dịch Covid-19 tại các cơ sở kinh doanh dịch vụ", committee.id, vec![], Some("Các cơ sở kinh doanh dịch vụ trên địa bàn quận"), day(2020, 8, 10),
         team("Phó Chủ tịch UBND quận", &["Phòng Y tế quận", "Công an quận"])),
        (OversightKind::FrontSupervision, "Giám sát việc thực hiện chính sách hỗ trợ người dân gặp khó khăn do đại dịch Covid-19", front.id, vec![committee.id], None, day(2020, 5, 20),
         team(LEADERS[3].0, &["Đại diện các tổ chức chính trị - xã hội quận"])),
    ];
    let mut oversight_ids = Vec::new();
    for (kind, title, conducted_by, subjects, other, starts_on, team) in activities {
        let o = tx
            .insert_oversight(&NewOversight {
                unit_id: cau_giay.id,
                kind,
                title: title.into(),
                conducted_by,
                subject_body_ids: subjects,
                other_subjects: other.map(str::to_string),
                starts_on,
                ends_on: Some(starts_on + chrono::Duration::days(30)),
                team,
                documents: vec![DocumentRef { title: format!("Báo cáo kết quả: {title}"), url: None }],
                item_ids: supervision_item.into_iter().collect(),
                findings: Some("Kịp thời phát hiện những vướng mắc khó khăn, khắc phục những tồn tại, hạn chế trong lĩnh vực quản lý nhà nước được giám sát.".into()),
                public: true,
            })
            .await?;
        oversight_ids.push(o.id);
    }
    // The district's recommendations keep the dates of their time: the follow-up computed from
    // today belongs to the living wards (see `wards`).
    let recommendations: [DemoRecommendation; 6] = [
        (0, "Rút ngắn thời gian giải quyết hồ sơ đất đai; công khai tiến độ giải quyết trên cổng thông tin", committee.id, day(2021, 6, 30),
         Some(("UBND quận đã công khai tiến độ giải quyết hồ sơ đất đai tại Bộ phận một cửa và trên cổng thông tin.", true)), true),
        (1, "Xử lý dứt điểm các công trình vi phạm trật tự xây dựng đã được phát hiện trong năm 2020", committee.id, day(2021, 3, 31),
         Some(("Đã xử lý 18/25 công trình; các trường hợp còn lại đang hoàn thiện hồ sơ cưỡng chế.", false)), true),
        (2, "Lập hồ sơ quản lý các diện tích đất công đã thu hồi tại các phường", committee.id, day(2021, 12, 31),
         Some(("Đã lập xong hồ sơ quản lý và bàn giao cho UBND các phường.", true)), true),
        (3, "Duy trì kiểm tra việc tuân thủ các biện pháp phòng dịch tại cơ sở kinh doanh", committee.id, day(2021, 6, 30),
         Some(("Đã tổ chức 12 đoàn kiểm tra liên ngành; các cơ sở vi phạm đã bị xử lý.", true)), true),
        (4, "Công khai danh sách người được hỗ trợ tại nơi cư trú để nhân dân giám sát", front.id, day(2021, 9, 30), None, true),
        (0, "Bổ sung biên chế cho Bộ phận tiếp nhận và trả kết quả (nội dung đang xem xét, chưa công khai)", committee.id, day(2021, 12, 31), None, false),
    ];
    for (activity, content, body, deadline, response, public) in recommendations {
        let rec = tx
            .insert_recommendation(&NewRecommendation {
                oversight_id: oversight_ids[activity],
                content: content.into(),
                responsible_body_id: body,
                deadline: Some(deadline),
                status: RecommendationStatus::Open,
                public,
            })
            .await?;
        if let Some((text, closes)) = response {
            let on = deadline - chrono::Duration::days(10);
            tx.add_response(
                &rec,
                &Response {
                    on,
                    from_body_id: Some(body),
                    text: text.into(),
                    closes,
                },
            )
            .await?;
        }
    }

    // News.
    let news = tx
        .insert_category(
            cau_giay.id,
            &Slug::parse("tin-tuc-su-kien")?,
            "Tin tức - Sự kiện",
            0,
        )
        .await?;
    let council_news = tx
        .insert_category(
            cau_giay.id,
            &Slug::parse("hoat-dong-hdnd")?,
            "Hoạt động HĐND",
            1,
        )
        .await?;
    let front_news = tx
        .insert_category(
            cau_giay.id,
            &Slug::parse("mat-tran-to-quoc")?,
            "Mặt trận Tổ quốc",
            2,
        )
        .await?;
    let notices = tx
        .insert_category(cau_giay.id, &Slug::parse("thong-bao")?, "Thông báo", 3)
        .await?;

    let byline = "Ủy ban MTTQ Việt Nam quận Cầu Giấy";
    let seed = ArticleDraft::parse(
        SEED_ARTICLE_TITLE,
        SEED_ARTICLE_SLUG,
        "Chiều ngày 21/01/2021, tại Hội trường Quận ủy, HĐND- UBND- Ủy ban MTTQ Việt Nam quận tổ chức Hội nghị tổng kết Chương trình phối hợp công tác năm 2020; Ký kết chương trình phối hợp công tác năm 2021.",
        SEED_ARTICLE_BODY,
        byline,
        Some(vn(2021, 1, 23, 14, 46)),
        vec![news.id, front_news.id],
    )?;
    tx.insert_article(&NewArticle {
        unit_id: cau_giay.id,
        draft: seed,
        illustrative: false,
    })
    .await?;

    let others: [OtherArticle; 4] = [
        (
            "Kết quả bình chọn Hàng Việt Nam được người tiêu dùng yêu thích 2019",
            "Ban Thường trực Ủy ban MTTQ Việt Nam quận công bố kết quả bình chọn Hàng Việt Nam được người tiêu dùng yêu thích năm 2019.",
            vn(2020, 1, 8, 9, 15),
            vec![front_news.id, news.id],
            "<p>Thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”, Ban Thường trực Ủy ban MTTQ Việt Nam quận đã phối hợp với các phường tổ chức lấy phiếu bình chọn Hàng Việt Nam được người tiêu dùng yêu thích năm 2019 trong nhân dân, cán bộ, công chức trên địa bàn quận.</p><p>Kết quả bình chọn được tổng hợp và công bố tới các tầng lớp nhân dân, góp phần khích lệ doanh nghiệp nâng cao chất lượng sản phẩm.</p>",
        ),
        (
            "Thường trực HĐND quận Cầu Giấy giám sát công tác cải cách hành chính năm 2020",
            "Đoàn giám sát của Thường trực HĐND quận làm việc với UBND quận về công tác cải cách hành chính.",
            vn(2020, 11, 12, 10, 30),
            vec![council_news.id, news.id],
            "<p>Thực hiện chương trình giám sát năm 2020, Đoàn giám sát của Thường trực HĐND quận đã làm việc với UBND quận về kết quả thực hiện công tác cải cách hành chính, ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính.</p><p>Đoàn giám sát đề nghị UBND quận tiếp tục rà soát quy trình, rút ngắn thời gian giải quyết hồ sơ cho người dân và doanh nghiệp.</p>",
        ),
        (
            "Thông báo lịch tiếp công dân của Thường trực HĐND quận tháng 01/2021",
            "Thường trực HĐND quận thông báo lịch tiếp công dân định kỳ tháng 01/2021 tại Trụ sở tiếp công dân quận.",
            vn(2021, 1, 4, 8, 0),
            vec![notices.id, council_news.id],
            "<p>Thường trực HĐND quận Cầu Giấy tiếp công dân định kỳ vào ngày 15/01/2021 tại Trụ sở tiếp công dân quận. Công dân đến liên hệ mang theo giấy tờ tùy thân và các tài liệu liên quan.</p>",
        ),
        (
            "Quận Cầu Giấy triển khai công tác bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026",
            "UBND quận tổ chức hội nghị triển khai công tác bầu cử trên địa bàn quận.",
            vn(2021, 2, 2, 15, 20),
            vec![news.id, council_news.id],
            "<p>UBND quận Cầu Giấy tổ chức hội nghị triển khai công tác bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026, bảo đảm cuộc bầu cử diễn ra đúng luật, dân chủ, an toàn và thực sự là ngày hội của toàn dân.</p>",
        ),
    ];
    for (title, summary, at, categories, body) in others {
        let draft = ArticleDraft::parse(title, "", summary, body, byline, Some(at), categories)?;
        tx.insert_article(&NewArticle {
            unit_id: cau_giay.id,
            draft,
            illustrative: true,
        })
        .await?;
    }

    // Accounts, one per role, and keys for the three heads, who sign both programmes.
    let unit_id = cau_giay.id;
    let unit_name = cau_giay.full_name();
    accounts
        .add(
            tx,
            "quantri",
            "Quản trị cổng thông tin",
            Role::Admin { unit_id },
            &unit_name,
        )
        .await?;
    let mut heads = Vec::new();
    for (body, short, head_name) in [
        (&council, "hdnd", LEADERS[1].0),
        (&committee, "ubnd", LEADERS[2].0),
        (&front, "mttq", LEADERS[3].0),
    ] {
        accounts
            .add(
                tx,
                &format!("cv.{short}"),
                &format!("Chuyên viên văn phòng {}", body.short_name),
                Role::Editor {
                    unit_id,
                    body_id: body.id,
                },
                &unit_name,
            )
            .await?;
        let head = accounts
            .add(
                tx,
                &format!("ct.{short}"),
                head_name,
                Role::Head {
                    unit_id,
                    body_id: body.id,
                },
                &unit_name,
            )
            .await?;
        heads.push((body.id, head));
    }
    accounts
        .add(tx, "doc", "Người đọc", Role::Reader { unit_id }, &unit_name)
        .await?;
    for (body_id, user_id) in &heads {
        tx.create_signing_key(*user_id, *body_id).await?;
    }
    let bodies = [council.clone(), committee.clone(), front.clone()];
    for programme in [&p2020, &p2021] {
        let canonical = tx
            .working_content(cau_giay, &bodies, programme)
            .await?
            .canonical()?;
        // Signed in the afternoon of the day the programme records as its signing day.
        let day = programme.signed_on.unwrap_or(day(2021, 1, 21));
        let signed_at =
            domain::time::at_vietnam(day.and_hms_opt(15, 0, 0).expect("valid time")).timestamp();
        for (body_id, user_id) in &heads {
            tx.sign_programme(programme, 1, &canonical, *body_id, *user_id, signed_at)
                .await?;
        }
    }

    Ok(())
}
