//! The unit's public data as one open-data archive: a ZIP of CSV and JSON files with a README
//! that describes every field. Only what anyone may take out goes in, whoever downloads it. The
//! files are for programs: plain numbers (1234.5), ISO dates (2021-01-21) and instants with their
//! offset; the spreadsheets people open are the XLSX and CSV exports.

use chrono::NaiveDate;
use docs::export::Cell;
use docs::open_data::FieldType::{self, Date, DateTime, Integer, Number, Text, Url, Year};
use docs::open_data::{License, OpenDataArchive, OpenDataColumn, OpenDataDocument, OpenDataTable};
use domain::access::{Action, Record};

use super::tables;
use crate::meetings::meeting_record;
use crate::{App, Result, Viewer};

fn columns(fields: &[(&str, FieldType, &str)]) -> Vec<OpenDataColumn> {
    fields
        .iter()
        .map(|(name, kind, description)| OpenDataColumn {
            name: name.to_string(),
            kind: *kind,
            description: description.to_string(),
        })
        .collect()
}

fn table(
    file_stem: &str,
    title: &str,
    description: &str,
    fields: &[(&str, FieldType, &str)],
    rows: Vec<Vec<String>>,
) -> OpenDataTable {
    OpenDataTable {
        file_stem: file_stem.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        columns: columns(fields),
        rows,
    }
}

/// A day as ISO 8601 writes it: "2021-01-21".
fn iso(d: NaiveDate) -> String {
    Cell::Date(d).for_machines()
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(iso).unwrap_or_default()
}

/// An instant in Vietnam's time with its offset: "2021-01-23T14:46:00+07:00".
fn instant(at: chrono::DateTime<chrono::Utc>) -> String {
    Cell::DateTime(at).for_machines()
}

impl App {
    /// The unit's public data — units, bodies and their post holders, the programmes anyone may read
    /// with their contents, targets and budget, the public meetings, the published news — as anyone
    /// may take it out, whoever asks: each record is asked of the rule as an export.
    pub async fn open_data(&self, v: &Viewer) -> Result<OpenDataArchive> {
        let v = v.anonymous();
        let store = &self.store;
        let unit = v.unit().clone();
        let today = v.today();
        let exported = |record: Record| v.may(&Action::ReadExport { at: v.at(), record });
        let directory = self.directory().await?;
        // Links in the archive are absolute: its files are read far from the portal.
        let origin = self.unit_origin(&unit).await?;
        let units = store.units().await?;
        let unit_name = |id: Option<i64>| {
            id.and_then(|id| units.iter().find(|u| u.id == id))
                .map(|u| u.full_name())
                .unwrap_or_default()
        };
        let bodies = store.bodies(unit.id).await?;
        let names = tables::body_names(&bodies);
        let body_name = |id: &i64| names.get(id).cloned().unwrap_or_default();
        // A unit that has ended shows who held office on its last day.
        let holders_day = unit.valid_to.filter(|end| *end < today).unwrap_or(today);
        let held = store.bodies_with_holders(unit.id, holders_day).await?;
        let programmes: Vec<_> = store
            .programmes(unit.id)
            .await?
            .into_iter()
            .filter(|p| exported(Record::programme(p)))
            .collect();
        let mut overviews = Vec::new();
        for p in &programmes {
            if let Some(o) = store.programme_overview(unit.id, p.year).await? {
                overviews.push(o);
            }
        }
        let public_programme_ids: Vec<i64> = programmes.iter().map(|p| p.id).collect();
        let year_of = |pid: Option<i64>| {
            pid.and_then(|id| programmes.iter().find(|p| p.id == id))
                .map(|p| p.year.to_string())
                .unwrap_or_default()
        };
        // A meeting of a programme kept from the public is kept with it.
        let meetings: Vec<_> = store
            .meetings(unit.id)
            .await?
            .into_iter()
            .filter(|m| {
                exported(meeting_record(m))
                    && m.programme_id
                        .is_none_or(|id| public_programme_ids.contains(&id))
            })
            .collect();
        let categories = store.categories(unit.id).await?;
        let articles = self.published_articles(&v).await?;

        let mut tables = vec![
        table(
            "don-vi-hanh-chinh",
            "Đơn vị hành chính",
            "Các đơn vị hành chính trong hệ thống, với thời gian hiệu lực và đơn vị kế thừa khi sáp nhập.",
            &[
                ("ma", Text, "Mã đơn vị hành chính của Tổng cục Thống kê"),
                ("ten", Text, "Tên đơn vị, kèm loại: quận Cầu Giấy"),
                ("cap", Text, "Cấp: tỉnh, huyện hoặc xã"),
                ("don_vi_cap_tren", Text, "Đơn vị cấp trên trực tiếp"),
                ("hieu_luc_tu", Date, "Ngày bắt đầu hiệu lực (ISO 8601: 2021-01-21)"),
                ("hieu_luc_den", Date, "Ngày cuối cùng còn hiệu lực; trống khi còn hiệu lực"),
                ("don_vi_ke_thua", Text, "Đơn vị kế thừa sau khi đơn vị kết thúc hoạt động"),
            ],
            units
                .iter()
                .map(|u| {
                    vec![
                        u.code.clone(),
                        u.full_name(),
                        u.level.label().to_string(),
                        unit_name(u.parent_id),
                        iso(u.valid_from),
                        date(u.valid_to),
                        directory
                            .successors(u.id)
                            .iter()
                            .map(|(s, _)| s.full_name())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ]
                })
                .collect(),
        ),
        table(
            "co-quan",
            "Cơ quan",
            "Các cơ quan của đơn vị: cấp ủy, HĐND và các Ban, UBND, Ủy ban MTTQ Việt Nam.",
            &[
                ("ten", Text, "Tên đầy đủ của cơ quan"),
                ("ten_ngan", Text, "Tên ngắn dùng trong văn bản: HĐND quận"),
                ("loai", Text, "Loại cơ quan"),
                ("truc_thuoc", Text, "Cơ quan cấp trên (với các Ban của HĐND)"),
            ],
            bodies
                .iter()
                .map(|b| {
                    vec![
                        b.name.clone(),
                        b.short_name.clone(),
                        b.kind.label().to_string(),
                        b.parent_body_id.map(|p| body_name(&p)).unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        table(
            "nguoi-giu-chuc-vu",
            "Người giữ chức vụ",
            &format!(
                "Người giữ các chức vụ của từng cơ quan vào ngày {}.",
                domain::time::short_date(holders_day)
            ),
            &[
                ("co_quan", Text, "Tên ngắn của cơ quan"),
                ("ho_ten", Text, "Họ và tên"),
                ("chuc_vu", Text, "Chức vụ"),
                ("nhiem_ky", Text, "Nhiệm kỳ"),
                ("tu_ngay", Date, "Ngày bắt đầu giữ chức vụ"),
                ("den_ngay", Date, "Ngày thôi giữ chức vụ; trống khi đang giữ"),
            ],
            held.iter()
                .flat_map(|b| {
                    b.holders.iter().map(|h| {
                        vec![
                            b.body.short_name.clone(),
                            h.full_name.clone(),
                            h.post.clone(),
                            h.term.clone().unwrap_or_default(),
                            iso(h.starts_on),
                            date(h.ends_on),
                        ]
                    })
                })
                .collect(),
        ),
        table(
            "chuong-trinh",
            "Chương trình phối hợp",
            "Chương trình phối hợp công tác hằng năm của HĐND, UBND và Ủy ban MTTQ Việt Nam (không gồm dự thảo).",
            &[
                ("nam", Year, "Năm của chương trình"),
                ("ten", Text, "Tên chương trình"),
                ("trang_thai", Text, "Trạng thái: Đã ký kết, Đang thực hiện, Đã tổng kết"),
                ("cac_ben", Text, "Các cơ quan ký kết, cách nhau bởi dấu chấm phẩy"),
                ("ngay_ky", Date, "Ngày ký kết"),
                ("ngay_tong_ket", Date, "Ngày tổng kết"),
                ("ket_qua_tong_ket", Text, "Kết luận của hội nghị tổng kết"),
            ],
            programmes
                .iter()
                .map(|p| {
                    vec![
                        p.year.to_string(),
                        p.title.clone(),
                        p.status.label().to_string(),
                        p.party_ids.iter().map(body_name).collect::<Vec<_>>().join("; "),
                        date(p.signed_on),
                        date(p.reviewed_on),
                        p.review_summary.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        table(
            "noi-dung-phoi-hop",
            "Nội dung phối hợp",
            "Các nội dung phối hợp của từng chương trình, với cơ quan chủ trì, cơ quan phối hợp, thời gian và tiến độ.",
            &[
                ("nam", Year, "Năm của chương trình"),
                ("stt", Integer, "Số thứ tự trong chương trình"),
                ("noi_dung", Text, "Nội dung phối hợp"),
                ("chu_tri", Text, "Cơ quan chủ trì"),
                ("phoi_hop", Text, "Các cơ quan phối hợp, cách nhau bởi dấu chấm phẩy"),
                ("bat_dau", Date, "Ngày bắt đầu (ISO 8601)"),
                ("ket_thuc", Date, "Ngày kết thúc (ISO 8601)"),
                ("trang_thai", Text, "Trạng thái thực hiện"),
                ("tien_do", Text, "Ghi chú tiến độ, mỗi ghi chú một dòng: ngày/tháng/năm: nội dung"),
            ],
            overviews
                .iter()
                .flat_map(|o| {
                    let year = o.programme.year.to_string();
                    tables::items(o.programme.year.get(), &o.items, &bodies)
                        .rows
                        .into_iter()
                        .map(move |row| {
                            std::iter::once(year.clone())
                                .chain(tables::for_machines(&row))
                                .collect()
                        })
                })
                .collect(),
        ),
        table(
            "chi-tieu",
            "Chỉ tiêu",
            "Chỉ tiêu phát triển kinh tế - xã hội của từng năm: kế hoạch, thực hiện, tỷ lệ so với kế hoạch và đánh giá.",
            &[
                ("nam", Year, "Năm của chương trình"),
                ("stt", Integer, "Số thứ tự"),
                ("ma", Text, "Mã chỉ tiêu, không trùng trong chương trình của năm"),
                ("chi_tieu", Text, "Tên chỉ tiêu"),
                ("don_vi_tinh", Text, "Đơn vị tính"),
                ("chieu", Text, "Chiều đánh giá: Càng cao càng tốt, Càng thấp càng tốt, Đạt / không đạt, Thứ hạng"),
                ("ke_hoach", Number, "Giá trị kế hoạch: một số; với chiều Đạt / không đạt, 1 là có và 0 là không; với thứ hạng, số thứ hạng"),
                ("thuc_hien", Number, "Giá trị thực hiện, viết như kế hoạch; trống khi chưa có số liệu"),
                ("phan_tram_ke_hoach", Number, "Thực hiện so với kế hoạch, tính bằng %: 104.6 là 104,6%"),
                ("danh_gia", Text, "Đánh giá: Vượt, Đạt, Không đạt, Chưa có số liệu"),
                ("ghi_chu", Text, "Ghi chú"),
                ("minh_hoa", Text, "\"có\" khi số liệu là minh họa trong dữ liệu mẫu"),
            ],
            overviews
                .iter()
                .flat_map(|o| {
                    let year = o.programme.year.to_string();
                    o.targets.iter().map(move |t| {
                        std::iter::once(year.clone())
                            .chain(tables::for_machines(&tables::target_row(t)))
                            .chain([if t.illustrative { "có" } else { "" }.to_string()])
                            .collect()
                    })
                })
                .collect(),
        ),
        table(
            "ngan-sach",
            "Ngân sách",
            "Thu, chi ngân sách so với dự toán, triệu đồng.",
            &[
                ("nam", Year, "Năm"),
                ("noi_dung", Text, "Nội dung thu hoặc chi"),
                ("du_toan", Number, "Dự toán, triệu đồng"),
                ("thuc_hien", Number, "Thực hiện, triệu đồng"),
                ("phan_tram_du_toan", Number, "Thực hiện so với dự toán, tính bằng %: 104.6 là 104,6%"),
                ("minh_hoa", Text, "\"có\" khi số liệu là minh họa trong dữ liệu mẫu"),
            ],
            overviews
                .iter()
                .flat_map(|o| {
                    let year = o.programme.year.to_string();
                    o.budget.iter().map(move |b| {
                        std::iter::once(year.clone())
                            .chain(tables::for_machines(&tables::budget_row(b)))
                            .chain([if b.illustrative { "có" } else { "" }.to_string()])
                            .collect()
                    })
                })
                .collect(),
        ),
        table(
            "hoi-nghi",
            "Hội nghị",
            "Các hội nghị, kỳ họp của đơn vị và thành phần tham dự.",
            &[
                ("ten", Text, "Tên hội nghị"),
                ("loai", Text, "Loại hội nghị"),
                ("bat_dau", DateTime, "Thời điểm bắt đầu, giờ Việt Nam (ISO 8601: 2021-01-21T08:00:00+07:00)"),
                ("ket_thuc", DateTime, "Thời điểm kết thúc, giờ Việt Nam (ISO 8601)"),
                ("dia_diem", Text, "Địa điểm"),
                ("chuong_trinh_nam", Year, "Năm của chương trình phối hợp liên quan"),
                ("thanh_phan", Text, "Đại biểu dự, mỗi người hoặc nhóm một dòng"),
                ("bien_ban", Url, "Đường dẫn tải biên bản (PDF)"),
            ],
            meetings
                .iter()
                .map(|m| {
                    vec![
                        m.title.clone(),
                        m.kind.label().to_string(),
                        instant(m.starts_at),
                        m.ends_at.map(instant).unwrap_or_default(),
                        m.venue.clone(),
                        year_of(m.programme_id),
                        m.attendees
                            .iter()
                            .map(|a| a.as_written())
                            .collect::<Vec<_>>()
                            .join("\n"),
                        format!("{origin}/hoi-nghi/{}/bien-ban.pdf", m.id),
                    ]
                })
                .collect(),
        ),
    ];
        let news = tables::news("Tin tức", &articles, &categories);
        tables.push(table(
            "tin-tuc",
            "Tin tức",
            "Các tin đã đăng trên cổng thông tin, mới nhất trước.",
            &[
                ("tieu_de", Text, "Tiêu đề"),
                (
                    "thoi_gian",
                    DateTime,
                    "Thời điểm đăng, giờ Việt Nam (ISO 8601: 2021-01-23T14:46:00+07:00)",
                ),
                (
                    "danh_muc",
                    Text,
                    "Các danh mục, cách nhau bởi dấu chấm phẩy",
                ),
                ("tom_tat", Text, "Tóm tắt"),
                ("tac_gia", Text, "Tác giả hoặc nguồn tin"),
                ("duong_dan", Url, "Đường dẫn của bài trên cổng thông tin"),
            ],
            news.rows
                .iter()
                .map(|r| {
                    let mut row = tables::for_machines(r);
                    // The article's address, absolute: the last column.
                    if let Some(path) = row.last_mut() {
                        *path = format!("{origin}{path}");
                    }
                    row
                })
                .collect(),
        ));
        let popolo = serde_json::to_string_pretty(&self.popolo(&v).await?)
            .map_err(|e| crate::AppError::Internal(e.to_string()))?;
        Ok(OpenDataArchive {
            name: format!("du-lieu-mo-{}", unit.slug),
            title: format!("Dữ liệu mở – {}", unit.full_name()),
            publisher: format!("HĐND – UBND – Ủy ban MTTQ Việt Nam {}", unit.full_name()),
            homepage: origin,
            license: License::CC_BY_4,
            generated_on: today,
            tables,
            documents: vec![OpenDataDocument {
                file_name: "popolo.json".into(),
                title: "Cơ quan, chức vụ và người giữ chức vụ (Popolo)".into(),
                description: "Các cơ quan của đơn vị, các chức vụ, những người đã và đang giữ \
                              chức vụ cùng thời gian giữ, theo chuẩn Popolo (organizations, \
                              posts, persons, memberships)."
                    .into(),
                conforms_to: super::popolo::POPOLO.into(),
                json: popolo,
            }],
        })
    }
}
