//! Administration: accounts with their roles, granting and revoking roles, and the audit log.
//! Only admins may (the rules are in `leerpunt_core::access`).

use leerpunt_core::access::{Action, Role, Target};
use leerpunt_core::paging::PageRequest;
use leerpunt_store::{AuditEntry, User};

use super::Caller;
use crate::error::AppError;
use crate::AppState;

/// Every account with the codes of the organisations it edits for.
pub async fn users(app: &AppState, caller: &Caller) -> Result<Vec<(User, Vec<String>)>, AppError> {
    caller.require(Action::ManageUsers, Target::None)?;
    let mut rows = Vec::new();
    for user in app.store.users().await? {
        let editor_of = app.store.editor_of_codes(user.id).await?;
        rows.push((user, editor_of));
    }
    Ok(rows)
}

/// A change of one account's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    Grant,
    Revoke,
}

/// Grants or revokes `role` (with the organisation, for editors) on account `user_id`.
pub async fn set_role(
    app: &AppState,
    caller: &Caller,
    user_id: &str,
    role: &str,
    organisation: Option<&str>,
    change: RoleChange,
) -> Result<(), AppError> {
    caller.require(Action::ManageUsers, Target::None)?;
    let id: i64 = user_id
        .parse()
        .map_err(|_| AppError::NotFound(format!("user {user_id}")))?;
    let user = app.store.user(id).await?;
    let role = role.parse::<Role>()?;
    let organisation = organisation.filter(|s| !s.trim().is_empty());
    let origin = caller.origin();
    match change {
        RoleChange::Revoke => {
            app.store
                .revoke(user.id, role, organisation, &origin)
                .await?
        }
        RoleChange::Grant => {
            app.store
                .grant(user.id, role, organisation, &origin)
                .await?
        }
    }
    Ok(())
}

/// A page of the audit log, newest first.
pub async fn audit(
    app: &AppState,
    caller: &Caller,
    page: PageRequest,
) -> Result<(Vec<AuditEntry>, i64), AppError> {
    caller.require(Action::ViewAudit, Target::None)?;
    Ok(app
        .store
        .audit_log(i64::from(page.per_page), page.offset())
        .await?)
}
