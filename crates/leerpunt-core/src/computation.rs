//! A joint computation as a broker drafts it on the website and every party consents to it: the
//! question, the input schema, the grouping key with its public domain, the statistics in a small
//! declarative language, the minimum group size `k`, the three node operators and the input
//! parties, and the deadlines; and its life cycle (draft → consent → issued → running → done or
//! aborted → published).
//!
//! The spec is written out in words (each statistic as a sentence in Dutch or English) and as TOML
//! (what the nodes run), so a party consents to exactly what will be computed. Nothing here
//! computes; the protocols read the same spec.

use serde::{Deserialize, Serialize};

use crate::analysis::{Bin, Cell, ComputationResult, GroupResult, Statistic as Revealed};
use crate::error::{CoreError, FieldError};
use crate::text::{is_iso_date, is_slug};
use crate::Lang;

/// The smallest `k` a spec may set: groups smaller than this would single out people.
pub const MIN_K: u64 = 5;
/// The number of compute nodes the protocols are written for.
pub const NODES: usize = 3;
/// At most this many values in the grouping key's public domain.
pub const MAX_DOMAIN: usize = 2_000;
/// At most this many statistics per computation.
pub const MAX_STATISTICS: usize = 20;
/// At most this many columns in the input schema.
pub const MAX_COLUMNS: usize = 20;
/// At most this many histogram bins.
pub const MAX_BINS: usize = 50;
/// Identifiers that name pages next to computations' own.
pub const RESERVED_IDS: &[&str] = &["berekeningen", "nieuw"];
/// At most this many input records in one computation, over all input parties.
pub const MAX_RECORDS: usize = 10_000_000;
/// The widest `max - min` of a column whose variance is computed: its squares, summed over
/// [`MAX_RECORDS`] records, must stay below 2^63.
pub const MAX_VARIANCE_RANGE: u64 = 960_000;
/// The longest title, purpose or question, in either language.
pub const MAX_TEXT: usize = 2_000;

/// A text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub nl: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// What a column of the input holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnType {
    /// The key records are joined on across parties (a citizen service number, a household id):
    /// pseudonymised inside the protocol, never revealed.
    Key,
    /// A whole number in `[min, max]`; the input party's client rejects a value outside it.
    Integer { min: i64, max: i64 },
    /// One of the grouping key's public values.
    Group,
}

/// One column of the input CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(flatten)]
    pub kind: ColumnType,
}

/// What a statistic computes, per group of the grouping key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StatisticKind {
    /// The number of records.
    Count,
    /// The number of distinct keys found at `min_parties` or more input parties (a join on the
    /// pseudonymised key; the keys themselves are never opened).
    Overlap { min_parties: u32 },
    /// The sum of a column.
    Sum { column: String },
    /// The mean of a column.
    Mean { column: String },
    /// The variance of a column (population variance).
    Variance { column: String },
    /// The number of records per bin of a column; `edges` are the public bin boundaries, bins
    /// are `[e_i, e_{i+1})` and the last is open.
    Histogram { column: String, edges: Vec<i64> },
    /// The number of records whose column is at least `threshold`.
    AtLeast { column: String, threshold: i64 },
}

impl StatisticKind {
    /// The column the statistic reads, if any.
    pub fn column(&self) -> Option<&str> {
        match self {
            StatisticKind::Count | StatisticKind::Overlap { .. } => None,
            StatisticKind::Sum { column }
            | StatisticKind::Mean { column }
            | StatisticKind::Variance { column }
            | StatisticKind::Histogram { column, .. }
            | StatisticKind::AtLeast { column, .. } => Some(column),
        }
    }

    /// The key of the kind, as in TOML.
    pub fn key(&self) -> &'static str {
        match self {
            StatisticKind::Count => "count",
            StatisticKind::Overlap { .. } => "overlap",
            StatisticKind::Sum { .. } => "sum",
            StatisticKind::Mean { .. } => "mean",
            StatisticKind::Variance { .. } => "variance",
            StatisticKind::Histogram { .. } => "histogram",
            StatisticKind::AtLeast { .. } => "at_least",
        }
    }
}

/// One named statistic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistic {
    pub name: String,
    #[serde(flatten)]
    pub kind: StatisticKind,
    /// Whether the statistic is given per input party (one cell each) instead of over all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_party: bool,
}

impl Statistic {
    /// The statistic in plain words, as a party reads it before consenting.
    pub fn describe(&self, group_by: &str, k: u64, lang: Lang) -> String {
        let per = match (self.per_party, lang) {
            (true, Lang::Nl) => " per aanleverende partij",
            (true, Lang::En) => " per input party",
            (false, _) => "",
        };
        let what = match (&self.kind, lang) {
            (StatisticKind::Count, Lang::Nl) => "het aantal records".to_owned(),
            (StatisticKind::Count, Lang::En) => "the number of records".to_owned(),
            (StatisticKind::Overlap { min_parties }, Lang::Nl) => format!(
                "het aantal sleutels dat bij {min_parties} of meer partijen voorkomt (alleen geteld, nooit geopend)"
            ),
            (StatisticKind::Overlap { min_parties }, Lang::En) => format!(
                "the number of keys found at {min_parties} or more parties (counted only, never opened)"
            ),
            (StatisticKind::Sum { column }, Lang::Nl) => format!("de som van {column}"),
            (StatisticKind::Sum { column }, Lang::En) => format!("the sum of {column}"),
            (StatisticKind::Mean { column }, Lang::Nl) => format!("het gemiddelde van {column}"),
            (StatisticKind::Mean { column }, Lang::En) => format!("the mean of {column}"),
            (StatisticKind::Variance { column }, Lang::Nl) => {
                format!("de variantie van {column}")
            }
            (StatisticKind::Variance { column }, Lang::En) => {
                format!("the variance of {column}")
            }
            (StatisticKind::Histogram { column, edges }, Lang::Nl) => format!(
                "het aantal records per klasse van {column} (grenzen {})",
                join_edges(edges)
            ),
            (StatisticKind::Histogram { column, edges }, Lang::En) => format!(
                "the number of records per bin of {column} (edges {})",
                join_edges(edges)
            ),
            (StatisticKind::AtLeast { column, threshold }, Lang::Nl) => {
                format!("het aantal records met {column} van ten minste {threshold}")
            }
            (StatisticKind::AtLeast { column, threshold }, Lang::En) => {
                format!("the number of records with {column} of at least {threshold}")
            }
        };
        match lang {
            Lang::Nl => format!(
                "{}: {what}{per}, per {group_by}; cellen met minder dan {k} records blijven verborgen.",
                self.name
            ),
            Lang::En => format!(
                "{}: {what}{per}, per {group_by}; cells of fewer than {k} records stay hidden.",
                self.name
            ),
        }
    }
}

fn join_edges(edges: &[i64]) -> String {
    edges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grouping key and its public domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupBy {
    /// The column holding the group (of type `group`).
    pub column: String,
    /// Every value the key may take, in the order results are shown.
    pub domain: Vec<String>,
}

/// The whole spec of a joint computation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComputationSpec {
    /// The computation's identifier (a slug); binds every protocol message to it.
    pub id: String,
    pub title: Bilingual,
    pub purpose: Bilingual,
    /// The question in plain words.
    pub question: Bilingual,
    /// Cells of fewer than `k` records are suppressed inside the protocol.
    pub k: u64,
    pub columns: Vec<Column>,
    pub group_by: GroupBy,
    pub statistics: Vec<Statistic>,
    /// The organisations (codes) that run the three compute nodes, in node order.
    pub nodes: Vec<String>,
    /// The organisations (codes) that deliver input.
    pub parties: Vec<String>,
    /// The last day to consent (ISO date).
    pub consent_by: String,
    /// The last day to deliver input (ISO date).
    pub input_by: String,
}

impl ComputationSpec {
    /// Checks every rule a spec must meet before anyone is asked to consent to it.
    pub fn validate(&self) -> Result<(), CoreError> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, message: String| errors.push(FieldError::new(field, message));
        if RESERVED_IDS.contains(&self.id.as_str()) {
            bad("id", format!("{:?} names a page; choose another", self.id));
        }
        if !is_slug(&self.id) {
            bad(
                "id",
                "lowercase letters, digits and hyphens, starting with a letter or digit".into(),
            );
        }
        for (field, text) in [
            ("title", &self.title),
            ("purpose", &self.purpose),
            ("question", &self.question),
        ] {
            if text.nl.trim().is_empty() || text.en.trim().is_empty() {
                bad(field, "required in Dutch and in English".into());
            }
            if text.nl.chars().count() > MAX_TEXT || text.en.chars().count() > MAX_TEXT {
                bad(field, format!("at most {MAX_TEXT} characters"));
            }
        }
        if self.k < MIN_K {
            bad("k", format!("at least {MIN_K}"));
        }
        if self.columns.is_empty() || self.columns.len() > MAX_COLUMNS {
            bad("columns", format!("between 1 and {MAX_COLUMNS} columns"));
        }
        let mut names = std::collections::BTreeSet::new();
        for c in &self.columns {
            if !is_identifier(&c.name) {
                bad(
                    "columns",
                    format!(
                        "{:?}: a column name is lowercase letters, digits and _",
                        c.name
                    ),
                );
            }
            if !names.insert(c.name.as_str()) {
                bad("columns", format!("{:?} is named twice", c.name));
            }
            if let ColumnType::Integer { min, max } = c.kind {
                if min > max {
                    bad(
                        "columns",
                        format!("{}: min {min} is above max {max}", c.name),
                    );
                }
                // The protocols add values shifted to `x - min` in 64-bit words: the sums of
                // up to MAX_RECORDS values (and their squares, for a variance) must stay exact.
                let range = (i128::from(max) - i128::from(min)).max(0) as u128;
                let limit = 1u128 << 63;
                let records = MAX_RECORDS as u128;
                if range.saturating_mul(records) >= limit {
                    bad(
                        "columns",
                        format!("{}: the range from {min} to {max} is too wide to add up exactly; narrow it or change the unit", c.name),
                    );
                } else if range.saturating_mul(range).saturating_mul(records) >= limit
                    && self.statistics.iter().any(|s| {
                        matches!(&s.kind, StatisticKind::Variance { column } if column == &c.name)
                    })
                {
                    bad(
                        "columns",
                        format!("{}: the range from {min} to {max} is too wide for a variance (at most {} wide)", c.name, MAX_VARIANCE_RANGE),
                    );
                }
            }
        }
        let column = |name: &str| self.columns.iter().find(|c| c.name == name);
        let keys = self
            .columns
            .iter()
            .filter(|c| c.kind == ColumnType::Key)
            .count();
        if keys > 1 {
            bad("columns", "at most one key column".into());
        }
        match column(&self.group_by.column) {
            Some(c) if c.kind == ColumnType::Group => {}
            _ => bad(
                "group_by",
                format!("{:?} must be a column of type group", self.group_by.column),
            ),
        }
        if self.group_by.domain.is_empty() || self.group_by.domain.len() > MAX_DOMAIN {
            bad(
                "group_by",
                format!("the domain has between 1 and {MAX_DOMAIN} values"),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for v in &self.group_by.domain {
            if v.trim().is_empty() || !seen.insert(v.as_str()) {
                bad("group_by", format!("{v:?} is empty or listed twice"));
            }
        }
        if self.statistics.is_empty() || self.statistics.len() > MAX_STATISTICS {
            bad(
                "statistics",
                format!("between 1 and {MAX_STATISTICS} statistics"),
            );
        }
        let mut stat_names = std::collections::BTreeSet::new();
        for s in &self.statistics {
            if !is_identifier(&s.name) || !stat_names.insert(s.name.as_str()) {
                bad(
                    "statistics",
                    format!(
                        "{:?}: a unique name of lowercase letters, digits and _",
                        s.name
                    ),
                );
            }
            if let Some(name) = s.kind.column() {
                match column(name) {
                    Some(Column {
                        kind: ColumnType::Integer { .. },
                        ..
                    }) => {}
                    _ => bad(
                        "statistics",
                        format!("{}: {name:?} is not an integer column", s.name),
                    ),
                }
            }
            match &s.kind {
                StatisticKind::Histogram { edges, .. }
                    if edges.len() < 2
                        || edges[0] < 0
                        || edges.len() > MAX_BINS
                        || edges.windows(2).any(|w| w[0] >= w[1]) =>
                {
                    bad(
                        "statistics",
                        format!("{}: 2 to {MAX_BINS} rising bin edges", s.name),
                    );
                }
                StatisticKind::Overlap { min_parties } => {
                    if keys == 0 {
                        bad(
                            "statistics",
                            format!("{}: an overlap needs a key column", s.name),
                        );
                    }
                    if *min_parties < 2 || *min_parties as usize > self.parties.len().max(2) {
                        bad(
                            "statistics",
                            format!(
                                "{}: min_parties between 2 and the number of input parties",
                                s.name
                            ),
                        );
                    }
                    if s.per_party {
                        bad(
                            "statistics",
                            format!("{}: an overlap is over all parties", s.name),
                        );
                    }
                }
                _ => {}
            }
        }
        let mut nodes = self.nodes.clone();
        nodes.sort();
        nodes.dedup();
        if self.nodes.len() != NODES || nodes.len() != NODES {
            bad("nodes", format!("exactly {NODES} different organisations"));
        }
        let mut parties = self.parties.clone();
        parties.sort();
        parties.dedup();
        if self.parties.is_empty() || parties.len() != self.parties.len() {
            bad("parties", "one or more different organisations".into());
        }
        for (field, date) in [
            ("consent_by", &self.consent_by),
            ("input_by", &self.input_by),
        ] {
            if !is_iso_date(date) {
                bad(field, "a date as YYYY-MM-DD".into());
            }
        }
        if is_iso_date(&self.consent_by)
            && is_iso_date(&self.input_by)
            && self.input_by < self.consent_by
        {
            bad("input_by", "on or after the consent deadline".into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(errors))
        }
    }

    /// The spec as TOML, the text the nodes run and every party consents to.
    pub fn to_toml(&self) -> String {
        // A spec is plain data: serialising it cannot fail.
        toml::to_string(self).unwrap_or_default()
    }

    /// Reads a spec from TOML and validates it.
    pub fn from_toml(text: &str) -> Result<Self, CoreError> {
        let spec: ComputationSpec =
            toml::from_str(text).map_err(|e| CoreError::invalid("spec", e.message().to_owned()))?;
        spec.validate()?;
        Ok(spec)
    }

    /// Every statistic in plain words.
    pub fn describe(&self, lang: Lang) -> Vec<String> {
        self.statistics
            .iter()
            .map(|s| s.describe(&self.group_by.column, self.k, lang))
            .collect()
    }

    /// Every organisation that must consent: the node operators, then the input parties
    /// (an organisation in both roles consents once per role).
    pub fn consenters(&self) -> Vec<(Role, &str)> {
        self.nodes
            .iter()
            .map(|o| (Role::Node, o.as_str()))
            .chain(self.parties.iter().map(|o| (Role::Party, o.as_str())))
            .collect()
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The part an organisation plays in a computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs one of the three compute nodes.
    Node,
    /// Delivers input.
    Party,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Node => "node",
            Role::Party => "party",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "node" => Some(Role::Node),
            "party" => Some(Role::Party),
            _ => None,
        }
    }
}

/// Where a computation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The broker is writing the spec; nobody has been asked yet.
    Draft,
    /// Every node operator and input party is asked to consent.
    Consent,
    /// Someone declined: the spec cannot be issued (the broker may revise it, which asks again).
    Declined,
    /// Everyone consented; the signed spec is issued to the nodes.
    Issued,
    /// The nodes report progress.
    Running,
    /// The nodes finished and the result document was imported; the parties approve publication.
    Done,
    /// The nodes stopped (with a reason); nothing was revealed.
    Aborted,
    /// Every party approved: the result is a public page.
    Published,
}

impl Stage {
    pub const ALL: &'static [Stage] = &[
        Stage::Draft,
        Stage::Consent,
        Stage::Declined,
        Stage::Issued,
        Stage::Running,
        Stage::Done,
        Stage::Aborted,
        Stage::Published,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Consent => "consent",
            Stage::Declined => "declined",
            Stage::Issued => "issued",
            Stage::Running => "running",
            Stage::Done => "done",
            Stage::Aborted => "aborted",
            Stage::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.key() == s)
    }

    /// Whether the spec may still be edited by the broker (editing asks everyone again).
    pub fn editable(self) -> bool {
        matches!(self, Stage::Draft | Stage::Consent | Stage::Declined)
    }
}

/// A phase a node reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    WaitingForInputs,
    Computing,
    Done,
    Aborted,
}

impl Phase {
    pub const ALL: &'static [Phase] = &[
        Phase::WaitingForInputs,
        Phase::Computing,
        Phase::Done,
        Phase::Aborted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Phase::WaitingForInputs => "waiting_for_inputs",
            Phase::Computing => "computing",
            Phase::Done => "done",
            Phase::Aborted => "aborted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.key() == s)
    }
}

/// One input record, as an input party's client reads it from its CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The join key (empty when the spec has no key column).
    pub key: String,
    /// The value of the grouping key (one of the public domain).
    pub group: String,
    /// The integer columns by name.
    pub values: std::collections::BTreeMap<String, i64>,
}

impl ComputationSpec {
    /// Checks a record against the input schema: the group is in the public domain and every
    /// integer column is present and within its declared range. The input party's client runs
    /// this before anything is shared.
    pub fn check_record(&self, r: &Record) -> Result<(), String> {
        if !self.group_by.domain.iter().any(|g| g == &r.group) {
            return Err(format!(
                "{}: {:?} is not in the public domain",
                self.group_by.column, r.group
            ));
        }
        for c in &self.columns {
            if let ColumnType::Integer { min, max } = c.kind {
                match r.values.get(&c.name) {
                    Some(v) if (min..=max).contains(v) => {}
                    Some(v) => {
                        return Err(format!("{}: {v} is outside [{min}, {max}]", c.name));
                    }
                    None => return Err(format!("{}: missing", c.name)),
                }
            }
        }
        Ok(())
    }

    /// What the computation reveals, computed in the clear: the reference the protocols are
    /// tested against, with the same suppression (a cell counting fewer than `k` records is
    /// suppressed; a sum, mean or variance is shown only where its count passes). `inputs` are
    /// the input parties' records, in spec order.
    pub fn plaintext(&self, inputs: &[Vec<Record>]) -> Result<ComputationResult, CoreError> {
        use std::collections::{BTreeMap, BTreeSet};
        if inputs.len() != self.parties.len() {
            return Err(CoreError::invalid(
                "inputs",
                format!("{} inputs for {} parties", inputs.len(), self.parties.len()),
            ));
        }
        for (p, records) in inputs.iter().enumerate() {
            for (i, r) in records.iter().enumerate() {
                self.check_record(r).map_err(|e| {
                    CoreError::invalid(
                        "inputs",
                        format!("{}, record {}: {e}", self.parties[p], i + 1),
                    )
                })?;
            }
        }
        let k = self.k as f64;
        let pass = |count: usize| count as f64 >= k;
        // The group a key is counted in for an overlap: that of the first party listing it.
        let mut key_group: BTreeMap<&str, &str> = BTreeMap::new();
        let mut key_parties: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (p, records) in inputs.iter().enumerate() {
            for r in records {
                key_group.entry(&r.key).or_insert(&r.group);
                key_parties.entry(&r.key).or_default().insert(p);
            }
        }
        let mut groups = Vec::new();
        for g in &self.group_by.domain {
            let mut cells = Vec::new();
            for s in &self.statistics {
                let scopes: Vec<(Option<String>, Vec<&Record>)> = if s.per_party {
                    self.parties
                        .iter()
                        .zip(inputs)
                        .map(|(name, rs)| {
                            (
                                Some(name.clone()),
                                rs.iter().filter(|r| &r.group == g).collect(),
                            )
                        })
                        .collect()
                } else {
                    vec![(
                        None,
                        inputs.iter().flatten().filter(|r| &r.group == g).collect(),
                    )]
                };
                for (party, rs) in scopes {
                    let mut cell = |statistic: Revealed, bin: Option<Bin>, value: Option<f64>| {
                        let mut c = Cell::new(statistic, value);
                        c.name = Some(s.name.clone());
                        c.party = party.clone();
                        c.bin = bin;
                        cells.push(c);
                    };
                    let column = |name: &str| -> Vec<f64> {
                        rs.iter()
                            .filter_map(|r| r.values.get(name))
                            .map(|v| *v as f64)
                            .collect()
                    };
                    // The sum and the sum of squares, exactly (as the protocol opens them).
                    let exact = |name: &str| -> (i128, i128) {
                        rs.iter().filter_map(|r| r.values.get(name)).fold(
                            (0i128, 0i128),
                            |(s, q), v| {
                                let v = i128::from(*v);
                                (s + v, q + v * v)
                            },
                        )
                    };
                    let n = rs.len();
                    match &s.kind {
                        StatisticKind::Count => {
                            cell(Revealed::Count, None, pass(n).then_some(n as f64))
                        }
                        StatisticKind::Sum { column: c } => {
                            let sum = exact(c).0;
                            cell(Revealed::Sum, None, pass(n).then_some(sum as f64));
                        }
                        StatisticKind::Mean { column: c } => {
                            let mean = mean_of(n as u64, exact(c).0);
                            cell(Revealed::Mean, None, pass(n).then_some(mean));
                        }
                        StatisticKind::Variance { column: c } => {
                            let (sum, sq) = exact(c);
                            let var = variance_of(n as u64, sum, sq);
                            cell(Revealed::Variance, None, pass(n).then_some(var));
                        }
                        StatisticKind::Histogram { column: c, edges } => {
                            let xs = column(c);
                            for (i, from) in edges.iter().enumerate() {
                                let to = edges.get(i + 1).copied();
                                let count = xs
                                    .iter()
                                    .filter(|x| {
                                        **x >= *from as f64 && to.is_none_or(|t| **x < t as f64)
                                    })
                                    .count();
                                let bin = Bin {
                                    from: u64::try_from(*from).unwrap_or(0),
                                    to: to.map(|t| u64::try_from(t).unwrap_or(0)),
                                };
                                cell(
                                    Revealed::Histogram,
                                    Some(bin),
                                    pass(count).then_some(count as f64),
                                );
                            }
                        }
                        StatisticKind::AtLeast {
                            column: c,
                            threshold,
                        } => {
                            let count = column(c)
                                .iter()
                                .filter(|x| **x >= *threshold as f64)
                                .count();
                            cell(Revealed::AtLeast, None, pass(count).then_some(count as f64));
                        }
                        StatisticKind::Overlap { min_parties } => {
                            let count = key_parties
                                .iter()
                                .filter(|(key, ps)| {
                                    ps.len() >= *min_parties as usize
                                        && key_group.get(*key).is_some_and(|kg| kg == g)
                                })
                                .count();
                            cell(Revealed::Overlap, None, pass(count).then_some(count as f64));
                        }
                    }
                }
            }
            groups.push(GroupResult {
                key: g.clone(),
                cells,
            });
        }
        Ok(ComputationResult {
            format: crate::analysis::FORMAT,
            computation_id: self.id.clone(),
            title: self.title.nl.clone(),
            parties: self.parties.clone(),
            k: self.k,
            group_by: self.group_by.column.clone(),
            groups,
        })
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The mean of `n` values that add up to `sum`, rounded to two decimals (exact through a JSON
/// round trip). The plaintext reference and the protocols both compute a mean with this.
pub fn mean_of(n: u64, sum: i128) -> f64 {
    round2(sum as f64 / n.max(1) as f64)
}

/// The population variance of `n` values from their sum and sum of squares, as
/// `(n·Σx² − (Σx)²) / n²` in integers (exact, and the same for values shifted by a constant),
/// rounded to two decimals. Shared by the plaintext reference and the protocols.
pub fn variance_of(n: u64, sum: i128, sum_sq: i128) -> f64 {
    let n = i128::from(n.max(1));
    let num = n
        .checked_mul(sum_sq)
        .zip(sum.checked_mul(sum))
        .map(|(a, b)| a - b);
    match num {
        Some(num) => round2(num as f64 / (n * n) as f64),
        None => {
            let m = sum as f64 / n as f64;
            round2(sum_sq as f64 / n as f64 - m * m)
        }
    }
}

/// The example specs shipped with Leerpunt, written for the demo and the documentation.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "schuldsignalering",
        include_str!("computations/schuldsignalering.toml"),
    ),
    (
        "jeugdzorg-schuldhulp",
        include_str!("computations/jeugdzorg-schuldhulp.toml"),
    ),
    (
        "uitkeringen-overlap",
        include_str!("computations/uitkeringen-overlap.toml"),
    ),
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn every_example_reads_and_round_trips_through_toml() {
        assert_eq!(EXAMPLES.len(), 3);
        for (name, text) in EXAMPLES {
            let spec = ComputationSpec::from_toml(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(&spec.id, name);
            let again = ComputationSpec::from_toml(&spec.to_toml()).unwrap();
            assert_eq!(again, spec);
            assert_eq!(spec.describe(Lang::En).len(), spec.statistics.len());
        }
    }

    #[test]
    fn rules_name_the_field_that_breaks_them() {
        let mut spec = ComputationSpec::from_toml(EXAMPLES[0].1).unwrap();
        spec.k = 2;
        spec.nodes.pop();
        spec.statistics.push(Statistic {
            name: "bad".into(),
            kind: StatisticKind::Sum {
                column: "nope".into(),
            },
            per_party: false,
        });
        let Err(CoreError::Invalid(errors)) = spec.validate() else {
            panic!("accepted");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"k"), "{errors:?}");
        assert!(fields.contains(&"nodes"), "{errors:?}");
        assert!(fields.contains(&"statistics"), "{errors:?}");
    }

    #[test]
    fn negative_ranges_are_fine_but_too_wide_ones_are_refused() {
        // EXAMPLES[1] has a variance over its integer column.
        let mut spec = ComputationSpec::from_toml(EXAMPLES[1].1).unwrap();
        let at = spec
            .columns
            .iter()
            .position(|c| matches!(c.kind, ColumnType::Integer { .. }))
            .unwrap();
        spec.columns[at].kind = ColumnType::Integer {
            min: -500,
            max: 500,
        };
        assert!(spec.validate().is_ok(), "{:?}", spec.validate());
        spec.columns[at].kind = ColumnType::Integer {
            min: 0,
            max: MAX_VARIANCE_RANGE as i64 + 1_000,
        };
        let Err(CoreError::Invalid(errors)) = spec.validate() else {
            panic!("a variance over too wide a range was accepted");
        };
        assert!(
            errors
                .iter()
                .any(|e| e.field == "columns" && e.message.contains("variance")),
            "{errors:?}"
        );
        spec.columns[at].kind = ColumnType::Integer {
            min: i64::MIN,
            max: i64::MAX,
        };
        let Err(CoreError::Invalid(errors)) = spec.validate() else {
            panic!("a range too wide to add up was accepted");
        };
        assert!(
            errors.iter().any(|e| e.message.contains("add up exactly")),
            "{errors:?}"
        );
    }

    fn rec(key: &str, group: &str, months: i64) -> Record {
        Record {
            key: key.into(),
            group: group.into(),
            values: [("maanden_in_traject".to_owned(), months)].into(),
        }
    }

    #[test]
    fn the_reference_computes_and_suppresses_every_kind() {
        let mut spec = ComputationSpec::from_toml(EXAMPLES[1].1).unwrap();
        spec.k = 5;
        spec.group_by.domain = vec!["A".into(), "B".into()];
        // Party 0: 8 records in A (months 0..8, keys a0..a7) and 2 in B; party 1: 6 in A, of
        // which keys a0..a5 are shared with party 0.
        let p0: Vec<Record> = (0..8)
            .map(|i| rec(&format!("a{i}"), "A", i * 3))
            .chain((0..2).map(|i| rec(&format!("b{i}"), "B", 1)))
            .collect();
        let p1: Vec<Record> = (0..6).map(|i| rec(&format!("a{i}"), "A", 20)).collect();
        let r = spec.plaintext(&[p0, p1]).unwrap();
        let value = |g: usize, name: &str, party: Option<&str>| {
            r.groups[g]
                .cells
                .iter()
                .find(|c| c.name.as_deref() == Some(name) && c.party.as_deref() == party)
                .map(|c| c.value)
                .unwrap()
        };
        assert_eq!(value(0, "clienten", Some("GM0363")), Some(8.0));
        assert_eq!(value(0, "clienten", Some("GM0344")), Some(6.0));
        assert_eq!(
            value(1, "clienten", Some("GM0363")),
            None,
            "2 < k: suppressed"
        );
        assert_eq!(
            value(1, "clienten", Some("GM0344")),
            None,
            "0 < k: suppressed"
        );
        assert_eq!(value(0, "gedeelde_clienten", None), Some(6.0));
        assert_eq!(value(1, "gedeelde_clienten", None), None);
        // Months of party 0 in A: 0, 3, …, 21 (mean 10.5).
        assert_eq!(value(0, "gemiddelde_duur", Some("GM0363")), Some(10.5));
        assert_eq!(value(0, "gemiddelde_duur", Some("GM0344")), Some(20.0));
        // All 14 in A: 0..21 step 3 and six times 20; at least 12: 12, 15, 18, 21 and six 20s.
        assert_eq!(value(0, "langer_dan_een_jaar", None), Some(10.0));
        let var = value(0, "spreiding_duur", None).unwrap();
        let xs: Vec<f64> = (0..8).map(|i| f64::from(i * 3)).chain([20.0; 6]).collect();
        let m = xs.iter().sum::<f64>() / 14.0;
        let expect = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / 14.0;
        assert!((var - expect).abs() < 0.01, "{var} vs {expect}");
        assert_eq!(value(1, "spreiding_duur", None), None);
    }

    #[test]
    fn a_record_outside_the_schema_is_refused() {
        let spec = ComputationSpec::from_toml(EXAMPLES[1].1).unwrap();
        let domain = &spec.group_by.domain[0];
        assert!(spec.check_record(&rec("x", domain, 12)).is_ok());
        let e = spec.check_record(&rec("x", domain, 241)).unwrap_err();
        assert!(e.contains("outside [0, 240]"), "{e}");
        assert!(spec.check_record(&rec("x", "BU9999", 1)).is_err());
        assert!(spec
            .plaintext(&[vec![rec("x", domain, -1)], vec![]])
            .is_err());
    }

    #[test]
    fn a_statistic_reads_as_a_sentence_in_both_languages() {
        let s = Statistic {
            name: "hoge_achterstand".into(),
            kind: StatisticKind::AtLeast {
                column: "achterstand".into(),
                threshold: 100_000,
            },
            per_party: false,
        };
        assert_eq!(
            s.describe("buurt", 10, Lang::En),
            "hoge_achterstand: the number of records with achterstand of at least 100000, per buurt; cells of fewer than 10 records stay hidden."
        );
        assert!(s
            .describe("buurt", 10, Lang::Nl)
            .contains("ten minste 100000"));
    }
}
