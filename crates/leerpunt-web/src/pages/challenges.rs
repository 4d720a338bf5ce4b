//! Idea challenge pages: the list, a challenge with its phase timeline, ideas and funnel chart
//! (with its table), an idea with supports, comments, pitch and the jury's form, a project with
//! milestones and progress, and the brokers' forms. Every refusal is a 4xx told in the page's
//! language; no page needs JavaScript.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::challenges::{
    Challenge, ChallengeInput, CriterionInput, IdeaInput, MilestoneInput, Phase, PhaseDates,
    PitchInput, Project, Tally, MAX_CRITERIA,
};
use leerpunt_core::Lang;
use minijinja::{context, Value};

use super::{theme_label, theme_options, Labelled};
use crate::actions::{challenges as uc, Caller};
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::ui::Ui;
use crate::{charts, markup, AppState};

fn money(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    format!("€ {}{out}", if n < 0 { "-" } else { "" })
}

fn points(hundredths_sum: i64, jurors: i64) -> String {
    if jurors == 0 {
        "–".to_owned()
    } else {
        format!("{:.2}", hundredths_sum as f64 / 100.0 / jurors as f64)
    }
}

fn challenge_view(c: &Challenge, lang: Lang) -> Value {
    let today = uc::today();
    let phase = c.phase(&today);
    let timeline: Vec<Value> = Phase::TIMELINE
        .iter()
        .map(|p| {
            context! {
                key => p.key(),
                label => p.label(lang),
                from => c.dates.start(*p).unwrap_or_default(),
                current => *p == phase,
                past => *p < phase,
            }
        })
        .collect();
    context! {
        id => c.id,
        title => c.title(lang),
        description => Value::from_safe_string(markup::markdown(c.description(lang))),
        summary => leerpunt_core::text::shorten(&leerpunt_core::markdown::plain_text(c.description(lang)), 200),
        themes => c.themes.iter().map(|k| Labelled { key: k.clone(), label: theme_label(k, lang) }).collect::<Vec<_>>(),
        budget => money(c.budget),
        winners => c.winners,
        phase => phase.key(),
        phase_label => phase.label(lang),
        open => phase.is_open(),
        timeline,
        criteria => c.criteria.iter().map(|k| context! { id => k.id, name => k.name(lang), weight => k.weight }).collect::<Vec<_>>(),
        funnel => c.funnel,
        demo => c.demo,
    }
}

fn funnel_chart(c: &Challenge, lang: Lang) -> Result<Value, AppError> {
    let rows: Vec<(String, i64)> = c
        .funnel
        .steps()
        .iter()
        .map(|(k, n)| (t(lang, k, None), *n))
        .collect();
    let caption = t(lang, "challenge-funnel-title", None);
    let svg = charts::bars("funnel", &caption, &rows)?;
    Ok(context! {
        caption,
        svg => Value::from_safe_string(svg),
        rows => rows.iter().map(|(label, count)| context! { label, count }).collect::<Vec<_>>(),
    })
}

fn ranking_view(ranking: &[Tally], titles: &BTreeMap<i64, String>) -> Vec<Value> {
    ranking
        .iter()
        .enumerate()
        .map(|(i, r)| {
            context! {
                place => i + 1,
                idea_id => r.idea_id,
                title => titles.get(&r.idea_id).cloned().unwrap_or_default(),
                mean => points(r.weighted_sum, r.jurors),
                jurors => r.jurors,
                supports => r.supports,
            }
        })
        .collect()
}

fn project_view(p: &Project, lang: Lang) -> Value {
    context! {
        id => p.id,
        idea_id => p.idea_id,
        title => p.title(lang),
        budget => money(p.budget),
        rank => p.rank,
        finished_on => p.finished_on.clone(),
        results => Value::from_safe_string(markup::markdown(p.results(lang))),
        has_results => !p.results_nl.is_empty(),
        milestones => p.milestones.iter().map(|m| context! { id => m.id, title => m.title.clone(), due => m.due.clone(), done => m.done.clone() }).collect::<Vec<_>>(),
        updates => p.updates.iter().map(|u| context! { on => u.on.clone(), body => Value::from_safe_string(markup::markdown(&u.body)), author => u.author_name.clone() }).collect::<Vec<_>>(),
        done_count => p.milestones.iter().filter(|m| m.done.is_some()).count(),
        demo => p.demo,
    }
}

/// `GET /uitdagingen`.
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let all = uc::list(&app).await?;
    let today = uc::today();
    let (open, finished): (Vec<&Challenge>, Vec<&Challenge>) =
        all.iter().partition(|c| c.phase(&today).is_open());
    ui.render(
        "challenges.html",
        context! {
            open => open.iter().map(|c| challenge_view(c, ui.lang)).collect::<Vec<_>>(),
            finished => finished.iter().map(|c| challenge_view(c, ui.lang)).collect::<Vec<_>>(),
            can_manage => caller.can(leerpunt_core::access::Action::ManageChallenges, leerpunt_core::access::Target::None),
        },
    )
}

/// `GET /uitdagingen/{id}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let page = uc::page(&app, &caller, id).await?;
    let lang = ui.lang;
    let titles: BTreeMap<i64, String> = page
        .ideas
        .iter()
        .map(|i| (i.id, i.title(lang).to_owned()))
        .collect();
    let ideas: Vec<Value> = page
        .ideas
        .iter()
        .map(|i| {
            context! {
                id => i.id,
                title => i.title(lang),
                organisation => i.organisation.as_ref().map(|o| o.2.clone()),
                submitter => i.submitter_name.clone(),
                supports => i.supports,
                shortlisted => i.shortlisted,
                pitched => i.pitch.is_some(),
            }
        })
        .collect();
    let (pitched, rest): (Vec<Value>, Vec<Value>) = ideas.into_iter().partition(|v| {
        v.get_attr("shortlisted")
            .map(|x| x.is_true())
            .unwrap_or(false)
    });
    ui.render(
        "challenge.html",
        context! {
            c => challenge_view(&page.challenge, lang),
            chart => funnel_chart(&page.challenge, lang)?,
            shortlist => pitched,
            ideas => rest,
            projects => page.projects.iter().map(|p| project_view(p, lang)).collect::<Vec<_>>(),
            ranking => page.ranking.as_ref().map(|r| ranking_view(r, &titles)),
            jury => page.jury.iter().map(|j| j.name.clone()).collect::<Vec<_>>(),
            is_juror => page.is_juror,
            can_manage => page.can_manage,
            can_submit => page.can_submit,
            can_choose => page.can_manage && page.phase == Phase::Execute && page.challenge.winners_chosen_at.is_none(),
            can_publish => page.can_manage && page.phase == Phase::Execute && page.challenge.funnel.funded > 0,
            signed_in => caller.user.is_some(),
        },
    )
}

fn challenge_input(form: &FormData) -> ChallengeInput {
    let num = |name: &str| -> i64 {
        let v = form.get(name).trim().replace(['.', ' '], "");
        if v.is_empty() {
            0
        } else {
            v.parse().unwrap_or(-1)
        }
    };
    let criteria = (0..MAX_CRITERIA)
        .filter_map(|i| {
            let nl = form.get(&format!("criterion_nl_{i}")).trim().to_owned();
            let en = form.get(&format!("criterion_en_{i}")).trim().to_owned();
            let w = form.get(&format!("weight_{i}")).trim().to_owned();
            if nl.is_empty() && en.is_empty() && w.is_empty() {
                return None;
            }
            Some(CriterionInput {
                name_nl: nl,
                name_en: en,
                weight: w.parse().unwrap_or(0),
            })
        })
        .collect();
    ChallengeInput {
        title_nl: form.get("title_nl").to_owned(),
        title_en: form.get("title_en").to_owned(),
        description_nl: form.get("description_nl").to_owned(),
        description_en: form.get("description_en").to_owned(),
        themes: form.all("themes"),
        budget: num("budget"),
        winners: num("winners"),
        dates: PhaseDates {
            collect_from: form.get("collect_from").trim().to_owned(),
            shortlist_from: form.get("shortlist_from").trim().to_owned(),
            pitch_from: form.get("pitch_from").trim().to_owned(),
            jury_from: form.get("jury_from").trim().to_owned(),
            execute_from: form.get("execute_from").trim().to_owned(),
            results_from: form.get("results_from").trim().to_owned(),
        },
        criteria,
    }
}

fn input_values(i: &ChallengeInput, budget: &str, winners: &str) -> Value {
    let mut rows: Vec<Value> = i
        .criteria
        .iter()
        .map(|c| context! { nl => c.name_nl.clone(), en => c.name_en.clone(), weight => if c.weight > 0 { c.weight.to_string() } else { String::new() } })
        .collect();
    while rows.len() < MAX_CRITERIA {
        rows.push(context! { nl => "", en => "", weight => "" });
    }
    context! {
        title_nl => i.title_nl.clone(), title_en => i.title_en.clone(),
        description_nl => i.description_nl.clone(), description_en => i.description_en.clone(),
        themes => i.themes.clone(), budget, winners,
        dates => i.dates.clone(),
        criteria => rows,
    }
}

fn render_form(
    ui: &Ui,
    editing: Option<i64>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let phases: Vec<Value> = PhaseDates::default()
        .fields()
        .iter()
        .zip(Phase::TIMELINE)
        .map(|((field, _), p)| context! { field, label => p.label(ui.lang) })
        .collect();
    ui.render(
        "challenge_form.html",
        context! {
            action => match editing { Some(id) => format!("/uitdagingen/{id}/bewerken"), None => "/uitdagingen/nieuw".to_owned() },
            editing => editing.is_some(),
            themes => theme_options(ui.lang),
            phases,
            values,
            errors,
        },
    )
}

fn form_errors(e: &AppError, lang: Lang) -> Option<BTreeMap<String, String>> {
    super::labs::area_errors(e, lang, "challenge")
}

/// `GET /uitdagingen/nieuw`.
pub async fn new_form(caller: Caller, ui: Ui) -> Result<Html<String>, AppError> {
    caller.require(
        leerpunt_core::access::Action::ManageChallenges,
        leerpunt_core::access::Target::None,
    )?;
    let input = ChallengeInput {
        criteria: vec![
            CriterionInput {
                name_nl: "Impact".into(),
                name_en: "Impact".into(),
                weight: 40,
            },
            CriterionInput {
                name_nl: "Haalbaarheid".into(),
                name_en: "Feasibility".into(),
                weight: 30,
            },
            CriterionInput {
                name_nl: "Herbruikbaarheid".into(),
                name_en: "Reuse".into(),
                weight: 30,
            },
        ],
        ..ChallengeInput::default()
    };
    render_form(&ui, None, input_values(&input, "", "3"), BTreeMap::new())
}

async fn save(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    existing: Option<i64>,
    form: &FormData,
) -> Result<Response, AppError> {
    let input = challenge_input(form);
    let result = match existing {
        Some(id) => uc::update(app, caller, id, input.clone()).await,
        None => uc::open(app, caller, input.clone()).await,
    };
    match result {
        Ok(c) => Ok(Redirect::to(&format!("/uitdagingen/{}", c.id)).into_response()),
        Err(e) => match form_errors(&e, ui.lang) {
            Some(errors) => {
                let values = input_values(&input, form.get("budget"), form.get("winners"));
                let html = render_form(ui, existing, values, errors)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /uitdagingen/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    save(&app, &caller, &ui, None, &form).await
}

/// `GET /uitdagingen/{id}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let c = uc::editable(&app, &caller, id).await?;
    let input = ChallengeInput {
        title_nl: c.title_nl.clone(),
        title_en: c.title_en.clone(),
        description_nl: c.description_nl.clone(),
        description_en: c.description_en.clone(),
        themes: c.themes.clone(),
        budget: c.budget,
        winners: c.winners,
        dates: c.dates.clone(),
        criteria: c
            .criteria
            .iter()
            .map(|k| CriterionInput {
                name_nl: k.name_nl.clone(),
                name_en: k.name_en.clone(),
                weight: k.weight,
            })
            .collect(),
    };
    let values = input_values(&input, &c.budget.to_string(), &c.winners.to_string());
    render_form(&ui, Some(id), values, BTreeMap::new())
}

/// `POST /uitdagingen/{id}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    save(&app, &caller, &ui, Some(id), &form).await
}

/// `POST /uitdagingen/{id}/jury`.
pub async fn appoint(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    uc::appoint(&app, &caller, id, form.get("email")).await?;
    Ok(Redirect::to(&format!("/uitdagingen/{id}#jury")).into_response())
}

fn idea_input(form: &FormData) -> IdeaInput {
    IdeaInput {
        title_nl: form.get("title_nl").to_owned(),
        title_en: form.get("title_en").to_owned(),
        description_nl: form.get("description_nl").to_owned(),
        description_en: form.get("description_en").to_owned(),
        organisation: Some(form.get("organisation").trim().to_owned()).filter(|s| !s.is_empty()),
    }
}

fn render_idea_form(
    ui: &Ui,
    c: &Challenge,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "challenge_idea_form.html",
        context! { c => challenge_view(c, ui.lang), values, errors },
    )
}

/// `GET /uitdagingen/{id}/idee`.
pub async fn idea_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let c = uc::challenge(&app, id).await?;
    caller.require(
        leerpunt_core::access::Action::TakePartInChallenge,
        leerpunt_core::access::Target::None,
    )?;
    let organisation = caller
        .user
        .as_ref()
        .and_then(|u| u.organisation.clone())
        .unwrap_or_default();
    let values = context! {
        title_nl => "", title_en => "", description_nl => "", description_en => "", organisation,
    };
    render_idea_form(&ui, &c, values, BTreeMap::new())
}

/// `POST /uitdagingen/{id}/idee`.
pub async fn submit_idea(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = idea_input(&form);
    match uc::submit_idea(&app, &caller, id, input.clone()).await {
        Ok(idea) => Ok(Redirect::to(&format!("/uitdagingen/ideeen/{}", idea.id)).into_response()),
        Err(e) => match form_errors(&e, ui.lang) {
            Some(errors) => {
                let c = uc::challenge(&app, id).await?;
                let values = context! {
                    title_nl => input.title_nl, title_en => input.title_en,
                    description_nl => input.description_nl, description_en => input.description_en,
                    organisation => input.organisation.unwrap_or_default(),
                };
                let html = render_idea_form(&ui, &c, values, errors)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `GET /uitdagingen/ideeen/{id}`.
pub async fn idea(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let p = uc::idea_page(&app, &caller, id).await?;
    let lang = ui.lang;
    let criteria = &p.challenge.criteria;
    let sheets: Vec<Value> = p
        .sheets
        .iter()
        .map(|s| {
            context! {
                juror => s.juror_name.clone(),
                scores => s.scores.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
                weighted => points(s.weighted, 1),
            }
        })
        .collect();
    let i = &p.idea;
    ui.render(
        "challenge_idea.html",
        context! {
            c => challenge_view(&p.challenge, lang),
            idea => context! {
                id => i.id,
                title => i.title(lang),
                description => Value::from_safe_string(markup::markdown(i.description(lang))),
                organisation => i.organisation.as_ref().map(|o| context! { code => o.1.clone(), name => o.2.clone() }),
                submitter => i.submitter_name.clone(),
                supports => i.supports,
                shortlisted => i.shortlisted,
                pitch => i.pitch.as_ref().map(|pt| context! {
                    text => Value::from_safe_string(markup::markdown(&pt.text)),
                    link => pt.link.clone(),
                    raw => pt.text.clone(),
                }),
                created_at => i.created_at.chars().take(10).collect::<String>(),
                demo => i.demo,
            },
            comments => p.comments.iter().map(|c| context! {
                author => c.author_name.clone(),
                body => Value::from_safe_string(markup::markdown(&c.body)),
                at => c.created_at.chars().take(10).collect::<String>(),
            }).collect::<Vec<_>>(),
            criteria => criteria.iter().map(|k| context! { id => k.id, name => k.name(lang), weight => k.weight }).collect::<Vec<_>>(),
            sheets,
            total => p.total.as_ref().map(|(place, t)| context! { place => *place, mean => points(t.weighted_sum, t.jurors), jurors => t.jurors }),
            supported => p.supported,
            is_juror => p.is_juror,
            has_scored => p.has_scored,
            conflict => p.conflict,
            can_discuss => p.can_take_part && leerpunt_core::challenges::rules::discuss(p.phase).is_ok(),
            can_pitch => p.can_pitch && p.phase == Phase::Pitch,
            can_score => p.is_juror && !p.has_scored && !p.conflict && p.phase == Phase::Jury && i.pitch.is_some(),
            can_shortlist => p.can_manage && !i.shortlisted && leerpunt_core::challenges::rules::shortlist(p.phase).is_ok(),
            signed_in => caller.user.is_some(),
        },
    )
}

/// `POST /uitdagingen/ideeen/{id}/steunen`.
pub async fn support(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    uc::support(&app, &caller, id, true).await?;
    Ok(Redirect::to(&format!("/uitdagingen/ideeen/{id}")).into_response())
}

/// `POST /uitdagingen/ideeen/{id}/steun-intrekken`.
pub async fn unsupport(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    uc::support(&app, &caller, id, false).await?;
    Ok(Redirect::to(&format!("/uitdagingen/ideeen/{id}")).into_response())
}

/// `POST /uitdagingen/ideeen/{id}/reageren`.
pub async fn comment(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    uc::comment(&app, &caller, id, form.get("body")).await?;
    Ok(Redirect::to(&format!("/uitdagingen/ideeen/{id}#reacties")).into_response())
}

/// `POST /uitdagingen/ideeen/{id}/shortlist`.
pub async fn shortlist(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    uc::shortlist(&app, &caller, id).await?;
    Ok(Redirect::to(&format!("/uitdagingen/ideeen/{id}")).into_response())
}

/// `POST /uitdagingen/ideeen/{id}/pitch`.
pub async fn pitch(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = PitchInput {
        text: form.get("text").to_owned(),
        link: form.get("link").trim().to_owned(),
    };
    uc::pitch(&app, &caller, id, input).await?;
    Ok(Redirect::to(&format!("/uitdagingen/ideeen/{id}")).into_response())
}

/// `POST /uitdagingen/ideeen/{id}/scores`: `score_{criterion}` for every criterion.
pub async fn score(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let criteria = uc::criteria_of_idea(&app, id).await?;
    let scores: Vec<(i64, i64)> = criteria
        .iter()
        .filter_map(|k| {
            let v = form.get(&format!("score_{}", k.id)).trim();
            (!v.is_empty()).then(|| (k.id, v.parse().unwrap_or(0)))
        })
        .collect();
    uc::score(&app, &caller, id, &scores).await?;
    Ok(Redirect::to(&format!("/uitdagingen/ideeen/{id}#jury")).into_response())
}

/// `POST /uitdagingen/{id}/winnaars`: the checked `idea`s with `budget_{idea}`, or without
/// any the ranking's top N.
pub async fn winners(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let chosen = form.all("idea");
    let chosen = if chosen.is_empty() {
        None
    } else {
        let mut out = Vec::new();
        for i in chosen {
            let idea: i64 = i
                .parse()
                .map_err(|_| AppError::BadRequest(format!("idea {i:?} is not a number")))?;
            let budget: i64 = form
                .get(&format!("budget_{idea}"))
                .trim()
                .replace('.', "")
                .parse()
                .unwrap_or(-1);
            out.push((idea, budget));
        }
        Some(out)
    };
    uc::select_winners(&app, &caller, id, chosen).await?;
    Ok(Redirect::to(&format!("/uitdagingen/{id}#projecten")).into_response())
}

/// `POST /uitdagingen/{id}/resultaten`.
pub async fn publish(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    uc::publish(&app, &caller, id).await?;
    Ok(Redirect::to(&format!("/uitdagingen/{id}")).into_response())
}

/// `GET /uitdagingen/projecten/{id}`.
pub async fn project(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let (p, c) = uc::project(&app, id).await?;
    ui.render(
        "challenge_project.html",
        context! {
            c => challenge_view(&c, ui.lang),
            p => project_view(&p, ui.lang),
            can_keep => uc::may_keep(&caller, &p),
            today => uc::today(),
        },
    )
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/uitdagingen/projecten/{id}")).into_response()
}

/// `POST /uitdagingen/projecten/{id}/mijlpalen`.
pub async fn add_milestone(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = MilestoneInput {
        title: form.get("title").to_owned(),
        due: form.get("due").trim().to_owned(),
    };
    uc::add_milestone(&app, &caller, id, input).await?;
    Ok(back(id))
}

/// `POST /uitdagingen/projecten/{id}/mijlpalen/{milestone}/klaar`.
pub async fn milestone_done(
    State(app): State<AppState>,
    caller: Caller,
    Path((id, milestone)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    uc::milestone_done(&app, &caller, id, milestone).await?;
    Ok(back(id))
}

/// `POST /uitdagingen/projecten/{id}/voortgang`.
pub async fn add_update(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    uc::add_update(&app, &caller, id, form.get("on"), form.get("body")).await?;
    Ok(back(id))
}

/// `POST /uitdagingen/projecten/{id}/resultaten`.
pub async fn results(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    uc::results(
        &app,
        &caller,
        id,
        form.get("results_nl"),
        form.get("results_en"),
    )
    .await?;
    Ok(back(id))
}
