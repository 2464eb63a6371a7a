//! News in the workspace: every article with its state (draft, scheduled, published), and one form
//! to write or change one. The body is sanitised before it is stored.

use app::AttachTo;
use app::Viewer;
use askama::Template;
use chrono::Utc;
use domain::access::Action;
use domain::article::{Article, ArticleDraft};
use domain::entity::Entity;
use domain::ValidationError;

use super::attachments::{attached, Attached};
use super::withdrawals::withdraw_href;
use super::{history_href, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::extract::Staff;
use crate::forms::{self, At, Cx, RecordForm, Shown};
use crate::{AppState, WebError, WebResult};
use domain::withdrawal::Withdrawable;

struct Row {
    id: i64,
    title: String,
    state: &'static str,
    when: String,
}

#[derive(Template)]
#[template(path = "ws/articles.html")]
struct ListPage {
    ws: WsChrome,
    rows: Vec<Row>,
    can_edit: bool,
    /// The unit's news categories, by name.
    categories: Vec<String>,
    errors: ValidationError,
}

fn state_of(a: &Article) -> &'static str {
    match a.published_at {
        None => "Bản nháp",
        Some(at) if at > Utc::now() => "Hẹn giờ đăng",
        Some(_) => "Đã đăng",
    }
}

pub async fn list(Staff { state, user, v }: Staff) -> WebResult {
    list_page(&state, &user, &v, ValidationError::default()).await
}

async fn list_page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    errors: ValidationError,
) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let articles = state.app.all_articles(v).await?;
    let categories = state
        .app
        .categories(v)
        .await?
        .into_iter()
        .map(|c| c.name)
        .collect();
    let page = ListPage {
        ws,
        categories,
        errors,
        can_edit: v.may_here(|unit_id| Action::EditArticle { unit_id }),
        rows: articles
            .iter()
            .map(|a| Row {
                id: a.id,
                title: a.title.clone(),
                state: state_of(a),
                when: a
                    .published_at
                    .map(domain::time::short_datetime)
                    .unwrap_or_default(),
            })
            .collect(),
    };
    crate::render::render_form(&page, &page.errors)
}

/// Add a news category from the list page.
pub async fn create_category(
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    forms::write(
        async |()| {
            state
                .app
                .create_category(&v, form.get("category_name"))
                .await
        },
        |_| see_other(&v, "/quan-ly/tin-tuc"),
        async |errors| list_page(&state, &user, &v, errors).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "ws/article_form.html")]
struct FormPage {
    ws: WsChrome,
    action: String,
    heading: String,
    title: String,
    slug: String,
    summary: String,
    body: String,
    byline: String,
    publish: String,
    publish_at: String,
    categories: Vec<(String, String, bool)>,
    errors: ValidationError,
    public_href: Option<String>,
    history: Option<String>,
    /// Where a picture is added to an article already saved.
    image_action: Option<String>,
    attached: Attached,
    /// Whether this person writes the unit's news; otherwise the page shows the article only.
    can_edit: bool,
    /// The article as the portal will show it, once it is saved.
    preview_href: Option<String>,
    /// Where the article is withdrawn, for whoever writes the unit's news.
    withdraw: Option<String>,
}

pub(super) async fn form_page(
    Cx { state, user, v }: Cx<'_>,
    article: Option<&Article>,
    shown: Shown<'_>,
) -> WebResult {
    let (form, errors) = shown.into_parts();
    let ws = ws_chrome(state, user, v).await?;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let a = article;
    let chosen = forms::chosen(form, "category_ids", a.map_or(&[], |a| &a.category_ids));
    let local = super::local_datetime;
    let can_edit = v.may_here(|unit_id| Action::EditArticle { unit_id });
    let page = FormPage {
        ws,
        action: a.map_or("/quan-ly/tin-tuc".into(), |a| article_href(a.id)),
        heading: if a.is_some() {
            "Sửa tin".into()
        } else {
            "Viết tin mới".into()
        },
        title: value("title", a.map(|a| a.title.clone()).unwrap_or_default()),
        slug: value("slug", a.map(|a| a.slug.to_string()).unwrap_or_default()),
        summary: value("summary", a.map(|a| a.summary.clone()).unwrap_or_default()),
        body: value(
            "body",
            a.map(|a| a.body.as_str().to_string()).unwrap_or_default(),
        ),
        byline: value("byline", a.map(|a| a.byline.clone()).unwrap_or_default()),
        publish: value(
            "publish",
            match a.and_then(|a| a.published_at) {
                None => "draft".into(),
                Some(at) if at > Utc::now() => "schedule".into(),
                Some(_) => "now".into(),
            },
        ),
        publish_at: value(
            "publish_at",
            a.and_then(|a| a.published_at)
                .map(local)
                .unwrap_or_default(),
        ),
        categories: state
            .app
            .categories(v)
            .await?
            .into_iter()
            .map(|c| {
                let id = c.id.to_string();
                let checked = chosen.contains(&id);
                (id, c.name, checked)
            })
            .collect(),
        errors,
        public_href: a
            .filter(|a| state.app.is_article_public(v, a))
            .map(|a| format!("/tin-tuc/{}", a.slug)),
        history: a.map(|a| history_href(Entity::Article, a.id)),
        image_action: a
            .filter(|_| can_edit)
            .map(|a| format!("/quan-ly/tin-tuc/{}/anh", a.id)),
        attached: attached(state, v, a.map(|a| AttachTo::Article(a.id)), can_edit).await?,
        can_edit,
        preview_href: a.map(|a| format!("/quan-ly/tin-tuc/{}/xem-truoc", a.id)),
        withdraw: a
            .filter(|_| can_edit)
            .map(|a| withdraw_href(Withdrawable::Article, a.id)),
    };
    crate::render::render_form(&page, &page.errors)
}

/// The publication time the form asks for: none (draft), now, or a time in Vietnam.
fn publication(
    form: &FormData,
    existing: Option<&Article>,
) -> Result<Option<chrono::DateTime<Utc>>, ValidationError> {
    match form.get("publish") {
        "draft" | "" => Ok(None),
        // Keep the original time of an article that was already public.
        "now" => Ok(Some(
            existing
                .and_then(|a| a.published_at)
                .filter(|at| *at <= Utc::now())
                .unwrap_or_else(Utc::now),
        )),
        "schedule" => domain::time::parse_local_datetime(form.get("publish_at"))
            .map(Some)
            .ok_or_else(|| {
                ValidationError::single(
                    "publish_at",
                    "Hãy nhập ngày giờ đăng, ví dụ 23/01/2021 14:46",
                )
            }),
        _ => Err(ValidationError::single("publish", "Hãy chọn cách đăng tin")),
    }
}

/// Parse the article form into a draft, with every field's error.
pub fn parse_article(
    form: &FormData,
    existing: Option<&Article>,
) -> Result<ArticleDraft, ValidationError> {
    let published_at = publication(form, existing);
    let categories = form
        .all("category_ids")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let draft = ArticleDraft::parse(
        form.get("title"),
        form.get("slug"),
        form.get("summary"),
        form.get("body"),
        form.get("byline"),
        published_at.clone().unwrap_or(None),
        categories,
    );
    match (draft, published_at) {
        (Ok(d), Ok(_)) => Ok(d),
        (Ok(_), Err(e)) => Err(e),
        (Err(mut e), Err(p)) => {
            e.errors.extend(p.errors);
            Err(e)
        }
        (Err(e), Ok(_)) => Err(e),
    }
}

/// An article's page in the workspace.
fn article_href(id: i64) -> String {
    format!("/quan-ly/tin-tuc/{id}")
}

/// The article form: a new article of the unit, or one changed by its id.
pub struct Articles;

impl RecordForm for Articles {
    type Place = ();
    type Record = Article;

    async fn open(cx: Cx<'_>, id: i64) -> Result<(Article, ()), WebError> {
        Ok((cx.state.app.article_by_id(cx.v, id).await?, ()))
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        let draft = parse_article(form, at.record)?;
        let saved = match at.record {
            None => app.create_article(v, draft).await?,
            Some(a) => app.update_article(v, a.id, &draft).await?,
        };
        Ok(article_href(saved.id))
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        form_page(at.cx, at.record, shown).await
    }
}
