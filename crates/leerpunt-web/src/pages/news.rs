//! News pages: the paged list, an item, the brokers' form to publish and edit, and the Atom
//! feeds of all news and of one theme.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::access::{Action, Target};
use leerpunt_core::news::{Article, ArticleInput, PER_PAGE};
use leerpunt_core::Lang;
use minijinja::{context, Value};
use serde::Deserialize;

use super::{theme_label, theme_options, Labelled, Pager};
use crate::actions::{news, Caller};
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::markup;
use crate::ui::Ui;
use crate::AppState;

/// An item as the pages show it.
pub fn article_view(a: &Article, lang: Lang) -> Value {
    let body = a.body(lang);
    let summary = leerpunt_core::text::shorten(&leerpunt_core::markdown::plain_text(body), 240);
    context! {
        slug => a.slug.clone(),
        title => a.title(lang).to_owned(),
        body => Value::from_safe_string(markup::markdown(body)),
        summary,
        image_url => a.image_url.clone(),
        image_alt => a.image_alt(lang).to_owned(),
        themes => a.themes.iter().map(|k| Labelled { key: k.clone(), label: theme_label(k, lang) }).collect::<Vec<_>>(),
        published_on => a.published_on.clone(),
        author => a.author_name.clone(),
        demo => a.demo,
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    page: Option<i64>,
    theme: Option<String>,
}

/// `GET /nieuws`.
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<ListParams>,
) -> Result<Html<String>, AppError> {
    let page = crate::filters::page_request(params.page, Some(i64::from(PER_PAGE)))?;
    let theme = params.theme.filter(|t| !t.is_empty());
    let (items, total) = news::page(&app, theme.as_deref(), page).await?;
    ui.render(
        "news.html",
        context! {
            items => items.iter().map(|a| article_view(a, ui.lang)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, total),
            theme => theme.clone().unwrap_or_default(),
            themes => theme_options(ui.lang),
            feed => match &theme { Some(t) => format!("/feeds/nieuws/themas/{t}"), None => "/feeds/nieuws".to_owned() },
            can_publish => caller.can(Action::PublishNews, Target::None),
        },
    )
}

/// `GET /nieuws/{slug}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let item = news::item(&app, &slug).await?;
    ui.render(
        "news_item.html",
        context! {
            item => article_view(&item, ui.lang),
            can_publish => caller.can(Action::PublishNews, Target::None),
        },
    )
}

fn values(form: &FormData) -> Value {
    context! {
        slug => form.get("slug"),
        title_nl => form.get("title_nl"),
        title_en => form.get("title_en"),
        body_nl => form.get("body_nl"),
        body_en => form.get("body_en"),
        image_url => form.get("image_url"),
        image_alt_nl => form.get("image_alt_nl"),
        image_alt_en => form.get("image_alt_en"),
        themes => form.all("themes"),
        published_on => form.get("published_on"),
    }
}

fn input(form: &FormData) -> ArticleInput {
    ArticleInput {
        slug: Some(form.get("slug").trim().to_owned()).filter(|s| !s.is_empty()),
        title_nl: form.get("title_nl").to_owned(),
        title_en: form.get("title_en").to_owned(),
        body_nl: form.get("body_nl").to_owned(),
        body_en: form.get("body_en").to_owned(),
        image_url: form.get("image_url").trim().to_owned(),
        image_alt_nl: form.get("image_alt_nl").to_owned(),
        image_alt_en: form.get("image_alt_en").to_owned(),
        themes: form.all("themes"),
        published_on: form.get("published_on").trim().to_owned(),
    }
}

fn render_form(
    ui: &Ui,
    editing: Option<&str>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "news_form.html",
        context! {
            action => match editing { Some(s) => format!("/nieuws/{s}/bewerken"), None => "/nieuws/nieuw".to_owned() },
            editing => editing.is_some(),
            themes => theme_options(ui.lang),
            values,
            errors,
        },
    )
}

/// `GET /nieuws/nieuw`.
pub async fn new_form(caller: Caller, ui: Ui) -> Result<Html<String>, AppError> {
    caller.require(Action::PublishNews, Target::None)?;
    // Every field of the form, empty but for today's date.
    let values = values(&FormData(vec![(
        "published_on".into(),
        leerpunt_store::news_today(),
    )]));
    render_form(&ui, None, values, BTreeMap::new())
}

async fn save(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    existing: Option<&str>,
    form: &FormData,
) -> Result<Response, AppError> {
    match news::save(app, caller, existing, input(form)).await {
        Ok(a) => Ok(Redirect::to(&format!("/nieuws/{}", a.slug)).into_response()),
        Err(e) => {
            let (status, errors) = match (&e, super::labs::area_errors(&e, ui.lang, "news")) {
                (_, Some(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
                (AppError::Conflict(_), None) => (
                    StatusCode::CONFLICT,
                    BTreeMap::from([(
                        "slug".to_owned(),
                        crate::i18n::t(ui.lang, "msg-news-slug-taken", None),
                    )]),
                ),
                _ => return Err(e),
            };
            let html = render_form(ui, existing, values(form), errors)?;
            Ok((status, html).into_response())
        }
    }
}

/// `POST /nieuws/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    save(&app, &caller, &ui, None, &form).await
}

/// `GET /nieuws/{slug}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let a = news::editable(&app, &caller, &slug).await?;
    let values = context! {
        title_nl => a.title_nl, title_en => a.title_en, body_nl => a.body_nl, body_en => a.body_en,
        image_url => a.image_url.unwrap_or_default(), image_alt_nl => a.image_alt_nl, image_alt_en => a.image_alt_en,
        themes => a.themes, published_on => a.published_on,
    };
    render_form(&ui, Some(&a.slug), values, BTreeMap::new())
}

/// `POST /nieuws/{slug}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    save(&app, &caller, &ui, Some(&slug), &form).await
}
