//! Test helpers: the real router over a fresh SQLite database with the demo data, driven in process.

#![allow(dead_code)]

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
}

/// The app on a fresh database loaded with the demo data.
pub async fn spawn_app() -> TestApp {
    let store = store::testing::fresh_sqlite()
        .await
        .expect("a fresh database");
    let accounts = store::demo::load(&store).await.expect("the demo loads");
    let router = web::router(web::AppState::new(store.clone()));
    TestApp {
        router,
        store,
        accounts,
    }
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
    pub fn password(&self, username: &str) -> String {
        self.accounts
            .iter()
            .find(|a| a.username == username)
            .unwrap_or_else(|| panic!("no demo account {username}"))
            .password
            .clone()
    }

    /// Sign in through the form, as a browser would.
    pub async fn sign_in(&self, username: &str) -> Session {
        let form = self.get("/dang-nhap").await;
        let csrf_cookie = set_cookie_value(&form, "phoihop_csrf").unwrap();
        let csrf = csrf_of(&form.body);
        let password = self.password(username);
        let body = encode(&[
            ("csrf", &csrf),
            ("next", "/quan-ly"),
            ("username", username),
            ("password", &password),
        ]);
        let done = self
            .send(
                "POST",
                "/dang-nhap",
                Some(&csrf_cookie),
                "application/x-www-form-urlencoded",
                body,
            )
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "sign-in as {username} failed: {}",
            done.body
        );
        let cookie = set_cookie_value(&done, "phoihop_session").unwrap();
        let home = self.get_as("/quan-ly", &cookie).await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        Session {
            csrf: csrf_of(&home.body),
            cookie,
        }
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
