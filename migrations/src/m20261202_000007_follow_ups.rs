//! What happens after an onboarding is accepted: when its free period ends (and whether the
//! shop was reminded), when it was completed, and the follow-up questions asked 30 and 90 days
//! after completion, whose answers make the provider's track record.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            date_null(OnboardingRequests::FreePeriodEndsOn),
            timestamp_with_time_zone_null(OnboardingRequests::FreePeriodRemindedAt),
            timestamp_with_time_zone_null(OnboardingRequests::CompletedAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(OnboardingRequests::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(OnboardingFollowUps::Table)
                    .col(pk_uuid(OnboardingFollowUps::Id))
                    .col(uuid(OnboardingFollowUps::RequestId))
                    .col(uuid(OnboardingFollowUps::ShopId))
                    .col(uuid(OnboardingFollowUps::ProviderId))
                    .col(uuid(OnboardingFollowUps::OfferId))
                    // 30 or 90: days after completion the question is asked.
                    .col(integer(OnboardingFollowUps::AfterDays))
                    .col(timestamp_with_time_zone(OnboardingFollowUps::AskedAt))
                    .col(timestamp_with_time_zone_null(
                        OnboardingFollowUps::AnsweredAt,
                    ))
                    .col(uuid_null(OnboardingFollowUps::AnsweredBy))
                    .col(boolean_null(OnboardingFollowUps::Live))
                    .col(boolean_null(OnboardingFollowUps::StillUsing))
                    .col(small_integer_null(OnboardingFollowUps::Satisfaction))
                    .col(boolean_null(OnboardingFollowUps::SalesPressure))
                    .col(text_null(OnboardingFollowUps::Comment))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OnboardingFollowUps::Table, OnboardingFollowUps::RequestId)
                            .to(OnboardingRequests::Table, OnboardingRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            (
                "follow_ups_once_per_request",
                vec![
                    OnboardingFollowUps::RequestId,
                    OnboardingFollowUps::AfterDays,
                ],
                true,
            ),
            (
                "follow_ups_by_shop",
                vec![OnboardingFollowUps::ShopId],
                false,
            ),
            (
                "follow_ups_by_provider",
                vec![OnboardingFollowUps::ProviderId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(OnboardingFollowUps::Table);
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
        manager
            .drop_table(
                Table::drop()
                    .table(OnboardingFollowUps::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        for column in [
            OnboardingRequests::FreePeriodEndsOn,
            OnboardingRequests::FreePeriodRemindedAt,
            OnboardingRequests::CompletedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OnboardingRequests::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OnboardingRequests {
    Table,
    Id,
    FreePeriodEndsOn,
    FreePeriodRemindedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum OnboardingFollowUps {
    Table,
    Id,
    RequestId,
    ShopId,
    ProviderId,
    OfferId,
    AfterDays,
    AskedAt,
    AnsweredAt,
    AnsweredBy,
    Live,
    StillUsing,
    Satisfaction,
    SalesPressure,
    Comment,
}
