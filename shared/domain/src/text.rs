//! Checks on free text, e-mail addresses and URLs shared by every input of the domain.

use crate::error::{ErrorCode, ValidationErrors};

/// Trimmed length in characters between `min` and `max`; `min > 0` also means required.
pub fn check_len(value: &str, min: usize, max: usize, field: &str, errors: &mut ValidationErrors) {
    let len = value.trim().chars().count();
    if min > 0 && len == 0 {
        errors.add(field, ErrorCode::Required, "must not be empty");
    } else if len < min || len > max {
        errors.add(
            field,
            ErrorCode::InvalidLength,
            format!("must be between {min} and {max} characters (is {len})"),
        );
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(
            field,
            ErrorCode::InvalidValue,
            "must not contain control characters",
        );
    }
}

/// Like [`check_len`] for an optional text; `None` and blank are both fine.
pub fn check_optional_len(
    value: Option<&str>,
    min: usize,
    max: usize,
    field: &str,
    errors: &mut ValidationErrors,
) {
    if let Some(text) = value.filter(|t| !t.trim().is_empty()) {
        check_len(text, min, max, field, errors);
    }
}

/// A plausible e-mail address: one `@`, a dotted domain, no spaces, at most 254 characters.
pub fn check_email(value: &str, field: &str, errors: &mut ValidationErrors) {
    let plausible = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(value.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.contains('@') && domain.contains('.')
                && !domain.starts_with('.') && !domain.ends_with('.'));
    if !plausible {
        errors.add(
            field,
            ErrorCode::InvalidEmail,
            "is not a valid e-mail address",
        );
    }
}

/// An absolute `https://` (or `http://`) URL with a host, at most 2,000 characters.
pub fn check_url(value: &str, field: &str, errors: &mut ValidationErrors) {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let plausible = value.len() <= 2000
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        && matches!(rest, Some(rest) if {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !host.contains('@')
        });
    if !plausible {
        errors.add(
            field,
            ErrorCode::InvalidUrl,
            "must be an absolute http(s) URL",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(check: impl Fn(&mut ValidationErrors)) -> Vec<ErrorCode> {
        let mut errors = ValidationErrors::default();
        check(&mut errors);
        errors.0.into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn urls_must_be_absolute_http_with_a_host() {
        assert!(codes(|e| check_url("https://bottega.example/logo.png", "u", e)).is_empty());
        for bad in [
            "javascript:alert(1)",
            "https://",
            "ftp://x.example",
            "https://a b.example",
            "//x.example",
        ] {
            assert_eq!(
                codes(|e| check_url(bad, "u", e)),
                [ErrorCode::InvalidUrl],
                "{bad}"
            );
        }
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(codes(|e| check_email("partner@bottega.example", "e", e)).is_empty());
        for bad in [
            "partner",
            "@bottega.example",
            "a@b",
            "a b@c.example",
            "a@@c.example",
        ] {
            assert_eq!(
                codes(|e| check_email(bad, "e", e)),
                [ErrorCode::InvalidEmail],
                "{bad}"
            );
        }
    }

    #[test]
    fn blank_required_text_is_reported_as_missing_not_as_short() {
        assert_eq!(
            codes(|e| check_len("   ", 5, 10, "t", e)),
            [ErrorCode::Required]
        );
        assert_eq!(
            codes(|e| check_len("abc", 5, 10, "t", e)),
            [ErrorCode::InvalidLength]
        );
        assert_eq!(
            codes(|e| check_len("abc\u{0}de", 1, 10, "t", e)),
            [ErrorCode::InvalidValue]
        );
    }
}
