//! Building blocks against plaintext: reveal, multiplication, comparison, bit conversion, shuffle, pseudonyms.

use crate::support::{ok3, rng, run3, shares_of};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use leerpunt_mpc::shuffle::{self, Table};
use leerpunt_mpc::{debt, ops, pseudonym, Gf2, Group, Rep};
use rand_core::RngCore;

fn random_u64s(seed: u64, n: usize, bits: u32) -> Vec<u64> {
    let mut r = rng(seed);
    (0..n)
        .map(|_| {
            if bits == 64 {
                r.next_u64()
            } else {
                r.next_u64() >> (64 - bits)
            }
        })
        .collect()
}

#[test]
fn input_sharing_reveals_the_input() {
    for seed in 0..20 {
        let x = random_u64s(seed, 100 + seed as usize, 64);
        let sh = shares_of(&x, 1000 + seed);
        let out = ok3(run3(seed, |mut s| {
            let mine = sh[s.me()].clone();
            async move { (ops::reveal(&mut s, &mine).await, s) }
        }));
        for o in out {
            assert_eq!(o, x);
        }
    }
}

#[test]
fn multiplication_matches_plaintext_in_all_rings() {
    for seed in 0..20 {
        let n = 1 + (seed as usize * 37) % 200;
        let (x, y) = (random_u64s(seed, n, 64), random_u64s(seed + 99, n, 64));
        let (sx, sy) = (shares_of(&x, 7 * seed), shares_of(&y, 7 * seed + 1));
        let out = ok3(run3(seed, |mut s| {
            let (a, b) = (sx[s.me()].clone(), sy[s.me()].clone());
            async move {
                let r = async {
                    let z = ops::mul(&mut s, &a, &b).await?;
                    ops::reveal(&mut s, &z).await
                }
                .await;
                (r, s)
            }
        }));
        let want: Vec<u64> = x.iter().zip(&y).map(|(a, b)| a.wrapping_mul(*b)).collect();
        assert!(out.iter().all(|o| *o == want), "u64 product, seed {seed}");

        let (gx, gy): (Vec<Gf2>, Vec<Gf2>) = (
            x.iter().map(|&v| Gf2(v)).collect(),
            y.iter().map(|&v| Gf2(v)).collect(),
        );
        let (sx, sy) = (shares_of(&gx, 7 * seed + 2), shares_of(&gy, 7 * seed + 3));
        let out = ok3(run3(seed, |mut s| {
            let (a, b) = (sx[s.me()].clone(), sy[s.me()].clone());
            async move {
                let r = async {
                    let z = ops::mul(&mut s, &a, &b).await?;
                    ops::reveal(&mut s, &z).await
                }
                .await;
                (r, s)
            }
        }));
        let want: Vec<Gf2> = x.iter().zip(&y).map(|(a, b)| Gf2(a & b)).collect();
        assert!(out.iter().all(|o| *o == want), "Gf2 product, seed {seed}");

        let mut r = rng(seed + 5);
        let px: Vec<Scalar> = (0..8).map(|_| Scalar::random(&mut r)).collect();
        let py: Vec<Scalar> = (0..8).map(|_| Scalar::random(&mut r)).collect();
        let (sx, sy) = (shares_of(&px, 7 * seed + 4), shares_of(&py, 7 * seed + 5));
        let out = ok3(run3(seed, |mut s| {
            let (a, b) = (sx[s.me()].clone(), sy[s.me()].clone());
            async move {
                let r = async {
                    let z = ops::mul(&mut s, &a, &b).await?;
                    ops::reveal(&mut s, &z).await
                }
                .await;
                (r, s)
            }
        }));
        let want: Vec<Scalar> = px.iter().zip(&py).map(|(a, b)| a * b).collect();
        assert!(
            out.iter().all(|o| *o == want),
            "scalar product, seed {seed}"
        );
    }
}

#[test]
fn comparison_with_threshold_matches_plaintext_including_edges() {
    for seed in 0..30 {
        let k = [0u64, 1, 10, 11, 1 << 20, (1 << 62) - 1][seed as usize % 6];
        let mut x = random_u64s(seed, 300, (seed % 62 + 2) as u32);
        x.extend([
            k.wrapping_sub(1),
            k,
            k + 1,
            0,
            1,
            1 << 62,
            (1 << 62) - 1,
            k.wrapping_sub(2),
            k + 2,
        ]);
        x.retain(|&v| v < 1 << 62);
        let sx = shares_of(&x, 500 + seed);
        let out = ok3(run3(seed, |mut s| {
            let a = sx[s.me()].clone();
            async move {
                let r = async {
                    let lt = ops::less_than_public(&mut s, &a, k).await?;
                    ops::reveal(&mut s, &lt).await
                }
                .await;
                (r, s)
            }
        }));
        let want: Vec<Gf2> = x.iter().map(|&v| Gf2((v < k) as u64)).collect();
        for o in &out {
            assert_eq!(o, &want, "seed {seed}, k {k}");
        }
    }
}

#[test]
fn count_at_least_uses_bit_to_arith_correctly() {
    for seed in 0..15 {
        let x = random_u64s(seed, 500, 8);
        let t = (seed * 17) % 256;
        let sx = shares_of(&x, 900 + seed);
        let out = ok3(run3(seed, |mut s| {
            let a = sx[s.me()].clone();
            async move { (debt::count_at_least(&mut s, &a, t).await, s) }
        }));
        let want = x.iter().filter(|&&v| v >= t).count() as u64;
        assert!(
            out.iter().all(|&o| o == want),
            "seed {seed}: {out:?} != {want}"
        );
    }
}

#[test]
fn shuffle_permutes_whole_rows_and_no_node_can_undo_it() {
    for seed in 0..10 {
        let rows = 50 + seed as usize;
        let width = 3;
        // Row r is (r, r*r, r+7): rows must stay intact.
        let flat: Vec<u64> = (0..rows as u64).flat_map(|r| [r, r * r, r + 7]).collect();
        let sx = shares_of(&flat, 77 + seed);
        let out = ok3(run3(seed, |mut s| {
            let t = Table {
                width,
                data: sx[s.me()].clone(),
            };
            async move {
                let r = async {
                    let p = shuffle::plan(&mut s, rows);
                    let t = shuffle::apply(&mut s, &p, &t).await?;
                    ops::reveal(&mut s, &t.data).await
                }
                .await;
                (r, s)
            }
        }));
        assert!(out.iter().all(|o| *o == out[0]));
        let mut got: Vec<[u64; 3]> = out[0].chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
        assert!(
            got.iter().all(|r| r[1] == r[0] * r[0] && r[2] == r[0] + 7),
            "rows broken"
        );
        let moved = got
            .iter()
            .enumerate()
            .filter(|(i, r)| r[0] != *i as u64)
            .count();
        assert!(
            moved > rows / 2,
            "shuffle left {} of {rows} rows in place",
            rows - moved
        );
        got.sort();
        let want: Vec<[u64; 3]> = (0..rows as u64).map(|r| [r, r * r, r + 7]).collect();
        assert_eq!(got, want);
    }
}

#[test]
fn pseudonyms_are_key_times_hash_and_link_equal_identifiers() {
    let ids = ["hh-1", "hh-2", "hh-1", "hh-3", "hh-2"];
    let mut r = rng(3);
    let blinded: Vec<(RistrettoPoint, Scalar)> = ids
        .iter()
        .map(|id| pseudonym::blind(&pseudonym::hash_id("c", id.as_bytes()), &mut r))
        .collect();
    let b: Vec<RistrettoPoint> = blinded.iter().map(|x| x.0).collect();
    let rinv: Vec<Scalar> = blinded.iter().map(|x| x.1).collect();
    let sh = shares_of(&rinv, 4);
    let out = ok3(run3(1, |mut s| {
        let (b, ri) = (b.clone(), sh[s.me()].clone());
        async move {
            let r = async {
                let key = pseudonym::fresh_key(&mut s);
                let t = pseudonym::evaluate(&mut s, &key, &b, &ri).await?;
                let k = ops::reveal(&mut s, &key).await?;
                Ok((k[0], ops::reveal(&mut s, &t.data).await?))
            }
            .await;
            (r, s)
        }
    }));
    let (k, pts) = &out[0];
    assert_ne!(*k, Scalar::ZERO);
    for (id, p) in ids.iter().zip(pts) {
        assert_eq!(*p, k * pseudonym::hash_id("c", id.as_bytes()));
    }
    assert_eq!(pts[0], pts[2]);
    assert_ne!(pts[0], pts[1]);
    // The blinded points do not reveal equality.
    assert_ne!(b[0], b[2]);
}

#[test]
fn replicated_shares_hold_two_of_three_components() {
    let x = random_u64s(1, 10, 64);
    let sh = shares_of(&x, 2);
    for i in 0..3 {
        // Node i's second component is node i+1's first.
        assert_eq!(sh[i].b, sh[(i + 1) % 3].a);
    }
    let sum: Vec<u64> = (0..10)
        .map(|j| sh[0].a[j].add(sh[1].a[j]).add(sh[2].a[j]))
        .collect();
    assert_eq!(sum, x);
    let _: Rep<u64> = sh[0].clone();
}

#[test]
fn sharing_with_any_explicit_component_reconstructs_and_costs_n_elements_for_a_node_input() {
    let x = random_u64s(8, 1000, 64);
    for e in 0..3 {
        let parts = leerpunt_mpc::input::share_with_explicit(&x, e, &mut rng(e as u64));
        let sizes: Vec<usize> = parts.iter().map(|p| p.encoded_len()).collect();
        // Node e keeps its own part when it is the input party; only node e+2 gets n elements.
        let sent: usize = (0..3).filter(|&j| j != e).map(|j| sizes[j]).sum();
        assert!(
            sent <= 8 * 1000 + 2 * (8 + 2 + 64),
            "node {e} as input party sends {sent} bytes"
        );
        let reps: Vec<Rep<u64>> = parts.into_iter().map(|p| p.expand()).collect();
        for i in 0..3 {
            assert_eq!(reps[i].b, reps[(i + 1) % 3].a);
        }
        let sum: Vec<u64> = (0..x.len())
            .map(|j| reps[0].a[j].add(reps[1].a[j]).add(reps[2].a[j]))
            .collect();
        assert_eq!(sum, x);
    }
}

#[test]
fn sum_of_three_vectors_is_revealed_exactly() {
    let xs: Vec<Vec<u64>> = (0..3).map(|i| random_u64s(40 + i, 777, 64)).collect();
    let sh: Vec<Vec<Rep<u64>>> = xs
        .iter()
        .enumerate()
        .map(|(i, x)| shares_of(x, 60 + i as u64))
        .collect();
    let out = ok3(run3(2, |mut s| {
        let mine: Vec<Rep<u64>> = sh.iter().map(|v| v[s.me()].clone()).collect();
        async move { (debt::sum_vectors(&mut s, &mine).await, s) }
    }));
    let want: Vec<u64> = (0..777)
        .map(|j| xs[0][j].wrapping_add(xs[1][j]).wrapping_add(xs[2][j]))
        .collect();
    assert!(out.iter().all(|o| *o == want));
}

#[test]
fn msb_of_any_word_for_batches_that_do_not_fill_the_packed_words() {
    // The carry tree packs two words into one per level: odd sizes, sizes around 64 and a single
    // value exercise the padding; full 64-bit values exercise every carry.
    for (seed, n) in [(1u64, 1usize), (2, 2), (3, 63), (4, 64), (5, 65), (6, 1000)] {
        let mut x = random_u64s(seed, n, 64);
        x[0] = u64::MAX;
        if n > 1 {
            x[1] = 1 << 63;
        }
        let sx = shares_of(&x, 300 + seed);
        let out = ok3(run3(seed, |mut s| {
            let a = sx[s.me()].clone();
            async move {
                let r = async {
                    let m = ops::msb(&mut s, &a).await?;
                    ops::reveal(&mut s, &m).await
                }
                .await;
                (r, s)
            }
        }));
        let want: Vec<Gf2> = x.iter().map(|&v| Gf2(v >> 63)).collect();
        for o in &out {
            assert_eq!(o, &want, "n = {n}");
        }
    }
}
