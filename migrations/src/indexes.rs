//! Creating a migration's plain (non-unique) indexes from one list, so each migration states
//! what it indexes instead of repeating the loop that builds the statements.

use sea_orm_migration::prelude::*;

/// One index: its name, its table and its columns in order.
pub(crate) type IndexSpec = (&'static str, DynIden, Vec<DynIden>);

/// Creates every index of `indexes`.
pub(crate) async fn create_indexes(
    manager: &SchemaManager<'_>,
    indexes: Vec<IndexSpec>,
) -> Result<(), DbErr> {
    for (name, table, columns) in indexes {
        let mut index = Index::create();
        index.name(name).table(table);
        for column in columns {
            index.col(column);
        }
        manager.create_index(index.to_owned()).await?;
    }
    Ok(())
}
