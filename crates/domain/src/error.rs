//! Validation errors: which field is wrong and why, in Vietnamese, so a form can show it beside the field.

use std::fmt;

/// One field that failed to parse, with the message a person reads next to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Every field error of one input, collected so a form can show them all at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, thiserror::Error)]
pub struct ValidationError {
    pub errors: Vec<FieldError>,
}

impl ValidationError {
    pub fn single(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            errors: vec![FieldError {
                field,
                message: message.into(),
            }],
        }
    }

    pub fn push(&mut self, field: &'static str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// The messages alone, for a place that shows no fields (a line of the command line, a
    /// bad request's page): "Năm phải từ 1945 đến 2100".
    pub fn messages(&self) -> String {
        self.errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The message beside one field as a form shows it: empty when the field is right.
    pub fn at(&self, field: &str) -> &str {
        self.for_field(field).unwrap_or("")
    }

    /// The message for one field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(value)` when nothing was pushed, so a parser can collect errors and finish with one call.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_its_field_and_message() {
        let err = ValidationError::single("title", "Tiêu đề không được để trống");
        assert_eq!(err.for_field("title"), Some("Tiêu đề không được để trống"));
        assert_eq!(err.for_field("slug"), None);
        assert_eq!(err.to_string(), "title: Tiêu đề không được để trống");
    }

    #[test]
    fn an_empty_collection_is_success() {
        assert_eq!(ValidationError::default().into_result(5), Ok(5));
    }
}
