//! Benchmark of the network graph at scale: builds a synthetic network of 100,000 nodes (set
//! `LEERPUNT_BENCH_NODES`) shaped like Leerpunt's own — organisations owning and joining
//! practices, practices on themes and similar to others, people in organisations and communities —
//! and times depth-2 neighbourhoods (with the page's and the API's largest limits), name searches
//! and both exports of a neighbourhood. Prints a Markdown report.
//!
//! `cargo bench -p leerpunt-core --bench network`

use std::time::{Duration, Instant};

use leerpunt_core::network::{
    EdgeInput, EdgeKind, Graph, Kinds, NeighbourhoodQuery, Node, NodeKind, DEFAULT_NODES, MAX_NODES,
};

/// A small deterministic generator (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "data", "lantaarn", "parkeren", "afval", "zorg", "schuld", "water", "dijk", "energie", "wonen",
    "fraude", "verkeer", "bodem", "lucht", "jeugd", "inkomen", "toezicht", "kaart",
];

fn node(kind: NodeKind, id: String, label: String) -> Node {
    Node {
        key: Node::key_of(kind, &id),
        kind,
        href: format!("/{}/{id}", kind.key()),
        label,
        label_en: None,
    }
}

fn edge(kind: EdgeKind, s: String, t: String) -> EdgeInput {
    EdgeInput {
        source: s,
        target: t,
        kind,
    }
}

/// 5 % organisations, 70 % practices, 20 themes, 0.2 % communities, the rest people.
fn synthetic(total: usize) -> (Vec<Node>, Vec<EdgeInput>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let orgs = total / 20;
    let practices = total * 7 / 10;
    let themes = 20;
    let communities = (total / 500).max(1);
    let people = total - orgs - practices - themes - communities;
    let mut nodes = Vec::with_capacity(total);
    let mut edges = Vec::with_capacity(total * 5);
    let org = |i: usize| Node::key_of(NodeKind::Organisation, &format!("O{i}"));
    let practice = |i: usize| Node::key_of(NodeKind::Practice, &format!("p{i}"));
    for i in 0..orgs {
        nodes.push(node(
            NodeKind::Organisation,
            format!("O{i}"),
            format!("Gemeente {i}"),
        ));
    }
    for i in 0..themes {
        nodes.push(node(NodeKind::Theme, format!("t{i}"), format!("Thema {i}")));
    }
    for i in 0..communities {
        nodes.push(node(
            NodeKind::Community,
            format!("c{i}"),
            format!("Gemeenschap {i}"),
        ));
        edges.push(edge(
            EdgeKind::WorksOnTheme,
            Node::key_of(NodeKind::Community, &format!("c{i}")),
            Node::key_of(NodeKind::Theme, &format!("t{}", i % themes)),
        ));
    }
    for i in 0..practices {
        let label = format!(
            "{} en {} {i}",
            WORDS[rng.below(WORDS.len())],
            WORDS[rng.below(WORDS.len())]
        );
        nodes.push(node(NodeKind::Practice, format!("p{i}"), label));
        // Owners are skewed: a few large organisations own many practices.
        let owner = rng.below(orgs).min(rng.below(orgs));
        edges.push(edge(EdgeKind::Owns, org(owner), practice(i)));
        for _ in 0..rng.below(3) {
            edges.push(edge(EdgeKind::PartnerOf, org(rng.below(orgs)), practice(i)));
        }
        for _ in 0..1 + rng.below(3) {
            edges.push(edge(
                EdgeKind::WorksOnTheme,
                practice(i),
                Node::key_of(NodeKind::Theme, &format!("t{}", rng.below(themes))),
            ));
        }
        for _ in 0..rng.below(5) {
            edges.push(edge(
                EdgeKind::SimilarTo,
                practice(i),
                practice(rng.below(practices)),
            ));
        }
    }
    for i in 0..people {
        let key = Node::key_of(NodeKind::Person, &i.to_string());
        nodes.push(node(
            NodeKind::Person,
            i.to_string(),
            format!("Persoon {i}"),
        ));
        edges.push(edge(EdgeKind::MemberOf, key.clone(), org(rng.below(orgs))));
        for _ in 0..rng.below(3) {
            edges.push(edge(
                EdgeKind::MemberOf,
                key.clone(),
                Node::key_of(NodeKind::Community, &format!("c{}", rng.below(communities))),
            ));
        }
    }
    (nodes, edges)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

fn time<F: FnMut(usize)>(samples: usize, mut f: F) -> (f64, f64, f64) {
    let mut d: Vec<Duration> = (0..samples)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    d.sort();
    (
        percentile(&d, 0.5),
        percentile(&d, 0.99),
        percentile(&d, 1.0),
    )
}

fn main() {
    let total: usize = std::env::var("LEERPUNT_BENCH_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let (nodes, edges) = synthetic(total);
    let generated = started.elapsed();
    let started = Instant::now();
    let graph = Graph::build(nodes, &edges);
    let built = started.elapsed();
    println!("# leerpunt-core bench: the network graph at {total} nodes\n");
    println!(
        "Synthetic network: {} nodes, {} edges (generated in {:.2} s); `Graph::build` {:.0} ms.\n",
        graph.node_count(),
        graph.edge_count(),
        generated.as_secs_f64(),
        built.as_secs_f64() * 1000.0
    );
    let mut rng = Rng(42);
    let centres: Vec<String> = (0..2_000)
        .map(|i| {
            let k = rng.below(graph.node_count()) as u32;
            // Every fourth centre an organisation: the page's most common start.
            if i % 4 == 0 {
                format!("organisation:O{}", rng.below(total / 20))
            } else {
                graph.node(k).key.clone()
            }
        })
        .collect();
    println!("| query (2,000 random centres) | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|");
    let mut worst_p99: f64 = 0.0;
    for (name, q) in [
        (
            "depth 1, page limit (150)",
            NeighbourhoodQuery {
                depth: 1,
                limit: DEFAULT_NODES,
                ..Default::default()
            },
        ),
        (
            "depth 2, page limit (150)",
            NeighbourhoodQuery {
                depth: 2,
                limit: DEFAULT_NODES,
                ..Default::default()
            },
        ),
        (
            "depth 2, API limit (500)",
            NeighbourhoodQuery {
                depth: 2,
                limit: MAX_NODES,
                ..Default::default()
            },
        ),
        (
            "depth 2, organisations and practices, owns + partner of (500)",
            NeighbourhoodQuery {
                depth: 2,
                limit: MAX_NODES,
                nodes: Kinds::of_nodes(&[NodeKind::Organisation, NodeKind::Practice]),
                edges: Kinds::of_edges(&[EdgeKind::Owns, EdgeKind::PartnerOf]),
            },
        ),
    ] {
        let mut shown = 0usize;
        let (p50, p99, max) = time(centres.len(), |i| {
            let n = graph
                .neighbourhood(&centres[i], &q)
                .expect("a known centre");
            shown += n.nodes.len() + n.edges.len();
        });
        std::hint::black_box(shown);
        if name.starts_with("depth 2") {
            worst_p99 = worst_p99.max(p99);
        }
        println!("| {name} | {p50:.3} | {p99:.3} | {max:.3} |");
    }
    let (p50, p99, max) = time(500, |i| {
        std::hint::black_box(graph.find(WORDS[i % WORDS.len()], Kinds::EVERY, 20));
    });
    println!("| find by name (one word, 20 hits) | {p50:.3} | {p99:.3} | {max:.3} |");
    let q = NeighbourhoodQuery {
        depth: 2,
        limit: MAX_NODES,
        ..Default::default()
    };
    let (p50, p99, max) = time(500, |i| {
        let n = graph
            .neighbourhood(&centres[i], &q)
            .expect("a known centre");
        std::hint::black_box(graph.to_graphml(&n, "https://leerpunt.example").len());
        std::hint::black_box(graph.to_gexf(&n, "https://leerpunt.example").len());
    });
    println!("| depth 2 (500) + GraphML + GEXF | {p50:.3} | {p99:.3} | {max:.3} |");
    let started = Instant::now();
    let all = graph.to_graphml(&graph.everything(), "");
    println!(
        "\nWhole-network GraphML: {:.1} MB in {:.0} ms.\n",
        all.len() as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let verdict = if worst_p99 < 20.0 {
        "met"
    } else {
        "**MISSED**"
    };
    println!("- depth-2 neighbourhood p99 < 20 ms: {verdict} (worst p99 {worst_p99:.3} ms)");
}
