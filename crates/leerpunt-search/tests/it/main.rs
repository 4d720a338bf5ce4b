//! Integration tests of the search index against a real database: builds, catch-up, restarts.

use leerpunt_core::{Lang, NewPractice, PracticeStatus, PracticeText};
use leerpunt_search::{DocKind, Search, SearchError, SearchRequest};
use leerpunt_store::Store;

async fn store(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).await.unwrap();
    store.ensure_register().await.unwrap();
    store
}

fn practice(title: &str, text: &str, source_id: &str, owner: &str) -> NewPractice {
    NewPractice {
        slug: None,
        language: Lang::Nl,
        text: PracticeText {
            title: title.into(),
            summary: text.into(),
            purpose: text.into(),
            ..Default::default()
        },
        translation: None,
        status: PracticeStatus::InUse,
        owner: owner.into(),
        partners: vec![],
        themes: vec![],
        techniques: vec![],
        contact: None,
        source: "algoritmeregister".into(),
        source_id: Some(source_id.into()),
        source_url: None,
        started_on: None,
    }
}

fn ids(search: &Search, q: &str) -> Vec<String> {
    search
        .index()
        .search(&SearchRequest {
            q: q.into(),
            kind: Some(DocKind::Practice),
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap()
        .hits
        .into_iter()
        .filter_map(|h| h.source_id)
        .collect()
}

fn quiet(_: leerpunt_search::Stage, _: u64, _: u64) {}

#[tokio::test]
async fn an_index_on_disk_survives_restarts_and_catches_up_with_changes_made_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    store
        .upsert_practice(&practice(
            "Slimme verkeerslichten",
            "Verkeerslichten die fietsers zien.",
            "1",
            "GM0363",
        ))
        .await
        .unwrap();
    let index_dir = dir.path().join("search");
    let search = Search::open(&store, &index_dir, &quiet).await.unwrap();
    assert_eq!(ids(&search, "verkeerslichten"), vec!["1"]);
    let seq = search.index().indexed_seq();
    assert_eq!(
        seq,
        store.last_change().await.unwrap(),
        "the commit records the change-log position"
    );

    // A second writer on the same directory is refused, not corrupted.
    match Search::open(&store, &index_dir, &quiet).await {
        Err(SearchError::Locked) => {}
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(search);

    // Changes while no server runs (an import from the command line)…
    store
        .upsert_practice(&practice(
            "Afvalcontainers legen op tijd",
            "Sensoren in containers.",
            "2",
            "GM0344",
        ))
        .await
        .unwrap();
    store
        .upsert_practice(&practice(
            "Slimme verkeerslichten",
            "Nu over bruggen.",
            "1",
            "GM0363",
        ))
        .await
        .unwrap();
    // …are in the index after the next start.
    let search = Search::open(&store, &index_dir, &quiet).await.unwrap();
    assert_eq!(ids(&search, "afvalcontainers"), vec!["2"]);
    assert_eq!(ids(&search, "bruggen"), vec!["1"]);
    assert!(ids(&search, "fietsers").is_empty(), "the old text is gone");
    assert_eq!(
        search.index().num_docs() as i64,
        2 + store.all_organisations().await.unwrap().len() as i64
    );

    // A read-only view works beside the writer.
    let reader = Search::open_read_only(&index_dir).unwrap().unwrap();
    assert_eq!(ids(&reader, "bruggen"), vec!["1"]);
}

#[tokio::test]
async fn an_index_of_another_version_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    store
        .upsert_practice(&practice(
            "Woningwaarde bepalen",
            "Een model voor de WOZ.",
            "7",
            "GM0363",
        ))
        .await
        .unwrap();
    let index_dir = dir.path().join("search");
    drop(Search::open(&store, &index_dir, &quiet).await.unwrap());
    std::fs::write(index_dir.join("version.txt"), "0").unwrap();
    let search = Search::open(&store, &index_dir, &quiet).await.unwrap();
    assert_eq!(ids(&search, "woningwaarde"), vec!["7"]);
}

#[tokio::test]
async fn an_index_ahead_of_its_database_is_rebuilt() {
    // A database restored from an older backup: the index must not keep newer documents.
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    store
        .upsert_practice(&practice("Grondwater meten", "Peilbuizen.", "30", "GM0363"))
        .await
        .unwrap();
    let backup = dir.path().join("backup.db");
    store.backup(&backup, |_| {}).await.unwrap();
    store
        .upsert_practice(&practice("Zwerfafval tellen", "Camera's.", "31", "GM0363"))
        .await
        .unwrap();
    let index_dir = dir.path().join("search");
    drop(Search::open(&store, &index_dir, &quiet).await.unwrap());
    store.close().await;

    let restored = Store::open_file(&backup).await.unwrap();
    let search = Search::open(&restored, &index_dir, &quiet).await.unwrap();
    assert_eq!(ids(&search, "grondwater"), vec!["30"]);
    assert!(
        ids(&search, "zwerfafval").is_empty(),
        "the newer practice is gone"
    );
}

#[tokio::test]
async fn similar_work_of_other_organisations_is_recorded_for_both() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let text = "Het algoritme signaleert betalingsachterstanden bij huur, energie en water zodat schuldhulpverlening vroeg contact opneemt.";
    store
        .upsert_practice(&practice("Vroegsignalering schulden", text, "10", "GM0363"))
        .await
        .unwrap();
    store
        .upsert_practice(&practice(
            "Vroegsignalering van schulden",
            text,
            "11",
            "GM0344",
        ))
        .await
        .unwrap();
    store
        .upsert_practice(&practice(
            "Bomen inspecteren",
            "Luchtfoto's van bomen in parken.",
            "12",
            "GM0344",
        ))
        .await
        .unwrap();
    let _search = Search::in_memory(&store, &quiet).await.unwrap();
    let amsterdam = store.similar_work("GM0363", 10).await.unwrap();
    assert_eq!(amsterdam.len(), 1, "{amsterdam:?}");
    assert_eq!(amsterdam[0].other_code, "GM0344");
    assert_eq!(amsterdam[0].other_title, "Vroegsignalering van schulden");
    let utrecht = store.similar_work("GM0344", 10).await.unwrap();
    assert_eq!(utrecht.len(), 1);
    assert_eq!(utrecht[0].other_code, "GM0363");
}

#[tokio::test]
async fn match_question_ranks_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    store
        .upsert_practice(&practice(
            "Scanauto voor parkeercontrole",
            "Een scanauto leest kentekens.",
            "20",
            "GM0363",
        ))
        .await
        .unwrap();
    store
        .upsert_practice(&practice(
            "Parkeren in de binnenstad",
            "Parkeerdruk voorspellen.",
            "21",
            "GM0344",
        ))
        .await
        .unwrap();
    let search = Search::in_memory(&store, &quiet).await.unwrap();
    let m = search
        .index()
        .match_question("scan car for parking enforcement", None, Lang::En, 10)
        .unwrap()
        .matches;
    assert_eq!(m.practices[0].practice.source_id.as_deref(), Some("20"));
    let reasons: Vec<String> = m.practices[0]
        .reasons
        .iter()
        .map(|r| r.text(Lang::En))
        .collect();
    assert!(reasons[0].starts_with("Same topic: "), "{reasons:?}");
    assert!(reasons[0].contains("scan car"), "{reasons:?}");
    assert_eq!(m.organisations[0].code, "GM0363");
}

/// Writes a community with a theme and one topic (an opening post, a reply, a deleted and a
/// hidden post) straight into the database, recording the changes as the store would.
async fn community_with_topic(dir: &std::path::Path) -> (i64, i64) {
    use sqlx::Connection;
    let url = format!("sqlite://{}", dir.join(leerpunt_store::DB_FILE).display());
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let at = "2026-05-01T10:00:00Z";
    let community: i64 = sqlx::query_scalar(
        "INSERT INTO communities (slug, name_nl, name_en, description_nl, description_en, created_at, updated_at) \
         VALUES ('slimme-riolering', 'Slimme riolering', 'Smart sewers', \
         'Gemeenten die rioolgemalen met sensoren besturen.', 'Municipalities steering sewage pumps with sensors.', $1, $1) RETURNING id",
    )
    .bind(at)
    .fetch_one(&mut db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO community_themes (community_id, theme) VALUES ($1, 'klimaat-en-energie')",
    )
    .bind(community)
    .execute(&mut db)
    .await
    .unwrap();
    let topic: i64 = sqlx::query_scalar(
        "INSERT INTO topics (community_id, title, created_at, last_post_at) \
         VALUES ($1, 'Overstortingen voorspellen met regenradar', $2, $2) RETURNING id",
    )
    .bind(community)
    .bind(at)
    .fetch_one(&mut db)
    .await
    .unwrap();
    for (body, deleted, hidden) in [
        ("Wie voorspelt overstortingen met de regenradar?", 0, None),
        ("Wij koppelen de regenradar aan gemaalpompen.", 0, None),
        ("Weggehaald: vuilnisbakkenstatistiek.", 1, None),
        ("Verborgen: waterratjesreclame.", 0, Some("spam")),
    ] {
        sqlx::query(
            "INSERT INTO posts (topic_id, author_name, body, deleted, hidden_reason, created_at) VALUES ($1, 'Lid', $2, $3, $4, $5)",
        )
        .bind(topic)
        .bind(body)
        .bind(deleted)
        .bind(hidden)
        .bind(at)
        .execute(&mut db)
        .await
        .unwrap();
    }
    for (entity, id) in [("community", community), ("topic", topic)] {
        sqlx::query("INSERT INTO change_log (entity, entity_id, op, changed_at) VALUES ($1, $2, 'create', $3)")
            .bind(entity)
            .bind(id)
            .bind(at)
            .execute(&mut db)
            .await
            .unwrap();
    }
    (community, topic)
}

fn found(search: &Search, q: &str) -> Vec<(DocKind, i64, String)> {
    search
        .index()
        .search(&SearchRequest {
            q: q.into(),
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.kind, h.id, h.path))
        .collect()
}

#[tokio::test]
async fn topics_and_communities_are_found_by_catch_up_and_by_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let search = Search::in_memory(&store, &quiet).await.unwrap();
    let (community, topic) = community_with_topic(dir.path()).await;
    search.catch_up(&store).await.unwrap();

    let topic_hit = (
        DocKind::Topic,
        topic,
        format!("/gemeenschappen/slimme-riolering/onderwerpen/{topic}"),
    );
    // The title, the opening post and a reply all find the topic.
    for q in ["overstortingen", "regenradar", "gemaalpompen"] {
        assert!(found(&search, q).contains(&topic_hit), "{q}");
    }
    // Deleted and hidden posts are not indexed.
    for q in ["vuilnisbakkenstatistiek", "waterratjesreclame"] {
        assert!(found(&search, q).is_empty(), "{q}");
    }
    let community_hit = (
        DocKind::Community,
        community,
        "/gemeenschappen/slimme-riolering".to_owned(),
    );
    assert!(found(&search, "rioolgemalen").contains(&community_hit));
    assert!(found(&search, "sewage pumps").contains(&community_hit));

    // Theme and kind facets.
    let r = search
        .index()
        .search(&SearchRequest {
            q: String::new(),
            filters: [("theme".to_owned(), vec!["klimaat-en-energie".to_owned()])].into(),
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap();
    let kinds: Vec<(String, u64)> = r.facets["kind"]
        .iter()
        .map(|c| (c.value.clone(), c.count))
        .collect();
    assert!(kinds.contains(&("topic".to_owned(), 1)), "{kinds:?}");
    assert!(kinds.contains(&("community".to_owned(), 1)), "{kinds:?}");

    // A full build (`leerpunt reindex`) holds them too.
    let rebuilt = Search::in_memory(&store, &quiet).await.unwrap();
    assert!(found(&rebuilt, "gemaalpompen").contains(&topic_hit));
    assert!(found(&rebuilt, "rioolgemalen").contains(&community_hit));
}

/// A topic document with a title and an opening post.
fn topic(id: i64, title: &str, opening: &str) -> leerpunt_store::SearchTopic {
    leerpunt_store::SearchTopic {
        id,
        community_slug: "verkeer".into(),
        title: title.into(),
        posts: vec![opening.into()],
        themes: vec![],
        last_post_at: "2026-11-01T12:00:00Z".into(),
    }
}

#[test]
fn in_a_large_index_a_rare_word_finds_its_documents_and_not_every_one_sharing_a_common_part() {
    use leerpunt_search::analysis::Dictionary;
    use leerpunt_search::{docs, SearchIndex};
    let mut topics = Vec::new();
    // 12,000 topics about rules ("regels"): a common word, and a part of the rare compound.
    for id in 1..=12_000 {
        let place = if id % 2 == 0 { "binnenstad" } else { "wijk" };
        topics.push(topic(
            id,
            &format!("Regels voor parkeren in de {place}"),
            &format!("Welke regels gelden voor parkeren in de {place}, vraag {id}?"),
        ));
    }
    // Ten about traffic-light controllers; five of them also name the inner city.
    for id in 12_001..=12_010 {
        let place = if id % 2 == 0 {
            " in de binnenstad"
        } else {
            " in de polder"
        };
        topics.push(topic(
            id,
            &format!("Verkeersregelinstallatie slim afstellen{place}"),
            "Hoe stellen andere wegbeheerders hun verkeersregelinstallatie af op drukte?",
        ));
    }
    let texts: Vec<String> = topics
        .iter()
        .map(|t| format!("{} {}", t.title, t.posts.join(" ")))
        .chain(std::iter::repeat_n(
            "verkeer regel installatie".to_owned(),
            2,
        ))
        .collect();
    let dict = Dictionary::from_texts(texts.iter().map(String::as_str), 2);
    let index = SearchIndex::in_memory(dict).unwrap();
    for t in &topics {
        index.add_new(docs::topic_doc(index.fields(), t)).unwrap();
    }
    index.commit(0).unwrap();
    let search = |q: &str| {
        index
            .search(&SearchRequest {
                q: q.into(),
                limit: 10,
                ..SearchRequest::default()
            })
            .unwrap()
    };

    // The compound's parts are known words, and "regel" is in nearly every document ...
    let regels = search("regel");
    assert!(regels.total > 10_000, "regel: {} matches", regels.total);
    // ... but the question about the compound finds only the ten that name it.
    let found = search("verkeersregelinstallatie");
    assert_eq!(found.total, 10, "{:?}", found.hits);
    assert!(found.hits.iter().all(|h| h.id > 12_000), "{:?}", found.hits);
    // A common word of the question orders what the rare one found and finds nothing itself.
    let both = search("verkeersregelinstallatie binnenstad");
    assert_eq!(both.total, 10);
    let first: Vec<i64> = both.hits.iter().take(5).map(|h| h.id).collect();
    assert_eq!(first.len(), 5);
    assert!(first.iter().all(|id| id % 2 == 0), "{first:?}");
}

fn model() -> std::sync::Arc<leerpunt_search::dense::Meaning> {
    let path = match std::env::var_os("LEERPUNT_MODEL") {
        Some(p) => std::path::PathBuf::from(p),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../models")
            .join(leerpunt_embed::MODEL_FILE),
    };
    assert!(
        path.is_file(),
        "no model at {}: run tools/fetch-model.sh",
        path.display()
    );
    std::sync::Arc::new(leerpunt_search::dense::Meaning::load(&path).unwrap())
}

#[tokio::test]
async fn search_by_meaning_ranks_a_paraphrase_first_and_follows_changed_texts() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    for (title, text, id, owner) in [
        (
            "Fraude met bijstand opsporen",
            "De gemeente gebruikt een risicomodel om fraude met bijstandsuitkeringen op te sporen.",
            "1",
            "GM0363",
        ),
        (
            "Kentekenherkenning bij handhaving",
            "Een scanauto leest kentekens van geparkeerde auto's en vergelijkt ze met betaalde rechten.",
            "2",
            "GM0344",
        ),
        (
            "Onderhoud van gemalen voorspellen",
            "Sensoren in pompen melden slijtage voordat een gemaal uitvalt.",
            "3",
            "WS0155",
        ),
    ] {
        store.upsert_practice(&practice(title, text, id, owner)).await.unwrap();
    }
    let search = Search::in_memory(&store, &quiet).await.unwrap();
    let computed = search
        .use_meaning(&store, model(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(computed, 3, "every practice was embedded");
    let stored = store
        .practice_vectors(leerpunt_search::dense::MODEL_NAME, None)
        .await
        .unwrap();
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|v| v.vector.len() == leerpunt_embed::DIM));

    let found = ids(&search, "how do municipalities detect welfare fraud");
    assert_eq!(found.first().map(String::as_str), Some("1"), "{found:?}");
    let found = ids(&search, "reading number plates of parked cars");
    assert_eq!(found.first().map(String::as_str), Some("2"), "{found:?}");
    // The practices found by meaning alone count in the total and in every facet, as those the
    // words found do: each practice has one status, so the status counts add up to the total.
    let results = search
        .index()
        .search(&SearchRequest {
            q: "reading number plates of parked cars".into(),
            kind: Some(DocKind::Practice),
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(results.total, 3, "{:?}", results.hits);
    assert_eq!(results.hits.len(), 3);
    let statuses = &results.facets["status"];
    assert!(!statuses.is_empty());
    assert_eq!(
        statuses.iter().map(|c| c.count).sum::<u64>(),
        3,
        "{statuses:?}"
    );

    // Opening again reads the stored vectors instead of computing them.
    let again = Search::in_memory(&store, &quiet).await.unwrap();
    assert_eq!(
        again
            .use_meaning(&store, model(), &|_, _| {})
            .await
            .unwrap(),
        0
    );

    // A changed text gets a new vector when the index catches up; the others keep theirs.
    let before: Vec<_> = stored
        .iter()
        .map(|v| (v.practice_id, v.text_hash.clone()))
        .collect();
    store
        .upsert_practice(&practice(
            "Onderhoud van gemalen voorspellen",
            "Het waterschap voorspelt met trillingsmetingen welke pomp als eerste kapot gaat.",
            "3",
            "WS0155",
        ))
        .await
        .unwrap();
    search.catch_up(&store).await.unwrap();
    let after = store
        .practice_vectors(leerpunt_search::dense::MODEL_NAME, None)
        .await
        .unwrap();
    let changed: Vec<i64> = after
        .iter()
        .filter(|v| !before.contains(&(v.practice_id, v.text_hash.clone())))
        .map(|v| v.practice_id)
        .collect();
    assert_eq!(
        changed.len(),
        1,
        "only the changed practice was embedded again"
    );
    let found = ids(&search, "which pump will break down first");
    assert_eq!(found.first().map(String::as_str), Some("3"), "{found:?}");
}
