//! The self-assessment's pages: the overview (the instrument, the peer groups, the public
//! results), the form of an organisation (save as you go, submit), its result with the radar
//! chart, the table beside it and the recommendations, and a peer group's aggregates.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fluent_bundle::FluentArgs;
use leerpunt_core::zelfscan::{Answers, Instrument, PeerGroup, Quartiles};
use leerpunt_core::Lang;
use minijinja::{context, Value};

use super::labs::area_errors;
use super::views::kind_label;
use crate::actions::zelfscan::{self as act, FormPage, GroupBenchmark, ResultPage};
use crate::actions::Caller;
use crate::charts::{self, RadarSeries, RadarStyle};
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// A whole number with the language's thousands separator.
pub(crate) fn thousands(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = if lang == Lang::Nl { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A score with one decimal, in the language's notation ("3,2" / "3.2").
fn score(x: Option<f64>, lang: Lang) -> String {
    match x {
        Some(x) => {
            let s = format!("{x:.1}");
            if lang == Lang::Nl {
                s.replace('.', ",")
            } else {
                s
            }
        }
        None => "–".to_owned(),
    }
}

fn group_label(g: PeerGroup, lang: Lang) -> String {
    let kind = kind_label(g.kind, lang);
    match g.band {
        Some(b) => format!(
            "{kind}, {}",
            t(lang, &format!("zelfscan-band-{}", b.key()), None)
        ),
        None => kind,
    }
}

fn group_view(b: &GroupBenchmark, instrument: &Instrument, lang: Lang) -> Value {
    context! {
        key => b.group.key(),
        label => group_label(b.group, lang),
        too_few => b.too_few(),
        size => b.size,
        rows => instrument.dimensions.iter().enumerate().map(|(i, d)| {
            let q: Option<Quartiles> = b.dimensions.get(i).copied().flatten();
            context! {
                title => d.title(lang),
                q1 => score(q.map(|q| q.q1), lang),
                median => score(q.map(|q| q.median), lang),
                q3 => score(q.map(|q| q.q3), lang),
            }
        }).collect::<Vec<_>>(),
    }
}

fn instrument_view(i: &Instrument, lang: Lang) -> Value {
    context! {
        version => i.version,
        title => i.title(lang),
        scale => i.scale.iter().map(|s| context! { level => s.level, text => i.scale_text(s.level, lang) }).collect::<Vec<_>>(),
        dimensions => i.dimensions.iter().map(|d| context! {
            key => d.key.clone(),
            title => d.title(lang),
            about => d.about(lang),
            questions => d.questions.len(),
        }).collect::<Vec<_>>(),
    }
}

/// `GET /zelfscan`.
pub async fn overview(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let instrument = act::instrument()?;
    let o = act::overview(&app, &caller).await?;
    ui.render(
        "zelfscan.html",
        context! {
            instrument => instrument_view(instrument, ui.lang),
            groups => o.groups.iter().map(|g| group_view(g, instrument, ui.lang)).collect::<Vec<_>>(),
            public => o.public.iter().map(|p| context! { code => p.code.clone(), name => p.display_name(ui.lang) }).collect::<Vec<_>>(),
            own => o.own.iter().map(|p| context! { code => p.code.clone(), name => p.display_name(ui.lang) }).collect::<Vec<_>>(),
        },
    )
}

fn answers_of(form: &FormData) -> Vec<(&str, &str)> {
    form.0
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("q-").map(|q| (q, v.as_str())))
        .collect()
}

fn render_form(
    ui: &Ui,
    page: &FormPage,
    answers: &Answers,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let instrument = act::instrument()?;
    let lang = ui.lang;
    let answered = answers.len();
    let total = instrument.questions().count();
    ui.render(
        "zelfscan_form.html",
        context! {
            org => context! { code => page.org.code.clone(), name => page.org.display_name(lang) },
            instrument => instrument_view(instrument, lang),
            dimensions => instrument.dimensions.iter().map(|d| context! {
                key => d.key.clone(),
                title => d.title(lang),
                about => d.about(lang),
                levels => (1..=5u8).map(|l| context! { level => l, text => d.level_text(l, lang) }).collect::<Vec<_>>(),
                questions => d.questions.iter().map(|q| context! {
                    key => q.key.clone(),
                    text => if lang == Lang::En { q.en.clone() } else { q.nl.clone() },
                    answer => answers.get(&q.key).copied(),
                }).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
            scale => instrument.scale.iter().map(|s| context! { level => s.level, label => instrument.scale_text(s.level, lang).split(':').next().unwrap_or("").to_owned() }).collect::<Vec<_>>(),
            answered,
            total,
            saved_at => page.draft.as_ref().map(|d| d.updated_at.clone()),
            public => page.settings.public,
            submissions => page.submissions,
            errors,
        },
    )
}

/// `GET /zelfscan/{code}/invullen`.
pub async fn form_page(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let page = act::form(&app, &caller, &code).await?;
    let answers = page
        .draft
        .as_ref()
        .map(|d| d.answers.clone())
        .unwrap_or_default();
    render_form(&ui, &page, &answers, BTreeMap::new())
}

/// Re-renders the form with what was sent and the problems, after a refused save or submit.
async fn refused(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    code: &str,
    form: &FormData,
    e: AppError,
) -> Result<Response, AppError> {
    let Some(errors) = area_errors(&e, ui.lang, "zelfscan") else {
        return Err(e);
    };
    let page = act::form(app, caller, code).await?;
    // Show the stored draft with the valid answers just sent over it.
    let mut answers = page
        .draft
        .as_ref()
        .map(|d| d.answers.clone())
        .unwrap_or_default();
    for (q, v) in answers_of(form) {
        if let Ok(level) = v.trim().parse::<u8>() {
            if (1..=5).contains(&level) {
                answers.insert(q.to_owned(), level);
            }
        }
    }
    let html = render_form(ui, &page, &answers, errors)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// `POST /zelfscan/{code}/opslaan`: keeps the answers in the draft.
pub async fn save(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(code): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let outcome = match act::read_answers(answers_of(&form)) {
        Ok(answers) => act::save(&app, &caller, &code, &answers).await.map(|_| ()),
        Err(e) => act::form(&app, &caller, &code).await.and(Err(e)),
    };
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("/zelfscan/{code}/invullen?opgeslagen=1")).into_response())
        }
        Err(e) => refused(&app, &caller, &ui, &code, &form, e).await,
    }
}

/// `POST /zelfscan/{code}/indienen`: submits the draft with the answers sent.
pub async fn submit(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(code): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let version = form.get("version").trim().parse::<u32>().map_err(|_| {
        AppError::Invalid(vec![leerpunt_core::FieldError::new(
            "version",
            "msg-zelfscan-version",
        )])
    });
    let outcome = match (version, act::read_answers(answers_of(&form))) {
        (Ok(version), Ok(answers)) => act::submit(&app, &caller, &code, version, &answers)
            .await
            .map(|_| ()),
        (Err(e), _) | (_, Err(e)) => act::form(&app, &caller, &code).await.and(Err(e)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/zelfscan/{code}")).into_response()),
        Err(e) => refused(&app, &caller, &ui, &code, &form, e).await,
    }
}

/// `POST /zelfscan/{code}/zichtbaarheid`: the public checkbox.
pub async fn visibility(
    State(app): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let public = match form.get("public") {
        "1" | "on" | "true" => true,
        "" | "0" | "false" => false,
        _ => {
            return Err(AppError::BadRequest(
                "msg-zelfscan-public-choice".to_owned(),
            ))
        }
    };
    act::set_public(&app, &caller, &code, public).await?;
    Ok(Redirect::to(&format!("/zelfscan/{code}")).into_response())
}

fn reason(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut a = FluentArgs::new();
    for (k, v) in args {
        a.set(*k, v.clone());
    }
    t(lang, key, Some(&a))
}

/// `GET /zelfscan/{code}`.
pub async fn result(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let page: ResultPage = act::result(&app, &caller, &code).await?;
    let instrument = act::instrument()?;
    let lang = ui.lang;
    let scores = |a: Option<&leerpunt_store::Assessment>| {
        a.map(|a| leerpunt_core::zelfscan::scores(instrument, &a.answers))
    };
    let latest = scores(page.latest());
    let previous = scores(page.previous());
    let median: Option<Vec<Option<f64>>> = (!page.benchmark.too_few()).then(|| {
        page.benchmark
            .dimensions
            .iter()
            .map(|q| q.map(|q| q.median))
            .collect()
    });
    let axes: Vec<String> = instrument
        .dimensions
        .iter()
        .map(|d| d.title(lang).to_owned())
        .collect();
    let mut series = Vec::new();
    if let Some(m) = &median {
        series.push(RadarSeries {
            values: m.clone(),
            style: RadarStyle::Median,
        });
    }
    if let Some(p) = &previous {
        series.push(RadarSeries {
            values: p.clone(),
            style: RadarStyle::Previous,
        });
    }
    if let Some(l) = &latest {
        series.push(RadarSeries {
            values: l.clone(),
            style: RadarStyle::Latest,
        });
    }
    let name = page.org.display_name(lang).to_owned();
    let chart = if latest.is_some() {
        let title = reason(
            lang,
            "zelfscan-chart-title",
            &[("organisation", name.clone())],
        );
        Some(Value::from_safe_string(charts::radar(
            "zelfscan", &title, &axes, 5.0, &series,
        )?))
    } else {
        None
    };
    let at = |v: &Option<Vec<Option<f64>>>, i: usize| {
        v.as_ref().and_then(|v| v.get(i).copied().flatten())
    };
    let rows: Vec<Value> = instrument
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let q = page.benchmark.dimensions.get(i).copied().flatten();
            context! {
                title => d.title(lang),
                latest => score(at(&latest, i), lang),
                previous => score(at(&previous, i), lang),
                median => score(q.map(|q| q.median), lang),
                quartiles => q.map(|q| format!("{} – {}", score(Some(q.q1), lang), score(Some(q.q3), lang))),
            }
        })
        .collect();
    let advice: Vec<Value> = page
        .advice
        .iter()
        .filter_map(|a| {
            let d = instrument.dimensions.get(a.dimension)?;
            let dim = d.title(lang).to_owned();
            Some(context! {
                key => d.key.clone(),
                title => dim.clone(),
                score => score(Some(a.score), lang),
                because => reason(lang, "zelfscan-advice-because", &[("dimension", dim.clone()), ("score", score(Some(a.score), lang))]),
                recommendations => d.recommendations.iter().map(|r| r.get(lang).to_owned()).collect::<Vec<_>>(),
                practices => a.practices.iter().map(|p| context! {
                    slug => p.practice.slug.clone(),
                    title => p.practice.text.title.clone(),
                    reason => reason(lang, "zelfscan-reason-practice", &[("organisation", p.organisation.clone()), ("dimension", dim.clone()), ("score", score(Some(p.score), lang))]),
                }).collect::<Vec<_>>(),
                people => a.people.iter().map(|p| context! {
                    id => p.person.id,
                    name => p.person.name.clone(),
                    role => p.person.role.clone(),
                    reason => reason(lang, "zelfscan-reason-person", &[("expertise", p.matched.clone()), ("dimension", dim.clone())]),
                }).collect::<Vec<_>>(),
                faq => a.faq.iter().map(|f| context! {
                    id => f.id,
                    question => f.question(lang).to_owned(),
                    reason => reason(lang, "zelfscan-reason-faq", &[("theme", crate::pages::views::theme_label(&f.theme, lang)), ("dimension", dim.clone())]),
                }).collect::<Vec<_>>(),
                phase => a.phase.as_ref().map(|(p, shared)| context! {
                    key => p.key.clone(),
                    title => if lang == Lang::En { p.title_en.clone() } else { p.title_nl.clone() },
                    reason => reason(lang, "zelfscan-reason-phase", &[("terms", shared.iter().map(|k| act::term_label(k, lang)).collect::<Vec<_>>().join(", ")), ("dimension", dim.clone())]),
                }),
            })
        })
        .collect();
    ui.render(
        "zelfscan_result.html",
        context! {
            org => context! { code => page.org.code.clone(), name },
            chart,
            rows,
            latest_on => page.latest().and_then(|a| a.submitted_on.clone()),
            previous_on => page.previous().and_then(|a| a.submitted_on.clone()),
            history => page.submissions.iter().rev().map(|s| {
                let sc = leerpunt_core::zelfscan::scores(instrument, &s.answers);
                let n = sc.iter().flatten().count().max(1) as f64;
                context! {
                    on => s.submitted_on.clone(),
                    version => s.instrument_version,
                    mean => score(Some(sc.iter().flatten().sum::<f64>() / n), lang),
                }
            }).collect::<Vec<_>>(),
            group => group_view(&page.benchmark, instrument, lang),
            advice,
            public => page.settings.public,
            can_fill_in => page.can_fill_in,
            has_draft => page.has_draft,
        },
    )
}

/// `GET /zelfscan/groepen/{group}`: a peer group's aggregates, or "too few to compare".
pub async fn group(
    State(app): State<AppState>,
    ui: Ui,
    Path(key): Path<String>,
) -> Result<Html<String>, AppError> {
    let instrument = act::instrument()?;
    let b = act::group_benchmark(&app, &key).await?;
    ui.render(
        "zelfscan_group.html",
        context! { group => group_view(&b, instrument, ui.lang) },
    )
}
