//! The open-data archive: a ZIP of CSV and JSON files with a README.md that describes every field
//! for people and a Frictionless Data Package descriptor (`datapackage.json`, Tabular Data Package
//! v1) that describes them for programs, so that CKAN and the Frictionless tools load it as it is.

use std::io::{Cursor, Write};

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use zip::write::SimpleFileOptions;

use crate::export::{write_csv, CsvFor, ExportError};

/// What the values of a field are, as the Table Schema names them: a loader checks each value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// A whole number: "12".
    Integer,
    /// A number with a point: "104.6".
    Number,
    /// A year: "2021".
    Year,
    /// A day, ISO 8601: "2021-01-21".
    Date,
    /// An instant with its offset: "2021-01-23T14:46:00+07:00".
    DateTime,
    /// An absolute address.
    Url,
}

impl FieldType {
    /// The Table Schema field: its `type`, and its `format` where it has one.
    fn schema(self) -> (&'static str, Option<&'static str>) {
        match self {
            Self::Text => ("string", None),
            Self::Integer => ("integer", None),
            Self::Number => ("number", None),
            Self::Year => ("year", None),
            Self::Date => ("date", None),
            Self::DateTime => ("datetime", None),
            Self::Url => ("string", Some("uri")),
        }
    }
}

/// One field of an open-data table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataColumn {
    /// The header in the CSV and the key in the JSON: "chi_tieu".
    pub name: String,
    pub kind: FieldType,
    /// What the field holds, for the README: "Tên chỉ tiêu".
    pub description: String,
}

/// One table of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataTable {
    /// File name without extension; slugified: "chi-tieu-2020".
    pub file_stem: String,
    /// Heading of the table in the README.
    pub title: String,
    /// What the table holds and where it comes from.
    pub description: String,
    /// The fields, in the order of each row's values.
    pub columns: Vec<OpenDataColumn>,
    /// The values, one `Vec` per row, as machines read them (see [`crate::export::Cell`]).
    pub rows: Vec<Vec<String>>,
}

/// A JSON document of the archive that is not a table (the bodies and people as Popolo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataDocument {
    /// "popolo.json".
    pub file_name: String,
    pub title: String,
    pub description: String,
    /// The standard it follows, by address.
    pub conforms_to: String,
    pub json: String,
}

/// The licence the data is published under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// Its SPDX identifier: "CC-BY-4.0".
    pub id: &'static str,
    /// "CC BY 4.0".
    pub title: &'static str,
    pub url: &'static str,
}

impl License {
    /// Creative Commons Attribution 4.0, the licence of the portals' open data.
    pub const CC_BY_4: Self = Self {
        id: "CC-BY-4.0",
        title: "CC BY 4.0",
        url: "https://creativecommons.org/licenses/by/4.0/",
    };
}

/// An open-data archive: what it is, who publishes it under which licence, and its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataArchive {
    /// The package's name, lower case, digits and `-`: "du-lieu-mo-quan-cau-giay".
    pub name: String,
    /// Heading of the README.
    pub title: String,
    /// The body that publishes the data.
    pub publisher: String,
    /// The publisher's portal, absolute.
    pub homepage: String,
    pub license: License,
    /// The day the data was taken; also the files' time stamp.
    pub generated_on: NaiveDate,
    /// The tables, each written as CSV and JSON.
    pub tables: Vec<OpenDataTable>,
    /// The documents that are not tables.
    pub documents: Vec<OpenDataDocument>,
}

fn readme(archive: &OpenDataArchive, stems: &[String]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut md = format!(
        "# {}\n\n- Đơn vị công bố: {}\n- Trang thông tin: {}\n- Giấy phép: {} ({})\n- Ngày tạo: {}\n\n\
         Mỗi bảng có hai tệp cùng nội dung: `.csv` (UTF-8 có BOM, phân tách bằng dấu phẩy) và \
         `.json` (mảng các đối tượng, khóa là tên trường). Các tệp dành cho máy đọc: số viết \
         dấu chấm thập phân, không phân cách hàng nghìn (1234.5); tỷ lệ phần trăm là số \
         (104.6 là 104,6%); Có / Không là 1 / 0; ngày theo ISO 8601 (2021-01-21), thời điểm \
         kèm múi giờ (2021-01-23T14:46:00+07:00); đường dẫn là địa chỉ đầy đủ.\n\n\
         `datapackage.json` mô tả các bảng theo chuẩn Frictionless Data Package (kiểu của từng \
         trường), để các cổng dữ liệu mở (CKAN) và công cụ Frictionless nạp trực tiếp.\n",
        archive.title,
        archive.publisher,
        archive.homepage,
        archive.license.title,
        archive.license.url,
        domain::time::short_date(archive.generated_on),
    );
    for (t, stem) in archive.tables.iter().zip(stems) {
        md.push_str(&format!(
            "\n## {}\n\n{}\n\nTệp: `{stem}.csv`, `{stem}.json` — {} dòng.\n\n| Trường | Mô tả |\n| --- | --- |\n",
            t.title,
            t.description,
            t.rows.len()
        ));
        for c in &t.columns {
            md.push_str(&format!(
                "| `{}` | {} |\n",
                cell(&c.name),
                cell(&c.description)
            ));
        }
    }
    for d in &archive.documents {
        md.push_str(&format!(
            "\n## {}\n\n{}\n\nTệp: `{}`, theo chuẩn {}.\n",
            d.title, d.description, d.file_name, d.conforms_to
        ));
    }
    md
}

fn json_rows(t: &OpenDataTable) -> String {
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|row| {
            Value::Object(
                t.columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let v = row.get(i).map(|v| vi::nfc(v)).unwrap_or_default();
                        (c.name.clone(), Value::String(v))
                    })
                    .collect(),
            )
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string())
}

/// The Data Package descriptor of the archive: each table a tabular resource with its CSV
/// dialect and the type of every field, each document a resource of its own.
fn datapackage(archive: &OpenDataArchive, stems: &[String]) -> Value {
    let d = archive.generated_on;
    let mut resources: Vec<Value> = archive
        .tables
        .iter()
        .zip(stems)
        .map(|(t, stem)| {
            let fields: Vec<Value> = t
                .columns
                .iter()
                .map(|c| {
                    let (kind, format) = c.kind.schema();
                    let mut field = json!({
                        "name": c.name,
                        "type": kind,
                        "description": c.description,
                    });
                    if let Some(format) = format {
                        field["format"] = json!(format);
                    }
                    field
                })
                .collect();
            json!({
                "name": stem,
                "path": format!("{stem}.csv"),
                "profile": "tabular-data-resource",
                "title": t.title,
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": true},
                "schema": {"fields": fields, "missingValues": [""]},
            })
        })
        .collect();
    resources.extend(archive.documents.iter().map(|doc| {
        let name = vi::slugify(doc.file_name.trim_end_matches(".json"));
        json!({
            "name": name,
            "path": doc.file_name,
            "profile": "data-resource",
            "title": doc.title,
            "description": doc.description,
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "sources": [{"title": doc.conforms_to, "path": doc.conforms_to}],
        })
    }));
    json!({
        "profile": "data-package",
        "name": archive.name,
        "title": archive.title,
        "homepage": archive.homepage,
        "created": format!("{:04}-{:02}-{:02}T00:00:00+07:00", d.year(), d.month(), d.day()),
        "licenses": [{
            "name": archive.license.id,
            "title": archive.license.title,
            "path": archive.license.url,
        }],
        "contributors": [{"title": archive.publisher, "role": "publisher", "path": archive.homepage}],
        "resources": resources,
    })
}

/// The archive as ZIP bytes: README.md and datapackage.json, a CSV and a JSON file per table,
/// then the documents.
pub fn open_data_archive(archive: &OpenDataArchive) -> Result<Vec<u8>, ExportError> {
    let d = archive.generated_on;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(d.year()).unwrap_or(1980),
        d.month() as u8,
        d.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut stems: Vec<String> = Vec::new();
    for (i, t) in archive.tables.iter().enumerate() {
        let mut stem = vi::slugify(&t.file_stem);
        if stem.is_empty() {
            stem = format!("bang-{}", i + 1);
        }
        if stems.contains(&stem) {
            stem = format!("{stem}-{}", i + 1);
        }
        stems.push(stem);
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("README.md", options)?;
    zip.write_all(readme(archive, &stems).as_bytes())?;
    zip.start_file("datapackage.json", options)?;
    let descriptor = serde_json::to_string_pretty(&datapackage(archive, &stems))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    zip.write_all(descriptor.as_bytes())?;
    for (t, stem) in archive.tables.iter().zip(&stems) {
        let headers: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        zip.start_file(format!("{stem}.csv"), options)?;
        write_csv(&mut zip, &headers, t.rows.iter().cloned(), CsvFor::Machines)?;
        zip.start_file(format!("{stem}.json"), options)?;
        zip.write_all(json_rows(t).as_bytes())?;
    }
    for doc in &archive.documents {
        zip.start_file(doc.file_name.as_str(), options)?;
        zip.write_all(doc.json.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn column(name: &str, kind: FieldType) -> OpenDataColumn {
        OpenDataColumn {
            name: name.to_string(),
            kind,
            description: format!("Cột {name}"),
        }
    }

    fn archive() -> OpenDataArchive {
        OpenDataArchive {
            name: "du-lieu-mo-quan-cau-giay".into(),
            title: "Chỉ tiêu phát triển kinh tế - xã hội quận Cầu Giấy".into(),
            publisher: "UBND quận Cầu Giấy".into(),
            homepage: "https://caugiay.hanoi.gov.vn".into(),
            license: License::CC_BY_4,
            generated_on: NaiveDate::from_ymd_opt(2021, 1, 23).unwrap(),
            tables: vec![OpenDataTable {
                file_stem: "Chỉ tiêu 2020".into(),
                title: "Chỉ tiêu năm 2020".into(),
                description: "Kế hoạch và kết quả thực hiện.".into(),
                columns: vec![
                    column("STT", FieldType::Integer),
                    column("Chỉ tiêu", FieldType::Text),
                    column("Kế hoạch", FieldType::Number),
                    column("Thực hiện", FieldType::Text),
                    column("Trang", FieldType::Url),
                ],
                rows: vec![
                    vec![
                        "1".into(),
                        "Tỷ lệ dân số tham gia bảo hiểm y tế".into(),
                        "90".into(),
                        "91.2".into(),
                        "https://caugiay.hanoi.gov.vn/chi-tieu/2020".into(),
                    ],
                    vec![
                        "2".into(),
                        "Tỷ lệ tăng dân số tự nhiên".into(),
                        "-0.3".into(),
                        "=1+1".into(),
                        String::new(),
                    ],
                ],
            }],
            documents: vec![OpenDataDocument {
                file_name: "popolo.json".into(),
                title: "Cơ quan và người giữ chức vụ".into(),
                description: "Theo chuẩn Popolo.".into(),
                conforms_to: "https://www.popoloproject.com/".into(),
                json: "{\"persons\": []}".into(),
            }],
        }
    }

    fn entry(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn the_open_data_archive_has_csv_json_a_readme_and_a_data_package_describing_every_field() {
        let bytes = open_data_archive(&archive()).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "README.md",
                "chi-tieu-2020.csv",
                "chi-tieu-2020.json",
                "datapackage.json",
                "popolo.json"
            ]
        );
        let readme = entry(&mut zip, "README.md");
        assert!(readme.contains("| `Chỉ tiêu` | Cột Chỉ tiêu |"));
        assert!(readme.contains("2 dòng"));
        assert!(readme.contains("Tệp: `popolo.json`, theo chuẩn https://www.popoloproject.com/."));
        let value: Value = serde_json::from_str(&entry(&mut zip, "chi-tieu-2020.json")).unwrap();
        assert_eq!(value[0]["Chỉ tiêu"], "Tỷ lệ dân số tham gia bảo hiểm y tế");
        assert_eq!(value[1]["Thực hiện"], "=1+1");
        let package: Value = serde_json::from_str(&entry(&mut zip, "datapackage.json")).unwrap();
        assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
        assert_eq!(package["created"], "2021-01-23T00:00:00+07:00");
        let table = &package["resources"][0];
        assert_eq!(table["path"], "chi-tieu-2020.csv");
        let fields = &table["schema"]["fields"];
        assert_eq!(
            (&fields[0]["type"], &fields[2]["type"], &fields[4]["format"]),
            (&json!("integer"), &json!("number"), &json!("uri"))
        );
        assert_eq!(package["resources"][1]["path"], "popolo.json");
    }
}
