//! A generated corpus of Vietnamese local-government news, at any size, the same for a given size
//! every time: titles and bodies built from real administrative phrases (bodies, posts, wards,
//! events, topics, figures), one in five written with the old tone placement ("Uỷ ban", "hoà").
//!
//! Some documents are *planted*: they carry a sentence that only the planted documents have, in
//! one of several written forms (with or without the abbreviation, old or new tone placement,
//! capitals), so that each query of the benchmark has a known set of documents it should find.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// One article.
pub struct Doc {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub year: i32,
    pub published_at: i64,
}

/// A query of the benchmark and, for planted cases, the forms its documents are written in.
pub struct Case {
    /// What the user types.
    pub query: String,
    /// What the case shows.
    pub note: &'static str,
    /// Sentences planted in the expected documents, cycled through.
    pub planted: &'static [&'static str],
    /// Sentences planted in decoy documents: the query's words, but not as the phrase.
    pub decoys: &'static [&'static str],
}

/// Planted documents per case (and decoys per case that has decoys).
pub const PLANTED: usize = 10;

pub fn cases() -> Vec<Case> {
    let nfd: String = {
        use unicode_normalization::UnicodeNormalization;
        "Ủy ban bầu cử phường Thượng Cát".nfd().collect()
    };
    let case = |query: &str, note, planted, decoys| Case {
        query: query.to_string(),
        note,
        planted,
        decoys,
    };
    vec![
        case("cau giay", "common, no diacritics", &[], &[]),
        case("uy ban nhan dan", "common, no diacritics", &[], &[]),
        case("HĐND", "common abbreviation", &[], &[]),
        case("\"chương trình phối hợp\"", "common phrase", &[], &[]),
        case("cai cach hanh chinh", "common, no diacritics", &[], &[]),
        case(
            "hoi thi cam hoa nghe thuat",
            "no diacritics",
            &[
                "Hội thi cắm hoa nghệ thuật chào mừng ngày Quốc tế Phụ nữ 8/3 đã diễn ra sôi nổi.",
                "Phường tổ chức Hội thi Cắm hoa nghệ thuật cho hội viên phụ nữ.",
                "HỘI THI CẮM HOA NGHỆ THUẬT thu hút đông đảo hội viên tham gia.",
            ],
            &[],
        ),
        case(
            "duong dang thuy tram",
            "đ typed as d, old and new tone placement",
            &[
                "Dự án mở rộng đường Đặng Thùy Trâm được triển khai đúng tiến độ.",
                "Tuyến đường Đặng Thuỳ Trâm đã hoàn thành chỉnh trang vỉa hè.",
                "Người dân trên đường Đặng Thùy Trâm ủng hộ chủ trương giải phóng mặt bằng.",
            ],
            &[],
        ),
        case(
            "khóa tập huấn hòa giải viên",
            "new tone placement typed, old written",
            &[
                "Khoá tập huấn hoà giải viên ở cơ sở được tổ chức trong hai ngày.",
                "Khóa tập huấn hòa giải viên thu hút 120 học viên tham dự.",
                "Kết thúc khoá tập huấn hoà giải viên, các học viên được cấp giấy chứng nhận.",
            ],
            &[],
        ),
        case(
            "hoi dong nhan dan phuong xuan tao",
            "long form typed, abbreviation written",
            &[
                "Thường trực HĐND phường Xuân Tảo tổ chức phiên giải trình về trật tự đô thị.",
                "Hội đồng nhân dân phường Xuân Tảo thông qua nghị quyết về dự toán ngân sách.",
                "Đại biểu HĐND phường Xuân Tảo tiếp xúc cử tri tổ dân phố số 5.",
            ],
            &[],
        ),
        Case {
            query: nfd,
            note: "query in decomposed Unicode (NFD)",
            planted: &[
                "Ủy ban bầu cử phường Thượng Cát đã họp triển khai công tác chuẩn bị bầu cử.",
                "Uỷ ban bầu cử phường Thượng Cát công bố danh sách cử tri.",
                "Ủy ban Bầu cử phường Thượng Cát kiểm tra công tác tại các tổ bầu cử.",
            ],
            decoys: &[],
        },
        case(
            "\"lễ hội hoa anh đào\"",
            "phrase, with decoys holding the words apart",
            &[
                "Lễ hội hoa anh đào Nhật Bản được tổ chức tại công viên Hòa Bình.",
                "Nhiều người dân đến tham quan lễ hội hoa anh đào cuối tuần qua.",
                "Ban tổ chức lễ hội hoa anh đào bố trí lực lượng giữ gìn trật tự.",
            ],
            &["Lễ hội năm nay có nhiều hoạt động; anh Lương Văn Đào tặng hoa cho các đại biểu."],
        ),
        case(
            "dong chi le van khiem",
            "đ typed as d, and the abbreviation đ/c",
            &[
                "Dự hội nghị có đồng chí Lê Văn Khiêm – Phó Chủ tịch UBND phường.",
                "Đ/c Lê Văn Khiêm phát biểu chỉ đạo hội nghị.",
                "Đồng chí Lê Văn Khiêm trao giấy khen cho các tập thể.",
            ],
            &[],
        ),
        case(
            "chuogn trinh phoi hopp",
            "typos: nothing matches, suggestions",
            &[],
            &[],
        ),
        case("giai phong mat bnag", "a typo: fewer words match", &[], &[]),
    ]
}

/// Which documents carry a case's planted sentences (1-based ids, spread over the corpus).
pub fn planted_ids(n: usize, case_index: usize) -> Vec<i64> {
    spread(n, case_index * 7 + 3)
}

/// Which documents carry a case's decoy sentences.
pub fn decoy_ids(n: usize, case_index: usize) -> Vec<i64> {
    spread(n, case_index * 7 + 6)
}

fn spread(n: usize, offset: usize) -> Vec<i64> {
    let step = n / PLANTED;
    (0..PLANTED)
        .map(|k| (k * step + offset % step.max(1)) as i64 + 1)
        .collect()
}

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đinh", "Trịnh", "Mai", "Cao", "Lương", "Tạ", "Chu", "Kiều",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Thu", "Hồng", "Ngọc", "Hữu", "Công", "Thế",
    "Kim", "Bích", "Tuấn", "Phương", "Mạnh",
];
const GIVEN: &[&str] = &[
    "Anh", "Bình", "Chiến", "Cường", "Dũng", "Duy", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
    "Hùng", "Hương", "Huyền", "Khánh", "Lan", "Linh", "Long", "Loan", "Mai", "Minh", "Nam", "Nga",
    "Ngọc", "Phong", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thắng", "Thanh", "Thảo", "Thủy",
    "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến", "Hiền", "Lộc", "Nhung",
];
const DISTRICTS: &[&str] = &[
    "Cầu Giấy",
    "Ba Đình",
    "Đống Đa",
    "Tây Hồ",
    "Hoàn Kiếm",
    "Hai Bà Trưng",
    "Hoàng Mai",
    "Long Biên",
    "Hà Đông",
    "Nam Từ Liêm",
    "Bắc Từ Liêm",
];
const WARDS: &[&str] = &[
    "Dịch Vọng",
    "Dịch Vọng Hậu",
    "Mai Dịch",
    "Nghĩa Đô",
    "Nghĩa Tân",
    "Quan Hoa",
    "Trung Hòa",
    "Yên Hòa",
    "Kim Mã",
    "Ngọc Hà",
    "Liễu Giai",
    "Láng Hạ",
    "Ô Chợ Dừa",
    "Văn Miếu",
    "Bưởi",
    "Thụy Khuê",
    "Nhật Tân",
    "Hàng Bạc",
    "Tràng Tiền",
    "Bạch Mai",
    "Minh Khai",
    "Định Công",
    "Bồ Đề",
    "Ngọc Thụy",
    "Mỹ Đình 1",
    "Mỹ Đình 2",
    "Phú Đô",
    "Cổ Nhuế 1",
    "Đông Ngạc",
];
const UNIT_BODIES: &[&str] = &[
    "HĐND quận",
    "Hội đồng nhân dân quận",
    "UBND quận",
    "Ủy ban nhân dân quận",
    "Ủy ban MTTQ Việt Nam quận",
    "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
    "Quận ủy",
    "Ban Thường vụ Quận ủy",
    "Thường trực HĐND quận",
    "Ban Pháp chế HĐND quận",
    "Ban Kinh tế - Xã hội HĐND quận",
    "Hội Liên hiệp Phụ nữ quận",
    "Quận đoàn",
    "Hội Cựu chiến binh quận",
    "Liên đoàn Lao động quận",
    "Công an quận",
    "Phòng Tài nguyên và Môi trường quận",
    "Phòng Giáo dục và Đào tạo quận",
    "Phòng Văn hóa và Thông tin quận",
    "Phòng Quản lý đô thị quận",
    "Trung tâm Y tế quận",
    "Ban Chỉ huy Quân sự quận",
    "Chi cục Thuế quận",
    "Thường trực HĐND - UBND - Ủy ban MTTQ Việt Nam quận",
];
const WARD_BODIES: &[&str] = &[
    "UBND phường",
    "HĐND phường",
    "Ủy ban MTTQ phường",
    "Đảng ủy phường",
    "Hội Phụ nữ phường",
    "Đoàn Thanh niên phường",
    "Công an phường",
];
const POSTS: &[&str] = &[
    "Bí thư Quận ủy",
    "TUV – Bí thư Quận ủy",
    "Phó Bí thư Thường trực Quận ủy",
    "PBT Quận ủy – Chủ tịch UBND quận",
    "Chủ tịch HĐND quận",
    "Phó Chủ tịch HĐND quận",
    "Chủ tịch UBND quận",
    "Phó Chủ tịch UBND quận",
    "Chủ tịch Ủy ban MTTQ Việt Nam quận",
    "UVTV Quận ủy – Chủ tịch Ủy ban MTTQ Việt Nam quận",
    "Trưởng ban Pháp chế HĐND quận",
    "Trưởng ban Kinh tế - Xã hội HĐND quận",
    "Ủy viên Ban Thường vụ Quận ủy",
    "Bí thư Đảng ủy phường",
    "Chủ tịch UBND phường",
    "Chủ tịch HĐND phường",
    "Trưởng Công an quận",
    "Chánh Văn phòng HĐND và UBND quận",
];
const EVENTS: &[&str] = &[
    "hội nghị tổng kết",
    "hội nghị sơ kết 6 tháng đầu năm",
    "hội nghị triển khai nhiệm vụ",
    "hội nghị giao ban",
    "buổi làm việc",
    "lễ ký kết chương trình phối hợp",
    "hội nghị tiếp xúc cử tri",
    "phiên giải trình",
    "hội nghị đối thoại",
    "lễ phát động",
    "hội nghị tập huấn",
    "đợt giám sát chuyên đề",
    "hội nghị lấy ý kiến",
];
const TOPICS: &[&str] = &[
    "công tác cải cách hành chính",
    "chuyển đổi số",
    "xây dựng chính quyền điện tử",
    "phòng, chống dịch COVID-19",
    "bảo đảm trật tự, an toàn giao thông",
    "trật tự xây dựng",
    "vệ sinh môi trường",
    "an toàn thực phẩm",
    "phòng cháy, chữa cháy",
    "giải phóng mặt bằng",
    "thu ngân sách nhà nước",
    "chăm lo đời sống người có công",
    "giảm nghèo bền vững",
    "phát triển kinh tế - xã hội",
    "quốc phòng - an ninh",
    "công tác dân vận",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "phòng, chống tham nhũng, lãng phí",
    "cuộc vận động Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
    "phong trào thi đua yêu nước",
    "bầu cử đại biểu Quốc hội và HĐND các cấp",
    "chỉnh trang đô thị",
    "quản lý đất đai",
    "y tế cơ sở",
    "giáo dục và đào tạo",
    "xây dựng Đảng và hệ thống chính trị",
    "thực hiện quy chế dân chủ ở cơ sở",
    "công tác giám sát, phản biện xã hội",
    "hỗ trợ doanh nghiệp nhỏ và vừa",
    "thu gom, xử lý rác thải",
    "cấp nước sạch cho nhân dân",
    "chống ngập úng mùa mưa",
    "chương trình phối hợp công tác",
    "chăm sóc sức khỏe nhân dân",
    "xây dựng văn minh đô thị",
    "quản lý hoạt động kinh doanh trên vỉa hè",
];
const ACTIONS: &[&str] = &[
    "tiếp tục đẩy mạnh",
    "tập trung chỉ đạo",
    "tăng cường kiểm tra, giám sát",
    "nâng cao hiệu quả",
    "đổi mới phương thức",
    "quan tâm thực hiện",
    "rà soát, đánh giá",
    "triển khai đồng bộ",
    "phối hợp chặt chẽ trong",
    "chủ động tham mưu về",
];
const VENUES: &[&str] = &[
    "Hội trường Quận ủy",
    "trụ sở UBND quận",
    "Trung tâm Văn hóa - Thông tin và Thể thao quận",
    "hội trường UBND phường",
    "Nhà văn hóa phường",
];
const DOCS: &[&str] = &[
    "báo cáo kết quả thực hiện nhiệm vụ năm",
    "dự thảo nghị quyết về dự toán ngân sách",
    "kế hoạch phối hợp công tác",
    "đề án sắp xếp đơn vị hành chính",
    "quy chế phối hợp",
    "báo cáo giám sát chuyên đề",
];
const FIELDS: &[&str] = &[
    "kinh tế - xã hội",
    "văn hóa - xã hội",
    "quốc phòng - an ninh",
    "xây dựng Đảng",
    "thu chi ngân sách",
];

/// One in five documents writes the old tone placement.
const OLD_STYLE: &[(&str, &str)] = &[
    ("Ủy", "Uỷ"),
    ("ủy", "uỷ"),
    ("hòa", "hoà"),
    ("Hòa", "Hoà"),
    ("hóa", "hoá"),
    ("Thủy", "Thuỷ"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("Thụy", "Thuỵ"),
];

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

fn name(rng: &mut StdRng) -> String {
    format!(
        "{} {} {}",
        pick(rng, FAMILY),
        pick(rng, MIDDLE),
        pick(rng, GIVEN)
    )
}

fn body_name(rng: &mut StdRng) -> String {
    if rng.gen_bool(0.7) {
        pick(rng, UNIT_BODIES).to_string()
    } else {
        format!("{} {}", pick(rng, WARD_BODIES), pick(rng, WARDS))
    }
}

fn date(rng: &mut StdRng, year: i32) -> String {
    format!(
        "{:02}/{:02}/{year}",
        rng.gen_range(1..=28),
        rng.gen_range(1..=12)
    )
}

fn sentence(rng: &mut StdRng, year: i32, district: &str) -> String {
    let n = rng.gen_range(0..14);
    let body = body_name(rng);
    let topic = pick(rng, TOPICS);
    match n {
        0 => format!(
            "{} ngày {}, tại {}, {} tổ chức {} về {}.",
            pick(rng, &["Sáng", "Chiều"]),
            date(rng, year),
            pick(rng, VENUES),
            body,
            pick(rng, EVENTS),
            topic
        ),
        1 => format!(
            "Dự {} có đồng chí {} – {}; đồng chí {} – {}.",
            pick(rng, &["hội nghị", "buổi làm việc", "lễ ký kết"]),
            name(rng),
            pick(rng, POSTS),
            name(rng),
            pick(rng, POSTS)
        ),
        2 => format!(
            "Phát biểu tại hội nghị, đồng chí {} đánh giá cao kết quả {} của {} quận {} năm {}.",
            name(rng),
            topic,
            body,
            district,
            year - 1
        ),
        3 => {
            let b = rng.gen_range(10..25);
            format!(
                "Năm {}, {} đã hoàn thành và hoàn thành vượt mức {}/{} chỉ tiêu {}.",
                year - 1,
                body,
                rng.gen_range(b / 2..=b),
                b,
                pick(rng, FIELDS)
            )
        }
        4 => format!(
            "Tổng thu ngân sách nhà nước trên địa bàn đạt {},{} tỷ đồng, bằng {},{}% dự toán.",
            rng.gen_range(200..9000),
            rng.gen_range(0..10),
            rng.gen_range(90..160),
            rng.gen_range(0..10)
        ),
        5 => format!(
            "{} đề nghị {} {} {}, {} {}.",
            body,
            body_name(rng),
            pick(rng, ACTIONS),
            topic,
            pick(rng, ACTIONS),
            pick(rng, TOPICS)
        ),
        6 => format!(
            "Qua giám sát, Đoàn giám sát của {} đã kiến nghị {} nội dung liên quan đến {}.",
            body,
            rng.gen_range(3..15),
            topic
        ),
        7 => format!(
            "Các ý kiến tại hội nghị tập trung vào {}, {} và {}.",
            topic,
            pick(rng, TOPICS),
            pick(rng, TOPICS)
        ),
        8 => format!(
            "Theo kế hoạch, việc {} sẽ được triển khai từ ngày {} đến ngày {}.",
            topic,
            date(rng, year),
            date(rng, year)
        ),
        9 => {
            let received = rng.gen_range(20..400);
            format!(
                "Trong quý {}, {} đã tiếp nhận {} đơn thư, giải quyết {} đơn, đạt {}%.",
                pick(rng, &["I", "II", "III", "IV"]),
                body,
                received,
                received * rng.gen_range(70..100) / 100,
                rng.gen_range(70..100)
            )
        }
        10 => format!(
            "Hội nghị đã thống nhất {} nội dung phối hợp trọng tâm năm {}, trong đó có {}.",
            rng.gen_range(5..20),
            year,
            topic
        ),
        11 => format!(
            "Các đại biểu đã thảo luận, đóng góp ý kiến vào {} {}.",
            pick(rng, DOCS),
            year
        ),
        12 => format!(
            "Đồng chí {} – {} yêu cầu các cơ quan, đơn vị {} {}, bảo đảm hoàn thành đúng tiến độ.",
            name(rng),
            pick(rng, POSTS),
            pick(rng, ACTIONS),
            topic
        ),
        _ => format!(
            "Cử tri phường {} kiến nghị {} quan tâm giải quyết tình trạng {} tại tổ dân phố số {}.",
            pick(rng, WARDS),
            body,
            pick(
                rng,
                &[
                    "ùn tắc giao thông",
                    "ngập úng",
                    "lấn chiếm vỉa hè",
                    "ô nhiễm tiếng ồn",
                    "xuống cấp đường ngõ"
                ]
            ),
            rng.gen_range(1..40)
        ),
    }
}

fn title(rng: &mut StdRng, year: i32, district: &str) -> String {
    let body = body_name(rng);
    let topic = pick(rng, TOPICS);
    match rng.gen_range(0..8) {
        0 => format!("{body} tổ chức {} về {topic}", pick(rng, EVENTS)),
        1 => format!("{body} quận {district} {} {topic} năm {year}", pick(rng, ACTIONS)),
        2 => format!(
            "Kỳ họp thứ {} HĐND quận {district} nhiệm kỳ 2021 - 2026",
            rng.gen_range(2..20)
        ),
        3 => format!("Quận {district} triển khai {topic}"),
        4 => format!("Đoàn giám sát của {body} làm việc về {topic}"),
        5 => format!(
            "Tiếp xúc cử tri trước kỳ họp thứ {} HĐND quận {district}",
            rng.gen_range(2..20)
        ),
        6 => format!("HĐND - UBND - Ủy ban MTTQ Việt Nam quận {district} ký kết chương trình phối hợp công tác năm {year}"),
        _ => format!("Kết quả {topic} {} tháng đầu năm {year}", pick(rng, &["3", "6", "9"])),
    }
}

/// Planted and decoy sentences by document id.
pub struct Plan {
    by_id: std::collections::HashMap<i64, &'static str>,
}

impl Plan {
    pub fn new(n: usize, cases: &[Case]) -> Self {
        let mut by_id = std::collections::HashMap::new();
        for (c, case) in cases.iter().enumerate() {
            for (k, id) in planted_ids(n, c).into_iter().enumerate() {
                if let Some(s) = case.planted.get(k % case.planted.len().max(1)) {
                    let old = by_id.insert(id, *s);
                    assert!(old.is_none(), "two planted sentences in document {id}");
                }
            }
            for (k, id) in decoy_ids(n, c).into_iter().enumerate() {
                if let Some(s) = case.decoys.get(k % case.decoys.len().max(1)) {
                    let old = by_id.insert(id, *s);
                    assert!(old.is_none(), "two planted sentences in document {id}");
                }
            }
        }
        Plan { by_id }
    }
}

/// Document `id` (1-based) of the corpus.
pub fn doc(id: i64, plan: &Plan) -> Doc {
    let mut rng =
        StdRng::seed_from_u64(0x5048_4f49 ^ (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let year = rng.gen_range(2015..=2025);
    let district = pick(&mut rng, DISTRICTS);
    let title = title(&mut rng, year, district);
    let paragraphs = rng.gen_range(3..=7);
    let mut body = String::with_capacity(3000);
    let planted_at = plan
        .by_id
        .get(&id)
        .map(|_| (rng.gen_range(0..paragraphs), rng.gen_range(0..3)));
    for p in 0..paragraphs {
        let sentences = rng.gen_range(2..=4);
        for s in 0..sentences {
            if planted_at.is_some_and(|(pp, ss)| pp == p && ss % sentences == s) {
                if let Some(text) = plan.by_id.get(&id) {
                    body.push_str(text);
                    body.push(' ');
                }
            }
            body.push_str(&sentence(&mut rng, year, district));
            body.push(' ');
        }
        body.pop();
        body.push('\n');
    }
    let mut title = title;
    if rng.gen_ratio(1, 5) {
        for (new, old) in OLD_STYLE {
            title = title.replace(new, old);
            body = body.replace(new, old);
        }
    }
    // The old style reaches planted sentences too: they must be found either way.
    let published_at = 1_420_070_400 // 2015-01-01
        + i64::from(year - 2015) * 31_536_000
        + rng.gen_range(0..31_536_000);
    Doc {
        id,
        title,
        body,
        year,
        published_at,
    }
}
