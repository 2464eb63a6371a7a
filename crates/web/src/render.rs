//! Rendering askama templates into responses, the one way every page is produced.

use askama::Template;
use axum::response::Html;

use crate::{HtmlResult, WebError};

/// Render a page template.
pub fn render_page(template: &impl Template) -> HtmlResult {
    Ok(Html(template.render()?))
}

/// Render a page with a form: 422 when it shows the errors of what was sent (`errors`, the
/// page's own), 200 otherwise.
pub fn render_form(
    template: &impl Template,
    errors: &domain::ValidationError,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    Ok((form_status(errors), render_page(template)?).into_response())
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

#[cfg(test)]
mod tests {
    /// Every template, by its path under `templates/`, with its text.
    fn templates() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "html") {
                    out.push((
                        path.display().to_string(),
                        std::fs::read_to_string(&path).unwrap(),
                    ));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
            &mut out,
        );
        out
    }

    /// A screen reader announces a field's error with the field only when the error has an id
    /// that the field (or its group) names in `aria-describedby`.
    #[test]
    fn every_field_error_is_tied_to_its_field() {
        let mut untied = Vec::new();
        for (path, text) in templates() {
            for (at, _) in text.match_indices(r#"class="field-error""#) {
                let tag_end = at + text[at..].find('>').unwrap();
                let tag = &text[at..tag_end];
                let Some(id) = tag
                    .split(r#"id=""#)
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                else {
                    // An error about the form as a whole says so aloud instead.
                    if !tag.contains(r#"role="alert""#) {
                        untied.push(format!("{path}: an error without an id"));
                    }
                    continue;
                };
                // The list may name several ids, some only while there is an error.
                let described = text.match_indices(r#"aria-describedby=""#).any(|(d, _)| {
                    let mut end = (d + 240).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    let value = &text[d..end];
                    let value = &value[..value.find('>').unwrap_or(value.len())];
                    value
                        .match_indices(id)
                        .any(|(i, _)| matches!(value.as_bytes()[i + id.len()], b'"' | b' ' | b'{'))
                });
                if !described {
                    untied.push(format!("{path}: no field is described by {id}"));
                }
            }
        }
        assert!(untied.is_empty(), "{untied:#?}");
    }
}

/// A status as its badge shows it: the class that colours it and the words it says.
#[derive(Clone, Debug)]
pub struct Badge {
    pub code: &'static str,
    pub label: String,
}

impl Badge {
    /// A value's badge in the page's language.
    pub fn of<T: crate::i18n::Term>(value: T, tr: crate::i18n::Tr) -> Self {
        Self {
            code: value.code(),
            label: tr.name(value),
        }
    }
}
