//! The search index as an operator meets it: `reindex` with its data directory, and two app
//! nodes on one database, each with its own index, each finding an edit made on the other.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = store::demo::SEED_ARTICLE_SLUG;

fn unique(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "phoihop-search-{}-{nanos}-{name}",
        std::process::id()
    ))
}

/// A new SQLite database with the demo data; its URL.
fn demo_db() -> (String, PathBuf) {
    let path = unique("x.db");
    let url = format!("sqlite://{}", path.display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&url)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate());
        store::demo::load(&store).await.unwrap();
        store.close().await;
    });
    (url, path)
}

fn phoihop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("PHOIHOP_DATA_DIR")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn request(port: u16, line: &str, headers: &str, body: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .write_all(
            format!(
                "{line} HTTP/1.0\r\nHost: localhost\r\nContent-Length: {}\r\n{headers}\r\n{body}",
                body.len(),
            )
            .as_bytes(),
        )
        .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

fn serve(db: &str, data_dir: &std::path::Path) -> (Server, u16) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database",
            db,
            "--data-dir",
            &data_dir.display().to_string(),
        ])
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while request(port, "GET /healthz", "", "").is_none() {
        assert!(Instant::now() < deadline, "the server did not answer");
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, port)
}

/// Search on a node until the seed article is found, for at most `limit`.
fn finds_seed(port: u16, q: &str, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(page) = request(port, &format!("GET /tim-kiem?q={q}"), "", "") {
            if page.contains(&format!("href=\"/tin-tuc/{SEED}\"")) {
                return Some(start.elapsed());
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn reindex_builds_the_index_in_the_data_directory_next_to_the_database() {
    let (db, path) = demo_db();
    let out = phoihop(&["reindex", "--database", &db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Đã dựng lại chỉ mục tìm kiếm"), "{said}");
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let default_dir = path.with_file_name(format!("{stem}-data")).join("search");
    assert!(default_dir.join("meta.json").exists(), "{said}");

    let elsewhere = unique("data");
    let out = phoihop(&[
        "reindex",
        "--database",
        &db,
        "--data-dir",
        &elsewhere.display().to_string(),
    ]);
    assert!(out.status.success());
    assert!(elsewhere.join("search").join("meta.json").exists());
}

#[test]
fn an_edit_on_one_node_is_found_on_another_within_a_second_or_two() {
    let (db, _) = demo_db();
    let token_out = phoihop(&["token", "create", "cv.hdnd", "--database", &db]);
    let said = String::from_utf8_lossy(&token_out.stdout).to_string();
    let token = said
        .split_whitespace()
        .find(|w| w.starts_with("ph_"))
        .unwrap_or_else(|| panic!("no token in {said}"))
        .to_string();
    let (_a, port_a) = serve(&db, &unique("node-a"));
    let (_b, port_b) = serve(&db, &unique("node-b"));
    // Each node builds its own index from the database at start.
    for port in [port_a, port_b] {
        assert!(finds_seed(port, "cau+giay", Duration::from_secs(20)).is_some());
    }
    let body = format!(
        r#"{{"title": "HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy: hội thao truyền thống", "slug": "{SEED}", "body_html": "<p>Hội thao truyền thống chào mừng ngày thành lập quận.</p>", "published_at": "2021-01-23T07:46:00Z"}}"#
    );
    let q = "%22hoi+thao+truyen+thong%22";
    assert!(finds_seed(port_b, q, Duration::from_millis(10)).is_none());
    let put = request(
        port_a,
        &format!("PUT /api/v1/articles/{SEED}"),
        &format!("Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"),
        &body,
    )
    .unwrap();
    assert!(put.starts_with("HTTP/1.0 200"), "{put}");
    let took = finds_seed(port_b, q, Duration::from_secs(2))
        .expect("the other node finds the edit within 2 s");
    assert!(finds_seed(port_a, q, Duration::from_secs(2)).is_some());
    eprintln!("the other node found the edit after {took:?}");
}
