//! Who a verified identity is: users are matched by issuer and subject. A first sign-in links
//! to an existing account only when the provider vouches for the e-mail (`email_verified`),
//! which is how accounts made beforehand (demo, invited, moderators) are claimed; otherwise it
//! creates the account. The e-mail is kept up to date at each sign-in.

use super::flow::Verified;
use super::refused;
use crate::entities::{user, user_identity};
use crate::problem::{ApiError, ApiResult};
use chrono::Utc;
use connessi_domain::{ErrorCode, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// The user a sign-in is for, and whether the account was made by it.
#[derive(Debug, Clone, Copy)]
pub struct SignedInIdentity {
    pub user_id: UserId,
    pub created: bool,
}

/// Finds, links or creates the user of `verified`; call inside a transaction.
pub async fn sign_in_identity(
    db: &impl ConnectionTrait,
    verified: &Verified,
) -> ApiResult<SignedInIdentity> {
    let email = verified
        .email
        .as_deref()
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| e.contains('@') && e.len() <= 254);
    let now = Utc::now();
    let known =
        user_identity::Entity::find_by_id((verified.issuer.clone(), verified.subject.clone()))
            .one(db)
            .await?;
    if let Some(identity) = known {
        let user_id = UserId(identity.user_id);
        let mut active: user_identity::ActiveModel = identity.into();
        active.email = Set(email.clone());
        active.last_sign_in_at = Set(now);
        active.update(db).await?;
        if let Some(email) = email.filter(|_| verified.email_verified) {
            update_email(db, user_id, &email).await?;
        }
        return Ok(SignedInIdentity {
            user_id,
            created: false,
        });
    }
    let Some(email) = email else {
        return Err(refused(
            "the sign-in provider did not share an e-mail address; allow it and try again",
            "no email claim",
        ));
    };
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?;
    let (user_id, created) = match existing {
        Some(account) if verified.email_verified => (UserId(account.id), false),
        Some(_) => {
            return Err(ApiError::new(
                ErrorCode::EmailTaken,
                "an account with this e-mail exists, and the sign-in provider has not verified the address",
            ));
        }
        None => (
            create_user(db, &email, verified.name.as_deref()).await?,
            true,
        ),
    };
    user_identity::Entity::insert(user_identity::ActiveModel {
        issuer: Set(verified.issuer.clone()),
        subject: Set(verified.subject.clone()),
        user_id: Set(user_id.0),
        email: Set(Some(email)),
        created_at: Set(now),
        last_sign_in_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(SignedInIdentity { user_id, created })
}

async fn create_user(
    db: &impl ConnectionTrait,
    email: &str,
    name: Option<&str>,
) -> ApiResult<UserId> {
    let id = UserId::new();
    let display_name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email));
    user::Entity::insert(user::ActiveModel {
        blocked_at: Set(None),
        blocked_reason: Set(None),
        id: Set(id.0),
        email: Set(email.to_owned()),
        display_name: Set(display_name.chars().take(200).collect()),
        platform_role: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Takes the provider's new e-mail for the user, unless another account already has it (then
/// the old one stays and the clash is logged for an administrator).
async fn update_email(db: &impl ConnectionTrait, user_id: UserId, email: &str) -> ApiResult<()> {
    let holder = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?;
    match holder {
        Some(holder) if holder.id == user_id.0 => Ok(()),
        Some(_) => {
            tracing::warn!(user_id = %user_id.0, "sign-in e-mail belongs to another account; kept the old one");
            Ok(())
        }
        None => {
            user::Entity::update_many()
                .col_expr(user::Column::Email, email.into())
                .filter(user::Column::Id.eq(user_id.0))
                .exec(db)
                .await?;
            Ok(())
        }
    }
}
