//! One node's view of a running computation: its index, its pairwise PRF keys, the round counter and the transport.
//!
//! Node `i` holds the replicated share `(x_i, x_{i+1})` of every value `x = x_0 + x_1 + x_2`
//! (indices mod 3). It holds the PRF keys `k_i` and `k_{i+1}`: `k_i` is shared with node `i-1`,
//! `k_{i+1}` with node `i+1`. Every message carries the computation tag and the round number,
//! and a message bound to anything else aborts the computation.

use crate::elem::{Group, Ring};
use crate::prg::{self, Seed};
use crate::{MpcError, NODES};
use rand_chacha::ChaCha12Rng;
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha512};
use std::future::Future;

/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Protocol data for the round in the header.
    Data = 0,
    /// The sender aborted; the payload is the reason in UTF-8.
    Abort = 1,
}

/// A message between two nodes, bound to a computation and a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub computation: u64,
    pub round: u32,
    pub kind: Kind,
    pub payload: Vec<u8>,
}

/// Size of the encoded header.
pub const HEADER_BYTES: usize = 13;

impl Message {
    /// An abort notice for `computation`.
    pub fn abort(computation: u64, reason: &str) -> Self {
        Message {
            computation,
            round: u32::MAX,
            kind: Kind::Abort,
            payload: reason.as_bytes().to_vec(),
        }
    }

    /// The wire encoding: computation tag (8, LE), round (4, LE), kind (1), payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_BYTES + self.payload.len());
        self.encode_header(&mut out);
        out.extend_from_slice(&self.payload);
        out
    }

    /// Writes only the header (for transports that write the payload without copying it).
    pub fn encode_header(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.computation.to_le_bytes());
        out.extend_from_slice(&self.round.to_le_bytes());
        out.push(self.kind as u8);
    }

    /// Decodes a message; `from` names the sender in errors.
    pub fn decode(mut bytes: Vec<u8>, from: &str) -> Result<Self, MpcError> {
        if bytes.len() < HEADER_BYTES {
            return Err(MpcError::malformed(from, "message shorter than its header"));
        }
        let mut c = [0u8; 8];
        c.copy_from_slice(&bytes[0..8]);
        let mut r = [0u8; 4];
        r.copy_from_slice(&bytes[8..12]);
        let kind = match bytes[12] {
            0 => Kind::Data,
            1 => Kind::Abort,
            k => {
                return Err(MpcError::malformed(
                    from,
                    format!("unknown message kind {k}"),
                ))
            }
        };
        bytes.drain(0..HEADER_BYTES);
        Ok(Message {
            computation: u64::from_le_bytes(c),
            round: u32::from_le_bytes(r),
            kind,
            payload: bytes,
        })
    }
}

/// The 64-bit tag that binds every message to one computation id.
pub fn computation_tag(id: &str) -> u64 {
    let h = Sha512::new()
        .chain_update(b"leerpunt-mpc/computation/v1\0")
        .chain_update(id.as_bytes())
        .finalize();
    let mut t = [0u8; 8];
    t.copy_from_slice(&h[..8]);
    u64::from_le_bytes(t)
}

/// Moves messages between the three nodes. Implemented by the caller (TLS in `leerpunt-node`,
/// in-memory channels in the tests); the library never opens a socket.
///
/// `send` must not wait for the receiver to read (queue the message), so that two nodes sending
/// to each other in the same round cannot deadlock.
pub trait Transport: Send {
    fn send(
        &mut self,
        to: usize,
        msg: Message,
    ) -> impl Future<Output = Result<(), MpcError>> + Send;
    fn recv(&mut self, from: usize) -> impl Future<Output = Result<Message, MpcError>> + Send;
}

/// A replicated share: node `i` holds `a = x_i` and `b = x_{i+1}` for each element.
#[derive(Clone, Debug, PartialEq)]
pub struct Rep<T> {
    pub a: Vec<T>,
    pub b: Vec<T>,
}

impl<T: Group> Rep<T> {
    pub fn len(&self) -> usize {
        self.a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }

    pub fn zeros(n: usize) -> Self {
        Rep {
            a: vec![T::zero(); n],
            b: vec![T::zero(); n],
        }
    }

    /// Local addition of shares.
    pub fn add(&self, o: &Rep<T>) -> Rep<T> {
        let mut r = self.clone();
        r.add_assign(o);
        r
    }

    pub fn add_assign(&mut self, o: &Rep<T>) {
        crate::elem::add_assign(&mut self.a, &o.a);
        crate::elem::add_assign(&mut self.b, &o.b);
    }

    pub fn sub(&self, o: &Rep<T>) -> Rep<T> {
        let mut r = self.clone();
        crate::elem::sub_assign(&mut r.a, &o.a);
        crate::elem::sub_assign(&mut r.b, &o.b);
        r
    }

    /// Adds the public value `c[j]` to element `j`: only share `x_0` changes, which node 0 holds
    /// as `a` and node 2 holds as `b`.
    pub fn add_public(&mut self, me: usize, c: &[T]) {
        match me {
            0 => crate::elem::add_assign(&mut self.a, c),
            2 => crate::elem::add_assign(&mut self.b, c),
            _ => {}
        }
    }

    /// Elements `idx` (in that order).
    pub fn select(&self, idx: &[usize]) -> Rep<T> {
        Rep {
            a: idx.iter().map(|&i| self.a[i]).collect(),
            b: idx.iter().map(|&i| self.b[i]).collect(),
        }
    }

    /// Concatenation.
    pub fn concat(parts: &[&Rep<T>]) -> Rep<T> {
        let mut r = Rep {
            a: Vec::new(),
            b: Vec::new(),
        };
        for p in parts {
            r.a.extend_from_slice(&p.a);
            r.b.extend_from_slice(&p.b);
        }
        r
    }

    /// Elements `start..start+n`.
    pub fn slice(&self, start: usize, n: usize) -> Rep<T> {
        Rep {
            a: self.a[start..start + n].to_vec(),
            b: self.b[start..start + n].to_vec(),
        }
    }
}

impl<T: Ring> Rep<T> {
    /// Local multiplication by public constants.
    pub fn mul_public(&self, c: T) -> Rep<T> {
        Rep {
            a: self.a.iter().map(|x| x.mul(c)).collect(),
            b: self.b.iter().map(|x| x.mul(c)).collect(),
        }
    }
}

/// A deviation a node can be told to commit, so that tests can show the checks catch it.
///
/// Both faults keep the node's own shares consistent with what it sends (the node keeps the value
/// it sends), which is the deviation the share-consistency digests cannot see and only the
/// multiplication check and the shuffle check catch. A node that sends something other than what it
/// keeps needs no hook: tests wrap its transport.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// In its `nth` call of [`crate::ops::mul`] (counting from 0, over all rings), the node adds a
    /// nonzero error to the product component it computes, keeps and sends (an additive attack).
    Mul { nth: u64 },
    /// In its `nth` shuffle step in which it sends (counting from 0), the node adds a nonzero
    /// error to the first element it sends, and keeps it.
    Shuffle { nth: u64 },
}

/// One node's state in a computation.
pub struct Session<T: Transport> {
    transport: T,
    me: usize,
    computation: u64,
    round: u32,
    /// `k_me`, shared with node `me - 1`.
    own_key: Seed,
    /// `k_{me+1}`, shared with node `me + 1`.
    next_key: Seed,
    ctr: u64,
    bytes_sent: u64,
    /// Whether the malicious-security checks run (default on); see [`Session::set_checks`].
    checks: bool,
    /// Multiplications not yet verified.
    pending: crate::check::Pending,
    fault: Option<Fault>,
    muls: u64,
    shuffle_sends: u64,
}

impl<T: Transport> Session<T> {
    /// Sets up the pairwise PRF keys: node `i` draws `k_i` from `rng` and sends it to node `i-1`.
    /// This is the only round whose content is key material; it runs over the authenticated channel.
    pub async fn setup(
        transport: T,
        me: usize,
        computation_id: &str,
        rng: &mut (impl RngCore + CryptoRng + Send),
    ) -> Result<Self, MpcError> {
        if me >= NODES {
            return Err(MpcError::Invalid(format!(
                "node index {me} is not 0, 1 or 2"
            )));
        }
        let own_key = prg::fresh_seed(rng);
        let mut s = Session {
            transport,
            me,
            computation: computation_tag(computation_id),
            round: 0,
            own_key,
            next_key: [0; 32],
            ctr: 0,
            bytes_sent: 0,
            checks: true,
            pending: crate::check::Pending::default(),
            fault: None,
            muls: 0,
            shuffle_sends: 0,
        };
        let round = s.next_round();
        s.send(s.prev(), round, own_key.to_vec()).await?;
        let got = s.recv(s.next(), round).await?;
        s.next_key = got.as_slice().try_into().map_err(|_| {
            MpcError::malformed(format!("node {}", s.next()), "PRF key must be 32 bytes")
        })?;
        Ok(s)
    }

    pub fn me(&self) -> usize {
        self.me
    }
    pub fn next(&self) -> usize {
        (self.me + 1) % NODES
    }
    pub fn prev(&self) -> usize {
        (self.me + 2) % NODES
    }
    pub fn computation(&self) -> u64 {
        self.computation
    }
    /// Protocol payload bytes this node has sent so far (headers excluded).
    pub fn bytes_sent(&self) -> u64 {
        self.bytes_sent
    }
    /// Whether the malicious-security checks run (see [`Session::set_checks`]).
    pub fn checks(&self) -> bool {
        self.checks
    }

    /// Switches the malicious-security checks on (the default) or off. With checks off the
    /// protocols are the semi-honest ones: openings are not cross-checked, multiplications and
    /// shuffles are not verified. Off exists to measure what the checks cost; all three nodes
    /// must use the same setting (their rounds differ otherwise, which aborts the computation).
    /// Switching off drops the multiplications still waiting to be verified.
    pub fn set_checks(&mut self, on: bool) {
        self.checks = on;
        if !on {
            self.pending = crate::check::Pending::default();
        }
    }

    /// Makes this node deviate (tests only).
    #[doc(hidden)]
    pub fn inject_fault(&mut self, fault: Fault) {
        self.fault = Some(fault);
    }

    pub(crate) fn pending_mut(&mut self) -> &mut crate::check::Pending {
        &mut self.pending
    }

    /// Counts a multiplication; true if this one is to be falsified.
    pub(crate) fn mul_fault(&mut self) -> bool {
        let n = self.muls;
        self.muls += 1;
        self.fault == Some(Fault::Mul { nth: n })
    }

    /// Counts a shuffle step in which this node sends; true if this one is to be falsified.
    pub(crate) fn shuffle_fault(&mut self) -> bool {
        let n = self.shuffle_sends;
        self.shuffle_sends += 1;
        self.fault == Some(Fault::Shuffle { nth: n })
    }

    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// Starts a new round and returns its number.
    pub fn next_round(&mut self) -> u32 {
        self.round += 1;
        self.round
    }

    /// Sends `payload` to node `to` in `round`.
    ///
    /// If the link to `to` is gone, the reason is usually that `to` aborted and closed it: then
    /// its abort notice is still waiting on the link (behind any messages not yet read), and this
    /// returns it, with the cause `to` named, rather than a bare transport error.
    pub async fn send(&mut self, to: usize, round: u32, payload: Vec<u8>) -> Result<(), MpcError> {
        self.bytes_sent += payload.len() as u64;
        let msg = Message {
            computation: self.computation,
            round,
            kind: Kind::Data,
            payload,
        };
        match self.transport.send(to, msg).await {
            Ok(()) => Ok(()),
            Err(e) => loop {
                // A closed link ends in an error once its queued messages are read.
                match self.transport.recv(to).await {
                    Ok(m) if m.kind == Kind::Abort => {
                        return Err(MpcError::PeerAborted {
                            node: to,
                            reason: String::from_utf8_lossy(&m.payload).into_owned(),
                        })
                    }
                    Ok(_) => continue,
                    Err(_) => return Err(e),
                }
            },
        }
    }

    /// Receives the message of `round` from node `from`, checking its binding.
    pub async fn recv(&mut self, from: usize, round: u32) -> Result<Vec<u8>, MpcError> {
        let msg = self.transport.recv(from).await?;
        if msg.kind == Kind::Abort {
            return Err(MpcError::PeerAborted {
                node: from,
                reason: String::from_utf8_lossy(&msg.payload).into_owned(),
            });
        }
        if msg.computation != self.computation || msg.round != round {
            return Err(MpcError::WrongBinding {
                from,
                got_comp: msg.computation,
                got_round: msg.round,
                want_comp: self.computation,
                want_round: round,
            });
        }
        Ok(msg.payload)
    }

    /// Tells both other nodes that this node aborts; errors are ignored (they may be gone).
    pub async fn abort(&mut self, reason: &str) {
        for to in [self.next(), self.prev()] {
            let _ = self
                .transport
                .send(to, Message::abort(self.computation, reason))
                .await;
        }
    }

    fn take_ctr(&mut self) -> u64 {
        self.ctr += 1;
        self.ctr
    }

    /// PRG streams for a fresh counter: (from `k_me`, shared with prev; from `k_{me+1}`, shared with next).
    /// Every node must call this at the same points of the protocol.
    pub fn pair_streams(&mut self) -> (ChaCha12Rng, ChaCha12Rng) {
        let c = self.take_ctr();
        (
            prg::stream(&self.own_key, c),
            prg::stream(&self.next_key, c),
        )
    }

    /// This node's part `α_me = F(k_me) - F(k_{me+1})` of a fresh sharing of zero (`Σ α_i = 0`).
    pub fn zero_share<E: Group>(&mut self, n: usize) -> Vec<E> {
        let (mut own, mut next) = self.pair_streams();
        (0..n)
            .map(|_| E::random(&mut own).sub(E::random(&mut next)))
            .collect()
    }

    /// A replicated sharing of a fresh random vector no node knows: `r_i = F(k_i)`.
    pub fn random_shared<E: Group>(&mut self, n: usize) -> Rep<E> {
        let (mut own, mut next) = self.pair_streams();
        Rep {
            a: prg::expand_from(&mut own, n),
            b: prg::expand_from(&mut next, n),
        }
    }
}
