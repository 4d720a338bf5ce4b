//! The help desk and FAQ in the JSON API: public questions with their answers, asking and
//! answering with a token (scope `discussions:write`), and the FAQ in both languages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::helpdesk::{Answer, FaqEntry, NewQuestion, Question};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody, LangIn};
use crate::actions::{faq, helpdesk, Caller};
use crate::error::AppError;
use crate::extract::{JsonIn, Q};
use crate::AppState;

/// The help desk's part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, ask, answer, faq_list, faq_get),
    components(schemas(QuestionOut, QuestionPage, AnswerOut, QuestionIn, AnswerIn, FaqOut)),
    tags(
        (name = "helpdesk", description = "Questions to the help desk and their answers"),
        (name = "faq", description = "Frequently asked questions, in Dutch and English"),
    )
)]
pub struct HelpdeskApi;

/// A help-desk question.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionOut {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub lang: String,
    /// open, assigned, answered, closed or rejected.
    pub state: String,
    pub themes: Vec<String>,
    pub organisation: Option<String>,
    pub legal: bool,
    pub public: bool,
    pub accepted_answer_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub url: String,
    /// The answers, oldest first (only in the detail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AnswerOut>>,
}

impl QuestionOut {
    fn new(q: &Question, answers: Option<&[Answer]>) -> Self {
        Self {
            id: q.id,
            title: q.title.clone(),
            body: q.body.clone(),
            lang: q.lang.key().to_owned(),
            state: q.state.key().to_owned(),
            themes: q.themes.clone(),
            organisation: q.organisation.clone(),
            legal: q.legal,
            public: q.public,
            accepted_answer_id: q.accepted_answer_id,
            created_at: q.created_at.clone(),
            updated_at: q.updated_at.clone(),
            url: format!("/helpdesk/vragen/{}", q.id),
            answers: answers.map(|a| a.iter().map(AnswerOut::from).collect()),
        }
    }
}

/// An answer; `parent_id` is the answer it replies to.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerOut {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author: String,
    /// Markdown.
    pub body: String,
    pub created_at: String,
}

impl From<&Answer> for AnswerOut {
    fn from(a: &Answer) -> Self {
        Self {
            id: a.id,
            parent_id: a.parent_id,
            author: a.author_name.clone(),
            body: a.body.clone(),
            created_at: a.created_at.clone(),
        }
    }
}

/// A page of public questions.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionPage {
    pub items: Vec<QuestionOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// A question to ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionIn {
    #[schema(min_length = 5, max_length = 300)]
    pub title: String,
    /// Markdown.
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
    /// Theme keys, see /api/v1/themes.
    #[serde(default)]
    #[schema(max_items = 5)]
    pub themes: Vec<String>,
    /// Register code of the organisation asking.
    #[serde(default)]
    pub organisation: Option<String>,
    /// About privacy, the GDPR or law.
    #[serde(default)]
    pub legal: bool,
    /// Everyone may read the question and its answers.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub lang: Option<LangIn>,
}

/// An answer to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerIn {
    /// Markdown.
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
    /// The answer this one replies to.
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// A FAQ entry in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct FaqOut {
    pub id: i64,
    pub question: Bilingual,
    /// Markdown.
    pub answer: Bilingual,
    pub theme: String,
    /// The help-desk question the entry was promoted from.
    pub question_id: Option<i64>,
    pub updated_at: String,
    pub url: String,
}

impl From<&FaqEntry> for FaqOut {
    fn from(e: &FaqEntry) -> Self {
        Self {
            id: e.id,
            question: Bilingual {
                nl: e.question_nl.clone(),
                en: e.question_en.clone(),
            },
            answer: Bilingual {
                nl: e.answer_nl.clone(),
                en: e.answer_en.clone(),
            },
            theme: e.theme.clone(),
            question_id: e.question_id,
            updated_at: e.updated_at.clone(),
            url: format!("/faq/{}", e.id),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page.
    page: Option<i64>,
    /// Results per page (1–100).
    per_page: Option<i64>,
    /// A theme key.
    theme: Option<String>,
}

fn question_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("question {raw:?}")))
}

/// The public questions, newest activity first.
#[utoipa::path(get, path = "/api/v1/questions", tag = "helpdesk", params(ListParams),
    responses((status = 200, body = QuestionPage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    Q(params): Q<ListParams>,
) -> Result<Json<QuestionPage>, AppError> {
    let page = crate::filters::page_request(params.page, params.per_page)?;
    let theme = params.theme.filter(|t| !t.is_empty());
    if let Some(t) = &theme {
        if leerpunt_core::vocab::theme(t).is_none() {
            return Err(AppError::BadRequest(format!("unknown theme {t:?}")));
        }
    }
    let (items, total, _) = helpdesk::questions(&app, &caller, page, theme).await?;
    Ok(Json(QuestionPage {
        items: items.iter().map(|q| QuestionOut::new(q, None)).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One question with its answers (a private question is a 404 to all but its asker, its
/// assignee and the brokers).
#[utoipa::path(get, path = "/api/v1/questions/{id}", tag = "helpdesk",
    params(("id" = String, Path, description = "The question's number")),
    responses((status = 200, body = QuestionOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<QuestionOut>, AppError> {
    let id = question_id(&id)?;
    let q = helpdesk::visible_question(&app, &caller, id).await?;
    let answers = app_answers(&app, &caller, id).await?;
    Ok(Json(QuestionOut::new(&q, Some(&answers))))
}

async fn app_answers(app: &AppState, caller: &Caller, id: i64) -> Result<Vec<Answer>, AppError> {
    Ok(
        helpdesk::question_page(app, caller, id, leerpunt_core::Lang::Nl)
            .await?
            .answers,
    )
}

/// Ask the help desk a question.
#[utoipa::path(post, path = "/api/v1/questions", tag = "helpdesk", request_body = QuestionIn,
    security(("bearer" = ["discussions:write"])),
    responses(
        (status = 201, body = QuestionOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn ask(
    State(app): State<AppState>,
    caller: Caller,
    JsonIn(input): JsonIn<QuestionIn>,
) -> Result<(StatusCode, Json<QuestionOut>), AppError> {
    let q = helpdesk::ask(
        &app,
        &caller,
        NewQuestion {
            title: input.title,
            body: input.body,
            themes: input.themes,
            organisation: input.organisation.filter(|o| !o.trim().is_empty()),
            legal: input.legal,
            public: input.public,
            lang: match input.lang {
                Some(LangIn::En) => leerpunt_core::Lang::En,
                _ => leerpunt_core::Lang::Nl,
            },
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(QuestionOut::new(&q, Some(&[])))))
}

/// Answer a question.
#[utoipa::path(post, path = "/api/v1/questions/{id}/answers", tag = "helpdesk", request_body = AnswerIn,
    params(("id" = String, Path, description = "The question's number")),
    security(("bearer" = ["discussions:write"])),
    responses(
        (status = 201, body = AnswerOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn answer(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonIn(input): JsonIn<AnswerIn>,
) -> Result<(StatusCode, Json<AnswerOut>), AppError> {
    let id = question_id(&id)?;
    let a = helpdesk::answer(&app, &caller, id, input.parent_id, &input.body).await?;
    Ok((StatusCode::CREATED, Json((&a).into())))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FaqParams {
    /// A theme key.
    theme: Option<String>,
}

/// The FAQ, optionally of one theme.
#[utoipa::path(get, path = "/api/v1/faq", tag = "faq", params(FaqParams),
    responses((status = 200, body = [FaqOut]), (status = 400, body = ErrorBody)))]
pub async fn faq_list(
    State(app): State<AppState>,
    Q(params): Q<FaqParams>,
) -> Result<Json<Vec<FaqOut>>, AppError> {
    let theme = params.theme.filter(|t| !t.is_empty());
    let entries = faq::entries(&app, theme.as_deref()).await?;
    Ok(Json(entries.iter().map(FaqOut::from).collect()))
}

/// One FAQ entry.
#[utoipa::path(get, path = "/api/v1/faq/{id}", tag = "faq",
    params(("id" = String, Path, description = "The entry's number")),
    responses((status = 200, body = FaqOut), (status = 404, body = ErrorBody)))]
pub async fn faq_get(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FaqOut>, AppError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("FAQ entry {id:?}")))?;
    Ok(Json((&faq::entry(&app, id).await?).into()))
}
