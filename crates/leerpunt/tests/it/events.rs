//! Events with the real binary: 100 people register at once for 20 seats through the API of a
//! running server (exactly 20 seats and 80 on the waiting list, no server error), and the
//! `reminders` command mails each seat once.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::accounts::http;
use crate::support::{bin, free_port, leerpunt, stderr, stdout};

const PEOPLE: usize = 100;
const SEATS: i64 = 20;

fn serve(data_dir: &Path) -> (Child, String) {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = Command::new(bin())
        .arg("--data-dir")
        .arg(data_dir)
        .args(["serve", "--bind", &addr])
        .env("LEERPUNT_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start leerpunt: {e}"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, addr)
}

/// Creates a confirmed account and an `events:write` token with the CLI; returns the token.
fn account_with_token(dir: &Path, n: usize) -> String {
    let email = format!("deelnemer{n}@utrecht.nl");
    let out = Command::new(bin())
        .arg("--data-dir")
        .arg(dir)
        .args(["admin", "create-user", &email, "--password-stdin"])
        .env("LEERPUNT_LOG", "warn")
        .env("LEERPUNT_PASSWORD_COST", "fast")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(b"een lang genoeg wachtwoord\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = leerpunt(
        dir,
        &[
            "admin",
            "token",
            "create",
            &email,
            "--scope",
            "events:write",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_people_register_at_once_for_twenty_seats() {
    let dir = tempfile::tempdir().unwrap();
    // The event, written as an organiser's form would (there is no command for events).
    let store = leerpunt_store::Store::open(dir.path()).await.unwrap();
    store.ensure_register().await.unwrap();
    let start = time::OffsetDateTime::now_utc() + time::Duration::days(3);
    let local = |t: time::OffsetDateTime| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:00",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour()
        )
    };
    let input = leerpunt_core::events::EventInput {
        title_nl: "Drukbezochte bijeenkomst".into(),
        title_en: "Busy event".into(),
        description_nl: "Iedereen wil komen.".into(),
        description_en: "Everyone wants to come.".into(),
        starts: local(start),
        ends: local(start + time::Duration::hours(2)),
        deadline: String::new(),
        timezone: "UTC".into(),
        address: "Turfmarkt 147, Den Haag".into(),
        online_url: String::new(),
        capacity: SEATS,
        themes: vec![],
        community: None,
        organisation: "GM0344".into(),
        organisers: vec![],
    };
    let no_mail = |to: &str| leerpunt_store::Mail {
        to: to.to_owned(),
        subject: String::new(),
        body: String::new(),
    };
    let event = store
        .save_event(None, &input, &no_mail, &leerpunt_store::Origin::cli())
        .await
        .unwrap();
    store.close().await;
    // A hundred accounts with tokens, made with the CLI (four at a time).
    let started = Instant::now();
    let tokens: Vec<String> = {
        let dir = dir.path().to_owned();
        tokio::task::spawn_blocking(move || {
            let mut tokens = Vec::new();
            for chunk in (0..PEOPLE).collect::<Vec<_>>().chunks(4) {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|n| {
                        let dir = dir.clone();
                        let n = *n;
                        std::thread::spawn(move || account_with_token(&dir, n))
                    })
                    .collect();
                tokens.extend(handles.into_iter().map(|h| h.join().unwrap()));
            }
            tokens
        })
        .await
        .unwrap()
    };
    println!("{PEOPLE} accounts and tokens in {:?}", started.elapsed());
    assert_eq!(tokens.len(), PEOPLE);
    assert!(tokens.iter().all(|t| t.starts_with("lpt_")));
    let (mut server, addr) = serve(dir.path());
    // All at once.
    let started = Instant::now();
    let path = format!("/api/v1/events/{}/register", event.id);
    let tasks: Vec<_> = tokens
        .iter()
        .map(|t| {
            let (addr, path, auth) = (addr.clone(), path.clone(), format!("Bearer {t}"));
            tokio::spawn(async move {
                http(&addr, "POST", &path, &[("Authorization", &auth)], "").await
            })
        })
        .collect();
    let mut registered = 0;
    let mut waiting = 0;
    let mut statuses = Vec::new();
    for t in tasks {
        let (status, _, body) = t.await.unwrap().unwrap();
        statuses.push(status);
        if status == 200 {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            match v["status"].as_str() {
                Some("registered") => registered += 1,
                Some("waiting") => waiting += 1,
                other => panic!("unexpected status {other:?}: {body}"),
            }
        }
    }
    println!(
        "{PEOPLE} concurrent registrations in {:?}",
        started.elapsed()
    );
    assert!(
        statuses.iter().all(|s| *s == 200),
        "every request answered 200, no 5xx: {statuses:?}"
    );
    assert_eq!((registered, waiting), (SEATS, PEOPLE as i64 - SEATS));
    // Read back through the API and from the database itself.
    let (status, _, body) = http(
        &addr,
        "GET",
        &format!("/api/v1/events/{}", event.id),
        &[],
        "",
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["registered"], SEATS);
    assert_eq!(v["waiting"], PEOPLE as i64 - SEATS);
    let _ = server.kill();
    let _ = server.wait();
    let store = leerpunt_store::Store::open(dir.path()).await.unwrap();
    let regs = store.registrations(event.id).await.unwrap();
    assert_eq!(regs.len(), PEOPLE);
    let seats = regs
        .iter()
        .filter(|r| r.status == leerpunt_core::events::RegistrationStatus::Registered)
        .count();
    assert_eq!(seats as i64, SEATS);
    store.close().await;
    // The reminders a day before: one per seat, and only once.
    let at = (start - time::Duration::hours(20))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let out = leerpunt(dir.path(), &["reminders", "--at", &at]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("Queued {SEATS} reminder(s)")),
        "{}",
        stdout(&out)
    );
    let out = leerpunt(dir.path(), &["reminders", "--at", &at]);
    assert!(
        stdout(&out).contains("Queued 0 reminder(s)"),
        "{}",
        stdout(&out)
    );
    let out = leerpunt(dir.path(), &["reminders", "--at", "morgen"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not an RFC 3339 time"),
        "{}",
        stderr(&out)
    );
}
