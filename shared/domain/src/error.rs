//! The one table of error codes: every problem Connessi reports, with its HTTP status and the
//! stable snake_case name clients match on. Nothing else in the code base invents a status.

use serde::Serialize;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $status:literal, $name:literal, $title:literal; )*) => {
        /// A stable error code. Its `name` is part of the public API: never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $( $(#[$doc])* $variant, )* }

        impl ErrorCode {
            /// Every code, in table order (used to document the problem types).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The HTTP status answered with this code.
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// The stable snake_case name sent as `code` in problem documents.
            pub const fn name(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)* }
            }

            /// A short, human-readable summary that does not change from case to case.
            pub const fn title(self) -> &'static str {
                match self { $(ErrorCode::$variant => $title,)* }
            }

            /// Looks a code up by its public name.
            pub fn from_name(name: &str) -> Option<ErrorCode> {
                Self::ALL.iter().copied().find(|code| code.name() == name)
            }
        }
    };
}

error_codes! {
    MalformedJson => 400, "malformed_json", "The request body is not valid JSON";
    InvalidQueryParameter => 400, "invalid_query_parameter", "A query parameter is missing or malformed";
    InvalidPathParameter => 400, "invalid_path_parameter", "A path parameter is malformed";
    BadRequest => 400, "bad_request", "The request could not be understood";
    Unauthenticated => 401, "unauthenticated", "Sign-in is required";
    InvalidCredentials => 401, "invalid_credentials", "These credentials are not valid";
    Forbidden => 403, "forbidden", "You are not allowed to do this";
    DevSignInDisabled => 403, "dev_sign_in_disabled", "The development sign-in is disabled in this deployment";
    CsrfCheckFailed => 403, "csrf_check_failed", "The request did not carry this session's CSRF token";
    SignInFailed => 401, "sign_in_failed", "The sign-in could not be completed";
    UnknownSignInProvider => 404, "unknown_sign_in_provider", "No sign-in provider has this name";
    SignInProviderUnavailable => 502, "sign_in_provider_unavailable", "The sign-in provider could not be reached";
    EmailTaken => 409, "email_taken", "Another account uses this e-mail address";
    AlreadyMember => 409, "already_member", "The account already belongs to this organisation";
    LastOwner => 409, "last_owner", "An organisation must keep at least one owner";
    TooManyWaitingRequests => 409, "too_many_waiting_requests", "The shop already has the most requests waiting for an answer";
    OfferFull => 409, "offer_full", "Every place of the offer is taken";
    AlreadyRequested => 409, "already_requested", "The shop already has an open request for this offer";
    IdempotencyKeyReused => 422, "idempotency_key_reused", "The idempotency key was used for a different request";
    IdempotencyKeyRequired => 400, "idempotency_key_required", "The Idempotency-Key header is required";
    AccountBlocked => 403, "account_blocked", "This account was blocked by a moderator";
    ShopProfileRequired => 409, "shop_profile_required", "The shop has not written its profile yet";
    FollowUpAnswered => 409, "follow_up_answered", "This follow-up question was already answered";
    RoundAlreadyOpen => 409, "round_already_open", "The round has opened and can no longer be changed";
    RoundNotOpen => 409, "round_not_open", "The round is not taking applications now";
    RoundNotClosed => 409, "round_not_closed", "The round's application window has not closed yet";
    RoundAlreadyPublished => 409, "round_already_published", "The round's results are already published";
    RoundNotPublished => 409, "round_not_published", "The round's results are not published yet";
    NotEligible => 409, "not_eligible", "The shop is not eligible for this round or offer";
    TooManyChoices => 422, "too_many_choices", "An application lists at most five offers";
    EditWindowPassed => 409, "edit_window_passed", "A message can be changed only in the first minutes after it was posted";
    NotAuthor => 403, "not_author", "Only the author of a message can change it";
    MessageDeleted => 409, "message_deleted", "The message was deleted";
    InvitationUnavailable => 410, "invitation_unavailable", "The invitation was used, revoked or has expired";
    UnknownEmbedKey => 403, "unknown_embed_key", "No widget embed has this key";
    EmbedNotApproved => 403, "embed_not_approved", "The widget embed is not approved by the moderators (yet)";
    EmbedOriginNotAllowed => 403, "embed_origin_not_allowed", "The widget embed is not registered for this site";
    NotFound => 404, "not_found", "Nothing was found here";
    MethodNotAllowed => 405, "method_not_allowed", "This method is not allowed on this resource";
    RequestTimeout => 408, "request_timeout", "The request took too long";
    InvalidTransition => 409, "invalid_transition", "This change of state is not allowed";
    UnderReview => 409, "under_review", "The offer is under review and cannot be changed now";
    PartitaIvaTaken => 409, "partita_iva_taken", "A provider with this Partita IVA already exists";
    Conflict => 409, "conflict", "The request conflicts with the current state";
    PayloadTooLarge => 413, "payload_too_large", "The request body is too large";
    UnsupportedMediaType => 415, "unsupported_media_type", "The request body must be application/json";
    InvalidRequestBody => 422, "invalid_request_body", "The request body does not have the expected shape";
    ValidationFailed => 422, "validation_failed", "Some fields are not valid";
    Required => 422, "required", "A required field is missing or empty";
    InvalidLength => 422, "invalid_length", "A field is too short or too long";
    InvalidValue => 422, "invalid_value", "A field has a value that is not allowed";
    InvalidPartitaIva => 422, "invalid_partita_iva", "The Partita IVA is not valid";
    InvalidEmail => 422, "invalid_email", "The e-mail address is not valid";
    InvalidUrl => 422, "invalid_url", "The URL is not valid";
    InvalidOrigin => 422, "invalid_origin", "A site origin must be a scheme and host, like https://www.comune.example.it";
    UnknownCategory => 422, "unknown_category", "The category is not in the vocabulary";
    UnknownSector => 422, "unknown_sector", "The business sector is not in the vocabulary";
    UnknownTerritory => 422, "unknown_territory", "The ISTAT code does not name a region, province or comune";
    UnknownLanguage => 422, "unknown_language", "The language is not supported";
    ReasonRequired => 422, "reason_required", "A reason is required for this decision";
    AcceptanceCriteriaNotMet => 422, "acceptance_criteria_not_met", "The offer does not meet the published acceptance criteria";
    IncompleteOffer => 422, "incomplete_offer", "The offer is not complete enough to be submitted";
    RateLimited => 429, "rate_limited", "Too many requests";
    Internal => 500, "internal_error", "Something went wrong on our side";
    ServiceUnavailable => 503, "service_unavailable", "The service is temporarily unavailable";
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One problem with one field of a request, reported together with the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Path of the field in the request, e.g. `content.territory.comuni[2]`.
    pub field: String,
    /// Stable code from the error table.
    #[schema(value_type = String)]
    pub code: ErrorCode,
    /// Human-readable explanation.
    pub message: String,
}

/// Everything wrong with an input, collected so the client can fix it all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn add(&mut self, field: impl Into<String>, code: ErrorCode, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was added.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The code that stands for the whole set: the shared code when every error has the same
    /// one, `validation_failed` otherwise.
    pub fn summary_code(&self) -> ErrorCode {
        match self.0.first() {
            Some(first) if self.0.iter().all(|e| e.code == first.code) => first.code,
            _ => ErrorCode::ValidationFailed,
        }
    }

    /// Prefixes every field path, for errors of a nested object.
    pub fn nest(mut self, prefix: &str) -> Self {
        for error in &mut self.0 {
            error.field = format!("{prefix}.{}", error.field);
        }
        self
    }
}

/// A rule of the domain was broken: the answer names a code and explains.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?}: {detail}")]
pub struct DomainError {
    pub code: ErrorCode,
    pub detail: String,
}

impl DomainError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_unique_snake_case_and_found_again() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.name()), "duplicate name {}", code.name());
            assert!(
                code.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert_eq!(ErrorCode::from_name(code.name()), Some(*code));
            assert!((400..600).contains(&code.status()));
        }
    }

    #[test]
    fn a_set_of_one_kind_of_error_is_summarised_by_that_kind() {
        let mut errors = ValidationErrors::default();
        errors.add("a", ErrorCode::UnknownTerritory, "x");
        errors.add("b", ErrorCode::UnknownTerritory, "y");
        assert_eq!(errors.summary_code(), ErrorCode::UnknownTerritory);
        errors.add("c", ErrorCode::Required, "z");
        assert_eq!(errors.summary_code(), ErrorCode::ValidationFailed);
    }
}
