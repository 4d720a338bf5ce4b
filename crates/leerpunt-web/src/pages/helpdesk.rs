//! The help desk's pages: the overview of public questions, the ask form with what already
//! answers the question, a question with its threaded answers and the steps the caller may take,
//! and the brokers' queue.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::helpdesk::{Answer, Assignee, NewQuestion, Question, QuestionState};
use leerpunt_core::matching::{EntryKind, Reason};
use leerpunt_core::{vocab, Lang};
use leerpunt_search::MatchResults;
use minijinja::{context, Value};
use serde::Deserialize;

use super::{field_errors, theme_label, theme_options, Labelled, Pager};
use crate::actions::helpdesk::{self, QuestionPage};
use crate::actions::{catalogue, Caller};
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::markup;
use crate::ui::Ui;
use crate::AppState;

/// A path id: anything but a positive number is a page that does not exist.
pub fn path_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(raw.to_owned()))
}

/// The label key of a question's state.
fn state_key(s: QuestionState) -> String {
    format!("helpdesk-state-{}", s.key())
}

/// How long ago a timestamp was, in whole days (0 for today).
fn age_days(stamp: &str) -> i64 {
    time::OffsetDateTime::parse(stamp, &time::format_description::well_known::Rfc3339)
        .map(|t| (time::OffsetDateTime::now_utc() - t).whole_days().max(0))
        .unwrap_or(0)
}

/// A question as the pages show it.
fn question_view(q: &Question, lang: Lang) -> Value {
    context! {
        id => q.id,
        title => q.title.clone(),
        body => Value::from_safe_string(markup::markdown(&q.body)),
        lang => q.lang.key(),
        state => q.state.key(),
        state_label => state_key(q.state),
        reason => q.reason.clone(),
        asker => q.asker_name.clone(),
        organisation => q.organisation.clone(),
        themes => q.themes.iter().map(|k| Labelled { key: k.clone(), label: theme_label(k, lang) }).collect::<Vec<_>>(),
        legal => q.legal,
        public => q.public,
        assignee => q.assignee_name.clone(),
        assignee_kind => match q.assignee { Some(Assignee::Person(_)) => "person", Some(Assignee::Community(_)) => "community", None => "" },
        assignee_id => match q.assignee { Some(Assignee::Person(id) | Assignee::Community(id)) => id, None => 0 },
        demo => q.demo,
        created_at => q.created_at.clone(),
        updated_at => q.updated_at.clone(),
        age => age_days(&q.created_at),
    }
}

fn answer_view(a: &Answer, accepted: Option<i64>) -> Value {
    context! {
        id => a.id,
        author => a.author_name.clone(),
        body => Value::from_safe_string(markup::markdown(&a.body)),
        created_at => a.created_at.clone(),
        accepted => accepted == Some(a.id),
    }
}

/// Answers threaded: each top-level answer with the replies under it (deeper replies are shown
/// under their top-level answer, in time order).
fn threaded(answers: &[Answer], accepted: Option<i64>) -> Vec<Value> {
    fn root_of(answers: &[Answer], start: &Answer) -> i64 {
        let mut a = start;
        for _ in 0..answers.len() {
            match a.parent_id.and_then(|p| answers.iter().find(|x| x.id == p)) {
                Some(parent) => a = parent,
                None => break,
            }
        }
        a.id
    }
    let root_of = |a: &Answer| root_of(answers, a);
    let mut children: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    for a in answers.iter().filter(|a| a.parent_id.is_some()) {
        children
            .entry(root_of(a))
            .or_default()
            .push(answer_view(a, accepted));
    }
    answers
        .iter()
        .filter(|a| a.parent_id.is_none() || root_of(a) == a.id)
        .map(|a| {
            context! {
                answer => answer_view(a, accepted),
                replies => children.remove(&a.id).unwrap_or_default(),
            }
        })
        .collect()
}

fn entry_kind(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Faq => "faq",
        EntryKind::Question => "question",
        EntryKind::Topic => "topic",
        EntryKind::Community => "community",
    }
}

/// What already answers a question, for the ask form.
fn suggestions_view(found: &MatchResults, lang: Lang) -> Value {
    let m = &found.matches;
    let reasons = |r: &[Reason]| -> Vec<String> { r.iter().map(|r| r.text(lang)).collect() };
    context! {
        entries => m.entries.iter().take(5).map(|e| context! {
            kind => entry_kind(e.kind),
            url => e.url.clone(),
            title => e.title.clone(),
            snippet => Value::from_safe_string(markup::snippet(&e.snippet)),
            reasons => reasons(&e.reasons),
        }).collect::<Vec<_>>(),
        practices => m.practices.iter().take(5).map(|h| context! {
            slug => h.practice.slug.clone(),
            title => h.practice.title.clone(),
            organisation => h.practice.org_name.clone(),
            reasons => reasons(&h.reasons),
        }).collect::<Vec<_>>(),
        organisations => m.organisations.iter().take(3).map(|o| context! {
            code => o.code.clone(), name => o.name.clone(), reasons => reasons(&o.reasons),
        }).collect::<Vec<_>>(),
        people => m.people.iter().take(3).map(|p| context! {
            id => p.person.id, name => p.person.name.clone(), role => p.person.role.clone(), reasons => reasons(&p.reasons),
        }).collect::<Vec<_>>(),
        any => !m.entries.is_empty() || !m.practices.is_empty() || !m.people.is_empty(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    page: Option<i64>,
    theme: Option<String>,
}

/// `GET /helpdesk`: what the help desk is, the public questions and the caller's own.
pub async fn overview(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<ListParams>,
) -> Result<Html<String>, AppError> {
    let page = crate::filters::page_request(params.page, Some(20))?;
    let theme = params.theme.filter(|t| !t.is_empty());
    if let Some(t) = &theme {
        if vocab::theme(t).is_none() {
            return Err(AppError::BadRequest(format!("unknown theme {t:?}")));
        }
    }
    let (list, total, own) = helpdesk::questions(&app, &caller, page, theme.clone()).await?;
    ui.render(
        "helpdesk.html",
        context! {
            questions => list.iter().map(|q| question_view(q, ui.lang)).collect::<Vec<_>>(),
            own => own.iter().map(|q| question_view(q, ui.lang)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, total),
            theme => theme.unwrap_or_default(),
            themes => theme_options(ui.lang),
            signed_in => caller.user.is_some(),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct AskParams {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// The values of the ask form, from a form or the query string.
fn ask_values(form: &FormData) -> Value {
    context! {
        title => form.get("title"),
        body => form.get("body"),
        themes => form.all("themes"),
        organisation => form.get("organisation"),
        legal => !form.get("legal").is_empty(),
        public => !form.get("public").is_empty(),
        lang => form.get("lang"),
    }
}

async fn render_ask(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    values: Value,
    text: &str,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let suggestions = if text.trim().chars().count() >= 3 {
        Some(suggestions_view(
            &helpdesk::suggestions(app, text, ui.lang).await?,
            ui.lang,
        ))
    } else {
        None
    };
    let mut organisations: Vec<Labelled> = catalogue::asking_organisations(app)
        .await?
        .iter()
        .map(|o| Labelled {
            key: o.code.clone(),
            label: o.display_name(ui.lang).to_owned(),
        })
        .collect();
    organisations.sort_by(|a, b| a.label.cmp(&b.label));
    ui.render(
        "helpdesk_ask.html",
        context! {
            values,
            suggestions,
            errors,
            themes => theme_options(ui.lang),
            organisations,
            may_ask => caller.can(leerpunt_core::access::Action::AskQuestion, leerpunt_core::access::Target::None),
            signed_in => caller.user.is_some(),
        },
    )
}

/// `GET /helpdesk/vragen/nieuw`: the ask form; with `title`/`body` in the query (the "check for
/// answers" button), it shows what already answers the question.
pub async fn ask_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<AskParams>,
    raw: axum::extract::RawQuery,
) -> Result<Html<String>, AppError> {
    let form = FormData(
        raw.0
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let text = format!("{} {}", params.title, params.body);
    render_ask(
        &app,
        &caller,
        &ui,
        ask_values(&form),
        &text,
        BTreeMap::new(),
    )
    .await
}

fn question_from_form(form: &FormData, lang: Lang) -> NewQuestion {
    NewQuestion {
        title: form.get("title").to_owned(),
        body: form.get("body").to_owned(),
        themes: form.all("themes"),
        organisation: Some(form.get("organisation").trim().to_owned()).filter(|s| !s.is_empty()),
        legal: !form.get("legal").is_empty(),
        public: !form.get("public").is_empty(),
        lang: match form.get("lang") {
            "en" => Lang::En,
            "nl" => Lang::Nl,
            _ => lang,
        },
    }
}

/// `POST /helpdesk/vragen/nieuw`: asks the question; invalid fields come back next to them.
pub async fn ask(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let input = question_from_form(&form, ui.lang);
    match helpdesk::ask(&app, &caller, input).await {
        Ok(q) => Ok(Redirect::to(&format!("/helpdesk/vragen/{}?gevraagd=1", q.id)).into_response()),
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => {
                let text = format!("{} {}", form.get("title"), form.get("body"));
                let html = render_ask(&app, &caller, &ui, ask_values(&form), &text, errors).await?;
                Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /helpdesk/opgelost`: the suggestions answered the question; counted, nothing asked.
pub async fn deflected(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Html<String>, AppError> {
    let text = format!("{}\n{}", form.get("title"), form.get("body"));
    helpdesk::deflected(&app, &caller, &text).await?;
    ui.render("helpdesk_thanks.html", context! {})
}

#[derive(Debug, Default, Deserialize)]
pub struct QuestionParams {
    gevraagd: Option<String>,
    reply: Option<i64>,
}

/// `GET /helpdesk/vragen/{id}`.
pub async fn question(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    Q(params): Q<QuestionParams>,
) -> Result<Html<String>, AppError> {
    let id = path_id(&id)?;
    let page = helpdesk::question_page(&app, &caller, id, ui.lang).await?;
    render_question(
        &ui,
        &page,
        params.gevraagd.is_some(),
        params.reply,
        BTreeMap::new(),
    )
}

fn render_question(
    ui: &Ui,
    page: &QuestionPage,
    just_asked: bool,
    reply_to: Option<i64>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let q = &page.question;
    let reasons = |r: &[Reason]| -> Vec<String> { r.iter().map(|r| r.text(ui.lang)).collect() };
    ui.render(
        "question.html",
        context! {
            q => question_view(q, ui.lang),
            answers => threaded(&page.answers, q.accepted_answer_id),
            answer_count => page.answers.len(),
            faq => page.faq.iter().map(|f| context! { id => f.id, question => f.question(ui.lang).to_owned() }).collect::<Vec<_>>(),
            can_answer => page.can_answer,
            can_accept => page.can_accept,
            can_close => page.can_close,
            can_manage => page.can_manage,
            can_promote => page.can_promote,
            waiting => q.state.waiting(),
            experts => page.experts.iter().map(|p| context! {
                id => p.person.id, name => p.person.name.clone(), role => p.person.role.clone(), reasons => reasons(&p.reasons),
            }).collect::<Vec<_>>(),
            communities => page.communities.iter().map(|(id, name)| context! { id => id, name => name.clone() }).collect::<Vec<_>>(),
            following => page.following,
            just_asked,
            reply_to => reply_to.filter(|r| page.answers.iter().any(|a| a.id == *r)),
            errors,
        },
    )
}

/// `POST /helpdesk/vragen/{id}/antwoorden`: adds an answer (or a reply under `parent`).
pub async fn answer(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let parent = match form.get("parent").trim() {
        "" => None,
        p => Some(p.parse::<i64>().map_err(|_| {
            AppError::BadRequest("parent must be the number of an answer".to_owned())
        })?),
    };
    match helpdesk::answer(&app, &caller, id, parent, form.get("body")).await {
        Ok(a) => {
            Ok(Redirect::to(&format!("/helpdesk/vragen/{id}#antwoord-{}", a.id)).into_response())
        }
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) if !errors.contains_key("state") && !errors.contains_key("parent") => {
                let page = helpdesk::question_page(&app, &caller, id, ui.lang).await?;
                let html = render_question(&ui, &page, false, parent, errors)?;
                Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            _ => Err(e),
        },
    }
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/helpdesk/vragen/{id}")).into_response()
}

/// `POST /helpdesk/vragen/{id}/accepteren`.
pub async fn accept(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let answer: i64 = form
        .get("answer")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("msg-answer-unknown".to_owned()))?;
    helpdesk::accept(&app, &caller, id, answer).await?;
    Ok(back(id))
}

/// `POST /helpdesk/vragen/{id}/sluiten`.
pub async fn close(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    helpdesk::close(&app, &caller, id).await?;
    Ok(back(id))
}

/// `POST /helpdesk/vragen/{id}/toewijzen`: `assignee` is `person:ID` or `community:ID`.
pub async fn assign(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let raw = form.get("assignee").trim();
    let to = match raw.split_once(':') {
        Some(("person", n)) => n.parse().ok().map(Assignee::Person),
        Some(("community", n)) => n.parse().ok().map(Assignee::Community),
        _ => None,
    }
    .ok_or_else(|| AppError::BadRequest("msg-assignee-unknown".to_owned()))?;
    helpdesk::assign(&app, &caller, id, to).await?;
    Ok(back(id))
}

/// `POST /helpdesk/vragen/{id}/afwijzen`.
pub async fn reject(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let reason = form.get("reason");
    if reason.trim().is_empty() {
        return Err(AppError::BadRequest("msg-reason-required".to_owned()));
    }
    helpdesk::reject(&app, &caller, id, reason).await?;
    Ok(back(id))
}

/// `GET /helpdesk/wachtrij`: the brokers' queue, oldest first, with each question's age.
pub async fn queue(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let (questions, (deflected, asked)) = helpdesk::queue(&app, &caller).await?;
    ui.render(
        "helpdesk_queue.html",
        context! {
            questions => questions.iter().map(|q| question_view(q, ui.lang)).collect::<Vec<_>>(),
            deflected,
            asked,
        },
    )
}
