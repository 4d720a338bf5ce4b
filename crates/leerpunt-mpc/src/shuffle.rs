//! The three-party reshare shuffle: permutes the rows of a shared table so that no single node
//! knows the permutation (used before revealing pseudonyms, so revealed values cannot be linked
//! back to the input party or the record they came from).
//!
//! Step `j` (j = 0, 1, 2): nodes `A = j` and `B = j+1` share a PRF key (`k_{j+1}`) and derive a
//! permutation `π_j` and masks `z, r`. `A` holds `a = x_j + x_{j+1}`, `B` holds `b = x_{j+2}`. They set
//! `y_{j+1} = r`, `y_j = π(a) + z - r` (A sends it to C = j+2), `y_{j+2} = π(b) - z` (B sends it to C).
//! C sees two independent uniform vectors. After three steps the table is permuted by
//! `π_2 ∘ π_1 ∘ π_0`, and each node misses one of the three permutations. Cf. Mohassel, Rindal,
//! Rosulek, CCS 2020, §4 (the semi-honest variant).
//!
//! [`apply`] is that semi-honest shuffle. [`apply_checked`] (tables over Z_2^64) and
//! [`apply_checked_points`] (tables of points) make a node that alters, drops or mixes rows
//! abort the computation: every row carries a MAC tag `Δ·x` under a shared key `Δ` no node knows,
//! and after the shuffle a random linear combination of `Δ·x' - t'` over all rows must open to
//! zero. A deviating node adds an error `(e, f)` to values and tags that it chooses without knowing
//! `Δ`, and passes only if `f = Δ·e`. Before that, both holders of every component of the output
//! compare digests after each reshare step, so a node that kept something other than what it sent
//! is named.

use crate::codec;
use crate::elem::{Group, Ring};
use crate::prg;
use crate::session::{Rep, Session, Transport};
use crate::MpcError;
use crate::{check, ops};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;

/// A shared table, row-major: `data` has `rows * width` elements.
#[derive(Clone, Debug, PartialEq)]
pub struct Table<E> {
    pub width: usize,
    pub data: Rep<E>,
}

impl<E: Group> Table<E> {
    pub fn rows(&self) -> usize {
        self.data.len().checked_div(self.width).unwrap_or(0)
    }
}

/// The permutations of one shuffle, as far as this node knows them (two of the three).
pub struct ShufflePlan {
    rows: usize,
    perms: [Option<Vec<usize>>; 3],
}

/// Draws the permutations for shuffling `rows` rows. Apply the same plan to several tables to
/// permute them identically.
pub fn plan<T: Transport>(s: &mut Session<T>, rows: usize) -> ShufflePlan {
    let me = s.me();
    let mut perms: [Option<Vec<usize>>; 3] = [None, None, None];
    for (j, slot) in perms.iter_mut().enumerate() {
        let (mut own, mut next) = s.pair_streams();
        if me == j {
            *slot = Some(prg::permutation(&mut next, rows));
        } else if me == (j + 1) % 3 {
            *slot = Some(prg::permutation(&mut own, rows));
        }
    }
    ShufflePlan { rows, perms }
}

fn permute_rows<E: Group>(v: &[E], perm: &[usize], width: usize) -> Vec<E> {
    let mut out = Vec::with_capacity(v.len());
    for &src in perm {
        out.extend_from_slice(&v[src * width..(src + 1) * width]);
    }
    out
}

/// A node told to deviate in this shuffle step alters the first element it sends (and keeps it).
fn tamper<E: Group, T: Transport>(s: &mut Session<T>, y: &mut [E]) {
    if s.shuffle_fault() {
        if let Some(first) = y.first_mut() {
            *first = first.add(prg::nonzero_error());
        }
    }
}

/// Applies `plan` to `table` (three rounds): the semi-honest shuffle, with no check of its own.
/// With checks on, use [`apply_checked`] or [`apply_checked_points`].
pub async fn apply<E: Group, T: Transport>(
    s: &mut Session<T>,
    plan: &ShufflePlan,
    table: &Table<E>,
) -> Result<Table<E>, MpcError> {
    reshare(s, plan, table, false).await
}

/// The three reshare steps; with `consistency`, both holders of every component compare
/// digests after each step (one more round per step), so a node that sends something other than
/// what it keeps is named.
async fn reshare<E: Group, T: Transport>(
    s: &mut Session<T>,
    plan: &ShufflePlan,
    table: &Table<E>,
    consistency: bool,
) -> Result<Table<E>, MpcError> {
    if table.rows() != plan.rows || table.data.len() != plan.rows * table.width {
        return Err(MpcError::Invalid(format!(
            "shuffle plan for {} rows applied to {} rows",
            plan.rows,
            table.rows()
        )));
    }
    let me = s.me();
    let len = table.data.len();
    let mut x = table.data.clone();
    for j in 0..3 {
        let (own, next) = s.pair_streams();
        let round = s.next_round();
        let perm = plan.perms[j].as_deref();
        if me == j {
            let perm = perm.ok_or_else(|| MpcError::Invalid("missing permutation".into()))?;
            let mut rng = next;
            let a: Vec<E> = x.a.iter().zip(&x.b).map(|(p, q)| p.add(*q)).collect();
            let mut y = permute_rows(&a, perm, table.width);
            let z: Vec<E> = prg::expand_from(&mut rng, len);
            let r: Vec<E> = prg::expand_from(&mut rng, len);
            for ((yv, zv), rv) in y.iter_mut().zip(&z).zip(&r) {
                *yv = yv.add(*zv).sub(*rv);
            }
            tamper(s, &mut y);
            let prev = s.prev();
            s.send(prev, round, codec::vec_bytes(&y)).await?;
            x = Rep { a: y, b: r };
        } else if me == (j + 1) % 3 {
            let perm = perm.ok_or_else(|| MpcError::Invalid("missing permutation".into()))?;
            let mut rng = own;
            let mut y = permute_rows(&x.b, perm, table.width);
            let z: Vec<E> = prg::expand_from(&mut rng, len);
            let r: Vec<E> = prg::expand_from(&mut rng, len);
            for (yv, zv) in y.iter_mut().zip(&z) {
                *yv = yv.sub(*zv);
            }
            tamper(s, &mut y);
            let next_node = s.next();
            s.send(next_node, round, codec::vec_bytes(&y)).await?;
            x = Rep { a: r, b: y };
        } else {
            let (from_b, from_a) = (s.prev(), s.next());
            let yb = s.recv(from_b, round).await?;
            let ya = s.recv(from_a, round).await?;
            x = Rep {
                a: codec::vec_from_bytes(&yb, len, &format!("node {from_b}"))?,
                b: codec::vec_from_bytes(&ya, len, &format!("node {from_a}"))?,
            };
        }
        if consistency {
            check::consistency(s, STEP, &[&x]).await?;
        }
    }
    Ok(Table {
        width: table.width,
        data: x,
    })
}

/// Applies `plan` to a table over Z_2^64 and checks that the output rows are the input rows,
/// permuted (with checks off it is [`apply`]).
///
/// The values are lifted to Z_2^128 (each share component as an integer; the lifted value is
/// `x + m·2^64` for a small unknown `m`, and reducing mod 2^64 at the end gives back `x`), each
/// element gets a tag `t = Δ·x` in Z_2^128 under a fresh shared key `Δ` (one multiplication), and
/// values and tags are shuffled as one table of twice the width, with a share-consistency round
/// after each reshare step. Then a public random coefficient `c_j` per element, and the opening of
/// `Δ·Σ c_j x'_j - Σ c_j t'_j`, which must be zero. An error `e` of 2-adic valuation `v < 64` in a
/// value (one that changes it mod 2^64) passes only if the deviating node's tag error matches
/// `Δ·e` modulo a high power of two, which it must guess from bits of `Δ` it never sees; with the
/// random coefficients this gives a chance of at most about 2^-58 (the 64 bits of headroom are
/// the SPDZ2k argument, Cramer et al., CRYPTO 2018). Errors that are multiples of 2^64 change
/// nothing. Ten rounds in all.
pub async fn apply_checked<T: Transport>(
    s: &mut Session<T>,
    plan: &ShufflePlan,
    table: &Table<u64>,
) -> Result<Table<u64>, MpcError> {
    if !s.checks() {
        return apply(s, plan, table).await;
    }
    let n = table.data.len();
    let w = table.width;
    let lift = |v: &[u64]| v.iter().map(|&x| x as u128).collect::<Vec<u128>>();
    let x = Rep {
        a: lift(&table.data.a),
        b: lift(&table.data.b),
    };
    let key = s.random_shared::<u128>(1);
    let keys = Rep {
        a: vec![key.a[0]; n],
        b: vec![key.b[0]; n],
    };
    let tags = ops::mul_raw(s, &keys, &x).await?;
    let joined = Table {
        width: 2 * w,
        data: join_rows(&x, &tags, w),
    };
    let out = reshare(s, plan, &joined, true).await?;
    let (x, tags) = split_rows(&out.data, w);
    check_tags(s, &key, &x, &tags).await?;
    let low = |v: &[u128]| v.iter().map(|&x| x as u64).collect::<Vec<u64>>();
    Ok(Table {
        width: w,
        data: Rep {
            a: low(&x.a),
            b: low(&x.b),
        },
    })
}

/// The check after a tagged shuffle: `Δ·Σ c_j x_j - Σ c_j t_j = 0` for a fresh public random `c`.
async fn check_tags<R: Ring, T: Transport>(
    s: &mut Session<T>,
    key: &Rep<R>,
    x: &Rep<R>,
    tags: &Rep<R>,
) -> Result<(), MpcError> {
    let mut rng = check::coin(s, STEP).await?;
    let c: Vec<R> = prg::expand_from(&mut rng, x.len());
    let dot = |v: &[R]| {
        v.iter()
            .zip(&c)
            .fold(R::zero(), |acc, (v, c)| acc.add(v.mul(*c)))
    };
    let q = Rep {
        a: vec![dot(&x.a)],
        b: vec![dot(&x.b)],
    };
    let u = Rep {
        a: vec![dot(&tags.a)],
        b: vec![dot(&tags.b)],
    };
    let m = ops::mul_raw(s, key, &q).await?;
    let opened = ops::open(s, &m.sub(&u), STEP).await?;
    if opened.iter().any(|v| *v != R::zero()) {
        return Err(MpcError::deviated_unknown(STEP));
    }
    Ok(())
}

/// The step name in errors.
const STEP: &str = "shuffle";

/// Rows of `x` (width `w`) followed by the rows of `t` (width `w`), row by row.
fn join_rows<E: Group>(x: &Rep<E>, t: &Rep<E>, w: usize) -> Rep<E> {
    let join = |x: &[E], t: &[E]| -> Vec<E> {
        let mut out = Vec::with_capacity(2 * x.len());
        for (xr, tr) in x.chunks(w.max(1)).zip(t.chunks(w.max(1))) {
            out.extend_from_slice(xr);
            out.extend_from_slice(tr);
        }
        out
    };
    Rep {
        a: join(&x.a, &t.a),
        b: join(&x.b, &t.b),
    }
}

/// The inverse of [`join_rows`].
fn split_rows<E: Group>(v: &Rep<E>, w: usize) -> (Rep<E>, Rep<E>) {
    let split = |v: &[E]| -> (Vec<E>, Vec<E>) {
        let mut x = Vec::with_capacity(v.len() / 2);
        let mut t = Vec::with_capacity(v.len() / 2);
        for row in v.chunks(2 * w.max(1)) {
            let (xr, tr) = row.split_at(row.len() / 2);
            x.extend_from_slice(xr);
            t.extend_from_slice(tr);
        }
        (x, t)
    };
    let (xa, ta) = split(&v.a);
    let (xb, tb) = split(&v.b);
    (Rep { a: xa, b: xb }, Rep { a: ta, b: tb })
}

/// Applies `plan` to a table of points and checks it, like [`apply_checked`]: `tags` holds
/// `Δ·P` for every point `P` of `table` under the shared scalar key `key` (see
/// [`crate::pseudonym::evaluate_tagged`]), and after the shuffle `Δ·Σ c_j P'_j - Σ c_j T'_j` must
/// open to the identity. An error in a point escapes only if the deviating node guesses `Δ`
/// (a uniform scalar of the prime-order group). With checks off it is [`apply`] on `table`.
pub async fn apply_checked_points<T: Transport>(
    s: &mut Session<T>,
    plan: &ShufflePlan,
    table: &Table<RistrettoPoint>,
    tags: &Table<RistrettoPoint>,
    key: &Rep<Scalar>,
) -> Result<Table<RistrettoPoint>, MpcError> {
    if !s.checks() {
        return apply(s, plan, table).await;
    }
    let w = table.width;
    if tags.width != w || tags.data.len() != table.data.len() || key.len() != 1 {
        return Err(MpcError::Invalid(
            "point tags do not match their table".into(),
        ));
    }
    let joined = Table {
        width: 2 * w,
        data: join_rows(&table.data, &tags.data, w),
    };
    let out = reshare(s, plan, &joined, true).await?;
    let (p, t) = split_rows(&out.data, w);
    let mut rng = check::coin(s, STEP).await?;
    let c: Vec<Scalar> = prg::expand_from(&mut rng, p.len());
    let dot = |v: &[RistrettoPoint]| RistrettoPoint::vartime_multiscalar_mul(&c, v);
    let q = Rep {
        a: vec![dot(&p.a)],
        b: vec![dot(&p.b)],
    };
    let u = Rep {
        a: vec![dot(&t.a)],
        b: vec![dot(&t.b)],
    };
    let m = mul_key_point(s, key, &q).await?;
    let opened = ops::open(s, &m.sub(&u), STEP).await?;
    if opened.iter().any(|v| *v != RistrettoPoint::zero()) {
        return Err(MpcError::deviated_unknown(STEP));
    }
    Ok(Table { width: w, data: p })
}

/// `Δ·Q` for a shared scalar `Δ` and a shared point `Q` (one element): the Araki et al.
/// multiplication with the bilinear map scalar × point. One round.
async fn mul_key_point<T: Transport>(
    s: &mut Session<T>,
    key: &Rep<Scalar>,
    q: &Rep<RistrettoPoint>,
) -> Result<Rep<RistrettoPoint>, MpcError> {
    let alpha: Vec<RistrettoPoint> = s.zero_share(1);
    let (d, p) = ((key.a[0], key.b[0]), (q.a[0], q.b[0]));
    let z = vec![d.0 * p.0 + d.0 * p.1 + d.1 * p.0 + alpha[0]];
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    s.send(prev, round, codec::vec_bytes(&z)).await?;
    let got = s.recv(next, round).await?;
    let z_next = codec::vec_from_bytes(&got, 1, &format!("node {next}"))?;
    Ok(Rep { a: z, b: z_next })
}
