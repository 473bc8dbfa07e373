//! Sign-in with OpenID Connect and server-side sessions: the identities a user signs in with
//! (issuer and subject), the login attempts waiting for their callback, and sessions with idle
//! and absolute expiry and a CSRF token. Sessions are recreated: every earlier sign-in ends.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Sessions::Table).if_exists().to_owned())
            .await?;
        manager.create_table(sessions()).await?;
        manager.create_table(identities()).await?;
        manager.create_table(logins()).await?;
        manager
            .create_index(
                Index::create()
                    .name("sessions_by_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("identities_by_user")
                    .table(UserIdentities::Table)
                    .col(UserIdentities::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OidcLogins::Table.into_iden(),
            UserIdentities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

fn user_fk(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn sessions() -> TableCreateStatement {
    Table::create()
        .table(Sessions::Table)
        .col(string_len(Sessions::TokenHash, 64).primary_key())
        .col(uuid(Sessions::UserId))
        // "bearer" (development sign-in, sent as Authorization) or "cookie" (browser sign-in).
        .col(string_len(Sessions::Transport, 10))
        .col(string_len(Sessions::Method, 100))
        .col(string_len(Sessions::CsrfToken, 64))
        .col(timestamp_with_time_zone(Sessions::CreatedAt))
        .col(timestamp_with_time_zone(Sessions::LastSeenAt))
        .col(timestamp_with_time_zone(Sessions::ExpiresAt))
        .foreign_key(&mut user_fk((Sessions::Table, Sessions::UserId)))
        .to_owned()
}

fn identities() -> TableCreateStatement {
    Table::create()
        .table(UserIdentities::Table)
        .col(string_len(UserIdentities::Issuer, 500))
        .col(string_len(UserIdentities::Subject, 255))
        .col(uuid(UserIdentities::UserId))
        .col(string_len_null(UserIdentities::Email, 254))
        .col(timestamp_with_time_zone(UserIdentities::CreatedAt))
        .col(timestamp_with_time_zone(UserIdentities::LastSignInAt))
        .primary_key(
            Index::create()
                .col(UserIdentities::Issuer)
                .col(UserIdentities::Subject),
        )
        .foreign_key(&mut user_fk((
            UserIdentities::Table,
            UserIdentities::UserId,
        )))
        .to_owned()
}

fn logins() -> TableCreateStatement {
    Table::create()
        .table(OidcLogins::Table)
        .col(string_len(OidcLogins::StateHash, 64).primary_key())
        .col(string_len(OidcLogins::BindingHash, 64))
        .col(string_len(OidcLogins::Provider, 100))
        .col(string_len(OidcLogins::Nonce, 200))
        .col(string_len(OidcLogins::PkceVerifier, 200))
        .col(string_len(OidcLogins::ReturnTo, 2000))
        .col(timestamp_with_time_zone(OidcLogins::CreatedAt))
        .col(timestamp_with_time_zone(OidcLogins::ExpiresAt))
        .to_owned()
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
    UserId,
    Transport,
    Method,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum UserIdentities {
    Table,
    Issuer,
    Subject,
    UserId,
    Email,
    CreatedAt,
    LastSignInAt,
}

#[derive(DeriveIden)]
enum OidcLogins {
    Table,
    StateHash,
    BindingHash,
    Provider,
    Nonce,
    PkceVerifier,
    ReturnTo,
    CreatedAt,
    ExpiresAt,
}
