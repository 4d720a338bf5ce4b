//! What a node receives is independent of the inputs: exact equality where the protocol sends
//! only seeds, and a two-sample test on the byte distribution where it sends masked values.

use crate::debt::{records, spec};
use crate::support::{rng, run3, shares_of};
use leerpunt_mpc::debt::Record;
use leerpunt_mpc::{debt, ops};

/// Node 0 receives only two seeds from each input party, so with the same randomness its upload
/// is byte-for-byte the same whatever the input.
#[test]
fn node0_upload_is_identical_for_different_inputs() {
    let spec = spec(3, 4);
    let mk = |tag: &str, shift: u64| -> Vec<Vec<Record>> {
        (0..4)
            .map(|p| {
                (0..30)
                    .map(|i| Record {
                        household: format!("{tag}-{p}-{i}"),
                        group: (i as usize + p) % 4,
                        amount: i * shift,
                    })
                    .collect()
            })
            .collect()
    };
    let (a, b) = (mk("a", 100), mk("b", 7777));
    for p in 0..4 {
        let ua = debt::prepare_upload(&spec, &a[p], &mut rng(p as u64))
            .unwrap_or_else(|e| panic!("{e}"));
        let ub = debt::prepare_upload(&spec, &b[p], &mut rng(p as u64))
            .unwrap_or_else(|e| panic!("{e}"));
        // Records and their blinded points differ in count only if the lists differ in length;
        // compare the shared parts: everything but the blinded points, which are uniform anyway.
        let strip = |u: &[u8]| -> Vec<u8> {
            let n = u64::from_le_bytes(u[8..16].try_into().unwrap_or([0; 8])) as usize;
            let stats_len = 8 + 1 + 32 + 1 + 32;
            let mut v = u[..16 + stats_len].to_vec();
            v.extend_from_slice(&u[16 + stats_len + 32 * n..]);
            v
        };
        assert_eq!(ua[0].len(), ub[0].len());
        assert_eq!(
            strip(&ua[0]),
            strip(&ub[0]),
            "party {p}: node 0 saw something input-dependent"
        );
        assert_ne!(
            ua[1], ub[1],
            "control: node 1 does receive input-dependent (masked) data"
        );
    }
}

/// Pearson's two-sample chi-square statistic over byte values (255 degrees of freedom).
fn chi2_bytes(x: &[u8], y: &[u8]) -> f64 {
    let mut cx = [0f64; 256];
    let mut cy = [0f64; 256];
    for &b in x {
        cx[b as usize] += 1.0;
    }
    for &b in y {
        cy[b as usize] += 1.0;
    }
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    let (kx, ky) = ((ny / nx).sqrt(), (nx / ny).sqrt());
    (0..256)
        .filter(|&i| cx[i] + cy[i] > 0.0)
        .map(|i| (kx * cx[i] - ky * cy[i]).powi(2) / (cx[i] + cy[i]))
        .sum()
}

/// Critical value for 255 degrees of freedom at p ≈ 1e-6 (mean 255, sd ≈ 22.6).
const CHI2_CRIT: f64 = 255.0 + 6.0 * 22.6;

/// Node `node`'s view of multiply-then-compare and the verification of all those multiplications
/// (everything it receives before a reveal would open a result) over many runs with input `x`.
fn view(node: usize, x: &[u64], runs: u64) -> Vec<u8> {
    let mut all = Vec::new();
    for seed in 0..runs {
        let sh = shares_of(x, 10_000 + seed);
        let out = run3(seed, |mut s| {
            let a = sh[s.me()].clone();
            async move {
                let r = async {
                    let sq = ops::mul(&mut s, &a, &a).await?;
                    let lt = ops::less_than_public(&mut s, &sq, 1000).await?;
                    leerpunt_mpc::check::verify(&mut s).await?;
                    Ok(lt)
                }
                .await;
                (r, s)
            }
        });
        for (_, _, payload) in &out[node].1 {
            all.extend_from_slice(payload);
        }
    }
    all
}

#[test]
fn node_views_are_distributed_independently_of_inputs() {
    let zeros = vec![0u64; 64];
    let ramp: Vec<u64> = (0..64).map(|i| i * 1000).collect();
    for node in 0..3 {
        let (a, b) = (view(node, &zeros, 40), view(node, &ramp, 40));
        assert_eq!(a.len(), b.len(), "views differ in size");
        let stat = chi2_bytes(&a, &b);
        assert!(
            stat < CHI2_CRIT,
            "node {node}: chi2 {stat:.1} ≥ {CHI2_CRIT:.1}: its view depends on the input"
        );
    }
}

/// The statistic is not toothless: a "protocol" that sends its input unmasked is caught.
#[test]
fn chi_square_check_detects_a_leaky_view() {
    let mut r = rng(1);
    let uniform: Vec<u8> = (0..60_000)
        .map(|_| (rand_core::RngCore::next_u32(&mut r) & 0xff) as u8)
        .collect();
    let leaky: Vec<u8> = (0..60_000u32)
        .map(|i| if i % 8 < 2 { (i % 251) as u8 } else { 0 })
        .collect();
    assert!(chi2_bytes(&uniform, &leaky) > CHI2_CRIT);
    let uniform2: Vec<u8> = (0..60_000)
        .map(|_| (rand_core::RngCore::next_u32(&mut r) & 0xff) as u8)
        .collect();
    assert!(chi2_bytes(&uniform, &uniform2) < CHI2_CRIT);
}

/// Within the debt computation, the shuffle and pseudonym rounds give node views of the same
/// size and byte distribution for two different populations with equal list sizes.
#[test]
fn debt_computation_views_do_not_depend_on_records() {
    let spec = spec(1_000_000, 2);
    let collect = |seed_records: u64| -> Vec<Vec<u8>> {
        let recs = records(seed_records, 500, 25, 2);
        let mut per_node = vec![Vec::new(); 3];
        for seed in 0..6 {
            let mut r = rng(seed);
            let ups: Vec<[Vec<u8>; 3]> = recs
                .iter()
                .map(|rs| debt::prepare_upload(&spec, rs, &mut r).unwrap_or_else(|e| panic!("{e}")))
                .collect();
            let out = run3(seed, |mut s| {
                let mine: Vec<Vec<u8>> = ups.iter().map(|u| u[s.me()].clone()).collect();
                let spec = &spec;
                async move { (debt::compute(&mut s, spec, &mine).await, s) }
            });
            for (node, (res, t)) in out.into_iter().enumerate() {
                assert!(res.is_ok());
                // Keep everything from the pseudonym multiplications (round 3) to the check of
                // the multiplications before the pseudonyms are opened (round 28): the tag
                // multiplications, the reshares of both tables with their consistency digests,
                // the shuffle checks and the triple check. Round 2 is the input consistency digest
                // and round 29 reveals the shuffled pseudonyms, whose group-size structure is the
                // documented leakage.
                for (_, round, p) in t {
                    if (3..=28).contains(&round) {
                        per_node[node].extend_from_slice(&p);
                    }
                }
            }
        }
        per_node
    };
    // Two different populations (different households, overlaps and amounts), lists of about 25.
    let (a, b) = (collect(1), collect(2));
    for node in 0..3 {
        assert!(!a[node].is_empty());
        let stat = chi2_bytes(&a[node], &b[node]);
        assert!(stat < CHI2_CRIT, "node {node}: chi2 {stat:.1}");
    }
}
