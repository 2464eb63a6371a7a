//! Every unit's pages whole: every route of every demo unit — by its prefix and by its mapped host
//! name, with the ids and slugs of that unit's own records — answers without a server error, to
//! an anonymous visitor and to the operator, for reads and for posts alike. (A ward's pictures
//! answered 500 under its prefix while the default unit's loaded.)

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::walk::{fill, units};
use common::{spawn_app_with_hosts, Session, TestApp};

async fn ask(
    app: &TestApp,
    method: &str,
    uri: &str,
    host: Option<&str>,
    session: Option<&Session>,
) -> StatusCode {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(h) = host {
        request = request.header("host", h);
    }
    if let Some(s) = session {
        request = request.header("cookie", s.cookie.clone());
    }
    let body = if method == "POST" {
        request = request.header("content-type", "application/x-www-form-urlencoded");
        Body::from(common::encode(&[(
            "csrf",
            session.map_or("", |s| s.csrf.as_str()),
        )]))
    } else {
        Body::empty()
    };
    use tower::ServiceExt;
    app.router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_of_every_unit_by_prefix_and_by_host_answers_without_a_server_error() {
    let app = spawn_app_with_hosts().await;
    let operator = app.sign_in("hethong").await;
    let units = units(&app).await;
    assert!(
        units.iter().filter(|u| u.picture.is_some()).count() >= 3,
        "the demo's city and wards publish articles with pictures"
    );
    let mut failures = Vec::new();
    let mut asked = 0;
    for (route, methods) in web::routes().table() {
        for u in &units {
            let Some(path) = fill(route, u) else { continue };
            let unprefixed = if path.is_empty() {
                "/".to_string()
            } else {
                path.clone()
            };
            for (uri, host) in [
                (format!("/dv/{}{path}", u.slug), None),
                (unprefixed, Some(u.host.as_str())),
            ] {
                let mut asks = Vec::new();
                if methods.get() {
                    asks.push(("GET", None));
                    asks.push(("GET", Some(&operator)));
                }
                if matches!(methods, web::Methods::Post | web::Methods::GetPost) {
                    asks.push(("POST", Some(&operator)));
                }
                for (method, who) in asks {
                    let status = ask(&app, method, &uri, host, who).await;
                    asked += 1;
                    if status.is_server_error() {
                        failures.push(format!(
                            "{method} {uri}{} as {}: {status}",
                            host.map(|h| format!(" (Host: {h})")).unwrap_or_default(),
                            if who.is_some() {
                                "the operator"
                            } else {
                                "a visitor"
                            }
                        ));
                    }
                }
            }
        }
    }
    assert!(asked > 500, "{asked} requests");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_wards_picture_loads_under_its_prefix_and_its_host() {
    let app = spawn_app_with_hosts().await;
    let units = units(&app).await;
    let ward = units
        .iter()
        .find(|u| u.slug == store::demo::NGHIA_DO_SLUG)
        .unwrap();
    let file = ward
        .picture
        .as_ref()
        .expect("the ward's article has a picture");
    for (uri, host) in [
        (format!("/dv/{}/anh/{file}", ward.slug), None),
        (format!("/anh/{file}"), Some(ward.host.as_str())),
    ] {
        let answer = ask(&app, "GET", &uri, host, None).await;
        assert_eq!(answer, StatusCode::OK, "{uri} {host:?}");
    }
}
