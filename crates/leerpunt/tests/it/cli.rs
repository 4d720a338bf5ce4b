//! The command line: importing the Algorithm Register, export/import round trips, and bad input.

use crate::support::{leerpunt, shared_data, stderr, stdout, Server};

#[test]
fn imports_the_algorithm_register_then_updates_on_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = shared_data().join("algoritmeregister/algoritmes-2026-08-08.json");
    let file = file.to_str().unwrap();
    let first = leerpunt(dir.path(), &["import", "algoritmeregister", file]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = stdout(&first);
    assert!(out.contains("1530 created, 0 updated, 0 rejected"), "{out}");
    assert!(
        out.contains("were not in the register"),
        "unknown organisations are reported: {out}"
    );
    let second = leerpunt(dir.path(), &["import", "algoritmeregister", file]);
    assert!(
        stdout(&second).contains("0 created, 1530 updated"),
        "{}",
        stdout(&second)
    );

    let export = leerpunt(dir.path(), &["export", "practices", "--format", "json"]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(items.len(), 1530);
    assert!(items.iter().all(|p| p["source_id"].is_string()));
    let owners: std::collections::HashSet<_> = items
        .iter()
        .map(|p| p["owner"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(owners.len(), 336, "1,530 practices of 336 organisations");
}

#[test]
fn reindex_then_search_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = shared_data().join("algoritmeregister/algoritmes-2026-08-08.json");
    let imported = leerpunt(
        dir.path(),
        &["import", "algoritmeregister", file.to_str().unwrap()],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let reindexed = leerpunt(dir.path(), &["reindex"]);
    assert!(reindexed.status.success(), "{}", stderr(&reindexed));
    assert!(
        stdout(&reindexed).starts_with("Indexed "),
        "{}",
        stdout(&reindexed)
    );

    let found = leerpunt(
        dir.path(),
        &[
            "search",
            "scanauto parkeren",
            "--kind",
            "practice",
            "--json",
            "--limit",
            "5",
        ],
    );
    assert!(found.status.success(), "{}", stderr(&found));
    let body: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    assert!(hits
        .iter()
        .all(|h| h["kind"] == "practice" && h["source_id"].is_string()));
    assert!(
        hits[0]["title"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("scan"),
        "{}",
        hits[0]
    );

    let bad = leerpunt(dir.path(), &["search", "x", "--kind", "robot"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("robot"), "{}", stderr(&bad));
}

#[test]
fn a_malformed_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let seeded = leerpunt(dir.path(), &["import", "demo"]);
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    let before = stdout(&leerpunt(
        dir.path(),
        &["export", "practices", "--format", "csv"],
    ));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"algoritmes": [{"id": "1", "title": "x", "organisatie": "Gemeente Utrecht", "status": "in_gebruik"}, {"id": 2"#).unwrap();
    let out = leerpunt(
        dir.path(),
        &["import", "algoritmeregister", bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not an Algorithm Register export"),
        "{}",
        stderr(&out)
    );

    let wrong_shape = dir.path().join("shape.json");
    std::fs::write(&wrong_shape, r#"{"items": []}"#).unwrap();
    assert!(!leerpunt(
        dir.path(),
        &["import", "algoritmeregister", wrong_shape.to_str().unwrap()]
    )
    .status
    .success());

    let missing = leerpunt(
        dir.path(),
        &["import", "algoritmeregister", "/no/such/file.json"],
    );
    assert!(
        stderr(&missing).contains("cannot read"),
        "{}",
        stderr(&missing)
    );

    let txt = dir.path().join("x.txt");
    std::fs::write(&txt, "hello").unwrap();
    assert!(stderr(&leerpunt(
        dir.path(),
        &["import", "practices", txt.to_str().unwrap()]
    ))
    .contains(".csv or .json"));

    let after = stdout(&leerpunt(
        dir.path(),
        &["export", "practices", "--format", "csv"],
    ));
    assert_eq!(before, after, "the database did not change");
}

#[test]
fn practices_round_trip_through_csv_and_json() {
    let source = tempfile::tempdir().unwrap();
    assert!(leerpunt(source.path(), &["import", "demo"])
        .status
        .success());
    for format in ["csv", "json"] {
        let file = source.path().join(format!("practices.{format}"));
        let export = leerpunt(
            source.path(),
            &[
                "export",
                "practices",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
            ],
        );
        assert!(export.status.success(), "{}", stderr(&export));
        let target = tempfile::tempdir().unwrap();
        let import = leerpunt(
            target.path(),
            &["import", "practices", file.to_str().unwrap()],
        );
        assert!(import.status.success(), "{}", stderr(&import));
        assert!(
            stdout(&import).contains("44 created, 0 updated, 0 rejected"),
            "{format}: {}",
            stdout(&import)
        );
        let again = leerpunt(
            target.path(),
            &["import", "practices", file.to_str().unwrap()],
        );
        assert!(
            stdout(&again).contains("0 created, 44 updated"),
            "{format}: idempotent: {}",
            stdout(&again)
        );
        // Field by field: what the target exports is what the source exported, but for the
        // database's own numbering and clock.
        let a = exported_practices(source.path());
        let b = exported_practices(target.path());
        assert_eq!(a.len(), 44, "{format}");
        assert_eq!(a.len(), b.len(), "{format}");
        for (slug, original) in &a {
            let copy = b
                .get(slug)
                .unwrap_or_else(|| panic!("{format}: {slug} missing after the round trip"));
            assert_eq!(copy, original, "{format}: {slug} changed in the round trip");
        }
    }
}

/// The JSON export of a data directory, by slug, without the fields a database assigns itself.
fn exported_practices(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let out = leerpunt(dir, &["export", "practices", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("export is JSON");
    let list = v
        .as_array()
        .or_else(|| v["practices"].as_array())
        .expect("a list of practices")
        .clone();
    list.into_iter()
        .map(|mut p| {
            let slug = p["slug"].as_str().expect("slug").to_owned();
            if let Some(o) = p.as_object_mut() {
                for volatile in ["id", "created_at", "updated_at"] {
                    o.remove(volatile);
                }
            }
            (slug, p)
        })
        .collect()
}

#[test]
fn invalid_rows_are_rejected_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    std::fs::write(
        &file,
        "title,status,owner,themes\nGoed,pilot,GM0363,wonen\nOnbekende eigenaar,pilot,GM9999,\nFoute status,klaar,GM0363,\nFout thema,idea,GM0363,geen-thema\n",
    )
    .unwrap();
    let out = leerpunt(dir.path(), &["import", "practices", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("1 created, 0 updated, 3 rejected"), "{text}");
    assert!(text.contains("line 3") && text.contains("GM9999"), "{text}");
    assert!(text.contains("line 4"), "{text}");
    assert!(
        text.contains("line 5") && text.contains("geen-thema"),
        "{text}"
    );
}

#[test]
fn exports_the_register_of_public_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let out = leerpunt(dir.path(), &["export", "organisations", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("code,kind,name,name_en,province,website,aliases"));
    assert_eq!(text.lines().filter(|l| l.starts_with("GM")).count(), 342);
    assert!(text.contains("MIN-FIN,ministry,Ministerie van Financiën"));
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::support::bin())
        .args(["--data-dir", dir.path().to_str().unwrap(), "serve"])
        .env("LEERPUNT_BIND", "nonsense")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("invalid configuration"),
        "{}",
        stderr(&out)
    );
    let missing = std::process::Command::new(crate::support::bin())
        .args(["--config", "/no/such.toml", "export", "organisations"])
        .output()
        .unwrap();
    assert!(
        stderr(&missing).contains("does not exist"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn serve_demo_answers_over_http() {
    let server = Server::start_demo();
    let body = crate::support::http_get(&server.base, "/healthz");
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("\"ok\""), "{body}");
}

#[test]
fn backup_is_a_complete_database_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    assert!(leerpunt(dir.path(), &["import", "demo"]).status.success());
    let file = dir.path().join("backup.db");
    let out = leerpunt(dir.path(), &["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The backup is a working data directory of its own.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&file, restored.path().join("leerpunt.db")).unwrap();
    let a = stdout(&leerpunt(
        dir.path(),
        &["export", "practices", "--format", "csv"],
    ));
    let b = stdout(&leerpunt(
        restored.path(),
        &["export", "practices", "--format", "csv"],
    ));
    assert_eq!(a, b);
    let again = leerpunt(dir.path(), &["backup", file.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

/// Row counts of every table of a data directory's database.
async fn table_counts(dir: &std::path::Path) -> Vec<(String, i64)> {
    let store = leerpunt_store::Store::open(dir).await.unwrap();
    let counts = store.table_counts().await.unwrap();
    store.close().await;
    counts
}

fn search_titles(dir: &std::path::Path, q: &str) -> Vec<String> {
    let out = leerpunt(dir, &["search", q, "--json", "--limit", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_backup_whose_write_ahead_log_was_not_folded_in_restores_whole() {
    // A database file copied while open keeps its last commits in FILE-wal beside it.
    let dir = tempfile::tempdir().unwrap();
    assert!(leerpunt(dir.path(), &["import", "demo"]).status.success());
    let store = leerpunt_store::Store::open(dir.path()).await.unwrap();
    assert_eq!(
        store
            .meta_or_insert("wal-test", "in the log")
            .await
            .unwrap(),
        "in the log"
    );
    let db = dir.path().join(leerpunt_store::DB_FILE);
    let wal = dir.path().join(format!("{}-wal", leerpunt_store::DB_FILE));
    assert!(
        std::fs::metadata(&wal)
            .map(|m| m.len() > 0)
            .unwrap_or(false),
        "the last commit is in the write-ahead log"
    );
    let copies = tempfile::tempdir().unwrap();
    let file = copies.path().join("open-copy.db");
    std::fs::copy(&db, &file).unwrap();
    std::fs::copy(&wal, copies.path().join("open-copy.db-wal")).unwrap();
    store.close().await;

    let target = copies.path().join("data");
    let out = leerpunt(&target, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let restored = leerpunt_store::Store::open(&target).await.unwrap();
    assert_eq!(
        restored.meta_or_insert("wal-test", "lost").await.unwrap(),
        "in the log",
        "the commit in the write-ahead log was restored"
    );
    restored.close().await;
}

#[tokio::test]
async fn a_restored_backup_has_every_row_and_a_working_search() {
    let dir = tempfile::tempdir().unwrap();
    assert!(leerpunt(dir.path(), &["import", "demo"]).status.success());
    assert!(leerpunt(dir.path(), &["reindex"]).status.success());
    let file = dir.path().join("backup.db");
    let out = leerpunt(dir.path(), &["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("data");
    let restored = leerpunt(&target, &["restore", file.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(
        stdout(&restored).contains("Restored "),
        "{}",
        stdout(&restored)
    );
    // `similar_work` is derived: the restore's index build computes it afresh, and ties between
    // equally similar practices may fall either way. Every other table must match row for row.
    let recorded = |counts: Vec<(String, i64)>| -> Vec<(String, i64)> {
        counts
            .into_iter()
            .filter(|(t, _)| t != "similar_work")
            .collect()
    };
    let before = recorded(table_counts(dir.path()).await);
    let after = recorded(table_counts(&target).await);
    assert!(before.len() > 40, "{before:?}");
    assert!(before.iter().any(|(t, n)| t == "practices" && *n > 0));
    assert_eq!(before, after, "a table lost or gained rows");
    // The index was built: the same question finds the same practices.
    let a = search_titles(dir.path(), "parkeren");
    assert!(!a.is_empty());
    assert_eq!(a, search_titles(&target, "parkeren"));

    // Never over a database: the second restore is refused and changes nothing.
    let again = leerpunt(&target, &["restore", file.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already holds a database"),
        "{}",
        stderr(&again)
    );
    assert_eq!(recorded(table_counts(&target).await), after);

    // A file that is not a Leerpunt backup is refused before anything is written.
    let junk = fresh.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let empty = fresh.path().join("empty");
    let refused = leerpunt(&empty, &["restore", junk.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is not a Leerpunt backup"),
        "{}",
        stderr(&refused)
    );
    assert!(!empty.join("leerpunt.db").exists());
}

/// The meetings stored in a data directory, read back through the store.
async fn stored_meetings(dir: &std::path::Path) -> Vec<leerpunt_core::meetings::Meeting> {
    let store = leerpunt_store::Store::open(dir).await.unwrap();
    let (list, _) = store
        .meetings(&leerpunt_store::MeetingFilter::default(), 1000, 0)
        .await
        .unwrap();
    store.close().await;
    list
}

const MEETINGS_HEADER: &str =
    "date,kind,title,organisations,themes,outcome,public,follow_ups,practices,questions,links\n";

#[tokio::test]
async fn imports_a_meeting_log_from_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.csv");
    std::fs::write(
        &file,
        format!(
            "{MEETINGS_HEADER}\
             2024-02-06,advice,Advies over vroegsignalering,GM0344,armoede-en-schulden,\"Afspraken over een convenant, met privacytoets.\",nee,\"Convenant sturen; Lotte Visser; 2024-02-20; 2024-02-19\",,,\n\
             2024-03-12,workshop,Workshop datakwaliteit,GM0344|GM0363|MIN-BZK,datakwaliteit|wonen,\"Twee regels\nuitkomst\",ja,\"Verslag sturen; Joris; 2024-03-19 | Vervolg plannen; Karin; 2024-04-01; 2024-04-10\",,,https://www.example.nl/workshop\n\
             2024-05-01,conference,Congres,AG-CBS,,,yes,,,,\n"
        ),
    )
    .unwrap();
    let out = leerpunt(dir.path(), &["import", "meetings", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Imported 3 meetings"),
        "{}",
        stdout(&out)
    );
    let stored = stored_meetings(dir.path()).await;
    assert_eq!(stored.len(), 3);
    let workshop = stored.iter().find(|m| m.kind.key() == "workshop").unwrap();
    assert_eq!(workshop.organisations.len(), 3);
    assert_eq!(workshop.themes, ["datakwaliteit", "wonen"]);
    assert_eq!(workshop.outcome, "Twee regels\nuitkomst");
    assert!(workshop.public);
    assert_eq!(workshop.follow_ups.len(), 2);
    assert_eq!(workshop.follow_ups[1].done.as_deref(), Some("2024-04-10"));
    assert_eq!(workshop.links, ["https://www.example.nl/workshop"]);
    let advice = stored.iter().find(|m| m.kind.key() == "advice").unwrap();
    assert!(!advice.public);
    assert!(advice.follow_ups[0].on_time());
}

#[tokio::test]
async fn a_meeting_log_with_a_bad_line_is_refused_whole_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.csv");
    // Line 3 spans two lines (a quoted new line), so the bad ones are lines 5 and 6.
    std::fs::write(
        &file,
        format!(
            "{MEETINGS_HEADER}\
             2024-02-06,advice,Advies,GM0344,,,,,,,\n\
             2024-02-07,advice,Advies twee,GM0344,,\"Eerste regel\ntweede regel\",,,,,\n\
             2024-02-08,lunch,Lunch met de wethouder,GM0344,,,,,,,\n\
             2024-02-09,advice,Advies drie,GM9999,,,,,,,\n\
             2024-02-10,workshop,Workshop,GM0363,,,,,,,\n"
        ),
    )
    .unwrap();
    let out = leerpunt(dir.path(), &["import", "meetings", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("line 5: unknown kind \"lunch\""), "{err}");
    assert!(err.contains("line 6: unknown organisation GM9999"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!err.contains("line 2") && !err.contains("line 7"), "{err}");
    assert!(
        stored_meetings(dir.path()).await.is_empty(),
        "nothing stored"
    );

    // A file without the required columns is refused before anything is read.
    std::fs::write(&file, "datum,soort\n2024-01-01,advice\n").unwrap();
    let out = leerpunt(dir.path(), &["import", "meetings", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
}
