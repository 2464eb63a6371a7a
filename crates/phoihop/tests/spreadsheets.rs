//! `phoihop import`, `export` and `convert` as an operator runs them: every bad cell printed and
//! nothing written, a good file written whole, exports that hold the demo's facts, and old
//! Vietnamese encodings turned into Unicode.

use std::path::PathBuf;
use std::process::{Command, Output};

fn phoihop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// A folder of its own for each test.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "phoihop-sheets-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A new SQLite database with the demo data.
fn demo_db(dir: &std::path::Path) -> String {
    let db = format!("sqlite://{}", dir.join("phoihop.db").display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&db)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate());
        store::demo::load(&store).await.unwrap();
        store.close().await;
    });
    db
}

fn head_and_targets(db: &str, year: i32) -> (i64, usize) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = store::Store::connect(db).await.unwrap();
        let unit = store.default_unit().await.unwrap();
        let p = store
            .programme(unit.id, domain::programme::Year::new(year).unwrap())
            .await
            .unwrap()
            .unwrap();
        let result = (
            store.log_head().await.unwrap(),
            store.targets(p.id).await.unwrap().len(),
        );
        store.close().await;
        result
    })
}

const BAD_CSV: &str = "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú\n\
1,Tỷ lệ hộ nghèo,%,Càng thấp càng tốt,\"0,5\",\"0,3\",\n\
2,Thu ngân sách,%,Càng nhiều càng vui,nhiều,,\n\
3,,%,Càng cao càng tốt,100,abc,\n";

const GOOD_CSV: &str = "STT;Chỉ tiêu;Đơn vị tính;Chiều;Kế hoạch;Thực hiện;Ghi chú\n\
1;Tỷ lệ hộ gia đình sử dụng dịch vụ công trực tuyến;%;Càng cao càng tốt;60;63,5;\n\
2;Số vụ vi phạm trật tự xây dựng;vụ;Càng thấp càng tốt;20;;\n";

/// New figures for two targets of 2020, their terms as signed: what a reviewed year still takes.
const FIGURES_2020_CSV: &str = "STT;Chỉ tiêu;Đơn vị tính;Chiều;Kế hoạch;Thực hiện;Ghi chú\n\
1;Tỷ lệ dân số tham gia bảo hiểm y tế;%;Càng cao càng tốt;90;91,6;\n\
2;Số lao động được giải quyết việc làm;người;Càng cao càng tốt;4000;4150;\n";

#[test]
fn import_prints_every_bad_cell_and_writes_nothing_then_writes_a_good_file_whole() {
    let dir = temp_dir("import");
    let db = demo_db(&dir);
    let (head, before) = head_and_targets(&db, 2021);

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, BAD_CSV).unwrap();
    let out = phoihop(&[
        "import",
        "targets",
        "--year",
        "2021",
        "--database",
        &db,
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    for line in [
        "Dòng 3, cột D (Chiều): Không hiểu chiều",
        "Dòng 3, cột E (Kế hoạch): Giá trị phải là một số",
        "Dòng 4, cột B (Chỉ tiêu): Tên chỉ tiêu không được để trống",
        "Dòng 4, cột F (Thực hiện):",
        "Không nhập dòng nào: tệp có 4 ô không hợp lệ.",
    ] {
        assert!(err.contains(line), "{line:?} missing from:\n{err}");
    }
    assert!(!err.contains("panicked"));
    assert_eq!(
        head_and_targets(&db, 2021),
        (head, before),
        "nothing written"
    );

    let good = dir.join("good.csv");
    std::fs::write(&good, GOOD_CSV).unwrap();
    let out = phoihop(&[
        "import",
        "targets",
        "--year",
        "2021",
        "--database",
        &db,
        good.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Đã nhập 2 chỉ tiêu vào chương trình năm 2021"),
        "{}",
        stdout(&out)
    );
    // Two new targets of a signed programme: an amendment opened, and the two rows, in one write.
    assert_eq!(head_and_targets(&db, 2021), (head + 3, before + 2));
    let verify = phoihop(&["verify", "--database", &db]);
    assert!(verify.status.success(), "{}", stdout(&verify));
}

#[test]
fn import_into_a_year_without_a_programme_is_one_line() {
    let dir = temp_dir("noyear");
    let db = demo_db(&dir);
    let good = dir.join("good.csv");
    std::fs::write(&good, GOOD_CSV).unwrap();
    let out = phoihop(&[
        "import",
        "targets",
        "--year",
        "2030",
        "--database",
        &db,
        good.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("chưa có chương trình năm 2030"), "{err}");
}

#[test]
fn export_writes_the_targets_as_csv_and_xlsx() {
    let dir = temp_dir("export");
    let db = demo_db(&dir);
    let csv = dir.join("chi-tieu-2020.csv");
    let out = phoihop(&[
        "export",
        "targets",
        "--year",
        "2020",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
        "--database",
        &db,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{FEFF}STT;Mã chỉ tiêu;Chỉ tiêu;"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        1 + 15 + 2,
        "header, 15 targets, an empty row and the summary below"
    );
    assert!(text.contains("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"));

    let xlsx = dir.join("chi-tieu-2020.xlsx");
    let out = phoihop(&[
        "export",
        "targets",
        "--year",
        "2020",
        "-o",
        xlsx.to_str().unwrap(),
        "--database",
        &db,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));

    let zip = dir.join("du-lieu-mo.zip");
    let out = phoihop(&[
        "export",
        "open-data",
        "-o",
        zip.to_str().unwrap(),
        "--database",
        &db,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&zip).unwrap().starts_with(b"PK\x03\x04"));
}

#[test]
fn convert_turns_tcvn3_vni_and_windows_1258_into_unicode() {
    use docs::legacy::{encode, Encoding};
    let dir = temp_dir("convert");
    let text = "Hội đồng nhân dân quận Cầu Giấy ký kết chương trình phối hợp công tác năm 2021\n";
    for (encoding, label) in [
        (Encoding::Tcvn3, "TCVN3 (ABC)"),
        (Encoding::Vni, "VNI Windows"),
        (Encoding::Windows1258, "Windows-1258"),
    ] {
        // TCVN3 has lower-case letters only for most vowels with marks, as its fonts did.
        let source = if encoding == Encoding::Tcvn3 {
            text.to_lowercase()
        } else {
            text.to_string()
        };
        let path = dir.join(format!("{label}.txt"));
        std::fs::write(&path, encode(&source, encoding).unwrap()).unwrap();
        let output = dir.join(format!("{label}.utf8.txt"));
        let out = phoihop(&[
            "convert",
            path.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("Bảng mã phát hiện: {label}")),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&output).unwrap(), source, "{label}");
    }
    // Without -o the text goes to standard output.
    let path = dir.join("vni.txt");
    std::fs::write(&path, encode(text, Encoding::Vni).unwrap()).unwrap();
    let out = phoihop(&["convert", path.to_str().unwrap()]);
    assert_eq!(stdout(&out), text);
}

#[test]
fn import_into_a_reviewed_year_changes_its_figures_only_when_asked_to() {
    let dir = temp_dir("reviewed");
    let db = demo_db(&dir);
    let (head, before) = head_and_targets(&db, 2020);
    let good = dir.join("good.csv");
    std::fs::write(&good, FIGURES_2020_CSV).unwrap();
    let file = good.to_str().unwrap();
    let plain = [
        "import",
        "targets",
        "--year",
        "2020",
        "--database",
        &db,
        file,
    ];
    let out = phoihop(&plain);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("đã được tổng kết") && stderr(&out).contains("--cap-nhat-tong-ket"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        head_and_targets(&db, 2020),
        (head, before),
        "nothing written"
    );
    let out = phoihop(&[&plain[..], &["--cap-nhat-tong-ket"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        head_and_targets(&db, 2020),
        (head + 2, before),
        "two figures, no new target"
    );
    // New targets are new terms: a reviewed programme takes none, asked or not.
    let new = dir.join("new.csv");
    std::fs::write(&new, GOOD_CSV).unwrap();
    let out = phoihop(&[
        "import",
        "targets",
        "--year",
        "2020",
        "--database",
        &db,
        new.to_str().unwrap(),
        "--cap-nhat-tong-ket",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Chương trình đã tổng kết"),
        "{}",
        stderr(&out)
    );
}
