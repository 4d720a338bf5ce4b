//! The model image: one little-endian file holding the encoder's shape, the tokenizer (pieces,
//! scores, a per-character normalisation table) and a directory of tensors. Layer weights are
//! Q4_0 blocks (an `f16` scale and 32 four-bit values); everything else is `f32`.

use std::collections::HashMap;

/// Values per quantisation block.
pub const BLOCK: usize = 32;
/// Bytes per Q4_0 block: a 2-byte scale and 16 bytes of nibbles.
pub const BLOCK_BYTES: usize = 18;

/// The encoder's dimensions.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub eps: f32,
}

/// The tokenizer's data as stored.
pub struct TokenizerData {
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    pub pieces: Vec<Vec<u8>>,
    pub scores: Vec<f32>,
    /// Code point → its replacement (NFKC-style folding of the original tokenizer).
    pub normalise: HashMap<u32, Vec<u32>>,
}

/// One tensor in the directory.
pub struct Tensor<'a> {
    pub quantised: bool,
    pub len: usize,
    pub bytes: &'a [u8],
}

/// A parsed image, borrowing the file's bytes.
pub struct Image<'a> {
    pub shape: Shape,
    pub tokenizer: TokenizerData,
    pub tensors: HashMap<String, Tensor<'a>>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn i32(&mut self) -> Result<usize, String> {
        let v = i32::from_le_bytes(self.take(4)?.try_into().unwrap());
        usize::try_from(v).map_err(|_| format!("negative size {v}"))
    }
    fn u64(&mut self) -> Result<usize, String> {
        let v = u64::from_le_bytes(self.take(8)?.try_into().unwrap());
        usize::try_from(v).map_err(|_| format!("size {v} too large"))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
}

/// `f32` values from little-endian bytes.
pub fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// An IEEE half-precision value as `f32`.
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h & 0x8000) as u32) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: value = man · 2^-24.
            let v = man as f32 * (1.0 / 16_777_216.0);
            return if sign != 0 { -v } else { v };
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

impl<'a> Image<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != b"E5S1" {
            return Err("it does not start with the E5S1 signature".into());
        }
        let version = r.u32()?;
        if version != 1 {
            return Err(format!(
                "format version {version}, this build reads version 1"
            ));
        }
        let hidden = r.i32()?;
        let layers = r.i32()?;
        let heads = r.i32()?;
        let ffn = r.i32()?;
        let vocab = r.i32()?;
        let max_positions = r.i32()?;
        let _token_types = r.i32()?;
        let eps = r.f32()?;
        let block = r.i32()?;
        if block != BLOCK || hidden % BLOCK != 0 || ffn % BLOCK != 0 || heads == 0 {
            return Err(format!(
                "unexpected shape: hidden {hidden}, ffn {ffn}, heads {heads}, block {block}"
            ));
        }
        if hidden % heads != 0 || max_positions < 3 {
            return Err(format!(
                "unexpected shape: hidden {hidden}, heads {heads}, positions {max_positions}"
            ));
        }
        let shape = Shape {
            hidden,
            layers,
            heads,
            ffn,
            vocab,
            max_positions,
            eps,
        };

        let n = r.i32()?;
        let bos = r.u32()?;
        let eos = r.u32()?;
        let _pad = r.u32()?;
        let unk = r.u32()?;
        let blob_len = r.u64()?;
        let offsets: Vec<usize> = (0..=n)
            .map(|_| r.u32().map(|v| v as usize))
            .collect::<Result<_, _>>()?;
        let scores = floats(r.take(n * 4)?);
        let blob = r.take(blob_len)?;
        let mut pieces = Vec::with_capacity(n);
        for w in offsets.windows(2) {
            let piece = blob
                .get(w[0]..w[1])
                .ok_or("a piece lies outside the piece table")?;
            pieces.push(piece.to_vec());
        }
        if [bos, eos, unk].iter().any(|&i| i as usize >= n) {
            return Err("a special token lies outside the vocabulary".into());
        }
        let n_norm = r.i32()?;
        let norm_bytes = r.u32()? as usize;
        let mut nr = Reader {
            bytes: r.take(norm_bytes)?,
            at: 0,
        };
        let mut normalise = HashMap::with_capacity(n_norm);
        for _ in 0..n_norm {
            let cp = nr.u32()?;
            let count = nr.u8()? as usize;
            let out = (0..count)
                .map(|_| nr.u32())
                .collect::<Result<Vec<_>, _>>()?;
            normalise.insert(cp, out);
        }
        let tokenizer = TokenizerData {
            bos,
            eos,
            unk,
            pieces,
            scores,
            normalise,
        };

        let count = r.i32()?;
        let mut tensors = HashMap::with_capacity(count);
        for _ in 0..count {
            let name_len = r.u16()? as usize;
            let name = String::from_utf8_lossy(r.take(name_len)?).into_owned();
            let dtype = r.u8()?;
            let len = r.u32()? as usize;
            let offset = r.u64()?;
            let size = r.u64()?;
            let data = offset
                .checked_add(size)
                .and_then(|end| bytes.get(offset..end))
                .ok_or_else(|| format!("tensor {name} lies outside the file"))?;
            tensors.insert(
                name,
                Tensor {
                    quantised: dtype != 0,
                    len,
                    bytes: data,
                },
            );
        }
        Ok(Image {
            shape,
            tokenizer,
            tensors,
        })
    }

    /// An `f32` tensor of `len` values.
    pub fn floats(&self, name: &str, len: usize) -> Result<Vec<f32>, String> {
        let t = self
            .tensors
            .get(name)
            .ok_or_else(|| format!("no tensor {name}"))?;
        if t.quantised || t.bytes.len() < len * 4 {
            return Err(format!("tensor {name} is not {len} f32 values"));
        }
        Ok(floats(&t.bytes[..len * 4]))
    }

    /// A Q4_0 matrix of `rows` × `cols` values, as its raw blocks.
    pub fn blocks(&self, name: &str, rows: usize, cols: usize) -> Result<&'a [u8], String> {
        let t = self
            .tensors
            .get(name)
            .ok_or_else(|| format!("no tensor {name}"))?;
        let want = rows * cols / BLOCK * BLOCK_BYTES;
        if !t.quantised || t.bytes.len() < want {
            return Err(format!("tensor {name} is not a {rows}×{cols} 4-bit matrix"));
        }
        Ok(&t.bytes[..want])
    }
}
