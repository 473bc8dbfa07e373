//! Revisions of published offers (the public keeps seeing the published content until a
//! moderator approves the change) and the expiry of offers whose end date has passed.

use crate::support::{TestApp, approval, audit_entries, offer_content, spawn_app, spawn_app_with};
use chrono::{DateTime, Days, NaiveDate, Utc};
use connessi_catalogue::entities::offer;
use connessi_tests::{Backend, Client, backend_tests};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DbBackend, EntityTrait, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use serde_json::{Value, json};

backend_tests! {
    editing_a_published_offer_creates_a_revision_while_the_public_still_sees_the_published_content => edit_creates_revision;
    a_submitted_revision_waits_in_the_queue_and_cannot_be_edited => submitted_revision;
    approving_a_revision_publishes_its_content => approve_revision;
    rejecting_a_revision_leaves_the_published_content_untouched => reject_revision;
    the_reason_a_revision_was_rejected_is_shown_to_the_provider => rejection_reason_visible;
    a_revision_sent_back_for_changes_can_be_edited_and_submitted_again => revision_changes_requested;
    an_open_revision_can_be_discarded => discard_revision;
    two_decisions_on_one_revision_at_the_same_time_do_not_both_count => concurrent_revision_decisions;
    submitting_a_published_offer_without_an_open_revision_is_an_invalid_transition => submit_without_revision;
    an_offer_past_its_end_date_leaves_the_catalogue_at_once_and_the_sweep_expires_it => expiry_sweep;
    an_offer_past_its_end_date_leaves_its_providers_public_page_before_the_sweep => expiry_provider_page;
    an_offer_expires_at_midnight_utc_after_its_last_valid_day => expires_at_from_dates;
}

/// A published offer of a verified provider.
async fn published_offer(app: &TestApp, title: &str) -> (Client, Client, String, String) {
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let id = app
        .published(&owner, &provider, &moderator, &offer_content(title))
        .await;
    (moderator, owner, provider, id)
}

/// The same offer with another title and only the `training` category.
fn changed(title: &str) -> Value {
    let mut content = offer_content(title);
    content["categories"] = json!(["training"]);
    content
}

/// Edits the published offer at `path` under a new title, submits the revision, and returns
/// the revision's id.
async fn submit_revision(owner: &Client, path: &str, title: &str) -> String {
    let edited = owner.put(path, &changed(title)).await;
    let revision = edited.ok(200)["pending_revision"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    owner
        .post(&format!("{path}/submit"), &json!({}))
        .await
        .ok(200);
    revision
}

fn at(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect("a timestamp"))
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

fn midnight_after(day: NaiveDate) -> DateTime<Utc> {
    day.checked_add_days(Days::new(1))
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
}

/// Moves the offer's end date, as if its last day had passed.
async fn set_expires_at(app: &TestApp, id: &str, expires_at: DateTime<Utc>) {
    let conn = &app.db.conn;
    let model = offer::Entity::find_by_id(uuid::Uuid::parse_str(id).unwrap())
        .one(conn)
        .await
        .expect("read offer")
        .expect("offer exists");
    let mut active: offer::ActiveModel = model.into();
    active.expires_at = Set(Some(expires_at));
    active.update(conn).await.expect("update offer");
}

async fn edit_creates_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");

    let edited = owner
        .put(&path, &changed("Cassa in cloud con corso incluso"))
        .await;
    let view = edited.ok(200);
    assert_eq!(view["status"], "published");
    assert_eq!(
        view["content"]["title"]["it"], "Cassa in cloud per negozi",
        "the offer itself is unchanged"
    );
    assert_eq!(view["pending_revision"]["status"], "draft");
    assert_eq!(
        view["pending_revision"]["content"]["title"]["it"],
        "Cassa in cloud con corso incluso"
    );
    assert_eq!(view["pending_revision"]["offer_id"], id.as_str());

    let public = app.anonymous.get(&path).await;
    assert_eq!(
        public.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    assert!(
        public.body.get("pending_revision").is_none(),
        "the public never sees revisions"
    );
    let listed = app.anonymous.get("/api/v1/offers").await;
    assert_eq!(
        listed.ok(200)["items"][0]["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    assert_eq!(
        app.anonymous
            .get("/api/v1/offers?category=training")
            .await
            .ok(200)["total"],
        0
    );

    let mine = owner.get(&path).await;
    assert_eq!(
        mine.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    assert_eq!(mine.body["pending_revision"]["status"], "draft");
    assert_eq!(
        mine.body["pending_revision"]["content"]["title"]["it"],
        "Cassa in cloud con corso incluso"
    );
    let revision = mine.body["pending_revision"]["id"].clone();

    let again = owner
        .put(&path, &changed("Cassa in cloud con due corsi inclusi"))
        .await;
    assert_eq!(
        again.ok(200)["pending_revision"]["id"],
        revision,
        "one open revision per offer"
    );
    assert_eq!(
        again.body["pending_revision"]["content"]["title"]["it"],
        "Cassa in cloud con due corsi inclusi"
    );
    assert_eq!(app.count("offer_revisions").await, 1);
}

async fn submitted_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, provider, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let revision = owner
        .put(&path, &changed("Cassa in cloud con corso incluso"))
        .await
        .ok(200)["pending_revision"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let submitted = owner.post(&format!("{path}/submit"), &json!({})).await;
    assert_eq!(
        submitted.ok(200)["status"],
        "published",
        "the offer stays published during review"
    );
    assert_eq!(submitted.body["pending_revision"]["status"], "submitted");
    assert!(submitted.body["pending_revision"]["submitted_at"].is_string());

    let queue = moderator.get("/api/v1/moderation/queue").await;
    let items = queue.ok(200)["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "revision");
    assert_eq!(items[0]["id"], revision.as_str());
    assert_eq!(items[0]["offer_id"], id.as_str());
    assert_eq!(items[0]["provider"]["id"], provider.as_str());
    assert_eq!(items[0]["title_it"], "Cassa in cloud con corso incluso");
    assert_eq!(items[0]["categories"], json!(["training"]));
    assert_eq!(
        items[0]["decision_url"],
        format!("/api/v1/moderation/revisions/{revision}/decision")
    );
    assert!(
        items[0]["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["met"] == true)
    );
    assert_eq!(
        moderator
            .get("/api/v1/moderation/queue?category=training")
            .await
            .ok(200)["total"],
        1
    );
    assert_eq!(
        moderator
            .get("/api/v1/moderation/queue?category=pos")
            .await
            .ok(200)["total"],
        0
    );

    let before = app.snapshot().await;
    owner
        .put(&path, &changed("Un altro titolo durante la revisione"))
        .await
        .problem(409, "under_review");
    owner
        .post(&format!("{path}/submit"), &json!({}))
        .await
        .problem(409, "invalid_transition");
    assert_eq!(app.snapshot().await, before);
    let mine = owner.get(&path).await;
    assert_eq!(
        mine.ok(200)["pending_revision"]["content"]["title"]["it"],
        "Cassa in cloud con corso incluso"
    );
    assert_eq!(mine.body["pending_revision"]["status"], "submitted");
}

async fn approve_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let published_at = owner.get(&path).await.ok(200)["published_at"].clone();
    let revision = submit_revision(&owner, &path, "Cassa in cloud con corso incluso").await;
    let decide = format!("/api/v1/moderation/revisions/{revision}/decision");

    moderator
        .post(&decide, &json!({ "decision": "approve" }))
        .await
        .problem(422, "acceptance_criteria_not_met");
    assert_eq!(
        app.anonymous.get(&path).await.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );

    let approved = moderator.post(&decide, &approval()).await;
    assert_eq!(approved.ok(200)["status"], "published");
    assert_eq!(
        approved.body["content"]["title"]["it"],
        "Cassa in cloud con corso incluso"
    );
    assert!(
        approved.body.get("pending_revision").is_none(),
        "the approved revision is closed"
    );
    assert_eq!(
        at(&approved.body["published_at"]),
        at(&published_at),
        "still the date of first publication"
    );

    let public = app.anonymous.get(&path).await;
    assert_eq!(
        public.ok(200)["content"]["title"]["it"],
        "Cassa in cloud con corso incluso"
    );
    assert_eq!(public.body["content"]["categories"], json!(["training"]));
    let by_category = app.anonymous.get("/api/v1/offers?category=training").await;
    assert_eq!(
        by_category.ok(200)["total"],
        1,
        "the facets follow the published content"
    );
    assert_eq!(
        app.anonymous
            .get("/api/v1/offers?category=pos")
            .await
            .ok(200)["total"],
        0
    );
    assert_eq!(
        moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        0
    );

    moderator
        .post(&decide, &approval())
        .await
        .problem(409, "invalid_transition");
    let entries = audit_entries(&moderator, "offer", &id).await;
    let actions: Vec<_> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "offer.revision_applied",
            "revision.approve",
            "revision.submit",
            "revision.edited",
            "offer.approve",
            "offer.submit",
            "offer.created"
        ]
    );
    assert_eq!(entries[1]["from_status"], "submitted");
    assert_eq!(entries[1]["to_status"], "approved");
    assert_eq!(entries[0]["details"]["revision_id"], revision.as_str());
}

async fn reject_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let revision = submit_revision(&owner, &path, "Cassa in cloud gratis per sempre").await;
    let decide = format!("/api/v1/moderation/revisions/{revision}/decision");

    let before = app.snapshot().await;
    moderator
        .post(&decide, &json!({ "decision": "reject" }))
        .await
        .problem(422, "reason_required");
    assert_eq!(app.snapshot().await, before);

    let reason = "Il nuovo titolo promette una gratuità che l'offerta non prevede.";
    let rejected = moderator
        .post(&decide, &json!({ "decision": "reject", "reason": reason }))
        .await;
    assert_eq!(rejected.ok(200)["status"], "published");
    assert_eq!(
        rejected.body["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );

    let public = app.anonymous.get(&path).await;
    assert_eq!(
        public.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    assert_eq!(
        public.body["content"]["categories"],
        json!(["digital_payments", "pos"])
    );
    assert_eq!(
        app.anonymous
            .get("/api/v1/offers?category=pos")
            .await
            .ok(200)["total"],
        1
    );
    let mine = owner.get(&path).await;
    assert_eq!(mine.ok(200)["status"], "published");
    assert!(
        mine.body.get("pending_revision").is_none(),
        "a rejected revision is closed"
    );
    assert_eq!(
        moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        0
    );

    let entries = audit_entries(&moderator, "offer", &id).await;
    assert_eq!(entries[0]["action"], "revision.reject");
    assert_eq!(entries[0]["to_status"], "rejected");
    assert_eq!(entries[0]["reason"], reason);

    let fresh = owner
        .put(&path, &changed("Cassa in cloud con corso incluso"))
        .await;
    assert_eq!(
        fresh.ok(200)["pending_revision"]["status"],
        "draft",
        "a new revision can be proposed"
    );
    assert_ne!(fresh.body["pending_revision"]["id"], revision.as_str());
}

async fn rejection_reason_visible(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let revision = submit_revision(&owner, &path, "Cassa in cloud gratis per sempre").await;
    let reason = "Il nuovo titolo promette una gratuità che l'offerta non prevede.";
    moderator
        .post(
            &format!("/api/v1/moderation/revisions/{revision}/decision"),
            &json!({ "decision": "reject", "reason": reason }),
        )
        .await
        .ok(200);

    // The decision's reason is "shown to the provider" (see `Decision::reason`): the owner's
    // view of the offer must carry it somewhere.
    let mine = owner.get(&path).await;
    assert_eq!(mine.ok(200)["moderation"]["action"], "revision_reject");
    assert_eq!(mine.body["moderation"]["reason"], reason);
    assert!(
        mine.ok(200).to_string().contains(reason),
        "the provider cannot see why the revision was rejected: {}",
        mine.body
    );
}

async fn revision_changes_requested(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let revision = submit_revision(&owner, &path, "Cassa in cloud con corso incluso").await;
    let decide = format!("/api/v1/moderation/revisions/{revision}/decision");

    let reason = "Indicate la durata del corso incluso nella descrizione.";
    moderator
        .post(
            &decide,
            &json!({ "decision": "request_changes", "reason": reason }),
        )
        .await
        .ok(200);
    let mine = owner.get(&path).await;
    assert_eq!(
        mine.ok(200)["pending_revision"]["status"],
        "changes_requested"
    );
    assert_eq!(mine.body["pending_revision"]["moderation_reason"], reason);
    assert_eq!(
        app.anonymous.get(&path).await.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );

    let fixed = owner
        .put(&path, &changed("Cassa in cloud con corso di due ore"))
        .await;
    assert_eq!(fixed.ok(200)["pending_revision"]["id"], revision.as_str());
    assert_eq!(
        fixed.body["pending_revision"]["content"]["title"]["it"],
        "Cassa in cloud con corso di due ore"
    );
    let resubmitted = owner.post(&format!("{path}/submit"), &json!({})).await;
    assert_eq!(
        resubmitted.ok(200)["pending_revision"]["status"],
        "submitted"
    );
    moderator.post(&decide, &approval()).await.ok(200);
    assert_eq!(
        app.anonymous.get(&path).await.ok(200)["content"]["title"]["it"],
        "Cassa in cloud con corso di due ore"
    );
}

async fn discard_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let discard = format!("{path}/revision");

    owner
        .put(&path, &changed("Cassa in cloud con corso incluso"))
        .await
        .ok(200);
    let discarded = owner.delete(&discard).await;
    assert_eq!(discarded.ok(200)["status"], "published");
    assert!(discarded.body.get("pending_revision").is_none());
    assert_eq!(
        discarded.body["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    assert!(
        owner
            .get(&path)
            .await
            .ok(200)
            .get("pending_revision")
            .is_none()
    );
    assert_eq!(
        app.anonymous.get(&path).await.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    let entries = audit_entries(&moderator, "offer", &id).await;
    assert_eq!(entries[0]["action"], "revision.withdraw");
    assert_eq!(entries[0]["from_status"], "draft");
    assert_eq!(entries[0]["to_status"], "discarded");

    let before = app.snapshot().await;
    owner.delete(&discard).await.problem(404, "not_found");
    owner
        .post(&format!("{path}/submit"), &json!({}))
        .await
        .problem(409, "invalid_transition");
    assert_eq!(app.snapshot().await, before);

    // A submitted revision can be taken back too, and leaves the queue.
    owner
        .put(&path, &changed("Cassa in cloud con due corsi"))
        .await
        .ok(200);
    owner
        .post(&format!("{path}/submit"), &json!({}))
        .await
        .ok(200);
    assert_eq!(
        moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        1
    );
    owner.delete(&discard).await.ok(200);
    assert_eq!(
        moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        0
    );
    assert_eq!(app.count("offer_revisions").await, 2);
    assert_eq!(
        owner.get(&path).await.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
}

async fn concurrent_revision_decisions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let path = format!("/api/v1/offers/{id}");
    let revision = submit_revision(&owner, &path, "Cassa in cloud con corso incluso").await;
    let decide = format!("/api/v1/moderation/revisions/{revision}/decision");
    let second_moderator = app.user("moderatore@test.example", Some("moderator")).await;

    // Hold the offer as a slow writer would, so both decisions arrive while it is busy.
    let conn = &app.db.conn;
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    let busy = conn.begin_with_options(options).await.expect("begin");
    if backend == Backend::Postgres {
        let offer_id = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(conn.get_database_backend(), DbBackend::Postgres);
        offer::Entity::find_by_id(offer_id)
            .lock_exclusive()
            .one(&busy)
            .await
            .expect("lock offer")
            .expect("offer");
    }
    let reject =
        json!({ "decision": "reject", "reason": "Il nuovo titolo non descrive l'offerta." });
    let approve = approval();
    let decisions = async {
        tokio::join!(
            moderator.post(&decide, &approve),
            second_moderator.post(&decide, &reject)
        )
    };
    let release = async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        busy.commit().await.expect("release");
    };
    let ((approved, rejected), ()) = tokio::join!(decisions, release);

    let statuses = [approved.status.as_u16(), rejected.status.as_u16()];
    assert!(
        statuses.contains(&200),
        "one decision counts: {} / {}",
        approved.body,
        rejected.body
    );
    assert!(
        statuses.contains(&409),
        "the other finds the revision already decided: {} / {}",
        approved.body,
        rejected.body
    );
    let entries = audit_entries(&moderator, "offer", &id).await;
    let decisions: Vec<_> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .filter(|a| *a == "revision.approve" || *a == "revision.reject")
        .collect();
    assert_eq!(
        decisions.len(),
        1,
        "a single decision in the audit log: {decisions:?}"
    );
}

async fn submit_without_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, _, id) = published_offer(&app, "Cassa in cloud per negozi").await;
    let before = app.snapshot().await;
    let reply = owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await;
    reply.problem(409, "invalid_transition");
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{id}")).await.ok(200)["status"],
        "published"
    );
}

async fn expiry_sweep(backend: Backend) {
    // The background sweep must not run during the test: this one calls it itself.
    let app = spawn_app_with(backend, |settings| {
        settings.catalogue.expiry_interval_secs = 86_400
    })
    .await;
    let (moderator, owner, provider, ending) =
        published_offer(&app, "Cassa in cloud per negozi").await;
    let lasting = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Vetrina online per botteghe"),
        )
        .await;
    let suspended = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Consegne in bicicletta"),
        )
        .await;
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{suspended}/suspend"),
            &json!({ "reason": "Segnalazioni di costi nascosti da verificare." }),
        )
        .await
        .ok(200);
    assert_eq!(
        app.anonymous.get("/api/v1/offers").await.ok(200)["total"],
        2
    );

    let past = Utc::now() - chrono::Duration::minutes(1);
    set_expires_at(&app, &ending, past).await;
    set_expires_at(&app, &suspended, past).await;

    let public = app.anonymous.get("/api/v1/offers").await;
    let ids: Vec<_> = public.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, [lasting.as_str()], "hidden before the sweep ran");
    assert_eq!(public.body["total"], 1);
    app.anonymous
        .get(&format!("/api/v1/offers/{ending}"))
        .await
        .problem(404, "not_found");
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{ending}")).await.ok(200)["status"],
        "published",
        "not swept yet"
    );

    let expired = connessi_catalogue::ops::expiry::sweep(&app.db.conn, Utc::now())
        .await
        .expect("sweep");
    assert_eq!(
        expired, 2,
        "published and suspended offers past their end date"
    );
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{ending}")).await.ok(200)["status"],
        "expired"
    );
    assert_eq!(
        owner
            .get(&format!("/api/v1/offers/{suspended}"))
            .await
            .ok(200)["status"],
        "expired"
    );
    assert_eq!(
        owner
            .get(&format!("/api/v1/offers/{lasting}"))
            .await
            .ok(200)["status"],
        "published"
    );
    app.anonymous
        .get(&format!("/api/v1/offers/{ending}"))
        .await
        .problem(404, "not_found");

    let entries = audit_entries(&moderator, "offer", &ending).await;
    assert_eq!(entries[0]["action"], "offer.expire");
    assert_eq!(entries[0]["actor_kind"], "system");
    assert!(entries[0]["actor_id"].is_null());
    assert_eq!(entries[0]["from_status"], "published");
    assert_eq!(entries[0]["to_status"], "expired");
    assert_eq!(
        audit_entries(&moderator, "offer", &suspended).await[0]["from_status"],
        "suspended"
    );

    let before = app.snapshot().await;
    let again = connessi_catalogue::ops::expiry::sweep(&app.db.conn, Utc::now())
        .await
        .expect("sweep");
    assert_eq!(again, 0, "an expired offer is not expired twice");
    assert_eq!(app.snapshot().await, before);
    owner
        .put(
            &format!("/api/v1/offers/{ending}"),
            &offer_content("Cassa in cloud per negozi"),
        )
        .await
        .problem(409, "invalid_transition");
    owner
        .post(&format!("/api/v1/offers/{ending}/withdraw"), &json!({}))
        .await
        .problem(409, "invalid_transition");
}

async fn expiry_provider_page(backend: Backend) {
    let app = spawn_app_with(backend, |settings| {
        settings.catalogue.expiry_interval_secs = 86_400
    })
    .await;
    let (moderator, owner, provider, ending) =
        published_offer(&app, "Cassa in cloud per negozi").await;
    let lasting = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Vetrina online per botteghe"),
        )
        .await;
    set_expires_at(&app, &ending, Utc::now() - chrono::Duration::minutes(1)).await;

    assert_eq!(
        owner
            .get(&format!("/api/v1/providers/{provider}/offers"))
            .await
            .ok(200)["total"],
        2,
        "members still see it"
    );
    let public = app
        .anonymous
        .get(&format!("/api/v1/providers/{provider}/offers"))
        .await;
    let ids: Vec<_> = public.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [lasting],
        "an offer past its end date is not public, on any listing, even before the sweep"
    );
}

async fn expires_at_from_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let today = Utc::now().date_naive();
    let until = today.checked_add_days(Days::new(30)).unwrap();

    let mut fixed = offer_content("Cassa in cloud per negozi");
    fixed["free_period"] = json!({ "months": null, "until": until.to_string() });
    let created = owner
        .post(&format!("/api/v1/providers/{provider}/offers"), &fixed)
        .await;
    assert_eq!(at(&created.ok(201)["expires_at"]), midnight_after(until));
    let id = created.body["id"].as_str().unwrap().to_owned();

    let available_until = today.checked_add_days(Days::new(10)).unwrap();
    fixed["available_until"] = json!(available_until.to_string());
    let edited = owner.put(&format!("/api/v1/offers/{id}"), &fixed).await;
    assert_eq!(
        at(&edited.ok(200)["expires_at"]),
        midnight_after(available_until),
        "the earlier of the two dates"
    );

    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{id}/decision"),
            &approval(),
        )
        .await
        .ok(200);
    let public = app.anonymous.get(&format!("/api/v1/offers/{id}")).await;
    assert_eq!(
        at(&public.ok(200)["expires_at"]),
        midnight_after(available_until)
    );

    // Approving a revision with other dates moves the end date with the content.
    let later = today.checked_add_days(Days::new(60)).unwrap();
    fixed["available_until"] = Value::Null;
    fixed["free_period"] = json!({ "months": null, "until": later.to_string() });
    let revision = owner
        .put(&format!("/api/v1/offers/{id}"), &fixed)
        .await
        .ok(200)["pending_revision"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        at(&app
            .anonymous
            .get(&format!("/api/v1/offers/{id}"))
            .await
            .ok(200)["expires_at"]),
        midnight_after(available_until)
    );
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    let approved = moderator
        .post(
            &format!("/api/v1/moderation/revisions/{revision}/decision"),
            &approval(),
        )
        .await;
    assert_eq!(at(&approved.ok(200)["expires_at"]), midnight_after(later));

    let open_ended = app
        .draft(
            &owner,
            &provider,
            &offer_content("Vetrina online per botteghe"),
        )
        .await;
    assert!(
        owner
            .get(&format!("/api/v1/offers/{open_ended}"))
            .await
            .ok(200)["expires_at"]
            .is_null(),
        "months alone set no end date"
    );
}
