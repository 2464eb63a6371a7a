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

/// A personal API token as its holder asks for it: a name to know it by, what it may do within
/// the holder's roles, and how many days it lasts (`None`: until revoked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub name: String,
    pub grant: crate::access::Grant,
    pub lifetime_days: Option<u32>,
}

impl TokenRequest {
    /// The lifetimes offered, the first the default: a token that is forgotten stops by itself.
    pub const LIFETIMES: [Option<u32>; 5] = [Some(90), Some(7), Some(30), Some(365), None];

    /// From the form's or the command line's fields: `access` is `read` or `write`, `kinds` the
    /// codes of the kinds written (all when `write` names none), `lifetime` a number of days among
    /// [`Self::LIFETIMES`] or `never`, empty for the default.
    pub fn parse(
        name: &str,
        access: &str,
        kinds: &[&str],
        lifetime: &str,
    ) -> Result<Self, crate::ValidationError> {
        use crate::access::{Grant, WriteKind};
        let mut errors = crate::ValidationError::default();
        let name = crate::input::single_line("name", name).unwrap_or_else(|e| {
            errors.errors.extend(e.errors);
            String::new()
        });
        if name.is_empty() || name.chars().count() > 80 {
            errors.push(
                "name",
                "Hãy đặt tên cho mã (tối đa 80 ký tự), ví dụ “Bảng tính báo cáo quý”",
            );
        }
        let grant = match access.trim() {
            "read" => Some(Grant::ReadOnly),
            "" | "write" => {
                let parsed: Option<Vec<WriteKind>> = kinds
                    .iter()
                    .filter(|k| !k.trim().is_empty())
                    .map(|k| WriteKind::parse(k.trim()))
                    .collect();
                match parsed {
                    None => {
                        errors.push("kinds", "Loại dữ liệu không hợp lệ");
                        None
                    }
                    Some(k) if k.is_empty() => Some(Grant::write_all()),
                    Some(mut k) => {
                        k.sort_by_key(|k| WriteKind::ALL.iter().position(|a| a == k));
                        k.dedup();
                        Some(Grant::Write(k))
                    }
                }
            }
            _ => {
                errors.push("access", "Hãy chọn “chỉ đọc” hoặc “đọc và ghi”");
                None
            }
        };
        let lifetime_days = match lifetime.trim() {
            "" => Self::LIFETIMES[0],
            "never" => None,
            days => match days
                .parse::<u32>()
                .ok()
                .filter(|d| Self::LIFETIMES.contains(&Some(*d)))
            {
                Some(d) => Some(d),
                None => {
                    errors.push(
                        "lifetime",
                        "Thời hạn là 7, 30, 90 hoặc 365 ngày, hoặc không hết hạn",
                    );
                    None
                }
            },
        };
        match grant {
            Some(grant) if errors.is_empty() => Ok(Self {
                name,
                grant,
                lifetime_days,
            }),
            _ => Err(errors),
        }
    }

    /// When a token issued at `now` (Unix seconds) stops working.
    pub fn expires_at(&self, now: i64) -> Option<i64> {
        self.lifetime_days.map(|d| now + i64::from(d) * 86_400)
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

    #[test]
    fn a_token_request_defaults_to_every_kind_for_ninety_days() {
        let t = TokenRequest::parse("Bảng tính", "write", &[], "").unwrap();
        assert_eq!(t.grant, crate::access::Grant::write_all());
        assert_eq!(t.lifetime_days, Some(90));
        assert_eq!(t.expires_at(1_000), Some(1_000 + 90 * 86_400));
    }

    #[test]
    fn a_token_request_may_read_only_or_write_some_kinds_until_revoked() {
        use crate::access::{Grant, WriteKind};
        let read = TokenRequest::parse("Thống kê", "read", &["article"], "never").unwrap();
        assert_eq!(read.grant, Grant::ReadOnly);
        assert_eq!(read.expires_at(1_000), None);
        let some =
            TokenRequest::parse("CMS", "write", &["target", "article", "target"], "30").unwrap();
        assert_eq!(
            some.grant,
            Grant::Write(vec![WriteKind::Target, WriteKind::Article])
        );
    }

    #[test]
    fn a_bad_token_request_names_each_field_in_vietnamese() {
        let e = TokenRequest::parse("", "admin", &[], "12").unwrap_err();
        let fields: Vec<_> = e.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "access", "lifetime"]);
        let e = TokenRequest::parse("x", "write", &["account"], "").unwrap_err();
        assert_eq!(e.errors[0].field, "kinds");
        assert!(e.errors[0].message.contains("không hợp lệ"));
    }
}
