//! The architecture rules of ARCHITECTURE.md, checked: which crate may depend on which, which crate
//! alone may use a library (SQL, the index, HTTP, HTML), and how the web crate's modules may
//! import each other (pages and API never import each other; use cases know no HTTP; no cycles).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The `[dependencies]` of a crate's manifest: name → the rest of its line.
fn dependencies(krate: &str) -> BTreeMap<String, String> {
    let manifest = std::fs::read_to_string(crates_dir().join(krate).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{krate}/Cargo.toml: {e}"));
    let mut out = BTreeMap::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps {
            if let Some((name, rest)) = line.split_once('=') {
                out.insert(name.trim().to_owned(), rest.trim().to_owned());
            }
        }
    }
    out
}

fn workspace_crates() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crates_dir())
        .expect("crates folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every `.rs` file below a folder, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable source");
            out.push((path, text));
        }
    }
    out
}

#[test]
fn crates_depend_only_on_the_layers_below_them() {
    // The allowed workspace dependencies of each library crate (the binary may use them all).
    let allowed: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("leerpunt-core", &[][..]),
        ("leerpunt-store", &["leerpunt-core"][..]),
        ("leerpunt-embed", &[][..]),
        (
            "leerpunt-search",
            &["leerpunt-core", "leerpunt-store", "leerpunt-embed"][..],
        ),
        ("leerpunt-mpc", &["leerpunt-core"][..]),
        ("leerpunt-node", &["leerpunt-core", "leerpunt-mpc"][..]),
        (
            "leerpunt-web",
            &["leerpunt-core", "leerpunt-store", "leerpunt-search"][..],
        ),
    ]);
    let crates = workspace_crates();
    assert!(crates.len() >= 8, "found {crates:?}");
    for krate in &crates {
        if krate == "leerpunt" {
            continue;
        }
        let rules = allowed.get(krate.as_str()).unwrap_or_else(|| {
            panic!("{krate} has no rule here: add one (and to ARCHITECTURE.md)")
        });
        let deps = dependencies(krate);
        assert!(!deps.is_empty(), "{krate} lists no dependencies?");
        for dep in deps.keys().filter(|d| d.starts_with("leerpunt")) {
            assert!(
                rules.contains(&dep.as_str()),
                "{krate} may not depend on {dep}"
            );
        }
    }
}

#[test]
fn one_crate_alone_uses_each_outside_library() {
    // library → the only crates that may list it (the binary wires, so it may hold anything).
    let owners: &[(&str, &[&str])] = &[
        ("sqlx", &["leerpunt-store"]),
        ("tantivy", &["leerpunt-search"]),
        ("axum", &["leerpunt-web"]),
        ("tower-http", &["leerpunt-web"]),
        ("minijinja", &["leerpunt-web"]),
        ("ammonia", &["leerpunt-web"]),
        ("atom_syndication", &["leerpunt-web"]),
        ("icalendar", &["leerpunt-web"]),
        ("chrono-tz", &["leerpunt-core"]),
        ("rustls", &["leerpunt-node"]),
        ("curve25519-dalek", &["leerpunt-mpc"]),
        ("matrixmultiply", &["leerpunt-embed"]),
    ];
    let crates = workspace_crates();
    for (library, allowed) in owners {
        let users: Vec<&String> = crates
            .iter()
            .filter(|c| *c != "leerpunt" && dependencies(c).contains_key(*library))
            .collect();
        assert!(!users.is_empty(), "nobody uses {library}: stale rule");
        for user in users {
            assert!(
                allowed.contains(&user.as_str()),
                "{user} may not use {library} (only {allowed:?})"
            );
        }
    }
    // Markdown is parsed outside the web crate (plain text for search) but rendered only in it.
    for krate in &crates {
        if let Some(line) = dependencies(krate).get("pulldown-cmark") {
            assert!(
                krate == "leerpunt-web" || !line.contains("html"),
                "{krate} may not render Markdown to HTML"
            );
        }
    }
}

#[test]
fn only_the_web_crate_makes_html() {
    let markers = ["<mark>", "from_safe_string", "push_html", "</p>", "<br"];
    let mut checked = 0;
    for krate in workspace_crates() {
        if krate == "leerpunt-web" {
            continue;
        }
        for (path, text) in sources(&crates_dir().join(&krate).join("src")) {
            checked += 1;
            for marker in markers {
                assert!(
                    !text.contains(marker),
                    "{} makes HTML ({marker}); only leerpunt-web does",
                    path.display()
                );
            }
        }
    }
    assert!(checked > 40, "read only {checked} files");
}

/// The top-level module of the web crate a `crate::…` path names.
fn web_module(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// The web crate's modules and the modules each one refers to (`crate::x`), lib.rs left out.
fn web_imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = crates_dir().join("leerpunt-web").join("src");
    let modules: BTreeSet<String> = sources(&src)
        .iter()
        .map(|(p, _)| web_module(p, &src))
        .filter(|m| m != "lib")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources(&src) {
        let from = web_module(&path, &src);
        if from == "lib" {
            continue;
        }
        let entry = graph.entry(from.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `crate::{a, b}` lists several.
            let names: Vec<String> = if name.is_empty() && rest.starts_with('{') {
                rest[1..rest.find('}').unwrap_or(1)]
                    .split(',')
                    .map(|s| s.trim().split("::").next().unwrap_or("").trim().to_owned())
                    .collect()
            } else {
                vec![name]
            };
            for n in names {
                if modules.contains(&n) && n != from {
                    entry.insert(n);
                }
            }
        }
    }
    graph
}

#[test]
fn web_modules_keep_their_places() {
    let graph = web_imports();
    for module in ["actions", "pages", "api", "routes", "router", "auth", "ui"] {
        assert!(graph.contains_key(module), "no module {module}: {graph:?}");
    }
    let uses = |m: &str| graph.get(m).cloned().unwrap_or_default();
    assert!(!uses("pages").contains("api"), "pages import the API");
    assert!(!uses("api").contains("pages"), "the API imports pages");
    assert!(
        uses("routes").is_empty(),
        "routes.rs must be a leaf: {:?}",
        uses("routes")
    );
    for web_only in [
        "pages",
        "api",
        "ui",
        "templates",
        "router",
        "auth",
        "markup",
        "extract",
    ] {
        assert!(
            !uses("actions").contains(web_only),
            "use cases may not know {web_only}"
        );
    }
    for module in ["pages", "api"] {
        let src = crates_dir().join("leerpunt-web").join("src").join(module);
        for (path, text) in sources(&src) {
            for direct in [".store.", "on_index(", ".search.index("] {
                assert!(
                    !text.contains(direct),
                    "{} reaches past the use cases ({direct})",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn web_modules_have_no_cycles() {
    let graph = web_imports();
    assert!(graph.len() > 10, "{graph:?}");
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            panic!("import cycle: {:?} → {node}", &stack[at..]);
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}
