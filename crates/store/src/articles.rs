//! News articles and categories: the public lists (published only, newest first, paginated) and the
//! article page.

use domain::entity::Entity;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::access::ArticleScope;
use domain::article::{Article, ArticleDraft, Category, SafeHtml, Slug};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode;
use crate::{Result, Store, StoreError, WriteTx};

/// An article as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// `None` for a draft, which only staff's lists hold.
    pub published_at: Option<DateTime<Utc>>,
}

/// One page of a list of articles and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticlePage {
    pub items: Vec<ArticleCard>,
    pub total: i64,
}

/// A new article: a parsed draft and where it belongs.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub unit_id: i64,
    pub draft: ArticleDraft,
    pub illustrative: bool,
}

fn card_from_row(row: &AnyRow) -> Result<ArticleCard> {
    Ok(ArticleCard {
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        published_at: row
            .try_get::<Option<i64>, _>("published_at")?
            .map(domain::time::from_unix),
    })
}

fn slug_from(row: &AnyRow, table: &'static str) -> Result<Slug> {
    let s: String = row.try_get("slug")?;
    Slug::parse(&s).map_err(|_| StoreError::Corrupt {
        table,
        column: "slug",
        value: s,
    })
}

impl Store {
    /// A unit's news categories, in their order.
    pub async fn categories(&self, unit_id: i64) -> Result<Vec<Category>> {
        sqlx::query(
            "SELECT id, unit_id, slug, name, position FROM categories WHERE unit_id = $1 \
             ORDER BY position, id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|row| {
            Ok(Category {
                id: row.try_get("id")?,
                unit_id: row.try_get("unit_id")?,
                slug: slug_from(row, "categories")?,
                name: row.try_get("name")?,
                position: row.try_get("position")?,
            })
        })
        .collect()
    }

    /// A unit's articles in the scope the reader may list, newest first, optionally of one
    /// category, a page at a time.
    pub async fn articles_page(
        &self,
        unit_id: i64,
        scope: ArticleScope,
        category_id: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<ArticlePage> {
        let (by, everything) = scope_binds(scope);
        let filter = if category_id.is_some() {
            "AND a.id IN (SELECT article_id FROM article_categories WHERE category_id = $4)"
        } else {
            "AND $4 IS NULL"
        };
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM articles a WHERE a.unit_id = $1 AND {IN_SCOPE} {filter}"
        ))
        .bind(unit_id)
        .bind(by)
        .bind(everything)
        .bind(category_id)
        .fetch_one(self.db_read())
        .await?;
        let items = sqlx::query(&format!(
            "SELECT a.slug, a.title, a.summary, a.published_at FROM articles a \
             WHERE a.unit_id = $1 AND {IN_SCOPE} {filter} \
             ORDER BY {NEWEST_FIRST} LIMIT $5 OFFSET $6"
        ))
        .bind(unit_id)
        .bind(by)
        .bind(everything)
        .bind(category_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(card_from_row)
        .collect::<Result<_>>()?;
        Ok(ArticlePage { items, total })
    }

    /// A unit's article by its slug, whether published or not; callers decide who may see it.
    pub async fn article_by_slug(&self, unit_id: i64, slug: &str) -> Result<Option<Article>> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE unit_id = $1 AND slug = $2 AND withdrawn_at IS NULL"
        ))
        .bind(unit_id)
        .bind(slug)
        .fetch_optional(self.db_read())
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        let category_ids = sqlx::query_scalar::<_, i64>(
            "SELECT ac.category_id FROM article_categories ac JOIN categories c ON c.id = ac.category_id \
             WHERE ac.article_id = $1 ORDER BY c.position, c.id",
        )
        .bind(id)
        .fetch_all(self.db_read())
        .await?;
        Ok(Some(article_from_row(&row, category_ids)?))
    }

    /// Other articles of the unit in the reader's scope, for the foot of an article page.
    pub async fn other_articles(
        &self,
        unit_id: i64,
        scope: ArticleScope,
        except_id: i64,
        limit: i64,
    ) -> Result<Vec<ArticleCard>> {
        let (by, everything) = scope_binds(scope);
        sqlx::query(&format!(
            "SELECT a.slug, a.title, a.summary, a.published_at FROM articles a \
             WHERE a.unit_id = $1 AND {IN_SCOPE} AND a.id <> $4 ORDER BY {NEWEST_FIRST} LIMIT $5"
        ))
        .bind(unit_id)
        .bind(by)
        .bind(everything)
        .bind(except_id)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(card_from_row)
        .collect()
    }

    /// How many of the unit's articles in the reader's scope each category has, for the "Danh mục
    /// tin tức" box.
    pub async fn category_counts(
        &self,
        unit_id: i64,
        scope: ArticleScope,
    ) -> Result<HashMap<i64, i64>> {
        let (by, everything) = scope_binds(scope);
        let rows = sqlx::query(&format!(
            "SELECT ac.category_id, COUNT(*) AS n FROM article_categories ac \
             JOIN articles a ON a.id = ac.article_id WHERE a.unit_id = $1 AND {IN_SCOPE} \
             GROUP BY ac.category_id"
        ))
        .bind(unit_id)
        .bind(by)
        .bind(everything)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("category_id")?, r.try_get("n")?)))
            .collect()
    }
}

/// The condition for articles `a` in an [`ArticleScope`], over the binds `$2` (the instant) and
/// `$3` (1 for every article) of [`scope_binds`]. The scope is decided by `domain::access`; this only
/// says it in SQL.
const IN_SCOPE: &str = "a.withdrawn_at IS NULL AND (a.published_at <= $2 OR $3 = 1)";

/// Drafts first (they have no time yet), then the newest.
const NEWEST_FIRST: &str =
    "CASE WHEN a.published_at IS NULL THEN 1 ELSE 0 END DESC, a.published_at DESC, a.id DESC";

fn scope_binds(scope: ArticleScope) -> (i64, i64) {
    match scope {
        ArticleScope::Everything => (i64::MAX, 1),
        ArticleScope::PublishedBy(now) => (now.timestamp(), 0),
    }
}

impl WriteTx {
    pub async fn insert_category(
        &mut self,
        unit_id: i64,
        slug: &Slug,
        name: &str,
        position: i64,
    ) -> Result<Category> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (unit_id, slug, name, position) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(unit_id)
        .bind(slug.as_str())
        .bind(name)
        .bind(position)
        .fetch_one(self.conn())
        .await?;
        let category = Category {
            id,
            unit_id,
            slug: slug.clone(),
            name: name.to_string(),
            position,
        };
        self.log_create(Entity::Category, id, &category).await?;
        Ok(category)
    }

    pub async fn insert_article(&mut self, new: &NewArticle) -> Result<Article> {
        let d = &new.draft;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (unit_id, slug, title, summary, body_html, byline, published_at, illustrative) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(d.slug.as_str())
        .bind(&d.title)
        .bind(&d.summary)
        .bind(d.body.as_str())
        .bind(&d.byline)
        .bind(d.published_at.map(|t| t.timestamp()))
        .bind(i64::from(new.illustrative))
        .fetch_one(self.conn())
        .await?;
        for category_id in &d.category_ids {
            sqlx::query("INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2)")
                .bind(id)
                .bind(category_id)
                .execute(self.conn())
                .await?;
        }
        let article = Article {
            id,
            unit_id: new.unit_id,
            slug: d.slug.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            body: d.body.clone(),
            byline: d.byline.clone(),
            published_at: d.published_at,
            category_ids: d.category_ids.clone(),
            illustrative: new.illustrative,
        };
        self.log_create(Entity::Article, id, &article).await?;
        Ok(article)
    }
}

fn article_from_row(row: &AnyRow, category_ids: Vec<i64>) -> Result<Article> {
    Ok(Article {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        slug: slug_from(row, "articles")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        body: SafeHtml::from_trusted_storage(row.try_get("body_html")?),
        byline: row.try_get("byline")?,
        published_at: row
            .try_get::<Option<i64>, _>("published_at")?
            .map(domain::time::from_unix),
        category_ids,
        illustrative: decode::flag(row, "illustrative")?,
    })
}

const ARTICLE_COLUMNS: &str =
    "id, unit_id, slug, title, summary, body_html, byline, published_at, illustrative";

impl Store {
    /// Every article of a unit, drafts and scheduled ones too, newest first, in two queries.
    pub async fn all_articles(&self, unit_id: i64) -> Result<Vec<Article>> {
        let rows = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE unit_id = $1 AND withdrawn_at IS NULL \
             ORDER BY published_at IS NULL DESC, published_at DESC, id DESC"
        ))
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let links = sqlx::query(
            "SELECT ac.article_id, ac.category_id FROM article_categories ac \
             JOIN articles a ON a.id = ac.article_id WHERE a.unit_id = $1 AND a.withdrawn_at IS NULL \
             ORDER BY ac.category_id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut by_article: HashMap<i64, Vec<i64>> = HashMap::new();
        for l in &links {
            by_article
                .entry(l.try_get("article_id")?)
                .or_default()
                .push(l.try_get("category_id")?);
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                article_from_row(r, by_article.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// An article of a unit by its id, whether published or not.
    pub async fn article_by_id(&self, unit_id: i64, id: i64) -> Result<Option<Article>> {
        let slug: Option<String> = sqlx::query_scalar(
            "SELECT slug FROM articles WHERE id = $1 AND unit_id = $2 AND withdrawn_at IS NULL",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?;
        match slug {
            Some(slug) => self.article_by_slug(unit_id, &slug).await,
            None => Ok(None),
        }
    }
}

impl WriteTx {
    /// Replace an article's fields and categories with a parsed draft.
    pub async fn update_article(&mut self, before: &Article, d: &ArticleDraft) -> Result<Article> {
        sqlx::query(
            "UPDATE articles SET slug = $1, title = $2, summary = $3, body_html = $4, byline = $5, \
                    published_at = $6 WHERE id = $7",
        )
        .bind(d.slug.as_str())
        .bind(&d.title)
        .bind(&d.summary)
        .bind(d.body.as_str())
        .bind(&d.byline)
        .bind(d.published_at.map(|t| t.timestamp()))
        .bind(before.id)
        .execute(self.conn())
        .await?;
        if before.category_ids != d.category_ids {
            sqlx::query("DELETE FROM article_categories WHERE article_id = $1")
                .bind(before.id)
                .execute(self.conn())
                .await?;
            for category_id in &d.category_ids {
                sqlx::query(
                    "INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2)",
                )
                .bind(before.id)
                .bind(category_id)
                .execute(self.conn())
                .await?;
            }
        }
        let after = Article {
            slug: d.slug.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            body: d.body.clone(),
            byline: d.byline.clone(),
            published_at: d.published_at,
            category_ids: d.category_ids.clone(),
            ..before.clone()
        };
        let (b, a) = (
            crate::changelog::to_json(before)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::Article, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }
}

impl Store {
    /// A unit's articles with an id above `after_id`, by id, at most `limit`, drafts and scheduled
    /// ones too: a rebuild walks them page by page.
    pub async fn articles_after(
        &self,
        unit_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<Article>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, slug, title, summary, body_html, byline, published_at, illustrative \
             FROM articles WHERE unit_id = $1 AND id > $2 AND withdrawn_at IS NULL ORDER BY id LIMIT $3",
        )
        .bind(unit_id)
        .bind(after_id)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?;
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(Vec::new());
        };
        let (from, to): (i64, i64) = (first.try_get("id")?, last.try_get("id")?);
        let links = sqlx::query(
            "SELECT article_id, category_id FROM article_categories \
             WHERE article_id >= $1 AND article_id <= $2 ORDER BY article_id, category_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.db_read())
        .await?;
        let mut by_article: std::collections::HashMap<i64, Vec<i64>> =
            std::collections::HashMap::new();
        for l in &links {
            by_article
                .entry(l.try_get("article_id")?)
                .or_default()
                .push(l.try_get("category_id")?);
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                article_from_row(r, by_article.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// A unit's articles whose publication time is after `now`, with that time (Unix seconds).
    pub async fn scheduled_articles(&self, now: DateTime<Utc>) -> Result<Vec<(i64, i64, i64)>> {
        let rows =
            sqlx::query("SELECT id, published_at, unit_id FROM articles WHERE published_at > $1 AND withdrawn_at IS NULL")
                .bind(now.timestamp())
                .fetch_all(self.db_read())
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("published_at")?,
                    r.try_get("unit_id")?,
                ))
            })
            .collect()
    }
}
