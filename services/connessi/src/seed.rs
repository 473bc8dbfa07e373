//! The demo data set: accounts, providers and offers in every state, loaded through the same
//! operations the API uses, so the audit log and the outbox tell a true story.

use chrono::Utc;
use connessi_catalogue::ops;
use connessi_catalogue::ops::moderation::{Checklist, Decision, DecisionKind};
use connessi_catalogue::store::offers as offer_store;
use connessi_domain::provider::ProviderProfile;
use connessi_domain::{Actor, OfferAction, OfferContent, OfferId, OfferStatus, ProviderId, UserId};
use connessi_platform::entities::user;
use connessi_platform::{auth, db};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde::Deserialize;

const DEMO: &str = include_str!("../seed/demo.json");
/// The account whose presence means the demo set is loaded.
pub const MODERATOR_EMAIL: &str = "moderatrice@connessi.example";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSet {
    accounts: Vec<DemoAccount>,
    providers: Vec<DemoProvider>,
    offers: Vec<DemoOffer>,
    shops: Vec<DemoShop>,
}

/// A shop with its owner and profile, so recommendations can be tried.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoShop {
    name: String,
    owner: DemoOwner,
    profile: connessi_domain::shop::ShopProfile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccount {
    email: String,
    display_name: String,
    platform_role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProvider {
    key: String,
    #[serde(flatten)]
    profile: ProviderProfile,
    verified: bool,
    owner: DemoOwner,
}

#[derive(Deserialize)]
struct DemoOwner {
    email: String,
    display_name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOffer {
    provider: String,
    status: OfferStatus,
    reason: Option<String>,
    content: OfferContent,
}

/// What the loader did.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub already_loaded: bool,
    pub providers: usize,
    pub offers: usize,
    pub shops: usize,
}

/// Loads the demo set unless it is already there.
pub async fn load_demo(conn: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if auth::find_user_by_email(conn, MODERATOR_EMAIL)
        .await
        .map_err(err)?
        .is_some()
    {
        return Ok(SeedReport {
            already_loaded: true,
            ..Default::default()
        });
    }
    let demo: DemoSet = serde_json::from_str(DEMO)?;
    let mut moderator = None;
    for account in &demo.accounts {
        let id = create_user(
            conn,
            &account.email,
            &account.display_name,
            account.platform_role.clone(),
        )
        .await?;
        if account.platform_role.as_deref() == Some("moderator") {
            moderator = Some(actor(conn, id).await?);
        }
    }
    let moderator = moderator.ok_or_else(|| anyhow::anyhow!("the demo set has no moderator"))?;
    let mut owners = std::collections::HashMap::new();
    for provider in &demo.providers {
        let owner_id = create_user(
            conn,
            &provider.owner.email,
            &provider.owner.display_name,
            None,
        )
        .await?;
        let owner = actor(conn, owner_id).await?;
        let profile = provider.profile.clone();
        let created = db::write(conn, |txn| {
            let (owner, profile) = (owner.clone(), profile.clone());
            Box::pin(async move { ops::providers::register(txn, &owner, profile).await })
        })
        .await
        .map_err(err)?;
        let id = ProviderId(created.id);
        if provider.verified {
            write(conn, &moderator, move |txn, m| {
                Box::pin(async move {
                    ops::moderation::set_verification(txn, &m, id, true, None)
                        .await
                        .map(|_| ())
                })
            })
            .await?;
        }
        owners.insert(provider.key.clone(), (id, actor(conn, owner_id).await?));
    }
    for offer in &demo.offers {
        let (provider, owner) = owners
            .get(&offer.provider)
            .ok_or_else(|| anyhow::anyhow!("unknown provider key {}", offer.provider))?;
        load_offer(conn, &moderator, owner, *provider, offer).await?;
    }
    for shop in &demo.shops {
        load_shop(conn, shop).await?;
    }
    Ok(SeedReport {
        already_loaded: false,
        providers: demo.providers.len(),
        offers: demo.offers.len(),
        shops: demo.shops.len(),
    })
}

/// Walks one offer to its target state through the real operations.
async fn load_shop(conn: &DatabaseConnection, shop: &DemoShop) -> anyhow::Result<()> {
    let owner_id = create_user(conn, &shop.owner.email, &shop.owner.display_name, None).await?;
    let owner = actor(conn, owner_id).await?;
    let profile = shop
        .profile
        .clone()
        .checked()
        .map_err(|errors| anyhow::anyhow!("demo shop {}: {errors:?}", shop.name))?;
    let name = shop.name.clone();
    db::write(conn, |txn| {
        let (owner, name, profile) = (owner.clone(), name.clone(), profile.clone());
        Box::pin(async move {
            let id = connessi_platform::organisations::create_shop(txn, &owner, &name).await?;
            connessi_matching::profile::save(txn, &owner, id, profile).await?;
            Ok(())
        })
    })
    .await
    .map_err(err)
}

async fn load_offer(
    conn: &DatabaseConnection,
    moderator: &Actor,
    owner: &Actor,
    provider: ProviderId,
    offer: &DemoOffer,
) -> anyhow::Result<()> {
    let content = ops::offers::checked(offer.content.clone()).map_err(err)?;
    let created = db::write(conn, |txn| {
        let (owner, content) = (owner.clone(), content.clone());
        Box::pin(async move { ops::offers::create(txn, &owner, provider, content).await })
    })
    .await
    .map_err(err)?;
    let id = OfferId(created.id);
    let reason = offer.reason.clone();
    use OfferStatus as S;
    if offer.status == S::Draft {
        return Ok(());
    }
    if offer.status == S::Withdrawn {
        return write(conn, owner, move |txn, a| {
            Box::pin(async move { ops::offers::withdraw(txn, &a, id).await.map(|_| ()) })
        })
        .await;
    }
    write(conn, owner, move |txn, a| {
        Box::pin(async move { ops::offers::submit(txn, &a, id).await.map(|_| ()) })
    })
    .await?;
    let decision = match offer.status {
        S::Submitted => return Ok(()),
        S::ChangesRequested => DecisionKind::RequestChanges,
        S::Rejected => DecisionKind::Reject,
        _ => DecisionKind::Approve,
    };
    let checklist = (decision == DecisionKind::Approve).then_some(Checklist {
        free: true,
        no_renewal_obligation: true,
        free_period_stated: true,
        has_territory: true,
        provider_verified: true,
    });
    let decision = Decision {
        decision,
        reason: if checklist.is_some() {
            None
        } else {
            reason.clone()
        },
        checklist,
    };
    write(conn, moderator, move |txn, m| {
        let decision = decision.clone();
        Box::pin(async move {
            ops::moderation::decide_offer(txn, &m, id, decision)
                .await
                .map(|_| ())
        })
    })
    .await?;
    match offer.status {
        S::Suspended => {
            write(conn, moderator, move |txn, m| {
                let reason = reason.clone();
                Box::pin(async move {
                    ops::moderation::suspend_or_reinstate(txn, &m, id, OfferAction::Suspend, reason)
                        .await
                        .map(|_| ())
                })
            })
            .await
        }
        S::Expired => expire_now(conn, id).await,
        _ => Ok(()),
    }
}

/// Demo offers that "have expired" get an end date in the past, then the expiry sweep runs.
async fn expire_now(conn: &DatabaseConnection, id: OfferId) -> anyhow::Result<()> {
    let model = offer_store::find(conn, id)
        .await
        .map_err(err)?
        .ok_or_else(|| anyhow::anyhow!("offer vanished"))?;
    let mut active: connessi_catalogue::entities::offer::ActiveModel = model.into();
    active.expires_at = Set(Some(Utc::now() - chrono::Duration::days(1)));
    active.update(conn).await?;
    ops::expiry::sweep(conn, Utc::now()).await.map_err(err)?;
    Ok(())
}

async fn write<F>(conn: &DatabaseConnection, actor: &Actor, op: F) -> anyhow::Result<()>
where
    F: for<'c> Fn(&'c sea_orm::DatabaseTransaction, Actor) -> db::TxWork<'c, ()> + Send + Sync,
{
    db::write(conn, |txn| op(txn, actor.clone()))
        .await
        .map_err(err)
}

async fn create_user(
    conn: &DatabaseConnection,
    email: &str,
    display_name: &str,
    role: Option<String>,
) -> anyhow::Result<UserId> {
    let id = UserId::new();
    user::Entity::insert(user::ActiveModel {
        blocked_at: Set(None),
        blocked_reason: Set(None),
        id: Set(id.0),
        email: Set(email.to_ascii_lowercase()),
        display_name: Set(display_name.to_owned()),
        platform_role: Set(role),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}

async fn actor(conn: &DatabaseConnection, id: UserId) -> anyhow::Result<Actor> {
    let user = auth::load_user(conn, id)
        .await
        .map_err(err)?
        .ok_or_else(|| anyhow::anyhow!("user vanished"))?;
    Ok(Actor::User(user))
}

fn err(error: connessi_platform::ApiError) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: {} {}",
        error.code.name(),
        error.detail,
        error.internal.unwrap_or_default()
    )
}
