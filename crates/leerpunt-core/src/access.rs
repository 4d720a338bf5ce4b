//! Who may do what: every access decision of pages, API and CLI is made here, from one table of rules.
//!
//! A request is turned into an [`Actor`] (who is asking, with which roles and, for API tokens, which
//! scopes), an [`Action`] (what they want) and a [`Target`] (which organisation it concerns).
//! [`decide`] looks the action up in [`RULES`] and answers [`Decision::Allow`], [`Decision::Login`]
//! (anonymous: sign in first) or [`Decision::Deny`]. Nothing else in the code base grants access.

use std::fmt;

use serde::Serialize;

/// The roles a person can have. Visitors are anonymous; everything else needs an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Anyone, without an account.
    Visitor,
    /// A confirmed address in a government domain (see [`crate::account::is_member_address`]).
    Member,
    /// Keeps one organisation's profile and practices current.
    Editor,
    /// A knowledge broker of the centre: reviews and moderates.
    Broker,
    /// Manages users, roles and the audit log.
    Admin,
    /// Reviews the rolling agenda's commitments independently. An extra grant beside the levels
    /// above, not a level of its own: it gives no other right, and an editor of a commitment's
    /// owner may not review that commitment whatever else they hold.
    Reviewer,
}

impl Role {
    /// Every role: the levels least to most powerful, then the extra grant of reviewer.
    pub const ALL: &'static [Role] = &[
        Role::Visitor,
        Role::Member,
        Role::Editor,
        Role::Broker,
        Role::Admin,
        Role::Reviewer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Member => "member",
            Role::Editor => "editor",
            Role::Broker => "broker",
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl std::str::FromStr for Role {
    type Err = crate::CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.key() == s)
            .ok_or_else(|| {
                crate::CoreError::invalid(
                    "role",
                    format!("unknown role {s:?}; expected editor, broker, admin or reviewer"),
                )
            })
    }
}

/// What an API token may be used for. A token never carries more rights than its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Create and edit practices, submit them for review.
    PracticesWrite,
    /// Publish or reject submitted practices.
    PracticesReview,
    /// Edit organisation profiles.
    OrganisationsWrite,
    /// Ask help-desk questions, answer them, start topics and reply in communities.
    DiscussionsWrite,
    /// Register for events and cancel one's registration.
    EventsWrite,
    /// Read and write the centre's meeting log and read its report (brokers).
    MeetingsWrite,
    /// Request access to another organisation's shared data lab.
    LabsRequest,
    /// Write progress updates of the rolling agenda's commitments one keeps.
    AgendaWrite,

    /// Send ideas to challenges and support them.
    ChallengesWrite,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::PracticesWrite,
        Scope::PracticesReview,
        Scope::OrganisationsWrite,
        Scope::DiscussionsWrite,
        Scope::EventsWrite,
        Scope::MeetingsWrite,
        Scope::LabsRequest,
        Scope::AgendaWrite,
        Scope::ChallengesWrite,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Scope::PracticesWrite => "practices:write",
            Scope::PracticesReview => "practices:review",
            Scope::OrganisationsWrite => "organisations:write",
            Scope::DiscussionsWrite => "discussions:write",
            Scope::EventsWrite => "events:write",
            Scope::MeetingsWrite => "meetings:write",
            Scope::LabsRequest => "labs:request",
            Scope::AgendaWrite => "agenda:write",

            Scope::ChallengesWrite => "challenges:write",
        }
    }

    /// Parses a space- or comma-separated list of scope keys.
    pub fn parse_list(s: &str) -> Result<Vec<Scope>, crate::CoreError> {
        let mut out = Vec::new();
        for key in s.split([' ', ',']).filter(|k| !k.is_empty()) {
            let scope = Scope::ALL
                .iter()
                .copied()
                .find(|sc| sc.key() == key)
                .ok_or_else(|| {
                    crate::CoreError::invalid(
                        "scopes",
                        format!(
                            "unknown scope {key:?}; expected {}",
                            Scope::ALL
                                .iter()
                                .map(|s| s.key())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
            if !out.contains(&scope) {
                out.push(scope);
            }
        }
        if out.is_empty() {
            return Err(crate::CoreError::invalid(
                "scopes",
                "at least one scope is required",
            ));
        }
        Ok(out)
    }
}

/// Everything a person or program can ask to do that is not reading published content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read a practice that is not published (draft, submitted, rejected) and its revisions.
    ViewUnpublished,
    /// Look at, export or delete one's own account; change one's password; sign out everywhere.
    ManageOwnAccount,
    /// Create, list and revoke one's own API tokens.
    ManageOwnTokens,
    /// Choose the organisation one works for.
    JoinOrganisation,
    /// Write one's own person profile (public only with consent).
    EditOwnProfile,
    /// Create a practice for an organisation (as a draft).
    CreatePractice,
    /// Change a practice of an organisation.
    EditPractice,
    /// Send a practice to the brokers for review.
    SubmitPractice,
    /// Publish or reject a submitted practice.
    ReviewPractice,
    /// See the queue of practices waiting for review.
    ViewReviewQueue,
    /// Change an organisation's profile.
    EditOrganisation,
    /// List users, grant and revoke roles.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// Ask the help desk a question, or say that the suggestions answered it.
    AskQuestion,
    /// Answer a help-desk question one may see.
    AnswerQuestion,
    /// Accept an answer to, or close, one's own question (brokers: any question).
    ManageOwnQuestion,
    /// Work the help desk's queue: assign, reject, see private questions.
    ManageHelpdesk,
    /// Write the toolkit: FAQ entries (also promoted answers) and the step plan.
    EditToolkit,
    /// Create and edit communities and name their moderators.
    ManageCommunities,
    /// Join or leave a community.
    JoinCommunity,
    /// Start a topic or reply in a community one is a member of.
    PostInCommunity,
    /// Edit (within the edit window) or delete one's own post.
    EditOwnPost,
    /// Report a post in a community one is a member of.
    ReportPost,
    /// Hide posts, lock topics and read the reports of a community one moderates.
    ModerateCommunity,
    /// Follow themes, communities, organisations, practices and questions; choose the digest.
    Follow,
    /// Create and edit events of an organisation.
    ManageEvents,
    /// Register for an event (a seat or the waiting list) and cancel one's own registration.
    RegisterForEvent,
    /// An event's organisers' work: the attendee list, messages to attendees, slides and notes.
    ManageEventRegistrations,
    /// Read and write the centre's meeting log (also non-public meetings) and read its report.
    ManageMeetingLog,
    /// Describe and edit an organisation's shared data lab.
    ManageLab,
    /// Ask for access to a data lab of an organisation one neither works for nor edits.
    RequestLabAccess,
    /// Accept, decline or ask about a request for one's own organisation's lab.
    DecideLabRequest,
    /// Reply to, withdraw or consent to showing one's own lab request.
    ManageOwnLabRequest,
    /// Publish and edit news items.
    PublishNews,
    /// Fill in the self-assessment for an organisation (save the draft, submit it) and choose
    /// whether its own result is public.
    FillInSelfAssessment,
    /// See an organisation's self-assessment results and draft when it did not make them public.
    ViewSelfAssessment,

    /// Create and edit a commitment of the rolling agenda, its milestones, progress updates and
    /// evidence (target: the owner organisation).
    ManageCommitment,
    /// Review a commitment independently (target: the owner organisation).
    ReviewCommitment,
    /// Respond to a review of one's organisation's commitment (target: the owner organisation).
    RespondToReview,

    /// Open challenges, appoint their jury, shortlist ideas, choose winners, publish results.
    ManageChallenges,
    /// Send an idea to a challenge, support one, comment on one.
    TakePartInChallenge,
    /// Pitch one's own shortlisted idea.
    PitchIdea,
    /// Score the pitches of a challenge whose jury one is on.
    ScorePitch,
    /// Keep a funded project's milestones, progress and results (its submitter, brokers).
    ManageChallengeProject,

    /// Draft a joint computation, revise it, ask the organisations to consent, see every
    /// computation in any stage.
    ManageComputations,
    /// Consent to or decline a joint computation, and approve publishing its result, for one's
    /// organisation (target: that organisation).
    DecideComputation,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ViewUnpublished,
        Action::ManageOwnAccount,
        Action::ManageOwnTokens,
        Action::JoinOrganisation,
        Action::EditOwnProfile,
        Action::CreatePractice,
        Action::EditPractice,
        Action::SubmitPractice,
        Action::ReviewPractice,
        Action::ViewReviewQueue,
        Action::EditOrganisation,
        Action::ManageUsers,
        Action::ViewAudit,
        Action::AskQuestion,
        Action::AnswerQuestion,
        Action::ManageOwnQuestion,
        Action::ManageHelpdesk,
        Action::EditToolkit,
        Action::ManageCommunities,
        Action::JoinCommunity,
        Action::PostInCommunity,
        Action::EditOwnPost,
        Action::ReportPost,
        Action::ModerateCommunity,
        Action::Follow,
        Action::ManageEvents,
        Action::RegisterForEvent,
        Action::ManageEventRegistrations,
        Action::ManageMeetingLog,
        Action::ManageLab,
        Action::RequestLabAccess,
        Action::DecideLabRequest,
        Action::ManageOwnLabRequest,
        Action::PublishNews,
        Action::FillInSelfAssessment,
        Action::ViewSelfAssessment,
        Action::ManageCommitment,
        Action::ReviewCommitment,
        Action::RespondToReview,
        Action::ManageChallenges,
        Action::TakePartInChallenge,
        Action::PitchIdea,
        Action::ScorePitch,
        Action::ManageChallengeProject,
        Action::ManageComputations,
        Action::DecideComputation,
    ];
}

/// Who a rule lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Any signed-in account, confirmed or not.
    SignedIn,
    /// A signed-in account with a confirmed e-mail address.
    Confirmed,
    /// A confirmed address in the government allow-list.
    Member,
    /// An editor of the target organisation.
    EditorOfTarget,
    /// The account the target belongs to (the asker of a question, the author of a post).
    OwnerOfTarget,
    /// A member of the target community.
    MemberOfTarget,
    /// A moderator of the target community.
    ModeratorOfTarget,
    /// An organiser of the target event.
    OrganiserOfTarget,
    /// A confirmed account that neither works for nor edits the target lab's organisation.
    OutsiderOfTarget,
    /// A confirmed account with the reviewer grant that is not an editor of the target
    /// organisation (independence: nobody reviews their own organisation's commitment).
    IndependentReviewer,

    /// A jury member of the target challenge.
    JurorOfTarget,
    Broker,
    Admin,
}

/// One line of the table: an action, who may do it, and the scope an API token needs for it
/// (`None`: tokens can never do it, only a signed-in person).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub action: Action,
    pub who: &'static [Who],
    pub scope: Option<Scope>,
}

use Who::{
    Admin, Broker, Confirmed, EditorOfTarget, IndependentReviewer, JurorOfTarget, Member,
    MemberOfTarget, ModeratorOfTarget, OrganiserOfTarget, OutsiderOfTarget, OwnerOfTarget,
    SignedIn,
};

/// The rules. One line per action; a test checks every action has exactly one.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    Rule { action: Action::ViewUnpublished, who: &[EditorOfTarget, Broker, Admin], scope: Some(Scope::PracticesWrite) },
    Rule { action: Action::ManageOwnAccount, who: &[SignedIn], scope: None },
    Rule { action: Action::ManageOwnTokens, who: &[Confirmed], scope: None },
    Rule { action: Action::JoinOrganisation, who: &[Member], scope: None },
    Rule { action: Action::EditOwnProfile, who: &[Confirmed], scope: None },
    Rule { action: Action::CreatePractice, who: &[EditorOfTarget, Broker, Admin], scope: Some(Scope::PracticesWrite) },
    Rule { action: Action::EditPractice, who: &[EditorOfTarget, Broker, Admin], scope: Some(Scope::PracticesWrite) },
    Rule { action: Action::SubmitPractice, who: &[EditorOfTarget, Broker, Admin], scope: Some(Scope::PracticesWrite) },
    Rule { action: Action::ReviewPractice, who: &[Broker, Admin], scope: Some(Scope::PracticesReview) },
    Rule { action: Action::ViewReviewQueue, who: &[Broker, Admin], scope: Some(Scope::PracticesReview) },
    Rule { action: Action::EditOrganisation, who: &[EditorOfTarget, Broker, Admin], scope: Some(Scope::OrganisationsWrite) },
    Rule { action: Action::ManageUsers, who: &[Admin], scope: None },
    Rule { action: Action::ViewAudit, who: &[Admin], scope: None },
    Rule { action: Action::AskQuestion, who: &[Confirmed], scope: Some(Scope::DiscussionsWrite) },
    Rule { action: Action::AnswerQuestion, who: &[Confirmed], scope: Some(Scope::DiscussionsWrite) },
    Rule { action: Action::ManageOwnQuestion, who: &[OwnerOfTarget, Broker, Admin], scope: None },
    Rule { action: Action::ManageHelpdesk, who: &[Broker, Admin], scope: None },
    Rule { action: Action::EditToolkit, who: &[Broker, Admin], scope: None },
    Rule { action: Action::ManageCommunities, who: &[Broker, Admin], scope: None },
    Rule { action: Action::JoinCommunity, who: &[Confirmed], scope: None },
    Rule { action: Action::PostInCommunity, who: &[MemberOfTarget, Broker, Admin], scope: Some(Scope::DiscussionsWrite) },
    Rule { action: Action::EditOwnPost, who: &[OwnerOfTarget], scope: None },
    Rule { action: Action::ReportPost, who: &[MemberOfTarget, Broker, Admin], scope: None },
    Rule { action: Action::ModerateCommunity, who: &[ModeratorOfTarget, Broker, Admin], scope: None },
    Rule { action: Action::Follow, who: &[Confirmed], scope: None },
    Rule { action: Action::ManageEvents, who: &[EditorOfTarget, Broker, Admin], scope: None },
    Rule { action: Action::RegisterForEvent, who: &[Confirmed], scope: Some(Scope::EventsWrite) },
    Rule { action: Action::ManageEventRegistrations, who: &[OrganiserOfTarget, EditorOfTarget, Broker, Admin], scope: None },
    Rule { action: Action::ManageMeetingLog, who: &[Broker, Admin], scope: Some(Scope::MeetingsWrite) },
    Rule { action: Action::ManageLab, who: &[EditorOfTarget, Broker, Admin], scope: None },
    Rule { action: Action::RequestLabAccess, who: &[OutsiderOfTarget], scope: Some(Scope::LabsRequest) },
    Rule { action: Action::DecideLabRequest, who: &[EditorOfTarget], scope: None },
    Rule { action: Action::ManageOwnLabRequest, who: &[OwnerOfTarget], scope: None },
    Rule { action: Action::PublishNews, who: &[Broker, Admin], scope: None },
    Rule { action: Action::FillInSelfAssessment, who: &[EditorOfTarget], scope: None },
    Rule { action: Action::ViewSelfAssessment, who: &[EditorOfTarget, Broker, Admin], scope: None },

    Rule { action: Action::ManageCommitment, who: &[EditorOfTarget, Broker, Admin], scope: Some(Scope::AgendaWrite) },
    Rule { action: Action::ReviewCommitment, who: &[IndependentReviewer], scope: None },
    Rule { action: Action::RespondToReview, who: &[EditorOfTarget], scope: None },

    Rule { action: Action::ManageChallenges, who: &[Broker, Admin], scope: None },
    Rule { action: Action::TakePartInChallenge, who: &[Confirmed], scope: Some(Scope::ChallengesWrite) },
    Rule { action: Action::PitchIdea, who: &[OwnerOfTarget], scope: None },
    Rule { action: Action::ScorePitch, who: &[JurorOfTarget], scope: None },
    Rule { action: Action::ManageChallengeProject, who: &[OwnerOfTarget, Broker, Admin], scope: None },

    Rule { action: Action::ManageComputations, who: &[Broker, Admin], scope: None },
    Rule { action: Action::DecideComputation, who: &[EditorOfTarget], scope: None },
];

/// The rule of an action.
pub fn rule(action: Action) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.action == action)
}

/// Who is asking: nobody (a visitor), a signed-in person, or a program with an API token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    /// The account; `None` for a visitor.
    pub user_id: Option<i64>,
    pub confirmed: bool,
    /// Confirmed address in the government allow-list.
    pub member: bool,
    pub broker: bool,
    pub admin: bool,
    /// Holds the reviewer grant (the rolling agenda's independent review).
    pub reviewer: bool,
    /// Organisations this account is an editor of.
    pub editor_of: Vec<i64>,
    /// `Some` when acting through an API token: only these scopes count.
    pub token_scopes: Option<Vec<Scope>>,
}

impl Actor {
    /// A visitor without an account.
    pub fn visitor() -> Self {
        Self::default()
    }

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    /// The roles this actor holds, for display.
    pub fn roles(&self) -> Vec<Role> {
        let mut roles = vec![Role::Visitor];
        if self.member {
            roles.push(Role::Member);
        }
        if !self.editor_of.is_empty() {
            roles.push(Role::Editor);
        }
        if self.broker {
            roles.push(Role::Broker);
        }
        if self.admin {
            roles.push(Role::Admin);
        }
        if self.reviewer {
            roles.push(Role::Reviewer);
        }
        roles
    }

    /// Whether this actor may do `action` on `target`.
    pub fn can(&self, action: Action, target: &Target) -> bool {
        decide(self, action, target) == Decision::Allow
    }

    /// Whether this actor may do `action` for at least one organisation (to offer a form before
    /// the organisation is chosen): one it edits, or any at all.
    pub fn can_for_some_organisation(&self, action: Action) -> bool {
        self.can(action, &Target::Organisation(ANY_OTHER_ORGANISATION))
            || self
                .editor_of
                .iter()
                .any(|id| self.can(action, &Target::Organisation(*id)))
    }
}

/// An organisation id no account edits, to ask whether an actor may act on organisations in
/// general (brokers and admins) rather than on its own.
pub const ANY_OTHER_ORGANISATION: i64 = -1;

/// What an action concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nothing in particular (one's own account, the admin pages).
    None,
    /// An organisation, by id: the owner of a practice, or the organisation itself.
    Organisation(i64),
    /// Something an account owns, by the account's id: a question it asked, a post it wrote.
    Owner(i64),
    /// A community, with the actor's place in it (loaded by the caller).
    Community { member: bool, moderator: bool },
    /// An event: its owner organisation and whether the actor organises it (loaded by the
    /// caller).
    Event { organisation: i64, organiser: bool },
    /// A data lab: its owner organisation's id, and whether the actor's account works for that
    /// organisation (loaded by the caller). Editors of the owner act on it as on the organisation.
    Lab { owner: i64, own_organisation: bool },
    /// A challenge, with whether the actor is on its jury (loaded by the caller).
    Challenge { juror: bool },
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// A visitor asked for something that needs an account: sign in first.
    Login,
    /// Signed in (or with a token), but not allowed.
    Deny,
}

fn matches(who: Who, actor: &Actor, target: &Target) -> bool {
    if !actor.is_signed_in() {
        return false;
    }
    match who {
        SignedIn => true,
        Confirmed => actor.confirmed,
        Member => actor.confirmed && actor.member,
        EditorOfTarget => match target {
            Target::Organisation(id)
            | Target::Lab { owner: id, .. }
            | Target::Event {
                organisation: id, ..
            } => actor.confirmed && actor.editor_of.contains(id),
            _ => false,
        },
        OutsiderOfTarget => match target {
            Target::Lab {
                owner,
                own_organisation,
            } => actor.confirmed && !own_organisation && !actor.editor_of.contains(owner),
            _ => false,
        },
        OwnerOfTarget => {
            matches!(target, Target::Owner(id) if actor.confirmed && actor.user_id == Some(*id))
        }
        MemberOfTarget => {
            matches!(target, Target::Community { member: true, .. } if actor.confirmed)
        }
        JurorOfTarget => {
            matches!(target, Target::Challenge { juror: true } if actor.confirmed)
        }
        ModeratorOfTarget => {
            matches!(target, Target::Community { moderator: true, .. } if actor.confirmed)
        }
        OrganiserOfTarget => {
            matches!(target, Target::Event { organiser: true, .. } if actor.confirmed)
        }
        IndependentReviewer => match target {
            Target::Organisation(id) => {
                actor.confirmed && actor.reviewer && !actor.editor_of.contains(id)
            }
            _ => false,
        },
        Broker => actor.confirmed && actor.broker,
        Admin => actor.confirmed && actor.admin,
    }
}

/// The one access decision. Pure: the caller has loaded the actor and the target.
pub fn decide(actor: &Actor, action: Action, target: &Target) -> Decision {
    if !actor.is_signed_in() {
        return Decision::Login;
    }
    let Some(rule) = rule(action) else {
        return Decision::Deny;
    };
    if let Some(scopes) = &actor.token_scopes {
        match rule.scope {
            Some(needed) if scopes.contains(&needed) => {}
            _ => return Decision::Deny,
        }
    }
    if rule.who.iter().any(|w| matches(*w, actor, target)) {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_in() -> Actor {
        Actor {
            user_id: Some(1),
            confirmed: true,
            ..Actor::default()
        }
    }

    #[test]
    fn every_action_has_exactly_one_rule() {
        for action in Action::ALL {
            let n = RULES.iter().filter(|r| r.action == *action).count();
            assert_eq!(n, 1, "{action:?} has {n} rules");
        }
        assert_eq!(RULES.len(), Action::ALL.len());
    }

    #[test]
    fn visitors_must_sign_in_for_everything() {
        for action in Action::ALL {
            assert_eq!(
                decide(&Actor::visitor(), *action, &Target::Organisation(1)),
                Decision::Login
            );
        }
    }

    #[test]
    fn editors_only_edit_their_own_organisation() {
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        assert!(editor.can(Action::EditPractice, &Target::Organisation(7)));
        assert!(!editor.can(Action::EditPractice, &Target::Organisation(8)));
        assert!(!editor.can(Action::ReviewPractice, &Target::Organisation(7)));
        assert!(!editor.can(Action::ManageUsers, &Target::None));
    }

    #[test]
    fn an_unconfirmed_account_has_no_roles_in_effect() {
        let unconfirmed = Actor {
            confirmed: false,
            admin: true,
            editor_of: vec![7],
            ..signed_in()
        };
        assert!(unconfirmed.can(Action::ManageOwnAccount, &Target::None));
        assert!(!unconfirmed.can(Action::ManageUsers, &Target::None));
        assert!(!unconfirmed.can(Action::EditPractice, &Target::Organisation(7)));
    }

    #[test]
    fn tokens_are_limited_by_scope_and_by_their_owner() {
        let broker_token = Actor {
            broker: true,
            token_scopes: Some(vec![Scope::PracticesWrite]),
            ..signed_in()
        };
        assert!(broker_token.can(Action::EditPractice, &Target::Organisation(3)));
        assert!(!broker_token.can(Action::ReviewPractice, &Target::Organisation(3)));
        assert!(!broker_token.can(Action::ManageOwnTokens, &Target::None));
        let member_token = Actor {
            member: true,
            token_scopes: Some(Scope::ALL.to_vec()),
            ..signed_in()
        };
        assert!(!member_token.can(Action::ReviewPractice, &Target::Organisation(3)));
    }

    #[test]
    fn some_organisation_means_one_of_ones_own_or_any() {
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        assert!(editor.can_for_some_organisation(Action::CreatePractice));
        assert!(!editor.can(
            Action::CreatePractice,
            &Target::Organisation(ANY_OTHER_ORGANISATION)
        ));
        let member = Actor {
            member: true,
            ..signed_in()
        };
        assert!(!member.can_for_some_organisation(Action::CreatePractice));
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        assert!(broker.can_for_some_organisation(Action::CreatePractice));
    }

    #[test]
    fn owners_members_and_moderators_are_told_apart() {
        let person = Actor {
            user_id: Some(5),
            ..signed_in()
        };
        assert!(person.can(Action::ManageOwnQuestion, &Target::Owner(5)));
        assert!(!person.can(Action::ManageOwnQuestion, &Target::Owner(6)));
        assert!(person.can(Action::EditOwnPost, &Target::Owner(5)));
        let outside = Target::Community {
            member: false,
            moderator: false,
        };
        let member = Target::Community {
            member: true,
            moderator: false,
        };
        let moderator = Target::Community {
            member: true,
            moderator: true,
        };
        assert!(!person.can(Action::PostInCommunity, &outside));
        assert!(person.can(Action::PostInCommunity, &member));
        assert!(!person.can(Action::ModerateCommunity, &member));
        assert!(person.can(Action::ModerateCommunity, &moderator));
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        assert!(broker.can(Action::ModerateCommunity, &outside));
        assert!(broker.can(Action::ManageOwnQuestion, &Target::Owner(99)));
        assert!(!broker.can(Action::EditOwnPost, &Target::Owner(99)));
        let unconfirmed = Actor {
            confirmed: false,
            ..person
        };
        assert!(!unconfirmed.can(Action::EditOwnPost, &Target::Owner(5)));
        assert!(!unconfirmed.can(Action::PostInCommunity, &member));
    }

    #[test]
    fn events_are_run_by_their_organisation_and_organisers() {
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        let member = Actor {
            member: true,
            ..signed_in()
        };
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        // Creating and editing: editors for their own organisation, brokers for any.
        assert!(editor.can(Action::ManageEvents, &Target::Organisation(7)));
        assert!(!editor.can(Action::ManageEvents, &Target::Organisation(8)));
        assert!(!member.can(Action::ManageEvents, &Target::Organisation(7)));
        assert!(broker.can(Action::ManageEvents, &Target::Organisation(8)));
        assert!(broker.can_for_some_organisation(Action::ManageEvents));
        assert!(editor.can_for_some_organisation(Action::ManageEvents));
        assert!(!member.can_for_some_organisation(Action::ManageEvents));
        // Registering: any confirmed account; not an unconfirmed one.
        assert!(member.can(Action::RegisterForEvent, &Target::None));
        let unconfirmed = Actor {
            confirmed: false,
            ..member.clone()
        };
        assert!(!unconfirmed.can(Action::RegisterForEvent, &Target::None));
        // The attendee list: the event's organisers, its organisation's editors and brokers.
        let organised = Target::Event {
            organisation: 8,
            organiser: true,
        };
        let not_organised = Target::Event {
            organisation: 8,
            organiser: false,
        };
        assert!(member.can(Action::ManageEventRegistrations, &organised));
        assert!(!member.can(Action::ManageEventRegistrations, &not_organised));
        assert!(!editor.can(Action::ManageEventRegistrations, &not_organised));
        assert!(editor.can(
            Action::ManageEventRegistrations,
            &Target::Event {
                organisation: 7,
                organiser: false
            }
        ));
        assert!(broker.can(Action::ManageEventRegistrations, &not_organised));
        assert!(!unconfirmed.can(Action::ManageEventRegistrations, &organised));
        // Tokens register with events:write only, and never manage events.
        let token = Actor {
            token_scopes: Some(vec![Scope::EventsWrite]),
            ..broker.clone()
        };
        assert!(token.can(Action::RegisterForEvent, &Target::None));
        assert!(!token.can(Action::ManageEvents, &Target::Organisation(8)));
        let other_token = Actor {
            token_scopes: Some(vec![Scope::DiscussionsWrite]),
            ..member
        };
        assert!(!other_token.can(Action::RegisterForEvent, &Target::None));
    }

    #[test]
    fn labs_are_kept_by_their_organisation_and_requested_by_others() {
        let lab = |own_organisation| Target::Lab {
            owner: 7,
            own_organisation,
        };
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        let other_editor = Actor {
            editor_of: vec![8],
            ..signed_in()
        };
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        // Describing the lab: its editors, brokers and admins.
        assert!(editor.can(Action::ManageLab, &Target::Organisation(7)));
        assert!(!other_editor.can(Action::ManageLab, &Target::Organisation(7)));
        assert!(broker.can(Action::ManageLab, &Target::Organisation(7)));
        assert!(!signed_in().can(Action::ManageLab, &Target::Organisation(7)));
        // Requesting access: anyone confirmed outside the owner organisation.
        assert!(signed_in().can(Action::RequestLabAccess, &lab(false)));
        assert!(!signed_in().can(Action::RequestLabAccess, &lab(true)));
        assert!(!editor.can(Action::RequestLabAccess, &lab(false)));
        assert!(other_editor.can(Action::RequestLabAccess, &lab(false)));
        assert!(broker.can(Action::RequestLabAccess, &lab(false)));
        let unconfirmed = Actor {
            confirmed: false,
            ..signed_in()
        };
        assert!(!unconfirmed.can(Action::RequestLabAccess, &lab(false)));
        assert!(!signed_in().can(Action::RequestLabAccess, &Target::None));
        // Deciding: only the owner's editors, not brokers nor other editors.
        assert!(editor.can(Action::DecideLabRequest, &lab(true)));
        assert!(!other_editor.can(Action::DecideLabRequest, &lab(false)));
        assert!(!broker.can(Action::DecideLabRequest, &lab(false)));
        // One's own request: only its requester.
        let requester = Actor {
            user_id: Some(5),
            ..signed_in()
        };
        assert!(requester.can(Action::ManageOwnLabRequest, &Target::Owner(5)));
        assert!(!requester.can(Action::ManageOwnLabRequest, &Target::Owner(6)));
        assert!(!broker.can(Action::ManageOwnLabRequest, &Target::Owner(6)));
        // Tokens need the scope to request, and can do nothing else with labs.
        let token = |scopes: Vec<Scope>| Actor {
            token_scopes: Some(scopes),
            ..other_editor.clone()
        };
        assert!(token(vec![Scope::LabsRequest]).can(Action::RequestLabAccess, &lab(false)));
        assert!(!token(vec![Scope::DiscussionsWrite]).can(Action::RequestLabAccess, &lab(false)));
        assert!(!token(Scope::ALL.to_vec()).can(Action::ManageLab, &Target::Organisation(8)));
    }

    #[test]
    fn only_brokers_and_admins_keep_the_meeting_log() {
        let log = |actor: &Actor| actor.can(Action::ManageMeetingLog, &Target::None);
        assert!(log(&Actor {
            broker: true,
            ..signed_in()
        }));
        assert!(log(&Actor {
            admin: true,
            ..signed_in()
        }));
        assert!(!log(&signed_in()));
        assert!(!log(&Actor {
            member: true,
            editor_of: vec![7],
            ..signed_in()
        }));
        assert!(!log(&Actor {
            broker: true,
            confirmed: false,
            ..signed_in()
        }));
        assert_eq!(
            decide(&Actor::visitor(), Action::ManageMeetingLog, &Target::None),
            Decision::Login
        );
        // A broker's token needs the meetings scope; another scope does not do.
        let token = |scopes: Vec<Scope>| Actor {
            broker: true,
            token_scopes: Some(scopes),
            ..signed_in()
        };
        assert!(log(&token(vec![Scope::MeetingsWrite])));
        assert!(!log(&token(vec![
            Scope::PracticesReview,
            Scope::DiscussionsWrite
        ])));
        // A member's token with every scope still may not.
        assert!(!log(&Actor {
            member: true,
            token_scopes: Some(Scope::ALL.to_vec()),
            ..signed_in()
        }));
        assert_eq!(
            Scope::parse_list("meetings:write"),
            Ok(vec![Scope::MeetingsWrite])
        );
    }

    #[test]
    fn only_brokers_and_admins_publish_news() {
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        let admin = Actor {
            admin: true,
            ..signed_in()
        };
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        assert!(!signed_in().can(Action::PublishNews, &Target::None));
        assert!(!editor.can(Action::PublishNews, &Target::None));
        assert!(broker.can(Action::PublishNews, &Target::None));
        assert!(admin.can(Action::PublishNews, &Target::None));
    }

    #[test]
    fn self_assessments_are_filled_in_by_editors_and_seen_by_brokers() {
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        let admin = Actor {
            admin: true,
            ..signed_in()
        };
        let fill = Action::FillInSelfAssessment;
        let view = Action::ViewSelfAssessment;
        assert!(editor.can(fill, &Target::Organisation(7)));
        assert!(!editor.can(fill, &Target::Organisation(8)));
        assert!(!broker.can(fill, &Target::Organisation(7)));
        assert!(!admin.can(fill, &Target::Organisation(7)));
        assert!(editor.can(view, &Target::Organisation(7)));
        assert!(!editor.can(view, &Target::Organisation(8)));
        assert!(broker.can(view, &Target::Organisation(8)));
        assert!(admin.can(view, &Target::Organisation(8)));
        assert!(!signed_in().can(view, &Target::Organisation(7)));
        let token = Actor {
            token_scopes: Some(Scope::ALL.to_vec()),
            ..editor.clone()
        };
        assert!(!token.can(fill, &Target::Organisation(7)), "pages only");
    }

    #[test]
    fn reviewers_are_independent_of_the_owner() {
        let reviewer = Actor {
            reviewer: true,
            editor_of: vec![8],
            ..signed_in()
        };
        assert!(reviewer.can(Action::ReviewCommitment, &Target::Organisation(7)));
        assert!(!reviewer.can(Action::ReviewCommitment, &Target::Organisation(8)));
        assert!(!reviewer.can(Action::ManageCommitment, &Target::Organisation(7)));
        assert!(!reviewer.can(Action::PublishNews, &Target::None));
        let broker = Actor {
            broker: true,
            admin: true,
            ..signed_in()
        };
        assert!(!broker.can(Action::ReviewCommitment, &Target::Organisation(7)));
        assert!(broker.can(Action::ManageCommitment, &Target::Organisation(7)));
        assert!(!broker.can(Action::RespondToReview, &Target::Organisation(7)));
        let editor = Actor {
            editor_of: vec![7],
            ..signed_in()
        };
        assert!(editor.can(Action::RespondToReview, &Target::Organisation(7)));
        assert!(editor.can(Action::ManageCommitment, &Target::Organisation(7)));
        let unconfirmed = Actor {
            confirmed: false,
            ..reviewer.clone()
        };
        assert!(!unconfirmed.can(Action::ReviewCommitment, &Target::Organisation(7)));
        assert_eq!("reviewer".parse::<Role>(), Ok(Role::Reviewer));
        let token = Actor {
            token_scopes: Some(vec![Scope::AgendaWrite]),
            ..editor
        };
        assert!(token.can(Action::ManageCommitment, &Target::Organisation(7)));
        assert!(!token.can(Action::RespondToReview, &Target::Organisation(7)));
    }

    #[test]
    fn challenges_are_run_by_brokers_scored_by_their_jury() {
        let member = Actor {
            user_id: Some(5),
            member: true,
            ..signed_in()
        };
        let broker = Actor {
            broker: true,
            ..signed_in()
        };
        assert!(broker.can(Action::ManageChallenges, &Target::None));
        assert!(!member.can(Action::ManageChallenges, &Target::None));
        assert!(member.can(Action::TakePartInChallenge, &Target::None));
        assert!(!Actor {
            confirmed: false,
            ..member.clone()
        }
        .can(Action::TakePartInChallenge, &Target::None));
        assert!(member.can(Action::PitchIdea, &Target::Owner(5)));
        assert!(!member.can(Action::PitchIdea, &Target::Owner(6)));
        assert!(!broker.can(Action::PitchIdea, &Target::Owner(6)));
        assert!(member.can(Action::ScorePitch, &Target::Challenge { juror: true }));
        assert!(!member.can(Action::ScorePitch, &Target::Challenge { juror: false }));
        assert!(!broker.can(Action::ScorePitch, &Target::Challenge { juror: false }));
        assert!(member.can(Action::ManageChallengeProject, &Target::Owner(5)));
        assert!(broker.can(Action::ManageChallengeProject, &Target::Owner(6)));
        let token = Actor {
            token_scopes: Some(vec![Scope::ChallengesWrite]),
            ..member.clone()
        };
        assert!(token.can(Action::TakePartInChallenge, &Target::None));
        assert!(!token.can(Action::ScorePitch, &Target::Challenge { juror: true }));
        assert_eq!(
            Scope::parse_list("challenges:write"),
            Ok(vec![Scope::ChallengesWrite])
        );
    }

    #[test]
    fn scope_lists_parse() {
        assert_eq!(
            Scope::parse_list("practices:write, practices:review"),
            Ok(vec![Scope::PracticesWrite, Scope::PracticesReview])
        );
        assert!(Scope::parse_list("").is_err());
        assert!(Scope::parse_list("root").is_err());
    }
}
