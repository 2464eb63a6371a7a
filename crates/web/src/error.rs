//! The one error type of the web layer. 4xx variants carry a message for the person; internal
//! errors are logged with their cause and shown as a plain 500 page that reveals nothing inside.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::render::render_page;

/// What a handler answers: a response (a page, a redirect, a file) or an error page.
pub type WebResult<T = Response> = Result<T, WebError>;

/// What a handler that draws one page answers.
pub type HtmlResult = WebResult<Html<String>>;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Signed in, but the role does not allow it, or the form's token is wrong.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Not signed in where one must be.
    #[error("unauthorized")]
    Unauthorized,
    /// The input does not parse; each field says why.
    #[error("invalid: {0}")]
    Invalid(domain::ValidationError),
    /// A change that must be confirmed first; nothing was written.
    #[error("needs confirmation: {0}")]
    NeedsConfirmation(String),
    /// Too many attempts.
    #[error("too many requests: {0}")]
    TooMany(String),
    /// Someone else chose the account's password: its holder chooses their own before working,
    /// on their own page.
    #[error("the account's holder must choose their own password first")]
    PasswordFirst,
    /// A JSON body whose fields do not parse: each field's path and why.
    #[error("invalid fields: {0:?}")]
    InvalidFields(Vec<(String, String)>),
    /// The record changed since the client read it (a stale `If-Match`); nothing was written.
    #[error("precondition failed")]
    Stale,
    /// A retried creation whose first attempt's record the handler did not answer with.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<app::AppError> for WebError {
    fn from(e: app::AppError) -> Self {
        match e {
            app::AppError::NotFound => Self::NotFound,
            app::AppError::Unauthorized => Self::Unauthorized,
            app::AppError::Forbidden(m) => Self::Forbidden(m),
            app::AppError::Invalid(v) => Self::Invalid(v),
            app::AppError::BadRequest(m) => Self::BadRequest(m),
            app::AppError::NeedsConfirmation(m) => Self::NeedsConfirmation(m),
            app::AppError::Stale => Self::Stale,
            app::AppError::AlreadyDone { .. } => {
                Self::Conflict("Yêu cầu này đã được thực hiện trước đó.".into())
            }
            app::AppError::Internal(m) => Self::Internal(m),
        }
    }
}

impl From<domain::ValidationError> for WebError {
    fn from(errors: domain::ValidationError) -> Self {
        Self::Invalid(errors)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NeedsConfirmation(_) => StatusCode::CONFLICT,
            Self::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::PasswordFirst => StatusCode::SEE_OTHER,
            Self::Stale => StatusCode::PRECONDITION_FAILED,
            Self::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The title and the explanation a person reads.
    pub fn public_message(&self) -> (&'static str, String) {
        match self {
            Self::NotFound => (
                "Không tìm thấy trang",
                "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ, hoặc trở về trang chủ.".into(),
            ),
            Self::BadRequest(msg) => ("Yêu cầu không hợp lệ", msg.clone()),
            Self::Forbidden(msg) => ("Không có quyền thực hiện", msg.clone()),
            Self::Unauthorized => (
                "Cần đăng nhập",
                "Trang này dành cho cán bộ các cơ quan. Hãy đăng nhập để tiếp tục.".into(),
            ),
            Self::Invalid(v) => (
                "Dữ liệu chưa hợp lệ",
                v.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; "),
            ),
            Self::NeedsConfirmation(msg) => ("Cần xác nhận trước khi lưu", msg.clone()),
            Self::TooMany(msg) => ("Thử lại sau", msg.clone()),
            Self::PasswordFirst => (
                "Hãy đặt mật khẩu của riêng bạn",
                "Mật khẩu của tài khoản do người khác đặt; hãy đổi mật khẩu ở trang Tài khoản của tôi trước khi làm việc.".into(),
            ),
            Self::InvalidFields(f) => (
                "Dữ liệu chưa hợp lệ",
                f.iter()
                    .map(|(field, message)| format!("{field}: {message}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Self::Stale => (
                "Dữ liệu đã thay đổi",
                "Bản ghi đã được người khác sửa sau lần bạn đọc; không có gì được lưu. Hãy đọc lại rồi sửa trên bản mới nhất.".into(),
            ),
            Self::Conflict(msg) => ("Trùng yêu cầu", msg.clone()),
            Self::Internal(_) => (
                "Hệ thống đang gặp sự cố",
                "Đã có lỗi xảy ra phía máy chủ. Lỗi đã được ghi lại; xin vui lòng thử lại sau ít phút.".into(),
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    status: u16,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let cause = match &self {
            Self::Internal(cause) => Some(FailureCause(cause.clone())),
            _ => None,
        };
        if let Self::PasswordFirst = self {
            return axum::response::Redirect::to("/tai-khoan#mat-khau").into_response();
        }
        let status = self.status();
        let (title, message) = self.public_message();
        let page = ErrorPage {
            title,
            message: &message,
            status: status.as_u16(),
        };
        let mut response = match render_page(&page) {
            Ok(html) => (status, html).into_response(),
            // The error page itself failed: fall back to a fixed text rather than recurse.
            Err(_) => (status, Html(title)).into_response(),
        };
        if let Some(cause) = cause {
            response.extensions_mut().insert(cause);
        }
        response
    }
}

/// What went wrong behind a failed answer, carried on it to the log (never to the page).
#[derive(Debug, Clone)]
pub(crate) struct FailureCause(pub String);

/// Every answer that ends in a 5xx is logged with its method, its path and its cause, whoever made
/// it: a handler's error, an extractor's rejection, a panic.
pub(crate) async fn log_failures(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let method = request.method().clone();
    let path = crate::workspace::original_uri(&request).path().to_string();
    let response = next.run(request).await;
    if !response.status().is_server_error() {
        return response;
    }
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let (cause, body) = match parts.extensions.get::<FailureCause>() {
        Some(c) => (c.0.clone(), body),
        // An answer made outside `WebError` (a rejection of axum's) says its cause in its body.
        None => {
            let bytes = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                axum::body::Body::from(bytes),
            )
        }
    };
    tracing::error!(%method, %path, status, %cause, "request failed");
    Response::from_parts(parts, body)
}

/// The answer for any path no route matches.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// A panic in a handler becomes the same 500 page as any internal error.
pub fn panic_page(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    WebError::Internal("a handler panicked".into()).into_response()
}
