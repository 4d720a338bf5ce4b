//! Reading the catalogue: the home page's overview, practices, organisations, themes and people.
//! Shared by the pages and the API, so both show exactly what the caller may see.

use std::collections::HashMap;

use leerpunt_core::access::{Action, Target};
use leerpunt_core::paging::{PageRequest, MAX_PER_PAGE};
use leerpunt_core::review::Review;
use leerpunt_core::vocab::{self, ThemeDef};
use leerpunt_core::{Organisation, Person, Practice};
use leerpunt_store::{Counts, OrgFilter, PracticeFilter, SimilarWork};

use super::{optional, Caller};
use crate::error::AppError;
use crate::AppState;

/// What the home page shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub counts: Counts,
    pub demo_count: i64,
    pub latest: Vec<Practice>,
    pub theme_counts: HashMap<String, i64>,
}

/// The headline counts, the newest practices and the practices per theme: five queries over the
/// whole catalogue, so the result is kept until the change log moves.
pub async fn overview(app: &AppState, latest: u32) -> Result<Overview, AppError> {
    let seq = match app.overview.get(&latest) {
        Ok(kept) => return Ok(kept),
        Err(seq) => seq,
    };
    let overview = count_overview(app, latest).await?;
    app.overview.put(latest, overview.clone(), seq);
    Ok(overview)
}

async fn count_overview(app: &AppState, latest: u32) -> Result<Overview, AppError> {
    let counts = app.store.counts().await?;
    let (latest, _) = app
        .store
        .practices(
            &PracticeFilter::default(),
            PageRequest {
                page: 1,
                per_page: latest,
            },
        )
        .await?;
    let demo_filter = PracticeFilter {
        source: Some(leerpunt_store::seed::DEMO_SOURCE.into()),
        ..Default::default()
    };
    let demo_count = app.store.count_practices(&demo_filter).await?;
    Ok(Overview {
        counts,
        demo_count,
        latest,
        theme_counts: theme_counts(app).await?,
    })
}

/// Published practices per theme key.
pub async fn theme_counts(app: &AppState) -> Result<HashMap<String, i64>, AppError> {
    Ok(app.store.theme_counts().await?.into_iter().collect())
}

/// A page of published practices, and the organisation the filter names (when it exists).
pub async fn practices(
    app: &AppState,
    filter: &PracticeFilter,
    page: PageRequest,
) -> Result<(Vec<Practice>, i64, Option<Organisation>), AppError> {
    let (items, total) = app.store.practices(filter, page).await?;
    let organisation = match &filter.organisation {
        Some(code) => optional(app.store.organisation(code).await)?,
        None => None,
    };
    Ok((items, total, organisation))
}

/// A practice by slug as the caller may see it: published for everyone; otherwise only for those
/// who may view unpublished practices of its owner (everyone else gets a 404, so drafts do not leak).
/// A published practice is the same for everyone until the change log moves, so it is kept.
pub async fn practice(app: &AppState, caller: &Caller, slug: &str) -> Result<Practice, AppError> {
    let seq = match app.practices.get(&slug.to_owned()) {
        Ok(kept) => return Ok(kept),
        Err(seq) => seq,
    };
    let p = app.store.practice_any(slug).await?;
    if p.review == Review::Published {
        app.practices.put(slug.to_owned(), p.clone(), seq);
        Ok(p)
    } else if caller.can(Action::ViewUnpublished, Target::Organisation(p.owner.id)) {
        Ok(p)
    } else {
        Err(AppError::NotFound(format!("practice {slug}")))
    }
}

/// Practices like this one, by the search index; by shared themes when the index knows none. The
/// neighbours change only when the data does, so they are found once per change-log position.
pub async fn similar_practices(
    app: &AppState,
    practice: &Practice,
    limit: usize,
) -> Result<Vec<Practice>, AppError> {
    let seq = match app.similar.get(&(practice.id, limit)) {
        Ok(kept) => return Ok(kept),
        Err(seq) => seq,
    };
    let p = practice.clone();
    let near = app
        .on_index(move |index| index.similar_practices(&p, limit, false))
        .await?;
    let found = if near.is_empty() {
        app.store.related_practices(practice, limit as i64).await?
    } else {
        let ids: Vec<i64> = near.iter().map(|n| n.id).collect();
        let mut found = app.store.practices_by_ids(&ids).await?;
        found.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
        found
    };
    app.similar.put((practice.id, limit), found.clone(), seq);
    Ok(found)
}

/// A page of the register with the number of published practices of each organisation.
pub async fn organisations(
    app: &AppState,
    filter: &OrgFilter,
    page: PageRequest,
) -> Result<(Vec<(Organisation, i64)>, i64), AppError> {
    let (items, total) = app.store.organisations(filter, page).await?;
    let counts = app
        .store
        .practice_counts(&items.iter().map(|o| o.id).collect::<Vec<_>>())
        .await?;
    let rows = items
        .into_iter()
        .map(|o| {
            let n = counts.get(&o.id).copied().unwrap_or(0);
            (o, n)
        })
        .collect();
    Ok((rows, total))
}

/// An organisation's profile page: its text, practices it owns and takes part in, and the work of
/// others like its own.
#[derive(Debug)]
pub struct OrganisationProfile {
    pub organisation: Organisation,
    pub description: String,
    pub owned: Vec<Practice>,
    pub partnered: Vec<Practice>,
    /// All published practices it owns or takes part in (the lists hold at most `limit`).
    pub total: i64,
    pub works_on: Vec<SimilarWork>,
    pub can_edit: bool,
}

/// An organisation by code with its first `limit` practices.
pub async fn organisation(
    app: &AppState,
    caller: &Caller,
    code: &str,
    limit: u32,
) -> Result<OrganisationProfile, AppError> {
    let org = app.store.organisation(code).await?;
    let description = app.store.organisation_description(&org.code).await?;
    let filter = PracticeFilter {
        organisation: Some(org.code.clone()),
        ..Default::default()
    };
    let (practices, total) = app
        .store
        .practices(
            &filter,
            PageRequest {
                page: 1,
                per_page: limit,
            },
        )
        .await?;
    let (owned, partnered) = practices.into_iter().partition(|p| p.owner.id == org.id);
    let works_on = app.store.similar_work(&org.code, 8).await?;
    Ok(OrganisationProfile {
        can_edit: caller.can(Action::EditOrganisation, Target::Organisation(org.id)),
        organisation: org,
        description,
        owned,
        partnered,
        total,
        works_on,
    })
}

/// An organisation with the slugs of every published practice it owns and takes part in.
pub async fn organisation_practice_slugs(
    app: &AppState,
    code: &str,
) -> Result<(Organisation, Vec<String>, Vec<String>), AppError> {
    let org = app.store.organisation(code).await?;
    let filter = PracticeFilter {
        organisation: Some(org.code.clone()),
        ..Default::default()
    };
    let mut owned = Vec::new();
    let mut partner_in = Vec::new();
    let mut page = PageRequest {
        page: 1,
        per_page: MAX_PER_PAGE,
    };
    loop {
        let (items, total) = app.store.practices(&filter, page).await?;
        for p in &items {
            if p.owner.id == org.id {
                owned.push(p.slug.clone());
            } else {
                partner_in.push(p.slug.clone());
            }
        }
        if page.offset() + i64::from(page.per_page) >= total || items.is_empty() {
            break;
        }
        page.page += 1;
    }
    Ok((org, owned, partner_in))
}

/// A theme with a page of its published practices.
pub async fn theme(
    app: &AppState,
    key: &str,
    page: PageRequest,
) -> Result<(&'static ThemeDef, Vec<Practice>, i64), AppError> {
    let def = vocab::theme(key).ok_or_else(|| AppError::NotFound(format!("theme {key}")))?;
    let filter = PracticeFilter {
        theme: Some(def.key.to_owned()),
        ..Default::default()
    };
    let (items, total) = app.store.practices(&filter, page).await?;
    Ok((def, items, total))
}

/// The organisations of the register that people ask on behalf of (not the catch-all "other").
pub async fn asking_organisations(app: &AppState) -> Result<Vec<Organisation>, AppError> {
    Ok(app
        .store
        .all_organisations()
        .await?
        .into_iter()
        .filter(|o| o.kind != leerpunt_core::OrgKind::Other)
        .collect())
}

/// People with a public profile, each with their organisation.
pub async fn people(app: &AppState) -> Result<Vec<(Person, Option<Organisation>)>, AppError> {
    let mut out = Vec::new();
    for p in app.store.public_people().await? {
        let org = person_organisation(app, &p).await?;
        out.push((p, org));
    }
    Ok(out)
}

/// One person with a public profile (others are a 404), with their organisation.
pub async fn person(app: &AppState, id: &str) -> Result<(Person, Option<Organisation>), AppError> {
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("person {id}")))?;
    let person = app.store.public_person(id).await?;
    let org = person_organisation(app, &person).await?;
    Ok((person, org))
}

async fn person_organisation(app: &AppState, p: &Person) -> Result<Option<Organisation>, AppError> {
    match &p.organisation_code {
        Some(code) => optional(app.store.organisation(code).await),
        None => Ok(None),
    }
}
