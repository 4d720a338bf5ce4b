//! Administration pages: the accounts with their roles, granting and revoking roles, and the
//! audit log. The use cases (and their admin-only rule) are in `crate::actions::admin`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::actions::admin::{self, RoleChange};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::ui::Ui;
use crate::AppState;

async fn render_users(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    error: Option<String>,
) -> Result<axum::response::Html<String>, AppError> {
    let rows: Vec<_> = admin::users(app, caller)
        .await?
        .into_iter()
        .map(|(user, editor_of)| context! { user, editor_of })
        .collect();
    ui.render("admin_users.html", context! { rows, error })
}

pub async fn users(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Response, AppError> {
    Ok(render_users(&app, &caller, &ui, None)
        .await?
        .into_response())
}

/// `POST /beheer/gebruikers/{id}/rollen`: `role` (editor, broker, admin), `organisation` (for
/// editor) and `change` (grant or revoke).
pub async fn set_role(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let change = match form.get("change") {
        "revoke" => RoleChange::Revoke,
        _ => RoleChange::Grant,
    };
    let organisation = Some(form.get("organisation"));
    match admin::set_role(&app, &caller, &id, form.get("role"), organisation, change).await {
        Ok(()) => Ok(Redirect::to("/beheer/gebruikers").into_response()),
        Err(AppError::Invalid(fields)) => {
            let message = fields
                .iter()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_users(&app, &caller, &ui, Some(message)).await?,
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
    caller: Caller,
    ui: Ui,
    Q(params): Q<AuditParams>,
) -> Result<Response, AppError> {
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
    let (entries, total) = admin::audit(&app, &caller, page).await?;
    Ok(ui
        .render(
            "audit.html",
            context! { entries, paging => super::Pager::new(&ui, page, total) },
        )?
        .into_response())
}
