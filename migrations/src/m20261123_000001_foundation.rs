//! Accounts, sessions, providers, offers and their revisions, the facets of published content,
//! the audit log and the outbox of domain events.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

// sea-orm-migration's trait elides the SchemaManager lifetime; spelling it here would not match.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "outbox",
            "audit_log",
            "offer_facets",
            "offer_revisions",
            "offers",
            "sessions",
            "provider_members",
            "providers",
            "users",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(name)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(Users::Table)
            .col(pk_uuid(Users::Id))
            .col(string_len_uniq(Users::Email, 254))
            .col(string_len(Users::DisplayName, 200))
            .col(string_len_null(Users::PlatformRole, 20))
            .col(timestamp_with_time_zone(Users::CreatedAt))
            .to_owned(),
        Table::create()
            .table(Providers::Table)
            .col(pk_uuid(Providers::Id))
            .col(string_len(Providers::LegalName, 200))
            .col(string_len_uniq(Providers::PartitaIva, 11))
            .col(string_len(Providers::Website, 2000))
            .col(string_len(Providers::ContactEmail, 254))
            .col(text(Providers::Description))
            .col(string_len_null(Providers::LogoUrl, 2000))
            .col(boolean(Providers::Verified).default(false))
            .col(timestamp_with_time_zone_null(Providers::VerifiedAt))
            .col(timestamp_with_time_zone(Providers::CreatedAt))
            .col(timestamp_with_time_zone(Providers::UpdatedAt))
            .to_owned(),
        Table::create()
            .table(ProviderMembers::Table)
            .col(uuid(ProviderMembers::ProviderId))
            .col(uuid(ProviderMembers::UserId))
            .col(string_len(ProviderMembers::Role, 20))
            .col(timestamp_with_time_zone(ProviderMembers::CreatedAt))
            .primary_key(
                Index::create()
                    .col(ProviderMembers::ProviderId)
                    .col(ProviderMembers::UserId),
            )
            .foreign_key(&mut fk(
                (ProviderMembers::Table, ProviderMembers::ProviderId),
                (Providers::Table, Providers::Id),
            ))
            .foreign_key(&mut fk(
                (ProviderMembers::Table, ProviderMembers::UserId),
                (Users::Table, Users::Id),
            ))
            .to_owned(),
        Table::create()
            .table(Sessions::Table)
            .col(string_len(Sessions::TokenHash, 64).primary_key())
            .col(uuid(Sessions::UserId))
            .col(timestamp_with_time_zone(Sessions::CreatedAt))
            .col(timestamp_with_time_zone(Sessions::ExpiresAt))
            .foreign_key(&mut fk(
                (Sessions::Table, Sessions::UserId),
                (Users::Table, Users::Id),
            ))
            .to_owned(),
        Table::create()
            .table(Offers::Table)
            .col(pk_uuid(Offers::Id))
            .col(uuid(Offers::ProviderId))
            .col(string_len(Offers::Status, 20))
            .col(text(Offers::Content))
            .col(string_len(Offers::TitleIt, 200))
            .col(integer_null(Offers::Capacity))
            .col(timestamp_with_time_zone_null(Offers::ExpiresAt))
            .col(string_len_null(Offers::ModerationAction, 40))
            .col(text_null(Offers::ModerationReason))
            .col(timestamp_with_time_zone_null(Offers::ModeratedAt))
            .col(timestamp_with_time_zone_null(Offers::SubmittedAt))
            .col(timestamp_with_time_zone_null(Offers::PublishedAt))
            .col(timestamp_with_time_zone(Offers::CreatedAt))
            .col(timestamp_with_time_zone(Offers::UpdatedAt))
            .col(integer(Offers::Version).default(1))
            .foreign_key(&mut fk(
                (Offers::Table, Offers::ProviderId),
                (Providers::Table, Providers::Id),
            ))
            .to_owned(),
        Table::create()
            .table(OfferRevisions::Table)
            .col(pk_uuid(OfferRevisions::Id))
            .col(uuid(OfferRevisions::OfferId))
            .col(string_len(OfferRevisions::Status, 20))
            .col(text(OfferRevisions::Content))
            .col(text_null(OfferRevisions::ModerationReason))
            .col(timestamp_with_time_zone_null(OfferRevisions::SubmittedAt))
            .col(timestamp_with_time_zone_null(OfferRevisions::DecidedAt))
            .col(timestamp_with_time_zone(OfferRevisions::CreatedAt))
            .col(timestamp_with_time_zone(OfferRevisions::UpdatedAt))
            .foreign_key(&mut fk(
                (OfferRevisions::Table, OfferRevisions::OfferId),
                (Offers::Table, Offers::Id),
            ))
            .to_owned(),
        Table::create()
            .table(OfferFacets::Table)
            .col(uuid(OfferFacets::OfferId))
            .col(string_len(OfferFacets::Facet, 40))
            .col(string_len(OfferFacets::Value, 40))
            .primary_key(
                Index::create()
                    .col(OfferFacets::OfferId)
                    .col(OfferFacets::Facet)
                    .col(OfferFacets::Value),
            )
            .foreign_key(&mut fk(
                (OfferFacets::Table, OfferFacets::OfferId),
                (Offers::Table, Offers::Id),
            ))
            .to_owned(),
        Table::create()
            .table(AuditLog::Table)
            .col(big_pk_auto(AuditLog::Id))
            .col(timestamp_with_time_zone(AuditLog::At))
            .col(string_len(AuditLog::ActorKind, 20))
            .col(uuid_null(AuditLog::ActorId))
            .col(string_len(AuditLog::ActorLabel, 254))
            .col(string_len(AuditLog::Action, 60))
            .col(string_len(AuditLog::EntityKind, 40))
            .col(uuid(AuditLog::EntityId))
            .col(string_len_null(AuditLog::FromStatus, 20))
            .col(string_len_null(AuditLog::ToStatus, 20))
            .col(text_null(AuditLog::Reason))
            .col(text_null(AuditLog::Details))
            .to_owned(),
        Table::create()
            .table(Outbox::Table)
            .col(big_pk_auto(Outbox::Id))
            .col(timestamp_with_time_zone(Outbox::OccurredAt))
            .col(string_len(Outbox::Kind, 60))
            .col(string_len(Outbox::Aggregate, 40))
            .col(uuid(Outbox::AggregateId))
            .col(text(Outbox::Payload))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    let index = |name: &str| Index::create().name(name).to_owned();
    vec![
        index("idx_provider_members_user")
            .table(ProviderMembers::Table)
            .col(ProviderMembers::UserId)
            .to_owned(),
        index("idx_sessions_user")
            .table(Sessions::Table)
            .col(Sessions::UserId)
            .to_owned(),
        index("idx_offers_status_published")
            .table(Offers::Table)
            .col(Offers::Status)
            .col(Offers::PublishedAt)
            .to_owned(),
        index("idx_offers_status_submitted")
            .table(Offers::Table)
            .col(Offers::Status)
            .col(Offers::SubmittedAt)
            .to_owned(),
        index("idx_offers_provider")
            .table(Offers::Table)
            .col(Offers::ProviderId)
            .to_owned(),
        index("idx_offers_expires")
            .table(Offers::Table)
            .col(Offers::ExpiresAt)
            .to_owned(),
        index("idx_revisions_offer")
            .table(OfferRevisions::Table)
            .col(OfferRevisions::OfferId)
            .to_owned(),
        index("idx_revisions_status")
            .table(OfferRevisions::Table)
            .col(OfferRevisions::Status)
            .col(OfferRevisions::SubmittedAt)
            .to_owned(),
        index("idx_offer_facets_value")
            .table(OfferFacets::Table)
            .col(OfferFacets::Facet)
            .col(OfferFacets::Value)
            .to_owned(),
        index("idx_audit_entity")
            .table(AuditLog::Table)
            .col(AuditLog::EntityKind)
            .col(AuditLog::EntityId)
            .to_owned(),
        index("idx_audit_at")
            .table(AuditLog::Table)
            .col(AuditLog::At)
            .to_owned(),
        index("idx_outbox_aggregate")
            .table(Outbox::Table)
            .col(Outbox::AggregateId)
            .to_owned(),
    ]
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PlatformRole,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Providers {
    Table,
    Id,
    LegalName,
    PartitaIva,
    Website,
    ContactEmail,
    Description,
    LogoUrl,
    Verified,
    VerifiedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProviderMembers {
    Table,
    ProviderId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    ProviderId,
    Status,
    Content,
    TitleIt,
    Capacity,
    ExpiresAt,
    ModerationAction,
    ModerationReason,
    ModeratedAt,
    SubmittedAt,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum OfferRevisions {
    Table,
    Id,
    OfferId,
    Status,
    Content,
    ModerationReason,
    SubmittedAt,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OfferFacets {
    Table,
    OfferId,
    Facet,
    Value,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorKind,
    ActorId,
    ActorLabel,
    Action,
    EntityKind,
    EntityId,
    FromStatus,
    ToStatus,
    Reason,
    Details,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    OccurredAt,
    Kind,
    Aggregate,
    AggregateId,
    Payload,
}
