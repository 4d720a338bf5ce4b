//! The matrix product the encoder spends its time in: `y = W·x + b` for all tokens at once.
//! The weights stay small (one byte per value and a scale per block of 32, about 23 MB for the
//! whole encoder); each row is unpacked to `f32` once per call into a buffer that stays in the
//! first-level cache, then met with every token's activations in eight-lane multiply-adds. Groups
//! of rows run in parallel. On x86-64 processors with AVX2 and FMA (nearly all in use) a second
//! build of the same loops uses them, chosen at run time.

use rayon::prelude::*;

use crate::file::{f16_to_f32, BLOCK, BLOCK_BYTES};

/// A linear layer: `rows` outputs of `cols` inputs each.
pub struct Linear {
    rows: usize,
    cols: usize,
    /// `rows × cols` weights, −8..=7, each to be multiplied by its block's scale.
    weights: Vec<i8>,
    /// One scale per block of 32 weights, `rows × cols/32`.
    scales: Vec<f32>,
    bias: Vec<f32>,
}

/// Splits one Q4_0 block into its scale and 32 values −8..=7 (after the `f16` scale, byte j
/// holds value j in its low nibble and value j + 16 in its high one, each plus 8).
pub fn split_block(block: &[u8], out: &mut [i8]) -> f32 {
    for (j, &b) in block[2..BLOCK_BYTES].iter().enumerate() {
        out[j] = (b & 0x0f) as i8 - 8;
        out[j + 16] = (b >> 4) as i8 - 8;
    }
    f16_to_f32(u16::from_le_bytes([block[0], block[1]]))
}

/// One Q4_0 block as 32 `f32` values.
pub fn unpack_block(block: &[u8], out: &mut [f32]) {
    let mut values = [0i8; BLOCK];
    let scale = split_block(block, &mut values);
    for (o, v) in out.iter_mut().zip(values) {
        *o = v as f32 * scale;
    }
}

/// Output rows per parallel task.
const GROUP: usize = 64;
/// Tokens met by one pass over a row of weights.
const TOKENS: usize = 4;
/// Accumulator lanes: four vectors of eight, so that successive multiply-adds do not wait on
/// each other.
const LANES: usize = 32;

impl Linear {
    pub fn new(blocks: &[u8], bias: Vec<f32>, rows: usize, cols: usize) -> Self {
        let mut weights = vec![0i8; rows * cols];
        let scales = blocks
            .chunks_exact(BLOCK_BYTES)
            .zip(weights.chunks_exact_mut(BLOCK))
            .map(|(block, out)| split_block(block, out))
            .collect();
        Linear { rows, cols, weights, scales, bias }
    }

    /// `y[t] = W·x[t] + b` for every token `t`; `x` is `tokens × cols`, `y` is `tokens × rows`.
    pub fn forward(&self, x: &[f32], y: &mut [f32]) {
        let tokens = x.len() / self.cols;
        assert_eq!(x.len(), tokens * self.cols, "input size");
        assert_eq!(y.len(), tokens * self.rows, "output size");
        let parts: Vec<(usize, Vec<f32>)> = (0..self.rows.div_ceil(GROUP))
            .into_par_iter()
            .map(|g| {
                let rows = g * GROUP..((g + 1) * GROUP).min(self.rows);
                let mut out = vec![0f32; rows.len() * tokens];
                rows_times(self, x, rows.clone(), &mut out);
                (rows.start, out)
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

/// `out[t][r − rows.start]` for the rows given, in the processor's fastest build.
fn rows_times(w: &Linear, x: &[f32], rows: std::ops::Range<usize>, out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the processor was just asked: it has AVX2 and FMA, all the function needs.
            #[allow(unsafe_code)]
            unsafe {
                rows_times_avx2(w, x, rows, out)
            };
            return;
        }
    }
    rows_times_portable(w, x, rows, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn rows_times_avx2(w: &Linear, x: &[f32], rows: std::ops::Range<usize>, out: &mut [f32]) {
    rows_times_portable(w, x, rows, out)
}

#[inline(always)]
fn rows_times_portable(w: &Linear, x: &[f32], rows: std::ops::Range<usize>, out: &mut [f32]) {
    let cols = w.cols;
    let blocks = cols / BLOCK;
    let tokens = x.len() / cols;
    let width = rows.len();
    let mut row = vec![0f32; cols];
    for (i, r) in rows.enumerate() {
        let weights = &w.weights[r * cols..(r + 1) * cols];
        let scales = &w.scales[r * blocks..(r + 1) * blocks];
        for ((o, v), s) in row.chunks_exact_mut(BLOCK).zip(weights.chunks_exact(BLOCK)).zip(scales) {
            for (o, v) in o.iter_mut().zip(v) {
                *o = *v as f32 * s;
            }
        }
        // TOKENS tokens per pass over the row: each weight loaded once feeds as many
        // independent multiply-adds.
        let mut t = 0;
        while t + TOKENS <= tokens {
            let xs: [&[f32]; TOKENS] =
                std::array::from_fn(|j| &x[(t + j) * cols..(t + j + 1) * cols]);
            let mut acc = [[0f32; 8]; TOKENS];
            for c in (0..cols).step_by(8) {
                let wc: &[f32; 8] = row[c..c + 8].try_into().unwrap();
                for j in 0..TOKENS {
                    let xc: &[f32; 8] = xs[j][c..c + 8].try_into().unwrap();
                    for l in 0..8 {
                        acc[j][l] = wc[l].mul_add(xc[l], acc[j][l]);
                    }
                }
            }
            for j in 0..TOKENS {
                out[(t + j) * width + i] = acc[j].iter().sum::<f32>() + w.bias[r];
            }
            t += TOKENS;
        }
        for t in t..tokens {
            let xt = &x[t * cols..(t + 1) * cols];
            let mut acc = [0f32; LANES];
            for (wc, xc) in row.chunks_exact(LANES).zip(xt.chunks_exact(LANES)) {
                for l in 0..LANES {
                    acc[l] = wc[l].mul_add(xc[l], acc[l]);
                }
            }
            out[t * width + i] = acc.iter().sum::<f32>() + w.bias[r];
        }
    }
}
