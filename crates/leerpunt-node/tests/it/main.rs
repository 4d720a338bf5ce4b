//! Integration tests of the node: three nodes and four input parties as tasks in one process,
//! over real TLS on loopback; `ca` covers certificates issued by an organisation's CA, `ranges`
//! the input party's declared value ranges.

mod ca;
mod ranges;

use leerpunt_mpc::debt;
use leerpunt_node::{net, node, party, spec::Spec, tls, trust};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

const PARTIES: [&str; 4] = [
    "gemeente",
    "woningcorporatie",
    "waterbedrijf",
    "zorgverzekeraar",
];
const NODES: [&str; 3] = ["centre", "statistiek", "derde"];

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

fn write_identity(dir: &Path, name: &str) {
    let g = tls::generate(name, false).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(format!("{name}.key.pem")), g.key_pem)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(format!("{name}.cert.pem")), g.cert_pem)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The spec's head: id, `k`, short timeouts, the input schema and the grouping domain. `top` is
/// put among the top-level keys (e.g. a `ca`), `input` into `[input]`.
fn spec_head(seed: u64, k: u64, top: &str, input: &str) -> String {
    let domain: Vec<String> = (0..4).map(|g| format!("\"BU{g:04}\"")).collect();
    format!(
        "id = \"debt-test-{seed}\"\ntitle = \"Schulden\"\nk = {k}\n{top}[timeouts]\nconnect_secs = 20\ninput_secs = 20\nround_secs = 20\n\
         [input]\nhousehold = \"household_id\"\ngroup = \"buurt\"\namount = \"achterstand\"\nhistogram_edges = [0, 10000, 50000]\n{input}\
         [group_by]\nname = \"buurt\"\ndomain = [{}]\n",
        domain.join(", ")
    )
}

/// One CSV per party: 60 rows each over 150 households (so lists overlap), amounts below 80,000.
fn write_csvs(dir: &Path, seed: u64) {
    let mut x = seed.wrapping_mul(0x9e3779b97f4a7c15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for p in PARTIES {
        let mut csv = String::from("household_id,buurt,achterstand\n");
        for _ in 0..60 {
            let h = next() % 150;
            csv += &format!("HH{h:05},BU{:04},{}\n", h % 4, next() % 80_000);
        }
        std::fs::write(dir.join(format!("{p}.csv")), csv).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Pinned certificates, a spec with `k` and short timeouts, and one CSV per party.
fn fixture(dir: &Path, k: u64, seed: u64) -> PathBuf {
    fixture_with_input(dir, k, seed, "")
}

/// Like [`fixture`], with extra `[input]` keys.
fn fixture_with_input(dir: &Path, k: u64, seed: u64, input: &str) -> PathBuf {
    for n in NODES.iter().chain(&PARTIES) {
        write_identity(dir, n);
    }
    let mut spec = spec_head(seed, k, "", input);
    for n in NODES {
        spec += &format!(
            "[[nodes]]\nname = \"{n}\"\naddress = \"127.0.0.1:{}\"\ncert = \"{n}.cert.pem\"\n",
            free_port()
        );
    }
    for p in PARTIES {
        spec += &format!("[[parties]]\nname = \"{p}\"\ncert = \"{p}.cert.pem\"\n");
    }
    let path = dir.join("spec.toml");
    std::fs::write(&path, spec).unwrap_or_else(|e| panic!("{e}"));
    write_csvs(dir, seed);
    path
}

fn plaintext(dir: &Path, spec_path: &Path) -> leerpunt_mpc::ComputationResult {
    let spec = Spec::load(spec_path).unwrap_or_else(|e| panic!("{e}"));
    let recs: Vec<_> = PARTIES
        .iter()
        .map(|p| {
            party::read_csv(&spec, &dir.join(format!("{p}.csv"))).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    debt::plaintext(&spec.debt().unwrap_or_else(|e| panic!("{e}")), &recs)
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn run_nodes(
    spec: &Path,
    dir: &Path,
) -> Vec<anyhow::Result<leerpunt_mpc::ComputationResult>> {
    run_nodes_with(spec, dir, None).await
}

/// Runs the three nodes; with `certs`, each presents `certs/NAME.cert.pem` (key beside it).
async fn run_nodes_with(
    spec: &Path,
    dir: &Path,
    certs: Option<&Path>,
) -> Vec<anyhow::Result<leerpunt_mpc::ComputationResult>> {
    let tasks: Vec<_> = NODES
        .iter()
        .map(|n| {
            let (spec, out) = (spec.to_path_buf(), dir.join(format!("{n}.json")));
            let cert = certs.map(|c| c.join(format!("{n}.cert.pem")));
            tokio::spawn(async move {
                node::run(&spec, n, &out, None, cert.as_deref(), None, None).await
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap_or_else(|e| Err(anyhow::anyhow!("{e}"))));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_and_four_parties_over_tls_match_plaintext() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 3, 1);
    // gemeente keeps only what it needs: the spec, the nodes' certificates and its own key pair.
    let alone = dir.path().join("gemeente-alone");
    std::fs::create_dir_all(&alone).unwrap_or_else(|e| panic!("{e}"));
    let files = NODES.iter().map(|n| format!("{n}.cert.pem")).chain([
        "gemeente.cert.pem".into(),
        "gemeente.key.pem".into(),
        "spec.toml".into(),
    ]);
    for f in files {
        std::fs::copy(dir.path().join(&f), alone.join(&f)).unwrap_or_else(|e| panic!("{e}"));
    }
    let nodes = tokio::spawn({
        let (s, d) = (spec.clone(), dir.path().to_path_buf());
        async move { run_nodes(&s, &d).await }
    });
    for p in PARTIES {
        let spec = if p == "gemeente" {
            alone.join("spec.toml")
        } else {
            spec.clone()
        };
        party::run(
            &spec,
            p,
            &dir.path().join(format!("{p}.csv")),
            None,
            None,
            None,
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{p}: {e:#}"));
    }
    let results = nodes.await.unwrap_or_else(|e| panic!("{e}"));
    let want = plaintext(dir.path(), &spec);
    for (n, r) in NODES.iter().zip(results) {
        let r = r.unwrap_or_else(|e| panic!("{n}: {e:#}"));
        assert_eq!(r, want, "node {n}");
        let file: leerpunt_mpc::ComputationResult = serde_json::from_slice(
            &std::fs::read(dir.path().join(format!("{n}.json"))).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file, want);
    }
    assert!(want
        .groups
        .iter()
        .flat_map(|g| &g.cells)
        .any(|c| c.suppressed));
    assert!(want
        .groups
        .iter()
        .flat_map(|g| &g.cells)
        .any(|c| c.value.is_some()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_certificate_is_refused_and_the_real_party_still_gets_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 2, 2);
    write_identity(dir.path(), "impostor");
    let nodes = tokio::spawn({
        let (s, d) = (spec.clone(), dir.path().to_path_buf());
        async move { run_nodes(&s, &d).await }
    });
    let csv = dir.path().join("gemeente.csv");
    let (k, c) = (
        dir.path().join("impostor.key.pem"),
        dir.path().join("impostor.cert.pem"),
    );
    let err = party::run(&spec, "gemeente", &csv, Some(&k), Some(&c), None, None)
        .await
        .err()
        .map(|e| format!("{e:#}"));
    let err = err.unwrap_or_else(|| panic!("an unknown certificate was accepted"));
    assert!(
        err.contains("did not accept") || err.contains("certificate") || err.contains("handshake"),
        "unclear error: {err}"
    );
    for p in PARTIES {
        party::run(
            &spec,
            p,
            &dir.path().join(format!("{p}.csv")),
            None,
            None,
            None,
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{p}: {e:#}"));
    }
    let want = plaintext(dir.path(), &spec);
    for r in nodes.await.unwrap_or_else(|e| panic!("{e}")) {
        assert_eq!(r.unwrap_or_else(|e| panic!("{e:#}")), want);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn party_dropping_out_mid_upload_aborts_every_node() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec_path = fixture(dir.path(), 2, 3);
    let nodes = tokio::spawn({
        let (s, d) = (spec_path.clone(), dir.path().to_path_buf());
        async move { run_nodes(&s, &d).await }
    });
    for p in &PARTIES[1..] {
        party::run(
            &spec_path,
            p,
            &dir.path().join(format!("{p}.csv")),
            None,
            None,
            None,
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{p}: {e:#}"));
    }
    // "gemeente" connects to node 1, sends half a frame and vanishes.
    let spec = Spec::load(&spec_path).unwrap_or_else(|e| panic!("{e}"));
    let me = tls::Identity::load(
        &dir.path().join("gemeente.cert.pem"),
        &dir.path().join("gemeente.key.pem"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let node_cert =
        tls::load_cert(&dir.path().join("statistiek.cert.pem")).unwrap_or_else(|e| panic!("{e}"));
    let cfg =
        tls::client_config(&me, trust::Rule::Pinned(node_cert)).unwrap_or_else(|e| panic!("{e}"));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut s = net::dial(&spec.address(1).unwrap_or_default(), cfg, deadline)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let tag = leerpunt_mpc::session::computation_tag(&spec.id);
    net::write_frame(&mut s, &net::hello(tag, net::ROLE_PARTY, "gemeente"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    net::read_frame(&mut s, "statistiek")
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    s.write_all(&1000u32.to_le_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.write_all(&[0u8; 100])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.shutdown().await.unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    let results = nodes.await.unwrap_or_else(|e| panic!("{e}"));
    for (n, r) in NODES.iter().zip(results) {
        let e = match r {
            Ok(_) => panic!("node {n} produced a result although gemeente dropped out"),
            Err(e) => format!("{e:#}"),
        };
        assert!(
            e.contains("aborted") && e.contains("nothing was revealed"),
            "node {n}: {e}"
        );
        assert!(
            e.contains("gemeente"),
            "node {n} does not say who dropped out: {e}"
        );
        assert!(!dir.path().join(format!("{n}.json")).exists());
    }
}

#[test]
fn spec_mistakes_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 10, 4);
    let text = std::fs::read_to_string(&spec).unwrap_or_default();
    let cases = [
        (text.replacen("[[nodes]]", "[[parties]]", 1), "exactly 3"),
        (
            text.replace("k = 10", "k = 10\nstatistics = [\"listings\"]"),
            "only the full",
        ),
        (
            text.replace("id = \"debt-test-4\"", "id = \" \""),
            "computation id",
        ),
        (
            text.replace("[timeouts]", "colour = \"blue\"\n[timeouts]"),
            "colour",
        ),
        (
            text.replacen("cert = \"centre.cert.pem\"\n", "", 1),
            "centre has neither a pinned cert nor a ca",
        ),
        (
            text.replacen(
                "cert = \"centre.cert.pem\"\n",
                "cert = \"centre.cert.pem\"\nca = \"ca.pem\"\n",
                1,
            ),
            "give one of them",
        ),
        (
            text.replacen(
                "cert = \"centre.cert.pem\"\n",
                "cert = \"centre.cert.pem\"\ndns = \"centre.example\"\n",
                1,
            ),
            "apply only to participants recognised through a ca",
        ),
        (
            text.replace(
                "histogram_edges",
                "amount_min = 5\namount_max = 4\nhistogram_edges",
            ),
            "amount_min (5) is larger than amount_max (4)",
        ),
    ];
    for (bad, want) in cases {
        let p = dir.path().join("bad.toml");
        std::fs::write(&p, bad).unwrap_or_else(|e| panic!("{e}"));
        let err = Spec::load(&p)
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(err.contains(want), "expected {want:?} in {err:?}");
    }
    let ok = Spec::load(&spec).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!((ok.k, ok.nodes.len(), ok.parties.len()), (10, 3, 4));
}

#[test]
fn csv_mistakes_name_the_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = Spec::load(&fixture(dir.path(), 10, 5)).unwrap_or_else(|e| panic!("{e:#}"));
    let cases = [
        (
            "household_id,buurt,achterstand\nA,BU0000,5\nB,BU9999,7\n",
            "line 3",
        ),
        (
            "household_id,buurt,achterstand\nA,BU0000,-5\n",
            "non-negative integer",
        ),
        (
            "household_id,buurt,achterstand\n,BU0000,5\n",
            "line 2: empty",
        ),
        (
            "huishouden,buurt,achterstand\nA,BU0000,5\n",
            "no column \"household_id\"",
        ),
    ];
    for (csv, want) in cases {
        let p = dir.path().join("bad.csv");
        std::fs::write(&p, csv).unwrap_or_else(|e| panic!("{e}"));
        let err = party::read_csv(&spec, &p)
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(err.contains(want), "expected {want:?} in {err:?}");
    }
}
