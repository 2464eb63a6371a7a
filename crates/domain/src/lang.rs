//! The languages the public portal speaks: Vietnamese first, and English at `/en/…` under a
//! unit's address, where the interface is translated and the records stay as written.

/// A language of the portal's interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Tiếng Việt: every page, at the unit's addresses as they are.
    #[default]
    Vi,
    /// English: the public pages again under `/en`.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The BCP 47 tag, as `lang` and `hreflang` write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The Open Graph locale.
    pub fn og_locale(self) -> &'static str {
        match self {
            Lang::Vi => "vi_VN",
            Lang::En => "en_GB",
        }
    }

    /// The language's own name, as the switch to it is labelled.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }

    /// What the unit's page addresses start with in this language, after the unit's prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Vi => "",
            Lang::En => "/en",
        }
    }

    /// The language of a page under a unit's address, and the page as Vietnamese addresses it:
    /// `/en/tin-tuc?trang=2` is English `/tin-tuc?trang=2`; `/en` is English `/`.
    pub fn of_page(page: &str) -> (Lang, String) {
        let Some(rest) = page.strip_prefix("/en") else {
            return (Lang::Vi, page.to_string());
        };
        match rest.chars().next() {
            None => (Lang::En, "/".to_string()),
            Some('/') => (Lang::En, rest.to_string()),
            Some('?') => (Lang::En, format!("/{rest}")),
            Some(_) => (Lang::Vi, page.to_string()),
        }
    }

    /// A page under a unit's address (`/tin-tuc`, `/`) in this language: `/en/tin-tuc`, `/en`.
    pub fn page(self, page: &str) -> String {
        match self {
            Lang::Vi => page.to_string(),
            Lang::En if page == "/" => "/en".to_string(),
            Lang::En if page.starts_with("/?") => format!("/en{}", &page[1..]),
            Lang::En => format!("/en{page}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_page_is_the_vietnamese_page_under_en() {
        assert_eq!(Lang::of_page("/en"), (Lang::En, "/".into()));
        assert_eq!(Lang::of_page("/en/tin-tuc"), (Lang::En, "/tin-tuc".into()));
        assert_eq!(Lang::of_page("/en?trang=2"), (Lang::En, "/?trang=2".into()));
        assert_eq!(
            Lang::of_page("/en/tin-tuc?trang=2"),
            (Lang::En, "/tin-tuc?trang=2".into())
        );
    }

    #[test]
    fn a_page_whose_first_word_only_starts_with_en_is_vietnamese() {
        assert_eq!(Lang::of_page("/entry"), (Lang::Vi, "/entry".into()));
        assert_eq!(
            Lang::of_page("/tin-tuc/en"),
            (Lang::Vi, "/tin-tuc/en".into())
        );
        assert_eq!(Lang::of_page("/"), (Lang::Vi, "/".into()));
    }

    #[test]
    fn a_page_goes_to_each_language_and_back() {
        for page in ["/", "/tin-tuc", "/?q=1", "/chi-tieu/2021?x=y"] {
            for lang in Lang::ALL {
                assert_eq!(Lang::of_page(&lang.page(page)), (lang, page.to_string()));
            }
        }
    }
}
