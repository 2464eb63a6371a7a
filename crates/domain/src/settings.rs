//! A unit's own settings: the place name and number its documents carry (Decree 30/2020), the
//! contacts its portal shows, its public address and its logo. Checked field by field before they
//! are kept, each bad one with its own Vietnamese message.

use std::collections::BTreeMap;

use crate::ValidationError;

/// A unit's settings, as kept: a blank field is one the unit has not set, and the default applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitSettings {
    /// The place written before the date ("Cầu Giấy, ngày …"); the province's name when blank.
    pub document_place: String,
    /// The number and symbol of the joint programme ("01/CTPH-HĐND-UBND-MTTQ").
    pub programme_number_symbol: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Where citizens reach the portal ("https://caugiay.hanoi.gov.vn"), for links sent out of it.
    pub base_url: String,
    /// The emblem shown beside the portal's name: the address of a picture the unit uploaded
    /// (`/anh/…` under its prefix) or one of the site's own. Set by uploading it, never typed:
    /// the portal loads pictures from itself only.
    pub logo_url: String,
}

/// The key the logo's address is kept under.
pub const LOGO_KEY: &str = "logo_url";

/// Each setting typed in the form: its key in storage, its label, and how it is checked.
const FIELDS: [(&str, &str, Check); 6] = [
    (
        "document_place",
        "Địa danh ghi trên văn bản",
        Check::Text(60),
    ),
    (
        "programme_number_symbol",
        "Số, ký hiệu chương trình phối hợp",
        Check::Text(60),
    ),
    ("address", "Địa chỉ trụ sở", Check::Text(200)),
    ("phone", "Điện thoại", Check::Phone),
    ("email", "Thư điện tử", Check::Email),
    ("base_url", "Địa chỉ cổng thông tin", Check::Url),
];

#[derive(Debug, Clone, Copy)]
enum Check {
    Text(usize),
    Phone,
    Email,
    /// An http(s) address.
    Url,
}

impl UnitSettings {
    /// The keys and labels of the settings, in the order a form shows them.
    pub fn fields() -> impl Iterator<Item = (&'static str, &'static str)> {
        FIELDS.iter().map(|(key, label, _)| (*key, *label))
    }

    /// The settings from their stored pairs; unknown keys (a programme's number for one year) are
    /// left to whoever reads them.
    pub fn from_map(map: &BTreeMap<String, String>) -> Self {
        let mut s = Self::default();
        for (key, _, _) in FIELDS {
            if let Some(value) = map.get(key) {
                *s.field_mut(key) = value.clone();
            }
        }
        s.logo_url = map
            .get(LOGO_KEY)
            .filter(|v| is_site_picture(v))
            .cloned()
            .unwrap_or_default();
        s
    }

    /// Check what a form gave, every field at once; the values are kept trimmed and in NFC.
    pub fn parse(input: &BTreeMap<String, String>) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let mut s = Self::default();
        for (key, label, check) in FIELDS {
            let raw = input.get(key).map(String::as_str).unwrap_or("");
            match check_value(raw, check) {
                Ok(value) => *s.field_mut(key) = value,
                Err(message) => errors.push(key, format!("{label}: {message}")),
            }
        }
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(errors)
        }
    }

    /// The pairs to keep, every field included: an empty value removes a setting.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        FIELDS
            .iter()
            .map(|(key, _, _)| (*key, self.field(key)))
            .collect()
    }

    /// A setting's value by its key, for a form.
    pub fn field(&self, key: &str) -> &str {
        match key {
            "document_place" => &self.document_place,
            "programme_number_symbol" => &self.programme_number_symbol,
            "address" => &self.address,
            "phone" => &self.phone,
            "email" => &self.email,
            "base_url" => &self.base_url,
            LOGO_KEY => &self.logo_url,
            _ => "",
        }
    }

    fn field_mut(&mut self, key: &str) -> &mut String {
        match key {
            "document_place" => &mut self.document_place,
            "programme_number_symbol" => &mut self.programme_number_symbol,
            "address" => &mut self.address,
            "phone" => &mut self.phone,
            "email" => &mut self.email,
            _ => &mut self.base_url,
        }
    }
}

/// Whether a logo's address is a picture the portal serves itself: a path of the site, never
/// another site's address (the portal's pages load pictures from the portal only).
pub fn is_site_picture(url: &str) -> bool {
    url.starts_with('/')
        && !url.starts_with("//")
        && url.len() <= 300
        && !url.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\')
}

fn check_value(raw: &str, check: Check) -> Result<String, String> {
    if let Some(problem) = crate::input::problem(raw, false) {
        // After the field's label: "Địa chỉ: có ký tự điều khiển…".
        return Err(problem.to_lowercase());
    }
    let value = vi::normalize(raw.trim());
    if value.is_empty() {
        return Ok(value);
    }
    match check {
        Check::Text(max) if value.chars().count() > max => Err(format!("tối đa {max} ký tự")),
        Check::Text(_) => Ok(value),
        Check::Phone => {
            let digits = value.chars().filter(char::is_ascii_digit).count();
            let allowed = value
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-' | '(' | ')'));
            if allowed && (8..=15).contains(&digits) {
                Ok(value)
            } else {
                Err(
                    "chỉ gồm chữ số (8–15 số), dấu cách, +, ., -, ( và ), ví dụ 024 3833 1234"
                        .into(),
                )
            }
        }
        Check::Email => {
            let ok = value.len() <= 120
                && !value.contains(char::is_whitespace)
                && value.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty()
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains('@')
                });
            if ok {
                Ok(value.to_lowercase())
            } else {
                Err("không đúng dạng, ví dụ vanphong@caugiay.hanoi.gov.vn".into())
            }
        }
        Check::Url => {
            let absolute = value
                .strip_prefix("https://")
                .or_else(|| value.strip_prefix("http://"))
                .is_some_and(|rest| {
                    let host = rest.split('/').next().unwrap_or("");
                    host.contains('.') || host.starts_with("localhost")
                });
            if value.len() <= 300 && !value.contains(char::is_whitespace) && absolute {
                Ok(value.trim_end_matches('/').to_string())
            } else {
                Err("là địa chỉ bắt đầu bằng https://, ví dụ https://caugiay.hanoi.gov.vn".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn blank_settings_are_valid_and_leave_the_defaults() {
        assert_eq!(
            UnitSettings::parse(&BTreeMap::new()),
            Ok(UnitSettings::default())
        );
    }

    #[test]
    fn good_settings_are_kept_trimmed() {
        let s = UnitSettings::parse(&form(&[
            ("document_place", "  Nghĩa Đô "),
            ("phone", "024 3833 1234"),
            ("email", "VanPhong@NghiaDo.Hanoi.gov.vn"),
            ("base_url", "https://nghiado.hanoi.gov.vn/"),
            // The logo is uploaded, not typed: a form cannot set it.
            ("logo_url", "/static/favicon.svg"),
        ]))
        .unwrap();
        assert_eq!(s.document_place, "Nghĩa Đô");
        assert_eq!(s.email, "vanphong@nghiado.hanoi.gov.vn");
        assert_eq!(s.base_url, "https://nghiado.hanoi.gov.vn");
        assert_eq!(s.field("logo_url"), "");
    }

    #[test]
    fn a_kept_logo_is_shown_only_when_the_portal_serves_it() {
        let kept = |url: &str| UnitSettings::from_map(&form(&[(LOGO_KEY, url)])).logo_url;
        assert_eq!(
            kept("/dv/phuong-nghia-do/anh/ab-160.jpg"),
            "/dv/phuong-nghia-do/anh/ab-160.jpg"
        );
        assert_eq!(kept("https://example.com/logo.png"), "");
        assert_eq!(kept("//evil.example/x.png"), "");
        assert_eq!(kept("/x\" onerror=\"alert(1)"), "");
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let e = UnitSettings::parse(&form(&[
            ("phone", "gọi cho tôi"),
            ("email", "vanphong"),
            ("base_url", "nghiado.vn"),
            ("address", "Số 1\u{0}"),
        ]))
        .unwrap_err();
        for field in ["phone", "email", "base_url", "address"] {
            assert!(e.for_field(field).is_some(), "{field}: {e:?}");
        }
        assert!(e.for_field("phone").unwrap().starts_with("Điện thoại"));
    }

    #[test]
    fn settings_round_trip_through_their_stored_pairs() {
        let s = UnitSettings {
            address: "Số 1 Hoàng Quốc Việt".into(),
            ..Default::default()
        };
        let map: BTreeMap<String, String> = s
            .pairs()
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(UnitSettings::from_map(&map), s);
    }
}
