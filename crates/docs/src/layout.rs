//! The page and block model that both writers render: a document is composed once as paragraphs,
//! borderless column rows and ruled tables, and the DOCX and PDF writers each turn that into their
//! format, so the two files of one document cannot drift apart.

/// Page geometry of Decree 30/2020/NĐ-CP: A4 portrait with the margins the decree allows.
pub mod page {
    /// A4 width in twips (twentieths of a point), as `w:pgSz w:w` writes it.
    pub const WIDTH_TWIPS: u32 = 11906;
    /// A4 height in twips.
    pub const HEIGHT_TWIPS: u32 = 16838;
    /// Top margin: 20 mm.
    pub const TOP_TWIPS: u32 = 1134;
    /// Bottom margin: 20 mm.
    pub const BOTTOM_TWIPS: u32 = 1134;
    /// Left margin: 30 mm, for binding.
    pub const LEFT_TWIPS: u32 = 1701;
    /// Right margin: 15 mm.
    pub const RIGHT_TWIPS: u32 = 850;
    /// Distance from the top edge to the page number: 10 mm.
    pub const HEADER_TWIPS: u32 = 567;
    /// Body text size in points.
    pub const BODY_PT: f32 = 14.0;
    /// Page number size in points.
    pub const PAGE_NUMBER_PT: f32 = 13.0;
    /// The font every document names; the PDF embeds the metric-compatible Liberation Serif.
    pub const FONT: &str = "Times New Roman";

    /// Twips to points.
    pub fn pt(twips: u32) -> f32 {
        twips as f32 / 20.0
    }

    /// Width available to text, in points.
    pub fn text_width() -> f32 {
        pt(WIDTH_TWIPS - LEFT_TWIPS - RIGHT_TWIPS)
    }
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A stretch of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: vi::nfc(&text.into()),
            bold: false,
            italic: false,
        }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            bold: true,
            ..Self::plain(text)
        }
    }
    pub fn italic(text: impl Into<String>) -> Self {
        Self {
            italic: true,
            ..Self::plain(text)
        }
    }
    pub fn bold_italic(text: impl Into<String>) -> Self {
        Self {
            bold: true,
            italic: true,
            ..Self::plain(text)
        }
    }
}

/// A paragraph; sizes and distances are in points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
    pub runs: Vec<Run>,
    pub align: Align,
    pub size: f32,
    pub first_indent: f32,
    pub left_indent: f32,
    pub space_before: f32,
    pub space_after: f32,
    /// Line spacing as a multiple of single spacing.
    pub line: f32,
    pub keep_next: bool,
    /// When set, the paragraph is a centred horizontal rule of this width instead of text.
    pub rule: Option<f32>,
    /// Start a new page before this paragraph.
    pub page_break: bool,
}

impl Para {
    pub fn new(runs: Vec<Run>) -> Self {
        Self {
            runs,
            align: Align::Left,
            size: page::BODY_PT,
            first_indent: 0.0,
            left_indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            line: 1.0,
            keep_next: false,
            rule: None,
            page_break: false,
        }
    }

    /// A body paragraph: justified, first line indented 1 cm, 6 pt after, as Decree 30 asks.
    pub fn body(text: impl Into<String>) -> Self {
        Self::new(vec![Run::plain(text)]).body_style()
    }

    pub fn body_style(mut self) -> Self {
        self.align = Align::Justify;
        self.first_indent = 28.35;
        self.space_after = 6.0;
        self
    }

    /// A bold heading inside the body ("I. KẾT QUẢ …"), kept with what follows.
    pub fn heading(text: impl Into<String>) -> Self {
        let mut p = Self::new(vec![Run::bold(text)]).body_style();
        p.keep_next = true;
        p.space_before = 6.0;
        p
    }

    pub fn centered(runs: Vec<Run>) -> Self {
        Self::new(runs).align(Align::Center)
    }

    /// A centred rule `width` points long.
    pub fn rule(width: f32) -> Self {
        let mut p = Self::new(Vec::new()).align(Align::Center);
        p.rule = Some(width);
        p.size = 2.0;
        p.space_before = 3.0;
        p
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    pub fn size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }
    pub fn after(mut self, pt: f32) -> Self {
        self.space_after = pt;
        self
    }
    pub fn before(mut self, pt: f32) -> Self {
        self.space_before = pt;
        self
    }
    pub fn keep_next(mut self) -> Self {
        self.keep_next = true;
        self
    }
    pub fn page_break(mut self) -> Self {
        self.page_break = true;
        self
    }

    /// The paragraph's text, all runs joined.
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// One column of a borderless row, as a fraction of the text width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub width: f32,
    pub paras: Vec<Para>,
}

/// One cell of a ruled table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub paras: Vec<Para>,
}

impl Cell {
    /// A cell of one or more lines (split at `\n`), in the table's size.
    pub fn text(text: &str, size: f32, align: Align, bold: bool) -> Self {
        let paras = text
            .split('\n')
            .map(|line| {
                let run = if bold {
                    Run::bold(line)
                } else {
                    Run::plain(line)
                };
                Para::new(vec![run]).size(size).align(align)
            })
            .collect();
        Self { paras }
    }
}

/// A table with borders; the first `header_rows` rows repeat on each page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// Column widths as fractions of the text width.
    pub widths: Vec<f32>,
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// A block of the page flow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Para(Para),
    /// Rows of paragraphs side by side without borders: mastheads and signature blocks. Every row
    /// has the same column widths; the grid is never split over pages.
    Grid(Vec<Vec<Column>>),
    Table(Table),
}

/// A composed document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    /// The title stored in the file's metadata.
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Doc {
    /// Every piece of text in reading order, for tests and metadata.
    #[cfg(test)]
    pub fn plain_text(&self) -> String {
        fn paras(out: &mut String, ps: &[Para]) {
            for p in ps {
                out.push_str(&p.text());
                out.push('\n');
            }
        }
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Para(p) => paras(&mut out, std::slice::from_ref(p)),
                Block::Grid(rows) => rows
                    .iter()
                    .flatten()
                    .for_each(|c| paras(&mut out, &c.paras)),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .flatten()
                    .for_each(|c| paras(&mut out, &c.paras)),
            }
        }
        out
    }
}
