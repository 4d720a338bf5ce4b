//! Builds the application: a handler for every entry of the route table (`routes.rs`), and the
//! layers every request passes through.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{self, MethodRouter};
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::routes::{self, Route, Verb, BODY_LIMIT};
use crate::{api, assets, auth, cache, pages, ui, AppState};

/// Collects the routes with their handlers, checking each against the route table.
struct Routes {
    router: Router<AppState>,
    added: Vec<&'static Route>,
}

impl Routes {
    fn add<H, T>(mut self, verb: Verb, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let Some(route) = routes::find(verb, path) else {
            panic!("{verb:?} {path} has a handler but is missing from routes::ROUTES");
        };
        self.added.push(route);
        let method: MethodRouter<AppState> = match verb {
            Verb::Get => routing::get(handler),
            Verb::Post => routing::post(handler),
            Verb::Put => routing::put(handler),
        };
        self.router = self.router.route(path, method);
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add(Verb::Get, path, h)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add(Verb::Post, path, h)
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add(Verb::Put, path, h)
    }
}

/// Every route with its handler. Paths are those of `routes::ROUTES`; a path missing there stops
/// the program at start, and a test checks that no entry of the table lacks a handler.
#[rustfmt::skip]
fn handlers() -> Routes {
    use pages::account::{login, reset, settings, signup};
    use pages::{about, admin, analyses, communities, contribute as c, glossary, home, organisations, people, practices, search, themes};
    Routes { router: Router::new(), added: Vec::new() }
        .get("/", home::home)
        .get("/praktijken", practices::list)
        .get("/praktijken/{slug}", practices::detail)
        .get("/organisaties", organisations::list)
        .get("/organisaties/{code}", organisations::detail)
        .get("/themas", themes::list)
        .get("/themas/{key}", themes::detail)
        .get("/over", about::about)
        .get("/zoeken", search::search)
        .get("/vraag", search::ask)
        .get("/begrippen", glossary::glossary)
        .get("/gezamenlijke-analyse", analyses::list)
        .get("/gezamenlijke-analyse/berekeningen", pages::computations::list)
        .get("/gezamenlijke-analyse/berekeningen/nieuw", pages::computations::new_form)
        .post("/gezamenlijke-analyse/berekeningen/nieuw", pages::computations::create)
        .get("/gezamenlijke-analyse/berekeningen/{slug}", pages::computations::detail)
        .get("/gezamenlijke-analyse/berekeningen/{slug}/spec.toml", pages::computations::spec_toml)
        .post("/gezamenlijke-analyse/berekeningen/{slug}/bewerken", pages::computations::revise)
        .post("/gezamenlijke-analyse/berekeningen/{slug}/instemming-vragen", pages::computations::ask)
        .post("/gezamenlijke-analyse/berekeningen/{slug}/besluit", pages::computations::decide)
        .post("/gezamenlijke-analyse/berekeningen/{slug}/publicatie", pages::computations::approve)
        .get("/gezamenlijke-analyse/{id}", analyses::detail)
        .get("/mensen", people::list)
        .get("/mensen/{id}", people::detail)
        .get("/privacy", people::privacy)
        .get("/signup", signup::signup_form)
        .post("/signup", signup::signup)
        .get("/signup/confirm", signup::confirm_form)
        .post("/signup/confirm", signup::confirm)
        .get("/login", login::login_form)
        .post("/login", login::login)
        .get("/login/forgot", reset::forgot_form)
        .post("/login/forgot", reset::forgot)
        .get("/login/reset", reset::reset_form)
        .post("/login/reset", reset::reset)
        .post("/logout", login::logout)
        .post("/logout/everywhere", login::logout_everywhere)
        .get("/account", settings::account)
        .get("/account/export", settings::export)
        .post("/account/confirm", settings::resend_confirmation)
        .post("/account/password", settings::change_password)
        .post("/account/delete", settings::delete_account)
        .post("/account/organisation", settings::join_organisation)
        .post("/account/profile", settings::save_profile)
        .post("/account/tokens", settings::create_token)
        .post("/account/tokens/{id}/revoke", settings::revoke_token)
        .get("/praktijken/nieuw", c::new_form)
        .post("/praktijken/nieuw", c::create)
        .get("/praktijken/{slug}/bewerken", c::edit_form)
        .post("/praktijken/{slug}/bewerken", c::update)
        .get("/praktijken/{slug}/versies", c::revisions)
        .post("/praktijken/{slug}/indienen", c::submit)
        .post("/praktijken/{slug}/publiceren", c::publish)
        .post("/praktijken/{slug}/afwijzen", c::reject)
        .get("/beoordelen", c::review_queue)
        .get("/organisaties/{code}/bewerken", c::organisation_form)
        .post("/organisaties/{code}/bewerken", c::update_organisation)
        .get("/beheer/gebruikers", admin::users)
        .post("/beheer/gebruikers/{id}/rollen", admin::set_role)
        .get("/beheer/audit", admin::audit)
        // Help desk, FAQ, following and feeds.
        .get("/helpdesk", pages::helpdesk::overview)
        .get("/helpdesk/vragen/nieuw", pages::helpdesk::ask_form)
        .post("/helpdesk/vragen/nieuw", pages::helpdesk::ask)
        .post("/helpdesk/opgelost", pages::helpdesk::deflected)
        .get("/helpdesk/wachtrij", pages::helpdesk::queue)
        .get("/helpdesk/vragen/{id}", pages::helpdesk::question)
        .post("/helpdesk/vragen/{id}/antwoorden", pages::helpdesk::answer)
        .post("/helpdesk/vragen/{id}/accepteren", pages::helpdesk::accept)
        .post("/helpdesk/vragen/{id}/sluiten", pages::helpdesk::close)
        .post("/helpdesk/vragen/{id}/toewijzen", pages::helpdesk::assign)
        .post("/helpdesk/vragen/{id}/afwijzen", pages::helpdesk::reject)
        .get("/helpdesk/vragen/{id}/faq", pages::faq::promote_form)
        .post("/helpdesk/vragen/{id}/faq", pages::faq::promote)
        .get("/faq", pages::faq::list)
        .get("/faq/nieuw", pages::faq::new_form)
        .post("/faq/nieuw", pages::faq::create)
        .get("/faq/{id}", pages::faq::detail)
        .get("/faq/{id}/bewerken", pages::faq::edit_form)
        .post("/faq/{id}/bewerken", pages::faq::update)
        .post("/volgen", pages::follows::follow)
        .post("/volgen/stoppen", pages::follows::unfollow)
        .post("/account/digest", pages::follows::digest)
        .get("/feeds/faq", pages::follows::faq)
        .get("/feeds/helpdesk", pages::follows::helpdesk)
        .get("/feeds/themas/{key}", pages::follows::theme)
        .get("/feeds/organisaties/{code}", pages::follows::organisation)
        .get("/feeds/gemeenschappen/{slug}", pages::follows::community)
        .get("/stappenplan", pages::stepplan::show)
        .get("/stappenplan/bewerken", pages::stepplan::edit_form)
        .post("/stappenplan/bewerken", pages::stepplan::save)
        .get("/stappenplan/versies", pages::stepplan::versions)
        .get("/stappenplan/versies/{version}", pages::stepplan::version)
        .get("/gemeenschappen", communities::list)
        .get("/gemeenschappen/nieuw", communities::new_form)
        .post("/gemeenschappen/nieuw", communities::create)
        .get("/gemeenschappen/{slug}", communities::detail)
        .get("/gemeenschappen/{slug}/bewerken", communities::edit_form)
        .post("/gemeenschappen/{slug}/bewerken", communities::update)
        .post("/gemeenschappen/{slug}/lid-worden", communities::join)
        .post("/gemeenschappen/{slug}/verlaten", communities::leave)
        .get("/gemeenschappen/{slug}/meldingen", communities::reports)
        .get("/gemeenschappen/{slug}/onderwerpen/nieuw", communities::new_topic_form)
        .post("/gemeenschappen/{slug}/onderwerpen/nieuw", communities::create_topic)
        .get("/gemeenschappen/{slug}/onderwerpen/{id}", communities::topic)
        .post("/gemeenschappen/{slug}/onderwerpen/{id}/reacties", communities::reply)
        .post("/gemeenschappen/{slug}/onderwerpen/{id}/sluiten", communities::lock)
        .get("/berichten/{id}/bewerken", communities::edit_post_form)
        .post("/berichten/{id}/bewerken", communities::edit_post)
        .post("/berichten/{id}/verwijderen", communities::delete_post)
        .post("/berichten/{id}/melden", communities::report_post)
        .post("/berichten/{id}/verbergen", communities::hide_post)
        .get("/bijeenkomsten", pages::events::list)
        .get("/bijeenkomsten/nieuw", pages::events::new_form)
        .post("/bijeenkomsten/nieuw", pages::events::create)
        .get("/bijeenkomsten/agenda.ics", pages::events::all_ics)
        .get("/bijeenkomsten/{id}", pages::events::detail)
        .get("/bijeenkomsten/{id}/agenda.ics", pages::events::event_ics)
        .get("/bijeenkomsten/{id}/bewerken", pages::events::edit_form)
        .post("/bijeenkomsten/{id}/bewerken", pages::events::update)
        .post("/bijeenkomsten/{id}/aanmelden", pages::events::register)
        .post("/bijeenkomsten/{id}/afmelden", pages::events::cancel)
        .get("/bijeenkomsten/{id}/deelnemers.csv", pages::events::attendees_csv)
        .post("/bijeenkomsten/{id}/bericht", pages::events::message)
        .post("/bijeenkomsten/{id}/materiaal", pages::events::material)
        .get("/themas/{key}/bijeenkomsten.ics", pages::events::theme_ics)
        .get("/gemeenschappen/{slug}/bijeenkomsten.ics", pages::events::community_ics)
        .get("/verslag", pages::meetings::report)
        .get("/verslag.csv", pages::meetings::report_csv)
        .get("/verslag/bijeenkomsten", pages::meetings::log)
        .get("/verslag/bijeenkomsten.csv", pages::meetings::log_csv)
        .get("/verslag/bijeenkomsten/nieuw", pages::meetings::new_form)
        .post("/verslag/bijeenkomsten/nieuw", pages::meetings::create)
        .get("/verslag/bijeenkomsten/{id}", pages::meetings::detail)
        .post("/verslag/bijeenkomsten/{id}", pages::meetings::update)
        .post("/verslag/bijeenkomsten/{id}/afgerond", pages::meetings::done)
        .get("/feeds/nieuws", pages::follows::news)
        .get("/feeds/nieuws/themas/{key}", pages::follows::news_theme)
        .get("/datalabs", pages::labs::list)
        .get("/datalabs/nieuw", pages::labs::new_form)
        .post("/datalabs/nieuw", pages::labs::create)
        .get("/datalabs/aanvragen", pages::labs::requests)
        .get("/datalabs/aanvragen/{id}", pages::labs::request_detail)
        .post("/datalabs/aanvragen/{id}/vraag", pages::labs::ask)
        .post("/datalabs/aanvragen/{id}/accepteren", pages::labs::accept)
        .post("/datalabs/aanvragen/{id}/afwijzen", pages::labs::decline)
        .post("/datalabs/aanvragen/{id}/reageren", pages::labs::reply)
        .post("/datalabs/aanvragen/{id}/intrekken", pages::labs::withdraw)
        .post("/datalabs/aanvragen/{id}/tonen", pages::labs::consent)
        .get("/datalabs/{slug}", pages::labs::detail)
        .get("/datalabs/{slug}/bewerken", pages::labs::edit_form)
        .post("/datalabs/{slug}/bewerken", pages::labs::update)
        .post("/datalabs/{slug}/aanvragen", pages::labs::request)
        .get("/zelfscan", pages::zelfscan::overview)
        .get("/zelfscan/groepen/{group}", pages::zelfscan::group)
        .get("/zelfscan/{code}", pages::zelfscan::result)
        .get("/zelfscan/{code}/invullen", pages::zelfscan::form_page)
        .post("/zelfscan/{code}/opslaan", pages::zelfscan::save)
        .post("/zelfscan/{code}/indienen", pages::zelfscan::submit)
        .post("/zelfscan/{code}/zichtbaarheid", pages::zelfscan::visibility)
        .get("/nieuws", pages::news::list)
        .get("/dashboard", pages::dashboard::show)
        .get("/kaart", pages::map::show)
        .get("/netwerk", pages::network::show)
        .get("/nieuws/nieuw", pages::news::new_form)
        .post("/nieuws/nieuw", pages::news::create)
        .get("/nieuws/{slug}", pages::news::detail)
        .get("/nieuws/{slug}/bewerken", pages::news::edit_form)
        .post("/nieuws/{slug}/bewerken", pages::news::update)
        .get("/agenda", pages::agenda::list)
        .get("/agenda.csv", pages::agenda::csv)
        .get("/agenda/rapport", pages::agenda::report)
        .get("/agenda/toezeggingen/nieuw", pages::agenda::new_form)
        .post("/agenda/toezeggingen/nieuw", pages::agenda::create)
        .get("/agenda/toezeggingen/{id}", pages::agenda::detail)
        .get("/agenda/toezeggingen/{id}/bewerken", pages::agenda::edit_form)
        .post("/agenda/toezeggingen/{id}/bewerken", pages::agenda::update)
        .post("/agenda/toezeggingen/{id}/mijlpalen", pages::agenda::add_milestone)
        .post("/agenda/toezeggingen/{id}/mijlpalen/{milestone}/afgerond", pages::agenda::milestone_done)
        .post("/agenda/toezeggingen/{id}/voortgang", pages::agenda::add_progress)
        .post("/agenda/toezeggingen/{id}/bewijs", pages::agenda::add_evidence)
        .post("/agenda/toezeggingen/{id}/beoordelingen", pages::agenda::review)
        .post("/agenda/beoordelingen/{id}/reactie", pages::agenda::respond)

        .get("/uitdagingen", pages::challenges::list)
        .get("/uitdagingen/nieuw", pages::challenges::new_form)
        .post("/uitdagingen/nieuw", pages::challenges::create)
        .get("/uitdagingen/{id}", pages::challenges::detail)
        .get("/uitdagingen/{id}/bewerken", pages::challenges::edit_form)
        .post("/uitdagingen/{id}/bewerken", pages::challenges::update)
        .post("/uitdagingen/{id}/jury", pages::challenges::appoint)
        .get("/uitdagingen/{id}/idee", pages::challenges::idea_form)
        .post("/uitdagingen/{id}/idee", pages::challenges::submit_idea)
        .post("/uitdagingen/{id}/winnaars", pages::challenges::winners)
        .post("/uitdagingen/{id}/resultaten", pages::challenges::publish)
        .get("/uitdagingen/ideeen/{id}", pages::challenges::idea)
        .post("/uitdagingen/ideeen/{id}/steunen", pages::challenges::support)
        .post("/uitdagingen/ideeen/{id}/steun-intrekken", pages::challenges::unsupport)
        .post("/uitdagingen/ideeen/{id}/reageren", pages::challenges::comment)
        .post("/uitdagingen/ideeen/{id}/shortlist", pages::challenges::shortlist)
        .post("/uitdagingen/ideeen/{id}/pitch", pages::challenges::pitch)
        .post("/uitdagingen/ideeen/{id}/scores", pages::challenges::score)
        .get("/uitdagingen/projecten/{id}", pages::challenges::project)
        .post("/uitdagingen/projecten/{id}/mijlpalen", pages::challenges::add_milestone)
        .post("/uitdagingen/projecten/{id}/mijlpalen/{milestone}/klaar", pages::challenges::milestone_done)
        .post("/uitdagingen/projecten/{id}/voortgang", pages::challenges::add_update)
        .post("/uitdagingen/projecten/{id}/resultaten", pages::challenges::results)
        .get("/api/v1/practices", api::practices::list)
        .post("/api/v1/practices", api::write::create_practice)
        .get("/api/v1/practices/{slug}", api::practices::get)
        .put("/api/v1/practices/{slug}", api::write::update_practice)
        .post("/api/v1/practices/{slug}/submit", api::write::submit_practice)
        .post("/api/v1/practices/{slug}/publish", api::write::publish_practice)
        .post("/api/v1/practices/{slug}/reject", api::write::reject_practice)
        .get("/api/v1/organisations", api::organisations::list)
        .get("/api/v1/organisations/{code}", api::organisations::get)
        .put("/api/v1/organisations/{code}/profile", api::write::update_organisation)
        .get("/api/v1/themes", api::themes::list)
        .get("/api/v1/search", api::search::search)
        .get("/api/v1/match", api::search::matches)
        .get("/api/v1/analyses", api::analyses::list)
        .get("/api/v1/analyses/{id}", api::analyses::get)
        .get("/api/v1/computations", api::computations::list)
        .get("/api/v1/computations/{slug}", api::computations::get)
        .get("/api/v1/computations/{slug}/spec", api::computations::spec)
        .post("/api/v1/computations/{slug}/reports", api::computations::report)
        .get("/api/v1/questions", api::helpdesk::list)
        .post("/api/v1/questions", api::helpdesk::ask)
        .get("/api/v1/questions/{id}", api::helpdesk::get)
        .post("/api/v1/questions/{id}/answers", api::helpdesk::answer)
        .get("/api/v1/faq", api::helpdesk::faq_list)
        .get("/api/v1/faq/{id}", api::helpdesk::faq_get)
        .get("/api/v1/step-plan", api::stepplan::get)
        .get("/api/v1/communities", api::communities::list)
        .get("/api/v1/communities/{slug}", api::communities::get)
        .post("/api/v1/communities/{slug}/topics", api::communities::create_topic)
        .get("/api/v1/topics/{id}", api::communities::topic)
        .post("/api/v1/topics/{id}/replies", api::communities::reply)
        .get("/api/v1/events", api::events::list)
        .get("/api/v1/events/{id}", api::events::get)
        .post("/api/v1/events/{id}/register", api::events::register)
        .post("/api/v1/events/{id}/cancel", api::events::cancel)
        .get("/api/v1/meetings", api::meetings::list)
        .post("/api/v1/meetings", api::meetings::create)
        .get("/api/v1/meetings/{id}", api::meetings::get)
        .get("/api/v1/report", api::meetings::report)
        .get("/api/v1/labs", api::labs::list)
        .get("/api/v1/labs/{slug}", api::labs::get)
        .post("/api/v1/labs/{slug}/requests", api::labs::request)
        .get("/api/v1/news", api::news::list)
        .get("/api/v1/dashboard", api::dashboard::get)
        .get("/api/v1/network", api::network::neighbourhood)
        .get("/api/v1/network/nodes", api::network::nodes)
        .get("/api/v1/network/export.graphml", api::network::graphml)
        .get("/api/v1/network/export.gexf", api::network::gexf)
        .get("/api/v1/map", api::network::map)
        .get("/api/v1/dashboard.csv", api::dashboard::csv)
        .get("/api/v1/news/{slug}", api::news::get)
        .get("/api/v1/zelfscan/instrument", api::zelfscan::instrument)
        .get("/api/v1/zelfscan/groups/{group}", api::zelfscan::group)
        .get("/api/v1/zelfscan/results/{code}", api::zelfscan::result)

        .get("/api/v1/agenda/commitments", api::agenda::list)
        .get("/api/v1/agenda/commitments/{id}", api::agenda::get)
        .post("/api/v1/agenda/commitments/{id}/updates", api::agenda::add_update)
        .get("/api/v1/agenda/report", api::agenda::report)

        .get("/api/v1/challenges", api::challenges::list)
        .get("/api/v1/challenges/{id}", api::challenges::get)
        .get("/api/v1/challenges/{id}/ideas", api::challenges::ideas)
        .post("/api/v1/challenges/{id}/ideas", api::challenges::submit_idea)
        .get("/api/v1/challenges/{id}/projects", api::challenges::projects)
        .post("/api/v1/ideas/{id}/support", api::challenges::support)
        .get("/api/v1/openapi.json", api::openapi::document)
        .get("/assets/{name}", assets::asset)
        .get("/healthz", pages::health)
        .get("/readyz", pages::ready)
}

/// The routes of the table that have no handler (empty when the router is complete).
pub fn routes_without_handler() -> Vec<&'static Route> {
    let added = handlers().added;
    routes::ROUTES
        .iter()
        .filter(|r| !added.iter().any(|a| a == r))
        .collect()
}

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    // The self-assessment's instrument is data: a broken file stops the program at start.
    if let Err(e) = crate::actions::zelfscan::instrument() {
        panic!("{e}");
    }
    handlers()
        .router
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::layer,
        ))
        // Bodies under 1 KiB (JSON answers, redirects, errors) gain nothing from gzip.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024))),
        )
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

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_of_the_table_has_a_handler() {
        assert!(
            super::routes_without_handler().is_empty(),
            "{:?}",
            super::routes_without_handler()
        );
        assert!(!crate::routes::ROUTES.is_empty());
    }
}
