//! Text analysis for Dutch and English: tokenising, folding, stop words, compound splitting, stemming.
//!
//! Both the indexer and the query builder go through the same analyzers, so a word is always
//! reduced to the same terms. Dutch compounds ("betalingsachterstanden") are split into the parts a
//! dictionary knows ("betaling", "achterstanden"), keeping the whole word too, so a search for a part
//! finds the compound and an exact compound still ranks first.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name of the Dutch analyzer in the index's tokenizer manager.
pub const NL: &str = "leerpunt_nl";
/// Name of the English analyzer.
pub const EN: &str = "leerpunt_en";
/// Name of the language-neutral analyzer (names, codes): folded, lowercased, no stemming.
pub const PLAIN: &str = "leerpunt_plain";

/// Words shorter than this are never split.
const MIN_COMPOUND: usize = 8;
/// Parts shorter than this are not recognised (keeps "park|eren" out).
const MIN_PART: usize = 4;
/// Linking sounds between the parts of a Dutch compound ("betaling-s-achterstand").
const LINKS: &[&str] = &["", "s", "e", "en"];

/// Words of questions that carry no topic, on top of the Snowball stop lists.
const EXTRA_STOP_NL: &[&str] = &[
    "hoe",
    "wat",
    "welke",
    "welk",
    "wie",
    "waar",
    "waarom",
    "wanneer",
    "andere",
    "anderen",
    "ander",
    "kan",
    "kunnen",
    "gebruik",
    "gebruiken",
    "maken",
    "zoek",
    "zoeken",
    "ik",
    "we",
    "wij",
    "onze",
    "ons",
    "jullie",
    "elkaar",
    "iemand",
    "ervaring",
    "ervaringen",
    "bijvoorbeeld",
];
const EXTRA_STOP_EN: &[&str] = &[
    "how", "what", "which", "who", "where", "why", "when", "other", "others", "does", "do", "can",
    "could", "use", "using", "used", "find", "looking", "anyone", "someone", "example", "us",
    "our", "we",
];

/// The words compounds may be split into: lowercased and accent-folded.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    words: Arc<HashSet<String>>,
}

impl Dictionary {
    /// A dictionary of the given words (already folded); short words and stop words are left out.
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        let mut stop = dutch_stop_analyzer();
        Self {
            words: Arc::new(
                words
                    .into_iter()
                    .filter(|w| w.chars().count() >= MIN_PART && !is_stop_word(&mut stop, w))
                    .collect(),
            ),
        }
    }

    /// Derives a dictionary from a corpus: every word that occurs in at least `min_docs` texts.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>, min_docs: usize) -> Self {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut seen = HashSet::new();
        for text in texts {
            seen.clear();
            for word in fold_words(text) {
                if word.chars().all(char::is_alphabetic) && seen.insert(word.clone()) {
                    *df.entry(word).or_default() += 1;
                }
            }
        }
        Self::new(
            df.into_iter()
                .filter(|(_, n)| *n >= min_docs)
                .map(|(w, _)| w),
        )
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, sorted (for persisting next to the index).
    pub fn sorted_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.sort_unstable();
        words
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Splits `word` into two or three dictionary words, allowing linking sounds between them.
    /// Prefers the split with the fewest parts, then the longest head. `None` when no split exists.
    pub fn split(&self, word: &str) -> Option<Vec<String>> {
        if word.len() < MIN_COMPOUND || !word.is_ascii() {
            return None;
        }
        self.split_in(word, 2).or_else(|| self.split_in(word, 3))
    }

    fn split_in(&self, word: &str, parts: usize) -> Option<Vec<String>> {
        if parts == 1 {
            return self.contains(word).then(|| vec![word.to_owned()]);
        }
        // Longest head first: "onroerendezaak|belasting" before "onroerende|zaakbelasting".
        for head_end in (MIN_PART..=word.len().saturating_sub(MIN_PART)).rev() {
            let head = &word[..head_end];
            if !self.contains(head) {
                continue;
            }
            for link in LINKS {
                let rest = &word[head_end..];
                let Some(tail) = rest.strip_prefix(link) else {
                    continue;
                };
                if tail.len() < MIN_PART {
                    continue;
                }
                if let Some(mut tail_parts) = self.split_in(tail, parts - 1) {
                    let mut out = vec![head.to_owned()];
                    out.append(&mut tail_parts);
                    return Some(out);
                }
            }
        }
        None
    }
}

/// Lowercased, accent-folded words of a text (no stop words removed, no stemming).
pub fn fold_words(text: &str) -> Vec<String> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

fn dutch_stop_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(stop_filter(Language::Dutch))
        .filter(extra_stop(EXTRA_STOP_NL))
        .build()
}

/// Whether the stop analyzer drops `word` (Snowball's list or a question word).
fn is_stop_word(stop: &mut TextAnalyzer, word: &str) -> bool {
    let mut stream = stop.token_stream(word);
    !stream.advance()
}

/// The Dutch analyzer: folded, stop words removed, compounds split, Snowball-stemmed.
pub fn dutch(dict: &Dictionary) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_filter(Language::Dutch))
        .filter(extra_stop(EXTRA_STOP_NL))
        .filter(CompoundFilter { dict: dict.clone() })
        .filter(Stemmer::new(Language::Dutch))
        .build()
}

/// The English analyzer: folded, stop words removed, Snowball-stemmed.
pub fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_filter(Language::English))
        .filter(extra_stop(EXTRA_STOP_EN))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The plain analyzer for names: folded and lowercased only.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn stop_filter(lang: Language) -> StopWordFilter {
    StopWordFilter::new(lang).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
}

fn extra_stop(words: &[&str]) -> StopWordFilter {
    StopWordFilter::remove(words.iter().map(|w| (*w).to_owned()))
}

/// Analyzes `text` into its terms (in order; compound parts follow their whole word).
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push(AnalyzedToken {
            term: t.text.clone(),
            position: t.position,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

/// One term of an analyzed text, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    pub term: String,
    pub position: usize,
    pub from: usize,
    pub to: usize,
}

/// Token filter that follows a compound with its parts, at the same position.
#[derive(Clone)]
struct CompoundFilter {
    dict: Dictionary,
}

impl TokenFilter for CompoundFilter {
    type Tokenizer<T: Tokenizer> = CompoundWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundWrapper<T> {
        CompoundWrapper {
            dict: self.dict,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
struct CompoundWrapper<T> {
    dict: Dictionary,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CompoundWrapper<T> {
    type TokenStream<'a> = CompoundStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundStream {
            dict: &self.dict,
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
            current: Token::default(),
        }
    }
}

struct CompoundStream<'a, T> {
    dict: &'a Dictionary,
    tail: T,
    /// Parts still to emit, in reverse order.
    pending: Vec<Token>,
    current: Token,
}

impl<T: TokenStream> TokenStream for CompoundStream<'_, T> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.pending.pop() {
            self.current = next;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        self.current = self.tail.token().clone();
        if let Some(parts) = self.dict.split(&self.current.text) {
            for part in parts.into_iter().rev() {
                let mut t = self.current.clone();
                t.text = part;
                self.pending.push(t);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        Dictionary::new(
            [
                "betaling",
                "achterstanden",
                "achterstand",
                "onroerende",
                "zaak",
                "belasting",
                "verkeer",
                "licht",
                "park",
                "eren",
            ]
            .map(String::from),
        )
    }

    fn texts(a: &mut TextAnalyzer, s: &str) -> Vec<String> {
        terms(a, s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn splits_compounds_with_linking_sounds() {
        let d = dict();
        assert_eq!(
            d.split("betalingsachterstanden"),
            Some(vec!["betaling".into(), "achterstanden".into()])
        );
        assert_eq!(
            d.split("onroerendezaakbelasting"),
            Some(vec!["onroerende".into(), "zaak".into(), "belasting".into()])
        );
        assert_eq!(
            d.split("verkeerslicht"),
            Some(vec!["verkeer".into(), "licht".into()])
        );
        assert_eq!(
            d.split("parkeren"),
            Some(vec!["park".into(), "eren".into()])
        );
        assert_eq!(d.split("gemeente"), None);
        assert_eq!(d.split("zaak"), None, "short words stay whole");
    }

    #[test]
    fn dutch_analyzer_keeps_the_whole_word_and_stems_the_parts() {
        let mut a = dutch(&dict());
        let t = texts(&mut a, "Hoe signaleren wij Betalingsachterstanden?");
        assert_eq!(t[0], "signaler");
        assert!(t.contains(&"betalingsachterstand".to_owned()), "{t:?}");
        assert!(t.contains(&"achterstand".to_owned()), "{t:?}");
        assert!(!t.iter().any(|w| w == "hoe" || w == "wij"), "{t:?}");
        let once = terms(&mut a, "betalingsachterstanden");
        assert!(
            once.iter().all(|t| t.position == 0),
            "parts share the position"
        );
    }

    #[test]
    fn english_analyzer_folds_and_stems() {
        let mut a = english();
        assert_eq!(
            texts(&mut a, "How do others handle Payment Arrears café"),
            vec!["handl", "payment", "arrear", "cafe"]
        );
    }

    #[test]
    fn dictionary_from_texts_needs_enough_documents() {
        let d = Dictionary::from_texts(["schuld en hulp", "Schuld", "hulp bij schuld"], 2);
        assert!(d.contains("schuld"));
        assert!(d.contains("hulp"));
        assert!(!d.contains("bij"), "stop words are left out");
        assert_eq!(d.len(), 2);
    }
}
