//! The authorisation matrix: every state-changing route of the route table × every role → the
//! expected status *and effect*. An allowed write must change what is stored (read back after the
//! request); a denied one must leave everything as it was. The routes come from the table the
//! router is checked against, so a new write route is in the matrix (and must have a rule) the
//! moment it exists; the expectations below are written out by hand from the issue, independently
//! of the rules table in `leerpunt-core`.

use axum::http::{Method, StatusCode};
use leerpunt_core::access::Action;
use leerpunt_store::EmailPurpose;
use leerpunt_web::routes::{self, Access};

use crate::{TestApp, TestUser, Who, ORG, PASSWORD};

/// Whether `who` may use a route with `access` (the specification, written out).
fn allowed(access: Access, who: Who) -> bool {
    use Who::*;
    let confirmed = !matches!(who, Anonymous | Unconfirmed);
    match access {
        Access::Public | Access::Read => true,
        Access::Requires(action) => match action {
            Action::ManageOwnAccount => who != Anonymous,
            Action::ManageOwnTokens | Action::EditOwnProfile => confirmed,
            Action::JoinOrganisation => confirmed && who != Outsider,
            Action::CreatePractice
            | Action::EditPractice
            | Action::SubmitPractice
            | Action::EditOrganisation
            | Action::ViewUnpublished => matches!(who, Editor | Broker | Admin),
            Action::ReviewPractice | Action::ViewReviewQueue => matches!(who, Broker | Admin),
            Action::ManageUsers | Action::ViewAudit => who == Admin,
            // Each role acts on its own question and post, and is a member of the community
            // (see the areas' `cell`); nobody but brokers and admins moderates it.
            Action::AskQuestion
            | Action::AnswerQuestion
            | Action::ManageOwnQuestion
            | Action::JoinCommunity
            | Action::PostInCommunity
            | Action::EditOwnPost
            | Action::ReportPost
            | Action::Follow => confirmed,
            Action::ManageHelpdesk
            | Action::ManageMeetingLog
            | Action::EditToolkit
            | Action::ManageCommunities
            | Action::ModerateCommunity => matches!(who, Broker | Admin),
            // Events are of the editor's organisation; nobody in the matrix organises them, so
            // their editors, brokers and admins run them; anyone confirmed registers.
            Action::ManageEvents | Action::ManageEventRegistrations => {
                matches!(who, Editor | Broker | Admin)
            }
            Action::RegisterForEvent => confirmed,
            // The labs of the matrix belong to the Editor's organisation: its editors and the
            // brokers describe them, everyone else confirmed may request access, only its
            // editors decide; each role acts on its own request.
            Action::ManageLab => matches!(who, Editor | Broker | Admin),
            Action::RequestLabAccess => confirmed && who != Editor,
            Action::DecideLabRequest => who == Editor,
            Action::ManageOwnLabRequest => confirmed,
            Action::PublishNews => matches!(who, Broker | Admin),
            // The self-assessment of the Editor's organisation: only its editors fill it in;
            // its editors, brokers and admins see a result that is not public.
            Action::FillInSelfAssessment => who == Editor,
            Action::ViewSelfAssessment => matches!(who, Editor | Broker | Admin),

            // The agenda's commitments belong to the Editor's organisation. Every role but
            // Member is given the reviewer grant in the area's cell; the Editor, as an editor of
            // the owner, still may not review, and only the owner's editors respond.
            Action::ManageCommitment => matches!(who, Editor | Broker | Admin),
            Action::ReviewCommitment => confirmed && !matches!(who, Member | Editor),
            Action::RespondToReview => who == Editor,

            // Brokers run challenges; anyone confirmed takes part. Each role pitches its own
            // idea, keeps its own project and is put on the jury of its cell's challenge (see
            // `network/challenges.rs`).
            Action::ManageChallenges => matches!(who, Broker | Admin),
            Action::TakePartInChallenge
            | Action::PitchIdea
            | Action::ScorePitch
            | Action::ManageChallengeProject => confirmed,

            // Brokers set up joint computations; each cell's computation names the Editor's
            // organisation, so only its editors consent and approve for it.
            Action::ManageComputations => matches!(who, Broker | Admin),
            Action::DecideComputation => who == Editor,
        },
    }
}

/// A new password that meets the rules.
const NEW_PASSWORD: &str = "een ander lang genoeg wachtwoord";

/// The fields of a form that, when the caller may use the route, makes it do its work: valid
/// values, real one-time links, the caller's own address and password.
async fn form_fields(
    app: &TestApp,
    path: &str,
    who: Who,
    acting: &TestUser,
) -> Vec<(&'static str, String)> {
    let practice = vec![
        ("owner", ORG.to_owned()),
        ("title", "Matrixpraktijk".to_owned()),
        ("status", "pilot".to_owned()),
    ];
    let origin = leerpunt_store::Origin::cli();
    // Visitors act on an account of their own where a route needs one (login, reset): a reset of
    // another role's password would end that role's sessions before its own cell.
    let visitor_account;
    let own = if who == Who::Anonymous && path.starts_with("/login") {
        let user = app
            .store
            .create_user("bezoeker@utrecht.nl", PASSWORD, "Bezoeker", &origin)
            .await
            .unwrap();
        visitor_account = TestUser {
            id: user.id,
            email: user.email,
            ..acting.clone()
        };
        &visitor_account
    } else {
        acting
    };
    match path {
        "/praktijken/nieuw" | "/praktijken/{slug}/bewerken" => practice,
        "/praktijken/{slug}/afwijzen" => vec![("reason", "Onvolledig".to_owned())],
        "/signup" => vec![
            ("email", format!("nieuw-{who:?}@utrecht.nl").to_lowercase()),
            ("password", PASSWORD.to_owned()),
            ("name", "Nieuw".to_owned()),
        ],
        "/signup/confirm" => {
            let fresh = app
                .store
                .create_user(
                    &format!("vers-{who:?}@utrecht.nl"),
                    PASSWORD,
                    "Vers",
                    &origin,
                )
                .await
                .unwrap();
            let token = app
                .store
                .issue_email_token(fresh.id, EmailPurpose::Confirm)
                .await
                .unwrap();
            vec![("token", token)]
        }
        "/login" => vec![
            ("email", own.email.clone()),
            ("password", PASSWORD.to_owned()),
        ],
        "/login/forgot" => vec![("email", own.email.clone())],
        "/login/reset" => {
            let token = app
                .store
                .issue_email_token(own.id, EmailPurpose::Reset)
                .await
                .unwrap();
            vec![("token", token), ("password", NEW_PASSWORD.to_owned())]
        }
        "/account/password" => vec![
            ("current", PASSWORD.to_owned()),
            ("password", NEW_PASSWORD.to_owned()),
        ],
        "/account/organisation" => vec![("organisation", ORG.to_owned())],
        "/account/profile" => vec![("name", "Matrix".to_owned())],
        "/account/tokens" => vec![
            ("name", "m".to_owned()),
            ("scope", "practices:write".to_owned()),
        ],
        "/account/delete" => vec![("confirm", "1".to_owned())],
        "/beheer/gebruikers/{id}/rollen" => vec![
            ("role", "broker".to_owned()),
            ("change", "grant".to_owned()),
        ],
        _ => vec![],
    }
}

/// What the routes of the matrix can change, read back through the store.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    /// Entries in the audit log (every write on behalf of a person or token adds one).
    audit: i64,
    /// Mail waiting in the outbox.
    outbox: i64,
    users: usize,
    /// Whether the acting browser session still exists.
    session: bool,
    /// The acting role's practice: review state, title, number of revisions.
    practice: String,
    /// The organisation's profile.
    organisation: String,
    /// What the route's area (help desk, toolkit, communities) keeps for this cell.
    area: String,
}

/// A cell of a route that belongs to an area of the living network: the address to call (its
/// placeholders filled with the acting role's own question, community, post…), the form or JSON
/// body that makes it do its work, and what to read back.
pub struct AreaCell {
    pub uri: String,
    pub fields: Vec<(&'static str, String)>,
    pub json: Option<serde_json::Value>,
    /// Passed back to the area's `state`.
    pub probe: Vec<i64>,
}

/// The area that prepares a cell of `path` for `who`, if any.
async fn area_cell(
    app: &TestApp,
    path: &str,
    who: Who,
    user: Option<&TestUser>,
) -> Option<AreaCell> {
    if let Some(c) = crate::network::helpdesk_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::community_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::event_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::meeting_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::labs_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::news_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::zelfscan_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::agenda_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::network::challenges_cell(app, path, who, user).await {
        return Some(c);
    }
    if let Some(c) = crate::computations::cell(app, path, who, user).await {
        return Some(c);
    }
    crate::network::toolkit_cell(app, path, who, user).await
}

async fn area_state(app: &TestApp, path: &str, cell: Option<&AreaCell>) -> String {
    match cell {
        Some(c) => crate::network::state(app, path, c).await,
        None => String::new(),
    }
}

async fn snapshot(
    app: &TestApp,
    slug: &str,
    cookie: Option<&str>,
    path: &str,
    cell: Option<&AreaCell>,
) -> Snapshot {
    let store = &app.store;
    let p = store.practice_any(slug).await.unwrap();
    let revisions = store.revisions(p.id).await.unwrap().len();
    let org = store.organisation(ORG).await.unwrap();
    let description = store.organisation_description(ORG).await.unwrap();
    let session = match cookie.and_then(|c| c.strip_prefix("lp_session=")) {
        Some(secret) => store.session(secret).await.unwrap().is_some(),
        None => false,
    };
    Snapshot {
        audit: store.audit_log(1, 0).await.unwrap().1,
        outbox: store.pending_mail_count().await.unwrap(),
        users: store.users().await.unwrap().len(),
        session,
        practice: format!("{:?}|{}|{revisions}", p.review, p.text.title),
        organisation: format!("{description}|{:?}|{:?}", org.website, org.name_en),
        area: area_state(app, path, cell).await,
    }
}

/// Whether an allowed request of `who` on `path` has work to do. Asking for a new confirmation
/// link is allowed to every signed-in account but does nothing for a confirmed one.
fn has_work(path: &str, who: Who) -> bool {
    !(path == "/account/confirm" && who != Who::Unconfirmed)
}

fn json_body(path: &str) -> Option<serde_json::Value> {
    match path {
        "/api/v1/practices" | "/api/v1/practices/{slug}" => Some(serde_json::json!({
            "text": {"title": "Matrixpraktijk"}, "status": "pilot", "owner": ORG
        })),
        "/api/v1/practices/{slug}/reject" => Some(serde_json::json!({"reason": "Onvolledig"})),
        "/api/v1/organisations/{code}/profile" => {
            Some(serde_json::json!({"description": "Profiel"}))
        }
        _ => None,
    }
}

struct Cell {
    method: Method,
    path: &'static str,
    who: Who,
    status: StatusCode,
    location: String,
}

#[tokio::test]
async fn every_write_route_for_every_role() {
    let rules: Vec<_> = routes::writes().collect();
    assert!(
        rules.len() >= 20,
        "suspiciously few write routes: {}",
        rules.len()
    );
    let mut cells = Vec::new();
    let mut failures = Vec::new();
    let mut changed = 0;
    for route in &rules {
        let (method, path, access) = (route.verb.method(), route.path, &route.access);
        let app = TestApp::new().await;
        let mut users: Vec<(Who, Option<TestUser>)> = Vec::new();
        for who in Who::ALL {
            users.push((who, app.user(who).await));
        }
        let member_id = users
            .iter()
            .find(|(w, _)| *w == Who::Member)
            .and_then(|(_, u)| u.as_ref())
            .map(|u| u.id)
            .unwrap();
        for (who, user) in &users {
            // Each role acts on its own fresh draft, so one role's step does not change another's.
            let slug = app.draft(&format!("Matrix {who:?}"), ORG).await;
            if path.ends_with("/publiceren")
                || path.ends_with("/afwijzen")
                || path.ends_with("/publish")
                || path.ends_with("/reject")
            {
                let id = app.store.practice_any(&slug).await.unwrap().id;
                app.store
                    .review_practice(
                        id,
                        &leerpunt_core::review::Transition::Submit,
                        &leerpunt_store::Origin::cli(),
                    )
                    .await
                    .unwrap();
            }
            let token_id = match user {
                Some(u) => {
                    app.store
                        .create_api_token(
                            u.id,
                            "own",
                            &[leerpunt_core::access::Scope::PracticesWrite],
                            &leerpunt_store::Origin::cli(),
                        )
                        .await
                        .unwrap()
                        .1
                        .id
                }
                None => 1,
            };
            let cell = area_cell(&app, path, *who, user.as_ref()).await;
            let uri = path
                .replace("{slug}", &slug)
                .replace("{code}", ORG)
                .replace(
                    "{id}",
                    &if path.starts_with("/beheer") {
                        member_id
                    } else {
                        token_id
                    }
                    .to_string(),
                );
            // A visitor gets a visitor session, so the CSRF token is right and only access counts.
            let acting = match user {
                Some(u) => u.clone(),
                None => {
                    let (secret, session) = app.store.create_session(None).await.unwrap();
                    TestUser {
                        id: 0,
                        email: String::new(),
                        cookie: format!("lp_session={secret}"),
                        csrf: session.csrf,
                    }
                }
            };
            let api = path.starts_with("/api/");
            let token = match user {
                Some(u) if api => Some(app.token(u).await),
                _ => None,
            };
            let uri = cell.as_ref().map_or(uri, |c| c.uri.clone());
            let fields = match &cell {
                _ if api => Vec::new(),
                Some(c) => c.fields.clone(),
                None => form_fields(&app, path, *who, &acting).await,
            };
            let body = match &cell {
                Some(c) => c.json.clone(),
                None => json_body(path),
            };
            let before = snapshot(&app, &slug, Some(&acting.cookie), path, cell.as_ref()).await;
            let reply = if api {
                app.api(method.clone(), &uri, token.as_deref(), body).await
            } else {
                let refs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form(&uri, &refs, Some(&acting)).await
            };
            let after = snapshot(&app, &slug, Some(&acting.cookie), path, cell.as_ref()).await;
            let effect_ok = if allowed(*access, *who) && has_work(path, *who) {
                after != before
            } else {
                after == before
            };
            if after != before {
                changed += 1;
            }
            if !effect_ok {
                failures.push(format!(
                    "{method} {path} as {who:?}: {} (allowed: {})\n  before {before:?}\n  after  {after:?}",
                    if after == before { "nothing changed" } else { "state changed" },
                    allowed(*access, *who),
                ));
            }
            let location = reply.location().to_owned();
            let ok = match (allowed(*access, *who), *who) {
                (false, Who::Anonymous) if path.starts_with("/api/") => {
                    reply.status == StatusCode::UNAUTHORIZED
                }
                (false, Who::Anonymous) => {
                    reply.status == StatusCode::SEE_OTHER && location.starts_with("/login?next=")
                }
                (false, _) => reply.status == StatusCode::FORBIDDEN,
                // A reset ends by asking for a login with the new password.
                (true, _) if path == "/login/reset" => {
                    reply.status == StatusCode::SEE_OTHER && location == "/login?next=/account"
                }
                (true, _) => {
                    !matches!(
                        reply.status,
                        StatusCode::UNAUTHORIZED
                            | StatusCode::FORBIDDEN
                            | StatusCode::NOT_FOUND
                            | StatusCode::METHOD_NOT_ALLOWED
                    ) && !reply.status.is_server_error()
                        && !location.starts_with("/login?next=")
                }
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {who:?}: got {} {location} (allowed: {}) {}",
                    reply.status,
                    allowed(*access, *who),
                    reply.body.chars().take(200).collect::<String>()
                ));
            }
            cells.push(Cell {
                method: method.clone(),
                path,
                who: *who,
                status: reply.status,
                location,
            });
        }
    }
    let denied = cells
        .iter()
        .filter(|c| c.status == StatusCode::FORBIDDEN)
        .count();
    println!(
        "authorisation matrix: {} routes x {} roles = {} cells ({} forbidden, {} login required)",
        rules.len(),
        Who::ALL.len(),
        cells.len(),
        denied,
        cells
            .iter()
            .filter(
                |c| c.status == StatusCode::UNAUTHORIZED || c.location.starts_with("/login?next=")
            )
            .count()
    );
    for row in cells.chunks(Who::ALL.len()) {
        let statuses: Vec<String> = row
            .iter()
            .map(|c| format!("{:?}={}", c.who, c.status.as_u16()))
            .collect();
        println!("{} {}: {}", row[0].method, row[0].path, statuses.join(" "));
    }
    assert!(
        failures.is_empty(),
        "{} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(cells.len(), rules.len() * Who::ALL.len());
    let allowed_cells = cells
        .iter()
        .filter(|c| {
            allowed(
                routes::find(routes::Verb::of(&c.method).unwrap(), c.path)
                    .unwrap()
                    .access,
                c.who,
            ) && has_work(c.path, c.who)
        })
        .count();
    assert!(allowed_cells > 50, "only {allowed_cells} allowed cells");
    assert_eq!(
        changed, allowed_cells,
        "every allowed cell with work changed state, no other did"
    );
}

/// Every route of the table has a handler (a handler without a table entry stops the router at
/// start), and the auth layer refuses any state-changing request to a route the table does not
/// list as a write.
#[tokio::test]
async fn write_routes_exist_only_in_the_table() {
    assert!(
        leerpunt_web::router::routes_without_handler().is_empty(),
        "{:?}",
        leerpunt_web::router::routes_without_handler()
    );
    let app = TestApp::new().await;
    for uri in [
        "/praktijken",
        "/organisaties/GM0344",
        "/account",
        "/api/v1/themes",
    ] {
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let r = app
                .request(
                    axum::http::Request::builder()
                        .method(method.clone())
                        .uri(uri)
                        .body(axum::body::Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        }
    }
}

/// Pages that only show things still check access: visitors are sent to the login page, the wrong
/// role gets 403, and drafts are invisible (404) to those who may not see them.
#[tokio::test]
async fn protected_pages_check_access() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await;
    let editor = app.user(Who::Editor).await;
    let broker = app.user(Who::Broker).await;
    let admin = app.user(Who::Admin).await;
    let slug = app.draft("Geheim concept", ORG).await;
    let cases: Vec<(String, Option<&TestUser>, StatusCode)> = vec![
        ("/account".into(), None, StatusCode::SEE_OTHER),
        ("/account/export".into(), None, StatusCode::SEE_OTHER),
        (
            "/beheer/gebruikers".into(),
            member.as_ref(),
            StatusCode::FORBIDDEN,
        ),
        ("/beheer/gebruikers".into(), admin.as_ref(), StatusCode::OK),
        (
            "/beheer/audit".into(),
            broker.as_ref(),
            StatusCode::FORBIDDEN,
        ),
        ("/beheer/audit".into(), admin.as_ref(), StatusCode::OK),
        ("/beoordelen".into(), editor.as_ref(), StatusCode::FORBIDDEN),
        ("/beoordelen".into(), broker.as_ref(), StatusCode::OK),
        (format!("/praktijken/{slug}"), None, StatusCode::NOT_FOUND),
        (
            format!("/praktijken/{slug}"),
            member.as_ref(),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/praktijken/{slug}"),
            editor.as_ref(),
            StatusCode::OK,
        ),
        (
            format!("/praktijken/{slug}/versies"),
            member.as_ref(),
            StatusCode::FORBIDDEN,
        ),
        (
            format!("/praktijken/{slug}/versies"),
            editor.as_ref(),
            StatusCode::OK,
        ),
        (
            format!("/praktijken/{slug}/bewerken"),
            broker.as_ref(),
            StatusCode::OK,
        ),
        (
            "/organisaties/GM0344/bewerken".into(),
            member.as_ref(),
            StatusCode::FORBIDDEN,
        ),
        (
            "/organisaties/GM0344/bewerken".into(),
            editor.as_ref(),
            StatusCode::OK,
        ),
        (
            "/praktijken/nieuw".into(),
            member.as_ref(),
            StatusCode::FORBIDDEN,
        ),
        ("/praktijken/nieuw".into(), editor.as_ref(), StatusCode::OK),
    ];
    for (uri, user, expected) in cases {
        let r = app.get_as(&uri, user).await;
        assert_eq!(
            r.status,
            expected,
            "{uri} as {:?}: {}",
            user.map(|u| &u.email),
            r.body.chars().take(300).collect::<String>()
        );
    }
    let r = app
        .api(
            Method::GET,
            &format!("/api/v1/practices/{slug}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let token = app.token(editor.as_ref().unwrap()).await;
    let r = app
        .api(
            Method::GET,
            &format!("/api/v1/practices/{slug}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["review"], "draft");
}

/// Every read of the route table without path parameters (lists, forms, reports, feeds, the API's
/// lists), opened by every role: none may be a server error. A form that a role may not open is a
/// 3xx or 4xx; the rest render.
#[tokio::test]
async fn no_read_is_a_server_error_for_any_role() {
    let app = TestApp::new().await;
    let reads: Vec<&str> = routes::ROUTES
        .iter()
        .filter(|r| !r.writes() && !r.path.contains('{'))
        .map(|r| r.path)
        .collect();
    assert!(reads.len() > 50, "{} reads", reads.len());
    let mut rendered = 0;
    for who in Who::ALL {
        let user = app.user(who).await;
        for path in &reads {
            let r = app.get_as(path, user.as_ref()).await;
            assert!(
                r.status.as_u16() < 500,
                "{path} as {who:?}: {}\n{}",
                r.status,
                r.body
            );
            if r.status == StatusCode::OK {
                rendered += 1;
            }
        }
    }
    assert!(rendered > reads.len() * 4, "{rendered} pages rendered");
}
