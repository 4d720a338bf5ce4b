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
    store.backup(&backup).await.unwrap();
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
