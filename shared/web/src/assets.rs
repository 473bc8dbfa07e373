//! The static files of every page, compiled into the binary so a fresh machine needs nothing
//! else: bootstrap-italia's stylesheet (BSD-3-Clause, from the npm package), the Titillium Web
//! font (OFL), and Connessi's own stylesheet and script. URLs carry a hash of the content, so
//! browsers may keep a file for a year and still get a changed one at once.

use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::OnceLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "bootstrap-italia.min.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/bootstrap-italia/bootstrap-italia.min.css"),
    },
    Asset {
        name: "connessi.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/connessi.css"),
    },
    Asset {
        name: "connessi.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/connessi.js"),
    },
    Asset {
        name: "titillium-web-400.woff2",
        content_type: "font/woff2",
        bytes: include_bytes!(
            "../assets/vendor/titillium-web/titillium-web-v10-latin-ext_latin-regular.woff2"
        ),
    },
    Asset {
        name: "titillium-web-600.woff2",
        content_type: "font/woff2",
        bytes: include_bytes!(
            "../assets/vendor/titillium-web/titillium-web-v10-latin-ext_latin-600.woff2"
        ),
    },
    Asset {
        name: "titillium-web-700.woff2",
        content_type: "font/woff2",
        bytes: include_bytes!(
            "../assets/vendor/titillium-web/titillium-web-v10-latin-ext_latin-700.woff2"
        ),
    },
];

/// `/assets/{name}`.
pub fn router() -> Router {
    Router::new().route("/assets/{name}", get(serve))
}

/// The URL of an asset, with its content hash.
pub fn url(name: &str) -> String {
    match find(name) {
        Some((index, _)) => format!("/assets/{name}?v={}", hashes()[index]),
        None => format!("/assets/{name}"),
    }
}

async fn serve(Path(name): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some((index, asset)) = find(&name) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let current = query.is_some_and(|q| q == format!("v={}", hashes()[index]));
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.bytes,
    )
        .into_response()
}

fn find(name: &str) -> Option<(usize, &'static Asset)> {
    ASSETS.iter().enumerate().find(|(_, a)| a.name == name)
}

/// FNV-1a of each asset: a cache key, not a security measure.
fn hashes() -> &'static [String] {
    static HASHES: OnceLock<Vec<String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let hash = asset.bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
                });
                format!("{:012x}", hash & 0xffff_ffff_ffff)
            })
            .collect()
    })
}
