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
        .link_rel(Some("noopener noreferrer"));
    builder
});

impl SafeHtml {
    /// Sanitise untrusted HTML: scripts, styles, event handlers and foreign URL schemes are removed,
    /// the structure of paragraphs and captioned figures is kept. Text is normalised to NFC.
    pub fn sanitise(untrusted: &str) -> Self {
        Self(SANITISER.clean(&vi::nfc(untrusted)).to_string())
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
        let bare = r#"<p>Quang cảnh hội nghị</p><figure><img src="/anh/a.jpg"><figcaption>Hội nghị</figcaption></figure>"#;
        let blank = r#"<p>Quang cảnh</p><img src="/anh/a.jpg" alt="  ">"#;
        let described =
            r#"<p>Quang cảnh</p><img src="/anh/a.jpg" alt="Cử tri phát biểu tại hội nghị">"#;
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
            r#"<p onclick="steal()">Chào</p><script>alert(1)</script><figure><img src="/a.jpg" alt="x" onerror="steal()"><figcaption>Đồng chí phát biểu</figcaption></figure><a href="javascript:alert(1)">x</a><style>p{}</style>"#,
        );
        let s = html.as_str();
        assert!(!s.contains("script"));
        assert!(!s.contains("onclick"));
        assert!(!s.contains("onerror"));
        assert!(!s.contains("javascript:"));
        assert!(!s.contains("<style"));
        assert!(s.contains(r#"<img src="/a.jpg" alt="x">"#));
        assert_eq!(html.captions(), vec!["Đồng chí phát biểu"]);
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
