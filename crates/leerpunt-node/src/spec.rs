//! The computation spec file (TOML): who takes part, where the nodes listen, how their certificates
//! are recognised, what the input looks like and what is computed. Every participant loads the same file.
//!
//! ```toml
//! id = "debt-2026-q1"                 # binds every message to this computation
//! title = "Schuldsignalering per buurt"
//! k = 10                              # cells below k are suppressed (default 10)
//! ca = "ca.pem"                       # optional: trust anchor(s) for participants without `cert`
//!
//! [input]                             # CSV columns of the input parties
//! household = "household_id"
//! group = "neighbourhood"
//! amount = "arrears_cents"            # a non-negative integer (e.g. cents)
//! amount_min = 1                      # optional: the input party refuses a row outside
//! amount_max = 10000000               #   amount_min..=amount_max before it shares anything
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
//! cert = "centre.cert.pem"            # pinned: exactly this certificate (relative to this file)
//!
//! [[nodes]]
//! name = "statistiek"
//! address = "127.0.0.1:7102"
//! ca = "statistiek-ca.pem"            # a CA for this participant only (overrides the top-level `ca`)
//! dns = "mpc.statistiek.example"      # optional: the certificate must carry this DNS name
//!
//! [[parties]]                         # input parties
//! name = "gemeente"                   # no `cert`: the top-level `ca`; the certificate must name
//!                                     #   "gemeente" (subject common name, DNS or URI name)
//! ```
//!
//! A participant is recognised either by a pinned certificate (`cert`: byte for byte) or by a CA:
//! its certificate chain must verify to the participant's `ca` (or the top-level one), be valid
//! now, allow TLS client (and, for a node, server) authentication, and name the participant.
//! The name check is what keeps one organisation's CA-signed certificate from being accepted in
//! another participant's place. By default the participant's `name` must be the certificate's
//! subject common name or one of its DNS or URI subject alternative names; `dns`, `uri` and
//! `common_name` demand those exactly instead (all that are given must match). `cert` and a
//! participant's own `ca` exclude each other; a participant with `cert` ignores the top-level `ca`.
//! With a CA that several organisations share (a national hierarchy such as PKIoverheid), give
//! each participant a `dns` or `uri` name the CA validates for that organisation: the default
//! only suits a CA that issues nobody else a certificate with that participant's name.

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
    /// Trust anchors (PEM, one or more CA certificates) for every participant without a pinned
    /// `cert` or its own `ca`.
    #[serde(default)]
    pub ca: Option<PathBuf>,
    pub nodes: Vec<Participant>,
    #[serde(default)]
    pub parties: Vec<Participant>,
    #[serde(default)]
    pub timeouts: Timeouts,
    /// The directory of the spec file; certificate and CA paths are relative to it.
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
    /// The smallest amount an input party may send (inclusive); a row below it is refused before
    /// anything is shared.
    #[serde(default)]
    pub amount_min: Option<u64>,
    /// The largest amount an input party may send (inclusive).
    #[serde(default)]
    pub amount_max: Option<u64>,
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
            amount_min: None,
            amount_max: None,
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

impl InputSchema {
    /// The declared range of the amount column, `(min, max)` inclusive.
    pub fn amount_range(&self) -> (u64, u64) {
        (
            self.amount_min.unwrap_or(0),
            self.amount_max.unwrap_or(u64::MAX),
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub name: String,
    /// `host:port` (nodes only).
    #[serde(default)]
    pub address: Option<String>,
    /// Pinned PEM certificate, relative to the spec file.
    #[serde(default)]
    pub cert: Option<PathBuf>,
    /// Trust anchors (PEM) for this participant, instead of the spec's top-level `ca`.
    #[serde(default)]
    pub ca: Option<PathBuf>,
    /// With a CA: a DNS subject alternative name the certificate must carry.
    #[serde(default)]
    pub dns: Option<String>,
    /// With a CA: a URI subject alternative name the certificate must carry.
    #[serde(default)]
    pub uri: Option<String>,
    /// With a CA: the subject common name the certificate must have.
    #[serde(default)]
    pub common_name: Option<String>,
}

impl Participant {
    fn has_expected_names(&self) -> bool {
        self.dns.is_some() || self.uri.is_some() || self.common_name.is_some()
    }
}

/// How a participant's certificate is recognised, with paths resolved against the spec's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Exactly this certificate.
    Pinned(PathBuf),
    /// Any certificate whose chain verifies to these trust anchors and that names the participant.
    Ca { ca: PathBuf, expected: ExpectedName },
}

/// What a CA-signed certificate must name to stand for a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedName {
    /// The participant's name in the spec: without `dns`, `uri` or `common_name`, the subject
    /// common name or a DNS or URI subject alternative name must equal it.
    pub participant: String,
    pub dns: Option<String>,
    pub uri: Option<String>,
    pub common_name: Option<String>,
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
        for p in self.nodes.iter().chain(&self.parties) {
            self.trust(p)?;
        }
        let (min, max) = self.input.amount_range();
        if min > max {
            bail!("[input] amount_min ({min}) is larger than amount_max ({max})");
        }
        // Names are unique among the nodes and among the input parties; an organisation may be
        // both (it says which in its hello).
        for list in [&self.nodes, &self.parties] {
            let mut names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
            names.sort();
            if names.windows(2).any(|w| w[0] == w[1]) {
                bail!(
                    "participant names must be unique among the nodes and among the input parties"
                );
            }
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

    /// How `p`'s certificate is recognised (see the module documentation).
    pub fn trust(&self, p: &Participant) -> anyhow::Result<Trust> {
        let name = &p.name;
        match (&p.cert, &p.ca) {
            (Some(_), Some(_)) => {
                bail!("participant {name} has both a pinned cert and a ca: give one of them")
            }
            (Some(cert), None) => {
                if p.has_expected_names() {
                    bail!(
                        "participant {name} has a pinned cert: dns, uri and common_name apply only to participants recognised through a ca"
                    );
                }
                Ok(Trust::Pinned(self.dir.join(cert)))
            }
            (None, ca) => {
                let ca = ca.as_ref().or(self.ca.as_ref()).with_context(|| {
                    format!("participant {name} has neither a pinned cert nor a ca (and the spec has no top-level ca)")
                })?;
                for (key, v) in [
                    ("dns", &p.dns),
                    ("uri", &p.uri),
                    ("common_name", &p.common_name),
                ] {
                    if v.as_deref().is_some_and(|v| v.trim().is_empty()) {
                        bail!("participant {name}: {key} is empty");
                    }
                }
                Ok(Trust::Ca {
                    ca: self.dir.join(ca),
                    expected: ExpectedName {
                        participant: name.clone(),
                        dns: p.dns.clone(),
                        uri: p.uri.clone(),
                        common_name: p.common_name.clone(),
                    },
                })
            }
        }
    }

    /// The certificate `p` itself presents unless told otherwise: the pinned one. A participant
    /// recognised through a CA has none in the spec, so it must say which (`--cert`).
    pub fn own_cert_path(&self, p: &Participant) -> anyhow::Result<PathBuf> {
        match self.trust(p)? {
            Trust::Pinned(path) => Ok(path),
            Trust::Ca { .. } => bail!(
                "{} is recognised through a CA in the spec, which pins no certificate for it: give its certificate with --cert (and its key with --key)",
                p.name
            ),
        }
    }

    pub fn address(&self, node: usize) -> anyhow::Result<String> {
        self.nodes[node]
            .address
            .clone()
            .context("node without address")
    }
}
