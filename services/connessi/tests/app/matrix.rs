//! The authorization matrix: every endpoint of the OpenAPI document against every kind of
//! caller, with the status its access rule implies. The endpoints come from the routers
//! themselves, so a new endpoint is in the matrix without anyone adding it, and one without
//! an access rule fails the test.

use crate::support::{TestApp, spawn_app};
use connessi_platform::access::Access;
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, Client, backend_tests};
use reqwest::Method;
use serde_json::json;

backend_tests! {
    every_endpoint_answers_every_kind_of_caller_as_its_access_rule_says => matrix;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    ShopMember,
    OtherProviderMember,
    ProviderMember,
    ProviderOwner,
    Moderator,
    Admin,
    /// An API token of the provider, with every scope.
    ApiToken,
}

const CALLERS: [Caller; 8] = [
    Caller::Anonymous,
    Caller::ShopMember,
    Caller::OtherProviderMember,
    Caller::ProviderMember,
    Caller::ProviderOwner,
    Caller::Moderator,
    Caller::Admin,
    Caller::ApiToken,
];

/// The ids the routes are called with.
struct World {
    provider: String,
    other_provider: String,
    shop: String,
    draft: String,
    published: String,
    api_token: String,
}

async fn world(app: &TestApp) -> World {
    let moderator = app
        .user("moderatore@matrice.example", Some("moderator"))
        .await;
    app.user("admin@matrice.example", Some("admin")).await;
    let (owner, provider) = app.provider("matrice", Some(&moderator)).await;
    let (_, other_provider) = app.provider("altrove", Some(&moderator)).await;
    let invitation = owner
        .post(
            &format!("/api/v1/providers/{provider}/invitations"),
            &json!({ "role": "member" }),
        )
        .await;
    let member = app.user("membro@matrice.example", None).await;
    member
        .post(
            "/api/v1/invitations/accept",
            &json!({ "token": invitation.ok(201)["token"] }),
        )
        .await
        .ok(200);
    let shopkeeper = app.user("negozio@matrice.example", None).await;
    let shop = shopkeeper
        .post("/api/v1/shops", &json!({ "name": "Bottega Matrice" }))
        .await;
    let draft = app
        .draft(&owner, &provider, &offer_content("Bozza della matrice"))
        .await;
    let published = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Pubblicata della matrice"),
        )
        .await;
    let token = owner
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &json!({ "name": "gestionale", "scopes": ["read", "write_offers"] }),
        )
        .await;
    World {
        api_token: token.ok(201)["token"].as_str().unwrap().to_owned(),
        provider,
        other_provider,
        shop: shop.ok(201)["id"].as_str().unwrap().to_owned(),
        draft,
        published,
    }
}

/// A fresh session for each call: some calls end the session they are made with.
async fn client(app: &TestApp, w: &World, caller: Caller) -> Client {
    let email = match caller {
        Caller::Anonymous => return app.anonymous.clone(),
        Caller::ApiToken => return app.anonymous.with_token(Some(w.api_token.clone())),
        Caller::ShopMember => "negozio@matrice.example",
        Caller::OtherProviderMember => "owner@altrove.example",
        Caller::ProviderMember => "membro@matrice.example",
        Caller::ProviderOwner => "owner@matrice.example",
        Caller::Moderator => "moderatore@matrice.example",
        Caller::Admin => "admin@matrice.example",
    };
    app.anonymous.sign_in(email).await
}

/// The path with its parameters filled in for `rule`.
fn concrete(path: &str, rule: Access, w: &World) -> String {
    let id = match rule {
        Access::ProviderMember(_) | Access::ProviderOwner(_) => w.provider.clone(),
        Access::ShopMember(_) | Access::ShopOwner(_) => w.shop.clone(),
        Access::OwnedBy { .. } => w.draft.clone(),
        _ if path.starts_with("/api/v1/offers/") => w.published.clone(),
        _ if path.starts_with("/api/v1/providers/") => w.provider.clone(),
        _ if path.starts_with("/api/v1/moderation/offers/") => w.draft.clone(),
        _ if path.starts_with("/api/v1/moderation/providers/") => w.other_provider.clone(),
        _ if path.starts_with("/api/v1/moderation/shops/") => w.shop.clone(),
        _ => uuid::Uuid::now_v7().to_string(),
    };
    path.replace("{id}", &id)
        .replace("{user_id}", &uuid::Uuid::now_v7().to_string())
        .replace("{invitation_id}", &uuid::Uuid::now_v7().to_string())
        .replace("{token_id}", &uuid::Uuid::now_v7().to_string())
        .replace("{request_id}", &uuid::Uuid::now_v7().to_string())
        .replace("{round_id}", &uuid::Uuid::now_v7().to_string())
        .replace("{message_id}", &uuid::Uuid::now_v7().to_string())
        .replace("{action}", "accept")
        .replace("{provider}", "test")
}

/// Whether the rule lets the caller through (for the world's ids).
fn allowed(rule: Access, caller: Caller) -> bool {
    use Caller::*;
    match rule {
        Access::Public => true,
        Access::SignedIn => caller != Anonymous,
        Access::Moderator => matches!(caller, Moderator | Admin),
        Access::Admin => caller == Admin,
        Access::ProviderMember(_) | Access::OwnedBy { .. } => {
            matches!(caller, ProviderMember | ProviderOwner)
        }
        Access::ProviderOwner(_) => caller == ProviderOwner,
        Access::ShopMember(_) | Access::ShopOwner(_) => caller == ShopMember,
    }
}

/// The refusal the rule gives a caller it does not let through.
fn refusal(rule: Access, caller: Caller) -> u16 {
    match (rule, caller) {
        (_, Caller::Anonymous) => 401,
        // An outsider must not learn that the provider's unpublished offer exists.
        (Access::OwnedBy { .. }, Caller::ShopMember | Caller::OtherProviderMember) => 404,
        _ => 403,
    }
}

/// The access table of every service the all-in-one application serves.
fn access_tables() -> [connessi_platform::access::AccessTable; 4] {
    [
        connessi_catalogue::access::table(),
        connessi_matching::access::table(),
        connessi_messaging::access::table(),
        connessi_platform::routes::table(),
    ]
}

async fn matrix(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let openapi = connessi::app::openapi();
    let tables = access_tables();
    let rule_of = |method: &Method, path: &str| tables.iter().find_map(|t| t.rule(method, path));
    let token_scope_of =
        |method: &Method, path: &str| tables.iter().find_map(|t| t.token_scope(method, path));

    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let operations = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::DELETE, item.delete.is_some()),
            (Method::PATCH, item.patch.is_some()),
        ];
        for (method, _) in operations.into_iter().filter(|(_, present)| *present) {
            let Some(rule) = rule_of(&method, path) else {
                failures.push(format!("{method} {path} has no access rule"));
                continue;
            };
            let url = concrete(path, rule, &w);
            let mut statuses = Vec::new();
            for caller in CALLERS {
                let client = client(&app, &w, caller).await;
                let body = (method != Method::GET && method != Method::DELETE).then(|| json!({}));
                let reply = client.send(method.clone(), &url, body.as_ref()).await;
                let status = reply.status.as_u16();
                statuses.push(status);
                // The access layer's own 404 hides the resource; a handler's 404 (e.g. "no
                // revision here") comes after the caller was let through.
                let hidden = status == 404 && reply.body["detail"] == "no offer here";
                let open_to_token = token_scope_of(&method, path).is_some();
                let ok = if caller == Caller::ApiToken && !open_to_token {
                    status == 403
                } else if caller == Caller::ApiToken {
                    // A token acts as a member of its provider.
                    if allowed(rule, Caller::ProviderMember) {
                        !matches!(status, 401 | 403) && !hidden
                    } else {
                        status == refusal(rule, Caller::ProviderMember)
                    }
                } else if allowed(rule, caller) {
                    !matches!(status, 401 | 403) && !hidden
                } else {
                    status == refusal(rule, caller)
                };
                if !ok {
                    failures.push(format!(
                        "{method} {path} ({rule:?}) as {caller:?}: {status}"
                    ));
                }
                checked += 1;
            }
            // Tokens are left out: where they may not go they are refused even on public routes.
            statuses.pop();
            if matches!(rule, Access::Public) && statuses.iter().any(|s| *s != statuses[0]) {
                failures.push(format!(
                    "public {method} {path} answers callers differently: {statuses:?}"
                ));
            }
        }
    }
    for table in &tables {
        for (method, path, _) in table.rules() {
            let documented = openapi.paths.paths.contains_key(&path);
            if !documented {
                failures.push(format!(
                    "rule for {method} {path} names no documented endpoint"
                ));
            }
        }
    }
    assert!(checked >= 8 * 50, "only {checked} calls were made");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The rules as reviewed: a second key on the tables, so that changing who may call an
/// endpoint, or adding one, is a visible change to this list and not only to the code.
const REVIEWED_RULES: &[(&str, &str, &str)] = &[
    ("POST", "/api/v1/shops/{id}/enquiries", "ShopMember(id)"),
    (
        "POST",
        "/api/v1/onboarding-requests/{request_id}/conversation",
        "SignedIn",
    ),
    ("GET", "/api/v1/events", "SignedIn"),
    ("POST", "/api/v1/saved-searches", "Public"),
    ("GET", "/api/v1/widget/search", "Public"),
    ("POST", "/api/v1/embeds", "SignedIn"),
    ("GET", "/api/v1/embeds", "SignedIn"),
    ("GET", "/api/v1/embeds/{id}", "SignedIn"),
    ("PUT", "/api/v1/embeds/{id}", "SignedIn"),
    ("GET", "/api/v1/embeds/{id}/traffic", "SignedIn"),
    ("GET", "/api/v1/moderation/embeds", "Moderator"),
    (
        "POST",
        "/api/v1/moderation/embeds/{id}/decision",
        "Moderator",
    ),
    ("GET", "/api/v1/saved-searches/confirm/{token}", "Public"),
    ("POST", "/api/v1/saved-searches/confirm/{token}", "Public"),
    (
        "GET",
        "/api/v1/saved-searches/unsubscribe/{token}",
        "Public",
    ),
    (
        "POST",
        "/api/v1/saved-searches/unsubscribe/{token}",
        "Public",
    ),
    ("GET", "/api/v1/me/saved-searches", "SignedIn"),
    ("DELETE", "/api/v1/me/saved-searches/{id}", "SignedIn"),
    ("GET", "/api/v1/notifications", "SignedIn"),
    ("POST", "/api/v1/notifications/read", "SignedIn"),
    ("GET", "/api/v1/me/notification-settings", "SignedIn"),
    ("PUT", "/api/v1/me/notification-settings", "SignedIn"),
    ("GET", "/api/v1/unsubscribe/{token}", "Public"),
    ("POST", "/api/v1/unsubscribe/{token}", "Public"),
    ("GET", "/api/v1/conversations", "SignedIn"),
    ("GET", "/api/v1/conversations/{id}", "SignedIn"),
    ("GET", "/api/v1/conversations/{id}/messages", "SignedIn"),
    ("POST", "/api/v1/conversations/{id}/messages", "SignedIn"),
    (
        "PATCH",
        "/api/v1/conversations/{id}/messages/{message_id}",
        "SignedIn",
    ),
    (
        "DELETE",
        "/api/v1/conversations/{id}/messages/{message_id}",
        "SignedIn",
    ),
    ("POST", "/api/v1/conversations/{id}/read", "SignedIn"),
    (
        "POST",
        "/api/v1/conversations/{id}/messages/{message_id}/report",
        "SignedIn",
    ),
    ("GET", "/api/v1/moderation/message-reports", "Moderator"),
    (
        "POST",
        "/api/v1/moderation/message-reports/{id}/resolve",
        "Moderator",
    ),
    ("PUT", "/api/v1/moderation/users/{id}/block", "Moderator"),
    ("GET", "/api/v1/shops/{id}/follow-ups", "ShopMember(id)"),
    (
        "PUT",
        "/api/v1/shops/{id}/follow-ups/{follow_up_id}",
        "ShopMember(id)",
    ),
    (
        "GET",
        "/api/v1/shops/{id}/recommendations",
        "ShopMember(id)",
    ),
    ("GET", "/api/v1/acceptance-criteria", "Public"),
    ("GET", "/api/v1/admin/users", "Admin"),
    ("PUT", "/api/v1/admin/users/{id}/platform-role", "Admin"),
    ("GET", "/api/v1/auth/providers", "Public"),
    ("POST", "/api/v1/dev/sign-in", "Public"),
    ("POST", "/api/v1/invitations/accept", "SignedIn"),
    ("GET", "/api/v1/me", "SignedIn"),
    ("GET", "/api/v1/moderation/audit", "Moderator"),
    (
        "POST",
        "/api/v1/moderation/offers/{id}/decision",
        "Moderator",
    ),
    (
        "POST",
        "/api/v1/moderation/offers/{id}/reinstate",
        "Moderator",
    ),
    (
        "POST",
        "/api/v1/moderation/offers/{id}/suspend",
        "Moderator",
    ),
    (
        "PUT",
        "/api/v1/moderation/providers/{id}/verification",
        "Moderator",
    ),
    ("GET", "/api/v1/moderation/figures", "Moderator"),
    ("GET", "/api/v1/moderation/rounds", "Moderator"),
    ("POST", "/api/v1/moderation/rounds", "Moderator"),
    ("GET", "/api/v1/moderation/rounds/{id}", "Moderator"),
    ("PUT", "/api/v1/moderation/rounds/{id}", "Moderator"),
    (
        "POST",
        "/api/v1/moderation/rounds/{id}/dry-run",
        "Moderator",
    ),
    (
        "POST",
        "/api/v1/moderation/rounds/{id}/publish",
        "Moderator",
    ),
    ("GET", "/api/v1/moderation/rounds/{id}/results", "Moderator"),
    ("GET", "/api/v1/rounds", "Public"),
    ("GET", "/api/v1/rounds/{id}", "Public"),
    (
        "PUT",
        "/api/v1/shops/{id}/rounds/{round_id}/application",
        "ShopMember(id)",
    ),
    (
        "GET",
        "/api/v1/shops/{id}/rounds/{round_id}/application",
        "ShopMember(id)",
    ),
    (
        "DELETE",
        "/api/v1/shops/{id}/rounds/{round_id}/application",
        "ShopMember(id)",
    ),
    (
        "GET",
        "/api/v1/shops/{id}/rounds/{round_id}/result",
        "ShopMember(id)",
    ),
    ("GET", "/api/v1/moderation/queue", "Moderator"),
    ("GET", "/api/v1/moderation/requests/overdue", "Moderator"),
    ("GET", "/api/v1/moderation/shops", "Moderator"),
    (
        "PUT",
        "/api/v1/moderation/shops/{id}/priority-verification",
        "Moderator",
    ),
    (
        "POST",
        "/api/v1/moderation/revisions/{id}/decision",
        "Moderator",
    ),
    ("GET", "/api/v1/offers", "Public"),
    ("GET", "/api/v1/offers/search", "Public"),
    ("GET", "/api/v1/offers/{id}", "Public"),
    ("PUT", "/api/v1/offers/{id}", "OwnedBy(offer id)"),
    (
        "DELETE",
        "/api/v1/offers/{id}/revision",
        "OwnedBy(offer id)",
    ),
    ("POST", "/api/v1/offers/{id}/submit", "OwnedBy(offer id)"),
    ("POST", "/api/v1/offers/{id}/withdraw", "OwnedBy(offer id)"),
    ("GET", "/api/v1/providers", "Public"),
    ("POST", "/api/v1/providers", "SignedIn"),
    ("GET", "/api/v1/providers/{id}", "Public"),
    (
        "GET",
        "/api/v1/providers/{id}/api-tokens",
        "ProviderOwner(id)",
    ),
    (
        "POST",
        "/api/v1/providers/{id}/api-tokens",
        "ProviderOwner(id)",
    ),
    (
        "DELETE",
        "/api/v1/providers/{id}/api-tokens/{token_id}",
        "ProviderOwner(id)",
    ),
    (
        "GET",
        "/api/v1/providers/{id}/figures",
        "ProviderMember(id)",
    ),
    ("PUT", "/api/v1/providers/{id}", "ProviderMember(id)"),
    (
        "GET",
        "/api/v1/providers/{id}/invitations",
        "ProviderOwner(id)",
    ),
    (
        "POST",
        "/api/v1/providers/{id}/invitations",
        "ProviderOwner(id)",
    ),
    (
        "DELETE",
        "/api/v1/providers/{id}/invitations/{invitation_id}",
        "ProviderOwner(id)",
    ),
    (
        "GET",
        "/api/v1/providers/{id}/members",
        "ProviderMember(id)",
    ),
    (
        "DELETE",
        "/api/v1/providers/{id}/members/{user_id}",
        "ProviderOwner(id)",
    ),
    ("GET", "/api/v1/providers/{id}/offers", "Public"),
    (
        "GET",
        "/api/v1/providers/{id}/requests",
        "ProviderMember(id)",
    ),
    (
        "POST",
        "/api/v1/providers/{id}/requests/{request_id}/{action}",
        "ProviderMember(id)",
    ),
    (
        "POST",
        "/api/v1/providers/{id}/offers",
        "ProviderMember(id)",
    ),
    (
        "POST",
        "/api/v1/providers/{id}/offers/import",
        "ProviderMember(id)",
    ),
    ("POST", "/api/v1/shops", "SignedIn"),
    ("GET", "/api/v1/shops/{id}", "ShopMember(id)"),
    ("GET", "/api/v1/shops/{id}/invitations", "ShopOwner(id)"),
    ("POST", "/api/v1/shops/{id}/invitations", "ShopOwner(id)"),
    (
        "DELETE",
        "/api/v1/shops/{id}/invitations/{invitation_id}",
        "ShopOwner(id)",
    ),
    ("GET", "/api/v1/shops/{id}/members", "ShopMember(id)"),
    ("GET", "/api/v1/shops/{id}/profile", "ShopMember(id)"),
    ("GET", "/api/v1/shops/{id}/requests", "ShopMember(id)"),
    ("POST", "/api/v1/shops/{id}/requests", "ShopMember(id)"),
    (
        "POST",
        "/api/v1/shops/{id}/requests/{request_id}/withdraw",
        "ShopMember(id)",
    ),
    ("PUT", "/api/v1/shops/{id}/profile", "ShopMember(id)"),
    (
        "DELETE",
        "/api/v1/shops/{id}/members/{user_id}",
        "ShopOwner(id)",
    ),
    ("POST", "/api/v1/sign-out", "SignedIn"),
    ("POST", "/api/v1/sign-out/everywhere", "SignedIn"),
    ("GET", "/api/v1/territories/comuni", "Public"),
    ("GET", "/api/v1/territories/provinces", "Public"),
    ("GET", "/api/v1/territories/regions", "Public"),
    ("GET", "/api/v1/vocabularies", "Public"),
    ("GET", "/auth/{provider}/callback", "Public"),
    ("GET", "/auth/{provider}/login", "Public"),
    ("GET", "/healthz", "Public"),
    ("GET", "/readyz", "Public"),
];

#[test]
fn the_access_rules_are_the_reviewed_ones() {
    let mut actual: Vec<(String, String, String)> = access_tables()
        .iter()
        .flat_map(|t| t.rules())
        .map(|(method, path, rule)| (method.to_string(), path, format!("{rule:?}")))
        .collect();
    actual.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    let mut reviewed: Vec<(String, String, String)> = REVIEWED_RULES
        .iter()
        .map(|(m, p, r)| (m.to_string(), p.to_string(), r.to_string()))
        .collect();
    reviewed.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    assert_eq!(actual, reviewed);
}
