//! Photographs of a unit's news and the sizes they are served in, kept in the database so that every
//! node and every backup has them. The change log records each by its hash.

use domain::entity::Entity;
use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store, WriteTx};

/// A picture as the change log records it: what it is, never its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredImage {
    pub id: i64,
    pub unit_id: i64,
    /// SHA-256 of the uploaded file, in hex.
    pub hash: String,
    /// The file's name as it was uploaded.
    pub name: String,
    pub width: i64,
    pub height: i64,
    /// The widths it is served at.
    pub sizes: Vec<i64>,
}

/// One size of a picture to keep: width, height and the JPEG bytes.
pub struct NewRendition<'a> {
    pub width: i64,
    pub height: i64,
    pub bytes: &'a [u8],
}

impl WriteTx {
    /// Keep an uploaded picture and its sizes; the same file uploaded again to the same unit is
    /// the picture already kept.
    pub async fn insert_image(
        &mut self,
        unit_id: i64,
        hash: &str,
        name: &str,
        (width, height): (i64, i64),
        renditions: &[NewRendition<'_>],
    ) -> Result<StoredImage> {
        let mut image = StoredImage {
            id: 0,
            unit_id,
            hash: hash.to_string(),
            name: name.to_string(),
            width,
            height,
            sizes: renditions.iter().map(|r| r.width).collect(),
        };
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM images WHERE unit_id = $1 AND hash = $2")
                .bind(unit_id)
                .bind(hash)
                .fetch_optional(self.conn())
                .await?;
        if let Some(id) = existing {
            image.id = id;
            return Ok(image);
        }
        image.id = sqlx::query_scalar(
            "INSERT INTO images (unit_id, hash, name, width, height) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(unit_id)
        .bind(hash)
        .bind(name)
        .bind(width)
        .bind(height)
        .fetch_one(self.conn())
        .await?;
        for r in renditions {
            sqlx::query(
                "INSERT INTO image_renditions (image_id, width, height, bytes) VALUES ($1, $2, $3, $4)",
            )
            .bind(image.id)
            .bind(r.width)
            .bind(r.height)
            .bind(r.bytes.to_vec())
            .execute(self.conn())
            .await?;
        }
        self.log_create(Entity::Image, image.id, &image).await?;
        Ok(image)
    }
}

impl Store {
    /// The JPEG of a unit's picture at a width it is served at.
    pub async fn image_rendition(
        &self,
        unit_id: i64,
        hash: &str,
        width: i64,
    ) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query(
            "SELECT r.bytes FROM image_renditions r JOIN images i ON i.id = r.image_id \
             WHERE i.unit_id = $1 AND i.hash = $2 AND r.width = $3",
        )
        .bind(unit_id)
        .bind(hash)
        .bind(width)
        .fetch_optional(self.db_read())
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get::<Vec<u8>, _>(0)?),
            None => None,
        })
    }

    /// Of these pictures' hashes, those uploaded for the unit.
    pub async fn unit_image_hashes(
        &self,
        unit_id: i64,
        hashes: &[&str],
    ) -> Result<std::collections::HashSet<String>> {
        let mut own = std::collections::HashSet::new();
        for chunk in hashes.chunks(500) {
            let list = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("SELECT hash FROM images WHERE unit_id = $1 AND hash IN ({list})");
            let mut query = sqlx::query_scalar::<_, String>(&sql).bind(unit_id);
            for h in chunk {
                query = query.bind(*h);
            }
            own.extend(query.fetch_all(self.db_read()).await?);
        }
        Ok(own)
    }

    /// Whether an article of the unit published by `now` shows the picture: what makes it public.
    /// (Articles name a picture by its address, `…/anh/{hash}-{width}.jpg`.)
    pub async fn image_in_published_article(
        &self,
        unit_id: i64,
        hash: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM articles WHERE unit_id = $1 AND published_at <= $2 \
             AND withdrawn_at IS NULL AND body_html LIKE $3",
        )
        .bind(unit_id)
        .bind(now.timestamp())
        .bind(format!("%/anh/{hash}-%"))
        .fetch_one(self.db_read())
        .await?;
        Ok(n > 0)
    }
}
