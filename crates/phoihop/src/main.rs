//! The phoihop binary: a thin clap front over the library crates. `serve` runs the portal;
//! `verify` checks the change log's hash chain. Errors end as one line on stderr, never a panic.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use store::Store;

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
    },
    /// Check the change log's hash chain and name every record that fails.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
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
    match cli.command.unwrap_or(Command::Serve {
        addr: std::env::var("PHOIHOP_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into()),
        no_demo: false,
    }) {
        Command::Serve { addr, no_demo } => serve(&cli.database, &addr, no_demo).await,
        Command::Verify => verify(&cli.database).await,
    }
}

async fn serve(database: &str, addr: &str, no_demo: bool) -> anyhow::Result<ExitCode> {
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
    let store = Store::open(database).await?;
    if store.is_empty().await? {
        if no_demo {
            bail!("cơ sở dữ liệu trống và --no-demo được chọn: chưa có đơn vị nào để phục vụ; chạy lại không có --no-demo để nạp dữ liệu mẫu");
        }
        store::demo::load(&store)
            .await
            .context("không nạp được dữ liệu mẫu")?;
        tracing::info!("đã nạp dữ liệu mẫu quận Cầu Giấy vào cơ sở dữ liệu trống");
    }
    let state = web::AppState::new(store.clone());
    web::spawn_cache_follower(&state);
    let app = web::router(state);
    eprintln!(
        "phoihop: đang phục vụ http://{addr} ({} {})",
        store.engine().name(),
        database.split_once('@').map_or(database, |(_, host)| host)
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("máy chủ dừng vì lỗi")?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn verify(database: &str) -> anyhow::Result<ExitCode> {
    let store = Store::connect(database).await?;
    let faults = store.verify_chain().await?;
    let head = store.log_head().await?;
    if faults.is_empty() {
        println!("Nhật ký thay đổi toàn vẹn: {head} bản ghi, chuỗi băm khớp.");
        Ok(ExitCode::SUCCESS)
    } else {
        for fault in &faults {
            println!("LỖI {fault}");
        }
        println!(
            "Nhật ký thay đổi KHÔNG toàn vẹn: {} lỗi trên {head} bản ghi.",
            faults.len()
        );
        Ok(ExitCode::FAILURE)
    }
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
