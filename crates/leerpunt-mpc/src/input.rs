//! How an input party secret-shares a vector with the three nodes, close to the lower bound.
//!
//! `x = x_0 + x_1 + x_2` with two components expanded from fresh seeds and the third
//! (`x_e = x - …`) sent explicitly to the two nodes that hold it. An outside party sends `2n`
//! elements plus 128 bytes of seeds: the minimum for replicated sharing, since `x_e` is determined
//! by the input and must reach two nodes. A node that is itself an input party sends `n`.

use crate::codec::{self, Reader};
use crate::elem::Group;
use crate::prg::{self, Seed};
use crate::session::Rep;
use crate::MpcError;
use rand_core::{CryptoRng, RngCore};

/// The PRG stream used to expand input seeds.
const INPUT_STREAM: u64 = 0x1e_e7_90_17;

/// One component of a node's share: a seed to expand, or the elements themselves.
#[derive(Clone, Debug, PartialEq)]
pub enum Src<E> {
    Seed(Seed),
    Explicit(Vec<E>),
}

/// What one node receives for one shared vector.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShare<E> {
    pub n: usize,
    pub first: Src<E>,
    pub second: Src<E>,
}

/// Shares `values` for nodes 0, 1 and 2 (the explicit component is `x_2`: the party sends `2n`
/// elements).
pub fn share<E: Group>(values: &[E], rng: &mut (impl RngCore + CryptoRng)) -> [NodeShare<E>; 3] {
    share_with_explicit(values, 2, rng)
}

/// Shares `values` with component `x_e` explicit and the other two expanded from seeds. Node `e`
/// gets `(x_e, seed)`, node `e+1` two seeds, node `e+2` `(seed, x_e)`. When node `e` is itself
/// the input party it keeps its own share, so only node `e+2` receives `n` elements: the lower
/// bound of `n` elements per input.
pub fn share_with_explicit<E: Group>(
    values: &[E],
    e: usize,
    rng: &mut (impl RngCore + CryptoRng),
) -> [NodeShare<E>; 3] {
    let e = e % 3;
    let n = values.len();
    let s1 = prg::fresh_seed(rng);
    let s2 = prg::fresh_seed(rng);
    let mut r1 = prg::stream(&s1, INPUT_STREAM);
    let mut r2 = prg::stream(&s2, INPUT_STREAM);
    let xe: Vec<E> = values
        .iter()
        .map(|v| v.sub(E::random(&mut r1)).sub(E::random(&mut r2)))
        .collect();
    // Components e, e+1, e+2 are xe, seed s1, seed s2.
    let at_e = NodeShare {
        n,
        first: Src::Explicit(xe.clone()),
        second: Src::Seed(s1),
    };
    let at_e1 = NodeShare {
        n,
        first: Src::Seed(s1),
        second: Src::Seed(s2),
    };
    let at_e2 = NodeShare {
        n,
        first: Src::Seed(s2),
        second: Src::Explicit(xe),
    };
    let mut out = [at_e.clone(), at_e1, at_e2];
    out.rotate_right(e);
    out
}

impl<E: Group> NodeShare<E> {
    /// Appends the wire encoding.
    pub fn write(&self, out: &mut Vec<u8>) {
        codec::put_u64(out, self.n as u64);
        for src in [&self.first, &self.second] {
            match src {
                Src::Seed(s) => {
                    out.push(0);
                    out.extend_from_slice(s);
                }
                Src::Explicit(v) => {
                    out.push(1);
                    codec::put_vec(out, v);
                }
            }
        }
    }

    /// Reads the wire encoding; `n` must equal `expected` when given and not exceed `max`.
    pub fn read(r: &mut Reader<'_>, expected: Option<usize>, max: usize) -> Result<Self, MpcError> {
        let n = r.len(max)?;
        if let Some(e) = expected {
            if n != e {
                return Err(MpcError::Invalid(format!(
                    "expected a vector of {e} elements, got {n}"
                )));
            }
        }
        let mut srcs = Vec::with_capacity(2);
        for _ in 0..2 {
            srcs.push(match r.u8()? {
                0 => Src::Seed(r.seed()?),
                1 => Src::Explicit(r.vec(n)?),
                t => return Err(MpcError::Invalid(format!("unknown share source tag {t}"))),
            });
        }
        let second = srcs
            .pop()
            .ok_or_else(|| MpcError::Invalid("missing share".into()))?;
        let first = srcs
            .pop()
            .ok_or_else(|| MpcError::Invalid("missing share".into()))?;
        Ok(NodeShare { n, first, second })
    }

    /// Expands to the node's replicated share.
    pub fn expand(self) -> Rep<E> {
        let n = self.n;
        let ex = |s: Src<E>| match s {
            Src::Seed(seed) => prg::expand(&seed, INPUT_STREAM, n),
            Src::Explicit(v) => v,
        };
        Rep {
            a: ex(self.first),
            b: ex(self.second),
        }
    }

    /// Bytes of the encoding.
    pub fn encoded_len(&self) -> usize {
        let one = |s: &Src<E>| {
            1 + match s {
                Src::Seed(_) => 32,
                Src::Explicit(v) => v.len() * E::BYTES,
            }
        };
        8 + one(&self.first) + one(&self.second)
    }
}
