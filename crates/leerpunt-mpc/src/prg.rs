//! Seed-expanded pseudorandom streams: input shares expanded from seeds, and the pairwise keys of the nodes.
//!
//! All randomness inside the protocols comes from ChaCha12 streams keyed by 32-byte seeds; the
//! caller supplies fresh seeds from its own CSPRNG, so the library itself never touches the OS.

use crate::elem::Group;
use rand_chacha::ChaCha12Rng;
use rand_core::{RngCore, SeedableRng};

/// A 32-byte PRG seed or PRF key.
pub type Seed = [u8; 32];

/// The PRG stream of `seed` for the purpose `stream` (a counter or a domain tag).
pub fn stream(seed: &Seed, stream: u64) -> ChaCha12Rng {
    let mut rng = ChaCha12Rng::from_seed(*seed);
    rng.set_stream(stream);
    rng
}

/// Expands `seed` into `n` group elements.
pub fn expand<T: Group>(seed: &Seed, stream_id: u64, n: usize) -> Vec<T> {
    let mut rng = stream(seed, stream_id);
    expand_from(&mut rng, n)
}

/// Draws `n` group elements from `rng`.
pub fn expand_from<T: Group>(rng: &mut ChaCha12Rng, n: usize) -> Vec<T> {
    (0..n).map(|_| T::random(rng)).collect()
}

/// Draws a fresh seed from `rng`.
pub fn fresh_seed(rng: &mut (impl RngCore + rand_core::CryptoRng)) -> Seed {
    let mut s = [0u8; 32];
    rng.fill_bytes(&mut s);
    s
}

/// A uniformly random permutation of `0..n` (Fisher–Yates) drawn from `rng`.
pub fn permutation(rng: &mut ChaCha12Rng, n: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        // Rejection sampling keeps the permutation exactly uniform.
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

/// A fixed nonzero element, the error a node told to deviate adds: all bits set where that is an
/// encoding (every bit of a word flips), else a fixed pattern, else a fixed random element.
#[doc(hidden)]
pub fn nonzero_error<T: Group>() -> T {
    T::read(&vec![0xff; T::BYTES])
        .or_else(|| T::read(&vec![0x01; T::BYTES]))
        .unwrap_or_else(|| T::random(&mut stream(&[0x5a; 32], 0xe77)))
}
