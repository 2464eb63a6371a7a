//! What was signed stays what was signed. While an amendment (sửa đổi, bổ sung) of a signed
//! programme is drafted, everyone but the unit's staff reads the version in force — the content
//! its parties signed, with the progress reported since — and the staff see what the amendment
//! changes against it. Once every party signs the amendment, it is in force.

use domain::programme::{Programme, ProgrammeItem, TimeFrame};
use domain::target::{Direction, Target};
use store::signing::{SignedContent, SignedItem};
use store::ProgrammeOverview;

use crate::{App, AppError, Result, Viewer};

/// One term an amendment changes against the version in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermChange {
    /// "Nội dung 3", "Chỉ tiêu 2", "Tên chương trình".
    pub what: String,
    /// What the version in force says; empty for what the amendment adds.
    pub before: String,
    /// What the amendment says; empty for what it removes.
    pub after: String,
}

/// A version every party signed, as the portal dates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInForce {
    pub version: i64,
    /// The day in Vietnam the last party signed it.
    pub signed_on: chrono::NaiveDate,
    /// Whether it amended an earlier version.
    pub amendment: bool,
}

fn item_terms(i: &SignedItem) -> String {
    let partners = if i.partners.is_empty() {
        String::new()
    } else {
        format!("; phối hợp: {}", i.partners.join(", "))
    };
    format!(
        "{} (chủ trì: {}{partners}; {} – {})",
        i.content, i.lead, i.starts_on, i.ends_on
    )
}

/// What `working` changes against `in_force`: items and targets matched by id, then the title.
pub fn changes(in_force: &SignedContent, working: &SignedContent) -> Vec<TermChange> {
    let mut out = Vec::new();
    if in_force.title != working.title {
        out.push(TermChange {
            what: "Tên chương trình".into(),
            before: in_force.title.clone(),
            after: working.title.clone(),
        });
    }
    let key = |i: &SignedItem| i.id.map_or((0, i.position), |id| (id, 0));
    for w in &working.items {
        match in_force.items.iter().find(|s| key(s) == key(w)) {
            Some(s) if item_terms(s) != item_terms(w) => out.push(TermChange {
                what: format!("Nội dung {}", w.position),
                before: item_terms(s),
                after: item_terms(w),
            }),
            Some(_) => {}
            None => out.push(TermChange {
                what: format!("Nội dung {} (bổ sung)", w.position),
                before: String::new(),
                after: item_terms(w),
            }),
        }
    }
    for s in &in_force.items {
        if !working.items.iter().any(|w| key(w) == key(s)) {
            out.push(TermChange {
                what: format!("Nội dung {} (bỏ)", s.position),
                before: item_terms(s),
                after: String::new(),
            });
        }
    }
    if let (Some(signed), Some(now)) = (&in_force.targets, &working.targets) {
        let terms = |t: &store::signing::SignedTarget| {
            let direction = Direction::parse(&t.direction).map_or("", |d| d.label());
            format!("{}: {} {} ({direction})", t.name, t.plan, t.measure)
        };
        for w in now {
            match signed.iter().find(|s| s.id == w.id) {
                Some(s) if terms(s) != terms(w) => out.push(TermChange {
                    what: format!("Chỉ tiêu {}", w.position),
                    before: terms(s),
                    after: terms(w),
                }),
                Some(_) => {}
                None => out.push(TermChange {
                    what: format!("Chỉ tiêu {} (bổ sung)", w.position),
                    before: String::new(),
                    after: terms(w),
                }),
            }
        }
    }
    out
}

/// The overview as the version in force holds it: each signed item with the status and progress
/// reported on it since, each signed target with the actual figure reported against its signed
/// plan; what the amendment adds is left out.
fn in_force_overview(
    overview: ProgrammeOverview,
    signed: &SignedContent,
    version: i64,
    bodies: &[domain::body::Body],
) -> ProgrammeOverview {
    let body_id = |name: &str| bodies.iter().find(|b| b.name == name).map(|b| b.id);
    let items: Vec<ProgrammeItem> = signed
        .items
        .iter()
        .filter_map(|s| {
            let live = match s.id {
                Some(id) => overview.items.iter().find(|i| i.id == id),
                None => overview.items.iter().find(|i| i.position == s.position),
            }?;
            let time_frame = match (s.starts_on.parse(), s.ends_on.parse()) {
                (Ok(starts_on), Ok(ends_on)) => TimeFrame { starts_on, ends_on },
                _ => live.time_frame.clone(),
            };
            Some(ProgrammeItem {
                position: s.position,
                content: s.content.clone(),
                lead_body_id: s
                    .lead_id
                    .or_else(|| body_id(&s.lead))
                    .unwrap_or(live.lead_body_id),
                partner_body_ids: s
                    .partner_ids
                    .clone()
                    .unwrap_or_else(|| s.partners.iter().filter_map(|p| body_id(p)).collect()),
                time_frame,
                ..live.clone()
            })
        })
        .collect();
    let targets: Vec<Target> = match &signed.targets {
        None => overview.targets,
        Some(signed_targets) => signed_targets
            .iter()
            .filter_map(|s| {
                let live = overview.targets.iter().find(|t| t.id == s.id)?;
                Some(Target {
                    position: s.position,
                    name: s.name.clone(),
                    measure: s.measure.clone(),
                    direction: Direction::parse(&s.direction).unwrap_or(live.direction),
                    plan: s.plan.parse().unwrap_or(live.plan),
                    ..live.clone()
                })
            })
            .collect(),
    };
    ProgrammeOverview {
        programme: Programme {
            title: signed.title.clone(),
            version,
            ..overview.programme
        },
        items,
        targets,
        budget: overview.budget,
    }
}

impl App {
    /// The content of the version in force, read from what its parties signed.
    pub(crate) async fn signed_content(&self, p: &Programme) -> Result<Option<SignedContent>> {
        let Some(version) = p.signed_version else {
            return Ok(None);
        };
        match self.store.signed_version(p.id, version).await? {
            Some(text) => Ok(Some(SignedContent::parse(&text)?)),
            None => Ok(None),
        }
    }

    /// A programme's overview as `v` is to read it: while an amendment is drafted, the version in
    /// force for all but the unit's staff (`working` false), the working copy for its staff.
    pub(crate) async fn as_read(
        &self,
        overview: ProgrammeOverview,
        working: bool,
    ) -> Result<ProgrammeOverview> {
        let p = &overview.programme;
        if working || !p.amending() {
            return Ok(overview);
        }
        let Some(signed) = self.signed_content(p).await? else {
            return Ok(overview);
        };
        let version = p.signed_version.unwrap_or(p.version);
        let bodies = self.store.bodies(p.unit_id).await?;
        Ok(in_force_overview(overview, &signed, version, &bodies))
    }

    /// What the amendment being drafted changes against the version in force: for the staff who
    /// sign it, and the form that warns of it. Empty when no amendment is drafted.
    pub async fn amendment_changes(&self, v: &Viewer, p: &Programme) -> Result<Vec<TermChange>> {
        v.staff()?;
        if p.unit_id != v.unit_id() {
            return Err(AppError::NotFound);
        }
        if !p.amending() {
            return Ok(Vec::new());
        }
        let Some(signed) = self.signed_content(p).await? else {
            return Ok(Vec::new());
        };
        let working = self.store.working_content(p).await?;
        Ok(changes(&signed, &working))
    }

    /// The versions every party signed, oldest first, each with its day: the first signing and
    /// each amendment.
    pub async fn versions_in_force(
        &self,
        v: &Viewer,
        p: &Programme,
    ) -> Result<Vec<VersionInForce>> {
        v.read(p.unit_id, domain::access::Record::programme(p), ())?;
        let signed = self.store.signed_versions(p).await?;
        Ok(signed
            .iter()
            .enumerate()
            .map(|(i, s)| VersionInForce {
                version: s.version,
                signed_on: domain::time::day_in_vietnam(domain::time::from_unix(s.completed_at)),
                amendment: i > 0,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(items: Vec<SignedItem>) -> SignedContent {
        SignedContent {
            form: 2,
            unit: "phường Cầu Giấy".into(),
            year: 2026,
            version: 1,
            title: "Chương trình phối hợp công tác năm 2026".into(),
            parties: vec!["HĐND".into()],
            items,
            targets: Some(vec![]),
        }
    }

    fn item(id: i64, content: &str) -> SignedItem {
        SignedItem {
            id: Some(id),
            position: id,
            content: content.into(),
            lead: "UBND".into(),
            lead_id: Some(2),
            partners: vec![],
            partner_ids: Some(vec![]),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-12-31".into(),
        }
    }

    #[test]
    fn an_amendment_lists_what_it_changes_adds_and_removes_and_nothing_else() {
        let signed = content(vec![item(1, "Giám sát"), item(2, "Tiếp xúc cử tri")]);
        let working = content(vec![item(1, "Giám sát (sửa)"), item(3, "Bầu cử")]);
        let found = changes(&signed, &working);
        let what: Vec<&str> = found.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            what,
            ["Nội dung 1", "Nội dung 3 (bổ sung)", "Nội dung 2 (bỏ)"]
        );
        assert!(found[0].before.starts_with("Giám sát (chủ trì: UBND"));
        assert!(found[0].after.starts_with("Giám sát (sửa)"));
        assert!(changes(&signed, &signed).is_empty());
    }
}
