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

use crate::codec;
use crate::elem::Group;
use crate::prg;
use crate::session::{Rep, Session, Transport};
use crate::MpcError;

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

/// Applies `plan` to `table` (three rounds).
pub async fn apply<E: Group, T: Transport>(
    s: &mut Session<T>,
    plan: &ShufflePlan,
    table: &Table<E>,
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
    }
    Ok(Table {
        width: table.width,
        data: x,
    })
}
