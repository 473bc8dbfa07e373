//! Onboarding requests (matching service) and the places each offer has given out. A request
//! is created once per idempotency key and shop; `offer_places.taken` counts the requests
//! accepted or in progress and is only ever raised by a conditional update, so it cannot pass
//! the offer's capacity even under concurrent accepts.

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
                    .table(OfferPlaces::Table)
                    .col(uuid(OfferPlaces::OfferId).primary_key())
                    .col(integer(OfferPlaces::Taken).default(0))
                    .col(timestamp_with_time_zone(OfferPlaces::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OnboardingRequests::Table)
                    .col(pk_uuid(OnboardingRequests::Id))
                    .col(uuid(OnboardingRequests::ShopId))
                    .col(uuid(OnboardingRequests::OfferId))
                    .col(uuid(OnboardingRequests::ProviderId))
                    .col(string_len(OnboardingRequests::Status, 20))
                    .col(text(OnboardingRequests::Message))
                    .col(text_null(OnboardingRequests::DeclineReason))
                    .col(string_len(OnboardingRequests::IdempotencyKey, 100))
                    .col(string_len(OnboardingRequests::BodyHash, 64))
                    .col(uuid(OnboardingRequests::CreatedBy))
                    .col(timestamp_with_time_zone(OnboardingRequests::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        OnboardingRequests::AnsweredAt,
                    ))
                    // How many of the provider's reminders were sent for this request.
                    .col(integer(OnboardingRequests::RemindersSent).default(0))
                    .col(timestamp_with_time_zone(OnboardingRequests::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OnboardingRequests::Table, OnboardingRequests::ShopId)
                            .to(Shops::Table, Shops::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            (
                "requests_by_idempotency_key",
                vec![
                    OnboardingRequests::ShopId,
                    OnboardingRequests::IdempotencyKey,
                ],
                true,
            ),
            (
                "requests_by_shop",
                vec![OnboardingRequests::ShopId, OnboardingRequests::Status],
                false,
            ),
            (
                "requests_by_provider",
                vec![OnboardingRequests::ProviderId, OnboardingRequests::Status],
                false,
            ),
            (
                "requests_by_offer",
                vec![OnboardingRequests::OfferId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(OnboardingRequests::Table);
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OnboardingRequests::Table.into_iden(),
            OfferPlaces::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Shops {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OfferPlaces {
    Table,
    OfferId,
    Taken,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OnboardingRequests {
    Table,
    Id,
    ShopId,
    OfferId,
    ProviderId,
    Status,
    Message,
    DeclineReason,
    IdempotencyKey,
    BodyHash,
    CreatedBy,
    CreatedAt,
    AnsweredAt,
    RemindersSent,
    UpdatedAt,
}
