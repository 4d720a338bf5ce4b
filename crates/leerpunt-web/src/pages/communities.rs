//! Communities and discussions as pages: the list, a community with its members, discussions
//! and practices, the community form, topics with threaded posts (quote, reply, edit, delete,
//! report, hide, lock), the post form and the moderators' reports. Every form works without
//! JavaScript; what a caller may do comes from the use cases.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::community::{
    parse_moderators, Community, NewCommunity, NewPost, NewTopic, ThreadedPost, Topic,
    POSTS_PER_PAGE, TOPICS_PER_PAGE,
};
use leerpunt_core::paging::PageRequest;
use leerpunt_core::{vocab, CoreError, FieldError, Lang};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{field_errors, theme_label, Labelled, Pager, PracticeView};
use crate::actions::communities::{self, PostPlace, TopicPage};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::i18n::{has_key, t};
use crate::ui::Ui;
use crate::AppState;

/// The query of the community pages: the page, and on a topic the post to quote or reply to
/// and a notice after a report.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
    quote: Option<i64>,
    reply_to: Option<i64>,
    notice: Option<String>,
}

impl PageQuery {
    fn page(&self, per_page: u32) -> Result<PageRequest, AppError> {
        crate::filters::page_request(self.page, Some(i64::from(per_page)))
    }
}

/// Field errors in the page's language: this area's own text (`err-community-FIELD`) where
/// there is one, else the common one.
fn errors_of(e: &AppError, lang: Lang) -> Option<BTreeMap<String, String>> {
    let AppError::Invalid(fields) = e else {
        return None;
    };
    let mut out = field_errors(e, lang)?;
    for f in fields {
        let key = format!("err-community-{}", f.field);
        if has_key(lang, &key) {
            out.insert(f.field.clone(), t(lang, &key, None));
        }
    }
    Some(out)
}

/// A community as pages show it, in the page's language.
#[derive(Debug, Serialize)]
struct CommunityView {
    slug: String,
    name: String,
    description: String,
    themes: Vec<Labelled>,
    member_count: i64,
    topic_count: i64,
    is_demo: bool,
}

impl CommunityView {
    fn new(c: &Community, lang: Lang) -> Self {
        Self {
            slug: c.slug.clone(),
            name: c.name(lang).to_owned(),
            description: c.description(lang).to_owned(),
            themes: c
                .themes
                .iter()
                .map(|k| Labelled {
                    key: k.clone(),
                    label: theme_label(k, lang),
                })
                .collect(),
            member_count: c.member_count,
            topic_count: c.topic_count,
            is_demo: c.demo,
        }
    }
}

#[derive(Debug, Serialize)]
struct TopicView {
    id: i64,
    title: String,
    author_name: String,
    locked: bool,
    is_demo: bool,
    reply_count: i64,
    created_at: String,
    last_post_at: String,
}

impl From<&Topic> for TopicView {
    fn from(t: &Topic) -> Self {
        Self {
            id: t.id,
            title: t.title.clone(),
            author_name: t.author_name.clone(),
            locked: t.locked,
            is_demo: t.demo,
            reply_count: t.reply_count,
            created_at: t.created_at.clone(),
            last_post_at: t.last_post_at.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
struct PostView {
    id: i64,
    author_name: String,
    /// The text readers see (empty when deleted or hidden).
    body: String,
    deleted: bool,
    hidden_reason: Option<String>,
    depth: u8,
    reply_to: Option<String>,
    is_demo: bool,
    created_at: String,
    edited_at: Option<String>,
    can_edit: bool,
    can_delete: bool,
}

fn post_views(page: &TopicPage) -> Vec<PostView> {
    page.posts
        .iter()
        .map(
            |ThreadedPost {
                 post,
                 depth,
                 reply_to,
             }| PostView {
                id: post.id,
                author_name: post.author_name.clone(),
                body: post.visible_body().unwrap_or("").to_owned(),
                deleted: post.deleted,
                hidden_reason: post.hidden_reason.clone(),
                depth: *depth,
                reply_to: reply_to.clone(),
                is_demo: post.demo,
                created_at: post.created_at.clone(),
                edited_at: post.edited_at.clone(),
                can_edit: page.editable.contains(&post.id),
                can_delete: page.deletable.contains(&post.id),
            },
        )
        .collect()
}

fn topic_url(slug: &str, topic_id: i64) -> String {
    format!("/gemeenschappen/{slug}/onderwerpen/{topic_id}")
}

/// Where a post is: its topic's page, at the post.
fn post_url(slug: &str, topic_id: i64, page: u32, post_id: i64) -> String {
    if page > 1 {
        format!("{}?page={page}#post-{post_id}", topic_url(slug, topic_id))
    } else {
        format!("{}#post-{post_id}", topic_url(slug, topic_id))
    }
}

fn to_post(place: &PostPlace) -> Response {
    Redirect::to(&post_url(
        &place.topic.community_slug,
        place.topic.id,
        place.page,
        place.post.id,
    ))
    .into_response()
}

/// `GET /gemeenschappen`.
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(query): Q<PageQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page(TOPICS_PER_PAGE)?;
    let (items, total) = communities::list(&app, page).await?;
    ui.render(
        "communities.html",
        context! {
            communities => items.iter().map(|c| CommunityView::new(c, ui.lang)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, total),
            can_manage => communities::may_manage(&caller).is_ok(),
        },
    )
}

/// `GET /gemeenschappen/{slug}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    Q(query): Q<PageQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page(TOPICS_PER_PAGE)?;
    let c = communities::community_page(&app, &caller, &slug, page).await?;
    let following = crate::actions::follows::is_following(
        &app,
        &caller,
        leerpunt_core::helpdesk::FollowKind::Community,
        &c.community.slug,
    )
    .await?;
    let events = crate::actions::events::community_upcoming(&app, &c.community.slug).await?;
    ui.render(
        "community.html",
        context! {
            following,
            events => events.iter().map(|e| super::events::event_view(e, ui.lang, "", false)).collect::<Vec<_>>(),
            community => CommunityView::new(&c.community, ui.lang),
            member => c.membership.member,
            moderator => c.membership.moderator,
            people => c.people,
            topics => c.topics.iter().map(TopicView::from).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, c.topic_total),
            practices => c.practices.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            answered => c.answered.iter().map(|q| minijinja::context! { id => q.id, title => q.title.clone(), lang => q.lang.key(), updated_at => q.updated_at.clone() }).collect::<Vec<_>>(),
            can_join => c.can_join,
            can_post => c.can_post,
            can_manage => c.can_manage,
            can_moderate => c.can_moderate,
        },
    )
}

/// Reads the community form; moderators that are neither ids nor addresses are field errors.
fn community_from_form(form: &FormData, with_slug: bool) -> Result<NewCommunity, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let moderators = match parse_moderators(form.get("moderators")) {
        Ok(m) => m,
        Err(CoreError::Invalid(mut e)) => {
            errors.append(&mut e);
            Vec::new()
        }
        Err(e) => return Err(e.into()),
    };
    let slug = form.get("slug").trim();
    let input = NewCommunity {
        slug: (with_slug && !slug.is_empty()).then(|| slug.to_owned()),
        name_nl: form.get("name_nl").to_owned(),
        name_en: form.get("name_en").to_owned(),
        description_nl: form.get("description_nl").to_owned(),
        description_en: form.get("description_en").to_owned(),
        themes: form.all("themes"),
        moderators,
    };
    if let Err(CoreError::Invalid(mut more)) = leerpunt_core::community::validate_community(&input)
    {
        errors.append(&mut more);
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(AppError::Invalid(errors))
    }
}

fn community_values(form: &FormData) -> Value {
    context! {
        slug => form.get("slug"),
        name_nl => form.get("name_nl"),
        name_en => form.get("name_en"),
        description_nl => form.get("description_nl"),
        description_en => form.get("description_en"),
        themes => form.all("themes"),
        moderators => form.get("moderators"),
    }
}

fn render_community_form(
    ui: &Ui,
    slug: Option<&str>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let themes: Vec<Labelled> = vocab::THEMES
        .iter()
        .map(|d| Labelled {
            key: d.key.to_owned(),
            label: theme_label(d.key, ui.lang),
        })
        .collect();
    ui.render(
        "community_form.html",
        context! { slug, values, errors, themes },
    )
}

fn invalid_community_form(
    ui: &Ui,
    slug: Option<&str>,
    form: &FormData,
    e: AppError,
) -> Result<Response, AppError> {
    match errors_of(&e, ui.lang) {
        Some(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_community_form(ui, slug, community_values(form), errors)?,
        )
            .into_response()),
        None => Err(e),
    }
}

/// `GET /gemeenschappen/nieuw`.
pub async fn new_form(caller: Caller, ui: Ui) -> Result<Html<String>, AppError> {
    communities::may_manage(&caller)?;
    let values = context! {
        slug => "", name_nl => "", name_en => "", description_nl => "", description_en => "",
        themes => Vec::<String>::new(), moderators => "",
    };
    render_community_form(&ui, None, values, BTreeMap::new())
}

/// `POST /gemeenschappen/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    communities::may_manage(&caller)?;
    let input = match community_from_form(&form, true) {
        Ok(i) => i,
        Err(e) => return invalid_community_form(&ui, None, &form, e),
    };
    match communities::create_community(&app, &caller, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/gemeenschappen/{}", c.slug)).into_response()),
        Err(AppError::Conflict(_)) => invalid_community_form(
            &ui,
            None,
            &form,
            AppError::Invalid(vec![FieldError::new("slug", "this address is taken")]),
        ),
        Err(e) => invalid_community_form(&ui, None, &form, e),
    }
}

/// `GET /gemeenschappen/{slug}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let (c, moderators) = communities::editable_community(&app, &caller, &slug).await?;
    let values = context! {
        slug => c.slug.clone(),
        name_nl => c.name_nl.clone(),
        name_en => c.name_en.clone(),
        description_nl => c.description_nl.clone(),
        description_en => c.description_en.clone(),
        themes => c.themes.clone(),
        moderators => moderators.join("\n"),
    };
    render_community_form(&ui, Some(&c.slug), values, BTreeMap::new())
}

/// `POST /gemeenschappen/{slug}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let (c, _) = communities::editable_community(&app, &caller, &slug).await?;
    let input = match community_from_form(&form, false) {
        Ok(i) => i,
        Err(e) => return invalid_community_form(&ui, Some(&c.slug), &form, e),
    };
    match communities::update_community(&app, &caller, &c.slug, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/gemeenschappen/{}", c.slug)).into_response()),
        Err(e) => invalid_community_form(&ui, Some(&c.slug), &form, e),
    }
}

/// `POST /gemeenschappen/{slug}/lid-worden`.
pub async fn join(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let c = communities::join(&app, &caller, &slug).await?;
    Ok(Redirect::to(&format!("/gemeenschappen/{}", c.slug)).into_response())
}

/// `POST /gemeenschappen/{slug}/verlaten`.
pub async fn leave(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let c = communities::leave(&app, &caller, &slug).await?;
    Ok(Redirect::to(&format!("/gemeenschappen/{}", c.slug)).into_response())
}

/// `GET /gemeenschappen/{slug}/meldingen`.
pub async fn reports(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    Q(query): Q<PageQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page(POSTS_PER_PAGE)?;
    let (c, reports, total) = communities::reports(&app, &caller, &slug, page).await?;
    ui.render(
        "community_reports.html",
        context! {
            community => CommunityView::new(&c, ui.lang),
            reports,
            paging => Pager::new(&ui, page, total),
        },
    )
}

fn render_topic_form(
    ui: &Ui,
    c: &Community,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "topic_form.html",
        context! { community => CommunityView::new(c, ui.lang), values, errors },
    )
}

/// `GET /gemeenschappen/{slug}/onderwerpen/nieuw`.
pub async fn new_topic_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let c = communities::postable_community(&app, &caller, &slug).await?;
    render_topic_form(
        &ui,
        &c,
        context! { title => "", body => "" },
        BTreeMap::new(),
    )
}

/// `POST /gemeenschappen/{slug}/onderwerpen/nieuw`.
pub async fn create_topic(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let c = communities::postable_community(&app, &caller, &slug).await?;
    let input = NewTopic {
        title: form.get("title").to_owned(),
        body: form.get("body").to_owned(),
    };
    match communities::create_topic(&app, &caller, &c.slug, &input).await {
        Ok(topic) => Ok(Redirect::to(&topic_url(&c.slug, topic.id)).into_response()),
        Err(e) => match errors_of(&e, ui.lang) {
            Some(errors) => Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_topic_form(
                    &ui,
                    &c,
                    context! { title => input.title, body => input.body },
                    errors,
                )?,
            )
                .into_response()),
            None => Err(e),
        },
    }
}

/// Renders a topic page; `reply` and `errors` refill the reply form after an invalid reply.
fn render_topic(
    ui: &Ui,
    page_req: PageRequest,
    page: &TopicPage,
    reply: &str,
    parent_id: Option<i64>,
    notice: Option<&str>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let posts = post_views(page);
    let parent_author = parent_id.and_then(|id| {
        page.posts
            .iter()
            .find(|p| p.post.id == id)
            .map(|p| p.post.author_name.clone())
    });
    let notice = match notice {
        Some("reported") => Some(t(ui.lang, "community-notice-reported", None)),
        _ => None,
    };
    ui.render(
        "topic.html",
        context! {
            community => CommunityView::new(&page.community, ui.lang),
            topic => TopicView::from(&page.topic),
            posts,
            paging => Pager::new(ui, page_req, page.total),
            can_reply => page.can_reply,
            can_report => page.can_report,
            can_moderate => page.can_moderate,
            may_join => page.may_join,
            reply => reply,
            parent_id,
            parent_author,
            notice,
            errors,
        },
    )
}

/// `GET /gemeenschappen/{slug}/onderwerpen/{id}`.
pub async fn topic(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path((slug, id)): Path<(String, i64)>,
    Q(query): Q<PageQuery>,
) -> Result<Html<String>, AppError> {
    let page_req = query.page(POSTS_PER_PAGE)?;
    let page =
        communities::topic_page(&app, &caller, Some(&slug), id, page_req, query.quote).await?;
    let reply = page.quote.clone().unwrap_or_default();
    let parent = query.quote.or(query.reply_to).filter(|_| page.can_reply);
    render_topic(
        &ui,
        page_req,
        &page,
        &reply,
        parent,
        query.notice.as_deref(),
        BTreeMap::new(),
    )
}

/// Reads an optional post id from a form field; anything but a positive number is a field error.
fn optional_id(form: &FormData, name: &str) -> Result<Option<i64>, AppError> {
    let raw = form.get(name).trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(AppError::Invalid(vec![FieldError::new(
            name,
            "not a post number",
        )])),
    }
}

/// `POST /gemeenschappen/{slug}/onderwerpen/{id}/reacties`.
pub async fn reply(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path((slug, id)): Path<(String, i64)>,
    form: FormData,
) -> Result<Response, AppError> {
    let parent_id = optional_id(&form, "parent_id")?;
    let input = NewPost {
        body: form.get("body").to_owned(),
        parent_id,
    };
    match communities::reply(&app, &caller, Some(&slug), id, &input).await {
        Ok((topic, post, page)) => {
            Ok(
                Redirect::to(&post_url(&topic.community_slug, topic.id, page, post.id))
                    .into_response(),
            )
        }
        Err(e) => match errors_of(&e, ui.lang) {
            Some(errors) => {
                let page_req = PageRequest {
                    page: 1,
                    per_page: POSTS_PER_PAGE,
                };
                let page =
                    communities::topic_page(&app, &caller, Some(&slug), id, page_req, None).await?;
                Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render_topic(&ui, page_req, &page, &input.body, parent_id, None, errors)?,
                )
                    .into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /gemeenschappen/{slug}/onderwerpen/{id}/sluiten`: `locked=0` unlocks, anything else locks.
pub async fn lock(
    State(app): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, i64)>,
    form: FormData,
) -> Result<Response, AppError> {
    let locked = form.get("locked") != "0";
    let topic = communities::lock(&app, &caller, &slug, id, locked).await?;
    Ok(Redirect::to(&topic_url(&topic.community_slug, topic.id)).into_response())
}

fn render_post_form(
    ui: &Ui,
    place: &PostPlace,
    body: &str,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "post_form.html",
        context! {
            post_id => place.post.id,
            topic => TopicView::from(&place.topic),
            community_slug => place.topic.community_slug.clone(),
            back => post_url(&place.topic.community_slug, place.topic.id, place.page, place.post.id),
            body,
            errors,
        },
    )
}

/// `GET /berichten/{id}/bewerken`.
pub async fn edit_post_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let place = communities::editable_post(&app, &caller, id).await?;
    let body = place.post.body.clone();
    render_post_form(&ui, &place, &body, BTreeMap::new())
}

/// `POST /berichten/{id}/bewerken`.
pub async fn edit_post(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let body = form.get("body");
    match communities::edit_post(&app, &caller, id, body).await {
        Ok(place) => Ok(to_post(&place)),
        Err(e) => match errors_of(&e, ui.lang) {
            Some(errors) => {
                let place = communities::editable_post(&app, &caller, id).await?;
                Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render_post_form(&ui, &place, body, errors)?,
                )
                    .into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /berichten/{id}/verwijderen`.
pub async fn delete_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let place = communities::delete_post(&app, &caller, id).await?;
    Ok(to_post(&place))
}

/// `POST /berichten/{id}/melden`.
pub async fn report_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let place = communities::report_post(&app, &caller, id, form.get("reason")).await?;
    let url = format!(
        "{}?page={}&notice=reported#post-{}",
        topic_url(&place.topic.community_slug, place.topic.id),
        place.page,
        place.post.id
    );
    Ok(Redirect::to(&url).into_response())
}

/// `POST /berichten/{id}/verbergen`.
pub async fn hide_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: FormData,
) -> Result<Response, AppError> {
    let place = communities::hide_post(&app, &caller, id, form.get("reason")).await?;
    Ok(to_post(&place))
}
