//! The self-assessment's use cases: the instrument, an organisation's form (draft, save, submit),
//! its result with the peer benchmark and the recommendations, the choice to make it public, and
//! a peer group's aggregates.
//!
//! Who sees what is decided here, once: an organisation's scores only when it made its result
//! public, or for its editors, brokers and admins (anyone else gets a 404); a peer group only as
//! quartiles, and only when at least `MIN_GROUP` organisations are in it.

use std::sync::LazyLock;

use leerpunt_core::access::{Action, Target};
use leerpunt_core::helpdesk::FaqEntry;
use leerpunt_core::stepplan::Phase;
use leerpunt_core::zelfscan::{self, Answers, Instrument, PeerGroup, Quartiles};
use leerpunt_core::{CoreError, Organisation, Person, Practice};
use leerpunt_search::glossary::Glossary;
use leerpunt_store::{
    days_before_today, Assessment, LatestSubmission, PracticeFilter, ZelfscanSettings,
};

use super::Caller;
use crate::error::AppError;
use crate::AppState;

static INSTRUMENT: LazyLock<Result<Instrument, CoreError>> = LazyLock::new(Instrument::builtin);
static GLOSSARY: LazyLock<Result<Glossary, String>> = LazyLock::new(Glossary::builtin);

/// The current instrument (parsed and checked once; `router` checks it at start).
pub fn instrument() -> Result<&'static Instrument, AppError> {
    INSTRUMENT
        .as_ref()
        .map_err(|e| AppError::Internal(format!("self-assessment instrument: {e}")))
}

/// How many recommendations of each kind a weak dimension shows.
const PER_KIND: usize = 3;

/// A dimension score counts as high from this level on (for "organisations that do well").
const HIGH: f64 = 4.0;

/// The organisation a self-assessment address names, and whether the caller may see its
/// results: public ones for everyone, otherwise its editors, brokers and admins; others get a
/// 404, so a private result does not reveal itself.
async fn visible(
    app: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<(Organisation, ZelfscanSettings, bool), AppError> {
    let org = app.store.organisation(code).await?;
    let settings = app.store.zelfscan_settings(&org.code).await?;
    let insider = caller.can(Action::ViewSelfAssessment, Target::Organisation(org.id));
    if !(settings.public || insider) {
        return Err(AppError::NotFound(format!("self-assessment of {code}")));
    }
    Ok((org, settings, insider))
}

/// The aggregates of a peer group.
#[derive(Debug, Clone)]
pub struct GroupBenchmark {
    pub group: PeerGroup,
    /// How many organisations are in it; `None` when too few to compare (not even the count
    /// is shown then).
    pub size: Option<usize>,
    /// Per dimension (instrument order); empty when too few to compare.
    pub dimensions: Vec<Option<Quartiles>>,
}

impl GroupBenchmark {
    pub fn too_few(&self) -> bool {
        self.size.is_none()
    }
}

/// The latest submissions that count for the benchmark (within the last year).
async fn latest(app: &AppState) -> Result<Vec<LatestSubmission>, AppError> {
    Ok(app
        .store
        .zelfscan_latest(&days_before_today(zelfscan::BENCHMARK_DAYS))
        .await?)
}

fn group_of(s: &LatestSubmission) -> PeerGroup {
    PeerGroup::of(s.kind, s.population)
}

fn benchmark_of(
    instrument: &Instrument,
    group: PeerGroup,
    all: &[LatestSubmission],
) -> GroupBenchmark {
    let members: Vec<Vec<Option<f64>>> = all
        .iter()
        .filter(|s| group_of(s) == group)
        .map(|s| zelfscan::scores(instrument, &s.answers))
        .collect();
    match zelfscan::benchmark(&members, instrument.dimensions.len()) {
        Some(dimensions) => GroupBenchmark {
            group,
            size: Some(members.len()),
            dimensions,
        },
        None => GroupBenchmark {
            group,
            size: None,
            dimensions: Vec::new(),
        },
    }
}

/// A peer group's aggregates (anyone may ask: they are quartiles of at least five).
pub async fn group_benchmark(app: &AppState, key: &str) -> Result<GroupBenchmark, AppError> {
    let group =
        PeerGroup::parse(key).ok_or_else(|| AppError::NotFound(format!("peer group {key:?}")))?;
    let instrument = instrument()?;
    Ok(benchmark_of(instrument, group, &latest(app).await?))
}

/// The overview: every peer group that has submissions, with whether it shows, and the
/// organisations whose result is public.
#[derive(Debug, Clone)]
pub struct Overview {
    pub groups: Vec<GroupBenchmark>,
    pub public: Vec<Organisation>,
    /// The organisations the caller fills the assessment in for.
    pub own: Vec<Organisation>,
}

pub async fn overview(app: &AppState, caller: &Caller) -> Result<Overview, AppError> {
    let instrument = instrument()?;
    let all = latest(app).await?;
    let mut keys: Vec<PeerGroup> = all.iter().map(group_of).collect();
    keys.sort();
    keys.dedup();
    let groups = keys
        .into_iter()
        .map(|g| benchmark_of(instrument, g, &all))
        .collect();
    let mut public = Vec::new();
    for s in all.iter().filter(|s| s.public) {
        public.push(app.store.organisation(&s.code).await?);
    }
    let own = if caller.actor.editor_of.is_empty() {
        Vec::new()
    } else {
        super::catalogue::asking_organisations(app)
            .await?
            .into_iter()
            .filter(|o| caller.can(Action::FillInSelfAssessment, Target::Organisation(o.id)))
            .collect()
    };
    Ok(Overview {
        groups,
        public,
        own,
    })
}

/// What the form of an organisation shows.
#[derive(Debug, Clone)]
pub struct FormPage {
    pub org: Organisation,
    pub draft: Option<Assessment>,
    pub settings: ZelfscanSettings,
    pub submissions: usize,
}

/// The form, for those who fill it in.
pub async fn form(app: &AppState, caller: &Caller, code: &str) -> Result<FormPage, AppError> {
    let org = app.store.organisation(code).await?;
    caller.require(Action::FillInSelfAssessment, Target::Organisation(org.id))?;
    Ok(FormPage {
        draft: app.store.zelfscan_draft(&org.code).await?,
        settings: app.store.zelfscan_settings(&org.code).await?,
        submissions: app.store.zelfscan_submissions(&org.code).await?.len(),
        org,
    })
}

/// Reads answers given as (question key, level) pairs.
pub fn read_answers<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Answers, AppError> {
    Ok(zelfscan::parse_answers(instrument()?, pairs)?)
}

/// Saves answers into the organisation's draft.
pub async fn save(
    app: &AppState,
    caller: &Caller,
    code: &str,
    answers: &Answers,
) -> Result<Assessment, AppError> {
    let org = app.store.organisation(code).await?;
    caller.require(Action::FillInSelfAssessment, Target::Organisation(org.id))?;
    Ok(app
        .store
        .save_zelfscan_draft(&org.code, instrument()?, answers, &caller.origin())
        .await?)
}

/// Submits the draft with the answers given now, for instrument version `version`.
pub async fn submit(
    app: &AppState,
    caller: &Caller,
    code: &str,
    version: u32,
    answers: &Answers,
) -> Result<Assessment, AppError> {
    let org = app.store.organisation(code).await?;
    caller.require(Action::FillInSelfAssessment, Target::Organisation(org.id))?;
    Ok(app
        .store
        .submit_zelfscan(&org.code, instrument()?, version, answers, &caller.origin())
        .await?)
}

/// Makes the organisation's own result public or not.
pub async fn set_public(
    app: &AppState,
    caller: &Caller,
    code: &str,
    public: bool,
) -> Result<(), AppError> {
    let org = app.store.organisation(code).await?;
    caller.require(Action::FillInSelfAssessment, Target::Organisation(org.id))?;
    Ok(app
        .store
        .set_zelfscan_public(&org.code, public, &caller.origin())
        .await?)
}

/// A practice recommended for a weak dimension: of an organisation that scores high there.
#[derive(Debug, Clone)]
pub struct PracticeHint {
    pub practice: Practice,
    pub organisation: String,
    pub score: f64,
}

/// A person recommended for a weak dimension, with the expertise that matched.
#[derive(Debug, Clone)]
pub struct PersonHint {
    pub person: Person,
    pub matched: String,
}

/// What the result page recommends for one weak dimension.
#[derive(Debug, Clone)]
pub struct Advice {
    /// Index into the instrument's dimensions.
    pub dimension: usize,
    pub score: f64,
    pub practices: Vec<PracticeHint>,
    pub people: Vec<PersonHint>,
    pub faq: Vec<FaqEntry>,
    /// The step-plan phase and the glossary terms it shares with the dimension.
    pub phase: Option<(Phase, Vec<String>)>,
}

/// An organisation's result page.
#[derive(Debug, Clone)]
pub struct ResultPage {
    pub org: Organisation,
    pub settings: ZelfscanSettings,
    /// Oldest first.
    pub submissions: Vec<Assessment>,
    pub benchmark: GroupBenchmark,
    pub advice: Vec<Advice>,
    /// The caller fills it in (sees the form, the draft and the public choice).
    pub can_fill_in: bool,
    pub has_draft: bool,
}

impl ResultPage {
    pub fn latest(&self) -> Option<&Assessment> {
        self.submissions.last()
    }

    /// The submission before the latest.
    pub fn previous(&self) -> Option<&Assessment> {
        self.submissions.iter().rev().nth(1)
    }
}

/// An organisation's results with the benchmark of its peer group and the recommendations for
/// its two weakest dimensions.
pub async fn result(app: &AppState, caller: &Caller, code: &str) -> Result<ResultPage, AppError> {
    let (org, settings, _) = visible(app, caller, code).await?;
    let instrument = instrument()?;
    let submissions = app.store.zelfscan_submissions(&org.code).await?;
    let all = latest(app).await?;
    let benchmark = benchmark_of(
        instrument,
        PeerGroup::of(org.kind, settings.population),
        &all,
    );
    let advice = match submissions.last() {
        Some(last) => advise(app, instrument, &org, &last.answers, &all).await?,
        None => Vec::new(),
    };
    let can_fill_in = caller.can(Action::FillInSelfAssessment, Target::Organisation(org.id));
    let has_draft = can_fill_in && app.store.zelfscan_draft(&org.code).await?.is_some();
    Ok(ResultPage {
        org,
        settings,
        submissions,
        benchmark,
        advice,
        can_fill_in,
        has_draft,
    })
}

/// The public result of an organisation for the API: its submissions, only when public or for
/// its insiders.
pub async fn public_result(
    app: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<(Organisation, Vec<Assessment>), AppError> {
    let (org, _, _) = visible(app, caller, code).await?;
    let submissions = app.store.zelfscan_submissions(&org.code).await?;
    Ok((org, submissions))
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

async fn advise(
    app: &AppState,
    instrument: &Instrument,
    org: &Organisation,
    answers: &Answers,
    all: &[LatestSubmission],
) -> Result<Vec<Advice>, AppError> {
    let scores = zelfscan::scores(instrument, answers);
    let glossary = GLOSSARY
        .as_ref()
        .map_err(|e| AppError::Internal(e.clone()))?;
    let people = app.store.public_people().await?;
    let faq = app.store.faq_entries(None).await?;
    let plan = app.store.step_plan().await?;
    let mut out = Vec::new();
    for d in zelfscan::weakest(&scores, 2) {
        let Some(dim) = instrument.dimensions.get(d) else {
            continue;
        };
        // Organisations that made their result public and score high on this dimension.
        let mut high: Vec<(f64, &LatestSubmission)> = all
            .iter()
            .filter(|s| s.public && s.organisation_id != org.id)
            .filter_map(|s| {
                zelfscan::scores(instrument, &s.answers)
                    .get(d)
                    .copied()
                    .flatten()
                    .filter(|x| *x >= HIGH)
                    .map(|x| (x, s))
            })
            .collect();
        high.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
        let mut practices = Vec::new();
        for (score, s) in high {
            if practices.len() >= PER_KIND {
                break;
            }
            let filter = PracticeFilter {
                organisation: Some(s.code.clone()),
                ..PracticeFilter::default()
            };
            let (items, _) = app
                .store
                .practices(&filter, leerpunt_core::paging::PageRequest::default())
                .await?;
            let owner = app.store.organisation(&s.code).await?;
            // Prefer a practice on one of the dimension's themes; else the organisation's first.
            let pick = items
                .iter()
                .find(|p| p.themes.iter().any(|t| dim.themes.contains(t)))
                .or_else(|| items.first());
            if let Some(p) = pick {
                practices.push(PracticeHint {
                    practice: p.clone(),
                    organisation: owner.name.clone(),
                    score,
                });
            }
        }
        // People with a public profile whose expertise names one of the dimension's terms.
        let wordings: Vec<String> = dim
            .terms
            .iter()
            .filter_map(|k| glossary.term(k))
            .flat_map(|t| t.nl.iter().chain(t.en.iter()))
            .map(|w| lower(w))
            .collect();
        let mut people_hints = Vec::new();
        for p in &people {
            if people_hints.len() >= PER_KIND {
                break;
            }
            if let Some(e) = p
                .expertise
                .iter()
                .find(|e| wordings.iter().any(|w| lower(e).contains(w.as_str())))
            {
                people_hints.push(PersonHint {
                    person: p.clone(),
                    matched: e.clone(),
                });
            }
        }
        let faq_hits: Vec<FaqEntry> = faq
            .iter()
            .filter(|f| dim.themes.contains(&f.theme))
            .take(PER_KIND)
            .cloned()
            .collect();
        let phase = plan.as_ref().and_then(|v| {
            v.plan
                .phases
                .iter()
                .map(|p| {
                    let shared: Vec<String> = p
                        .glossary
                        .iter()
                        .filter(|k| dim.terms.contains(k))
                        .cloned()
                        .collect();
                    (p, shared)
                })
                .filter(|(_, shared)| !shared.is_empty())
                .max_by_key(|(_, shared)| shared.len())
                .map(|(p, shared)| (p.clone(), shared))
        });
        out.push(Advice {
            dimension: d,
            score: scores.get(d).copied().flatten().unwrap_or(0.0),
            practices,
            people: people_hints,
            faq: faq_hits,
            phase,
        });
    }
    Ok(out)
}

/// The glossary term's Dutch and English first wordings, for reason lines.
pub fn term_label(key: &str, lang: leerpunt_core::Lang) -> String {
    GLOSSARY
        .as_ref()
        .ok()
        .and_then(|g| g.term(key))
        .and_then(|t| match lang {
            leerpunt_core::Lang::Nl => t.nl.first(),
            leerpunt_core::Lang::En => t.en.first(),
        })
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// What an organisation's page shows of the self-assessment: its population, and whether the
/// caller may open its result or fill it in.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrgSummary {
    pub population: Option<i64>,
    pub result_visible: bool,
    pub can_fill_in: bool,
}

pub async fn org_summary(
    app: &AppState,
    caller: &Caller,
    org: &Organisation,
) -> Result<OrgSummary, AppError> {
    let settings = app.store.zelfscan_settings(&org.code).await?;
    let submitted = !app.store.zelfscan_submissions(&org.code).await?.is_empty();
    let insider = caller.can(Action::ViewSelfAssessment, Target::Organisation(org.id));
    Ok(OrgSummary {
        population: settings.population,
        result_visible: submitted && (settings.public || insider),
        can_fill_in: caller.can(Action::FillInSelfAssessment, Target::Organisation(org.id)),
    })
}
