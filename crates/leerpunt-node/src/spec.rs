//! The computation spec file (TOML): who takes part, where the nodes listen, which certificates
//! identify them, what the input looks like and what is computed. Every participant loads the same file.
//!
//! ```toml
//! id = "debt-2026-q1"                 # binds every message to this computation
//! title = "Schuldsignalering per buurt"
//! k = 10                              # cells below k are suppressed (default 10)
//!
//! [input]                             # CSV columns of the input parties
//! household = "household_id"
//! group = "neighbourhood"
//! amount = "arrears_cents"            # a non-negative integer (e.g. cents)
//! histogram_edges = [0, 10000, 50000, 200000]
//! pad_records_to = 1000               # optional: hide exact list sizes from the nodes
//!
//! [group_by]                          # the grouping key and its public domain
//! name = "neighbourhood"
//! domain = ["BU03630001", "BU03630002"]
//!
//! [[nodes]]                           # exactly three compute nodes, in this order
//! name = "centre"
//! address = "127.0.0.1:7101"
//! cert = "centre.cert.pem"            # relative to this file
//!
//! [[parties]]                         # input parties
//! name = "gemeente"
//! cert = "gemeente.cert.pem"
//! ```

use anyhow::{bail, Context};
use leerpunt_mpc::debt::DebtSpec;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The statistics of the debt-signalling computation, by their result names.
pub const STATISTICS: [&str; 6] = [
    "households_per_party",
    "listings",
    "total_arrears",
    "mean_arrears",
    "histogram",
    "households_on_two_or_more_lists",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default = "default_k")]
    pub k: u64,
    /// Which statistics to reveal; the default (and for now the only supported value) is all of them.
    #[serde(default)]
    pub statistics: Option<Vec<String>>,
    #[serde(default)]
    pub input: InputSchema,
    #[serde(default)]
    pub group_by: GroupBy,
    pub nodes: Vec<Participant>,
    #[serde(default)]
    pub parties: Vec<Participant>,
    #[serde(default)]
    pub timeouts: Timeouts,
    /// The directory of the spec file; certificate paths are relative to it.
    #[serde(skip)]
    pub dir: PathBuf,
}

fn default_k() -> u64 {
    10
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSchema {
    pub household: String,
    pub group: String,
    pub amount: String,
    pub histogram_edges: Vec<u64>,
    /// Pad every party's list to a multiple of this many rows (0: no padding), so the nodes learn
    /// list sizes only roughly.
    #[serde(default)]
    pub pad_records_to: usize,
}

impl Default for InputSchema {
    fn default() -> Self {
        InputSchema {
            household: "household_id".into(),
            group: "neighbourhood".into(),
            amount: "arrears_cents".into(),
            histogram_edges: vec![0, 10_000, 50_000, 200_000],
            pad_records_to: 0,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupBy {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub name: String,
    /// `host:port` (nodes only).
    #[serde(default)]
    pub address: Option<String>,
    /// PEM certificate, relative to the spec file.
    pub cert: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeouts {
    /// How long a node waits for the other nodes to come up.
    #[serde(default = "t60")]
    pub connect_secs: u64,
    /// How long a node waits for all input parties.
    #[serde(default = "t600")]
    pub input_secs: u64,
    /// How long a node waits for any one protocol message.
    #[serde(default = "t120")]
    pub round_secs: u64,
}

fn t60() -> u64 {
    60
}
fn t600() -> u64 {
    600
}
fn t120() -> u64 {
    120
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect_secs: t60(),
            input_secs: t600(),
            round_secs: t120(),
        }
    }
}

impl Spec {
    pub fn load(path: &Path) -> anyhow::Result<Spec> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading spec {}", path.display()))?;
        let mut spec: Spec =
            toml::from_str(&text).with_context(|| format!("parsing spec {}", path.display()))?;
        spec.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        spec.validate()?;
        Ok(spec)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.id.trim().is_empty() {
            bail!("the spec needs a computation id");
        }
        if self.nodes.len() != leerpunt_mpc::NODES {
            bail!(
                "the spec lists {} nodes; the protocol runs on exactly 3",
                self.nodes.len()
            );
        }
        for n in &self.nodes {
            if n.address.is_none() {
                bail!("node {} has no address", n.name);
            }
        }
        let mut names: Vec<&str> = self
            .nodes
            .iter()
            .chain(&self.parties)
            .map(|p| p.name.as_str())
            .collect();
        names.sort();
        if names.windows(2).any(|w| w[0] == w[1]) {
            bail!("participant names must be unique");
        }
        if let Some(stats) = &self.statistics {
            let mut want: Vec<&str> = STATISTICS.to_vec();
            let mut got: Vec<&str> = stats.iter().map(String::as_str).collect();
            want.sort();
            got.sort();
            if want != got {
                bail!("statistics {got:?}: only the full debt-signalling set {STATISTICS:?} is implemented");
            }
        }
        Ok(())
    }

    /// The spec as the protocol library sees it (needs the input parties and a grouping domain).
    pub fn debt(&self) -> anyhow::Result<DebtSpec> {
        let d = DebtSpec {
            computation_id: self.id.clone(),
            title: self.title.clone(),
            parties: self.parties.iter().map(|p| p.name.clone()).collect(),
            group_by: self.group_by.name.clone(),
            groups: self.group_by.domain.clone(),
            histogram_edges: self.input.histogram_edges.clone(),
            k: self.k,
            pad_to: self.input.pad_records_to,
        };
        d.validate()?;
        Ok(d)
    }

    pub fn node_index(&self, name: &str) -> anyhow::Result<usize> {
        self.nodes
            .iter()
            .position(|n| n.name == name)
            .with_context(|| format!("{name} is not a node of computation {}", self.id))
    }

    pub fn party_index(&self, name: &str) -> anyhow::Result<usize> {
        self.parties
            .iter()
            .position(|n| n.name == name)
            .with_context(|| format!("{name} is not an input party of computation {}", self.id))
    }

    pub fn cert_path(&self, p: &Participant) -> PathBuf {
        self.dir.join(&p.cert)
    }

    pub fn address(&self, node: usize) -> anyhow::Result<String> {
        self.nodes[node]
            .address
            .clone()
            .context("node without address")
    }
}
