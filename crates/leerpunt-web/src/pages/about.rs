//! The about page: what the centre and this software are, and where the data comes from.

use axum::response::Html;
use minijinja::context;

use crate::error::AppError;
use crate::ui::Ui;

pub async fn about(ui: Ui) -> Result<Html<String>, AppError> {
    ui.render("about.html", context! {})
}
