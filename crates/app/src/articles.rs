//! News: the lists and the article a person may read, and writing or changing an article. The body
//! was sanitised when the draft was parsed; a slug already used is a field error, not a failure.

use domain::access::{article_scope, Action, Record};
use domain::article::{Article, ArticleDraft, Category, Slug};
use domain::entity::Entity;
use store::{ArticleCard, ArticlePage, NewArticle, StoreError};

use crate::{App, AppError, Result, Viewer};

/// What a person is told when the slug of an article is taken.
const SLUG_TAKEN: &str = "Đường dẫn này đã có tin khác dùng; hãy chọn đường dẫn khác";

fn slug_taken(e: StoreError) -> AppError {
    if e.is_unique_violation() {
        AppError::field("slug", SLUG_TAKEN)
    } else {
        e.into()
    }
}

impl App {
    /// The news categories.
    pub async fn categories(&self, v: &Viewer) -> Result<Vec<Category>> {
        Ok(self.store.categories(v.unit_id()).await?)
    }

    /// Add a news category ("Thông báo"); its address is made from its name.
    pub async fn create_category(&self, v: &Viewer, name: &str) -> Result<Category> {
        let actor = v.require(&Action::EditArticle {
            unit_id: v.unit_id(),
        })?;
        let name = vi::normalize(name.trim());
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err(AppError::field(
                "category_name",
                "Tên danh mục không được để trống (tối đa 60 ký tự)",
            ));
        }
        let slug = domain::article::Slug::parse(&vi::slugify(&name)).map_err(|_| {
            AppError::field("category_name", "Tên danh mục cần có chữ cái hoặc chữ số")
        })?;
        let existing = self.store.categories(v.unit_id()).await?;
        if existing.iter().any(|c| c.slug == slug) {
            return Err(AppError::field(
                "category_name",
                format!("Đã có danh mục “{name}”"),
            ));
        }
        let position = existing.iter().map(|c| c.position + 1).max().unwrap_or(0);
        let mut tx = self.begin(actor, v).await?;
        let category = tx
            .insert_category(v.unit_id(), &slug, &name, position)
            .await?;
        self.commit(tx, v).await?;
        Ok(category)
    }

    /// A page of the unit's articles this person may list, newest first.
    pub async fn articles_page(
        &self,
        v: &Viewer,
        category_id: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<ArticlePage> {
        let scope = article_scope(v.actor(), v.at(), v.now());
        Ok(self
            .store
            .articles_page(v.unit_id(), scope, category_id, offset, limit)
            .await?)
    }

    /// Other articles for the foot of an article page.
    pub async fn other_articles(
        &self,
        v: &Viewer,
        except_id: i64,
        limit: i64,
    ) -> Result<Vec<ArticleCard>> {
        let scope = article_scope(v.actor(), v.at(), v.now());
        Ok(self
            .store
            .other_articles(v.unit_id(), scope, except_id, limit)
            .await?)
    }

    /// How many articles this person may list in each category.
    pub async fn category_counts(&self, v: &Viewer) -> Result<std::collections::HashMap<i64, i64>> {
        let scope = article_scope(v.actor(), v.at(), v.now());
        Ok(self.store.category_counts(v.unit_id(), scope).await?)
    }

    /// An article by its slug, as this person may read it.
    pub async fn article(&self, v: &Viewer, slug: &str) -> Result<Article> {
        let a = self
            .store
            .article_by_slug(v.unit_id(), slug)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(a.unit_id, Record::article(&a, v.now()), a)
    }

    /// When an article read by this person last changed: its last change in the log, or its
    /// publication when that is later (a scheduled article); `None` for a draft.
    pub async fn article_modified(
        &self,
        v: &Viewer,
        a: &Article,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        let changed = self
            .store
            .last_change_of(v.unit_id(), domain::entity::Entity::Article, a.id)
            .await?
            .map(domain::time::from_unix);
        Ok(a.modified(changed))
    }

    /// An article by its id, as this person may read it.
    pub async fn article_by_id(&self, v: &Viewer, id: i64) -> Result<Article> {
        let a = self
            .store
            .article_by_id(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(a.unit_id, Record::article(&a, v.now()), a)
    }

    /// Every article of the unit, drafts and scheduled ones too: the workspace's list.
    pub async fn all_articles(&self, v: &Viewer) -> Result<Vec<Article>> {
        v.staff()?;
        Ok(self.store.all_articles(v.unit_id()).await?)
    }

    /// Whether anyone may read an article now: where the workspace links to the portal.
    pub fn is_article_public(&self, v: &Viewer, a: &Article) -> bool {
        v.anonymous().may_read(Record::article(a, v.now()))
    }

    /// Write an article of the unit. A title used before gets a free address ("…-2"); an address
    /// typed by hand that is taken is a field error, since its writer chose it.
    pub async fn create_article(&self, v: &Viewer, mut draft: ArticleDraft) -> Result<Article> {
        let actor = v.require(&Action::EditArticle {
            unit_id: v.unit_id(),
        })?;
        self.check_categories(v, &draft).await?;
        if Slug::from_title(&draft.title).is_ok_and(|s| s == draft.slug) {
            draft.slug = self.free_slug(v, &draft.slug).await?;
        }
        let mut tx = self.begin(actor, v).await?;
        let a = tx
            .insert_article(&NewArticle {
                unit_id: v.unit_id(),
                draft,
                illustrative: false,
            })
            .await
            .map_err(slug_taken)?;
        self.commit(tx, v).await?;
        Ok(a)
    }

    /// Change an article of the unit, by its id.
    pub async fn update_article(
        &self,
        v: &Viewer,
        id: i64,
        draft: &ArticleDraft,
    ) -> Result<Article> {
        let actor = v.require(&Action::EditArticle {
            unit_id: v.unit_id(),
        })?;
        let before = self.article_by_id(v, id).await?;
        self.check_categories(v, draft).await?;
        let mut tx = self.begin(actor, v).await?;
        let a = tx
            .update_article(&before, draft)
            .await
            .map_err(slug_taken)?;
        self.commit(tx, v).await?;
        Ok(a)
    }

    /// The slug itself when no article of the unit has it, else the first of "-2", "-3"… free.
    async fn free_slug(&self, v: &Viewer, slug: &Slug) -> Result<Slug> {
        let mut candidate = slug.clone();
        for n in 2.. {
            if self
                .store
                .article_by_slug(v.unit_id(), candidate.as_str())
                .await?
                .is_none()
            {
                break;
            }
            candidate =
                Slug::parse(&format!("{}-{n}", slug.as_str())).map_err(AppError::Invalid)?;
        }
        Ok(candidate)
    }

    /// Categories named by a form must be the unit's own, and so must the pictures its text
    /// shows (by their address: under this unit's prefix or none, of a file uploaded here).
    async fn check_categories(&self, v: &Viewer, draft: &ArticleDraft) -> Result<()> {
        self.check_owned(v, "category_ids", Entity::Category, &draft.category_ids)
            .await?;
        let pictures = draft.body.pictures();
        let foreign_prefix = pictures
            .iter()
            .any(|p| p.unit_slug.as_deref().is_some_and(|s| s != v.unit().slug));
        let hashes: Vec<&str> = pictures.iter().map(|p| p.hash.as_str()).collect();
        let own = self.store.unit_image_hashes(v.unit_id(), &hashes).await?;
        if foreign_prefix || hashes.iter().any(|h| !own.contains(*h)) {
            return Err(AppError::field(
                "body",
                "Bài viết chỉ đăng ảnh đã tải lên cho đơn vị này (nút “Chèn ảnh”); ảnh lấy từ \
                 trang khác hay đơn vị khác không dùng được",
            ));
        }
        Ok(())
    }
}
