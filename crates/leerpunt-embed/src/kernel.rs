//! The matrix products the encoder spends its time in: `y = W·x + b` for all tokens at once,
//! and attention's. The 4-bit weights are unpacked once, at load, to `f32` and transposed (about
//! 85 MB for the whole encoder), so that `matrixmultiply`'s packed, cache-blocked product (which
//! picks the processor's SIMD instructions at run time) reads them row by row. A layer's outputs
//! are split in two halves computed in parallel.

use rayon::prelude::*;

use crate::file::{f16_to_f32, BLOCK, BLOCK_BYTES};

/// A linear layer: `rows` outputs of `cols` inputs each.
pub struct Linear {
    rows: usize,
    cols: usize,
    /// The weights transposed, `cols × rows`: input `i`'s weights for every output are
    /// contiguous, which both products below read fastest.
    weights_t: Vec<f32>,
    bias: Vec<f32>,
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
    pub fn new(blocks: &[u8], bias: Vec<f32>, rows: usize, cols: usize) -> Self {
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
        Linear {
            rows,
            cols,
            weights_t,
            bias,
        }
    }

    /// `y[t] = W·x[t] + b` for every token `t`; `x` is `tokens × cols`, `y` is `tokens × rows`.
    pub fn forward(&self, x: &[f32], y: &mut [f32]) {
        let tokens = x.len() / self.cols;
        assert_eq!(x.len(), tokens * self.cols, "input size");
        assert_eq!(y.len(), tokens * self.rows, "output size");
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
                        data: &self.weights_t[outs.start..],
                        rows: self.rows,
                        cols: 1,
                    },
                    (&mut out, width),
                    1.0,
                );
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
