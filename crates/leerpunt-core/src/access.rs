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
}

impl Role {
    /// Every role, least to most powerful.
    pub const ALL: &'static [Role] = &[
        Role::Visitor,
        Role::Member,
        Role::Editor,
        Role::Broker,
        Role::Admin,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Member => "member",
            Role::Editor => "editor",
            Role::Broker => "broker",
            Role::Admin => "admin",
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
                    format!("unknown role {s:?}; expected member, editor, broker or admin"),
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
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::PracticesWrite,
        Scope::PracticesReview,
        Scope::OrganisationsWrite,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Scope::PracticesWrite => "practices:write",
            Scope::PracticesReview => "practices:review",
            Scope::OrganisationsWrite => "organisations:write",
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

use Who::{Admin, Broker, Confirmed, EditorOfTarget, Member, SignedIn};

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
            Target::Organisation(id) => actor.confirmed && actor.editor_of.contains(id),
            Target::None => false,
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
    fn scope_lists_parse() {
        assert_eq!(
            Scope::parse_list("practices:write, practices:review"),
            Ok(vec![Scope::PracticesWrite, Scope::PracticesReview])
        );
        assert!(Scope::parse_list("").is_err());
        assert!(Scope::parse_list("root").is_err());
    }
}
