//! The one error of the use cases. Errors: `thiserror` here as in every library crate; `anyhow` only
//! in the binary. A variant says what the person can do about it; `Internal` is logged by whoever
//! shows it and never shown as it is.

use domain::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The record does not exist, belongs to another unit, or the person may not read it: all three
    /// look the same from outside, so a private record cannot be told from a missing one.
    #[error("không tìm thấy")]
    NotFound,
    /// A person must sign in first.
    #[error("cần đăng nhập")]
    Unauthorized,
    /// Signed in, but the role does not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// The input does not parse or breaks a rule; each field says why.
    #[error("dữ liệu chưa hợp lệ: {0}")]
    Invalid(ValidationError),
    /// A request that cannot be understood (a bad value in a field a person does not type).
    #[error("{0}")]
    BadRequest(String),
    /// The change would alter something already settled (a reviewed year's figures): nothing was
    /// written, and the person is asked to confirm it.
    #[error("{0}")]
    NeedsConfirmation(String),
    /// The record changed since the client read it (its `If-Match` is stale): nothing was written.
    #[error("bản ghi đã thay đổi từ lần đọc trước")]
    Stale,
    /// A creating write retried with its `Idempotency-Key`: the record the first attempt made.
    #[error("yêu cầu đã được thực hiện: {entity} {id}")]
    AlreadyDone {
        entity: domain::entity::Entity,
        id: i64,
    },
    #[error("lỗi hệ thống: {0}")]
    Internal(String),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl AppError {
    /// The answer when the rule refuses a write.
    pub fn forbidden() -> Self {
        Self::Forbidden(domain::access::REFUSED.to_string())
    }

    /// One field refused with a message.
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(ValidationError::single(field, message))
    }
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        match e {
            store::StoreError::NotFound(_) => Self::NotFound,
            store::StoreError::Invalid(v) => Self::Invalid(v),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<ValidationError> for AppError {
    fn from(e: ValidationError) -> Self {
        Self::Invalid(e)
    }
}

impl From<crate::indexing::IndexError> for AppError {
    fn from(e: crate::indexing::IndexError) -> Self {
        match e {
            crate::indexing::IndexError::Store(e) => e.into(),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<docs::RenderError> for AppError {
    fn from(e: docs::RenderError) -> Self {
        Self::Internal(format!("document: {e}"))
    }
}
