//! How an input party secret-shares a vector with the three nodes, close to the lower bound.
//!
//! `x = x_0 + x_1 + x_2` with `x_0`, `x_1` expanded from fresh seeds `s_0`, `s_1` and
//! `x_2 = x - x_0 - x_1` sent explicitly. Node 0 (needs `x_0, x_1`) gets two seeds; node 1
//! (`x_1, x_2`) gets `s_1` and `x_2`; node 2 (`x_2, x_0`) gets `x_2` and `s_0`. The party sends
//! `2n` elements plus 128 bytes of seeds: the minimum for replicated sharing, since `x_2` is
//! determined by the input and must reach two nodes.

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

/// Shares `values` for nodes 0, 1 and 2.
pub fn share<E: Group>(values: &[E], rng: &mut (impl RngCore + CryptoRng)) -> [NodeShare<E>; 3] {
    let n = values.len();
    let s0 = prg::fresh_seed(rng);
    let s1 = prg::fresh_seed(rng);
    let mut r0 = prg::stream(&s0, INPUT_STREAM);
    let mut r1 = prg::stream(&s1, INPUT_STREAM);
    let x2: Vec<E> = values.iter().map(|v| v.sub(E::random(&mut r0)).sub(E::random(&mut r1))).collect();
    [
        NodeShare { n, first: Src::Seed(s0), second: Src::Seed(s1) },
        NodeShare { n, first: Src::Seed(s1), second: Src::Explicit(x2.clone()) },
        NodeShare { n, first: Src::Explicit(x2), second: Src::Seed(s0) },
    ]
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
                return Err(MpcError::Invalid(format!("expected a vector of {e} elements, got {n}")));
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
        let second = srcs.pop().ok_or_else(|| MpcError::Invalid("missing share".into()))?;
        let first = srcs.pop().ok_or_else(|| MpcError::Invalid("missing share".into()))?;
        Ok(NodeShare { n, first, second })
    }

    /// Expands to the node's replicated share.
    pub fn expand(self) -> Rep<E> {
        let n = self.n;
        let ex = |s: Src<E>| match s {
            Src::Seed(seed) => prg::expand(&seed, INPUT_STREAM, n),
            Src::Explicit(v) => v,
        };
        Rep { a: ex(self.first), b: ex(self.second) }
    }

    /// Bytes of the encoding.
    pub fn encoded_len(&self) -> usize {
        let one = |s: &Src<E>| 1 + match s {
            Src::Seed(_) => 32,
            Src::Explicit(v) => v.len() * E::BYTES,
        };
        8 + one(&self.first) + one(&self.second)
    }
}
