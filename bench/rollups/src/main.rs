//! The national-size roll-up benchmark: 34 provinces and 3,321 communes, each commune with 30
//! targets linked to the national and provincial catalogues (about 100,000 targets), with
//! programmes, contents and recommendations in proportion, on SQLite and PostgreSQL.
//!
//! It measures, on each engine:
//! - the roll-ups as the application computes them (no page cache at all): the first province's
//!   (126 communes) and the national one, each a number of times in a row;
//! - the same pages through the release binary: computed (a new address each time, so the page
//!   cache never holds it) and then served from the cache (wrk);
//! - the time from a commune's edit through the API to the province's page showing it.
//!
//! Usage: bench/rollups/run.sh. Knobs (environment): ENGINES=sqlite,postgres  PROVINCES=34
//! COMMUNES=3321  SAMPLES=30  EDITS=10  DURATION=5  CONNECTIONS=16
//! PG_URL=postgres://postgres@127.0.0.1:5432  PHOIHOP=path  KEEP=1 (keep the databases).

mod generate;
mod http;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use domain::programme::Year;
use store::Store;

use generate::{generate, Generated, YEAR};
use http::{get, put, serve, wrk};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn env_num(name: &str, default: u64) -> u64 {
    env_or(name, &default.to_string())
        .parse()
        .unwrap_or_else(|_| panic!("{name} must be a whole number"))
}

/// The `q` quantile of the samples, in milliseconds.
fn quantile(samples: &[Duration], q: f64) -> f64 {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = ((ms.len() as f64 - 1.0) * q).round() as usize;
    ms[at]
}

fn line(what: &str, samples: &[Duration], budget_ms: f64) -> String {
    let (p50, p95) = (quantile(samples, 0.5), quantile(samples, 0.95));
    let verdict = if p95 < budget_ms { "under" } else { "OVER" };
    format!("| {what} | {p50:.1} | {p95:.1} | {verdict} {budget_ms:.0} ms |")
}

/// A fresh database for the engine, with its address.
fn database(engine: &str, dir: &Path, pg_url: &str, runtime: &tokio::runtime::Runtime) -> String {
    match engine {
        "sqlite" => format!("sqlite://{}", dir.join("national.db").display()),
        _ => {
            let name = "phoihop_bench_national";
            runtime.block_on(async {
                let server = Store::connect(&format!("{pg_url}/postgres")).await.unwrap();
                for sql in [
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    format!("CREATE DATABASE {name}"),
                ] {
                    store::testing::execute(&server, &sql).await.unwrap();
                }
            });
            format!("{pg_url}/{name}")
        }
    }
}

/// The roll-ups as the application computes them, `samples` times each after a warm-up.
fn in_process(
    runtime: &tokio::runtime::Runtime,
    database: &str,
    g: &Generated,
    samples: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    runtime.block_on(async {
        let store = Store::open(database).await.unwrap();
        let app = app::App::new(store);
        let year = Year::new(YEAR).unwrap();
        let province = app
            .directory()
            .await
            .unwrap()
            .by_slug(&g.province_slug)
            .unwrap()
            .clone();
        let v = app.viewer(province, None).await.unwrap();
        // Once each first: the directory and the connections are warm for what is measured.
        app.roll_up(&v, year).await.unwrap();
        app.national_roll_up(None, year).await.unwrap();
        let mut province_times = Vec::new();
        let mut national_times = Vec::new();
        for _ in 0..samples {
            let started = Instant::now();
            let roll = app.roll_up(&v, year).await.unwrap();
            province_times.push(started.elapsed());
            assert_eq!(roll.lines.len(), 126.min(g.communes));
            let started = Instant::now();
            let national = app.national_roll_up(None, year).await.unwrap();
            national_times.push(started.elapsed());
            assert_eq!(national.communes, g.communes);
        }
        (province_times, national_times)
    })
}

/// The pages computed by the server, each request at an address the page cache has not seen.
fn computed(port: u16, path: &str, samples: usize) -> Vec<Duration> {
    (0..samples)
        .map(|i| {
            let sep = if path.contains('?') { '&' } else { '?' };
            let started = Instant::now();
            let (status, _) = get(port, &format!("{path}{sep}lan={i}")).expect("the page answers");
            assert_eq!(status, 200, "{path}");
            started.elapsed()
        })
        .collect()
}

/// A commune's edit through the API, then the province's page asked until it shows the change.
fn edit_to_page(port: u16, g: &Generated, edits: usize) -> Vec<Duration> {
    let page = format!("/dv/{}/tong-hop/{YEAR}", g.province_slug);
    let target = format!("/dv/{}/api/v1/targets/{}", g.commune_slug, g.target_id);
    (0..edits)
        .map(|i| {
            let (_, before) = get(port, &page).expect("the page answers");
            // A new actual each time, far from the others: the combined figure moves.
            let body = format!("{{\"actual\": \"{}\"}}", 10_000 + i * 1_000);
            let started = Instant::now();
            let (status, answer) = put(port, &target, &g.token, &body).expect("the edit answers");
            assert_eq!(status, 200, "{answer}");
            loop {
                let (_, now) = get(port, &page).expect("the page answers");
                if now != before {
                    break started.elapsed();
                }
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "the edit never showed"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
        })
        .collect()
}

fn main() {
    let engines = env_or("ENGINES", "sqlite,postgres");
    let provinces = env_num("PROVINCES", 34) as usize;
    let communes = env_num("COMMUNES", 3_321) as usize;
    let samples = env_num("SAMPLES", 30) as usize;
    let edits = env_num("EDITS", 10) as usize;
    let seconds = env_num("DURATION", 5);
    let connections = env_num("CONNECTIONS", 16);
    let port = env_num("PORT", 18091) as u16;
    let pg_url = env_or("PG_URL", "postgres://postgres@127.0.0.1:5432");
    let binary = PathBuf::from(env_or("PHOIHOP", "../../target/release/phoihop"));
    assert!(binary.exists(), "build phoihop first: cargo build --release");
    let dir = std::env::temp_dir().join(format!("phoihop-rollups-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();

    println!("# Roll-ups at national size\n");
    println!(
        "{provinces} provinces and {communes} communes, each commune with a programme of {YEAR} (8 contents, \
         30 targets linked to 10 national and 20 provincial indicators, 3 oversight activities with a \
         recommendation each), one programme in ten still a draft and one target in ten not reported. \
         The province has 126 communes. Times in milliseconds; each roll-up {samples} times in a row.\n"
    );
    for engine in engines.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let database = database(engine, &dir, &pg_url, &runtime);
        eprintln!("rollups-bench: generating on {engine}");
        let started = Instant::now();
        let g = runtime.block_on(async {
            let store = Store::open(&database).await.unwrap();
            let g = generate(&store, provinces, communes).await;
            // Today's reminder digests, as the server records them in its first minutes: done
            // here, the server's run at start finds them recorded and writes nothing while it is
            // measured.
            let today = domain::time::today();
            app::reminders::run_once(&store, today, None).await.unwrap();
            // An installation's tables have long been vacuumed and analysed by the time anyone
            // reads a roll-up; measured at once, PostgreSQL's autovacuum would still be at the
            // 100,000 rows just written, beside the requests.
            if engine == "postgres" {
                store::testing::execute(&store, "VACUUM ANALYZE").await.unwrap();
            }
            store.close().await;
            g
        });
        let generated = started.elapsed();
        eprintln!("rollups-bench: measuring on {engine}");
        let (province, national) = in_process(&runtime, &database, &g, samples);
        let server = serve(&binary, &database, &dir.join(format!("{engine}-data")), port, &g);
        let province_page = format!("/dv/{}/tong-hop/{YEAR}", g.province_slug);
        let national_page = format!("/toan-quoc/{YEAR}");
        let province_computed = computed(port, &province_page, samples);
        let national_computed = computed(port, &national_page, samples);
        let (rps, p50, p99) = wrk(port, &province_page, seconds, connections);
        let shown = edit_to_page(port, &g, edits);
        drop(server);

        println!("## {engine}\n");
        println!(
            "{} targets written in {:.0} s.\n",
            g.targets,
            generated.as_secs_f64()
        );
        println!("| what | p50 ms | p95 ms | budget |");
        println!("|---|---:|---:|---|");
        println!("{}", line("province roll-up, computed by the application", &province, 50.0));
        println!("{}", line("national roll-up, computed by the application", &national, 200.0));
        println!("{}", line("province page, page cache empty", &province_computed, 50.0));
        println!("{}", line("national page, computed", &national_computed, 200.0));
        println!("{}", line("a commune's edit to the province's page showing it", &shown, 1000.0));
        println!(
            "\nThe province's page served from the page cache (wrk -c{connections}, {seconds} s): \
             {rps:.0} requests/s, p50 {p50:.2} ms, p99 {p99:.2} ms.\n"
        );
    }
    if std::env::var("KEEP").is_ok() {
        eprintln!("rollups-bench: kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
