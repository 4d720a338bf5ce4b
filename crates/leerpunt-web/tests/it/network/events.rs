//! Events: creating and editing (bad input refused in the page's language), registration with a
//! waiting list and promotion by mail, the organisers' CSV, messages and materials, reminders,
//! the calendar files read back by an independent iCalendar parser, and the JSON API.

use std::io::BufReader;

use axum::http::{Method, StatusCode};
use leerpunt_core::events::{EventInput, RegistrationStatus};
use leerpunt_store::{Mail, Origin};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, ORG, PASSWORD};

/// A change that makes a valid event invalid.
type Change = Box<dyn Fn(&mut EventInput)>;

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/bijeenkomsten") || path.starts_with("/api/v1/events")
}

fn no_mail(to: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: "promoted".to_owned(),
        body: String::new(),
    }
}

/// A local time `days` from now at `hh:mm`, as the form takes it.
pub fn local_in(days: i64, hm: &str) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(days);
    format!(
        "{:04}-{:02}-{:02}T{hm}",
        d.year(),
        u8::from(d.month()),
        d.day()
    )
}

pub fn input(title: &str, capacity: i64) -> EventInput {
    EventInput {
        title_nl: title.to_owned(),
        title_en: format!("{title} (EN)"),
        description_nl: "Een middag over data.".to_owned(),
        description_en: "An afternoon about data.".to_owned(),
        starts: local_in(10, "14:00"),
        ends: local_in(10, "16:00"),
        deadline: String::new(),
        timezone: String::new(),
        address: "Stadsplateau 1, Utrecht".to_owned(),
        online_url: String::new(),
        capacity,
        themes: vec!["datakwaliteit".to_owned()],
        community: None,
        organisation: ORG.to_owned(),
        organisers: vec![],
    }
}

/// An event of [`ORG`] stored as an operator would.
pub async fn event(app: &TestApp, title: &str, capacity: i64) -> i64 {
    app.store
        .save_event(None, &input(title, capacity), &no_mail, &Origin::cli())
        .await
        .unwrap()
        .id
}

/// A confirmed account by address (created once).
async fn person(app: &TestApp, email: &str) -> i64 {
    let origin = Origin::cli();
    if let Some(u) = app.store.user_by_email(email).await.unwrap() {
        return u.id;
    }
    let u = app
        .store
        .create_user(email, PASSWORD, "Deelnemer", &origin)
        .await
        .unwrap();
    app.store.confirm_user(u.id, &origin).await.unwrap();
    u.id
}

/// Prepares the matrix cell of `path` for `who`: None when the path is not this area's.
pub async fn cell(
    app: &TestApp,
    path: &str,
    who: Who,
    user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let origin = Origin::cli();
    let me = user.map_or(0, |u| u.id);
    let form = |title: String| {
        vec![
            ("organisation", ORG.to_owned()),
            ("title_nl", title.clone()),
            ("title_en", format!("{title} EN")),
            ("description_nl", "Beschrijving.".to_owned()),
            ("description_en", "Description.".to_owned()),
            ("starts", local_in(20, "10:00")),
            ("ends", local_in(20, "12:00")),
            ("timezone", "Europe/Amsterdam".to_owned()),
            ("address", "Stadsplateau 1, Utrecht".to_owned()),
            ("capacity", "30".to_owned()),
            ("themes", "datakwaliteit".to_owned()),
        ]
    };
    let id = event(app, &format!("Matrix {who:?}"), 5).await;
    let uri = path.replace("{id}", &id.to_string());
    let cell = |fields: Vec<(&'static str, String)>, probe: Vec<i64>| AreaCell {
        uri: uri.clone(),
        fields,
        json: None,
        probe,
    };
    Some(match path {
        "/bijeenkomsten/nieuw" => cell(form(format!("Nieuw van {who:?}")), vec![0]),
        "/bijeenkomsten/{id}/bewerken" => cell(form(format!("Bewerkt door {who:?}")), vec![1, id]),
        "/bijeenkomsten/{id}/aanmelden" | "/api/v1/events/{id}/register" => {
            let mut c = cell(vec![], vec![2, id]);
            if path.starts_with("/api/") {
                c.json = Some(serde_json::json!({}));
            }
            c
        }
        "/bijeenkomsten/{id}/afmelden" | "/api/v1/events/{id}/cancel" => {
            if me != 0 {
                app.store.register_for_event(id, me, &origin).await.unwrap();
            }
            let mut c = cell(vec![], vec![2, id]);
            if path.starts_with("/api/") {
                c.json = Some(serde_json::json!({}));
            }
            c
        }
        "/bijeenkomsten/{id}/bericht" => {
            let p = person(app, "deelnemer@utrecht.nl").await;
            app.store.register_for_event(id, p, &origin).await.unwrap();
            cell(
                vec![
                    ("subject", "Programma".to_owned()),
                    ("body", "Het programma staat online.".to_owned()),
                ],
                vec![3, id],
            )
        }
        "/bijeenkomsten/{id}/materiaal" => cell(
            vec![
                ("title", "Dia's".to_owned()),
                ("url", "https://example.org/dias.pdf".to_owned()),
            ],
            vec![4, id],
        ),
        _ => return None,
    })
}

/// What this area keeps for a cell.
pub async fn state(app: &TestApp, cell: &AreaCell) -> String {
    let store = &app.store;
    match cell.probe.as_slice() {
        [0] => {
            let filter = leerpunt_store::EventFilter::default();
            let page = leerpunt_core::paging::PageRequest::default();
            format!("events {}", store.events(&filter, page).await.unwrap().1)
        }
        [1, id] => {
            let e = store.event(*id).await.unwrap();
            format!("{} {} {}", e.title_nl, e.starts_at, e.capacity)
        }
        [2, id] => format!(
            "{:?}",
            store
                .registrations(*id)
                .await
                .unwrap()
                .iter()
                .map(|r| (r.user_id, r.status))
                .collect::<Vec<_>>()
        ),
        // The message goes to the outbox (the matrix's snapshot counts it) and the audit log.
        [3, _] => String::new(),
        [4, id] => format!("materials {}", store.materials(*id).await.unwrap().len()),
        _ => String::new(),
    }
}

/// The mail queued so far to one address: (subject, body).
async fn mail_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    app.store
        .due_mail(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to_addr == to)
        .map(|m| (m.subject, m.body))
        .collect()
}

fn form_of(i: &EventInput) -> Vec<(&'static str, String)> {
    vec![
        ("organisation", i.organisation.clone()),
        ("title_nl", i.title_nl.clone()),
        ("title_en", i.title_en.clone()),
        ("description_nl", i.description_nl.clone()),
        ("description_en", i.description_en.clone()),
        ("starts", i.starts.clone()),
        ("ends", i.ends.clone()),
        ("deadline", i.deadline.clone()),
        ("timezone", i.timezone.clone()),
        ("address", i.address.clone()),
        ("online_url", i.online_url.clone()),
        ("capacity", i.capacity.to_string()),
        ("themes", "datakwaliteit".to_owned()),
    ]
}

async fn event_count(app: &TestApp) -> i64 {
    app.store
        .events(
            &leerpunt_store::EventFilter::default(),
            leerpunt_core::paging::PageRequest::default(),
        )
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn an_editor_creates_an_event_and_bad_input_is_refused_in_the_pages_language() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let good = input("Datacafé Utrecht", 12);
    let refs = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let post = |fields: Vec<(&'static str, String)>, lang: &'static str| {
        let app = &app;
        let editor = &editor;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(
                &format!("/bijeenkomsten/nieuw?lang={lang}"),
                &pairs,
                Some(editor),
            )
            .await
        }
    };
    let before = event_count(&app).await;
    // Each bad input: a 422 with the message next to the field, in the page's language, and
    // nothing stored.
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        (
            "ends",
            Box::new(|i| i.ends = local_in(10, "13:00")),
            "Het einde moet na het begin liggen.",
            "The end must come after the start.",
        ),
        (
            "capacity",
            Box::new(|i| i.capacity = 0),
            "Geef een aantal plaatsen van 1 tot 100.000.",
            "Give a number of seats from 1 to 100,000.",
        ),
        (
            "capacity",
            Box::new(|i| i.capacity = -5),
            "Geef een aantal plaatsen",
            "Give a number of seats",
        ),
        (
            "deadline",
            Box::new(|i| i.deadline = local_in(11, "09:00")),
            "Aanmelden moet sluiten vóór of op het begin.",
            "Registration must close before or at the start.",
        ),
        (
            "timezone",
            Box::new(|i| i.timezone = "Europe/Atlantis".into()),
            "Deze tijdzone kennen we niet.",
            "We do not know this time zone.",
        ),
        (
            "online_url",
            Box::new(|i| {
                i.address.clear();
                i.online_url = "javascript:alert(1)".into();
            }),
            "Geef een webadres dat begint met https",
            "Give a web address starting with https",
        ),
        (
            "title_nl",
            Box::new(|i| i.title_nl = "x".into()),
            "Geef een Nederlandse titel",
            "Give a Dutch title",
        ),
    ];
    for (field, change, nl, en) in &cases {
        let mut bad = good.clone();
        change(&mut bad);
        for (lang, text) in [("nl", nl), ("en", en)] {
            let r = post(refs(&form_of(&bad)), lang).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field} {lang}: {}",
                r.body
            );
            assert!(
                r.body.contains(&format!("id=\"e-{field}\"")),
                "{field}: no error next to the field"
            );
            assert!(r.body.contains(*text), "{field} {lang}: {text:?} missing");
        }
    }
    assert_eq!(event_count(&app).await, before, "nothing stored");
    // Script in the fields is stored as text and never runs.
    let mut scripted = good.clone();
    scripted.title_nl = "<script>alert(1)</script> Datacafé".into();
    scripted.description_nl = "Hallo <script>alert(2)</script> **vet**".into();
    let r = post(refs(&form_of(&scripted)), "nl").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(r.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("<script>alert"),
        "script escaped or removed"
    );
    assert!(page.body.contains("&lt;script&gt;alert(1)"));
    assert!(page.body.contains("<strong>vet</strong>"));
    assert_eq!(event_count(&app).await, before + 1);
    // Another organisation's editor may not create an event for this one.
    let other = app.user(Who::OtherEditor).await.unwrap();
    let pairs: Vec<(&str, String)> = form_of(&good);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form("/bijeenkomsten/nieuw", &pairs, Some(&other))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(event_count(&app).await, before + 1);
    // Unknown ids are 404s, in the page's language too.
    for uri in [
        "/bijeenkomsten/999999",
        "/bijeenkomsten/abc",
        "/bijeenkomsten/-1/agenda.ics",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let r = app
        .post_form("/bijeenkomsten/999999/aanmelden", &[], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A bad theme or page in the list is a 400.
    assert_eq!(
        app.get("/bijeenkomsten?theme=geen").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/bijeenkomsten?page=0").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_freed_seat_goes_to_the_first_waiting_who_is_mailed() {
    let app = TestApp::new().await;
    let id = event(&app, "Volle bijeenkomst", 2).await;
    let mut people = Vec::new();
    for n in 0..4 {
        let email = format!("p{n}@utrecht.nl");
        let uid = person(&app, &email).await;
        people.push((app.sign_in(uid, &email).await, email));
    }
    let mut statuses = Vec::new();
    for (u, _) in &people {
        let r = app
            .post_form(&format!("/bijeenkomsten/{id}/aanmelden"), &[], Some(u))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        statuses.push(r.location().to_owned());
    }
    assert!(statuses[0].ends_with("aangemeld=registered"));
    assert!(statuses[2].ends_with("aangemeld=waiting"));
    // Registering twice is a clear 409.
    let r = app
        .post_form(
            &format!("/bijeenkomsten/{id}/aanmelden?lang=en"),
            &[],
            Some(&people[0].0),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("You are registered already"), "{}", r.body);
    let page = app
        .get_as(&format!("/bijeenkomsten/{id}"), Some(&people[3].0))
        .await;
    assert!(
        page.body.contains("op plaats 2"),
        "the second on the waiting list"
    );
    assert!(mail_to(&app, &people[2].1).await.is_empty());
    // The first seat frees: the first waiting person gets it, and a mail, in one step.
    let r = app
        .post_form(
            &format!("/bijeenkomsten/{id}/afmelden"),
            &[],
            Some(&people[0].0),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let regs = app.store.registrations(id).await.unwrap();
    let seated: Vec<i64> = regs
        .iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .filter_map(|r| r.user_id)
        .collect();
    assert_eq!(seated, vec![people[1].0.id, people[2].0.id]);
    assert_eq!(
        app.store.registration_of(id, people[3].0.id).await.unwrap(),
        Some((RegistrationStatus::Waiting, 1))
    );
    let mails = mail_to(&app, &people[2].1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0]
            .0
            .contains("Er is een plek vrij: Volle bijeenkomst"),
        "{mails:?}"
    );
    assert!(mails[0].1.contains(&format!("/bijeenkomsten/{id}")));
    assert!(
        mail_to(&app, &people[3].1).await.is_empty(),
        "still waiting: no mail"
    );
    // Cancelling a place on the waiting list promotes nobody.
    app.post_form(
        &format!("/bijeenkomsten/{id}/afmelden"),
        &[],
        Some(&people[3].0),
    )
    .await;
    assert_eq!(app.store.registrations(id).await.unwrap().len(), 2);
    // More seats by editing: nobody is waiting any more, the count stays.
    let e = app.store.event(id).await.unwrap();
    assert_eq!((e.registered, e.waiting), (2, 0));
}

#[tokio::test]
async fn raising_the_capacity_promotes_the_waiting_list() {
    let app = TestApp::new().await;
    let id = event(&app, "Kleine zaal", 1).await;
    let a = person(&app, "a@utrecht.nl").await;
    let b = person(&app, "b@utrecht.nl").await;
    let origin = Origin::cli();
    assert_eq!(
        app.store.register_for_event(id, a, &origin).await.unwrap(),
        RegistrationStatus::Registered
    );
    assert_eq!(
        app.store.register_for_event(id, b, &origin).await.unwrap(),
        RegistrationStatus::Waiting
    );
    let broker = app.user(Who::Broker).await.unwrap();
    let mut bigger = input("Kleine zaal", 2);
    bigger.title_nl = "Grotere zaal".into();
    let fields = form_of(&bigger);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(
            &format!("/bijeenkomsten/{id}/bewerken"),
            &pairs,
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.store.registration_of(id, b).await.unwrap(),
        Some((RegistrationStatus::Registered, 0))
    );
    assert_eq!(mail_to(&app, "b@utrecht.nl").await.len(), 1);
}

#[tokio::test]
async fn organisers_download_a_safe_csv_send_messages_and_attach_materials() {
    let app = TestApp::new().await;
    let origin = Origin::cli();
    // An organiser who is an ordinary member.
    let member = app.user(Who::Member).await.unwrap();
    let mut i = input("Werksessie", 10);
    i.organisers = vec![member.email.clone()];
    i.online_url = "https://meet.example.org/werksessie".into();
    i.address.clear();
    let e = app
        .store
        .save_event(None, &i, &no_mail, &origin)
        .await
        .unwrap();
    let evil = app
        .store
        .create_user(
            "evil@utrecht.nl",
            PASSWORD,
            "=HYPERLINK(\"http://x\")",
            &origin,
        )
        .await
        .unwrap();
    app.store.confirm_user(evil.id, &origin).await.unwrap();
    app.store
        .register_for_event(e.id, evil.id, &origin)
        .await
        .unwrap();
    // Visitors and others do not get the list; the organiser does.
    let outsider = app.user(Who::Outsider).await.unwrap();
    let csv_uri = format!("/bijeenkomsten/{}/deelnemers.csv", e.id);
    assert_eq!(app.get(&csv_uri).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as(&csv_uri, Some(&outsider)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.get_as(&csv_uri, Some(&member)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header(axum::http::header::CONTENT_TYPE)
        .starts_with("text/csv"));
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines[0], "name,email,organisation,status,registered_at");
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"http://x\"\")\",evil@utrecht.nl,,registered,"),
        "{}",
        lines[1]
    );
    // The online link: organisers and registered people only.
    let page = app.get(&format!("/bijeenkomsten/{}", e.id)).await;
    assert!(
        !page.body.contains("meet.example.org"),
        "hidden from visitors"
    );
    let evil_user = app.sign_in(evil.id, "evil@utrecht.nl").await;
    let page = app
        .get_as(&format!("/bijeenkomsten/{}", e.id), Some(&evil_user))
        .await;
    assert!(page.body.contains("data-testid=\"event-link\""));
    assert!(page.body.contains("meet.example.org"));
    // A message reaches the registered attendees through the outbox.
    let r = app
        .post_form(
            &format!("/bijeenkomsten/{}/bericht", e.id),
            &[("subject", "Programma"), ("body", "Zie de bijlage.")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mails = mail_to(&app, "evil@utrecht.nl").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "Programma");
    // Materials: http(s) only; a bad link is a 422 with nothing stored.
    let r = app
        .post_form(
            &format!("/bijeenkomsten/{}/materiaal?lang=en", e.id),
            &[("title", "Dia's"), ("url", "javascript:alert(1)")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give a web address starting with https"));
    assert!(app.store.materials(e.id).await.unwrap().is_empty());
    let r = app
        .post_form(
            &format!("/bijeenkomsten/{}/materiaal", e.id),
            &[("title", "Dia's"), ("url", "https://example.org/dias.pdf")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/bijeenkomsten/{}", e.id)).await;
    assert!(
        page.body.contains("example.org&#x2f;dias.pdf"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn reminders_go_once_a_day_before() {
    let app = TestApp::new().await;
    let origin = Origin::cli();
    let id = event(&app, "Herinnering", 5).await;
    let p = person(&app, "herinner@utrecht.nl").await;
    app.store.register_for_event(id, p, &origin).await.unwrap();
    let e = app.store.event(id).await.unwrap();
    let starts =
        time::OffsetDateTime::parse(&e.starts_at, &time::format_description::well_known::Rfc3339)
            .unwrap();
    let fmt = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let send = |at: String| {
        let store = app.store.clone();
        async move {
            leerpunt_web::actions::events::send_reminders(&store, "https://leerpunt.test", &at)
                .await
                .unwrap()
        }
    };
    // Two days before: not yet.
    assert_eq!(send(fmt(starts - time::Duration::hours(48))).await, 0);
    // Within a day: once, and never again.
    assert_eq!(send(fmt(starts - time::Duration::hours(20))).await, 1);
    assert_eq!(send(fmt(starts - time::Duration::hours(19))).await, 0);
    let mails = mail_to(&app, "herinner@utrecht.nl").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].0.starts_with("Morgen: Herinnering"), "{mails:?}");
    assert!(mails[0].1.contains("https://leerpunt.test/bijeenkomsten/"));
}

/// Parses an iCalendar text with the independent `ical` crate: (uid, summary, dtstart, dtend)
/// of each event.
fn parse_ics(text: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let mut calendars = 0;
    for cal in parser {
        let cal = cal.unwrap_or_else(|e| panic!("not iCalendar ({e}): {text}"));
        calendars += 1;
        for ev in cal.events {
            let prop = |name: &str| {
                ev.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            out.push((prop("UID"), prop("SUMMARY"), prop("DTSTART"), prop("DTEND")));
        }
    }
    assert_eq!(calendars, 1, "{text}");
    out
}

#[tokio::test]
async fn calendar_files_parse_with_correct_utc_times_and_stable_uids() {
    let app = TestApp::new().await;
    let origin = Origin::cli();
    // 19:30 in New York in January is 00:30 UTC the next day.
    let mut i = input("Webinar New York", 50);
    i.starts = "2031-01-15T19:30".into();
    i.ends = "2031-01-15T21:00".into();
    i.timezone = "America/New_York".into();
    i.community = Some("open-data-en-datadelen".into());
    i.themes = vec!["open-data-en-samenwerking".into()];
    let e = app
        .store
        .save_event(None, &i, &no_mail, &origin)
        .await
        .unwrap();
    let one = app
        .get(&format!("/bijeenkomsten/{}/agenda.ics", e.id))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one
        .header(axum::http::header::CONTENT_TYPE)
        .starts_with("text/calendar"));
    let events = parse_ics(&one.body);
    assert_eq!(events.len(), 1);
    let (uid, summary, start, end) = &events[0];
    assert!(
        uid.starts_with(&format!("leerpunt-event-{}@", e.id)),
        "{uid}"
    );
    assert_eq!(summary, "Webinar New York");
    assert_eq!(start, "20310116T003000Z");
    assert_eq!(end, "20310116T020000Z");
    // Every feed holds it with the same UID; the demo events parse too.
    let demo_total = event_count(&app).await;
    for (uri, least) in [
        ("/bijeenkomsten/agenda.ics".to_owned(), demo_total as usize),
        (
            "/themas/open-data-en-samenwerking/bijeenkomsten.ics".to_owned(),
            2,
        ),
        (
            "/gemeenschappen/open-data-en-datadelen/bijeenkomsten.ics".to_owned(),
            2,
        ),
    ] {
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let events = parse_ics(&r.body);
        assert!(events.len() >= least, "{uri}: {} events", events.len());
        let ours = events
            .iter()
            .find(|(u, ..)| u == uid)
            .unwrap_or_else(|| panic!("{uri}"));
        assert_eq!((&ours.2, &ours.3), (start, end), "{uri}");
        let uids: std::collections::HashSet<_> = events.iter().map(|e| &e.0).collect();
        assert_eq!(uids.len(), events.len(), "{uri}: UIDs are unique");
        assert!(
            events.iter().all(|e| e.2.ends_with('Z') && e.2.len() == 16),
            "{uri}"
        );
    }
    // The English page gives English summaries, with the same UID.
    let en = parse_ics(
        &app.get(&format!("/bijeenkomsten/{}/agenda.ics?lang=en", e.id))
            .await
            .body,
    );
    assert_eq!(en[0].1, "Webinar New York (EN)");
    assert_eq!(&en[0].0, uid);
    assert_eq!(
        app.get("/themas/geen/bijeenkomsten.ics").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/gemeenschappen/geen/bijeenkomsten.ics")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_list_shows_upcoming_first_past_below_and_the_community_its_meetings() {
    let app = TestApp::new().await;
    let r = app.get("/bijeenkomsten").await;
    assert_eq!(r.status, StatusCode::OK);
    let upcoming = r
        .body
        .find("data-testid=\"events-upcoming\"")
        .expect("upcoming");
    let past = r.body.find("data-testid=\"events-past\"").expect("past");
    assert!(upcoming < past);
    let cards_up = r.body[upcoming..past].matches("event-card").count();
    assert_eq!(cards_up, 7, "the demo's upcoming events");
    assert!(r.body.contains("Demo"));
    // The full demo event has its waiting list.
    let full = app
        .store
        .events(
            &leerpunt_store::EventFilter {
                theme: Some("armoede-en-schulden".into()),
                upcoming: Some(true),
                now: leerpunt_web::actions::events::now_utc(),
                ..Default::default()
            },
            leerpunt_core::paging::PageRequest::default(),
        )
        .await
        .unwrap()
        .0;
    assert_eq!((full[0].registered, full[0].waiting), (3, 2));
    let by_theme = app.get("/bijeenkomsten?theme=armoede-en-schulden").await;
    assert!(by_theme.body.contains("Datacafé sociaal domein"));
    assert!(!by_theme.body.contains("Webinar: het algoritmeregister"));
    let community = app.get("/gemeenschappen/datagedreven-sociaal-domein").await;
    assert!(community.body.contains("data-testid=\"community-events\""));
    assert!(community.body.contains("Datacafé sociaal domein"));
    assert!(
        !community.body.contains("Terugblik: datagedreven werken"),
        "past events are not upcoming"
    );
    // A past event keeps its page with its materials.
    let old = app
        .store
        .events(
            &leerpunt_store::EventFilter {
                upcoming: Some(false),
                now: leerpunt_web::actions::events::now_utc(),
                ..Default::default()
            },
            leerpunt_core::paging::PageRequest::default(),
        )
        .await
        .unwrap()
        .0;
    assert_eq!(old.len(), 5);
    let page = app.get(&format!("/bijeenkomsten/{}", old[0].id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"event-materials\""));
}

#[tokio::test]
async fn the_api_lists_registers_and_cancels_with_a_token() {
    let app = TestApp::new().await;
    let id = event(&app, "API-sessie", 1).await;
    let a = app.user(Who::Member).await.unwrap();
    let b = app.user(Who::Editor).await.unwrap();
    let ta = app.token(&a).await;
    let tb = app.token(&b).await;
    let r = app.api(Method::GET, "/api/v1/events", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == id));
    let r = app
        .api(Method::GET, "/api/v1/events?when=past", None, None)
        .await;
    assert_eq!(r.json()["total"], 5);
    for bad in [
        "/api/v1/events?page=0",
        "/api/v1/events?per_page=1000",
        "/api/v1/events?when=later",
        "/api/v1/events?theme=geen",
    ] {
        assert_eq!(
            app.api(Method::GET, bad, None, None).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    let uri = format!("/api/v1/events/{id}/register");
    assert_eq!(
        app.api(Method::POST, &uri, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = app.api(Method::POST, &uri, Some(&ta), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "registered");
    let r = app.api(Method::POST, &uri, Some(&tb), None).await;
    assert_eq!(r.json()["status"], "waiting");
    assert_eq!(r.json()["place"], 1);
    assert_eq!(
        app.api(Method::POST, &uri, Some(&tb), None).await.status,
        StatusCode::CONFLICT
    );
    let r = app
        .api(
            Method::GET,
            &format!("/api/v1/events/{id}"),
            Some(&tb),
            None,
        )
        .await;
    assert_eq!(r.json()["registration"]["status"], "waiting");
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/events/{id}/cancel"),
            Some(&ta),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .api(
            Method::GET,
            &format!("/api/v1/events/{id}"),
            Some(&tb),
            None,
        )
        .await;
    assert_eq!(r.json()["registration"]["status"], "registered");
    assert_eq!(r.json()["registered"], 1);
    // Not registered any more: cancelling again is a 404; unknown events too.
    assert_eq!(
        app.api(
            Method::POST,
            &format!("/api/v1/events/{id}/cancel"),
            Some(&ta),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api(
            Method::POST,
            "/api/v1/events/999999/register",
            Some(&ta),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // A token without events:write may not register.
    let (narrow, _) = app
        .store
        .create_api_token(
            a.id,
            "smal",
            &[leerpunt_core::access::Scope::DiscussionsWrite],
            &Origin::cli(),
        )
        .await
        .unwrap();
    assert_eq!(
        app.api(Method::POST, &uri, Some(&narrow), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The OpenAPI document describes the endpoints.
    let doc = app
        .api(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .json();
    for p in [
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/register",
        "/api/v1/events/{id}/cancel",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} undocumented");
    }
}

#[tokio::test]
async fn the_address_is_for_registered_people() {
    let app = TestApp::new().await;
    let id = event(&app, "Adresproef", 5).await;
    let page_uri = format!("/bijeenkomsten/{id}");
    // Visitors: not on the page, the list, the API or the calendar file.
    for uri in [
        page_uri.clone(),
        "/bijeenkomsten".to_owned(),
        format!("/bijeenkomsten/{id}/agenda.ics"),
    ] {
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.body.contains("Adresproef"), "{uri} shows the event");
        assert!(!r.body.contains("Stadsplateau"), "{uri} hides the address");
    }
    let r = app
        .api(
            axum::http::Method::GET,
            &format!("/api/v1/events/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Adresproef") && !r.body.contains("Stadsplateau"));
    // A registered person sees it.
    let member = app.user(Who::Member).await.unwrap();
    let r = app
        .post_form(&format!("{page_uri}/aanmelden"), &[], Some(&member))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&page_uri, Some(&member)).await;
    assert!(page.body.contains("Stadsplateau 1, Utrecht"));
}
