//! Conversations between a shop and a provider (messaging service): one thread per onboarding
//! request and one enquiry thread per shop and offer (`thread_key` makes either unique), their
//! messages (time-ordered UUID v7 ids, the pagination cursor), each participant's read state,
//! and the reports of messages moderators review.

use crate::indexes::create_indexes;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .col(pk_uuid(Conversations::Id))
                    // `onboarding` or `enquiry`.
                    .col(string_len(Conversations::Kind, 20))
                    // `onboarding:{request_id}` or `enquiry:{shop_id}:{offer_id}`.
                    .col(string_len(Conversations::ThreadKey, 120).unique_key())
                    .col(uuid_null(Conversations::RequestId).unique_key())
                    .col(uuid(Conversations::ShopId))
                    .col(uuid(Conversations::ProviderId))
                    .col(uuid(Conversations::OfferId))
                    .col(timestamp_with_time_zone(Conversations::CreatedAt))
                    .col(timestamp_with_time_zone(Conversations::LastMessageAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(pk_uuid(Messages::Id))
                    .col(uuid(Messages::ConversationId))
                    .col(uuid(Messages::AuthorId))
                    // `shop` or `provider`.
                    .col(string_len(Messages::AuthorSide, 10))
                    .col(text(Messages::Body))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .col(timestamp_with_time_zone_null(Messages::EditedAt))
                    .col(timestamp_with_time_zone_null(Messages::DeletedAt))
                    .col(timestamp_with_time_zone_null(Messages::HiddenAt))
                    .col(text_null(Messages::HiddenReason))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConversationReads::Table)
                    .col(uuid(ConversationReads::ConversationId))
                    .col(uuid(ConversationReads::UserId))
                    .col(uuid(ConversationReads::LastReadMessageId))
                    .col(timestamp_with_time_zone(ConversationReads::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(ConversationReads::ConversationId)
                            .col(ConversationReads::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConversationReads::Table, ConversationReads::ConversationId)
                            .to(Conversations::Table, Conversations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MessageReports::Table)
                    .col(pk_uuid(MessageReports::Id))
                    .col(uuid(MessageReports::MessageId))
                    .col(uuid(MessageReports::ConversationId))
                    .col(uuid(MessageReports::ReporterId))
                    // `spam`, `sales_pressure` or `abuse`.
                    .col(string_len(MessageReports::Reason, 20))
                    .col(text_null(MessageReports::Note))
                    .col(timestamp_with_time_zone(MessageReports::CreatedAt))
                    .col(timestamp_with_time_zone_null(MessageReports::ResolvedAt))
                    .col(uuid_null(MessageReports::ResolvedBy))
                    // `dismiss` or `hide`, with the moderator's reason.
                    .col(string_len_null(MessageReports::Resolution, 20))
                    .col(text_null(MessageReports::ResolutionReason))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MessageReports::Table, MessageReports::MessageId)
                            .to(Messages::Table, Messages::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let indexes = [
            (
                "conversations_by_shop",
                Conversations::Table.into_iden(),
                vec![Conversations::ShopId.into_iden()],
            ),
            (
                "conversations_by_provider",
                Conversations::Table.into_iden(),
                vec![Conversations::ProviderId.into_iden()],
            ),
            (
                "messages_by_conversation",
                Messages::Table.into_iden(),
                vec![
                    Messages::ConversationId.into_iden(),
                    Messages::Id.into_iden(),
                ],
            ),
            (
                "reports_by_message",
                MessageReports::Table.into_iden(),
                vec![MessageReports::MessageId.into_iden()],
            ),
            (
                "reports_by_conversation",
                MessageReports::Table.into_iden(),
                vec![MessageReports::ConversationId.into_iden()],
            ),
        ];
        create_indexes(manager, indexes.into()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MessageReports::Table.into_iden(),
            ConversationReads::Table.into_iden(),
            Messages::Table.into_iden(),
            Conversations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    Kind,
    ThreadKey,
    RequestId,
    ShopId,
    ProviderId,
    OfferId,
    CreatedAt,
    LastMessageAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ConversationId,
    AuthorId,
    AuthorSide,
    Body,
    CreatedAt,
    EditedAt,
    DeletedAt,
    HiddenAt,
    HiddenReason,
}

#[derive(DeriveIden)]
enum ConversationReads {
    Table,
    ConversationId,
    UserId,
    LastReadMessageId,
    ReadAt,
}

#[derive(DeriveIden)]
enum MessageReports {
    Table,
    Id,
    MessageId,
    ConversationId,
    ReporterId,
    Reason,
    Note,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
    Resolution,
    ResolutionReason,
}
