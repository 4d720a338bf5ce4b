//! The meeting log's pages (brokers only): the report of a year or quarter with its charts and
//! tables, its CSV download, the log (paged, filtered by year and kind) and its CSV download, the
//! form to log a meeting, a meeting to read and edit, and "follow-up done".

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use fluent_bundle::FluentArgs;
use leerpunt_core::matching::province_name;
use leerpunt_core::meetings::{FollowUpInput, Meeting, MeetingKind, NewMeeting, Period, Report};
use leerpunt_core::Lang;
use leerpunt_store::MeetingFilter;
use minijinja::{context, Value};
use serde::Deserialize;

use super::helpdesk::path_id;
use super::{field_errors, kind_label, theme_label, theme_options, Labelled, Pager};
use crate::actions::meetings as act;
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// Empty rows for new follow-ups below the existing ones in the form.
const BLANK_FOLLOW_UPS: usize = 3;

#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    jaar: Option<String>,
    kwartaal: Option<String>,
}

impl ReportParams {
    /// The period asked for; the current year when none is given. Bad values are a 400.
    fn period(&self) -> Result<Period, AppError> {
        let year = match self
            .jaar
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => act::this_year(),
            Some(y) => y
                .parse()
                .map_err(|_| AppError::BadRequest(format!("jaar must be a year, not {y:?}")))?,
        };
        let quarter = match self
            .kwartaal
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(q) => Some(q.parse::<u8>().map_err(|_| {
                AppError::BadRequest(format!("kwartaal must be 1, 2, 3 or 4, not {q:?}"))
            })?),
        };
        Period::new(year, quarter).map_err(|e| AppError::BadRequest(e.to_string()))
    }
}

fn kind_name(k: MeetingKind, lang: Lang) -> String {
    k.label(lang).to_owned()
}

fn province_label(code: &str, lang: Lang) -> String {
    match province_name(code) {
        Some(name) => name.to_owned(),
        None if code.is_empty() => t(lang, "meeting-province-none", None),
        None => code.to_owned(),
    }
}

/// One table (and chart) of the report: an id, a caption and labelled rows.
struct Section {
    id: &'static str,
    caption: String,
    rows: Vec<(String, i64)>,
}

fn sections(r: &Report, lang: Lang) -> Vec<Section> {
    vec![
        Section {
            id: "kind",
            caption: t(lang, "meeting-report-by-kind", None),
            rows: r
                .by_kind
                .iter()
                .map(|(k, n)| (kind_name(*k, lang), *n))
                .collect(),
        },
        Section {
            id: "theme",
            caption: t(lang, "meeting-report-by-theme", None),
            rows: r
                .by_theme
                .iter()
                .map(|(k, n)| (theme_label(k, lang), *n))
                .collect(),
        },
        Section {
            id: "province",
            caption: t(lang, "meeting-report-by-province", None),
            rows: r
                .by_province
                .iter()
                .map(|(k, n)| (province_label(k, lang), *n))
                .collect(),
        },
        Section {
            id: "org-kind",
            caption: t(lang, "meeting-report-by-org-kind", None),
            rows: r
                .by_org_kind
                .iter()
                .map(|(k, n)| (kind_label(*k, lang), *n))
                .collect(),
        },
    ]
}

fn period_label(p: &Period, lang: Lang) -> String {
    match p.quarter {
        Some(q) => {
            let mut args = FluentArgs::new();
            args.set("year", p.year);
            args.set("quarter", q);
            t(lang, "meeting-period-quarter", Some(&args))
        }
        None => p.year.to_string(),
    }
}

/// `GET /verslag`: the report of a year or quarter.
pub async fn report(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<ReportParams>,
) -> Result<Html<String>, AppError> {
    let period = params.period()?;
    let r = act::report(&app, &caller, period).await?;
    let mut charts = Vec::new();
    for s in sections(&r, ui.lang) {
        let svg = crate::charts::bars(s.id, &s.caption, &s.rows)?;
        charts.push(context! {
            id => s.id,
            caption => s.caption,
            rows => s.rows.iter().map(|(l, n)| context! { label => l.clone(), count => n }).collect::<Vec<_>>(),
            svg => Value::from_safe_string(svg),
        });
    }
    let query = |q: &str| match period.quarter {
        Some(k) => format!("{q}?jaar={}&kwartaal={k}", period.year),
        None => format!("{q}?jaar={}", period.year),
    };
    let pct = if r.follow_ups_due > 0 {
        (r.follow_ups_on_time * 100 + r.follow_ups_due / 2) / r.follow_ups_due
    } else {
        0
    };
    ui.render(
        "meetings_report.html",
        context! {
            period => period_label(&period, ui.lang),
            year => period.year,
            quarter => period.quarter.unwrap_or(0),
            start => period.start(),
            end => period.end(),
            years => (period.year - 3..=act::this_year().max(period.year) + 1).rev().collect::<Vec<_>>(),
            report => &r,
            on_time_pct => pct,
            charts,
            csv_url => query("/verslag.csv"),
            log_url => format!("/verslag/bijeenkomsten?jaar={}", period.year),
        },
    )
}

fn csv_response(filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("csv: {e}"))
}

/// `GET /verslag.csv`: the report's figures, one row per count.
pub async fn report_csv(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<ReportParams>,
) -> Result<Response, AppError> {
    let period = params.period()?;
    let r = act::report(&app, &caller, period).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["period", "section", "key", "label", "count"])
        .map_err(csv_error)?;
    let p = period.label();
    let mut row = |section: &str, key: &str, label: &str, n: i64| {
        w.write_record([p.as_str(), section, key, label, &n.to_string()])
    };
    let lang = ui.lang;
    row(
        "total",
        "meetings",
        &t(lang, "meeting-report-total", None),
        r.meetings,
    )
    .map_err(csv_error)?;
    row(
        "total",
        "organisations_reached",
        &t(lang, "meeting-report-reached", None),
        r.organisations_reached,
    )
    .map_err(csv_error)?;
    row(
        "follow_ups",
        "due",
        &t(lang, "meeting-report-due", None),
        r.follow_ups_due,
    )
    .map_err(csv_error)?;
    row(
        "follow_ups",
        "on_time",
        &t(lang, "meeting-report-on-time", None),
        r.follow_ups_on_time,
    )
    .map_err(csv_error)?;
    row(
        "follow_ups",
        "late",
        &t(lang, "meeting-report-late", None),
        r.follow_ups_late,
    )
    .map_err(csv_error)?;
    row(
        "follow_ups",
        "open",
        &t(lang, "meeting-report-open", None),
        r.follow_ups_open,
    )
    .map_err(csv_error)?;
    for (k, n) in &r.by_kind {
        row("kind", k.key(), &kind_name(*k, lang), *n).map_err(csv_error)?;
    }
    for (k, n) in &r.by_theme {
        row("theme", k, &theme_label(k, lang), *n).map_err(csv_error)?;
    }
    for (k, n) in &r.by_province {
        row("province", k, &province_label(k, lang), *n).map_err(csv_error)?;
    }
    for (k, n) in &r.by_org_kind {
        row("organisation_kind", k.key(), &kind_label(*k, lang), *n).map_err(csv_error)?;
    }
    let body = w.into_inner().map_err(csv_error)?;
    let name = format!("leerpunt-verslag-{}.csv", p.replace(' ', "-"));
    Ok(csv_response(&name, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct LogParams {
    jaar: Option<String>,
    soort: Option<String>,
    page: Option<i64>,
}

impl LogParams {
    fn filter(&self) -> Result<MeetingFilter, AppError> {
        let year = match self
            .jaar
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!("jaar must be a year, not {y:?}"))
                    })?,
            ),
        };
        let kind = match self
            .soort
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(k) => Some(
                MeetingKind::parse(k)
                    .ok_or_else(|| AppError::BadRequest(format!("unknown kind {k:?}")))?,
            ),
        };
        Ok(MeetingFilter { year, kind })
    }
}

fn kind_options(lang: Lang) -> Vec<Labelled> {
    MeetingKind::ALL
        .iter()
        .map(|k| Labelled {
            key: k.key().to_owned(),
            label: kind_name(*k, lang),
        })
        .collect()
}

/// A meeting as the pages show it.
fn meeting_view(m: &Meeting, lang: Lang) -> Value {
    let today = act::today();
    context! {
        id => m.id,
        date => m.date.clone(),
        kind => m.kind.key(),
        kind_label => kind_name(m.kind, lang),
        title => m.title.clone(),
        organisations => m.organisations.iter().map(|o| context! { code => o.code.clone(), name => o.name.clone() }).collect::<Vec<_>>(),
        themes => m.themes.iter().map(|k| Labelled { key: k.clone(), label: theme_label(k, lang) }).collect::<Vec<_>>(),
        outcome => m.outcome.clone(),
        public => m.public,
        follow_ups => m.follow_ups.iter().map(|f| context! {
            id => f.id,
            action => f.action.clone(),
            owner => f.owner_name.clone().map_or_else(|| f.owner.clone(), |n| format!("{n} ({})", f.owner)),
            due => f.due.clone(),
            done => f.done.clone(),
            on_time => f.on_time(),
            overdue => f.done.is_none() && f.due < today,
        }).collect::<Vec<_>>(),
        open_follow_ups => m.follow_ups.iter().filter(|f| f.done.is_none()).count(),
        practices => m.practices.clone(),
        questions => m.questions.clone(),
        links => m.links.clone(),
        demo => m.demo,
    }
}

/// `GET /verslag/bijeenkomsten`: the log, newest first.
pub async fn log(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<LogParams>,
) -> Result<Html<String>, AppError> {
    let filter = params.filter()?;
    let page = crate::filters::page_request(params.page, Some(25))?;
    let (list, total, years) = act::log(&app, &caller, &filter, page).await?;
    let csv_url = {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(y) = filter.year {
            q.append_pair("jaar", &y.to_string());
        }
        if let Some(k) = filter.kind {
            q.append_pair("soort", k.key());
        }
        let q = q.finish();
        if q.is_empty() {
            "/verslag/bijeenkomsten.csv".to_owned()
        } else {
            format!("/verslag/bijeenkomsten.csv?{q}")
        }
    };
    ui.render(
        "meetings_log.html",
        context! {
            meetings => list.iter().map(|m| meeting_view(m, ui.lang)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, total),
            years,
            year => filter.year.unwrap_or(0),
            kind => filter.kind.map(|k| k.key()).unwrap_or(""),
            kinds => kind_options(ui.lang),
            csv_url,
        },
    )
}

/// `GET /verslag/bijeenkomsten.csv`: the log in the columns `leerpunt import meetings` reads.
pub async fn log_csv(
    State(app): State<AppState>,
    caller: Caller,
    Q(params): Q<LogParams>,
) -> Result<Response, AppError> {
    let filter = params.filter()?;
    let list = act::export(&app, &caller, &filter).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "date",
        "kind",
        "title",
        "organisations",
        "themes",
        "outcome",
        "public",
        "follow_ups",
        "practices",
        "questions",
        "links",
    ])
    .map_err(csv_error)?;
    for m in &list {
        let follow_ups = m
            .follow_ups
            .iter()
            .map(|f| {
                let mut s = format!("{}; {}; {}", f.action, f.owner, f.due);
                if let Some(d) = &f.done {
                    s.push_str(&format!("; {d}"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" | ");
        w.write_record([
            m.date.as_str(),
            m.kind.key(),
            m.title.as_str(),
            &m.organisations
                .iter()
                .map(|o| o.code.as_str())
                .collect::<Vec<_>>()
                .join("|"),
            &m.themes.join("|"),
            m.outcome.as_str(),
            if m.public { "yes" } else { "no" },
            &follow_ups,
            &m.practices.join("|"),
            &m.questions
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join("|"),
            &m.links.join("|"),
        ])
        .map_err(csv_error)?;
    }
    let body = w.into_inner().map_err(csv_error)?;
    Ok(csv_response("leerpunt-bijeenkomsten.csv", body))
}

/// Splits a list typed in one field: commas, semicolons, spaces and new lines separate.
fn split_list(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The meeting a form describes, and for each follow-up the form row it came from. A question
/// that is not a number becomes 0, which validation names as unknown.
fn meeting_from_form(form: &FormData) -> (NewMeeting, Vec<usize>) {
    let questions = split_list(form.get("questions"))
        .iter()
        .map(|q| q.trim_start_matches('#').parse::<i64>().unwrap_or(0))
        .collect();
    let rows: usize = form
        .get("follow_up_rows")
        .trim()
        .parse()
        .unwrap_or(0)
        .min(leerpunt_core::meetings::MAX_FOLLOW_UPS + BLANK_FOLLOW_UPS);
    let mut follow_ups = Vec::new();
    let mut from_rows = Vec::new();
    for row in 1..=rows {
        let get = |f: &str| form.get(&format!("follow_ups.{row}.{f}")).trim().to_owned();
        let (action, owner, due, done) = (get("action"), get("owner"), get("due"), get("done"));
        if action.is_empty() && owner.is_empty() && due.is_empty() && done.is_empty() {
            continue;
        }
        follow_ups.push(FollowUpInput {
            action,
            owner,
            due,
            done: Some(done).filter(|d| !d.is_empty()),
        });
        from_rows.push(row);
    }
    (
        NewMeeting {
            date: form.get("date").trim().to_owned(),
            kind: form.get("kind").trim().to_owned(),
            title: form.get("title").to_owned(),
            organisations: split_list(&form.get("organisations").to_uppercase()),
            themes: form.all("themes"),
            outcome: form.get("outcome").to_owned(),
            public: form.checked("public"),
            follow_ups,
            practices: split_list(form.get("practices")),
            questions,
            links: form
                .get("links")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        from_rows,
    )
}

/// Field errors in the page's language: this area's own text (`err-meeting-FIELD`, with the
/// value at fault) where there is one; follow-up fields are renamed back to their form row.
fn errors_of(e: &AppError, lang: Lang, rows: &[usize]) -> Option<BTreeMap<String, String>> {
    let AppError::Invalid(fields) = e else {
        return None;
    };
    let mut out = field_errors(e, lang)?;
    out.clear();
    for f in fields {
        let value = f
            .message
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_matches('"')
            .to_owned();
        let (name, key, n) = match f.field.split('.').collect::<Vec<_>>().as_slice() {
            ["follow_ups", i, sub] => {
                let i: usize = i.parse().unwrap_or(0);
                let row = rows.get(i.wrapping_sub(1)).copied().unwrap_or(i);
                (
                    format!("follow_ups.{row}.{sub}"),
                    format!("err-meeting-follow-up-{sub}"),
                    row,
                )
            }
            _ => (f.field.clone(), format!("err-meeting-{}", f.field), 0),
        };
        let mut args = FluentArgs::new();
        args.set("value", value);
        args.set("n", n);
        // `t` answers the key itself when there is no such text.
        let message = match t(lang, &key, Some(&args)) {
            m if m == key => f.message.clone(),
            m => m,
        };
        out.entry(name).or_insert(message);
    }
    Some(out)
}

/// The values of the form: a meeting's, or what was sent.
fn form_values(m: &NewMeeting) -> Value {
    let mut follow_ups: Vec<Value> = m
        .follow_ups
        .iter()
        .map(|f| {
            context! { action => f.action.clone(), owner => f.owner.clone(), due => f.due.clone(), done => f.done.clone().unwrap_or_default() }
        })
        .collect();
    for _ in 0..BLANK_FOLLOW_UPS {
        follow_ups.push(context! { action => "", owner => "", due => "", done => "" });
    }
    context! {
        date => m.date.clone(),
        kind => m.kind.clone(),
        title => m.title.clone(),
        organisations => m.organisations.join(" "),
        themes => m.themes.clone(),
        outcome => m.outcome.clone(),
        public => m.public,
        follow_ups,
        practices => m.practices.join(" "),
        questions => m.questions.iter().map(i64::to_string).collect::<Vec<_>>().join(" "),
        links => m.links.join("\n"),
    }
}

fn render_form(
    ui: &Ui,
    meeting: Option<&Meeting>,
    values: Value,
    errors: BTreeMap<String, String>,
    saved: bool,
) -> Result<Html<String>, AppError> {
    ui.render(
        "meeting.html",
        context! {
            saved,
            meeting => meeting.map(|m| meeting_view(m, ui.lang)),
            action => meeting.map_or_else(|| "/verslag/bijeenkomsten/nieuw".to_owned(), |m| format!("/verslag/bijeenkomsten/{}", m.id)),
            values,
            errors,
            kinds => kind_options(ui.lang),
            themes => theme_options(ui.lang),
            today => act::today(),
        },
    )
}

/// `GET /verslag/bijeenkomsten/nieuw`.
pub async fn new_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    // Only brokers see the form: reading the log's first page checks the same rule.
    act::log(
        &app,
        &caller,
        &MeetingFilter::default(),
        crate::filters::page_request(Some(1), Some(1))?,
    )
    .await?;
    let blank = NewMeeting {
        date: act::today(),
        ..NewMeeting::default()
    };
    render_form(&ui, None, form_values(&blank), BTreeMap::new(), false)
}

/// `POST /verslag/bijeenkomsten/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let (input, rows) = meeting_from_form(&form);
    match act::create(&app, &caller, input.clone()).await {
        Ok(m) => Ok(
            Redirect::to(&format!("/verslag/bijeenkomsten/{}?opgeslagen=1", m.id)).into_response(),
        ),
        Err(e) => invalid(&ui, None, e, &rows, &input),
    }
}

/// The form again with the field errors (422), or the error itself when it is not about fields.
fn invalid(
    ui: &Ui,
    meeting: Option<&Meeting>,
    e: AppError,
    rows: &[usize],
    input: &NewMeeting,
) -> Result<Response, AppError> {
    match errors_of(&e, ui.lang, rows) {
        Some(errors) => {
            let html = render_form(ui, meeting, form_values(input), errors, false)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        None => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct MeetingParams {
    opgeslagen: Option<String>,
}

/// `GET /verslag/bijeenkomsten/{id}`: the meeting, and the form to edit it.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    Q(params): Q<MeetingParams>,
) -> Result<Html<String>, AppError> {
    let id = path_id(&id)?;
    let m = act::meeting(&app, &caller, id).await?;
    render_form(
        &ui,
        Some(&m),
        form_values(&m.to_input()),
        BTreeMap::new(),
        params.opgeslagen.is_some(),
    )
}

/// `POST /verslag/bijeenkomsten/{id}`: saves the edit form.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let (input, rows) = meeting_from_form(&form);
    match act::update(&app, &caller, id, input.clone()).await {
        Ok(m) => Ok(
            Redirect::to(&format!("/verslag/bijeenkomsten/{}?opgeslagen=1", m.id)).into_response(),
        ),
        Err(e @ AppError::Invalid(_)) => {
            let m = act::meeting(&app, &caller, id).await?;
            invalid(&ui, Some(&m), e, &rows, &input)
        }
        Err(e) => Err(e),
    }
}

/// `POST /verslag/bijeenkomsten/{id}/afgerond`: `follow_up` (its id) is done, on `date` or today.
pub async fn done(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let follow_up: i64 = form.get("follow_up").trim().parse().map_err(|_| {
        AppError::BadRequest("follow_up must be the number of a follow-up".to_owned())
    })?;
    let date = Some(form.get("date").to_owned());
    act::done(&app, &caller, id, follow_up, date).await?;
    Ok(Redirect::to(&format!("/verslag/bijeenkomsten/{id}#vervolg")).into_response())
}
