//! The glossary page (`/begrippen`): the bilingual domain terms search uses, with their definitions.

use std::sync::LazyLock;

use axum::response::Html;
use leerpunt_core::Lang;
use leerpunt_search::glossary::{Glossary, Term};
use minijinja::context;

use crate::error::AppError;
use crate::ui::Ui;

static GLOSSARY: LazyLock<Result<Glossary, String>> = LazyLock::new(Glossary::builtin);

/// `GET /begrippen`.
pub async fn glossary(ui: Ui) -> Result<Html<String>, AppError> {
    let glossary = GLOSSARY
        .as_ref()
        .map_err(|e| AppError::Internal(e.clone()))?;
    let mut terms: Vec<&Term> = glossary.terms().iter().collect();
    let head = |t: &Term| -> String {
        let list = if ui.lang == Lang::En { &t.en } else { &t.nl };
        list.first().cloned().unwrap_or_default()
    };
    terms.sort_by_key(|t| head(t).to_lowercase());
    let entries: Vec<_> = terms
        .iter()
        .map(|t| {
            let (own, other, about) = match ui.lang {
                Lang::Nl => (&t.nl, &t.en, &t.about_nl),
                Lang::En => (&t.en, &t.nl, &t.about_en),
            };
            context! {
                key => t.key(),
                term => own.first().cloned().unwrap_or_default(),
                also => own.iter().skip(1).cloned().collect::<Vec<_>>(),
                other => other.clone(),
                about => about.clone(),
            }
        })
        .collect();
    ui.render("glossary.html", context! { entries })
}
