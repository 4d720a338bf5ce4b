//! Communities and their discussions: listing and reading communities and topics, membership,
//! starting topics and replying (with mention mail), editing and deleting one's own posts,
//! reports, and moderation (hide, lock, the reports list). Pages and API call the same functions.
//!
//! Access: managing communities is for brokers and admins; joining for confirmed accounts;
//! posting and reporting for members (and brokers and admins); editing for a post's author;
//! moderating for the community's moderators (and brokers and admins). The caller's place in
//! the community is read from the store for every decision.

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::community::{
    quote, within_edit_window, Community, MemberProfile, Membership, NewCommunity, NewPost,
    NewTopic, Post, Report, ThreadedPost, Topic, MAX_PER_PAGE,
};
use leerpunt_core::paging::PageRequest;
use leerpunt_core::{Lang, Practice};
use leerpunt_store::{MentionLink, PracticeFilter};

use super::{catalogue, Caller};
use crate::error::AppError;
use crate::i18n::t;
use crate::AppState;

/// How many members with a public profile a community page lists.
pub const PEOPLE_SHOWN: u32 = 50;
/// How many practices of its themes a community page shows.
pub const PRACTICES_SHOWN: usize = 10;

/// Message keys of the refusals that depend on the state of a topic or post.
pub const MSG_LOCKED: &str = "msg-community-topic-locked";
pub const MSG_EDIT_WINDOW: &str = "msg-community-edit-window";
pub const MSG_POST_GONE: &str = "msg-community-post-gone";

/// A page size within the communities' maximum.
fn bounded(page: PageRequest) -> PageRequest {
    PageRequest {
        page: page.page,
        per_page: page.per_page.min(MAX_PER_PAGE),
    }
}

/// The caller's place in a community (a visitor has none).
async fn membership(
    app: &AppState,
    caller: &Caller,
    community_id: i64,
) -> Result<Membership, AppError> {
    match &caller.user {
        Some(u) => Ok(app.store.membership(community_id, u.id).await?),
        None => Ok(Membership::default()),
    }
}

fn target(m: Membership) -> Target {
    Target::Community {
        member: m.member,
        moderator: m.moderator,
    }
}

/// A page of communities with their member counts, and the total.
pub async fn list(app: &AppState, page: PageRequest) -> Result<(Vec<Community>, i64), AppError> {
    Ok(app.store.communities(bounded(page)).await?)
}

/// What a community page shows, and what the caller may do there.
#[derive(Debug)]
pub struct CommunityPage {
    pub community: Community,
    pub membership: Membership,
    pub people: Vec<MemberProfile>,
    pub topics: Vec<Topic>,
    pub topic_total: i64,
    pub practices: Vec<Practice>,
    /// Public help-desk questions of its themes that have an accepted answer, newest first.
    pub answered: Vec<leerpunt_core::helpdesk::Question>,
    pub can_join: bool,
    pub can_post: bool,
    pub can_manage: bool,
    pub can_moderate: bool,
}

/// A community with its members, a page of its discussions and the practices of its themes.
pub async fn community_page(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    page: PageRequest,
) -> Result<CommunityPage, AppError> {
    let community = app.store.community(slug).await?;
    let m = membership(app, caller, community.id).await?;
    let people = app
        .store
        .community_people(community.id, PEOPLE_SHOWN)
        .await?;
    let (topics, topic_total) = app.store.topics(community.id, bounded(page)).await?;
    let practices = practices_of_themes(app, &community.themes).await?;
    let answered = app
        .store
        .answered_questions_with_themes(&community.themes, 10)
        .await?;
    Ok(CommunityPage {
        answered,
        can_join: caller.can(Action::JoinCommunity, Target::None),
        can_post: caller.can(Action::PostInCommunity, target(m)),
        can_manage: caller.can(Action::ManageCommunities, Target::None),
        can_moderate: caller.can(Action::ModerateCommunity, target(m)),
        membership: m,
        community,
        people,
        topics,
        topic_total,
        practices,
    })
}

/// Published practices of any of the themes, through the catalogue, at most
/// [`PRACTICES_SHOWN`], each once.
async fn practices_of_themes(app: &AppState, themes: &[String]) -> Result<Vec<Practice>, AppError> {
    let mut out: Vec<Practice> = Vec::new();
    for theme in themes {
        if out.len() >= PRACTICES_SHOWN {
            break;
        }
        let filter = PracticeFilter {
            theme: Some(theme.clone()),
            ..PracticeFilter::default()
        };
        let page = PageRequest {
            page: 1,
            per_page: PRACTICES_SHOWN as u32,
        };
        let (items, _, _) = catalogue::practices(app, &filter, page).await?;
        for p in items {
            if out.len() < PRACTICES_SHOWN && !out.iter().any(|q| q.id == p.id) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// Refuses the community form to those who may not manage communities.
pub fn may_manage(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ManageCommunities, Target::None)
}

/// Creates a community.
pub async fn create_community(
    app: &AppState,
    caller: &Caller,
    input: &NewCommunity,
) -> Result<Community, AppError> {
    may_manage(caller)?;
    Ok(app.store.create_community(input, &caller.origin()).await?)
}

/// A community to edit, with its moderators' addresses.
pub async fn editable_community(
    app: &AppState,
    caller: &Caller,
    slug: &str,
) -> Result<(Community, Vec<String>), AppError> {
    may_manage(caller)?;
    let community = app.store.community(slug).await?;
    let moderators = app.store.community_moderators(community.id).await?;
    Ok((community, moderators))
}

/// Replaces a community's names, descriptions, themes and moderators.
pub async fn update_community(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    input: &NewCommunity,
) -> Result<Community, AppError> {
    may_manage(caller)?;
    let community = app.store.community(slug).await?;
    Ok(app
        .store
        .update_community(community.id, input, &caller.origin())
        .await?)
}

/// Joins a community (nothing changes for a member).
pub async fn join(app: &AppState, caller: &Caller, slug: &str) -> Result<Community, AppError> {
    caller.require(Action::JoinCommunity, Target::None)?;
    let user = caller.user()?;
    let community = app.store.community(slug).await?;
    app.store
        .join_community(community.id, user.id, &caller.origin())
        .await?;
    Ok(community)
}

/// Leaves a community (nothing changes for someone who is not a member).
pub async fn leave(app: &AppState, caller: &Caller, slug: &str) -> Result<Community, AppError> {
    caller.require(Action::JoinCommunity, Target::None)?;
    let user = caller.user()?;
    let community = app.store.community(slug).await?;
    app.store
        .leave_community(community.id, user.id, &caller.origin())
        .await?;
    Ok(community)
}

/// The community the caller may start a topic in (for the topic form).
pub async fn postable_community(
    app: &AppState,
    caller: &Caller,
    slug: &str,
) -> Result<Community, AppError> {
    let community = app.store.community(slug).await?;
    let m = membership(app, caller, community.id).await?;
    caller.require(Action::PostInCommunity, target(m))?;
    Ok(community)
}

/// The mail to a person a post mentions, in Dutch and English, with a link to the post.
fn mention_mail(app: &AppState) -> impl Fn(&MentionLink) -> (String, String) + Sync + 'static {
    let base = app.config.public_url.trim_end_matches('/').to_owned();
    move |m: &MentionLink| {
        let link = format!(
            "{base}/gemeenschappen/{}/onderwerpen/{}?page={}#post-{}",
            m.community_slug, m.topic_id, m.page, m.post_id
        );
        let mut args = FluentArgs::new();
        args.set("author", m.author_name.clone());
        args.set("name", m.recipient_name.clone());
        args.set("topic", m.topic_title.clone());
        args.set("link", link);
        let subject = t(Lang::Nl, "community-mail-mention-subject", Some(&args));
        let body = format!(
            "{}\n\n---\n\n{}",
            t(Lang::Nl, "community-mail-mention-body", Some(&args)),
            t(Lang::En, "community-mail-mention-body", Some(&args))
        );
        (subject, body)
    }
}

/// Starts a topic in a community the caller may post in.
pub async fn create_topic(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    input: &NewTopic,
) -> Result<Topic, AppError> {
    let community = postable_community(app, caller, slug).await?;
    let user = caller.user()?;
    let mailer = mention_mail(app);
    Ok(app
        .store
        .create_topic(community.id, user.id, input, &mailer, &caller.origin())
        .await?)
}

/// A topic by id, only under its own community's slug (when one is given).
async fn topic_in(app: &AppState, slug: Option<&str>, id: i64) -> Result<Topic, AppError> {
    let topic = app.store.topic(id).await?;
    match slug {
        Some(s) if s != topic.community_slug => Err(AppError::NotFound(format!("topic {id}"))),
        _ => Ok(topic),
    }
}

/// What a topic page shows, and what the caller may do there.
#[derive(Debug)]
pub struct TopicPage {
    pub community: Community,
    pub topic: Topic,
    pub posts: Vec<ThreadedPost>,
    pub total: i64,
    pub can_reply: bool,
    pub can_report: bool,
    pub can_moderate: bool,
    /// Whether the caller may join to reply (signed in, confirmed, not a member yet).
    pub may_join: bool,
    /// The caller's own posts on this page they may still edit (within the window).
    pub editable: Vec<i64>,
    /// The caller's own posts on this page they may delete.
    pub deletable: Vec<i64>,
    /// A post quoted into the reply form.
    pub quote: Option<String>,
}

/// A topic with a page of its posts in reading order. `slug` is the community's (a topic is
/// not found under another community); `quote` names a post to quote in the reply form.
pub async fn topic_page(
    app: &AppState,
    caller: &Caller,
    slug: Option<&str>,
    id: i64,
    page: PageRequest,
    quote_id: Option<i64>,
) -> Result<TopicPage, AppError> {
    let topic = topic_in(app, slug, id).await?;
    let community = app.store.community_by_id(topic.community_id).await?;
    let m = membership(app, caller, community.id).await?;
    let (posts, total) = app.store.posts(topic.id, bounded(page)).await?;
    let can_reply = caller.can(Action::PostInCommunity, target(m)) && !topic.locked;
    let now = time::OffsetDateTime::now_utc();
    let own = |p: &&ThreadedPost| {
        p.post
            .author_id
            .is_some_and(|a| caller.can(Action::EditOwnPost, Target::Owner(a)))
    };
    let editable = posts
        .iter()
        .filter(own)
        .filter(|p| {
            !topic.locked
                && p.post.visible_body().is_some()
                && within_edit_window(&p.post.created_at, now)
        })
        .map(|p| p.post.id)
        .collect();
    let deletable = posts
        .iter()
        .filter(own)
        .filter(|p| !p.post.deleted)
        .map(|p| p.post.id)
        .collect();
    let quote = match quote_id {
        Some(q) if can_reply => match app.store.post(q).await {
            Ok(p) if p.topic_id == topic.id => p.visible_body().map(|b| quote(&p.author_name, b)),
            Ok(_) | Err(leerpunt_store::StoreError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        },
        _ => None,
    };
    Ok(TopicPage {
        can_report: caller.can(Action::ReportPost, target(m)),
        can_moderate: caller.can(Action::ModerateCommunity, target(m)),
        may_join: !m.member && caller.can(Action::JoinCommunity, Target::None),
        can_reply,
        editable,
        deletable,
        quote,
        community,
        topic,
        posts,
        total,
    })
}

/// Adds a reply to a topic; refused (nothing stored) when the topic is locked. Returns the post
/// and the page of the topic it is on.
pub async fn reply(
    app: &AppState,
    caller: &Caller,
    slug: Option<&str>,
    topic_id: i64,
    input: &NewPost,
) -> Result<(Topic, Post, u32), AppError> {
    let topic = topic_in(app, slug, topic_id).await?;
    let m = membership(app, caller, topic.community_id).await?;
    caller.require(Action::PostInCommunity, target(m))?;
    if topic.locked {
        return Err(AppError::BadRequest(MSG_LOCKED.to_owned()));
    }
    let user = caller.user()?;
    let mailer = mention_mail(app);
    let post = app
        .store
        .reply(topic.id, user.id, input, &mailer, &caller.origin())
        .await?;
    let page = app.store.post_page(topic.id, post.id).await?;
    Ok((topic, post, page))
}

/// Locks or unlocks a topic (moderators, brokers, admins).
pub async fn lock(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    topic_id: i64,
    locked: bool,
) -> Result<Topic, AppError> {
    let topic = topic_in(app, Some(slug), topic_id).await?;
    let m = membership(app, caller, topic.community_id).await?;
    caller.require(Action::ModerateCommunity, target(m))?;
    Ok(app
        .store
        .lock_topic(topic.id, locked, &caller.origin())
        .await?)
}

/// A post with its topic and the page of the topic it is on.
#[derive(Debug)]
pub struct PostPlace {
    pub post: Post,
    pub topic: Topic,
    pub page: u32,
}

async fn place(app: &AppState, post: Post) -> Result<PostPlace, AppError> {
    let topic = app.store.topic(post.topic_id).await?;
    let page = app.store.post_page(topic.id, post.id).await?;
    Ok(PostPlace { post, topic, page })
}

/// The access target of a post for its author (nobody owns a demo post or an erased author's).
fn owner(post: &Post) -> Target {
    Target::Owner(post.author_id.unwrap_or(0))
}

/// A post its author may edit now: within the edit window, not deleted or hidden, not in a
/// locked topic.
pub async fn editable_post(
    app: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<PostPlace, AppError> {
    let post = app.store.post(id).await?;
    caller.require(Action::EditOwnPost, owner(&post))?;
    let place = place(app, post).await?;
    if place.post.visible_body().is_none() {
        return Err(AppError::BadRequest(MSG_POST_GONE.to_owned()));
    }
    if place.topic.locked {
        return Err(AppError::BadRequest(MSG_LOCKED.to_owned()));
    }
    if !within_edit_window(&place.post.created_at, time::OffsetDateTime::now_utc()) {
        return Err(AppError::BadRequest(MSG_EDIT_WINDOW.to_owned()));
    }
    Ok(place)
}

/// Replaces the text of one's own post within the edit window.
pub async fn edit_post(
    app: &AppState,
    caller: &Caller,
    id: i64,
    body: &str,
) -> Result<PostPlace, AppError> {
    let place = editable_post(app, caller, id).await?;
    let user = caller.user()?;
    let post = app
        .store
        .edit_post(place.post.id, user.id, body, &caller.origin())
        .await?;
    Ok(PostPlace { post, ..place })
}

/// Deletes one's own post: it keeps its place, its text is gone.
pub async fn delete_post(app: &AppState, caller: &Caller, id: i64) -> Result<PostPlace, AppError> {
    let post = app.store.post(id).await?;
    caller.require(Action::EditOwnPost, owner(&post))?;
    let user = caller.user()?;
    let post = app
        .store
        .delete_post(post.id, user.id, &caller.origin())
        .await?;
    place(app, post).await
}

/// The post with the caller's place in its community.
async fn post_in_community(
    app: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<(Post, Membership), AppError> {
    let post = app.store.post(id).await?;
    let topic = app.store.topic(post.topic_id).await?;
    let m = membership(app, caller, topic.community_id).await?;
    Ok((post, m))
}

/// Reports a post to the community's moderators (members, brokers, admins).
pub async fn report_post(
    app: &AppState,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> Result<PostPlace, AppError> {
    let (post, m) = post_in_community(app, caller, id).await?;
    caller.require(Action::ReportPost, target(m))?;
    let user = caller.user()?;
    app.store
        .report_post(post.id, user.id, reason, &caller.origin())
        .await?;
    place(app, post).await
}

/// Hides a post with a reason (moderators, brokers, admins).
pub async fn hide_post(
    app: &AppState,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> Result<PostPlace, AppError> {
    let (post, m) = post_in_community(app, caller, id).await?;
    caller.require(Action::ModerateCommunity, target(m))?;
    let post = app
        .store
        .hide_post(post.id, reason, &caller.origin())
        .await?;
    place(app, post).await
}

/// The open reports of a community, for its moderators (and brokers, admins).
pub async fn reports(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    page: PageRequest,
) -> Result<(Community, Vec<Report>, i64), AppError> {
    let community = app.store.community(slug).await?;
    let m = membership(app, caller, community.id).await?;
    caller.require(Action::ModerateCommunity, target(m))?;
    let (reports, total) = app
        .store
        .community_reports(community.id, bounded(page))
        .await?;
    Ok((community, reports, total))
}

/// A community by slug, with the first page of its discussions (for the API).
pub async fn community_with_topics(
    app: &AppState,
    slug: &str,
    page: PageRequest,
) -> Result<(Community, Vec<Topic>, i64), AppError> {
    let community = app.store.community(slug).await?;
    let (topics, total) = app.store.topics(community.id, bounded(page)).await?;
    Ok((community, topics, total))
}
