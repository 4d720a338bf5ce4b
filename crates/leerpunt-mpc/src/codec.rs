//! Byte encodings of vectors and records, shared by every message so that sizes are checked in one place.

use crate::elem::Group;
use crate::MpcError;

/// Appends the encoding of `v` (no length prefix) to `out`.
pub fn put_vec<T: Group>(out: &mut Vec<u8>, v: &[T]) {
    out.reserve(v.len() * T::BYTES);
    for x in v {
        x.write(out);
    }
}

/// Encodes `v` (no length prefix).
pub fn vec_bytes<T: Group>(v: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    put_vec(&mut out, v);
    out
}

/// Decodes exactly `n` elements from `bytes`; anything else is malformed.
pub fn vec_from_bytes<T: Group>(bytes: &[u8], n: usize, from: &str) -> Result<Vec<T>, MpcError> {
    if bytes.len() != n * T::BYTES {
        return Err(MpcError::malformed(
            from,
            format!(
                "expected {} bytes ({n} elements), got {}",
                n * T::BYTES,
                bytes.len()
            ),
        ));
    }
    bytes
        .chunks_exact(T::BYTES)
        .map(|c| T::read(c).ok_or_else(|| MpcError::malformed(from, "invalid element encoding")))
        .collect()
}

/// A cursor over a received byte string, with every read bounds-checked.
pub struct Reader<'a> {
    bytes: &'a [u8],
    from: &'a str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], from: &'a str) -> Self {
        Reader { bytes, from }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], MpcError> {
        if self.bytes.len() < n {
            return Err(MpcError::malformed(
                self.from,
                format!(
                    "truncated: wanted {n} more bytes, have {}",
                    self.bytes.len()
                ),
            ));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    pub fn u8(&mut self) -> Result<u8, MpcError> {
        Ok(self.take(1)?[0])
    }

    pub fn u64(&mut self) -> Result<u64, MpcError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// A length that must not exceed `max` (guards allocations against hostile inputs).
    pub fn len(&mut self, max: usize) -> Result<usize, MpcError> {
        let n = self.u64()?;
        if n > max as u64 {
            return Err(MpcError::malformed(
                self.from,
                format!("length {n} exceeds limit {max}"),
            ));
        }
        Ok(n as usize)
    }

    pub fn seed(&mut self) -> Result<[u8; 32], MpcError> {
        let mut s = [0u8; 32];
        s.copy_from_slice(self.take(32)?);
        Ok(s)
    }

    pub fn vec<T: Group>(&mut self, n: usize) -> Result<Vec<T>, MpcError> {
        let b = self.take(
            n.checked_mul(T::BYTES)
                .ok_or_else(|| MpcError::malformed(self.from, "length overflow"))?,
        )?;
        vec_from_bytes(b, n, self.from)
    }

    /// Fails unless every byte was consumed.
    pub fn finish(self) -> Result<(), MpcError> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(MpcError::malformed(
                self.from,
                format!("{} trailing bytes", self.bytes.len()),
            ))
        }
    }
}

/// Appends a little-endian u64.
pub fn put_u64(out: &mut Vec<u8>, x: u64) {
    out.extend_from_slice(&x.to_le_bytes());
}
