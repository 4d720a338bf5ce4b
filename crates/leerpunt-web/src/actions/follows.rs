//! Following and the news that comes of it: follow and unfollow a theme, community,
//! organisation, practice or question; the digest setting and the digest mail itself; and the
//! entries of the Atom feeds (per theme, community, organisation, the FAQ and the help desk's
//! answered questions).

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::helpdesk::{Digest, FollowKind, QuestionState};
use leerpunt_core::{vocab, Lang};
use leerpunt_store::{Mail, NewsItem, QuestionFilter};

use super::helpdesk::{mail, visible_question};
use super::{optional, Caller};
use crate::error::AppError;
use crate::AppState;

/// How many new things a digest or feed lists at most.
pub const NEWS_LIMIT: i64 = 50;

/// Checks that what is followed exists and may be seen; returns its name for messages.
async fn check_target(
    app: &AppState,
    caller: &Caller,
    kind: FollowKind,
    target: &str,
) -> Result<(), AppError> {
    let missing = || AppError::NotFound(format!("{} {target:?}", kind.key()));
    match kind {
        FollowKind::Theme => vocab::theme(target).map(|_| ()).ok_or_else(missing),
        FollowKind::Organisation => optional(app.store.organisation(target).await)?
            .map(|_| ())
            .ok_or_else(missing),
        FollowKind::Practice => optional(app.store.practice(target).await)?
            .map(|_| ())
            .ok_or_else(missing),
        FollowKind::Community => app
            .store
            .community_names(target)
            .await?
            .map(|_| ())
            .ok_or_else(missing),
        FollowKind::Question => {
            let id: i64 = target.parse().map_err(|_| missing())?;
            visible_question(app, caller, id).await.map(|_| ())
        }
    }
}

/// Follows something. Following it again changes nothing.
pub async fn follow(
    app: &AppState,
    caller: &Caller,
    kind: FollowKind,
    target: &str,
) -> Result<bool, AppError> {
    caller.require(Action::Follow, Target::None)?;
    let user = caller.user()?;
    check_target(app, caller, kind, target).await?;
    Ok(app
        .store
        .follow(user.id, kind, target, &caller.origin())
        .await?)
}

/// Stops following something.
pub async fn unfollow(
    app: &AppState,
    caller: &Caller,
    kind: FollowKind,
    target: &str,
) -> Result<bool, AppError> {
    caller.require(Action::Follow, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .unfollow(user.id, kind, target, &caller.origin())
        .await?)
}

/// Whether the caller follows something (false for visitors).
pub async fn is_following(
    app: &AppState,
    caller: &Caller,
    kind: FollowKind,
    target: &str,
) -> Result<bool, AppError> {
    let Some(user) = &caller.user else {
        return Ok(false);
    };
    Ok(app
        .store
        .follows(user.id)
        .await?
        .iter()
        .any(|(k, t)| *k == kind && t == target))
}

/// What the caller follows, with a name and a link for each, and their digest setting.
pub async fn following(
    app: &AppState,
    caller: &Caller,
    lang: Lang,
) -> Result<(Vec<Followed>, Digest), AppError> {
    let user = caller.user()?;
    let mut out = Vec::new();
    for (kind, target) in app.store.follows(user.id).await? {
        let (name, path) = match kind {
            FollowKind::Theme => (
                vocab::theme(&target)
                    .map(|d| if lang == Lang::En { d.en } else { d.nl }.to_owned())
                    .unwrap_or_else(|| target.clone()),
                format!("/themas/{target}"),
            ),
            FollowKind::Organisation => (
                optional(app.store.organisation(&target).await)?
                    .map(|o| o.name)
                    .unwrap_or_else(|| target.clone()),
                format!("/organisaties/{target}"),
            ),
            FollowKind::Practice => (
                optional(app.store.practice(&target).await)?
                    .map(|p| p.text.title)
                    .unwrap_or_else(|| target.clone()),
                format!("/praktijken/{target}"),
            ),
            FollowKind::Community => (
                app.store
                    .community_names(&target)
                    .await?
                    .map(|(_, nl, en)| if lang == Lang::En { en } else { nl })
                    .unwrap_or_else(|| target.clone()),
                format!("/gemeenschappen/{target}"),
            ),
            FollowKind::Question => (
                match target.parse::<i64>() {
                    Ok(id) => optional(app.store.question(id).await)?
                        .map(|q| q.title)
                        .unwrap_or_else(|| target.clone()),
                    Err(_) => target.clone(),
                },
                format!("/helpdesk/vragen/{target}"),
            ),
        };
        out.push(Followed {
            kind,
            target,
            name,
            path,
        });
    }
    Ok((out, app.store.digest_setting(user.id).await?))
}

/// One thing someone follows.
#[derive(Debug, Clone)]
pub struct Followed {
    pub kind: FollowKind,
    pub target: String,
    pub name: String,
    pub path: String,
}

/// Sets how often the caller gets the digest.
pub async fn set_digest(app: &AppState, caller: &Caller, digest: Digest) -> Result<(), AppError> {
    caller.require(Action::Follow, Target::None)?;
    let user = caller.user()?;
    Ok(app
        .store
        .set_digest(user.id, digest, &caller.origin())
        .await?)
}

/// Whether a new item concerns something followed.
fn concerns(item: &NewsItem, follows: &[(FollowKind, String)]) -> bool {
    follows.iter().any(|(kind, target)| match kind {
        FollowKind::Theme => item.theme_keys().contains(&target.as_str()),
        FollowKind::Organisation => item.organisation.as_deref() == Some(target),
        FollowKind::Practice => item.kind == "practice" && item.target == *target,
        FollowKind::Question => item.kind == "question" && item.target == *target,
        FollowKind::Community => item.community.as_deref() == Some(target),
    })
}

/// Sends the digests that are due at `now` (RFC 3339): for each person, what is new since their
/// last one in what they follow. Someone with nothing new gets no mail. Returns how many went.
/// A job of the server (every `DIGEST_POLL`) and of `leerpunt digest`; it needs the database and
/// the public address for the links, not the search index.
pub async fn send_digests(
    store: &leerpunt_store::Store,
    public_url: &str,
    now: &str,
) -> Result<usize, AppError> {
    let link = |path: &str| format!("{}{path}", public_url.trim_end_matches('/'));
    let due = store.digests_due(now).await?;
    let mut sent = 0;
    for person in due {
        let follows = store.follows(person.user_id).await?;
        let news: Vec<NewsItem> = store
            .news_since(&person.since, NEWS_LIMIT)
            .await?
            .into_iter()
            .filter(|item| concerns(item, &follows))
            .take(NEWS_LIMIT as usize)
            .collect();
        if news.is_empty() {
            store.skip_digest(person.user_id, now).await?;
            continue;
        }
        let list = news
            .iter()
            .map(|item| format!("- {}\n  {}", item.title, link(&item.path())))
            .collect::<Vec<_>>()
            .join("\n");
        let mut args = FluentArgs::new();
        args.set("count", news.len());
        args.set("items", list);
        args.set("link", link("/account"));
        let message: Mail = mail(&person.email, "mail-digest", &args);
        store.send_digest(person.user_id, &message, now).await?;
        sent += 1;
    }
    Ok(sent)
}

/// What a feed is about.
#[derive(Debug, Clone)]
pub enum FeedSubject {
    Theme(String),
    Organisation(String),
    Community(String),
    Faq,
    AnsweredQuestions,
    /// The news, or the news of one theme.
    News(Option<String>),
}

/// A feed: its title and entries, newest first.
#[derive(Debug, Clone)]
pub struct Feed {
    pub title: String,
    /// The page the feed belongs to.
    pub path: String,
    pub entries: Vec<NewsItem>,
}

/// The entries of a feed (an unknown theme, organisation or community is a 404).
pub async fn feed(app: &AppState, subject: FeedSubject, lang: Lang) -> Result<Feed, AppError> {
    const EPOCH: &str = "0000";
    let news = || app.store.news_since(EPOCH, NEWS_LIMIT);
    Ok(match subject {
        FeedSubject::Theme(key) => {
            let def =
                vocab::theme(&key).ok_or_else(|| AppError::NotFound(format!("theme {key:?}")))?;
            Feed {
                title: if lang == Lang::En { def.en } else { def.nl }.to_owned(),
                path: format!("/themas/{key}"),
                entries: news()
                    .await?
                    .into_iter()
                    .filter(|i| i.theme_keys().contains(&key.as_str()))
                    .collect(),
            }
        }
        FeedSubject::Organisation(code) => {
            let org = app.store.organisation(&code).await?;
            Feed {
                title: org.name,
                path: format!("/organisaties/{code}"),
                entries: news()
                    .await?
                    .into_iter()
                    .filter(|i| i.organisation.as_deref() == Some(code.as_str()))
                    .collect(),
            }
        }
        FeedSubject::Community(slug) => {
            let (_, nl, en) = app
                .store
                .community_names(&slug)
                .await?
                .ok_or_else(|| AppError::NotFound(format!("community {slug:?}")))?;
            Feed {
                title: if lang == Lang::En { en } else { nl },
                path: format!("/gemeenschappen/{slug}"),
                entries: news()
                    .await?
                    .into_iter()
                    .filter(|i| i.community.as_deref() == Some(slug.as_str()))
                    .collect(),
            }
        }
        FeedSubject::Faq => Feed {
            title: "FAQ".to_owned(),
            path: "/faq".to_owned(),
            entries: news()
                .await?
                .into_iter()
                .filter(|i| i.kind == "faq")
                .collect(),
        },
        FeedSubject::News(theme) => {
            let title = match &theme {
                Some(key) => {
                    let def = vocab::theme(key)
                        .ok_or_else(|| AppError::NotFound(format!("theme {key:?}")))?;
                    format!(
                        "{} · {}",
                        crate::i18n::t(lang, "news-title", None),
                        if lang == Lang::En { def.en } else { def.nl }
                    )
                }
                None => crate::i18n::t(lang, "news-title", None),
            };
            let (items, _) = app.store.news(theme.as_deref(), NEWS_LIMIT, 0).await?;
            Feed {
                title,
                path: "/nieuws".to_owned(),
                entries: items
                    .into_iter()
                    .map(|a| NewsItem {
                        kind: "news".to_owned(),
                        title: a.title(lang).to_owned(),
                        text: a.body(lang).to_owned(),
                        organisation: None,
                        themes: Some(a.themes.join(",")),
                        community: None,
                        at: format!("{}T00:00:00Z", a.published_on),
                        target: a.slug,
                    })
                    .collect(),
            }
        }
        FeedSubject::AnsweredQuestions => {
            let (questions, _) = app
                .store
                .questions(
                    &QuestionFilter {
                        states: vec![QuestionState::Answered, QuestionState::Closed],
                        public_only: true,
                        ..QuestionFilter::default()
                    },
                    NEWS_LIMIT,
                    0,
                )
                .await?;
            Feed {
                title: "Helpdesk".to_owned(),
                path: "/helpdesk".to_owned(),
                entries: questions
                    .into_iter()
                    .filter(|q| q.accepted_answer_id.is_some())
                    .map(|q| NewsItem {
                        kind: "question".to_owned(),
                        target: q.id.to_string(),
                        title: q.title,
                        text: q.body,
                        organisation: q.organisation,
                        themes: Some(q.themes.join(",")),
                        community: None,
                        at: q.updated_at,
                    })
                    .collect(),
            }
        }
    })
}
