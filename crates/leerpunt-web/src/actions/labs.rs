//! Shared data labs' use cases: the list and a lab's page, describing a lab, requesting access,
//! and the steps of a request (question, reply, accept, decline, withdraw, consent), each with
//! the mail it sends. Who may see a request is decided here, once: its requester and the owner
//! organisation's editors.

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::labs::{
    Lab, LabInput, LabRequest, Offering, RequestInput, RequestMessage, RequestStep,
};
use leerpunt_core::Organisation;
use leerpunt_store::Mail;

use super::helpdesk::{link, mail};
use super::{optional, Caller};
use crate::error::AppError;
use crate::AppState;

/// The access target of a lab for the caller: its owner, and whether the caller works there.
pub fn lab_target(caller: &Caller, owner_id: i64, owner_code: &str) -> Target {
    Target::Lab {
        owner: owner_id,
        own_organisation: caller.user.as_ref().and_then(|u| u.organisation.as_deref())
            == Some(owner_code),
    }
}

fn requester(r: &LabRequest) -> Target {
    // A request whose requester's account is gone is nobody's.
    Target::Owner(r.requester_id.unwrap_or(-1))
}

/// The labs, optionally only those offering one thing.
pub async fn labs(app: &AppState, offering: Option<Offering>) -> Result<Vec<Lab>, AppError> {
    Ok(app.store.labs(offering).await?)
}

/// A lab by its address.
pub async fn lab(app: &AppState, slug: &str) -> Result<Lab, AppError> {
    Ok(app.store.lab(slug).await?)
}

/// Everything a lab's page shows and offers.
#[derive(Debug)]
pub struct LabPage {
    pub lab: Lab,
    /// Accepted requests whose requester and owner both agreed to be named: (name, organisation).
    pub shown: Vec<(String, Option<String>)>,
    /// For the owner's editors: the lab's requests.
    pub requests: Vec<LabRequest>,
    pub can_edit: bool,
    pub can_decide: bool,
    pub can_request: bool,
    /// The caller works for or edits the owner organisation (and so cannot request).
    pub own_organisation: bool,
}

/// The lab's page.
pub async fn lab_page(app: &AppState, caller: &Caller, slug: &str) -> Result<LabPage, AppError> {
    let lab = app.store.lab(slug).await?;
    let all = app.store.lab_requests_of_lab(lab.id).await?;
    let target = lab_target(caller, lab.owner_id, &lab.owner);
    let can_decide = caller.can(Action::DecideLabRequest, target);
    let shown = all
        .iter()
        .filter(|r| r.shown())
        .map(|r| (r.requester_name.clone(), r.requester_organisation.clone()))
        .collect();
    Ok(LabPage {
        can_edit: caller.can(Action::ManageLab, Target::Organisation(lab.owner_id)),
        can_request: caller.can(Action::RequestLabAccess, target),
        own_organisation: matches!(
            target,
            Target::Lab {
                own_organisation: true,
                ..
            }
        ) || caller.actor.editor_of.contains(&lab.owner_id),
        can_decide,
        requests: if can_decide { all } else { Vec::new() },
        shown,
        lab,
    })
}

/// The organisations the caller may describe a lab for (one it edits, or any for brokers).
pub async fn owner_choices(app: &AppState, caller: &Caller) -> Result<Vec<Organisation>, AppError> {
    let all = super::catalogue::asking_organisations(app).await?;
    Ok(all
        .into_iter()
        .filter(|o| caller.can(Action::ManageLab, Target::Organisation(o.id)))
        .collect())
}

/// Describes a new lab for its owner organisation.
pub async fn create(app: &AppState, caller: &Caller, input: LabInput) -> Result<Lab, AppError> {
    if !caller.actor.can_for_some_organisation(Action::ManageLab) {
        caller.require(
            Action::ManageLab,
            Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION),
        )?;
    }
    leerpunt_core::labs::validate_lab(&input)?;
    let owner = optional(app.store.organisation(input.owner.trim()).await)?.ok_or_else(|| {
        AppError::Invalid(vec![leerpunt_core::FieldError::new(
            "owner",
            format!("unknown organisation {:?}", input.owner),
        )])
    })?;
    caller.require(Action::ManageLab, Target::Organisation(owner.id))?;
    Ok(app.store.save_lab(None, &input, &caller.origin()).await?)
}

/// Changes a lab's description (its owner and address stay).
pub async fn update(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    mut input: LabInput,
) -> Result<Lab, AppError> {
    let lab = app.store.lab(slug).await?;
    caller.require(Action::ManageLab, Target::Organisation(lab.owner_id))?;
    input.owner = lab.owner.clone();
    input.slug = Some(lab.slug.clone());
    Ok(app
        .store
        .save_lab(Some(slug), &input, &caller.origin())
        .await?)
}

/// A lab the caller may edit, for the edit form.
pub async fn editable(app: &AppState, caller: &Caller, slug: &str) -> Result<Lab, AppError> {
    let lab = app.store.lab(slug).await?;
    caller.require(Action::ManageLab, Target::Organisation(lab.owner_id))?;
    Ok(lab)
}

fn request_args(app: &AppState, r: &LabRequest) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("lab", r.lab_name_nl.clone());
    args.set("lab_en", r.lab_name_en.clone());
    args.set("requester", r.requester_name.clone());
    args.set("link", link(app, &format!("/datalabs/aanvragen/{}", r.id)));
    args
}

fn display_name(user: &leerpunt_store::User) -> String {
    if user.name.trim().is_empty() {
        user.email.split('@').next().unwrap_or("").to_owned()
    } else {
        user.name.clone()
    }
}

/// Requests access to a lab of another organisation. The owner's editors are told; the
/// requester gets a receipt.
pub async fn request(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    input: RequestInput,
) -> Result<LabRequest, AppError> {
    let lab = app.store.lab(slug).await?;
    let target = lab_target(caller, lab.owner_id, &lab.owner);
    // Refused because the lab is one's own organisation's: say so, in the caller's language.
    let own = matches!(
        target,
        Target::Lab {
            own_organisation: true,
            ..
        }
    ) || caller.actor.editor_of.contains(&lab.owner_id);
    if own && caller.actor.confirmed && !caller.can(Action::RequestLabAccess, target) {
        return Err(AppError::Forbidden("msg-lab-own-organisation".to_owned()));
    }
    caller.require(Action::RequestLabAccess, target)?;
    let user = caller.user()?;
    leerpunt_core::labs::validate_request(&input)?;
    let mut args = FluentArgs::new();
    args.set("lab", lab.name_nl.clone());
    args.set("lab_en", lab.name_en.clone());
    args.set("requester", display_name(user));
    args.set("link", link(app, "/datalabs/aanvragen"));
    let mut mails: Vec<Mail> = app
        .store
        .editor_addresses(&lab.owner)
        .await?
        .iter()
        .map(|to| mail(to, "mail-lab-request-new", &args))
        .collect();
    mails.push(mail(&user.email, "mail-lab-request-sent", &args));
    Ok(app
        .store
        .request_lab_access(lab.id, user.id, &input, &mails, &caller.origin())
        .await?)
}

/// Whether the caller may see a request: its requester, or an editor of the lab's owner.
fn may_see(caller: &Caller, r: &LabRequest, owner_id: i64) -> bool {
    let me = caller.user.as_ref().map(|u| u.id);
    (me.is_some() && r.requester_id == me)
        || (caller.actor.confirmed && caller.actor.editor_of.contains(&owner_id))
}

/// Everything a request's page shows and offers.
#[derive(Debug)]
pub struct RequestPage {
    pub request: LabRequest,
    pub messages: Vec<RequestMessage>,
    pub can_decide: bool,
    pub can_manage_own: bool,
}

async fn owner_id_of(app: &AppState, r: &LabRequest) -> Result<i64, AppError> {
    Ok(app.store.lab(&r.lab_slug).await?.owner_id)
}

/// A request's page (a 404 to anyone but its requester and the owner's editors).
pub async fn request_page(
    app: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<RequestPage, AppError> {
    caller.user()?;
    let request = optional(app.store.lab_request(id).await)?
        .ok_or_else(|| AppError::NotFound(format!("lab request {id}")))?;
    let owner_id = owner_id_of(app, &request).await?;
    if !may_see(caller, &request, owner_id) {
        return Err(AppError::NotFound(format!("lab request {id}")));
    }
    let messages = app.store.lab_request_messages(id).await?;
    let target = lab_target(caller, owner_id, &request.owner);
    Ok(RequestPage {
        can_decide: caller.can(Action::DecideLabRequest, target) && request.state.open(),
        can_manage_own: caller.can(Action::ManageOwnLabRequest, requester(&request)),
        request,
        messages,
    })
}

/// Takes a step on a request: the owner's editors ask, accept or decline; the requester replies
/// or withdraws. The other side is told by mail.
pub async fn step(
    app: &AppState,
    caller: &Caller,
    id: i64,
    step: RequestStep,
) -> Result<LabRequest, AppError> {
    let request = app.store.lab_request(id).await?;
    let owner_id = owner_id_of(app, &request).await?;
    if step.by_owner() {
        caller.require(
            Action::DecideLabRequest,
            lab_target(caller, owner_id, &request.owner),
        )?;
    } else {
        caller.require(Action::ManageOwnLabRequest, requester(&request))?;
    }
    let user = caller.user()?;
    if !request.state.open() {
        return Err(AppError::Conflict("msg-lab-request-ended".to_owned()));
    }
    let args = request_args(app, &request);
    let key = format!("mail-lab-request-{}", step.key());
    let mails: Vec<Mail> = if step.by_owner() {
        match request.requester_id {
            Some(uid) => app
                .store
                .confirmed_address(uid)
                .await?
                .iter()
                .map(|to| mail(to, &key, &args))
                .collect(),
            None => Vec::new(),
        }
    } else {
        app.store
            .editor_addresses(&request.owner)
            .await?
            .iter()
            .map(|to| mail(to, &key, &args))
            .collect()
    };
    Ok(app
        .store
        .lab_request_step(
            id,
            &step,
            (Some(user.id), &display_name(user)),
            &mails,
            &caller.origin(),
        )
        .await?)
}

/// The requester agrees (or no longer agrees) to be named on the lab's page.
pub async fn consent(
    app: &AppState,
    caller: &Caller,
    id: i64,
    consent: bool,
) -> Result<LabRequest, AppError> {
    let request = app.store.lab_request(id).await?;
    caller.require(Action::ManageOwnLabRequest, requester(&request))?;
    if request.requester_consent == consent {
        return Err(AppError::Conflict("msg-lab-consent-unchanged".to_owned()));
    }
    Ok(app
        .store
        .set_lab_request_consent(id, consent, &caller.origin())
        .await?)
}

/// The caller's own requests, and the requests for the labs of the organisations they edit.
pub async fn requests_overview(
    app: &AppState,
    caller: &Caller,
) -> Result<(Vec<LabRequest>, Vec<LabRequest>), AppError> {
    let user = caller.user()?;
    let own = app.store.lab_requests_of(user.id).await?;
    let editing: Vec<i64> = if caller.actor.confirmed {
        caller.actor.editor_of.clone()
    } else {
        Vec::new()
    };
    let incoming = app.store.lab_requests_for(&editing).await?;
    Ok((own, incoming))
}
