//! Layered configuration: the embedded `config/default.toml`, then the optional file named by
//! `CONNESSI_CONFIG`, then `CONNESSI_…` environment variables; validated once at start so a
//! bad value stops the process with a message that names it.

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

const DEFAULTS: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Every setting of a Connessi process. `Debug` never shows a secret.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub profile: Profile,
    pub listen: SocketAddr,
    /// Where people reach this deployment, e.g. `https://connessi.example`: sign-in callbacks
    /// and links in e-mails are made from it.
    pub public_url: String,
    pub data_dir: PathBuf,
    #[serde(default)]
    pub database_url: Option<SecretString>,
    pub dev_sign_in: bool,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub http: HttpSettings,
    pub sessions: SessionSettings,
    pub catalogue: CatalogueSettings,
    pub search: SearchSettings,
    pub oidc: OidcSettings,
    pub invitations: InvitationSettings,
    pub onboarding: OnboardingSettings,
    pub messaging: MessagingSettings,
    pub email: EmailSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    /// `smtp://host:port` (plain, a relay on loopback), `smtp://host?tls=required`
    /// (STARTTLS) or `smtps://host` (TLS), with `user:password@` when the server wants them.
    /// Absent: no e-mail goes out and notifications stay in the app.
    #[serde(default)]
    pub smtp_url: Option<SecretString>,
    /// The sender, e.g. `Connessi <noreply@connessi.example>`.
    pub from: String,
    /// How often the queue is looked at when nothing wakes the sender.
    pub poll_interval_ms: u64,
    /// The pause after a first failed attempt; it doubles with each further one (up to an hour).
    pub retry_base_ms: u64,
    /// Attempts before an e-mail is given up on (recorded, never silently dropped).
    pub max_attempts: u32,
    /// The hour (UTC) daily digests go out.
    pub digest_hour_utc: u32,
}

impl EmailSettings {
    /// Whether e-mail is configured at all.
    pub fn enabled(&self) -> bool {
        self.smtp_url.is_some()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagingSettings {
    /// How long a user's live events are kept for resuming a stream with `Last-Event-ID`.
    pub live_retention_hours: u64,
    /// An event stream ends after this long, so the client reconnects (and is checked again).
    pub stream_max_minutes: u64,
    /// A comment is sent on an idle stream this often, so proxies keep it open.
    pub keepalive_secs: u64,
    /// Events queued for one slow stream before it is told to catch up from the database.
    pub stream_buffer: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingSettings {
    /// Days after which a provider is reminded of a request it has not answered.
    pub reminder_days: Vec<u32>,
    /// Days after which moderators see an unanswered request as overdue.
    pub overdue_after_days: u32,
    /// Days after which an unanswered request expires.
    pub expire_after_days: u32,
    /// How often unanswered requests are looked at.
    pub sweep_interval_secs: u64,
    /// Days before the end of an accepted offer's free period the shop is reminded of it.
    pub free_period_reminder_days: u32,
    /// Days after completion the shop is asked how the onboarding went.
    pub follow_up_days: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationSettings {
    /// How long an invitation link can be used.
    pub ttl_hours: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub max_connections: u32,
    pub acquire_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSettings {
    /// Absolute lifetime of a session.
    pub ttl_hours: u64,
    /// A session unused for longer than this ends.
    pub idle_minutes: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcSettings {
    /// How long a begun sign-in may take before its callback is refused.
    pub login_timeout_minutes: u64,
    /// The OpenID Connect providers people may sign in with.
    pub providers: Vec<OidcProviderSettings>,
}

/// One OpenID Connect provider: an SPID/CIE gateway, Keycloak, or any standard one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcProviderSettings {
    /// Short name used in URLs (`/auth/{name}/login`): lower-case letters, digits and `-`.
    pub name: String,
    /// What the sign-in button says.
    pub label: String,
    /// The issuer; its `/.well-known/openid-configuration` is read at the first sign-in.
    pub issuer_url: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<SecretString>,
    /// Scopes asked for besides `openid`.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
}

fn default_scopes() -> Vec<String> {
    vec!["email".into(), "profile".into()]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueSettings {
    pub expiry_interval_secs: u64,
    pub page_size_max: u64,
    /// How often saved searches are run for their alerts.
    pub saved_search_interval_secs: u64,
    /// Searches each widget embed (public key) may make per minute.
    pub widget_requests_per_minute: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// Where the embedded index keeps its generations; `<data_dir>/search` when unset.
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// How often the indexer looks for new outbox events when it has nothing to do.
    pub poll_interval_ms: u64,
    /// Groups of equivalent words or phrases for search queries.
    pub synonyms: Vec<Vec<String>>,
    /// A Meilisearch server to search with instead of the embedded index
    /// (`CONNESSI_SEARCH_URL`).
    #[serde(default)]
    pub url: Option<String>,
    /// Its master key or an admin key (`CONNESSI_SEARCH_KEY`): used to manage the index and
    /// write documents, never to search.
    #[serde(default)]
    pub api_key: Option<SecretString>,
    /// The Meilisearch index of offers; rebuilds swap a fresh one in under this name.
    pub index: String,
    /// How long to wait for one Meilisearch task before the attempt counts as failed.
    pub task_timeout_secs: u64,
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// Loads defaults, the file named by `CONNESSI_CONFIG` (if any) and the environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let file = std::env::var_os("CONNESSI_CONFIG").map(PathBuf::from);
        Self::load_from(file.as_deref(), Self::environment())
    }

    /// The `CONNESSI_…` environment variables, nested keys joined by `__`. `CONNESSI_CONFIG`
    /// names the file and `CONNESSI_TEST_…` variables belong to the test suite: neither is a
    /// setting.
    pub fn environment() -> Env {
        Env::prefixed("CONNESSI_")
            .split("__")
            .ignore(&["config"])
            .filter(|key| !key.as_str().to_ascii_lowercase().starts_with("test_"))
            // The two names the deployment guides use, beside the nested `SEARCH__…` ones.
            .map(|key| match key.as_str().to_ascii_lowercase().as_str() {
                "search_url" => "search.url".into(),
                "search_key" => "search.api_key".into(),
                _ => key.into(),
            })
    }

    /// Like [`Settings::load`] with an explicit file and environment provider (for tests).
    pub fn load_from(file: Option<&Path>, env: Env) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::MissingFile(path.to_owned()));
            }
            figment = figment.merge(Toml::file(path));
        }
        let settings: Settings = figment.merge(env).extract().map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: &str| Err(ConfigError::Invalid(message.to_owned()));
        if self.profile == Profile::Production && self.dev_sign_in {
            return invalid("dev_sign_in cannot be enabled with profile = \"production\"");
        }
        if !(1_024..=104_857_600).contains(&self.http.body_limit_bytes) {
            return invalid("http.body_limit_bytes must be between 1 KiB and 100 MiB");
        }
        if !(1..=600).contains(&self.http.request_timeout_secs) {
            return invalid("http.request_timeout_secs must be between 1 and 600");
        }
        if !(1..=1_000).contains(&self.database.max_connections) {
            return invalid("database.max_connections must be between 1 and 1000");
        }
        if !(1..=720).contains(&self.sessions.ttl_hours) {
            return invalid("sessions.ttl_hours must be between 1 and 720");
        }
        if !(5..=43_200).contains(&self.sessions.idle_minutes) {
            return invalid("sessions.idle_minutes must be between 5 and 43200");
        }
        if !(1..=720).contains(&self.invitations.ttl_hours) {
            return invalid("invitations.ttl_hours must be between 1 and 720");
        }
        let onboarding = &self.onboarding;
        let days_ok = onboarding
            .reminder_days
            .iter()
            .all(|d| *d >= 1 && *d < onboarding.expire_after_days)
            && (1..=365).contains(&onboarding.expire_after_days)
            && (1..=onboarding.expire_after_days).contains(&onboarding.overdue_after_days)
            && onboarding.reminder_days.len() <= 10
            && (10..=86_400).contains(&onboarding.sweep_interval_secs)
            && (1..=90).contains(&onboarding.free_period_reminder_days)
            && onboarding.follow_up_days.len() <= 5
            && onboarding
                .follow_up_days
                .iter()
                .all(|d| (1..=730).contains(d));
        if !days_ok {
            return invalid(
                "onboarding: reminder_days and overdue_after_days must come before expire_after_days (1-365), sweep_interval_secs 10-86400, free_period_reminder_days 1-90, at most 5 follow_up_days of 1-730",
            );
        }
        let messaging = &self.messaging;
        if !((1..=2_160).contains(&messaging.live_retention_hours)
            && (1..=1_440).contains(&messaging.stream_max_minutes)
            && (1..=300).contains(&messaging.keepalive_secs)
            && (4..=4_096).contains(&messaging.stream_buffer))
        {
            return invalid(
                "messaging: live_retention_hours 1-2160, stream_max_minutes 1-1440, keepalive_secs 1-300, stream_buffer 4-4096",
            );
        }
        self.validate_email()?;
        self.validate_public_url()?;
        self.validate_oidc()?;
        if self.catalogue.expiry_interval_secs == 0
            || !(10..=1_000).contains(&self.catalogue.page_size_max)
            || !(1..=86_400).contains(&self.catalogue.saved_search_interval_secs)
            || !(1..=1_000_000).contains(&self.catalogue.widget_requests_per_minute)
        {
            return invalid(
                "catalogue.expiry_interval_secs must be positive, catalogue.page_size_max between 10 and 1000, catalogue.saved_search_interval_secs between 1 and 86400 and catalogue.widget_requests_per_minute between 1 and 1000000",
            );
        }
        if !(10..=60_000).contains(&self.search.poll_interval_ms) {
            return invalid("search.poll_interval_ms must be between 10 and 60000");
        }
        let bad_group = |group: &Vec<String>| {
            group.len() < 2 || group.iter().any(|w| w.trim().is_empty() || w.len() > 100)
        };
        if self.search.synonyms.len() > 500 || self.search.synonyms.iter().any(bad_group) {
            return invalid(
                "search.synonyms must be at most 500 groups of 2 or more non-empty words or phrases",
            );
        }
        if self
            .search
            .dir
            .as_ref()
            .is_some_and(|dir| dir.as_os_str().is_empty())
        {
            return invalid("search.dir must not be empty; leave it out for <data_dir>/search");
        }
        if let Err(message) = self.validate_meilisearch() {
            return invalid(&message);
        }
        if let Some(url) = &self.database_url {
            let url = url.expose_secret();
            if !(url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"))
            {
                return invalid(
                    "database_url must start with sqlite:, postgres:// or postgresql://",
                );
            }
        }
        Ok(())
    }

    fn validate_email(&self) -> Result<(), ConfigError> {
        let email = &self.email;
        let url_ok = email.smtp_url.as_ref().is_none_or(|url| {
            url::Url::parse(url.expose_secret())
                .is_ok_and(|u| matches!(u.scheme(), "smtp" | "smtps") && u.host().is_some())
        });
        let numbers_ok = (50..=60_000).contains(&email.poll_interval_ms)
            && (10..=3_600_000).contains(&email.retry_base_ms)
            && (1..=50).contains(&email.max_attempts)
            && email.digest_hour_utc < 24;
        if !url_ok || !numbers_ok || email.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid(
                "email: smtp_url must be smtp://host[:port] or smtps://host[:port], from a mailbox such as Connessi <noreply@connessi.example>, poll_interval_ms 50-60000, retry_base_ms 10-3600000, max_attempts 1-50, digest_hour_utc 0-23".into(),
            ));
        }
        Ok(())
    }

    fn validate_public_url(&self) -> Result<(), ConfigError> {
        let url = self.public_url.trim_end_matches('/');
        let ok = url::Url::parse(url).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.query().is_none()
        });
        if !ok {
            return Err(ConfigError::Invalid(
                "public_url must be an http(s) URL such as https://connessi.example".into(),
            ));
        }
        if self.profile == Profile::Production && !url.starts_with("https://") {
            return Err(ConfigError::Invalid(
                "public_url must use https with profile = \"production\"".into(),
            ));
        }
        Ok(())
    }

    fn validate_oidc(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| Err(ConfigError::Invalid(message));
        if !(1..=60).contains(&self.oidc.login_timeout_minutes) {
            return invalid("oidc.login_timeout_minutes must be between 1 and 60".into());
        }
        let mut names = std::collections::HashSet::new();
        for provider in &self.oidc.providers {
            let name = &provider.name;
            let good_name = (1..=40).contains(&name.len())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !good_name || !names.insert(name.clone()) {
                return invalid(format!(
                    "oidc.providers: name {name:?} must be unique, 1-40 lower-case letters, digits or '-'"
                ));
            }
            let issuer = url::Url::parse(&provider.issuer_url);
            let secure = issuer.as_ref().is_ok_and(|u| u.scheme() == "https");
            let local_http = issuer.as_ref().is_ok_and(|u| {
                u.scheme() == "http" && self.profile == Profile::Development && u.host().is_some()
            });
            if !(secure || local_http) {
                return invalid(format!(
                    "oidc.providers.{name}.issuer_url must be an https URL (http only with profile = \"development\")"
                ));
            }
            if provider.client_id.trim().is_empty() || provider.label.trim().is_empty() {
                return invalid(format!(
                    "oidc.providers.{name}: client_id and label must not be empty"
                ));
            }
        }
        Ok(())
    }

    /// The public URL without a trailing slash.
    pub fn public_base(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// The database to use: the configured URL, or a SQLite file in the data directory.
    pub fn database_url(&self) -> SecretString {
        match &self.database_url {
            Some(url) => url.clone(),
            None => {
                let path = self.data_dir.join("connessi.db");
                SecretString::from(format!("sqlite://{}?mode=rwc", path.display()))
            }
        }
    }

    fn validate_meilisearch(&self) -> Result<(), String> {
        let search = &self.search;
        let valid_index = !search.index.is_empty()
            && search.index.len() <= 200
            && search
                .index
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_index {
            return Err("search.index must be 1 to 200 letters, digits, - or _".into());
        }
        if !(1..=3600).contains(&search.task_timeout_secs) {
            return Err("search.task_timeout_secs must be between 1 and 3600".into());
        }
        let Some(url) = &search.url else {
            return Ok(());
        };
        if url::Url::parse(url).map_or(true, |u| !matches!(u.scheme(), "http" | "https")) {
            return Err("search.url must be an http:// or https:// address".into());
        }
        if search.api_key.is_none() {
            return Err(
                "search.api_key (CONNESSI_SEARCH_KEY) is required with search.url: the service manages its index"
                    .into(),
            );
        }
        Ok(())
    }

    /// Where the embedded search index lives: the configured directory, or `search` in the
    /// data directory.
    pub fn search_dir(&self) -> PathBuf {
        self.search
            .dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("search"))
    }

    /// Whether the development sign-in is offered.
    pub fn dev_sign_in_enabled(&self) -> bool {
        self.dev_sign_in && self.profile == Profile::Development
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment provider no test sets: the process environment is shared between tests.
    fn no_env() -> Env {
        Env::prefixed("CONNESSI_TEST_NEVER_SET_").split("__")
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's signature, not ours
    fn environment_variables_override_nested_keys() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("CONNESSI_LOG__FORMAT", "json");
            jail.set_env("CONNESSI_LISTEN", "127.0.0.1:0");
            jail.set_env("CONNESSI_TEST_POSTGRES_URL", "postgres://only-for-tests");
            let settings = Settings::load_from(None, Settings::environment()).unwrap();
            assert_eq!(settings.log.format, LogFormat::Json);
            assert_eq!(settings.listen.port(), 0);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's signature, not ours
    fn meilisearch_is_chosen_by_its_two_variables_and_its_key_never_shows() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("CONNESSI_SEARCH_URL", "http://meili.internal:7700");
            let error = Settings::load_from(None, Settings::environment()).unwrap_err();
            assert!(error.to_string().contains("search.api_key"), "{error}");
            jail.set_env("CONNESSI_SEARCH_KEY", "a-very-secret-admin-key");
            let settings = Settings::load_from(None, Settings::environment()).unwrap();
            assert_eq!(
                settings.search.url.as_deref(),
                Some("http://meili.internal:7700")
            );
            assert_eq!(
                settings.search.api_key.as_ref().unwrap().expose_secret(),
                "a-very-secret-admin-key"
            );
            assert!(!format!("{settings:?}").contains("a-very-secret"));
            jail.set_env("CONNESSI_SEARCH_URL", "ftp://meili.internal");
            let error = Settings::load_from(None, Settings::environment()).unwrap_err();
            assert!(error.to_string().contains("search.url"), "{error}");
            Ok(())
        });
    }

    #[test]
    fn the_embedded_defaults_are_valid_and_use_sqlite_in_the_data_directory() {
        let settings = Settings::load_from(None, no_env()).unwrap();
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert!(settings.dev_sign_in_enabled());
        assert!(
            settings
                .database_url()
                .expose_secret()
                .starts_with("sqlite://./data/connessi.db")
        );
        assert_eq!(settings.search_dir(), Path::new("./data/search"));
        assert_eq!(settings.search.poll_interval_ms, 200);
    }

    #[test]
    fn a_search_poll_interval_out_of_range_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search.toml");
        std::fs::write(&path, "[search]\npoll_interval_ms = 0\n").unwrap();
        let error = Settings::load_from(Some(&path), no_env()).unwrap_err();
        assert!(
            error.to_string().contains("search.poll_interval_ms"),
            "{error}"
        );
        std::fs::write(
            &path,
            "[search]\ndir = \"/srv/connessi/index\"\npoll_interval_ms = 500\n",
        )
        .unwrap();
        let settings = Settings::load_from(Some(&path), no_env()).unwrap();
        assert_eq!(settings.search_dir(), Path::new("/srv/connessi/index"));
    }

    #[test]
    fn a_file_overrides_the_defaults_and_a_bad_value_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("connessi.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:9000\"\n[http]\nbody_limit_bytes = 1\n",
        )
        .unwrap();
        let error = Settings::load_from(Some(&path), no_env()).unwrap_err();
        assert!(
            error.to_string().contains("http.body_limit_bytes"),
            "{error}"
        );
        std::fs::write(&path, "listen = \"not an address\"\n").unwrap();
        let error = Settings::load_from(Some(&path), no_env()).unwrap_err();
        assert!(error.to_string().contains("listen"), "{error}");
    }

    #[test]
    fn synonyms_come_from_configuration_and_a_group_of_one_is_refused() {
        let settings = Settings::load_from(None, no_env()).unwrap();
        assert!(
            settings
                .search
                .synonyms
                .iter()
                .any(|g| g.contains(&"pos".to_owned()))
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synonyms.toml");
        std::fs::write(&path, "[search]\nsynonyms = [[\"bici\", \"bicicletta\"]]\n").unwrap();
        let custom = Settings::load_from(Some(&path), no_env()).unwrap();
        assert_eq!(custom.search.synonyms, [["bici", "bicicletta"]]);
        std::fs::write(&path, "[search]\nsynonyms = [[\"solo\"]]\n").unwrap();
        let error = Settings::load_from(Some(&path), no_env()).unwrap_err();
        assert!(error.to_string().contains("search.synonyms"), "{error}");
    }

    #[test]
    fn production_refuses_the_development_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prod.toml");
        std::fs::write(&path, "profile = \"production\"\n").unwrap();
        let error = Settings::load_from(Some(&path), no_env()).unwrap_err();
        assert!(error.to_string().contains("dev_sign_in"), "{error}");
    }

    #[test]
    fn debug_output_never_shows_the_database_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.toml");
        std::fs::write(
            &path,
            "database_url = \"postgres://app:hunter2@db/connessi\"\n",
        )
        .unwrap();
        let settings = Settings::load_from(Some(&path), no_env()).unwrap();
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn a_missing_config_file_is_an_error_not_a_silent_default() {
        let error = Settings::load_from(Some(Path::new("/nonexistent/connessi.toml")), no_env())
            .unwrap_err();
        assert!(matches!(error, ConfigError::MissingFile(_)));
    }
}
