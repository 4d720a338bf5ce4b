//! People with expertise who chose to be findable (public only with their consent), and the
//! privacy statement.

use axum::extract::{Path, State};
use axum::response::Html;
use leerpunt_core::Person;
use minijinja::context;
use serde::Serialize;

use crate::error::AppError;
use crate::ui::Ui;
use crate::AppState;

#[derive(Serialize)]
struct PersonView {
    id: i64,
    name: String,
    role: String,
    expertise: Vec<String>,
    organisation: Option<super::OrgView>,
}

async fn view(app: &AppState, ui: &Ui, p: Person) -> PersonView {
    let organisation = match &p.organisation_code {
        Some(code) => app
            .store
            .organisation(code)
            .await
            .ok()
            .map(|o| super::OrgView::new(&o, ui.lang)),
        None => None,
    };
    PersonView {
        id: p.id,
        name: p.name,
        role: p.role,
        expertise: p.expertise,
        organisation,
    }
}

pub async fn list(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let mut people = Vec::new();
    for p in app.store.public_people().await? {
        people.push(view(&app, &ui, p).await);
    }
    ui.render("people.html", context! { people })
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("person {id}")))?;
    let person = app.store.public_person(id).await?;
    let person = view(&app, &ui, person).await;
    ui.render("person.html", context! { person })
}

pub async fn privacy(ui: Ui) -> Result<Html<String>, AppError> {
    ui.render("privacy.html", context! {})
}
