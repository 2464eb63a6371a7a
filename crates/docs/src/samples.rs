//! Sample documents with the demo's content (Cầu Giấy district, the conference of 21/01/2021), for
//! previews, the examples and the tests. Figures not stated by the seed article are illustrative.

use chrono::{NaiveDate, NaiveDateTime};
use domain::meeting::{Attendee, Meeting, MeetingKind};
use domain::target::{Direction, Target};
use rust_decimal::Decimal;

use crate::model::{
    FollowUpDocument, Issuer, MinutesDocument, OversightFigures, ProgrammeDocument,
    ProgrammeItemLine, RecommendationLine, ReviewDocument, RollUpDocument, RollUpIndicatorLine,
    RollUpUnitLine, SignatureInfo, Signer,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("sample dates are valid")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<chrono::Utc> {
    let local: NaiveDateTime = day(y, m, d).and_hms_opt(h, min, 0).expect("valid time");
    domain::time::at_vietnam(local)
}

fn parties() -> Vec<Issuer> {
    Issuer::programme_parties("quận Cầu Giấy", None)
}

fn chairs() -> Vec<Signer> {
    Signer::programme_parties("Nguyễn Văn Chiến", "Bùi Tuấn Anh", "Nguyễn Thị Thanh")
}

fn recipients() -> Vec<String> {
    [
        "Thường trực Thành ủy, HĐND, UBND Thành phố",
        "Ủy ban MTTQ Việt Nam Thành phố",
        "Thường trực Quận ủy",
        "Các đồng chí Ủy viên Ban Thường vụ Quận ủy",
        "HĐND, UBND, Ủy ban MTTQ Việt Nam các phường",
        "Lưu: VT",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// The 2021 joint programme as signed on 21/01/2021, with its five contents.
pub fn programme() -> ProgrammeDocument {
    let item = |content: &str, lead: &str, partners: &str| ProgrammeItemLine {
        content: content.to_string(),
        lead: lead.to_string(),
        partners: partners.to_string(),
        time_frame: "Cả năm 2021".to_string(),
    };
    ProgrammeDocument {
        issuers: parties(),
        number_symbol: "01/CTrPH-HĐND-UBND-MTTQ".into(),
        place: "Hà Nội".into(),
        date: day(2021, 1, 21),
        title: "Phối hợp công tác năm 2021".into(),
        preamble: vec![
            "Nâng cao hiệu quả phối hợp giữa Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam quận trong việc thực hiện chức năng, nhiệm vụ của mỗi cơ quan theo quy định của pháp luật.".into(),
            "Việc phối hợp bảo đảm nguyên tắc dân chủ, công khai, đúng quy định; không làm ảnh hưởng đến hoạt động riêng của mỗi cơ quan.".into(),
        ],
        items: vec![
            item("Phối hợp đẩy mạnh tuyên truyền và triển khai thực hiện Nghị quyết Đại hội Đảng bộ các cấp, các chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà nước; thực hiện thắng lợi các nhiệm vụ phát triển KT-XH, đảm bảo quốc phòng, an ninh năm 2021.", "UBND quận", "HĐND quận, Ủy ban MTTQ Việt Nam quận"),
            item("Chuẩn bị các điều kiện để tổ chức thực hiện tốt công tác bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026 trên địa bàn Quận, đảm bảo đúng luật, dân chủ, an toàn và thực sự trở thành ngày hội của toàn dân.", "HĐND quận", "UBND quận, Ủy ban MTTQ Việt Nam quận"),
            item("Tiếp tục thực hiện “mục tiêu kép” vừa phòng chống dịch bệnh Covid-19 hiệu quả, vừa phục hồi và phát triển kinh tế.", "UBND quận", "HĐND quận, Ủy ban MTTQ Việt Nam quận"),
            item("Tích cực xây dựng Đảng, xây dựng chính quyền ngày càng trong sạch, vững mạnh.", "Ủy ban MTTQ Việt Nam quận", "HĐND quận, UBND quận"),
            item("Đẩy mạnh các phong trào thi đua yêu nước và các cuộc vận động.", "Ủy ban MTTQ Việt Nam quận", "HĐND quận, UBND quận"),
        ],
        implementation: vec![
            "Thường trực HĐND, UBND, Ban Thường trực Ủy ban MTTQ Việt Nam quận có trách nhiệm chỉ đạo các cơ quan chuyên môn, các phường triển khai thực hiện Chương trình này.".into(),
            "Định kỳ 6 tháng và cuối năm, các bên tổ chức sơ kết, tổng kết việc thực hiện Chương trình phối hợp.".into(),
        ],
        signers: chairs(),
        recipients: recipients(),
        signatures: Vec::new(),
    }
}

/// The same programme with the three bodies' digital signatures for the annex.
pub fn signed_programme() -> ProgrammeDocument {
    let sig = |signer: &str, body: &str, minute: u32, seed: u8| SignatureInfo {
        signer: signer.to_string(),
        body: body.to_string(),
        signed_at: at(2021, 1, 21, 15, minute),
        public_key_hex: (0..32u8)
            .map(|b| format!("{:02x}", b.wrapping_mul(7).wrapping_add(seed)))
            .collect(),
        signature_hex: (0..64u8)
            .map(|b| format!("{:02x}", b.wrapping_mul(13).wrapping_add(seed)))
            .collect(),
    };
    ProgrammeDocument {
        signatures: vec![
            sig("Nguyễn Văn Chiến", "HĐND quận Cầu Giấy", 10, 1),
            sig("Bùi Tuấn Anh", "UBND quận Cầu Giấy", 12, 2),
            sig(
                "Nguyễn Thị Thanh",
                "Ủy ban MTTQ Việt Nam quận Cầu Giấy",
                15,
                3,
            ),
        ],
        ..programme()
    }
}

fn target(
    position: i64,
    name: &str,
    measure: &str,
    direction: Direction,
    plan: &str,
    actual: &str,
) -> Target {
    Target {
        id: position,
        programme_id: 1,
        position,
        code: format!("CT{position:02}"),
        name: name.to_string(),
        measure: measure.to_string(),
        direction,
        plan: plan.parse::<Decimal>().expect("sample numbers"),
        actual: Some(actual.parse::<Decimal>().expect("sample numbers")),
        reporting_body_id: None,
        illustrative: true,
        note: None,
    }
}

/// The review of the 2020 programme with a few of its targets.
pub fn review() -> ReviewDocument {
    ReviewDocument {
        issuers: parties(),
        number_symbol: "02/BC-HĐND-UBND-MTTQ".into(),
        place: "Hà Nội".into(),
        date: day(2021, 1, 21),
        title: "Tổng kết Chương trình phối hợp công tác năm 2020 và phương hướng, nhiệm vụ năm 2021".into(),
        unit_name: "quận Cầu Giấy".into(),
        year: 2020,
        results: vec![
            "Hoạt động phối hợp của HĐND, UBND, Ủy ban MTTQ Việt Nam quận tiếp tục được nâng cao theo hướng đổi mới, dân chủ, trách nhiệm và hiệu quả; tạo sự chuyển biến về chất lượng hoạt động, hoàn thành các mục tiêu, chỉ tiêu, các nhiệm vụ phát triển kinh tế - xã hội, bảo đảm an ninh - quốc phòng của quận.".into(),
        ],
        targets: vec![
            target(1, "Thu ngân sách nhà nước trên địa bàn so với dự toán Thành phố giao", "% dự toán", Direction::HigherIsBetter, "100", "104.6"),
            target(2, "Thứ hạng của quận trong kỳ thi tuyển sinh vào lớp 10 của Thành phố", "hạng", Direction::Rank, "1", "1"),
            target(3, "Tốc độ tăng trưởng giá trị sản xuất các ngành kinh tế", "%", Direction::HigherIsBetter, "9.5", "5.2"),
            target(4, "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng (cân nặng theo tuổi)", "%", Direction::LowerIsBetter, "4.5", "4.2"),
        ],
        oversight: OversightFigures {
            thematic_supervisions: 4,
            hearings: 2,
            inspections: 3,
            checks: 5,
            recommendations: 25,
            recommendations_resolved: 20,
        },
        shortcomings: vec!["Một số nội dung phối hợp còn chậm so với thời gian đề ra do ảnh hưởng của dịch Covid-19.".into()],
        next_year_tasks: vec![
            "Tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026.".into(),
            "Thực hiện “mục tiêu kép” vừa phòng chống dịch bệnh Covid-19 hiệu quả, vừa phục hồi và phát triển kinh tế.".into(),
        ],
        signers: chairs(),
        recipients: recipients(),
    }
}

/// The minutes of the conference of 21/01/2021.
pub fn minutes() -> MinutesDocument {
    let person = |name: &str, capacity: &str| Attendee {
        person_id: None,
        name: name.to_string(),
        capacity: Some(capacity.to_string()),
    };
    MinutesDocument {
        issuers: parties(),
        number_symbol: None,
        place: "Hà Nội".into(),
        meeting: Meeting {
            id: 1,
            unit_id: 2,
            kind: MeetingKind::ReviewAndSigning,
            title: "Hội nghị tổng kết Chương trình phối hợp công tác năm 2020; Ký kết chương trình phối hợp công tác năm 2021".into(),
            starts_at: at(2021, 1, 21, 14, 0),
            ends_at: Some(at(2021, 1, 21, 16, 30)),
            venue: "Hội trường Quận ủy".into(),
            programme_id: Some(1),
            attendees: vec![
                person("Trần Thị Phương Hoa", "TUV – Bí thư Quận ủy"),
                person("Nguyễn Văn Chiến", "PBT Thường trực Quận ủy, Chủ tịch HĐND Quận"),
                person("Bùi Tuấn Anh", "PBT Quận ủy – Chủ tịch UBND Quận"),
                person("Nguyễn Thị Thanh", "UVTV Quận ủy -Chủ tịch Ủy ban MTTQ Việt Nam Quận"),
                Attendee { person_id: None, name: "đại diện Thường trực Quận ủy".into(), capacity: None },
            ],
            chair: None,
            secretary: None,
            agenda: vec![],
            minutes: None,
            minutes_published: false,
            documents: vec![],
            public: true,
        },
        chair: "Nguyễn Văn Chiến – PBT Thường trực Quận ủy, Chủ tịch HĐND Quận".into(),
        chair_name: "Nguyễn Văn Chiến".into(),
        secretary: "Lê Thu Hà – Chuyên viên Văn phòng HĐND và UBND quận".into(),
        secretary_name: "Lê Thu Hà".into(),
        proceedings: vec![
            "Hội nghị nghe báo cáo tổng kết Chương trình phối hợp công tác năm 2020: hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu; thu ngân sách nhà nước trên địa bàn vượt dự toán.".into(),
            "Đại diện Thường trực HĐND, UBND, Ban Thường trực Ủy ban MTTQ Việt Nam quận ký kết Chương trình phối hợp công tác năm 2021.".into(),
        ],
        conclusions: vec!["Đồng chí Bí thư Quận ủy đề nghị các cơ quan tiếp tục phát huy kết quả đạt được, phối hợp chặt chẽ, thực hiện thắng lợi nhiệm vụ năm 2021.".into()],
    }
}

/// The follow-up report on the recommendations of oversight.
pub fn follow_up() -> FollowUpDocument {
    FollowUpDocument {
        issuers: vec![Issuer {
            upper: Some("HĐND QUẬN CẦU GIẤY".into()),
            name: "THƯỜNG TRỰC HĐND".into(),
        }],
        number_symbol: "15/BC-HĐND".into(),
        place: "Hà Nội".into(),
        date: day(2021, 6, 30),
        title: "Kết quả theo dõi, đôn đốc việc giải quyết kiến nghị sau giám sát năm 2020".into(),
        introduction: vec!["Thực hiện chương trình giám sát năm 2021, Thường trực HĐND quận báo cáo kết quả theo dõi việc giải quyết các kiến nghị sau giám sát như sau:".into()],
        recommendations: vec![
            RecommendationLine {
                content: "Rà soát quy trình, rút ngắn thời gian giải quyết hồ sơ thủ tục hành chính cho người dân và doanh nghiệp.".into(),
                responsible: "UBND quận".into(),
                deadline: Some(day(2021, 3, 31)),
                status: "Đã giải quyết xong".into(),
                resolved: true,
                responses: vec!["Văn bản số 215/UBND-VP ngày 25/3/2021 của UBND quận.".into()],
            },
            RecommendationLine {
                content: "Hoàn thiện hồ sơ đất đai tồn đọng tại các phường.".into(),
                responsible: "UBND quận; UBND các phường".into(),
                deadline: Some(day(2021, 5, 31)),
                status: "Đang giải quyết".into(),
                resolved: false,
                responses: vec![],
            },
            RecommendationLine {
                content: "Tăng cường kiểm tra trật tự xây dựng trên địa bàn.".into(),
                responsible: "Đội Quản lý trật tự xây dựng đô thị quận".into(),
                deadline: Some(day(2021, 12, 31)),
                status: "Đang giải quyết".into(),
                resolved: false,
                responses: vec!["Đã kiểm tra 120 công trình trong 6 tháng đầu năm.".into()],
            },
        ],
        signers: vec![Signer {
            body_label: "TM. THƯỜNG TRỰC HĐND".into(),
            role: "CHỦ TỊCH".into(),
            name: "Nguyễn Văn Chiến".into(),
        }],
        recipients: vec!["Thường trực Quận ủy".into(), "UBND quận".into(), "Lưu: VT".into()],
    }
}

/// Hà Nội's summary of 2026 over two wards, one of which has not reported its insurance figure.
pub fn rollup() -> RollUpDocument {
    let line = |name: &str, exceeded, met, missed, not_reported, plan: &str, actual: &str| {
        RollUpIndicatorLine {
            name: name.into(),
            measure: "%".into(),
            exceeded,
            met,
            missed,
            not_reported,
            plan: plan.into(),
            actual: actual.into(),
        }
    };
    let unit = |name: &str, programme: &str, targets: &str, done, late| RollUpUnitLine {
        name: name.into(),
        programme: programme.into(),
        targets: targets.into(),
        items_done: done,
        items_in_progress: 1,
        items_late: late,
        overdue_recommendations: late,
    };
    RollUpDocument {
        issuers: vec![Issuer::new("UBND THÀNH PHỐ HÀ NỘI")],
        number_symbol: "15/BC-UBND".into(),
        place: "Hà Nội".into(),
        date: day(2026, 12, 7),
        title: "Tổng hợp kết quả thực hiện chỉ tiêu năm 2026 của các đơn vị cấp xã".into(),
        introduction: vec![
            "Ủy ban nhân dân thành phố tổng hợp kết quả của 2 đơn vị như sau:".into(),
        ],
        indicators: vec![
            line(
                "CCHC – Tỷ lệ hồ sơ giải quyết đúng hạn",
                1,
                1,
                0,
                0,
                "98",
                "98,5",
            ),
            line(
                "BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế",
                1,
                0,
                0,
                1,
                "93,47",
                "—",
            ),
        ],
        units: vec![
            unit("Phường Cầu Giấy", "Đã ký", "4/6", 2, 1),
            unit("Phường Nghĩa Đô", "Dự thảo", "1/1", 0, 0),
        ],
        follow_up: vec![
            "BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế: chưa báo cáo: Phường Nghĩa Đô.".into(),
        ],
        signers: vec![Signer {
            body_label: "TM. ỦY BAN NHÂN DÂN".into(),
            role: "CHỦ TỊCH".into(),
            name: "Trần Sỹ Thanh".into(),
        }],
        recipients: vec!["Thường trực Thành ủy".into(), "Lưu: VT".into()],
    }
}
