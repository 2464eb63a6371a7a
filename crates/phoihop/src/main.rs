//! The phoihop binary: a thin clap front over the library crates. `serve` runs the portal;
//! `verify` checks the change log's hash chain. Errors end as one line on stderr, never a panic.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use store::Store;

mod allocator;
mod backup;
mod installation;
mod search_index;
mod secrets;
mod spreadsheets;

/// phoihop: the joint work programme of HĐND, UBND and Ủy ban MTTQ, and the unit's public portal.
#[derive(Debug, Parser)]
#[command(name = "phoihop", version, about)]
struct Cli {
    /// Database: sqlite://FILE (embedded, the default) or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://phoihop.db"
    )]
    database: String,

    /// Data directory of this node (the search index lives in its `search/`); by default next
    /// to the SQLite file (phoihop.db → phoihop-data), or ./phoihop-data for PostgreSQL.
    #[arg(long, global = true, env = "PHOIHOP_DATA_DIR")]
    data_dir: Option<std::path::PathBuf>,

    /// The master key that seals the signing keys in the database (64 hex digits in a file).
    /// By default phoihop.key in the data directory, made on first start; in production keep it
    /// elsewhere (and backed up apart from the database). PHOIHOP_MASTER_KEY gives it directly.
    #[arg(long, global = true, env = "PHOIHOP_KEY_FILE")]
    key_file: Option<std::path::PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal and the API (the default command).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "PHOIHOP_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Do not load the demo data into an empty database.
        #[arg(long)]
        no_demo: bool,
        /// SMTP relay for the daily reminder digests, e.g. smtp://127.0.0.1:25; without it the
        /// digests appear in the workspace only.
        #[arg(long, env = "PHOIHOP_SMTP_URL")]
        smtp_url: Option<String>,
        /// Sender address of the reminder digests.
        #[arg(long, env = "PHOIHOP_SMTP_FROM", default_value = "phoihop@localhost")]
        smtp_from: String,
        /// The installation's public address, e.g. https://congthongtin.hanoi.gov.vn: calendars,
        /// feeds and e-mails link there (a unit's own address, set in its settings, comes first).
        /// Default: http:// and the listening address.
        #[arg(long, env = "PHOIHOP_PUBLIC_URL")]
        public_url: Option<String>,
        /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, as addresses
        /// or networks separated by commas (127.0.0.1, 10.0.0.0/8). Without it the peer of the
        /// connection is the client, and forwarding headers are ignored.
        #[arg(long, env = "PHOIHOP_TRUSTED_PROXIES", default_value = "")]
        trusted_proxies: String,
        /// A PostgreSQL hot standby to answer visitors' pages from (postgres://…); staff, who
        /// must see their own writes, and every write go to --database.
        #[arg(long, env = "PHOIHOP_DATABASE_READ")]
        database_read: Option<String>,
    },
    /// Check the change log's hash chain and every programme signature; name every record that fails.
    Verify,
    /// Write a consistent backup while the server runs: SQLite's own copy, or a pg_dump archive
    /// (custom format) for PostgreSQL. The master key is not in it: keep that apart.
    Backup {
        /// The new file to write.
        #[arg(long, short)]
        output: std::path::PathBuf,
    },
    /// Bring a backup back into an empty database (--database), then verify its change log.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Rebuild the search index from the database, with a progress bar (stop `serve` first: it
    /// holds the index; it also rebuilds it by itself when it is missing or outdated).
    Reindex,
    /// Set up an empty installation: create its operator (quản trị hệ thống), once. The password
    /// comes from PHOIHOP_PASSWORD or the terminal.
    Init {
        #[arg(long)]
        username: String,
        /// The operator's name as pages show it.
        #[arg(long)]
        name: String,
    },
    /// Units: list, add, import the official list, default, host name, administrator, merge/split.
    #[command(subcommand)]
    Unit(installation::UnitCommand),
    /// Accounts: add one, change its password, grant it a role.
    #[command(subcommand)]
    User(UserCommand),
    /// Ed25519 signing keys held for the heads of bodies.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import targets or programme contents from an XLSX or CSV file: all rows or none.
    #[command(subcommand)]
    Import(spreadsheets::ImportCommand),
    /// Export targets, programme contents or news as XLSX or CSV, or the open-data archive.
    #[command(subcommand)]
    Export(spreadsheets::ExportCommand),
    /// Convert a text file in TCVN3 (ABC), VNI or Windows-1258 to Unicode (UTF-8, NFC).
    Convert {
        file: std::path::PathBuf,
        /// The file to write; standard output when absent.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account; the password is read from PHOIHOP_PASSWORD or asked for on the terminal.
    Add {
        username: String,
        /// The name shown on pages, e.g. "Nguyễn Văn A".
        #[arg(long)]
        name: String,
    },
    /// Change an account's password (ends its sessions).
    Passwd { username: String },
    /// Grant a role in a unit: admin, reader, or editor, head (of a body, by id).
    Role {
        username: String,
        role: String,
        /// The unit, by its address (phuong-nghia-do) or code; the default unit when absent.
        #[arg(long)]
        unit: Option<String>,
        /// The body, for editor and head.
        #[arg(long)]
        body: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
enum KeyCommand {
    /// Create a signing key held for a head of a body.
    Create {
        username: String,
        #[arg(long)]
        body: i64,
    },
    /// Replace the master key: every signing key is sealed again with a new one, then the key
    /// file is replaced.
    Rotate,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Issue a personal API token; it is printed once.
    Create {
        username: String,
        #[arg(long, default_value = "api")]
        name: String,
        /// Read only: the token writes nothing.
        #[arg(long)]
        read_only: bool,
        /// The kinds of record it writes, comma-separated (programme, target, meeting, oversight,
        /// organisation, article); every kind when absent.
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// Days until it stops working: 7, 30, 90 or 365, or `never`.
        #[arg(long, default_value = "90")]
        expires_in_days: String,
    },
    /// Revoke a token by its id.
    Revoke { id: i64 },
}

fn main() -> ExitCode {
    allocator::give_memory_back_at_once();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                // The search index's own routine lines (segments merged, readers reloaded) are
                // for whoever debugs it, not the operator's log.
                .unwrap_or_else(|_| "info,sqlx=warn,tantivy=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("phoihop: không khởi động được bộ thực thi: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("phoihop: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let data_dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(|| search_index::default_data_dir(&cli.database));
    secrets::configure(&data_dir, cli.key_file.clone());
    match cli.command.unwrap_or(Command::Serve {
        addr: std::env::var("PHOIHOP_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into()),
        no_demo: false,
        smtp_url: std::env::var("PHOIHOP_SMTP_URL").ok(),
        smtp_from: std::env::var("PHOIHOP_SMTP_FROM")
            .unwrap_or_else(|_| "phoihop@localhost".into()),
        public_url: std::env::var("PHOIHOP_PUBLIC_URL").ok(),
        trusted_proxies: std::env::var("PHOIHOP_TRUSTED_PROXIES").unwrap_or_default(),
        database_read: std::env::var("PHOIHOP_DATABASE_READ").ok(),
    }) {
        Command::Serve {
            addr,
            no_demo,
            smtp_url,
            smtp_from,
            public_url,
            trusted_proxies,
            database_read,
        } => {
            let trusted_proxies =
                web::proxy::TrustedProxies::parse(&trusted_proxies).map_err(anyhow::Error::msg)?;
            let smtp = smtp_url
                .map(|url| app::reminders::SmtpConfig::parse(&url, &smtp_from))
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let public_url = public_url.unwrap_or_else(|| format!("http://{addr}"));
            if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
                anyhow::bail!(
                    "địa chỉ công khai “{public_url}” không hợp lệ: dùng dạng https://tên-miền"
                );
            }
            serve(
                &cli.database,
                cli.data_dir.as_deref(),
                ServeOptions {
                    addr,
                    no_demo,
                    smtp,
                    public_url,
                    trusted_proxies,
                    database_read,
                },
            )
            .await
        }
        Command::Verify => verify(&cli.database).await,
        Command::Backup { output } => backup::backup(&cli.database, &output).await,
        Command::Restore { from } => backup::restore(&cli.database, &from).await,
        Command::Reindex => search_index::reindex(&cli.database, cli.data_dir.as_deref()).await,
        Command::Import(c) => spreadsheets::import(&cli.database, c).await,
        Command::Export(c) => spreadsheets::export(&cli.database, c).await,
        Command::Convert { file, output } => spreadsheets::convert(&file, output.as_deref()),
        Command::Init { username, name } => {
            installation::init(&cli.database, &username, &name).await
        }
        Command::Unit(c) => installation::unit(&cli.database, c).await,
        Command::User(c) => user(&cli.database, c).await,
        Command::Key(KeyCommand::Rotate) => secrets::rotate(&cli.database).await,
        Command::Key(KeyCommand::Create { username, body }) => {
            let app = app::App::new(secrets::open_store(&cli.database).await?);
            let (id, public) = app
                .create_signing_key_from_command_line(&username, body)
                .await
                .map_err(spreadsheets::said)?;
            println!("Đã tạo khóa ký #{id} cho {username}; khóa công khai: {public}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(TokenCommand::Create {
            username,
            name,
            read_only,
            kinds,
            expires_in_days,
        }) => {
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            let access = if read_only { "read" } else { "write" };
            let request =
                domain::credentials::TokenRequest::parse(&name, access, &kinds, &expires_in_days)
                    .map_err(|e| anyhow::anyhow!(e.to_string()))?;
            let app = app::App::new(secrets::open_store(&cli.database).await?);
            let (id, secret) = app
                .create_api_token_from_command_line(&username, &request)
                .await
                .map_err(spreadsheets::said)?;
            println!("Mã truy cập API #{id} của {username} (chỉ hiện một lần):\n{secret}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(TokenCommand::Revoke { id }) => {
            let app = app::App::new(secrets::open_store(&cli.database).await?);
            app.revoke_api_token_from_command_line(id)
                .await
                .map_err(spreadsheets::said)?;
            println!("Đã thu hồi mã truy cập API #{id}.");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How `serve` runs, from its options.
struct ServeOptions {
    addr: String,
    no_demo: bool,
    smtp: Option<app::reminders::SmtpConfig>,
    public_url: String,
    trusted_proxies: web::proxy::TrustedProxies,
    database_read: Option<String>,
}

async fn serve(
    database: &str,
    data_dir: Option<&std::path::Path>,
    options: ServeOptions,
) -> anyhow::Result<ExitCode> {
    let ServeOptions {
        addr,
        no_demo,
        smtp,
        public_url,
        trusted_proxies,
        database_read,
    } = options;
    let addr = addr.as_str();
    let addr: SocketAddr = addr.parse().with_context(|| {
        format!("địa chỉ lắng nghe “{addr}” không hợp lệ: dùng dạng IP:CỔNG, ví dụ 127.0.0.1:8080")
    })?;
    // Bind before touching the database, so a busy port is reported before anything is created.
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "cổng {addr} đang được một chương trình khác dùng: dừng chương trình đó hoặc chọn địa chỉ khác bằng --addr (hoặc PHOIHOP_ADDR)"
        ),
        Err(e) => bail!("không mở được {addr}: {e}"),
    };
    let store = secrets::open_store(database).await?;
    if store.is_empty().await? && no_demo {
        eprintln!(
            "Cơ sở dữ liệu trống: mở http://{addr}/ để cài đặt (tạo quản trị hệ thống, rồi các đơn vị), hoặc dùng `phoihop init`."
        );
    } else if store.is_empty().await? {
        let accounts = store::demo::load(&store)
            .await
            .context("không nạp được dữ liệu mẫu")?;
        tracing::info!("đã nạp dữ liệu mẫu (Hà Nội, quận Cầu Giấy, phường Cầu Giấy, phường Nghĩa Đô) vào cơ sở dữ liệu trống");
        // Shown once: the passwords were made up for this database and are kept only as hashes.
        eprintln!("Tài khoản mẫu (mật khẩu chỉ hiện một lần, hãy ghi lại):");
        let mut unit = None;
        for a in &accounts {
            if unit != Some(&a.unit) {
                let heading = if a.unit.is_empty() {
                    "Cả hệ thống"
                } else {
                    &a.unit
                };
                eprintln!("  {heading}:");
                unit = Some(&a.unit);
            }
            eprintln!("    {:<14} {:<18} {}", a.username, a.password, a.role);
        }
    }
    // The demo, the migrations and the sealing above ran on the primary; from here visitors'
    // reads may go to the replica.
    let store = match &database_read {
        Some(read) => {
            secrets::with_master_key(store::Store::connect_with_replica(database, read).await?)?
        }
        None => store,
    };
    let app = search_index::serving_app(&store, database, data_dir)
        .await?
        .with_public_url(&public_url);
    let state = web::AppState::new(app).with_trusted_proxies(trusted_proxies);
    web::spawn_cache_follower(&state);
    app::reminders::spawn_daily(store.primary_only(), smtp);
    let app = web::router(state);
    eprintln!(
        "phoihop: đang phục vụ http://{addr} ({} {})",
        store.engine().name(),
        database.split_once('@').map_or(database, |(_, host)| host)
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("máy chủ dừng vì lỗi")?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn verify(database: &str) -> anyhow::Result<ExitCode> {
    let store = Store::connect(database).await?;
    let faults = store.verify_chain().await?;
    let signature_faults = store.verify_signatures().await?;
    let head = store.log_head().await?;
    // Name the unit of each fault, so the province knows whose records to look at.
    let unit_names: std::collections::HashMap<i64, String> = store
        .units()
        .await
        .map(|units| units.iter().map(|u| (u.id, u.full_name())).collect())
        .unwrap_or_default();
    for fault in &faults {
        match fault.unit_id.and_then(|u| unit_names.get(&u)) {
            Some(name) => println!("LỖI {fault} — đơn vị: {name}"),
            None => println!("LỖI {fault}"),
        }
    }
    for fault in &signature_faults {
        println!("LỖI {fault}");
    }
    if faults.is_empty() {
        println!("Nhật ký thay đổi toàn vẹn: {head} bản ghi, chuỗi băm khớp.");
    } else {
        println!(
            "Nhật ký thay đổi KHÔNG toàn vẹn: {} lỗi trên {head} bản ghi.",
            faults.len()
        );
    }
    if signature_faults.is_empty() {
        println!("Chữ ký các chương trình hợp lệ.");
    } else {
        println!("Chữ ký KHÔNG hợp lệ: {} lỗi.", signature_faults.len());
    }
    Ok(if faults.is_empty() && signature_faults.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The password for a CLI command: from PHOIHOP_PASSWORD (for scripts), else typed twice.
pub(crate) fn read_password() -> anyhow::Result<domain::credentials::NewPassword> {
    let typed = match std::env::var("PHOIHOP_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let first = rpassword::prompt_password("Mật khẩu mới: ")?;
            let second = rpassword::prompt_password("Nhập lại: ")?;
            if first != second {
                bail!("hai lần nhập mật khẩu không khớp");
            }
            first
        }
    };
    domain::credentials::NewPassword::parse(&typed)
        .map_err(|e| anyhow::anyhow!("{}", e.errors[0].message))
}

async fn user(database: &str, command: UserCommand) -> anyhow::Result<ExitCode> {
    let store = secrets::open_store(database).await?;
    let app = app::App::new(store.clone());
    match command {
        UserCommand::Add { username, name } => {
            let username = domain::credentials::Username::parse(&username)
                .map_err(|e| anyhow::anyhow!("{}", e.errors[0].message))?;
            let password = read_password()?;
            let account = app
                .add_account_from_command_line(&username, &name, &password)
                .await
                .map_err(spreadsheets::said)?;
            println!("Đã tạo tài khoản #{} “{}”.", account.id, account.username);
        }
        UserCommand::Passwd { username } => {
            // The account is looked up before the password is asked for.
            app.account_named(&username)
                .await
                .map_err(spreadsheets::said)?;
            let password = read_password()?;
            let account = app
                .reset_password_from_command_line(&username, &password)
                .await
                .map_err(spreadsheets::said)?;
            println!(
                "Đã đổi mật khẩu của “{}”; các phiên đăng nhập cũ đã kết thúc, tài khoản không còn bị tạm khóa.",
                account.username
            );
        }
        UserCommand::Role {
            username,
            role,
            unit,
            body,
        } => {
            store.close().await;
            return installation::grant_role(database, &username, &role, unit.as_deref(), body)
                .await;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_takes_an_address_and_a_database() {
        let cli = Cli::try_parse_from([
            "phoihop",
            "serve",
            "--addr",
            "0.0.0.0:9000",
            "--database",
            "sqlite://x.db",
        ])
        .unwrap();
        assert_eq!(cli.database, "sqlite://x.db");
        assert!(matches!(cli.command, Some(Command::Serve { addr, .. }) if addr == "0.0.0.0:9000"));
    }
}
