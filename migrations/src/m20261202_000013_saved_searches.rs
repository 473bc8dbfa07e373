//! Saved searches (catalogue service): anyone with a confirmed e-mail address keeps a search
//! (its parameters as JSON, as `/offers/search` takes them) and is told of new offers that match
//! it, at once or weekly. `saved_search_hits` remembers which offers each search already told
//! of, so an offer is announced once per search however often the search runs.

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
                    .table(SavedSearches::Table)
                    .col(pk_uuid(SavedSearches::Id))
                    .col(text(SavedSearches::Email))
                    .col(uuid_null(SavedSearches::UserId))
                    .col(text(SavedSearches::Label))
                    // The search parameters, e.g. {"q": "pagamenti", "territory": "BA"}.
                    .col(text(SavedSearches::Params))
                    // `immediately` or `weekly`.
                    .col(string_len(SavedSearches::Frequency, 12))
                    // SHA-256 of the confirmation token; none once confirmed.
                    .col(string_len_null(SavedSearches::ConfirmTokenHash, 64))
                    .col(timestamp_with_time_zone_null(SavedSearches::ConfirmedAt))
                    .col(timestamp_with_time_zone(SavedSearches::CreatedAt))
                    .col(timestamp_with_time_zone_null(SavedSearches::LastRunAt))
                    .col(timestamp_with_time_zone_null(SavedSearches::UnsubscribedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SavedSearchHits::Table)
                    .col(uuid(SavedSearchHits::SearchId))
                    .col(uuid(SavedSearchHits::OfferId))
                    .col(timestamp_with_time_zone(SavedSearchHits::FoundAt))
                    .primary_key(
                        Index::create()
                            .col(SavedSearchHits::SearchId)
                            .col(SavedSearchHits::OfferId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SavedSearchHits::Table, SavedSearchHits::SearchId)
                            .to(SavedSearches::Table, SavedSearches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                (
                    "saved_searches_by_email",
                    SavedSearches::Table.into_iden(),
                    vec![SavedSearches::Email.into_iden()],
                ),
                (
                    "saved_searches_by_confirm_token",
                    SavedSearches::Table.into_iden(),
                    vec![SavedSearches::ConfirmTokenHash.into_iden()],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SavedSearchHits::Table.into_iden(),
            SavedSearches::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SavedSearches {
    Table,
    Id,
    Email,
    UserId,
    Label,
    Params,
    Frequency,
    ConfirmTokenHash,
    ConfirmedAt,
    CreatedAt,
    LastRunAt,
    UnsubscribedAt,
}

#[derive(DeriveIden)]
enum SavedSearchHits {
    Table,
    SearchId,
    OfferId,
    FoundAt,
}
