//! The transport around `leerpunt-mpc`: runs a compute node or an input party over mutually authenticated TLS.
//!
//! `leerpunt node init` makes a participant's key pair and certificate, `leerpunt node run` runs
//! one of the three compute nodes, `leerpunt node input` sends an input party's CSV (secret-shared)
//! and exits, `leerpunt node bench` measures the protocols. All read the same participants file
//! ([`spec`]); what is computed comes from it (the debt-signalling set) or from a spec Leerpunt
//! issued ([`issued`]: a file, or fetched with its signature checked).

/// The protocol library, re-exported so that users of this crate (the binary's tests) share its types.
pub use leerpunt_mpc;

pub mod bench;
pub mod issued;
pub mod net;
pub mod node;
pub mod party;
pub mod spec;
pub mod tls;
pub mod trust;

use anyhow::Context;
use std::path::{Path, PathBuf};

/// Arguments of `leerpunt node`.
#[derive(Debug, clap::Args)]
pub struct NodeArgs {
    #[command(subcommand)]
    pub command: NodeCommand,
}

/// What `leerpunt node` can do.
#[derive(Debug, clap::Subcommand)]
pub enum NodeCommand {
    /// Make a key pair and a self-signed certificate (and optionally a signing request) for a participant.
    Init(InitArgs),
    /// Run one of the three compute nodes of a computation until its result is written.
    Run(RunArgs),
    /// Secret-share an input party's CSV with the compute nodes, then exit.
    Input(InputArgs),
    /// Benchmark the protocols: run once per node, with a spec that lists only the three nodes.
    Bench(BenchArgs),
    /// Print the protocol library version.
    Info,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The participant's name, as it will appear in the spec.
    #[arg(long)]
    pub name: String,
    /// Where to write NAME.key.pem, NAME.cert.pem (and NAME.csr.pem).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Also write a certificate signing request for an organisation's CA (same key; subject
    /// common name NAME).
    #[arg(long)]
    pub csr: bool,
    /// A DNS name for the certificate and the request (repeatable), e.g. the node's host name.
    #[arg(long = "dns", value_name = "NAME")]
    pub dns: Vec<String>,
    /// A URI for the certificate and the request (repeatable).
    #[arg(long = "uri", value_name = "URI")]
    pub uri: Vec<String>,
}

/// Who this process is in a computation.
#[derive(Debug, clap::Args)]
pub struct Who {
    /// The participants file (TOML): the computation id, where the nodes listen, how every
    /// participant's certificate is recognised, and (without --computation or --spec-url) the
    /// debt-signalling input schema.
    #[arg(long)]
    pub spec: PathBuf,
    /// This participant's name in the spec.
    #[arg(long = "as")]
    pub name: String,
    /// Private key (PEM); default: the certificate's path with `.cert.pem` replaced by `.key.pem`.
    #[arg(long)]
    pub key: Option<PathBuf>,
    /// Certificate (PEM, optionally followed by intermediate CA certificates); default: the one
    /// the spec pins for this participant. Required for a participant the spec trusts through a CA.
    #[arg(long)]
    pub cert: Option<PathBuf>,
    /// The statistics to compute, as Leerpunt issued them (TOML, downloaded from the computation's
    /// page). Without this or --spec-url, `--spec`'s `[input]` describes the debt-signalling set.
    #[arg(long, conflicts_with = "spec_url")]
    pub computation: Option<PathBuf>,
    /// Fetch the issued spec from Leerpunt (…/api/v1/computations/ID/spec), verify its signature
    /// with --leerpunt-key, and (for a node) report progress there, signed with this node's key.
    #[arg(long, requires = "leerpunt_key")]
    pub spec_url: Option<String>,
    /// Leerpunt's public signing key (hex), obtained out of band.
    #[arg(long, env = "LEERPUNT_PUBLIC_KEY")]
    pub leerpunt_key: Option<String>,
}

impl Who {
    /// Where the statistics come from, if not from `--spec`'s own `[input]`.
    pub fn source(&self) -> Option<issued::Source> {
        match (&self.computation, &self.spec_url, &self.leerpunt_key) {
            (Some(f), _, _) => Some(issued::Source::File(f.clone())),
            (None, Some(url), Some(key)) => Some(issued::Source::Url {
                url: url.clone(),
                key: key.clone(),
            }),
            _ => None,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub who: Who,
    /// Where to write the result (JSON, `ComputationResult`).
    #[arg(long, default_value = "result.json")]
    pub out: PathBuf,
    /// Testing only: exit the process when about to send in this protocol round.
    #[arg(long, hide = true)]
    pub crash_at_round: Option<u32>,
}

#[derive(Debug, clap::Args)]
pub struct InputArgs {
    #[command(flatten)]
    pub who: Who,
    /// The party's records: columns as named in the spec's `[input]`.
    #[arg(long)]
    pub csv: PathBuf,
    /// Testing only: exit after sending this many bytes of the upload to the second node.
    #[arg(long, hide = true)]
    pub crash_after: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub who: Who,
    #[arg(long, value_enum, default_value = "sum")]
    pub workload: bench::Workload,
    /// Values per node.
    #[arg(long, default_value_t = 1_000_000)]
    pub n: usize,
    /// Run the malicious-security checks (`--checks false` measures the semi-honest protocol).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub checks: bool,
}

/// `x.cert.pem` → `x.key.pem` (otherwise `x.key`).
pub fn default_key_path(cert: &Path) -> PathBuf {
    let s = cert.to_string_lossy();
    match s.strip_suffix(".cert.pem") {
        Some(stem) => PathBuf::from(format!("{stem}.key.pem")),
        None => cert.with_extension("key"),
    }
}

/// Runs `leerpunt node …`.
pub async fn run(args: NodeArgs) -> anyhow::Result<()> {
    match args.command {
        NodeCommand::Init(a) => {
            let g = tls::generate_with_names(&a.name, &a.dns, &a.uri, a.csr)?;
            std::fs::create_dir_all(&a.dir)?;
            let key = a.dir.join(format!("{}.key.pem", a.name));
            write_private(&key, &g.key_pem)?;
            let cert = a.dir.join(format!("{}.cert.pem", a.name));
            std::fs::write(&cert, &g.cert_pem)
                .with_context(|| format!("writing {}", cert.display()))?;
            println!("{}\n{}", key.display(), cert.display());
            if let Some(csr) = g.csr_pem {
                let p = a.dir.join(format!("{}.csr.pem", a.name));
                std::fs::write(&p, csr)?;
                println!("{}", p.display());
            }
            Ok(())
        }
        NodeCommand::Run(a) => node::run(
            &a.who.spec,
            &a.who.name,
            &a.out,
            a.who.key.as_deref(),
            a.who.cert.as_deref(),
            a.crash_at_round,
            a.who.source().as_ref(),
        )
        .await
        .map(|_| ()),
        NodeCommand::Input(a) => {
            party::run(
                &a.who.spec,
                &a.who.name,
                &a.csv,
                a.who.key.as_deref(),
                a.who.cert.as_deref(),
                a.crash_after,
                a.who.source().as_ref(),
            )
            .await
        }
        NodeCommand::Bench(a) => {
            let r = bench::run(
                &a.who.spec,
                &a.who.name,
                a.who.key.as_deref(),
                a.who.cert.as_deref(),
                a.workload,
                a.n,
                a.checks,
            )
            .await?;
            println!("{}", serde_json::to_string(&r)?);
            if !r.correct {
                anyhow::bail!("benchmark result differs from the plaintext computation");
            }
            Ok(())
        }
        NodeCommand::Info => {
            println!("leerpunt-mpc {}", leerpunt_mpc::VERSION);
            Ok(())
        }
    }
}

fn write_private(path: &Path, pem: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(pem.as_bytes())?;
    Ok(())
}
