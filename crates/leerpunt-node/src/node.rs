//! A compute node: accepts the other nodes and the input parties over mutual TLS (pinned or
//! CA-signed certificates, as the spec says), runs the protocol, and writes the result only when
//! all three nodes confirmed the same result.

use crate::issued::{self, Reporter, Source};
use crate::net::{self, BoxStream, NetTransport, ROLE_BENCH, ROLE_NODE, ROLE_PARTY};
use crate::spec::Spec;
use crate::tls::{self, Identity};
use crate::trust::{PeerRole, Peers};
use anyhow::{anyhow, bail, Context};
use leerpunt_core::computation::ComputationSpec;
use leerpunt_mpc::session::{computation_tag, Kind, Message};
use leerpunt_mpc::{debt, stats, ComputationResult, Session};
use rustls::pki_types::UnixTime;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// Something that arrived at the listener.
pub(crate) enum Arrival {
    Node(usize, String, BoxStream),
    Upload(usize, Result<Vec<u8>, String>),
}

/// Accepts connections forever, handing authenticated node links and uploads to `tx`.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    config: Arc<rustls::ServerConfig>,
    peers: Arc<Peers>,
    spec: Arc<Spec>,
    me: usize,
    tx: mpsc::UnboundedSender<Arrival>,
) {
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    loop {
        let Ok((tcp, addr)) = listener.accept().await else {
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let (acceptor, peers, spec, tx) =
            (acceptor.clone(), peers.clone(), spec.clone(), tx.clone());
        tokio::spawn(async move {
            if let Err(e) = handle(acceptor, tcp, &peers, &spec, me, &tx).await {
                eprintln!(
                    "node {}: refused connection from {addr}: {e:#}",
                    spec.nodes[me].name
                );
            }
        });
    }
}

async fn handle(
    acceptor: tokio_rustls::TlsAcceptor,
    tcp: tokio::net::TcpStream,
    peers: &Peers,
    spec: &Spec,
    me: usize,
    tx: &mpsc::UnboundedSender<Arrival>,
) -> anyhow::Result<()> {
    let hs = Duration::from_secs(10);
    let mut tls = tokio::time::timeout(hs, acceptor.accept(tcp))
        .await
        .map_err(|_| anyhow!("TLS handshake timed out"))?
        .context("TLS handshake failed (a certificate the spec does not accept?)")?;
    // The handshake accepted the certificate for some participant; which ones exactly (a CA
    // certificate could name more than one) is decided again here, and the hello must pick one.
    let chain = tls
        .get_ref()
        .1
        .peer_certificates()
        .map(<[_]>::to_vec)
        .unwrap_or_default();
    let candidates = peers.matching(&chain, UnixTime::now(), PeerRole::Client);
    let first = candidates
        .first()
        .ok_or_else(|| anyhow!("the certificate stands for no participant of the spec"))?;
    let who = if candidates.len() == 1 {
        first.name.clone()
    } else {
        format!("the holder of a certificate naming {}", first.name)
    };
    let tag = computation_tag(&spec.id);
    let hello = tokio::time::timeout(hs, net::read_frame(&mut tls, &who))
        .await
        .map_err(|_| anyhow!("{who} sent no hello"))??;
    let (role, claimed) = net::check_hello(&hello, tag, &who)?;
    // An organisation may both run a node and deliver input: the role in the hello decides.
    let Some(peer) = candidates
        .iter()
        .find(|p| p.name == claimed && p.is_node == (role != ROLE_PARTY))
    else {
        let names: Vec<&str> = candidates.iter().map(|p| p.name.as_str()).collect();
        let reason = format!(
            "the certificate presented stands for {}, not for {claimed}",
            names.join(" and ")
        );
        // Tell the peer why before closing; it is authenticated as some participant.
        let _ = net::write_frame(
            &mut tls,
            &Message {
                computation: tag,
                round: 0,
                kind: Kind::Abort,
                payload: reason.clone().into_bytes(),
            },
        )
        .await;
        bail!("{reason}");
    };
    let (is_node, idx, name) = (peer.is_node, peer.index, peer.name.clone());
    net::write_frame(&mut tls, &net::hello(tag, ROLE_NODE, &spec.nodes[me].name)).await?;
    match (is_node, role) {
        (true, ROLE_NODE | ROLE_BENCH) if idx > me => {
            let _ = tx.send(Arrival::Node(idx, name, Box::new(tls)));
        }
        (true, _) => bail!("node {name} must not dial node {}", spec.nodes[me].name),
        (false, ROLE_PARTY) => {
            let limit = Duration::from_secs(spec.timeouts.input_secs);
            let got = match tokio::time::timeout(
                limit,
                net::read_frame(&mut tls, &format!("input party {name}")),
            )
            .await
            {
                Err(_) => Err(format!(
                    "input party {name} started but did not finish its upload within {} s",
                    limit.as_secs()
                )),
                Ok(Err(e)) => Err(format!("{e:#}")),
                Ok(Ok(m)) if m.computation != tag || m.kind != Kind::Data => Err(format!(
                    "input party {name} sent a message for another computation"
                )),
                Ok(Ok(m)) => Ok(m.payload),
            };
            if got.is_ok() {
                net::write_frame(
                    &mut tls,
                    &Message {
                        computation: tag,
                        round: 0,
                        kind: Kind::Data,
                        payload: b"ok".to_vec(),
                    },
                )
                .await?;
            }
            let _ = tx.send(Arrival::Upload(idx, got));
        }
        (false, _) => bail!("{name} is an input party but announced another role"),
    }
    Ok(())
}

/// Everything a node needs before the protocol starts.
pub(crate) struct Started {
    pub spec: Arc<Spec>,
    pub me: usize,
    pub arrivals: mpsc::UnboundedReceiver<Arrival>,
    pub stash: Vec<Arrival>,
    pub transport: NetTransport,
    pub aborted: watch::Receiver<Option<String>>,
}

/// Node `me`'s certificate and key files: as given, else the certificate the spec pins and the
/// key beside it.
fn own_paths(
    spec: &Spec,
    me: usize,
    key: Option<&Path>,
    cert: Option<&Path>,
) -> anyhow::Result<(std::path::PathBuf, std::path::PathBuf)> {
    let cert_path = match cert {
        Some(c) => c.to_path_buf(),
        None => spec.own_cert_path(&spec.nodes[me])?,
    };
    let key_path = key
        .map(Path::to_path_buf)
        .unwrap_or_else(|| crate::default_key_path(&cert_path));
    Ok((cert_path, key_path))
}

/// Listens, connects to the other nodes (node `i` dials nodes `j < i`) and builds the transport.
pub(crate) async fn start(
    spec: Spec,
    name: &str,
    key: Option<&Path>,
    cert: Option<&Path>,
    role: u8,
    crash_at_round: Option<u32>,
) -> anyhow::Result<Started> {
    let me = spec.node_index(name)?;
    let (cert_path, key_path) = own_paths(&spec, me, key, cert)?;
    let identity = Identity::load(&cert_path, &key_path)?;
    let peers = Arc::new(Peers::load(&spec)?);
    let spec = Arc::new(spec);
    let addr = spec.address(me)?;
    let listener = TcpListener::bind(&addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let server = tls::server_config(&identity, peers.rules())?;
    let (tx, mut arrivals) = mpsc::unbounded_channel();
    tokio::spawn(accept_loop(
        listener,
        server,
        peers.clone(),
        spec.clone(),
        me,
        tx,
    ));

    let tag = computation_tag(&spec.id);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(spec.timeouts.connect_secs);
    let mut links: Vec<(usize, String, BoxStream)> = Vec::new();
    for j in 0..me {
        let client = tls::client_config(&identity, peers.node(j)?.rule.clone())?;
        let peer = &spec.nodes[j].name;
        let mut s = net::dial(&spec.address(j)?, client, deadline)
            .await
            .with_context(|| format!("connecting to node {peer}"))?;
        let claimed = async {
            let h = net::exchange_hellos(&mut s, &net::hello(tag, role, name), peer).await?;
            net::check_hello(&h, tag, peer).map(|(_, claimed)| claimed)
        }
        .await
        .with_context(|| {
            format!(
                "node {peer} did not accept {name} (does the spec accept this node's certificate?)"
            )
        })?;
        if &claimed != peer {
            bail!("node {peer} answered as {claimed}");
        }
        links.push((j, peer.clone(), Box::new(s)));
    }
    let mut stash = Vec::new();
    while links.len() < leerpunt_mpc::NODES - 1 {
        match tokio::time::timeout_at(deadline, arrivals.recv()).await {
            Err(_) => {
                let missing: Vec<&str> = (me + 1..3)
                    .filter(|j| !links.iter().any(|l| l.0 == *j))
                    .map(|j| spec.nodes[j].name.as_str())
                    .collect();
                bail!(
                    "nodes {missing:?} did not connect within {} s",
                    spec.timeouts.connect_secs
                );
            }
            Ok(None) => bail!("listener stopped"),
            Ok(Some(Arrival::Node(j, n, s))) => {
                if !links.iter().any(|l| l.0 == j) {
                    links.push((j, n, s));
                }
            }
            Ok(Some(a)) => stash.push(a),
        }
    }
    let (ab_tx, ab_rx) = watch::channel(None);
    let transport = NetTransport::new(
        links,
        Duration::from_secs(spec.timeouts.round_secs),
        crash_at_round,
        ab_tx,
    );
    Ok(Started {
        spec,
        me,
        arrivals,
        stash,
        transport,
        aborted: ab_rx,
    })
}

/// What the nodes compute: the debt-signalling set of a participants file's `[input]`, or the
/// statistics of a spec Leerpunt issued.
pub enum Job {
    Debt(leerpunt_mpc::debt::DebtSpec),
    Stats(Box<ComputationSpec>),
}

impl Job {
    /// The job for `spec` (the participants file): its own debt set without `source`, else the
    /// issued statistics, which must name the same computation and participants.
    pub async fn of(spec: &Spec, source: Option<&Source>) -> anyhow::Result<Job> {
        match source {
            None => Ok(Job::Debt(spec.debt()?)),
            Some(src) => {
                let c = issued::load(src).await?;
                issued::check_matches(spec, &c)?;
                Ok(Job::Stats(Box::new(c)))
            }
        }
    }
}

/// `leerpunt node run`. With `source` the node computes the issued statistics, and with a
/// `Source::Url` it also reports its phases to Leerpunt, signed with its own key.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    spec_path: &Path,
    name: &str,
    out: &Path,
    key: Option<&Path>,
    cert: Option<&Path>,
    crash_at_round: Option<u32>,
    source: Option<&Source>,
) -> anyhow::Result<ComputationResult> {
    let spec = Spec::load(spec_path)?;
    let job = Job::of(&spec, source).await?;
    let me = spec.node_index(name)?;
    let reporter = match source {
        Some(Source::Url { url, .. }) => {
            let (_, key_path) = own_paths(&spec, me, key, cert)?;
            Some(Reporter::new(url, name, &key_path)?)
        }
        _ => None,
    };
    let id = spec.id.clone();
    let parties: Vec<String> = spec.parties.iter().map(|p| p.name.clone()).collect();
    let mut st = start(spec, name, key, cert, ROLE_NODE, crash_at_round).await?;
    let mut rng = rand_core::OsRng;
    let mut session = Session::setup(st.transport, st.me, &id, &mut rng)
        .await
        .with_context(|| format!("computation {id}: setting up with the other nodes"))?;
    if let Some(r) = &reporter {
        r.send("waiting_for_inputs", None, Some(&[]), None).await;
    }
    let outcome = async {
        let uploads = wait_uploads(
            &st.spec,
            &mut st.arrivals,
            std::mem::take(&mut st.stash),
            &mut st.aborted,
        )
        .await?;
        if let Some(r) = &reporter {
            r.send("computing", None, Some(&parties), None).await;
        }
        match &job {
            Job::Debt(d) => debt::compute(&mut session, d, &uploads).await,
            Job::Stats(c) => stats::compute(&mut session, c, &uploads).await,
        }
        .map_err(anyhow::Error::from)
    }
    .await;
    match outcome {
        Ok(result) => {
            session.into_transport().close().await;
            let json = serde_json::to_vec_pretty(&result)?;
            std::fs::write(out, json).with_context(|| format!("writing {}", out.display()))?;
            eprintln!(
                "node {name}: computation {id} finished; result written to {}",
                out.display()
            );
            // One node hands Leerpunt the result (all three hold the same, confirmed).
            if let Some(r) = reporter.as_ref().filter(|_| st.me == 0) {
                r.send("done", None, Some(&parties), Some(&result)).await;
            }
            Ok(result)
        }
        Err(e) => {
            let reason = format!("{e:#}");
            session.abort(&format!("node {name}: {reason}")).await;
            session.into_transport().close().await;
            if let Some(r) = &reporter {
                r.send("aborted", Some(&reason), None, None).await;
            }
            Err(anyhow!(
                "computation {id} aborted on node {name}: {reason}; nothing was revealed"
            ))
        }
    }
}

async fn wait_uploads(
    spec: &Spec,
    arrivals: &mut mpsc::UnboundedReceiver<Arrival>,
    stash: Vec<Arrival>,
    aborted: &mut watch::Receiver<Option<String>>,
) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut got: Vec<Option<Vec<u8>>> = vec![None; spec.parties.len()];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(spec.timeouts.input_secs);
    let take = |a: Arrival, got: &mut Vec<Option<Vec<u8>>>| -> anyhow::Result<()> {
        if let Arrival::Upload(p, r) = a {
            let name = &spec.parties[p].name;
            match r {
                Ok(bytes) if got[p].is_none() => got[p] = Some(bytes),
                Ok(_) => eprintln!("ignoring a second upload from {name}"),
                Err(e) => bail!("input party {name} dropped out: {e}"),
            }
        }
        Ok(())
    };
    for a in stash {
        take(a, &mut got)?;
    }
    while got.iter().any(Option::is_none) {
        if let Some(reason) = aborted.borrow().clone() {
            bail!("{reason}");
        }
        tokio::select! {
            a = arrivals.recv() => match a {
                Some(a) => take(a, &mut got)?,
                None => bail!("listener stopped"),
            },
            _ = aborted.changed() => {}
            _ = tokio::time::sleep_until(deadline) => {
                let missing: Vec<&str> = got.iter().zip(&spec.parties).filter(|(g, _)| g.is_none()).map(|(_, p)| p.name.as_str()).collect();
                bail!("input parties {missing:?} did not deliver within {} s", spec.timeouts.input_secs);
            }
        }
    }
    Ok(got.into_iter().flatten().collect())
}
