//! Frames, handshakes and the node-to-node mesh: turns TLS streams into a `leerpunt_mpc::Transport`.
//!
//! A frame is a 4-byte little-endian length and an encoded `leerpunt_mpc::Message`. After the TLS
//! handshake both sides send a hello frame (bound to the computation) naming their role; the name
//! must be that of a participant the certificate stands for (see `trust`). Each mesh link has a
//! reader task and a writer task, so sending never waits for the peer to read.

use anyhow::{anyhow, bail, Context};
use leerpunt_mpc::session::{Kind, Message};
use leerpunt_mpc::{MpcError, Transport};
use rustls::pki_types::ServerName;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};

/// Largest accepted frame (an upload of a few million records fits).
pub const MAX_FRAME: usize = 1 << 31;

/// Any TLS stream, client or server side.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> Stream for T {}
pub type BoxStream = Box<dyn Stream>;

pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, msg: &Message) -> std::io::Result<()> {
    let len = leerpunt_mpc::session::HEADER_BYTES + msg.payload.len();
    let mut head = Vec::with_capacity(4 + leerpunt_mpc::session::HEADER_BYTES);
    head.extend_from_slice(&(len as u32).to_le_bytes());
    msg.encode_header(&mut head);
    w.write_all(&head).await?;
    w.write_all(&msg.payload).await?;
    w.flush().await
}

pub async fn read_frame<R: AsyncRead + Unpin>(r: &mut R, from: &str) -> anyhow::Result<Message> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)
        .await
        .with_context(|| format!("connection to {from} closed"))?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        bail!("{from} sent a frame of {len} bytes (limit {MAX_FRAME})");
    }
    let mut buf = vec![0u8; len];
    let mut got = 0;
    while got < len {
        let n = r
            .read(&mut buf[got..])
            .await
            .with_context(|| format!("reading from {from}"))?;
        if n == 0 {
            bail!("{from} disconnected after {got} of {len} bytes of a message");
        }
        got += n;
    }
    Ok(Message::decode(buf, from)?)
}

/// Sends our hello and reads the peer's. A peer that refuses our certificate ends the
/// connection with a TLS alert, possibly before our hello is out; the alert, read afterwards,
/// says more than the failed write, so the read is tried either way.
pub async fn exchange_hellos<S: AsyncRead + AsyncWrite + Unpin>(
    s: &mut S,
    ours: &Message,
    peer: &str,
) -> anyhow::Result<Message> {
    let sent = write_frame(s, ours).await;
    let got = read_frame(s, peer).await;
    match (sent, got) {
        (Ok(()), got) => got,
        (Err(w), Ok(_)) => Err(w).with_context(|| format!("sending the hello to {peer}")),
        (Err(w), Err(r)) => Err(r.context(format!("sending the hello to {peer} failed ({w})"))),
    }
}

/// The role a hello frame announces.
pub const ROLE_NODE: u8 = 1;
pub const ROLE_PARTY: u8 = 2;
pub const ROLE_BENCH: u8 = 3;

pub fn hello(computation: u64, role: u8, name: &str) -> Message {
    let mut payload = vec![role];
    payload.extend_from_slice(name.as_bytes());
    Message {
        computation,
        round: 0,
        kind: Kind::Data,
        payload,
    }
}

pub fn check_hello(msg: &Message, computation: u64, from: &str) -> anyhow::Result<(u8, String)> {
    if msg.computation != computation {
        bail!(
            "{from} is running another computation (tag {:016x}, expected {computation:016x})",
            msg.computation
        );
    }
    if msg.kind == Kind::Abort {
        bail!("{from} aborted: {}", String::from_utf8_lossy(&msg.payload));
    }
    let (&role, name) = msg
        .payload
        .split_first()
        .ok_or_else(|| anyhow!("{from} sent an empty hello"))?;
    Ok((role, String::from_utf8_lossy(name).into_owned()))
}

/// Dials `addr` until it answers or `deadline` passes, then runs the TLS client handshake.
pub async fn dial(
    addr: &str,
    config: Arc<rustls::ClientConfig>,
    deadline: tokio::time::Instant,
) -> anyhow::Result<tokio_rustls::client::TlsStream<TcpStream>> {
    let connector = tokio_rustls::TlsConnector::from(config);
    let name = ServerName::try_from(crate::tls::SERVER_NAME)?;
    loop {
        match TcpStream::connect(addr).await {
            Ok(tcp) => {
                tcp.set_nodelay(true)?;
                return tokio::time::timeout_at(deadline, connector.connect(name.clone(), tcp))
                    .await
                    .map_err(|_| anyhow!("TLS handshake with {addr} timed out"))?
                    .with_context(|| format!("TLS handshake with {addr} failed (does the spec accept its certificate, and does it accept ours?)"));
            }
            Err(e) => {
                if tokio::time::Instant::now() >= deadline {
                    return Err(e).with_context(|| format!("could not connect to {addr}"));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

type Incoming = mpsc::UnboundedReceiver<Result<Message, String>>;

/// One link of the mesh.
struct Link {
    tx: Option<mpsc::UnboundedSender<Message>>,
    rx: Incoming,
    writer: tokio::task::JoinHandle<()>,
}

/// The transport a node hands to the protocol library.
pub struct NetTransport {
    links: Vec<Option<Link>>,
    round_timeout: Duration,
    /// Exit the process when about to send a message of this round (fault injection for tests).
    crash_at_round: Option<u32>,
    bytes_sent: Arc<AtomicU64>,
}

impl NetTransport {
    /// Builds the transport from one stream per other node. `aborted` is set when a peer aborts
    /// or its connection drops, for code that waits on something else (the input parties) meanwhile.
    pub fn new(
        streams: Vec<(usize, String, BoxStream)>,
        round_timeout: Duration,
        crash_at_round: Option<u32>,
        aborted: watch::Sender<Option<String>>,
    ) -> Self {
        let aborted = Arc::new(aborted);
        let bytes_sent = Arc::new(AtomicU64::new(0));
        let mut links: Vec<Option<Link>> = (0..leerpunt_mpc::NODES).map(|_| None).collect();
        for (j, name, stream) in streams {
            let (mut rd, mut wr) = tokio::io::split(stream);
            let (in_tx, in_rx) = mpsc::unbounded_channel();
            let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Message>();
            let ab = aborted.clone();
            let who = format!("node {j} ({name})");
            tokio::spawn(async move {
                loop {
                    match read_frame(&mut rd, &who).await {
                        Ok(m) => {
                            if m.kind == Kind::Abort {
                                let _ = ab.send(Some(format!(
                                    "{who} aborted: {}",
                                    String::from_utf8_lossy(&m.payload)
                                )));
                            }
                            if in_tx.send(Ok(m)).is_err() {
                                break;
                            }
                        }
                        Err(e) => {
                            let msg = format!("{e:#}");
                            ab.send_if_modified(|v| {
                                if v.is_none() {
                                    *v = Some(msg.clone());
                                    true
                                } else {
                                    false
                                }
                            });
                            let _ = in_tx.send(Err(msg));
                            break;
                        }
                    }
                }
            });
            let writer = tokio::spawn(async move {
                while let Some(m) = out_rx.recv().await {
                    if write_frame(&mut wr, &m).await.is_err() {
                        break;
                    }
                }
                let _ = wr.shutdown().await;
            });
            if let Some(slot) = links.get_mut(j) {
                *slot = Some(Link {
                    tx: Some(out_tx),
                    rx: in_rx,
                    writer,
                });
            }
        }
        NetTransport {
            links,
            round_timeout,
            crash_at_round,
            bytes_sent,
        }
    }

    /// Frame bytes written to the other nodes (before TLS framing).
    pub fn bytes_sent(&self) -> u64 {
        self.bytes_sent.load(Ordering::Relaxed)
    }

    /// Lets queued messages (e.g. an abort notice) reach the peers, then closes the links.
    pub async fn close(mut self) {
        let mut writers = Vec::new();
        for l in self.links.iter_mut().flatten() {
            l.tx = None;
            writers.push(std::mem::replace(&mut l.writer, tokio::spawn(async {})));
        }
        for w in writers {
            let _ = tokio::time::timeout(Duration::from_secs(5), w).await;
        }
    }
}

impl Transport for NetTransport {
    async fn send(&mut self, to: usize, msg: Message) -> Result<(), MpcError> {
        if self
            .crash_at_round
            .is_some_and(|r| r == msg.round && msg.kind == Kind::Data)
        {
            eprintln!("fault injection: exiting at round {}", msg.round);
            std::process::exit(3);
        }
        let link = self
            .links
            .get(to)
            .and_then(Option::as_ref)
            .ok_or_else(|| MpcError::Transport(format!("no link to node {to}")))?;
        let tx = link
            .tx
            .as_ref()
            .ok_or_else(|| MpcError::Transport("transport closed".into()))?;
        self.bytes_sent.fetch_add(
            (4 + leerpunt_mpc::session::HEADER_BYTES + msg.payload.len()) as u64,
            Ordering::Relaxed,
        );
        tx.send(msg)
            .map_err(|_| MpcError::Transport(format!("connection to node {to} is closed")))
    }

    async fn recv(&mut self, from: usize) -> Result<Message, MpcError> {
        let timeout = self.round_timeout;
        let link = self
            .links
            .get_mut(from)
            .and_then(Option::as_mut)
            .ok_or_else(|| MpcError::Transport(format!("no link to node {from}")))?;
        match tokio::time::timeout(timeout, link.rx.recv()).await {
            Err(_) => Err(MpcError::Transport(format!(
                "no message from node {from} within {} s",
                timeout.as_secs()
            ))),
            Ok(None) => Err(MpcError::Transport(format!(
                "connection to node {from} closed"
            ))),
            Ok(Some(Err(e))) => Err(MpcError::Transport(e)),
            Ok(Some(Ok(m))) => Ok(m),
        }
    }
}
