//! `search-bench`: phoihop's search index (tantivy with the Vietnamese analysis of the `vi` crate)
//! against SQLite FTS5 (`unicode61 remove_diacritics 2`) on the same generated corpus and the same
//! queries. Prints a Markdown report: indexing throughput, query latency (p50, p95, p99) and, for
//! each query with planted documents, how many of them each engine finds.
//!
//! ```sh
//! cargo run --release -- --docs 100000 [--rounds 30] [--dir /tmp/search-bench] [--sample 3]
//! ```

mod corpus;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use corpus::{Case, Plan};
use search::{Document, Kind, Query, SearchIndex};

/// Documents generated and indexed per batch.
const BATCH: usize = 10_000;
/// Results per page, as the portal shows them.
const PAGE: usize = 10;

struct Args {
    docs: usize,
    rounds: usize,
    dir: PathBuf,
    sample: usize,
    skip_fts5: bool,
    /// Search the indexes a previous run left in `dir` instead of building them.
    reuse: bool,
    /// Only the queries containing this text (for profiling one query).
    only: Option<String>,
}

/// The engine a block of latency rounds measures.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Tantivy,
    Fts5,
}

fn args() -> Args {
    let mut a = Args {
        docs: 10_000,
        rounds: 30,
        dir: std::env::temp_dir().join("phoihop-search-bench"),
        sample: 0,
        skip_fts5: false,
        reuse: false,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--docs" => a.docs = value().replace('_', "").parse().expect("--docs N"),
            "--rounds" => a.rounds = value().parse().expect("--rounds N"),
            "--dir" => a.dir = PathBuf::from(value()),
            "--sample" => a.sample = value().parse().expect("--sample N"),
            "--no-fts5" => a.skip_fts5 = true,
            "--reuse" => a.reuse = true,
            "--only" => a.only = Some(value()),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(a.docs >= 1000, "--docs must be at least 1000");
    a
}

fn dir_size(path: &std::path::Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            total += if meta.is_dir() {
                dir_size(&e.path())
            } else {
                meta.len()
            };
        }
    }
    total
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// The FTS5 form of what the user typed: quoted stretches stay phrases, every other word is a
/// quoted token (so nothing in it is FTS5 syntax), all of them required.
fn fts5_query(text: &str) -> String {
    let mut parts = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        let words: Vec<String> = part
            .split(|c: char| !c.is_alphanumeric() && !is_mark(c))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(format!("\"{}\"", words.join(" ")));
        } else {
            parts.extend(words.into_iter().map(|w| format!("\"{w}\"")));
        }
    }
    parts.join(" ")
}

/// Combining marks (an NFD query's tones) belong to their word.
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

struct Engine {
    name: &'static str,
    index_time: Duration,
    size: u64,
    latencies: Vec<Vec<Duration>>,
    totals: Vec<usize>,
    found_all: Vec<Option<(usize, bool)>>,
    found_top: Vec<Option<usize>>,
}

impl Engine {
    fn new(name: &'static str, cases: usize) -> Self {
        Engine {
            name,
            index_time: Duration::ZERO,
            size: 0,
            latencies: vec![Vec::new(); cases],
            totals: vec![0; cases],
            found_all: vec![None; cases],
            found_top: vec![None; cases],
        }
    }
}

fn main() {
    let a = args();
    let cases = corpus::cases();
    let plan = Plan::new(a.docs, &cases);
    if a.sample > 0 {
        for id in 1..=a.sample as i64 {
            let d = corpus::doc(id, &plan);
            println!("# {} ({})\n{}\n", d.title, d.year, d.body);
        }
        return;
    }
    let tantivy_dir = a.dir.join("tantivy");
    let sqlite_path = a.dir.join("fts5.db");
    let reuse = a.reuse && tantivy_dir.join("meta.json").exists();
    if !reuse {
        let _ = std::fs::remove_dir_all(&a.dir);
    }
    std::fs::create_dir_all(&a.dir).expect("the bench directory");

    let index = SearchIndex::open_or_create(&tantivy_dir).expect("the index opens");
    let db = rusqlite::Connection::open(&sqlite_path).expect("the database opens");
    let mut generated = 0usize;
    if reuse {
        generated = a.docs;
    } else {
        db.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;
         CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
         INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(2.0, 1.0)');",
    )
    .expect("the FTS5 table");
    }

    let mut tv = Engine::new("phoihop (tantivy)", cases.len());
    let mut fts = Engine::new("SQLite FTS5", cases.len());
    let mut bytes = 0usize;
    let mut gen_time = Duration::ZERO;
    eprintln!("indexing {} documents…", a.docs);
    while generated < a.docs {
        let n = BATCH.min(a.docs - generated);
        let t = Instant::now();
        let batch: Vec<corpus::Doc> = (generated + 1..=generated + n)
            .map(|id| corpus::doc(id as i64, &plan))
            .collect();
        gen_time += t.elapsed();
        bytes += batch
            .iter()
            .map(|d| d.title.len() + d.body.len())
            .sum::<usize>();
        generated += n;

        let docs: Vec<Document> = batch
            .iter()
            .map(|d| Document {
                kind: Kind::Article,
                id: d.id,
                title: d.title.clone(),
                body: d.body.clone(),
                url: format!("/tin-tuc/{}", d.id),
                year: Some(d.year),
                body_ids: Vec::new(),
                unit_id: 0,
                public: true,
                published_at: Some(d.published_at),
            })
            .collect();
        let t = Instant::now();
        index.upsert(&docs).expect("upsert");
        tv.index_time += t.elapsed();

        if !a.skip_fts5 {
            let t = Instant::now();
            let tx = db.unchecked_transaction().expect("a transaction");
            {
                let mut insert = tx
                    .prepare_cached("INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)")
                    .expect("insert");
                for d in &batch {
                    insert
                        .execute(rusqlite::params![d.id, d.title, d.body])
                        .expect("insert");
                }
            }
            tx.commit().expect("commit");
            fts.index_time += t.elapsed();
        }
        if generated.is_multiple_of(100_000) {
            eprintln!("  {generated}");
        }
    }
    let t = Instant::now();
    if !reuse {
        index.set_last_seq(1).expect("seq");
        index.commit().expect("commit");
    }
    tv.index_time += t.elapsed();
    let t = Instant::now();
    let merged = index.merge_segments().expect("merge");
    let merge_time = t.elapsed();
    // Both indexes were just written: let the kernel write the gigabytes back before timing
    // queries, which would otherwise compete with that for the disk and the CPU.
    let _ = std::process::Command::new("sync").status();
    std::thread::sleep(Duration::from_secs(5));
    tv.size = dir_size(&tantivy_dir);
    if !a.skip_fts5 && !reuse {
        let t = Instant::now();
        db.execute_batch("INSERT INTO docs(docs) VALUES('optimize');")
            .expect("optimize");
        fts.index_time += t.elapsed();
        fts.size = std::fs::metadata(&sqlite_path)
            .map(|m| m.len())
            .unwrap_or(0);
    }

    // Recall: how many planted documents each engine finds, among all matches and on page 1.
    for (c, case) in cases.iter().enumerate() {
        if a.only
            .as_ref()
            .is_some_and(|o| !case.query.contains(o.as_str()))
        {
            continue;
        }
        let expected: HashSet<i64> = if case.planted.is_empty() {
            HashSet::new()
        } else {
            corpus::planted_ids(a.docs, c).into_iter().collect()
        };
        // tantivy: every match, page by page (up to the deepest page the index serves).
        let mut q = Query::new(case.query.clone());
        q.limit = search::MAX_LIMIT;
        let mut all = HashSet::new();
        let first = index.search(&q).expect("search");
        tv.totals[c] = first.total;
        let top: HashSet<i64> = first.hits.iter().take(PAGE).map(|h| h.id).collect();
        all.extend(first.hits.iter().map(|h| h.id));
        if !expected.is_empty() {
            while all.len() < first.total && q.offset + q.limit <= search::MAX_OFFSET {
                q.offset += q.limit;
                let page = index.search(&q).expect("search");
                if page.hits.is_empty() {
                    break;
                }
                all.extend(page.hits.iter().map(|h| h.id));
            }
            tv.found_all[c] = Some((expected.intersection(&all).count(), all.len() < first.total));
            tv.found_top[c] = Some(expected.intersection(&top).count());
        }
        if !a.skip_fts5 {
            let m = fts5_query(&case.query);
            let ids: Vec<i64> = if m.is_empty() {
                Vec::new()
            } else {
                let mut st = db
                    .prepare("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank")
                    .expect("select");
                let rows = st
                    .query_map([&m], |r| r.get::<_, i64>(0))
                    .expect("query")
                    .collect::<Result<Vec<i64>, _>>()
                    .expect("rows");
                rows
            };
            fts.totals[c] = ids.len();
            if !expected.is_empty() {
                let all: HashSet<i64> = ids.iter().copied().collect();
                let top: HashSet<i64> = ids.iter().take(PAGE).copied().collect();
                fts.found_all[c] = Some((expected.intersection(&all).count(), false));
                fts.found_top[c] = Some(expected.intersection(&top).count());
            }
        }
    }

    // Latency: every query once to warm up, then `rounds` rounds in a shuffled order. One page
    // of results as the portal asks for it: tantivy with its total, facets, highlighted
    // snippets and "did you mean"; FTS5 with its total, highlighted title and snippet.
    let mut fts_stmt_top = db
        .prepare(
            "SELECT rowid, highlight(docs, 0, '<mark>', '</mark>'), \
                    snippet(docs, 1, '<mark>', '</mark>', '…', 40) \
             FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
        )
        .expect("prepare");
    let mut fts_stmt_count = db
        .prepare("SELECT count(*) FROM docs WHERE docs MATCH ?1")
        .expect("prepare");
    // Each engine has its own block of rounds, in the same shuffled order: interleaving them made
    // each query pay for the caches the other engine's query had just filled with its own data.
    for engine in [Which::Tantivy, Which::Fts5] {
        if engine == Which::Fts5 && a.skip_fts5 {
            continue;
        }
        let mut order: Vec<usize> = (0..cases.len()).collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..=a.rounds {
            // A small xorshift keeps the order reproducible without another dependency.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &c in &order {
                let case: &Case = &cases[c];
                if a.only
                    .as_ref()
                    .is_some_and(|o| !case.query.contains(o.as_str()))
                {
                    continue;
                }
                if engine == Which::Tantivy {
                    let mut q = Query::new(case.query.clone());
                    q.limit = PAGE;
                    let t = Instant::now();
                    let r = index.search(&q).expect("search");
                    let took = t.elapsed();
                    std::hint::black_box(r);
                    if round > 0 {
                        tv.latencies[c].push(took);
                    }
                    continue;
                }
                let m = fts5_query(&case.query);
                let t = Instant::now();
                if !m.is_empty() {
                    let rows: Vec<(i64, String, String)> = fts_stmt_top
                        .query_map([&m], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .expect("query")
                        .collect::<Result<_, _>>()
                        .expect("rows");
                    let count: i64 = fts_stmt_count.query_row([&m], |r| r.get(0)).expect("count");
                    std::hint::black_box((rows, count));
                }
                let took = t.elapsed();
                if round > 0 {
                    fts.latencies[c].push(took);
                }
            }
        }
    }

    report(&a, &cases, &tv, &fts, bytes, gen_time, merged, merge_time);
}

#[allow(clippy::too_many_arguments)]
fn report(
    a: &Args,
    cases: &[Case],
    tv: &Engine,
    fts: &Engine,
    bytes: usize,
    gen_time: Duration,
    segments: usize,
    merge_time: Duration,
) {
    let engines: Vec<&Engine> = if a.skip_fts5 { vec![tv] } else { vec![tv, fts] };
    println!(
        "## Search: {} articles ({:.0} MB of text, generated in {:.1} s)\n",
        a.docs,
        bytes as f64 / 1e6,
        gen_time.as_secs_f64()
    );
    println!(
        "{} rounds of {} queries, one page of {PAGE} results each, one query at a time (phoihop's \"did you mean\" on a second thread), release build.\n",
        a.rounds,
        cases.len()
    );
    println!("| engine | indexing | docs/s | MB/s | index size | p50 | p95 | p99 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for e in &engines {
        let mut all: Vec<Duration> = e.latencies.iter().flatten().copied().collect();
        all.sort();
        let secs = e.index_time.as_secs_f64();
        println!(
            "| {} | {:.1} s | {:.0} | {:.1} | {:.0} MB | {} ms | {} ms | {} ms |",
            e.name,
            secs,
            a.docs as f64 / secs,
            bytes as f64 / 1e6 / secs,
            e.size as f64 / 1e6,
            ms(percentile(&all, 50.0)),
            ms(percentile(&all, 95.0)),
            ms(percentile(&all, 99.0)),
        );
    }
    println!(
        "\ntantivy's time includes the commit; then merging into {segments} segment(s) took {:.1} s more.\n",
        merge_time.as_secs_f64()
    );
    let header: Vec<String> = engines
        .iter()
        .map(|e| format!("{}: p50 / p95 ms, matches, planted found (page 1)", e.name))
        .collect();
    println!("| query | what it shows | {} |", header.join(" | "));
    println!("|---|---|{}", "---|".repeat(engines.len()));
    for (c, case) in cases.iter().enumerate() {
        let cells: Vec<String> = engines
            .iter()
            .map(|e| {
                let mut l = e.latencies[c].clone();
                l.sort();
                let found = match (e.found_all[c], e.found_top[c]) {
                    (Some((n, truncated)), Some(top)) => format!(
                        "{}{n}/{} ({top})",
                        if truncated { "≥" } else { "" },
                        corpus::PLANTED
                    ),
                    _ => "–".to_string(),
                };
                format!(
                    "{} / {}, {}, {}",
                    ms(percentile(&l, 50.0)),
                    ms(percentile(&l, 95.0)),
                    e.totals[c],
                    found
                )
            })
            .collect();
        let shown = if case.query.chars().any(super_is_mark) {
            format!("{} (NFD)", nfc_display(&case.query))
        } else {
            case.query.clone()
        };
        println!(
            "| `{}` | {} | {} |",
            shown.replace('|', "\\|"),
            case.note,
            cells.join(" | ")
        );
    }
}

fn super_is_mark(c: char) -> bool {
    is_mark(c)
}

fn nfc_display(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}
