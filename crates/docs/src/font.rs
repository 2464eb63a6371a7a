//! The bundled Liberation Serif (SIL OFL 1.1, metric-compatible with Times New Roman): glyph
//! lookup and advance widths, so that line breaks in the PDF and rule lengths in both formats fall
//! where Word would put them with Times New Roman.

use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId};

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf");

/// The four faces a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [Self::Regular, Self::Bold, Self::Italic, Self::BoldItalic];

    pub fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Self::Regular,
            (true, false) => Self::Bold,
            (false, true) => Self::Italic,
            (true, true) => Self::BoldItalic,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One parsed face with the figures the PDF writer needs.
pub(crate) struct Font {
    pub data: &'static [u8],
    pub face: Face<'static>,
    pub units_per_em: f32,
    pub postscript_name: &'static str,
}

impl Font {
    fn load(data: &'static [u8], postscript_name: &'static str) -> Self {
        // The bundled files are fixed at build time and tested; failing here is a packaging bug.
        let face = Face::parse(data, 0).expect("the bundled Liberation Serif parses");
        let units_per_em = f32::from(face.units_per_em());
        Self {
            data,
            face,
            units_per_em,
            postscript_name,
        }
    }

    /// The glyph of a character, or `.notdef` (0) when the font lacks it.
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// Advance of a glyph in thousandths of the font size, as PDF widths are given.
    pub fn advance_milli(&self, glyph: u16) -> f32 {
        let units = self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
        f32::from(units) * 1000.0 / self.units_per_em
    }

    /// Width of a string at a size, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance_milli(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// A font-unit value in thousandths of the font size.
    pub fn milli(&self, units: i16) -> f32 {
        f32::from(units) * 1000.0 / self.units_per_em
    }
}

/// The four faces, parsed once per process.
pub(crate) fn fonts() -> &'static [Font; 4] {
    static FONTS: OnceLock<[Font; 4]> = OnceLock::new();
    FONTS.get_or_init(|| {
        [
            Font::load(REGULAR, "LiberationSerif"),
            Font::load(BOLD, "LiberationSerif-Bold"),
            Font::load(ITALIC, "LiberationSerif-Italic"),
            Font::load(BOLD_ITALIC, "LiberationSerif-BoldItalic"),
        ]
    })
}

/// The face of a style.
pub(crate) fn font(style: Style) -> &'static Font {
    &fonts()[style.index()]
}

/// Single line height as a multiple of the font size: ascender, descender and line gap of hhea,
/// as Word computes "single" spacing for Times New Roman (about 1.15).
pub(crate) fn line_factor() -> f32 {
    let f = font(Style::Regular);
    let face = &f.face;
    let units =
        f32::from(face.ascender()) - f32::from(face.descender()) + f32::from(face.line_gap());
    units / f.units_per_em
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_has_a_glyph_in_every_face() {
        let letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ";
        for style in Style::ALL {
            let f = font(style);
            for c in letters.chars().chain(letters.to_uppercase().chars()) {
                assert_ne!(f.glyph(c), 0, "{c} missing in {style:?}");
            }
        }
    }

    #[test]
    fn widths_match_times_new_roman_metrics() {
        // Times New Roman: space 250, "H" 722 thousandths of the size.
        let f = font(Style::Regular);
        assert_eq!(f.advance_milli(f.glyph(' ')).round(), 250.0);
        assert_eq!(f.advance_milli(f.glyph('H')).round(), 722.0);
        assert!((f.width("HH", 10.0) - 14.44).abs() < 0.01);
    }

    #[test]
    fn single_spacing_is_about_one_point_fifteen() {
        let factor = line_factor();
        assert!((1.1..1.2).contains(&factor), "{factor}");
    }
}
