//! The demo's illustrative pictures, uploaded for the units whose articles show them: drawn and
//! prepared as an upload is by `cargo run -p docs --example demo_pictures`, and kept here as the
//! renditions the portal serves, so the demo loads without decoding a picture.

use crate::images::NewRendition;
use crate::{Result, WriteTx};
use domain::unit::AdminUnit;

/// The renditions of one picture, narrowest first, at the widths the portal serves.
struct Picture {
    hash: &'static str,
    renditions: [(u32, u32, &'static [u8]); 3],
}

macro_rules! picture {
    ($name:literal) => {
        Picture {
            hash: include_str!(concat!("../../demo/pictures/", $name, ".sha256")),
            renditions: [
                (
                    480,
                    270,
                    include_bytes!(concat!("../../demo/pictures/", $name, "-480.jpg")),
                ),
                (
                    960,
                    540,
                    include_bytes!(concat!("../../demo/pictures/", $name, "-960.jpg")),
                ),
                (
                    1600,
                    900,
                    include_bytes!(concat!("../../demo/pictures/", $name, "-1600.jpg")),
                ),
            ],
        }
    };
}

fn of(unit_slug: &str) -> Option<Picture> {
    Some(match unit_slug {
        "thanh-pho-ha-noi" => picture!("thanh-pho-ha-noi"),
        "quan-cau-giay" => picture!("quan-cau-giay"),
        "phuong-cau-giay" => picture!("phuong-cau-giay"),
        "phuong-nghia-do" => picture!("phuong-nghia-do"),
        _ => return None,
    })
}

/// Upload the unit's illustrative picture and return the figure an article shows it in, under
/// the unit's prefix, marked as an illustration.
pub(super) async fn figure(tx: &mut WriteTx, unit: &AdminUnit, alt: &str) -> Result<String> {
    let Some(picture) = of(&unit.slug) else {
        return Ok(String::new());
    };
    let hash = picture.hash.trim();
    let renditions: Vec<NewRendition<'_>> = picture
        .renditions
        .iter()
        .map(|(width, height, bytes)| NewRendition {
            width: i64::from(*width),
            height: i64::from(*height),
            bytes,
        })
        .collect();
    tx.insert_image(
        unit.id,
        hash,
        &format!("{}.png", unit.slug),
        (1600, 900),
        &renditions,
    )
    .await?;
    let href = |w: u32| {
        domain::address::link(
            &domain::address::base_of(&unit.slug),
            &format!("/anh/{hash}-{w}.jpg"),
        )
    };
    Ok(format!(
        r#"<figure><img src="{}" srcset="{} 480w, {} 960w, {} 1600w" sizes="(max-width: 800px) 100vw, 800px" alt="{alt}" width="1600" height="900"><figcaption>{alt} (ảnh minh họa)</figcaption></figure>"#,
        href(960),
        href(480),
        href(960),
        href(1600),
    ))
}
