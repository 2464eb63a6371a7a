//! Rendering askama templates into responses, the one way every page is produced.

use askama::Template;
use axum::response::Html;

use crate::WebError;

/// Render a page template.
pub fn render_page(template: &impl Template) -> Result<Html<String>, WebError> {
    Ok(Html(template.render()?))
}
