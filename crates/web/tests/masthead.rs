//! The masthead of a ward's documents as an independent reader finds it: poppler's
//! `pdftotext -bbox` gives every word of the programme's PDF with its box, and the three issuing
//! bodies' names stand apart, none touching another, above the national name; the place before
//! the date is the ward's, as Decree 30/2020 has it.

mod common;

use std::process::Command;

use axum::http::StatusCode;
use common::spawn_app;

/// A word of the page and its box, in points from the top left.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
}

fn words_of_first_page(pdf: &[u8]) -> Vec<Word> {
    let dir = std::env::temp_dir().join(format!("phoihop-masthead-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("programme.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed ({e}): apt-get install poppler-utils"));
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').unwrap();
            Word {
                text: rest.split("</word>").next().unwrap().to_string(),
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
            }
        })
        .collect()
}

#[tokio::test]
async fn a_wards_programme_names_its_three_bodies_apart_and_is_dated_at_the_ward() {
    let app = spawn_app().await;
    // Nghĩa Đô's programme is still a draft: its staff read the document.
    let staff = app.sign_in("nd.quantri").await;
    let pdf = app
        .download(
            "/dv/phuong-nghia-do/chuong-trinh/2026/van-ban.pdf",
            Some(&staff),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text());
    let words = words_of_first_page(&pdf.bytes);
    let national = words
        .iter()
        .find(|w| w.text == "CỘNG")
        .expect("the national name");
    let masthead: Vec<&Word> = words.iter().filter(|w| w.y0 < national.y0 - 1.0).collect();
    assert!(masthead.len() >= 9, "{masthead:?}");

    // Line by line, words closer than a wide space belong to one name; the first line holds the
    // start of each of the three names, and no two words overlap anywhere.
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for w in &masthead {
        match lines.iter_mut().find(|l| (l[0].y0 - w.y0).abs() < 2.0) {
            Some(line) => line.push(w),
            None => lines.push(vec![w]),
        }
    }
    lines.sort_by(|a, b| a[0].y0.total_cmp(&b[0].y0));
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        for pair in line.windows(2) {
            assert!(
                pair[1].x0 >= pair[0].x1,
                "{:?} overlaps {:?}",
                pair[0].text,
                pair[1].text
            );
        }
    }
    let names_on = |line: &Vec<&Word>| {
        1 + line
            .windows(2)
            .filter(|pair| pair[1].x0 - pair[0].x1 > 12.0)
            .count()
    };
    assert_eq!(
        names_on(&lines[0]),
        3,
        "three names side by side: {:?}",
        lines[0].iter().map(|w| &w.text).collect::<Vec<_>>()
    );
    let masthead_text: Vec<&str> = masthead.iter().map(|w| w.text.as_str()).collect();
    for word in ["HĐND", "UBND", "MTTQ", "NGHĨA", "ĐÔ"] {
        assert!(masthead_text.contains(&word), "{word} in {masthead_text:?}");
    }

    // "Nghĩa Đô, ngày …": the ward's own name, not the city's.
    let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let at = text
        .iter()
        .position(|t| *t == "ngày")
        .expect("the date line");
    assert_eq!(
        &text[at - 2..at],
        ["Nghĩa", "Đô,"],
        "{:?}",
        &text[at - 3..at + 1]
    );
}
