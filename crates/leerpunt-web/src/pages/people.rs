//! People with expertise who chose to be findable (public only with their consent), and the
//! privacy statement.

use axum::extract::{Path, State};
use axum::response::Html;
use leerpunt_core::{Lang, Organisation, Person};
use minijinja::context;
use serde::Serialize;

use crate::actions::catalogue;
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

fn view(p: Person, org: Option<Organisation>, lang: Lang) -> PersonView {
    PersonView {
        id: p.id,
        name: p.name,
        role: p.role,
        expertise: p.expertise,
        organisation: org.map(|o| super::OrgView::new(&o, lang)),
    }
}

pub async fn list(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let people: Vec<PersonView> = catalogue::people(&app)
        .await?
        .into_iter()
        .map(|(p, o)| view(p, o, ui.lang))
        .collect();
    ui.render("people.html", context! { people })
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let (person, org) = catalogue::person(&app, &id).await?;
    let person = view(person, org, ui.lang);
    ui.render("person.html", context! { person })
}

pub async fn privacy(ui: Ui) -> Result<Html<String>, AppError> {
    ui.render("privacy.html", context! {})
}
