//! How the rows of an imported file find what they update: targets by their code (or their one
//! name), programme contents by their content; never by where a row sits in the file.

use std::collections::{HashMap, HashSet};

use docs::import::{code_key, ImportedTarget};
use domain::programme::{ItemDraft, ProgrammeItem};
use domain::target::Target;

/// What importing a row does to the programme's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowChange {
    /// No target has the row's code (or, without a code, its name): one is added.
    New,
    /// The row's target is there with other values: they are replaced.
    Changed,
    /// The row's target is there with the same values: nothing is written.
    Unchanged,
}

impl RowChange {
    /// As the preview says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "mới",
            Self::Changed => "thay đổi",
            Self::Unchanged => "không đổi",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Changed => "changed",
            Self::Unchanged => "unchanged",
        }
    }
}

/// A row of a file and the target it finds in the programme.
#[derive(Debug, Clone)]
pub struct TargetRow {
    pub row: ImportedTarget,
    /// The target the row updates; `None` for a new one.
    pub existing: Option<Target>,
    pub change: RowChange,
}

/// Text as two spellings of it compare: NFC, traditional tone placement, no surrounding spaces.
fn same_text(a: &str, b: &str) -> bool {
    vi::normalize(a.trim()) == vi::normalize(b.trim())
}

/// Whether a row would leave its target as it is.
fn unchanged(t: &Target, r: &ImportedTarget) -> bool {
    let note = |n: &Option<String>| n.as_deref().map(str::trim).unwrap_or_default().to_string();
    same_text(&t.name, &r.name)
        && same_text(&t.measure, &r.measure)
        && t.direction == r.direction
        && t.plan == r.plan
        && t.actual == r.actual
        && same_text(&note(&t.note), &note(&r.note))
}

/// Finds each row's item among a programme's by its content, as typed or spelled otherwise (each
/// item found once), and says what importing the row does: the same file imported twice adds
/// nothing the second time.
pub fn match_items(
    existing: &[ProgrammeItem],
    drafts: &[ItemDraft],
) -> Vec<(Option<ProgrammeItem>, RowChange)> {
    let mut taken = HashSet::new();
    drafts
        .iter()
        .map(|d| {
            let found = existing
                .iter()
                .find(|i| !taken.contains(&i.id) && same_text(&i.content, &d.content));
            match found {
                Some(item) => {
                    taken.insert(item.id);
                    let mut partners = item.partner_body_ids.clone();
                    let mut wanted = d.partner_body_ids.clone();
                    partners.sort_unstable();
                    wanted.sort_unstable();
                    let same = item.lead_body_id == d.lead_body_id
                        && partners == wanted
                        && item.time_frame == d.time_frame
                        && item.status == d.status
                        && item.content == d.content;
                    let change = if same {
                        RowChange::Unchanged
                    } else {
                        RowChange::Changed
                    };
                    (Some(item.clone()), change)
                }
                None => (None, RowChange::New),
            }
        })
        .collect()
}

/// Finds each row's target among a programme's: by code where the row has one; a row without a
/// code by name, when exactly one target not found by another row has that name. Row positions
/// play no part: a file sorted differently matches the same targets.
pub fn match_targets(existing: &[Target], rows: Vec<ImportedTarget>) -> Vec<TargetRow> {
    let by_code: HashMap<String, &Target> = existing
        .iter()
        .filter(|t| !t.code.is_empty())
        .map(|t| (code_key(&t.code), t))
        .collect();
    let mut claimed: HashSet<i64> = rows
        .iter()
        .filter_map(|r| r.code.as_deref())
        .filter_map(|c| by_code.get(&code_key(c)).map(|t| t.id))
        .collect();
    rows.into_iter()
        .map(|row| {
            let found = match row.code.as_deref() {
                Some(code) => by_code.get(&code_key(code)).copied(),
                None => {
                    let mut named = existing
                        .iter()
                        .filter(|t| !claimed.contains(&t.id) && same_text(&t.name, &row.name));
                    match (named.next(), named.next()) {
                        (Some(t), None) => {
                            claimed.insert(t.id);
                            Some(t)
                        }
                        _ => None,
                    }
                }
            };
            let change = match found {
                None => RowChange::New,
                Some(t) if unchanged(t, &row) => RowChange::Unchanged,
                Some(_) => RowChange::Changed,
            };
            TargetRow {
                row,
                existing: found.cloned(),
                change,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(id: i64, code: &str, name: &str, plan: i64) -> Target {
        Target {
            id,
            programme_id: 1,
            position: id,
            code: code.into(),
            name: name.into(),
            measure: "%".into(),
            direction: domain::target::Direction::HigherIsBetter,
            plan: plan.into(),
            actual: None,
            reporting_body_id: None,
            illustrative: false,
            note: None,
        }
    }

    fn row(code: Option<&str>, name: &str, plan: i64) -> ImportedTarget {
        ImportedTarget {
            line: 2,
            code: code.map(str::to_string),
            position: None,
            name: name.into(),
            measure: "%".into(),
            direction: domain::target::Direction::HigherIsBetter,
            plan: plan.into(),
            actual: None,
            note: None,
            indicator: None,
        }
    }

    fn changes(rows: &[TargetRow]) -> Vec<(Option<i64>, &'static str)> {
        rows.iter()
            .map(|r| (r.existing.as_ref().map(|t| t.id), r.change.label()))
            .collect()
    }

    #[test]
    fn rows_find_their_targets_by_code_whatever_their_order_or_case() {
        let existing = [
            target(1, "CT01", "Thu ngân sách", 100),
            target(2, "CT02", "Tỷ lệ hộ nghèo", 1),
        ];
        let rows = match_targets(
            &existing,
            vec![
                row(Some("ct02"), "Tỷ lệ hộ nghèo", 2),
                row(Some("CT01"), "Thu ngân sách", 100),
                row(Some("CT03"), "Thu ngân sách", 100),
            ],
        );
        assert_eq!(
            changes(&rows),
            [(Some(2), "thay đổi"), (Some(1), "không đổi"), (None, "mới")]
        );
    }

    #[test]
    fn rows_without_a_code_find_the_one_target_of_their_name() {
        let existing = [
            target(1, "CT01", "Tỷ lệ gia đình văn hoá", 100),
            target(2, "CT02", "Tỷ lệ hộ nghèo", 1),
            target(3, "CT03", "Tỷ lệ hộ nghèo", 1),
        ];
        let rows = match_targets(
            &existing,
            vec![
                // The name typed with another tone placement is the same name.
                row(None, "Tỷ lệ gia đình văn hóa", 100),
                // Two targets of that name: the row cannot tell which, and is new.
                row(None, "Tỷ lệ hộ nghèo", 1),
            ],
        );
        assert_eq!(changes(&rows), [(Some(1), "không đổi"), (None, "mới")]);
        // A target found by its code is not found again by name.
        let rows = match_targets(
            &existing[..1],
            vec![
                row(Some("CT01"), "Tỷ lệ gia đình văn hoá", 100),
                row(None, "Tỷ lệ gia đình văn hoá", 90),
            ],
        );
        assert_eq!(changes(&rows), [(Some(1), "không đổi"), (None, "mới")]);
    }
}
