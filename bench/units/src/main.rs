//! The many-units benchmark: does hosting a province's 126 wards on one installation slow a ward's
//! pages? Two installations are generated on each engine, one with a single ward and one with 126
//! wards, every ward with a demo-sized year (its bodies, people, a programme with its contents and
//! targets, meetings, oversight with recommendations, and news). The release binary serves each in
//! turn, and wrk measures the first ward's article page and its search page, and the province's
//! search over all its wards; on the installation
//! of 126 wards, a writer changes targets of the other wards through the API all the while. Rounds
//! alternate the two installations so drift in the machine falls on both alike.
//!
//! Usage: bench/units/run.sh (builds both binaries, runs, saves the report in bench/units/results).
//! Knobs (environment): ENGINES=sqlite,postgres  ROUNDS=3  DURATION=10  CONNECTIONS=32
//! WRITES=5 (per second)  UNITS=126  PG_URL=postgres://postgres@127.0.0.1:5432  PHOIHOP=path.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use domain::access::Role;
use domain::article::{ArticleDraft, Slug};
use domain::body::BodyKind;
use domain::credentials::{NewPassword, Username};
use domain::meeting::MeetingKind;
use domain::oversight::{OversightKind, RecommendationStatus};
use domain::programme::{ItemDraft, ItemStatus, ProgrammeStatus, TimeFrame, Year};
use domain::target::Direction;
use domain::unit::UnitLevel;
use rust_decimal::Decimal;
use store::oversight::{NewOversight, NewRecommendation};
use store::{NewArticle, NewMeeting, NewProgramme, NewTarget, NewUnit, Store, WriteTx};

const SEED_HTML: &str = include_str!("../../../crates/store/demo/cau-giay-2021.html");
/// The article the benchmark reads, in the first ward of each installation.
const ARTICLE_SLUG: &str = "hdnd-ubnd-uy-ban-mttq-phuong-ky-ket-chuong-trinh-phoi-hop-2026";
const SEARCH_QUERY: &str = "chuong+trinh+phoi+hop";
const TOKEN_FILE: &str = "token";

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn env_num(name: &str, default: u64) -> u64 {
    env_or(name, &default.to_string())
        .parse()
        .unwrap_or_else(|_| panic!("{name} must be a whole number"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An installation on disk or on the server, with what the writer needs: each other ward's
/// address and its targets.
struct Installation {
    label: &'static str,
    database: String,
    data_dir: PathBuf,
    others: Vec<(String, Vec<i64>)>,
    token: String,
}

/// Generate one installation: a province and `wards` wards under it, each with a demo-sized year.
async fn generate(store: &Store, wards: usize) -> (Vec<(String, Vec<i64>)>, String) {
    let mut tx = store.begin("bench").await.unwrap();
    let province = tx
        .insert_unit(&NewUnit {
            code: "01".into(),
            name: "Hà Nội".into(),
            kind: "thành phố".into(),
            level: UnitLevel::Province,
            parent_id: None,
            valid_from: day(1976, 7, 2),
            valid_to: None,
            host: None,
        })
        .await
        .unwrap();
    tx.set_setting(store::DEFAULT_UNIT, &province.id.to_string())
        .await
        .unwrap();
    let account = tx
        .insert_user(
            &Username::parse("bench").unwrap(),
            "Bench",
            &NewPassword::parse("benchmark password").unwrap(),
        )
        .await
        .unwrap();
    tx.set_operator(&account, true).await.unwrap();
    let request = domain::credentials::TokenRequest::parse("bench", "write", &[], "").unwrap();
    let (_, token) = tx.create_api_token(account.id, &request).await.unwrap();
    tx.commit().await.unwrap();
    let mut others = Vec::new();
    for i in 1..=wards {
        let mut tx = store.begin("bench").await.unwrap();
        let ward = tx
            .insert_unit(&NewUnit {
                code: format!("{:05}", 10_000 + i),
                name: format!("Thử Nghiệm {i:03}"),
                kind: "phường".into(),
                level: UnitLevel::Commune,
                parent_id: Some(province.id),
                valid_from: day(2025, 7, 1),
                valid_to: None,
                host: None,
            })
            .await
            .unwrap();
        tx.set_unit(Some(ward.id));
        let targets = ward_year(&mut tx, &ward, account.id).await;
        tx.commit().await.unwrap();
        if i > 1 {
            others.push((ward.slug.clone(), targets));
        }
    }
    (others, token)
}

/// A demo-sized year of one ward; returns its targets.
async fn ward_year(tx: &mut WriteTx, ward: &domain::unit::AdminUnit, user_id: i64) -> Vec<i64> {
    let mut bodies = Vec::new();
    for (i, t) in domain::body::template(ward).into_iter().enumerate() {
        let parent = t
            .parent
            .and_then(|p| bodies.get(p))
            .map(|b: &domain::body::Body| b.id);
        bodies.push(
            tx.insert_body(ward.id, t.kind, &t.name, &t.short_name, parent, i as i64)
                .await
                .unwrap(),
        );
    }
    let of = |k: BodyKind| bodies.iter().find(|b| b.kind == k).unwrap().id;
    let (council, committee, front) = (
        of(BodyKind::PeoplesCouncil),
        of(BodyKind::PeoplesCommittee),
        of(BodyKind::FatherlandFront),
    );
    tx.grant_role(user_id, &Role::Reader { unit_id: ward.id })
        .await
        .unwrap();
    for (n, (name, body)) in [
        ("Nguyễn Văn An", of(BodyKind::PartyCommittee)),
        ("Trần Thị Bình", council),
        ("Lê Văn Cường", committee),
        ("Phạm Thị Dung", front),
    ]
    .into_iter()
    .enumerate()
    {
        let person = tx.insert_person(ward.id, name).await.unwrap();
        let post = tx.insert_post(body, "Chủ tịch", n as i64).await.unwrap();
        tx.insert_membership(&store::NewMembership {
            person_id: person.id,
            post_id: post.id,
            term_id: None,
            starts_on: day(2025, 7, 1),
            ends_on: None,
        })
        .await
        .unwrap();
    }
    let parties = vec![council, committee, front];
    let programme = tx
        .insert_programme(&NewProgramme {
            unit_id: ward.id,
            year: Year::new(2026).unwrap(),
            title: "Chương trình phối hợp công tác năm 2026".into(),
            status: ProgrammeStatus::Signed,
            party_ids: parties.clone(),
            signed_on: Some(day(2026, 1, 16)),
            reviewed_on: None,
            review_summary: None,
        })
        .await
        .unwrap();
    let year = TimeFrame {
        starts_on: day(2026, 1, 1),
        ends_on: day(2026, 12, 31),
    };
    for (i, lead) in [council, committee, committee, front, front]
        .into_iter()
        .enumerate()
    {
        let partners = parties.iter().copied().filter(|b| *b != lead).collect();
        let draft = ItemDraft::parse(
            &format!("Phối hợp thực hiện nội dung trọng tâm số {} của chương trình phối hợp năm 2026 trên địa bàn phường.", i + 1),
            lead,
            partners,
            year.clone(),
            ItemStatus::InProgress,
        )
        .unwrap();
        tx.insert_item(programme.id, i as i64 + 1, &draft, &[])
            .await
            .unwrap();
    }
    let mut targets = Vec::new();
    for i in 0..15 {
        let t = tx
            .insert_target(
                programme.id,
                i + 1,
                &NewTarget {
                    name: format!("Chỉ tiêu kinh tế - xã hội số {} của phường", i + 1),
                    measure: "%".into(),
                    direction: Direction::HigherIsBetter,
                    plan: Decimal::from(90 + i % 10),
                    actual: Some(Decimal::from(80 + i % 20)),
                    reporting_body_id: Some(committee),
                    illustrative: true,
                    note: None,
                },
            )
            .await
            .unwrap();
        targets.push(t.id);
    }
    for (i, kind) in [MeetingKind::ReviewAndSigning, MeetingKind::VoterContact]
        .into_iter()
        .enumerate()
    {
        tx.insert_meeting(&NewMeeting {
            unit_id: ward.id,
            kind,
            title: format!("Hội nghị số {} năm 2026 của {}", i + 1, ward.full_name()),
            starts_at: domain::time::at_vietnam(
                day(2026, 1 + i as u32 * 5, 16)
                    .and_hms_opt(8, 0, 0)
                    .unwrap(),
            ),
            ends_at: None,
            venue: "Hội trường UBND phường".into(),
            programme_id: Some(programme.id),
            attendees: Vec::new(),
            chair: None,
            secretary: None,
            agenda: vec!["Nội dung hội nghị".into()],
            minutes: None,
            minutes_published: false,
            documents: Vec::new(),
            public: true,
        })
        .await
        .unwrap();
    }
    for i in 0..5 {
        let o = tx
            .insert_oversight(&NewOversight {
                unit_id: ward.id,
                kind: OversightKind::ThematicSupervision,
                title: format!("Giám sát chuyên đề số {} năm 2026", i + 1),
                conducted_by: council,
                subject_body_ids: vec![committee],
                other_subjects: None,
                starts_on: day(2026, 3, 1 + i),
                ends_on: None,
                team: Vec::new(),
                documents: Vec::new(),
                item_ids: Vec::new(),
                findings: None,
                public: true,
            })
            .await
            .unwrap();
        tx.insert_recommendation(&NewRecommendation {
            oversight_id: o.id,
            content: format!("Kiến nghị số {} sau giám sát", i + 1),
            responsible_body_id: committee,
            deadline: Some(day(2026, 12, 31)),
            status: RecommendationStatus::Open,
            public: true,
        })
        .await
        .unwrap();
    }
    let news = tx
        .insert_category(
            ward.id,
            &Slug::parse("tin-tuc-su-kien").unwrap(),
            "Tin tức - Sự kiện",
            0,
        )
        .await
        .unwrap();
    for i in 0..10 {
        let slug = if i == 0 {
            ARTICLE_SLUG.to_string()
        } else {
            String::new()
        };
        let draft = ArticleDraft::parse(
            &format!(
                "HĐND - UBND - Ủy ban MTTQ {} ký kết chương trình phối hợp năm 2026 ({})",
                ward.full_name(),
                i + 1
            ),
            &slug,
            "Ba cơ quan của phường ký kết Chương trình phối hợp công tác năm 2026.",
            SEED_HTML,
            "Ủy ban MTTQ Việt Nam phường",
            Some(domain::time::at_vietnam(
                day(2026, 1, 17 + i).and_hms_opt(9, 0, 0).unwrap(),
            )),
            vec![news.id],
        )
        .unwrap();
        tx.insert_article(&NewArticle {
            unit_id: ward.id,
            draft,
            illustrative: true,
        })
        .await
        .unwrap();
    }
    targets
}

/// One installation per size on an engine, generated once and kept in `dir`.
fn installations(engine: &str, dir: &Path, units: usize, pg_url: &str) -> Vec<Installation> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    [("one", 1usize), ("many", units)]
        .into_iter()
        .map(|(label, wards)| {
            let database = match engine {
                "sqlite" => format!("sqlite://{}", dir.join(format!("{label}.db")).display()),
                _ => {
                    let name = format!("phoihop_bench_{label}");
                    let admin = format!("{pg_url}/postgres");
                    runtime.block_on(async {
                        let server = Store::connect(&admin).await.unwrap();
                        for sql in [
                            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                            format!("CREATE DATABASE {name}"),
                        ] {
                            store::testing::execute(&server, &sql).await.unwrap();
                        }
                    });
                    format!("{pg_url}/{name}")
                }
            };
            eprintln!("units-bench: generating {label} ({wards} wards) on {engine}");
            let (others, token) = runtime.block_on(async {
                let store = Store::open(&database).await.unwrap();
                let out = generate(&store, wards).await;
                store.close().await;
                out
            });
            let data_dir = dir.join(format!("{engine}-{label}-data"));
            std::fs::write(dir.join(format!("{label}.{TOKEN_FILE}")), &token).unwrap();
            Installation {
                label,
                database,
                data_dir,
                others,
                token,
            }
        })
        .collect()
}

/// A request over a fresh connection; the status code and the body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    Some((status, response))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(binary: &Path, install: &Installation, port: u16) -> Server {
    let child = Command::new(binary)
        .args(["serve", "--no-demo", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(&install.database)
        .arg("--data-dir")
        .arg(&install.data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the phoihop binary runs");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(600);
    // Ready when the page answers and the index has the ward's records.
    let search = format!("/dv/phuong-thu-nghiem-001/tim-kiem?q={SEARCH_QUERY}");
    loop {
        if let Some((200, body)) = http(port, "GET", &search, None, "") {
            if body.contains(ARTICLE_SLUG) {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the server did not get ready in 10 min"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    server
}

/// Change targets of the other wards through the API, `per_second` a second, until stopped.
fn writer(
    port: u16,
    install: &Installation,
    per_second: u64,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
) -> std::thread::JoinHandle<()> {
    let others = install.others.clone();
    let token = install.token.clone();
    std::thread::spawn(move || {
        if others.is_empty() || per_second == 0 {
            return;
        }
        let gap = Duration::from_millis(1000 / per_second);
        let mut n = 0usize;
        while !stop.load(Ordering::Relaxed) {
            let started = Instant::now();
            let (slug, targets) = &others[n % others.len()];
            let target = targets[(n / others.len()) % targets.len()];
            let body = format!("{{\"actual\": \"{}\"}}", 50 + n % 50);
            let path = format!("/dv/{slug}/api/v1/targets/{target}");
            match http(port, "PUT", &path, Some(&token), &body) {
                Some((200, _)) => {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                other => panic!("a write failed: {:?}", other.map(|o| o.1)),
            }
            n += 1;
            std::thread::sleep(gap.saturating_sub(started.elapsed()));
        }
    })
}

/// One wrk run: requests per second, p50 and p99 in milliseconds.
fn wrk(port: u16, path: &str, seconds: u64, connections: u64) -> (f64, f64, f64) {
    let out = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--latency",
            &format!("http://127.0.0.1:{port}{path}"),
        ])
        .output()
        .expect("wrk runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Non-2xx"), "errors from {path}:\n{text}");
    let number = |line: &str| -> f64 {
        let v = line.split_whitespace().last().unwrap();
        let (n, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
        let n: f64 = n.parse().unwrap();
        match unit {
            "us" => n / 1000.0,
            "s" => n * 1000.0,
            _ => n,
        }
    };
    let rps = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .map(|l| l.split_whitespace().last().unwrap().parse().unwrap())
        .unwrap();
    let p = |q: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(q))
            .map(number)
            .unwrap()
    };
    (rps, p("50%"), p("99%"))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let engines = env_or("ENGINES", "sqlite,postgres");
    let rounds = env_num("ROUNDS", 7);
    let seconds = env_num("DURATION", 6);
    let connections = env_num("CONNECTIONS", 32);
    let writes = env_num("WRITES", 5);
    let units = env_num("UNITS", 126) as usize;
    let port = env_num("PORT", 18090) as u16;
    let pg_url = env_or("PG_URL", "postgres://postgres@127.0.0.1:5432");
    let binary = PathBuf::from(env_or("PHOIHOP", "../../target/release/phoihop"));
    assert!(
        binary.exists(),
        "build phoihop first: cargo build --release"
    );
    let dir = std::env::temp_dir().join(format!("phoihop-units-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let pages = [
        (
            "article page",
            format!("/dv/phuong-thu-nghiem-001/tin-tuc/{ARTICLE_SLUG}"),
        ),
        (
            "search",
            format!("/dv/phuong-thu-nghiem-001/tim-kiem?q={SEARCH_QUERY}"),
        ),
        // The province is the installation's default unit: its search covers every ward below.
        ("province's search", format!("/tim-kiem?q={SEARCH_QUERY}")),
    ];
    println!(
        "# Many units: one ward's pages on an installation of {units} wards, against one ward\n"
    );
    println!(
        "{rounds} rounds of {seconds} s per page and installation, the two installations in alternating order, wrk -t2 -c{connections}; \
         medians of the runs, and the median of each round's ratio (the two runs of a round are minutes apart at most, so drift in the \
         machine falls on both). On the installation of {units} wards, {writes} writes a second change targets of the other wards \
         through the API during every run.\n"
    );
    for engine in engines.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let installs = installations(engine, &dir, units, &pg_url);
        // results[install][page] = (rps, p50, p99) per round
        let mut results: Vec<Vec<Vec<(f64, f64, f64)>>> =
            vec![vec![Vec::new(); pages.len()]; installs.len()];
        let mut written = 0;
        for round in 0..rounds {
            let order: Vec<usize> = if round % 2 == 0 {
                vec![0, 1]
            } else {
                vec![1, 0]
            };
            for i in order {
                let install = &installs[i];
                eprintln!(
                    "units-bench: {engine} round {} {}",
                    round + 1,
                    install.label
                );
                let _server = serve(&binary, install, port);
                let stop = Arc::new(AtomicBool::new(false));
                let done = Arc::new(AtomicU64::new(0));
                let writing = (install.label == "many")
                    .then(|| writer(port, install, writes, stop.clone(), done.clone()));
                for (p, (_, path)) in pages.iter().enumerate() {
                    wrk(port, path, 2, connections);
                    results[i][p].push(wrk(port, path, seconds, connections));
                }
                stop.store(true, Ordering::Relaxed);
                if let Some(w) = writing {
                    w.join().unwrap();
                }
                written += done.load(Ordering::Relaxed);
            }
        }
        println!("## {engine}\n");
        println!("| page | installation | requests/s | p50 ms | p99 ms |");
        println!("|---|---|---:|---:|---:|");
        let mut ratios = Vec::new();
        for (p, (name, _)) in pages.iter().enumerate() {
            let mut rps_of = Vec::new();
            for (i, install) in installs.iter().enumerate() {
                let runs = &results[i][p];
                let rps = median(runs.iter().map(|r| r.0).collect());
                let p50 = median(runs.iter().map(|r| r.1).collect());
                let p99 = median(runs.iter().map(|r| r.2).collect());
                let label = if install.label == "one" {
                    "1 ward".to_string()
                } else {
                    format!("{units} wards, writes in the others")
                };
                println!("| {name} | {label} | {rps:.0} | {p50:.2} | {p99:.2} |");
                rps_of.push(rps);
            }
            let per_round: Vec<f64> = (0..results[0][p].len())
                .map(|r| results[1][p][r].0 / results[0][p][r].0)
                .collect();
            ratios.push((name, median(per_round), rps_of[1] / rps_of[0]));
        }
        println!();
        for (name, ratio, of_medians) in ratios {
            println!(
                "- {name}: {:.1} % of the one-ward rate, median of the rounds' ratios ({:.1} % from the medians above): {}",
                ratio * 100.0,
                of_medians * 100.0,
                if ratio >= 0.9 { "within 10 %" } else { "MORE than 10 % slower" }
            );
        }
        // The province's search over all its wards, against one ward's search alone.
        let over_all: Vec<f64> = (0..results[0][1].len())
            .map(|r| results[1][2][r].0 / results[0][1][r].0)
            .collect();
        let ratio = median(over_all);
        println!(
            "- the province's search over its {units} wards: {:.1} % of one ward's search alone, median of the rounds' ratios: {}",
            ratio * 100.0,
            if ratio >= 0.9 { "within 10 %" } else { "MORE than 10 % slower" }
        );
        println!("- writes made in the other wards during the runs: {written}\n");
    }
    if std::env::var("KEEP").is_ok() {
        eprintln!("units-bench: kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
