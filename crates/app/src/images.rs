//! Adding a photograph to an article: the picture is checked, resized and stripped of its metadata,
//! kept with its sizes, and placed as a captioned figure: at the end of the article in one write,
//! or where the writer is, by the editor's picture button.

use domain::access::Action;
use domain::article::ArticleDraft;

use crate::{App, AppError, Result, Viewer};

/// What a person gives with a picture: the file, what it shows, and its caption.
pub struct ImageUpload<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    /// The text for those who cannot see it; required.
    pub alt: &'a str,
    pub caption: &'a str,
}

/// The memory every picture being prepared at once may hold together, in MB: eight 40-megapixel
/// photographs sent at the same moment wait their turn rather than take the server's memory.
pub const PICTURE_BUDGET_MB: u32 = 160;

static PICTURE_BUDGET: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(PICTURE_BUDGET_MB as usize));

/// Prepare a picture off the async workers, once its share of the budget (what its header says
/// preparing it holds, at most the whole budget) is free.
async fn prepare_within_budget(
    bytes: &[u8],
) -> std::result::Result<docs::image::PreparedImage, docs::image::ImageError> {
    let header = docs::image::header(bytes)?;
    let mb = header.working_bytes().div_ceil(1024 * 1024);
    let share = u32::try_from(mb)
        .unwrap_or(u32::MAX)
        .clamp(1, PICTURE_BUDGET_MB);
    let _permit = PICTURE_BUDGET
        .acquire_many(share)
        .await
        .expect("the picture budget stays open");
    let bytes = bytes.to_vec();
    tokio::task::spawn_blocking(move || docs::image::prepare(&bytes))
        .await
        .unwrap_or(Err(docs::image::ImageError::Unreadable))
}

/// The address of a unit's picture at a width, under the unit's prefix (`base`).
fn image_href(base: &str, hash: &str, width: u32) -> String {
    format!("{base}/anh/{hash}-{width}.jpg")
}

/// An article's fields as they are, with `html` added at the end of its text, checked again as a
/// draft (what a picture or a document placed in an article writes).
pub(crate) fn appended(before: &domain::article::Article, html: &str) -> Result<ArticleDraft> {
    ArticleDraft::parse(
        &before.title,
        before.slug.as_str(),
        &before.summary,
        &format!("{}{html}", before.body.as_str()),
        &before.byline,
        before.published_at,
        before.category_ids.clone(),
    )
    .map_err(AppError::Invalid)
}

/// A picture checked and prepared, with the figure an article shows it in.
struct Figure {
    prepared: docs::image::PreparedImage,
    /// The file's name as it was sent, without control characters.
    name: String,
    /// `<figure><img …><figcaption>…</figcaption></figure>`, addressed under the unit's prefix.
    html: String,
}

impl Figure {
    /// Check what a person gives with a picture (the picture itself, its description, its
    /// caption) and prepare it: every problem is an error beside its field, nothing is kept.
    async fn of(v: &Viewer, upload: &ImageUpload<'_>) -> Result<Self> {
        let alt = vi::normalize(upload.alt.trim());
        if alt.is_empty() || alt.chars().count() > 300 || alt.chars().any(char::is_control) {
            return Err(AppError::field(
                "alt",
                "Hãy mô tả nội dung ảnh cho người không nhìn thấy ảnh (bắt buộc, tối đa 300 ký tự)",
            ));
        }
        let caption = vi::normalize(upload.caption.trim());
        if caption.chars().count() > 500 || caption.chars().any(char::is_control) {
            return Err(AppError::field("caption", "Chú thích dài quá 500 ký tự"));
        }
        let prepared = prepare_within_budget(upload.bytes)
            .await
            .map_err(|e| AppError::field("file", e.to_string()))?;
        let base = v.base();
        let src = image_href(
            base,
            &prepared.hash,
            docs::image::DEFAULT_WIDTH.min(prepared.width),
        );
        let srcset = prepared
            .renditions
            .iter()
            .map(|r| format!("{} {}w", image_href(base, &prepared.hash, r.width), r.width))
            .collect::<Vec<_>>()
            .join(", ");
        let largest = prepared.renditions.last().expect("at least one size");
        let caption_html = if caption.is_empty() {
            String::new()
        } else {
            format!("<figcaption>{}</figcaption>", vi::escape(&caption))
        };
        let html = format!(
            r#"<figure><img src="{src}" srcset="{srcset}" sizes="(max-width: 800px) 100vw, 800px" alt="{}" width="{}" height="{}">{caption_html}</figure>"#,
            vi::escape(&alt),
            largest.width,
            largest.height,
        );
        let name = upload
            .file_name
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        Ok(Self {
            prepared,
            name,
            html,
        })
    }

    /// Keep the picture and its sizes with the unit, in the write under way.
    async fn keep(&self, tx: &mut store::WriteTx, unit_id: i64) -> Result<()> {
        let p = &self.prepared;
        let renditions: Vec<store::images::NewRendition> = p
            .renditions
            .iter()
            .map(|r| store::images::NewRendition {
                width: i64::from(r.width),
                height: i64::from(r.height),
                bytes: &r.bytes,
            })
            .collect();
        tx.insert_image(
            unit_id,
            &p.hash,
            &self.name,
            (i64::from(p.width), i64::from(p.height)),
            &renditions,
        )
        .await?;
        Ok(())
    }
}

impl App {
    /// Add a picture to the end of an article of the unit, in one write with the article.
    pub async fn add_image_to_article(
        &self,
        v: &Viewer,
        article_id: i64,
        upload: &ImageUpload<'_>,
    ) -> Result<domain::article::Article> {
        let actor = v.require(&Action::EditArticle {
            unit_id: v.unit_id(),
        })?;
        let before = self.article_by_id(v, article_id).await?;
        let figure = Figure::of(v, upload).await?;
        let draft = appended(&before, &figure.html)?;
        let mut tx = self.begin(actor, v).await?;
        figure.keep(&mut tx, v.unit_id()).await?;
        let article = tx.update_article(&before, &draft).await?;
        self.commit(tx, v).await?;
        Ok(article)
    }

    /// Keep a picture for the article being written and give the figure that shows it, for the
    /// editor to place where the writer is: the picture button. Until an article published shows
    /// it, the picture is the unit's staff's alone.
    pub async fn upload_picture(&self, v: &Viewer, upload: &ImageUpload<'_>) -> Result<String> {
        let actor = v.require(&Action::EditArticle {
            unit_id: v.unit_id(),
        })?;
        let figure = Figure::of(v, upload).await?;
        let mut tx = self.begin(actor, v).await?;
        figure.keep(&mut tx, v.unit_id()).await?;
        self.commit(tx, v).await?;
        Ok(figure.html)
    }

    /// Make an uploaded picture the unit's logo, shown beside its name on every page of its portal:
    /// checked and prepared as an article's pictures are, kept at its smallest size, public at once.
    pub async fn set_logo(&self, v: &Viewer, file_name: &str, bytes: &[u8]) -> Result<String> {
        let actor = v.require(&Action::ManageAccounts {
            unit_id: v.unit_id(),
        })?;
        let figure = Figure::of(
            v,
            &ImageUpload {
                file_name,
                bytes,
                alt: "Biểu trưng",
                caption: "",
            },
        )
        .await?;
        let smallest = figure
            .prepared
            .renditions
            .first()
            .expect("at least one size");
        let href = image_href(v.base(), &figure.prepared.hash, smallest.width);
        let mut tx = self.begin(actor, v).await?;
        figure.keep(&mut tx, v.unit_id()).await?;
        tx.set_unit_setting(v.unit_id(), domain::settings::LOGO_KEY, &href)
            .await?;
        self.commit(tx, v).await?;
        self.units_changed();
        Ok(href)
    }

    /// Take the unit's logo off its portal (the picture stays among the unit's uploads).
    pub async fn remove_logo(&self, v: &Viewer) -> Result<()> {
        let actor = v.require(&Action::ManageAccounts {
            unit_id: v.unit_id(),
        })?;
        let mut tx = self.begin(actor, v).await?;
        tx.set_unit_setting(v.unit_id(), domain::settings::LOGO_KEY, "")
            .await?;
        self.commit(tx, v).await?;
        self.units_changed();
        Ok(())
    }

    /// A unit's picture at one of the widths it is served at.
    /// With it, whether anyone may see it (an article published shows it), which decides how long
    /// browsers and proxies may keep it.
    pub async fn image(&self, v: &Viewer, hash: &str, width: u32) -> Result<(Vec<u8>, bool)> {
        let bytes = self
            .store
            .image_rendition(v.unit_id(), hash, i64::from(width))
            .await?
            .ok_or(AppError::NotFound)?;
        // The unit's logo is on every public page; else a picture is public once an article
        // published shows it.
        let is_logo = self
            .directory()
            .await?
            .settings(v.unit_id())
            .logo_url
            .contains(&format!("/anh/{hash}-"));
        let in_public_article = is_logo
            || self
                .store
                .image_in_published_article(v.unit_id(), hash, v.now())
                .await?;
        v.read(
            v.unit_id(),
            domain::access::Record::Picture { in_public_article },
            (bytes, in_public_article),
        )
    }
}
