//! News: the paginated list, by category, and the article page as the seed shows it.

use app::Viewer;
use askama::Template;
use axum::extract::Query;

use super::{chrome, linked_data, CardView, Chrome, Section};
use crate::extract::{IdParam, PageNumber, Public, QueryMap, SlugParam, Staff};
use crate::render::render_page;
use crate::{AppState, HtmlResult, WebError};

/// Articles per page of the list.
pub const PER_PAGE: i64 = 10;

pub struct CategoryView {
    pub href: String,
    pub name: String,
    pub count: i64,
    pub current: bool,
}

pub struct PageLink {
    pub number: i64,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "news_list.html")]
struct ListPage {
    chrome: Chrome,
    heading: String,
    items: Vec<CardView>,
    categories: Vec<CategoryView>,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    total: i64,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    chrome: Chrome,
    title: String,
    time: String,
    iso: String,
    summary: String,
    body: String,
    byline: String,
    tags: Vec<CategoryView>,
    illustrative: bool,
    others: Vec<CardView>,
    categories: Vec<CategoryView>,
    /// A member of staff previewing the article: what the page says it is, and where to edit.
    preview: Option<Preview>,
    /// The picture a share shows: the article's first, or the portal's.
    image: String,
    /// When it last changed, RFC 3339.
    modified_iso: String,
    /// The article as schema.org's `NewsArticle`.
    linked_data: String,
}

/// The banner of a preview: the article's state and the way back to its form.
struct Preview {
    state: String,
    edit_href: String,
}

fn list_href(category: Option<&str>, page: i64) -> String {
    match (category, page) {
        (None, 1) => "/tin-tuc".to_string(),
        (None, n) => format!("/tin-tuc?trang={n}"),
        (Some(c), 1) => format!("/tin-tuc?danh-muc={c}"),
        (Some(c), n) => format!("/tin-tuc?danh-muc={c}&trang={n}"),
    }
}

async fn category_views(
    state: &AppState,
    v: &Viewer,
    current: Option<i64>,
) -> Result<Vec<CategoryView>, WebError> {
    let counts = state.app.category_counts(v).await?;
    Ok(state
        .app
        .categories(v)
        .await?
        .into_iter()
        .map(|c| CategoryView {
            href: list_href(Some(c.slug.as_str()), 1),
            count: counts.get(&c.id).copied().unwrap_or(0),
            current: current == Some(c.id),
            name: c.name,
        })
        .collect())
}

pub async fn list(
    Public { state, v }: Public,
    PageNumber(page): PageNumber,
    Query(query): QueryMap,
) -> HtmlResult {
    let categories = state.app.categories(&v).await?;
    let category = match query
        .get("danh-muc")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(slug) => Some(
            categories
                .iter()
                .find(|c| c.slug.as_str() == slug)
                .ok_or(WebError::NotFound)?,
        ),
    };
    let result = state
        .app
        .articles_page(&v, category.map(|c| c.id), (page - 1) * PER_PAGE, PER_PAGE)
        .await?;
    let last_page = ((result.total + PER_PAGE - 1) / PER_PAGE).max(1);
    if page > last_page {
        return Err(WebError::NotFound);
    }
    let slug = category.map(|c| c.slug.as_str());
    let pages = (1..=last_page)
        .map(|n| PageLink {
            number: n,
            href: list_href(slug, n),
            current: n == page,
        })
        .collect();
    let chrome = chrome(&state, &v, Section::News).await?;
    let heading = match category {
        Some(c) => c.name.clone(),
        None => chrome.t("nav-news"),
    };
    render_page(&ListPage {
        chrome,
        heading,
        items: result.items.iter().map(CardView::from).collect(),
        categories: category_views(&state, &v, category.map(|c| c.id)).await?,
        prev: (page > 1).then(|| list_href(slug, page - 1)),
        next: (page < last_page).then(|| list_href(slug, page + 1)),
        pages,
        total: result.total,
    })
}

pub async fn show(Public { state, v }: Public, SlugParam(slug): SlugParam) -> HtmlResult {
    let article = state.app.article(&v, &slug).await?;
    let published_at = article.published_at.ok_or(WebError::NotFound)?;
    article_page(&state, &v, article, published_at, None).await
}

/// An article as the portal will show it, to the unit's staff only, whether it is a draft, is
/// scheduled or is public: what "Xem trước" opens. Like every workspace page it sends anyone else
/// to sign in; a draft's own portal address stays a 404 to them.
pub async fn preview(Staff { state, v, .. }: Staff, IdParam(id): IdParam) -> HtmlResult {
    let article = state.app.article_by_id(&v, id).await?;
    let now = v.now();
    let state_line = match article.published_at {
        None => "Bản nháp, chưa đăng: chỉ cán bộ của đơn vị xem được trang này.".to_string(),
        Some(at) if at > now => format!(
            "Hẹn giờ đăng lúc {}: đến lúc đó chỉ cán bộ của đơn vị xem được.",
            domain::time::short_datetime(at)
        ),
        Some(_) => "Đã đăng: người dân đang xem bài như dưới đây.".to_string(),
    };
    let shown_at = article.published_at.unwrap_or(now);
    let preview = Preview {
        state: state_line,
        edit_href: format!("/quan-ly/tin-tuc/{id}"),
    };
    article_page(&state, &v, article, shown_at, Some(preview)).await
}

async fn article_page(
    state: &AppState,
    v: &Viewer,
    article: domain::article::Article,
    published_at: chrono::DateTime<chrono::Utc>,
    preview: Option<Preview>,
) -> HtmlResult {
    let categories = category_views(state, v, None).await?;
    let all = state.app.categories(v).await?;
    let tags = all
        .iter()
        .filter(|c| article.category_ids.contains(&c.id))
        .map(|c| CategoryView {
            href: list_href(Some(c.slug.as_str()), 1),
            name: c.name.clone(),
            count: 0,
            current: false,
        })
        .collect();
    let others = state
        .app
        .other_articles(v, article.id, 5)
        .await?
        .iter()
        .map(CardView::from)
        .collect();
    let chrome = chrome(state, v, Section::News).await?;
    // Networks show no SVG when a link is shared: the demo's drawings give way to the portal's.
    let image = article
        .body
        .first_picture()
        .filter(|src| !src.ends_with(".svg"))
        .map_or_else(|| chrome.share_image(), |src| chrome.file(src));
    let modified = state
        .app
        .article_modified(v, &article)
        .await?
        .unwrap_or(published_at);
    let linked_data = linked_data::script(&linked_data::news_article(
        &chrome,
        &linked_data::Article {
            headline: &article.title,
            description: &article.summary,
            image: image.clone(),
            published: published_at,
            modified,
            byline: &article.byline,
        },
    ));
    render_page(&ArticlePage {
        chrome,
        image,
        modified_iso: modified.to_rfc3339(),
        linked_data,
        time: domain::time::portal_timestamp(published_at),
        iso: published_at.to_rfc3339(),
        summary: article.summary,
        body: article.body.as_str().to_string(),
        byline: article.byline,
        illustrative: article.illustrative,
        title: article.title,
        tags,
        others,
        categories,
        preview,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_links_keep_the_category_and_leave_page_one_plain() {
        assert_eq!(list_href(None, 1), "/tin-tuc");
        assert_eq!(list_href(None, 3), "/tin-tuc?trang=3");
        assert_eq!(
            list_href(Some("thong-bao"), 1),
            "/tin-tuc?danh-muc=thong-bao"
        );
        assert_eq!(
            list_href(Some("thong-bao"), 2),
            "/tin-tuc?danh-muc=thong-bao&trang=2"
        );
    }
}
