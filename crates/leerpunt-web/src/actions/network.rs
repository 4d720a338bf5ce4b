//! The network map and graph: the graph of organisations, practices, themes, communities and
//! public people, built once per change-log position and kept; the map's counts per filter, kept
//! the same way; and the reading of their query parameters, shared by pages and API. Anyone may
//! read them: only published practices and public profiles are in them.

use std::sync::Arc;

use leerpunt_core::network::{
    EdgeKind, Graph, Kinds, Neighbourhood, NeighbourhoodQuery, NodeKind, DEFAULT_NODES, MAX_DEPTH,
    MAX_NODES,
};
use leerpunt_core::{vocab, PracticeStatus};
use leerpunt_store::MapCounts;

use crate::error::AppError;
use crate::AppState;

/// The whole graph, from the kept copy when the change log has not moved.
pub async fn graph(app: &AppState) -> Result<Arc<Graph>, AppError> {
    let seq = match app.network.get(&()) {
        Ok(kept) => return Ok(kept),
        Err(seq) => seq,
    };
    let (nodes, edges) = app.store.network().await?;
    let graph = tokio::task::spawn_blocking(move || Arc::new(Graph::build(nodes, &edges)))
        .await
        .map_err(|e| AppError::Internal(format!("network task: {e}")))?;
    app.network.put((), graph.clone(), seq);
    Ok(graph)
}

/// What the map shows: practices of one theme and one status, or all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MapFilter {
    pub theme: Option<String>,
    pub status: Option<PracticeStatus>,
}

impl MapFilter {
    /// Reads the filter; an unknown theme or status is a 400.
    pub fn parse(theme: Option<&str>, status: Option<&str>) -> Result<Self, AppError> {
        let theme = match blank(theme) {
            None => None,
            Some(key) if vocab::theme(key).is_some() => Some(key.to_owned()),
            Some(key) => return Err(AppError::BadRequest(format!("unknown theme: {key}"))),
        };
        let status = match blank(status) {
            None => None,
            Some(s) => Some(
                s.parse::<PracticeStatus>()
                    .map_err(|_| AppError::BadRequest(format!("unknown status: {s}")))?,
            ),
        };
        Ok(MapFilter { theme, status })
    }
}

/// The map's counts for a filter, from the kept copy when the change log has not moved.
pub async fn map(app: &AppState, filter: &MapFilter) -> Result<Arc<MapCounts>, AppError> {
    let seq = match app.map.get(filter) {
        Ok(kept) => return Ok(kept),
        Err(seq) => seq,
    };
    let counts = Arc::new(
        app.store
            .map_counts(filter.theme.as_deref(), filter.status.map(|s| s.key()))
            .await?,
    );
    app.map.put(filter.clone(), counts.clone(), seq);
    Ok(counts)
}

fn blank(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// A neighbourhood request as read from a query string.
#[derive(Debug, Clone)]
pub struct NetworkRequest {
    /// The centre's node key (`organisation:GM0363`); `None` asks for no neighbourhood.
    pub center: Option<String>,
    pub query: NeighbourhoodQuery,
    /// Which kinds of nodes and edges were chosen (all when none were named), for the form.
    pub node_kinds: Vec<NodeKind>,
    pub edge_kinds: Vec<EdgeKind>,
    /// A name to look for.
    pub q: Option<String>,
}

/// Reads `center`, `depth`, `limit`, `kinds`, `edges` and `q` from query pairs. `kinds` and
/// `edges` may repeat and may hold comma-separated keys. Unknown keys and out-of-range numbers
/// are 400s, with what is allowed.
pub fn parse_request(pairs: &[(String, String)]) -> Result<NetworkRequest, AppError> {
    let mut center = None;
    let mut depth = 1u8;
    let mut limit = DEFAULT_NODES;
    let mut node_kinds = Vec::new();
    let mut edge_kinds = Vec::new();
    let mut q = None;
    for (name, value) in pairs {
        let value = value.trim();
        match name.as_str() {
            "center" if !value.is_empty() => {
                if value.len() > 200 || !value.contains(':') {
                    return Err(AppError::BadRequest(
                        "center must be a node key such as organisation:GM0363".into(),
                    ));
                }
                center = Some(value.to_owned());
            }
            "depth" if !value.is_empty() => {
                depth = value
                    .parse::<u8>()
                    .ok()
                    .filter(|d| (1..=MAX_DEPTH).contains(d))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!("depth must be 1 to {MAX_DEPTH}"))
                    })?;
            }
            "limit" if !value.is_empty() => {
                limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_NODES).contains(n))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!("limit must be 1 to {MAX_NODES}"))
                    })?;
            }
            "kinds" => add_keys(&mut node_kinds, value, "node", NodeKind::ALL, |k| k.key())?,
            "edges" => add_keys(&mut edge_kinds, value, "edge", EdgeKind::ALL, |k| k.key())?,
            "q" if !value.is_empty() => {
                if value.chars().count() > 200 {
                    return Err(AppError::BadRequest(
                        "q is longer than 200 characters".into(),
                    ));
                }
                q = Some(value.to_owned());
            }
            _ => {}
        }
    }
    if node_kinds.is_empty() {
        node_kinds = NodeKind::ALL.to_vec();
    }
    if edge_kinds.is_empty() {
        edge_kinds = EdgeKind::ALL.to_vec();
    }
    node_kinds.sort();
    edge_kinds.sort();
    Ok(NetworkRequest {
        center,
        query: NeighbourhoodQuery {
            depth,
            nodes: Kinds::of_nodes(&node_kinds),
            edges: Kinds::of_edges(&edge_kinds),
            limit,
        },
        node_kinds,
        edge_kinds,
        q,
    })
}

/// Adds the kinds named in `value` (comma-separated keys) to `chosen`, each once; an unknown key
/// is a 400 that lists the known ones.
fn add_keys<K: Copy + PartialEq + std::str::FromStr>(
    chosen: &mut Vec<K>,
    value: &str,
    what: &str,
    all: &[K],
    key: fn(K) -> &'static str,
) -> Result<(), AppError> {
    for name in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let kind = name.parse::<K>().map_err(|_| {
            let known: Vec<&str> = all.iter().map(|k| key(*k)).collect();
            AppError::BadRequest(format!(
                "unknown kind of {what}: {name} (one of {})",
                known.join(", ")
            ))
        })?;
        if !chosen.contains(&kind) {
            chosen.push(kind);
        }
    }
    Ok(())
}

/// The query pairs of a raw query string.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The neighbourhood a request asks for; an unknown centre is a 404.
pub async fn neighbourhood(
    app: &AppState,
    req: &NetworkRequest,
) -> Result<Option<(Arc<Graph>, Neighbourhood)>, AppError> {
    let Some(center) = &req.center else {
        return Ok(None);
    };
    let graph = graph(app).await?;
    let found = graph
        .neighbourhood(center, &req.query)
        .ok_or_else(|| AppError::NotFound(format!("node {center}")))?;
    Ok(Some((graph, found)))
}

/// The most connected nodes of some kinds: where to start exploring.
pub fn hubs(graph: &Graph, kind: NodeKind, n: usize) -> Vec<(u32, usize)> {
    let mut all: Vec<(u32, usize)> = (0..graph.node_count() as u32)
        .filter(|i| graph.node(*i).kind == kind)
        .map(|i| (i, graph.degree(i)))
        .filter(|(_, d)| *d > 0)
        .collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<(String, String)> {
        pairs(Some(s))
    }

    #[test]
    fn repeated_and_comma_separated_kinds_are_read_alike() {
        let a = parse_request(&q(
            "center=organisation:GM0363&kinds=practice&kinds=organisation",
        ))
        .unwrap();
        let b =
            parse_request(&q("center=organisation:GM0363&kinds=organisation,practice")).unwrap();
        assert_eq!(a.node_kinds, b.node_kinds);
        assert_eq!(a.node_kinds, [NodeKind::Organisation, NodeKind::Practice]);
        assert_eq!(a.edge_kinds.len(), EdgeKind::ALL.len());
        assert_eq!(a.query.depth, 1);
    }

    #[test]
    fn bad_values_are_refused_with_what_is_allowed() {
        for bad in [
            "depth=0",
            "depth=9",
            "depth=x",
            "limit=0",
            "limit=100000",
            "kinds=planet",
            "edges=owner",
            "center=GM0363",
        ] {
            match parse_request(&q(bad)) {
                Err(AppError::BadRequest(msg)) => assert!(!msg.is_empty(), "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        let Err(AppError::BadRequest(msg)) = parse_request(&q("kinds=planet")) else {
            panic!("planet")
        };
        assert!(msg.contains("organisation, practice"), "{msg}");
    }

    #[test]
    fn map_filters_know_themes_and_statuses() {
        let f = MapFilter::parse(Some("mobiliteit"), Some("in_use")).unwrap();
        assert_eq!(f.theme.as_deref(), Some("mobiliteit"));
        assert!(f.status.is_some());
        assert_eq!(
            MapFilter::parse(Some(" "), None).unwrap(),
            MapFilter::default()
        );
        assert!(MapFilter::parse(Some("weather"), None).is_err());
        assert!(MapFilter::parse(None, Some("finished")).is_err());
    }
}
