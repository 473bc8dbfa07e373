//! HTTP handlers of the matching service. Who may call each is declared in
//! [`crate::access`]; the handlers only do the work.

mod profiles;
mod requests;

use crate::MatchingState;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<MatchingState> {
    OpenApiRouter::new()
        .routes(routes!(profiles::get_profile, profiles::save_profile))
        .routes(routes!(profiles::profiles_to_verify))
        .routes(routes!(profiles::verify_priority))
        .routes(routes!(requests::create_request, requests::shop_requests))
        .routes(routes!(requests::provider_requests))
        .routes(routes!(requests::withdraw_request))
        .routes(routes!(requests::answer_request))
        .routes(routes!(requests::overdue_requests))
        .routes(routes!(requests::provider_figures))
        .routes(routes!(requests::all_figures))
}
