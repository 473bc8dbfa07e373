//! Allocation rounds (matching service): a round opened by a moderator with its eligible
//! territories and sectors, priority weights, published lottery seed and application window;
//! the offers taking part with their places (and, once published, how many were assigned and
//! the lowest priority admitted); the shops' ranked applications; and the published result of
//! every applicant with its explanation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(rounds()).await?;
        manager.create_table(round_offers()).await?;
        manager.create_table(applications()).await?;
        manager.create_table(results()).await?;
        manager
            .create_index(
                Index::create()
                    .name("round_results_by_shop")
                    .table(AllocationRoundResults::Table)
                    .col(AllocationRoundResults::ShopId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("round_applications_by_shop")
                    .table(AllocationRoundApplications::Table)
                    .col(AllocationRoundApplications::ShopId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AllocationRoundResults::Table.into_iden(),
            AllocationRoundApplications::Table.into_iden(),
            AllocationRoundOffers::Table.into_iden(),
            AllocationRounds::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

fn rounds() -> TableCreateStatement {
    Table::create()
        .table(AllocationRounds::Table)
        .col(pk_uuid(AllocationRounds::Id))
        .col(string_len(AllocationRounds::Name, 200))
        // JSON: the eligible territory codes (empty: all Italy), the sector codes (empty: all),
        // and the weight of each priority attribute.
        .col(text(AllocationRounds::Territories))
        .col(text(AllocationRounds::Sectors))
        .col(text(AllocationRounds::PriorityWeights))
        .col(string_len(AllocationRounds::Seed, 100))
        .col(timestamp_with_time_zone(AllocationRounds::OpensAt))
        .col(timestamp_with_time_zone(AllocationRounds::ClosesAt))
        .col(uuid(AllocationRounds::CreatedBy))
        .col(timestamp_with_time_zone(AllocationRounds::CreatedAt))
        .col(timestamp_with_time_zone(AllocationRounds::UpdatedAt))
        .col(timestamp_with_time_zone_null(AllocationRounds::PublishedAt))
        .col(uuid_null(AllocationRounds::PublishedBy))
        .to_owned()
}

fn round_offers() -> TableCreateStatement {
    Table::create()
        .table(AllocationRoundOffers::Table)
        .col(uuid(AllocationRoundOffers::RoundId))
        .col(uuid(AllocationRoundOffers::OfferId))
        // Order the moderator listed the offers in.
        .col(integer(AllocationRoundOffers::Position))
        .col(integer(AllocationRoundOffers::Places))
        // Set when published: places given out (round places, at most the places left then),
        // shops assigned, and the lowest priority admitted (score, lottery ticket in hex).
        .col(integer_null(AllocationRoundOffers::PlacesUsed))
        .col(integer_null(AllocationRoundOffers::Assigned))
        .col(big_integer_null(AllocationRoundOffers::LowestScore))
        .col(string_len_null(AllocationRoundOffers::LowestLottery, 16))
        .primary_key(
            Index::create()
                .col(AllocationRoundOffers::RoundId)
                .col(AllocationRoundOffers::OfferId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AllocationRoundOffers::Table, AllocationRoundOffers::RoundId)
                .to(AllocationRounds::Table, AllocationRounds::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn applications() -> TableCreateStatement {
    Table::create()
        .table(AllocationRoundApplications::Table)
        .col(uuid(AllocationRoundApplications::RoundId))
        .col(uuid(AllocationRoundApplications::ShopId))
        // JSON array of offer ids, best first (1 to 5).
        .col(text(AllocationRoundApplications::Choices))
        .col(uuid(AllocationRoundApplications::SubmittedBy))
        .col(timestamp_with_time_zone(
            AllocationRoundApplications::CreatedAt,
        ))
        .col(timestamp_with_time_zone(
            AllocationRoundApplications::UpdatedAt,
        ))
        .primary_key(
            Index::create()
                .col(AllocationRoundApplications::RoundId)
                .col(AllocationRoundApplications::ShopId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    AllocationRoundApplications::Table,
                    AllocationRoundApplications::RoundId,
                )
                .to(AllocationRounds::Table, AllocationRounds::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    AllocationRoundApplications::Table,
                    AllocationRoundApplications::ShopId,
                )
                .to(Shops::Table, Shops::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn results() -> TableCreateStatement {
    Table::create()
        .table(AllocationRoundResults::Table)
        .col(uuid(AllocationRoundResults::RoundId))
        .col(uuid(AllocationRoundResults::ShopId))
        // `assigned`, `unassigned` or `not_eligible`.
        .col(string_len(AllocationRoundResults::Outcome, 20))
        .col(uuid_null(AllocationRoundResults::OfferId))
        // Position of the assigned offer in the shop's list, from 1.
        .col(integer_null(AllocationRoundResults::Choice))
        .col(uuid_null(AllocationRoundResults::RequestId))
        .col(big_integer(AllocationRoundResults::PriorityScore))
        .col(string_len(AllocationRoundResults::PriorityLottery, 16))
        // JSON: why the shop did not get each offer it preferred.
        .col(text(AllocationRoundResults::Explanation))
        .col(timestamp_with_time_zone(AllocationRoundResults::CreatedAt))
        .primary_key(
            Index::create()
                .col(AllocationRoundResults::RoundId)
                .col(AllocationRoundResults::ShopId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    AllocationRoundResults::Table,
                    AllocationRoundResults::RoundId,
                )
                .to(AllocationRounds::Table, AllocationRounds::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

#[derive(DeriveIden)]
enum Shops {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AllocationRounds {
    Table,
    Id,
    Name,
    Territories,
    Sectors,
    PriorityWeights,
    Seed,
    OpensAt,
    ClosesAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
    PublishedBy,
}

#[derive(DeriveIden)]
enum AllocationRoundOffers {
    Table,
    RoundId,
    OfferId,
    Position,
    Places,
    PlacesUsed,
    Assigned,
    LowestScore,
    LowestLottery,
}

#[derive(DeriveIden)]
enum AllocationRoundApplications {
    Table,
    RoundId,
    ShopId,
    Choices,
    SubmittedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AllocationRoundResults {
    Table,
    RoundId,
    ShopId,
    Outcome,
    OfferId,
    Choice,
    RequestId,
    PriorityScore,
    PriorityLottery,
    Explanation,
    CreatedAt,
}
