//! Writes the four sample documents (Cầu Giấy, 21/01/2021) as PDF and DOCX to a temporary folder
//! and renders page 1 of each PDF to PNG with pdftoppm, into `docs/` at the workspace root.
//!
//! `cargo run -p docs --example render_samples [OUT_DIR]`

use std::path::PathBuf;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs"));
    std::fs::create_dir_all(&out)?;
    let tmp = std::env::temp_dir().join("phoihop-docs-samples");
    std::fs::create_dir_all(&tmp)?;
    let documents = [
        (
            "programme",
            docs::samples::signed_programme().to_pdf()?,
            docs::samples::signed_programme().to_docx()?,
        ),
        (
            "review",
            docs::samples::review().to_pdf()?,
            docs::samples::review().to_docx()?,
        ),
        (
            "minutes",
            docs::samples::minutes().to_pdf()?,
            docs::samples::minutes().to_docx()?,
        ),
        (
            "followup",
            docs::samples::follow_up().to_pdf()?,
            docs::samples::follow_up().to_docx()?,
        ),
    ];
    for (name, pdf, docx) in documents {
        let pdf_path = tmp.join(format!("{name}.pdf"));
        std::fs::write(&pdf_path, pdf)?;
        std::fs::write(tmp.join(format!("{name}.docx")), docx)?;
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&pdf_path)
            .arg(out.join(name))
            .status()
            .map_err(|e| format!("pdftoppm not found ({e}): apt-get install poppler-utils"))?;
        if !status.success() {
            return Err(format!("pdftoppm failed on {}", pdf_path.display()).into());
        }
        println!(
            "{} -> {}",
            pdf_path.display(),
            out.join(format!("{name}.png")).display()
        );
    }
    Ok(())
}
