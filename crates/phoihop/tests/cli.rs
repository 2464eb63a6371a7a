//! The binary as an operator meets it: one clear line for each mistake, a server that answers, and
//! `verify` naming the record someone changed.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn phoihop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("PHOIHOP_ADDR")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn temp_db() -> String {
    let path = std::env::temp_dir().join(format!(
        "phoihop-cli-{}-{}.db",
        std::process::id(),
        Instant::now().elapsed().as_nanos() + rand_suffix()
    ));
    format!("sqlite://{}", path.display())
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").as_bytes())
        .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

#[test]
fn an_unsupported_database_url_is_one_line_saying_what_to_use() {
    let out = phoihop(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--database",
        "mysql://root@localhost/x",
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("địa chỉ cơ sở dữ liệu không hợp lệ"), "{err}");
    assert!(err.contains("sqlite://"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn an_unreachable_database_is_one_line_naming_it() {
    let port = free_port();
    let url = format!("postgres://postgres:secret@127.0.0.1:{port}/x");
    let out = phoihop(&["serve", "--addr", "127.0.0.1:0", "--database", &url]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("không kết nối được cơ sở dữ liệu"), "{err}");
    assert!(
        !err.contains("secret"),
        "the password must not be printed: {err}"
    );
}

#[test]
fn a_port_in_use_is_one_line_saying_how_to_choose_another() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = phoihop(&["serve", "--addr", &addr, "--database", &temp_db()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("đang được một chương trình khác dùng"),
        "{err}"
    );
    assert!(err.contains("--addr"), "{err}");
}

/// `phoihop serve` on a free port with these arguments, answering its health check.
fn start_server(args: &[&str]) -> (Server, u16) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(health) = http_get(port, "/healthz") {
            assert!(health.starts_with("HTTP/1.0 200"), "{health}");
            return (server, port);
        }
        assert!(
            Instant::now() < deadline,
            "the server did not answer in 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_creates_the_database_loads_the_demo_and_answers() {
    let db = temp_db();
    let (_server, port) = start_server(&["--database", &db]);
    let page = http_get(port, "/chi-tieu/2020").unwrap();
    assert!(page.contains("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"));
}

#[test]
fn verify_passes_on_an_intact_log_and_names_the_record_that_was_changed() {
    let db = temp_db();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&db)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate());
        store::demo::load(&store).await.unwrap();
        store.close().await;
    });
    let ok = phoihop(&["verify", "--database", &db]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("toàn vẹn"));

    let seq: i64 = runtime.block_on(async {
        let store = store::Store::connect(&db).await.unwrap();
        let seq: i64 = sqlx::query_scalar(
            "SELECT MIN(seq) FROM change_log WHERE entity = 'target'",
        )
        .fetch_one(store.db_read())
        .await
        .unwrap();
        // One byte: a plan of 100 becomes 900.
        sqlx::query(
            "UPDATE change_log SET after_json = REPLACE(after_json, '\"plan\":\"100\"', '\"plan\":\"900\"') WHERE seq = $1",
        )
        .bind(seq)
        .execute(store.db_write())
        .await
        .unwrap();
        store.close().await;
        seq
    });
    let bad = phoihop(&["verify", "--database", &db]);
    assert!(!bad.status.success());
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(out.contains(&format!("change_log #{seq} (target")), "{out}");
    // The province sees whose records were touched.
    assert!(out.contains("đơn vị: quận Cầu Giấy"), "{out}");
    assert!(out.contains("KHÔNG toàn vẹn"), "{out}");
}

fn phoihop_with_password(args: &[&str], password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("PHOIHOP_PASSWORD", password)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_first_administrator_is_made_from_the_command_line_and_can_get_a_token() {
    let db = temp_db();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&db)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate());
        store::demo::load(&store).await.unwrap();
        store.close().await;
    });
    let short = phoihop_with_password(
        &[
            "user",
            "add",
            "bientap",
            "--name",
            "Biên tập viên",
            "--database",
            &db,
        ],
        "ngan",
    );
    assert!(!short.status.success());
    assert!(
        stderr(&short).contains("Mật khẩu cần ít nhất 12 ký tự"),
        "{}",
        stderr(&short)
    );
    let add = phoihop_with_password(
        &[
            "user",
            "add",
            "bientap",
            "--name",
            "Biên tập viên",
            "--database",
            &db,
        ],
        "mật khẩu đủ dài",
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let again = phoihop_with_password(
        &["user", "add", "bientap", "--name", "X", "--database", &db],
        "mật khẩu đủ dài",
    );
    assert!(
        stderr(&again).contains("“bientap” đã có người dùng"),
        "{}",
        stderr(&again)
    );
    let role = phoihop(&["user", "role", "bientap", "admin", "--database", &db]);
    assert!(role.status.success(), "{}", stderr(&role));
    let bad_role = phoihop(&["user", "role", "bientap", "editor", "--database", &db]);
    assert!(!bad_role.status.success());
    let token = phoihop(&["token", "create", "bientap", "--database", &db]);
    assert!(String::from_utf8_lossy(&token.stdout).contains("ph_"));
    let key = phoihop(&["key", "create", "bientap", "--body", "1", "--database", &db]);
    assert!(!key.status.success(), "only a head gets a signing key");
}

#[test]
fn verify_names_a_signed_programme_whose_content_was_changed() {
    let db = temp_db();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&db)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate());
        store::demo::load(&store).await.unwrap();
        sqlx::query("UPDATE programme_items SET content = content || '.' WHERE id = (SELECT MAX(i.id) FROM programme_items i JOIN programmes p ON p.id = i.programme_id WHERE p.year = 2021)")
            .execute(store.db_write())
            .await
            .unwrap();
        store.close().await;
    });
    let out = phoihop(&["verify", "--database", &db]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("(năm 2021, version 1) — đơn vị: quận Cầu Giấy"),
        "{text}"
    );
    assert!(text.contains("Chữ ký KHÔNG hợp lệ"), "{text}");
}

#[test]
fn serve_without_the_demo_starts_on_an_empty_database_and_asks_to_be_set_up() {
    let db = temp_db();
    let (_server, port) = start_server(&["--no-demo", "--database", &db]);
    let first = http_get(port, "/").unwrap();
    assert!(first.starts_with("HTTP/1.0 303"), "{first}");
    assert!(first.contains("location: /cai-dat"), "{first}");
    let setup = http_get(port, "/cai-dat").unwrap();
    assert!(setup.contains("Cài đặt hệ thống"), "{setup}");
}

#[test]
fn init_and_unit_commands_set_up_a_ward_for_scripts() {
    let db = temp_db();
    let init = phoihop_with_password(
        &[
            "init",
            "--username",
            "hethong",
            "--name",
            "Quản trị hệ thống",
            "--database",
            &db,
        ],
        "mật khẩu hệ thống",
    );
    assert!(init.status.success(), "{}", stderr(&init));
    let again = phoihop_with_password(
        &[
            "init",
            "--username",
            "khac",
            "--name",
            "X",
            "--database",
            &db,
        ],
        "mật khẩu hệ thống",
    );
    assert!(
        stderr(&again).contains("đã có quản trị hệ thống"),
        "{}",
        stderr(&again)
    );

    let city = phoihop(&[
        "unit",
        "add",
        "--kind",
        "thành phố",
        "--name",
        "Hà Nội",
        "--code",
        "01",
        "--from",
        "02/07/1976",
        "--database",
        &db,
    ]);
    assert!(city.status.success(), "{}", stderr(&city));
    let bad = phoihop(&[
        "unit",
        "add",
        "--kind",
        "phố",
        "--name",
        "Nghĩa Đô",
        "--code",
        "00160",
        "--parent",
        "01",
        "--from",
        "01/07/2025",
        "--database",
        &db,
    ]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("Loại đơn vị phải là một trong"),
        "{}",
        stderr(&bad)
    );
    let ward = phoihop(&[
        "unit",
        "add",
        "--kind",
        "phường",
        "--name",
        "Nghĩa Đô",
        "--code",
        "00160",
        "--parent",
        "thanh-pho-ha-noi",
        "--from",
        "01/07/2025",
        "--host",
        "nghiado.example",
        "--database",
        &db,
    ]);
    assert!(ward.status.success(), "{}", stderr(&ward));
    assert!(String::from_utf8_lossy(&ward.stdout).contains("/dv/phuong-nghia-do"));

    let admin = phoihop_with_password(
        &[
            "unit",
            "admin",
            "phuong-nghia-do",
            "nd.quantri",
            "--name",
            "Trần Thị Quản Trị",
            "--database",
            &db,
        ],
        "mật khẩu quản trị phường",
    );
    assert!(admin.status.success(), "{}", stderr(&admin));
    let list = phoihop(&["unit", "list", "--database", &db]);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("phuong-nghia-do"), "{listed}");
    assert!(listed.contains("nghiado.example"), "{listed}");
    assert!(listed.contains("mặc định"), "{listed}");

    // A role in a named unit for an account that exists.
    let reader = phoihop_with_password(
        &[
            "user",
            "add",
            "nd.doc",
            "--name",
            "Người đọc",
            "--database",
            &db,
        ],
        "mật khẩu người đọc",
    );
    assert!(reader.status.success(), "{}", stderr(&reader));
    let role = phoihop(&[
        "user",
        "role",
        "nd.doc",
        "reader",
        "--unit",
        "phuong-nghia-do",
        "--database",
        &db,
    ]);
    assert!(role.status.success(), "{}", stderr(&role));
    assert!(String::from_utf8_lossy(&role.stdout).contains("phường Nghĩa Đô"));
    let unknown = phoihop(&[
        "user",
        "role",
        "nd.doc",
        "reader",
        "--unit",
        "phuong-khong-co",
        "--database",
        &db,
    ]);
    assert!(
        stderr(&unknown).contains("không có đơn vị “phuong-khong-co”"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn user_passwd_gives_a_locked_out_account_a_new_password_and_lifts_the_lock() {
    let db = temp_db();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let open = || async {
        store::Store::open(&db)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate())
    };
    runtime.block_on(async {
        let store = open().await;
        store::demo::load(&store).await.unwrap();
        let app = app::App::new(store.clone());
        for i in 0..=app::accounts::MAX_FAILURES_PER_ACCOUNT {
            app.sign_in("quantri", &format!("đoán sai {i}"), Default::default())
                .await
                .unwrap();
        }
        store.close().await;
    });
    let passwd = phoihop_with_password(
        &["user", "passwd", "quantri", "--database", &db],
        "mật khẩu mới đủ dài",
    );
    assert!(passwd.status.success(), "{}", stderr(&passwd));
    assert!(String::from_utf8_lossy(&passwd.stdout).contains("không còn bị tạm khóa"));
    runtime.block_on(async {
        let store = open().await;
        let signed_in = app::App::new(store.clone())
            .sign_in("quantri", "mật khẩu mới đủ dài", Default::default())
            .await
            .unwrap();
        assert!(
            matches!(signed_in, app::accounts::SignIn::Opened { .. }),
            "{signed_in:?}"
        );
        store.close().await;
    });
}
