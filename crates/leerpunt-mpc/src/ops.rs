//! The vectorised building blocks on replicated shares: reveal, multiplication, comparison with a
//! public threshold, and bit-to-arithmetic conversion. Each call is one batch: one message per
//! peer per round, however many elements.

use crate::check::{self, Checked};
use crate::codec;
use crate::elem::{Gf2, Group, Ring};
use crate::session::{Rep, Session, Transport};
use crate::MpcError;

/// Opens `x` to all three nodes: node `i` sends its `x_{i+1}` to node `i-1` and receives `x_{i+2}`
/// from node `i+1`. With checks on (the default; see [`Session::set_checks`]) it first verifies
/// every multiplication since the last opening ([`check::verify`]), cross-checks the opening and
/// confirms it:
///
/// - The missing component `x_{i+2}` is held by two nodes (`i+1` and `i+2 = i-1`), so node `i`
///   also receives a 32-byte digest (SHA-256) of it from node `i-1` and checks the two agree: a
///   single node that sends a wrong share is detected and the computation aborts instead of
///   revealing a falsified value. On a mismatch the node names the sender of the share
///   ([`MpcError::Deviated`], step `reveal`); see [`check`] for why a node cannot always tell
///   which of two disagreeing peers lied.
/// - A confirmation round: every node sends both others a digest of what it opened. Two honest
///   nodes whose cross-checks passed opened the same values, so a differing digest names its
///   sender; a node whose cross-check failed aborts instead of confirming, so the other honest
///   node does not return the value either.
///
/// One round (two with checks), `n` elements sent per node.
pub async fn reveal<E: Group, T: Transport>(
    s: &mut Session<T>,
    x: &Rep<E>,
) -> Result<Vec<E>, MpcError> {
    check::verify(s).await?;
    let opened = open(s, x, "reveal").await?;
    if s.checks() {
        confirm_opened(s, &opened).await?;
    }
    Ok(opened)
}

/// The opening itself (no verification of pending multiplications, no confirmation): the
/// building block of [`reveal`] and of the checks, which open random values. With checks on the
/// share is cross-checked by a digest from its other holder; a mismatch names the share's sender.
pub(crate) async fn open<E: Group, T: Transport>(
    s: &mut Session<T>,
    x: &Rep<E>,
    step: &str,
) -> Result<Vec<E>, MpcError> {
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    let checks = s.checks();
    s.send(prev, round, codec::vec_bytes(&x.b)).await?;
    if checks {
        let d = opening_digest_of(s.computation(), round, &x.a);
        s.send(next, round, d).await?;
    }
    let got = s.recv(next, round).await?;
    if checks {
        let check = s.recv(prev, round).await?;
        if opening_digest(s.computation(), round, &got) != check {
            return Err(MpcError::deviated(next, step));
        }
    }
    let from = format!("node {next}");
    if got.len() != x.len() * E::BYTES {
        return Err(MpcError::malformed(
            &from,
            format!("expected {} bytes, got {}", x.len() * E::BYTES, got.len()),
        ));
    }
    x.a.iter()
        .zip(&x.b)
        .zip(got.chunks_exact(E::BYTES))
        .map(|((a, b), c)| {
            let c =
                E::read(c).ok_or_else(|| MpcError::malformed(&from, "invalid element encoding"))?;
            Ok(a.add(*b).add(c))
        })
        .collect()
}

/// Every node sends both others a digest of what it opened and compares theirs with its own.
async fn confirm_opened<E: Group, T: Transport>(
    s: &mut Session<T>,
    opened: &[E],
) -> Result<(), MpcError> {
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    let mine = opening_digest(s.computation(), round, &codec::vec_bytes(opened));
    s.send(next, round, mine.clone()).await?;
    s.send(prev, round, mine.clone()).await?;
    for from in [next, prev] {
        if s.recv(from, round).await? != mine {
            return Err(MpcError::deviated(from, "reveal"));
        }
    }
    Ok(())
}

/// [`opening_digest`] of the encoding of `v`, without materialising it.
fn opening_digest_of<E: Group>(computation: u64, round: u32, v: &[E]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new()
        .chain_update(b"leerpunt-mpc/opening/v1\0")
        .chain_update(computation.to_le_bytes())
        .chain_update(round.to_le_bytes());
    let mut buf = Vec::with_capacity(4096 * E::BYTES);
    for chunk in v.chunks(4096) {
        buf.clear();
        codec::put_vec(&mut buf, chunk);
        h.update(&buf);
    }
    h.finalize().to_vec()
}

fn opening_digest(computation: u64, round: u32, bytes: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::new()
        .chain_update(b"leerpunt-mpc/opening/v1\0")
        .chain_update(computation.to_le_bytes())
        .chain_update(round.to_le_bytes())
        .chain_update(bytes)
        .finalize()
        .to_vec()
}

/// Multiplies elementwise (Araki et al.): node `i` computes
/// `z_i = x_i y_i + x_i y_{i+1} + x_{i+1} y_i + α_i`, sends it to node `i-1` and receives `z_{i+1}`.
/// One round, `n` elements sent per node. The output sharing is fresh (re-randomised by `α`).
///
/// With checks on, the multiplication is logged and verified (with all others since the last
/// opening) before the next opening; see [`check`].
pub async fn mul<E: Checked, T: Transport>(
    s: &mut Session<T>,
    x: &Rep<E>,
    y: &Rep<E>,
) -> Result<Rep<E>, MpcError> {
    let tamper = s.mul_fault();
    let z = mul_with(s, x, y, tamper).await?;
    if s.checks() {
        E::log(s.pending_mut()).push(x, y, &z);
    }
    Ok(z)
}

/// A multiplication that is not logged for verification: for the random triples of the check
/// itself and for MAC tags, whose errors the checks catch by other means.
pub(crate) async fn mul_raw<E: Ring, T: Transport>(
    s: &mut Session<T>,
    x: &Rep<E>,
    y: &Rep<E>,
) -> Result<Rep<E>, MpcError> {
    mul_with(s, x, y, false).await
}

async fn mul_with<E: Ring, T: Transport>(
    s: &mut Session<T>,
    x: &Rep<E>,
    y: &Rep<E>,
    tamper: bool,
) -> Result<Rep<E>, MpcError> {
    if x.len() != y.len() {
        return Err(MpcError::Invalid(format!(
            "mul of vectors of length {} and {}",
            x.len(),
            y.len()
        )));
    }
    let alpha: Vec<E> = s.zero_share(x.len());
    let mut z: Vec<E> = (0..x.len())
        .map(|j| {
            x.a[j]
                .mul(y.a[j])
                .add(x.a[j].mul(y.b[j]))
                .add(x.b[j].mul(y.a[j]))
                .add(alpha[j])
        })
        .collect();
    if tamper {
        if let Some(first) = z.first_mut() {
            *first = first.add(crate::prg::nonzero_error());
        }
    }
    let round = s.next_round();
    let (prev, next) = (s.prev(), s.next());
    s.send(prev, round, codec::vec_bytes(&z)).await?;
    let got = s.recv(next, round).await?;
    let z_next: Vec<E> = codec::vec_from_bytes(&got, z.len(), &format!("node {next}"))?;
    Ok(Rep { a: z, b: z_next })
}

/// The binary sharing of component `j` of an arithmetic sharing: the value `x_j` is known to the two
/// nodes that hold it, so it is a valid sharing `(x_j, 0, 0)` (rotated) with no communication.
fn component_bits(me: usize, j: usize, x: &Rep<u64>) -> Rep<Gf2> {
    let n = x.len();
    let zero = vec![Gf2(0); n];
    if j == me {
        Rep {
            a: x.a.iter().map(|&v| Gf2(v)).collect(),
            b: zero,
        }
    } else if j == (me + 1) % 3 {
        Rep {
            a: zero,
            b: x.b.iter().map(|&v| Gf2(v)).collect(),
        }
    } else {
        Rep {
            a: zero.clone(),
            b: zero,
        }
    }
}

fn shl(x: &Rep<Gf2>, d: u32) -> Rep<Gf2> {
    Rep {
        a: x.a.iter().map(|v| Gf2(v.0 << d)).collect(),
        b: x.b.iter().map(|v| Gf2(v.0 << d)).collect(),
    }
}

fn xor(x: &Rep<Gf2>, y: &Rep<Gf2>) -> Rep<Gf2> {
    x.add(y)
}

/// The most significant bit of the arithmetic value `x`, as a binary sharing (in bit 0).
///
/// ABY3-style conversion: the three arithmetic components are binary-shared locally, one layer
/// of full adders (one AND) reduces three summands to two, and the carry into bit 63 of their sum
/// comes from a binary tree of (generate, propagate) pairs: 6 levels, each halving the bits that
/// matter per value, so after each level the surviving bits of two words are packed into one
/// (packing moves bits within each share component, a local linear map). 8 rounds, about `6n`
/// AND words in all (a Kogge–Stone network over whole words would need `13n`), which matters
/// most when every AND word is verified.
pub async fn msb<T: Transport>(s: &mut Session<T>, x: &Rep<u64>) -> Result<Rep<Gf2>, MpcError> {
    let me = s.me();
    let n = x.len();
    let u = component_bits(me, 0, x);
    let v = component_bits(me, 1, x);
    let w = component_bits(me, 2, x);
    // Full adder: sum = u^v^w, carry = maj(u,v,w) = ((u^w)&(v^w))^w.
    let sum = xor(&xor(&u, &v), &w);
    let carry = xor(&mul(s, &xor(&u, &w), &xor(&v, &w)).await?, &w);
    let c2 = shl(&carry, 1);
    // Two-operand addition sum + c2; msb = p0[63] ^ (carry into bit 63) = p0[63] ^ G[0..=62].
    let p0 = xor(&sum, &c2);
    let mut g = mul(s, &sum, &c2).await?;
    // G[0..=62] is the generate bit of the whole word once bit 63 is made to propagate only:
    // g63 = 0, p63 = 1 (clear bit 63 in every component, then add the public 1 at bit 63).
    const TOP: u64 = 1 << 63;
    let clear = |r: &Rep<Gf2>| Rep {
        a: r.a.iter().map(|v| Gf2(v.0 & !TOP)).collect(),
        b: r.b.iter().map(|v| Gf2(v.0 & !TOP)).collect(),
    };
    g = clear(&g);
    let mut p = clear(&p0);
    p.add_public(me, &vec![Gf2(TOP); n]);
    // `slots[w]`: the values in word `w`, in the order of their lanes (None: padding).
    let mut slots: Vec<Vec<Option<usize>>> = (0..n).map(|j| vec![Some(j)]).collect();
    for level in 0..6 {
        let last = level == 5;
        // Combine pairs: at every odd bit position, (g, p) of (that bit, the one below).
        let words = g.len();
        let (gg, pp) = if last {
            (xor(&g, &mul(s, &p, &shl(&g, 1)).await?), None)
        } else {
            let both = mul(
                s,
                &Rep::concat(&[&p, &p]),
                &Rep::concat(&[&shl(&g, 1), &shl(&p, 1)]),
            )
            .await?;
            (
                xor(&g, &both.slice(0, words)),
                Some(both.slice(words, words)),
            )
        };
        // Keep the odd bits, two words per word.
        let (g2, s2) = pack_odd(&gg, &slots);
        g = g2;
        if let Some(pp) = pp {
            p = pack_odd(&pp, &slots).0;
        }
        slots = s2;
    }
    // One bit per value is left: lane `l` of word `w` is the value `slots[w][l]`.
    let mut out_a = vec![Gf2(0); n];
    let mut out_b = vec![Gf2(0); n];
    for (wi, lanes) in slots.iter().enumerate() {
        for (lane, v) in lanes.iter().enumerate() {
            if let Some(j) = *v {
                let top = |p: Gf2| (p.0 >> 63) & 1;
                out_a[j] = Gf2(top(p0.a[j]) ^ ((g.a[wi].0 >> lane) & 1));
                out_b[j] = Gf2(top(p0.b[j]) ^ ((g.b[wi].0 >> lane) & 1));
            }
        }
    }
    Ok(Rep { a: out_a, b: out_b })
}

/// The odd bits of a 64-bit word, in order, in its low 32 bits.
fn compress_odd(w: u64) -> u64 {
    let mut x = (w >> 1) & 0x5555_5555_5555_5555;
    x = (x | (x >> 1)) & 0x3333_3333_3333_3333;
    x = (x | (x >> 2)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x >> 4)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x >> 8)) & 0x0000_ffff_0000_ffff;
    (x | (x >> 16)) & 0x0000_0000_ffff_ffff
}

/// Keeps the odd bits of every word and packs words `w` and `w + h` (`h` = half the words,
/// rounded up) into one: low half from `w`, high half from `w + h`. A local linear map, applied
/// to both share components alike. Returns the packed words and their lane-to-value map.
fn pack_odd(x: &Rep<Gf2>, slots: &[Vec<Option<usize>>]) -> (Rep<Gf2>, Vec<Vec<Option<usize>>>) {
    let words = x.len();
    let h = words.div_ceil(2);
    let pack = |v: &[Gf2]| -> Vec<Gf2> {
        (0..h)
            .map(|w| {
                let lo = compress_odd(v[w].0);
                let hi = v.get(w + h).map_or(0, |x| compress_odd(x.0));
                Gf2(lo | (hi << 32))
            })
            .collect()
    };
    let new_slots = (0..h)
        .map(|w| {
            let lo = &slots[w];
            let mut lanes = lo.clone();
            match slots.get(w + h) {
                Some(hi) => lanes.extend_from_slice(hi),
                None => lanes.extend(std::iter::repeat_n(None, lo.len())),
            }
            lanes
        })
        .collect();
    (
        Rep {
            a: pack(&x.a),
            b: pack(&x.b),
        },
        new_slots,
    )
}

/// `[x_j < k]` for every element, as a binary sharing (bit 0). Correct while `|x_j - k| < 2^63`,
/// i.e. for counts and sums far below 2^63.
pub async fn less_than_public<T: Transport>(
    s: &mut Session<T>,
    x: &Rep<u64>,
    k: u64,
) -> Result<Rep<Gf2>, MpcError> {
    let mut d = x.clone();
    let me = s.me();
    d.add_public(me, &vec![k.wrapping_neg(); x.len()]);
    msb(s, &d).await
}

/// Converts shared bits (bit 0 of each [`Gf2`]) to arithmetic shares of 0/1.
/// `b = b_0 ⊕ b_1 ⊕ b_2` with `u ⊕ v = u + v - 2uv`: two multiplications, two rounds.
pub async fn bit_to_arith<T: Transport>(
    s: &mut Session<T>,
    bits: &Rep<Gf2>,
) -> Result<Rep<u64>, MpcError> {
    let me = s.me();
    let ar = Rep {
        a: bits.a.iter().map(|b| b.0 & 1).collect::<Vec<u64>>(),
        b: bits.b.iter().map(|b| b.0 & 1).collect::<Vec<u64>>(),
    };
    let comp = |j: usize| -> Rep<u64> {
        let n = ar.len();
        if j == me {
            Rep {
                a: ar.a.clone(),
                b: vec![0; n],
            }
        } else if j == (me + 1) % 3 {
            Rep {
                a: vec![0; n],
                b: ar.b.clone(),
            }
        } else {
            Rep::zeros(n)
        }
    };
    let (b0, b1, b2) = (comp(0), comp(1), comp(2));
    let xor_a = |x: &Rep<u64>, y: &Rep<u64>, xy: &Rep<u64>| x.add(y).sub(&xy.mul_public(2));
    let t = xor_a(&b0, &b1, &mul(s, &b0, &b1).await?);
    let tb2 = mul(s, &t, &b2).await?;
    Ok(xor_a(&t, &b2, &tb2))
}
