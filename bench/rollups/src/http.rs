//! The server under measure: the release binary started on a database, and plain HTTP/1.0
//! requests to it over fresh connections; wrk for the served pages.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::generate::{Generated, YEAR};

/// A request; the status code and the body.
fn request(port: u16, method: &str, path: &str, token: Option<&str>, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
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
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    Some((status, body.to_string()))
}

pub fn get(port: u16, path: &str) -> Option<(u16, String)> {
    request(port, "GET", path, None, "")
}

pub fn put(port: u16, path: &str, token: &str, body: &str) -> Option<(u16, String)> {
    request(port, "PUT", path, Some(token), body)
}

pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The binary serving `database`, once the province's roll-up answers. The search index is built
/// first, so that the server does not build it while it is measured.
pub fn serve(binary: &Path, database: &str, data_dir: &Path, port: u16, g: &Generated) -> Server {
    let indexed = Command::new(binary)
        .arg("reindex")
        .arg("--database")
        .arg(database)
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the phoihop binary runs");
    assert!(indexed.success(), "phoihop reindex failed");
    let child = Command::new(binary)
        .args(["serve", "--no-demo", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(database)
        .arg("--data-dir")
        .arg(data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the phoihop binary runs");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(900);
    let page = format!("/dv/{}/tong-hop/{YEAR}", g.province_slug);
    while !matches!(get(port, &page), Some((200, _))) {
        assert!(Instant::now() < deadline, "the server did not get ready in 15 min");
        std::thread::sleep(Duration::from_millis(200));
    }
    server
}

/// One wrk run: requests per second, p50 and p99 in milliseconds.
pub fn wrk(port: u16, path: &str, seconds: u64, connections: u64) -> (f64, f64, f64) {
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
