//! phoihop's domain: the types of a unit's joint work programme and its public news, and the rules
//! that hold between them. Nothing here performs I/O; `store` persists these types and `web` shows them.

pub mod access;
pub mod address;
pub mod article;
pub mod body;
pub mod credentials;
pub mod entity;
pub mod error;
pub mod indicator;
pub mod input;
pub mod lang;
pub mod meeting;
pub mod oversight;
pub mod paging;
pub mod people;
pub mod programme;
pub mod reminder;
pub mod settings;
pub mod target;
pub mod time;
pub mod unit;
pub mod withdrawal;

pub use error::{FieldError, ValidationError};

/// Database identity of a record. Kept as a plain integer so that both storage engines agree on it.
pub type Id = i64;
