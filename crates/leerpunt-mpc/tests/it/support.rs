//! An in-memory transport that records what each node receives, and a runner for three nodes.

use leerpunt_mpc::session::Message;
use leerpunt_mpc::{MpcError, Session, Transport};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::future::Future;
use std::sync::mpsc::{channel, Receiver, Sender};

/// One node's end of the in-memory network.
pub struct Mem {
    me: usize,
    to: Vec<Option<Sender<Message>>>,
    from: Vec<Option<Receiver<Message>>>,
    /// Every message received: (from, round, payload).
    pub transcript: Vec<(usize, u32, Vec<u8>)>,
    /// If set, messages sent to this node are dropped instead (to simulate a node that is gone).
    pub drop_sends_to: Option<usize>,
    /// If set to `(round, to)`, this node lies: the payload it sends to node `to` in `round` has
    /// its first byte flipped (what the node keeps is unchanged).
    pub tamper: Option<(u32, usize)>,
}

impl Transport for Mem {
    async fn send(&mut self, to: usize, mut msg: Message) -> Result<(), MpcError> {
        if self.tamper == Some((msg.round, to)) {
            if let Some(b) = msg.payload.first_mut() {
                *b ^= 1;
            }
        }
        if self.drop_sends_to == Some(to) {
            return Err(MpcError::Transport(format!("node {to} is gone")));
        }
        let tx = self.to[to]
            .as_ref()
            .ok_or_else(|| MpcError::Transport(format!("no channel to {to}")))?;
        tx.send(msg)
            .map_err(|_| MpcError::Transport(format!("node {to} hung up")))
    }

    async fn recv(&mut self, from: usize) -> Result<Message, MpcError> {
        let rx = self.from[from]
            .as_ref()
            .ok_or_else(|| MpcError::Transport(format!("no channel from {from}")))?;
        let msg = rx.recv().map_err(|_| {
            MpcError::Transport(format!("node {from} hung up (node {} waiting)", self.me))
        })?;
        self.transcript.push((from, msg.round, msg.payload.clone()));
        Ok(msg)
    }
}

/// Three connected in-memory transports.
pub fn network() -> Vec<Mem> {
    let mut to: Vec<Vec<Option<Sender<Message>>>> =
        (0..3).map(|_| vec![None, None, None]).collect();
    let mut from: Vec<Vec<Option<Receiver<Message>>>> =
        (0..3).map(|_| vec![None, None, None]).collect();
    for i in 0..3 {
        for j in 0..3 {
            if i != j {
                let (tx, rx) = channel();
                to[i][j] = Some(tx);
                from[j][i] = Some(rx);
            }
        }
    }
    to.into_iter()
        .zip(from)
        .enumerate()
        .map(|(me, (to, from))| Mem {
            me,
            to,
            from,
            transcript: Vec::new(),
            drop_sends_to: None,
            tamper: None,
        })
        .collect()
}

/// What [`run3`] returns per node: its result and the messages it received (from, round, payload).
pub type NodeRun<R> = (Result<R, MpcError>, Vec<(usize, u32, Vec<u8>)>);

/// Runs `f` on three nodes (threads), with node `i`'s key material drawn from `seed * 3 + i`.
/// Returns each node's result and the messages it received after setup.
pub fn run3<R, F, Fut>(seed: u64, f: F) -> Vec<NodeRun<R>>
where
    R: Send,
    F: Fn(Session<Mem>) -> Fut + Sync,
    Fut: Future<Output = (Result<R, MpcError>, Session<Mem>)>,
{
    let nets = network();
    std::thread::scope(|scope| {
        let handles: Vec<_> = nets
            .into_iter()
            .enumerate()
            .map(|(i, net)| {
                let f = &f;
                scope.spawn(move || {
                    futures::executor::block_on(async move {
                        let mut rng = ChaCha20Rng::seed_from_u64(seed * 3 + i as u64);
                        let s = match Session::setup(net, i, "test-computation", &mut rng).await {
                            Ok(s) => s,
                            Err(e) => return (Err(e), Vec::new()),
                        };
                        let (r, mut s) = f(s).await;
                        if let Err(e) = &r {
                            s.abort(&e.to_string()).await;
                        }
                        let t = std::mem::take(&mut s.transport_mut().transcript);
                        // Drop the key-setup message: it is key material, not protocol data.
                        (r, t.into_iter().skip(1).collect())
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    (
                        Err(MpcError::Transport("thread panicked".into())),
                        Vec::new(),
                    )
                })
            })
            .collect()
    })
}

/// Unwraps the three results, failing the test with the first error.
pub fn ok3<R>(v: Vec<NodeRun<R>>) -> Vec<R> {
    v.into_iter()
        .map(|(r, _)| r.unwrap_or_else(|e| panic!("node failed: {e}")))
        .collect()
}

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// Input-shares `values` and returns each node's replicated share.
pub fn shares_of<E: leerpunt_mpc::Group>(values: &[E], seed: u64) -> Vec<leerpunt_mpc::Rep<E>> {
    let mut r = rng(seed);
    leerpunt_mpc::input::share(values, &mut r)
        .into_iter()
        .map(|s| s.expand())
        .collect()
}
