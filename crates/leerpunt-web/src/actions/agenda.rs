//! The rolling agenda's use cases: the commitments (filtered), one commitment with what the
//! caller may do on it, writing commitments, milestones, progress updates and evidence (the
//! owner's editors, brokers, admins), the independent review (reviewers who are not editors of
//! the owner) with its mail to the owner's editors, the owner's response with its mail to the
//! reviewer, and the review report of a period.

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target, ANY_OTHER_ORGANISATION};
use leerpunt_core::agenda::{
    self, Commitment, CommitmentInput, CommitmentStatus, EvidenceInput, MilestoneInput,
    ProgressInput, Report, Review, ReviewInput, ReviewPeriod,
};
use leerpunt_core::{FieldError, Organisation};
use leerpunt_store::{CommitmentFilter, Mail};

use super::helpdesk::{link, mail};
use super::{optional, Caller};
use crate::error::AppError;
use crate::AppState;

/// Parses the list's filters: an unknown action line or status is a 400 told in the page's
/// language.
pub fn filter(
    action_line: Option<&str>,
    status: Option<&str>,
) -> Result<CommitmentFilter, AppError> {
    let action_line = match action_line.map(str::trim) {
        None | Some("") => None,
        Some(l) if agenda::is_action_line(l) => Some(l.to_owned()),
        Some(_) => {
            return Err(AppError::BadRequest(
                "msg-agenda-action-line-unknown".into(),
            ))
        }
    };
    let status = match status.map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            CommitmentStatus::parse(s)
                .ok_or_else(|| AppError::BadRequest("msg-agenda-status-unknown".into()))?,
        ),
    };
    Ok(CommitmentFilter {
        action_line,
        status,
    })
}

/// Parses a review period (`2026`, `2026-H1`); a bad one is a 400.
pub fn period(s: &str) -> Result<ReviewPeriod, AppError> {
    ReviewPeriod::parse(s).map_err(|_| AppError::BadRequest("msg-agenda-period-invalid".into()))
}

/// The commitments matching `filter`.
pub async fn commitments(
    app: &AppState,
    filter: &CommitmentFilter,
) -> Result<Vec<Commitment>, AppError> {
    Ok(app.store.commitments(filter).await?)
}

fn parse_id(id: &str, what: &str) -> Result<i64, AppError> {
    id.parse()
        .map_err(|_| AppError::NotFound(format!("{what} {id}")))
}

/// One commitment (a malformed or unknown id is a 404).
pub async fn commitment(app: &AppState, id: &str) -> Result<Commitment, AppError> {
    Ok(app.store.commitment(parse_id(id, "commitment")?).await?)
}

/// A commitment and what the caller may do on it.
#[derive(Debug)]
pub struct CommitmentPage {
    pub commitment: Commitment,
    pub can_manage: bool,
    pub can_review: bool,
    pub can_respond: bool,
    /// The caller holds the reviewer grant but edits the owner: told why there is no form.
    pub reviewer_not_independent: bool,
}

pub async fn commitment_page(
    app: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<CommitmentPage, AppError> {
    let commitment = commitment(app, id).await?;
    let target = Target::Organisation(commitment.owner_id);
    Ok(CommitmentPage {
        can_manage: caller.can(Action::ManageCommitment, target),
        can_review: caller.can(Action::ReviewCommitment, target),
        can_respond: caller.can(Action::RespondToReview, target),
        reviewer_not_independent: caller.actor.confirmed
            && caller.actor.reviewer
            && caller.actor.editor_of.contains(&commitment.owner_id),
        commitment,
    })
}

/// The organisations the caller may keep commitments for (one it edits, or any for brokers).
pub async fn owner_choices(app: &AppState, caller: &Caller) -> Result<Vec<Organisation>, AppError> {
    let all = super::catalogue::asking_organisations(app).await?;
    Ok(all
        .into_iter()
        .filter(|o| caller.can(Action::ManageCommitment, Target::Organisation(o.id)))
        .collect())
}

/// May the caller create commitments at all (for the form)?
pub fn require_some_owner(caller: &Caller) -> Result<(), AppError> {
    if caller
        .actor
        .can_for_some_organisation(Action::ManageCommitment)
    {
        Ok(())
    } else {
        caller.require(
            Action::ManageCommitment,
            Target::Organisation(ANY_OTHER_ORGANISATION),
        )
    }
}

async fn require_owner(app: &AppState, caller: &Caller, code: &str) -> Result<(), AppError> {
    let owner = optional(app.store.organisation(code.trim()).await)?.ok_or_else(|| {
        AppError::Invalid(vec![FieldError::new(
            "owner",
            "msg-agenda-organisation-unknown",
        )])
    })?;
    caller.require(Action::ManageCommitment, Target::Organisation(owner.id))
}

/// Creates a commitment for an owner organisation the caller may keep commitments for.
pub async fn create(
    app: &AppState,
    caller: &Caller,
    input: CommitmentInput,
) -> Result<Commitment, AppError> {
    require_some_owner(caller)?;
    agenda::validate_commitment(&input)?;
    require_owner(app, caller, &input.owner).await?;
    Ok(app
        .store
        .save_commitment(None, &input, &caller.origin())
        .await?)
}

/// A commitment the caller may edit, for the edit form.
pub async fn editable(app: &AppState, caller: &Caller, id: &str) -> Result<Commitment, AppError> {
    let c = commitment(app, id).await?;
    caller.require(Action::ManageCommitment, Target::Organisation(c.owner_id))?;
    Ok(c)
}

/// Changes a commitment; a new owner must be one the caller may keep commitments for too.
pub async fn update(
    app: &AppState,
    caller: &Caller,
    id: &str,
    input: CommitmentInput,
) -> Result<Commitment, AppError> {
    let c = editable(app, caller, id).await?;
    agenda::validate_commitment(&input)?;
    if input.owner.trim() != c.owner {
        require_owner(app, caller, &input.owner).await?;
    }
    Ok(app
        .store
        .save_commitment(Some(c.id), &input, &caller.origin())
        .await?)
}

pub async fn add_milestone(
    app: &AppState,
    caller: &Caller,
    id: &str,
    input: MilestoneInput,
) -> Result<Commitment, AppError> {
    let c = editable(app, caller, id).await?;
    Ok(app
        .store
        .add_milestone(c.id, &input, &caller.origin())
        .await?)
}

pub async fn milestone_done(
    app: &AppState,
    caller: &Caller,
    id: &str,
    milestone: &str,
    done_on: &str,
) -> Result<Commitment, AppError> {
    let c = editable(app, caller, id).await?;
    let mid = parse_id(milestone, "milestone")?;
    Ok(app
        .store
        .milestone_done(c.id, mid, done_on, &caller.origin())
        .await?)
}

fn display_name(user: &leerpunt_store::User) -> String {
    if user.name.trim().is_empty() {
        user.email.split('@').next().unwrap_or("").to_owned()
    } else {
        user.name.clone()
    }
}

pub async fn add_progress(
    app: &AppState,
    caller: &Caller,
    id: &str,
    input: ProgressInput,
) -> Result<Commitment, AppError> {
    let c = editable(app, caller, id).await?;
    let user = caller.user()?;
    Ok(app
        .store
        .add_progress(
            c.id,
            &input,
            (user.id, &display_name(user)),
            &caller.origin(),
        )
        .await?)
}

pub async fn add_evidence(
    app: &AppState,
    caller: &Caller,
    id: &str,
    input: EvidenceInput,
) -> Result<Commitment, AppError> {
    let c = editable(app, caller, id).await?;
    Ok(app
        .store
        .add_evidence(c.id, &input, &caller.origin())
        .await?)
}

fn review_args(app: &AppState, c: &Commitment, period: &str) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("title", c.title_nl.clone());
    args.set("title_en", c.title_en.clone());
    args.set("period", period.to_owned());
    args.set("link", link(app, &format!("/agenda/toezeggingen/{}", c.id)));
    args
}

/// Publishes an independent review of a commitment. A reviewer who edits the owner is refused
/// (told why, in the caller's language); the owner's editors are told of the review.
pub async fn review(
    app: &AppState,
    caller: &Caller,
    id: &str,
    input: ReviewInput,
) -> Result<Review, AppError> {
    let c = commitment(app, id).await?;
    let target = Target::Organisation(c.owner_id);
    if caller.actor.confirmed
        && caller.actor.reviewer
        && caller.actor.editor_of.contains(&c.owner_id)
    {
        return Err(AppError::Forbidden("msg-agenda-review-own".into()));
    }
    caller.require(Action::ReviewCommitment, target)?;
    let user = caller.user()?;
    let ratings = agenda::validate_review(&input)?;
    let args = review_args(app, &c, &ratings.period.key());
    let mails: Vec<Mail> = app
        .store
        .editor_addresses(&c.owner)
        .await?
        .iter()
        .map(|to| mail(to, "mail-agenda-review", &args))
        .collect();
    Ok(app
        .store
        .publish_review(
            c.id,
            &input,
            (user.id, &display_name(user)),
            &mails,
            &caller.origin(),
        )
        .await?)
}

/// One review (a malformed or unknown id is a 404).
pub async fn review_by_id(app: &AppState, id: &str) -> Result<Review, AppError> {
    Ok(app.store.agenda_review(parse_id(id, "review")?).await?)
}

/// The owner's response to a review; the reviewer (when it has an account) is told.
pub async fn respond(
    app: &AppState,
    caller: &Caller,
    review_id: &str,
    text: &str,
) -> Result<Review, AppError> {
    let review = app
        .store
        .agenda_review(parse_id(review_id, "review")?)
        .await?;
    let c = app.store.commitment(review.commitment_id).await?;
    caller.require(Action::RespondToReview, Target::Organisation(c.owner_id))?;
    let user = caller.user()?;
    agenda::validate_response(text)?;
    let mut mails = Vec::new();
    if let Some(reviewer) = review.reviewer_id {
        if let Some(u) = optional(app.store.user(reviewer).await)? {
            let args = review_args(app, &c, &review.ratings.period.key());
            mails.push(mail(&u.email, "mail-agenda-response", &args));
        }
    }
    Ok(app
        .store
        .respond_to_review(
            review.id,
            text,
            (user.id, &display_name(user)),
            &mails,
            &caller.origin(),
        )
        .await?)
}

/// The review report's figures for a period, counted from the stored commitments.
pub async fn report(
    app: &AppState,
    period: ReviewPeriod,
) -> Result<(Report, Vec<Commitment>), AppError> {
    let all = app.store.commitments(&CommitmentFilter::default()).await?;
    Ok((agenda::report(period, &all), all))
}
