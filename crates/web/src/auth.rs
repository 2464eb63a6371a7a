//! Who is asking: sessions from the cookie (kept in the database so every node shares them), API
//! tokens from the Authorization header, CSRF tokens on every form, and the sign-in limits.

use app::Viewer;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use domain::access::Actor;
use domain::ValidationError;

use crate::api::ApiError;
use crate::extract::Staff;
use crate::{AppState, WebError, WebResult};

pub const SESSION_COOKIE: &str = "phoihop_session";
/// Before sign-in there is no session: the sign-in form uses a double-submit cookie instead.
pub const SIGN_IN_CSRF_COOKIE: &str = "phoihop_csrf";

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Who is signing in, as the limits on failed sign-ins see them: the client's address and the
/// device cookie its browser brought.
pub struct Knocking {
    pub address: Option<std::net::IpAddr>,
    pub device_cookie: Option<String>,
}

impl Knocking {
    pub fn client(&self) -> app::accounts::Client<'_> {
        app::accounts::Client {
            address: self.address,
            device_cookie: self.device_cookie.as_deref(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Knocking {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ClientAddr(address) = ClientAddr::from_request_parts(parts, state).await?;
        Ok(Self {
            address,
            device_cookie: cookie(&parts.headers, app::accounts::DEVICE_COOKIE),
        })
    }
}

/// Whether the request reached us over TLS (directly or through a proxy that says so).
fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A Set-Cookie value: HttpOnly and SameSite=Lax always, Secure behind TLS.
pub fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if over_tls(headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The query that marks the page shown after a successful save.
pub const SAVED_QUERY: &str = "da-luu=1";

/// A signed-in person with the session's form token.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub actor: Actor,
    pub csrf: String,
    pub token: String,
    /// The page follows a successful save (`?da-luu=1`, set by [`crate::workspace::see_other`]),
    /// so it confirms it.
    pub just_saved: bool,
    /// Someone else chose the account's password: the workspace waits until its holder chooses
    /// their own.
    pub must_change_password: bool,
}

impl OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(None);
        };
        let just_saved = parts
            .uri
            .query()
            .is_some_and(|q| q.split('&').any(|pair| pair == SAVED_QUERY));
        Ok(state.app.session(&token).await?.map(|s| SignedIn {
            actor: s.actor,
            csrf: s.csrf_token,
            token,
            just_saved,
            must_change_password: s.must_change_password,
        }))
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> WebResult<Self> {
        <Self as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
            .await?
            .ok_or(WebError::Unauthorized)
    }
}

impl SignedIn {
    /// The person, if they may work: one whose password someone else chose is sent to choose
    /// their own first (their own page and signing out stay open to them).
    pub fn at_work(self) -> Result<Self, WebError> {
        if self.must_change_password {
            Err(WebError::PasswordFirst)
        } else {
            Ok(self)
        }
    }
}

/// The person an API token names, from `Authorization: Bearer <token>`: `None` without the
/// header, refused with a wrong token.
async fn bearer(parts: &Parts, state: &AppState) -> Result<Option<Actor>, WebError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(WebError::Unauthorized)?;
    Ok(Some(
        state
            .app
            .actor_by_token(token)
            .await?
            .ok_or(WebError::Unauthorized)?,
    ))
}

crate::extract::viewer_extractor! {
    /// An API request with a personal token: who it acts for, looking at the request's unit.
    ApiActor, ApiError, |parts, state| Some(bearer(parts, state).await?.ok_or(WebError::Unauthorized)?)
}

crate::extract::viewer_extractor! {
    /// An API read: anonymous, or with a personal token for what staff may read.
    ApiReader, ApiError, |parts, state| bearer(parts, state).await?
}

/// A submitted form: its fields in order, repeated names kept (check boxes, multi-selects).
#[derive(Debug, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).into_owned().collect())
    }

    /// A form's body, refused beyond the size of any form of ours.
    async fn read(body: axum::body::Body) -> Result<Self, WebError> {
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| WebError::BadRequest("Biểu mẫu quá lớn (tối đa 1 MB).".into()))?;
        Ok(Self::parse(&bytes))
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Every value of a repeated field that parses as an id; anything else is refused.
    pub fn ids(&self, name: &str) -> Result<Vec<i64>, WebError> {
        self.all(name)
            .into_iter()
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse()
                    .map_err(|_| WebError::BadRequest(format!("Giá trị “{v}” không hợp lệ")))
            })
            .collect()
    }

    /// An id field that may be left empty (a choice of "none"); anything else that is not an id
    /// is refused beside the field named `field`.
    pub fn optional_id(
        &self,
        name: &str,
        field: &'static str,
        message: &str,
    ) -> WebResult<Option<i64>> {
        match self.get(name) {
            "" => Ok(None),
            s => s
                .parse()
                .map(Some)
                .map_err(|_| ValidationError::single(field, message).into()),
        }
    }

    /// An id field that must be present.
    pub fn id(&self, name: &'static str, message: &str) -> Result<i64, ValidationError> {
        self.get(name)
            .parse()
            .map_err(|_| ValidationError::single(name, message))
    }
}

/// A form of the workspace posted by its staff, after its CSRF token was checked: who posted it,
/// as [`Staff`] (staff of the request's unit or of one above it), and its fields.
pub struct CheckedForm(pub Staff, pub FormData);

impl axum::extract::FromRequest<AppState> for CheckedForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> WebResult<Self> {
        let (mut parts, body) = req.into_parts();
        let SignedForm { state, user, form } = SignedForm::read(&mut parts, body, state).await?;
        let user = user.at_work()?;
        let v = crate::extract::viewer(&mut parts, &state, Some(user.actor.clone())).await?;
        v.staff()?;
        Ok(Self(Staff { state, user, v }, form))
    }
}

/// A form of the installation's own pages (signing out, setting up, the operator's), posted by a
/// signed-in person, after its CSRF token was checked: no unit to it.
pub struct SignedForm {
    pub state: AppState,
    pub user: SignedIn,
    pub form: FormData,
}

impl SignedForm {
    async fn read(
        parts: &mut Parts,
        body: axum::body::Body,
        state: &AppState,
    ) -> Result<Self, WebError> {
        let user =
            <SignedIn as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        let form = FormData::read(body).await?;
        check_form_token(form.get("csrf"), &user.csrf)?;
        let state = state.clone();
        Ok(Self { state, user, form })
    }
}

/// A form shown before there is a session (signing in, setting up), posted back with its
/// cookie's token, after the token was checked: who knocks, the request's headers, the fields.
pub struct PreSessionForm {
    pub knocking: Knocking,
    pub headers: HeaderMap,
    pub form: FormData,
}

impl axum::extract::FromRequest<AppState> for PreSessionForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> WebResult<Self> {
        let (mut parts, body) = req.into_parts();
        let Ok(knocking) = Knocking::from_request_parts(&mut parts, state).await;
        let form = FormData::read(body).await?;
        check_pre_session(state, &parts.headers, &form)?;
        Ok(Self {
            knocking,
            headers: parts.headers,
            form,
        })
    }
}

impl axum::extract::FromRequest<AppState> for SignedForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> WebResult<Self> {
        let (mut parts, body) = req.into_parts();
        Self::read(&mut parts, body, state).await
    }
}

/// The one check of a form's token (its `csrf` field) against the token it was given: the
/// session's, or before sign-in the cookie's. Every form, urlencoded or multipart, is checked
/// here before anything it carries is looked at.
pub fn check_form_token(sent: &str, expected: &str) -> Result<(), WebError> {
    if expected.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
        return Err(WebError::Forbidden(
            "Biểu mẫu đã hết hạn hoặc không đến từ trang của hệ thống. Hãy tải lại trang và gửi lại.".into(),
        ));
    }
    Ok(())
}

/// What the tokens of forms shown before sign-in are tagged for.
const PRE_SESSION_PURPOSE: &str = "pre-session form";

/// The token of a form shown before there is a session (signing in, setting up), kept in a
/// cookie and sent back with the form (double submit): a nonce and its tag by the server's key, so
/// that a cookie planted by a sibling site (a cookie any subdomain of the province may set) opens
/// nothing. The token, and the cookie to set.
pub fn pre_session_token(state: &AppState, headers: &HeaderMap) -> (String, HeaderValue) {
    let key = state.app.tag_key(PRE_SESSION_PURPOSE);
    let token = cookie(headers, SIGN_IN_CSRF_COOKIE)
        .filter(|c| pre_session_token_is_ours(&key, c))
        .unwrap_or_else(|| {
            let nonce = store::accounts::random_secret()[..32].to_string();
            let tag = key.tag(&nonce);
            format!("{nonce}{tag}")
        });
    let set = set_cookie(headers, SIGN_IN_CSRF_COOKIE, &token, 3600);
    (token, set)
}

/// Whether a token is a nonce of 32 hex digits followed by this installation's tag of it.
fn pre_session_token_is_ours(key: &store::sealing::TagKey, token: &str) -> bool {
    token.len() == 64 && token.is_char_boundary(32) && key.verify(&token[..32], &token[32..])
}

/// Whether a form shown before there is a session came back with its cookie's token, one this
/// installation made, from a page of the host it was posted to.
fn check_pre_session(
    state: &AppState,
    headers: &HeaderMap,
    form: &FormData,
) -> Result<(), WebError> {
    let expected = cookie(headers, SIGN_IN_CSRF_COOKIE)
        .filter(|c| pre_session_token_is_ours(&state.app.tag_key(PRE_SESSION_PURPOSE), c))
        .filter(|_| same_origin(headers))
        .unwrap_or_default();
    check_form_token(form.get("csrf"), &expected)
}

/// Whether a post came from a page of the host it is sent to, when the browser says where it
/// came from (`Origin`; every current browser sends it with a form's post). A sibling subdomain's
/// page is another origin, though the same site to `SameSite` cookies.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    // A trusted proxy's name for the host, else the request's (`proxy::client_address` has
    // dropped the forwarding headers of anyone else).
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// Forms are small; a larger body is refused before it is read whole.
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The address of the client, when the server was started with connection info (tests are not).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Found by `proxy::client_address`: the peer, or the client a trusted proxy names.
        Ok(Self(
            parts
                .extensions
                .get::<crate::proxy::ClientIp>()
                .map(|c| c.0),
        ))
    }
}

/// Whether a path is one of the pages made for staff: the workspace of any unit, the operator's
/// console, a person's own account and the set-up pages.
fn is_staff_path(path: &str) -> bool {
    let path = domain::address::split_base(path).map_or(path, |(_, rest)| rest);
    [
        "/quan-ly",
        "/he-thong",
        "/tai-khoan",
        "/cai-dat",
        "/dang-nhap",
    ]
    .iter()
    // Asked on every request: compared in place, without a string made per prefix.
    .any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
    })
}

/// Whether a path is the JSON API of some unit, whose answers depend on the token asking.
fn is_api_path(path: &str) -> bool {
    let path = domain::address::split_base(path).map_or(path, |(_, rest)| rest);
    path == "/api" || path.starts_with("/api/")
}

/// Nothing shown to staff is kept by a browser or a proxy (`Cache-Control: no-store`): a shared
/// office computer's back button or cache must not show the workspace to the next person. An
/// answer made for an API token (drafts included) is `private, no-store`, and every answer of the
/// API says it varies by `Authorization`, so no shared cache hands one asker's copy to another.
/// The site's scripts and styles, and files whose bytes can never change (`immutable` pictures),
/// stay cacheable.
pub(crate) async fn no_store_for_staff(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    // The site's own scripts and styles are the same for everyone.
    let asset = path.starts_with("/static/") || path == "/favicon.ico";
    let staff =
        !asset && (is_staff_path(path) || cookie(request.headers(), SESSION_COOKIE).is_some());
    let api = is_api_path(path);
    let token = request.headers().contains_key(header::AUTHORIZATION);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api {
        headers.append(header::VARY, HeaderValue::from_static("authorization"));
    }
    if token && !asset {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        return response;
    }
    let kept = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("immutable") || v.contains("no-store"));
    if staff && !kept {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_and_signing_in_are_staff_pages_under_any_prefix_and_nothing_else_is() {
        for path in [
            "/quan-ly",
            "/quan-ly/tin-tuc",
            "/dang-nhap?tiep=/quan-ly",
            "/dv/phuong-nghia-do/quan-ly",
            "/dv/phuong-nghia-do/he-thong/don-vi",
        ] {
            assert!(is_staff_path(path), "{path}");
        }
        for path in [
            "/",
            "/tin-tuc",
            "/quan-lyx",
            "/dv/phuong-nghia-do/tin-tuc",
            "/en/tin-tuc",
        ] {
            assert!(!is_staff_path(path), "{path}");
        }
    }

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; phoihop_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_behind_tls() {
        let mut h = HeaderMap::new();
        let plain = set_cookie(&h, "x", "1", 60);
        assert_eq!(plain, "x=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(set_cookie(&h, "x", "1", 60)
            .to_str()
            .unwrap()
            .ends_with("; Secure"));
    }

    #[test]
    fn forms_keep_repeated_fields() {
        let f = FormData::parse(b"ids=1&ids=2&name=+H%C3%A0+&csrf=x");
        assert_eq!(f.all("ids"), vec!["1", "2"]);
        assert_eq!(f.ids("ids").unwrap(), vec![1, 2]);
        assert_eq!(f.get("name"), "Hà");
        assert_eq!(f.get("missing"), "");
        assert!(FormData::parse(b"ids=x").ids("ids").is_err());
    }

    #[test]
    fn token_comparison_needs_equal_lengths_and_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
