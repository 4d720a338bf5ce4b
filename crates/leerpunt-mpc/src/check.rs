//! Security with abort against one actively malicious node: the checks that make a node that
//! deviates in a multiplication, an opening or a shuffle stop the computation before anything that
//! depends on the deviation is revealed.
//!
//! Three kinds of check, each chosen because it is sound over every ring the protocols use
//! (Z_2^64 and the bit vectors have zero divisors, so checks that multiply an error by a random
//! coefficient and hope for a nonzero product are not):
//!
//! - **Share consistency** ([`consistency`]): every component of a replicated sharing is held by
//!   two nodes. After a step that sends components (a multiplication, a reshare), both holders
//!   send each other a digest of their copy. A node whose copy disagrees with a peer's digest has
//!   evidence against that peer: either the peer sent it this component and now contradicts
//!   itself, or this node sent it and the peer misreports it. This check names the node.
//! - **Multiplication triples** ([`verify`]), after Furukawa, Lindell, Nof and Weinstein
//!   (EUROCRYPT 2017). In the Araki et al. multiplication a malicious node can only add an error
//!   of its choice to the product (an *additive attack*), independent of the values. Random
//!   triples `(a, b, c = ab)` are made with the same multiplication; some are opened (cut and
//!   choose), the rest are bucketed at random, and the first triple of each bucket is checked
//!   against the others by sacrifice (`c1 - ck - σ·ak - ρ·bk - σρ = 0` with `ρ = a1 - ak`,
//!   `σ = b1 - bk` opened): this holds exactly when both triples carry the same error, an
//!   equality test with no random scaling, so it works in any ring. The checked triple then
//!   verifies one logged multiplication `z = xy` the same way. All multiplications since the last
//!   check are verified in one batch of five rounds, before the next opening. This check shows
//!   that a node deviated, not which ([`crate::MpcError::Deviated`] with `node: None`).
//! - **Openings** are cross-checked in [`crate::ops::reveal`] (the missing component comes from
//!   one holder and a digest of it from the other) and confirmed (all three nodes compare a digest
//!   of what they opened); **shuffles** carry MAC tags through the permutation
//!   ([`crate::shuffle::apply_checked`]).
//!
//! Who is named: with three nodes and no broadcast channel a node cannot always prove to the
//! third which of two others lied (a dispute between two nodes looks the same to the third
//! whichever of them started it), so identifiable abort is out of reach. A node names a peer
//! when it holds evidence against it (a digest contradicting the peer's own message, or a copy
//! this node holds itself); where two peers' messages disagree (an opening), it names the one that
//! sent the share. The guarantee is the abort; the name is a lead for the operators.

use crate::codec;
use crate::elem::{Gf2, Group, Ring};
use crate::ops;
use crate::prg;
use crate::session::{Rep, Session, Transport};
use crate::MpcError;
use curve25519_dalek::scalar::Scalar;
use rand_chacha::ChaCha12Rng;
use sha2::{Digest, Sha512};

/// Statistical security of the triple check: a deviation goes unnoticed with probability at most
/// 2^-40.
pub const STATISTICAL_SECURITY: u32 = 40;

/// A ring whose multiplications are logged and verified.
pub trait Checked: Ring {
    /// The step name in errors.
    const STEP: &'static str;
    #[doc(hidden)]
    fn log(p: &mut Pending) -> &mut MulLog<Self>;
}

/// The multiplications `z = x·y` of one ring since the last verification.
pub struct MulLog<E> {
    x: Rep<E>,
    y: Rep<E>,
    z: Rep<E>,
}

impl<E: Ring> Default for MulLog<E> {
    fn default() -> Self {
        let empty = || Rep {
            a: Vec::new(),
            b: Vec::new(),
        };
        MulLog {
            x: empty(),
            y: empty(),
            z: empty(),
        }
    }
}

impl<E: Ring> MulLog<E> {
    pub(crate) fn push(&mut self, x: &Rep<E>, y: &Rep<E>, z: &Rep<E>) {
        for (log, v) in [(&mut self.x, x), (&mut self.y, y), (&mut self.z, z)] {
            log.a.extend_from_slice(&v.a);
            log.b.extend_from_slice(&v.b);
        }
    }

    fn len(&self) -> usize {
        self.z.len()
    }
}

/// Multiplications waiting for verification, per ring.
#[derive(Default)]
pub struct Pending {
    words: MulLog<u64>,
    bits: MulLog<Gf2>,
    scalars: MulLog<Scalar>,
}

impl Checked for u64 {
    const STEP: &'static str = "mul";
    fn log(p: &mut Pending) -> &mut MulLog<Self> {
        &mut p.words
    }
}

impl Checked for Gf2 {
    const STEP: &'static str = "and";
    fn log(p: &mut Pending) -> &mut MulLog<Self> {
        &mut p.bits
    }
}

impl Checked for Scalar {
    const STEP: &'static str = "scalar mul";
    fn log(p: &mut Pending) -> &mut MulLog<Self> {
        &mut p.scalars
    }
}

/// Verifies every multiplication since the last verification (a no-op with checks off or
/// nothing pending). [`crate::ops::reveal`] calls it before it opens anything; call it yourself
/// to close a protocol step.
pub async fn verify<T: Transport>(s: &mut Session<T>) -> Result<(), MpcError> {
    if !s.checks() {
        return Ok(());
    }
    let words = std::mem::take(&mut s.pending_mut().words);
    verify_ring(s, words).await?;
    let bits = std::mem::take(&mut s.pending_mut().bits);
    verify_ring(s, bits).await?;
    let scalars = std::mem::take(&mut s.pending_mut().scalars);
    verify_ring(s, scalars).await
}

/// Bucket size `B` and number of opened triples `C` for `m` multiplications: the smallest `B ≥ 3`
/// (with `C = B`) for which `m / binom(mB + C, B) ≤ 2^-40`, the chance that the `B` bad triples an
/// adversary needs escape the opened ones and fill one bucket exactly (Furukawa et al., §5; with
/// fewer bad triples a bucket mixes good and bad ones and the sacrifice fails).
pub fn bucket_params(m: usize) -> (usize, usize) {
    let lg_m = (m.max(1) as f64).log2();
    for b in 3..64usize {
        let n = (m * b + b) as f64;
        let lg_binom: f64 = (0..b)
            .map(|i| ((n - i as f64) / (i as f64 + 1.0)).log2())
            .sum();
        if lg_binom - lg_m >= STATISTICAL_SECURITY as f64 {
            return (b, b);
        }
    }
    (64, 64)
}

async fn verify_ring<E: Checked, T: Transport>(
    s: &mut Session<T>,
    log: MulLog<E>,
) -> Result<(), MpcError> {
    let m = log.len();
    if m == 0 {
        return Ok(());
    }
    let step = E::STEP;
    // A node that kept a different product component than it sent is named here.
    consistency(s, step, &[&log.z]).await?;

    let (bucket, cut) = bucket_params(m);
    let total = m * bucket + cut;
    let ta = s.random_shared::<E>(total);
    let tb = s.random_shared::<E>(total);
    let tc = ops::mul_raw(s, &ta, &tb).await?;
    // The permutation is drawn only now that every triple is fixed.
    let mut rng = coin(s, step).await?;
    let perm = prg::permutation(&mut rng, total);

    // What is opened: the cut triples (a, b, c); per bucket, (ρ, σ) against each other triple,
    // then (ρ, σ) of the logged multiplication against the bucket's first triple.
    let width = 3 * cut + m * 2 * bucket;
    let mut o = Rep {
        a: Vec::with_capacity(width),
        b: Vec::with_capacity(width),
    };
    let push = |o: &mut Rep<E>, a: E, b: E| {
        o.a.push(a);
        o.b.push(b);
    };
    for &t in &perm[..cut] {
        push(&mut o, ta.a[t], ta.b[t]);
        push(&mut o, tb.a[t], tb.b[t]);
        push(&mut o, tc.a[t], tc.b[t]);
    }
    for k in 0..m {
        let base = cut + k * bucket;
        let t1 = perm[base];
        for &tk in &perm[base + 1..base + bucket] {
            push(&mut o, ta.a[t1].sub(ta.a[tk]), ta.b[t1].sub(ta.b[tk]));
            push(&mut o, tb.a[t1].sub(tb.a[tk]), tb.b[t1].sub(tb.b[tk]));
        }
        push(&mut o, log.x.a[k].sub(ta.a[t1]), log.x.b[k].sub(ta.b[t1]));
        push(&mut o, log.y.a[k].sub(tb.a[t1]), log.y.b[k].sub(tb.b[t1]));
    }
    let opened = ops::open(s, &o, step).await?;
    for t in opened[..3 * cut].chunks_exact(3) {
        if t[0].mul(t[1]) != t[2] {
            return Err(MpcError::deviated_unknown(step));
        }
    }

    // The check values, all zero unless a triple or a logged product carries an error.
    let mut w = Rep {
        a: Vec::with_capacity(m * bucket),
        b: Vec::with_capacity(m * bucket),
    };
    let mut public = Vec::with_capacity(m * bucket);
    let mut at = 3 * cut;
    for k in 0..m {
        let base = cut + k * bucket;
        let t1 = perm[base];
        // c1 - ck - σ·ak - ρ·bk - σρ
        for &tk in &perm[base + 1..base + bucket] {
            let (rho, sigma) = (opened[at], opened[at + 1]);
            at += 2;
            let f = |c1: E, ck: E, ak: E, bk: E| c1.sub(ck).sub(sigma.mul(ak)).sub(rho.mul(bk));
            w.a.push(f(tc.a[t1], tc.a[tk], ta.a[tk], tb.a[tk]));
            w.b.push(f(tc.b[t1], tc.b[tk], ta.b[tk], tb.b[tk]));
            public.push(E::zero().sub(sigma.mul(rho)));
        }
        // z - c1 - σ·a1 - ρ·b1 - σρ
        let (rho, sigma) = (opened[at], opened[at + 1]);
        at += 2;
        let f = |z: E, c1: E, a1: E, b1: E| z.sub(c1).sub(sigma.mul(a1)).sub(rho.mul(b1));
        w.a.push(f(log.z.a[k], tc.a[t1], ta.a[t1], tb.a[t1]));
        w.b.push(f(log.z.b[k], tc.b[t1], ta.b[t1], tb.b[t1]));
        public.push(E::zero().sub(sigma.mul(rho)));
    }
    w.add_public(s.me(), &public);
    zero_check(s, &w, step).await
}

/// Checks that the shared vector `w` is zero without opening it: node `i` holds `(w_i, w_{i+1})`
/// and the zero test needs `w_{i+2} = -(w_i + w_{i+1})`; node `i+1` sends it a digest of its
/// `w_{i+2}`. One round, 64 bytes. Both honest nodes test with honest copies, so a nonzero `w`
/// cannot pass at both.
pub(crate) async fn zero_check<E: Ring, T: Transport>(
    s: &mut Session<T>,
    w: &Rep<E>,
    step: &str,
) -> Result<(), MpcError> {
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    let comp = s.computation();
    let missing: Vec<E> =
        w.a.iter()
            .zip(&w.b)
            .map(|(a, b)| E::zero().sub(a.add(*b)))
            .collect();
    s.send(prev, round, digest(b"zero", comp, round, &[&w.b]))
        .await?;
    let got = s.recv(next, round).await?;
    if got != digest(b"zero", comp, round, &[&missing]) {
        return Err(MpcError::deviated_unknown(step));
    }
    Ok(())
}

/// Both holders of every component of `parts` compare their copies (one round, a 64-byte digest
/// each way). A node whose copy differs from a peer's digest names that peer.
pub(crate) async fn consistency<E: Group, T: Transport>(
    s: &mut Session<T>,
    step: &str,
    parts: &[&Rep<E>],
) -> Result<(), MpcError> {
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    let comp = s.computation();
    let a: Vec<&[E]> = parts.iter().map(|p| p.a.as_slice()).collect();
    let b: Vec<&[E]> = parts.iter().map(|p| p.b.as_slice()).collect();
    let da = digest(b"consistency", comp, round, &a);
    let db = digest(b"consistency", comp, round, &b);
    // My `a` is component `me`, which `prev` holds as its `b`; my `b` is `next`'s `a`.
    s.send(prev, round, da.clone()).await?;
    s.send(next, round, db.clone()).await?;
    if s.recv(next, round).await? != db {
        return Err(MpcError::deviated(next, step));
    }
    if s.recv(prev, round).await? != da {
        return Err(MpcError::deviated(prev, step));
    }
    Ok(())
}

/// A fresh public random stream no node could predict before this call: a shared random value
/// drawn from the pairwise keys, opened with the usual cross-check. One round.
pub(crate) async fn coin<T: Transport>(
    s: &mut Session<T>,
    step: &str,
) -> Result<ChaCha12Rng, MpcError> {
    let r = s.random_shared::<u64>(4);
    let v = ops::open(s, &r, step).await?;
    let mut seed = [0u8; 32];
    for (chunk, x) in seed.chunks_exact_mut(8).zip(&v) {
        chunk.copy_from_slice(&x.to_le_bytes());
    }
    Ok(prg::stream(&seed, 0))
}

fn digest<E: Group, V: AsRef<[E]>>(
    what: &[u8],
    computation: u64,
    round: u32,
    parts: &[V],
) -> Vec<u8> {
    let mut h = Sha512::new();
    h.update(b"leerpunt-mpc/check/v1\0");
    h.update(what);
    h.update(computation.to_le_bytes());
    h.update(round.to_le_bytes());
    let mut buf = Vec::new();
    for p in parts {
        for chunk in p.as_ref().chunks(4096) {
            buf.clear();
            codec::put_vec(&mut buf, chunk);
            h.update(&buf);
        }
    }
    h.finalize().to_vec()
}
