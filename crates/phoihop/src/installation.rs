//! The installation's commands, for scripts: `init` creates the operator, `unit` creates, imports,
//! lists, maps and reorganises units and appoints their administrators, `user role` gives a role
//! in a unit. Each calls the same use case as the operator's console, acting as the operator.

use std::process::ExitCode;

use anyhow::{bail, Context};
use app::units::Reorganisation;
use app::App;
use clap::Subcommand;
use domain::access::Actor;
use domain::credentials::Username;
use domain::unit::{AdminUnit, UnitInput};

use crate::spreadsheets::said;

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// List every unit with its address, code and validity.
    List,
    /// Create a unit; the first becomes the installation's default.
    Add {
        /// tỉnh, thành phố, phường, xã, đặc khu, quận, huyện…
        #[arg(long)]
        kind: String,
        /// The name without its kind: "Nghĩa Đô".
        #[arg(long)]
        name: String,
        /// The official code of the General Statistics Office.
        #[arg(long)]
        code: String,
        /// The unit above, by its address or code (none for a province).
        #[arg(long)]
        parent: Option<String>,
        /// The first day in force, dd/mm/yyyy or yyyy-mm-dd.
        #[arg(long)]
        from: String,
        /// A host name that serves the unit without the /dv/ prefix.
        #[arg(long, default_value = "")]
        host: String,
    },
    /// Create the units of the official list (XLSX or CSV): all of them, or none and every bad cell.
    Import { file: std::path::PathBuf },
    /// Make a unit the one the unprefixed addresses serve.
    Default { unit: String },
    /// Map a host name to a unit ("" removes it).
    Host { unit: String, host: String },
    /// Appoint a unit's administrator; a new account's password comes from PHOIHOP_PASSWORD or
    /// the terminal.
    Admin {
        unit: String,
        username: String,
        /// The name of a new account.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Merge units into one, or split one into several, from a day.
    Reorganise {
        /// An old unit (repeat for a merge).
        #[arg(long = "from", required = true)]
        predecessors: Vec<String>,
        /// A successor (repeat for a split).
        #[arg(long = "to", required = true)]
        successors: Vec<String>,
        /// The successors' first day.
        #[arg(long)]
        on: String,
        /// The people in posts go on in the same posts of the (first) successor.
        #[arg(long)]
        carry_over: bool,
    },
}

fn operator() -> Actor {
    Actor::command_line()
}

/// A unit named by its address (`phuong-nghia-do`) or its official code among the units in force.
async fn find_unit(app: &App, name: &str) -> anyhow::Result<AdminUnit> {
    let directory = app.directory().await?;
    directory
        .by_slug(name)
        .or_else(|| {
            directory
                .all()
                .into_iter()
                .find(|u| u.code == name && u.valid_to.is_none())
        })
        .cloned()
        .with_context(|| format!("không có đơn vị “{name}” (dùng địa chỉ như phuong-nghia-do hoặc mã đơn vị; xem `phoihop unit list`)"))
}

/// `phoihop init`: the installation's operator, once.
pub async fn init(database: &str, username: &str, name: &str) -> anyhow::Result<ExitCode> {
    let store = crate::secrets::open_store(database).await?;
    let app = App::new(store.clone());
    if !app.needs_setup().await? {
        bail!("hệ thống đã có quản trị hệ thống; đăng nhập bằng tài khoản đó");
    }
    let username =
        Username::parse(username).map_err(|e| anyhow::anyhow!("{}", e.errors[0].message))?;
    let password = crate::read_password()?;
    let account = app
        .set_up_operator(&username, name, &password)
        .await
        .map_err(said)?;
    println!(
        "Đã tạo quản trị hệ thống “{}”. Đăng nhập tại /dang-nhap rồi tạo các đơn vị ở /he-thong, hoặc dùng `phoihop unit add`.",
        account.username
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn unit(database: &str, command: UnitCommand) -> anyhow::Result<ExitCode> {
    let store = crate::secrets::open_store(database).await?;
    let app = App::new(store.clone());
    let actor = operator();
    match command {
        UnitCommand::List => {
            let directory = app.directory().await?;
            let default = directory.default_unit().map(|u| u.id);
            for u in directory.all() {
                println!(
                    "{:<28} {:<8} {:<28} {}{}{}",
                    u.slug,
                    u.code,
                    u.full_name(),
                    match u.valid_to {
                        Some(end) => format!("{} – {}", u.valid_from, end),
                        None => format!("từ {}", u.valid_from),
                    },
                    u.host
                        .as_ref()
                        .map(|h| format!(" · {h}"))
                        .unwrap_or_default(),
                    if Some(u.id) == default {
                        " · mặc định"
                    } else {
                        ""
                    }
                );
            }
        }
        UnitCommand::Add {
            kind,
            name,
            code,
            parent,
            from,
            host,
        } => {
            let parent_id = match parent {
                Some(p) => Some(find_unit(&app, &p).await?.id),
                None => None,
            };
            let input = UnitInput {
                code: &code,
                name: &name,
                kind: &kind,
                parent: None,
                valid_from: &from,
                host: &host,
            };
            let draft = app.parse_unit(&input, parent_id).await.map_err(said)?;
            let unit = app.create_unit(&actor, &draft).await.map_err(said)?;
            println!("Đã tạo {} tại /dv/{}.", unit.full_name(), unit.slug);
        }
        UnitCommand::Import { file } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("không đọc được tệp {}", file.display()))?;
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            match app
                .plan_units_import(&actor, name, &bytes)
                .await
                .map_err(said)?
            {
                Err(cells) => {
                    for c in &cells {
                        eprintln!("{c}");
                    }
                    bail!("tệp có {} ô không hợp lệ; chưa tạo đơn vị nào", cells.len());
                }
                Ok(_) => {
                    let n = app.import_units(&actor, name, &bytes).await.map_err(said)?;
                    println!("Đã tạo {n} đơn vị.");
                }
            }
        }
        UnitCommand::Default { unit } => {
            let u = find_unit(&app, &unit).await?;
            app.set_default_unit(&actor, u.id).await.map_err(said)?;
            println!("Các địa chỉ không tiền tố nay mở {}.", u.full_name());
        }
        UnitCommand::Host { unit, host } => {
            let u = find_unit(&app, &unit).await?;
            let after = app
                .update_unit(&actor, u.id, &u.name, &host)
                .await
                .map_err(said)?;
            match &after.host {
                Some(h) => println!("{} nay mở tại https://{h}/.", after.full_name()),
                None => println!("{} không còn tên miền riêng.", after.full_name()),
            }
        }
        UnitCommand::Admin {
            unit,
            username,
            name,
        } => {
            let u = find_unit(&app, &unit).await?;
            let username = Username::parse(&username)
                .map_err(|e| anyhow::anyhow!("{}", e.errors[0].message))?;
            let exists = store
                .account_by_username(username.as_str())
                .await?
                .is_some();
            let password = if exists {
                None
            } else {
                Some(crate::read_password()?)
            };
            let account = app
                .appoint_admin(&actor, u.id, &username, &name, password.as_ref())
                .await
                .map_err(said)?;
            println!("“{}” là quản trị của {}.", account.username, u.full_name());
        }
        UnitCommand::Reorganise {
            predecessors,
            successors,
            on,
            carry_over,
        } => {
            let mut r = Reorganisation {
                predecessors: Vec::new(),
                successors: Vec::new(),
                effective_on: domain::time::parse_date(&on)
                    .with_context(|| format!("ngày “{on}” không hợp lệ (ngày/tháng/năm)"))?,
                carry_over,
            };
            for p in &predecessors {
                r.predecessors.push(find_unit(&app, p).await?.id);
            }
            for s in &successors {
                r.successors.push(find_unit(&app, s).await?.id);
            }
            app.reorganise(&actor, &r).await.map_err(said)?;
            println!(
                "Đã ghi nhận: {} đơn vị cũ, {} đơn vị kế thừa, từ ngày {}.",
                r.predecessors.len(),
                r.successors.len(),
                domain::time::short_date(r.effective_on)
            );
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `phoihop user role`: give an existing account a role in a unit (the default unit when none
/// is named).
pub async fn grant_role(
    database: &str,
    username: &str,
    role: &str,
    unit: Option<&str>,
    body: Option<i64>,
) -> anyhow::Result<ExitCode> {
    let store = crate::secrets::open_store(database).await?;
    let app = App::new(store.clone());
    let unit = match unit {
        Some(u) => find_unit(&app, u).await?,
        None => app.directory().await?.default_unit().cloned().context(
            "chưa có đơn vị nào: tạo đơn vị trước (`phoihop unit add`), rồi chọn bằng --unit",
        )?,
    };
    let v = app.viewer(unit.clone(), Some(operator())).await?;
    let username =
        Username::parse(username).map_err(|e| anyhow::anyhow!("{}", e.errors[0].message))?;
    let account = app
        .grant_role_as_operator(
            &v,
            &username,
            app::staff::RoleChoice {
                code: role,
                body_id: body,
            },
        )
        .await
        .map_err(said)?;
    println!(
        "Đã cấp vai trò “{role}” ở {} cho “{}”.",
        unit.full_name(),
        account.username
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
