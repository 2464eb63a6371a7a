//! The one builder of a unit's addresses. One installation serves every unit of a province: a
//! unit's pages are under its prefix `/dv/{slug}` on any host, or at the root of the host name
//! mapped to it (and of the installation's default unit). A page knows its unit's base, the
//! prefix or nothing, and makes every link to the unit's pages here.

/// What starts the address of every unit's pages on any host.
pub const PREFIX: &str = "/dv/";

/// The base of a unit's pages that works from any host: `/dv/{slug}`.
pub fn base_of(slug: &str) -> String {
    format!("{PREFIX}{slug}")
}

/// A path of a unit's pages under its base (`/tin-tuc` → `/dv/phuong-nghia-do/tin-tuc`); other
/// addresses (`https://…`, `mailto:…`, and `//host/…`, which leaves the site) as they are.
pub fn link(base: &str, path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") {
        format!("{base}{path}")
    } else {
        path.to_string()
    }
}

/// A unit's home page under its base.
pub fn home(base: &str) -> String {
    if base.is_empty() {
        "/".to_string()
    } else {
        base.to_string()
    }
}

/// The unit's slug and the rest of an address under a unit's prefix
/// (`/dv/phuong-nghia-do/tin-tuc` → `("phuong-nghia-do", "/tin-tuc")`); `None` for an address
/// without one. The rest is empty for the unit's home (`/dv/phuong-nghia-do`).
pub fn split_base(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix(PREFIX)?;
    let (slug, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    (!slug.is_empty()).then_some((slug, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_goes_under_the_base_and_another_site_is_left_alone() {
        let base = base_of("phuong-nghia-do");
        assert_eq!(link(&base, "/tin-tuc"), "/dv/phuong-nghia-do/tin-tuc");
        assert_eq!(link("", "/tin-tuc"), "/tin-tuc");
        assert_eq!(link(&base, "https://x.vn/a"), "https://x.vn/a");
        assert_eq!(link(&base, "//x.vn/a"), "//x.vn/a");
        assert_eq!(home(&base), "/dv/phuong-nghia-do");
        assert_eq!(home(""), "/");
    }

    #[test]
    fn an_address_under_a_prefix_splits_into_the_unit_and_the_rest() {
        assert_eq!(
            split_base("/dv/phuong-nghia-do/tin-tuc"),
            Some(("phuong-nghia-do", "/tin-tuc"))
        );
        assert_eq!(
            split_base("/dv/phuong-nghia-do"),
            Some(("phuong-nghia-do", ""))
        );
        assert_eq!(
            split_base("/dv/phuong-nghia-do?x=1"),
            Some(("phuong-nghia-do", "?x=1"))
        );
        assert_eq!(split_base("/dv/"), None);
        assert_eq!(split_base("/tin-tuc"), None);
    }
}
