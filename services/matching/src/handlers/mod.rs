//! HTTP handlers of the matching service. Who may call each is declared in
//! [`crate::access`]; the handlers only do the work.

mod followups;
mod profiles;
mod recommendations;
mod requests;
mod rounds;

use crate::MatchingState;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<MatchingState> {
    OpenApiRouter::new()
        .routes(routes!(profiles::get_profile, profiles::save_profile))
        .routes(routes!(profiles::profiles_to_verify))
        .routes(routes!(profiles::verify_priority))
        .routes(routes!(rounds::create_round, rounds::moderation_rounds))
        .routes(routes!(rounds::moderation_round, rounds::update_round))
        .routes(routes!(rounds::dry_run))
        .routes(routes!(rounds::publish_round))
        .routes(routes!(rounds::round_results))
        .routes(routes!(rounds::public_rounds))
        .routes(routes!(rounds::public_round))
        .routes(routes!(
            rounds::save_application,
            rounds::get_application,
            rounds::withdraw_application
        ))
        .routes(routes!(rounds::shop_result))
        .routes(routes!(requests::create_request, requests::shop_requests))
        .routes(routes!(requests::provider_requests))
        .routes(routes!(requests::withdraw_request))
        .routes(routes!(requests::answer_request))
        .routes(routes!(requests::overdue_requests))
        .routes(routes!(requests::provider_figures))
        .routes(routes!(requests::all_figures))
        .routes(routes!(followups::shop_follow_ups))
        .routes(routes!(followups::answer_follow_up))
        .routes(routes!(recommendations::recommendations))
}
