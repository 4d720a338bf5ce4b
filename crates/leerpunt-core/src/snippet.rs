//! A short excerpt of a text with the words a search matched, kept as plain text and byte ranges so
//! that the search crate never makes markup: the web layer decides how a highlight looks.

use std::ops::Range;

/// Plain text with highlighted byte ranges (sorted, not overlapping, on character boundaries).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// Text without highlights.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            highlights: Vec::new(),
        }
    }

    /// Text with highlights; ranges that fall outside the text, split a character or overlap an
    /// earlier one are dropped, so [`Snippet::segments`] can rely on them.
    pub fn new(text: impl Into<String>, ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        let text = text.into();
        let mut highlights: Vec<Range<usize>> = Vec::new();
        let mut sorted: Vec<Range<usize>> = ranges.into_iter().collect();
        sorted.sort_by_key(|r| (r.start, r.end));
        for r in sorted {
            let fits = r.start < r.end && text.get(r.clone()).is_some();
            let after_last = highlights.last().is_none_or(|last| r.start >= last.end);
            if fits && after_last {
                highlights.push(r);
            }
        }
        Self { text, highlights }
    }

    /// The text in order as `(piece, highlighted)` pairs; empty pieces are left out.
    pub fn segments(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::with_capacity(self.highlights.len() * 2 + 1);
        let mut at = 0;
        for r in &self.highlights {
            let before = self.text.get(at..r.start).unwrap_or("");
            if !before.is_empty() {
                out.push((before, false));
            }
            out.push((self.text.get(r.clone()).unwrap_or(""), true));
            at = r.end;
        }
        let rest = self.text.get(at..).unwrap_or("");
        if !rest.is_empty() {
            out.push((rest, false));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_alternate_plain_and_highlighted() {
        let s = Snippet::new("schuld en armoede", [10..17, 0..6]);
        assert_eq!(
            s.segments(),
            vec![("schuld", true), (" en ", false), ("armoede", true)]
        );
    }

    #[test]
    fn bad_ranges_are_dropped() {
        // Out of bounds, inside the two-byte "é", empty and overlapping ranges.
        let s = Snippet::new("café <b>", [2..40, 4..5, 3..3, 0..2, 1..3]);
        assert_eq!(s.highlights, vec![0..2]);
        assert_eq!(s.segments(), vec![("ca", true), ("fé <b>", false)]);
        assert!(Snippet::plain("").segments().is_empty());
    }
}
