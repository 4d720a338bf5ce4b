//! Several instances on one database at once (two or more stores opened on the same URL, as two
//! servers would): migrations run once, slugs stay unique, the change log stays in order, every
//! queued mail is claimed by exactly one mailer, and a copy between engines keeps every row.
//! Meant for PostgreSQL (`LEERPUNT_TEST_DATABASE_URL`); on SQLite the same rules hold through
//! its single writer.

use std::collections::BTreeSet;

use leerpunt_store::{Mail, Origin, Store};

use crate::{store, TestDb};

fn origin(user: i64) -> Origin {
    Origin {
        user_id: Some(user),
        token_id: None,
        ip: "127.0.0.1".into(),
    }
}

#[tokio::test]
async fn instances_starting_together_migrate_once() {
    let db = TestDb::new().await;
    let mut starting = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let url = db.url();
        starting.spawn(async move { Store::connect(&url).await });
    }
    let mut opened = Vec::new();
    while let Some(done) = starting.join_next().await {
        opened.push(done.unwrap().unwrap());
    }
    assert_eq!(opened.len(), 4);
    let raw = db.raw().await;
    let (applied, distinct): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT version) FROM _sqlx_migrations")
            .fetch_one(&raw)
            .await
            .unwrap();
    assert!(applied >= 11, "{applied} migrations recorded");
    assert_eq!(applied, distinct, "every migration recorded once");
    for s in &opened {
        assert_eq!(s.counts().await.unwrap().practices, 0);
    }
}

#[tokio::test]
async fn concurrent_writers_get_unique_slugs_and_an_ordered_change_log() {
    let (db, a) = store().await;
    let b = db.open().await;
    let user = a
        .create_user("anna@utrecht.nl", "een lang wachtwoord", "", &Origin::cli())
        .await
        .unwrap();
    let before = a.last_change().await.unwrap();
    let practice = |n: usize| leerpunt_core::NewPractice {
        slug: None,
        language: leerpunt_core::Lang::Nl,
        text: leerpunt_core::PracticeText {
            title: "Dezelfde titel".into(),
            summary: format!("Versie {n}"),
            ..Default::default()
        },
        translation: None,
        status: leerpunt_core::PracticeStatus::Pilot,
        owner: "GM0344".into(),
        partners: vec![],
        themes: vec![],
        techniques: vec![],
        contact: None,
        source: "manual".into(),
        source_id: None,
        source_url: None,
        started_on: None,
    };
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..16 {
        let s = if n % 2 == 0 { a.clone() } else { b.clone() };
        let p = practice(n);
        tasks.spawn(async move { s.create_practice(&p, &origin(user.id)).await });
    }
    let mut slugs = BTreeSet::new();
    while let Some(done) = tasks.join_next().await {
        slugs.insert(done.unwrap().unwrap().slug);
    }
    assert_eq!(
        slugs.len(),
        16,
        "16 practices, 16 different slugs: {slugs:?}"
    );
    for slug in &slugs {
        assert!(slug.starts_with("dezelfde-titel"), "{slug}");
    }
    // Read back: every one is stored under its slug.
    let stored: BTreeSet<String> = a
        .unpublished_practices(None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert_eq!(stored, slugs);
    // The change log has one entry per write, numbered without gaps a follower could skip.
    let changes = a.changes_since(before, 1000).await.unwrap();
    assert!(changes.len() >= 16, "{} changes", changes.len());
    for pair in changes.windows(2) {
        assert!(pair[0].seq < pair[1].seq);
    }
}

#[tokio::test]
async fn two_mailers_claim_each_message_once() {
    let (db, a) = store().await;
    let b = db.open().await;
    let mails: Vec<Mail> = (0..120)
        .map(|n| Mail {
            to: format!("persoon{n}@utrecht.nl"),
            subject: format!("Bericht {n}"),
            body: "Hallo".into(),
        })
        .collect();
    a.queue_mails(&mails).await.unwrap();
    let claim = |s: Store| async move {
        let mut mine = Vec::new();
        loop {
            let batch = s.claim_due_mail(7, 300).await.unwrap();
            if batch.is_empty() {
                break;
            }
            for m in batch {
                s.mail_sent(m.id).await.unwrap();
                mine.push(m.id);
            }
        }
        mine
    };
    let (ta, tb) = (
        tokio::spawn(claim(a.clone())),
        tokio::spawn(claim(b.clone())),
    );
    let (ma, mb) = (ta.await.unwrap(), tb.await.unwrap());
    let all: BTreeSet<i64> = ma.iter().chain(&mb).copied().collect();
    assert_eq!(ma.len() + mb.len(), 120, "no message claimed twice");
    assert_eq!(all.len(), 120, "every message claimed");
    assert_eq!(a.pending_mail_count().await.unwrap(), 0);
    // A claimed message is not offered again while its lease runs.
    a.queue_mail("laat@utrecht.nl", "Later", "x").await.unwrap();
    let first = a.claim_due_mail(10, 300).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(b.claim_due_mail(10, 300).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_copy_into_another_database_keeps_every_row_and_refuses_a_full_target() {
    let (_db, source) = store().await;
    source.load_demo().await.unwrap();
    let counts = source.table_counts().await.unwrap();
    assert!(counts.iter().any(|(t, n)| t == "practices" && *n > 0));
    // Into an SQLite file (what a PostgreSQL backup is) and, from there, into a fresh database
    // of the test's engine.
    let dir = tempfile::tempdir().unwrap();
    let file = Store::open_file(&dir.path().join("copy.db")).await.unwrap();
    let mut seen = 0;
    let report = source
        .copy_into(&file, |p| seen = p.rows_total)
        .await
        .unwrap();
    assert_eq!(report.tables, counts);
    assert_eq!(seen as i64, report.rows());
    assert_eq!(file.table_counts().await.unwrap(), counts);
    let again = TestDb::new().await;
    let target = again.open().await;
    file.copy_into(&target, |_| {}).await.unwrap();
    assert_eq!(target.table_counts().await.unwrap(), counts);
    let slugs =
        |ps: Vec<leerpunt_core::Practice>| ps.into_iter().map(|p| p.slug).collect::<Vec<_>>();
    assert_eq!(
        slugs(target.all_practices().await.unwrap()),
        slugs(source.all_practices().await.unwrap())
    );
    // New rows continue after the copied keys.
    let user = target
        .create_user(
            "nieuw@utrecht.nl",
            "een lang wachtwoord",
            "",
            &Origin::cli(),
        )
        .await
        .unwrap();
    assert!(user.id > 0);
    // A target with data is refused and left as it was.
    let refused = file.copy_into(&target, |_| {}).await;
    assert!(
        matches!(refused, Err(leerpunt_store::StoreError::Conflict(_))),
        "{refused:?}"
    );
    let users = target
        .table_counts()
        .await
        .unwrap()
        .into_iter()
        .find(|(t, _)| t == "users")
        .unwrap()
        .1;
    assert_eq!(
        users,
        counts.iter().find(|(t, _)| t == "users").unwrap().1 + 1
    );
}
