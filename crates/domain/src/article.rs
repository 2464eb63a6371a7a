//! News articles (tin tức) of the public portal and their categories (danh mục): a slug, a title,
//! a publication time, a body whose HTML is sanitised before it is ever stored, and a byline.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Id, ValidationError};

/// The path segment that names an article or a category: lowercase ASCII words joined by hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 120;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        let well_formed = !s.is_empty()
            && s.len() <= Self::MAX_LEN
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if well_formed {
            Ok(Self(s.to_string()))
        } else {
            Err(ValidationError::single(
                "slug",
                "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, tối đa 120 ký tự",
            ))
        }
    }

    /// The slug a title gives: "Kết quả bình chọn…" → "ket-qua-binh-chon…".
    pub fn from_title(title: &str) -> Result<Self, ValidationError> {
        Self::parse(&vi::slugify(title))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// HTML that went through the sanitiser: safe to put in a page as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SafeHtml(String);

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "a",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .add_tag_attributes("img", ["src", "alt", "width", "height", "srcset", "sizes"])
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        // Pictures come from the portal's own uploads only: another site's picture would tell it
        // who reads the portal, and when. `srcset` is a list of addresses, checked one by one.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => own_picture(value).then(|| value.into()),
            ("img", "srcset") => srcset_pictures(value).map(|_| value.into()),
            _ => Some(value.into()),
        });
    builder
});

/// A picture an article shows, by its address: one of the unit's uploads at one of the widths the
/// portal serves, `/anh/{sha-256}-{width}.jpg`, under a unit's prefix (`/dv/{unit}/anh/…`) or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureRef {
    /// The unit whose prefix the address carries, if any.
    pub unit_slug: Option<String>,
    /// The SHA-256 of the uploaded file, in hex.
    pub hash: String,
}

impl PictureRef {
    /// The picture an address names; `None` for any other address (another site's, a page's).
    pub fn parse(url: &str) -> Option<Self> {
        let (unit_slug, path) = match crate::address::split_base(url) {
            Some((slug, rest)) => {
                let ok = slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                (Some(ok.then(|| slug.to_string())?), rest)
            }
            None => (None, url),
        };
        let file = path.strip_prefix("/anh/")?;
        let (hash, width) = file.strip_suffix(".jpg")?.rsplit_once('-')?;
        let hash_ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        let width_ok =
            !width.is_empty() && width.len() <= 5 && width.bytes().all(|b| b.is_ascii_digit());
        (hash_ok && width_ok).then(|| Self {
            unit_slug,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// Whether an address is a picture of the portal's own: an upload, or one of the site's own
/// illustrations (`/static/…`, the demo's drawings), never another site's.
fn own_picture(url: &str) -> bool {
    PictureRef::parse(url).is_some() || is_site_illustration(url)
}

/// The site's own drawings, served with its scripts and styles: `/static/{name}.svg|png|jpg`.
fn is_site_illustration(url: &str) -> bool {
    url.strip_prefix("/static/").is_some_and(|rest| {
        (rest.ends_with(".svg") || rest.ends_with(".png") || rest.ends_with(".jpg"))
            && !rest.contains("..")
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-/._".contains(&b))
    })
}

/// The pictures of a `srcset`, when every candidate is one of the portal's own and its descriptor
/// a width or a density; `None` otherwise (the attribute is dropped whole).
fn srcset_pictures(value: &str) -> Option<Vec<PictureRef>> {
    value
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let picture = PictureRef::parse(parts.next()?)?;
            let descriptor_ok = match parts.next() {
                None => true,
                Some(d) => {
                    let (number, unit) = d.split_at(d.len().saturating_sub(1));
                    matches!(unit, "w" | "x")
                        && !number.is_empty()
                        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                }
            };
            (descriptor_ok && parts.next().is_none()).then_some(picture)
        })
        .collect()
}

/// Rename every `<div …>` and `</div>` to `<p>` and `</p>`: browsers' editors put a line typed
/// after a list or a link in a `<div>`, which the sanitiser would strip, running the line into the
/// one before. Nested ones become paragraphs the HTML parser closes in turn (empty ones go later).
fn divs_as_paragraphs(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let closing = rest.starts_with("</");
        let name_at = if closing { 2 } else { 1 };
        let is_div = rest
            .get(name_at..name_at + 3)
            .is_some_and(|n| n.eq_ignore_ascii_case("div"))
            && rest
                .as_bytes()
                .get(name_at + 3)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
        if is_div {
            // The attributes go with the tag: a paragraph keeps none of a div's.
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push_str(if closing { "</p>" } else { "<p>" });
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Remove paragraphs with nothing in them, or only spaces and line breaks.
fn drop_empty_paragraphs(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<p>") {
        let after = &rest[at + 3..];
        match after.find("</p>") {
            Some(end)
                if after[..end]
                    .replace("<br>", "")
                    .replace("&nbsp;", "")
                    .trim()
                    .is_empty() =>
            {
                out.push_str(&rest[..at]);
                rest = &after[end + 4..];
            }
            _ => {
                out.push_str(&rest[..at + 3]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl SafeHtml {
    /// Sanitise untrusted HTML: scripts, styles, event handlers and foreign URL schemes are removed,
    /// the structure of paragraphs and captioned figures is kept. Text is normalised to NFC.
    /// A `<div>` a browser's editor made for a new line becomes a paragraph rather than losing
    /// its line to the one before it, and paragraphs left empty are dropped.
    pub fn sanitise(untrusted: &str) -> Self {
        let clean = SANITISER
            .clean(&divs_as_paragraphs(&vi::nfc(untrusted)))
            .to_string();
        Self(drop_empty_paragraphs(&clean))
    }

    /// The address of the first picture, as written (`/anh/….jpg`, `/static/…`): what a shared
    /// link shows. The sanitiser writes every attribute in double quotes, and keeps only the
    /// portal's own pictures.
    pub fn first_picture(&self) -> Option<&str> {
        self.0.split("<img ").skip(1).find_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let value = &tag[tag.find("src=\"")? + "src=\"".len()..];
            Some(&value[..value.find('"')?]).filter(|v| !v.is_empty())
        })
    }

    /// Wrap HTML that was sanitised before it was stored. Only the store calls this, on its own rows.
    pub fn from_trusted_storage(html: String) -> Self {
        Self(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text without tags, for summaries and search.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        let mut in_tag = false;
        for c in self.0.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        let text = out
            .replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// How many images have no text for those who cannot see them: an `alt` missing or blank.
    /// (The sanitiser writes attributes as `name="value"`, so the markup is regular.)
    pub fn images_without_alt(&self) -> usize {
        self.0
            .split("<img")
            .skip(1)
            .filter(|tag| {
                let tag = tag.split('>').next().unwrap_or_default();
                match tag.find(" alt=\"") {
                    Some(at) => tag[at + 6..]
                        .split('"')
                        .next()
                        .is_none_or(|alt| alt.trim().is_empty()),
                    None => true,
                }
            })
            .count()
    }

    /// Every picture the body shows, from each image's `src` and `srcset` (what the sanitiser
    /// kept is the portal's own addresses only).
    pub fn pictures(&self) -> Vec<PictureRef> {
        let attribute = |tag: &str, name: &str| {
            let marker = format!(" {name}=\"");
            tag.find(&marker).and_then(|at| {
                tag[at + marker.len()..]
                    .split('"')
                    .next()
                    .map(|v| v.replace("&amp;", "&"))
            })
        };
        let mut out = Vec::new();
        for tag in self.0.split("<img").skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            out.extend(attribute(tag, "src").and_then(|s| PictureRef::parse(&s)));
            out.extend(
                attribute(tag, "srcset")
                    .and_then(|s| srcset_pictures(&s))
                    .unwrap_or_default(),
            );
        }
        out
    }

    /// The captions of the body's figures, in order.
    pub fn captions(&self) -> Vec<String> {
        self.0
            .split("<figcaption>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</figcaption>"))
            .map(|(caption, _)| SafeHtml(caption.to_string()).text())
            .collect()
    }
}

/// A news category: "Tin tức - Sự kiện".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: Id,
    pub unit_id: Id,
    pub slug: Slug,
    pub name: String,
    pub position: i64,
}

/// A news article. Without a publication time it is a draft; with one in the future it is scheduled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: Id,
    pub unit_id: Id,
    pub slug: Slug,
    pub title: String,
    /// The lead paragraph shown in lists.
    pub summary: String,
    pub body: SafeHtml,
    pub byline: String,
    pub published_at: Option<DateTime<Utc>>,
    pub category_ids: Vec<Id>,
    /// True for demo articles written for illustration rather than taken from a source.
    pub illustrative: bool,
}

impl Article {
    /// When the article last changed as readers see it, given its last change in the log: that
    /// change, or its publication when that is later (a scheduled article); `None` for a draft.
    pub fn modified(&self, last_change: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        let published = self.published_at?;
        Some(last_change.map_or(published, |c| c.max(published)))
    }
}

/// The fields a person gives to create or change an article, checked and cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub body: SafeHtml,
    pub byline: String,
    pub published_at: Option<DateTime<Utc>>,
    pub category_ids: Vec<Id>,
}

impl ArticleDraft {
    /// Parse an article from untrusted input. An empty slug is derived from the title.
    pub fn parse(
        title: &str,
        slug: &str,
        summary: &str,
        body_html: &str,
        byline: &str,
        published_at: Option<DateTime<Utc>>,
        category_ids: Vec<Id>,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let title = crate::input::line("title", title, &mut errors);
        if title.is_empty() {
            errors.push("title", "Tiêu đề không được để trống");
        } else if title.chars().count() > 300 {
            errors.push("title", "Tiêu đề dài quá 300 ký tự");
        }
        let slug = if slug.trim().is_empty() {
            Slug::from_title(&title)
        } else {
            Slug::parse(slug)
        };
        let slug = match slug {
            Ok(s) => Some(s),
            Err(e) => {
                errors.errors.extend(e.errors);
                None
            }
        };
        if let Some(problem) = crate::input::problem(body_html, true) {
            errors.push("body", problem);
        }
        let body = SafeHtml::sanitise(body_html);
        if body.text().is_empty() {
            errors.push("body", "Nội dung bài viết không được để trống");
        }
        if published_at.is_some_and(|at| !crate::time::in_years(at)) {
            errors.push("publish_at", crate::time::years_message());
        }
        // A published image must say what it shows to those who cannot see it (WCAG 1.1.1); a
        // draft may wait for its descriptions.
        let missing = body.images_without_alt();
        if published_at.is_some() && missing > 0 {
            errors.push(
                "body",
                format!(
                    "Có {missing} ảnh chưa có mô tả (thuộc tính alt): hãy mô tả nội dung ảnh trước khi đăng bài"
                ),
            );
        }
        let summary = crate::input::text("summary", summary, &mut errors);
        let byline = crate::input::line("byline", byline, &mut errors);
        let summary = if summary.is_empty() {
            first_words(&body.text(), 40)
        } else {
            summary
        };
        match slug {
            Some(slug) if errors.is_empty() => Ok(Self {
                slug,
                title,
                summary,
                body,
                byline,
                published_at,
                category_ids,
            }),
            _ => Err(errors),
        }
    }
}

/// The first `n` words of a text, with an ellipsis when cut.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{}…", words[..n].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_articles_first_picture_is_found_for_sharing() {
        let body = SafeHtml::sanitise(
            "<p>Mở đầu</p><figure><img alt=\"Lễ ký\" src=\"/static/demo/ky-ket.svg\"></figure>\
             <img src=\"/static/demo/phat-bieu-chi-dao.svg\">",
        );
        assert_eq!(body.first_picture(), Some("/static/demo/ky-ket.svg"));
        assert_eq!(
            SafeHtml::sanitise("<p>Không có ảnh</p>").first_picture(),
            None
        );
        // Another site's picture is not kept, so it is never shared.
        let foreign = SafeHtml::sanitise("<img src=\"https://x.vn/a.jpg\"><p>Chữ</p>");
        assert_eq!(foreign.first_picture(), None);
        let after = SafeHtml::sanitise(
            "<img alt=\"x\" src=\"https://x.vn/a.jpg\"><img src=\"/static/demo/ky-ket.svg\">",
        );
        assert_eq!(after.first_picture(), Some("/static/demo/ky-ket.svg"));
    }

    #[test]
    fn a_line_typed_after_a_list_or_a_link_stays_a_paragraph_of_its_own() {
        let typed = "<p>Trang của <a href=\"https://hanoi.gov.vn\">thành phố Hà Nội</a>.</p>\
            <div>Các chỉ tiêu chủ yếu năm 2026:</div><ul><li>Một</li><li>Hai</li></ul>\
            <div class=\"x\"><div>Đoạn sau danh sách.</div></div><DIV>Đoạn cuối</DIV><div><br></div>";
        let html = SafeHtml::sanitise(typed);
        assert_eq!(
            html.as_str(),
            "<p>Trang của <a href=\"https://hanoi.gov.vn\" rel=\"noopener noreferrer\">thành phố Hà Nội</a>.</p>\
             <p>Các chỉ tiêu chủ yếu năm 2026:</p><ul><li>Một</li><li>Hai</li></ul>\
             <p>Đoạn sau danh sách.</p><p>Đoạn cuối</p>"
        );
    }

    #[test]
    fn only_a_div_is_renamed_and_an_empty_paragraph_with_a_space_goes() {
        assert_eq!(
            divs_as_paragraphs("<divider><dl><div>x</div >"),
            "<divider><dl><p>x</p>"
        );
        assert_eq!(
            drop_empty_paragraphs("<p> &nbsp;<br></p><p>Có chữ</p><p></p>"),
            "<p>Có chữ</p>"
        );
    }

    #[test]
    fn a_slug_is_lowercase_ascii_words_joined_by_hyphens() {
        assert!(Slug::parse("ket-qua-binh-chon-2019").is_ok());
        for bad in ["", "Hoa", "a--b", "-a", "a-", "cầu-giấy", "a b", "../etc"] {
            assert!(Slug::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(Slug::parse(&"a".repeat(121)).is_err());
    }

    #[test]
    fn a_title_gives_its_slug() {
        let slug =
            Slug::from_title("Kết quả bình chọn Hàng Việt Nam được người tiêu dùng yêu thích 2019")
                .unwrap();
        assert_eq!(
            slug.as_str(),
            "ket-qua-binh-chon-hang-viet-nam-duoc-nguoi-tieu-dung-yeu-thich-2019"
        );
    }

    #[test]
    fn an_article_with_an_image_without_alt_text_cannot_be_published_but_can_wait_as_a_draft() {
        let parse = |body: &str, published: bool| {
            ArticleDraft::parse(
                "Hội nghị tiếp xúc cử tri",
                "",
                "",
                body,
                "",
                published.then(chrono::Utc::now),
                vec![],
            )
        };
        let bare = r#"<p>Quang cảnh hội nghị</p><figure><img src="/anh/0000000000000000000000000000000000000000000000000000000000000000-800.jpg"><figcaption>Hội nghị</figcaption></figure>"#;
        let blank = r#"<p>Quang cảnh</p><img src="/anh/0000000000000000000000000000000000000000000000000000000000000000-800.jpg" alt="  ">"#;
        let described = r#"<p>Quang cảnh</p><img src="/anh/0000000000000000000000000000000000000000000000000000000000000000-800.jpg" alt="Cử tri phát biểu tại hội nghị">"#;
        for body in [bare, blank] {
            let errors = parse(body, true).unwrap_err();
            assert_eq!(
                errors.for_field("body"),
                Some("Có 1 ảnh chưa có mô tả (thuộc tính alt): hãy mô tả nội dung ảnh trước khi đăng bài")
            );
            assert!(parse(body, false).is_ok(), "a draft may wait");
        }
        assert!(parse(described, true).is_ok());
    }

    #[test]
    fn the_sanitiser_removes_scripts_and_handlers_but_keeps_captioned_figures() {
        let html = SafeHtml::sanitise(
            r#"<p onclick="steal()">Chào</p><script>alert(1)</script><figure><img src="/anh/0000000000000000000000000000000000000000000000000000000000000000-800.jpg" alt="x" onerror="steal()"><figcaption>Đồng chí phát biểu</figcaption></figure><a href="javascript:alert(1)">x</a><style>p{}</style>"#,
        );
        let s = html.as_str();
        assert!(!s.contains("script"));
        assert!(!s.contains("onclick"));
        assert!(!s.contains("onerror"));
        assert!(!s.contains("javascript:"));
        assert!(!s.contains("<style"));
        assert!(s.contains(&format!(
            r#"<img src="/anh/{}-800.jpg" alt="x">"#,
            "0".repeat(64)
        )));
        assert_eq!(html.captions(), vec!["Đồng chí phát biểu"]);
    }

    #[test]
    fn pictures_come_from_the_portals_own_uploads_only_in_src_and_srcset_alike() {
        let hash = "ab".repeat(32);
        let own = format!("/dv/phuong-nghia-do/anh/{hash}-800.jpg");
        let html = SafeHtml::sanitise(&format!(
            r#"<img src="{own}" srcset="{own} 800w, /anh/{hash}-400.jpg 400w" alt="a">
               <img src="https://tracker.example/p.gif" srcset="https://tracker.example/p.gif 1x" alt="b">
               <img src="/anh/{hash}-800.jpg" srcset="/anh/{hash}-400.jpg 400w, //evil.example/x.jpg 2x" alt="c">
               <img src="/tin-tuc/khac" alt="d">"#
        ));
        let s = html.as_str();
        assert!(
            !s.contains("tracker.example") && !s.contains("evil.example"),
            "{s}"
        );
        assert!(!s.contains("/tin-tuc/khac"), "{s}");
        assert!(s.contains(&format!(r#"srcset="{own} 800w, /anh/{hash}-400.jpg 400w""#)));
        let pictures = html.pictures();
        assert_eq!(pictures.len(), 4, "{pictures:?}");
        assert!(pictures.iter().all(|p| p.hash == hash));
        assert_eq!(pictures[0].unit_slug.as_deref(), Some("phuong-nghia-do"));
        assert_eq!(pictures[3].unit_slug, None);
        assert_eq!(PictureRef::parse("/anh/short-800.jpg"), None);
        assert_eq!(
            PictureRef::parse(&format!("/dv/X Y/anh/{hash}-800.jpg")),
            None
        );
    }

    #[test]
    fn text_strips_tags_and_decodes_entities() {
        let html = SafeHtml::sanitise("<p>HĐND &amp; UBND</p><p>quận</p>");
        assert_eq!(html.text(), "HĐND & UBND quận");
    }

    #[test]
    fn a_draft_needs_a_title_and_a_body_and_derives_its_slug() {
        let err =
            ArticleDraft::parse("", "", "", "<script>x</script>", "", None, vec![]).unwrap_err();
        assert!(err.for_field("title").is_some());
        assert!(err.for_field("body").is_some());

        let ok = ArticleDraft::parse(
            "Tin mới",
            "",
            "",
            "<p>Nội dung</p>",
            "Văn phòng",
            None,
            vec![],
        )
        .unwrap();
        assert_eq!(ok.slug.as_str(), "tin-moi");
        assert_eq!(ok.summary, "Nội dung");
    }

    #[test]
    fn a_bad_slug_is_reported_on_the_slug_field() {
        let err =
            ArticleDraft::parse("Tin", "Tin Mới", "", "<p>x</p>", "", None, vec![]).unwrap_err();
        assert!(err.for_field("slug").is_some());
    }

    #[test]
    fn first_words_cuts_with_an_ellipsis() {
        assert_eq!(first_words("a b c", 2), "a b…");
        assert_eq!(first_words("a b", 2), "a b");
    }
}
