//! The composition of a province's summary report of a year (báo cáo tổng hợp): its indicators
//! across the units below, each unit's line, and the units to urge, in the Decree 30 layout.

use super::{closing, header_cells, place_date, report_opening, Sections, TABLE_PT};
use crate::layout::{Align, Block, Cell, Doc, Table};
use crate::model::RollUpDocument;

fn cell(text: &str, align: Align) -> Cell {
    Cell::text(text, TABLE_PT, align, false)
}

fn count(n: usize) -> Cell {
    cell(&n.to_string(), Align::Center)
}

impl RollUpDocument {
    pub(crate) fn compose(&self) -> Doc {
        let mut blocks = report_opening(
            &self.issuers,
            &self.number_symbol,
            &place_date(&self.place, self.date),
            &self.title,
            &self.introduction,
        );
        let mut sections = Sections::new();
        sections.heading("Kết quả thực hiện các chỉ tiêu");
        if self.indicators.is_empty() {
            sections.paras(&["Chưa có chỉ tiêu nào của đơn vị cấp dưới gắn với danh mục.".into()]);
        } else {
            let mut rows = vec![header_cells(&[
                "TT",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Vượt",
                "Đạt",
                "Không đạt",
                "Chưa báo cáo",
                "Kế hoạch chung",
                "Thực hiện chung",
            ])];
            for (i, l) in self.indicators.iter().enumerate() {
                rows.push(vec![
                    count(i + 1),
                    cell(&l.name, Align::Left),
                    cell(&l.measure, Align::Center),
                    count(l.exceeded),
                    count(l.met),
                    count(l.missed),
                    count(l.not_reported),
                    cell(&l.plan, Align::Right),
                    cell(&l.actual, Align::Right),
                ]);
            }
            sections.blocks.push(Block::Table(Table {
                widths: vec![0.07, 0.25, 0.09, 0.08, 0.07, 0.1, 0.1, 0.12, 0.12],
                header_rows: 1,
                rows,
            }));
        }
        sections.heading("Tình hình thực hiện của từng đơn vị");
        let mut rows = vec![header_cells(&[
            "TT",
            "Đơn vị",
            "Chương trình",
            "Chỉ tiêu đạt",
            "Nội dung hoàn thành",
            "Đang thực hiện",
            "Chậm",
            "Kiến nghị quá hạn",
        ])];
        for (i, u) in self.units.iter().enumerate() {
            rows.push(vec![
                count(i + 1),
                cell(&u.name, Align::Left),
                cell(&u.programme, Align::Center),
                cell(&u.targets, Align::Center),
                count(u.items_done),
                count(u.items_in_progress),
                count(u.items_late),
                count(u.overdue_recommendations),
            ]);
        }
        sections.blocks.push(Block::Table(Table {
            widths: vec![0.07, 0.22, 0.13, 0.1, 0.12, 0.13, 0.09, 0.14],
            header_rows: 1,
            rows,
        }));
        sections.heading("Các đơn vị cần đôn đốc");
        if self.follow_up.is_empty() {
            sections.paras(&["Không có đơn vị nào chậm hoặc chưa báo cáo.".into()]);
        } else {
            sections.paras(&self.follow_up);
        }
        blocks.extend(sections.blocks);
        blocks.extend(closing(&self.signers, &self.recipients));
        Doc {
            title: format!("Báo cáo {}", self.title),
            blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::samples;

    #[test]
    fn a_summary_names_each_indicator_with_its_counts_and_each_unit_with_its_line() {
        let text = samples::rollup().compose().plain_text();
        assert!(text.contains("BÁO CÁO"), "{text}");
        assert!(text.contains("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"), "{text}");
        assert!(
            text.contains("BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế"),
            "{text}"
        );
        assert!(text.contains("Phường Nghĩa Đô"), "{text}");
        assert!(text.contains("III. CÁC ĐƠN VỊ CẦN ĐÔN ĐỐC"), "{text}");
        assert!(text.contains("chưa báo cáo: Phường Nghĩa Đô"), "{text}");
        assert!(text.contains("TM. ỦY BAN NHÂN DÂN"), "{text}");
    }

    #[test]
    fn a_summary_renders_as_pdf_and_word() {
        let doc = samples::rollup();
        assert!(doc.to_pdf().unwrap().starts_with(b"%PDF"));
        assert!(doc.to_docx().unwrap().starts_with(b"PK"));
    }
}
