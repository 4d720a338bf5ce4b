//! What the network map and graph are drawn from: every organisation, published practice, theme,
//! community and public person with the links between them, and the practices per organisation and
//! province for the map. Unpublished practices and people without public profiles never appear.

use leerpunt_core::network::{EdgeInput, EdgeKind, Node, NodeKind};
use leerpunt_core::vocab::THEMES;
use leerpunt_core::OrgKind;

use crate::{Result, Store};

/// An organisation as the map lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOrganisation {
    pub code: String,
    pub kind: OrgKind,
    pub name: String,
    pub name_en: Option<String>,
    pub province: Option<String>,
    /// Inhabitants, when the organisation's profile gives them.
    pub population: Option<i64>,
    /// Published practices it owns or takes part in, within the map's filters (as the catalogue
    /// counts them for `?organisation=`).
    pub practices: i64,
}

/// The map's figures for one choice of filters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapCounts {
    /// Every organisation of the register, by code.
    pub organisations: Vec<MapOrganisation>,
    /// Published practices per province of their owner (as the catalogue counts them for
    /// `?province=`), provinces without practices left out.
    pub by_province: Vec<(String, i64)>,
}

/// An organisation row of the map's query.
#[derive(sqlx::FromRow)]
struct MapRow {
    code: String,
    kind: String,
    name: String,
    name_en: Option<String>,
    province: Option<String>,
    population: Option<i64>,
    practices: i64,
}

fn edge(source: String, target: String, kind: EdgeKind) -> EdgeInput {
    EdgeInput {
        source,
        target,
        kind,
    }
}

impl Store {
    /// Nodes and edges of the whole network, read in one transaction. Similar-to edges are the
    /// recorded similar work (written by the search index above its threshold).
    pub async fn network(&self) -> Result<(Vec<Node>, Vec<EdgeInput>)> {
        let mut tx = self.read_tx().await?;
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let org = |code: &str| Node::key_of(NodeKind::Organisation, code);
        let practice = |slug: &str| Node::key_of(NodeKind::Practice, slug);
        let orgs: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT code, name, name_en FROM organisations ORDER BY code")
                .fetch_all(&mut *tx)
                .await?;
        for (code, name, name_en) in orgs {
            nodes.push(Node {
                key: org(&code),
                kind: NodeKind::Organisation,
                href: format!("/organisaties/{code}"),
                label: name,
                label_en: name_en.filter(|n| !n.is_empty()),
            });
        }
        let practices: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT p.slug, p.language, p.title, t.title, o.code FROM practices p \
             JOIN organisations o ON o.id = p.owner_id \
             LEFT JOIN practice_translations t ON t.practice_id = p.id AND t.language <> p.language \
             WHERE p.review = 'published' ORDER BY p.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (slug, language, title, translated, owner) in practices {
            let (label, label_en) = if language == "en" {
                (
                    translated.clone().unwrap_or_else(|| title.clone()),
                    Some(title),
                )
            } else {
                (title, translated)
            };
            nodes.push(Node {
                key: practice(&slug),
                kind: NodeKind::Practice,
                href: format!("/praktijken/{slug}"),
                label,
                label_en,
            });
            edges.push(edge(org(&owner), practice(&slug), EdgeKind::Owns));
        }
        let partners: Vec<(String, String)> = sqlx::query_as(
            "SELECT o.code, p.slug FROM practice_partners pp \
             JOIN practices p ON p.id = pp.practice_id \
             JOIN organisations o ON o.id = pp.organisation_id WHERE p.review = 'published'",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (code, slug) in partners {
            edges.push(edge(org(&code), practice(&slug), EdgeKind::PartnerOf));
        }
        for t in THEMES {
            nodes.push(Node {
                key: Node::key_of(NodeKind::Theme, t.key),
                kind: NodeKind::Theme,
                href: format!("/themas/{}", t.key),
                label: t.nl.to_owned(),
                label_en: Some(t.en.to_owned()),
            });
        }
        let themes: Vec<(String, String)> = sqlx::query_as(
            "SELECT p.slug, t.theme FROM practice_themes t \
             JOIN practices p ON p.id = t.practice_id WHERE p.review = 'published'",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (slug, theme) in themes {
            edges.push(edge(
                practice(&slug),
                Node::key_of(NodeKind::Theme, &theme),
                EdgeKind::WorksOnTheme,
            ));
        }
        let communities: Vec<(String, String, String)> =
            sqlx::query_as("SELECT slug, name_nl, name_en FROM communities ORDER BY id")
                .fetch_all(&mut *tx)
                .await?;
        for (slug, name_nl, name_en) in communities {
            nodes.push(Node {
                key: Node::key_of(NodeKind::Community, &slug),
                kind: NodeKind::Community,
                href: format!("/gemeenschappen/{slug}"),
                label: name_nl,
                label_en: Some(name_en),
            });
        }
        let community_themes: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.slug, t.theme FROM community_themes t JOIN communities c ON c.id = t.community_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (slug, theme) in community_themes {
            edges.push(edge(
                Node::key_of(NodeKind::Community, &slug),
                Node::key_of(NodeKind::Theme, &theme),
                EdgeKind::WorksOnTheme,
            ));
        }
        let people: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT p.id, p.name, o.code FROM people p \
             LEFT JOIN organisations o ON o.id = p.organisation_id \
             WHERE p.public_consent = 1 ORDER BY p.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, name, code) in people {
            let key = Node::key_of(NodeKind::Person, &id.to_string());
            if let Some(code) = code {
                edges.push(edge(key.clone(), org(&code), EdgeKind::MemberOf));
            }
            nodes.push(Node {
                key,
                kind: NodeKind::Person,
                href: format!("/mensen/{id}"),
                label: name,
                label_en: None,
            });
        }
        let members: Vec<(i64, String)> = sqlx::query_as(
            "SELECT p.id, c.slug FROM community_members m \
             JOIN people p ON p.user_id = m.user_id AND p.public_consent = 1 \
             JOIN communities c ON c.id = m.community_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, slug) in members {
            edges.push(edge(
                Node::key_of(NodeKind::Person, &id.to_string()),
                Node::key_of(NodeKind::Community, &slug),
                EdgeKind::MemberOf,
            ));
        }
        let similar: Vec<(String, String)> = sqlx::query_as(
            "SELECT a.slug, b.slug FROM similar_work s \
             JOIN practices a ON a.id = s.practice_id JOIN practices b ON b.id = s.other_practice_id \
             WHERE a.review = 'published' AND b.review = 'published'",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (a, b) in similar {
            edges.push(edge(practice(&a), practice(&b), EdgeKind::SimilarTo));
        }
        tx.commit().await?;
        Ok((nodes, edges))
    }

    /// The map's figures: per organisation the published practices it owns or takes part in, and
    /// per province the practices of bodies in it, for a theme and status (or all).
    pub async fn map_counts(&self, theme: Option<&str>, status: Option<&str>) -> Result<MapCounts> {
        let mut tx = self.read_tx().await?;
        let orgs: Vec<MapRow> = sqlx::query_as(
            // The practices that pass the filters, once; then each one's owner and partners
            // (a UNION, so an owner listed as partner too counts once), counted per organisation.
            "WITH chosen AS (SELECT p.id, p.owner_id FROM practices p WHERE p.review = 'published' \
                AND ($1 IS NULL OR EXISTS (SELECT 1 FROM practice_themes t WHERE t.practice_id = p.id AND t.theme = $1)) \
                AND ($2 IS NULL OR p.status = $2)), \
             links AS (SELECT id AS practice_id, owner_id AS organisation_id FROM chosen \
                UNION SELECT pp.practice_id, pp.organisation_id FROM practice_partners pp \
                JOIN chosen c ON c.id = pp.practice_id), \
             counted AS (SELECT organisation_id, COUNT(*) AS n FROM links GROUP BY organisation_id) \
             SELECT o.code, o.kind, o.name, o.name_en, o.province, o.population, \
                COALESCE(counted.n, 0) AS practices \
             FROM organisations o LEFT JOIN counted ON counted.organisation_id = o.id ORDER BY o.code",
        )
            .bind(theme)
            .bind(status)
            .fetch_all(&mut *tx)
            .await?;
        let by_province: Vec<(String, i64)> = sqlx::query_as(
            "SELECT o.province, COUNT(*) FROM practices p JOIN organisations o ON o.id = p.owner_id \
             WHERE p.review = 'published' AND o.province IS NOT NULL \
             AND ($1 IS NULL OR EXISTS (SELECT 1 FROM practice_themes t WHERE t.practice_id = p.id AND t.theme = $1)) \
             AND ($2 IS NULL OR p.status = $2) \
             GROUP BY o.province ORDER BY o.province",
        )
        .bind(theme)
        .bind(status)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut organisations = Vec::with_capacity(orgs.len());
        for r in orgs {
            organisations.push(MapOrganisation {
                kind: r.kind.parse()?,
                code: r.code,
                name: r.name,
                name_en: r.name_en,
                province: r.province,
                population: r.population,
                practices: r.practices,
            });
        }
        Ok(MapCounts {
            organisations,
            by_province,
        })
    }
}
