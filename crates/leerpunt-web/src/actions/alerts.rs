//! "Others started the same work": when a practice is published, the practices of other
//! organisations that are very similar to it are found in the search index, and the editors of
//! both organisations and the followers of the practice's themes get one mail saying which and
//! why (shared words and themes, the similarity as a percentage), in Dutch and then English.

use std::collections::BTreeMap;

use fluent_bundle::FluentArgs;
use leerpunt_core::helpdesk::FollowKind;
use leerpunt_core::{vocab, Lang, Practice};
use leerpunt_search::VERY_SIMILAR;
use leerpunt_store::Mail;

use crate::error::AppError;
use crate::i18n::t;
use crate::AppState;

/// How many neighbours are looked at (the alert names the very similar ones among them).
const NEIGHBOURS: usize = 5;

/// A very similar practice of another organisation, with the reasons.
#[derive(Debug, Clone)]
pub struct SameWork {
    pub other: Practice,
    /// Similarity between 0 and 1.
    pub similarity: f32,
    pub shared_terms: Vec<String>,
    /// Theme keys both practices carry.
    pub shared_themes: Vec<String>,
}

/// Why someone gets the alert.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Recipient {
    /// An editor of this organisation (name).
    Editor(String),
    Follower,
}

/// The published practices of other organisations at least [`VERY_SIMILAR`] to `p`, best first.
/// The index must have caught up with `p`'s publication.
pub async fn same_work(app: &AppState, p: &Practice) -> Result<Vec<SameWork>, AppError> {
    let practice = p.clone();
    let near = app
        .on_index(move |index| index.similar_practices(&practice, NEIGHBOURS, true))
        .await?;
    let near: Vec<_> = near
        .into_iter()
        .filter(|n| n.similarity >= VERY_SIMILAR && n.org != p.owner.code)
        .collect();
    if near.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = near.iter().map(|n| n.id).collect();
    let others = app.store.practices_by_ids(&ids).await?;
    let mut found = Vec::new();
    for n in &near {
        let Some(other) = others
            .iter()
            .find(|o| o.id == n.id && o.review == leerpunt_core::review::Review::Published)
        else {
            continue;
        };
        let (mine, theirs) = (p.clone(), other.clone());
        let shared_terms = app
            .on_index(move |index| Ok(index.shared_terms(&mine, &theirs)))
            .await?;
        let shared_themes = p
            .themes
            .iter()
            .filter(|t| other.themes.contains(t))
            .cloned()
            .collect();
        found.push(SameWork {
            other: other.clone(),
            similarity: n.similarity,
            shared_terms,
            shared_themes,
        });
    }
    Ok(found)
}

/// Finds the very similar work of other organisations for a practice just published and queues
/// the alert to the editors of both sides and the followers of its themes. Returns how many
/// mails were queued (0 when nothing is very similar).
pub async fn similar_work_published(app: &AppState, p: &Practice) -> Result<usize, AppError> {
    let found = same_work(app, p).await?;
    if found.is_empty() {
        return Ok(0);
    }
    // One mail per address; an editor is told as which organisation's editor.
    let mut to: BTreeMap<String, Recipient> = BTreeMap::new();
    let mut orgs = vec![(p.owner.code.clone(), p.owner.name.clone())];
    for w in &found {
        let o = (w.other.owner.code.clone(), w.other.owner.name.clone());
        if !orgs.contains(&o) {
            orgs.push(o);
        }
    }
    for (code, name) in &orgs {
        for address in app.store.editor_addresses(code).await? {
            to.entry(address)
                .or_insert_with(|| Recipient::Editor(name.clone()));
        }
    }
    for theme in &p.themes {
        for f in app.store.followers(FollowKind::Theme, theme).await? {
            to.entry(f.email).or_insert(Recipient::Follower);
        }
    }
    let link = |slug: &str| {
        format!(
            "{}/praktijken/{slug}",
            app.config.public_url.trim_end_matches('/')
        )
    };
    let mails: Vec<Mail> = to
        .into_iter()
        .map(|(address, why)| Mail {
            to: address,
            subject: format!(
                "{} / {}",
                text(
                    Lang::Nl,
                    "mail-similar-subject",
                    &[("title", p.text.title.as_str())]
                ),
                text(
                    Lang::En,
                    "mail-similar-subject",
                    &[("title", p.text.title.as_str())]
                )
            ),
            body: format!(
                "{}\n\n-----\n\n{}",
                body(Lang::Nl, p, &found, &why, &link),
                body(Lang::En, p, &found, &why, &link)
            ),
        })
        .collect();
    app.store.queue_mails(&mails).await?;
    Ok(mails.len())
}

fn text(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut a = FluentArgs::new();
    for (k, v) in args {
        a.set(*k, (*v).to_owned());
    }
    t(lang, key, Some(&a))
}

/// The alert in one language.
fn body(
    lang: Lang,
    p: &Practice,
    found: &[SameWork],
    why: &Recipient,
    link: &dyn Fn(&str) -> String,
) -> String {
    let mut out = text(
        lang,
        "mail-similar-intro",
        &[
            ("org", p.owner.name.as_str()),
            ("title", p.text.title.as_str()),
        ],
    );
    out.push_str("\n\n");
    for w in found {
        let score = format!("{:.0}", w.similarity * 100.0);
        out.push_str("- ");
        out.push_str(&text(
            lang,
            "mail-similar-match",
            &[
                ("other_title", w.other.text.title.as_str()),
                ("other_org", w.other.owner.name.as_str()),
                ("score", score.as_str()),
            ],
        ));
        out.push('\n');
        if !w.shared_terms.is_empty() {
            let terms = w.shared_terms.join(", ");
            out.push_str("  ");
            out.push_str(&text(
                lang,
                "mail-similar-terms",
                &[("terms", terms.as_str())],
            ));
            out.push('\n');
        }
        if !w.shared_themes.is_empty() {
            let themes = w
                .shared_themes
                .iter()
                .map(|k| {
                    vocab::theme(k).map_or(k.clone(), |t| match lang {
                        Lang::Nl => t.nl.to_owned(),
                        Lang::En => t.en.to_owned(),
                    })
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str("  ");
            out.push_str(&text(
                lang,
                "mail-similar-themes",
                &[("themes", themes.as_str())],
            ));
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(&link(&w.other.slug));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&text(
        lang,
        "mail-similar-outro",
        &[("link", link(&p.slug).as_str())],
    ));
    out.push_str("\n\n");
    out.push_str(&match why {
        Recipient::Editor(org) => text(lang, "mail-similar-editor", &[("org", org.as_str())]),
        Recipient::Follower => text(lang, "mail-similar-follower", &[]),
    });
    out.push('\n');
    out
}
