//! Idea challenges' use cases: the list, a challenge's page (phase, ideas, funnel, ranking when it
//! may be seen), an idea's page (with the jury scores the caller may see, and no others), and
//! every step from opening a challenge to publishing its results, each with its access check
//! and the mail it sends (shortlisted, appointed to a jury, winner).

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::challenges::{
    self as core, Challenge, ChallengeInput, Comment, Idea, IdeaInput, Juror, MilestoneInput,
    Phase, PitchInput, Project, ScoreSheet, ScoreView, Tally,
};
use leerpunt_store::{Mail, User};

use super::helpdesk::{link, mail};
use super::Caller;
use crate::error::AppError;
use crate::AppState;

/// Today (UTC), the day the phases are read against.
pub fn today() -> String {
    leerpunt_store::news_today()
}

fn display_name(user: &User) -> String {
    if user.name.trim().is_empty() {
        user.email.split('@').next().unwrap_or("").to_owned()
    } else {
        user.name.clone()
    }
}

/// The caller's place on a challenge's jury (their row), if any.
fn juror_of<'a>(caller: &Caller, jury: &'a [Juror]) -> Option<&'a Juror> {
    let me = caller.user.as_ref().map(|u| u.id)?;
    jury.iter().find(|j| j.user_id == Some(me))
}

fn challenge_target(caller: &Caller, jury: &[Juror]) -> Target {
    Target::Challenge {
        juror: juror_of(caller, jury).is_some(),
    }
}

fn is_manager(caller: &Caller) -> bool {
    caller.can(Action::ManageChallenges, Target::None)
}

/// Every challenge.
pub async fn list(app: &AppState) -> Result<Vec<Challenge>, AppError> {
    Ok(app.store.challenges().await?)
}

/// One challenge.
pub async fn challenge(app: &AppState, id: i64) -> Result<Challenge, AppError> {
    Ok(app.store.challenge(id).await?)
}

/// The ranking, when the caller may see it (see `core::challenges::totals_visible`).
pub async fn ranking(
    app: &AppState,
    caller: &Caller,
    c: &Challenge,
) -> Result<Option<Vec<Tally>>, AppError> {
    let visible = core::totals_visible(
        c.winners_chosen_at.is_some(),
        is_manager(caller),
        c.phase(&today()),
    );
    Ok(if visible {
        Some(app.store.challenge_ranking(c.id).await?)
    } else {
        None
    })
}

/// Everything a challenge's page shows and offers.
#[derive(Debug)]
pub struct ChallengePage {
    pub challenge: Challenge,
    pub phase: Phase,
    pub ideas: Vec<Idea>,
    pub projects: Vec<Project>,
    pub ranking: Option<Vec<Tally>>,
    /// The jury's names (for the broker).
    pub jury: Vec<Juror>,
    pub is_juror: bool,
    pub can_manage: bool,
    pub can_submit: bool,
}

/// A challenge's page.
pub async fn page(app: &AppState, caller: &Caller, id: i64) -> Result<ChallengePage, AppError> {
    let c = app.store.challenge(id).await?;
    let phase = c.phase(&today());
    let jury = app.store.challenge_jury(id).await?;
    let ranking = ranking(app, caller, &c).await?;
    let can_manage = is_manager(caller);
    Ok(ChallengePage {
        is_juror: juror_of(caller, &jury).is_some(),
        can_submit: phase == Phase::Collect
            && caller.can(Action::TakePartInChallenge, Target::None),
        ideas: app.store.challenge_ideas(id).await?,
        projects: app.store.challenge_projects(id).await?,
        jury: if can_manage { jury } else { Vec::new() },
        phase,
        ranking,
        can_manage,
        challenge: c,
    })
}

/// Everything an idea's page shows and offers.
#[derive(Debug)]
pub struct IdeaPage {
    pub idea: Idea,
    pub challenge: Challenge,
    pub phase: Phase,
    pub comments: Vec<Comment>,
    pub supported: bool,
    /// The individual scores the caller may see: empty unless they are on the jury and scored.
    pub sheets: Vec<ScoreSheet>,
    pub is_juror: bool,
    pub has_scored: bool,
    /// The caller is on the jury but works for the idea's (or its submitter's) organisation.
    pub conflict: bool,
    /// The idea's weighted total and place, once the totals are public (or for the broker).
    pub total: Option<(usize, Tally)>,
    pub can_take_part: bool,
    pub can_pitch: bool,
    pub can_manage: bool,
}

/// An idea's page.
pub async fn idea_page(app: &AppState, caller: &Caller, id: i64) -> Result<IdeaPage, AppError> {
    let idea = app.store.idea(id).await?;
    let c = app.store.challenge(idea.challenge_id).await?;
    let phase = c.phase(&today());
    let jury = app.store.challenge_jury(c.id).await?;
    let me = juror_of(caller, &jury);
    let all = app.store.score_sheets(id).await?;
    let has_scored = me.is_some_and(|j| all.iter().any(|s| s.juror_id == j.id));
    let sheets = match core::score_view(me.is_some() && caller.actor.confirmed, has_scored) {
        ScoreView::All => all,
        ScoreView::Nothing => Vec::new(),
    };
    let conflict = me.is_some_and(|j| {
        core::conflict_of_interest(
            &j.organisations,
            idea.organisation.as_ref().map(|o| o.0),
            idea.submitter_organisation_id,
        )
    });
    let total = ranking(app, caller, &c).await?.and_then(|r| {
        r.into_iter()
            .enumerate()
            .find(|(_, t)| t.idea_id == id)
            .map(|(i, t)| (i + 1, t))
    });
    let supported = match &caller.user {
        Some(u) => app.store.supports_idea(id, u.id).await?,
        None => false,
    };
    let owner = Target::Owner(idea.submitter_id.unwrap_or(-1));
    Ok(IdeaPage {
        comments: app.store.idea_comments(id).await?,
        supported,
        sheets,
        is_juror: me.is_some(),
        has_scored,
        conflict,
        total,
        can_take_part: caller.can(Action::TakePartInChallenge, Target::None),
        can_pitch: idea.shortlisted && caller.can(Action::PitchIdea, owner),
        can_manage: is_manager(caller),
        phase,
        idea,
        challenge: c,
    })
}

/// Opens a challenge (brokers).
pub async fn open(
    app: &AppState,
    caller: &Caller,
    input: ChallengeInput,
) -> Result<Challenge, AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .create_challenge(&input, user.id, &caller.origin())
        .await?)
}

/// A challenge the caller may edit.
pub async fn editable(app: &AppState, caller: &Caller, id: i64) -> Result<Challenge, AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    challenge(app, id).await
}

/// Changes a challenge (brokers).
pub async fn update(
    app: &AppState,
    caller: &Caller,
    id: i64,
    input: ChallengeInput,
) -> Result<Challenge, AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    Ok(app
        .store
        .update_challenge(id, &input, &caller.origin())
        .await?)
}

/// Appoints the account with this address to the challenge's jury; they are told by mail.
pub async fn appoint(
    app: &AppState,
    caller: &Caller,
    id: i64,
    email: &str,
) -> Result<(), AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    let c = app.store.challenge(id).await?;
    let unknown = || {
        AppError::Invalid(vec![leerpunt_core::FieldError::new(
            "email",
            "msg-challenge-juror-unknown",
        )])
    };
    let email = leerpunt_core::account::normalise_email(email).map_err(|_| unknown())?;
    let user = app
        .store
        .user_by_email(&email)
        .await?
        .filter(|u| u.confirmed)
        .ok_or_else(unknown)?;
    let mut args = FluentArgs::new();
    args.set("title", c.title_nl.clone());
    args.set("title_en", c.title_en.clone());
    args.set("link", link(app, &format!("/uitdagingen/{id}")));
    let mails = [mail(&user.email, "mail-challenge-jury", &args)];
    Ok(app
        .store
        .appoint_juror(id, user.id, &today(), &mails, &caller.origin())
        .await?)
}

/// Sends an idea to a challenge (confirmed accounts, in the collect phase).
pub async fn submit_idea(
    app: &AppState,
    caller: &Caller,
    challenge_id: i64,
    input: IdeaInput,
) -> Result<Idea, AppError> {
    caller.require(Action::TakePartInChallenge, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .submit_idea(challenge_id, user.id, &input, &today(), &caller.origin())
        .await?)
}

/// Supports an idea, or withdraws one's support.
pub async fn support(
    app: &AppState,
    caller: &Caller,
    idea_id: i64,
    on: bool,
) -> Result<Idea, AppError> {
    caller.require(Action::TakePartInChallenge, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .support_idea(idea_id, user.id, on, &today(), &caller.origin())
        .await?)
}

/// Comments on an idea (Markdown, sanitised when shown).
pub async fn comment(
    app: &AppState,
    caller: &Caller,
    idea_id: i64,
    body: &str,
) -> Result<i64, AppError> {
    caller.require(Action::TakePartInChallenge, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .comment_idea(
            idea_id,
            (user.id, &display_name(user)),
            body,
            &today(),
            &caller.origin(),
        )
        .await?)
}

async fn submitter_mail(
    app: &AppState,
    idea: &Idea,
    key: &str,
    path: &str,
) -> Result<Vec<Mail>, AppError> {
    let Some(uid) = idea.submitter_id else {
        return Ok(Vec::new());
    };
    let user = app.store.user(uid).await?;
    let mut args = FluentArgs::new();
    args.set("title", idea.title_nl.clone());
    args.set("link", link(app, path));
    Ok(vec![mail(&user.email, key, &args)])
}

/// Puts an idea on the shortlist (brokers); its submitter is told.
pub async fn shortlist(app: &AppState, caller: &Caller, idea_id: i64) -> Result<Idea, AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    let idea = app.store.idea(idea_id).await?;
    let mails = submitter_mail(
        app,
        &idea,
        "mail-challenge-shortlisted",
        &format!("/uitdagingen/ideeen/{idea_id}"),
    )
    .await?;
    Ok(app
        .store
        .shortlist_idea(idea_id, &today(), &mails, &caller.origin())
        .await?)
}

/// Writes the pitch of one's own shortlisted idea.
pub async fn pitch(
    app: &AppState,
    caller: &Caller,
    idea_id: i64,
    input: PitchInput,
) -> Result<Idea, AppError> {
    let idea = app.store.idea(idea_id).await?;
    caller.require(
        Action::PitchIdea,
        Target::Owner(idea.submitter_id.unwrap_or(-1)),
    )?;
    Ok(app
        .store
        .pitch_idea(idea_id, &input, &today(), &caller.origin())
        .await?)
}

/// A jury member's scores of a pitch: (criterion id, score) for every criterion.
pub async fn score(
    app: &AppState,
    caller: &Caller,
    idea_id: i64,
    scores: &[(i64, i64)],
) -> Result<(), AppError> {
    let idea = app.store.idea(idea_id).await?;
    let jury = app.store.challenge_jury(idea.challenge_id).await?;
    caller.require(Action::ScorePitch, challenge_target(caller, &jury))?;
    let user = caller.user()?;
    Ok(app
        .store
        .score_pitch(idea_id, user.id, scores, &today(), &caller.origin())
        .await?)
}

/// Chooses the winners (brokers): the given ideas with their budgets, or by default the
/// ranking's top N, sharing the budget equally. Each winner's submitter is told.
pub async fn select_winners(
    app: &AppState,
    caller: &Caller,
    challenge_id: i64,
    chosen: Option<Vec<(i64, i64)>>,
) -> Result<Vec<Project>, AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    let c = app.store.challenge(challenge_id).await?;
    let winners = match chosen {
        Some(w) => w,
        None => {
            let ranking = app.store.challenge_ranking(challenge_id).await?;
            let n = ranking.len().min(usize::try_from(c.winners).unwrap_or(0));
            let each = if n == 0 { 0 } else { c.budget / n as i64 };
            ranking.iter().take(n).map(|t| (t.idea_id, each)).collect()
        }
    };
    let mut mails = Vec::new();
    for (idea_id, _) in &winners {
        if let Ok(idea) = app.store.idea(*idea_id).await {
            if idea.challenge_id == challenge_id {
                mails.extend(
                    submitter_mail(
                        app,
                        &idea,
                        "mail-challenge-winner",
                        &format!("/uitdagingen/{challenge_id}"),
                    )
                    .await?,
                );
            } else {
                return Err(AppError::Conflict("msg-challenge-not-pitched".to_owned()));
            }
        }
    }
    Ok(app
        .store
        .select_winners(challenge_id, &winners, &today(), &mails, &caller.origin())
        .await?)
}

/// One project.
pub async fn project(app: &AppState, id: i64) -> Result<(Project, Challenge), AppError> {
    let p = app.store.project(id).await?;
    let c = app.store.challenge(p.challenge_id).await?;
    Ok((p, c))
}

/// Whether the caller may keep a project (its submitter, brokers, admins).
pub fn may_keep(caller: &Caller, p: &Project) -> bool {
    caller.can(
        Action::ManageChallengeProject,
        Target::Owner(p.submitter_id.unwrap_or(-1)),
    )
}

async fn kept(app: &AppState, caller: &Caller, id: i64) -> Result<Project, AppError> {
    let p = app.store.project(id).await?;
    caller.require(
        Action::ManageChallengeProject,
        Target::Owner(p.submitter_id.unwrap_or(-1)),
    )?;
    Ok(p)
}

/// Adds a milestone to a project.
pub async fn add_milestone(
    app: &AppState,
    caller: &Caller,
    id: i64,
    input: MilestoneInput,
) -> Result<Project, AppError> {
    kept(app, caller, id).await?;
    Ok(app
        .store
        .add_project_milestone(id, &input, &caller.origin())
        .await?)
}

/// Marks a milestone done today.
pub async fn milestone_done(
    app: &AppState,
    caller: &Caller,
    id: i64,
    milestone: i64,
) -> Result<Project, AppError> {
    kept(app, caller, id).await?;
    Ok(app
        .store
        .project_milestone_done(id, milestone, &today(), &caller.origin())
        .await?)
}

/// Adds a dated progress update.
pub async fn add_update(
    app: &AppState,
    caller: &Caller,
    id: i64,
    on: &str,
    body: &str,
) -> Result<Project, AppError> {
    kept(app, caller, id).await?;
    let user = caller.user()?;
    Ok(app
        .store
        .add_project_update(
            id,
            on,
            body,
            (user.id, &display_name(user)),
            &caller.origin(),
        )
        .await?)
}

/// Writes a project's results (it is finished from today).
pub async fn results(
    app: &AppState,
    caller: &Caller,
    id: i64,
    nl: &str,
    en: &str,
) -> Result<Project, AppError> {
    kept(app, caller, id).await?;
    Ok(app
        .store
        .project_results(id, nl, en, &today(), &caller.origin())
        .await?)
}

/// Publishes a challenge's results (brokers): it moves to the results phase.
pub async fn publish(app: &AppState, caller: &Caller, id: i64) -> Result<Challenge, AppError> {
    caller.require(Action::ManageChallenges, Target::None)?;
    Ok(app
        .store
        .publish_challenge_results(id, &today(), &caller.origin())
        .await?)
}

/// The criteria of the challenge an idea belongs to (to read a score form).
pub async fn criteria_of_idea(
    app: &AppState,
    idea_id: i64,
) -> Result<Vec<leerpunt_core::challenges::Criterion>, AppError> {
    let idea = app.store.idea(idea_id).await?;
    Ok(app.store.challenge(idea.challenge_id).await?.criteria)
}

/// A challenge's ideas, oldest first.
pub async fn ideas(app: &AppState, challenge_id: i64) -> Result<Vec<Idea>, AppError> {
    Ok(app.store.challenge_ideas(challenge_id).await?)
}

/// A challenge's projects, by rank.
pub async fn projects(app: &AppState, challenge_id: i64) -> Result<Vec<Project>, AppError> {
    Ok(app.store.challenge_projects(challenge_id).await?)
}
