//! Security headers on every response, by kind of route. Pages get a Content-Security-Policy
//! that only lets the site's own files run (no inline script, no plugins, no `<base>`, forms
//! posting only here, never framed); everything else (JSON, problems, files) a policy that
//! allows nothing at all. Every response also says `nosniff`, a referrer policy and, outside
//! development, HSTS. A handler that sets one of these headers itself keeps its own.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of HTML pages.
pub const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// The policy of everything that is not a page.
pub const NOTHING_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// Two years, the preload list's minimum being one.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The layer's state: whether HSTS is sent (not in development, which runs on plain http).
#[derive(Debug, Clone, Copy)]
pub struct SecurityHeaders {
    pub hsts: bool,
}

/// The page policy, with inline scripts of these hashes (`'sha256-…'`) allowed as well.
pub fn page_policy_allowing(script_hashes: &[String]) -> String {
    let allowed = script_hashes.join(" ");
    PAGE_POLICY.replacen(
        "script-src 'self';",
        &format!("script-src 'self' {allowed};"),
        1,
    )
}

/// Adds the headers to a response (whose content type says whether it is a page).
pub fn apply(headers: &mut HeaderMap, hsts: bool) {
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let policy = if is_page {
        PAGE_POLICY.to_owned()
    } else {
        NOTHING_POLICY.to_owned()
    };
    let mut set = |name: HeaderName, value: &str| {
        if !headers.contains_key(&name)
            && let Ok(value) = HeaderValue::from_str(value)
        {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_SECURITY_POLICY, &policy);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    if hsts {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
}

/// The middleware.
pub async fn layer(
    axum::extract::State(config): axum::extract::State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    apply(response.headers_mut(), config.hsts);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_for(content_type: &str, hsts: bool) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        apply(&mut headers, hsts);
        headers
    }

    fn policy(headers: &HeaderMap) -> &str {
        headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap()
    }

    #[test]
    fn pages_run_only_their_own_scripts_and_nothing_else_runs_anything() {
        let page = headers_for("text/html; charset=utf-8", false);
        let csp = policy(&page);
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(!csp.contains("'unsafe-inline' ") && !csp.contains("script-src 'self' 'unsafe"));
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{csp}");
        }
        let json = headers_for("application/json", false);
        assert_eq!(policy(&json), NOTHING_POLICY);
        assert_eq!(json[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(!json.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }

    #[test]
    fn a_page_may_allow_inline_scripts_by_hash_only_and_production_sends_hsts() {
        let csp = page_policy_allowing(&["'sha256-abc='".into()]);
        assert!(csp.contains("script-src 'self' 'sha256-abc=';"), "{csp}");
        assert_eq!(csp.matches("script-src").count(), 1);
        let page = headers_for("text/html", true);
        assert!(
            page[header::STRICT_TRANSPORT_SECURITY]
                .to_str()
                .unwrap()
                .starts_with("max-age=")
        );
    }

    #[test]
    fn a_handler_keeps_the_policy_it_chose() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
        apply(&mut headers, false);
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], "sandbox");
    }
}
