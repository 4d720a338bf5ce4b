//! The FAQ's use cases: entries by theme, one entry, writing one (brokers), and promoting an
//! accepted help-desk answer into a bilingual entry that links back to its question.

use leerpunt_core::access::{Action, Target};
use leerpunt_core::helpdesk::{FaqEntry, FaqInput};
use leerpunt_core::vocab;
use leerpunt_core::Lang;

use super::helpdesk::visible_question;
use super::Caller;
use crate::error::AppError;
use crate::AppState;

/// The FAQ, optionally of one theme (an unknown theme is a 400).
pub async fn entries(app: &AppState, theme: Option<&str>) -> Result<Vec<FaqEntry>, AppError> {
    if let Some(t) = theme {
        if vocab::theme(t).is_none() {
            return Err(AppError::BadRequest(format!("unknown theme {t:?}")));
        }
    }
    Ok(app.store.faq_entries(theme).await?)
}

/// One entry.
pub async fn entry(app: &AppState, id: i64) -> Result<FaqEntry, AppError> {
    Ok(app.store.faq_entry(id).await?)
}

/// An entry a broker may edit.
pub async fn editable(app: &AppState, caller: &Caller, id: i64) -> Result<FaqEntry, AppError> {
    caller.require(Action::EditToolkit, Target::None)?;
    entry(app, id).await
}

/// Whether the caller writes the FAQ (for showing links).
pub fn may_edit(caller: &Caller) -> bool {
    caller.can(Action::EditToolkit, Target::None)
}

/// Writes an entry (new when `id` is `None`).
pub async fn save(
    app: &AppState,
    caller: &Caller,
    id: Option<i64>,
    input: &FaqInput,
) -> Result<FaqEntry, AppError> {
    caller.require(Action::EditToolkit, Target::None)?;
    Ok(app
        .store
        .save_faq(id, input, false, &caller.origin())
        .await?)
}

/// The entry a promotion starts from: the question as the question (in its language, the other
/// language left for the broker to write) and the accepted answer as the answer.
pub async fn promotion_draft(
    app: &AppState,
    caller: &Caller,
    question_id: i64,
) -> Result<FaqInput, AppError> {
    caller.require(Action::EditToolkit, Target::None)?;
    let q = visible_question(app, caller, question_id).await?;
    let Some(accepted) = q.accepted_answer_id else {
        return Err(AppError::Conflict("msg-faq-needs-accepted".to_owned()));
    };
    let answer = app
        .store
        .answers(question_id)
        .await?
        .into_iter()
        .find(|a| a.id == accepted)
        .map(|a| a.body)
        .unwrap_or_default();
    let (question_nl, question_en, answer_nl, answer_en) = match q.lang {
        Lang::Nl => (q.title.clone(), String::new(), answer, String::new()),
        Lang::En => (String::new(), q.title.clone(), String::new(), answer),
    };
    Ok(FaqInput {
        question_nl,
        question_en,
        answer_nl,
        answer_en,
        theme: q.themes.first().cloned().unwrap_or_default(),
        question_id: Some(question_id),
    })
}

/// Promotes a question's accepted answer to the FAQ.
pub async fn promote(
    app: &AppState,
    caller: &Caller,
    question_id: i64,
    mut input: FaqInput,
) -> Result<FaqEntry, AppError> {
    caller.require(Action::EditToolkit, Target::None)?;
    visible_question(app, caller, question_id).await?;
    input.question_id = Some(question_id);
    save(app, caller, None, &input).await
}
