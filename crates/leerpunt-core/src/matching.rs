//! Matchmaking: from the practices and people a question found to who to talk to, and why.
//!
//! Search supplies candidates with a relevance score and the question's words each one shares.
//! This module ranks them for the asking organisation (a small lift for the same kind of
//! organisation and the same province — relevance stays first), groups practices into the
//! organisations that run them, and gives every result its reasons as short sentences: the
//! question's words it shares, those it covers in other words (through the glossary, or in
//! meaning), the lifts it got, and what a civil servant can learn from it (in daily use, lessons
//! written down).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{Lang, OrgKind, PracticeStatus};
use crate::vocab;
use crate::zelfscan::SizeBand;

/// Lift for a practice of the same kind of organisation as the asker.
const SAME_KIND_LIFT: f32 = 0.10;
/// Lift for a practice in the asker's province.
const SAME_PROVINCE_LIFT: f32 = 0.05;
/// Lift for a practice of a municipality of the asker's size (by population band): it met
/// problems of the same scale, with an organisation of the same size.
const SAME_SIZE_LIFT: f32 = 0.05;

/// Weights of an organisation's best, second and third practice in its score.
const ORG_WEIGHTS: [f32; 3] = [1.0, 0.5, 0.25];
/// A theme is the question's theme when this many of the top hits carry it.
const THEME_QUORUM: usize = 2;
const THEME_WINDOW: usize = 10;
/// At most this many "you asked about …; this practice says …" reasons per practice.
const REPHRASED_REASONS: usize = 2;
/// The share of a question (by the rarity-weighted words its title and lead share, see
/// `PracticeCandidate::coverage`) the first practice must cover for Leerpunt to present it as
/// an answer; below it the page says no practice answers closely and offers the help desk.
/// Set on the repository's development set (`eval/confidence.py`, a grid 0.3–0.8): the fewest
/// first results labelled wrongly (confident but wrong, or good but called weak), ties going
/// to fewer confident wrong ones.
pub const CLOSE_COVERAGE: f32 = 0.4;
/// The closeness in meaning (`PracticeCandidate::closeness`: how far the cosine of the
/// question's and the practice's sentence embeddings stands above the question's mean cosine
/// with all practices) at which the first practice counts as an answer even when it shares few
/// of the question's words: it says the same in other words or in the other language. Set on the
/// same set (grid 0.05–0.10) as the lowest bar with no confident wrong first result: a wrong
/// answer presented as one costs the asker more than a right one called weak (at 0.06 the set
/// has 2 confident wrong and 3 lost, at 0.075 none and 10 lost). The raw cosine would not do: it
/// runs about 0.05 lower when question and practice are in different languages, so one bar
/// would call every English question weak or every Dutch one close.
pub const CLOSE_MEANING: f32 = 0.075;
/// How close in meaning (as [`CLOSE_MEANING`]) a practice must be for "you asked about …; this
/// practice covers it in other words …" to name the question's words it does not share.
const SAME_MEANING_REASON: f32 = 0.06;

/// The organisation asking, if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asker {
    pub code: String,
    pub kind: OrgKind,
    pub province: Option<String>,
    /// For a municipality whose population is known: its size band and the other
    /// municipalities in it.
    pub size: Option<SizePeers>,
}

/// The organisations of the asker's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizePeers {
    pub band: SizeBand,
    pub codes: BTreeSet<String>,
}

impl SizePeers {
    /// The size band of municipality `code` and the other municipalities in it, from the
    /// populations known (`(code, population)`); `None` when `code`'s population is unknown.
    pub fn of(code: &str, populations: &[(String, i64)]) -> Option<SizePeers> {
        let own = populations.iter().find(|(c, _)| c == code)?.1;
        let band = SizeBand::of(Some(own));
        Some(SizePeers {
            band,
            codes: populations
                .iter()
                .filter(|(c, p)| c != code && SizeBand::of(Some(*p)) == band)
                .map(|(c, _)| c.clone())
                .collect(),
        })
    }
}

/// A practice the question found.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeCandidate {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub source_id: Option<String>,
    pub snippet: crate::snippet::Snippet,
    pub score: f32,
    pub org_code: String,
    pub org_name: String,
    pub org_kind: Option<OrgKind>,
    pub province: Option<String>,
    pub themes: Vec<String>,
    /// The question's words it shares.
    pub matched: Vec<String>,
    /// The share of the question it covers, 0–1: the rarity-weighted share of the question's
    /// words (or their translations and synonyms) found in its title and lead.
    pub coverage: f32,
    /// The question's words it does not share, as typed.
    pub missed: Vec<String>,
    /// (the question's words, the wording it uses instead) where it shares a concept only in
    /// other words: a synonym or a translation from the glossary.
    pub rephrased: Vec<(String, String)>,
    /// How much closer in meaning to the question it is than the average practice (the cosine
    /// of their sentence embeddings minus the question's mean cosine with all practices), when
    /// the search went by meaning.
    pub closeness: Option<f32>,
    /// How far the practice has come, when known.
    pub status: Option<PracticeStatus>,
    /// Whether it writes down the lessons it learned.
    pub lessons: bool,
}

/// A person the question found.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonCandidate {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub org_code: Option<String>,
    pub org_name: Option<String>,
    pub score: f32,
    pub matched: Vec<String>,
}

/// Why something was matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Shares these words of the question.
    SharedTerms(Vec<String>),
    /// It speaks of what the question asked in other words (a synonym or translation).
    Rephrased { asked: String, found: String },
    /// It is close to the question in meaning though it does not share these of its words:
    /// `found` is what the practice calls itself.
    SameMeaning { asked: String, found: String },
    /// It is in daily use.
    InUse,
    /// It shares the lessons it learned.
    Lessons,
    /// Has this theme, which the best matches share.
    Theme(String),
    /// Same kind of organisation as the asker.
    SameKind(OrgKind),
    /// In the asker's province (PV code).
    SameProvince(String),
    /// A municipality of the asker's size.
    SameSize(SizeBand),
    /// It is the asker's own work.
    OwnOrganisation,
    /// An organisation with this many matching practices (and the best one's title).
    Practices { count: usize, best: String },
    /// A person working at an organisation that runs a matching practice.
    WorksOnMatch { org: String },
}

impl Reason {
    /// The reason as a short sentence.
    pub fn text(&self, lang: Lang) -> String {
        let (nl, en) = match self {
            Reason::SharedTerms(words) => {
                let list = words.join(", ");
                (
                    format!("Zelfde onderwerp: {list}"),
                    format!("Same topic: {list}"),
                )
            }
            Reason::Rephrased { asked, found } => (
                format!("Je vroeg naar ‘{asked}’; deze praktijk spreekt van ‘{found}’"),
                format!("You asked about ‘{asked}’; this practice says ‘{found}’"),
            ),
            Reason::SameMeaning { asked, found } => (
                format!("Je vroeg naar ‘{asked}’; deze praktijk gaat daarover in andere woorden: ‘{found}’"),
                format!("You asked about ‘{asked}’; this practice covers it in other words: ‘{found}’"),
            ),
            Reason::InUse => (
                "Al in gebruik: de makers weten wat het vraagt".to_owned(),
                "Already in use: its makers know what it takes".to_owned(),
            ),
            Reason::Lessons => (
                "Deelt de lessen die het leerde".to_owned(),
                "Shares the lessons it learned".to_owned(),
            ),
            Reason::Theme(key) => {
                let (nl, en) = vocab::theme(key).map_or((key.as_str(), key.as_str()), |t| (t.nl, t.en));
                (format!("Thema: {nl}"), format!("Theme: {en}"))
            }
            Reason::SameKind(kind) => (
                format!("Zelfde soort organisatie ({})", kind_label(*kind, Lang::Nl)),
                format!("Same kind of organisation ({})", kind_label(*kind, Lang::En)),
            ),
            Reason::SameProvince(code) => {
                let name = province_name(code).unwrap_or(code.as_str());
                (
                    format!("Dichtbij: ook in {name}"),
                    format!("Nearby: also in {name}"),
                )
            }
            Reason::SameSize(band) => {
                let (nl, en) = match band {
                    SizeBand::Under20k => ("minder dan 20.000", "fewer than 20,000"),
                    SizeBand::From20kTo50k => ("20.000 tot 50.000", "20,000 to 50,000"),
                    SizeBand::From50kTo100k => ("50.000 tot 100.000", "50,000 to 100,000"),
                    SizeBand::Over100k => ("100.000 of meer", "100,000 or more"),
                    SizeBand::Unknown => ("onbekend aantal", "an unknown number of"),
                };
                (
                    format!("Even groot: ook {nl} inwoners"),
                    format!("The same size: also {en} inhabitants"),
                )
            }
            Reason::OwnOrganisation => (
                "Van uw eigen organisatie".to_owned(),
                "From your own organisation".to_owned(),
            ),
            Reason::Practices { count: 1, best } => (
                format!("Eén vergelijkbare praktijk: {best}"),
                format!("One similar practice: {best}"),
            ),
            Reason::Practices { count, best } => (
                format!("{count} vergelijkbare praktijken, zoals {best}"),
                format!("{count} similar practices, such as {best}"),
            ),
            Reason::WorksOnMatch { org } => (
                format!("Werkt bij {org}, dat hieraan werkt"),
                format!("Works at {org}, which works on this"),
            ),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// Names of the twelve provinces by their register code.
pub const PROVINCES: &[(&str, &str)] = &[
    ("PV20", "Groningen"),
    ("PV21", "Fryslân"),
    ("PV22", "Drenthe"),
    ("PV23", "Overijssel"),
    ("PV24", "Flevoland"),
    ("PV25", "Gelderland"),
    ("PV26", "Utrecht"),
    ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"),
    ("PV29", "Zeeland"),
    ("PV30", "Noord-Brabant"),
    ("PV31", "Limburg"),
];

/// The name of a province by its code.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

fn kind_label(kind: OrgKind, lang: Lang) -> &'static str {
    let nl = lang == Lang::Nl;
    match kind {
        OrgKind::Ministry => {
            if nl {
                "ministerie"
            } else {
                "ministry"
            }
        }
        OrgKind::Province => {
            if nl {
                "provincie"
            } else {
                "province"
            }
        }
        OrgKind::Municipality => {
            if nl {
                "gemeente"
            } else {
                "municipality"
            }
        }
        OrgKind::WaterBoard => {
            if nl {
                "waterschap"
            } else {
                "water board"
            }
        }
        OrgKind::Agency => {
            if nl {
                "uitvoeringsorganisatie"
            } else {
                "agency"
            }
        }
        OrgKind::EnvironmentalService => {
            if nl {
                "omgevingsdienst"
            } else {
                "environmental service"
            }
        }
        OrgKind::SafetyRegion => {
            if nl {
                "veiligheidsregio"
            } else {
                "safety region"
            }
        }
        OrgKind::Other => {
            if nl {
                "overig"
            } else {
                "other"
            }
        }
    }
}

/// A ranked practice with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedPractice {
    pub practice: PracticeCandidate,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// An organisation that works on the question.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedOrganisation {
    pub code: String,
    pub name: String,
    pub kind: Option<OrgKind>,
    pub score: f32,
    /// Slugs and titles of its matching practices, best first.
    pub practices: Vec<(String, String)>,
    pub reasons: Vec<Reason>,
}

/// A person who knows about the question.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedPerson {
    pub person: PersonCandidate,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// What the living network already said about a question: a FAQ entry, an answered help-desk
/// question, a discussion topic or a community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Faq,
    Question,
    Topic,
    Community,
}

/// A FAQ entry, answered question, discussion or community the question found, with the words
/// it shares (its reasons).
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedEntry {
    pub kind: EntryKind,
    pub id: i64,
    /// Where it lives (`/faq/3`, `/helpdesk/vragen/7`, …).
    pub url: String,
    pub title: String,
    pub snippet: crate::snippet::Snippet,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// Everything a question matched.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matches {
    pub practices: Vec<MatchedPractice>,
    pub organisations: Vec<MatchedOrganisation>,
    pub people: Vec<MatchedPerson>,
    /// FAQ entries, answered questions, discussions and communities, best first.
    pub entries: Vec<MatchedEntry>,
    /// Whether the first practice answers the question closely: it covers at least
    /// [`CLOSE_COVERAGE`] of the question's words, or is at least [`CLOSE_MEANING`] close to it
    /// in meaning; `false` with no practice at all.
    pub close: bool,
    /// The question's words the first practice does not cover, as typed.
    pub missed: Vec<String>,
}

/// Ranks candidates for an asker and explains each result. `practices` must come ordered by
/// relevance; without an asker that order is kept.
pub fn rank(
    practices: Vec<PracticeCandidate>,
    people: Vec<PersonCandidate>,
    asker: Option<&Asker>,
    limit: usize,
) -> Matches {
    let themes = question_themes(&practices);
    let mut ranked: Vec<MatchedPractice> = practices
        .into_iter()
        .map(|p| {
            let mut reasons = Vec::new();
            if !p.matched.is_empty() {
                reasons.push(Reason::SharedTerms(p.matched.clone()));
            }
            for (asked, found) in p.rephrased.iter().take(REPHRASED_REASONS) {
                reasons.push(Reason::Rephrased {
                    asked: asked.clone(),
                    found: found.clone(),
                });
            }
            if !p.missed.is_empty() && p.closeness.is_some_and(|c| c >= SAME_MEANING_REASON) {
                reasons.push(Reason::SameMeaning {
                    asked: p.missed.join(" "),
                    found: p.title.clone(),
                });
            }
            for t in p.themes.iter().filter(|t| themes.contains(t)) {
                reasons.push(Reason::Theme(t.clone()));
            }
            let mut lift = 0.0;
            // Named, not lifted: a lift of 3 % for practices in use cost 0.013 nDCG@10 on the
            // repository's set (near ties went to practices judged less relevant).
            if p.status == Some(PracticeStatus::InUse) {
                reasons.push(Reason::InUse);
            }
            if p.lessons {
                reasons.push(Reason::Lessons);
            }
            if let Some(a) = asker {
                if a.code == p.org_code {
                    reasons.push(Reason::OwnOrganisation);
                } else {
                    if p.org_kind == Some(a.kind) {
                        lift += SAME_KIND_LIFT;
                        reasons.push(Reason::SameKind(a.kind));
                    }
                    if let (Some(mine), Some(theirs)) = (&a.province, &p.province) {
                        if mine == theirs {
                            lift += SAME_PROVINCE_LIFT;
                            reasons.push(Reason::SameProvince(theirs.clone()));
                        }
                    }
                    if let Some(size) = a.size.as_ref().filter(|s| s.codes.contains(&p.org_code)) {
                        lift += SAME_SIZE_LIFT;
                        reasons.push(Reason::SameSize(size.band));
                    }
                }
            }
            MatchedPractice {
                score: p.score * (1.0 + lift),
                practice: p,
                reasons,
            }
        })
        .collect();
    // A stable sort: equal scores keep the search order.
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));

    let organisations = organisations(&ranked, asker);
    let people = rank_people(people, &organisations);
    ranked.truncate(limit);
    let close = ranked.first().is_some_and(|p| {
        p.practice.coverage >= CLOSE_COVERAGE
            || p.practice.closeness.is_some_and(|c| c >= CLOSE_MEANING)
    });
    Matches {
        close,
        missed: ranked
            .first()
            .map(|p| p.practice.missed.clone())
            .unwrap_or_default(),
        practices: ranked,
        organisations: organisations.into_iter().take(limit.min(10)).collect(),
        people: people.into_iter().take(limit.min(10)).collect(),
        entries: Vec::new(),
    }
}

/// Themes carried by at least [`THEME_QUORUM`] of the best hits.
fn question_themes(practices: &[PracticeCandidate]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in practices.iter().take(THEME_WINDOW) {
        for t in &p.themes {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= THEME_QUORUM)
        .map(|(t, _)| t.to_owned())
        .collect()
}

fn organisations(ranked: &[MatchedPractice], asker: Option<&Asker>) -> Vec<MatchedOrganisation> {
    let mut by_org: Vec<MatchedOrganisation> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for m in ranked {
        let p = &m.practice;
        if asker.is_some_and(|a| a.code == p.org_code) {
            continue;
        }
        let i = *at.entry(p.org_code.as_str()).or_insert_with(|| {
            by_org.push(MatchedOrganisation {
                code: p.org_code.clone(),
                name: p.org_name.clone(),
                kind: p.org_kind,
                score: 0.0,
                practices: Vec::new(),
                reasons: Vec::new(),
            });
            by_org.len() - 1
        });
        let org = &mut by_org[i];
        if let Some(w) = ORG_WEIGHTS.get(org.practices.len()) {
            org.score += w * m.score;
        }
        org.practices.push((p.slug.clone(), p.title.clone()));
        for r in &m.reasons {
            if matches!(
                r,
                Reason::SameKind(_) | Reason::SameProvince(_) | Reason::SameSize(_)
            ) && !org.reasons.contains(r)
            {
                org.reasons.push(r.clone());
            }
        }
    }
    for org in &mut by_org {
        let best = org
            .practices
            .first()
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        org.reasons.insert(
            0,
            Reason::Practices {
                count: org.practices.len(),
                best,
            },
        );
    }
    by_org.sort_by(|a, b| b.score.total_cmp(&a.score));
    by_org
}

fn rank_people(people: Vec<PersonCandidate>, orgs: &[MatchedOrganisation]) -> Vec<MatchedPerson> {
    let top: HashMap<&str, (usize, &str)> = orgs
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, o)| (o.code.as_str(), (i, o.name.as_str())))
        .collect();
    let mut out: Vec<MatchedPerson> = people
        .into_iter()
        .map(|p| {
            let mut reasons = Vec::new();
            let mut score = p.score;
            if !p.matched.is_empty() {
                reasons.push(Reason::SharedTerms(p.matched.clone()));
            }
            if let Some((rank, name)) = p.org_code.as_deref().and_then(|c| top.get(c)) {
                score *= 1.5 - 0.04 * *rank as f32;
                reasons.push(Reason::WorksOnMatch {
                    org: (*name).to_owned(),
                });
            }
            MatchedPerson {
                person: p,
                score,
                reasons,
            }
        })
        .filter(|p| !p.reasons.is_empty())
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(
        id: i64,
        score: f32,
        org: &str,
        kind: OrgKind,
        province: Option<&str>,
    ) -> PracticeCandidate {
        PracticeCandidate {
            id,
            slug: format!("p{id}"),
            title: format!("Practice {id}"),
            source_id: None,
            snippet: crate::snippet::Snippet::default(),
            score,
            org_code: org.to_owned(),
            org_name: format!("Org {org}"),
            org_kind: Some(kind),
            province: province.map(str::to_owned),
            themes: vec!["schulden".to_owned()],
            matched: vec!["schulden".to_owned()],
            coverage: 1.0,
            missed: Vec::new(),
            rephrased: Vec::new(),
            closeness: None,
            status: None,
            lessons: false,
        }
    }

    #[test]
    fn without_an_asker_the_search_order_is_kept() {
        let m = rank(
            vec![
                cand(1, 3.0, "A", OrgKind::Agency, None),
                cand(2, 2.0, "B", OrgKind::Municipality, None),
                cand(3, 2.0, "C", OrgKind::Municipality, None),
            ],
            Vec::new(),
            None,
            10,
        );
        let ids: Vec<i64> = m.practices.iter().map(|p| p.practice.id).collect();
        assert_eq!(ids, vec![1, 2, 3]);
        assert!(m.practices[0]
            .reasons
            .contains(&Reason::SharedTerms(vec!["schulden".into()])));
        assert!(m.practices[0]
            .reasons
            .contains(&Reason::Theme("schulden".into())));
    }

    #[test]
    fn the_askers_kind_and_province_lift_close_calls_only() {
        let asker = Asker {
            code: "GM0344".into(),
            kind: OrgKind::Municipality,
            province: Some("PV26".into()),
            size: None,
        };
        let m = rank(
            vec![
                cand(1, 2.0, "A", OrgKind::Agency, None),
                cand(2, 1.9, "B", OrgKind::Municipality, Some("PV26")),
                cand(3, 1.0, "C", OrgKind::Municipality, Some("PV26")),
            ],
            Vec::new(),
            Some(&asker),
            10,
        );
        let ids: Vec<i64> = m.practices.iter().map(|p| p.practice.id).collect();
        assert_eq!(
            ids,
            vec![2, 1, 3],
            "a near tie goes to the nearby municipality"
        );
        let reasons: Vec<String> = m.practices[0]
            .reasons
            .iter()
            .map(|r| r.text(Lang::Nl))
            .collect();
        assert!(
            reasons.contains(&"Zelfde soort organisatie (gemeente)".to_owned()),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&"Dichtbij: ook in Utrecht".to_owned()),
            "{reasons:?}"
        );
    }

    #[test]
    fn practices_in_use_and_with_lessons_say_so_without_moving() {
        let mut in_use = cand(2, 1.98, "B", OrgKind::Agency, None);
        in_use.status = Some(PracticeStatus::InUse);
        let mut lessons = cand(3, 1.96, "C", OrgKind::Agency, None);
        lessons.status = Some(PracticeStatus::Stopped);
        lessons.lessons = true;
        let m = rank(
            vec![cand(1, 2.0, "A", OrgKind::Agency, None), in_use, lessons],
            Vec::new(),
            None,
            10,
        );
        let ids: Vec<i64> = m.practices.iter().map(|p| p.practice.id).collect();
        assert_eq!(ids, vec![1, 2, 3], "relevance decides");
        let texts = |i: usize| -> Vec<String> {
            m.practices[i]
                .reasons
                .iter()
                .map(|r| r.text(Lang::En))
                .collect()
        };
        assert!(texts(1).contains(&"Already in use: its makers know what it takes".to_owned()));
        assert!(texts(2).contains(&"Shares the lessons it learned".to_owned()));
        assert!(!texts(0)
            .iter()
            .any(|t| t.starts_with("Already") || t.starts_with("Shares")));
    }

    #[test]
    fn a_practice_close_in_meaning_names_the_words_it_covers_otherwise() {
        let mut close = cand(1, 2.0, "A", OrgKind::Municipality, None);
        close.title = "Risicomodel rechtmatigheid bijstand".into();
        close.missed = vec!["welfare".into(), "fraud".into()];
        close.coverage = 0.2;
        close.closeness = Some(0.09);
        let mut far = cand(2, 1.0, "B", OrgKind::Municipality, None);
        far.missed = vec!["welfare".into()];
        far.closeness = Some(0.03);
        let m = rank(vec![close, far], Vec::new(), None, 10);
        assert!(m.close, "close in meaning though few words are shared");
        assert!(m.practices[0].reasons.contains(&Reason::SameMeaning {
            asked: "welfare fraud".into(),
            found: "Risicomodel rechtmatigheid bijstand".into(),
        }));
        assert_eq!(
            m.practices[0].reasons[1].text(Lang::En),
            "You asked about ‘welfare fraud’; this practice covers it in other words: ‘Risicomodel rechtmatigheid bijstand’"
        );
        assert!(!m.practices[1]
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::SameMeaning { .. })));
        // Neither words nor meaning close enough: not presented as an answer.
        let mut weak = cand(3, 1.0, "C", OrgKind::Municipality, None);
        weak.coverage = 0.2;
        weak.closeness = Some(0.05);
        assert!(!rank(vec![weak], Vec::new(), None, 10).close);
    }

    #[test]
    fn a_municipality_of_the_askers_size_wins_a_near_tie() {
        let populations = vec![
            ("GM0001".to_owned(), 30_000),
            ("GM0002".to_owned(), 35_000),
            ("GM0003".to_owned(), 400_000),
        ];
        let size = SizePeers::of("GM0001", &populations).unwrap_or(SizePeers {
            band: SizeBand::Unknown,
            codes: BTreeSet::new(),
        });
        assert_eq!(size.band, SizeBand::From20kTo50k);
        assert_eq!(size.codes, BTreeSet::from(["GM0002".to_owned()]));
        assert_eq!(SizePeers::of("GM0009", &populations), None);
        let asker = Asker {
            code: "GM0001".into(),
            kind: OrgKind::Municipality,
            province: None,
            size: Some(size),
        };
        let m = rank(
            vec![
                cand(3, 2.0, "GM0003", OrgKind::Municipality, None),
                cand(2, 1.95, "GM0002", OrgKind::Municipality, None),
                cand(4, 1.0, "GM0002", OrgKind::Municipality, None),
            ],
            Vec::new(),
            Some(&asker),
            10,
        );
        let ids: Vec<i64> = m.practices.iter().map(|p| p.practice.id).collect();
        assert_eq!(
            ids,
            vec![2, 3, 4],
            "the near tie goes to the municipality of the same size"
        );
        assert!(m.practices[0]
            .reasons
            .contains(&Reason::SameSize(SizeBand::From20kTo50k)));
        assert_eq!(
            Reason::SameSize(SizeBand::From20kTo50k).text(Lang::Nl),
            "Even groot: ook 20.000 tot 50.000 inwoners"
        );
        assert!(!m.practices[1]
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::SameSize(_))));
        assert!(m.organisations[0]
            .reasons
            .contains(&Reason::SameSize(SizeBand::From20kTo50k)));
    }

    #[test]
    fn organisations_aggregate_their_practices_and_people_follow_them() {
        let m = rank(
            vec![
                cand(1, 3.0, "A", OrgKind::Agency, None),
                cand(2, 2.5, "B", OrgKind::Municipality, None),
                cand(3, 2.4, "B", OrgKind::Municipality, None),
            ],
            vec![PersonCandidate {
                id: 7,
                name: "Sam".into(),
                role: "data-analist".into(),
                org_code: Some("B".into()),
                org_name: Some("Org B".into()),
                score: 0.5,
                matched: Vec::new(),
            }],
            None,
            10,
        );
        assert_eq!(m.organisations[0].code, "B", "two good practices beat one");
        assert_eq!(m.organisations[0].practices.len(), 2);
        assert_eq!(
            m.organisations[0].reasons[0].text(Lang::En),
            "2 similar practices, such as Practice 2"
        );
        assert_eq!(m.people.len(), 1);
        assert_eq!(
            m.people[0].reasons[0].text(Lang::Nl),
            "Werkt bij Org B, dat hieraan werkt"
        );
    }
}
