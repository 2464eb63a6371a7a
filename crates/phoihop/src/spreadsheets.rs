//! `phoihop import`, `export` and `convert`: spreadsheets in and out from the command line, for
//! files too large for the web page, and old Vietnamese encodings to Unicode.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use app::exports::Sheet;
use app::{App, Viewer};
use clap::Subcommand;
use docs::import::ImportError;
use domain::access::Actor;
use domain::programme::{Programme, Year};
use indicatif::{ProgressBar, ProgressStyle};
use store::Store;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Targets (chỉ tiêu) of a year's programme, from XLSX or CSV; all rows or none.
    Targets {
        /// The programme's year.
        #[arg(long)]
        year: i32,
        /// The body that reports these targets (its id); the unit itself when absent.
        #[arg(long)]
        body: Option<i64>,
        /// The .xlsx or .csv file (CSV in UTF-8, TCVN3, VNI or Windows-1258).
        file: PathBuf,
        /// Into a programme already reviewed: write even though the review's figures change.
        #[arg(long)]
        cap_nhat_tong_ket: bool,
    },
    /// Contents (nội dung phối hợp) of a year's programme, from XLSX or CSV; all rows or none.
    Items {
        #[arg(long)]
        year: i32,
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The targets of a year, with the review's summary line.
    Targets {
        #[arg(long)]
        year: i32,
        /// xlsx or csv; by default taken from the output's extension, else csv.
        #[arg(long)]
        format: Option<String>,
        /// The file to write; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The contents of a year's programme.
    Items {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        format: Option<String>,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The published news.
    News {
        #[arg(long)]
        format: Option<String>,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The unit's public data as one ZIP of CSV and JSON files with a README of the fields.
    OpenData {
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// The application as the command line uses it: acting as the installation's operator, on the
/// installation's default unit.
async fn command_line(store: Store) -> anyhow::Result<(App, Viewer)> {
    let app = App::new(store);
    let v = app
        .default_viewer(Some(Actor::command_line()))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((app, v))
}

fn year_of(year: i32) -> anyhow::Result<Year> {
    Year::new(year).map_err(|e| anyhow::anyhow!("{}", e.errors[0].message))
}

async fn programme(app: &App, v: &Viewer, year: i32) -> anyhow::Result<Programme> {
    let year = year_of(year)?;
    app.programme(v, year).await.map_err(|_| {
        anyhow::anyhow!(
            "{} chưa có chương trình năm {year}: tạo chương trình trong trang quản lý trước",
            v.unit().full_name()
        )
    })
}

fn is_xlsx(path: &Path) -> anyhow::Result<bool> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Ok(true);
    }
    let mut head = [0u8; 4];
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("không mở được tệp {}", path.display()))?;
    let n = file.read(&mut head)?;
    Ok(n == 4 && &head == b"PK\x03\x04")
}

/// A bar over the file's bytes while it is read, with the rows counted in its message.
fn reading_bar(path: &Path) -> anyhow::Result<(ProgressBar, std::fs::File)> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("không mở được tệp {}", path.display()))?;
    let len = file.metadata()?.len();
    let bar = ProgressBar::new(len).with_style(
        ProgressStyle::with_template("Đọc tệp  [{bar:30}] {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    Ok((bar, file))
}

fn writing_bar(rows: usize) -> ProgressBar {
    ProgressBar::new(rows as u64).with_style(
        ProgressStyle::with_template("Ghi      [{bar:30}] {pos}/{len} dòng")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    )
}

/// Prints every bad cell, one a line, and says that nothing was written.
fn report(error: ImportError) -> anyhow::Result<ExitCode> {
    match error {
        ImportError::Cells(errors) => {
            let mut err = std::io::stderr().lock();
            for e in &errors {
                if e.column.is_empty() {
                    writeln!(err, "Dòng {} ({}): {}", e.row, e.column_name, e.message)?;
                } else {
                    writeln!(
                        err,
                        "Dòng {}, cột {} ({}): {}",
                        e.row, e.column, e.column_name, e.message
                    )?;
                }
            }
            writeln!(
                err,
                "Không nhập dòng nào: tệp có {} ô không hợp lệ.",
                errors.len()
            )?;
            Ok(ExitCode::FAILURE)
        }
        other => bail!("{other}; không nhập dòng nào"),
    }
}

/// Reads a file with a progress bar: a CSV as a stream, an XLSX whole.
fn read_rows<T>(
    path: &Path,
    xlsx: impl FnOnce(&[u8], &mut dyn FnMut(usize)) -> Result<Vec<T>, ImportError>,
    csv: impl FnOnce(Box<dyn Read>, &mut dyn FnMut(usize)) -> Result<Vec<T>, ImportError>,
) -> anyhow::Result<Result<Vec<T>, ImportError>> {
    let (bar, file) = reading_bar(path)?;
    let mut progress = |n: usize| bar.set_message(format!("{n} dòng"));
    let result = if is_xlsx(path)? {
        let mut bytes = Vec::new();
        bar.wrap_read(file).read_to_end(&mut bytes)?;
        xlsx(&bytes, &mut progress)
    } else {
        let reader = BufReader::with_capacity(256 * 1024, bar.wrap_read(file));
        csv(Box::new(reader), &mut progress)
    };
    bar.finish_and_clear();
    Ok(result)
}

/// An error of the app, as the one line the command prints.
pub(crate) fn said(e: app::AppError) -> anyhow::Error {
    match e {
        app::AppError::Invalid(v) => anyhow::anyhow!(
            "{}",
            v.errors
                .iter()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

pub async fn import(database: &str, command: ImportCommand) -> anyhow::Result<ExitCode> {
    let (app, v) = command_line(crate::secrets::open_store(database).await?).await?;
    let started = Instant::now();
    match command {
        ImportCommand::Targets {
            year,
            body,
            file,
            cap_nhat_tong_ket,
        } => {
            let p = programme(&app, &v, year).await?;
            if let Some(b) = body {
                let belongs = app
                    .bodies(&v)
                    .await
                    .map_err(said)?
                    .iter()
                    .any(|x| x.id == b);
                if !belongs {
                    bail!("cơ quan {b} không thuộc đơn vị của chương trình");
                }
            }
            let rows = match read_rows(
                &file,
                |bytes, progress| docs::import::import_targets_xlsx(bytes, progress),
                |reader, progress| docs::import::import_targets_csv(reader, progress),
            )? {
                Ok(rows) => rows,
                Err(e) => return report(e),
            };
            let parsed = started.elapsed();
            // As the web page asks: a reviewed year's figures change only when the person says so.
            if let (Some(warning), false) = (
                app::review_warning(&p, app::imports::IMPORTING),
                cap_nhat_tong_ket,
            ) {
                let existing = app.store().targets(p.id).await?;
                let writes = app::imports::match_targets(&existing, rows.clone())
                    .iter()
                    .any(|r| r.change != app::imports::RowChange::Unchanged);
                if writes {
                    bail!("{warning} Không nhập dòng nào; chạy lại với --cap-nhat-tong-ket nếu đúng là cần sửa.");
                }
            }
            let bar = writing_bar(rows.len());
            let summary = app
                .import_targets(&v, &p, body, rows, |n| bar.set_position(n as u64))
                .await
                .map_err(said)?;
            bar.finish_and_clear();
            println!(
                "Đã nhập {} chỉ tiêu vào chương trình năm {year} ({} mới từ số thứ tự {}, {} thay đổi, {} không đổi) trong {:.2} giây (đọc {:.2} giây, ghi {:.2} giây).",
                summary.rows,
                summary.added,
                summary.first_position,
                summary.changed,
                summary.unchanged,
                started.elapsed().as_secs_f64(),
                parsed.as_secs_f64(),
                (started.elapsed() - parsed).as_secs_f64(),
            );
        }
        ImportCommand::Items { year, file } => {
            let p = programme(&app, &v, year).await?;
            let bodies = app.bodies(&v).await.map_err(said)?;
            let drafts = match read_rows(
                &file,
                |bytes, progress| docs::import::import_items_xlsx(bytes, &bodies, progress),
                |reader, progress| docs::import::import_items_csv(reader, &bodies, progress),
            )? {
                Ok(d) => d,
                Err(e) => return report(e),
            };
            let bar = writing_bar(drafts.len());
            let summary = app
                .import_items(&v, &p, &drafts, |n| bar.set_position(n as u64))
                .await
                .map_err(said)?;
            bar.finish_and_clear();
            println!(
                "Đã nhập {} nội dung phối hợp vào chương trình năm {year} trong {:.2} giây.",
                summary.rows,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn sheet_of(format: Option<&str>, output: Option<&Path>) -> anyhow::Result<Sheet> {
    match (format, output) {
        (Some(f), _) => Sheet::parse(f)
            .with_context(|| format!("định dạng “{f}” không hợp lệ: dùng xlsx hoặc csv")),
        (None, Some(path)) => Ok(Sheet::parse(&path.to_string_lossy()).unwrap_or(Sheet::Csv)),
        (None, None) => Ok(Sheet::Csv),
    }
}

fn write_out(bytes: &[u8], output: Option<&Path>) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, bytes)
                .with_context(|| format!("không ghi được {}", path.display()))?;
            eprintln!("Đã ghi {} ({} byte).", path.display(), bytes.len());
        }
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(())
}

pub async fn export(database: &str, command: ExportCommand) -> anyhow::Result<ExitCode> {
    let (app, v) = command_line(crate::secrets::open_store(database).await?).await?;
    let (export, format, output) = match command {
        ExportCommand::Targets {
            year,
            format,
            output,
        } => (
            app.targets_export(&v, year_of(year)?).await.map_err(said)?,
            format,
            output,
        ),
        ExportCommand::Items {
            year,
            format,
            output,
        } => (
            app.items_export(&v, year_of(year)?).await.map_err(said)?,
            format,
            output,
        ),
        ExportCommand::News { format, output } => (
            app.news_export(&v, None).await.map_err(said)?,
            format,
            output,
        ),
        ExportCommand::OpenData { output } => {
            let archive = app.open_data(&v).await.map_err(said)?;
            let bytes = docs::open_data::open_data_archive(&archive)?;
            write_out(&bytes, Some(&output))?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let sheet = sheet_of(format.as_deref(), output.as_deref())?;
    let bytes = export.to_bytes(sheet).map_err(said)?;
    write_out(&bytes, output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// Converts a text file in an old Vietnamese encoding to UTF-8 NFC, saying which encoding it found.
pub fn convert(file: &Path, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let (text, encoding) = docs::legacy::to_unicode(&bytes);
    eprintln!(
        "Bảng mã phát hiện: {} → Unicode (UTF-8, NFC)",
        encoding.label()
    );
    write_out(text.as_bytes(), output)?;
    Ok(ExitCode::SUCCESS)
}
