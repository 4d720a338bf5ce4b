//! The network graph and the map's figures in the JSON API, and the graph as GraphML or GEXF for
//! Gephi, yEd or NetworkX: so others can draw the network themselves.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use leerpunt_core::network::{Graph, Neighbourhood};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::ErrorBody;
use crate::actions::network::{self as act, MapFilter};
use crate::error::AppError;
use crate::extract::Q;
use crate::AppState;

/// The network's part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(neighbourhood, nodes, graphml, gexf, map),
    components(schemas(NetworkOut, NetworkNodeOut, NetworkEdgeOut, NetworkNodeList, MapOut, MapOrganisationOut, MapProvinceOut, ErrorBody)),
    tags((name = "network", description = "Who works with whom: organisations, practices, themes, communities and public people, and where")),
)]
pub struct NetworkApi;

/// The query of a neighbourhood (documentation of what `act::parse_request` reads).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct NeighbourhoodParams {
    /// The centre: `kind:id`, for example `organisation:GM0363`, `practice:{slug}`,
    /// `theme:{key}`, `community:{slug}`, `person:{id}`.
    center: String,
    /// Steps from the centre, 1 to 3 (default 1).
    depth: Option<u8>,
    /// At most this many nodes, 1 to 500 (default 150).
    limit: Option<u16>,
    /// Kinds of nodes to include, comma-separated or repeated: organisation, practice, theme,
    /// community, person (default all).
    kinds: Option<String>,
    /// Kinds of edges to follow, comma-separated or repeated: owns, partner_of, member_of,
    /// works_on_theme, similar_to (default all).
    edges: Option<String>,
}

/// The query of a name search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct NodeSearchParams {
    /// Words the name must contain (case and accents do not matter).
    q: String,
    /// Kinds of nodes to look among, comma-separated (default all).
    kinds: Option<String>,
    /// At most this many nodes, 1 to 500 (default 150).
    limit: Option<u16>,
}

/// The query of an export: a neighbourhood as above, or the whole network without `center`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ExportParams {
    /// The centre, as for `/api/v1/network`; without it, the whole network.
    center: Option<String>,
    depth: Option<u8>,
    limit: Option<u16>,
    kinds: Option<String>,
    edges: Option<String>,
}

/// A node.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkNodeOut {
    /// `kind:id`.
    pub key: String,
    /// organisation, practice, theme, community or person.
    pub kind: String,
    /// The name in Dutch.
    pub label: String,
    /// The name in English, when there is one.
    pub label_en: Option<String>,
    /// The node's page.
    pub url: String,
    /// Steps from the centre (0 for the centre).
    pub depth: u8,
    /// Neighbours (within the filters) not included.
    pub hidden: u32,
}

/// An edge, in its direction (the organisation owns the practice; the person is member of the
/// community; similar_to has no direction).
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkEdgeOut {
    pub source: String,
    pub target: String,
    /// owns, partner_of, member_of, works_on_theme or similar_to.
    pub kind: String,
}

/// A neighbourhood: the centre first, then the rest breadth first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkOut {
    pub center: String,
    pub nodes: Vec<NetworkNodeOut>,
    pub edges: Vec<NetworkEdgeOut>,
    /// Whether the limit left nodes out.
    pub truncated: bool,
}

/// Nodes found by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkNodeList {
    pub items: Vec<NetworkNodeOut>,
}

/// An organisation on the map.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapOrganisationOut {
    pub code: String,
    pub kind: String,
    pub name: String,
    /// The province (PV code) it lies in.
    pub province: Option<String>,
    /// Inhabitants, when its profile gives them.
    pub population: Option<i64>,
    /// Published practices it owns or takes part in, within the filters.
    pub practices: i64,
    /// Per 100,000 inhabitants, when the population is known.
    pub practices_per_100k: Option<f64>,
}

/// A province on the map.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapProvinceOut {
    pub code: String,
    /// Published practices of bodies in the province, within the filters.
    pub practices: i64,
}

/// The map's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapOut {
    pub organisations: Vec<MapOrganisationOut>,
    pub provinces: Vec<MapProvinceOut>,
}

/// The map's filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapParams {
    /// A theme key.
    theme: Option<String>,
    /// idea, pilot, in_use or stopped.
    status: Option<String>,
}

fn node_out(graph: &Graph, i: u32, depth: u8, hidden: u32) -> NetworkNodeOut {
    let n = graph.node(i);
    NetworkNodeOut {
        key: n.key.clone(),
        kind: n.kind.key().to_owned(),
        label: n.label.clone(),
        label_en: n.label_en.clone(),
        url: n.href.clone(),
        depth,
        hidden,
    }
}

fn network_out(graph: &Graph, n: &Neighbourhood) -> NetworkOut {
    NetworkOut {
        center: graph.node(n.nodes[0].node).key.clone(),
        nodes: n
            .nodes
            .iter()
            .map(|s| node_out(graph, s.node, s.depth, s.hidden))
            .collect(),
        edges: n
            .edges
            .iter()
            .map(|e| NetworkEdgeOut {
                source: graph.node(e.source).key.clone(),
                target: graph.node(e.target).key.clone(),
                kind: e.kind.key().to_owned(),
            })
            .collect(),
        truncated: n.truncated,
    }
}

/// The neighbourhood of a node.
#[utoipa::path(get, path = "/api/v1/network", tag = "network", params(NeighbourhoodParams),
    responses((status = 200, body = NetworkOut), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn neighbourhood(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<NetworkOut>, AppError> {
    let req = act::parse_request(&act::pairs(raw.as_deref()))?;
    if req.center.is_none() {
        return Err(AppError::BadRequest(
            "center is required, for example center=organisation:GM0363; find keys with /api/v1/network/nodes?q=…"
                .into(),
        ));
    }
    let (graph, n) = act::neighbourhood(&app, &req)
        .await?
        .ok_or_else(|| AppError::BadRequest("center is required".into()))?;
    Ok(Json(network_out(&graph, &n)))
}

/// Nodes by name, names that start with the words first.
#[utoipa::path(get, path = "/api/v1/network/nodes", tag = "network", params(NodeSearchParams),
    responses((status = 200, body = NetworkNodeList), (status = 400, body = ErrorBody)))]
pub async fn nodes(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<NetworkNodeList>, AppError> {
    let req = act::parse_request(&act::pairs(raw.as_deref()))?;
    let q = req
        .q
        .ok_or_else(|| AppError::BadRequest("q is required".into()))?;
    let graph = act::graph(&app).await?;
    let items = graph
        .find(&q, req.query.nodes, req.query.limit)
        .into_iter()
        .map(|i| {
            let hidden = graph.degree(i) as u32;
            node_out(&graph, i, 0, hidden)
        })
        .collect();
    Ok(Json(NetworkNodeList { items }))
}

/// A file export: the neighbourhood the query asks for (the whole network without `center`)
/// written by `write` on a blocking thread, as an attachment.
async fn export(
    app: &AppState,
    raw: Option<&str>,
    write: fn(&Graph, &Neighbourhood, &str) -> String,
    content_type: &'static str,
    disposition: &'static str,
) -> Result<Response, AppError> {
    let req = act::parse_request(&act::pairs(raw))?;
    let (graph, part) = match act::neighbourhood(app, &req).await? {
        Some(found) => found,
        None => {
            let graph = act::graph(app).await?;
            let all = graph.everything();
            (graph, all)
        }
    };
    let base = app.config.public_url.trim_end_matches('/').to_owned();
    let body = tokio::task::spawn_blocking(move || write(&graph, &part, &base))
        .await
        .map_err(|e| AppError::Internal(format!("export task: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// The network (or a neighbourhood) as GraphML.
#[utoipa::path(get, path = "/api/v1/network/export.graphml", tag = "network", params(ExportParams),
    responses((status = 200, content_type = "application/graphml+xml", body = String), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn graphml(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    export(
        &app,
        raw.as_deref(),
        Graph::to_graphml,
        "application/graphml+xml; charset=utf-8",
        "attachment; filename=\"leerpunt-netwerk.graphml\"",
    )
    .await
}

/// The network (or a neighbourhood) as GEXF 1.3, Gephi's format.
#[utoipa::path(get, path = "/api/v1/network/export.gexf", tag = "network", params(ExportParams),
    responses((status = 200, content_type = "application/gexf+xml", body = String), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn gexf(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    export(
        &app,
        raw.as_deref(),
        Graph::to_gexf,
        "application/gexf+xml; charset=utf-8",
        "attachment; filename=\"leerpunt-netwerk.gexf\"",
    )
    .await
}

/// Practices per organisation and per province, for a theme and status (what `/kaart` draws).
#[utoipa::path(get, path = "/api/v1/map", tag = "network", params(MapParams),
    responses((status = 200, body = MapOut), (status = 400, body = ErrorBody)))]
pub async fn map(
    State(app): State<AppState>,
    Q(params): Q<MapParams>,
) -> Result<Json<MapOut>, AppError> {
    let filter = MapFilter::parse(params.theme.as_deref(), params.status.as_deref())?;
    let counts = act::map(&app, &filter).await?;
    Ok(Json(MapOut {
        organisations: counts
            .organisations
            .iter()
            .map(|o| MapOrganisationOut {
                code: o.code.clone(),
                kind: o.kind.key().to_owned(),
                name: o.name.clone(),
                province: o.province.clone(),
                population: o.population,
                practices: o.practices,
                practices_per_100k: o
                    .population
                    .filter(|p| *p > 0)
                    .map(|p| (o.practices as f64 * 100_000.0 / p as f64 * 10.0).round() / 10.0),
            })
            .collect(),
        provinces: counts
            .by_province
            .iter()
            .map(|(code, n)| MapProvinceOut {
                code: code.clone(),
                practices: *n,
            })
            .collect(),
    }))
}
