//! Draws the demo's illustrative pictures (a unit's office under its flag, one colour per unit)
//! and prepares them as an upload would be, writing the renditions the demo loader embeds into
//! `crates/store/demo/pictures/`: `{name}-{width}.jpg`, and `{name}.sha256` with the hash the
//! picture is served under.
//!
//! `cargo run -p docs --example demo_pictures`

use std::io::Cursor;
use std::path::PathBuf;

use image::{Rgb, RgbImage};

/// The pictures: a name, and the colour of the building's walls.
const PICTURES: [(&str, [u8; 3]); 4] = [
    ("thanh-pho-ha-noi", [236, 214, 160]),
    ("quan-cau-giay", [226, 200, 170]),
    ("phuong-cau-giay", [242, 226, 180]),
    ("phuong-nghia-do", [214, 226, 200]),
];

fn draw(wall: [u8; 3]) -> RgbImage {
    let (w, h) = (1600u32, 900u32);
    RgbImage::from_fn(w, h, |x, y| {
        let ground = h * 3 / 4;
        let (left, right, top) = (w / 5, w * 4 / 5, h * 2 / 5);
        let roof = top - 90;
        // The flag: a pole, a red field, a yellow star in its middle.
        let (pole, flag_top, flag_bottom, flag_right) = (w / 2, 60, 160, w / 2 + 150);
        if x >= pole && x < flag_right && y >= flag_top && y < flag_bottom && x > pole + 4 {
            let (cx, cy) = (
                (pole + flag_right) as f32 / 2.0,
                (flag_top + flag_bottom) as f32 / 2.0,
            );
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let r = (dx * dx + dy * dy).sqrt();
            let angle = dy.atan2(dx) + std::f32::consts::FRAC_PI_2;
            // A five-pointed star: its radius swings between 14 and 34 five times a turn.
            let star = 14.0 + 20.0 * (0.5 + 0.5 * (angle * 5.0).cos()).powi(3);
            return if r < star {
                Rgb([255, 221, 0])
            } else {
                Rgb([218, 37, 29])
            };
        }
        if (pole..pole + 5).contains(&x) && y >= flag_top && y < roof {
            return Rgb([90, 90, 90]);
        }
        // The roof, a triangle over the building.
        if y >= roof && y < top {
            let half = (right - left) / 2 + 20;
            let centre = (left + right) / 2;
            let span = half * (y - roof) / (top - roof);
            if x + span >= centre && x <= centre + span {
                return Rgb([170, 40, 30]);
            }
        }
        // The walls, with rows of windows and a door.
        if x >= left && x < right && y >= top && y < ground {
            let in_window = (x - left) % 80 >= 25
                && (x - left) % 80 < 55
                && (y - top) % 70 >= 20
                && (y - top) % 70 < 50;
            let door = x >= w / 2 - 40 && x < w / 2 + 40 && y >= ground - 110;
            return if door {
                Rgb([110, 70, 40])
            } else if in_window {
                Rgb([120, 160, 200])
            } else {
                Rgb(wall)
            };
        }
        if y >= ground {
            let shade = 150 - ((y - ground) * 40 / (h - ground)) as u8;
            return Rgb([shade / 2 + 40, shade, shade / 2 + 30]);
        }
        // The sky, lighter towards the horizon.
        let t = y as f32 / ground as f32;
        Rgb([
            (120.0 + 110.0 * t) as u8,
            (170.0 + 70.0 * t) as u8,
            (230.0 + 20.0 * t) as u8,
        ])
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../store/demo/pictures");
    std::fs::create_dir_all(&out)?;
    for (name, wall) in PICTURES {
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(draw(wall))
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)?;
        let prepared = docs::image::prepare(&png)?;
        for r in &prepared.renditions {
            std::fs::write(out.join(format!("{name}-{}.jpg", r.width)), &r.bytes)?;
        }
        std::fs::write(out.join(format!("{name}.sha256")), &prepared.hash)?;
        println!("{name}: {}", prepared.hash);
    }
    Ok(())
}
