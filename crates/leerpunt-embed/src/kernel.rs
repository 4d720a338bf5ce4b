//! The matrix products the encoder spends its time in: `y = W·x + b` for all tokens at once,
//! and attention's. On x86 processors with AVX2 (or VNNI) the 4-bit weights stay 4-bit (about
//! 13 MB for the whole encoder) and each token's input is rounded to bytes per block, as llama.cpp
//! does (see the `integer` module); this is faster than the `f32` product for any number of
//! tokens. Elsewhere they are unpacked once, at load, to `f32` and transposed (about 85 MB), so
//! that `matrixmultiply`'s packed, cache-blocked product (which picks the processor's SIMD
//! instructions at run time) reads them row by row. Either way a layer's outputs are split in two
//! halves computed in parallel.

use rayon::prelude::*;

use crate::file::{f16_to_f32, BLOCK, BLOCK_BYTES};
#[cfg(target_arch = "x86_64")]
use crate::integer::{Isa, Packed};

/// How a linear layer multiplies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// `f32` weights through `matrixmultiply`.
    Float,
    /// 4-bit weights times byte inputs with AVX-512 VNNI.
    #[cfg(target_arch = "x86_64")]
    Avx512Vnni,
    /// 4-bit weights times byte inputs with 256-bit AVX-VNNI.
    #[cfg(target_arch = "x86_64")]
    AvxVnni,
    /// 4-bit weights times byte inputs with AVX2 alone.
    #[cfg(target_arch = "x86_64")]
    Avx2,
}

impl Kernel {
    /// Every kind this processor can run, the fastest first.
    pub fn available() -> Vec<Kernel> {
        let mut kinds = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            kinds.extend(Isa::detect().into_iter().map(|isa| match isa {
                Isa::Avx512 => Kernel::Avx512Vnni,
                Isa::Avx256 => Kernel::AvxVnni,
                Isa::Avx2 => Kernel::Avx2,
            }));
        }
        kinds.push(Kernel::Float);
        kinds
    }

    /// The fastest this processor can run.
    pub fn best() -> Kernel {
        Kernel::available()[0]
    }

    /// The instruction set of an integer kind; none for `Float`.
    #[cfg(target_arch = "x86_64")]
    fn isa(self) -> Option<Isa> {
        match self {
            Kernel::Float => None,
            Kernel::Avx512Vnni => Some(Isa::Avx512),
            Kernel::AvxVnni => Some(Isa::Avx256),
            Kernel::Avx2 => Some(Isa::Avx2),
        }
    }
}

/// A linear layer: `rows` outputs of `cols` inputs each.
pub struct Linear {
    rows: usize,
    cols: usize,
    weights: Weights,
    bias: Vec<f32>,
}

/// A layer's weights in the form its kernel reads.
enum Weights {
    /// The weights transposed, `cols × rows`: input `i`'s weights for every output are
    /// contiguous, which `matrixmultiply` reads fastest.
    Float(Vec<f32>),
    /// 4-bit, interleaved for the integer kernel.
    #[cfg(target_arch = "x86_64")]
    Packed(Packed),
}

/// One Q4_0 block as 32 `f32` values: after the `f16` scale, byte j holds value j in its low
/// nibble and value j + 16 in its high one, each standing for nibble − 8 times the scale.
pub fn unpack_block(block: &[u8], out: &mut [f32]) {
    let scale = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
    for (j, &b) in block[2..BLOCK_BYTES].iter().enumerate() {
        out[j] = ((b & 0x0f) as f32 - 8.0) * scale;
        out[j + 16] = ((b >> 4) as f32 - 8.0) * scale;
    }
}

impl Linear {
    /// The layer of `rows × cols` Q4_0 blocks, for the fastest kernel this processor has.
    pub fn new(blocks: &[u8], bias: Vec<f32>, rows: usize, cols: usize) -> Self {
        Self::with_kernel(blocks, bias, rows, cols, Kernel::best())
    }

    /// The layer for `kernel`, which must be one of [`Kernel::available`]. The integer kernels
    /// need whole groups of outputs (16 or 8) and fall back to `f32` otherwise.
    pub fn with_kernel(
        blocks: &[u8],
        bias: Vec<f32>,
        rows: usize,
        cols: usize,
        kernel: Kernel,
    ) -> Self {
        assert!(
            Kernel::available().contains(&kernel),
            "{kernel:?} on this processor"
        );
        #[cfg(target_arch = "x86_64")]
        let packed = kernel
            .isa()
            .filter(|isa| rows.is_multiple_of(isa.lanes()))
            .map(|isa| Weights::Packed(Packed::new(blocks, rows, cols, isa)));
        #[cfg(not(target_arch = "x86_64"))]
        let packed = None;
        let weights = packed.unwrap_or_else(|| Weights::Float(transposed(blocks, rows, cols)));
        Linear {
            rows,
            cols,
            weights,
            bias,
        }
    }

    /// `y[t] = W·x[t] + b` for every token `t`; `x` is `tokens × cols`, `y` is `tokens × rows`.
    pub fn forward(&self, x: &[f32], y: &mut [f32]) {
        self.forward_then(x, y, |v| v);
    }

    /// [`Linear::forward`] with `then` applied to every output, by the thread that computed it.
    pub fn forward_then(&self, x: &[f32], y: &mut [f32], then: impl Fn(f32) -> f32 + Sync) {
        let tokens = x.len() / self.cols;
        assert_eq!(x.len(), tokens * self.cols, "input size");
        assert_eq!(y.len(), tokens * self.rows, "output size");
        match &self.weights {
            Weights::Float(w) => self.forward_float(w, x, y, tokens, then),
            #[cfg(target_arch = "x86_64")]
            Weights::Packed(p) => self.forward_packed(p, x, y, tokens, then),
        }
    }

    /// The integer product, the groups of outputs in two halves in parallel: the first half
    /// straight into `y`, the second into a buffer copied over after.
    #[cfg(target_arch = "x86_64")]
    fn forward_packed(
        &self,
        packed: &Packed,
        x: &[f32],
        y: &mut [f32],
        tokens: usize,
        then: impl Fn(f32) -> f32 + Sync,
    ) {
        let x = packed.quantise(x);
        let (groups, half) = (packed.groups(), packed.groups().div_ceil(2));
        let split = half * packed.lanes();
        let width = self.rows - split;
        let mut high = vec![0f32; tokens * width];
        rayon::join(
            || packed.forward(&x, &self.bias, 0..half, (y, self.rows), &then),
            || packed.forward(&x, &self.bias, half..groups, (&mut high, width), &then),
        );
        if width > 0 {
            for (row, high) in y.chunks_exact_mut(self.rows).zip(high.chunks_exact(width)) {
                row[split..].copy_from_slice(high);
            }
        }
    }

    /// The `f32` product through `matrixmultiply`, the outputs in two halves in parallel.
    fn forward_float(
        &self,
        weights_t: &[f32],
        x: &[f32],
        y: &mut [f32],
        tokens: usize,
        then: impl Fn(f32) -> f32 + Sync,
    ) {
        // Two halves of the outputs in parallel (the cores of a small server).
        let group = (self.rows / 2).div_ceil(16) * 16;
        let parts: Vec<(usize, Vec<f32>)> = (0..self.rows.div_ceil(group))
            .into_par_iter()
            .map(|g| {
                let outs = g * group..((g + 1) * group).min(self.rows);
                let width = outs.len();
                let mut out: Vec<f32> = (0..tokens)
                    .flat_map(|_| self.bias[outs.clone()].iter().copied())
                    .collect();
                gemm(
                    (tokens, self.cols, width),
                    Matrix {
                        data: x,
                        rows: self.cols,
                        cols: 1,
                    },
                    Matrix {
                        data: &weights_t[outs.start..],
                        rows: self.rows,
                        cols: 1,
                    },
                    (&mut out, width),
                    1.0,
                );
                out.iter_mut().for_each(|v| *v = then(*v));
                (outs.start, out)
            })
            .collect();
        for (start, out) in parts {
            let width = out.len() / tokens;
            for t in 0..tokens {
                y[t * self.rows + start..t * self.rows + start + width]
                    .copy_from_slice(&out[t * width..(t + 1) * width]);
            }
        }
    }
}

/// A matrix of `rows × cols` Q4_0 blocks unpacked to `f32` and transposed.
fn transposed(blocks: &[u8], rows: usize, cols: usize) -> Vec<f32> {
    let mut row = vec![0f32; cols];
    let mut weights_t = vec![0f32; rows * cols];
    for (r, row_blocks) in blocks.chunks_exact(cols / BLOCK * BLOCK_BYTES).enumerate() {
        for (block, out) in row_blocks
            .chunks_exact(BLOCK_BYTES)
            .zip(row.chunks_exact_mut(BLOCK))
        {
            unpack_block(block, out);
        }
        for (c, w) in row.iter().enumerate() {
            weights_t[c * rows + r] = *w;
        }
    }
    weights_t
}

/// A matrix inside a slice: element (i, j) is at `i·rows + j·cols`.
#[derive(Clone, Copy)]
pub struct Matrix<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
}

impl Matrix<'_> {
    fn covers(&self, m: usize, n: usize) -> bool {
        m == 0 || n == 0 || (m - 1) * self.rows + (n - 1) * self.cols < self.data.len()
    }
}

/// `c = a·b + beta·c` for `a` of `m × k`, `b` of `k × n` and `c` of `m × n` with rows `c.1`
/// apart, through `matrixmultiply`'s packed product.
pub fn gemm(
    (m, k, n): (usize, usize, usize),
    a: Matrix<'_>,
    b: Matrix<'_>,
    c: (&mut [f32], usize),
    beta: f32,
) {
    assert!(
        a.covers(m, k) && b.covers(k, n),
        "input matrices lie inside their slices"
    );
    assert!(
        m == 0 || n == 0 || (m - 1) * c.1 + n <= c.0.len(),
        "the output lies inside its slice"
    );
    // SAFETY: every element the product reads lies inside `a.data` and `b.data`, and every one
    // it writes inside `c.0` (asserted above from the sizes and strides); `c.0` is borrowed
    // mutably, so nothing else reads or writes it meanwhile.
    #[allow(unsafe_code)]
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.data.as_ptr(),
            a.rows as isize,
            a.cols as isize,
            b.data.as_ptr(),
            b.rows as isize,
            b.cols as isize,
            beta,
            c.0.as_mut_ptr(),
            c.1 as isize,
            1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The root mean square of `values`.
    fn rms(values: impl Iterator<Item = f32>) -> f32 {
        let (sum, count) = values.fold((0f32, 0), |(s, n), v| (s + v * v, n + 1));
        (sum / count as f32).sqrt()
    }

    #[test]
    fn the_integer_kernels_agree_with_the_float_one() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (rows, cols) = (48, 128);
        let blocks: Vec<u8> = (0..rows * cols / BLOCK)
            .flat_map(|_| {
                // Scales between about 0.002 and 0.03, as in the model.
                let scale = 0x1800u16 + (next() % 0x0c00) as u16;
                let mut block = scale.to_le_bytes().to_vec();
                block.extend((0..16).map(|_| next() as u8));
                block
            })
            .collect();
        let bias: Vec<f32> = (0..rows).map(|r| (r as f32 - 24.0) / 50.0).collect();
        let float = Linear::with_kernel(&blocks, bias.clone(), rows, cols, Kernel::Float);
        for kernel in Kernel::available() {
            let layer = Linear::with_kernel(&blocks, bias.clone(), rows, cols, kernel);
            for tokens in [1, 2, 9, 20] {
                // Inputs like a layer norm's, with an occasional large one, which coarsens its
                // block's rounding: about 1% off typically, a few % at worst.
                let x: Vec<f32> = (0..tokens * cols)
                    .map(|i| {
                        let v = (next() % 2001) as f32 / 1000.0 - 1.0;
                        if i % 37 == 0 {
                            8.0 * v
                        } else {
                            v
                        }
                    })
                    .collect();
                let (mut want, mut got) = (vec![0f32; tokens * rows], vec![0f32; tokens * rows]);
                float.forward(&x, &mut want);
                layer.forward(&x, &mut got);
                let typical = rms(want.iter().copied());
                let error = rms(want.iter().zip(&got).map(|(a, b)| a - b));
                let worst = want
                    .iter()
                    .zip(&got)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0f32, f32::max);
                assert!(
                    error < 0.02 * typical && worst < 0.1 * typical,
                    "{kernel:?}, {tokens} tokens: off by {error} (at most {worst}), typical \
                     value {typical}"
                );
            }
        }
    }
}
