//! Conversations between shops and providers (messaging service) about published offers and
//! onboarding requests: who reads a thread, paging through history while others write, read
//! state, editing, deleting and the moderators' handling of reported messages.

use crate::market::{Market, ask, market};
use crate::support::{audit_actions, outbox_kinds};
use connessi_tests::{Backend, Client, backend_tests};
use reqwest::Method;
use serde_json::{Value, json};

mod history;

backend_tests! {
    only_the_two_organisations_read_a_thread_and_moderators_only_after_an_audited_report => access;
    an_onboarding_thread_starts_with_the_request_and_is_shared_by_both_sides => onboarding;
    authors_edit_within_five_minutes_and_are_refused_after => editing;
    a_deleted_message_leaves_a_tombstone_that_cannot_be_changed => deleting;
    reports_reach_the_moderators_queue_and_hiding_removes_the_text_for_everyone => reports;
}

/// A shop with an enquiry thread about a published offer; returns the shop's client, the
/// thread's id and the offer's id.
pub(crate) async fn enquiry(m: &Market, shop_name: &str, body: &str) -> (Client, String, String) {
    let offer = m.offer("Pagamenti digitali", 5).await;
    let (shop, shop_id) = m.shop(shop_name).await;
    let opened = shop
        .post(
            &format!("/api/v1/shops/{shop_id}/enquiries"),
            &json!({ "offer_id": offer, "body": body }),
        )
        .await;
    let thread = opened.ok(201)["id"].as_str().unwrap().to_owned();
    (shop, thread, offer)
}

pub(crate) async fn post(client: &Client, thread: &str, body: &str) -> Value {
    let path = format!("/api/v1/conversations/{thread}/messages");
    client
        .post(&path, &json!({ "body": body }))
        .await
        .ok(201)
        .clone()
}

pub(crate) async fn history(client: &Client, thread: &str, query: &str) -> Value {
    let path = format!("/api/v1/conversations/{thread}/messages?{query}");
    client.get(&path).await.ok(200).clone()
}

pub(crate) fn bodies(page: &Value) -> Vec<String> {
    let items = page["items"].as_array().expect("items");
    items
        .iter()
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect()
}

async fn access(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, offer) = enquiry(&m, "bottega", "<b>Quanto costa</b> dopo i 6 mesi?").await;
    let (stranger_shop, stranger_id) = m.shop("altrabottega").await;
    let (other_provider, _) = m.app.provider("concorrente", Some(&m.moderator)).await;
    let again = shop
        .post(
            &format!("/api/v1/shops/{}/enquiries", shop_id_of(&shop).await),
            &json!({ "offer_id": offer, "body": "Altra domanda" }),
        )
        .await;
    assert_eq!(again.ok(200)["id"], thread.as_str());
    let first = history(&m.owner, &thread, "").await;
    assert_eq!(
        bodies(&first),
        ["Altra domanda", "<b>Quanto costa</b> dopo i 6 mesi?"]
    );
    let mine = stranger_shop
        .post(
            &format!("/api/v1/shops/{stranger_id}/enquiries"),
            &json!({ "offer_id": offer, "body": "Anche noi" }),
        )
        .await;
    assert_ne!(mine.ok(201)["id"], thread.as_str());
    let path = format!("/api/v1/conversations/{thread}");
    for outsider in [&stranger_shop, &other_provider, &m.moderator] {
        outsider.get(&path).await.problem(404, "not_found");
        outsider
            .get(&format!("{path}/messages"))
            .await
            .problem(404, "not_found");
        let body = json!({ "body": "intrusione" });
        outsider
            .post(&format!("{path}/messages"), &body)
            .await
            .problem(404, "not_found");
    }
    assert_eq!(m.owner.get(&path).await.ok(200)["offer_id"], offer.as_str());
    let message = first["items"][0]["id"].as_str().unwrap();
    let report = json!({ "reason": "spam", "note": "ripetuto" });
    let reported = m
        .owner
        .post(&format!("{path}/messages/{message}/report"), &report)
        .await;
    reported.ok(201);
    assert_eq!(m.moderator.get(&path).await.ok(200)["id"], thread.as_str());
    assert_eq!(bodies(&history(&m.moderator, &thread, "").await).len(), 2);
    let audited = audit_actions(&m.moderator, &thread).await;
    let reads = audited
        .iter()
        .filter(|a| *a == "conversation.read_by_moderator")
        .count();
    assert_eq!(reads, 2, "{audited:?}");
    stranger_shop.get(&path).await.problem(404, "not_found");
}

/// The id of the one shop `client` belongs to.
async fn shop_id_of(client: &Client) -> String {
    let me = client.get("/api/v1/me").await;
    me.ok(200)["shops"][0]["shop_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn onboarding(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Negozio online", 3).await;
    let (shop, shop_id) = m.shop("merceria").await;
    let request = ask(&shop, &shop_id, &offer, "chiave-1").await;
    let request = request.ok(201)["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/onboarding-requests/{request}/conversation");
    let opened = m.owner.post(&path, &json!({})).await;
    let thread = opened.ok(201)["id"].as_str().unwrap().to_owned();
    assert_eq!(opened.body["kind"], "onboarding");
    assert_eq!(opened.body["unread"], 1);
    let same = shop.post(&path, &json!({})).await;
    assert_eq!(same.ok(200)["id"], thread.as_str());
    let first = history(&shop, &thread, "").await;
    assert_eq!(bodies(&first), ["Vorremmo iniziare a gennaio."]);
    assert_eq!(first["items"][0]["author_side"], "shop");
    let (stranger, _) = m.shop("estranea").await;
    stranger
        .post(&path, &json!({}))
        .await
        .problem(404, "not_found");
    post(&m.owner, &thread, "Benvenuti! Partiamo lunedì.").await;
    let inbox = shop.get("/api/v1/conversations").await;
    assert_eq!(inbox.ok(200)["items"][0]["id"], thread.as_str());
    assert_eq!(inbox.body["total_unread"], 1);
    let kinds = outbox_kinds(&m.app, &thread).await;
    assert_eq!(
        kinds,
        [
            "conversation.opened",
            "conversation.message_posted",
            "conversation.message_posted"
        ]
    );
}

async fn age_message(m: &Market, message: &Value, minutes: i64) {
    use connessi_messaging::entities::message;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let id = uuid::Uuid::parse_str(message["id"].as_str().unwrap()).unwrap();
    let at = chrono::Utc::now() - chrono::Duration::minutes(minutes);
    message::Entity::update_many()
        .col_expr(message::Column::CreatedAt, Expr::value(at))
        .filter(message::Column::Id.eq(id))
        .exec(&m.app.db.conn)
        .await
        .expect("age the message");
}

async fn editing(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "fioraio", "Buongiorno").await;
    let message = post(&shop, &thread, "Quanto dura la prova?").await;
    let path = format!(
        "/api/v1/conversations/{thread}/messages/{}",
        message["id"].as_str().unwrap()
    );
    let change = json!({ "body": "  Quanto dura il periodo gratuito?  " });
    let edited = shop.send(Method::PATCH, &path, Some(&change)).await;
    assert_eq!(edited.ok(200)["body"], "Quanto dura il periodo gratuito?");
    assert!(edited.body["edited_at"].is_string());
    let theirs = m.owner.send(Method::PATCH, &path, Some(&change)).await;
    theirs.problem(403, "not_author");
    age_message(&m, &message, 6).await;
    let late = shop.send(Method::PATCH, &path, Some(&change)).await;
    late.problem(409, "edit_window_passed");
    let page = history(&m.owner, &thread, "").await;
    assert_eq!(bodies(&page)[0], "Quanto dura il periodo gratuito?");
    let kinds = outbox_kinds(&m.app, &thread).await;
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "conversation.message_edited")
            .count(),
        1
    );
}

async fn deleting(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "sartoria", "Buonasera").await;
    let message = post(&shop, &thread, "Numero di telefono: 0422 000000").await;
    let path = format!(
        "/api/v1/conversations/{thread}/messages/{}",
        message["id"].as_str().unwrap()
    );
    m.owner.delete(&path).await.problem(403, "not_author");
    let deleted = shop.delete(&path).await;
    assert_eq!(deleted.ok(200)["deleted"], true);
    assert_eq!(deleted.body["body"], "");
    let page = history(&m.owner, &thread, "").await;
    assert_eq!(page["items"][0]["id"], message["id"]);
    assert_eq!(page["items"][0]["deleted"], true);
    assert_eq!(bodies(&page), ["", "Buonasera"]);
    let change = json!({ "body": "ripensamento" });
    let edit = shop.send(Method::PATCH, &path, Some(&change)).await;
    edit.problem(409, "message_deleted");
    shop.delete(&path).await.problem(409, "message_deleted");
    let inbox = m.owner.get("/api/v1/conversations").await;
    assert_eq!(inbox.ok(200)["total_unread"], 1);
}

async fn reports(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "gelateria", "Ci interessa").await;
    let pushy = post(
        &m.owner,
        &thread,
        "Firmi oggi il piano premium o perde il posto!",
    )
    .await;
    post(&shop, &thread, "Non ci sembra corretto.").await;
    let path = format!(
        "/api/v1/conversations/{thread}/messages/{}/report",
        pushy["id"].as_str().unwrap()
    );
    let wrong = json!({ "reason": "noioso" });
    shop.post(&path, &wrong)
        .await
        .problem(422, "invalid_request_body");
    let report = json!({ "reason": "sales_pressure", "note": "Ci mette fretta" });
    let filed = shop.post(&path, &report).await;
    let report_id = filed.ok(201)["id"].as_str().unwrap().to_owned();
    let queue = m.moderator.get("/api/v1/moderation/message-reports").await;
    let open = &queue.ok(200)[0];
    assert_eq!(open["id"], report_id.as_str());
    assert_eq!(open["reason"], "sales_pressure");
    assert_eq!(open["message"]["body"], pushy["body"]);
    assert_eq!(
        bodies(&json!({ "items": open["context"] })),
        ["Ci interessa", "Non ci sembra corretto."]
    );
    shop.get("/api/v1/moderation/message-reports")
        .await
        .problem(403, "forbidden");
    let resolve = format!("/api/v1/moderation/message-reports/{report_id}/resolve");
    let blank = json!({ "action": "hide", "reason": " " });
    m.moderator
        .post(&resolve, &blank)
        .await
        .problem(422, "reason_required");
    let decision = json!({ "action": "hide", "reason": "Pressione commerciale" });
    let resolved = m.moderator.post(&resolve, &decision).await;
    assert_eq!(resolved.ok(200)["resolution"], "hide");
    m.moderator
        .post(&resolve, &decision)
        .await
        .problem(409, "conflict");
    for reader in [&shop, &m.owner] {
        let page = history(reader, &thread, "").await;
        let hidden = &page["items"][1];
        assert_eq!(
            (hidden["hidden"].as_bool(), hidden["body"].as_str()),
            (Some(true), Some(""))
        );
        assert_eq!(hidden["hidden_reason"], "Pressione commerciale");
    }
    let queue = m.moderator.get("/api/v1/moderation/message-reports").await;
    assert!(queue.ok(200)[0]["resolved_at"].is_string());
    let audited = audit_actions(&m.moderator, &thread).await;
    assert!(
        audited.contains(&"message.report_hidden".to_owned()),
        "{audited:?}"
    );
    assert!(
        audited.contains(&"message.reported".to_owned()),
        "{audited:?}"
    );
    let kinds = outbox_kinds(&m.app, &thread).await;
    assert!(kinds.contains(&"conversation.message_reported".to_owned()));
    assert_eq!(
        kinds.last().map(String::as_str),
        Some("conversation.message_hidden")
    );
}
