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
    store::demo::load(&store).await.expect("the demo loads");
    let router = web::router(web::AppState::new(store.clone()));
    TestApp { router, store }
}

impl TestApp {
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
