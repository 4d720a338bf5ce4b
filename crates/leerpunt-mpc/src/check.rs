//! Security with abort against one actively malicious node: the checks that make a node that
//! deviates in a multiplication, an opening or a shuffle stop the computation before anything that
//! depends on the deviation is revealed.
//!
//! Three kinds of check, each chosen because it is sound over every ring the protocols use
//! (Z_2^64 and the bit vectors have zero divisors, so checks that multiply an error by a random
//! coefficient and hope for a nonzero product are not):
//!
//! - **Share consistency** (`consistency`): every component of a replicated sharing is held by
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
//!   check are verified in batches of up to 2^16 (four rounds each, after one share-consistency
//!   round) before the next opening. This check shows
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

use crate::elem::{Gf2, Group, Ring};
use crate::ops;
use crate::prg;
use crate::session::{Rep, Session, Transport};
use crate::MpcError;
use curve25519_dalek::scalar::Scalar;
use rand_chacha::ChaCha12Rng;
use sha2::{Digest, Sha256};

/// The last round of a computation: every node sends both others a SHA-512 digest (under the
/// computation's `label`) of which cells passed and what it opened, and proceeds only if all three
/// agree. A node that dropped out before this point makes every node abort (so no node writes a
/// result the others do not have), and a node that computed something else is caught.
pub(crate) async fn confirm_result<T: Transport>(
    s: &mut Session<T>,
    label: &[u8],
    pass: &[bool],
    values: &[u64],
) -> Result<(), MpcError> {
    let mut h = sha2::Sha512::new();
    h.update(label);
    h.update(pass.iter().map(|&p| p as u8).collect::<Vec<u8>>());
    h.update(crate::codec::vec_bytes(values));
    let mine = h.finalize().to_vec();
    let round = s.next_round();
    let (next, prev) = (s.next(), s.prev());
    s.send(next, round, mine.clone()).await?;
    s.send(prev, round, mine.clone()).await?;
    for from in [next, prev] {
        if s.recv(from, round).await? != mine {
            return Err(MpcError::Inconsistent(format!(
                "node {from} opened a different result than node {}",
                s.me()
            )));
        }
    }
    Ok(())
}

/// Each node sends its successor `to_next` (a digest of the public inputs and of the share
/// component both hold) and compares what its predecessor sent with `expected` (the same digest
/// over the component it shares with that predecessor): an input party that sent different data
/// to different nodes is caught here.
pub(crate) async fn inputs_agree<T: Transport>(
    s: &mut Session<T>,
    to_next: Vec<u8>,
    expected: Vec<u8>,
) -> Result<(), MpcError> {
    let round = s.next_round();
    let (next, prev) = (s.next(), s.prev());
    s.send(next, round, to_next).await?;
    if s.recv(prev, round).await? != expected {
        return Err(MpcError::Inconsistent(format!(
            "node {prev} and node {} received different inputs from the input parties",
            s.me()
        )));
    }
    Ok(())
}

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
    // In chunks, so that no buffer outgrows what the allocator recycles (fresh pages, not
    // arithmetic, otherwise dominate); a chunk is large enough to need no larger buckets.
    let mut scratch = Scratch::default();
    let mut lo = 0;
    while lo < m {
        let hi = (lo + CHUNK).min(m);
        verify_chunk(s, &log, lo, hi, &mut scratch).await?;
        lo = hi;
    }
    Ok(())
}

/// Buffers reused from chunk to chunk.
struct Scratch<E> {
    trip: Vec<[E; 6]>,
    staged: Vec<(u32, [E; 6])>,
    dest: Vec<u32>,
}

impl<E> Default for Scratch<E> {
    fn default() -> Self {
        Scratch {
            trip: Vec::new(),
            staged: Vec::new(),
            dest: Vec::new(),
        }
    }
}

/// Multiplications verified in one batch of triples.
const CHUNK: usize = 1 << 16;

/// Verifies the logged multiplications `lo..hi` (four rounds).
async fn verify_chunk<E: Checked, T: Transport>(
    s: &mut Session<T>,
    log: &MulLog<E>,
    lo: usize,
    hi: usize,
    scratch: &mut Scratch<E>,
) -> Result<(), MpcError> {
    let step = E::STEP;
    let m = hi - lo;
    let (bucket, cut) = bucket_params(m);
    let total = m * bucket + cut;
    if total > u32::MAX as usize {
        return Err(MpcError::Invalid(format!(
            "{m} multiplications in one batch: verify more often"
        )));
    }
    triples::<E, T>(s, total, &mut scratch.trip).await?;
    // The permutation is drawn only now that every triple is fixed.
    let mut rng = coin(s, step).await?;
    let perm = permutation32(&mut rng, total);
    // The triples in permuted order, six components side by side, moved by a cache-friendly
    // two-pass scatter; every pass after it is sequential (Araki et al., S&P 2017, note that
    // random access into large triple arrays, not arithmetic, is what makes this step slow).
    permute(
        &mut scratch.trip,
        &perm,
        &mut scratch.dest,
        &mut scratch.staged,
    );
    drop(perm);
    let trip = &scratch.trip;
    let t = |i: usize| -> &[E; 6] { &trip[i] };
    const AA: usize = 0;
    const AB: usize = 1;
    const BA: usize = 2;
    const BB: usize = 3;
    const CA: usize = 4;
    const CB: usize = 5;

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
    for tr in (0..cut).map(t) {
        push(&mut o, tr[AA], tr[AB]);
        push(&mut o, tr[BA], tr[BB]);
        push(&mut o, tr[CA], tr[CB]);
    }
    for k in 0..m {
        let base = cut + k * bucket;
        let t1 = t(base);
        for tk in (base + 1..base + bucket).map(t) {
            push(&mut o, t1[AA].sub(tk[AA]), t1[AB].sub(tk[AB]));
            push(&mut o, t1[BA].sub(tk[BA]), t1[BB].sub(tk[BB]));
        }
        push(
            &mut o,
            log.x.a[lo + k].sub(t1[AA]),
            log.x.b[lo + k].sub(t1[AB]),
        );
        push(
            &mut o,
            log.y.a[lo + k].sub(t1[BA]),
            log.y.b[lo + k].sub(t1[BB]),
        );
    }
    let opened = ops::open(s, &o, step).await?;
    drop(o);
    for c in opened[..3 * cut].chunks_exact(3) {
        if c[0].mul(c[1]) != c[2] {
            return Err(MpcError::deviated_unknown(step));
        }
    }

    // The check values, all zero unless a triple or a logged product carries an error.
    let mut w = Rep {
        a: Vec::with_capacity(m * bucket),
        b: Vec::with_capacity(m * bucket),
    };
    // The public term -σρ belongs to component 0: node 0 holds it as `a`, node 2 as `b`.
    let me = s.me();
    let push_w = |w: &mut Rep<E>, a: E, b: E, public: E| {
        w.a.push(if me == 0 { a.add(public) } else { a });
        w.b.push(if me == 2 { b.add(public) } else { b });
    };
    let mut rs = opened[3 * cut..].chunks_exact(2);
    for k in 0..m {
        let base = cut + k * bucket;
        let t1 = t(base);
        // c1 - ck - σ·ak - ρ·bk - σρ
        for tk in (base + 1..base + bucket).map(t) {
            let (rho, sigma) = match rs.next() {
                Some(&[r, s]) => (r, s),
                _ => return Err(MpcError::Invalid("triple check: openings missing".into())),
            };
            let f = |c1: E, ck: E, ak: E, bk: E| c1.sub(ck).sub(sigma.mul(ak)).sub(rho.mul(bk));
            push_w(
                &mut w,
                f(t1[CA], tk[CA], tk[AA], tk[BA]),
                f(t1[CB], tk[CB], tk[AB], tk[BB]),
                E::zero().sub(sigma.mul(rho)),
            );
        }
        // z - c1 - σ·a1 - ρ·b1 - σρ
        let (rho, sigma) = match rs.next() {
            Some(&[r, s]) => (r, s),
            _ => return Err(MpcError::Invalid("triple check: openings missing".into())),
        };
        let f = |z: E, c1: E, a1: E, b1: E| z.sub(c1).sub(sigma.mul(a1)).sub(rho.mul(b1));
        push_w(
            &mut w,
            f(log.z.a[lo + k], t1[CA], t1[AA], t1[BA]),
            f(log.z.b[lo + k], t1[CB], t1[AB], t1[BB]),
            E::zero().sub(sigma.mul(rho)),
        );
    }
    zero_check(s, &w, step).await
}

/// `n` random triples `(a, b, c = ab)` made by the Araki et al. multiplication (one round), each
/// as this node's `[a.a, a.b, b.a, b.b, c.a, c.b]`. `a` and `b` are drawn like
/// [`Session::random_shared`], `c` like [`ops::mul_raw`], but straight into one array.
async fn triples<E: Ring, T: Transport>(
    s: &mut Session<T>,
    n: usize,
    trip: &mut Vec<[E; 6]>,
) -> Result<(), MpcError> {
    let (mut a_own, mut a_next) = s.pair_streams();
    let (mut b_own, mut b_next) = s.pair_streams();
    let (mut z_own, mut z_next) = s.pair_streams();
    trip.clear();
    trip.extend((0..n).map(|_| {
        let (aa, ab) = (E::random(&mut a_own), E::random(&mut a_next));
        let (ba, bb) = (E::random(&mut b_own), E::random(&mut b_next));
        let alpha = E::random(&mut z_own).sub(E::random(&mut z_next));
        let c = aa.mul(ba).add(aa.mul(bb)).add(ab.mul(ba)).add(alpha);
        [aa, ab, ba, bb, c, E::zero()]
    }));
    let mut out = Vec::with_capacity(n * E::BYTES);
    for t in trip.iter() {
        t[4].write(&mut out);
    }
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    s.send(prev, round, out).await?;
    let got = s.recv(next, round).await?;
    let from = format!("node {next}");
    if got.len() != n * E::BYTES {
        return Err(MpcError::malformed(
            &from,
            "triple products of the wrong size",
        ));
    }
    for (t, c) in trip.iter_mut().zip(got.chunks_exact(E::BYTES)) {
        t[5] = E::read(c).ok_or_else(|| MpcError::malformed(&from, "invalid element encoding"))?;
    }
    Ok(())
}

/// `v[i] := v[perm[i]]` for all `i`, without one cache miss per element: the elements are first
/// scattered sequentially into 256 runs by the high bits of their destination, then each run
/// (small enough for the cache) is placed. `dest` and `staged` are reused buffers.
fn permute<X: Copy>(v: &mut [X], perm: &[u32], dest: &mut Vec<u32>, staged: &mut Vec<(u32, X)>) {
    let n = v.len();
    if n < 2 {
        return;
    }
    // The destination of every source element.
    dest.clear();
    dest.resize(n, 0);
    for (i, &j) in perm.iter().enumerate() {
        dest[j as usize] = i as u32;
    }
    let shift = (usize::BITS - (n - 1).leading_zeros()).saturating_sub(8);
    let run_of = |d: u32| (d as usize) >> shift;
    let mut start = [0usize; 257];
    for &d in dest.iter() {
        start[run_of(d) + 1] += 1;
    }
    for r in 0..256 {
        start[r + 1] += start[r];
    }
    let mut fill = start;
    staged.clear();
    staged.resize(n, (0, v[0]));
    for (x, &d) in v.iter().zip(dest.iter()) {
        let r = run_of(d);
        staged[fill[r]] = (d, *x);
        fill[r] += 1;
    }
    for &(d, x) in staged.iter() {
        v[d as usize] = x;
    }
}

/// A uniformly random permutation of `0..n` (Fisher–Yates with rejection sampling, as
/// [`prg::permutation`]) in 32-bit indices, half the memory traffic for the large triple batches.
fn permutation32(rng: &mut ChaCha12Rng, n: usize) -> Vec<u32> {
    use rand_core::RngCore;
    let mut p: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let bound = (i + 1) as u64;
        let zone = u64::MAX - (u64::MAX % bound);
        let j = loop {
            let r = rng.next_u64();
            if r < zone {
                break (r % bound) as usize;
            }
        };
        p.swap(i, j);
    }
    p
}

/// Checks that the shared vector `w` is zero without opening it: node `i` holds `(w_i, w_{i+1})`
/// and the zero test needs `w_{i+2} = -(w_i + w_{i+1})`; node `i+1` sends it a digest of its
/// `w_{i+2}`. One round, 32 bytes. Both honest nodes test with honest copies, so a nonzero `w`
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

/// Both holders of every component of `parts` compare their copies (one round, a 32-byte digest
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
    let mut h = Sha256::new();
    h.update(b"leerpunt-mpc/check/v1\0");
    h.update(what);
    h.update(computation.to_le_bytes());
    h.update(round.to_le_bytes());
    let mut buf = Vec::new();
    for p in parts {
        for chunk in p.as_ref().chunks(4096) {
            buf.clear();
            E::write_for_digest(chunk, &mut buf);
            h.update(&buf);
        }
    }
    h.finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_equals_a_gather_for_large_and_small_inputs() {
        for n in [0usize, 1, 1000, (1 << 16) + 7, 300_000] {
            let mut rng = prg::stream(&[3; 32], n as u64);
            let perm = permutation32(&mut rng, n);
            let mut v: Vec<u64> = (0..n as u64).map(|i| i * 7 + 1).collect();
            let want: Vec<u64> = perm.iter().map(|&j| v[j as usize]).collect();
            permute(&mut v, &perm, &mut Vec::new(), &mut Vec::new());
            assert_eq!(v, want, "n = {n}");
        }
    }

    #[test]
    fn buckets_shrink_as_batches_grow_and_meet_the_bound() {
        assert_eq!(bucket_params(1).0, 22);
        assert_eq!(bucket_params(CHUNK).0, 4);
        assert_eq!(bucket_params(1 << 20).0, 3);
        for m in [1usize, 10, 1000, CHUNK] {
            let (b, c) = bucket_params(m);
            let n = (m * b + c) as f64;
            let lg: f64 = (0..b)
                .map(|i| ((n - i as f64) / (i as f64 + 1.0)).log2())
                .sum();
            assert!(lg - (m as f64).log2() >= STATISTICAL_SECURITY as f64);
        }
    }
}
