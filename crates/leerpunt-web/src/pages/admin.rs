//! Administration: the list of accounts with their roles, granting and revoking roles, and the
//! audit log. Only admins reach these pages (the rules are in `leerpunt_core::access`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use leerpunt_core::access::{Action, Role, Target};
use minijinja::context;
use serde::Deserialize;

use crate::auth::{Auth, FormData};
use crate::error::AppError;
use crate::ui::{Ui, Q};
use crate::AppState;

async fn render_users(
    app: &AppState,
    ui: &Ui,
    error: Option<String>,
) -> Result<axum::response::Html<String>, AppError> {
    let mut rows = Vec::new();
    for user in app.store.users().await? {
        let editor_of = app.store.editor_of_codes(user.id).await?;
        rows.push(context! { user, editor_of });
    }
    ui.render("admin_users.html", context! { rows, error })
}

pub async fn users(State(app): State<AppState>, auth: Auth, ui: Ui) -> Result<Response, AppError> {
    auth.require(Action::ManageUsers, Target::None)?;
    Ok(render_users(&app, &ui, None).await?.into_response())
}

/// `POST /beheer/gebruikers/{id}/rollen`: `role` (editor, broker, admin), `organisation` (for
/// editor) and `change` (grant or revoke).
pub async fn set_role(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::ManageUsers, Target::None)?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("user {id}")))?;
    let user = app.store.user(id).await?;
    let result = match form.get("role").parse::<Role>() {
        Err(e) => Err(AppError::from(e)),
        Ok(role) => {
            let organisation = Some(form.get("organisation")).filter(|s| !s.trim().is_empty());
            let origin = auth.origin();
            match form.get("change") {
                "revoke" => app.store.revoke(user.id, role, organisation, &origin).await,
                _ => app.store.grant(user.id, role, organisation, &origin).await,
            }
            .map_err(AppError::from)
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to("/beheer/gebruikers").into_response()),
        Err(AppError::Invalid(fields)) => {
            let message = fields
                .iter()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_users(&app, &ui, Some(message)).await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct AuditParams {
    #[serde(default)]
    page: Option<String>,
}

pub async fn audit(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Q(params): Q<AuditParams>,
) -> Result<Response, AppError> {
    auth.require(Action::ViewAudit, Target::None)?;
    let page = leerpunt_core::paging::PageRequest::new(
        match params.page.as_deref() {
            None | Some("") => None,
            Some(p) => Some(
                p.parse::<i64>()
                    .map_err(|_| AppError::BadRequest("page must be a number".into()))?,
            ),
        },
        Some(50),
    )?;
    let (entries, total) = app
        .store
        .audit_log(i64::from(page.per_page), page.offset())
        .await?;
    Ok(ui
        .render(
            "audit.html",
            context! { entries, paging => super::Pager::new(&ui, page, total) },
        )?
        .into_response())
}
