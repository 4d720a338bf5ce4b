//! The joint-analysis pages: computations that organisations ran together, with their published results.
//!
//! A result is shown as three tables (per party, summary, histogram) with suppressed cells marked.

use axum::extract::{Path, State};
use axum::response::Html;
use leerpunt_core::analysis::{Cell, ComputationResult, Statistic};
use minijinja::{context, Value};
use serde::Serialize;

use crate::actions::analyses;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// One table of a result: column labels and, per group, the cells as display strings.
#[derive(Debug, Serialize)]
pub struct ResultTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<ResultRow>,
}

#[derive(Debug, Serialize)]
pub struct ResultRow {
    pub key: String,
    /// `None` for a suppressed cell.
    pub cells: Vec<Option<String>>,
}

fn statistic_key(s: Statistic) -> &'static str {
    match s {
        Statistic::HouseholdsPerParty => "stat-households-per-party",
        Statistic::Listings => "stat-listings",
        Statistic::TotalArrears => "stat-total-arrears",
        Statistic::MeanArrears => "stat-mean-arrears",
        Statistic::Histogram => "stat-histogram",
        Statistic::HouseholdsOnTwoOrMoreLists => "stat-two-or-more",
        Statistic::Count => "stat-count",
        Statistic::Sum => "stat-sum",
        Statistic::Mean => "stat-mean",
        Statistic::Variance => "stat-variance",
        Statistic::AtLeast => "stat-at-least",
        Statistic::Overlap => "stat-overlap",
    }
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

fn column_label(cell: &Cell, ui: &Ui) -> String {
    match (cell.statistic, &cell.party, &cell.bin) {
        (_, Some(party), _) => party.clone(),
        (_, _, Some(bin)) => match bin.to {
            Some(to) => format!("{}–{}", bin.from, to),
            None => format!("≥ {}", bin.from),
        },
        (s, _, _) => t(ui.lang, statistic_key(s), None),
    }
}

/// A table of a result: its title key and which statistics it shows.
type Family = (&'static str, fn(Statistic) -> bool);

/// Splits a result of the declarative language into one table per named statistic.
fn named_tables(result: &ComputationResult, ui: &Ui) -> Vec<ResultTable> {
    let Some(first) = result.groups.first() else {
        return Vec::new();
    };
    let mut names: Vec<&str> = Vec::new();
    for c in &first.cells {
        if let Some(n) = c.name.as_deref() {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let of = |c: &&Cell| c.name.as_deref() == Some(name);
            let template: Vec<&Cell> = first.cells.iter().filter(of).collect();
            let statistic = template.first().map(|c| c.statistic);
            ResultTable {
                title: match statistic {
                    Some(s) => format!("{name} ({})", t(ui.lang, statistic_key(s), None)),
                    None => name.to_owned(),
                },
                columns: template.iter().map(|c| column_label(c, ui)).collect(),
                rows: result
                    .groups
                    .iter()
                    .map(|g| ResultRow {
                        key: g.key.clone(),
                        cells: g
                            .cells
                            .iter()
                            .filter(of)
                            .map(|c| {
                                if c.suppressed {
                                    None
                                } else {
                                    c.value.map(format_value)
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Splits a result into its tables.
pub fn tables(result: &ComputationResult, ui: &Ui) -> Vec<ResultTable> {
    if result
        .groups
        .iter()
        .flat_map(|g| &g.cells)
        .any(|c| c.name.is_some())
    {
        return named_tables(result, ui);
    }
    let families: [Family; 3] = [
        ("result-per-party", |s| s == Statistic::HouseholdsPerParty),
        ("result-summary", |s| {
            !matches!(s, Statistic::HouseholdsPerParty | Statistic::Histogram)
        }),
        ("result-histogram", |s| s == Statistic::Histogram),
    ];
    let mut out = Vec::new();
    for (title_key, member) in families {
        let Some(first) = result.groups.first() else {
            break;
        };
        let template: Vec<&Cell> = first.cells.iter().filter(|c| member(c.statistic)).collect();
        if template.is_empty() {
            continue;
        }
        let columns = template.iter().map(|c| column_label(c, ui)).collect();
        let rows = result
            .groups
            .iter()
            .map(|g| ResultRow {
                key: g.key.clone(),
                cells: g
                    .cells
                    .iter()
                    .filter(|c| member(c.statistic))
                    .map(|c| {
                        if c.suppressed {
                            None
                        } else {
                            c.value.map(format_value)
                        }
                    })
                    .collect(),
            })
            .collect();
        out.push(ResultTable {
            title: t(ui.lang, title_key, None),
            columns,
            rows,
        });
    }
    out
}

pub async fn list(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let analyses = analyses::list(&app).await?;
    let items: Vec<_> = analyses
        .iter()
        .map(|a| {
            context! {
                id => a.computation_id,
                title => a.title,
                parties => a.party_names(),
                k => a.k,
                status => a.status,
                status_label => t(ui.lang, &format!("analysis-status-{}", a.status), None),
                updated_at => a.updated_at,
            }
        })
        .collect();
    ui.render("analyses.html", context! { items })
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let (analysis, result) = analyses::get(&app, &id).await?;
    let suppressed = result
        .groups
        .iter()
        .flat_map(|g| &g.cells)
        .filter(|c| c.suppressed)
        .count();
    ui.render(
        "analysis.html",
        context! {
            id => analysis.computation_id,
            title => analysis.title,
            parties => analysis.party_names(),
            k => analysis.k,
            group_by => result.group_by,
            status_label => t(ui.lang, &format!("analysis-status-{}", analysis.status), None),
            updated_at => analysis.updated_at,
            tables => tables(&result, &ui),
            charts => charts(&tables(&result, &ui), analysis.k)?,
            suppressed,
        },
    )
}

/// The most bars a chart of a result draws; a larger table is left to the table.
const MAX_BARS: usize = 40;

/// A bar chart per table (one bar per group and column; a suppressed cell is drawn as an empty
/// bar labelled `< k`), as inline SVG beside the table with the same figures. Values are rounded
/// to whole numbers in the chart.
pub fn charts(tables: &[ResultTable], k: i64) -> Result<Vec<Option<Value>>, AppError> {
    tables
        .iter()
        .enumerate()
        .map(|(i, table)| {
            let mut rows = Vec::new();
            for row in &table.rows {
                for (col, cell) in table.columns.iter().zip(&row.cells) {
                    let label = if table.columns.len() == 1 {
                        row.key.clone()
                    } else {
                        format!("{} · {col}", row.key)
                    };
                    match cell {
                        Some(v) => {
                            rows.push((label, v.parse::<f64>().map_or(0, |x| x.round() as i64)))
                        }
                        None => rows.push((format!("{label} (< {k})"), 0)),
                    }
                }
            }
            if rows.is_empty() || rows.len() > MAX_BARS {
                return Ok(None);
            }
            let svg = crate::charts::bars(&format!("result-{i}"), &table.title, &rows)?;
            Ok(Some(Value::from_safe_string(svg)))
        })
        .collect()
}
