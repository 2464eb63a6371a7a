//! Test helpers: the real router over a fresh SQLite database with the demo data, driven in process.

#![allow(dead_code)]

pub mod mail;
pub mod walk;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: store::Store,
    pub accounts: Vec<store::demo::DemoAccount>,
}

/// A signed-in browser: its session cookie and the form token of its pages.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub struct Page {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    /// Assert the page shows a text, with the page in the message when it does not.
    pub fn shows(&self, text: &str) -> &Self {
        assert!(
            self.body.contains(text),
            "expected the page to show {text:?}; it shows:\n{}",
            self.body
        );
        self
    }

    pub fn does_not_show(&self, text: &str) -> &Self {
        assert!(
            !self.body.contains(text),
            "expected the page not to show {text:?}"
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    /// A header of the answer, empty when absent.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

/// The app on a fresh database loaded with the demo data.
pub async fn spawn_app() -> TestApp {
    let store = store::testing::fresh_sqlite()
        .await
        .expect("a fresh database");
    let accounts = store::demo::load(&store).await.expect("the demo loads");
    let router = web::router(web::AppState::new(app::App::new(store.clone())));
    TestApp {
        router,
        store,
        accounts,
    }
}

/// The demo with every unit mapped to a host name of its own, `{slug}.phoihop.test`, as a province
/// maps them: each unit's pages answer at the root of its host as under its prefix.
pub async fn spawn_app_with_hosts() -> TestApp {
    let store = store::testing::fresh_sqlite()
        .await
        .expect("a fresh database");
    let accounts = store::demo::load(&store).await.expect("the demo loads");
    let mut tx = store.begin("test").await.unwrap();
    for unit in store.units().await.unwrap() {
        let mapped = domain::unit::AdminUnit {
            host: Some(host_of(&unit.slug)),
            ..unit.clone()
        };
        tx.update_unit(&unit, &mapped).await.unwrap();
    }
    tx.commit().await.unwrap();
    let router = web::router(web::AppState::new(app::App::new(store.clone())));
    TestApp {
        router,
        store,
        accounts,
    }
}

/// The host name `spawn_app_with_hosts` maps a unit to.
pub fn host_of(slug: &str) -> String {
    format!("{slug}.phoihop.test")
}

/// An installation with nothing in it, as a new user finds it: on SQLite, and on the PostgreSQL
/// server `DATABASE_URL` names when it names one.
pub async fn spawn_empty_apps() -> Vec<TestApp> {
    store::testing::fresh_stores()
        .await
        .into_iter()
        .map(|store| TestApp {
            router: web::router(web::AppState::new(app::App::new(store.clone()))),
            store,
            accounts: Vec::new(),
        })
        .collect()
}

/// The value of the `<option>` (or the check box) whose label is `label`, in a page's form.
pub fn option_value(html: &str, label: &str) -> String {
    let end = html
        .find(&format!(">{label}</option>"))
        .or_else(|| html.find(&format!("> {label}</label>")))
        .unwrap_or_else(|| panic!("no option {label:?}"));
    let start = html[..end].rfind("value=\"").expect("the option's value") + 7;
    html[start..end].split('"').next().unwrap().to_string()
}

/// The value of the hidden `csrf` field of a page.
pub fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).expect("a form with a csrf field") + marker.len();
    html[start..start + 64].to_string()
}

fn set_cookie_value(page: &Page, name: &str) -> Option<String> {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_string())
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                k,
                form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    /// A demo unit by its slug.
    pub async fn unit(&self, slug: &str) -> domain::unit::AdminUnit {
        let units = self.store.units().await.unwrap();
        units
            .into_iter()
            .find(|u| u.slug.as_str() == slug)
            .unwrap_or_else(|| panic!("no demo unit {slug}"))
    }

    /// The id of the installation's default unit (the demo's district).
    pub async fn default_unit_id(&self) -> i64 {
        self.store.default_unit().await.unwrap().id
    }

    pub fn password(&self, username: &str) -> String {
        self.accounts
            .iter()
            .find(|a| a.username == username)
            .unwrap_or_else(|| panic!("no demo account {username}"))
            .password
            .clone()
    }

    /// Sign in through the form as a demo account, as a browser would.
    pub async fn sign_in(&self, username: &str) -> Session {
        let password = self.password(username);
        self.sign_in_with(username, &password).await
    }

    /// Post the sign-in form with a name, a password and where to go afterwards; the answer.
    pub async fn submit_sign_in(&self, username: &str, password: &str, next: &str) -> Page {
        let form = self.get("/dang-nhap").await;
        let csrf_cookie = set_cookie_value(&form, "phoihop_csrf").unwrap();
        let csrf = csrf_of(&form.body);
        let body = encode(&[
            ("csrf", &csrf),
            ("next", next),
            ("username", username),
            ("password", password),
        ]);
        self.send(
            "POST",
            "/dang-nhap",
            Some(&csrf_cookie),
            "application/x-www-form-urlencoded",
            body,
        )
        .await
    }

    /// Sign in through the form with a name and password.
    pub async fn sign_in_with(&self, username: &str, password: &str) -> Session {
        let done = self.submit_sign_in(username, password, "/tai-khoan").await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "sign-in as {username} failed: {}",
            done.body
        );
        let cookie = set_cookie_value(&done, "phoihop_session").unwrap();
        // A person's own page answers whatever units they work in.
        let home = self.get_as("/tai-khoan", &cookie).await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        Session {
            csrf: csrf_of(&home.body),
            cookie,
        }
    }

    /// The first sign-in of an account whose password someone else chose: it is sent to its own
    /// page, chooses its own password there, and goes on in the session that opens. Returns
    /// that session and where the change sent it.
    pub async fn choose_own_password(
        &self,
        username: &str,
        given: &str,
        own: &str,
    ) -> (Session, String) {
        let first = self.submit_sign_in(username, given, "").await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
        assert_eq!(first.header("location"), "/tai-khoan#mat-khau");
        let cookie = set_cookie_value(&first, "phoihop_session").unwrap();
        let page = self.get_as("/tai-khoan", &cookie).await;
        page.shows("Mật khẩu của tài khoản do người khác đặt");
        let session = Session {
            csrf: csrf_of(&page.body),
            cookie,
        };
        let changed = self
            .post_form(
                "/tai-khoan/mat-khau",
                Some(&session),
                &[
                    ("current_password", given),
                    ("new_password", own),
                    ("repeat_password", own),
                ],
            )
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        let to = changed.header("location");
        let cookie = set_cookie_value(&changed, "phoihop_session").unwrap();
        let home = self.get_as("/tai-khoan", &cookie).await;
        (
            Session {
                csrf: csrf_of(&home.body),
                cookie,
            },
            to,
        )
    }

    /// GET a page on a host name, as a unit mapped to it is reached.
    pub async fn get_on_host(&self, host: &str, uri: &str) -> Page {
        self.call(
            Request::get(uri)
                .header("host", host)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// The value of a cookie the page sets.
    pub fn cookie_set_by(page: &Page, name: &str) -> Option<String> {
        set_cookie_value(page, name)
    }

    pub async fn get_as(&self, uri: &str, cookie: &str) -> Page {
        self.send("GET", uri, Some(cookie), "", String::new()).await
    }

    /// Post a form as a session, with its CSRF token added.
    pub async fn post_form(
        &self,
        uri: &str,
        session: Option<&Session>,
        fields: &[(&str, &str)],
    ) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if let Some(s) = session {
            all.push(("csrf", &s.csrf));
        }
        self.send(
            "POST",
            uri,
            session.map(|s| s.cookie.as_str()),
            "application/x-www-form-urlencoded",
            encode(&all),
        )
        .await
    }

    /// Post a form without its CSRF token, as a forged cross-site form would.
    pub async fn post_form_without_csrf(
        &self,
        uri: &str,
        session: &Session,
        fields: &[(&str, &str)],
    ) -> Page {
        self.send(
            "POST",
            uri,
            Some(&session.cookie),
            "application/x-www-form-urlencoded",
            encode(fields),
        )
        .await
    }

    pub async fn api(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        json: serde_json::Value,
    ) -> Page {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json");
        if let Some(t) = token {
            builder = builder.header("authorization", format!("Bearer {t}"));
        }
        self.call(builder.body(Body::from(json.to_string())).unwrap())
            .await
    }

    /// A request to the API with a token, extra headers (`If-Match`, `Idempotency-Key`) and a
    /// body as sent, JSON or not.
    pub async fn api_raw(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Page {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json");
        if let Some(t) = token {
            builder = builder.header("authorization", format!("Bearer {t}"));
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        self.call(builder.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn send(
        &self,
        method: &str,
        uri: &str,
        cookie: Option<&str>,
        content_type: &str,
        body: String,
    ) -> Page {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(c) = cookie {
            builder = builder.header("cookie", c);
        }
        if !content_type.is_empty() {
            builder = builder.header("content-type", content_type);
        }
        self.call(builder.body(Body::from(body)).unwrap()).await
    }

    pub async fn call(&self, request: Request<Body>) -> Page {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            content_type,
            headers,
            body: String::from_utf8(bytes.to_vec()).expect("UTF-8 pages"),
        }
    }

    pub async fn get(&self, uri: &str) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            content_type,
            headers,
            body: String::from_utf8(bytes.to_vec()).expect("UTF-8 pages"),
        }
    }

    pub async fn get_article(&self, slug: &str) -> Page {
        self.get(&format!("/tin-tuc/{slug}")).await
    }
}

/// The app with its search index on a follower of the change log, as `phoihop serve` runs it
/// (the plain app instead builds its index at the first search and catches up at each one).
pub async fn spawn_app_with_search_follower() -> TestApp {
    let store = store::testing::fresh_sqlite()
        .await
        .expect("a fresh database");
    let accounts = store::demo::load(&store).await.expect("the demo loads");
    let index = search::SearchIndex::in_memory().expect("an index in memory");
    let app = app::App::with_index(store.clone(), std::sync::Arc::new(index));
    app.spawn_search_follower();
    let state = web::AppState::new(app);
    TestApp {
        router: web::router(state),
        store,
        accounts,
    }
}

/// A personal API token for a demo account, writing every kind the API writes.
pub async fn api_token(app: &TestApp, username: &str) -> String {
    api_token_with(app, username, "write", &[], "").await.1
}

/// A personal API token for a demo account, as the account page would make it: `access` is
/// `read` or `write`, `kinds` the kinds written, `lifetime` days or `never`. Its id and secret.
pub async fn api_token_with(
    app: &TestApp,
    username: &str,
    access: &str,
    kinds: &[&str],
    lifetime: &str,
) -> (i64, String) {
    let account = app
        .store
        .account_by_username(username)
        .await
        .unwrap()
        .unwrap();
    let request =
        domain::credentials::TokenRequest::parse("test", access, kinds, lifetime).unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let token = tx.create_api_token(account.id, &request).await.unwrap();
    tx.commit().await.unwrap();
    token
}

/// The search page's address for a query.
pub fn search_uri(q: &str) -> String {
    format!(
        "/tim-kiem?q={}",
        form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    )
}

/// A response whose body is bytes: a PDF, a workbook, an archive.
pub struct FileResponse {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl FileResponse {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).to_string()
    }
}

/// One part of a multipart form: a field, or a file with its name.
pub enum Part<'a> {
    Field(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

/// A multipart/form-data body and its content type.
pub fn multipart(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "----phoihopTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Field(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, file_name, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// A request whose answer is kept as bytes.
    pub async fn fetch(
        &self,
        method: &str,
        uri: &str,
        cookie: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> FileResponse {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(c) = cookie {
            builder = builder.header("cookie", c);
        }
        if !content_type.is_empty() {
            builder = builder.header("content-type", content_type);
        }
        self.file(builder.body(Body::from(body)).unwrap()).await
    }

    /// The answer to a request, its bytes kept as they came.
    async fn file(&self, request: Request<Body>) -> FileResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        FileResponse {
            status,
            content_type,
            headers,
            bytes: bytes.to_vec(),
        }
    }

    /// GET with these request headers (`accept-encoding`, `if-none-match`…), the answer's bytes
    /// kept as they came: compressed, or empty for a 304.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> FileResponse {
        let mut builder = Request::get(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        self.file(builder.body(Body::empty()).unwrap()).await
    }

    /// GET a download on a unit's host name (or the installation's address with `None`).
    pub async fn download_on(
        &self,
        host: Option<&str>,
        uri: &str,
        session: Option<&Session>,
    ) -> FileResponse {
        let Some(host) = host else {
            return self.download(uri, session).await;
        };
        let mut builder = Request::builder()
            .method("GET")
            .uri(uri)
            .header("host", host);
        if let Some(s) = session {
            builder = builder.header("cookie", s.cookie.as_str());
        }
        self.file(builder.body(Body::empty()).unwrap()).await
    }

    /// GET a download, signed in or not.
    pub async fn download(&self, uri: &str, session: Option<&Session>) -> FileResponse {
        self.fetch(
            "GET",
            uri,
            session.map(|s| s.cookie.as_str()),
            "",
            Vec::new(),
        )
        .await
    }

    /// Post a multipart form (a file upload) as a session; the CSRF field is the caller's.
    pub async fn post_multipart(
        &self,
        uri: &str,
        session: Option<&Session>,
        parts: &[Part<'_>],
    ) -> Page {
        let (content_type, body) = multipart(parts);
        let r = self
            .fetch(
                "POST",
                uri,
                session.map(|s| s.cookie.as_str()),
                &content_type,
                body,
            )
            .await;
        Page {
            status: r.status,
            content_type: r.content_type,
            headers: r.headers,
            body: String::from_utf8(r.bytes).expect("UTF-8 pages"),
        }
    }
}

impl TestApp {
    /// The first target of the default unit's programme of `year`.
    pub async fn first_target(&self, year: i32) -> domain::target::Target {
        let unit = self.store.default_unit().await.unwrap();
        let programme = self
            .store
            .programme(unit.id, domain::programme::Year::new(year).unwrap())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("the demo has a programme of {year}"));
        self.store.targets(programme.id).await.unwrap()[0].clone()
    }
}

/// What poppler's `pdftotext` reads in a PDF, with `args`; a missing tool fails the test rather
/// than skipping it, so a broken PDF cannot hide.
fn pdftotext(pdf: &[u8], name: &str, args: &[&str]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "{name} is not a PDF");
    let dir = std::env::temp_dir().join(format!("phoihop-web-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed ({e}): apt-get install poppler-utils"));
    assert!(out.status.success(), "pdftotext failed on {name}");
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF, its words in reading order: lines wrap wherever the layout put them, so
/// compare words, not lines.
pub fn pdf_text(pdf: &[u8], name: &str) -> String {
    let text = pdftotext(pdf, name, &[]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines of a PDF as `pdftotext -layout` sets them, each with its spaces collapsed: a table's
/// row stays one line, so a test can read a row's figures in their order.
pub fn pdf_rows(pdf: &[u8], name: &str) -> Vec<String> {
    let text = pdftotext(pdf, name, &["-layout"]);
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}
