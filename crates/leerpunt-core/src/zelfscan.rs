//! The data-governance self-assessment ("zelfscan"): the instrument (a versioned data file, parsed
//! and checked here), answers and their validation, dimension scores, peer groups (kind of
//! organisation, and size band by population for municipalities), quartiles and the k-anonymity
//! threshold below which a group shows nothing.
//!
//! Pure functions only; the store keeps drafts and submissions, the web layer decides who sees what.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldError};
use crate::{Lang, OrgKind};

/// The instrument shipped with Leerpunt (version 1).
pub const INSTRUMENT_TOML: &str = include_str!("../instruments/zelfscan-v1.toml");

/// The lowest and highest answer level.
pub const MIN_LEVEL: u8 = 1;
pub const MAX_LEVEL: u8 = 5;

/// A peer group shows aggregates only when at least this many organisations are in it.
pub const MIN_GROUP: usize = 5;

/// How long a submission counts for the peer benchmark: an organisation's latest submission
/// within this many days before today.
pub const BENCHMARK_DAYS: i64 = 365;

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// One level of the answer scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleLevel {
    pub level: u8,
    pub nl: String,
    pub en: String,
}

/// A question of a dimension; answered with a level 1–5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Unique in the instrument; the form field is `q-{key}`.
    pub key: String,
    pub nl: String,
    pub en: String,
}

/// A dimension of the instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    pub key: String,
    pub nl: String,
    pub en: String,
    pub about_nl: String,
    pub about_en: String,
    /// Leerpunt theme keys (`vocab::THEMES`).
    pub themes: Vec<String>,
    /// Glossary term keys (`Term::key` of the search crate's glossary).
    pub terms: Vec<String>,
    /// What each of the five levels looks like in this dimension.
    pub levels_nl: Vec<String>,
    pub levels_en: Vec<String>,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
    #[serde(rename = "recommendation")]
    pub recommendations: Vec<Text>,
}

impl Dimension {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    pub fn about(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.about_nl,
            Lang::En => &self.about_en,
        }
    }

    /// The description of `level` (1–5) in this dimension.
    pub fn level_text(&self, level: u8, lang: Lang) -> &str {
        let list = match lang {
            Lang::Nl => &self.levels_nl,
            Lang::En => &self.levels_en,
        };
        usize::from(level)
            .checked_sub(1)
            .and_then(|i| list.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// The instrument: a version, the scale and the dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    pub version: u32,
    pub title_nl: String,
    pub title_en: String,
    pub scale: Vec<ScaleLevel>,
    #[serde(rename = "dimension")]
    pub dimensions: Vec<Dimension>,
}

impl Instrument {
    /// The instrument shipped with Leerpunt, parsed and checked.
    pub fn builtin() -> Result<Self, CoreError> {
        Self::parse(INSTRUMENT_TOML)
    }

    /// Parses and checks an instrument file.
    pub fn parse(text: &str) -> Result<Self, CoreError> {
        let instrument: Instrument = toml::from_str(text)
            .map_err(|e| CoreError::invalid("instrument", format!("unreadable: {e}")))?;
        instrument.validate()?;
        Ok(instrument)
    }

    /// Every rule an instrument must meet: 7–9 dimensions of 4–6 questions, unique keys, five
    /// levels described in both languages, at least one recommendation and one glossary term
    /// per dimension, known themes.
    pub fn validate(&self) -> Result<(), CoreError> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, message: String| errors.push(FieldError::new(field, message));
        if self.version == 0 {
            bad("version", "the version must be 1 or more".into());
        }
        let levels: Vec<u8> = self.scale.iter().map(|s| s.level).collect();
        if levels != [1, 2, 3, 4, 5] {
            bad(
                "scale",
                format!("the scale must have levels 1 to 5 in order, not {levels:?}"),
            );
        }
        for s in &self.scale {
            if s.nl.trim().is_empty() || s.en.trim().is_empty() {
                bad(
                    "scale",
                    format!("level {} needs a text in both languages", s.level),
                );
            }
        }
        if !(7..=9).contains(&self.dimensions.len()) {
            bad(
                "dimension",
                format!("7 to 9 dimensions, not {}", self.dimensions.len()),
            );
        }
        let mut dims = BTreeSet::new();
        let mut questions = BTreeSet::new();
        for d in &self.dimensions {
            let at = format!("dimension {}", d.key);
            if d.key.is_empty() || !dims.insert(d.key.as_str()) {
                bad("dimension", format!("{at}: missing or repeated key"));
            }
            for (what, t) in [
                ("nl", &d.nl),
                ("en", &d.en),
                ("about_nl", &d.about_nl),
                ("about_en", &d.about_en),
            ] {
                if t.trim().is_empty() {
                    bad("dimension", format!("{at}: {what} is empty"));
                }
            }
            if !(4..=6).contains(&d.questions.len()) {
                bad(
                    "dimension",
                    format!("{at}: 4 to 6 questions, not {}", d.questions.len()),
                );
            }
            for l in [&d.levels_nl, &d.levels_en] {
                if l.len() != 5 || l.iter().any(|t| t.trim().is_empty()) {
                    bad(
                        "dimension",
                        format!("{at}: five level descriptions in each language"),
                    );
                }
            }
            if d.recommendations.is_empty()
                || d.recommendations
                    .iter()
                    .any(|r| r.nl.trim().is_empty() || r.en.trim().is_empty())
            {
                bad(
                    "dimension",
                    format!("{at}: recommendations in both languages"),
                );
            }
            if d.terms.is_empty() {
                bad("dimension", format!("{at}: at least one glossary term"));
            }
            for t in &d.themes {
                if crate::vocab::theme(t).is_none() {
                    bad("dimension", format!("{at}: unknown theme {t:?}"));
                }
            }
            for q in &d.questions {
                if q.key.is_empty() || !questions.insert(q.key.as_str()) {
                    bad(
                        "question",
                        format!("{at}: missing or repeated question key {:?}", q.key),
                    );
                }
                if q.nl.trim().is_empty() || q.en.trim().is_empty() {
                    bad(
                        "question",
                        format!("{at}: question {} needs both languages", q.key),
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(errors))
        }
    }

    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.title_nl,
            Lang::En => &self.title_en,
        }
    }

    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.dimensions.iter().flat_map(|d| d.questions.iter())
    }

    /// Whether a question key belongs to the instrument.
    pub fn has_question(&self, key: &str) -> bool {
        self.questions().any(|q| q.key == key)
    }

    /// The scale level's text.
    pub fn scale_text(&self, level: u8, lang: Lang) -> &str {
        self.scale
            .iter()
            .find(|s| s.level == level)
            .map(|s| {
                if lang == Lang::En {
                    s.en.as_str()
                } else {
                    s.nl.as_str()
                }
            })
            .unwrap_or("")
    }
}

/// Answers: question key → level 1–5.
pub type Answers = BTreeMap<String, u8>;

/// Reads the answers of a form or JSON body: pairs of question key and level. Unknown
/// questions and levels that are not a whole number 1–5 are refused, each with its field
/// (`q-{key}`); an empty value means "not answered yet".
pub fn parse_answers<'a>(
    instrument: &Instrument,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Answers, CoreError> {
    let mut out = Answers::new();
    let mut errors = Vec::new();
    for (key, value) in pairs {
        let field = format!("q-{key}");
        if !instrument.has_question(key) {
            errors.push(FieldError::new(field, "msg-zelfscan-unknown-question"));
            continue;
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match value.parse::<u8>() {
            Ok(level) if (MIN_LEVEL..=MAX_LEVEL).contains(&level) => {
                out.insert(key.to_owned(), level);
            }
            _ => errors.push(FieldError::new(field, "msg-zelfscan-level")),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks stored or given answers against the instrument (known questions, levels in range).
pub fn check_answers(instrument: &Instrument, answers: &Answers) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    for (key, level) in answers {
        if !instrument.has_question(key) {
            errors.push(FieldError::new(
                format!("q-{key}"),
                format!("unknown question {key:?}"),
            ));
        } else if !(MIN_LEVEL..=MAX_LEVEL).contains(level) {
            errors.push(FieldError::new(format!("q-{key}"), "msg-zelfscan-level"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// The questions not answered yet, in the instrument's order.
pub fn missing<'a>(instrument: &'a Instrument, answers: &Answers) -> Vec<&'a str> {
    instrument
        .questions()
        .filter(|q| !answers.contains_key(&q.key))
        .map(|q| q.key.as_str())
        .collect()
}

/// Checks that a submission is complete and of the current instrument version.
pub fn check_submission(
    instrument: &Instrument,
    version: u32,
    answers: &Answers,
) -> Result<(), CoreError> {
    if version != instrument.version {
        return Err(CoreError::invalid("version", "msg-zelfscan-version"));
    }
    check_answers(instrument, answers)?;
    let open = missing(instrument, answers);
    if open.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(
            open.iter()
                .map(|k| FieldError::new(format!("q-{k}"), "msg-zelfscan-unanswered"))
                .collect(),
        ))
    }
}

/// The score of each dimension: the mean of its answered questions' levels (`None` when none
/// is answered), in the instrument's order.
pub fn scores(instrument: &Instrument, answers: &Answers) -> Vec<Option<f64>> {
    instrument
        .dimensions
        .iter()
        .map(|d| {
            let levels: Vec<f64> = d
                .questions
                .iter()
                .filter_map(|q| answers.get(&q.key))
                .map(|l| f64::from(*l))
                .collect();
            (!levels.is_empty()).then(|| levels.iter().sum::<f64>() / levels.len() as f64)
        })
        .collect()
}

/// The indexes of the `n` weakest scored dimensions, weakest first (ties: instrument order).
pub fn weakest(scores: &[Option<f64>], n: usize) -> Vec<usize> {
    let mut scored: Vec<(usize, f64)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    scored.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    scored.into_iter().take(n).map(|(i, _)| i).collect()
}

/// The first quartile, median and third quartile of a set of values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

/// Quartiles by linear interpolation between the sorted values (the method spreadsheets call
/// QUARTILE.INC): the p-quantile sits at position p·(n−1). `None` for no values.
pub fn quartiles(values: &[f64]) -> Option<Quartiles> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let pos = p * (v.len() - 1) as f64;
        let lo = pos.floor() as usize;
        let hi = pos.ceil() as usize;
        let (a, b) = (
            v.get(lo).copied().unwrap_or(0.0),
            v.get(hi).copied().unwrap_or(0.0),
        );
        a + (b - a) * (pos - lo as f64)
    };
    Some(Quartiles {
        q1: at(0.25),
        median: at(0.5),
        q3: at(0.75),
    })
}

/// The aggregates of a peer group: per dimension the quartiles of its members' scores, or
/// nothing when the group is smaller than [`MIN_GROUP`] (k-anonymity).
pub fn benchmark(
    members: &[Vec<Option<f64>>],
    dimensions: usize,
) -> Option<Vec<Option<Quartiles>>> {
    if members.len() < MIN_GROUP {
        return None;
    }
    Some(
        (0..dimensions)
            .map(|d| {
                let values: Vec<f64> = members
                    .iter()
                    .filter_map(|m| m.get(d).copied().flatten())
                    .collect();
                if values.len() < MIN_GROUP {
                    None
                } else {
                    quartiles(&values)
                }
            })
            .collect(),
    )
}

/// A municipality's size band by population; `Unknown` when the population is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum SizeBand {
    Under20k,
    From20kTo50k,
    From50kTo100k,
    Over100k,
    Unknown,
}

impl SizeBand {
    pub const ALL: &'static [SizeBand] = &[
        SizeBand::Under20k,
        SizeBand::From20kTo50k,
        SizeBand::From50kTo100k,
        SizeBand::Over100k,
        SizeBand::Unknown,
    ];

    /// The band of a population: below 20 000, 20 000–49 999, 50 000–99 999, 100 000 and more.
    pub fn of(population: Option<i64>) -> SizeBand {
        match population {
            None => SizeBand::Unknown,
            Some(p) if p < 20_000 => SizeBand::Under20k,
            Some(p) if p < 50_000 => SizeBand::From20kTo50k,
            Some(p) if p < 100_000 => SizeBand::From50kTo100k,
            Some(_) => SizeBand::Over100k,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            SizeBand::Under20k => "tot-20k",
            SizeBand::From20kTo50k => "20k-50k",
            SizeBand::From50kTo100k => "50k-100k",
            SizeBand::Over100k => "vanaf-100k",
            SizeBand::Unknown => "grootte-onbekend",
        }
    }

    pub fn parse(key: &str) -> Option<SizeBand> {
        SizeBand::ALL.iter().copied().find(|b| b.key() == key)
    }
}

/// The largest population accepted on an organisation's profile (no Dutch body comes close).
pub const MAX_POPULATION: i64 = 100_000_000;

/// Reads the population field of the organisation profile: empty is unknown.
pub fn parse_population(value: &str) -> Result<Option<i64>, CoreError> {
    let v = value.trim().replace(['.', ' ', '_'], "");
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<i64>() {
        Ok(n) if (0..=MAX_POPULATION).contains(&n) => Ok(Some(n)),
        _ => Err(CoreError::invalid(
            "population",
            "the population must be a whole number of inhabitants, or empty when unknown",
        )),
    }
}

/// A peer group: organisations of one kind, and for municipalities one size band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerGroup {
    pub kind: OrgKind,
    pub band: Option<SizeBand>,
}

impl PeerGroup {
    /// The group of an organisation.
    pub fn of(kind: OrgKind, population: Option<i64>) -> PeerGroup {
        PeerGroup {
            kind,
            band: (kind == OrgKind::Municipality).then(|| SizeBand::of(population)),
        }
    }

    /// The group's key in addresses: `water_board`, `municipality.grootte-onbekend`.
    pub fn key(&self) -> String {
        match self.band {
            Some(b) => format!("{}.{}", self.kind.key(), b.key()),
            None => self.kind.key().to_owned(),
        }
    }

    /// Parses a group key; a municipality needs a band, other kinds have none.
    pub fn parse(key: &str) -> Option<PeerGroup> {
        let (kind, band) = match key.split_once('.') {
            Some((k, b)) => (k, Some(SizeBand::parse(b)?)),
            None => (key, None),
        };
        let kind: OrgKind = kind.parse().ok()?;
        if (kind == OrgKind::Municipality) != band.is_some() {
            return None;
        }
        Some(PeerGroup { kind, band })
    }
}

/// Whether a date (`YYYY-MM-DD`) lies within [`BENCHMARK_DAYS`] before `today` (both as days
/// since an epoch).
pub fn counts_for_benchmark(submitted_day: i64, today: i64) -> bool {
    (0..=BENCHMARK_DAYS).contains(&(today - submitted_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instrument() -> Instrument {
        match Instrument::builtin() {
            Ok(i) => i,
            Err(e) => unreachable!("the shipped instrument is invalid: {e}"),
        }
    }

    #[test]
    fn the_shipped_instrument_is_valid_and_complete() {
        let i = instrument();
        assert_eq!(i.version, 1);
        assert_eq!(i.dimensions.len(), 8);
        for d in &i.dimensions {
            assert!((4..=6).contains(&d.questions.len()), "{}", d.key);
            assert_eq!(d.levels_nl.len(), 5);
            assert!(!d.level_text(5, Lang::En).is_empty());
            assert_eq!(d.level_text(0, Lang::Nl), "");
        }
        assert_eq!(
            i.scale_text(3, Lang::Nl).split(':').next(),
            Some("Vastgelegd")
        );
        let header: Vec<&str> = INSTRUMENT_TOML.lines().take(25).collect();
        let header = header.join("\n");
        for model in ["DAMA-DMBOK", "CMMI", "NORA", "Open Data Maturity"] {
            assert!(header.contains(model), "the header names {model}");
        }
    }

    #[test]
    fn a_broken_instrument_is_refused_with_its_reasons() {
        let text = INSTRUMENT_TOML.replacen("level = 3", "level = 7", 1);
        let Err(CoreError::Invalid(errors)) = Instrument::parse(&text) else {
            unreachable!("accepted a scale without level 3");
        };
        assert!(errors.iter().any(|e| e.field == "scale"));
        let text =
            INSTRUMENT_TOML.replacen("key = \"rollen-steward\"", "key = \"rollen-eigenaar\"", 1);
        assert!(Instrument::parse(&text).is_err(), "a repeated question key");
        assert!(Instrument::parse("version = 1").is_err());
    }

    #[test]
    fn answers_are_whole_levels_of_known_questions() {
        let i = instrument();
        let ok = parse_answers(
            &i,
            [
                ("strategie-visie", "3"),
                ("rollen-steward", " 5 "),
                ("wet-dpia", ""),
            ],
        );
        assert_eq!(
            ok,
            Ok(Answers::from([
                ("strategie-visie".into(), 3),
                ("rollen-steward".into(), 5)
            ]))
        );
        for bad in ["0", "6", "x", "2.5", "-1"] {
            let Err(CoreError::Invalid(e)) = parse_answers(&i, [("strategie-visie", bad)]) else {
                unreachable!("accepted {bad:?}");
            };
            assert_eq!(e[0].field, "q-strategie-visie");
        }
        let Err(CoreError::Invalid(e)) = parse_answers(&i, [("bestaat-niet", "3")]) else {
            unreachable!("accepted an unknown question");
        };
        assert_eq!(e[0].message, "msg-zelfscan-unknown-question");
        assert!(check_answers(&i, &Answers::from([("wet-dpia".into(), 9)])).is_err());
    }

    #[test]
    fn a_submission_needs_every_answer_and_the_current_version() {
        let i = instrument();
        let all: Answers = i.questions().map(|q| (q.key.clone(), 4)).collect();
        assert_eq!(check_submission(&i, 1, &all), Ok(()));
        let Err(CoreError::Invalid(e)) = check_submission(&i, 2, &all) else {
            unreachable!("accepted version 2");
        };
        assert_eq!(e[0].field, "version");
        let mut partial = all.clone();
        partial.remove("openheid-woo");
        let Err(CoreError::Invalid(e)) = check_submission(&i, 1, &partial) else {
            unreachable!("accepted a partial submission");
        };
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "q-openheid-woo");
        assert_eq!(missing(&i, &partial), ["openheid-woo"]);
    }

    #[test]
    fn a_dimension_scores_the_mean_of_its_answered_levels() {
        let i = instrument();
        let mut a = Answers::new();
        a.insert("strategie-visie".into(), 1);
        a.insert("strategie-eigenaar".into(), 2);
        a.insert("strategie-doelen".into(), 4);
        a.insert("strategie-middelen".into(), 5);
        a.insert("kwaliteit-eisen".into(), 3);
        let s = scores(&i, &a);
        assert_eq!(s[0], Some(3.0));
        assert_eq!(s[1], None);
        assert_eq!(s[2], Some(3.0));
        assert_eq!(weakest(&s, 2), [0, 2], "ties keep the instrument's order");
        let s = [Some(4.0), Some(1.5), None, Some(2.0)];
        assert_eq!(weakest(&s, 2), [1, 3]);
    }

    #[test]
    fn quartiles_interpolate_between_sorted_values() {
        assert_eq!(quartiles(&[]), None);
        assert_eq!(
            quartiles(&[3.0]),
            Some(Quartiles {
                q1: 3.0,
                median: 3.0,
                q3: 3.0
            })
        );
        assert_eq!(
            quartiles(&[5.0, 1.0, 3.0, 2.0, 4.0]),
            Some(Quartiles {
                q1: 2.0,
                median: 3.0,
                q3: 4.0
            })
        );
        assert_eq!(
            quartiles(&[1.0, 2.0, 3.0, 4.0]),
            Some(Quartiles {
                q1: 1.75,
                median: 2.5,
                q3: 3.25
            })
        );
    }

    #[test]
    fn a_group_of_four_shows_nothing_and_a_group_of_five_shows_its_quartiles() {
        let member = |x: f64| vec![Some(x), None];
        let four: Vec<_> = [1.0, 2.0, 3.0, 4.0].into_iter().map(member).collect();
        assert_eq!(benchmark(&four, 2), None);
        let five: Vec<_> = [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().map(member).collect();
        let b = benchmark(&five, 2).unwrap_or_default();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].map(|q| q.median), Some(3.0));
        assert_eq!(
            b[1], None,
            "a dimension fewer than five answered shows nothing either"
        );
    }

    #[test]
    fn size_bands_and_peer_groups() {
        assert_eq!(SizeBand::of(None), SizeBand::Unknown);
        assert_eq!(SizeBand::of(Some(19_999)), SizeBand::Under20k);
        assert_eq!(SizeBand::of(Some(20_000)), SizeBand::From20kTo50k);
        assert_eq!(SizeBand::of(Some(99_999)), SizeBand::From50kTo100k);
        assert_eq!(SizeBand::of(Some(100_000)), SizeBand::Over100k);
        let g = PeerGroup::of(OrgKind::Municipality, None);
        assert_eq!(g.key(), "municipality.grootte-onbekend");
        assert_eq!(PeerGroup::parse(&g.key()), Some(g));
        let w = PeerGroup::of(OrgKind::WaterBoard, Some(1_000_000));
        assert_eq!(w.band, None, "only municipalities have size bands");
        assert_eq!(PeerGroup::parse("water_board"), Some(w));
        assert_eq!(PeerGroup::parse("municipality"), None);
        assert_eq!(PeerGroup::parse("water_board.tot-20k"), None);
        assert_eq!(PeerGroup::parse("gemeente"), None);
        assert_eq!(parse_population(""), Ok(None));
        assert_eq!(parse_population("45.210"), Ok(Some(45_210)));
        assert!(parse_population("veel").is_err());
        assert!(parse_population("-3").is_err());
    }

    #[test]
    fn the_benchmark_window_is_a_year() {
        assert!(counts_for_benchmark(100, 100));
        assert!(counts_for_benchmark(100, 465));
        assert!(!counts_for_benchmark(100, 466));
        assert!(!counts_for_benchmark(101, 100), "not from the future");
    }
}
