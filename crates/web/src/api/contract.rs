//! What every operation of the API shares, so that a client generated from the OpenAPI document
//! finds the same rules everywhere: JSON bodies and queries refused in JSON with the field named,
//! lists paged one way with their total, records answered with their `ETag`, writes that honour
//! `If-Match` (412 when stale) and creations that honour `Idempotency-Key`.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::entity::Entity;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use super::ApiError;
use crate::WebError;

/// The largest JSON body the API reads: an article with its HTML is far smaller.
const MAX_JSON_BYTES: usize = 2 * 1024 * 1024;

/// A JSON body, parsed into the operation's input type, with the digest of the request it came
/// in (for `Idempotency-Key`). What does not parse is refused in JSON: 400 when it is not JSON at
/// all, 422 naming the field when a field is missing or of the wrong type.
pub struct ApiJson<T> {
    pub value: T,
    fingerprint: String,
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_JSON_BYTES)
            .await
            .map_err(|_| {
                ApiError(WebError::BadRequest(
                    "Nội dung gửi lên quá lớn (tối đa 2 MB).".into(),
                ))
            })?;
        let mut digest = Sha256::new();
        digest.update(parts.method.as_str());
        digest.update(b" ");
        digest.update(parts.uri.path());
        digest.update(b"\n");
        digest.update(&bytes);
        let fingerprint = format!("{:x}", digest.finalize());
        let value = parse_json(&bytes).map_err(ApiError)?;
        Ok(Self { value, fingerprint })
    }
}

/// A JSON document as `T`, or the error a person can act on.
fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = match parsed {
        Ok(v) => v,
        Err(e) => {
            let path = e.path().to_string();
            return Err(json_error(&path, e.into_inner()));
        }
    };
    de.end().map_err(|e| json_error(".", e))?;
    Ok(value)
}

fn json_error(path: &str, e: serde_json::Error) -> WebError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io | Category::Syntax | Category::Eof => WebError::BadRequest(format!(
            "Nội dung không phải JSON hợp lệ (dòng {}, cột {}).",
            e.line(),
            e.column()
        )),
        Category::Data => {
            let text = e.to_string();
            // serde's messages end with " at line L column C", which the field already says.
            let text = text.split(" at line ").next().unwrap_or(&text);
            let (field, message) = if let Some(name) = between(text, "missing field `", "`") {
                let field = if path == "." {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                (field, "Thiếu trường bắt buộc này".to_string())
            } else {
                let field = if path == "." { "$".into() } else { path.into() };
                (field, data_message(text))
            };
            WebError::InvalidFields(vec![(field, message)])
        }
    }
}

/// The text between two markers.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// serde's complaint about a value, said in Vietnamese.
fn data_message(text: &str) -> String {
    let expected = text.rsplit("expected ").next().unwrap_or("");
    let wanted = if !text.contains("expected ") {
        None
    } else if expected.starts_with("a string") || expected.starts_with("a borrowed string") {
        Some("một chuỗi ký tự")
    } else if expected.starts_with("a boolean") {
        Some("true hoặc false")
    } else if expected.starts_with("i64")
        || expected.starts_with("i32")
        || expected.starts_with("u32")
        || expected.starts_with("u64")
        || expected.starts_with("u16")
    {
        Some("một số nguyên")
    } else if expected.starts_with("a sequence") {
        Some("một danh sách")
    } else if expected.starts_with("struct") || expected.starts_with("a map") {
        Some("một đối tượng JSON")
    } else {
        None
    };
    match wanted {
        Some(w) => format!("Sai kiểu dữ liệu: cần {w}"),
        None if text.contains("input contains invalid characters")
            || text.contains("premature end of input")
            || text.contains("trailing input") =>
        {
            "Thời điểm không hợp lệ: hãy viết theo RFC 3339, ví dụ 2026-12-08T09:00:00+07:00".into()
        }
        None if text.starts_with("invalid value") || text.starts_with("unknown variant") => {
            "Giá trị không nằm trong các giá trị cho phép".into()
        }
        None => "Giá trị không hợp lệ".into(),
    }
}

/// A query string parsed into `T`, refused in JSON when it does not parse.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| Self(q))
            .map_err(|_| {
                ApiError(WebError::BadRequest(
                    "Tham số trên địa chỉ không hợp lệ.".into(),
                ))
            })
    }
}

/// The patterns the query's numbers are written in: a query's values are text, blank means
/// absent, and a number is written without sign, spaces or leading zeros — exactly what the
/// document says, so that a client generated from it sends nothing the server refuses.
/// (The patterns are written out in each parameter's attribute, which takes a literal.)
/// A whole number of a query written as its pattern says, from 1 (or 0) to `max`; `None` when
/// blank or absent.
pub fn query_number(
    field: &str,
    value: Option<&str>,
    min: i64,
    max: i64,
) -> Result<Option<i64>, ApiError> {
    let Some(s) = value.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let canonical = s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    s.parse::<i64>()
        .ok()
        .filter(|n| canonical && (min..=max).contains(n))
        .map(Some)
        .ok_or_else(|| {
            ApiError(WebError::BadRequest(format!(
                "“{field}” phải là số nguyên từ {min} đến {max}, viết không dấu cách"
            )))
        })
}

/// Which page of a list: every list of the API is paged the same way.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1 (blank: the first).
    #[param(pattern = "^$|^[1-9][0-9]{0,5}$|^1000000$")]
    pub page: Option<String>,
    /// Items per page, from 1 to 100 (blank: 20).
    #[param(pattern = "^$|^[1-9][0-9]?$|^100$")]
    pub per_page: Option<String>,
}

impl PageQuery {
    pub const DEFAULT_PER_PAGE: i64 = 20;
    pub const MAX_PER_PAGE: i64 = 100;

    /// The page and its size, each checked.
    pub fn bounds(&self) -> Result<(i64, i64), ApiError> {
        let last = i64::from(domain::paging::PageNumber::LAST);
        let page = query_number("page", self.page.as_deref(), 1, last)?.unwrap_or(1);
        let per_page = query_number("per_page", self.per_page.as_deref(), 1, Self::MAX_PER_PAGE)?
            .unwrap_or(Self::DEFAULT_PER_PAGE);
        Ok((page, per_page))
    }

    /// One page of a list held whole.
    pub fn of<T>(&self, all: Vec<T>) -> Result<Paged<T>, ApiError> {
        let (page, per_page) = self.bounds()?;
        let total = all.len() as i64;
        let items = all
            .into_iter()
            .skip(((page - 1) * per_page) as usize)
            .take(per_page as usize)
            .collect();
        Ok(Paged {
            total,
            page,
            per_page,
            items,
        })
    }
}

/// A page of a list: the items on it, and how many there are in all.
#[derive(Serialize, ToSchema)]
pub struct Paged<T> {
    /// How many items the whole list has.
    pub total: i64,
    /// This page's number, from 1.
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<T>,
}

impl<T> Paged<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            total: self.total,
            page: self.page,
            per_page: self.per_page,
            items: self.items.into_iter().map(f).collect(),
        }
    }
}

/// The `ETag` of a record at a version of the change log.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"r{version}\"")).unwrap_or(HeaderValue::from_static("\"r0\""))
}

/// A record with its version: JSON, its `ETag`, and for a creation 201 and its `Location`.
pub struct Versioned<T> {
    pub status: StatusCode,
    pub version: i64,
    pub location: Option<String>,
    pub body: T,
}

impl<T> Versioned<T> {
    /// A record as read, at the version read before it.
    pub fn read(version: i64, body: T) -> Self {
        Self {
            status: StatusCode::OK,
            version,
            location: None,
            body,
        }
    }

    /// A record just created, found at `path` under the unit's address (`/api/v1/meetings/7`):
    /// its `Location` names the unit's prefix too, so a client that follows it stays in the unit.
    pub fn created(self, v: &app::Viewer, path: String) -> Self {
        Self {
            status: StatusCode::CREATED,
            location: Some(format!("{}{path}", v.base())),
            ..self
        }
    }
}

impl<T: Serialize> IntoResponse for Versioned<T> {
    fn into_response(self) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, etag(self.version));
        if let Some(l) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, l);
        }
        (self.status, headers, Json(self.body)).into_response()
    }
}

/// The versions a client says it has read (`If-Match`): `None` when it sent none, or `*`.
pub struct IfMatch(Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Ok(Self(match parts.headers.get(header::IF_MATCH) {
            None => None,
            Some(value) => parse_if_match(value.to_str().unwrap_or("")),
        }))
    }
}

/// The newest version among a header's strong tags of ours; `*` matches whatever is there, and a
/// header naming none of ours matches nothing (-1: older than every record).
fn parse_if_match(value: &str) -> Option<i64> {
    let tags: Vec<&str> = value.split(',').map(str::trim).collect();
    if tags.contains(&"*") {
        return None;
    }
    Some(
        tags.iter()
            .filter_map(|t| {
                t.strip_prefix("\"r")?
                    .strip_suffix('"')?
                    .parse::<i64>()
                    .ok()
            })
            .max()
            .unwrap_or(-1),
    )
}

impl IfMatch {
    /// The viewer whose write first checks the record is unchanged since the version read.
    pub fn on(&self, v: app::Viewer, entities: &'static [Entity], id: i64) -> app::Viewer {
        v.expecting(self.0.map(|seen| app::Unchanged { entities, id, seen }))
    }
}

/// A date of a query: blank, or a calendar date (YYYY-MM-DD).
pub fn date_or_blank() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .build()
        .into()
}

/// A client's key for a creating write (`Idempotency-Key`): 1 to 255 visible ASCII characters.
pub struct IdempotencyKey(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(Self(None));
        };
        match value.to_str() {
            Ok(k) if (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => {
                Ok(Self(Some(k.to_string())))
            }
            _ => Err(ApiError(WebError::BadRequest(
                "Idempotency-Key gồm 1 đến 255 ký tự ASCII nhìn thấy được, ví dụ một UUID.".into(),
            ))),
        }
    }
}

impl IdempotencyKey {
    /// The viewer whose creating write is known by this key, with the request it came with.
    pub fn on<T>(self, v: app::Viewer, body: &ApiJson<T>) -> app::Viewer {
        v.retrying(self.0.map(|key| app::RetryKey {
            key,
            fingerprint: body.fingerprint.clone(),
        }))
    }
}

/// A header parameter of the document.
fn header_parameter(
    name: &str,
    description: &str,
    pattern: Option<&str>,
) -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(pattern),
        ))
        .build()
}

impl IntoParams for IfMatch {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        vec![header_parameter(
            "If-Match",
            "The ETag of the record as last read: the write is refused with 412 if the record changed since.",
            None,
        )]
    }
}

impl IntoParams for IdempotencyKey {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        vec![header_parameter(
            "Idempotency-Key",
            "A key of the client's choosing (a UUID), 1–255 visible ASCII characters: the same request sent again with it within a day answers the record the first made, and makes no second.",
            Some("^[!-~]{1,255}$"),
        )]
    }
}

/// The id of the record a creation made: now, or — for a request retried with its
/// `Idempotency-Key` — by its first attempt, whose record is the answer.
pub async fn created_id<Fut>(
    state: &crate::AppState,
    v: &app::Viewer,
    create: impl FnOnce() -> Fut,
) -> Result<i64, ApiError>
where
    Fut: std::future::Future<Output = Result<i64, app::AppError>>,
{
    let outcome = match state.app.check_retry(v).await {
        Ok(()) => create().await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(id) | Err(app::AppError::AlreadyDone { id, .. }) => Ok(id),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Input {
        title: String,
        count: Option<i64>,
        items: Option<Vec<Item>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    fn refused(json: &str) -> WebError {
        parse_json::<Input>(json.as_bytes()).unwrap_err()
    }

    fn fields(e: WebError) -> Vec<(String, String)> {
        match e {
            WebError::InvalidFields(f) => f,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_that_is_not_json_is_a_bad_request_saying_where() {
        let WebError::BadRequest(m) = refused("{\"title\": ") else {
            panic!()
        };
        assert!(m.contains("không phải JSON hợp lệ"), "{m}");
        assert!(matches!(
            refused("{\"title\": \"a\"} x"),
            WebError::BadRequest(_)
        ));
    }

    #[test]
    fn a_missing_field_is_named_even_inside_a_list() {
        assert_eq!(
            fields(refused("{}")),
            [("title".into(), "Thiếu trường bắt buộc này".into())]
        );
        let f = fields(refused("{\"title\": \"a\", \"items\": [{}]}"));
        assert_eq!(f[0].0, "items[0].name");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_with_what_it_should_be() {
        let f = fields(refused("{\"title\": 5}"));
        assert_eq!(
            f,
            [(
                "title".into(),
                "Sai kiểu dữ liệu: cần một chuỗi ký tự".into()
            )]
        );
        let f = fields(refused("{\"title\": \"a\", \"count\": \"x\"}"));
        assert_eq!(f[0].1, "Sai kiểu dữ liệu: cần một số nguyên");
        let f = fields(refused("5"));
        assert_eq!(
            f[0],
            (
                "$".into(),
                "Sai kiểu dữ liệu: cần một đối tượng JSON".into()
            )
        );
    }

    #[test]
    fn if_match_takes_our_strong_tags_and_matches_nothing_else() {
        assert_eq!(parse_if_match("\"r12\""), Some(12));
        assert_eq!(parse_if_match("\"r3\", \"r12\""), Some(12));
        assert_eq!(parse_if_match("*"), None);
        assert_eq!(parse_if_match("W/\"r12\""), Some(-1));
        assert_eq!(parse_if_match("\"abc\""), Some(-1));
    }
}
