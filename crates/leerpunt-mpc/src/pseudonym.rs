//! Keyed pseudonyms of household identifiers that no single node can compute: `F_K(id) = K·H(id)`
//! over ristretto255 (the DH-OPRF of RFC 9497 without the outer hash), with `K` secret-shared
//! among the nodes and the output kept secret-shared too.
//!
//! The input party blinds: `B = r·H(id)` for a fresh scalar `r`, sends `B` to every node and
//! secret-shares `r⁻¹`. The nodes compute shares of `K·r⁻¹` (one multiplication over the scalar
//! field) and multiply their shares by the public `B`, giving replicated shares of the point
//! `K·H(id)`. `B` is uniform and independent of `id`; the input party never sees `F_K(id)`; a
//! single node never holds `K`. See Jarecki et al. (2HashDH) and RFC 9497 for the OPRF, and
//! Mohassel–Rindal–Rosulek (CCS 2020) for revealing PRF values after a shuffle.

use crate::ops;
use crate::session::{Rep, Session, Transport};
use crate::shuffle::{self, Table};
use crate::MpcError;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use sha2::Sha512;

/// Hashes an identifier to the group, bound to the computation.
pub fn hash_id(computation_id: &str, id: &[u8]) -> RistrettoPoint {
    let mut msg = Vec::with_capacity(48 + computation_id.len() + id.len());
    msg.extend_from_slice(b"leerpunt-mpc/household/v1\0");
    msg.extend_from_slice(&(computation_id.len() as u64).to_le_bytes());
    msg.extend_from_slice(computation_id.as_bytes());
    msg.extend_from_slice(id);
    RistrettoPoint::hash_from_bytes::<Sha512>(&msg)
}

/// Blinds `H(id)`: returns `(B = r·H(id), r⁻¹)`.
pub fn blind(
    point: &RistrettoPoint,
    rng: &mut (impl RngCore + CryptoRng),
) -> (RistrettoPoint, Scalar) {
    let r = loop {
        let s = Scalar::random(rng);
        if s != Scalar::ZERO {
            break s;
        }
    };
    (r * point, r.invert())
}

/// Computes replicated shares of `K·H(id_j)` from the blinded points and shares of `r_j⁻¹`, under the
/// shared key `key` (a one-element sharing). One round.
pub async fn evaluate<T: Transport>(
    s: &mut Session<T>,
    key: &Rep<Scalar>,
    blinded: &[RistrettoPoint],
    rinv: &Rep<Scalar>,
) -> Result<Table<RistrettoPoint>, MpcError> {
    let n = blinded.len();
    if rinv.len() != n || key.len() != 1 {
        return Err(MpcError::Invalid(
            "pseudonym evaluation: sizes disagree".into(),
        ));
    }
    let k = Rep {
        a: vec![key.a[0]; n],
        b: vec![key.b[0]; n],
    };
    let kr = ops::mul(s, &k, rinv).await?;
    let a = kr.a.iter().zip(blinded).map(|(x, p)| x * p).collect();
    let b = kr.b.iter().zip(blinded).map(|(x, p)| x * p).collect();
    Ok(Table {
        width: 1,
        data: Rep { a, b },
    })
}

/// [`evaluate`] with MAC tags for the checked shuffle
/// ([`crate::shuffle::apply_checked_points`]): also returns `Δ·K·H(id_j)` for every row and the
/// fresh shared scalar key `Δ`. The tags come from the same blinded points and the shares of
/// `Δ·K·r_j⁻¹` (`Δ·K` is one more multiplication, in the same batch of rounds), so they cost one
/// multiplication and two point scalings per row and node more.
pub async fn evaluate_tagged<T: Transport>(
    s: &mut Session<T>,
    key: &Rep<Scalar>,
    blinded: &[RistrettoPoint],
    rinv: &Rep<Scalar>,
) -> Result<(Table<RistrettoPoint>, Table<RistrettoPoint>, Rep<Scalar>), MpcError> {
    let n = blinded.len();
    if rinv.len() != n || key.len() != 1 {
        return Err(MpcError::Invalid(
            "pseudonym evaluation: sizes disagree".into(),
        ));
    }
    let delta = s.random_shared::<Scalar>(1);
    let dk = ops::mul(s, &delta, key).await?;
    let keys = Rep {
        a: [vec![key.a[0]; n], vec![dk.a[0]; n]].concat(),
        b: [vec![key.b[0]; n], vec![dk.b[0]; n]].concat(),
    };
    let both = ops::mul(s, &keys, &Rep::concat(&[rinv, rinv])).await?;
    let scale = |v: &[Scalar]| -> Vec<RistrettoPoint> {
        v.iter()
            .zip(blinded.iter().chain(blinded))
            .map(|(x, p)| x * p)
            .collect()
    };
    let (a, b) = (scale(&both.a), scale(&both.b));
    let table = |a: &[RistrettoPoint], b: &[RistrettoPoint]| Table {
        width: 1,
        data: Rep {
            a: a.to_vec(),
            b: b.to_vec(),
        },
    };
    Ok((table(&a[..n], &b[..n]), table(&a[n..], &b[n..]), delta))
}

/// A fresh shared key `K`, drawn from the pairwise PRF keys (no communication).
pub fn fresh_key<T: Transport>(s: &mut Session<T>) -> Rep<Scalar> {
    s.random_shared::<Scalar>(1)
}

/// The join on pseudonymised keys that every overlap statistic rests on: evaluates the pseudonym
/// of every blinded key (`blinded[j]` with the shared blinding inverse `rinv[j]`) under a fresh
/// shared key, shuffles the pseudonyms together with `table` (one row per key), opens only the
/// shuffled pseudonyms and groups equal ones. With checks on, the pseudonyms carry MAC tags
/// through the shuffle, both tables are checked after it and the pseudonym multiplications are
/// verified before anything is opened. Returns the shuffled table (still shared) and, per
/// distinct pseudonym, its first row and how many rows carry it.
pub async fn join<T: Transport>(
    s: &mut Session<T>,
    blinded: &[RistrettoPoint],
    rinv: &Rep<Scalar>,
    table: &Table<u64>,
) -> Result<(Table<u64>, Vec<(usize, usize)>), MpcError> {
    let rows = blinded.len();
    let key = fresh_key(s);
    let (points, table) = if s.checks() {
        let (points, tags, tag_key) = evaluate_tagged(s, &key, blinded, rinv).await?;
        let plan = shuffle::plan(s, rows);
        let points = shuffle::apply_checked_points(s, &plan, &points, &tags, &tag_key).await?;
        (points, shuffle::apply_checked(s, &plan, table).await?)
    } else {
        let points = evaluate(s, &key, blinded, rinv).await?;
        let plan = shuffle::plan(s, rows);
        let points = shuffle::apply(s, &plan, &points).await?;
        (points, shuffle::apply(s, &plan, table).await?)
    };
    let revealed = ops::reveal(s, &points.data).await?;
    let mut clusters: std::collections::HashMap<[u8; 32], (usize, usize)> =
        std::collections::HashMap::with_capacity(rows);
    for (row, p) in revealed.iter().enumerate() {
        clusters
            .entry(p.compress().to_bytes())
            .or_insert((row, 0))
            .1 += 1;
    }
    Ok((table, clusters.into_values().collect()))
}
