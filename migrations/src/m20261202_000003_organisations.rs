//! Shop organisations and their members (the shop's profile grows in the matching service),
//! and invitations: single-use, expiring links by which owners bring members into a provider
//! or a shop.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(shops()).await?;
        manager.create_table(shop_members()).await?;
        manager.create_table(invitations()).await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_by_organisation")
                    .table(Invitations::Table)
                    .col(Invitations::OrganisationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Invitations::Table.into_iden(),
            ShopMembers::Table.into_iden(),
            Shops::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

fn shops() -> TableCreateStatement {
    Table::create()
        .table(Shops::Table)
        .col(pk_uuid(Shops::Id))
        .col(string_len(Shops::Name, 200))
        .col(timestamp_with_time_zone(Shops::CreatedAt))
        .to_owned()
}

fn shop_members() -> TableCreateStatement {
    Table::create()
        .table(ShopMembers::Table)
        .col(uuid(ShopMembers::ShopId))
        .col(uuid(ShopMembers::UserId))
        .col(string_len(ShopMembers::Role, 20))
        .col(timestamp_with_time_zone(ShopMembers::CreatedAt))
        .primary_key(
            Index::create()
                .col(ShopMembers::ShopId)
                .col(ShopMembers::UserId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ShopMembers::Table, ShopMembers::ShopId)
                .to(Shops::Table, Shops::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ShopMembers::Table, ShopMembers::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn invitations() -> TableCreateStatement {
    Table::create()
        .table(Invitations::Table)
        .col(pk_uuid(Invitations::Id))
        .col(string_len_uniq(Invitations::TokenHash, 64))
        // "provider" or "shop".
        .col(string_len(Invitations::OrganisationKind, 20))
        .col(uuid(Invitations::OrganisationId))
        .col(string_len(Invitations::Role, 20))
        .col(string_len_null(Invitations::Email, 254))
        .col(uuid(Invitations::CreatedBy))
        .col(timestamp_with_time_zone(Invitations::CreatedAt))
        .col(timestamp_with_time_zone(Invitations::ExpiresAt))
        .col(uuid_null(Invitations::AcceptedBy))
        .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
        .col(timestamp_with_time_zone_null(Invitations::RevokedAt))
        .to_owned()
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Shops {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ShopMembers {
    Table,
    ShopId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    TokenHash,
    OrganisationKind,
    OrganisationId,
    Role,
    Email,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedBy,
    AcceptedAt,
    RevokedAt,
}
