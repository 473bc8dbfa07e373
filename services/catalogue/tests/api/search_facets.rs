//! Facet counts of the search equal counts computed in SQL over the `offer_facets` table for
//! published offers, with and without filters, and are disjunctive: a facet's own selection
//! does not narrow its counts, so the other values stay visible.

use crate::search::search;
use crate::support::{TestApp, offer_content, spawn_app};
use connessi_tests::{Backend, backend_tests};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::BTreeMap;

backend_tests! {
    facet_counts_equal_sql_over_offer_facets_and_are_disjunctive => facet_counts;
}

/// The facets compared; their names are also the parameters that filter them.
const FACETS: [&str; 6] = [
    "category",
    "sector",
    "delivery_mode",
    "format",
    "skill_level",
    "language",
];

#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Published,
    Draft,
    Withdrawn,
}

/// Offers by provider (0 or 1), title, fate, and values of [`FACETS`] separated by `|`.
const OFFERS: [(usize, &str, Fate, &str); 7] = [
    (
        0,
        "Cassa smart uno",
        Fate::Published,
        "digital_payments pos | retail | mixed | software_service | base | it",
    ),
    (
        0,
        "Negozio online due",
        Fate::Published,
        "ecommerce | retail food_hospitality | online | course | intermediate | it en",
    ),
    (
        1,
        "Agenda prenotazioni tre",
        Fate::Published,
        "pos booking | personal_services | online | webinar | base | it",
    ),
    (
        1,
        "Social per botteghe quattro",
        Fate::Published,
        "social_marketing | food_hospitality crafts | in_person | mentoring | advanced | en de",
    ),
    (
        1,
        "Consegne di quartiere cinque",
        Fate::Published,
        "delivery_logistics pos | retail | mixed | consulting | intermediate | it",
    ),
    (
        0,
        "Bozza sei",
        Fate::Draft,
        "pos ecommerce | tourism | in_person | course | advanced | fr",
    ),
    (
        1,
        "Ritirata sette",
        Fate::Withdrawn,
        "pos | agriculture | online | video_lessons | base | es",
    ),
];

/// The standard offer's content with the facet values of `spec`.
fn content(title: &str, spec: &str) -> Value {
    let values: Vec<Vec<&str>> = spec
        .split('|')
        .map(|v| v.split_whitespace().collect())
        .collect();
    let mut content = offer_content(title);
    content["categories"] = json!(values[0]);
    content["sectors"] = json!(values[1]);
    content["delivery_mode"] = json!(values[2][0]);
    content["format"] = json!(values[3][0]);
    content["skill_level"] = json!(values[4][0]);
    content["languages"] = json!(values[5]);
    content
}

async fn facet_counts(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let providers = [
        app.provider("prima", Some(&moderator)).await,
        app.provider("seconda", Some(&moderator)).await,
    ];
    for (provider, title, fate, spec) in OFFERS {
        let (owner, provider) = &providers[provider];
        let content = content(title, spec);
        if fate == Fate::Draft {
            app.draft(owner, provider, &content).await;
            continue;
        }
        let id = app.published(owner, provider, &moderator, &content).await;
        if fate == Fate::Withdrawn {
            let withdrawn = owner
                .post(&format!("/api/v1/offers/{id}/withdraw"), &json!({}))
                .await;
            withdrawn.ok(200);
        }
    }
    app.indexed().await;

    let selections: [&[(&str, &[&str])]; 4] = [
        &[],
        &[("category", &["pos"])],
        &[("category", &["pos"]), ("delivery_mode", &["online"])],
        &[("category", &["pos", "ecommerce"]), ("language", &["it"])],
    ];
    for selection in selections {
        let query: Vec<String> = selection
            .iter()
            .map(|(name, values)| format!("{name}={}", values.join(",")))
            .collect();
        let found = search(&app.anonymous, &format!("per_page=1&{}", query.join("&"))).await;
        for facet in FACETS {
            let expected = sql_counts(&app, facet, selection).await;
            assert_eq!(
                answered_counts(&found, facet),
                expected,
                "{facet} with {query:?}"
            );
        }
        let total = sql_total(&app, selection).await;
        assert_eq!(found["total"], total, "total with {query:?}");
    }

    let pos = search(&app.anonymous, "category=pos").await;
    assert_eq!(pos["total"], 3);
    assert_eq!(
        pos["facets"]["category"]["ecommerce"], 1,
        "selecting a category still counts the others: {}",
        pos["facets"]
    );
}

/// A facet's non-zero counts as the search answered them.
fn answered_counts(found: &Value, facet: &str) -> BTreeMap<String, u64> {
    let counts = found["facets"][facet]
        .as_object()
        .cloned()
        .unwrap_or_default();
    counts
        .into_iter()
        .map(|(value, count)| (value, count.as_u64().expect("count")))
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// `EXISTS` conditions for the selected values of every facet but `except`.
fn selected(selection: &[(&str, &[&str])], except: &str) -> String {
    let mut sql = String::new();
    for (facet, values) in selection.iter().filter(|(f, _)| *f != except) {
        let list: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM offer_facets s WHERE s.offer_id = o.id \
             AND s.facet = '{facet}' AND s.value IN ({}))",
            list.join(", ")
        ));
    }
    sql
}

/// Published offers per value of `facet`, among those matching the selections of the other
/// facets (a facet's own selection does not narrow its counts).
async fn sql_counts(
    app: &TestApp,
    facet: &str,
    selection: &[(&str, &[&str])],
) -> BTreeMap<String, u64> {
    let sql = format!(
        "SELECT f.value, COUNT(*) FROM offer_facets f JOIN offers o ON o.id = f.offer_id \
         WHERE o.status = 'published' AND f.facet = '{facet}'{} GROUP BY f.value",
        selected(selection, facet)
    );
    let conn = &app.db.conn;
    let rows = conn
        .query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .expect("facet counts");
    rows.iter()
        .map(|row| {
            let value: String = row.try_get_by_index(0).expect("value");
            let count: i64 = row.try_get_by_index(1).expect("count");
            (value, count as u64)
        })
        .collect()
}

/// Published offers matching every selection.
async fn sql_total(app: &TestApp, selection: &[(&str, &[&str])]) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM offers o WHERE o.status = 'published'{}",
        selected(selection, "")
    );
    let conn = &app.db.conn;
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .expect("total")
        .expect("a row");
    row.try_get_by_index(0).expect("count")
}
