//! Embeds of the search widget (catalogue service): a site's editor registers the origins the
//! widget will run on, a moderator approves them, and the embed's public key then opens the
//! widget's search API to those origins only. `embed_traffic` counts, per embed and day, the
//! widget's views, searches, click-throughs and requests started.

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
                    .table(Embeds::Table)
                    .col(pk_uuid(Embeds::Id))
                    .col(uuid(Embeds::OwnerUserId))
                    .col(text(Embeds::Name))
                    // JSON array of origins, e.g. ["https://www.comune.treviso.it"].
                    .col(text(Embeds::Origins))
                    .col(string_len_uniq(Embeds::PublicKey, 40))
                    // `pending`, `approved`, `rejected` or `suspended`.
                    .col(string_len(Embeds::Status, 12))
                    .col(text_null(Embeds::Reason))
                    .col(timestamp_with_time_zone(Embeds::CreatedAt))
                    .col(timestamp_with_time_zone_null(Embeds::DecidedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmbedTraffic::Table)
                    .col(uuid(EmbedTraffic::EmbedId))
                    // The UTC day, `YYYY-MM-DD`: sorts and compares as text on both databases.
                    .col(string_len(EmbedTraffic::Day, 10))
                    .col(big_integer(EmbedTraffic::Views).default(0))
                    .col(big_integer(EmbedTraffic::Searches).default(0))
                    .col(big_integer(EmbedTraffic::Clicks).default(0))
                    .col(big_integer(EmbedTraffic::Requests).default(0))
                    .primary_key(
                        Index::create()
                            .col(EmbedTraffic::EmbedId)
                            .col(EmbedTraffic::Day),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmbedTraffic::Table, EmbedTraffic::EmbedId)
                            .to(Embeds::Table, Embeds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                (
                    "embeds_by_owner",
                    Embeds::Table.into_iden(),
                    vec![Embeds::OwnerUserId.into_iden()],
                ),
                (
                    "embeds_by_status",
                    Embeds::Table.into_iden(),
                    vec![Embeds::Status.into_iden()],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [EmbedTraffic::Table.into_iden(), Embeds::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Embeds {
    Table,
    Id,
    OwnerUserId,
    Name,
    Origins,
    PublicKey,
    Status,
    Reason,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum EmbedTraffic {
    Table,
    EmbedId,
    Day,
    Views,
    Searches,
    Clicks,
    Requests,
}
