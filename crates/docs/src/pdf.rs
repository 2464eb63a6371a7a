//! The PDF writer: lays the page model out on A4 with the Decree 30 margins (line breaking by the
//! glyph widths of the bundled Liberation Serif, justification, tables that repeat their header
//! row, page numbers from page 2), then writes it with `pdf-writer`, embedding subsets of the
//! fonts as CID fonts with a ToUnicode map so that the Vietnamese text can be extracted intact.

use std::collections::BTreeMap;
use std::io::Write as _;

use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::font::{font, line_factor, Style};
use crate::layout::{page, Align, Block, Cell, Column, Doc, Para, Table};
use crate::RenderError;

const PAGE_W: f32 = page::WIDTH_TWIPS as f32 / 20.0;
const PAGE_H: f32 = page::HEIGHT_TWIPS as f32 / 20.0;
const CELL_PAD_X: f32 = 4.25;
const CELL_PAD_Y: f32 = 2.0;
const RULE_WIDTH: f32 = 0.6;

/// Something drawn on a page; coordinates in points from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        style: Style,
        size: f32,
        x: f32,
        baseline: f32,
        text: String,
        /// Extra advance after each space, for justified lines.
        word_extra: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

/// A word or a space in one style, measured.
#[derive(Debug, Clone)]
struct Piece {
    style: Style,
    text: String,
    width: f32,
    space: bool,
}

/// One line of a paragraph: its pieces, natural width, and whether it ends the paragraph or a
/// forced break (such lines are not justified).
#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<Piece>,
    width: f32,
    last: bool,
}

impl Line {
    fn trim_end(&mut self) {
        while self.pieces.last().is_some_and(|p| p.space) {
            if let Some(p) = self.pieces.pop() {
                self.width -= p.width;
            }
        }
    }
}

/// A paragraph broken into lines for a given width.
#[derive(Debug, Clone)]
struct LaidPara<'a> {
    para: &'a Para,
    lines: Vec<Line>,
    width: f32,
}

impl LaidPara<'_> {
    fn line_height(&self) -> f32 {
        self.para.size * line_factor() * self.para.line
    }

    fn body_height(&self) -> f32 {
        if self.para.rule.is_some() {
            return 3.0;
        }
        self.lines.len().max(1) as f32 * self.line_height()
    }

    fn height(&self) -> f32 {
        self.para.space_before + self.body_height() + self.para.space_after
    }
}

/// Splits runs into words and spaces; `\n` becomes an empty piece that forces a break.
fn pieces(p: &Para) -> Vec<Piece> {
    let mut out = Vec::new();
    for run in &p.runs {
        let style = Style::of(run.bold, run.italic);
        let f = font(style);
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut Vec<Piece>| {
            if !word.is_empty() {
                out.push(Piece {
                    style,
                    width: f.width(word, p.size),
                    text: std::mem::take(word),
                    space: false,
                });
            }
        };
        for c in run.text.chars() {
            match c {
                '\n' => {
                    flush(&mut word, &mut out);
                    out.push(Piece {
                        style,
                        text: "\n".into(),
                        width: 0.0,
                        space: true,
                    });
                }
                c if c.is_whitespace() => {
                    flush(&mut word, &mut out);
                    out.push(Piece {
                        style,
                        text: " ".into(),
                        width: f.width(" ", p.size),
                        space: true,
                    });
                }
                c => word.push(c),
            }
        }
        flush(&mut word, &mut out);
    }
    out
}

/// Cuts a word longer than a line into pieces that fit, character by character.
fn split_long(piece: Piece, avail: f32, size: f32) -> Vec<Piece> {
    let f = font(piece.style);
    let mut out = Vec::new();
    let mut current = String::new();
    for c in piece.text.chars() {
        let mut next = current.clone();
        next.push(c);
        if !current.is_empty() && f.width(&next, size) > avail {
            out.push(Piece {
                style: piece.style,
                width: f.width(&current, size),
                text: std::mem::take(&mut current),
                space: false,
            });
            current.push(c);
        } else {
            current = next;
        }
    }
    if !current.is_empty() {
        out.push(Piece {
            style: piece.style,
            width: f.width(&current, size),
            text: current,
            space: false,
        });
    }
    out
}

/// Greedy line breaking at spaces, by measured widths.
fn break_lines(p: &Para, width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    let avail = |lines: &Vec<Line>| {
        let indent = if lines.is_empty() {
            p.first_indent
        } else {
            0.0
        };
        (width - p.left_indent - indent).max(1.0)
    };
    for piece in pieces(p) {
        if piece.text == "\n" {
            line.trim_end();
            line.last = true;
            lines.push(std::mem::take(&mut line));
            continue;
        }
        if piece.space {
            if !line.pieces.is_empty() {
                line.width += piece.width;
                line.pieces.push(piece);
            }
            continue;
        }
        let parts = if piece.width > avail(&lines) {
            split_long(piece, avail(&lines), p.size)
        } else {
            vec![piece]
        };
        for part in parts {
            // The line's width includes the space before this word.
            if line.pieces.iter().any(|p| !p.space)
                && line.width + part.width > avail(&lines) + 0.01
            {
                line.trim_end();
                lines.push(std::mem::take(&mut line));
            }
            line.width += part.width;
            line.pieces.push(part);
        }
    }
    line.trim_end();
    line.last = true;
    lines.push(line);
    lines
}

fn lay(p: &Para, width: f32) -> LaidPara<'_> {
    let lines = if p.rule.is_some() {
        Vec::new()
    } else {
        break_lines(p, width)
    };
    LaidPara {
        para: p,
        lines,
        width,
    }
}

/// Draws a laid-out paragraph with its top at `top` (after its space before); returns the ops.
fn draw_para(lp: &LaidPara, x: f32, top: f32, ops: &mut Vec<Op>) {
    let p = lp.para;
    let y = top + p.space_before;
    if let Some(rule) = p.rule {
        let rule = rule.min(lp.width);
        let x1 = x + (lp.width - rule) / 2.0;
        ops.push(Op::Line {
            x1,
            y1: y + 1.5,
            x2: x1 + rule,
            y2: y + 1.5,
        });
        return;
    }
    let line_h = lp.line_height();
    let ascent = p.size * font(Style::Regular).milli(font(Style::Regular).face.ascender()) / 1000.0;
    for (i, line) in lp.lines.iter().enumerate() {
        let indent = p.left_indent + if i == 0 { p.first_indent } else { 0.0 };
        let avail = lp.width - indent;
        let spaces = line.pieces.iter().filter(|p| p.space).count();
        let (mut cx, extra) = match p.align {
            Align::Left => (x + indent, 0.0),
            Align::Center => (x + indent + (avail - line.width) / 2.0, 0.0),
            Align::Right => (x + indent + avail - line.width, 0.0),
            Align::Justify if !line.last && spaces > 0 && line.width < avail => {
                (x + indent, (avail - line.width) / spaces as f32)
            }
            Align::Justify => (x + indent, 0.0),
        };
        let baseline = y + i as f32 * line_h + ascent + (line_h - p.size * line_factor()) / 2.0;
        let mut group: Option<Op> = None;
        for piece in &line.pieces {
            match &mut group {
                Some(Op::Text { style, text, .. }) if *style == piece.style => {
                    text.push_str(&piece.text);
                }
                _ => {
                    if let Some(g) = group.take() {
                        ops.push(g);
                    }
                    group = Some(Op::Text {
                        style: piece.style,
                        size: p.size,
                        x: cx,
                        baseline,
                        text: piece.text.clone(),
                        word_extra: extra,
                    });
                }
            }
            cx += piece.width + if piece.space { extra } else { 0.0 };
        }
        if let Some(g) = group {
            ops.push(g);
        }
    }
}

/// Pages being filled from top to bottom.
struct Flow {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Flow {
    const TOP: f32 = page::TOP_TWIPS as f32 / 20.0;
    const BOTTOM: f32 = PAGE_H - page::BOTTOM_TWIPS as f32 / 20.0;
    const LEFT: f32 = page::LEFT_TWIPS as f32 / 20.0;

    fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: Self::TOP,
        }
    }

    fn at_top(&self) -> bool {
        self.y <= Self::TOP + 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = Self::TOP;
    }

    /// Starts a new page unless `height` still fits or the page is empty.
    fn ensure(&mut self, height: f32) {
        if self.y + height > Self::BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a flow always has a page")
    }

    fn para(&mut self, p: &Para, keep_with: f32) {
        if p.page_break && !self.at_top() {
            self.new_page();
        }
        let width = page::text_width();
        let lp = lay(p, width);
        let before = if self.at_top() { 0.0 } else { p.space_before };
        if p.keep_next {
            self.ensure(before + lp.body_height() + p.space_after + keep_with);
        }
        if p.rule.is_some() || lp.lines.len() <= 1 {
            self.ensure(before + lp.body_height());
            let y = self.y + before - p.space_before;
            let mut ops = Vec::new();
            draw_para(&lp, Self::LEFT, y, &mut ops);
            self.ops().extend(ops);
            self.y += before + lp.body_height() + p.space_after;
            return;
        }
        // A long paragraph flows over pages line by line.
        self.y += before;
        let line_h = lp.line_height();
        for (i, line) in lp.lines.iter().enumerate() {
            self.ensure(line_h);
            let mut single = Para {
                first_indent: if i == 0 { p.first_indent } else { 0.0 },
                space_before: 0.0,
                space_after: 0.0,
                ..p.clone()
            };
            single.runs.clear();
            let one = LaidPara {
                para: &single,
                lines: vec![line.clone()],
                width,
            };
            let mut ops = Vec::new();
            draw_para(&one, Self::LEFT, self.y, &mut ops);
            self.ops().extend(ops);
            self.y += line_h;
        }
        self.y += p.space_after;
    }

    fn grid(&mut self, rows: &[Vec<Column>]) {
        let total = page::text_width();
        let laid: Vec<Vec<(f32, Vec<LaidPara>)>> = rows
            .iter()
            .map(|cols| {
                cols.iter()
                    .map(|c| {
                        let w = c.width * total;
                        (w, c.paras.iter().map(|p| lay(p, w)).collect())
                    })
                    .collect()
            })
            .collect();
        let row_height = |row: &Vec<(f32, Vec<LaidPara>)>| {
            row.iter()
                .map(|(_, ps)| ps.iter().map(LaidPara::height).sum::<f32>())
                .fold(0.0, f32::max)
        };
        self.ensure(laid.iter().map(row_height).sum());
        let mut ops = Vec::new();
        for row in &laid {
            let mut x = Self::LEFT;
            for (w, ps) in row {
                let mut y = self.y;
                for lp in ps {
                    draw_para(lp, x, y, &mut ops);
                    y += lp.height();
                }
                x += w;
            }
            self.y += row_height(row);
        }
        self.ops().extend(ops);
    }

    fn table(&mut self, t: &Table) {
        let total = page::text_width();
        let sum: f32 = t.widths.iter().sum();
        let widths: Vec<f32> = t.widths.iter().map(|w| w / sum * total).collect();
        let rows: Vec<(f32, Vec<Vec<LaidPara>>)> = t
            .rows
            .iter()
            .map(|row| {
                let cells: Vec<Vec<LaidPara>> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| lay_cell(c, *w - 2.0 * CELL_PAD_X))
                    .collect();
                let h = cells
                    .iter()
                    .map(|ps| ps.iter().map(LaidPara::height).sum::<f32>())
                    .fold(0.0, f32::max)
                    + 2.0 * CELL_PAD_Y;
                (h, cells)
            })
            .collect();
        let header: Vec<usize> = (0..t.header_rows.min(rows.len())).collect();
        let header_h: f32 = header.iter().map(|&i| rows[i].0).sum();
        for (i, (h, cells)) in rows.iter().enumerate() {
            let is_header = i < t.header_rows;
            let need = if is_header {
                header_h + rows.get(t.header_rows).map_or(0.0, |r| r.0)
            } else {
                *h
            };
            if self.y + need > Self::BOTTOM && !self.at_top() {
                self.new_page();
                if !is_header {
                    for &hi in &header {
                        self.row(&widths, rows[hi].0, &rows[hi].1);
                    }
                }
            }
            self.row(&widths, *h, cells);
        }
    }

    fn row(&mut self, widths: &[f32], h: f32, cells: &[Vec<LaidPara>]) {
        let mut ops = Vec::new();
        let mut x = Self::LEFT;
        let top = self.y;
        let bottom = top + h;
        for (w, ps) in widths.iter().zip(cells) {
            let content: f32 = ps.iter().map(LaidPara::height).sum();
            // Cells are centred vertically, as the DOCX cells are.
            let mut y = top + (h - content) / 2.0;
            for lp in ps {
                draw_para(lp, x + CELL_PAD_X, y, &mut ops);
                y += lp.height();
            }
            ops.push(Op::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
            });
            x += w;
        }
        ops.push(Op::Line {
            x1: x,
            y1: top,
            x2: x,
            y2: bottom,
        });
        ops.push(Op::Line {
            x1: Self::LEFT,
            y1: top,
            x2: x,
            y2: top,
        });
        ops.push(Op::Line {
            x1: Self::LEFT,
            y1: bottom,
            x2: x,
            y2: bottom,
        });
        self.ops().extend(ops);
        self.y = bottom;
    }
}

fn lay_cell(c: &Cell, width: f32) -> Vec<LaidPara<'_>> {
    c.paras.iter().map(|p| lay(p, width)).collect()
}

/// The least height the start of a block needs, so a heading is not left alone at a page foot.
fn start_height(b: Option<&Block>) -> f32 {
    match b {
        Some(Block::Para(p)) => p.space_before + p.size * line_factor() * p.line * 2.0,
        Some(Block::Grid(_)) => 60.0,
        Some(Block::Table(_)) => 50.0,
        None => 0.0,
    }
}

/// Lays the document out into pages of drawing operations, page numbers included.
fn paginate(doc: &Doc) -> Vec<Vec<Op>> {
    let mut flow = Flow::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Para(p) => flow.para(p, start_height(doc.blocks.get(i + 1))),
            Block::Grid(rows) => flow.grid(rows),
            Block::Table(t) => flow.table(t),
        }
    }
    let mut pages = flow.pages;
    let f = font(Style::Regular);
    let size = page::PAGE_NUMBER_PT;
    let top = page::HEADER_TWIPS as f32 / 20.0;
    for (i, ops) in pages.iter_mut().enumerate().skip(1) {
        let n = (i + 1).to_string();
        let w = f.width(&n, size);
        ops.push(Op::Text {
            style: Style::Regular,
            size,
            x: Flow::LEFT + (page::text_width() - w) / 2.0,
            baseline: top + size * f.milli(f.face.ascender()) / 1000.0,
            text: n,
            word_extra: 0.0,
        });
    }
    pages
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// The glyphs of one face used by the document, renumbered for its subset.
struct UsedFont {
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows and its advance in thousandths.
    glyphs: BTreeMap<u16, (char, f32)>,
}

impl UsedFont {
    fn new() -> Self {
        Self {
            remapper: GlyphRemapper::new(),
            glyphs: BTreeMap::new(),
        }
    }
}

/// The content stream of one page; records which glyphs each face needs.
fn content(ops: &[Op], used: &mut [Option<UsedFont>; 4]) -> Vec<u8> {
    let mut c = Content::new();
    c.set_line_width(RULE_WIDTH);
    for op in ops {
        match op {
            Op::Line { x1, y1, x2, y2 } => {
                c.move_to(*x1, PAGE_H - y1);
                c.line_to(*x2, PAGE_H - y2);
                c.stroke();
            }
            Op::Text {
                style,
                size,
                x,
                baseline,
                text,
                word_extra,
            } => {
                let f = font(*style);
                let u = used[style.index()].get_or_insert_with(UsedFont::new);
                c.begin_text();
                c.set_font(Name(font_resource(*style)), *size);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, PAGE_H - baseline]);
                let mut tj = c.show_positioned();
                let mut items = tj.items();
                let mut bytes = Vec::new();
                for ch in text.chars() {
                    let gid = f.glyph(ch);
                    let cid = u.remapper.remap(gid);
                    u.glyphs.entry(cid).or_insert((ch, f.advance_milli(gid)));
                    bytes.extend_from_slice(&cid.to_be_bytes());
                    if ch == ' ' && *word_extra != 0.0 {
                        items.show(Str(&bytes));
                        bytes.clear();
                        items.adjust(-word_extra * 1000.0 / size);
                    }
                }
                if !bytes.is_empty() {
                    items.show(Str(&bytes));
                }
                drop(items);
                drop(tj);
                c.end_text();
            }
        }
    }
    c.finish().to_vec()
}

fn font_resource(style: Style) -> &'static [u8] {
    match style {
        Style::Regular => b"F0",
        Style::Bold => b"F1",
        Style::Italic => b"F2",
        Style::BoldItalic => b"F3",
    }
}

/// Writes one embedded face: Type0 font, CID font, descriptor, subset program and ToUnicode.
fn write_font(
    pdf: &mut Pdf,
    style: Style,
    used: &UsedFont,
    next: &mut impl FnMut() -> Ref,
    type0: Ref,
) -> Result<(), RenderError> {
    let f = font(style);
    let (cid_ref, descriptor_ref, file_ref, cmap_ref) = (next(), next(), next(), next());
    // A subset is named with six capitals and '+'; the tag only needs to differ per face.
    let tag = ["PHOIHA", "PHOIHB", "PHOIHC", "PHOIHD"][style.index()];
    let base = format!("{tag}+{}", f.postscript_name);

    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(system_info)
        .font_descriptor(descriptor_ref)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let notdef = f.advance_milli(0);
    cid.default_width(notdef);
    {
        let mut widths = cid.widths();
        for (gid, (_, w)) in &used.glyphs {
            widths.consecutive(*gid, [*w]);
        }
    }
    cid.finish();

    let face = &f.face;
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
    if matches!(style, Style::Italic | Style::BoldItalic) {
        flags |= FontFlags::ITALIC;
    }
    let mut descriptor = pdf.font_descriptor(descriptor_ref);
    descriptor
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            f.milli(bbox.x_min),
            f.milli(bbox.y_min),
            f.milli(bbox.x_max),
            f.milli(bbox.y_max),
        ))
        .italic_angle(face.italic_angle())
        .ascent(f.milli(face.ascender()))
        .descent(f.milli(face.descender()))
        .cap_height(f.milli(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(if matches!(style, Style::Bold | Style::BoldItalic) {
            140.0
        } else {
            80.0
        })
        .font_file2(file_ref);
    descriptor.finish();

    let subset = subsetter::subset(f.data, 0, &used.remapper)
        .map_err(|e| RenderError::Font(e.to_string()))?;
    let packed = deflate(&subset);
    pdf.stream(file_ref, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);

    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Phoihop-UTF16"), system_info);
    for (gid, (ch, _)) in &used.glyphs {
        if *gid != 0 {
            cmap.pair(*gid, *ch);
        }
    }
    let cmap = cmap.finish();
    pdf.stream(cmap_ref, cmap.as_slice());
    Ok(())
}

/// The composed document as PDF bytes.
pub(crate) fn render(doc: &Doc) -> Result<Vec<u8>, RenderError> {
    let pages = paginate(doc);
    let mut used: [Option<UsedFont>; 4] = [None, None, None, None];
    let contents: Vec<Vec<u8>> = pages.iter().map(|ops| content(ops, &mut used)).collect();

    let mut pdf = Pdf::new();
    let mut counter = 0;
    let mut next = || {
        counter += 1;
        Ref::new(counter)
    };
    let catalog = next();
    let tree = next();
    let info = next();
    let font_refs: Vec<(Style, Ref)> = Style::ALL
        .into_iter()
        .filter(|s| used[s.index()].is_some())
        .map(|s| (s, next()))
        .collect();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (next(), next())).collect();

    pdf.catalog(catalog).pages(tree).lang(TextStr("vi-VN"));
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .producer(TextStr("phoihop"))
        .creator(TextStr("phoihop"));
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(page_refs.len() as i32);
    for ((page_ref, content_ref), data) in page_refs.iter().zip(&contents) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_ref);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        for (style, r) in &font_refs {
            fonts.pair(Name(font_resource(*style)), *r);
        }
        fonts.finish();
        resources.finish();
        page.finish();
        let packed = deflate(data);
        pdf.stream(*content_ref, &packed)
            .filter(Filter::FlateDecode);
    }
    for (style, r) in &font_refs {
        if let Some(u) = &used[style.index()] {
            write_font(&mut pdf, *style, u, &mut next, *r)?;
        }
    }
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Run;
    use crate::samples;

    #[test]
    fn lines_break_at_spaces_within_the_width() {
        let p = Para::body("Phối hợp đẩy mạnh tuyên truyền và triển khai thực hiện Nghị quyết Đại hội Đảng bộ các cấp, các chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà nước.");
        let lines = break_lines(&p, 300.0);
        assert!(lines.len() > 2);
        for (i, l) in lines.iter().enumerate() {
            let avail = 300.0 - if i == 0 { p.first_indent } else { 0.0 };
            assert!(l.width <= avail + 0.01, "line {i} is {} wide", l.width);
            assert!(!l.pieces.first().unwrap().space && !l.pieces.last().unwrap().space);
        }
        let rejoined: Vec<String> = lines
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(rejoined.join(" "), p.text());
        assert!(lines.last().unwrap().last);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_inside() {
        let hex = "ab".repeat(64);
        let p = Para::new(vec![Run::plain(hex.clone())]).size(11.0);
        let lines = break_lines(&p, 100.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.width <= 100.01));
        let joined: String = lines
            .iter()
            .flat_map(|l| l.pieces.iter().map(|p| p.text.as_str()))
            .collect();
        assert_eq!(joined, hex);
    }

    #[test]
    fn justified_lines_fill_the_width_except_the_last() {
        let p = Para::body("Hoạt động phối hợp của HĐND, UBND, Ủy ban MTTQ Việt Nam quận tiếp tục được nâng cao theo hướng đổi mới, dân chủ, trách nhiệm và hiệu quả.");
        let lp = lay(&p, 250.0);
        let mut ops = Vec::new();
        draw_para(&lp, 0.0, 0.0, &mut ops);
        let extras: Vec<f32> = ops
            .iter()
            .filter_map(|o| match o {
                Op::Text { word_extra, .. } => Some(*word_extra),
                _ => None,
            })
            .collect();
        assert!(extras.first().unwrap() > &0.0);
        assert_eq!(*extras.last().unwrap(), 0.0);
    }

    #[test]
    fn page_numbers_appear_from_the_second_page_only() {
        let pages = paginate(&samples::review().compose());
        assert!(pages.len() >= 2, "the review runs over a page");
        let number_on = |i: usize| {
            pages[i].iter().any(|o| matches!(o, Op::Text { text, size, .. } if *text == (i + 1).to_string() && *size == page::PAGE_NUMBER_PT))
        };
        assert!(!number_on(0));
        for i in 1..pages.len() {
            assert!(number_on(i), "page {}", i + 1);
        }
    }

    #[test]
    fn nothing_is_drawn_outside_the_margins_except_the_page_number() {
        let pages = paginate(&samples::signed_programme().compose());
        for ops in &pages {
            for op in ops {
                if let Op::Text {
                    x,
                    baseline,
                    text,
                    size,
                    ..
                } = op
                {
                    if *size == page::PAGE_NUMBER_PT && text.chars().all(|c| c.is_ascii_digit()) {
                        continue;
                    }
                    assert!(*x >= Flow::LEFT - 0.01, "{text} at x {x}");
                    assert!(
                        *baseline <= Flow::BOTTOM && *baseline >= Flow::TOP,
                        "{text} at {baseline}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_pdf_starts_and_ends_as_pdf_files_do_and_embeds_subsets() {
        let bytes = samples::programme().to_pdf().unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/FontFile2"));
        assert!(text.contains("+LiberationSerif-Bold"));
        assert!(
            bytes.len() < 200_000,
            "subset fonts keep the file small: {}",
            bytes.len()
        );
    }
}
