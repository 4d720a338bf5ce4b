//! The algebraic structures the shares live in, behind two small traits so every protocol is written once.
//!
//! - `u64`: the ring Z_2^64 (wrapping arithmetic) for counts, sums and histograms.
//! - `u128`: the ring Z_2^128, only for the MAC tags of the shuffle check.
//! - [`Gf2`]: 64 independent bits, addition = XOR, multiplication = AND (binary circuits).
//! - [`Scalar`]: the ristretto255 scalar field, for the shared pseudonymisation key.
//! - [`RistrettoPoint`]: the ristretto255 group, for shared pseudonyms (only a [`Group`]).

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use rand_chacha::ChaCha12Rng;
use rand_core::RngCore;

/// An abelian group whose elements can be secret-shared, sent and drawn at random.
pub trait Group: Copy + Send + Sync + PartialEq + std::fmt::Debug + 'static {
    /// Encoded size in bytes.
    const BYTES: usize;
    fn zero() -> Self;
    fn add(self, other: Self) -> Self;
    fn sub(self, other: Self) -> Self;
    /// A uniformly random element drawn from a PRG stream.
    fn random(rng: &mut ChaCha12Rng) -> Self;
    fn write(&self, out: &mut Vec<u8>);
    /// Decodes exactly `Self::BYTES` bytes; `None` if they are not a valid encoding.
    fn read(bytes: &[u8]) -> Option<Self>;
    /// Appends an injective encoding of `v` for digests (not for the wire): by default the wire
    /// encoding; types with a cheaper batch encoding override it.
    fn write_for_digest(v: &[Self], out: &mut Vec<u8>) {
        for x in v {
            x.write(out);
        }
    }
}

/// A commutative ring: a [`Group`] with a multiplication.
pub trait Ring: Group {
    fn mul(self, other: Self) -> Self;
}

impl Group for u64 {
    const BYTES: usize = 8;
    #[inline]
    fn zero() -> Self {
        0
    }
    #[inline]
    fn add(self, o: Self) -> Self {
        self.wrapping_add(o)
    }
    #[inline]
    fn sub(self, o: Self) -> Self {
        self.wrapping_sub(o)
    }
    #[inline]
    fn random(rng: &mut ChaCha12Rng) -> Self {
        rng.next_u64()
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    #[inline]
    fn read(b: &[u8]) -> Option<Self> {
        Some(u64::from_le_bytes(b.try_into().ok()?))
    }
}

impl Ring for u64 {
    #[inline]
    fn mul(self, o: Self) -> Self {
        self.wrapping_mul(o)
    }
}

/// Z_2^128: the ring the shuffle check carries its MAC tags in (a `u64` value lifted to 128 bits
/// keeps 64 bits of headroom, as in SPDZ2k, so that an error in the low 64 bits cannot hide in a
/// zero divisor).
impl Group for u128 {
    const BYTES: usize = 16;
    #[inline]
    fn zero() -> Self {
        0
    }
    #[inline]
    fn add(self, o: Self) -> Self {
        self.wrapping_add(o)
    }
    #[inline]
    fn sub(self, o: Self) -> Self {
        self.wrapping_sub(o)
    }
    #[inline]
    fn random(rng: &mut ChaCha12Rng) -> Self {
        ((rng.next_u64() as u128) << 64) | rng.next_u64() as u128
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    #[inline]
    fn read(b: &[u8]) -> Option<Self> {
        Some(u128::from_le_bytes(b.try_into().ok()?))
    }
}

impl Ring for u128 {
    #[inline]
    fn mul(self, o: Self) -> Self {
        self.wrapping_mul(o)
    }
}

/// 64 bits in parallel: XOR is addition, AND is multiplication.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Gf2(pub u64);

impl Group for Gf2 {
    const BYTES: usize = 8;
    #[inline]
    fn zero() -> Self {
        Gf2(0)
    }
    #[inline]
    fn add(self, o: Self) -> Self {
        Gf2(self.0 ^ o.0)
    }
    #[inline]
    fn sub(self, o: Self) -> Self {
        Gf2(self.0 ^ o.0)
    }
    #[inline]
    fn random(rng: &mut ChaCha12Rng) -> Self {
        Gf2(rng.next_u64())
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
    }
    #[inline]
    fn read(b: &[u8]) -> Option<Self> {
        Some(Gf2(u64::from_le_bytes(b.try_into().ok()?)))
    }
}

impl Ring for Gf2 {
    #[inline]
    fn mul(self, o: Self) -> Self {
        Gf2(self.0 & o.0)
    }
}

impl Group for Scalar {
    const BYTES: usize = 32;
    fn zero() -> Self {
        Scalar::ZERO
    }
    fn add(self, o: Self) -> Self {
        self + o
    }
    fn sub(self, o: Self) -> Self {
        self - o
    }
    fn random(rng: &mut ChaCha12Rng) -> Self {
        let mut wide = [0u8; 64];
        rng.fill_bytes(&mut wide);
        Scalar::from_bytes_mod_order_wide(&wide)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
    fn read(b: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = b.try_into().ok()?;
        Option::from(Scalar::from_canonical_bytes(arr))
    }
}

impl Ring for Scalar {
    fn mul(self, o: Self) -> Self {
        self * o
    }
}

impl Group for RistrettoPoint {
    const BYTES: usize = 32;
    fn zero() -> Self {
        curve25519_dalek::traits::Identity::identity()
    }
    fn add(self, o: Self) -> Self {
        self + o
    }
    fn sub(self, o: Self) -> Self {
        self - o
    }
    fn random(rng: &mut ChaCha12Rng) -> Self {
        RistrettoPoint::mul_base(&Scalar::random(rng))
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.compress().as_bytes());
    }
    fn read(b: &[u8]) -> Option<Self> {
        CompressedRistretto::from_slice(b).ok()?.decompress()
    }
    /// The encodings of `2·P`, compressed in one batch (one field inversion for all): doubling is
    /// injective in a group of prime order, and batching makes digests of many points several
    /// times cheaper than compressing each.
    fn write_for_digest(v: &[Self], out: &mut Vec<u8>) {
        for c in RistrettoPoint::double_and_compress_batch(v) {
            out.extend_from_slice(c.as_bytes());
        }
    }
}

/// Adds `b` to `a` elementwise.
#[inline]
pub fn add_assign<T: Group>(a: &mut [T], b: &[T]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.add(*y);
    }
}

/// Subtracts `b` from `a` elementwise.
#[inline]
pub fn sub_assign<T: Group>(a: &mut [T], b: &[T]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.sub(*y);
    }
}
