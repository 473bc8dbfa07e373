//! Notifications (messaging service): each user's in-app notifications, made from outbox
//! events (one per event and user: `source` makes a replayed event harmless), how each user
//! wants each kind delivered, the persistent e-mail queue (retries with backoff, one row per
//! e-mail: `dedupe_key` keeps an e-mail from being queued twice, `claimed_until` keeps two
//! senders from sending the same one), one-click unsubscribe tokens (stored hashed), and where
//! each outbox reader has got to (the notifier's row is written here, at the outbox head).

use crate::indexes::create_indexes;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table(Notifications::Table)
                .col(pk_uuid(Notifications::Id))
                .col(uuid(Notifications::UserId))
                .col(string_len(Notifications::Kind, 40))
                // What made it, e.g. `outbox:1234`.
                .col(string_len(Notifications::Source, 80))
                .col(text(Notifications::Title))
                .col(text(Notifications::Body))
                .col(text_null(Notifications::Link))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                // When it went out in a daily digest (or was judged not to need one).
                .col(timestamp_with_time_zone_null(Notifications::DigestedAt))
                .index(
                    Index::create()
                        .name("notifications_once_per_source")
                        .unique()
                        .col(Notifications::Source)
                        .col(Notifications::UserId),
                )
                .to_owned(),
            Table::create()
                .table(NotificationPreferences::Table)
                .col(uuid(NotificationPreferences::UserId))
                .col(string_len(NotificationPreferences::Kind, 40))
                // `immediately`, `daily` or `never`.
                .col(string_len(NotificationPreferences::Delivery, 12))
                .primary_key(
                    Index::create()
                        .col(NotificationPreferences::UserId)
                        .col(NotificationPreferences::Kind),
                )
                .to_owned(),
            Table::create()
                .table(EmailOutbox::Table)
                .col(pk_uuid(EmailOutbox::Id))
                .col(string_len(EmailOutbox::DedupeKey, 160).unique_key())
                .col(text(EmailOutbox::Recipient))
                .col(text(EmailOutbox::Subject))
                .col(text(EmailOutbox::Body))
                .col(text_null(EmailOutbox::UnsubscribeUrl))
                .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                .col(integer(EmailOutbox::Attempts))
                .col(timestamp_with_time_zone(EmailOutbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(EmailOutbox::ClaimedUntil))
                .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                .col(timestamp_with_time_zone_null(EmailOutbox::FailedAt))
                .col(text_null(EmailOutbox::LastError))
                .to_owned(),
            Table::create()
                .table(UnsubscribeTokens::Table)
                // SHA-256 of the token, hex.
                .col(string_len(UnsubscribeTokens::TokenHash, 64).primary_key())
                .col(uuid_null(UnsubscribeTokens::UserId))
                // A notification kind, or `saved_search:{id}`.
                .col(string_len(UnsubscribeTokens::Scope, 80))
                .col(timestamp_with_time_zone(UnsubscribeTokens::CreatedAt))
                .to_owned(),
            Table::create()
                .table(OutboxReaders::Table)
                .col(string_len(OutboxReaders::Name, 40).primary_key())
                .col(big_integer(OutboxReaders::Checkpoint))
                .col(timestamp_with_time_zone_null(OutboxReaders::UpdatedAt))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        // The notifier starts from here: what happened before notifications existed is not
        // notified, everything after is, however late the notifier first runs.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO outbox_readers (name, checkpoint) SELECT 'notifier', COALESCE(MAX(id), 0) FROM outbox",
            )
            .await?;
        create_indexes(
            manager,
            vec![
                (
                    "notifications_by_user",
                    Notifications::Table.into_iden(),
                    vec![
                        Notifications::UserId.into_iden(),
                        Notifications::Id.into_iden(),
                    ],
                ),
                (
                    "email_outbox_due",
                    EmailOutbox::Table.into_iden(),
                    vec![
                        EmailOutbox::SentAt.into_iden(),
                        EmailOutbox::NextAttemptAt.into_iden(),
                    ],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OutboxReaders::Table.into_iden(),
            UnsubscribeTokens::Table.into_iden(),
            EmailOutbox::Table.into_iden(),
            NotificationPreferences::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Source,
    Title,
    Body,
    Link,
    CreatedAt,
    ReadAt,
    DigestedAt,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Kind,
    Delivery,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    DedupeKey,
    Recipient,
    Subject,
    Body,
    UnsubscribeUrl,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    FailedAt,
    LastError,
}

#[derive(DeriveIden)]
enum UnsubscribeTokens {
    Table,
    TokenHash,
    UserId,
    Scope,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutboxReaders {
    Table,
    Name,
    Checkpoint,
    UpdatedAt,
}
