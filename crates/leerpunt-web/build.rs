//! Embeds the front-end files installed from npm with `npm ci` into the binary: the NL Design System
//! CSS and Cytoscape.js (the network graph's drawing library).
//!
//! The files come from `node_modules` (pinned by `package-lock.json`) and are never copied into the
//! repository. Without `npm ci` the build still succeeds, with a warning: the site looks plain and
//! the network page shows its lists without the drawing.

use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    (
        "node_modules/@utrecht/design-tokens/dist/index.css",
        "utrecht-tokens.css",
    ),
    (
        "node_modules/@utrecht/component-library-css/dist/index.css",
        "utrecht-components.css",
    ),
    (
        "node_modules/cytoscape/dist/cytoscape.min.js",
        "cytoscape.min.js",
    ),
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("../..");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    println!(
        "cargo:rerun-if-changed={}",
        root.join("package-lock.json").display()
    );
    for (source, target) in FILES {
        let path = root.join(source);
        println!("cargo:rerun-if-changed={}", path.display());
        copy_or_placeholder(&path, &out.join(target));
    }
}

fn copy_or_placeholder(from: &Path, to: &Path) {
    match std::fs::read(from) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(to, bytes) {
                println!("cargo:warning=cannot write {}: {e}", to.display());
            }
        }
        Err(_) => {
            println!("cargo:warning={} is missing: run `npm ci` in the repository root for the NL Design System styles and the network graph", from.display());
            let _ = std::fs::write(
                to,
                "/* Not installed from npm: run `npm ci` and rebuild. */\n",
            );
        }
    }
}
