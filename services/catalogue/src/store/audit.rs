//! Reading the audit log: one page of entries, newest first, filtered by what they touched
//! or who acted.

use super::PageRequest;
use connessi_platform::ApiResult;
use connessi_platform::entities::audit_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Which entries to read; empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_kind: Option<String>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
}

/// One page of the entries `filter` selects, and how many it selects in all.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    request: PageRequest,
) -> ApiResult<(Vec<audit_log::Model>, u64)> {
    let mut select = audit_log::Entity::find();
    if let Some(kind) = &filter.entity_kind {
        select = select.filter(audit_log::Column::EntityKind.eq(kind.as_str()));
    }
    if let Some(id) = filter.entity_id {
        select = select.filter(audit_log::Column::EntityId.eq(id));
    }
    if let Some(id) = filter.actor_id {
        select = select.filter(audit_log::Column::ActorId.eq(id));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(audit_log::Column::Id)
        .offset(request.offset())
        .limit(request.per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}
