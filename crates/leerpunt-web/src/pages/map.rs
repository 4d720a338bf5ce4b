//! The map (`/kaart`): practices per municipality (or per province) as a choropleth drawn on the
//! server, absolute or per 100,000 inhabitants, for a theme and status; a legend and a table with
//! the same figures; and the organisations that have no place on the map (ministries, agencies,
//! water boards, …) listed beside it.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Html;
use fluent_bundle::FluentArgs;
use leerpunt_core::{Lang, OrgKind};
use leerpunt_store::{MapCounts, MapOrganisation};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{filter_options, kind_label};
use crate::actions::network::{self as act, MapFilter};
use crate::error::AppError;
use crate::extract::Q;
use crate::geo;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// Query parameters of `/kaart`.
#[derive(Debug, Default, Deserialize)]
pub struct MapParams {
    pub theme: Option<String>,
    pub status: Option<String>,
    /// `gemeenten` (default) or `provincies`.
    pub level: Option<String>,
    /// `aantal` (default) or `per100k`.
    pub measure: Option<String>,
}

/// The number of coloured classes above "none".
const CLASSES: usize = 4;

/// One area of the map and its row in the table.
#[derive(Debug, Serialize)]
struct Area {
    code: String,
    name: String,
    path: String,
    href: String,
    /// The catalogue's list of the practices counted.
    list_href: String,
    count: i64,
    /// Per 100,000 inhabitants, written in the page's language; `None` without a population.
    per100k: Option<String>,
    /// 0: none; 1..=4: the legend's classes; `u`: no population known (per-inhabitant view).
    class: String,
    label: String,
}

/// A legend entry.
#[derive(Debug, Serialize)]
struct Legend {
    class: String,
    label: String,
}

/// Upper bounds of the classes above zero: the quartiles of the non-zero values, repeated bounds
/// dropped. Empty when no value is above zero.
pub fn breaks(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| *x > 0.0).collect();
    if v.is_empty() {
        return Vec::new();
    }
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for i in 1..=CLASSES {
        let at = (v.len() * i).div_ceil(CLASSES).saturating_sub(1);
        let b = v[at.min(v.len() - 1)];
        if out.last() != Some(&b) {
            out.push(b);
        }
    }
    out
}

/// The class of a value under `breaks`: 0 for zero, else 1 + the first break it does not exceed.
pub fn class_of(value: f64, breaks: &[f64]) -> usize {
    if value <= 0.0 {
        return 0;
    }
    breaks
        .iter()
        .position(|b| value <= *b)
        .map_or(breaks.len(), |i| i + 1)
}

fn decimal(x: f64, lang: Lang) -> String {
    let s = if x >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

fn per100k(count: i64, population: Option<i64>) -> Option<f64> {
    population
        .filter(|p| *p > 0)
        .map(|p| count as f64 * 100_000.0 / p as f64)
}

fn catalogue_link(filter: &MapFilter, key: &str, value: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair(key, value);
    if let Some(theme) = &filter.theme {
        q.append_pair("theme", theme);
    }
    if let Some(status) = filter.status {
        q.append_pair("status", status.key());
    }
    format!("/praktijken?{}", q.finish())
}

fn plural(lang: Lang, n: i64) -> String {
    let mut args = FluentArgs::new();
    args.set("n", n);
    t(lang, "map-practices-n", Some(&args))
}

/// `GET /kaart`.
pub async fn show(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<MapParams>,
) -> Result<Html<String>, AppError> {
    let lang = ui.lang;
    let filter = MapFilter::parse(params.theme.as_deref(), params.status.as_deref())?;
    let provinces = match params.level.as_deref().map(str::trim) {
        None | Some("") | Some("gemeenten") => false,
        Some("provincies") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "level must be gemeenten or provincies, not {other}"
            )))
        }
    };
    let relative = match params.measure.as_deref().map(str::trim) {
        None | Some("") | Some("aantal") => false,
        Some("per100k") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "measure must be aantal or per100k, not {other}"
            )))
        }
    };
    let counts = act::map(&app, &filter).await?;
    let shapes = geo::shapes();
    let by_code: HashMap<&str, &MapOrganisation> = counts
        .organisations
        .iter()
        .map(|o| (o.code.as_str(), o))
        .collect();
    let areas = if provinces {
        province_areas(&counts, &by_code, shapes, &filter, lang)
    } else {
        municipality_areas(&by_code, shapes, &filter, lang)
    };
    let values: Vec<f64> = areas
        .iter()
        .map(|(a, pop)| {
            if relative {
                per100k(a.count, *pop).unwrap_or(0.0)
            } else {
                a.count as f64
            }
        })
        .collect();
    let bounds = breaks(&values);
    let mut areas: Vec<Area> = areas
        .into_iter()
        .zip(&values)
        .map(|((mut a, pop), v)| {
            a.class = if relative && per100k(a.count, pop).is_none() {
                "u".into()
            } else {
                class_of(*v, &bounds).to_string()
            };
            a
        })
        .collect();
    let mut legend = vec![Legend {
        class: "0".into(),
        label: t(lang, "map-none", None),
    }];
    let mut low = 0.0;
    for (i, b) in bounds.iter().enumerate() {
        let label = if relative {
            format!("{} – {}", decimal(low, lang), decimal(*b, lang))
        } else {
            let (from, to) = (low as i64 + 1, *b as i64);
            if from >= to {
                to.to_string()
            } else {
                format!("{from} – {to}")
            }
        };
        legend.push(Legend {
            class: (i + 1).to_string(),
            label,
        });
        low = *b;
    }
    if relative {
        legend.push(Legend {
            class: "u".into(),
            label: t(lang, "map-no-population", None),
        });
    }
    let total_in_map: i64 = areas.iter().map(|a| a.count).sum();
    let known_population = areas.iter().filter(|a| a.per100k.is_some()).count();
    areas.sort_by(|a, b| a.code.cmp(&b.code));
    // The table: every area with practices, most first; the map shows the rest as "none".
    let mut table: Vec<&Area> = areas.iter().filter(|a| a.count > 0).collect();
    table.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    let empty = areas.len() - table.len();
    // Bodies without a shape of their own on this map.
    let mapped_kind = if provinces {
        OrgKind::Province
    } else {
        OrgKind::Municipality
    };
    let mut elsewhere: Vec<(OrgKind, Vec<minijinja::Value>)> = Vec::new();
    for kind in OrgKind::ALL {
        if *kind == mapped_kind {
            continue;
        }
        let mut orgs: Vec<&MapOrganisation> = counts
            .organisations
            .iter()
            .filter(|o| o.kind == *kind && o.practices > 0)
            .collect();
        if orgs.is_empty() {
            continue;
        }
        orgs.sort_by(|a, b| {
            b.practices
                .cmp(&a.practices)
                .then_with(|| a.name.cmp(&b.name))
        });
        elsewhere.push((
            *kind,
            orgs.iter()
                .map(|o| {
                    context! {
                        code => o.code.clone(),
                        name => o.name_en.as_deref().filter(|_| lang == Lang::En).unwrap_or(&o.name),
                        href => format!("/organisaties/{}", o.code),
                        count => o.practices,
                        list_href => catalogue_link(&filter, "organisation", &o.code),
                    }
                })
                .collect(),
        ));
    }
    let elsewhere: Vec<minijinja::Value> = elsewhere
        .into_iter()
        .map(|(kind, orgs)| context! { kind => kind.key(), label => kind_label(kind, lang), orgs })
        .collect();
    ui.render(
        "map.html",
        context! {
            options => filter_options(lang),
            theme => filter.theme,
            status => filter.status.map(|s| s.key()),
            provinces,
            relative,
            // Province borders over the municipalities, for orientation.
            borders => if provinces { Vec::new() } else { shapes.provinces.iter().map(|p| p.path.as_str()).collect::<Vec<_>>() },
            width => shapes.width,
            height => shapes.height,
            areas,
            legend,
            table,
            empty,
            total_in_map,
            known_population,
            elsewhere,
            json_href => {
                let mut q = form_urlencoded::Serializer::new(String::new());
                if let Some(theme) = &filter.theme { q.append_pair("theme", theme); }
                if let Some(status) = filter.status { q.append_pair("status", status.key()); }
                format!("/api/v1/map?{}", q.finish())
            },
        },
    )
}

type Areas = Vec<(Area, Option<i64>)>;

/// One area with its figures (its class is set once all values are known), and its population.
fn area(
    shape: &geo::Shape,
    name: String,
    count: i64,
    population: Option<i64>,
    list_filter: &str,
    filter: &MapFilter,
    lang: Lang,
) -> (Area, Option<i64>) {
    (
        Area {
            label: format!("{name}: {}", plural(lang, count)),
            per100k: per100k(count, population).map(|x| decimal(x, lang)),
            href: format!("/organisaties/{}", shape.code),
            list_href: catalogue_link(filter, list_filter, &shape.code),
            code: shape.code.clone(),
            name,
            path: shape.path.clone(),
            count,
            class: String::new(),
        },
        population,
    )
}

fn municipality_areas(
    by_code: &HashMap<&str, &MapOrganisation>,
    shapes: &geo::Shapes,
    filter: &MapFilter,
    lang: Lang,
) -> Areas {
    shapes
        .municipalities
        .iter()
        .map(|s| {
            let org = by_code.get(s.code.as_str());
            let count = org.map_or(0, |o| o.practices);
            let population = org.and_then(|o| o.population);
            let name = org.map_or_else(|| s.code.clone(), |o| o.name.clone());
            area(s, name, count, population, "organisation", filter, lang)
        })
        .collect()
}

fn province_areas(
    counts: &MapCounts,
    by_code: &HashMap<&str, &MapOrganisation>,
    shapes: &geo::Shapes,
    filter: &MapFilter,
    lang: Lang,
) -> Areas {
    let per_province: HashMap<&str, i64> = counts
        .by_province
        .iter()
        .map(|(code, n)| (code.as_str(), *n))
        .collect();
    // A province's inhabitants: its own profile's figure, else the sum over its municipalities
    // when every one of them gives one.
    let mut summed: HashMap<&str, Option<i64>> = HashMap::new();
    for o in &counts.organisations {
        if o.kind != OrgKind::Municipality {
            continue;
        }
        if let Some(pv) = &o.province {
            let e = summed.entry(pv.as_str()).or_insert(Some(0));
            *e = match (*e, o.population) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
        }
    }
    shapes
        .provinces
        .iter()
        .map(|s| {
            let org = by_code.get(s.code.as_str());
            let count = per_province.get(s.code.as_str()).copied().unwrap_or(0);
            let population = org
                .and_then(|o| o.population)
                .or_else(|| summed.get(s.code.as_str()).copied().flatten());
            let name = org.map_or_else(|| s.code.clone(), |o| o.name.clone());
            area(s, name, count, population, "province", filter, lang)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_are_quartiles_of_the_values_above_zero() {
        let values: Vec<f64> = [0, 0, 1, 1, 2, 3, 5, 8, 13, 21].map(f64::from).to_vec();
        let b = breaks(&values);
        assert_eq!(b, [1.0, 3.0, 8.0, 21.0]);
        assert_eq!(class_of(0.0, &b), 0);
        assert_eq!(class_of(1.0, &b), 1);
        assert_eq!(class_of(2.0, &b), 2);
        assert_eq!(class_of(21.0, &b), 4);
        assert!(breaks(&[0.0, 0.0]).is_empty());
        assert_eq!(breaks(&[2.0, 2.0, 2.0]), [2.0]);
        assert_eq!(class_of(2.0, &[2.0]), 1);
    }
}
