//! Every route of Leerpunt in one place: pages, the JSON API, assets and probes.

use std::time::Duration;

use std::sync::LazyLock;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post, put, MethodRouter};
use axum::Router;
use leerpunt_core::access::Action;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::{api, assets, auth, pages, ui, AppState};

/// The largest request body accepted (forms and API writes are far smaller).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(pages::home::home))
        .route("/praktijken", get(pages::practices::list))
        .route("/praktijken/{slug}", get(pages::practices::detail))
        .route("/organisaties", get(pages::organisations::list))
        .route("/organisaties/{code}", get(pages::organisations::detail))
        .route("/themas", get(pages::themes::list))
        .route("/themas/{key}", get(pages::themes::detail))
        .route("/over", get(pages::about::about))
        .route("/zoeken", get(pages::search::search))
        .route("/vraag", get(pages::search::ask))
        .route("/begrippen", get(pages::glossary::glossary))
        .route("/gezamenlijke-analyse", get(pages::analyses::list))
        .route("/gezamenlijke-analyse/{id}", get(pages::analyses::detail));

    let api = Router::new()
        .route("/practices", get(api::practices::list))
        .route("/practices/{slug}", get(api::practices::get))
        .route("/organisations", get(api::organisations::list))
        .route("/organisations/{code}", get(api::organisations::get))
        .route("/themes", get(api::themes::list))
        .route("/search", get(api::search::search))
        .route("/match", get(api::search::matches))
        .route("/analyses", get(api::analyses::list))
        .route("/analyses/{id}", get(api::analyses::get))
        .route("/openapi.json", get(api::openapi::document));
    let (pages, api) = account_routes(pages, api);

    Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        .route("/assets/{name}", get(assets::asset))
        .route("/healthz", get(pages::health))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            search_after_write,
        ))
        .layer(axum::middleware::from_fn(ui::layer))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// After every successful write, the search index catches up before the response goes out, so a
/// user finds what they just saved.
async fn search_after_write(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.run(req).await;
    if writes && (res.status().is_success() || res.status().is_redirection()) {
        app.catch_up_search().await;
    }
    res
}

/// Who may use a state-changing route: anyone (sign-up, login; still CSRF-checked), or the
/// holders of an [`Action`] as the core's rules define it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    Requires(Action),
}

/// A state-changing route: method, full path pattern, access, handler.
pub type WriteRoute = (Method, &'static str, Access, MethodRouter<AppState>);

/// Every state-changing route of Leerpunt, with its access rule. The router adds exactly these;
/// the auth layer refuses any other non-GET request before a handler runs, and the authorisation
/// matrix test walks this list for every role.
#[rustfmt::skip]
pub fn write_routes() -> Vec<WriteRoute> {
    use pages::{account as a, admin, contribute as c};
    use Access::{Public, Requires};
    use Action::*;
    let w = api::write::ROUTES;
    vec![
        (Method::POST, "/signup", Public, post(a::signup)),
        (Method::POST, "/signup/confirm", Public, post(a::confirm)),
        (Method::POST, "/login", Public, post(a::login)),
        (Method::POST, "/login/forgot", Public, post(a::forgot)),
        (Method::POST, "/login/reset", Public, post(a::reset)),
        (Method::POST, "/logout", Public, post(a::logout)),
        (Method::POST, "/logout/everywhere", Requires(ManageOwnAccount), post(a::logout_everywhere)),
        (Method::POST, "/account/confirm", Requires(ManageOwnAccount), post(a::resend_confirmation)),
        (Method::POST, "/account/password", Requires(ManageOwnAccount), post(a::change_password)),
        (Method::POST, "/account/delete", Requires(ManageOwnAccount), post(a::delete_account)),
        (Method::POST, "/account/organisation", Requires(JoinOrganisation), post(a::join_organisation)),
        (Method::POST, "/account/profile", Requires(EditOwnProfile), post(a::save_profile)),
        (Method::POST, "/account/tokens", Requires(ManageOwnTokens), post(a::create_token)),
        (Method::POST, "/account/tokens/{id}/revoke", Requires(ManageOwnTokens), post(a::revoke_token)),
        (Method::POST, "/praktijken/nieuw", Requires(CreatePractice), post(c::create)),
        (Method::POST, "/praktijken/{slug}/bewerken", Requires(EditPractice), post(c::update)),
        (Method::POST, "/praktijken/{slug}/indienen", Requires(SubmitPractice), post(c::submit)),
        (Method::POST, "/praktijken/{slug}/publiceren", Requires(ReviewPractice), post(c::publish)),
        (Method::POST, "/praktijken/{slug}/afwijzen", Requires(ReviewPractice), post(c::reject)),
        (Method::POST, "/organisaties/{code}/bewerken", Requires(EditOrganisation), post(c::update_organisation)),
        (Method::POST, "/beheer/gebruikers/{id}/rollen", Requires(ManageUsers), post(admin::set_role)),
        (Method::POST, w[0], Requires(CreatePractice), post(api::write::create_practice)),
        (Method::PUT, w[1], Requires(EditPractice), put(api::write::update_practice)),
        (Method::POST, w[2], Requires(SubmitPractice), post(api::write::submit_practice)),
        (Method::POST, w[3], Requires(ReviewPractice), post(api::write::publish_practice)),
        (Method::POST, w[4], Requires(ReviewPractice), post(api::write::reject_practice)),
        (Method::PUT, w[5], Requires(EditOrganisation), put(api::write::update_organisation)),
    ]
}

static WRITE_RULES: LazyLock<Vec<(Method, &'static str, Access)>> = LazyLock::new(|| {
    write_routes()
        .into_iter()
        .map(|(m, p, a, _)| (m, p, a))
        .collect()
});

/// The registry without handlers: method, path pattern and access of every state-changing route.
pub fn write_rules() -> &'static [(Method, &'static str, Access)] {
    &WRITE_RULES
}

/// The access rule of a state-changing route, by method and path pattern.
pub fn write_rule(method: &Method, pattern: &str) -> Option<Access> {
    WRITE_RULES
        .iter()
        .find(|(m, p, _)| m == method && *p == pattern)
        .map(|(_, _, a)| *a)
}

/// Adds the pages of accounts and contributions, and every write route, to the page and API routers.
fn account_routes(
    pages: Router<AppState>,
    api: Router<AppState>,
) -> (Router<AppState>, Router<AppState>) {
    use pages::{account as a, admin, contribute as c, people};
    let mut pages = pages
        .route("/signup", get(a::signup_form))
        .route("/signup/confirm", get(a::confirm_form))
        .route("/login", get(a::login_form))
        .route("/login/forgot", get(a::forgot_form))
        .route("/login/reset", get(a::reset_form))
        .route("/account", get(a::account))
        .route("/account/export", get(a::export))
        .route("/privacy", get(people::privacy))
        .route("/mensen", get(people::list))
        .route("/mensen/{id}", get(people::detail))
        .route("/praktijken/nieuw", get(c::new_form))
        .route("/praktijken/{slug}/bewerken", get(c::edit_form))
        .route("/praktijken/{slug}/versies", get(c::revisions))
        .route("/beoordelen", get(c::review_queue))
        .route("/organisaties/{code}/bewerken", get(c::organisation_form))
        .route("/beheer/gebruikers", get(admin::users))
        .route("/beheer/audit", get(admin::audit));
    let mut api = api;
    for (method, path, _, handler) in write_routes() {
        let _ = method;
        match path.strip_prefix("/api/v1") {
            Some(rest) => api = api.route(rest, handler),
            None => pages = pages.route(path, handler),
        }
    }
    (pages, api)
}
