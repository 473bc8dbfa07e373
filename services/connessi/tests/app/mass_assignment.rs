//! Mass assignment: no extra JSON field can set what only the service or a moderator decides
//! (status, moderation, verification, ownership, places taken). Structurally, every object a
//! write endpoint accepts, however deeply nested, refuses unknown properties in the OpenAPI
//! document (which is generated from the same serde definitions that parse the bodies); and
//! over a socket, real bodies of the main write endpoints with such fields added are refused
//! with 422 naming the field, and change nothing.

use crate::support::spawn_app;
use connessi_tests::fixtures::{offer_content, provider_profile, shop_profile};
use connessi_tests::{Backend, backend_tests, world};
use serde_json::{Value, json};

backend_tests! {
    extra_fields_in_real_bodies_are_refused_by_name_and_change_nothing => extra_fields;
}

/// Fields a client must never set, whatever the endpoint.
const FORBIDDEN: [&str; 6] = [
    "status",
    "verified",
    "provider_id",
    "owner_user_id",
    "places_taken",
    "moderation",
];

fn with(body: &Value, field: &str) -> Value {
    let mut body = body.clone();
    let value = match field {
        "status" => json!("published"),
        "verified" => json!(true),
        "places_taken" => json!(0),
        "moderation" => json!({ "decision": "approved" }),
        _ => json!("00000000-0000-4000-8000-000000000001"),
    };
    body[field] = value;
    body
}

async fn extra_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app
        .user("moderatrice@campi.example", Some("moderator"))
        .await;
    let owner = app.user("owner@campi.example", None).await;
    let shop_owner = app.user("titolare@campi.example", None).await;
    let shop = world::shop(&shop_owner, "campi").await;
    let provider = world::provider(&owner, "campi", Some(&moderator)).await;
    let offer = world::published(&owner, &provider, &moderator, &offer_content("Campi")).await;
    let writes = [
        (
            &owner,
            "post",
            "/api/v1/providers".to_owned(),
            provider_profile("altra"),
        ),
        (
            &owner,
            "post",
            format!("/api/v1/providers/{provider}/offers"),
            offer_content("Bozza con campi in più"),
        ),
        (
            &owner,
            "put",
            format!("/api/v1/offers/{offer}"),
            offer_content("Campi rivisti"),
        ),
        (
            &shop_owner,
            "put",
            format!("/api/v1/shops/{shop}/profile"),
            shop_profile(),
        ),
        (
            &shop_owner,
            "post",
            format!("/api/v1/shops/{shop}/requests"),
            json!({ "offer_id": offer, "message": "Vorremmo iniziare." }),
        ),
    ];
    let before = snapshot(&app.db.conn).await;
    for (client, method, path, body) in &writes {
        for field in FORBIDDEN {
            let tampered = with(body, field);
            let reply = match *method {
                "post" => client.post(path, &tampered).await,
                _ => client.put(path, &tampered).await,
            };
            assert_eq!(
                reply.status, 422,
                "{method} {path} with {field}: {:?}",
                reply.body
            );
            assert_eq!(reply.body["code"], "invalid_request_body", "{path}");
            let detail = reply.body["detail"].as_str().unwrap_or_default();
            assert!(
                detail.contains(field),
                "{path}: the refusal names {field}: {detail}"
            );
        }
    }
    assert_eq!(snapshot(&app.db.conn).await, before, "nothing was written");
}

/// Rows of what the writes could have made or changed, and the outbox.
async fn snapshot(db: &sea_orm::DatabaseConnection) -> Vec<i64> {
    use sea_orm::{ConnectionTrait, Statement};
    let mut counts = Vec::new();
    for sql in [
        "SELECT count(*) FROM providers",
        "SELECT count(*) FROM offers",
        "SELECT count(*) FROM offers WHERE status = 'published'",
        "SELECT count(*) FROM onboarding_requests",
        "SELECT count(*) FROM outbox",
    ] {
        let statement = Statement::from_string(db.get_database_backend(), sql.to_owned());
        let row = db.query_one_raw(statement).await.unwrap().expect("a row");
        counts.push(row.try_get_by_index::<i64>(0).unwrap());
    }
    counts
}

#[test]
fn every_object_a_write_endpoint_accepts_refuses_unknown_properties() {
    let document: Value = serde_json::from_str(connessi_web::api_docs::OPENAPI_JSON).unwrap();
    let schemas = &document["components"]["schemas"];
    let mut bodies = 0;
    let mut open = Vec::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            if !matches!(method.as_str(), "post" | "put" | "patch") || schema.is_null() {
                continue;
            }
            bodies += 1;
            let mut seen = Vec::new();
            walk(schema, schemas, &mut seen, &mut |at, object| {
                if object["additionalProperties"] != Value::Bool(false) {
                    open.push(format!("{method} {path}: {at}"));
                }
            });
        }
    }
    assert!(bodies >= 30, "the write endpoints were found: {bodies}");
    assert!(
        open.is_empty(),
        "objects accepting unknown fields: {open:#?}"
    );
}

/// Calls `check` on every object schema reachable from `schema`.
fn walk(
    schema: &Value,
    schemas: &Value,
    seen: &mut Vec<String>,
    check: &mut impl FnMut(&str, &Value),
) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap().to_owned();
        if !seen.contains(&name) {
            seen.push(name.clone());
            let target = schemas[name.as_str()].clone();
            walk(&target, schemas, seen, check);
        }
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            walk(part, schemas, seen, check);
        }
    }
    if let Some(properties) = schema["properties"].as_object() {
        let name = seen.last().cloned().unwrap_or_default();
        check(&name, schema);
        for property in properties.values() {
            walk(property, schemas, seen, check);
        }
    }
    if schema["items"].is_object() {
        walk(&schema["items"], schemas, seen, check);
    }
}
