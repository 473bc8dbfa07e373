//! Shop profiles (matching service): what a shop says about itself, its comune placed in its
//! province and region for territory matching, the level its self-assessment gives, and
//! whether a moderator has verified its priority attributes.

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
                    .table(ShopProfiles::Table)
                    .col(uuid(ShopProfiles::ShopId).primary_key())
                    .col(string_len_null(ShopProfiles::PartitaIva, 11))
                    .col(string_len(ShopProfiles::Sector, 40))
                    .col(string_len(ShopProfiles::Comune, 6))
                    .col(string_len(ShopProfiles::Province, 2))
                    .col(string_len(ShopProfiles::Region, 2))
                    .col(string_len(ShopProfiles::Size, 10))
                    .col(string_len(ShopProfiles::SkillLevel, 20))
                    // The whole profile as sent (validated), for reading back.
                    .col(text(ShopProfiles::Profile))
                    .col(boolean(ShopProfiles::PriorityVerified).default(false))
                    .col(timestamp_with_time_zone_null(
                        ShopProfiles::PriorityVerifiedAt,
                    ))
                    .col(timestamp_with_time_zone(ShopProfiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShopProfiles::Table, ShopProfiles::ShopId)
                            .to(Shops::Table, Shops::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ShopProfiles::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Shops {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ShopProfiles {
    Table,
    ShopId,
    PartitaIva,
    Sector,
    Comune,
    Province,
    Region,
    Size,
    SkillLevel,
    Profile,
    PriorityVerified,
    PriorityVerifiedAt,
    UpdatedAt,
}
