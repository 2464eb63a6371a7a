//! Open data that machines load (issue 22): every unit's archive carries a Frictionless Data
//! Package descriptor that the `frictionless` package (PyPI) validates against the files, with
//! absolute links; the bodies and people as Popolo JSON, in the API and in the archive, valid
//! against the Popolo schemas vendored in `tests/schemas/popolo`. Both checks are run by Python
//! tools nobody here wrote: `scripts/test` installs them (`PHOIHOP_PYTHON` names the interpreter).

mod common;

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use common::{spawn_app, TestApp};
use serde_json::Value;
use store::demo::{NGHIA_DO_SLUG, WARD_SLUG};

const ORIGIN: &str = "http://127.0.0.1:8080";

/// A folder of its own for one archive, removed when the test is done with it.
struct Unpacked(std::path::PathBuf);

impl Unpacked {
    fn new() -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("phoihop-open-data-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Each unit the tests read: the default one at the root, and two wards under their prefix.
fn prefixes() -> [String; 3] {
    [
        String::new(),
        format!("/dv/{WARD_SLUG}"),
        format!("/dv/{NGHIA_DO_SLUG}"),
    ]
}

/// A Python script run by the interpreter the test suite installed, with `stdin`; its output
/// when it succeeds, and the test's failure with what it said when it does not.
fn python(script: &str, args: &[&str], stdin: &[u8]) -> String {
    let interpreter = std::env::var("PHOIHOP_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = Command::new(&interpreter)
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{interpreter} does not run ({e}): run scripts/test"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    said
}

/// Validates a data package with frictionless: every resource's file against its schema.
const FRICTIONLESS: &str = r#"
import sys
from frictionless import validate
report = validate(sys.argv[1])
if not report.valid:
    for task in report.tasks:
        for error in task.errors[:20]:
            print(task.name, error.type, error.message)
    for error in report.errors:
        print(error.type, error.message)
    sys.exit(1)
print("valid:", ", ".join(task.name for task in report.tasks))
"#;

/// Validates each list of a Popolo document against its vendored schema (draft 3), references
/// between the schemas resolved to the vendored files.
const POPOLO: &str = r##"
import json, pathlib, sys
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3
folder = pathlib.Path(sys.argv[1])
resources = []
for path in folder.glob("*.json"):
    schema = json.loads(path.read_text())
    resource = Resource(contents=schema, specification=DRAFT3)
    uri = schema["id"].rstrip("#")
    resources += [(uri, resource), (uri.replace("://www.", "://"), resource)]
registry = Registry().with_resources(resources)
doc = json.load(sys.stdin)
lists = {"areas": "area", "organizations": "organization", "persons": "person",
         "posts": "post", "memberships": "membership"}
errors, counted = [], []
for key, name in lists.items():
    schema = json.loads((folder / (name + ".json")).read_text())
    validator = Draft3Validator(schema, registry=registry)
    for item in doc[key]:
        errors += [f"{key} {item.get('id')}: {e.message}" for e in validator.iter_errors(item)]
    counted.append(f"{key}={len(doc[key])}")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print(" ".join(counted))
"##;

fn schemas() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas/popolo")
        .display()
        .to_string()
}

fn unzip(bytes: &[u8], into: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a ZIP archive");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        let name = entry.name().unwrap().to_string();
        std::fs::write(into.join(&name), content).unwrap();
        names.push(name);
    }
    names
}

async fn archive_of(app: &TestApp, prefix: &str) -> (Unpacked, Vec<String>) {
    let zip = app
        .download(&format!("{prefix}/du-lieu-mo.zip"), None)
        .await;
    assert_eq!(zip.status, StatusCode::OK, "{prefix}/du-lieu-mo.zip");
    let dir = Unpacked::new();
    let names = unzip(&zip.bytes, dir.path());
    (dir, names)
}

#[tokio::test]
async fn every_units_open_data_is_a_data_package_that_frictionless_validates() {
    let app = spawn_app().await;
    for prefix in prefixes() {
        let (dir, names) = archive_of(&app, &prefix).await;
        assert!(names.contains(&"datapackage.json".to_string()), "{names:?}");
        let descriptor = dir.path().join("datapackage.json");
        let said = python(FRICTIONLESS, &[descriptor.to_str().unwrap()], b"");
        for table in ["chi-tieu", "hoi-nghi", "tin-tuc", "nguoi-giu-chuc-vu"] {
            assert!(said.contains(table), "{table} was not validated: {said}");
        }
        let package: Value =
            serde_json::from_str(&std::fs::read_to_string(&descriptor).unwrap()).unwrap();
        assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
        assert_eq!(package["homepage"], format!("{ORIGIN}{prefix}"));
        let targets = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "chi-tieu")
            .expect("the targets are described");
        let types: Vec<(&str, &str)> = targets["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["name"].as_str().unwrap(), f["type"].as_str().unwrap()))
            .collect();
        assert!(types.contains(&("ke_hoach", "number")), "{types:?}");
        assert!(types.contains(&("nam", "year")), "{types:?}");
    }
}

#[tokio::test]
async fn the_open_data_links_are_absolute_at_the_units_own_address() {
    let app = spawn_app().await;
    for prefix in prefixes() {
        let (dir, _) = archive_of(&app, &prefix).await;
        let news: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("tin-tuc.json")).unwrap(),
        )
        .unwrap();
        let meetings: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("hoi-nghi.json")).unwrap(),
        )
        .unwrap();
        let links: Vec<&str> = news
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["duong_dan"].as_str().unwrap())
            .chain(
                meetings
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["bien_ban"].as_str().unwrap()),
            )
            .collect();
        for link in &links {
            let unit_origin = format!("{ORIGIN}{prefix}/");
            assert!(link.starts_with(&unit_origin), "{link} in {prefix}");
            let path = &link[ORIGIN.len()..];
            assert_eq!(
                app.download(path, None).await.status,
                StatusCode::OK,
                "{path}"
            );
        }
        if prefix.is_empty() {
            assert!(links.len() > 5, "the demo's news and meetings: {links:?}");
        }
    }
}

#[tokio::test]
async fn every_units_bodies_and_people_are_popolo_valid_against_the_schemas() {
    let app = spawn_app().await;
    for prefix in prefixes() {
        let page = app.get(&format!("{prefix}/api/v1/popolo")).await;
        assert_eq!(page.status, StatusCode::OK, "{prefix}");
        let said = python(POPOLO, &[&schemas()], page.body.as_bytes());
        assert!(said.contains("organizations="), "{said}");
        let doc: Value = serde_json::from_str(&page.body).unwrap();
        // The archive carries the same document.
        let (dir, _) = archive_of(&app, &prefix).await;
        let archived: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("popolo.json")).unwrap())
                .unwrap();
        assert_eq!(archived, doc, "{prefix}");
        // Every reference points at an item of the document.
        let ids = |key: &str| -> Vec<String> {
            doc[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_string())
                .collect()
        };
        let (organizations, persons, posts) = (ids("organizations"), ids("persons"), ids("posts"));
        assert!(!organizations.is_empty(), "{prefix} has bodies");
        for m in doc["memberships"].as_array().unwrap() {
            assert!(persons.contains(&m["person_id"].as_str().unwrap().to_string()));
            assert!(posts.contains(&m["post_id"].as_str().unwrap().to_string()));
            assert!(organizations.contains(&m["organization_id"].as_str().unwrap().to_string()));
        }
    }
}

#[tokio::test]
async fn the_popolo_document_names_the_demos_chair_in_his_post_with_its_dates() {
    let app = spawn_app().await;
    let doc: Value = serde_json::from_str(&app.get("/api/v1/popolo").await.body).unwrap();
    let chien = doc["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Nguyễn Văn Chiến")
        .expect("the council's chair is a person of the document");
    let held: Vec<&Value> = doc["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["person_id"] == chien["id"])
        .collect();
    assert!(
        held.iter()
            .any(|m| m["role"] == "Chủ tịch"
                && m["start_date"].as_str().is_some_and(|d| d.len() == 10)),
        "{held:?}"
    );
    let body = doc["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == held[0]["organization_id"])
        .unwrap();
    let link = body["links"][0]["url"].as_str().unwrap();
    assert!(link.starts_with(&format!("{ORIGIN}/co-quan/")), "{link}");
    assert_eq!(
        app.get(&link[ORIGIN.len()..]).await.status,
        StatusCode::OK,
        "{link}"
    );
    // The OpenAPI document describes the answer.
    let openapi: Value = serde_json::from_str(&app.get("/api/openapi.json").await.body).unwrap();
    assert!(openapi["paths"]["/api/v1/popolo"]["get"].is_object());
    assert!(openapi["components"]["schemas"]["PopoloMembership"].is_object());
}
