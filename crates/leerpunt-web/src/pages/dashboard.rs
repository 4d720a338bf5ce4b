//! The public dashboard (`/dashboard`): what the centre reports — practices by theme, province and
//! kind of organisation, organisations reached, the help desk, meetings by kind, growth per year —
//! each figure a server-drawn chart with a table beside it and a link to the list behind it.

use axum::extract::State;
use axum::response::Html;
use fluent_bundle::FluentArgs;
use leerpunt_core::dashboard::Dashboard;
use leerpunt_core::matching::province_name;
use leerpunt_core::Lang;
use minijinja::{context, Value};

use super::{kind_label, theme_label};
use crate::actions::dashboard as act;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// One row of a figure: what it counts, how many, and the list behind it.
struct Row {
    label: String,
    count: i64,
    href: Option<String>,
}

/// One figure: a chart and its table.
struct Figure {
    id: &'static str,
    caption: String,
    rows: Vec<Row>,
    /// The list behind the whole figure.
    more: Option<(String, String)>,
}

fn row(label: String, count: i64, href: Option<String>) -> Row {
    Row { label, count, href }
}

/// "3 uur" or "2,5 dagen": a duration in hours as people say it.
pub fn duration_label(hours: f64, lang: Lang) -> String {
    let mut args = FluentArgs::new();
    if hours < 48.0 {
        args.set("n", hours.round() as i64);
        t(lang, "dashboard-hours", Some(&args))
    } else {
        let days = (hours / 24.0 * 10.0).round() / 10.0;
        let text = match lang {
            Lang::Nl => format!("{days}").replace('.', ","),
            Lang::En => format!("{days}"),
        };
        args.set("n", text);
        t(lang, "dashboard-days", Some(&args))
    }
}

fn figures(d: &Dashboard, lang: Lang) -> Vec<Figure> {
    let tr = |key: &str| t(lang, key, None);
    let mut out = vec![
        Figure {
            id: "theme",
            caption: tr("dashboard-by-theme"),
            rows: d
                .by_theme
                .iter()
                .map(|(k, n)| {
                    row(
                        theme_label(k, lang),
                        *n,
                        Some(format!("/praktijken?theme={k}")),
                    )
                })
                .collect(),
            more: Some(("/themas".into(), tr("dashboard-more-themes"))),
        },
        Figure {
            id: "province",
            caption: tr("dashboard-by-province"),
            rows: d
                .by_province
                .iter()
                .map(|(code, n)| match code.as_deref().and_then(province_name) {
                    Some(name) => row(
                        name.to_owned(),
                        *n,
                        code.as_ref().map(|c| format!("/praktijken?province={c}")),
                    ),
                    None => row(tr("dashboard-no-province"), *n, None),
                })
                .collect(),
            more: Some(("/praktijken".into(), tr("dashboard-more-practices"))),
        },
        Figure {
            id: "org-kind",
            caption: tr("dashboard-by-org-kind"),
            rows: d
                .by_org_kind
                .iter()
                .map(|(k, n)| {
                    row(
                        kind_label(*k, lang),
                        *n,
                        Some(format!("/praktijken?kind={}", k.key())),
                    )
                })
                .collect(),
            more: Some(("/organisaties".into(), tr("dashboard-more-organisations"))),
        },
        Figure {
            id: "reach",
            caption: tr("dashboard-reach"),
            rows: vec![
                row(
                    tr("dashboard-reach-practices"),
                    d.reach.with_practices,
                    Some("/organisaties".into()),
                ),
                row(tr("dashboard-reach-members"), d.reach.with_members, None),
                row(tr("dashboard-reach-meetings"), d.reach.in_meetings, None),
                row(tr("dashboard-reach-total"), d.reach.total, None),
            ],
            more: Some(("/organisaties".into(), tr("dashboard-more-organisations"))),
        },
        Figure {
            id: "helpdesk",
            caption: tr("dashboard-helpdesk"),
            rows: vec![
                row(tr("dashboard-asked"), d.helpdesk.asked, None),
                row(
                    tr("dashboard-answered"),
                    d.helpdesk.answered,
                    Some("/helpdesk".into()),
                ),
                row(tr("dashboard-waiting"), d.helpdesk.waiting, None),
            ],
            more: Some(("/helpdesk".into(), tr("dashboard-more-helpdesk"))),
        },
    ];
    if !d.meetings_by_kind.is_empty() {
        out.push(Figure {
            id: "meetings",
            caption: tr("dashboard-meetings"),
            rows: d
                .meetings_by_kind
                .iter()
                .map(|(k, n)| row(k.label(lang).to_owned(), *n, None))
                .collect(),
            more: Some(("/verslag".into(), tr("dashboard-more-meetings"))),
        });
    }
    if !d.agenda_by_status.is_empty() {
        out.push(Figure {
            id: "agenda",
            caption: tr("dashboard-agenda"),
            rows: d
                .agenda_by_status
                .iter()
                .map(|(s, n)| {
                    row(
                        s.label(lang).to_owned(),
                        *n,
                        Some(format!("/agenda?status={}", s.key())),
                    )
                })
                .collect(),
            more: Some(("/agenda".into(), tr("dashboard-more-agenda"))),
        });
    }
    for c in &d.challenges {
        let title = match lang {
            Lang::Nl => c.title_nl.as_str(),
            Lang::En => c.title_en.as_str(),
        };
        let mut args = FluentArgs::new();
        args.set("title", title.to_owned());
        out.push(Figure {
            id: "challenge",
            caption: t(lang, "dashboard-challenge", Some(&args)),
            rows: c
                .funnel
                .steps()
                .iter()
                .map(|(key, n)| row(tr(key), *n, None))
                .collect(),
            more: Some((format!("/uitdagingen/{}", c.id), title.to_owned())),
        });
    }
    out
}

/// `GET /dashboard`.
pub async fn show(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let d = act::figures(&app).await?;
    let lang = ui.lang;
    let mut charts = Vec::new();
    for (i, f) in figures(&d, lang).into_iter().enumerate() {
        let id = format!("{}-{i}", f.id);
        let bars: Vec<(String, i64)> = f.rows.iter().map(|r| (r.label.clone(), r.count)).collect();
        let svg = crate::charts::bars(&id, &f.caption, &bars)?;
        charts.push(context! {
            id => id,
            caption => f.caption,
            rows => f.rows.iter().map(|r| context! { label => r.label.clone(), count => r.count, href => r.href.clone() }).collect::<Vec<_>>(),
            svg => Value::from_safe_string(svg),
            more_href => f.more.as_ref().map(|m| m.0.clone()),
            more_label => f.more.as_ref().map(|m| m.1.clone()),
        });
    }
    let growth_caption = t(lang, "dashboard-growth", None);
    let growth_bars: Vec<(String, i64)> = d
        .growth
        .iter()
        .map(|y| (y.year.to_string(), y.practices))
        .collect();
    let growth_svg = crate::charts::bars("growth", &growth_caption, &growth_bars)?;
    ui.render(
        "dashboard.html",
        context! {
            d => &d,
            median => d.helpdesk.median_hours_to_answer.map(|h| duration_label(h, lang)),
            charts,
            growth_caption,
            growth_svg => Value::from_safe_string(growth_svg),
            growth => &d.growth,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_hours_or_days() {
        assert_eq!(duration_label(5.4, Lang::En), "5 hours");
        assert_eq!(duration_label(60.0, Lang::Nl), "2,5 dagen");
        assert_eq!(duration_label(60.0, Lang::En), "2.5 days");
    }
}
