//! End-to-end tests of joint analysis: three `leerpunt node run` processes and four
//! `leerpunt node input` processes on loopback with real TLS, checked against a plaintext
//! computation over the same CSVs; a party that dies mid-protocol; an unknown certificate.

use crate::support::{bin, free_port, http_get};
use leerpunt_node::leerpunt_mpc::{debt, ComputationResult};
use leerpunt_node::{party, spec::Spec};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PARTIES: [&str; 4] = [
    "gemeente",
    "woningcorporatie",
    "energiebedrijf",
    "zorgverzekeraar",
];
const NODES: [&str; 3] = ["centrum", "statistiek", "derde"];

fn node_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.arg("node")
        .args(args)
        .env("LEERPUNT_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("non-UTF-8 path"))
}

/// Children killed on drop, so a failing test leaves no processes behind.
struct Procs(Vec<(String, Option<Child>)>);

impl Procs {
    fn spawn(&mut self, name: &str, mut cmd: Command) {
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start leerpunt node: {e}"));
        self.0.push((name.to_string(), Some(child)));
    }

    /// Waits for every process (at most `secs`), returning name, exit success and stderr.
    fn wait_all(&mut self, secs: u64) -> Vec<(String, bool, String)> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut out = Vec::new();
        for (name, slot) in &mut self.0 {
            let Some(mut child) = slot.take() else {
                continue;
            };
            loop {
                match child.try_wait() {
                    Ok(Some(_)) => break,
                    Ok(None) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(50))
                    }
                    _ => {
                        let _ = child.kill();
                        panic!("{name} did not finish within {secs} s");
                    }
                }
            }
            let o: Output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
            out.push((
                name.clone(),
                o.status.success(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            ));
        }
        out
    }
}

impl Drop for Procs {
    fn drop(&mut self) {
        for (_, c) in &mut self.0 {
            if let Some(c) = c {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
}

/// Keys and certificates via `leerpunt node init`, a spec, and one CSV per party.
fn fixture(dir: &Path, seed: u64) -> PathBuf {
    for n in NODES.iter().chain(&PARTIES).chain(&["indringer"]) {
        let o = node_cmd(&["init", "--name", n, "--dir", path(dir)])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            o.status.success(),
            "node init {n}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(dir.join("centrum.key.pem").exists() && dir.join("centrum.cert.pem").exists());
    let domain: Vec<String> = (0..5).map(|g| format!("\"BU0363{g:04}\"")).collect();
    let mut spec = format!(
        "id = \"schuldsignalering-e2e-{seed}\"\ntitle = \"Schuldsignalering per buurt\"\nk = 12\n\
         [timeouts]\nconnect_secs = 30\ninput_secs = 30\nround_secs = 30\n\
         [input]\nhousehold = \"huishouden\"\ngroup = \"buurt\"\namount = \"achterstand_cent\"\nhistogram_edges = [0, 25000, 100000]\n\
         [group_by]\nname = \"buurt\"\ndomain = [{}]\n",
        domain.join(", ")
    );
    for n in NODES {
        spec += &format!(
            "[[nodes]]\nname = \"{n}\"\naddress = \"127.0.0.1:{}\"\ncert = \"{n}.cert.pem\"\n",
            free_port()
        );
    }
    for p in PARTIES {
        spec += &format!("[[parties]]\nname = \"{p}\"\ncert = \"{p}.cert.pem\"\n");
    }
    let spec_path = dir.join("berekening.toml");
    std::fs::write(&spec_path, spec).unwrap_or_else(|e| panic!("{e}"));
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for (i, p) in PARTIES.iter().enumerate() {
        let mut csv = String::from("huishouden,buurt,achterstand_cent\n");
        // The last party is small, so some of its cells fall below k.
        let rows = if i == 3 { 30 } else { 120 + 40 * i };
        for _ in 0..rows {
            let h = next() % 400;
            csv += &format!("HH-{h:06},BU0363{:04},{}\n", h % 5, next() % 250_000);
        }
        std::fs::write(dir.join(format!("{p}.csv")), csv).unwrap_or_else(|e| panic!("{e}"));
    }
    spec_path
}

fn plaintext(dir: &Path, spec_path: &Path) -> ComputationResult {
    let spec = Spec::load(spec_path).unwrap_or_else(|e| panic!("{e:#}"));
    let recs: Vec<_> = PARTIES
        .iter()
        .map(|p| {
            party::read_csv(&spec, &dir.join(format!("{p}.csv")))
                .unwrap_or_else(|e| panic!("{e:#}"))
        })
        .collect();
    debt::plaintext(&spec.debt().unwrap_or_else(|e| panic!("{e:#}")), &recs)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn start_nodes(procs: &mut Procs, dir: &Path, spec: &Path, crash: Option<(usize, u32)>) {
    for (i, n) in NODES.iter().enumerate() {
        let out = dir.join(format!("{n}.result.json"));
        let mut args = vec!["run", "--spec", path(spec), "--as", n, "--out", path(&out)];
        let round;
        if let Some((who, r)) = crash {
            if who == i {
                round = r.to_string();
                args.extend(["--crash-at-round", round.as_str()]);
            }
        }
        procs.spawn(n, node_cmd(&args));
    }
}

fn start_party(procs: &mut Procs, dir: &Path, spec: &Path, p: &str, extra: &[&str]) {
    let csv = dir.join(format!("{p}.csv"));
    let mut args = vec![
        "input",
        "--spec",
        path(spec),
        "--as",
        p,
        "--csv",
        path(&csv),
    ];
    args.extend(extra);
    procs.spawn(p, node_cmd(&args));
}

#[test]
fn mpc_three_nodes_four_parties_over_tls_equal_plaintext() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 11);
    let mut procs = Procs(Vec::new());
    start_nodes(&mut procs, dir.path(), &spec, None);
    for p in PARTIES {
        start_party(&mut procs, dir.path(), &spec, p, &[]);
    }
    for (name, ok, err) in procs.wait_all(120) {
        assert!(ok, "{name} failed: {err}");
    }
    let want = plaintext(dir.path(), &spec);
    assert!(
        want.groups
            .iter()
            .flat_map(|g| &g.cells)
            .any(|c| c.value.is_some()),
        "fixture reveals nothing"
    );
    assert!(
        want.groups
            .iter()
            .flat_map(|g| &g.cells)
            .any(|c| c.suppressed),
        "fixture suppresses nothing"
    );
    for n in NODES {
        let bytes = std::fs::read(dir.path().join(format!("{n}.result.json")))
            .unwrap_or_else(|e| panic!("{n}: {e}"));
        let got: ComputationResult =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(got, want, "node {n}");
    }

    // The result is published in the web app and served back unchanged.
    let site = dir.path().join("site");
    let result = dir.path().join(format!("{}.result.json", NODES[0]));
    let published = Command::new(bin())
        .args([
            "--data-dir",
            path(&site),
            "import",
            "analysis",
            path(&result),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );
    let server = crate::support::Server::start(&site, &[]);
    let page = http_get(
        &server.base,
        &format!("/gezamenlijke-analyse/{}", want.computation_id),
    );
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let suppressed = want
        .groups
        .iter()
        .flat_map(|g| &g.cells)
        .filter(|c| c.suppressed)
        .count();
    assert_eq!(
        page.matches("class=\"lp-suppressed\"").count(),
        suppressed,
        "suppressed cells are marked"
    );
    let api = http_get(
        &server.base,
        &format!("/api/v1/analyses/{}", want.computation_id),
    );
    let body = api.split("\r\n\r\n").nth(1).unwrap_or_default();
    let served: ComputationResult =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(served, want);
}

fn assert_all_nodes_aborted(results: &[(String, bool, String)], dir: &Path, culprit: &str) {
    for (name, ok, err) in results.iter().filter(|r| NODES.contains(&r.0.as_str())) {
        assert!(!ok, "node {name} succeeded although {culprit} died");
        assert!(
            err.contains("aborted") && err.contains("nothing was revealed"),
            "node {name} gave no clear message: {err}"
        );
        assert!(
            !dir.join(format!("{name}.result.json")).exists(),
            "node {name} wrote a result"
        );
    }
}

#[test]
fn mpc_input_party_dying_mid_upload_aborts_every_node() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 12);
    let mut procs = Procs(Vec::new());
    start_nodes(&mut procs, dir.path(), &spec, None);
    // Three parties deliver; then the fourth dies half-way through its upload to the second node.
    let mut healthy = Procs(Vec::new());
    for p in &PARTIES[..3] {
        start_party(&mut healthy, dir.path(), &spec, p, &[]);
    }
    for (name, ok, err) in healthy.wait_all(60) {
        assert!(ok, "{name}: {err}");
    }
    start_party(
        &mut procs,
        dir.path(),
        &spec,
        PARTIES[3],
        &["--crash-after", "700"],
    );
    let results = procs.wait_all(120);
    assert_all_nodes_aborted(&results, dir.path(), PARTIES[3]);
    // The node that saw the broken upload names the party; the others name that node.
    let named = results
        .iter()
        .filter(|r| NODES.contains(&r.0.as_str()))
        .filter(|r| r.2.contains(PARTIES[3]))
        .count();
    assert!(
        named >= 1,
        "no node named the party that dropped out: {results:?}"
    );
}

#[test]
fn mpc_node_dying_mid_protocol_aborts_the_others() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 13);
    let mut procs = Procs(Vec::new());
    // Node 2 exits when it is about to send in round 6 (inside the shuffle, after all inputs arrived).
    start_nodes(&mut procs, dir.path(), &spec, Some((2, 6)));
    for p in PARTIES {
        start_party(&mut procs, dir.path(), &spec, p, &[]);
    }
    let results = procs.wait_all(120);
    for (name, ok, err) in &results {
        if name == "derde" {
            assert!(!ok && err.contains("fault injection"), "derde: {err}");
        } else if NODES.contains(&name.as_str()) {
            assert!(!ok, "{name} succeeded without derde");
            assert!(
                err.contains("aborted")
                    && err.contains("nothing was revealed")
                    && err.contains("node 2"),
                "{name}: {err}"
            );
            assert!(!dir.path().join(format!("{name}.result.json")).exists());
        }
    }
}

#[test]
fn mpc_unknown_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = fixture(dir.path(), 14);
    let mut procs = Procs(Vec::new());
    start_nodes(&mut procs, dir.path(), &spec, None);
    let (k, c) = (
        dir.path().join("indringer.key.pem"),
        dir.path().join("indringer.cert.pem"),
    );
    let csv = dir.path().join("gemeente.csv");
    let o = node_cmd(&[
        "input",
        "--spec",
        path(&spec),
        "--as",
        "gemeente",
        "--csv",
        path(&csv),
        "--key",
        path(&k),
        "--cert",
        path(&c),
    ])
    .output()
    .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success(),
        "an input party with an unknown certificate got in"
    );
    assert!(
        err.contains("did not accept") || err.contains("certificate"),
        "unclear refusal: {err}"
    );
    drop(procs);
    assert!(!dir.path().join("centrum.result.json").exists());
}
