//! Following: the follow and unfollow buttons' targets, the digest setting, and the Atom feeds
//! (RFC 4287) of themes, communities, organisations, the FAQ and the help desk.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use leerpunt_core::helpdesk::{Digest, FollowKind};

use crate::actions::follows::{self, Feed, FeedSubject};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::FormData;
use crate::ui::Ui;
use crate::AppState;

/// Where to go after a follow button: back to the page it was on (a local path only).
fn back_to(form: &FormData) -> Response {
    let next = form.get("next");
    let next = if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/account"
    };
    Redirect::to(next).into_response()
}

fn kind_of(form: &FormData) -> Result<FollowKind, AppError> {
    FollowKind::parse(form.get("kind").trim())
        .ok_or_else(|| AppError::BadRequest("msg-follow-kind".to_owned()))
}

/// `POST /volgen`: `kind` and `target` (theme key, community slug, organisation code, practice
/// slug or question id).
pub async fn follow(
    State(app): State<AppState>,
    caller: Caller,
    form: FormData,
) -> Result<Response, AppError> {
    let kind = kind_of(&form)?;
    follows::follow(&app, &caller, kind, form.get("target").trim()).await?;
    Ok(back_to(&form))
}

/// `POST /volgen/stoppen`.
pub async fn unfollow(
    State(app): State<AppState>,
    caller: Caller,
    form: FormData,
) -> Result<Response, AppError> {
    let kind = kind_of(&form)?;
    follows::unfollow(&app, &caller, kind, form.get("target").trim()).await?;
    Ok(back_to(&form))
}

/// `POST /account/digest`: daily, weekly or never.
pub async fn digest(
    State(app): State<AppState>,
    caller: Caller,
    form: FormData,
) -> Result<Response, AppError> {
    let digest = Digest::parse(form.get("digest").trim())
        .ok_or_else(|| AppError::BadRequest("msg-digest-choice".to_owned()))?;
    follows::set_digest(&app, &caller, digest).await?;
    Ok(Redirect::to("/account#volgen").into_response())
}

/// The feed as an Atom document.
fn atom(app: &AppState, ui: &Ui, feed: Feed, self_path: &str) -> Result<Response, AppError> {
    use atom_syndication::{Content, Entry, FixedDateTime, Link, Text};
    let base = app.config.public_url.trim_end_matches('/').to_owned();
    let parse = |s: &str| {
        FixedDateTime::parse_from_rfc3339(s).unwrap_or_else(|_| {
            FixedDateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap_or_default()
        })
    };
    let updated = feed
        .entries
        .first()
        .map(|e| parse(&e.at))
        .unwrap_or_else(|| parse("2026-01-01T00:00:00Z"));
    let link = |href: String, rel: &str| {
        let mut l = Link::default();
        l.set_href(href);
        l.set_rel(rel.to_owned());
        l
    };
    let entries: Vec<Entry> = feed
        .entries
        .iter()
        .map(|item| {
            let url = format!("{base}{}", item.path());
            let mut e = Entry::default();
            e.set_id(format!("{url}#{}", item.at));
            e.set_title(Text::plain(item.title.clone()));
            e.set_updated(parse(&item.at));
            e.set_links(vec![link(url, "alternate")]);
            let summary: String = leerpunt_core::markdown::plain_text(&item.text)
                .chars()
                .take(600)
                .collect();
            if !summary.trim().is_empty() {
                e.set_summary(Some(Text::plain(summary)));
            }
            let mut c = Content::default();
            c.set_content_type(Some("text".to_owned()));
            c.set_value(Some(crate::i18n::t(
                ui.lang,
                &format!("feed-kind-{}", item.kind),
                None,
            )));
            e.set_content(Some(c));
            e
        })
        .collect();
    let title = format!("{} · Leerpunt", feed.title);
    let mut doc = atom_syndication::Feed::default();
    doc.set_id(format!("{base}{self_path}"));
    doc.set_title(Text::plain(title));
    doc.set_updated(updated);
    doc.set_lang(Some(ui.lang.key().to_owned()));
    doc.set_links(vec![
        link(format!("{base}{self_path}"), "self"),
        link(format!("{base}{}", feed.path), "alternate"),
    ]);
    doc.set_entries(entries);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        doc.to_string(),
    )
        .into_response())
}

async fn serve(
    app: &AppState,
    ui: &Ui,
    subject: FeedSubject,
    self_path: String,
) -> Result<Response, AppError> {
    let feed = follows::feed(app, subject, ui.lang).await?;
    atom(app, ui, feed, &self_path)
}

/// `GET /feeds/faq`.
pub async fn faq(State(app): State<AppState>, ui: Ui) -> Result<Response, AppError> {
    serve(&app, &ui, FeedSubject::Faq, "/feeds/faq".into()).await
}

/// `GET /feeds/helpdesk`: the answered questions.
pub async fn helpdesk(State(app): State<AppState>, ui: Ui) -> Result<Response, AppError> {
    serve(
        &app,
        &ui,
        FeedSubject::AnsweredQuestions,
        "/feeds/helpdesk".into(),
    )
    .await
}

/// `GET /feeds/nieuws`: all news.
pub async fn news(State(app): State<AppState>, ui: Ui) -> Result<Response, AppError> {
    serve(&app, &ui, FeedSubject::News(None), "/feeds/nieuws".into()).await
}

/// `GET /feeds/nieuws/themas/{key}`: the news of one theme.
pub async fn news_theme(
    State(app): State<AppState>,
    ui: Ui,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let path = format!("/feeds/nieuws/themas/{key}");
    serve(&app, &ui, FeedSubject::News(Some(key)), path).await
}

/// `GET /feeds/themas/{key}`.
pub async fn theme(
    State(app): State<AppState>,
    ui: Ui,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let path = format!("/feeds/themas/{key}");
    serve(&app, &ui, FeedSubject::Theme(key), path).await
}

/// `GET /feeds/organisaties/{code}`.
pub async fn organisation(
    State(app): State<AppState>,
    ui: Ui,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let path = format!("/feeds/organisaties/{code}");
    serve(&app, &ui, FeedSubject::Organisation(code), path).await
}

/// `GET /feeds/gemeenschappen/{slug}`.
pub async fn community(
    State(app): State<AppState>,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let path = format!("/feeds/gemeenschappen/{slug}");
    serve(&app, &ui, FeedSubject::Community(slug), path).await
}
