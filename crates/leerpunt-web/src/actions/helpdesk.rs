//! The help desk's use cases: asking (with what already answers the question), the brokers'
//! queue, assigning, answering, accepting, closing and rejecting, each with the mail it sends to
//! the people concerned. Who may see a question is decided here, once.

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::helpdesk::{Answer, Assignee, FaqEntry, NewQuestion, Question, Step};
use leerpunt_core::matching::MatchedPerson;
use leerpunt_core::paging::PageRequest;
use leerpunt_core::Lang;
use leerpunt_search::MatchResults;
use leerpunt_store::{Mail, QuestionFilter};

use super::search::{match_question, Question as MatchQuery};
use super::{optional, Caller};
use crate::error::AppError;
use crate::i18n::t;
use crate::AppState;

/// How many practices' owners are invited to answer a new question.
const INVITED_PRACTICES: usize = 3;
/// The least search score a practice needs for its owners to be invited (a weak match is noise
/// to them).
const INVITE_MIN_SCORE: f32 = 4.0;

/// An absolute link into Leerpunt.
pub fn link(app: &AppState, path: &str) -> String {
    format!("{}{path}", app.config.public_url.trim_end_matches('/'))
}

/// A message in both languages (Dutch first) from the locale keys `{key}-subject` and
/// `{key}-body`, with `args`.
pub fn mail(to: &str, key: &str, args: &FluentArgs) -> Mail {
    let part = |lang: Lang, what: &str| t(lang, &format!("{key}-{what}"), Some(args));
    Mail {
        to: to.to_owned(),
        subject: format!(
            "{} / {}",
            part(Lang::Nl, "subject"),
            part(Lang::En, "subject")
        ),
        body: format!(
            "{}\n\n-- English --\n\n{}",
            part(Lang::Nl, "body"),
            part(Lang::En, "body")
        ),
    }
}

fn question_args(app: &AppState, q: &Question) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("title", q.title.clone());
    args.set("link", link(app, &format!("/helpdesk/vragen/{}", q.id)));
    args
}

/// Whether the caller may see a question: a public one that was not rejected, or one's own,
/// one assigned to one, or any for the brokers.
pub fn may_see(caller: &Caller, q: &Question) -> bool {
    let me = caller.user.as_ref().map(|u| u.id);
    (q.public && q.state != leerpunt_core::helpdesk::QuestionState::Rejected)
        || (me.is_some() && (q.asker_id == me || q.assignee_user_id == me))
        || caller.can(Action::ManageHelpdesk, Target::None)
}

/// A question the caller may see; others get a 404 (a private question does not reveal itself).
pub async fn visible_question(
    app: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Question, AppError> {
    match optional(app.store.question(id).await)? {
        Some(q) if may_see(caller, &q) => Ok(q),
        _ => Err(AppError::NotFound(format!("question {id}"))),
    }
}

/// The access target of the asker's rights on a question.
fn asker(q: &Question) -> Target {
    // A question whose asker's account is gone is nobody's: only brokers act on it.
    Target::Owner(q.asker_id.unwrap_or(-1))
}

/// Everything the question page shows and offers.
#[derive(Debug)]
pub struct QuestionPage {
    pub question: Question,
    pub answers: Vec<Answer>,
    /// FAQ entries promoted from this question.
    pub faq: Vec<FaqEntry>,
    pub can_answer: bool,
    /// The asker (or a broker) may accept an answer and close the question.
    pub can_accept: bool,
    pub can_close: bool,
    /// Brokers: assign, reject, promote.
    pub can_manage: bool,
    pub can_promote: bool,
    /// For brokers: experts matchmaking suggests for the question (public profiles).
    pub experts: Vec<MatchedPerson>,
    /// For brokers: the communities to assign to (id, name).
    pub communities: Vec<(i64, String)>,
    pub following: bool,
}

/// The question page.
pub async fn question_page(
    app: &AppState,
    caller: &Caller,
    id: i64,
    lang: Lang,
) -> Result<QuestionPage, AppError> {
    let question = visible_question(app, caller, id).await?;
    let answers = app.store.answers(id).await?;
    let faq = app.store.faq_of_question(id).await?;
    let can_manage = caller.can(Action::ManageHelpdesk, Target::None);
    let (experts, communities) = if can_manage && question.state.waiting() {
        let found = match_question(
            app,
            MatchQuery {
                q: format!("{} {}", question.title, question.body),
                organisation: None,
                limit: 5,
            },
            lang,
        )
        .await?;
        (found.matches.people, app.store.community_choices().await?)
    } else {
        (Vec::new(), Vec::new())
    };
    let following = match &caller.user {
        Some(u) => app.store.follows(u.id).await?.iter().any(|(k, t)| {
            *k == leerpunt_core::helpdesk::FollowKind::Question && *t == id.to_string()
        }),
        None => false,
    };
    Ok(QuestionPage {
        can_answer: caller.can(Action::AnswerQuestion, Target::None)
            && question.state.takes_answers(),
        can_accept: caller.can(Action::ManageOwnQuestion, asker(&question))
            && question.state.takes_answers(),
        can_close: caller.can(Action::ManageOwnQuestion, asker(&question))
            && !matches!(
                question.state,
                leerpunt_core::helpdesk::QuestionState::Closed
                    | leerpunt_core::helpdesk::QuestionState::Rejected
            ),
        can_promote: caller.can(Action::EditToolkit, Target::None)
            && question.accepted_answer_id.is_some(),
        can_manage,
        question,
        answers,
        faq,
        experts,
        communities,
        following,
    })
}

/// What already answers a question being typed: matchmaking's practices, organisations, people
/// and the network's FAQ entries, answered questions and discussions.
pub async fn suggestions(app: &AppState, text: &str, lang: Lang) -> Result<MatchResults, AppError> {
    let text: String = text.chars().take(1_000).collect();
    match_question(
        app,
        MatchQuery {
            q: text.trim().to_owned(),
            organisation: None,
            limit: 5,
        },
        lang,
    )
    .await
}

/// The suggestions answered the question: counted, nothing is asked.
pub async fn deflected(app: &AppState, caller: &Caller, text: &str) -> Result<(), AppError> {
    caller.require(Action::AskQuestion, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .record_deflection(user.id, text, &caller.origin())
        .await?)
}

/// Asks a question: stored as `open`, the brokers (for privacy and law: those with that
/// expertise) are mailed, and the owners of the most similar practices are invited to answer.
pub async fn ask(
    app: &AppState,
    caller: &Caller,
    input: NewQuestion,
) -> Result<Question, AppError> {
    caller.require(Action::AskQuestion, Target::None)?;
    let user = caller.user()?;
    leerpunt_core::helpdesk::validate_question(&input)?;
    if let Some(code) = input
        .organisation
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        if optional(app.store.organisation(code.trim()).await)?.is_none() {
            return Err(AppError::Invalid(vec![leerpunt_core::FieldError::new(
                "organisation",
                format!("unknown organisation {code:?}"),
            )]));
        }
    }
    let mut args = FluentArgs::new();
    args.set("title", input.title.trim().to_owned());
    args.set("link", link(app, "/helpdesk/wachtrij"));
    let mut mails: Vec<Mail> = app
        .store
        .broker_addresses(input.legal)
        .await?
        .iter()
        .map(|to| mail(to, "mail-question-new", &args))
        .collect();
    // The owners of the practices closest to the question know the answer best.
    let found = suggestions(app, &format!("{} {}", input.title, input.body), input.lang).await?;
    let mut invited: Vec<String> = Vec::new();
    for p in found
        .matches
        .practices
        .iter()
        .filter(|p| p.score >= INVITE_MIN_SCORE)
        .take(INVITED_PRACTICES)
    {
        for to in app.store.editor_addresses(&p.practice.org_code).await? {
            if to != user.email && !invited.contains(&to) {
                invited.push(to);
            }
        }
    }
    let question = app
        .store
        .ask_question(user.id, &input, &mails, &caller.origin())
        .await?;
    // The invitation links to the stored question, so it is queued after it.
    if !invited.is_empty() && question.public {
        let args = question_args(app, &question);
        mails = invited
            .iter()
            .map(|to| mail(to, "mail-question-invite", &args))
            .collect();
        app.store.queue_mails(&mails).await?;
    }
    Ok(question)
}

/// Answers a question (under `parent`, another answer of it). The asker, the assignee and the
/// question's followers are told.
pub async fn answer(
    app: &AppState,
    caller: &Caller,
    id: i64,
    parent: Option<i64>,
    body: &str,
) -> Result<Answer, AppError> {
    caller.require(Action::AnswerQuestion, Target::None)?;
    let user = caller.user()?;
    let question = visible_question(app, caller, id).await?;
    if !question.state.takes_answers() {
        return Err(AppError::Conflict("msg-question-ended".to_owned()));
    }
    let args = question_args(app, &question);
    let mut to: Vec<String> = Vec::new();
    for uid in [question.asker_id, question.assignee_user_id]
        .into_iter()
        .flatten()
    {
        if uid != user.id {
            if let Some(addr) = app.store.confirmed_address(uid).await? {
                to.push(addr);
            }
        }
    }
    for f in app
        .store
        .followers(
            leerpunt_core::helpdesk::FollowKind::Question,
            &id.to_string(),
        )
        .await?
    {
        if f.user_id != user.id && !to.contains(&f.email) {
            to.push(f.email);
        }
    }
    let mails: Vec<Mail> = to
        .iter()
        .map(|to| mail(to, "mail-question-answered", &args))
        .collect();
    let name = if user.name.trim().is_empty() {
        user.email.split('@').next().unwrap_or("").to_owned()
    } else {
        user.name.clone()
    };
    Ok(app
        .store
        .add_answer(
            id,
            parent,
            Some(user.id),
            &name,
            body,
            &mails,
            &caller.origin(),
        )
        .await?)
}

/// Applies a step the asker or a broker takes (accept an answer, close).
async fn own_step(
    app: &AppState,
    caller: &Caller,
    id: i64,
    step: Step,
    key: &str,
) -> Result<Question, AppError> {
    let question = visible_question(app, caller, id).await?;
    caller.require(Action::ManageOwnQuestion, asker(&question))?;
    let mails = step_mails(app, caller, &question, key).await?;
    Ok(app
        .store
        .question_step(id, &step, &mails, &caller.origin())
        .await?)
}

/// The mail of a step to the people concerned other than the caller: the asker and the
/// assignee.
async fn step_mails(
    app: &AppState,
    caller: &Caller,
    question: &Question,
    key: &str,
) -> Result<Vec<Mail>, AppError> {
    let me = caller.user.as_ref().map(|u| u.id);
    let args = question_args(app, question);
    let mut mails = Vec::new();
    for uid in [question.asker_id, question.assignee_user_id]
        .into_iter()
        .flatten()
    {
        if Some(uid) != me {
            if let Some(addr) = app.store.confirmed_address(uid).await? {
                if !mails.iter().any(|m: &Mail| m.to == addr) {
                    mails.push(mail(&addr, key, &args));
                }
            }
        }
    }
    Ok(mails)
}

/// The asker (or a broker) accepts an answer: the question is answered.
pub async fn accept(
    app: &AppState,
    caller: &Caller,
    id: i64,
    answer_id: i64,
) -> Result<Question, AppError> {
    own_step(
        app,
        caller,
        id,
        Step::Accept { answer_id },
        "mail-question-accepted",
    )
    .await
}

/// The asker (or a broker) closes the question.
pub async fn close(app: &AppState, caller: &Caller, id: i64) -> Result<Question, AppError> {
    own_step(app, caller, id, Step::Close, "mail-question-closed").await
}

/// A broker assigns the question to an expert or a community; the expert (or the community's
/// moderators) and the asker are told.
pub async fn assign(
    app: &AppState,
    caller: &Caller,
    id: i64,
    to: Assignee,
) -> Result<Question, AppError> {
    caller.require(Action::ManageHelpdesk, Target::None)?;
    let question = visible_question(app, caller, id).await?;
    let args = question_args(app, &question);
    let mut mails = step_mails(app, caller, &question, "mail-question-assigned").await?;
    let expert_addrs = match to {
        Assignee::Person(person) => match app.store.user_of_person(person).await? {
            Some(uid) => app
                .store
                .confirmed_address(uid)
                .await?
                .into_iter()
                .collect(),
            None => Vec::new(),
        },
        Assignee::Community(community) => {
            app.store.community_moderator_addresses(community).await?
        }
    };
    for addr in expert_addrs {
        mails.retain(|m| m.to != addr);
        mails.push(mail(&addr, "mail-question-for-you", &args));
    }
    Ok(app
        .store
        .question_step(id, &Step::Assign(to), &mails, &caller.origin())
        .await?)
}

/// A broker rejects the question with a reason; the asker is told.
pub async fn reject(
    app: &AppState,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> Result<Question, AppError> {
    caller.require(Action::ManageHelpdesk, Target::None)?;
    let question = visible_question(app, caller, id).await?;
    let mut args = question_args(app, &question);
    args.set("reason", reason.trim().to_owned());
    let mut mails = Vec::new();
    if let Some(uid) = question.asker_id {
        if let Some(addr) = app.store.confirmed_address(uid).await? {
            mails.push(mail(&addr, "mail-question-rejected", &args));
        }
    }
    Ok(app
        .store
        .question_step(
            id,
            &Step::Reject {
                reason: reason.to_owned(),
            },
            &mails,
            &caller.origin(),
        )
        .await?)
}

/// The brokers' queue: open and assigned questions, oldest first, and how often the
/// suggestions answered a question before it was asked.
pub async fn queue(
    app: &AppState,
    caller: &Caller,
) -> Result<(Vec<Question>, (i64, i64)), AppError> {
    caller.require(Action::ManageHelpdesk, Target::None)?;
    Ok((
        app.store.helpdesk_queue().await?,
        app.store.helpdesk_counts().await?,
    ))
}

/// The public questions, newest activity first, and the caller's own.
pub async fn questions(
    app: &AppState,
    caller: &Caller,
    page: PageRequest,
    theme: Option<String>,
) -> Result<(Vec<Question>, i64, Vec<Question>), AppError> {
    let filter = QuestionFilter {
        public_only: true,
        theme,
        ..QuestionFilter::default()
    };
    let (list, total) = app
        .store
        .questions(&filter, i64::from(page.per_page), page.offset())
        .await?;
    let own = match &caller.user {
        Some(u) => {
            app.store
                .questions(
                    &QuestionFilter {
                        asker: Some(u.id),
                        ..QuestionFilter::default()
                    },
                    50,
                    0,
                )
                .await?
                .0
        }
        None => Vec::new(),
    };
    Ok((list, total, own))
}
