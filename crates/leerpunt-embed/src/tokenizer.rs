//! Text to pieces the way XLM-RoBERTa's SentencePiece model cuts it: fold each character through
//! the model's normalisation table, squeeze runs of spaces, mark word starts with `▁`, then pick
//! the segmentation whose pieces' log-probabilities sum highest (Viterbi over the unigram model).
//! A character no piece covers becomes the unknown piece.

use std::collections::HashMap;

use crate::file::TokenizerData;

/// The word-start marker, U+2581.
const WORD_START: char = '\u{2581}';

pub struct Tokenizer {
    pub bos: u32,
    pub eos: u32,
    unk: u32,
    unk_score: f32,
    longest: usize,
    scores: Vec<f32>,
    ids: HashMap<Vec<u8>, u32>,
    normalise: HashMap<u32, Vec<u32>>,
}

impl Tokenizer {
    pub fn new(data: TokenizerData) -> Self {
        let lowest = data.scores.iter().copied().fold(f32::INFINITY, f32::min);
        let longest = data.pieces.iter().map(Vec::len).max().unwrap_or(1);
        let mut ids = HashMap::with_capacity(data.pieces.len());
        for (i, piece) in data.pieces.into_iter().enumerate() {
            if !piece.is_empty() {
                ids.entry(piece).or_insert(i as u32);
            }
        }
        Tokenizer {
            bos: data.bos,
            eos: data.eos,
            unk: data.unk,
            unk_score: lowest - 10.0,
            longest,
            scores: data.scores,
            ids,
            normalise: data.normalise,
        }
    }

    /// The normalised text with word-start markers, as the segmentation sees it.
    fn prepare(&self, text: &str) -> String {
        let mut chars: Vec<char> = Vec::with_capacity(text.len() + 1);
        for c in text.chars() {
            match self.normalise.get(&(c as u32)) {
                Some(out) => chars.extend(out.iter().filter_map(|&u| char::from_u32(u))),
                None => chars.push(c),
            }
        }
        chars.dedup_by(|b, a| *a == ' ' && *b == ' ');
        let mut out = String::with_capacity(chars.len() * 3 + 3);
        if chars.first() != Some(&' ') {
            out.push(WORD_START);
        }
        out.extend(chars.iter().map(|&c| if c == ' ' { WORD_START } else { c }));
        out
    }

    /// The piece ids of `text`, without the sentence-start and -end pieces.
    pub fn pieces(&self, text: &str) -> Vec<u32> {
        let prepared = self.prepare(text);
        let bytes = prepared.as_bytes();
        let starts: Vec<usize> = prepared
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(bytes.len()))
            .collect();
        let n = starts.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut piece = vec![self.unk; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            for e in i + 1..=n {
                let len = starts[e] - starts[i];
                if len > self.longest {
                    break;
                }
                if let Some(&id) = self.ids.get(&bytes[starts[i]..starts[e]]) {
                    if id == self.unk {
                        continue;
                    }
                    let score = best[i] + self.scores[id as usize];
                    if score > best[e] {
                        best[e] = score;
                        piece[e] = id;
                        from[e] = i;
                    }
                }
            }
            let score = best[i] + self.unk_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                piece[i + 1] = self.unk;
                from[i + 1] = i;
            }
        }
        let mut out = Vec::new();
        let mut at = n;
        while at > 0 {
            out.push(piece[at]);
            at = from[at];
        }
        out.reverse();
        out
    }
}
