//! HTTP handlers of the matching service. Who may call each is declared in
//! [`crate::access`]; the handlers only do the work.

mod profiles;

use crate::MatchingState;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<MatchingState> {
    OpenApiRouter::new()
        .routes(routes!(profiles::get_profile, profiles::save_profile))
        .routes(routes!(profiles::profiles_to_verify))
        .routes(routes!(profiles::verify_priority))
}
