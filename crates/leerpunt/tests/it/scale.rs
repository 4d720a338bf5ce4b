//! Several real `leerpunt serve` processes on one PostgreSQL database: a practice published on
//! one instance is found by search on the other within a second, an API token made on the
//! command line works on both, and `migrate sqlite-to-postgres`, `backup` and `restore` move
//! every row. The PostgreSQL server is `LEERPUNT_TEST_DATABASE_URL` (default: the machine's
//! own at 127.0.0.1:5432); each test makes and drops a database of its own.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use leerpunt_store::scratch::{ScratchDb, TEST_DATABASE_ENV};

use crate::accounts::http;
use crate::support::{bin, free_port, shared_data, stderr, stdout};

async fn scratch() -> ScratchDb {
    let server = std::env::var(TEST_DATABASE_ENV)
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    ScratchDb::create(&server)
        .await
        .unwrap_or_else(|e| panic!("a PostgreSQL server at {server} ({TEST_DATABASE_ENV}): {e}"))
}

fn url_of(db: &ScratchDb) -> String {
    match db.url() {
        leerpunt_store::DatabaseUrl::Postgres(url) => url.clone(),
        other => panic!("not PostgreSQL: {other}"),
    }
}

/// `leerpunt --data-dir DIR --database-url URL args…`, with `input` on standard input.
fn run(dir: &Path, url: &str, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(bin())
        .arg("--data-dir")
        .arg(dir)
        .args(["--database-url", url])
        .args(args)
        .env("LEERPUNT_LOG", "warn")
        .env("LEERPUNT_PASSWORD_COST", "fast")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run leerpunt: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

struct Instance {
    child: Child,
    addr: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts an instance on the database and waits until `/readyz` says it is ready.
async fn instance(dir: &Path, url: &str, extra: &[&str]) -> Instance {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = Command::new(bin())
        .arg("--data-dir")
        .arg(dir)
        .args(["--database-url", url, "serve", "--bind", &addr])
        .args(extra)
        .env("LEERPUNT_LOG", "warn")
        .env("LEERPUNT_PASSWORD_COST", "fast")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start leerpunt: {e}"));
    let instance = Instance { child, addr };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok((200, _, _)) = http(&instance.addr, "GET", "/readyz", &[], "").await {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} never became ready",
            instance.addr
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    instance
}

#[tokio::test]
async fn a_practice_published_on_one_instance_is_found_on_the_other_within_a_second() {
    let db = scratch().await;
    let url = url_of(&db);
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = instance(dir_a.path(), &url, &["--demo"]).await;
    let b = instance(dir_b.path(), &url, &[]).await;

    // An account and token made on the command line, used on both instances.
    let out = run(
        dir_a.path(),
        &url,
        &[
            "admin",
            "create-user",
            "beheer@minbzk.nl",
            "--admin",
            "--broker",
            "--password-stdin",
        ],
        "een lang beheerderswachtwoord\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(
        dir_a.path(),
        &url,
        &[
            "admin",
            "token",
            "create",
            "beheer@minbzk.nl",
            "--scope",
            "practices:write",
            "--scope",
            "practices:review",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let auth = format!("Bearer {}", stdout(&out).trim());

    let word = "zeldzaamwoordvoordetest";
    let body = serde_json::json!({
        "text": {"title": format!("Gedeelde praktijk {word}"), "summary": format!("Over {word} op twee instanties")},
        "status": "pilot",
        "owner": "GM0344",
    })
    .to_string();
    let json = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let (status, _, created) = http(&a.addr, "POST", "/api/v1/practices", &json, &body)
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let slug = serde_json::from_str::<serde_json::Value>(&created).unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    // The draft is visible to the same token on the other instance at once (same database).
    let (status, _, _) = http(
        &b.addr,
        "GET",
        &format!("/api/v1/practices/{slug}"),
        &json[..1],
        "",
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    let search = format!("/api/v1/search?q={word}");
    let (_, _, before) = http(&b.addr, "GET", &search, &[], "").await.unwrap();
    assert!(
        !before.contains(&slug),
        "found before it was published: {before}"
    );

    let (status, _, _) = http(
        &a.addr,
        "POST",
        &format!("/api/v1/practices/{slug}/submit"),
        &json,
        "",
    )
    .await
    .unwrap();
    assert!(status == 200 || status == 422, "submit: {status}");
    let (status, _, published) = http(
        &a.addr,
        "POST",
        &format!("/api/v1/practices/{slug}/publish"),
        &json,
        "",
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{published}");
    let at = Instant::now();
    let found = loop {
        let (status, _, page) = http(&b.addr, "GET", &search, &[], "").await.unwrap();
        assert_eq!(status, 200, "{page}");
        if page.contains(&slug) {
            break at.elapsed();
        }
        assert!(
            at.elapsed() < Duration::from_secs(10),
            "never found on the other instance"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!("published on A, found on B after {} ms", found.as_millis());
    assert!(
        found < Duration::from_secs(1),
        "found after {} ms",
        found.as_millis()
    );

    // Both report ready, and the page is served by both.
    for inst in [&a, &b] {
        let (status, _, page) = http(&inst.addr, "GET", &format!("/praktijken/{slug}"), &[], "")
            .await
            .unwrap();
        assert_eq!(status, 200);
        assert!(page.contains(word));
        let (_, _, health) = http(&inst.addr, "GET", "/healthz", &[], "").await.unwrap();
        assert!(health.contains("\"search_index\":\"ready\""), "{health}");
    }
}

#[tokio::test]
async fn sqlite_moves_to_postgres_and_back_through_backup_and_restore() {
    let sqlite = tempfile::tempdir().unwrap();
    let out = crate::support::leerpunt(sqlite.path(), &["import", "demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let register = shared_data().join("algoritmeregister/algoritmes-2026-08-08.json");
    let out = crate::support::leerpunt(
        sqlite.path(),
        &["import", "algoritmeregister", register.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let source = leerpunt_store::Store::open(sqlite.path()).await.unwrap();
    let counts = source.table_counts().await.unwrap();
    source.close().await;
    let practices = counts.iter().find(|(t, _)| t == "practices").unwrap().1;
    assert!(practices > 100, "{practices} practices");

    let db = scratch().await;
    let url = url_of(&db);
    let work = tempfile::tempdir().unwrap();
    let out = run(
        work.path(),
        &url,
        &[
            "migrate",
            "sqlite-to-postgres",
            "--from",
            sqlite.path().to_str().unwrap(),
            "--to",
            &url,
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("every table's count matches"),
        "{}",
        stdout(&out)
    );
    let pg = leerpunt_store::Store::connect(db.url()).await.unwrap();
    assert_eq!(pg.table_counts().await.unwrap(), counts);
    pg.close().await;

    // A second move into the same, now full, database is refused and changes nothing.
    let out = run(
        work.path(),
        &url,
        &[
            "migrate",
            "sqlite-to-postgres",
            "--from",
            sqlite.path().to_str().unwrap(),
            "--to",
            &url,
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("empty database"), "{}", stderr(&out));
    let pg = leerpunt_store::Store::connect(db.url()).await.unwrap();
    assert_eq!(pg.table_counts().await.unwrap(), counts);
    pg.close().await;

    // Back up PostgreSQL (an SQLite file), restore into a fresh PostgreSQL database.
    let file = work.path().join("pg-backup.db");
    let out = run(work.path(), &url, &["backup", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let again = scratch().await;
    let again_url = url_of(&again);
    let fresh = tempfile::tempdir().unwrap();
    let out = run(
        fresh.path(),
        &again_url,
        &["restore", file.to_str().unwrap()],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("{practices} practices")),
        "{}",
        stdout(&out)
    );
    let restored = leerpunt_store::Store::connect(again.url()).await.unwrap();
    // Every row is back; `similar_work` is derived data the restore's new index recomputes.
    let without_derived = |c: Vec<(String, i64)>| {
        c.into_iter()
            .filter(|(t, _)| t != "similar_work")
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_derived(restored.table_counts().await.unwrap()),
        without_derived(counts.clone())
    );
    restored.close().await;
    // The restored database has a working search index.
    let out = run(fresh.path(), &again_url, &["search", "parkeren"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).lines().count() > 1, "{}", stdout(&out));
}
