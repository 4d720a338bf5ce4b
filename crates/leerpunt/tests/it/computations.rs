//! Joint analysis from the web, end to end: for each of the three example specs a broker drafts
//! the computation and asks consent, every node operator consents with its certificate and every
//! input party consents, Leerpunt issues the signed spec; then three `leerpunt node run
//! --spec-url` processes fetch and verify it, the input parties' `leerpunt node input` processes
//! share their CSVs, the nodes report their phases signed to Leerpunt, node 0 hands in the result,
//! and after the parties approve it the result is published. The result must equal the plaintext
//! computation of the same CSVs. A node given the wrong Leerpunt key refuses to run.

use crate::support::{bin, free_port, http_get};
use leerpunt_core::access::Actor;
use leerpunt_core::analysis::ComputationResult;
use leerpunt_core::computation::{ColumnType, ComputationSpec, Record, Stage, EXAMPLES};
use leerpunt_web::actions::computations::{self as uc, DecisionInput};
use leerpunt_web::actions::Caller;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A broker who also edits every organisation taking part (the consents are not what is tested
/// here; the web suite covers who may decide what).
async fn caller(store: &leerpunt_store::Store, spec: &ComputationSpec) -> Caller {
    let mut editor_of = Vec::new();
    for code in spec.nodes.iter().chain(&spec.parties) {
        editor_of.push(
            store
                .organisation(code)
                .await
                .unwrap_or_else(|e| panic!("{code}: {e}"))
                .id,
        );
    }
    let mut c = Caller::visitor("127.0.0.1");
    c.actor = Actor {
        // Signed in (the audit log records the visitor's origin: no account row is needed).
        user_id: Some(1),
        confirmed: true,
        member: true,
        broker: true,
        editor_of,
        ..Actor::default()
    };
    c
}

/// The node and party processes: this build's binary, or `LEERPUNT_NODE_BIN` (the benchmark
/// runs a release build).
fn node(args: &[&str]) -> Command {
    let program = std::env::var("LEERPUNT_NODE_BIN").unwrap_or_else(|_| bin().to_owned());
    let mut c = Command::new(program);
    c.arg("node")
        .args(args)
        .env("LEERPUNT_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("non-UTF-8 path"))
}

/// Records for every party, seeded: keys from a shared population (each key in one group), the
/// larger groups above k and the smallest below it, values over the declared ranges.
fn records(spec: &ComputationSpec, seed: u64, per_party: usize) -> Vec<Vec<Record>> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let g = spec.group_by.domain.len() as u64;
    spec.parties
        .iter()
        .map(|_| {
            let mut seen = std::collections::BTreeSet::new();
            let mut out = Vec::new();
            while out.len() < per_party {
                let key = next() % (per_party as u64 * 8 / 3);
                if !seen.insert(key) {
                    continue;
                }
                let group = (64 - (key % (1 << g)).leading_zeros()).saturating_sub(1) as u64 % g;
                let values = spec
                    .columns
                    .iter()
                    .filter_map(|c| match c.kind {
                        ColumnType::Integer { min, max } => {
                            let span = (max - min) as u64 + 1;
                            Some((c.name.clone(), min + (next() % span) as i64))
                        }
                        _ => None,
                    })
                    .collect();
                out.push(Record {
                    key: format!("ID-{key:08}"),
                    group: spec.group_by.domain[group as usize].clone(),
                    values,
                });
            }
            out
        })
        .collect()
}

fn write_csv(spec: &ComputationSpec, recs: &[Record], path: &Path) {
    let names: Vec<&str> = spec.columns.iter().map(|c| c.name.as_str()).collect();
    let mut csv = names.join(",") + "\n";
    for r in recs {
        let row: Vec<String> = spec
            .columns
            .iter()
            .map(|c| match c.kind {
                ColumnType::Key => r.key.clone(),
                ColumnType::Group => r.group.clone(),
                ColumnType::Integer { .. } => r.values[&c.name].to_string(),
            })
            .collect();
        csv += &(row.join(",") + "\n");
    }
    std::fs::write(path, csv).unwrap_or_else(|e| panic!("{e}"));
}

/// Waits for a child process (at most `secs`); returns success and stderr.
fn wait(mut child: std::process::Child, secs: u64) -> (bool, String) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                break;
            }
        }
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mpc_web_issued_examples_run_on_three_node_processes() {
    let dir = tempfile::tempdir().unwrap();
    let url = leerpunt_store::DatabaseUrl::Sqlite(dir.path().join(leerpunt_store::DB_FILE));
    let store = leerpunt_store::Store::connect(&url).await.unwrap();
    store.ensure_register().await.unwrap();
    let search = Arc::new(
        leerpunt_search::Search::in_memory(&store, &|_, _, _| {})
            .await
            .unwrap(),
    );
    let app = leerpunt_web::AppState::new(store.clone(), search);
    let port = free_port();
    let server = tokio::spawn(leerpunt_web::serve(
        app.clone(),
        format!("127.0.0.1:{port}").parse().unwrap(),
        |_| {},
    ));
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let key = leerpunt_web::signing::public_key(&app).await.unwrap();
    // Records per party: 150 in the test suite; the benchmark sets more.
    let per_party: usize = std::env::var("LEERPUNT_E2E_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);

    for (i, (name, text)) in EXAMPLES.iter().enumerate() {
        let work = dir.path().join(name);
        std::fs::create_dir_all(&work).unwrap();
        let spec = ComputationSpec::from_toml(text).unwrap();
        let who = caller(&store, &spec).await;

        // The broker drafts and asks consent; every organisation consents.
        let c = uc::create(&app, &who, text)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let slug = c.slug.clone();
        uc::ask(&app, &who, &slug).await.unwrap();
        let mut certs = std::collections::BTreeSet::new();
        for org in spec.nodes.iter().chain(&spec.parties) {
            if certs.insert(org.clone()) {
                let o = node(&["init", "--name", org, "--dir", s(&work)])
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            }
        }
        for (role, orgs) in [("node", &spec.nodes), ("party", &spec.parties)] {
            for org in orgs {
                let cert_pem = if role == "node" {
                    std::fs::read_to_string(work.join(format!("{org}.cert.pem"))).unwrap()
                } else {
                    String::new()
                };
                let input = DecisionInput {
                    role: role.into(),
                    organisation: org.clone(),
                    decision: "consent".into(),
                    reason: String::new(),
                    cert_pem,
                };
                uc::decide(&app, &who, &slug, &input)
                    .await
                    .unwrap_or_else(|e| panic!("{name}: {role} {org}: {e:?}"));
            }
        }
        let c = store.computation(&slug).await.unwrap();
        assert_eq!(
            c.stage,
            Stage::Issued,
            "{name}: consents complete, so the spec is issued"
        );

        // The participants file: where the nodes listen and whose certificates to accept.
        let mut net = format!(
            "id = \"{}\"\n[timeouts]\nconnect_secs = 60\ninput_secs = 60\nround_secs = 60\n",
            spec.id
        );
        for org in &spec.nodes {
            net += &format!(
                "[[nodes]]\nname = \"{org}\"\naddress = \"127.0.0.1:{}\"\ncert = \"{org}.cert.pem\"\n",
                free_port()
            );
        }
        for org in &spec.parties {
            net += &format!("[[parties]]\nname = \"{org}\"\ncert = \"{org}.cert.pem\"\n");
        }
        let net_path = work.join("deelnemers.toml");
        std::fs::write(&net_path, net).unwrap();
        let recs = records(&spec, 40 + i as u64, per_party);
        for (org, rs) in spec.parties.iter().zip(&recs) {
            write_csv(&spec, rs, &work.join(format!("{org}.csv")));
        }
        let want = spec.plaintext(&recs).unwrap();
        let shown = want
            .groups
            .iter()
            .flat_map(|g| &g.cells)
            .filter(|c| c.value.is_some())
            .count();
        assert!(shown > 0, "{name}: the test data must give cells above k");

        let spec_url = format!("{base}/api/v1/computations/{slug}/spec");
        if i == 0 {
            // A node that is given another key than Leerpunt's refuses the spec.
            let wrong = "ab".repeat(32);
            let o = node(&[
                "run",
                "--spec",
                s(&net_path),
                "--as",
                &spec.nodes[0],
                "--out",
                s(&work.join("wrong.json")),
                "--spec-url",
                &spec_url,
                "--leerpunt-key",
                &wrong,
            ])
            .output()
            .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                !o.status.success() && err.contains("does not verify"),
                "{err}"
            );
        }
        let started = Instant::now();
        let mut nodes = Vec::new();
        for org in &spec.nodes {
            let out = work.join(format!("{org}.result.json"));
            nodes.push((
                org.clone(),
                node(&[
                    "run",
                    "--spec",
                    s(&net_path),
                    "--as",
                    org,
                    "--out",
                    s(&out),
                    "--spec-url",
                    &spec_url,
                    "--leerpunt-key",
                    &key,
                ])
                .spawn()
                .unwrap(),
            ));
        }
        let mut parties = Vec::new();
        for org in &spec.parties {
            let csv = work.join(format!("{org}.csv"));
            parties.push((
                org.clone(),
                node(&[
                    "input",
                    "--spec",
                    s(&net_path),
                    "--as",
                    org,
                    "--csv",
                    s(&csv),
                    "--spec-url",
                    &spec_url,
                    "--leerpunt-key",
                    &key,
                ])
                .spawn()
                .unwrap(),
            ));
        }
        let outcomes = tokio::task::spawn_blocking(move || {
            parties
                .into_iter()
                .chain(nodes)
                .map(|(org, child)| (org, wait(child, 120)))
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
        let elapsed = started.elapsed();
        for (org, (ok, err)) in &outcomes {
            assert!(ok, "{name}: {org} failed:\n{err}");
        }
        for org in &spec.nodes {
            let got: ComputationResult = serde_json::from_slice(
                &std::fs::read(work.join(format!("{org}.result.json"))).unwrap(),
            )
            .unwrap();
            assert_eq!(
                got, want,
                "{name}: node {org}'s result differs from the plaintext"
            );
        }
        eprintln!(
            "{name}: {} parties, {} records, {} statistics: nodes and parties done in {:.2} s",
            spec.parties.len(),
            recs.iter().map(Vec::len).sum::<usize>(),
            spec.statistics.len(),
            elapsed.as_secs_f64()
        );

        // Leerpunt saw the phases and holds the result; the parties approve; it is published.
        let c = store.computation(&slug).await.unwrap();
        assert_eq!(c.stage, Stage::Done, "{name}: {:?}", c.reports);
        assert_eq!(
            c.result.as_ref(),
            Some(&want),
            "{name}: the imported result"
        );
        for org in &spec.nodes {
            assert!(
                c.reports.iter().any(|r| &r.organisation == org),
                "{name}: no report from {org}: {:?}",
                c.reports
            );
        }
        assert_eq!(
            c.delivered.len(),
            spec.parties.len(),
            "{name}: {:?}",
            c.delivered
        );
        for org in &spec.parties {
            uc::approve(&app, &who, &slug, org).await.unwrap();
        }
        let c = store.computation(&slug).await.unwrap();
        assert_eq!(c.stage, Stage::Published, "{name}");
        // The published joint analysis is public: a visitor reads it without signing in.
        let page = http_get(&base, &format!("/gezamenlijke-analyse/{slug}"));
        assert!(
            page.starts_with("HTTP/1.1 200") && page.contains(&spec.title.nl),
            "{name}: {page:.300}"
        );
    }
    server.abort();
}
