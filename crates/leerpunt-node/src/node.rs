//! A compute node: accepts the other nodes and the input parties over pinned mutual TLS, runs the
//! protocol, and writes the result only when all three nodes confirmed the same result.

use crate::net::{self, BoxStream, NetTransport, ROLE_BENCH, ROLE_NODE, ROLE_PARTY};
use crate::spec::Spec;
use crate::tls::{self, Identity};
use anyhow::{anyhow, bail, Context};
use leerpunt_mpc::session::{computation_tag, Kind, Message};
use leerpunt_mpc::{debt, ComputationResult, Session};
use rustls::pki_types::CertificateDer;
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

/// Every known certificate: (is_node, index, name, der).
pub(crate) type CertTable = Vec<(bool, usize, String, CertificateDer<'static>)>;

pub(crate) fn cert_table(spec: &Spec) -> anyhow::Result<CertTable> {
    let mut t = Vec::new();
    for (i, n) in spec.nodes.iter().enumerate() {
        t.push((true, i, n.name.clone(), tls::load_cert(&spec.cert_path(n))?));
    }
    for (i, p) in spec.parties.iter().enumerate() {
        t.push((
            false,
            i,
            p.name.clone(),
            tls::load_cert(&spec.cert_path(p))?,
        ));
    }
    Ok(t)
}

/// Accepts connections forever, handing authenticated node links and uploads to `tx`.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    config: Arc<rustls::ServerConfig>,
    certs: Arc<CertTable>,
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
        let (acceptor, certs, spec, tx) =
            (acceptor.clone(), certs.clone(), spec.clone(), tx.clone());
        tokio::spawn(async move {
            if let Err(e) = handle(acceptor, tcp, &certs, &spec, me, &tx).await {
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
    certs: &CertTable,
    spec: &Spec,
    me: usize,
    tx: &mpsc::UnboundedSender<Arrival>,
) -> anyhow::Result<()> {
    let hs = Duration::from_secs(10);
    let mut tls = tokio::time::timeout(hs, acceptor.accept(tcp))
        .await
        .map_err(|_| anyhow!("TLS handshake timed out"))?
        .context("TLS handshake failed (unknown certificate?)")?;
    let peer = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .cloned()
        .ok_or_else(|| anyhow!("no client certificate"))?;
    let (is_node, idx, name) =
        net::identify(certs, &peer).ok_or_else(|| anyhow!("certificate not in the spec"))?;
    let tag = computation_tag(&spec.id);
    let hello = tokio::time::timeout(hs, net::read_frame(&mut tls, &name))
        .await
        .map_err(|_| anyhow!("{name} sent no hello"))??;
    let (role, claimed) = net::check_hello(&hello, tag, &name)?;
    if claimed != name {
        bail!("peer with the certificate of {name} claims to be {claimed}");
    }
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
    let cert_path = cert
        .map(Path::to_path_buf)
        .unwrap_or_else(|| spec.cert_path(&spec.nodes[me]));
    let key_path = key
        .map(Path::to_path_buf)
        .unwrap_or_else(|| crate::default_key_path(&cert_path));
    let identity = Identity::load(&cert_path, &key_path)?;
    let certs = Arc::new(cert_table(&spec)?);
    let spec = Arc::new(spec);
    let addr = spec.address(me)?;
    let listener = TcpListener::bind(&addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let server = tls::server_config(&identity, certs.iter().map(|c| c.3.clone()).collect())?;
    let (tx, mut arrivals) = mpsc::unbounded_channel();
    tokio::spawn(accept_loop(
        listener,
        server,
        certs.clone(),
        spec.clone(),
        me,
        tx,
    ));

    let tag = computation_tag(&spec.id);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(spec.timeouts.connect_secs);
    let mut links: Vec<(usize, String, BoxStream)> = Vec::new();
    for j in 0..me {
        let peer_cert = certs
            .iter()
            .find(|c| c.0 && c.1 == j)
            .map(|c| c.3.clone())
            .ok_or_else(|| anyhow!("no certificate for node {j}"))?;
        let client = tls::client_config(&identity, vec![peer_cert])?;
        let peer = &spec.nodes[j].name;
        let mut s = net::dial(&spec.address(j)?, client, deadline)
            .await
            .with_context(|| format!("connecting to node {peer}"))?;
        let h = async {
            net::write_frame(&mut s, &net::hello(tag, role, name)).await?;
            net::read_frame(&mut s, peer).await
        }
        .await
        .with_context(|| format!("node {peer} did not accept {name} (is this node's certificate the one in the spec?)"))?;
        let (_, claimed) = net::check_hello(&h, tag, peer)?;
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

/// `leerpunt node run`.
pub async fn run(
    spec_path: &Path,
    name: &str,
    out: &Path,
    key: Option<&Path>,
    cert: Option<&Path>,
    crash_at_round: Option<u32>,
) -> anyhow::Result<ComputationResult> {
    let spec = Spec::load(spec_path)?;
    let dspec = spec.debt()?;
    let id = spec.id.clone();
    let mut st = start(spec, name, key, cert, ROLE_NODE, crash_at_round).await?;
    let mut rng = rand_core::OsRng;
    let mut session = Session::setup(st.transport, st.me, &id, &mut rng)
        .await
        .with_context(|| format!("computation {id}: setting up with the other nodes"))?;
    let outcome = async {
        let uploads = wait_uploads(
            &st.spec,
            &mut st.arrivals,
            std::mem::take(&mut st.stash),
            &mut st.aborted,
        )
        .await?;
        debt::compute(&mut session, &dspec, &uploads)
            .await
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
            Ok(result)
        }
        Err(e) => {
            let reason = format!("{e:#}");
            session.abort(&format!("node {name}: {reason}")).await;
            session.into_transport().close().await;
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
