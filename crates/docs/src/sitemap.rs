//! Sitemaps (sitemaps.org protocol 0.9) that search engines read: a unit's public pages with when
//! each last changed, and the installation's index of every unit's sitemap.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::atom::xml_text;

/// One address of a sitemap (or one sitemap of an index): absolute, with its last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
}

const XMLNS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A `<urlset>`: a unit's pages.
pub fn urlset(locations: &[Location]) -> String {
    document("urlset", "url", locations)
}

/// A `<sitemapindex>`: the units' sitemaps.
pub fn index(sitemaps: &[Location]) -> String {
    document("sitemapindex", "sitemap", sitemaps)
}

fn document(root: &str, element: &str, locations: &[Location]) -> String {
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"{XMLNS}\">\n");
    for l in locations {
        out.push_str(&format!(
            "  <{element}>\n    <loc>{}</loc>\n",
            xml_text(&l.loc)
        ));
        if let Some(at) = l.lastmod {
            out.push_str(&format!(
                "    <lastmod>{}</lastmod>\n",
                at.to_rfc3339_opts(SecondsFormat::Secs, true)
            ));
        }
        out.push_str(&format!("  </{element}>\n"));
    }
    out.push_str(&format!("</{root}>\n"));
    out
}
