//! News feeds (Atom, RFC 4287) a feed reader subscribes to: a unit's articles, all or of one
//! category, and the versions of its programme. Every text is escaped here, and characters XML
//! cannot carry are dropped, so nothing typed in a title can break the feed.

use chrono::{DateTime, SecondsFormat, Utc};

/// One entry as a feed reader lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Stable and unique: the entry's absolute address.
    pub id: String,
    pub title: String,
    /// The page it leads to; absolute.
    pub link: String,
    pub summary: String,
    /// Who wrote it; the feed's author when empty.
    pub author: String,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

/// A whole feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The feed's own absolute address: its id and its `rel="self"` link.
    pub id: String,
    pub title: String,
    /// The page the feed follows (the news list); absolute.
    pub alternate: String,
    /// The unit that publishes it: the author of entries without one.
    pub author: String,
    /// Newest first; the feed's `updated` is the newest entry's time.
    pub entries: Vec<FeedEntry>,
}

impl Feed {
    /// The feed as Atom XML; `empty_updated` is its time when it has no entry.
    pub fn to_xml(&self, empty_updated: DateTime<Utc>) -> String {
        let updated = self
            .entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(empty_updated);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
        element(&mut out, 1, "id", &self.id);
        element(&mut out, 1, "title", &self.title);
        element(&mut out, 1, "updated", &instant(updated));
        link(&mut out, 1, "self", &self.id, Some("application/atom+xml"));
        link(&mut out, 1, "alternate", &self.alternate, Some("text/html"));
        author(&mut out, 1, &self.author);
        element(&mut out, 1, "generator", "phoihop");
        for e in &self.entries {
            out.push_str("  <entry>\n");
            element(&mut out, 2, "id", &e.id);
            element(&mut out, 2, "title", &e.title);
            link(&mut out, 2, "alternate", &e.link, Some("text/html"));
            element(&mut out, 2, "published", &instant(e.published));
            element(&mut out, 2, "updated", &instant(e.updated));
            if !e.author.is_empty() {
                author(&mut out, 2, &e.author);
            }
            if !e.summary.is_empty() {
                element(&mut out, 2, "summary", &e.summary);
            }
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

/// `2026-12-07T03:04:05Z`: RFC 3339, as Atom dates are.
fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn element(out: &mut String, depth: usize, name: &str, text: &str) {
    out.push_str(&"  ".repeat(depth));
    out.push_str(&format!("<{name}>{}</{name}>\n", xml_text(text)));
}

fn link(out: &mut String, depth: usize, rel: &str, href: &str, kind: Option<&str>) {
    out.push_str(&"  ".repeat(depth));
    out.push_str(&format!("<link rel=\"{rel}\" href=\"{}\"", xml_text(href)));
    if let Some(kind) = kind {
        out.push_str(&format!(" type=\"{kind}\""));
    }
    out.push_str("/>\n");
}

fn author(out: &mut String, depth: usize, name: &str) {
    out.push_str(&"  ".repeat(depth));
    out.push_str("<author>\n");
    element(out, depth + 1, "name", name);
    out.push_str(&"  ".repeat(depth));
    out.push_str("</author>\n");
}

/// Text for an element or an attribute: escaped, without the characters XML 1.0 forbids.
pub fn xml_text(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r')
                || (!c.is_control() && *c != '\u{fffe}' && *c != '\u{ffff}')
        })
        .collect();
    vi::escape(&allowed)
}
