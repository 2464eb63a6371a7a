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

/// Passwords too common to keep anyone out, one a line (see the file's header).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether a password is among the common ones or made of one character or one run of digits:
/// compared lowercased, without Vietnamese marks and without spaces, so that "Mật khẩu 123456"
/// is "matkhau123456".
fn is_common(password: &str) -> bool {
    let folded: String = vi::fold(&password.to_lowercase())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut chars = folded.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return true;
    }
    let digits: Vec<u32> = folded.chars().filter_map(|c| c.to_digit(10)).collect();
    let run = |step: i64| {
        digits
            .windows(2)
            .all(|w| (i64::from(w[1]) - i64::from(w[0])).rem_euclid(10) == step.rem_euclid(10))
    };
    if digits.len() == folded.chars().count() && (run(1) || run(-1)) {
        return true;
    }
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == folded)
}

impl NewPassword {
    /// NIST SP 800-63B asks for at least 8 characters and a check against known passwords; a public
    /// authority's staff accounts get 12.
    pub const MIN_CHARS: usize = 12;

    pub fn parse(input: &str) -> Result<Self, crate::ValidationError> {
        let n = input.chars().count();
        let refuse = |message: String| Err(crate::ValidationError::single("password", message));
        if n < Self::MIN_CHARS {
            refuse(format!("Mật khẩu cần ít nhất {} ký tự", Self::MIN_CHARS))
        } else if n > 200 {
            refuse("Mật khẩu dài quá 200 ký tự".into())
        } else if is_common(input) {
            refuse(
                "Mật khẩu này quá phổ biến, dễ bị đoán; hãy dùng một câu dài mà chỉ mình bạn nhớ"
                    .into(),
            )
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
    fn common_passwords_are_refused_however_they_are_typed() {
        for common in [
            "Password1234",
            "Mật khẩu 123456",
            "matkhau@2025",
            "1qaz2wsx3edc",
            "aaaaaaaaaaaaaaaa",
            "123456789012",
            "987654321098",
            "Anh yêu em 1234",
        ] {
            let refused = NewPassword::parse(common)
                .err()
                .unwrap_or_else(|| panic!("{common}"));
            assert!(
                refused
                    .for_field("password")
                    .unwrap()
                    .contains("quá phổ biến"),
                "{common}"
            );
        }
        assert!(NewPassword::parse("Cầu Giấy mùa hoa sữa 1975").is_ok());
    }

    #[test]
    fn a_short_password_is_refused_and_a_password_never_prints() {
        assert!(NewPassword::parse("ngan").is_err());
        assert_eq!(
            NewPassword::parse("11 ký tự ab")
                .err()
                .unwrap()
                .for_field("password"),
            Some("Mật khẩu cần ít nhất 12 ký tự")
        );
        let p = NewPassword::parse("một mật khẩu dài").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(***)");
    }
}
