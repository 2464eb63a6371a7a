//! Pictures for the news through the workspace's form: metadata stripped, the portal's sizes
//! served, the limits kept, and a picture never published without a description.

mod common;

use std::io::Cursor;

use axum::http::StatusCode;
use common::{spawn_app, Part, TestApp};
use store::demo::SEED_ARTICLE_SLUG;

/// Where a phone would put the photographer: the text the test looks for in what is served.
const POSITION: &str = "GPS 21.0285 N 105.8542 E";

/// A JPEG photograph 2000 × 1200 with an EXIF block holding a GPS position, as phones write them.
fn photo_with_gps() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(2000, 1200, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    // APP1 "Exif": a big-endian TIFF header, IFD0 with an ImageDescription and a GPSInfo pointer,
    // and a GPS IFD with the latitude reference.
    let description = format!("{POSITION}\0");
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    let ifd0_len = 2 + 2 * 12 + 4;
    let text_at = 8 + ifd0_len;
    let gps_at = text_at + description.len();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x0E, 0, 2]);
    tiff.extend_from_slice(&(description.len() as u32).to_be_bytes());
    tiff.extend_from_slice(&(text_at as u32).to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
    tiff.extend_from_slice(&(gps_at as u32).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(description.as_bytes());
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn seed_article(app: &TestApp) -> domain::article::Article {
    let unit = app.store.default_unit().await.unwrap();
    app.store
        .article_by_slug(unit.id, SEED_ARTICLE_SLUG)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn an_uploaded_photo_is_served_in_the_portals_sizes_without_its_gps_position() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let article = seed_article(&app).await;
    let photo = photo_with_gps();
    assert!(contains(&photo, POSITION.as_bytes()) && contains(&photo, b"Exif"));
    let uri = format!("/quan-ly/tin-tuc/{}/anh", article.id);
    let answer = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", &staff.csrf),
                Part::File("file", "IMG_2041.jpg", &photo),
                Part::Field("alt", "Đại biểu biểu quyết thông qua chương trình"),
                Part::Field("caption", "Quang cảnh hội nghị"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    let page = app.get_article(SEED_ARTICLE_SLUG).await;
    page.shows(r#"alt="Đại biểu biểu quyết thông qua chương trình""#)
        .shows("<figcaption>Quang cảnh hội nghị</figcaption>");
    let mut served = Vec::new();
    for width in docs::image::WIDTHS {
        let marker = format!("-{width}.jpg");
        let end = page
            .body
            .find(&marker)
            .expect("the picture's sizes in the page")
            + marker.len();
        let start = page.body[..end].rfind("/anh/").unwrap();
        let file = app.download(&page.body[start..end], None).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.content_type, "image/jpeg");
        assert!(
            !contains(&file.bytes, b"Exif"),
            "EXIF left in the {width} px file"
        );
        assert!(
            !contains(&file.bytes, POSITION.as_bytes()),
            "the position is left in it"
        );
        let decoded = image::load_from_memory(&file.bytes).unwrap();
        served.push((decoded.width(), decoded.height()));
    }
    assert_eq!(served, vec![(480, 288), (960, 576), (1600, 960)]);
    // The change log names the picture by its hash, never by its bytes.
    let history = app
        .store
        .recent_changes_of(article.unit_id, 5)
        .await
        .unwrap();
    let logged = history
        .iter()
        .find(|e| e.entity == "image")
        .expect("logged");
    assert!(logged
        .after_json
        .as_deref()
        .unwrap()
        .contains("\"hash\":\""));
}

#[tokio::test]
async fn a_picture_over_forty_megapixels_or_without_a_description_is_refused_and_nothing_is_written(
) {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let article = seed_article(&app).await;
    let uri = format!("/quan-ly/tin-tuc/{}/anh", article.id);
    let head = app.store.log_head().await.unwrap();

    // 8000 × 6000 pixels, in a header with almost nothing after it.
    let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = 8000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&6000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &[0x78, 0x9c][..])] {
        let mut crc = png_crc(kind, data);
        huge.extend_from_slice(&(data.len() as u32).to_be_bytes());
        huge.extend_from_slice(kind);
        huge.extend_from_slice(data);
        huge.append(&mut crc);
    }
    let refused = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", &staff.csrf),
                Part::File("file", "panorama.png", &huge),
                Part::Field("alt", "Toàn cảnh phường"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows("Ảnh có 48 megapixel, vượt giới hạn 40 megapixel");

    let no_alt = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", &staff.csrf),
                Part::File("file", "IMG_2041.jpg", &photo_with_gps()),
                Part::Field("alt", "   "),
            ],
        )
        .await;
    assert_eq!(no_alt.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_alt
        .shows("Hãy mô tả nội dung ảnh cho người không nhìn thấy ảnh")
        .shows(r#"aria-describedby="alt-loi""#);
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "nothing is written"
    );
}

#[tokio::test]
async fn an_article_with_an_image_without_alt_text_cannot_be_published() {
    let app = spawn_app().await;
    let staff = app.sign_in("quantri").await;
    let page = app
        .post_form(
            "/quan-ly/tin-tuc",
            Some(&staff),
            &[
                ("title", "Tiếp xúc cử tri phường Nghĩa Đô"),
                ("body", r#"<p>Quang cảnh buổi tiếp xúc</p><figure><img src="/anh/x-960.jpg"><figcaption>Cử tri phát biểu</figcaption></figure>"#),
                ("publish", "now"),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    page.shows("Có 1 ảnh chưa có mô tả (thuộc tính alt)");
}

/// A PNG chunk's CRC-32 (ISO 3309), big-endian.
fn png_crc(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in kind.iter().chain(data) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    (!crc).to_be_bytes().to_vec()
}

#[tokio::test]
async fn the_editors_picture_button_keeps_a_wards_picture_for_its_staff_until_an_article_shows_it()
{
    let app = spawn_app().await;
    let ward = "/dv/phuong-cau-giay";
    let staff = app.sign_in("pcg.cv.ubnd").await;
    let photo = photo_with_gps();
    let uri = format!("{ward}/quan-ly/anh");

    // Without a description: the error beside its field, as the API gives errors, nothing kept.
    let images_before = app.store.log_head().await.unwrap();
    let refused = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", &staff.csrf),
                Part::File("file", "IMG_2041.jpg", &photo),
                Part::Field("alt", " "),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = refused.json();
    assert_eq!(errors["fields"][0]["field"], "alt");
    assert_eq!(app.store.log_head().await.unwrap(), images_before);

    // A forged form is refused before the picture is looked at.
    let forged = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", "khong-phai"),
                Part::File("file", "IMG_2041.jpg", &photo),
                Part::Field("alt", "Ảnh"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // The city's administrator reads the ward but does not write its news.
    let city = app.sign_in("hn.quantri").await;
    let not_theirs = app
        .post_multipart(
            &uri,
            Some(&city),
            &[
                Part::Field("csrf", &city.csrf),
                Part::File("file", "IMG_2041.jpg", &photo),
                Part::Field("alt", "Ảnh"),
            ],
        )
        .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);

    let placed = app
        .post_multipart(
            &uri,
            Some(&staff),
            &[
                Part::Field("csrf", &staff.csrf),
                Part::File("file", "IMG_2041.jpg", &photo),
                Part::Field("alt", "Cử tri phát biểu"),
                Part::Field("caption", "Hội nghị tiếp xúc cử tri"),
            ],
        )
        .await;
    assert_eq!(placed.status, StatusCode::OK, "{}", placed.body);
    let html = placed.json()["html"].as_str().unwrap().to_string();
    assert!(
        html.starts_with("<figure><img src=\"/dv/phuong-cau-giay/anh/"),
        "{html}"
    );
    assert!(html.contains(r#"alt="Cử tri phát biểu""#), "{html}");
    assert!(html.contains("<figcaption>Hội nghị tiếp xúc cử tri</figcaption>"));
    let src = html
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let staff_sees = app.download(&src, Some(&staff)).await;
    assert_eq!(staff_sees.status, StatusCode::OK);
    assert!(staff_sees.header("cache-control").contains("no-store"));
    assert_eq!(app.download(&src, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wards_logo_is_uploaded_in_its_settings_and_shown_on_every_page_of_its_portal() {
    let app = spawn_app().await;
    let ward = "/dv/phuong-cau-giay";
    let uri = format!("{ward}/quan-ly/cai-dat/bieu-trung");
    let photo = photo_with_gps();

    // Only the unit's administrator sets it.
    let editor = app.sign_in("pcg.cv.ubnd").await;
    let refused = app
        .post_multipart(
            &uri,
            Some(&editor),
            &[
                Part::Field("csrf", &editor.csrf),
                Part::File("file", "logo.jpg", &photo),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A file that is no picture: a message beside the field, nothing kept.
    let admin = app.sign_in("pcg.quantri").await;
    let head = app.store.log_head().await.unwrap();
    let not_a_picture = app
        .post_multipart(
            &uri,
            Some(&admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::File("file", "logo.png", b"<svg onload=alert(1)>"),
            ],
        )
        .await;
    assert_eq!(not_a_picture.status, StatusCode::UNPROCESSABLE_ENTITY);
    not_a_picture.shows(r#"id="file-loi""#);
    assert_eq!(app.store.log_head().await.unwrap(), head);

    let set = app
        .post_multipart(
            &uri,
            Some(&admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::File("file", "logo.jpg", &photo),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let settings = app
        .get_as(&format!("{ward}/quan-ly/cai-dat"), &admin.cookie)
        .await;
    let src = settings
        .body
        .split(r#"<img class="logo" src=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the settings page shows the logo")
        .to_string();
    assert!(src.starts_with(&format!("{ward}/anh/")), "{src}");

    // Every page of the ward's portal shows it, and anyone may load it.
    for page in ["", "/tin-tuc", "/hoi-nghi", "/van-ban"] {
        app.get(&format!("{ward}{page}"))
            .await
            .shows(&format!(r#"<img class="logo" src="{src}""#));
    }
    let logo = app.download(&src, None).await;
    assert_eq!(logo.status, StatusCode::OK);
    assert!(logo.header("cache-control").contains("public"));
    // Another ward's portal does not show it.
    app.get("/dv/phuong-nghia-do/tin-tuc")
        .await
        .does_not_show(&src);

    // Taken off, the portal shows the name alone.
    let removed = app
        .post_form(&format!("{uri}/xoa"), Some(&admin), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    app.get(&format!("{ward}/tin-tuc"))
        .await
        .does_not_show(r#"<img class="logo""#);
}
