//! A lint over the store's own source: every public function that reads a unit's record by an id
//! takes the unit too, so that forgetting the check is a compile error at the caller, not a leak.
//! What belongs to the installation (units, accounts) and the lists of a programme the caller
//! already found in its unit are named here, each with why.

use std::path::Path;

/// Functions that take an id without a unit, and why that is right.
const INSTALLATION_OR_PARENT: &[(&str, &str)] = &[
    (
        "unit",
        "units are the installation's; the unit is the record",
    ),
    (
        "actor",
        "accounts belong to the installation, not to a unit",
    ),
    (
        "api_tokens_of",
        "a person's own tokens, asked by the person",
    ),
    (
        "owns_api_token",
        "a person's own token, asked by the person",
    ),
    (
        "create_session",
        "a session of an account, after its password",
    ),
    (
        "forget_sign_in_attempt",
        "security state of the installation",
    ),
    (
        "changes_since",
        "the change log's sequence, for every node's followers",
    ),
    (
        "change_marks_since",
        "the change log's sequence, for every node's followers",
    ),
    (
        "stored_secret",
        "test support: what the table holds, to look for secrets in clear",
    ),
    (
        "store_secret_as_an_older_version_did",
        "test support: an old database's secret, for the upgrade's tests",
    ),
    // A programme's own lists: the caller holds the programme, found by unit and year or by
    // unit and id, and passes its id.
    (
        "items",
        "a programme's items, for a programme found in its unit",
    ),
    (
        "targets",
        "a programme's targets, for a programme found in its unit",
    ),
    (
        "budget_lines",
        "a programme's budget, for a programme found in its unit",
    ),
    (
        "programme_version",
        "a programme's version, for a programme found in its unit",
    ),
    (
        "signed_version",
        "a programme's signed text, for a programme found in its unit",
    ),
    (
        "signatures",
        "a programme's signatures, for a programme found in its unit",
    ),
    (
        "next_position",
        "a programme's next place in a list, for a programme found in its unit",
    ),
];

/// Every `pub async fn` of a file as (name, parameters), signatures across lines joined.
fn public_functions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("pub async fn ") {
        let after = &rest[at + "pub async fn ".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let open = after.find('(').unwrap_or(0);
        let mut depth = 0;
        let mut close = open;
        for (i, c) in after[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((name, after[open + 1..close].to_string()));
        rest = &after[close..];
    }
    out
}

/// Whether parameters name a record by id (`id`, `…_id: i64`) without naming its unit.
fn reads_by_id_without_unit(params: &str) -> bool {
    let names: Vec<(&str, &str)> = params
        .split(',')
        .filter_map(|p| p.split_once(':'))
        .map(|(n, t)| (n.trim(), t.trim()))
        .collect();
    let by_id = names.iter().any(|(n, t)| {
        (*n == "id" || (n.ends_with("_id") && *n != "unit_id")) && matches!(*t, "i64" | "Id")
    });
    let unit = names
        .iter()
        .any(|(n, t)| *n == "unit_id" || t.contains("UnitPath"));
    by_id && !unit
}

#[test]
fn every_lookup_of_a_units_record_by_id_takes_the_unit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut unscoped = Vec::new();
    let mut seen = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // The write side (`impl WriteTx`) changes records it was handed, already found in their
        // unit; only reads are asked here.
        for (name, params) in public_functions(&text) {
            seen += 1;
            if params.contains("&mut self") || !reads_by_id_without_unit(&params) {
                continue;
            }
            if INSTALLATION_OR_PARENT.iter().any(|(n, _)| *n == name) {
                continue;
            }
            unscoped.push(format!(
                "{}: {name}({params})",
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(seen > 100, "the lint read the store's functions ({seen})");
    assert!(
        unscoped.is_empty(),
        "these read a record by id without its unit:\n{}",
        unscoped.join("\n")
    );
}

#[test]
fn the_lint_tells_a_scoped_lookup_from_an_unscoped_one() {
    assert!(reads_by_id_without_unit("&self, id: i64"));
    assert!(reads_by_id_without_unit("&self, person_id: i64"));
    assert!(!reads_by_id_without_unit("&self, unit_id: i64, id: i64"));
    assert!(!reads_by_id_without_unit("&self, at: UnitPath, id: i64"));
    assert!(!reads_by_id_without_unit("&self, slug: &str"));
    let found = public_functions(
        "pub async fn one(\n    &self,\n    id: i64,\n) -> X {}\npub async fn two(&self) {}",
    );
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].0, "one");
    assert!(found[0].1.contains("id: i64"));
}
