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

/// A path of a unit's pages at its public address `origin` (`https://host`, or
/// `https://host/dv/{slug}`), absolute: the home page is the origin itself under a prefix and
/// `https://host/` at the root of a host; other addresses as they are.
pub fn absolute(origin: &str, path: &str) -> String {
    match path {
        "/" if site_of(origin).len() < origin.len() => origin.to_string(),
        "/" => format!("{origin}/"),
        _ => link(origin, path),
    }
}

/// The scheme and host of a public address, without the unit's prefix
/// (`https://host/dv/{slug}` → `https://host`): where the installation's own files are.
pub fn site_of(origin: &str) -> &str {
    let after_scheme = origin.find("://").map_or(0, |i| i + 3);
    match origin[after_scheme..].find('/') {
        Some(i) => &origin[..after_scheme + i],
        None => origin,
    }
}

/// The page an address asks for, under its unit's base: the address without the base (`/` for the
/// unit's home), with the query's parameters kept except those that only say where a visitor came
/// from (`utm_*`, `fbclid`, `gclid`), so that every way of reaching a page names it alike.
pub fn page_under(base: &str, path_and_query: &str) -> String {
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    let rest = if base.is_empty() {
        path
    } else {
        path.strip_prefix(base).unwrap_or(path)
    };
    let mut page = if rest.is_empty() { "/" } else { rest }.to_string();
    let kept: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !name.is_empty() && !name.starts_with("utm_") && !matches!(name, "fbclid" | "gclid")
        })
        .collect();
    if !kept.is_empty() {
        page.push('?');
        page.push_str(&kept.join("&"));
    }
    page
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

    #[test]
    fn the_page_asked_for_is_named_alike_by_prefix_and_by_host() {
        let base = base_of("phuong-nghia-do");
        assert_eq!(page_under(&base, "/dv/phuong-nghia-do"), "/");
        assert_eq!(page_under(&base, "/dv/phuong-nghia-do/"), "/");
        assert_eq!(page_under("", "/"), "/");
        assert_eq!(
            page_under(&base, "/dv/phuong-nghia-do/tin-tuc/ky-ket"),
            "/tin-tuc/ky-ket"
        );
        assert_eq!(page_under("", "/tin-tuc/ky-ket"), "/tin-tuc/ky-ket");
    }

    #[test]
    fn the_page_keeps_what_selects_it_and_drops_what_tracks_the_visitor() {
        assert_eq!(
            page_under("", "/tin-tuc?danh-muc=thong-bao&trang=2"),
            "/tin-tuc?danh-muc=thong-bao&trang=2"
        );
        assert_eq!(
            page_under("", "/tin-tuc?utm_source=zalo&trang=2&fbclid=x&gclid=y"),
            "/tin-tuc?trang=2"
        );
        assert_eq!(page_under("", "/tin-tuc?utm_source=zalo"), "/tin-tuc");
        assert_eq!(page_under("", "/tin-tuc?&"), "/tin-tuc");
    }

    #[test]
    fn an_absolute_address_starts_at_the_units_public_address() {
        let prefixed = "https://cong.hanoi.gov.vn/dv/phuong-nghia-do";
        assert_eq!(absolute(prefixed, "/"), prefixed);
        assert_eq!(
            absolute(prefixed, "/tin-tuc"),
            "https://cong.hanoi.gov.vn/dv/phuong-nghia-do/tin-tuc"
        );
        assert_eq!(
            absolute("https://nghiado.hanoi.gov.vn", "/"),
            "https://nghiado.hanoi.gov.vn/"
        );
        assert_eq!(
            absolute("https://nghiado.hanoi.gov.vn", "/tin-tuc?trang=2"),
            "https://nghiado.hanoi.gov.vn/tin-tuc?trang=2"
        );
        assert_eq!(absolute(prefixed, "https://x.vn/a"), "https://x.vn/a");
        assert_eq!(site_of(prefixed), "https://cong.hanoi.gov.vn");
        assert_eq!(site_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }
}
