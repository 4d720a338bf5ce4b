//! Every route of Leerpunt written out once, with who may use it: the table the router is checked
//! against, the auth layer enforces, and the tests walk (authorisation matrix, OpenAPI coverage).
//!
//! A leaf module: it knows paths and access rules, no handlers. `router.rs` attaches a handler to
//! each entry (and refuses to start with a handler the table lacks); `auth.rs` looks up the rule
//! of a state-changing request by its matched path.

use axum::http::Method;
use leerpunt_core::access::Action;

/// The largest request body accepted (forms and API writes are far smaller).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The HTTP methods Leerpunt routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
    Put,
}

impl Verb {
    /// The `http` method.
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
        }
    }

    /// The verb of a method, if Leerpunt routes it.
    pub fn of(method: &Method) -> Option<Self> {
        match *method {
            Method::GET | Method::HEAD => Some(Verb::Get),
            Method::POST => Some(Verb::Post),
            Method::PUT => Some(Verb::Put),
            _ => None,
        }
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A read: anyone may ask; the use case decides what they see (a draft is a 404 to others,
    /// the account page sends visitors to the login page).
    Read,
    /// A write anyone may make (sign-up, login); still CSRF-checked when it comes from a form.
    Public,
    /// A write for the holders of an [`Action`] as the core's rules define it; visitors are
    /// refused before the handler runs, and the handler checks the action on its target.
    Requires(Action),
}

/// One route: method, full path pattern (axum syntax) and access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub verb: Verb,
    pub path: &'static str,
    pub access: Access,
    /// The answer to a visitor (no session, no token) depends only on the address, the language
    /// and the published data, so `cache.rs` may keep it until the change log moves.
    pub shared: bool,
}

impl Route {
    /// Whether the route changes state (anything but GET).
    pub fn writes(&self) -> bool {
        self.verb != Verb::Get
    }

    /// Whether the route is part of the JSON API.
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

/// A read whose answer may differ per person (forms with a CSRF token, the account pages, probes).
const fn read(path: &'static str) -> Route {
    Route {
        verb: Verb::Get,
        path,
        access: Access::Read,
        shared: false,
    }
}

/// A read that is the same for every visitor: the published catalogue, register and search.
const fn shared(path: &'static str) -> Route {
    Route {
        shared: true,
        ..read(path)
    }
}

const fn post(path: &'static str, access: Access) -> Route {
    Route {
        verb: Verb::Post,
        path,
        access,
        shared: false,
    }
}

const fn put(path: &'static str, access: Access) -> Route {
    Route {
        verb: Verb::Put,
        path,
        access,
        shared: false,
    }
}

use Access::{Public, Requires};
use Action::*;

/// Every route of Leerpunt.
#[rustfmt::skip]
pub static ROUTES: &[Route] = &[
    // Catalogue, register, themes and search.
    shared("/"),
    shared("/praktijken"),
    shared("/praktijken/{slug}"),
    shared("/organisaties"),
    shared("/organisaties/{code}"),
    shared("/themas"),
    shared("/themas/{key}"),
    shared("/over"),
    shared("/zoeken"),
    shared("/vraag"),
    shared("/begrippen"),
    shared("/gezamenlijke-analyse"),
    read("/gezamenlijke-analyse/berekeningen"),
    read("/gezamenlijke-analyse/berekeningen/nieuw"),
    post("/gezamenlijke-analyse/berekeningen/nieuw", Requires(ManageComputations)),
    read("/gezamenlijke-analyse/berekeningen/{slug}"),
    read("/gezamenlijke-analyse/berekeningen/{slug}/spec.toml"),
    post("/gezamenlijke-analyse/berekeningen/{slug}/bewerken", Requires(ManageComputations)),
    post("/gezamenlijke-analyse/berekeningen/{slug}/instemming-vragen", Requires(ManageComputations)),
    post("/gezamenlijke-analyse/berekeningen/{slug}/besluit", Requires(DecideComputation)),
    post("/gezamenlijke-analyse/berekeningen/{slug}/publicatie", Requires(DecideComputation)),
    shared("/gezamenlijke-analyse/{id}"),
    shared("/mensen"),
    shared("/mensen/{id}"),
    shared("/privacy"),
    // Accounts.
    read("/signup"),
    post("/signup", Public),
    read("/signup/confirm"),
    post("/signup/confirm", Public),
    read("/login"),
    post("/login", Public),
    read("/login/forgot"),
    post("/login/forgot", Public),
    read("/login/reset"),
    post("/login/reset", Public),
    post("/logout", Public),
    post("/logout/everywhere", Requires(ManageOwnAccount)),
    read("/account"),
    read("/account/export"),
    post("/account/confirm", Requires(ManageOwnAccount)),
    post("/account/password", Requires(ManageOwnAccount)),
    post("/account/delete", Requires(ManageOwnAccount)),
    post("/account/organisation", Requires(JoinOrganisation)),
    post("/account/profile", Requires(EditOwnProfile)),
    post("/account/tokens", Requires(ManageOwnTokens)),
    post("/account/tokens/{id}/revoke", Requires(ManageOwnTokens)),
    // Contributions and review.
    read("/praktijken/nieuw"),
    post("/praktijken/nieuw", Requires(CreatePractice)),
    read("/praktijken/{slug}/bewerken"),
    post("/praktijken/{slug}/bewerken", Requires(EditPractice)),
    read("/praktijken/{slug}/versies"),
    post("/praktijken/{slug}/indienen", Requires(SubmitPractice)),
    post("/praktijken/{slug}/publiceren", Requires(ReviewPractice)),
    post("/praktijken/{slug}/afwijzen", Requires(ReviewPractice)),
    read("/beoordelen"),
    read("/organisaties/{code}/bewerken"),
    post("/organisaties/{code}/bewerken", Requires(EditOrganisation)),
    // Administration.
    read("/beheer/gebruikers"),
    post("/beheer/gebruikers/{id}/rollen", Requires(ManageUsers)),
    read("/beheer/audit"),
    // Help desk ("Vraag het Leerpunt").
    shared("/helpdesk"),
    read("/helpdesk/vragen/nieuw"),
    post("/helpdesk/vragen/nieuw", Requires(AskQuestion)),
    post("/helpdesk/opgelost", Requires(AskQuestion)),
    read("/helpdesk/wachtrij"),
    shared("/helpdesk/vragen/{id}"),
    post("/helpdesk/vragen/{id}/antwoorden", Requires(AnswerQuestion)),
    post("/helpdesk/vragen/{id}/accepteren", Requires(ManageOwnQuestion)),
    post("/helpdesk/vragen/{id}/sluiten", Requires(ManageOwnQuestion)),
    post("/helpdesk/vragen/{id}/toewijzen", Requires(ManageHelpdesk)),
    post("/helpdesk/vragen/{id}/afwijzen", Requires(ManageHelpdesk)),
    read("/helpdesk/vragen/{id}/faq"),
    post("/helpdesk/vragen/{id}/faq", Requires(EditToolkit)),
    // Toolkit: FAQ and step plan.
    shared("/faq"),
    read("/faq/nieuw"),
    post("/faq/nieuw", Requires(EditToolkit)),
    shared("/faq/{id}"),
    read("/faq/{id}/bewerken"),
    post("/faq/{id}/bewerken", Requires(EditToolkit)),
    shared("/stappenplan"),
    read("/stappenplan/bewerken"),
    post("/stappenplan/bewerken", Requires(EditToolkit)),
    shared("/stappenplan/versies"),
    shared("/stappenplan/versies/{version}"),
    // Communities and discussions.
    shared("/gemeenschappen"),
    read("/gemeenschappen/nieuw"),
    post("/gemeenschappen/nieuw", Requires(ManageCommunities)),
    shared("/gemeenschappen/{slug}"),
    read("/gemeenschappen/{slug}/bewerken"),
    post("/gemeenschappen/{slug}/bewerken", Requires(ManageCommunities)),
    post("/gemeenschappen/{slug}/lid-worden", Requires(JoinCommunity)),
    post("/gemeenschappen/{slug}/verlaten", Requires(JoinCommunity)),
    read("/gemeenschappen/{slug}/meldingen"),
    read("/gemeenschappen/{slug}/onderwerpen/nieuw"),
    post("/gemeenschappen/{slug}/onderwerpen/nieuw", Requires(PostInCommunity)),
    shared("/gemeenschappen/{slug}/onderwerpen/{id}"),
    post("/gemeenschappen/{slug}/onderwerpen/{id}/reacties", Requires(PostInCommunity)),
    post("/gemeenschappen/{slug}/onderwerpen/{id}/sluiten", Requires(ModerateCommunity)),
    read("/berichten/{id}/bewerken"),
    post("/berichten/{id}/bewerken", Requires(EditOwnPost)),
    post("/berichten/{id}/verwijderen", Requires(EditOwnPost)),
    post("/berichten/{id}/melden", Requires(ReportPost)),
    post("/berichten/{id}/verbergen", Requires(ModerateCommunity)),
    // Events ("bijeenkomsten").
    read("/bijeenkomsten"),
    read("/bijeenkomsten/nieuw"),
    post("/bijeenkomsten/nieuw", Requires(ManageEvents)),
    shared("/bijeenkomsten/agenda.ics"),
    read("/bijeenkomsten/{id}"),
    shared("/bijeenkomsten/{id}/agenda.ics"),
    read("/bijeenkomsten/{id}/bewerken"),
    post("/bijeenkomsten/{id}/bewerken", Requires(ManageEvents)),
    post("/bijeenkomsten/{id}/aanmelden", Requires(RegisterForEvent)),
    post("/bijeenkomsten/{id}/afmelden", Requires(RegisterForEvent)),
    read("/bijeenkomsten/{id}/deelnemers.csv"),
    post("/bijeenkomsten/{id}/bericht", Requires(ManageEventRegistrations)),
    post("/bijeenkomsten/{id}/materiaal", Requires(ManageEventRegistrations)),
    shared("/themas/{key}/bijeenkomsten.ics"),
    shared("/gemeenschappen/{slug}/bijeenkomsten.ics"),
    // Following, the digest and the feeds.
    post("/volgen", Requires(Follow)),
    post("/volgen/stoppen", Requires(Follow)),
    post("/account/digest", Requires(Follow)),
    shared("/feeds/faq"),
    shared("/feeds/helpdesk"),
    shared("/feeds/themas/{key}"),
    shared("/feeds/organisaties/{code}"),
    shared("/feeds/gemeenschappen/{slug}"),
    // The meeting log and its report (brokers; reads are checked by the use cases).
    read("/verslag"),
    read("/verslag.csv"),
    read("/verslag/bijeenkomsten"),
    read("/verslag/bijeenkomsten.csv"),
    read("/verslag/bijeenkomsten/nieuw"),
    post("/verslag/bijeenkomsten/nieuw", Requires(ManageMeetingLog)),
    read("/verslag/bijeenkomsten/{id}"),
    post("/verslag/bijeenkomsten/{id}", Requires(ManageMeetingLog)),
    post("/verslag/bijeenkomsten/{id}/afgerond", Requires(ManageMeetingLog)),
    shared("/feeds/nieuws"),
    shared("/feeds/nieuws/themas/{key}"),
    // Shared data labs.
    shared("/datalabs"),
    read("/datalabs/nieuw"),
    post("/datalabs/nieuw", Requires(ManageLab)),
    read("/datalabs/aanvragen"),
    read("/datalabs/aanvragen/{id}"),
    post("/datalabs/aanvragen/{id}/vraag", Requires(DecideLabRequest)),
    post("/datalabs/aanvragen/{id}/accepteren", Requires(DecideLabRequest)),
    post("/datalabs/aanvragen/{id}/afwijzen", Requires(DecideLabRequest)),
    post("/datalabs/aanvragen/{id}/reageren", Requires(ManageOwnLabRequest)),
    post("/datalabs/aanvragen/{id}/intrekken", Requires(ManageOwnLabRequest)),
    post("/datalabs/aanvragen/{id}/tonen", Requires(ManageOwnLabRequest)),
    shared("/datalabs/{slug}"),
    read("/datalabs/{slug}/bewerken"),
    post("/datalabs/{slug}/bewerken", Requires(ManageLab)),
    post("/datalabs/{slug}/aanvragen", Requires(RequestLabAccess)),
    // The data-governance self-assessment.
    shared("/zelfscan"),
    shared("/zelfscan/groepen/{group}"),
    shared("/zelfscan/{code}"),
    read("/zelfscan/{code}/invullen"),
    post("/zelfscan/{code}/opslaan", Requires(FillInSelfAssessment)),
    post("/zelfscan/{code}/indienen", Requires(FillInSelfAssessment)),
    post("/zelfscan/{code}/zichtbaarheid", Requires(FillInSelfAssessment)),
    // News.
    shared("/nieuws"),
    shared("/dashboard"),
    shared("/kaart"),
    shared("/netwerk"),
    read("/nieuws/nieuw"),
    post("/nieuws/nieuw", Requires(PublishNews)),
    shared("/nieuws/{slug}"),
    read("/nieuws/{slug}/bewerken"),
    post("/nieuws/{slug}/bewerken", Requires(PublishNews)),
    // The rolling agenda and its independent review.
    shared("/agenda"),
    shared("/agenda.csv"),
    shared("/agenda/rapport"),
    read("/agenda/toezeggingen/nieuw"),
    post("/agenda/toezeggingen/nieuw", Requires(ManageCommitment)),
    shared("/agenda/toezeggingen/{id}"),
    read("/agenda/toezeggingen/{id}/bewerken"),
    post("/agenda/toezeggingen/{id}/bewerken", Requires(ManageCommitment)),
    post("/agenda/toezeggingen/{id}/mijlpalen", Requires(ManageCommitment)),
    post("/agenda/toezeggingen/{id}/mijlpalen/{milestone}/afgerond", Requires(ManageCommitment)),
    post("/agenda/toezeggingen/{id}/voortgang", Requires(ManageCommitment)),
    post("/agenda/toezeggingen/{id}/bewijs", Requires(ManageCommitment)),
    post("/agenda/toezeggingen/{id}/beoordelingen", Requires(ReviewCommitment)),
    post("/agenda/beoordelingen/{id}/reactie", Requires(RespondToReview)),

    // Idea challenges: not shared, since the phase a page shows changes with the date.
    read("/uitdagingen"),
    read("/uitdagingen/nieuw"),
    post("/uitdagingen/nieuw", Requires(ManageChallenges)),
    read("/uitdagingen/{id}"),
    read("/uitdagingen/{id}/bewerken"),
    post("/uitdagingen/{id}/bewerken", Requires(ManageChallenges)),
    post("/uitdagingen/{id}/jury", Requires(ManageChallenges)),
    read("/uitdagingen/{id}/idee"),
    post("/uitdagingen/{id}/idee", Requires(TakePartInChallenge)),
    post("/uitdagingen/{id}/winnaars", Requires(ManageChallenges)),
    post("/uitdagingen/{id}/resultaten", Requires(ManageChallenges)),
    read("/uitdagingen/ideeen/{id}"),
    post("/uitdagingen/ideeen/{id}/steunen", Requires(TakePartInChallenge)),
    post("/uitdagingen/ideeen/{id}/steun-intrekken", Requires(TakePartInChallenge)),
    post("/uitdagingen/ideeen/{id}/reageren", Requires(TakePartInChallenge)),
    post("/uitdagingen/ideeen/{id}/shortlist", Requires(ManageChallenges)),
    post("/uitdagingen/ideeen/{id}/pitch", Requires(PitchIdea)),
    post("/uitdagingen/ideeen/{id}/scores", Requires(ScorePitch)),
    read("/uitdagingen/projecten/{id}"),
    post("/uitdagingen/projecten/{id}/mijlpalen", Requires(ManageChallengeProject)),
    post("/uitdagingen/projecten/{id}/mijlpalen/{milestone}/klaar", Requires(ManageChallengeProject)),
    post("/uitdagingen/projecten/{id}/voortgang", Requires(ManageChallengeProject)),
    post("/uitdagingen/projecten/{id}/resultaten", Requires(ManageChallengeProject)),
    // The JSON API.
    shared("/api/v1/practices"),
    post("/api/v1/practices", Requires(CreatePractice)),
    shared("/api/v1/practices/{slug}"),
    put("/api/v1/practices/{slug}", Requires(EditPractice)),
    post("/api/v1/practices/{slug}/submit", Requires(SubmitPractice)),
    post("/api/v1/practices/{slug}/publish", Requires(ReviewPractice)),
    post("/api/v1/practices/{slug}/reject", Requires(ReviewPractice)),
    shared("/api/v1/organisations"),
    shared("/api/v1/organisations/{code}"),
    put("/api/v1/organisations/{code}/profile", Requires(EditOrganisation)),
    shared("/api/v1/themes"),
    shared("/api/v1/search"),
    shared("/api/v1/match"),
    shared("/api/v1/analyses"),
    shared("/api/v1/analyses/{id}"),
    read("/api/v1/computations"),
    read("/api/v1/computations/{slug}"),
    read("/api/v1/computations/{slug}/spec"),
    post("/api/v1/computations/{slug}/reports", Public),
    shared("/api/v1/questions"),
    post("/api/v1/questions", Requires(AskQuestion)),
    shared("/api/v1/questions/{id}"),
    post("/api/v1/questions/{id}/answers", Requires(AnswerQuestion)),
    shared("/api/v1/faq"),
    shared("/api/v1/faq/{id}"),
    shared("/api/v1/step-plan"),
    shared("/api/v1/communities"),
    shared("/api/v1/communities/{slug}"),
    post("/api/v1/communities/{slug}/topics", Requires(PostInCommunity)),
    shared("/api/v1/topics/{id}"),
    post("/api/v1/topics/{id}/replies", Requires(PostInCommunity)),
    shared("/api/v1/events"),
    read("/api/v1/events/{id}"),
    post("/api/v1/events/{id}/register", Requires(RegisterForEvent)),
    post("/api/v1/events/{id}/cancel", Requires(RegisterForEvent)),
    read("/api/v1/meetings"),
    post("/api/v1/meetings", Requires(ManageMeetingLog)),
    read("/api/v1/meetings/{id}"),
    read("/api/v1/report"),
    shared("/api/v1/labs"),
    shared("/api/v1/labs/{slug}"),
    post("/api/v1/labs/{slug}/requests", Requires(RequestLabAccess)),
    shared("/api/v1/news"),
    shared("/api/v1/dashboard"),
    shared("/api/v1/network"),
    shared("/api/v1/network/nodes"),
    shared("/api/v1/network/export.graphml"),
    shared("/api/v1/network/export.gexf"),
    shared("/api/v1/map"),
    read("/api/v1/dashboard.csv"),
    shared("/api/v1/news/{slug}"),
    shared("/api/v1/zelfscan/instrument"),
    shared("/api/v1/zelfscan/groups/{group}"),
    shared("/api/v1/zelfscan/results/{code}"),

    shared("/api/v1/agenda/commitments"),
    shared("/api/v1/agenda/commitments/{id}"),
    post("/api/v1/agenda/commitments/{id}/updates", Requires(ManageCommitment)),
    shared("/api/v1/agenda/report"),

    read("/api/v1/challenges"),
    read("/api/v1/challenges/{id}"),
    read("/api/v1/challenges/{id}/ideas"),
    post("/api/v1/challenges/{id}/ideas", Requires(TakePartInChallenge)),
    read("/api/v1/challenges/{id}/projects"),
    post("/api/v1/ideas/{id}/support", Requires(TakePartInChallenge)),
    shared("/api/v1/openapi.json"),
    // Assets and probes.
    read("/assets/{name}"),
    read("/healthz"),
    read("/readyz"),
];

/// The route with this method and path pattern.
pub fn find(verb: Verb, path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.verb == verb && r.path == path)
}

/// Every state-changing route, with its access rule.
pub fn writes() -> impl Iterator<Item = &'static Route> {
    ROUTES.iter().filter(|r| r.writes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_open_and_writes_have_a_rule() {
        let mut seen = std::collections::HashSet::new();
        for r in ROUTES {
            assert!(seen.insert((r.verb, r.path)), "listed twice: {r:?}");
            assert!(r.path.starts_with('/'), "{r:?}");
            assert_eq!(r.access == Access::Read, !r.writes(), "{r:?}");
            assert!(!(r.shared && r.writes()), "a write is never shared: {r:?}");
        }
        assert!(writes().count() >= 27, "{}", writes().count());
    }
}
