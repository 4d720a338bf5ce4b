//! The forward pass: piece embeddings plus positions, then twelve layers of self-attention and a
//! feed-forward block (each followed by a residual layer norm), then the mean over the tokens,
//! scaled to unit length. A text longer than the model's 512 positions is cut into windows whose
//! means are averaged by their token counts, as the model's own engine does.

use rayon::prelude::*;

use crate::file::{Image, Shape, BLOCK, BLOCK_BYTES};
use crate::kernel::{gemm, unpack_block, Linear, Matrix};
use crate::tokenizer::Tokenizer;
use crate::{Role, DIM};

struct Layer {
    /// The query, key and value projections as one layer of three times the outputs, which
    /// share one pass over the input.
    qkv: Linear,
    attn_out: Linear,
    attn_norm: (Vec<f32>, Vec<f32>),
    ffn_in: Linear,
    ffn_out: Linear,
    out_norm: (Vec<f32>, Vec<f32>),
}

/// A loaded model: thread-safe, so one instance serves every request.
pub struct Model {
    shape: Shape,
    tokenizer: Tokenizer,
    /// The piece embeddings, still in 4-bit blocks (`vocab × hidden`), unpacked per token.
    words: Vec<u8>,
    positions: Vec<f32>,
    token_type: Vec<f32>,
    norm: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
}

impl Model {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let image = Image::parse(bytes)?;
        let s = image.shape;
        if s.hidden != DIM {
            return Err(format!(
                "vectors of {} values, this build expects {DIM}",
                s.hidden
            ));
        }
        let (h, f) = (s.hidden, s.ffn);
        // One layer of the named tensors' outputs one after the other.
        let linear = |names: &[String], rows: usize, cols: usize| -> Result<Linear, String> {
            let (mut w, mut b) = (Vec::new(), Vec::new());
            for name in names {
                w.extend_from_slice(image.blocks(&format!("{name}.w"), rows, cols)?);
                b.extend(image.floats(&format!("{name}.b"), rows)?);
            }
            Ok(Linear::new(&w, b, rows * names.len(), cols))
        };
        let norm = |name: &str| -> Result<(Vec<f32>, Vec<f32>), String> {
            Ok((
                image.floats(&format!("{name}.w"), h)?,
                image.floats(&format!("{name}.b"), h)?,
            ))
        };
        let layers = (0..s.layers)
            .map(|l| {
                Ok(Layer {
                    qkv: linear(&["q", "k", "v"].map(|p| format!("l{l}.{p}")), h, h)?,
                    attn_out: linear(&[format!("l{l}.ao")], h, h)?,
                    attn_norm: norm(&format!("l{l}.aln"))?,
                    ffn_in: linear(&[format!("l{l}.fi")], f, h)?,
                    ffn_out: linear(&[format!("l{l}.fo")], h, f)?,
                    out_norm: norm(&format!("l{l}.oln"))?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Model {
            shape: s,
            words: image.blocks("emb.word", s.vocab, h)?.to_vec(),
            positions: image.floats("emb.pos", s.max_positions * h)?,
            token_type: image.floats("emb.type", h)?,
            norm: norm("emb.ln")?,
            layers,
            tokenizer: Tokenizer::new(image.tokenizer),
        })
    }

    /// The pieces the model reads for `text` in `role`, with the sentence-start and -end pieces.
    pub fn token_count(&self, text: &str, role: Role) -> usize {
        self.content(text, role).len() + 2
    }

    fn content(&self, text: &str, role: Role) -> Vec<u32> {
        self.tokenizer.pieces(&format!("{}{text}", role.prefix()))
    }

    /// The unit vector of `text`.
    pub fn embed(&self, text: &str, role: Role) -> Vec<f32> {
        let content = self.content(text, role);
        let window = self.shape.max_positions - 2;
        let mut sum = vec![0f32; DIM];
        let mut weight = 0f32;
        let chunks: Vec<&[u32]> = if content.is_empty() {
            vec![&[]]
        } else {
            content.chunks(window).collect()
        };
        for chunk in chunks {
            let mean = self.window(chunk);
            let w = chunk.len().max(1) as f32;
            for (s, m) in sum.iter_mut().zip(&mean) {
                *s += w * m;
            }
            weight += w;
        }
        sum.iter_mut().for_each(|s| *s /= weight);
        unit(sum)
    }

    /// The unit vectors of many texts, spread over the processor's cores.
    pub fn embed_many(&self, texts: &[&str], role: Role) -> Vec<Vec<f32>> {
        texts.par_iter().map(|t| self.embed(t, role)).collect()
    }

    /// The unit vector of the start of `text`: as much as fits in one window of the model
    /// (510 pieces). Cheaper than [`Model::embed`] for long texts whose opening says what they
    /// are about.
    pub fn embed_start(&self, text: &str, role: Role) -> Vec<f32> {
        let mut content = self.content(text, role);
        content.truncate(self.shape.max_positions - 2);
        unit(self.window(&content))
    }

    /// The mean token state of one window: its pieces between the sentence-start and -end ones.
    fn window(&self, pieces: &[u32]) -> Vec<f32> {
        let mut ids = Vec::with_capacity(pieces.len() + 2);
        ids.push(self.tokenizer.bos);
        ids.extend_from_slice(pieces);
        ids.push(self.tokenizer.eos);
        self.forward(&ids)
    }

    /// The mean of the last layer's token states for one window of piece ids.
    fn forward(&self, ids: &[u32]) -> Vec<f32> {
        let s = &self.shape;
        let (h, n) = (s.hidden, ids.len());
        let mut x = vec![0f32; n * h];
        let blocks_per_row = h / BLOCK;
        for (t, &id) in ids.iter().enumerate() {
            let row = &mut x[t * h..(t + 1) * h];
            let first = id as usize * blocks_per_row * BLOCK_BYTES;
            for b in 0..blocks_per_row {
                let at = first + b * BLOCK_BYTES;
                unpack_block(
                    &self.words[at..at + BLOCK_BYTES],
                    &mut row[b * BLOCK..(b + 1) * BLOCK],
                );
            }
            let pos = &self.positions[t * h..(t + 1) * h];
            for ((v, p), ty) in row.iter_mut().zip(pos).zip(&self.token_type) {
                *v += p + ty;
            }
        }
        layer_norm(&mut x, None, &self.norm, h, s.eps);

        let heads = s.heads;
        let hd = h / heads;
        let scale = 1.0 / (hd as f32).sqrt();
        let mut qkv = vec![0f32; n * 3 * h];
        let mut ctx = vec![0f32; n * h];
        let mut attn = vec![0f32; n * h];
        let mut mid = vec![0f32; n * s.ffn];
        for layer in &self.layers {
            layer.qkv.forward(&x, &mut qkv);
            attention(&qkv, &mut ctx, n, h, heads, scale);
            layer.attn_out.forward(&ctx, &mut attn);
            layer_norm(&mut x, Some(&attn), &layer.attn_norm, h, s.eps);
            layer.ffn_in.forward_then(&x, &mut mid, gelu);
            layer.ffn_out.forward(&mid, &mut attn);
            layer_norm(&mut x, Some(&attn), &layer.out_norm, h, s.eps);
        }
        let mut mean = vec![0f32; h];
        for row in x.chunks_exact(h) {
            for (m, v) in mean.iter_mut().zip(row) {
                *m += v;
            }
        }
        mean.iter_mut().for_each(|m| *m /= n as f32);
        mean
    }
}

/// The exact GELU, `x·Φ(x) = ½·x·(1 + erf(x/√2))`, with erf by Abramowitz and Stegun 7.1.26
/// (absolute error below 1.5·10⁻⁷, the precision of an `f32`): a polynomial and one `exp`, a
/// fifth of the cost of a full `erff` in the layer it dominated. With [`exp_negative`] it has no
/// calls, so the compiler computes it on several values at once.
fn gelu(x: f32) -> f32 {
    let z = x.abs() * std::f32::consts::FRAC_1_SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
    let erf = 1.0 - poly * exp_negative(-z * z);
    0.5 * x * (1.0 + erf.copysign(x))
}

/// `eˣ` for `x ≤ 0` (below −87, where `eˣ` leaves the normal `f32` range, it gives `e⁻⁸⁷`), to
/// about one unit in the last place: `x = n·ln 2 + r` with `|r| ≤ ½·ln 2`, `eʳ` by Cephes'
/// polynomial and `2ⁿ` built from its bits. Only arithmetic, unlike `f32::exp`'s call into the
/// C library, so loops over it become vector code.
fn exp_negative(x: f32) -> f32 {
    // Adding 1.5·2²³ rounds to an integer, which then sits in the low bits of the sum.
    const ROUND: f32 = 12_582_912.0;
    let x = x.max(-87.0);
    let shifted = x * std::f32::consts::LOG2_E + ROUND;
    let n = shifted - ROUND;
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let p = 1.987_569_1e-4;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 0.166_666_65;
    let p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    let n = shifted.to_bits() as i32 - ROUND.to_bits() as i32;
    e * f32::from_bits(((n + 127) << 23) as u32)
}

/// `v` scaled to unit length.
fn unit(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    v.iter_mut().for_each(|x| *x /= norm);
    v
}

/// `x = norm(x + add)` row by row, with the layer's weight and bias.
fn layer_norm(
    x: &mut [f32],
    add: Option<&[f32]>,
    (w, b): &(Vec<f32>, Vec<f32>),
    h: usize,
    eps: f32,
) {
    for (t, row) in x.chunks_exact_mut(h).enumerate() {
        if let Some(add) = add {
            for (v, a) in row.iter_mut().zip(&add[t * h..(t + 1) * h]) {
                *v += a;
            }
        }
        let mean = sum_of(row, |v| v) / h as f32;
        let var = sum_of(row, |v| (v - mean) * (v - mean)) / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, w), b) in row.iter_mut().zip(w).zip(b) {
            *v = (*v - mean) * inv * w + b;
        }
    }
}

/// The sum of `f` over `values`, kept as 16 partial sums: unlike one running sum, whose every
/// addition waits for the one before, these become vector additions side by side.
fn sum_of(values: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [0f32; 16];
    let (chunks, rest) = values.as_chunks::<16>();
    for chunk in chunks {
        for (lane, v) in lanes.iter_mut().zip(chunk) {
            *lane += f(*v);
        }
    }
    lanes.iter().sum::<f32>() + rest.iter().map(|v| f(*v)).sum::<f32>()
}

/// Scaled dot-product attention of every token to every token, head by head (in parallel):
/// `softmax(Q·Kᵀ·scale)·V`, written into each head's columns of `ctx`. Each token's row of
/// `qkv` holds its query, key and value, `h` values each.
fn attention(qkv: &[f32], ctx: &mut [f32], n: usize, h: usize, heads: usize, scale: f32) {
    let hd = h / heads;
    let (q, k, v) = (qkv, &qkv[h..], &qkv[2 * h..]);
    let per_head: Vec<Vec<f32>> = (0..heads)
        .into_par_iter()
        .map(|head| {
            let at = head * hd;
            let mut scores = vec![0f32; n * n];
            gemm(
                (n, hd, n),
                Matrix {
                    data: &q[at..],
                    rows: 3 * h,
                    cols: 1,
                },
                Matrix {
                    data: &k[at..],
                    rows: 1,
                    cols: 3 * h,
                },
                (&mut scores, n),
                0.0,
            );
            for row in scores.chunks_exact_mut(n) {
                let top = row.iter().fold(f32::NEG_INFINITY, |m, s| m.max(*s)) * scale;
                row.iter_mut()
                    .for_each(|s| *s = exp_negative(*s * scale - top));
                let total: f32 = row.iter().sum();
                row.iter_mut().for_each(|s| *s /= total);
            }
            let mut out = vec![0f32; n * hd];
            gemm(
                (n, n, hd),
                Matrix {
                    data: &scores,
                    rows: n,
                    cols: 1,
                },
                Matrix {
                    data: &v[at..],
                    rows: 3 * h,
                    cols: 1,
                },
                (&mut out, hd),
                0.0,
            );
            out
        })
        .collect();
    for (head, out) in per_head.iter().enumerate() {
        for t in 0..n {
            ctx[t * h + head * hd..t * h + (head + 1) * hd]
                .copy_from_slice(&out[t * hd..(t + 1) * hd]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{exp_negative, gelu};

    #[test]
    fn exp_negative_matches_the_library_one() {
        for i in 0..=174_000 {
            let x = -(i as f32) / 2_000.0;
            let (got, want) = (exp_negative(x), f64::from(x).exp());
            let error = (f64::from(got) - want).abs() / want;
            assert!(error < 3e-7, "e^{x}: {got}, not {want}");
        }
        assert!(exp_negative(-1e4) < 1e-37 && exp_negative(f32::NEG_INFINITY) < 1e-37);
        assert_eq!(exp_negative(0.0), 1.0);
    }

    #[test]
    fn gelu_matches_the_exact_one_to_float_precision() {
        let mut worst = 0f64;
        for i in -12_000..=12_000 {
            let x = i as f32 / 1_000.0;
            let exact = 0.5 * f64::from(x) * (1.0 + libm::erf(f64::from(x) / 2f64.sqrt()));
            worst = worst.max((f64::from(gelu(x)) - exact).abs() / f64::from(x.abs()).max(1.0));
        }
        assert!(worst < 1e-6, "largest error {worst}");
        assert_eq!(gelu(0.0), 0.0);
        assert!(gelu(-30.0).abs() < 1e-6 && (gelu(30.0) - 30.0).abs() < 1e-5);
    }
}
