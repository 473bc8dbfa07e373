//! Security headers over a real socket, by kind of route: pages run only Connessi's own
//! scripts, the API documentation exactly its one inline script (by hash), and nothing else
//! (JSON, problems, files) may run or be framed at all.

use crate::support::spawn_app;
use base64::Engine;
use connessi_platform::security_headers::{NOTHING_POLICY, PAGE_POLICY};
use connessi_tests::{Backend, backend_tests};
use sha2::Digest;

backend_tests! {
    every_kind_of_route_gets_its_security_headers => every_kind_of_route;
}

async fn every_kind_of_route(backend: Backend) {
    let app = spawn_app(backend).await;
    let get = |path: &str| reqwest::get(format!("{}{path}", app.anonymous.base));
    for (path, policy) in [
        ("/", PAGE_POLICY),
        ("/offers", PAGE_POLICY),
        ("/api/v1/offers/search", NOTHING_POLICY),
        ("/api/v1/no/such/thing", NOTHING_POLICY),
        ("/api/openapi.json", NOTHING_POLICY),
    ] {
        let answer = get(path).await.unwrap();
        let headers = answer.headers();
        assert_eq!(headers["content-security-policy"], policy, "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS in development (plain http): {path}"
        );
    }
    let docs = get("/api/docs").await.unwrap();
    let policy = docs.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let page = docs.text().await.unwrap();
    let script = page
        .split("<script>")
        .nth(1)
        .and_then(|rest| rest.split_once("</script>"))
        .map(|(script, _)| script)
        .expect("Swagger UI's inline script");
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
    assert!(
        policy.contains(&format!("script-src 'self' 'sha256-{hash}';")),
        "{policy}"
    );
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
}
