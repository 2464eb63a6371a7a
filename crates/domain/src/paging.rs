//! The one rule for page numbers, wherever a list is paged: the portal's `?trang=`, the search
//! page and the API's `page`.

use crate::ValidationError;

/// A page of a list, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageNumber(u32);

impl PageNumber {
    /// The page a list opens on.
    pub const FIRST: Self = Self(1);

    /// The furthest page of a list that says no other bound: far past any unit's news, and small
    /// enough that an offset computed from it never overflows.
    pub const LAST: u32 = 1_000_000;

    /// A page number as typed or sent: absent or blank is the first page; anything else must be
    /// a whole number from 1 to `last`, or it is refused with a message naming the bounds.
    pub fn parse(
        field: &'static str,
        raw: Option<&str>,
        last: u32,
    ) -> Result<Self, ValidationError> {
        let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Self::FIRST);
        };
        s.parse::<u32>()
            .ok()
            .filter(|n| (1..=last).contains(n))
            .map(Self)
            .ok_or_else(|| {
                ValidationError::single(
                    field,
                    format!(
                        "Số trang “{s}” không hợp lệ: số trang là một số nguyên từ 1 đến {}",
                        vi::format_int(i64::from(last))
                    ),
                )
            })
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// How many records come before this page, `per_page` to a page.
    pub fn offset(self, per_page: u32) -> u64 {
        u64::from(self.0 - 1) * u64::from(per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(raw: Option<&str>) -> Result<u32, String> {
        PageNumber::parse("trang", raw, 1000)
            .map(PageNumber::get)
            .map_err(|e| e.errors[0].message.clone())
    }

    #[test]
    fn an_absent_or_blank_page_is_the_first() {
        assert_eq!(page(None), Ok(1));
        assert_eq!(page(Some("")), Ok(1));
        assert_eq!(page(Some("  ")), Ok(1));
        assert_eq!(page(Some(" 7 ")), Ok(7));
    }

    #[test]
    fn a_page_outside_the_bounds_or_not_a_whole_number_is_refused_with_the_bounds() {
        for bad in ["0", "-1", "1001", "2.5", "hai", "99999999999999999999"] {
            let message = page(Some(bad)).unwrap_err();
            assert!(message.contains(&format!("“{bad}”")), "{message}");
            assert!(message.ends_with("từ 1 đến 1.000"), "{message}");
        }
    }

    #[test]
    fn the_offset_counts_the_records_of_the_pages_before() {
        let p = PageNumber::parse("page", Some("3"), PageNumber::LAST).unwrap();
        assert_eq!(p.offset(10), 20);
        assert_eq!(PageNumber::FIRST.offset(10), 0);
    }
}
