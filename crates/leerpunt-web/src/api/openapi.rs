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
    ),
    components(schemas(
        wire::ErrorBody, wire::ErrorDetail, wire::FieldProblem, wire::OrgRef, wire::OrganisationOut,
        wire::OrganisationDetail, wire::TextOut, wire::PracticeOut, wire::PracticePage, wire::OrganisationPage,
        wire::Bilingual, wire::ThemeOut, wire::AnalysisOut,
        super::search::SearchResponse, super::search::SearchHit, super::search::FacetValue,
        super::search::MatchResponse, super::search::MatchHit, super::search::MatchOrganisation,
        super::search::MatchPracticeRef, super::search::MatchPerson,
    )),
    tags(
        (name = "practices", description = "The practice catalogue"),
        (name = "organisations", description = "The register of public bodies"),
        (name = "themes", description = "Data Agenda action lines and policy domains"),
        (name = "search", description = "Full-text search and matchmaking, in Dutch or English"),
        (name = "analyses", description = "Joint analyses: results of secure multiparty computations"),
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
