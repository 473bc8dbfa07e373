//! The one table of error codes: every problem Connessi reports, with its HTTP status, the
//! stable snake_case name clients match on, and its title in English and in Italian (pages). Nothing else in the code base invents a status.

use serde::Serialize;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $status:literal, $name:literal, $title:literal, $title_it:literal; )*) => {
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

            /// [`Self::title`] in Italian, for the pages.
            pub const fn title_it(self) -> &'static str {
                match self { $(ErrorCode::$variant => $title_it,)* }
            }

            /// Looks a code up by its public name.
            pub fn from_name(name: &str) -> Option<ErrorCode> {
                Self::ALL.iter().copied().find(|code| code.name() == name)
            }
        }
    };
}

error_codes! {
    MalformedJson => 400, "malformed_json", "The request body is not valid JSON", "Il corpo della richiesta non è JSON valido";
    InvalidQueryParameter => 400, "invalid_query_parameter", "A query parameter is missing or malformed", "Un parametro dell'indirizzo manca o non è valido";
    InvalidPathParameter => 400, "invalid_path_parameter", "A path parameter is malformed", "Un parametro del percorso non è valido";
    BadRequest => 400, "bad_request", "The request could not be understood", "La richiesta non è comprensibile";
    Unauthenticated => 401, "unauthenticated", "Sign-in is required", "Serve l'accesso";
    InvalidCredentials => 401, "invalid_credentials", "These credentials are not valid", "Queste credenziali non sono valide";
    Forbidden => 403, "forbidden", "You are not allowed to do this", "Non puoi farlo";
    DevSignInDisabled => 403, "dev_sign_in_disabled", "The development sign-in is disabled in this deployment", "L'accesso di sviluppo è disattivato in questa installazione";
    CsrfCheckFailed => 403, "csrf_check_failed", "The request did not carry this session's CSRF token", "Il modulo è scaduto: ricarica la pagina e riprova";
    SignInFailed => 401, "sign_in_failed", "The sign-in could not be completed", "Non è stato possibile completare l'accesso";
    UnknownSignInProvider => 404, "unknown_sign_in_provider", "No sign-in provider has this name", "Nessun servizio di accesso ha questo nome";
    SignInProviderUnavailable => 502, "sign_in_provider_unavailable", "The sign-in provider could not be reached", "Il servizio di accesso non risponde";
    EmailTaken => 409, "email_taken", "Another account uses this e-mail address", "Un altro account usa questo indirizzo e-mail";
    AlreadyMember => 409, "already_member", "The account already belongs to this organisation", "L'account fa già parte di questa organizzazione";
    LastOwner => 409, "last_owner", "An organisation must keep at least one owner", "Un'organizzazione deve avere almeno un titolare";
    TooManyWaitingRequests => 409, "too_many_waiting_requests", "The shop already has the most requests waiting for an answer", "L'attività ha già il massimo di richieste in attesa di risposta";
    OfferFull => 409, "offer_full", "Every place of the offer is taken", "Tutti i posti dell'offerta sono presi";
    AlreadyRequested => 409, "already_requested", "The shop already has an open request for this offer", "L'attività ha già una richiesta aperta per questa offerta";
    IdempotencyKeyReused => 422, "idempotency_key_reused", "The idempotency key was used for a different request", "La chiave di idempotenza è stata usata per un'altra richiesta";
    IdempotencyKeyRequired => 400, "idempotency_key_required", "The Idempotency-Key header is required", "Serve l'intestazione Idempotency-Key";
    AccountBlocked => 403, "account_blocked", "This account was blocked by a moderator", "Questo account è stato bloccato dalla moderazione";
    ShopProfileRequired => 409, "shop_profile_required", "The shop has not written its profile yet", "L'attività non ha ancora compilato il profilo";
    FollowUpAnswered => 409, "follow_up_answered", "This follow-up question was already answered", "A questa domanda è già stata data risposta";
    RoundAlreadyOpen => 409, "round_already_open", "The round has opened and can no longer be changed", "Il turno è aperto e non si può più modificare";
    RoundNotOpen => 409, "round_not_open", "The round is not taking applications now", "Il turno non accetta domande in questo momento";
    RoundNotClosed => 409, "round_not_closed", "The round's application window has not closed yet", "Il periodo delle domande del turno non è ancora chiuso";
    RoundAlreadyPublished => 409, "round_already_published", "The round's results are already published", "Gli esiti del turno sono già pubblicati";
    RoundNotPublished => 409, "round_not_published", "The round's results are not published yet", "Gli esiti del turno non sono ancora pubblicati";
    NotEligible => 409, "not_eligible", "The shop is not eligible for this round or offer", "L'attività non può partecipare a questo turno o a questa offerta";
    TooManyChoices => 422, "too_many_choices", "An application lists at most five offers", "Una domanda indica al massimo cinque offerte";
    EditWindowPassed => 409, "edit_window_passed", "A message can be changed only in the first minutes after it was posted", "Un messaggio si può modificare solo nei primi minuti dopo l'invio";
    NotAuthor => 403, "not_author", "Only the author of a message can change it", "Solo chi ha scritto il messaggio può modificarlo";
    MessageDeleted => 409, "message_deleted", "The message was deleted", "Il messaggio è stato eliminato";
    InvitationUnavailable => 410, "invitation_unavailable", "The invitation was used, revoked or has expired", "L'invito è stato usato, revocato o è scaduto";
    UnknownEmbedKey => 403, "unknown_embed_key", "No widget embed has this key", "Nessun widget ha questa chiave";
    EmbedNotApproved => 403, "embed_not_approved", "The widget embed is not approved by the moderators (yet)", "Il widget non è (ancora) approvato dalla moderazione";
    EmbedOriginNotAllowed => 403, "embed_origin_not_allowed", "The widget embed is not registered for this site", "Il widget non è registrato per questo sito";
    NotFound => 404, "not_found", "Nothing was found here", "Qui non c'è nulla";
    MethodNotAllowed => 405, "method_not_allowed", "This method is not allowed on this resource", "Questo metodo non è ammesso qui";
    RequestTimeout => 408, "request_timeout", "The request took too long", "La richiesta ha impiegato troppo tempo";
    InvalidTransition => 409, "invalid_transition", "This change of state is not allowed", "Questo cambio di stato non è ammesso";
    UnderReview => 409, "under_review", "The offer is under review and cannot be changed now", "L'offerta è in esame e ora non si può modificare";
    PartitaIvaTaken => 409, "partita_iva_taken", "A provider with this Partita IVA already exists", "Esiste già un fornitore con questa Partita IVA";
    Conflict => 409, "conflict", "The request conflicts with the current state", "La richiesta è in conflitto con lo stato attuale";
    PayloadTooLarge => 413, "payload_too_large", "The request body is too large", "Il contenuto inviato è troppo grande";
    UnsupportedMediaType => 415, "unsupported_media_type", "The request body must be application/json", "Il formato del contenuto inviato non è accettato";
    InvalidRequestBody => 422, "invalid_request_body", "The request body does not have the expected shape", "Il contenuto inviato non ha la forma attesa";
    ValidationFailed => 422, "validation_failed", "Some fields are not valid", "Alcuni campi non sono validi";
    Required => 422, "required", "A required field is missing or empty", "Campo obbligatorio";
    InvalidLength => 422, "invalid_length", "A field is too short or too long", "Troppo corto o troppo lungo";
    InvalidValue => 422, "invalid_value", "A field has a value that is not allowed", "Valore non ammesso";
    InvalidPartitaIva => 422, "invalid_partita_iva", "The Partita IVA is not valid", "La Partita IVA non è valida";
    InvalidEmail => 422, "invalid_email", "The e-mail address is not valid", "L'indirizzo e-mail non è valido";
    InvalidUrl => 422, "invalid_url", "The URL is not valid", "L'indirizzo web non è valido";
    InvalidOrigin => 422, "invalid_origin", "A site origin must be a scheme and host, like https://www.comune.example.it", "L'origine di un sito è schema e dominio, come https://www.comune.example.it";
    UnknownCategory => 422, "unknown_category", "The category is not in the vocabulary", "La categoria non è nel vocabolario";
    UnknownSector => 422, "unknown_sector", "The business sector is not in the vocabulary", "Il settore non è nel vocabolario";
    UnknownTerritory => 422, "unknown_territory", "The ISTAT code does not name a region, province or comune", "Il codice ISTAT non indica una regione, una provincia o un comune";
    UnknownLanguage => 422, "unknown_language", "The language is not supported", "La lingua non è tra quelle previste";
    ReasonRequired => 422, "reason_required", "A reason is required for this decision", "Per questa decisione serve un motivo";
    AcceptanceCriteriaNotMet => 422, "acceptance_criteria_not_met", "The offer does not meet the published acceptance criteria", "L'offerta non rispetta i criteri di ammissione pubblicati";
    IncompleteOffer => 422, "incomplete_offer", "The offer is not complete enough to be submitted", "L'offerta non è abbastanza completa per essere inviata";
    RateLimited => 429, "rate_limited", "Too many requests", "Troppe richieste";
    Internal => 500, "internal_error", "Something went wrong on our side", "Qualcosa non ha funzionato da parte nostra";
    ServiceUnavailable => 503, "service_unavailable", "The service is temporarily unavailable", "Il servizio non è disponibile per qualche istante";
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
    fn every_code_has_an_italian_title_of_its_own() {
        for code in ErrorCode::ALL {
            assert!(!code.title_it().is_empty(), "{}", code.name());
            assert_ne!(
                code.title_it(),
                code.title(),
                "{} is not translated",
                code.name()
            );
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
