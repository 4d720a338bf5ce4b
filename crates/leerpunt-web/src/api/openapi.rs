//! The OpenAPI 3 document of the JSON API, generated from the handlers and wire types.

use axum::Json;
use utoipa::OpenApi;

use super::wire;

#[derive(OpenApi)]
#[openapi(
    info(title = "Leerpunt API", description = "Practices, organisations and themes of Leerpunt, the learning and expertise centre for data-driven government."),
    paths(
        super::practices::list,
        super::practices::get,
        super::organisations::list,
        super::organisations::get,
        super::themes::list,
        super::analyses::list,
        super::analyses::get,
        super::search::search,
        super::search::matches,
        super::write::create_practice,
        super::write::update_practice,
        super::write::submit_practice,
        super::write::publish_practice,
        super::write::reject_practice,
        super::write::update_organisation,
        super::stepplan::get,
        super::communities::list,
        super::communities::get,
        super::communities::create_topic,
        super::communities::topic,
        super::communities::reply,
    ),
    components(schemas(
        wire::ErrorBody, wire::ErrorDetail, wire::FieldProblem, wire::OrgRef, wire::OrganisationOut,
        wire::OrganisationDetail, wire::TextOut, wire::PracticeOut, wire::PracticePage, wire::OrganisationPage,
        wire::Bilingual, wire::ThemeOut, wire::AnalysisOut,
        super::search::SearchResponse, super::search::SearchHit, super::search::FacetValue,
        super::search::MatchResponse, super::search::MatchHit, super::search::MatchOrganisation,
        super::search::MatchPracticeRef, super::search::MatchPerson,
        super::search::HitKind, super::search::MatchEntry,
        wire::TextIn, wire::PracticeIn, wire::LangIn, wire::StatusIn, wire::RejectIn, wire::OrgProfileIn, wire::OrgProfileOut,
        super::stepplan::StepPlanOut, super::stepplan::PhaseOut, super::stepplan::LinkOut,
        super::communities::CommunityOut, super::communities::CommunityPage, super::communities::CommunityDetail,
        super::communities::TopicOut, super::communities::TopicDetail, super::communities::PostOut,
        super::communities::TopicIn, super::communities::ReplyIn,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "practices", description = "The practice catalogue"),
        (name = "organisations", description = "The register of public bodies"),
        (name = "themes", description = "Data Agenda action lines and policy domains"),
        (name = "search", description = "Full-text search and matchmaking, in Dutch or English"),
        (name = "analyses", description = "Joint analyses: results of secure multiparty computations"),
        (name = "toolkit", description = "The toolkit: the step plan for starting a data-driven project"),
        (name = "communities", description = "Communities and their discussions"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme: API tokens made on the account page or with
/// `leerpunt admin token create`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (lpt_…) with the scopes the endpoint names",
                    ))
                    .build(),
            ),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(document_value())
}

/// The whole document: the catalogue's part above and each area's own part.
pub fn document_value() -> utoipa::openapi::OpenApi {
    let mut parts = parts().into_iter();
    let mut doc = parts.next().expect("the catalogue's part");
    for part in parts {
        doc.merge(part);
    }
    doc
}

/// The catalogue's part first, then each area's. Merging keeps one schema per name, so two
/// areas must not name different wire types alike; a test below holds them to that.
fn parts() -> Vec<utoipa::openapi::OpenApi> {
    vec![
        ApiDoc::openapi(),
        super::helpdesk::HelpdeskApi::openapi(),
        super::events::EventsApi::openapi(),
        super::meetings::MeetingsApi::openapi(),
        super::labs::LabsApi::openapi(),
        super::computations::ComputationsApi::openapi(),
        super::news::NewsApi::openapi(),
        super::dashboard::DashboardApi::openapi(),
        super::zelfscan::ZelfscanApi::openapi(),
        super::agenda::AgendaApi::openapi(),
        super::challenges::ChallengesApi::openapi(),
        super::network::NetworkApi::openapi(),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn no_two_areas_name_different_schemas_alike() {
        let mut seen: BTreeMap<String, serde_json::Value> = BTreeMap::new();
        let mut clashes = Vec::new();
        let mut total = 0;
        for part in super::parts() {
            let Some(components) = part.components else {
                continue;
            };
            for (name, schema) in components.schemas {
                total += 1;
                let value = serde_json::to_value(&schema).unwrap();
                match seen.get(&name) {
                    Some(earlier) if *earlier != value => clashes.push(name),
                    _ => {
                        seen.insert(name, value);
                    }
                }
            }
        }
        assert!(
            total > 50,
            "the parts declare their schemas ({total} found)"
        );
        assert!(
            clashes.is_empty(),
            "schemas named alike in two areas: {clashes:?}"
        );
    }
}
