//! The live event log behind each user's event stream (messaging service): every event a
//! user is to receive (a new message, a read receipt, a notification) gets the next number of
//! that user's own sequence, taken with the user's `live_streams` row locked, so a user's
//! events become visible in the order of their numbers and `Last-Event-ID` is a safe resume
//! point. Old events are pruned after the retention period.

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
                    .table(LiveStreams::Table)
                    .col(pk_uuid(LiveStreams::UserId))
                    .col(big_integer(LiveStreams::LastSeq))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LiveEvents::Table)
                    .col(uuid(LiveEvents::UserId))
                    .col(big_integer(LiveEvents::Seq))
                    // e.g. `message.posted`, `conversation.read`, `notification`.
                    .col(string_len(LiveEvents::Kind, 40))
                    // The event's JSON, as sent in the stream's `data:` field.
                    .col(text(LiveEvents::Payload))
                    .col(timestamp_with_time_zone(LiveEvents::CreatedAt))
                    .primary_key(Index::create().col(LiveEvents::UserId).col(LiveEvents::Seq))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![(
                "live_events_by_time",
                LiveEvents::Table.into_iden(),
                vec![LiveEvents::CreatedAt.into_iden()],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LiveEvents::Table.into_iden(),
            LiveStreams::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LiveStreams {
    Table,
    UserId,
    LastSeq,
}

#[derive(DeriveIden)]
enum LiveEvents {
    Table,
    UserId,
    Seq,
    Kind,
    Payload,
    CreatedAt,
}
