//! What every service's pages share. Each service renders the pages of its own features;
//! this crate gives them one look and one behaviour: the layout in the spirit of the Italian
//! public-sector design system (bootstrap-italia, served from the binary), Italian and English
//! texts, the request's [`PageContext`], HTML error pages in place of problem documents, the
//! CSRF check of HTML forms, and the sign-in pages.

pub mod api_docs;
pub mod areas;
pub mod assets;
pub mod context;
pub mod errors;
pub mod forms;
pub mod lang;
pub mod layout;
pub mod offers;
pub mod sign_in;
pub mod territory_picker;
pub mod widgets;

pub use context::PageContext;
pub use errors::PageResult;
pub use lang::Lang;
pub use layout::Page;

use axum::Router;
use connessi_platform::Platform;

/// A service's page router with what every page router needs: form CSRF tokens moved where
/// the session check reads them, and problems answered as HTML pages.
pub fn page_layers(router: Router) -> Router {
    router
        .layer(axum::middleware::from_fn(errors::problems_as_pages))
        .layer(axum::middleware::from_fn(forms::csrf_field_to_header))
}

/// The pages and files every service serves: assets, sign-in, sign-out, language choice.
pub fn shared_pages(platform: Platform) -> Router {
    page_layers(sign_in::router(platform)).merge(assets::router())
}
