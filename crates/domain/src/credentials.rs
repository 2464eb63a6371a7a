//! The credentials a person chooses: an account name and a password, checked before they are kept.

use serde::{Deserialize, Serialize};

/// An account name: 3 to 40 lowercase ASCII letters, digits, dots, hyphens or underscores, so it can
/// be typed on any keyboard and shown in logs as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, crate::ValidationError> {
        let s = input.trim().to_ascii_lowercase();
        let ok = (3..=40).contains(&s.len())
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
            });
        if ok {
            Ok(Self(s))
        } else {
            Err(crate::ValidationError::single(
                "username",
                "Tên đăng nhập gồm 3–40 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password, long enough to resist guessing.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(input: &str) -> Result<Self, crate::ValidationError> {
        let n = input.chars().count();
        if n < Self::MIN_CHARS {
            Err(crate::ValidationError::single(
                "password",
                format!("Mật khẩu cần ít nhất {} ký tự", Self::MIN_CHARS),
            ))
        } else if n > 200 {
            Err(crate::ValidationError::single(
                "password",
                "Mật khẩu dài quá 200 ký tự",
            ))
        } else {
            Ok(Self(input.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod credential_tests {
    use super::*;

    #[test]
    fn usernames_are_plain_lowercase_ascii() {
        assert_eq!(Username::parse(" CV.HDND ").unwrap().as_str(), "cv.hdnd");
        for bad in ["ab", "nguyễn", "a b", "x'; drop"] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_short_password_is_refused_and_a_password_never_prints() {
        assert!(NewPassword::parse("ngan").is_err());
        let p = NewPassword::parse("một mật khẩu dài").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(***)");
    }
}
