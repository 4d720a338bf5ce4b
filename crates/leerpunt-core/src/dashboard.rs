//! The public dashboard's figures: what the centre reports about itself, as plain counts the store
//! gathers and the web layer draws, and the few calculations on them (the median time to an
//! answer, cumulative growth) as pure functions.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::agenda::CommitmentStatus;
use crate::challenges::Funnel;
use crate::meetings::MeetingKind;
use crate::OrgKind;

/// Everything the dashboard shows. Lists are ordered as the page shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dashboard {
    /// Published practices.
    pub practices: i64,
    /// Published practices per theme key (a practice counts once for every theme it has).
    pub by_theme: Vec<(String, i64)>,
    /// Published practices per province code of the owner organisation; `None`: no province
    /// (ministries, agencies, national bodies).
    pub by_province: Vec<(Option<String>, i64)>,
    /// Published practices per kind of owner organisation.
    pub by_org_kind: Vec<(OrgKind, i64)>,
    pub reach: Reach,
    pub helpdesk: HelpdeskFigures,
    /// Meetings of the meeting log per kind, all years. Empty when the log is empty: the page then
    /// leaves the figure out.
    pub meetings_by_kind: Vec<(MeetingKind, i64)>,
    /// Per year: practices started (or, without a start date, added), questions asked, and the
    /// running total of practices.
    pub growth: Vec<YearGrowth>,
    /// Commitments of the rolling agenda per status, in the scale's order (empty: no agenda).
    pub agenda_by_status: Vec<(CommitmentStatus, i64)>,
    /// Each idea challenge's funnel, newest first.
    pub challenges: Vec<ChallengeFunnel>,
}

/// One idea challenge on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChallengeFunnel {
    pub id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub funnel: Funnel,
}

/// Which organisations the centre reached, in three ways and in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// Organisations with at least one published practice.
    pub with_practices: i64,
    /// Organisations some confirmed account works for.
    pub with_members: i64,
    /// Organisations that took part in a meeting of the meeting log.
    pub in_meetings: i64,
    /// Organisations reached in any of these ways (each counted once).
    pub total: i64,
    /// Organisations in the register.
    pub registered: i64,
}

/// The help desk in figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct HelpdeskFigures {
    /// Questions asked (every state).
    pub asked: i64,
    /// Questions with at least one answer.
    pub answered: i64,
    /// Questions still waiting: open or assigned, without an answer.
    pub waiting: i64,
    /// The median time from a question to its first answer, in hours (`None`: no answers yet).
    pub median_hours_to_answer: Option<f64>,
}

/// One year of growth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YearGrowth {
    pub year: i32,
    /// Practices that started this year (by start date; those without one by the day they were
    /// added).
    pub practices: i64,
    /// All practices up to and including this year.
    pub practices_total: i64,
    /// Help-desk questions asked this year.
    pub questions: i64,
}

/// The median of some values (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

/// The hours between two RFC 3339 timestamps; `None` when either does not parse or the second is
/// before the first.
pub fn hours_between(from: &str, to: &str) -> Option<f64> {
    let a = OffsetDateTime::parse(from, &Rfc3339).ok()?;
    let b = OffsetDateTime::parse(to, &Rfc3339).ok()?;
    let secs = (b - a).whole_seconds();
    (secs >= 0).then(|| secs as f64 / 3600.0)
}

/// The median hours from question to first answer over `(asked, first answer)` pairs.
pub fn median_hours_to_answer(pairs: &[(String, String)]) -> Option<f64> {
    let hours: Vec<f64> = pairs
        .iter()
        .filter_map(|(a, b)| hours_between(a, b))
        .collect();
    median(&hours)
}

/// Growth per year from `(year, practices, questions)` rows in any order: sorted, with gaps
/// filled with zero years (so a chart's axis has no holes) and the running total of practices.
pub fn growth(rows: &[(i32, i64, i64)]) -> Vec<YearGrowth> {
    let (Some(first), Some(last)) = (
        rows.iter().map(|r| r.0).min(),
        rows.iter().map(|r| r.0).max(),
    ) else {
        return Vec::new();
    };
    let mut total = 0;
    (first..=last)
        .map(|year| {
            let (practices, questions) = rows
                .iter()
                .filter(|r| r.0 == year)
                .fold((0, 0), |(p, q), r| (p + r.1, q + r.2));
            total += practices;
            YearGrowth {
                year,
                practices,
                practices_total: total,
                questions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5.0]), Some(5.0));
        assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN, 2.0]), Some(2.0));
    }

    #[test]
    fn hours_to_an_answer() {
        let pairs = vec![
            (
                "2025-03-01T09:00:00Z".to_owned(),
                "2025-03-01T21:00:00Z".to_owned(),
            ),
            (
                "2025-03-01T09:00:00Z".to_owned(),
                "2025-03-03T09:00:00Z".to_owned(),
            ),
            (
                "2025-03-01T09:00:00Z".to_owned(),
                "2025-03-02T09:00:00Z".to_owned(),
            ),
            // Not a time, and an answer before its question: both left out.
            ("gisteren".to_owned(), "2025-03-01T09:00:00Z".to_owned()),
            (
                "2025-03-02T09:00:00Z".to_owned(),
                "2025-03-01T09:00:00Z".to_owned(),
            ),
        ];
        assert_eq!(median_hours_to_answer(&pairs), Some(24.0));
        assert_eq!(median_hours_to_answer(&[]), None);
    }

    #[test]
    fn growth_fills_the_gaps_and_adds_up() {
        let g = growth(&[(2024, 3, 1), (2021, 2, 0), (2024, 1, 4)]);
        let years: Vec<i32> = g.iter().map(|y| y.year).collect();
        assert_eq!(years, vec![2021, 2022, 2023, 2024]);
        assert_eq!(g[1].practices, 0);
        assert_eq!(g[3].practices, 4);
        assert_eq!(g[3].questions, 5);
        assert_eq!(g[3].practices_total, 6);
        assert!(growth(&[]).is_empty());
    }
}
