//! What the benches share: random unit vectors standing in for practices' meaning vectors
//! (what the scan costs does not depend on what they say).

use leerpunt_embed::DIM;

/// splitmix64, seeded: the same numbers every run.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A random unit vector, quantised as stored.
pub fn random_unit(state: &mut u64) -> Vec<i8> {
    let raw: Vec<f32> = (0..DIM)
        .map(|_| (next(state) % 2001) as f32 / 1000.0 - 1.0)
        .collect();
    let norm = raw.iter().map(|v| v * v).sum::<f32>().sqrt();
    leerpunt_embed::quantise(&raw.iter().map(|v| v / norm).collect::<Vec<_>>())
}
