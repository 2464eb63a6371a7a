//! Composition of the four official documents into the page model, in the presentation of Decree
//! 30/2020/NĐ-CP: masthead (issuing bodies, national name and motto, number, place and date),
//! document type and summary, body, signature blocks and "Nơi nhận".

use chrono::{Datelike, NaiveDate, Timelike};
use domain::target::{percent, TargetSummary};
use rust_decimal::Decimal;

use crate::font::{font, Style};
use crate::layout::{page, Align, Block, Cell, Column, Doc, Para, Run, Table};
use crate::model::{
    FollowUpDocument, Issuer, MinutesDocument, ProgrammeDocument, ReviewDocument, SignatureInfo,
    Signer,
};
use crate::RenderError;

mod rollup;

const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
const TABLE_PT: f32 = 12.0;

fn width(text: &str, style: Style, size: f32) -> f32 {
    font(style).width(&vi::nfc(text), size)
}

fn upper(s: &str) -> String {
    vi::nfc(s).to_uppercase()
}

/// "Hà Nội, ngày 21 tháng 01 năm 2021".
fn place_date(place: &str, date: NaiveDate) -> String {
    vi::decree30_place_date(place, date.year(), date.month(), date.day())
}

/// The column split of the masthead: the right column holds the national name and the date line.
fn right_fraction(place_date: &str) -> f32 {
    let need =
        width(NATIONAL_NAME, Style::Bold, 13.0).max(width(place_date, Style::Italic, 14.0)) + 8.0;
    (need / page::text_width()).clamp(0.5, 0.7)
}

fn issuer_block(issuer: &Issuer, size: f32, column_width: f32) -> Vec<Para> {
    let mut paras = Vec::new();
    if let Some(up) = &issuer.upper {
        paras.push(Para::centered(vec![Run::plain(upper(up))]).size(size));
    }
    let name = upper(&issuer.name);
    let lines = name_lines(&name, size, column_width);
    // The rule under the body's name is a third to a half of the name's line.
    let widest = lines
        .iter()
        .map(|l| width(l, Style::Bold, size))
        .fold(0.0, f32::max);
    let rule = (widest.min(column_width) * 0.4).max(30.0);
    for line in lines {
        paras.push(Para::centered(vec![Run::bold(line)]).size(size));
    }
    paras.push(Para::rule(rule));
    paras
}

/// The words that name an administrative unit's kind: a body's name too long for its column is
/// broken before its unit, as clerks write it ("ỦY BAN MTTQ VIỆT NAM" / "PHƯỜNG CẦU GIẤY").
const UNIT_KINDS: [&str; 9] = [
    "TỈNH",
    "THÀNH PHỐ",
    "QUẬN",
    "HUYỆN",
    "THỊ XÃ",
    "PHƯỜNG",
    "XÃ",
    "THỊ TRẤN",
    "ĐẶC KHU",
];

/// The width a body's name needs: on one line, or broken before its unit's kind when that is
/// narrower.
fn two_line_width(name: &str, size: f32) -> f32 {
    let whole = width(name, Style::Bold, size);
    let words: Vec<&str> = name.split(' ').collect();
    (1..words.len())
        .filter(|&k| {
            let rest = words[k..].join(" ");
            UNIT_KINDS
                .iter()
                .any(|kind| rest.starts_with(&format!("{kind} ")))
        })
        .map(|k| {
            width(&words[..k].join(" "), Style::Bold, size).max(width(
                &words[k..].join(" "),
                Style::Bold,
                size,
            ))
        })
        .fold(whole, f32::min)
}

/// A body's name in the lines its column holds: one when it fits; else broken before the unit's
/// kind when both parts fit, else where the lines come out most even.
fn name_lines(name: &str, size: f32, column_width: f32) -> Vec<String> {
    let fits = |s: &str| width(s, Style::Bold, size) <= column_width;
    if fits(name) {
        return vec![name.to_string()];
    }
    let words: Vec<&str> = name.split(' ').collect();
    let split_at = |k: usize| (words[..k].join(" "), words[k..].join(" "));
    let before_kind = (1..words.len()).find(|&k| {
        let (first, rest) = split_at(k);
        UNIT_KINDS
            .iter()
            .any(|kind| rest.starts_with(&format!("{kind} ")))
            && fits(&first)
            && fits(&rest)
    });
    let k = before_kind.unwrap_or_else(|| {
        (1..words.len())
            .min_by(|&a, &b| {
                let spread = |k: usize| {
                    let (first, rest) = split_at(k);
                    (width(&first, Style::Bold, size) - width(&rest, Style::Bold, size)).abs()
                };
                spread(a).total_cmp(&spread(b))
            })
            .unwrap_or(1)
    });
    let (first, rest) = split_at(k);
    vec![first, rest]
}

fn national_block(center_width: f32) -> Vec<Para> {
    let motto_width = width(MOTTO, Style::Bold, 14.0).min(center_width);
    vec![
        Para::centered(vec![Run::bold(NATIONAL_NAME)]).size(13.0),
        Para::centered(vec![Run::bold(MOTTO)]),
        // Room under the rule, so the number and date below never touch it.
        Para::rule(motto_width).after(6.0),
    ]
}

/// The space between two issuing bodies' columns, as a fraction of the text width: each name
/// wraps within its own column, as the DOCX's table cells do, and never runs into the next.
const ISSUER_GUTTER: f32 = 0.04;

/// One borderless row.
fn row(cols: Vec<(f32, Vec<Para>)>) -> Vec<Column> {
    cols.into_iter()
        .map(|(width, paras)| Column { width, paras })
        .collect()
}

/// Masthead: issuing bodies, national name and motto, number and symbol, place and date.
fn masthead(issuers: &[Issuer], number_symbol: Option<&str>, place_date: &str) -> Vec<Block> {
    let right = right_fraction(place_date);
    let left = 1.0 - right;
    let number = number_symbol
        .map(|n| vec![Para::centered(vec![Run::plain(format!("Số: {}", vi::nfc(n)))]).size(13.0)])
        .unwrap_or_default();
    let date_line = vec![Para::centered(vec![Run::italic(place_date)])];
    let mut blocks = Vec::new();
    if issuers.len() <= 1 {
        let left_paras = issuers
            .first()
            .map(|i| issuer_block(i, 13.0, left * page::text_width()))
            .unwrap_or_default();
        // The number sits under the body's name and the date under the motto, on one line.
        blocks.push(Block::Grid(vec![
            row(vec![
                (left, left_paras),
                (right, national_block(right * page::text_width())),
            ]),
            row(vec![(left, number), (right, date_line)]),
        ]));
        return blocks;
    }
    // Joint documents name every issuing body side by side, each in its own column with a gutter
    // between them, then the national name below.
    let n = issuers.len() as f32;
    let size = if issuers.len() > 2 { 12.0 } else { 13.0 };
    // Each column as wide as its name needs on at most two lines (broken before its unit), the
    // room left shared evenly: a long name ("ỦY BAN MTTQ VIỆT NAM") is not squeezed into the same
    // width as a short one.
    let available = (1.0 - ISSUER_GUTTER * (n - 1.0)) * page::text_width();
    let even = available / n;
    let needs: Vec<f32> = issuers
        .iter()
        .map(|i| {
            let name = upper(&i.name);
            let whole = width(&name, Style::Bold, size);
            if whole + 4.0 <= even {
                whole + 4.0
            } else {
                two_line_width(&name, size) + 4.0
            }
        })
        .collect();
    let total: f32 = needs.iter().sum();
    let widths: Vec<f32> = if total <= available {
        let slack = (available - total) / n;
        needs.iter().map(|w| w + slack).collect()
    } else {
        needs.iter().map(|w| w * available / total).collect()
    };
    let mut columns = Vec::with_capacity(issuers.len() * 2);
    for (k, (i, w)) in issuers.iter().zip(widths).enumerate() {
        if k > 0 {
            columns.push(Column {
                width: ISSUER_GUTTER,
                paras: Vec::new(),
            });
        }
        columns.push(Column {
            width: w / page::text_width(),
            paras: issuer_block(i, size, w),
        });
    }
    blocks.push(Block::Grid(vec![columns]));
    let mut national = national_block(page::text_width());
    national[0].space_before = 6.0;
    blocks.extend(national.into_iter().map(Block::Para));
    // Below a joint masthead the number gets the room the date does not need.
    let date = ((width(place_date, Style::Italic, 14.0) + 12.0) / page::text_width()).min(0.6);
    blocks.push(Block::Grid(vec![row(vec![
        (1.0 - date, number),
        (date, date_line),
    ])]));
    blocks
}

/// The opening of a report: masthead, "BÁO CÁO" and its summary, then its introduction.
fn report_opening(
    issuers: &[Issuer],
    number_symbol: &str,
    place_date: &str,
    title: &str,
    introduction: &[String],
) -> Vec<Block> {
    let mut blocks = masthead(issuers, Some(number_symbol), place_date);
    blocks.extend(title_block("BÁO CÁO", title));
    blocks.extend(
        introduction
            .iter()
            .map(|p| Block::Para(Para::body(p.as_str()))),
    );
    blocks
}

/// Document type and summary: "CHƯƠNG TRÌNH / Phối hợp công tác năm 2021", with a rule below.
fn title_block(kind: &str, summary: &str) -> Vec<Block> {
    let summary_width = width(summary, Style::Bold, 14.0).min(page::text_width());
    vec![
        Block::Para(Para::centered(vec![Run::bold(kind)]).before(18.0)),
        Block::Para(Para::centered(vec![Run::bold(summary)])),
        Block::Para(Para::rule((summary_width * 0.4).clamp(60.0, 160.0)).after(12.0)),
    ]
}

/// The capacity and post lines of a signature block, with room below for the hand signature.
fn signer_head(s: &Signer, size: f32) -> Vec<Para> {
    let mut paras = Vec::new();
    if !s.body_label.trim().is_empty() {
        paras.push(Para::centered(vec![Run::bold(upper(&s.body_label))]).size(size));
    }
    paras.push(Para::centered(vec![Run::bold(upper(&s.role))]).size(size));
    // Room for the hand signature and the seal.
    paras.push(Para::new(Vec::new()).after(54.0));
    paras
}

fn signer_name(s: &Signer) -> Para {
    Para::centered(vec![Run::bold(s.name.as_str())])
}

fn recipient_paras(recipients: &[String]) -> Vec<Para> {
    if recipients.is_empty() {
        return Vec::new();
    }
    let mut paras = vec![Para::new(vec![Run::bold_italic("Nơi nhận:")]).size(12.0)];
    let last = recipients.len() - 1;
    for (i, r) in recipients.iter().enumerate() {
        let end = if i == last { "." } else { ";" };
        let text = r.trim().trim_end_matches(['.', ';']);
        paras.push(Para::new(vec![Run::plain(format!("- {text}{end}"))]).size(11.0));
    }
    paras
}

/// Signature blocks and the recipients: one signer sits right of "Nơi nhận", several sign side by
/// side (names on one line) with "Nơi nhận" below them.
fn closing(signers: &[Signer], recipients: &[String]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let recipients = recipient_paras(recipients);
    match signers {
        [] => {
            if !recipients.is_empty() {
                blocks.push(Block::Grid(vec![row(vec![(1.0, recipients)])]));
            }
        }
        [one] => {
            let mut right = signer_head(one, 14.0);
            right.push(signer_name(one));
            blocks.push(Block::Grid(vec![row(vec![
                (0.45, recipients),
                (0.55, right),
            ])]));
        }
        many => {
            // Two bodies sign side by side; a third signs centred below them, so that every
            // capacity line keeps its 14 pt on one line of an A4 page.
            for pair in many.chunks(2) {
                let grid = match pair {
                    [a, b] => vec![
                        row(vec![
                            (0.5, signer_head(a, 14.0)),
                            (0.5, signer_head(b, 14.0)),
                        ]),
                        row(vec![
                            (0.5, vec![signer_name(a)]),
                            (0.5, vec![signer_name(b)]),
                        ]),
                    ],
                    [a] => vec![row(vec![
                        (0.25, Vec::new()),
                        (0.5, {
                            let mut p = signer_head(a, 14.0);
                            p.push(signer_name(a));
                            p
                        }),
                        (0.25, Vec::new()),
                    ])],
                    _ => Vec::new(),
                };
                let mut grid = grid;
                if let Some(first) = grid.first_mut() {
                    for p in first.iter_mut().filter_map(|c| c.paras.first_mut()) {
                        p.space_before = 12.0;
                    }
                }
                blocks.push(Block::Grid(grid));
            }
            if !recipients.is_empty() {
                let mut recipients = recipients;
                recipients[0].space_before = 12.0;
                blocks.push(Block::Grid(vec![row(vec![
                    (0.6, recipients),
                    (0.4, Vec::new()),
                ])]));
            }
        }
    }
    if let Some(Block::Grid(rows)) = blocks.first_mut() {
        if let Some(first) = rows.first_mut() {
            for p in first.iter_mut().filter_map(|c| c.paras.first_mut()) {
                p.space_before = 12.0;
            }
        }
    }
    blocks
}

fn header_cells(labels: &[&str]) -> Vec<Cell> {
    labels
        .iter()
        .map(|l| Cell::text(l, TABLE_PT, Align::Center, true))
        .collect()
}

fn roman(n: usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("X")
}

/// Numbered sections ("I.", "II.") with their paragraphs, skipping empty ones.
struct Sections {
    count: usize,
    blocks: Vec<Block>,
}

impl Sections {
    fn new() -> Self {
        Self {
            count: 0,
            blocks: Vec::new(),
        }
    }
    fn heading(&mut self, title: &str) {
        self.count += 1;
        self.blocks.push(Block::Para(Para::heading(format!(
            "{}. {}",
            roman(self.count),
            upper(title)
        ))));
    }
    fn paras(&mut self, paras: &[String]) {
        self.blocks
            .extend(paras.iter().map(|p| Block::Para(Para::body(p.as_str()))));
    }
}

fn signature_annex(signatures: &[SignatureInfo]) -> Vec<Block> {
    if signatures.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![header_cells(&[
        "TT",
        "Người ký, cơ quan",
        "Thời điểm ký",
        "Khóa công khai và chữ ký (hex)",
    ])];
    for (i, s) in signatures.iter().enumerate() {
        rows.push(vec![
            Cell::text(&(i + 1).to_string(), TABLE_PT, Align::Center, false),
            Cell::text(
                &format!("{}\n{}", s.signer, s.body),
                TABLE_PT,
                Align::Left,
                false,
            ),
            Cell::text(
                &domain::time::short_datetime(s.signed_at),
                TABLE_PT,
                Align::Center,
                false,
            ),
            Cell::text(
                &format!(
                    "Khóa công khai (Ed25519):\n{}\nChữ ký:\n{}",
                    s.public_key_hex, s.signature_hex
                ),
                11.0,
                Align::Left,
                false,
            ),
        ]);
    }
    vec![
        Block::Para(Para::centered(vec![Run::bold("PHỤ LỤC")]).page_break()),
        Block::Para(Para::centered(vec![Run::bold("THÔNG TIN CHỮ KÝ SỐ")])),
        Block::Para(
            Para::centered(vec![Run::italic(
                "Chữ ký số của các cơ quan trên nội dung Chương trình; kiểm tra bằng khóa công khai của từng cơ quan.",
            )])
            .size(12.0)
            .after(12.0),
        ),
        Block::Table(Table {
            widths: vec![0.07, 0.27, 0.18, 0.48],
            header_rows: 1,
            rows,
        }),
    ]
}

impl ProgrammeDocument {
    pub(crate) fn compose(&self) -> Doc {
        let mut blocks = masthead(
            &self.issuers,
            Some(&self.number_symbol),
            &place_date(&self.place, self.date),
        );
        blocks.extend(title_block("CHƯƠNG TRÌNH", &self.title));
        let mut s = Sections::new();
        if !self.preamble.is_empty() {
            s.heading("Mục đích, yêu cầu");
            s.paras(&self.preamble);
        }
        if !self.items.is_empty() {
            s.heading("Nội dung phối hợp");
            for (i, item) in self.items.iter().enumerate() {
                let mut p = Para::new(vec![
                    Run::bold(format!("{}. ", i + 1)),
                    Run::plain(item.content.as_str()),
                ])
                .body_style();
                p.space_after = 3.0;
                p.keep_next = true;
                s.blocks.push(Block::Para(p));
                let lines = [
                    ("Cơ quan chủ trì: ", &item.lead),
                    ("Cơ quan phối hợp: ", &item.partners),
                    ("Thời gian thực hiện: ", &item.time_frame),
                ];
                let last = lines.iter().filter(|(_, v)| !v.trim().is_empty()).count();
                for (n, (label, value)) in lines
                    .iter()
                    .filter(|(_, v)| !v.trim().is_empty())
                    .enumerate()
                {
                    let mut p = Para::new(vec![
                        Run::italic(format!("- {label}")),
                        Run::plain(format!(
                            "{}{}",
                            value.trim(),
                            if n + 1 == last { "." } else { ";" }
                        )),
                    ])
                    .body_style();
                    p.space_after = if n + 1 == last { 6.0 } else { 0.0 };
                    p.keep_next = n + 1 < last;
                    s.blocks.push(Block::Para(p));
                }
            }
        }
        if !self.implementation.is_empty() {
            s.heading("Tổ chức thực hiện");
            s.paras(&self.implementation);
        }
        blocks.extend(s.blocks);
        blocks.extend(closing(&self.signers, &self.recipients));
        blocks.extend(signature_annex(&self.signatures));
        Doc {
            title: format!("Chương trình {}", self.title),
            blocks,
        }
    }
}

impl ReviewDocument {
    pub(crate) fn compose(&self) -> Doc {
        let mut blocks = masthead(
            &self.issuers,
            Some(&self.number_symbol),
            &place_date(&self.place, self.date),
        );
        blocks.extend(title_block("BÁO CÁO", &self.title));
        let mut s = Sections::new();
        s.heading(&format!(
            "Kết quả thực hiện Chương trình phối hợp năm {}",
            self.year
        ));
        s.blocks
            .push(Block::Para(Para::heading("1. Kết quả chung").before(0.0)));
        s.paras(&self.results);

        s.blocks.push(Block::Para(
            Para::heading("2. Kết quả thực hiện các chỉ tiêu").before(0.0),
        ));
        let summary = TargetSummary::of(&self.targets);
        let mut sentence = format!(
            "Năm {}, {} {}",
            self.year,
            self.unit_name.trim(),
            summary.sentence()
        );
        if summary.missed > 0 {
            sentence.push_str(&format!("; {} chỉ tiêu không đạt kế hoạch", summary.missed));
        }
        sentence.push_str(". Cụ thể như sau:");
        s.blocks.push(Block::Para(Para::body(sentence).keep_next()));
        if !self.targets.is_empty() {
            let mut rows = vec![header_cells(&[
                "TT",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Kế hoạch",
                "Thực hiện",
                "% so với kế hoạch",
                "Đánh giá",
            ])];
            for (i, t) in self.targets.iter().enumerate() {
                let cell = |text: &str, align| Cell::text(text, TABLE_PT, align, false);
                rows.push(vec![
                    cell(&(i + 1).to_string(), Align::Center),
                    cell(&t.name, Align::Left),
                    cell(&t.measure, Align::Center),
                    cell(&t.format_value(t.plan), Align::Right),
                    cell(
                        &t.actual
                            .map_or_else(|| "–".to_string(), |a| t.format_value(a)),
                        Align::Right,
                    ),
                    cell(&vi::percent(t.percent_of_plan()), Align::Right),
                    cell(t.evaluation().label(), Align::Center),
                ]);
            }
            s.blocks.push(Block::Table(Table {
                widths: vec![0.06, 0.34, 0.11, 0.12, 0.12, 0.11, 0.14],
                header_rows: 1,
                rows,
            }));
        }

        s.blocks.push(Block::Para(
            Para::heading("3. Công tác giám sát, giải trình, thanh tra, kiểm tra").before(6.0),
        ));
        let o = &self.oversight;
        let mut text = format!(
            "Năm {}, đã tổ chức {} cuộc giám sát chuyên đề, {} phiên giải trình, {} cuộc thanh tra, {} cuộc kiểm tra",
            self.year, o.thematic_supervisions, o.hearings, o.inspections, o.checks
        );
        if o.recommendations > 0 {
            let share = percent(
                Decimal::from(o.recommendations_resolved),
                Decimal::from(o.recommendations),
            );
            text.push_str(&format!(
                "; qua đó đưa ra {} kiến nghị, đến nay đã giải quyết xong {} kiến nghị (đạt {})",
                o.recommendations,
                o.recommendations_resolved,
                vi::percent(share)
            ));
        }
        text.push('.');
        s.blocks.push(Block::Para(Para::body(text)));
        if !self.shortcomings.is_empty() {
            s.blocks.push(Block::Para(
                Para::heading("4. Tồn tại, hạn chế").before(0.0),
            ));
            s.paras(&self.shortcomings);
        }
        if !self.next_year_tasks.is_empty() {
            s.heading(&format!("Phương hướng, nhiệm vụ năm {}", self.year + 1));
            for (i, task) in self.next_year_tasks.iter().enumerate() {
                s.blocks.push(Block::Para(Para::body(format!(
                    "{}. {}",
                    i + 1,
                    task.trim()
                ))));
            }
        }
        blocks.extend(s.blocks);
        blocks.extend(closing(&self.signers, &self.recipients));
        Doc {
            title: format!("Báo cáo {}", self.title),
            blocks,
        }
    }
}

impl MinutesDocument {
    pub(crate) fn compose(&self) -> Doc {
        let m = &self.meeting;
        let start = m.starts_at.with_timezone(&domain::time::vietnam());
        let day = start.date_naive();
        let mut blocks = masthead(
            &self.issuers,
            self.number_symbol.as_deref(),
            &place_date(&self.place, day),
        );
        blocks.extend(title_block("BIÊN BẢN", &m.title));
        let label = |l: &str, v: String| {
            Block::Para(Para::new(vec![Run::bold(l), Run::plain(v)]).body_style())
        };
        blocks.push(label(
            "Thời gian: ",
            format!(
                "vào hồi {} giờ {:02} phút, {}, {}.",
                start.hour(),
                start.minute(),
                vi::weekday_name(day.year(), day.month(), day.day()),
                vi::decree30_place_date("", day.year(), day.month(), day.day())
            ),
        ));
        blocks.push(label("Địa điểm: ", format!("{}.", m.venue.trim())));
        if !m.attendees.is_empty() {
            blocks.push(Block::Para(
                Para::new(vec![Run::bold("Thành phần tham dự:")])
                    .body_style()
                    .keep_next(),
            ));
            let last = m.attendees.len() - 1;
            for (i, a) in m.attendees.iter().enumerate() {
                let mut p = Para::body(format!(
                    "- {}{}",
                    a.as_written(),
                    if i == last { "." } else { ";" }
                ));
                p.space_after = if i == last { 6.0 } else { 0.0 };
                blocks.push(Block::Para(p));
            }
        }
        blocks.push(label("Chủ trì: ", format!("{}.", self.chair.trim())));
        blocks.push(label("Thư ký: ", format!("{}.", self.secretary.trim())));
        if !self.proceedings.is_empty() {
            blocks.push(Block::Para(Para::heading("NỘI DUNG")));
            blocks.extend(
                self.proceedings
                    .iter()
                    .map(|p| Block::Para(Para::body(p.as_str()))),
            );
        }
        if !self.conclusions.is_empty() {
            blocks.push(Block::Para(Para::heading("KẾT LUẬN")));
            blocks.extend(
                self.conclusions
                    .iter()
                    .map(|p| Block::Para(Para::body(p.as_str()))),
            );
        }
        let end = match m.ends_at {
            Some(end) => {
                let end = end.with_timezone(&domain::time::vietnam());
                if end.date_naive() == day {
                    format!(
                        "Hội nghị kết thúc vào hồi {} giờ {:02} phút cùng ngày.",
                        end.hour(),
                        end.minute()
                    )
                } else {
                    format!(
                        "Hội nghị kết thúc vào hồi {} giờ {:02} phút, {}.",
                        end.hour(),
                        end.minute(),
                        domain::time::short_date(end.date_naive())
                    )
                }
            }
            None => "Biên bản được lập xong vào cuối buổi hội nghị.".to_string(),
        };
        blocks.push(Block::Para(Para::body(end)));
        let sign = |role: &str, name: &str| Signer {
            body_label: String::new(),
            role: role.to_string(),
            name: name.to_string(),
        };
        blocks.extend(closing(
            &[
                sign("THƯ KÝ", &self.secretary_name),
                sign("CHỦ TRÌ", &self.chair_name),
            ],
            &[],
        ));
        Doc {
            title: format!("Biên bản {}", m.title),
            blocks,
        }
    }
}

impl FollowUpDocument {
    pub(crate) fn compose(&self) -> Doc {
        let mut blocks = report_opening(
            &self.issuers,
            &self.number_symbol,
            &place_date(&self.place, self.date),
            &self.title,
            &self.introduction,
        );
        let total = self.recommendations.len();
        let resolved = self.recommendations.iter().filter(|r| r.resolved).count();
        let overdue = self
            .recommendations
            .iter()
            .filter(|r| self.is_overdue(r))
            .count();
        blocks.push(Block::Para(
            Para::body(format!(
                "Tổng số kiến nghị được theo dõi: {total}; đã giải quyết xong: {resolved}; đang giải quyết: {}, trong đó quá hạn: {overdue}. Kết quả cụ thể như sau:",
                total - resolved
            ))
            .keep_next(),
        ));
        let mut rows = vec![header_cells(&[
            "TT",
            "Nội dung kiến nghị",
            "Cơ quan chịu trách nhiệm",
            "Thời hạn",
            "Tình trạng",
            "Kết quả trả lời, khắc phục",
        ])];
        for (i, r) in self.recommendations.iter().enumerate() {
            let cell = |text: &str, align| Cell::text(text, TABLE_PT, align, false);
            let mut status = r.status.trim().to_string();
            if self.is_overdue(r) {
                status.push_str("\n(quá hạn)");
            }
            let responses = if r.responses.is_empty() {
                "Chưa có".to_string()
            } else {
                r.responses
                    .iter()
                    .map(|x| format!("- {}", x.trim()))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            rows.push(vec![
                cell(&(i + 1).to_string(), Align::Center),
                cell(&r.content, Align::Left),
                cell(&r.responsible, Align::Left),
                cell(
                    &r.deadline
                        .map_or_else(|| "–".to_string(), domain::time::short_date),
                    Align::Center,
                ),
                cell(&status, Align::Center),
                cell(&responses, Align::Left),
            ]);
        }
        blocks.push(Block::Table(Table {
            widths: vec![0.055, 0.265, 0.16, 0.145, 0.135, 0.24],
            header_rows: 1,
            rows,
        }));
        blocks.extend(closing(&self.signers, &self.recipients));
        Doc {
            title: format!("Báo cáo {}", self.title),
            blocks,
        }
    }

    fn is_overdue(&self, r: &crate::model::RecommendationLine) -> bool {
        !r.resolved && r.deadline.is_some_and(|d| d < self.date)
    }
}

macro_rules! renderers {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// The document as a Word file (OOXML), in the Decree 30 layout.
            pub fn to_docx(&self) -> Result<Vec<u8>, RenderError> {
                crate::docx::render(&self.compose())
            }

            /// The document as a PDF with the bundled Times-compatible font embedded.
            pub fn to_pdf(&self) -> Result<Vec<u8>, RenderError> {
                crate::pdf::render(&self.compose())
            }
        }
    )*};
}

renderers!(
    ProgrammeDocument,
    ReviewDocument,
    MinutesDocument,
    FollowUpDocument,
    crate::model::RollUpDocument
);

#[cfg(test)]
mod tests {

    #[test]
    fn a_bodys_name_too_long_for_its_column_breaks_before_its_unit() {
        let name = "ỦY BAN MTTQ VIỆT NAM PHƯỜNG CẦU GIẤY";
        let one_line = width(name, Style::Bold, 12.0);
        assert_eq!(name_lines(name, 12.0, one_line + 1.0), vec![name]);
        assert_eq!(
            name_lines(name, 12.0, one_line * 0.7),
            vec!["ỦY BAN MTTQ VIỆT NAM", "PHƯỜNG CẦU GIẤY"]
        );
    }
    use super::*;
    use crate::samples;

    #[test]
    fn the_national_name_fits_on_one_line_of_the_masthead() {
        let pd = place_date("Hà Nội", NaiveDate::from_ymd_opt(2021, 1, 21).unwrap());
        let right = right_fraction(&pd) * page::text_width();
        assert!(width(NATIONAL_NAME, Style::Bold, 13.0) < right);
        assert!(width(&pd, Style::Italic, 14.0) < right);
    }

    #[test]
    fn a_programme_names_all_three_bodies_and_their_chairs() {
        let text = samples::programme().compose().plain_text();
        for needle in [
            "HĐND QUẬN CẦU GIẤY",
            "UBND QUẬN CẦU GIẤY",
            "ỦY BAN MTTQ VIỆT NAM",
            "Số: 01/CTrPH-HĐND-UBND-MTTQ",
            "Hà Nội, ngày 21 tháng 01 năm 2021",
            "TM. THƯỜNG TRỰC HĐND",
            "TM. ỦY BAN NHÂN DÂN",
            "TM. BAN THƯỜNG TRỰC",
            "Nguyễn Văn Chiến",
            "Nơi nhận:",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn three_signers_sign_two_side_by_side_and_one_centred_below() {
        let blocks = closing(
            &Signer::programme_parties("Nguyễn Văn Chiến", "Bùi Tuấn Anh", "Nguyễn Thị Thanh"),
            &[],
        );
        let Block::Grid(first) = &blocks[0] else {
            panic!("a grid")
        };
        assert_eq!(first.len(), 2, "capacities above, names aligned below");
        assert_eq!(first[1][0].paras[0].runs[0].text, "Nguyễn Văn Chiến");
        assert_eq!(first[1][1].paras[0].runs[0].text, "Bùi Tuấn Anh");
        let Block::Grid(second) = &blocks[1] else {
            panic!("a grid")
        };
        assert_eq!(second[0][1].width, 0.5);
        assert!(second[0][1]
            .paras
            .iter()
            .any(|p| p.text() == "Nguyễn Thị Thanh"));
    }

    #[test]
    fn the_recipients_end_with_a_full_stop_and_the_others_with_a_semicolon() {
        let paras = recipient_paras(&["Thường trực Quận ủy".into(), "Lưu: VT".into()]);
        let lines: Vec<_> = paras.iter().map(Para::text).collect();
        assert_eq!(lines, ["Nơi nhận:", "- Thường trực Quận ủy;", "- Lưu: VT."]);
        assert_eq!(paras[0].size, 12.0);
        assert_eq!(paras[1].size, 11.0);
    }

    #[test]
    fn a_review_states_the_summary_sentence_and_the_evaluation_of_each_target() {
        let text = samples::review().compose().plain_text();
        assert!(
            text.contains("Năm 2020, quận Cầu Giấy hoàn thành và hoàn thành vượt mức 3/4 chỉ tiêu; 1 chỉ tiêu không đạt kế hoạch"),
            "{text}"
        );
        assert!(text.contains("104,6%"));
        assert!(text.contains("Vượt"));
        assert!(text.contains("Không đạt"));
        assert!(text.contains("Thứ 1"));
        assert!(text.contains("đạt 80%"));
    }

    #[test]
    fn minutes_give_the_time_in_vietnam_and_both_signatures() {
        let text = samples::minutes().compose().plain_text();
        assert!(
            text.contains("vào hồi 14 giờ 00 phút, Thứ Năm, ngày 21 tháng 01 năm 2021"),
            "{text}"
        );
        assert!(text.contains("kết thúc vào hồi 16 giờ 30 phút cùng ngày"));
        assert!(text.contains("THƯ KÝ"));
        assert!(text.contains("CHỦ TRÌ"));
        assert!(text.contains("Trần Thị Phương Hoa – TUV – Bí thư Quận ủy"));
    }

    #[test]
    fn a_follow_up_counts_overdue_recommendations_as_of_the_report_date() {
        let text = samples::follow_up().compose().plain_text();
        assert!(
            text.contains("Tổng số kiến nghị được theo dõi: 3; đã giải quyết xong: 1; đang giải quyết: 2, trong đó quá hạn: 1"),
            "{text}"
        );
        assert!(text.contains("(quá hạn)"));
    }

    #[test]
    fn signatures_go_to_an_annex_on_a_new_page() {
        let doc = samples::signed_programme().compose();
        let annex = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Para(p) if p.text() == "PHỤ LỤC" => Some(p),
                _ => None,
            })
            .expect("annex heading");
        assert!(annex.page_break);
        assert!(doc.plain_text().contains("Khóa công khai (Ed25519):"));
    }
}
