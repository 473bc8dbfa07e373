//! Italian by default, English on request. A page's language comes from `?lang=` (so a shared
//! link keeps it), else the `connessi_lang` cookie set by the language switch, else the
//! browser's `Accept-Language`, else Italian. Texts sit in pairs where they are used, so no
//! sentence lives far from its translation.

use axum::http::HeaderMap;
use connessi_domain::vocab::Term;

/// The cookie the language switch sets.
pub const COOKIE: &str = "connessi_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::It => "Italiano",
            Lang::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text in this language, of a pair given Italian first.
    pub fn t<'a>(self, it: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::It => it,
            Lang::En => en,
        }
    }

    /// A vocabulary term's label in this language.
    pub fn term(self, term: &Term) -> &'static str {
        match self {
            Lang::It => term.label_it,
            Lang::En => term.label_en,
        }
    }

    /// The language of a request: query, then cookie, then `Accept-Language`.
    pub fn of_request(query: Option<&str>, headers: &HeaderMap) -> Lang {
        let from_query = query.and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(key, _)| key == "lang")
                .and_then(|(_, value)| Lang::from_code(&value))
        });
        from_query
            .or_else(|| {
                connessi_platform::sessions::cookie_value(headers, COOKIE).and_then(Lang::from_code)
            })
            .or_else(|| from_accept_language(headers))
            .unwrap_or_default()
    }

    /// Formats a date the way the language writes it.
    pub fn date(self, date: chrono::NaiveDate) -> String {
        match self {
            Lang::It => date.format("%d/%m/%Y").to_string(),
            Lang::En => date.format("%-d %b %Y").to_string(),
        }
    }
}

/// The first supported language the browser lists (weights are in preference order in
/// practice, so the order is enough).
fn from_accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()?;
    value
        .split(',')
        .filter_map(|part| part.split(';').next())
        .filter_map(|tag| tag.trim().split('-').next())
        .find_map(Lang::from_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_query_wins_over_the_cookie_and_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "accept-language",
            HeaderValue::from_static("en-GB,en;q=0.8"),
        );
        headers.insert("cookie", HeaderValue::from_static("connessi_lang=it"));
        assert_eq!(Lang::of_request(Some("q=x&lang=en"), &headers), Lang::En);
        assert_eq!(Lang::of_request(None, &headers), Lang::It);
        headers.remove("cookie");
        assert_eq!(Lang::of_request(Some("lang=xx"), &headers), Lang::En);
    }

    #[test]
    fn italian_is_the_default_when_nothing_supported_is_asked_for() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of_request(None, &headers), Lang::It);
        headers.insert(
            "accept-language",
            HeaderValue::from_static("de-DE,fr;q=0.5"),
        );
        assert_eq!(Lang::of_request(None, &headers), Lang::It);
    }
}
