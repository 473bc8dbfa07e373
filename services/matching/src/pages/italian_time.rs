//! Times as the moderators' pages show and read them: Italian time (Europe/Rome from the tz
//! database), whatever the server's clock zone, in the form a `datetime-local` field holds.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Rome;
use connessi_web::Lang;

/// The Italian time of an instant.
fn italian(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Rome).naive_local()
}

/// A time as the datetime-local field holds it.
pub(super) fn field_time(at: DateTime<Utc>) -> String {
    italian(at).format("%Y-%m-%dT%H:%M").to_string()
}

/// What a datetime-local field sent (Italian time), as an instant. A time that happens twice
/// (the autumn hour) is its first; one that never happens (the spring hour) is none.
pub(super) fn parse_time(typed: &str) -> Option<DateTime<Utc>> {
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(typed.trim(), format).ok())?;
    Rome.from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// An instant as Italians read it, in Italian time.
pub(super) fn when(lang: Lang, at: DateTime<Utc>) -> String {
    let local = italian(at);
    format!("{} {}", lang.date(local.date()), local.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn italian_time_is_utc_plus_one_in_winter_and_plus_two_in_summer() {
        assert_eq!(
            parse_time("2027-01-15T12:00"),
            Some(utc("2027-01-15T11:00:00Z"))
        );
        assert_eq!(
            parse_time("2027-07-01T12:00:30"),
            Some(utc("2027-07-01T10:00:30Z"))
        );
        assert_eq!(field_time(utc("2027-07-01T10:00:00Z")), "2027-07-01T12:00");
        assert_eq!(parse_time("domani"), None);
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_last_sundays_of_march_and_october() {
        // 2027: Sunday 28 March and Sunday 31 October, at 01:00 UTC.
        assert_eq!(field_time(utc("2027-03-28T00:59:00Z")), "2027-03-28T01:59");
        assert_eq!(field_time(utc("2027-03-28T01:00:00Z")), "2027-03-28T03:00");
        assert_eq!(field_time(utc("2027-10-31T00:59:00Z")), "2027-10-31T02:59");
        assert_eq!(field_time(utc("2027-10-31T01:00:00Z")), "2027-10-31T02:00");
        assert_eq!(
            when(Lang::It, utc("2027-10-31T01:00:00Z")),
            "31/10/2027 02:00"
        );
    }
}
