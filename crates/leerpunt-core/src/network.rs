//! The network graph: organisations, practices, themes, communities and people, and how they are
//! linked (owns, partner of, works on theme, member of, similar to). Built once from what the store
//! gathers, then asked for the neighbourhood of one node, for nodes by name, and for an export in
//! GraphML or GEXF. Pure data and breadth-first walks; no IO.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::text::name_key;

keyed_enum!(
    /// What a node is.
    NodeKind {
        Organisation => "organisation",
        Practice => "practice",
        Theme => "theme",
        Community => "community",
        Person => "person",
    }
);

keyed_enum!(
    /// How two nodes are linked. Each kind has a direction: the organisation owns the practice,
    /// the organisation is partner of the practice, the person is member of the organisation or
    /// community, the practice (or community) works on the theme; similarity goes both ways. The
    /// order is the order of a node's neighbours (owners and partners before similar work).
    EdgeKind {
        Owns => "owns",
        PartnerOf => "partner_of",
        MemberOf => "member_of",
        WorksOnTheme => "works_on_theme",
        SimilarTo => "similar_to",
    }
);

impl NodeKind {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl EdgeKind {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of node or edge kinds, as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    pub const EVERY: Kinds = Kinds(u8::MAX);

    pub fn of_nodes(kinds: &[NodeKind]) -> Kinds {
        Kinds(kinds.iter().fold(0, |m, k| m | k.bit()))
    }

    pub fn of_edges(kinds: &[EdgeKind]) -> Kinds {
        Kinds(kinds.iter().fold(0, |m, k| m | k.bit()))
    }

    pub fn has_node(self, k: NodeKind) -> bool {
        self.0 & k.bit() != 0
    }

    pub fn has_edge(self, k: EdgeKind) -> bool {
        self.0 & k.bit() != 0
    }
}

/// A node as the store gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// `kind:id`, for example `organisation:GM0363`, `practice:slimme-lantaarns`, `theme:mobility`,
    /// `community:data-ethiek`, `person:12`.
    pub key: String,
    pub kind: NodeKind,
    /// The name in Dutch.
    pub label: String,
    /// The name in English, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// The node's page on the site.
    pub href: String,
}

impl Node {
    pub fn key_of(kind: NodeKind, id: &str) -> String {
        format!("{}:{id}", kind.key())
    }

    /// The name in `english` or Dutch.
    pub fn label_in(&self, english: bool) -> &str {
        match (&self.label_en, english) {
            (Some(en), true) if !en.is_empty() => en,
            _ => &self.label,
        }
    }
}

/// An edge as the store gives it, between node keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeInput {
    pub source: String,
    pub target: String,
    pub kind: EdgeKind,
}

/// One neighbour in the adjacency lists: the other node, how, and whether the edge leaves this
/// node (`out`) or arrives at it.
#[derive(Debug, Clone, Copy)]
struct Link {
    other: u32,
    kind: EdgeKind,
    out: bool,
}

/// The whole network, with adjacency lists in one array (compressed rows).
#[derive(Debug, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    by_key: HashMap<String, u32>,
    /// Folded names, for search by name.
    names: Vec<String>,
    offsets: Vec<u32>,
    links: Vec<Link>,
    edges: usize,
}

/// Bounds of a neighbourhood query.
pub const MAX_DEPTH: u8 = 3;
pub const MAX_NODES: usize = 500;
pub const DEFAULT_NODES: usize = 150;

/// What to show around a node.
#[derive(Debug, Clone, Copy)]
pub struct NeighbourhoodQuery {
    /// Steps from the centre, 1 to [`MAX_DEPTH`].
    pub depth: u8,
    pub nodes: Kinds,
    pub edges: Kinds,
    /// At most this many nodes (the centre included), up to [`MAX_NODES`].
    pub limit: usize,
}

impl Default for NeighbourhoodQuery {
    fn default() -> Self {
        NeighbourhoodQuery {
            depth: 1,
            nodes: Kinds::EVERY,
            edges: Kinds::EVERY,
            limit: DEFAULT_NODES,
        }
    }
}

/// A node of a neighbourhood: its place in the graph, its distance from the centre and how many
/// of its neighbours (within the filters) are not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub node: u32,
    pub depth: u8,
    pub hidden: u32,
}

/// An edge between two shown nodes, in its own direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownEdge {
    pub source: u32,
    pub target: u32,
    pub kind: EdgeKind,
}

/// The answer to a neighbourhood query; the centre is the first node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    pub nodes: Vec<Shown>,
    pub edges: Vec<ShownEdge>,
    /// Whether the limit cut nodes off.
    pub truncated: bool,
}

impl Graph {
    /// Builds the graph. Edges naming an unknown node and repeated edges are dropped; a node key
    /// given twice keeps its first node.
    pub fn build(nodes: Vec<Node>, edges: &[EdgeInput]) -> Graph {
        let mut by_key = HashMap::with_capacity(nodes.len());
        let mut kept = Vec::with_capacity(nodes.len());
        for node in nodes {
            if by_key.contains_key(&node.key) {
                continue;
            }
            by_key.insert(node.key.clone(), kept.len() as u32);
            kept.push(node);
        }
        let mut pairs: Vec<(u32, u32, EdgeKind)> = edges
            .iter()
            .filter_map(|e| {
                let s = *by_key.get(&e.source)?;
                let t = *by_key.get(&e.target)?;
                (s != t).then_some((s, t, e.kind))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        if pairs.iter().any(|p| p.2 == EdgeKind::SimilarTo) {
            // Similarity goes both ways: one edge per pair.
            let mut seen = std::collections::HashSet::new();
            pairs
                .retain(|&(s, t, k)| k != EdgeKind::SimilarTo || seen.insert((s.min(t), s.max(t))));
        }
        let n = kept.len();
        let mut degree = vec![0u32; n + 1];
        for &(s, t, _) in &pairs {
            degree[s as usize] += 1;
            degree[t as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut sum = 0u32;
        for d in &degree[..n] {
            offsets.push(sum);
            sum += d;
        }
        offsets.push(sum);
        let mut fill = offsets.clone();
        let mut links = vec![
            Link {
                other: 0,
                kind: EdgeKind::Owns,
                out: true,
            };
            sum as usize
        ];
        for &(s, t, kind) in &pairs {
            links[fill[s as usize] as usize] = Link {
                other: t,
                kind,
                out: true,
            };
            fill[s as usize] += 1;
            links[fill[t as usize] as usize] = Link {
                other: s,
                kind,
                out: false,
            };
            fill[t as usize] += 1;
        }
        // Each node's neighbours in a stable, useful order: by kind of link, then by name, so a
        // cut-off neighbourhood keeps owners and partners before similar work.
        for i in 0..n {
            let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
            links[a..b].sort_by(|x, y| {
                (x.kind, &kept[x.other as usize].label)
                    .cmp(&(y.kind, &kept[y.other as usize].label))
            });
        }
        let names = kept.iter().map(|n| name_key(&n.label)).collect();
        Graph {
            nodes: kept,
            by_key,
            names,
            offsets,
            links,
            edges: pairs.len(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges
    }

    pub fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    pub fn index_of(&self, key: &str) -> Option<u32> {
        self.by_key.get(key).copied()
    }

    /// Nodes per kind, in [`NodeKind::ALL`]'s order.
    pub fn nodes_by_kind(&self) -> Vec<(NodeKind, usize)> {
        NodeKind::ALL
            .iter()
            .map(|k| (*k, self.nodes.iter().filter(|n| n.kind == *k).count()))
            .collect()
    }

    /// Edges per kind, in [`EdgeKind::ALL`]'s order.
    pub fn edges_by_kind(&self) -> Vec<(EdgeKind, usize)> {
        EdgeKind::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    self.links.iter().filter(|l| l.out && l.kind == *k).count(),
                )
            })
            .collect()
    }

    /// How many links a node has.
    pub fn degree(&self, i: u32) -> usize {
        self.neighbours(i).len()
    }

    fn neighbours(&self, i: u32) -> &[Link] {
        let (a, b) = (
            self.offsets[i as usize] as usize,
            self.offsets[i as usize + 1] as usize,
        );
        &self.links[a..b]
    }

    fn passes(&self, l: &Link, q: &NeighbourhoodQuery) -> bool {
        q.edges.has_edge(l.kind) && q.nodes.has_node(self.nodes[l.other as usize].kind)
    }

    /// The nodes within `depth` steps of `center`, breadth first, through the allowed kinds of
    /// edges to the allowed kinds of nodes, at most `limit` of them; and every allowed edge between
    /// them. `None` when the centre is unknown.
    pub fn neighbourhood(&self, center: &str, q: &NeighbourhoodQuery) -> Option<Neighbourhood> {
        let start = self.index_of(center)?;
        let depth = q.depth.clamp(1, MAX_DEPTH);
        let limit = q.limit.clamp(1, MAX_NODES);
        let mut pos: HashMap<u32, usize> = HashMap::with_capacity(limit * 2);
        let mut shown = vec![Shown {
            node: start,
            depth: 0,
            hidden: 0,
        }];
        pos.insert(start, 0);
        let mut truncated = false;
        let mut frontier = 0;
        'walk: for d in 1..=depth {
            let end = shown.len();
            for at in frontier..end {
                let from = shown[at].node;
                for l in self.neighbours(from) {
                    if !self.passes(l, q) || pos.contains_key(&l.other) {
                        continue;
                    }
                    if shown.len() >= limit {
                        truncated = true;
                        break 'walk;
                    }
                    pos.insert(l.other, shown.len());
                    shown.push(Shown {
                        node: l.other,
                        depth: d,
                        hidden: 0,
                    });
                }
            }
            frontier = end;
        }
        let mut edges = Vec::new();
        for s in &mut shown {
            let mut hidden = 0;
            for l in self.neighbours(s.node) {
                if !self.passes(l, q) {
                    continue;
                }
                if !pos.contains_key(&l.other) {
                    hidden += 1;
                } else if l.out {
                    edges.push(ShownEdge {
                        source: s.node,
                        target: l.other,
                        kind: l.kind,
                    });
                }
            }
            s.hidden = hidden;
        }
        Some(Neighbourhood {
            nodes: shown,
            edges,
            truncated,
        })
    }

    /// Nodes whose name contains every word of `text` (accents and case folded), names that start
    /// with it first, then shorter names; at most `limit`.
    pub fn find(&self, text: &str, kinds: Kinds, limit: usize) -> Vec<u32> {
        let wanted = name_key(text);
        if wanted.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = wanted.split(' ').collect();
        let mut hits: Vec<(bool, usize, u32)> = self
            .names
            .iter()
            .enumerate()
            .filter(|(i, name)| {
                kinds.has_node(self.nodes[*i].kind) && words.iter().all(|w| name.contains(w))
            })
            .map(|(i, name)| (!name.starts_with(&wanted), name.len(), i as u32))
            .collect();
        hits.sort_unstable();
        hits.truncate(limit);
        hits.into_iter().map(|(_, _, i)| i).collect()
    }

    /// The whole graph as a neighbourhood (for exports).
    pub fn everything(&self) -> Neighbourhood {
        Neighbourhood {
            nodes: (0..self.nodes.len() as u32)
                .map(|node| Shown {
                    node,
                    depth: 0,
                    hidden: 0,
                })
                .collect(),
            edges: (0..self.nodes.len() as u32)
                .flat_map(|i| {
                    self.neighbours(i)
                        .iter()
                        .filter(|l| l.out)
                        .map(move |l| ShownEdge {
                            source: i,
                            target: l.other,
                            kind: l.kind,
                        })
                })
                .collect(),
            truncated: false,
        }
    }

    /// GraphML (for Gephi, yEd, NetworkX): nodes with their kind, names and address; edges with
    /// their kind. `base` makes the addresses absolute.
    pub fn to_graphml(&self, part: &Neighbourhood, base: &str) -> String {
        let mut out = String::with_capacity(200 + part.nodes.len() * 160 + part.edges.len() * 90);
        out.push_str(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
            "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
            "  <key id=\"label_en\" for=\"node\" attr.name=\"label_en\" attr.type=\"string\"/>\n",
            "  <key id=\"url\" for=\"node\" attr.name=\"url\" attr.type=\"string\"/>\n",
            "  <key id=\"edge_kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <graph id=\"leerpunt\" edgedefault=\"directed\">\n"
        ));
        for s in &part.nodes {
            let n = self.node(s.node);
            let _ = write!(
                out,
                "    <node id=\"{}\"><data key=\"kind\">{}</data><data key=\"label\">{}</data>",
                xml(&n.key),
                n.kind.key(),
                xml(&n.label)
            );
            if let Some(en) = &n.label_en {
                let _ = write!(out, "<data key=\"label_en\">{}</data>", xml(en));
            }
            let _ = writeln!(
                out,
                "<data key=\"url\">{}{}</data></node>",
                xml(base),
                xml(&n.href)
            );
        }
        for (i, e) in part.edges.iter().enumerate() {
            let _ = writeln!(
                out,
                "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"edge_kind\">{}</data></edge>",
                xml(&self.node(e.source).key),
                xml(&self.node(e.target).key),
                e.kind.key()
            );
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// GEXF 1.3 (Gephi's own format), with the same attributes as [`Graph::to_graphml`].
    pub fn to_gexf(&self, part: &Neighbourhood, base: &str) -> String {
        let mut out = String::with_capacity(300 + part.nodes.len() * 200 + part.edges.len() * 90);
        out.push_str(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
            "  <meta><creator>Leerpunt</creator><description>Het netwerk van Leerpunt</description></meta>\n",
            "  <graph defaultedgetype=\"directed\" mode=\"static\">\n",
            "    <attributes class=\"node\">\n",
            "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n",
            "      <attribute id=\"label_en\" title=\"label_en\" type=\"string\"/>\n",
            "      <attribute id=\"url\" title=\"url\" type=\"string\"/>\n",
            "    </attributes>\n",
            "    <attributes class=\"edge\">\n",
            "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n",
            "    </attributes>\n",
            "    <nodes>\n"
        ));
        for s in &part.nodes {
            let n = self.node(s.node);
            let _ = write!(
                out,
                "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"kind\" value=\"{}\"/>",
                xml(&n.key),
                xml(&n.label),
                n.kind.key()
            );
            if let Some(en) = &n.label_en {
                let _ = write!(out, "<attvalue for=\"label_en\" value=\"{}\"/>", xml(en));
            }
            let _ = writeln!(
                out,
                "<attvalue for=\"url\" value=\"{}{}\"/></attvalues></node>",
                xml(base),
                xml(&n.href)
            );
        }
        out.push_str("    </nodes>\n    <edges>\n");
        for (i, e) in part.edges.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><attvalues><attvalue for=\"kind\" value=\"{}\"/></attvalues></edge>",
                xml(&self.node(e.source).key),
                xml(&self.node(e.target).key),
                e.kind.key()
            );
        }
        out.push_str("    </edges>\n  </graph>\n</gexf>\n");
        out
    }
}

/// Text as XML character data or attribute value. Characters XML 1.0 forbids are dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn node(kind: NodeKind, id: &str, label: &str) -> Node {
        Node {
            key: Node::key_of(kind, id),
            kind,
            label: label.into(),
            label_en: None,
            href: format!("/{id}"),
        }
    }

    fn edge(s: &str, t: &str, kind: EdgeKind) -> EdgeInput {
        EdgeInput {
            source: s.into(),
            target: t.into(),
            kind,
        }
    }

    /// Two municipalities, each owning a practice on one theme; the second is partner of the
    /// first's practice; the practices are similar.
    fn sample() -> Graph {
        Graph::build(
            vec![
                node(NodeKind::Organisation, "GM1", "Gemeente Eén"),
                node(NodeKind::Organisation, "GM2", "Gemeente Twee"),
                node(NodeKind::Practice, "a", "Slimme lantaarns"),
                node(NodeKind::Practice, "b", "Lantaarns op zonne-energie"),
                node(NodeKind::Theme, "energy", "Energie"),
                node(NodeKind::Person, "7", "Anna de Vries"),
            ],
            &[
                edge("organisation:GM1", "practice:a", EdgeKind::Owns),
                edge("organisation:GM2", "practice:b", EdgeKind::Owns),
                edge("organisation:GM2", "practice:a", EdgeKind::PartnerOf),
                edge("practice:a", "theme:energy", EdgeKind::WorksOnTheme),
                edge("practice:b", "theme:energy", EdgeKind::WorksOnTheme),
                edge("practice:a", "practice:b", EdgeKind::SimilarTo),
                edge("practice:b", "practice:a", EdgeKind::SimilarTo),
                edge("person:7", "organisation:GM1", EdgeKind::MemberOf),
                edge("person:7", "organisation:GM404", EdgeKind::MemberOf),
                edge("organisation:GM1", "practice:a", EdgeKind::Owns),
            ],
        )
    }

    fn keys(g: &Graph, n: &Neighbourhood) -> Vec<String> {
        n.nodes.iter().map(|s| g.node(s.node).key.clone()).collect()
    }

    #[test]
    fn unknown_ends_repeats_and_reverse_similarity_are_dropped() {
        let g = sample();
        assert_eq!(g.node_count(), 6);
        assert_eq!(g.edge_count(), 7);
        let by: HashMap<EdgeKind, usize> = g.edges_by_kind().into_iter().collect();
        assert_eq!(by[&EdgeKind::SimilarTo], 1);
        assert_eq!(by[&EdgeKind::Owns], 2);
        assert_eq!(by[&EdgeKind::MemberOf], 1);
    }

    #[test]
    fn depth_one_shows_the_direct_neighbours_and_counts_the_rest_as_hidden() {
        let g = sample();
        let n = g
            .neighbourhood("organisation:GM1", &NeighbourhoodQuery::default())
            .unwrap();
        assert_eq!(keys(&g, &n), ["organisation:GM1", "practice:a", "person:7"]);
        assert!(!n.truncated);
        // practice:a has GM2, theme:energy and practice:b beyond the edge of the picture.
        let a = n.nodes[1];
        assert_eq!((a.depth, a.hidden), (1, 3));
        assert_eq!(n.edges.len(), 2);
        assert!(n.edges.iter().any(|e| e.kind == EdgeKind::MemberOf
            && g.node(e.source).key == "person:7"
            && g.node(e.target).key == "organisation:GM1"));
    }

    #[test]
    fn depth_two_reaches_partners_themes_and_similar_work() {
        let g = sample();
        let q = NeighbourhoodQuery {
            depth: 2,
            ..Default::default()
        };
        let n = g.neighbourhood("organisation:GM1", &q).unwrap();
        let k = keys(&g, &n);
        assert_eq!(k.len(), 6, "{k:?}");
        assert_eq!(n.nodes.iter().filter(|s| s.depth == 2).count(), 3);
        // Every edge of the graph joins two shown nodes here.
        assert_eq!(n.edges.len(), g.edge_count());
        assert!(n.nodes.iter().all(|s| s.hidden == 0));
    }

    #[test]
    fn filters_leave_out_kinds_of_nodes_and_edges() {
        let g = sample();
        let q = NeighbourhoodQuery {
            depth: 2,
            nodes: Kinds::of_nodes(&[NodeKind::Organisation, NodeKind::Practice]),
            edges: Kinds::of_edges(&[EdgeKind::Owns, EdgeKind::PartnerOf]),
            limit: 100,
        };
        let n = g.neighbourhood("organisation:GM1", &q).unwrap();
        assert_eq!(
            keys(&g, &n),
            ["organisation:GM1", "practice:a", "organisation:GM2"]
        );
        assert!(n
            .edges
            .iter()
            .all(|e| matches!(e.kind, EdgeKind::Owns | EdgeKind::PartnerOf)));
        assert_eq!(n.edges.len(), 2);
    }

    #[test]
    fn the_limit_cuts_breadth_first_and_says_so() {
        let g = sample();
        let q = NeighbourhoodQuery {
            depth: 3,
            limit: 2,
            ..Default::default()
        };
        let n = g.neighbourhood("organisation:GM1", &q).unwrap();
        assert_eq!(keys(&g, &n), ["organisation:GM1", "practice:a"]);
        assert!(n.truncated);
        assert_eq!(n.nodes[0].hidden, 1, "person:7 is hidden");
    }

    #[test]
    fn an_unknown_centre_has_no_neighbourhood() {
        assert!(sample()
            .neighbourhood("organisation:GM404", &NeighbourhoodQuery::default())
            .is_none());
    }

    #[test]
    fn find_matches_folded_words_and_puts_prefixes_first() {
        let g = sample();
        let hits: Vec<String> = g
            .find("LANTAARNS", Kinds::EVERY, 10)
            .into_iter()
            .map(|i| g.node(i).key.clone())
            .collect();
        assert_eq!(hits, ["practice:b", "practice:a"]);
        let twee = g.find("gemeente twee", Kinds::EVERY, 10);
        assert_eq!(twee.len(), 1);
        assert_eq!(g.node(twee[0]).key, "organisation:GM2");
        assert!(g
            .find("lantaarns", Kinds::of_nodes(&[NodeKind::Theme]), 10)
            .is_empty());
        assert!(g.find("  ", Kinds::EVERY, 10).is_empty());
    }

    #[test]
    fn exports_hold_every_node_and_edge_and_escape_names() {
        let mut nodes = vec![node(NodeKind::Organisation, "X-1", "Water & <Land> \"BV\"")];
        nodes.push(node(NodeKind::Practice, "p", "Peilbeheer"));
        let g = Graph::build(
            nodes,
            &[edge("organisation:X-1", "practice:p", EdgeKind::Owns)],
        );
        let all = g.everything();
        let graphml = g.to_graphml(&all, "https://leerpunt.example");
        assert_eq!(graphml.matches("<node ").count(), 2);
        assert_eq!(graphml.matches("<edge ").count(), 1);
        assert!(graphml.contains("Water &amp; &lt;Land&gt; &quot;BV&quot;"));
        assert!(graphml.contains("<data key=\"url\">https://leerpunt.example/X-1</data>"));
        assert!(graphml.contains("source=\"organisation:X-1\" target=\"practice:p\""));
        let gexf = g.to_gexf(&all, "");
        assert_eq!(gexf.matches("<node ").count(), 2);
        assert_eq!(gexf.matches("<edge ").count(), 1);
        assert!(gexf.contains("label=\"Water &amp; &lt;Land&gt; &quot;BV&quot;\""));
        assert!(gexf.contains("<attvalue for=\"kind\" value=\"owns\"/>"));
    }

    #[test]
    fn kinds_parse_from_their_keys() {
        for k in NodeKind::ALL {
            assert_eq!(k.key().parse::<NodeKind>(), Ok(*k));
        }
        for k in EdgeKind::ALL {
            assert_eq!(k.key().parse::<EdgeKind>(), Ok(*k));
        }
        assert!("owner".parse::<EdgeKind>().is_err());
    }
}
