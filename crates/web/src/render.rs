//! Rendering askama templates into responses, the one way every page is produced.

use askama::Template;
use axum::response::Html;

use crate::WebError;

/// Render a page template.
pub fn render_page(template: &impl Template) -> Result<Html<String>, WebError> {
    Ok(Html(template.render()?))
}

/// The status of a page with a form: 422 when it shows the errors of what was sent, so scripts
/// and tests see the refusal, 200 otherwise.
pub fn form_status(errors: &domain::ValidationError) -> axum::http::StatusCode {
    if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    }
}
