//! The authorisation matrix: every state-changing route of the router × every role → the expected
//! status. The routes come from the registry the router is built from, so a new write route is
//! in the matrix (and must have a rule) the moment it exists; the expectations below are written
//! out by hand from the issue, independently of the rules table in `leerpunt-core`.

use axum::http::{Method, StatusCode};
use leerpunt_core::access::Action;
use leerpunt_web::router::{write_rules, Access};

use crate::{TestApp, TestUser, Who, ORG};

/// Whether `who` may use a route with `access` (the specification, written out).
fn allowed(access: Access, who: Who) -> bool {
    use Who::*;
    let confirmed = !matches!(who, Anonymous | Unconfirmed);
    match access {
        Access::Public => true,
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
        },
    }
}

fn form_fields(path: &str) -> Vec<(&'static str, String)> {
    let practice = vec![
        ("owner", ORG.to_owned()),
        ("title", "Matrixpraktijk".to_owned()),
        ("status", "pilot".to_owned()),
    ];
    match path {
        "/praktijken/nieuw" | "/praktijken/{slug}/bewerken" => practice,
        "/praktijken/{slug}/afwijzen" => vec![("reason", "Onvolledig".to_owned())],
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
    let rules = write_rules();
    assert!(
        rules.len() >= 20,
        "suspiciously few write routes: {}",
        rules.len()
    );
    let mut cells = Vec::new();
    let mut failures = Vec::new();
    for (method, path, access) in rules.iter() {
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
            .unwrap_or(0);
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
            let reply = if path.starts_with("/api/") {
                let token = match user {
                    Some(u) => Some(app.token(u).await),
                    None => None,
                };
                app.api(method.clone(), &uri, token.as_deref(), json_body(path))
                    .await
            } else {
                // A visitor gets a visitor session, so the CSRF token is right and only access counts.
                let visitor;
                let acting = match user {
                    Some(u) => u,
                    None => {
                        let (secret, session) = app.store.create_session(None).await.unwrap();
                        visitor = TestUser {
                            id: 0,
                            email: String::new(),
                            cookie: format!("lp_session={secret}"),
                            csrf: session.csrf,
                        };
                        &visitor
                    }
                };
                let fields = form_fields(path);
                let refs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form(&uri, &refs, Some(acting)).await
            };
            let location = reply.location().to_owned();
            let ok = match (allowed(*access, *who), *who) {
                (false, Who::Anonymous) if path.starts_with("/api/") => {
                    reply.status == StatusCode::UNAUTHORIZED
                }
                (false, Who::Anonymous) => {
                    reply.status == StatusCode::SEE_OTHER && location.starts_with("/login?next=")
                }
                (false, _) => reply.status == StatusCode::FORBIDDEN,
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
}

/// A write route added to the router outside the registry would have no rule: the source of the
/// router may create write handlers only inside `write_routes`, and the auth layer refuses any
/// state-changing request to a route the registry does not list.
#[tokio::test]
async fn write_routes_exist_only_in_the_registry() {
    let source = include_str!("../../src/router.rs");
    let start = source.find("pub fn write_routes()").unwrap();
    let end = source[start..].find("\n}\n").unwrap() + start;
    let (inside, outside) = (
        &source[start..end],
        format!("{}{}", &source[..start], &source[end..]),
    );
    for call in ["post(", "put(", "patch(", "delete("] {
        let strays: Vec<_> = outside
            .lines()
            .filter(|l| {
                l.contains(call) && !l.trim_start().starts_with("//") && !l.contains("use ")
            })
            .collect();
        assert!(strays.is_empty(), "{call} outside write_routes: {strays:?}");
    }
    let handlers = ["post(", "put("]
        .iter()
        .map(|c| inside.matches(c).count())
        .sum::<usize>();
    assert_eq!(handlers, write_rules().len());

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
