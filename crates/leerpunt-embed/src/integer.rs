//! The integer product of x86 processors, as llama.cpp computes Q4_0 weights times 8-bit inputs:
//! the weights stay 4-bit, each token's input is rounded to `i8` per block of 32 with its own
//! scale, and a block's dot product is an exact integer sum, scaled once by both scales. With VNNI
//! (`vpdpbusd`: four unsigned bytes times four signed bytes, summed into a 32-bit lane) one
//! instruction does each step; with AVX2 alone `vpmaddubsw` sums pairs into 16-bit lanes, which
//! hold a whole block's sum exactly, and one `vpmaddwd` widens it.
//!
//! The weights are reordered at load so that one vector holds 4 weights of each of `L`
//! consecutive outputs (16 with AVX-512, 8 with 256-bit vectors): a multiply-add with 4 input
//! bytes repeated across the vector then advances all `L` dot products at once, with no sum
//! across lanes, and the `L` results are stored side by side. The nibbles stay packed as in the
//! file (byte `j` of a block holds weight `j` low and weight `j + 16` high), so one vector of
//! packed bytes gives two of weights.

use std::arch::x86_64::*;
use std::ops::Range;

use crate::file::{f16_to_f32, BLOCK, BLOCK_BYTES};

/// The instruction set the product runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    /// 512-bit vectors, 16 outputs at a time.
    Avx512,
    /// 256-bit vectors (AVX-VNNI), 8 outputs at a time.
    Avx256,
    /// 256-bit vectors without VNNI (AVX2), 8 outputs at a time.
    Avx2,
}

impl Isa {
    /// Every one this processor has, the fastest first.
    pub fn detect() -> Vec<Isa> {
        let avx512 = is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni");
        let mut isas = Vec::new();
        if avx512 && Self::detect_256().is_some() {
            isas.push(Isa::Avx512);
        }
        isas.extend(Self::detect_256());
        isas.extend(Self::detect_avx2());
        isas
    }

    /// AVX2 and FMA, if this processor has them: the product without VNNI, and the rounding of
    /// the inputs for every kind.
    pub fn detect_avx2() -> Option<Isa> {
        (is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")).then_some(Isa::Avx2)
    }

    /// The 256-bit product, if this processor has it (and with it AVX2 and FMA, which the
    /// rounding of the inputs uses for both).
    pub fn detect_256() -> Option<Isa> {
        (is_x86_feature_detected!("avxvnni") && Self::detect_avx2().is_some())
            .then_some(Isa::Avx256)
    }

    /// Outputs per vector.
    pub fn lanes(self) -> usize {
        match self {
            Isa::Avx512 => 16,
            Isa::Avx256 | Isa::Avx2 => 8,
        }
    }
}

/// Tokens per pass over a group's weights: each weight vector, once unpacked, serves this many
/// tokens from registers.
const TOKENS: usize = 8;

/// A linear layer's weights in the interleaved 4-bit form.
pub struct Packed {
    isa: Isa,
    rows: usize,
    blocks: usize,
    /// Per group of `L` outputs, per block, 4 vectors of `L × 4` bytes: vector `i` holds, for
    /// each output, packed bytes `4i..4i + 4` of its block, that is weights `4i..4i + 4` (low
    /// nibbles) and `16 + 4i..16 + 4i + 4` (high nibbles) as unsigned values 0..15.
    nibbles: Vec<u8>,
    /// Per group, per block, the `L` outputs' scales.
    scales: Vec<f32>,
}

/// One token's input rounded to bytes: per block of 32 values, `x ≈ scale · values`.
#[derive(Clone, Copy)]
pub struct Block {
    /// The rounded values, −127..127, as the bytes of `i8`.
    values: [u8; BLOCK],
    scale: f32,
    /// −8 times the sum of the values: the weights are stored as nibble `n` standing for
    /// `n − 8`, and `Σ (n − 8)·v = Σ n·v − 8·Σ v`.
    offset: i32,
}

impl Packed {
    /// Reorders a `rows × cols` matrix of Q4_0 blocks; `rows` must be a multiple of the
    /// instruction set's lane count.
    pub fn new(blocks: &[u8], rows: usize, cols: usize, isa: Isa) -> Self {
        let lanes = isa.lanes();
        assert_eq!(rows % lanes, 0, "whole groups of outputs");
        let per_row = cols / BLOCK;
        assert_eq!(blocks.len(), rows * per_row * BLOCK_BYTES, "matrix size");
        let mut nibbles = vec![0u8; rows * per_row * BLOCK / 2];
        let mut scales = vec![0f32; rows * per_row];
        for r in 0..rows {
            let (group, lane) = (r / lanes, r % lanes);
            for b in 0..per_row {
                let block = &blocks[(r * per_row + b) * BLOCK_BYTES..][..BLOCK_BYTES];
                let at = group * per_row + b;
                scales[at * lanes + lane] = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
                for i in 0..4 {
                    let to = (at * 4 + i) * lanes * 4 + lane * 4;
                    nibbles[to..to + 4].copy_from_slice(&block[2 + 4 * i..2 + 4 * i + 4]);
                }
            }
        }
        Packed {
            isa,
            rows,
            blocks: per_row,
            nibbles,
            scales,
        }
    }

    /// The groups of outputs.
    pub fn groups(&self) -> usize {
        self.rows / self.isa.lanes()
    }

    /// Outputs per group.
    pub fn lanes(&self) -> usize {
        self.isa.lanes()
    }

    /// Rounds `x` (`tokens × cols`) to bytes, block by block.
    pub fn quantise(&self, x: &[f32]) -> Vec<Block> {
        // SAFETY: a `Packed` of any kind is only made for a processor that has AVX2 and FMA
        // (see `Isa::detect`).
        #[allow(unsafe_code)]
        unsafe {
            quantise_avx2(x)
        }
    }

    /// `y = then(W·x + b)` for the outputs of `groups` and every token of `x` (from
    /// [`Packed::quantise`]): token `t`'s values go to `out[t·stride..]`, starting with the
    /// first output of the first group.
    pub fn forward(
        &self,
        x: &[Block],
        bias: &[f32],
        groups: Range<usize>,
        (out, stride): (&mut [f32], usize),
        then: impl Fn(f32) -> f32,
    ) {
        let lanes = self.isa.lanes();
        let tokens = x.len() / self.blocks;
        assert_eq!(x.len(), tokens * self.blocks, "whole tokens of input");
        assert_eq!(bias.len(), self.rows, "a bias per output");
        assert!(groups.end * lanes <= self.rows, "groups inside the layer");
        assert!(
            tokens == 0 || (tokens - 1) * stride + groups.len() * lanes <= out.len(),
            "the output lies inside its slice"
        );
        match self.isa {
            // SAFETY: a `Packed` for AVX-512 is only made for a processor that has AVX-512 with
            // VNNI and byte-and-word instructions (see `Isa::detect`).
            #[allow(unsafe_code)]
            Isa::Avx512 => unsafe { self.forward_avx512(x, bias, groups, (out, stride), then) },
            // SAFETY: likewise for AVX-VNNI, found together with AVX2 and FMA.
            #[allow(unsafe_code)]
            Isa::Avx256 => unsafe { self.forward_avx256(x, bias, groups, (out, stride), then) },
            // SAFETY: likewise for AVX2 and FMA.
            #[allow(unsafe_code)]
            Isa::Avx2 => unsafe { self.forward_avx2(x, bias, groups, (out, stride), then) },
        }
    }

    /// The packed weights and scales of group `g`.
    fn group(&self, g: usize) -> (&[u8], &[f32]) {
        let lanes = self.isa.lanes();
        let bytes = self.blocks * BLOCK / 2 * lanes;
        (
            &self.nibbles[g * bytes..(g + 1) * bytes],
            &self.scales[g * self.blocks * lanes..(g + 1) * self.blocks * lanes],
        )
    }
}

/// Input bytes `4k..4k + 4` of a block as one 32-bit lane.
#[inline(always)]
fn quad(block: &Block, k: usize) -> i32 {
    i32::from_le_bytes([
        block.values[4 * k],
        block.values[4 * k + 1],
        block.values[4 * k + 2],
        block.values[4 * k + 3],
    ])
}

/// The products of the three instruction sets differ only in their vectors' width, their
/// intrinsics' names and how a block's dot product is summed, which the modules `v512`, `v256`
/// and `v2` give the same names: this writes, for one of them, [`Packed::forward`]'s loop over
/// groups and the product of one group.
macro_rules! product {
    ($name:literal, $features:literal, $v:ident, $forward:ident, $group:ident) => {
        impl Packed {
            #[doc = concat!("[`Packed::forward`] with ", $name, ": group by group, up to `TOKENS` tokens at a time.")]
            #[target_feature(enable = $features)]
            fn $forward(
                &self,
                x: &[Block],
                bias: &[f32],
                groups: Range<usize>,
                (out, stride): (&mut [f32], usize),
                then: impl Fn(f32) -> f32,
            ) {
                const L: usize = $v::LANES;
                let first = groups.start;
                for g in groups {
                    let (nibbles, scales) = self.group(g);
                    let (nibbles, _) = nibbles.as_chunks::<{ 4 * 4 * L }>();
                    let (scales, _) = scales.as_chunks::<L>();
                    let (bias, _) = bias[g * L..].split_first_chunk::<L>().unwrap();
                    let column = (g - first) * L;
                    for (c, x) in x.chunks(TOKENS * self.blocks).enumerate() {
                        let mut put = |sums: &[[f32; L]]| {
                            for (t, sums) in sums.iter().enumerate() {
                                let at = (c * TOKENS + t) * stride + column;
                                for (o, s) in out[at..at + L].iter_mut().zip(sums) {
                                    *o = then(*s);
                                }
                            }
                        };
                        match x.len() / self.blocks {
                            8 => put(&$group::<8>(nibbles, scales, bias, x)),
                            7 => put(&$group::<7>(nibbles, scales, bias, x)),
                            6 => put(&$group::<6>(nibbles, scales, bias, x)),
                            5 => put(&$group::<5>(nibbles, scales, bias, x)),
                            4 => put(&$group::<4>(nibbles, scales, bias, x)),
                            3 => put(&$group::<3>(nibbles, scales, bias, x)),
                            2 => put(&$group::<2>(nibbles, scales, bias, x)),
                            _ => put(&$group::<1>(nibbles, scales, bias, x)),
                        }
                    }
                }
            }
        }

        /// One group of outputs for `T` tokens (`x` holds their blocks one token after the
        /// other): per block, the four packed vectors give eight of weights; each token's
        /// multiply-adds start from its offset and end scaled by both scales into its sums,
        /// which start at the bias.
        #[target_feature(enable = $features)]
        fn $group<const T: usize>(
            nibbles: &[[u8; 4 * 4 * $v::LANES]],
            scales: &[[f32; $v::LANES]],
            bias: &[f32; $v::LANES],
            x: &[Block],
        ) -> [[f32; $v::LANES]; T] {
            let blocks = nibbles.len();
            assert!(scales.len() == blocks && x.len() == T * blocks, "sizes");
            let low = $v::splat_u8(0x0f);
            let mut sums = [$v::load_ps(bias); T];
            for (b, (packed, scale)) in nibbles.iter().zip(scales).enumerate() {
                let (packed, _) = packed.as_chunks::<{ 4 * $v::LANES }>();
                let mut w = [low; 8];
                for (i, p) in packed.iter().enumerate() {
                    let p = $v::load_si(p);
                    w[i] = $v::and(p, low);
                    w[i + 4] = $v::and($v::shift_right_4(p), low);
                }
                let scale = $v::load_ps(scale);
                for (t, sum) in sums.iter_mut().enumerate() {
                    let block = &x[t * blocks + b];
                    let dot = $v::block_dot(block.offset, &w, |k| $v::splat_i32(quad(block, k)));
                    *sum = $v::scaled_add(dot, scale, block.scale, *sum);
                }
            }
            let mut out = [[0f32; $v::LANES]; T];
            for (o, s) in out.iter_mut().zip(sums) {
                *o = $v::store_ps(s);
            }
            out
        }
    };
}

product!(
    "AVX-512",
    "avx512f,avx512bw,avx512vnni",
    v512,
    forward_avx512,
    group_avx512
);
product!(
    "AVX-VNNI",
    "avx2,fma,avxvnni",
    v256,
    forward_avx256,
    group_avx256
);
product!("AVX2", "avx2,fma", v2, forward_avx2, group_avx2);

/// A block's dot product with VNNI, from the module's `splat_i32` and `dpbusd`: one
/// multiply-add per four bytes, straight into the 32-bit sums.
macro_rules! vnni_block_dot {
    ($vector:ty, $features:literal) => {
        /// Per 32-bit lane, `offset` plus the sum over `k` of four unsigned bytes of `w[k]` times
        /// four signed ones of `x(k)`.
        #[target_feature(enable = $features)]
        #[inline]
        pub fn block_dot(offset: i32, w: &[$vector; 8], x: impl Fn(usize) -> $vector) -> $vector {
            let mut dot = splat_i32(offset);
            for (k, w) in w.iter().enumerate() {
                dot = dpbusd(dot, *w, x(k));
            }
            dot
        }
    };
}

/// The operations of the AVX-512 product, 16 outputs per vector.
mod v512 {
    use std::arch::x86_64::*;

    pub const LANES: usize = 16;

    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    pub fn splat_u8(b: u8) -> __m512i {
        _mm512_set1_epi8(b as i8)
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn splat_i32(v: i32) -> __m512i {
        _mm512_set1_epi32(v)
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn and(a: __m512i, b: __m512i) -> __m512i {
        _mm512_and_si512(a, b)
    }

    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    pub fn shift_right_4(a: __m512i) -> __m512i {
        _mm512_srli_epi16::<4>(a)
    }

    /// `acc` plus, per 32-bit lane, four unsigned bytes of `w` times four signed ones of `x`.
    #[target_feature(enable = "avx512f,avx512vnni")]
    #[inline]
    pub fn dpbusd(acc: __m512i, w: __m512i, x: __m512i) -> __m512i {
        _mm512_dpbusd_epi32(acc, w, x)
    }

    vnni_block_dot!(__m512i, "avx512f,avx512vnni");

    /// `sum + dot · scales · scale`, `dot` converted to floats.
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn scaled_add(dot: __m512i, scales: __m512, scale: f32, sum: __m512) -> __m512 {
        let both = _mm512_mul_ps(scales, _mm512_set1_ps(scale));
        _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), both, sum)
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn load_si(bytes: &[u8; 64]) -> __m512i {
        // SAFETY: the load reads the 64 bytes of `bytes`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm512_loadu_si512(bytes.as_ptr().cast())
        }
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn load_ps(values: &[f32; 16]) -> __m512 {
        // SAFETY: the load reads the 16 values of `values`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm512_loadu_ps(values.as_ptr())
        }
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn store_ps(v: __m512) -> [f32; 16] {
        let mut out = [0f32; 16];
        // SAFETY: the store writes the 16 values of `out`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm512_storeu_ps(out.as_mut_ptr(), v)
        };
        out
    }
}

/// The operations of the AVX-VNNI product, 8 outputs per vector (and the loads and stores the
/// rounding of the inputs uses).
mod v256 {
    use std::arch::x86_64::*;

    pub const LANES: usize = 8;

    #[target_feature(enable = "avx")]
    #[inline]
    pub fn splat_u8(b: u8) -> __m256i {
        _mm256_set1_epi8(b as i8)
    }

    #[target_feature(enable = "avx")]
    #[inline]
    pub fn splat_i32(v: i32) -> __m256i {
        _mm256_set1_epi32(v)
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    pub fn and(a: __m256i, b: __m256i) -> __m256i {
        _mm256_and_si256(a, b)
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    pub fn shift_right_4(a: __m256i) -> __m256i {
        _mm256_srli_epi16::<4>(a)
    }

    /// `acc` plus, per 32-bit lane, four unsigned bytes of `w` times four signed ones of `x`.
    #[target_feature(enable = "avxvnni")]
    #[inline]
    pub fn dpbusd(acc: __m256i, w: __m256i, x: __m256i) -> __m256i {
        _mm256_dpbusd_avx_epi32(acc, w, x)
    }

    vnni_block_dot!(__m256i, "avx,avxvnni");

    /// `sum + dot · scales · scale`, `dot` converted to floats.
    #[target_feature(enable = "avx,fma")]
    #[inline]
    pub fn scaled_add(dot: __m256i, scales: __m256, scale: f32, sum: __m256) -> __m256 {
        let both = _mm256_mul_ps(scales, _mm256_set1_ps(scale));
        _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), both, sum)
    }

    #[target_feature(enable = "avx")]
    #[inline]
    pub fn load_si(bytes: &[u8; 32]) -> __m256i {
        // SAFETY: the load reads the 32 bytes of `bytes`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm256_loadu_si256(bytes.as_ptr().cast())
        }
    }

    #[target_feature(enable = "avx")]
    #[inline]
    pub fn store_si(bytes: &mut [u8; 32], v: __m256i) {
        // SAFETY: the store writes the 32 bytes of `bytes`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm256_storeu_si256(bytes.as_mut_ptr().cast(), v)
        };
    }

    #[target_feature(enable = "avx")]
    #[inline]
    pub fn load_ps(values: &[f32; 8]) -> __m256 {
        // SAFETY: the load reads the 8 values of `values`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm256_loadu_ps(values.as_ptr())
        }
    }

    #[target_feature(enable = "avx")]
    #[inline]
    pub fn store_ps(v: __m256) -> [f32; 8] {
        let mut out = [0f32; 8];
        // SAFETY: the store writes the 8 values of `out`, with no alignment required.
        #[allow(unsafe_code)]
        unsafe {
            _mm256_storeu_ps(out.as_mut_ptr(), v)
        };
        out
    }
}

/// The operations of the AVX2 product: those of `v256` but for a block's dot product.
mod v2 {
    use std::arch::x86_64::*;

    pub use super::v256::{
        and, load_ps, load_si, scaled_add, shift_right_4, splat_i32, splat_u8, store_ps, LANES,
    };

    /// Per 32-bit lane, `offset` plus the sum over `k` of four unsigned bytes of `w[k]` times
    /// four signed ones of `x(k)`. `vpmaddubsw` sums each pair of products into a 16-bit lane,
    /// saturating; a weight is at most 15 and an input at most 127 in size, so the 16 products
    /// a lane gathers over the block are at most 16 · 15 · 127 = 30,480 in size, and the 16-bit
    /// sums are exact. `vpmaddwd` with ones then adds neighbouring lanes into 32 bits.
    #[target_feature(enable = "avx2")]
    #[inline]
    pub fn block_dot(offset: i32, w: &[__m256i; 8], x: impl Fn(usize) -> __m256i) -> __m256i {
        let mut pairs = _mm256_setzero_si256();
        for (k, w) in w.iter().enumerate() {
            pairs = _mm256_add_epi16(pairs, _mm256_maddubs_epi16(*w, x(k)));
        }
        _mm256_add_epi32(
            splat_i32(offset),
            _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)),
        )
    }
}

/// Rounds `x` to bytes per block of 32: the largest magnitude becomes ±127, the others the
/// nearest integer (ties to even, the processor's default rounding).
#[target_feature(enable = "avx2,fma")]
fn quantise_avx2(x: &[f32]) -> Vec<Block> {
    let (blocks, rest) = x.as_chunks::<BLOCK>();
    assert!(rest.is_empty(), "whole blocks");
    let sign = _mm256_set1_ps(-0.0);
    // After the two packs below, 4-byte group `i` holds values `8·(i % 4) + 4·(i / 4)..`: this
    // puts them back in order.
    let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    let mut out = Vec::with_capacity(blocks.len());
    for x in blocks {
        let (parts, _) = x.as_chunks::<8>();
        let v: [__m256; 4] = std::array::from_fn(|i| v256::load_ps(&parts[i]));
        let top = v
            .iter()
            .map(|v| _mm256_andnot_ps(sign, *v))
            .reduce(|a, b| _mm256_max_ps(a, b))
            .unwrap();
        let top = _mm_max_ps(_mm256_castps256_ps128(top), _mm256_extractf128_ps::<1>(top));
        let top = _mm_max_ps(top, _mm_movehl_ps(top, top));
        let top = _mm_cvtss_f32(_mm_max_ss(top, _mm_movehdup_ps(top)));
        let inverse = _mm256_set1_ps(if top > 0.0 { 127.0 / top } else { 0.0 });
        let q = v.map(|v| _mm256_cvtps_epi32(_mm256_mul_ps(v, inverse)));
        let sum = _mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3]));
        let sum = _mm_add_epi32(
            _mm256_castsi256_si128(sum),
            _mm256_extracti128_si256::<1>(sum),
        );
        let sum = _mm_add_epi32(sum, _mm_unpackhi_epi64(sum, sum));
        let sum = _mm_add_epi32(sum, _mm_shuffle_epi32::<0b01>(sum));
        let bytes = _mm256_packs_epi16(
            _mm256_packs_epi32(q[0], q[1]),
            _mm256_packs_epi32(q[2], q[3]),
        );
        let mut values = [0u8; BLOCK];
        v256::store_si(&mut values, _mm256_permutevar8x32_epi32(bytes, order));
        out.push(Block {
            values,
            scale: top / 127.0,
            offset: -8 * _mm_cvtsi128_si32(sum),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible stream of pseudo-random numbers (xorshift).
    fn numbers(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn the_integer_product_is_the_exact_sum_of_the_rounded_values() {
        let isas = Isa::detect();
        if isas.is_empty() {
            // Nothing to multiply with here; what can be checked is that the encoder then
            // falls back to the float product.
            assert_eq!(
                crate::kernel::Kernel::available(),
                vec![crate::kernel::Kernel::Float]
            );
            return;
        }
        let mut next = numbers(0x5eed);
        let (rows, cols) = (48, 96);
        // Every scale 1 and every input an integer with ±127 in each block, so that rounding
        // keeps the inputs as they are and the scaled sums are exact in `f32`.
        let one = 0x3c00u16.to_le_bytes();
        let blocks: Vec<u8> = (0..rows * cols / BLOCK)
            .flat_map(|_| {
                let mut block = one.to_vec();
                block.extend((0..16).map(|_| next() as u8));
                block
            })
            .collect();
        let nibble = |r: usize, c: usize| {
            let byte = blocks[(r * cols + c) / BLOCK * BLOCK_BYTES + 2 + c % 16];
            i64::from(if c % BLOCK < 16 {
                byte & 0x0f
            } else {
                byte >> 4
            })
        };
        let bias: Vec<f32> = (0..rows).map(|r| r as f32 - 20.0).collect();
        for tokens in [1, 3, 8, 11, 17] {
            let x: Vec<f32> = (0..tokens * cols)
                .map(|i| match i % 7 {
                    0 if i % BLOCK < 7 => -127.0,
                    3 if i % BLOCK < 7 => 127.0,
                    _ => (next() % 255) as f32 - 127.0,
                })
                .collect();
            for &isa in &isas {
                let packed = Packed::new(&blocks, rows, cols, isa);
                let q = packed.quantise(&x);
                for (block, x) in q.iter().zip(x.chunks_exact(BLOCK)) {
                    let values = block.values.map(|v| f32::from(v as i8));
                    assert_eq!(values.as_slice(), x, "{isa:?}: rounded values");
                    assert_eq!(block.scale, 1.0);
                    let sum: i32 = block.values.iter().map(|v| i32::from(*v as i8)).sum();
                    assert_eq!(block.offset, -8 * sum);
                }
                let mut y = vec![0f32; tokens * rows];
                packed.forward(&q, &bias, 0..packed.groups(), (&mut y, rows), |v| v);
                for t in 0..tokens {
                    for r in 0..rows {
                        let exact: i64 = (0..cols)
                            .map(|c| (nibble(r, c) - 8) * x[t * cols + c] as i64)
                            .sum::<i64>()
                            + r as i64
                            - 20;
                        assert_eq!(y[t * rows + r], exact as f32, "{isa:?} token {t} row {r}");
                    }
                }
            }
        }
    }
}
