//! The network page (`/netwerk`): who works with whom. Without a centre it offers a search by name,
//! the most connected organisations, themes and communities to start from, and the size of the
//! network; with one it lists the centre's neighbourhood, grouped by kind, each neighbour with how
//! it is linked and a link to explore from there. The lists are the page; with JavaScript a
//! drawing of the same neighbourhood (Cytoscape.js) is added above them.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::response::Html;
use fluent_bundle::FluentArgs;
use leerpunt_core::network::{EdgeKind, Graph, Neighbourhood, NodeKind};
use leerpunt_core::Lang;
use minijinja::{context, Value};

use crate::actions::network as act;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// How many nodes a name search lists.
const FOUND: usize = 20;
/// How many starting points of each kind the page offers.
const HUBS: usize = 12;

fn kind_label(kind: NodeKind, lang: Lang) -> String {
    t(lang, &format!("net-kind-{}", kind.key()), None)
}

fn edge_label(kind: EdgeKind, lang: Lang) -> String {
    t(lang, &format!("net-edge-{}", kind.key()), None)
}

fn explore(key: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("center", key);
    format!("/netwerk?{}", q.finish())
}

/// How a shown node hangs on the one that brought it in: "eigenaar van X", "lid van Y".
fn relations(graph: &Graph, n: &Neighbourhood, lang: Lang) -> HashMap<u32, String> {
    let depth: HashMap<u32, u8> = n.nodes.iter().map(|s| (s.node, s.depth)).collect();
    let mut out = HashMap::new();
    for e in &n.edges {
        let (ds, dt) = (depth[&e.source], depth[&e.target]);
        // The deeper end is described relative to the nearer one.
        let (node, other, dir) = if ds > dt {
            (e.source, e.target, "out")
        } else if dt > ds {
            (e.target, e.source, "in")
        } else {
            continue;
        };
        out.entry(node).or_insert_with(|| {
            let mut args = FluentArgs::new();
            args.set(
                "other",
                graph.node(other).label_in(lang == Lang::En).to_owned(),
            );
            t(
                lang,
                &format!("net-rel-{}-{dir}", e.kind.key()),
                Some(&args),
            )
        });
    }
    out
}

fn node_view(graph: &Graph, i: u32, lang: Lang) -> Value {
    let node = graph.node(i);
    context! {
        key => node.key.clone(),
        label => node.label_in(lang == Lang::En),
        href => node.href.clone(),
        explore => explore(&node.key),
        kind => node.kind.key(),
        kind_label => kind_label(node.kind, lang),
    }
}

/// `GET /netwerk`.
pub async fn show(
    State(app): State<AppState>,
    ui: Ui,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, AppError> {
    let lang = ui.lang;
    let req = act::parse_request(&act::pairs(raw.as_deref()))?;
    let graph = act::graph(&app).await?;
    let found = req.q.as_deref().map(|q| {
        graph
            .find(q, req.query.nodes, FOUND)
            .into_iter()
            .map(|i| node_view(&graph, i, lang))
            .collect::<Vec<_>>()
    });
    let node_options: Vec<Value> = NodeKind::ALL
        .iter()
        .map(|k| context! { key => k.key(), label => kind_label(*k, lang), on => req.node_kinds.contains(k) })
        .collect();
    let edge_options: Vec<Value> = EdgeKind::ALL
        .iter()
        .map(|k| context! { key => k.key(), label => edge_label(*k, lang), on => req.edge_kinds.contains(k) })
        .collect();
    let filtered =
        req.node_kinds.len() < NodeKind::ALL.len() || req.edge_kinds.len() < EdgeKind::ALL.len();
    let mut center = None;
    let mut groups = Vec::new();
    let mut truncated = false;
    let mut shown = 0;
    let mut links = 0;
    let mut api = None;
    let mut export = None;
    if let Some((graph, n)) = act::neighbourhood(&app, &req).await? {
        let rel = relations(&graph, &n, lang);
        let c = n.nodes[0];
        center = Some(context! {
            hidden => c.hidden,
            ..node_view(&graph, c.node, lang)
        });
        for kind in NodeKind::ALL {
            let items: Vec<Value> = n
                .nodes
                .iter()
                .skip(1)
                .filter(|s| graph.node(s.node).kind == *kind)
                .map(|s| {
                    context! {
                        depth => s.depth,
                        hidden => s.hidden,
                        relation => rel.get(&s.node).cloned().unwrap_or_default(),
                        ..node_view(&graph, s.node, lang)
                    }
                })
                .collect();
            if !items.is_empty() {
                groups.push(context! { kind => kind.key(), label => kind_label(*kind, lang), count => items.len(), items });
            }
        }
        truncated = n.truncated;
        shown = n.nodes.len();
        links = n.edges.len();
        let query = query_string(&req);
        api = Some(format!("/api/v1/network?{query}"));
        export = Some(query);
    }
    let hubs = |kind: NodeKind| -> Vec<Value> {
        act::hubs(&graph, kind, HUBS)
            .into_iter()
            .map(|(i, degree)| context! { degree, ..node_view(&graph, i, lang) })
            .collect()
    };
    let starts = if center.is_none() {
        [NodeKind::Organisation, NodeKind::Theme, NodeKind::Community]
            .iter()
            .map(|k| context! { kind => k.key(), label => kind_label(*k, lang), items => hubs(*k) })
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let sizes: Vec<Value> = graph
        .nodes_by_kind()
        .into_iter()
        .map(|(k, n)| context! { label => kind_label(k, lang), count => n })
        .collect();
    let edge_sizes: Vec<Value> = graph
        .edges_by_kind()
        .into_iter()
        .map(|(k, n)| context! { label => edge_label(k, lang), count => n })
        .collect();
    ui.render(
        "network.html",
        context! {
            center,
            groups,
            truncated,
            shown,
            links,
            api,
            export,
            depth => req.query.depth,
            q => req.q,
            found,
            node_options,
            edge_options,
            filtered,
            starts,
            sizes,
            edge_sizes,
            nodes_total => graph.node_count(),
            edges_total => graph.edge_count(),
        },
    )
}

/// The request again as a query string, for the API and export links.
fn query_string(req: &act::NetworkRequest) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(center) = &req.center {
        q.append_pair("center", center);
    }
    q.append_pair("depth", &req.query.depth.to_string());
    if req.node_kinds.len() < NodeKind::ALL.len() {
        let keys: Vec<&str> = req.node_kinds.iter().map(|k| k.key()).collect();
        q.append_pair("kinds", &keys.join(","));
    }
    if req.edge_kinds.len() < EdgeKind::ALL.len() {
        let keys: Vec<&str> = req.edge_kinds.iter().map(|k| k.key()).collect();
        q.append_pair("edges", &keys.join(","));
    }
    q.finish()
}
