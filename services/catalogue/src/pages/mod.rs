//! The catalogue's pages: the search home, the offer page, the side-by-side comparison and
//! the published criteria. They read what the API reads, as the same actor, and share the
//! layout of `connessi-web`.

mod compare;
mod criteria;
mod offer;
mod query;
mod results;
mod search;

use crate::CatalogueState;
use axum::Router;
use axum::http::Method;
use axum::routing::get;
use connessi_platform::access::{Access, AccessTable};

/// Who may open each catalogue page.
pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (Method::GET, "/", Public),
        (Method::GET, "/offers/{id}", Public),
        (Method::GET, "/compare", Public),
        (Method::GET, "/criteria", Public),
    ])
}

/// The pages with their access layer and the shared page layers.
pub fn router(state: CatalogueState) -> Router {
    let router = Router::new()
        .route("/", get(search::page))
        .route("/offers/{id}", get(offer::page))
        .route("/compare", get(compare::page))
        .route("/criteria", get(criteria::page))
        .route_layer(axum::middleware::from_fn_with_state(
            (state.platform.clone(), table()),
            AccessTable::enforce,
        ))
        .with_state(state);
    connessi_web::page_layers(router)
}
