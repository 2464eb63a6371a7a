//! A crawl of the portal or the workspace in a real browser: every page kind once, and on each page
//! what a person would notice — an address that does not answer, a page wider than the phone, a
//! failure of WCAG 2.1 A or AA.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use crate::common::Session;
use crate::harness::Browser;

/// What was found wrong, page by page.
#[derive(Default)]
pub struct Findings {
    pub pages: Vec<String>,
    /// Every address the pages referenced, checked to load.
    pub referenced: Vec<String>,
    pub broken: BTreeMap<String, String>,
    pub overflowing: Vec<String>,
    pub inaccessible: Vec<String>,
}

impl Findings {
    /// Add what another crawl found.
    pub fn extend(&mut self, other: Findings) {
        self.pages.extend(other.pages);
        self.referenced.extend(other.referenced);
        self.broken.extend(other.broken);
        self.overflowing.extend(other.overflowing);
        self.inaccessible.extend(other.inaccessible);
    }

    /// Fail with every finding at once, so that one run shows all there is to mend.
    pub fn assert_none(&self) {
        let mut report = String::new();
        for (address, problem) in &self.broken {
            report.push_str(&format!("broken: {address} ({problem})\n"));
        }
        for line in &self.overflowing {
            report.push_str(&format!("wider than the phone: {line}\n"));
        }
        for line in &self.inaccessible {
            report.push_str(&format!("WCAG: {line}\n"));
        }
        assert!(
            report.is_empty(),
            "over {} pages:\n{report}",
            self.pages.len()
        );
    }
}

/// One page of each kind: numbers in a path and long slugs stand for any record, so that
/// `/tin-tuc/{slug}` is visited once however many articles there are.
fn kind_of(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|segment| {
            if !segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()) {
                "{n}"
            } else if segment.len() > 20 {
                "{slug}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Addresses that are not pages to look at: files to download, feeds, fragments for scripts.
fn is_page(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

/// Crawl from `roots`, staying under `within` and out of `skip`, visiting at most `limit` pages,
/// and check on each page its addresses, its width and its accessibility.
pub async fn crawl(
    browser: &Browser,
    session: Option<&Session>,
    roots: &[&str],
    within: &[&str],
    skip: &[&str],
    limit: usize,
) -> Findings {
    let mut findings = Findings::default();
    let mut answered: HashMap<String, (u16, String)> = HashMap::new();
    let mut seen_kinds: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<String> = roots.iter().map(|r| r.to_string()).collect();
    while let Some(path) = queue.pop_front() {
        if findings.pages.len() >= limit || !seen_kinds.insert(kind_of(&path)) {
            continue;
        }
        let (status, content_type) = answer(browser, session, &path, &mut answered).await;
        if status != 200 || !is_page(&content_type) {
            continue;
        }
        browser.visit(&path).await;
        findings.pages.push(path.clone());
        for reference in browser.references().await {
            let (status, content_type) = answer(browser, session, &reference, &mut answered).await;
            findings.referenced.push(reference.clone());
            if status >= 400 {
                findings
                    .broken
                    .insert(reference.clone(), format!("{status}, linked from {path}"));
                continue;
            }
            let inside = within.iter().any(|w| reference.starts_with(w))
                && !skip.iter().any(|s| reference.starts_with(s));
            if inside && is_page(&content_type) {
                queue.push_back(reference);
            }
        }
        let (over, culprits) = browser.overflow().await;
        if over > 0 {
            findings
                .overflowing
                .push(format!("{path} by {over}px: {}", culprits.join(", ")));
        }
        for violation in browser.accessibility_violations().await {
            findings.inaccessible.push(format!("{path}: {violation}"));
        }
    }
    findings
}

/// The status and content type of an address, asked of the router once per crawl.
async fn answer(
    browser: &Browser,
    session: Option<&Session>,
    path: &str,
    answered: &mut HashMap<String, (u16, String)>,
) -> (u16, String) {
    if let Some(known) = answered.get(path) {
        return known.clone();
    }
    let page = browser.app.download_on(browser.host(), path, session).await;
    let known = (page.status.as_u16(), page.content_type.clone());
    answered.insert(path.to_string(), known.clone());
    known
}
