//! Writing the catalogue: practices created and edited by editors, moved through review by
//! brokers, their revision history, the review queue, and organisation profiles. Pages (forms)
//! and API (JSON) call the same functions.

use leerpunt_core::access::{Action, Target, ANY_OTHER_ORGANISATION};
use leerpunt_core::account::OrgProfileInput;
use leerpunt_core::review::{diff_lines, snapshot_text, DiffLine, Review, Transition};
use leerpunt_core::{NewPractice, Organisation, Practice};
use leerpunt_store::{Revision, StoreError};

use super::{alerts, optional, Caller};
use crate::error::AppError;
use crate::AppState;

/// The access target of an organisation by code: an unknown code is "some other organisation",
/// which only brokers and admins may write for (validation then reports the unknown code).
async fn org_target(app: &AppState, code: &str) -> Result<Target, AppError> {
    Ok(match app.store.organisation(code.trim()).await {
        Ok(o) => Target::Organisation(o.id),
        Err(StoreError::NotFound(_)) => Target::Organisation(ANY_OTHER_ORGANISATION),
        Err(e) => return Err(e.into()),
    })
}

/// Refuses unless the caller may do `action` for the organisation with this code.
pub async fn require_for_owner(
    app: &AppState,
    caller: &Caller,
    action: Action,
    code: &str,
) -> Result<(), AppError> {
    caller.require(action, org_target(app, code).await?)
}

/// Creates a practice as a draft.
pub async fn create_practice(
    app: &AppState,
    caller: &Caller,
    input: &NewPractice,
) -> Result<Practice, AppError> {
    caller.require(Action::CreatePractice, org_target(app, &input.owner).await?)?;
    Ok(app.store.create_practice(input, &caller.origin()).await?)
}

/// A practice someone may edit, by slug.
pub async fn editable_practice(
    app: &AppState,
    caller: &Caller,
    slug: &str,
) -> Result<Practice, AppError> {
    let p = app.store.practice_any(slug).await?;
    caller.require(Action::EditPractice, Target::Organisation(p.owner.id))?;
    Ok(p)
}

/// Replaces a practice's content. Moving it to another owner needs edit rights there too. An
/// edit by an editor sends a published practice back to draft; a broker's keeps its state. The
/// form edits one language, so a translation made elsewhere is kept when `keep_translation`.
pub async fn update_practice(
    app: &AppState,
    caller: &Caller,
    existing: &Practice,
    mut input: NewPractice,
    keep_translation: bool,
) -> Result<Practice, AppError> {
    let owner = Target::Organisation(existing.owner.id);
    caller.require(Action::EditPractice, owner)?;
    if input.owner.trim() != existing.owner.code {
        caller.require(Action::EditPractice, org_target(app, &input.owner).await?)?;
    }
    if keep_translation {
        input.translation = existing.translation.clone();
    }
    let may_review = caller.can(Action::ReviewPractice, owner);
    Ok(app
        .store
        .update_practice(existing.id, &input, may_review, &caller.origin())
        .await?)
}

/// The action a review step needs.
fn step_action(step: &Transition) -> Action {
    match step {
        Transition::Submit => Action::SubmitPractice,
        Transition::Publish | Transition::Reject { .. } => Action::ReviewPractice,
    }
}

/// Moves a practice through review: submit (editors), publish or reject with a reason (brokers).
/// Returns the practice before and after, so a refused step can show the work page again.
pub async fn review(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    step: Transition,
) -> Result<(Practice, Result<Practice, AppError>), AppError> {
    let p = app.store.practice_any(slug).await?;
    caller.require(step_action(&step), Target::Organisation(p.owner.id))?;
    let after = app
        .store
        .review_practice(p.id, &step, &caller.origin())
        .await
        .map_err(AppError::from);
    if let (Transition::Publish, Ok(published)) = (&step, &after) {
        // The alert reads the index, which must know the practice first; a failed alert is
        // logged and leaves the publication as it is.
        app.catch_up_search().await;
        if let Err(e) = alerts::similar_work_published(app, published).await {
            tracing::warn!(error = %e, slug = %published.slug, "the similar-work alert failed");
        }
    }
    Ok((p, after))
}

/// One revision with the lines it changed against the one before.
#[derive(Debug)]
pub struct RevisionChanges {
    pub revision: Revision,
    pub changes: Vec<DiffLine>,
}

/// What the work page of a practice shows: its revisions (newest first) and what the caller may do.
#[derive(Debug)]
pub struct Work {
    pub practice: Practice,
    pub revisions: Vec<RevisionChanges>,
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_review: bool,
}

/// The work page of a practice, for those who may see it unpublished.
pub async fn work(app: &AppState, caller: &Caller, slug: &str) -> Result<Work, AppError> {
    let p = app.store.practice_any(slug).await?;
    work_of(app, caller, p).await
}

/// The work page of a practice already read.
pub async fn work_of(app: &AppState, caller: &Caller, p: Practice) -> Result<Work, AppError> {
    let owner = Target::Organisation(p.owner.id);
    caller.require(Action::ViewUnpublished, owner)?;
    let mut revisions = Vec::new();
    let mut previous = String::new();
    for r in app.store.revisions(p.id).await? {
        let text = snapshot_text(&r.input()?);
        let changes = diff_lines(&previous, &text)
            .into_iter()
            .filter(|l| l.tag != " ")
            .collect();
        previous = text;
        revisions.push(RevisionChanges {
            revision: r,
            changes,
        });
    }
    revisions.reverse();
    Ok(Work {
        can_edit: caller.can(Action::EditPractice, owner),
        can_submit: caller.can(Action::SubmitPractice, owner)
            && matches!(p.review, Review::Draft | Review::Rejected),
        can_review: caller.can(Action::ReviewPractice, owner) && p.review == Review::Submitted,
        practice: p,
        revisions,
    })
}

/// Whether the practice page shows the caller its review state and a link to the work page.
pub fn shows_work(caller: &Caller, p: &Practice) -> bool {
    p.review != Review::Published
        || caller.can(Action::EditPractice, Target::Organisation(p.owner.id))
}

/// Practices waiting for a broker.
pub async fn review_queue(app: &AppState, caller: &Caller) -> Result<Vec<Practice>, AppError> {
    caller.require(Action::ViewReviewQueue, Target::None)?;
    Ok(app
        .store
        .unpublished_practices(None, Some(Review::Submitted))
        .await?)
}

/// What the practice form offers the caller: the organisations they write for, and whether
/// they may name any other owner (brokers, admins).
#[derive(Debug)]
pub struct Authoring {
    pub owners: Vec<Organisation>,
    pub any_owner: bool,
    /// The owner a new practice starts with.
    pub default_owner: String,
}

/// The caller's authoring rights, for the practice form.
pub async fn authoring(app: &AppState, caller: &Caller) -> Result<Authoring, AppError> {
    let user = caller.user()?;
    let codes = app.store.editor_of_codes(user.id).await?;
    let mut owners = Vec::new();
    for code in &codes {
        if let Some(o) = optional(app.store.organisation(code).await)? {
            owners.push(o);
        }
    }
    Ok(Authoring {
        any_owner: caller.can(
            Action::CreatePractice,
            Target::Organisation(ANY_OTHER_ORGANISATION),
        ),
        default_owner: codes
            .into_iter()
            .next()
            .or(user.organisation.clone())
            .unwrap_or_default(),
        owners,
    })
}

/// Refuses the new-practice form to those who may write for no organisation.
pub fn may_author(caller: &Caller) -> Result<(), AppError> {
    caller.user()?;
    if caller
        .actor
        .can_for_some_organisation(Action::CreatePractice)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only editors of an organisation, brokers and admins write practices".to_owned(),
        ))
    }
}

/// An organisation whose profile the caller may edit, with its current description.
pub async fn editable_organisation(
    app: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<(Organisation, String), AppError> {
    let org = app.store.organisation(code).await?;
    caller.require(Action::EditOrganisation, Target::Organisation(org.id))?;
    let description = app.store.organisation_description(&org.code).await?;
    Ok((org, description))
}

/// Replaces an organisation's profile; returns the organisation and description as stored.
pub async fn update_organisation(
    app: &AppState,
    caller: &Caller,
    code: &str,
    input: &OrgProfileInput,
) -> Result<(Organisation, String), AppError> {
    let org = app.store.organisation(code).await?;
    caller.require(Action::EditOrganisation, Target::Organisation(org.id))?;
    app.store
        .update_org_profile(&org.code, input, &caller.origin())
        .await?;
    let org = app.store.organisation(&org.code).await?;
    let description = app.store.organisation_description(&org.code).await?;
    Ok((org, description))
}
