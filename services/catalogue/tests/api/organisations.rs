//! Providers and shops as organisations: owners invite members by single-use links that
//! expire, remove members (never the last owner), and shops register like providers do.

use crate::support::{TestApp, offer_content, spawn_app};
use chrono::Utc;
use connessi_platform::entities::invitation;
use connessi_tests::{Backend, Client, backend_tests};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

backend_tests! {
    an_owner_invites_a_member_by_a_single_use_link_that_only_the_named_account_can_use => invite;
    expired_revoked_and_unknown_invitations_bring_nobody_in => dead_invitations;
    owners_remove_members_at_once_but_never_the_last_owner => removal;
    a_shop_is_registered_by_its_owner_and_seen_only_by_its_members => shops;
    two_owners_removing_each_other_at_once_leave_one_owner => concurrent_removal;
}

async fn invite_member(owner: &Client, provider: &str, email: Option<&str>) -> Value {
    let issued = owner
        .post(
            &format!("/api/v1/providers/{provider}/invitations"),
            &json!({ "role": "member", "email": email }),
        )
        .await;
    issued.ok(201).clone()
}

async fn invite(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("invita", None).await;
    let issued = invite_member(&owner, &provider, Some("Nuova@Invita.example")).await;
    let token = issued["token"].as_str().expect("token").to_owned();
    let link = issued["link"].as_str().expect("link");
    assert_eq!(link, format!("{}/invitations/{token}", app.anonymous.base));
    assert_eq!(issued["invitation"]["email"], "nuova@invita.example");

    let pending = owner
        .get(&format!("/api/v1/providers/{provider}/invitations"))
        .await;
    assert_eq!(pending.ok(200).as_array().map(Vec::len), Some(1));
    assert!(
        !pending.body.to_string().contains(&token),
        "tokens are shown once"
    );
    let stored = invitation::Entity::find()
        .all(&app.db.conn)
        .await
        .expect("read");
    assert!(
        stored.iter().all(|i| i.token_hash != token),
        "only a hash is stored"
    );

    let stranger = app.user("altra@invita.example", None).await;
    stranger
        .post("/api/v1/invitations/accept", &json!({ "token": token }))
        .await
        .problem(403, "forbidden");
    let invited = app.user("nuova@invita.example", None).await;
    let joined = invited
        .post("/api/v1/invitations/accept", &json!({ "token": token }))
        .await;
    assert_eq!(joined.ok(200)["organisation_id"], provider.as_str());
    assert_eq!(joined.body["role"], "member");
    let me = invited.get("/api/v1/me").await;
    assert_eq!(me.ok(200)["providers"][0]["provider_id"], provider.as_str());
    invited
        .post(
            &format!("/api/v1/providers/{provider}/offers"),
            &offer_content("Dal nuovo membro"),
        )
        .await
        .ok(201);
    let members = owner
        .get(&format!("/api/v1/providers/{provider}/members"))
        .await;
    let emails: Vec<&str> = members
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["email"].as_str())
        .collect();
    assert_eq!(emails, ["owner@invita.example", "nuova@invita.example"]);

    invited
        .post("/api/v1/invitations/accept", &json!({ "token": token }))
        .await
        .problem(410, "invitation_unavailable");
    // A member can work but not bring others in.
    invited
        .post(
            &format!("/api/v1/providers/{provider}/invitations"),
            &json!({ "role": "owner" }),
        )
        .await
        .problem(403, "forbidden");
    assert_audited(
        &app,
        &owner,
        &provider,
        &["member.invited", "member.joined"],
    )
    .await;
}

async fn assert_audited(app: &TestApp, _owner: &Client, entity: &str, actions: &[&str]) {
    let moderator = app.moderator().await;
    let log = moderator
        .get(&format!(
            "/api/v1/moderation/audit?entity_id={entity}&per_page=100"
        ))
        .await;
    let seen: Vec<String> = log.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_owned))
        .collect();
    for action in actions {
        assert!(seen.iter().any(|s| s == action), "{action} not in {seen:?}");
    }
}

async fn dead_invitations(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("scaduta", None).await;
    let someone = app.user("chiunque@scaduta.example", None).await;
    let accept = |token: &str| json!({ "token": token });

    let expired = invite_member(&owner, &provider, None).await;
    let id = expired["invitation"]["id"].as_str().unwrap();
    let row = invitation::Entity::find_by_id(uuid::Uuid::parse_str(id).unwrap())
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let mut row: invitation::ActiveModel = row.into();
    row.expires_at = Set(Utc::now() - chrono::Duration::seconds(1));
    row.update(&app.db.conn).await.unwrap();
    someone
        .post(
            "/api/v1/invitations/accept",
            &accept(expired["token"].as_str().unwrap()),
        )
        .await
        .problem(410, "invitation_unavailable");

    let revoked = invite_member(&owner, &provider, None).await;
    let revoke = format!(
        "/api/v1/providers/{provider}/invitations/{}",
        revoked["invitation"]["id"].as_str().unwrap()
    );
    assert_eq!(owner.delete(&revoke).await.status.as_u16(), 204);
    owner
        .delete(&revoke)
        .await
        .problem(410, "invitation_unavailable");
    someone
        .post(
            "/api/v1/invitations/accept",
            &accept(revoked["token"].as_str().unwrap()),
        )
        .await
        .problem(410, "invitation_unavailable");
    someone
        .post("/api/v1/invitations/accept", &accept("not-a-real-token"))
        .await
        .problem(404, "not_found");
    owner
        .post(
            &format!("/api/v1/providers/{provider}/invitations"),
            &json!({ "role": "member", "email": "nonvalida" }),
        )
        .await
        .problem(422, "invalid_email");
    assert!(
        someone.get("/api/v1/me").await.ok(200)["providers"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn removal(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("rimozione", None).await;
    let issued = invite_member(&owner, &provider, None).await;
    let member = app.user("membro@rimozione.example", None).await;
    member
        .post(
            "/api/v1/invitations/accept",
            &json!({ "token": issued["token"] }),
        )
        .await
        .ok(200);
    let member_id = member.get("/api/v1/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner_id = owner.get("/api/v1/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    member
        .delete(&format!("/api/v1/providers/{provider}/members/{owner_id}"))
        .await
        .problem(403, "forbidden");
    owner
        .delete(&format!("/api/v1/providers/{provider}/members/{owner_id}"))
        .await
        .problem(409, "last_owner");
    let removed = owner
        .delete(&format!("/api/v1/providers/{provider}/members/{member_id}"))
        .await;
    assert_eq!(removed.status.as_u16(), 204, "{}", removed.body);
    member
        .post(
            &format!("/api/v1/providers/{provider}/offers"),
            &offer_content("Dopo la rimozione"),
        )
        .await
        .problem(403, "forbidden");
    owner
        .delete(&format!("/api/v1/providers/{provider}/members/{member_id}"))
        .await
        .problem(404, "not_found");
    assert_audited(&app, &owner, &provider, &["member.removed"]).await;
}

async fn shops(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.user("titolare@forno.example", None).await;
    let created = owner
        .post("/api/v1/shops", &json!({ "name": "  Forno Rossi " }))
        .await;
    let shop = created.ok(201)["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["name"], "Forno Rossi");
    assert_eq!(created.body["members"][0]["role"], "owner");
    assert_eq!(
        owner.get("/api/v1/me").await.ok(200)["shops"][0]["shop_id"],
        shop.as_str()
    );
    owner
        .post("/api/v1/shops", &json!({ "name": "x" }))
        .await
        .problem(422, "invalid_length");

    let outsider = app.user("vicino@forno.example", None).await;
    outsider
        .get(&format!("/api/v1/shops/{shop}"))
        .await
        .problem(403, "forbidden");
    let issued = owner
        .post(
            &format!("/api/v1/shops/{shop}/invitations"),
            &json!({ "role": "member" }),
        )
        .await;
    outsider
        .post(
            "/api/v1/invitations/accept",
            &json!({ "token": issued.ok(201)["token"] }),
        )
        .await
        .ok(200);
    let seen = outsider.get(&format!("/api/v1/shops/{shop}")).await;
    assert_eq!(seen.ok(200)["members"].as_array().map(Vec::len), Some(2));
    outsider
        .post(
            &format!("/api/v1/shops/{shop}/invitations"),
            &json!({ "role": "member" }),
        )
        .await
        .problem(403, "forbidden");
    app.anonymous
        .post("/api/v1/shops", &json!({ "name": "Anonimo" }))
        .await
        .problem(401, "unauthenticated");
}

async fn concurrent_removal(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, provider) = app.provider("doppio", None).await;
    let issued = first
        .post(
            &format!("/api/v1/providers/{provider}/invitations"),
            &json!({ "role": "owner" }),
        )
        .await;
    let second = app.user("seconda@doppio.example", None).await;
    second
        .post(
            "/api/v1/invitations/accept",
            &json!({ "token": issued.ok(201)["token"] }),
        )
        .await
        .ok(200);
    let id_of = |client: &Client| {
        let client = client.clone();
        async move {
            client.get("/api/v1/me").await.ok(200)["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let (first_id, second_id) = (id_of(&first).await, id_of(&second).await);
    let remove_second = format!("/api/v1/providers/{provider}/members/{second_id}");
    let remove_first = format!("/api/v1/providers/{provider}/members/{first_id}");
    let (a, b) = tokio::join!(first.delete(&remove_second), second.delete(&remove_first));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses[0], 204, "one removal goes through: {statuses:?}");
    assert!(
        matches!(statuses[1], 403 | 409),
        "the other is refused: {statuses:?}"
    );
    let members = first
        .get(&format!("/api/v1/providers/{provider}/members"))
        .await;
    let remaining = if members.status.as_u16() == 200 {
        members
    } else {
        second
            .get(&format!("/api/v1/providers/{provider}/members"))
            .await
    };
    let owners = remaining
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "owner")
        .count();
    assert_eq!(owners, 1);
}
