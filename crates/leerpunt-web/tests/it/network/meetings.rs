//! The meeting log and its report: the report's figures on known data (by kind, theme, province,
//! kind of organisation, distinct organisations, follow-ups on time, the quarter filter), bad
//! input refused with nothing stored, who may read and write, the CSV downloads, the charts as
//! well-formed SVG with a table beside each, and the authorisation-matrix cells of the routes.

use axum::http::{Method, StatusCode};
use leerpunt_core::meetings::{FollowUpInput, MeetingCsvRow, NewMeeting};
use leerpunt_store::{MeetingFilter, Origin};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who};

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/verslag") || path.starts_with("/api/v1/meetings")
}

fn follow_up(due: &str, done: Option<&str>) -> FollowUpInput {
    FollowUpInput {
        action: "Verslag sturen".to_owned(),
        owner: "Joris Bakker".to_owned(),
        due: due.to_owned(),
        done: done.map(str::to_owned),
    }
}

fn meeting(date: &str, kind: &str, orgs: &[&str], themes: &[&str]) -> NewMeeting {
    NewMeeting {
        date: date.to_owned(),
        kind: kind.to_owned(),
        title: format!("Bijeenkomst {kind} {date}"),
        organisations: orgs.iter().map(|s| (*s).to_owned()).collect(),
        themes: themes.iter().map(|s| (*s).to_owned()).collect(),
        outcome: "Afspraken gemaakt.".to_owned(),
        ..NewMeeting::default()
    }
}

async fn total(app: &TestApp) -> i64 {
    app.store
        .meetings(&MeetingFilter::default(), 1, 0)
        .await
        .unwrap()
        .1
}

/// Prepares the matrix cell of `path` for `who`: None when the path is not this area's.
pub async fn cell(
    app: &TestApp,
    path: &str,
    who: Who,
    _user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let origin = Origin::cli();
    let own = |title: String| NewMeeting {
        title,
        follow_ups: vec![follow_up("2026-05-01", None)],
        ..meeting("2026-04-01", "advice", &["GM0344"], &["datakwaliteit"])
    };
    Some(match path {
        "/verslag/bijeenkomsten/nieuw" => AreaCell {
            uri: path.to_owned(),
            fields: vec![
                ("date", "2026-03-03".to_owned()),
                ("kind", "workshop".to_owned()),
                ("title", format!("Workshop van {who:?}")),
                ("organisations", "GM0344 GM0363".to_owned()),
                ("themes", "datakwaliteit".to_owned()),
            ],
            json: None,
            probe: vec![0],
        },
        "/api/v1/meetings" => AreaCell {
            uri: path.to_owned(),
            fields: Vec::new(),
            json: Some(serde_json::json!({
                "date": "2026-03-03", "kind": "advice", "title": format!("API-advies van {who:?}"),
                "organisations": ["GM0344"], "themes": ["datakwaliteit"]
            })),
            probe: vec![0],
        },
        "/verslag/bijeenkomsten/{id}" => {
            let m = app
                .store
                .create_meeting(&own(format!("Te bewerken door {who:?}")), None, &origin)
                .await
                .unwrap();
            AreaCell {
                uri: format!("/verslag/bijeenkomsten/{}", m.id),
                fields: vec![
                    ("date", "2026-04-01".to_owned()),
                    ("kind", "matchmaking".to_owned()),
                    ("title", format!("Bewerkt door {who:?}")),
                    ("organisations", "GM0344".to_owned()),
                ],
                json: None,
                probe: vec![1, m.id],
            }
        }
        "/verslag/bijeenkomsten/{id}/afgerond" => {
            let m = app
                .store
                .create_meeting(&own(format!("Actie van {who:?}")), None, &origin)
                .await
                .unwrap();
            AreaCell {
                uri: format!("/verslag/bijeenkomsten/{}/afgerond", m.id),
                fields: vec![
                    ("follow_up", m.follow_ups[0].id.to_string()),
                    ("date", "2026-04-20".to_owned()),
                ],
                json: None,
                probe: vec![1, m.id],
            }
        }
        _ => return None,
    })
}

/// What this area keeps for a cell.
pub async fn state(app: &TestApp, cell: &AreaCell) -> String {
    match cell.probe.as_slice() {
        [0] => format!("meetings {}", total(app).await),
        [1, id] => format!("{:?}", app.store.meeting(*id).await.unwrap()),
        _ => String::new(),
    }
}

/// Logs the known data of 2031 (a year the demo log does not touch).
async fn known_log(app: &TestApp) {
    let origin = Origin::cli();
    let log = [
        // Q1: Utrecht and Amsterdam (two municipalities, two provinces); one follow-up on time,
        // one late.
        NewMeeting {
            follow_ups: vec![
                follow_up("2031-02-01", Some("2031-01-30")),
                follow_up("2031-02-15", Some("2031-02-20")),
            ],
            ..meeting(
                "2031-01-10",
                "advice",
                &["GM0344", "GM0363"],
                &["datakwaliteit", "wonen"],
            )
        },
        // Q2: Utrecht again and a ministry (no province); one follow-up open (due in Q2), one
        // done on its due date (due in Q3).
        NewMeeting {
            follow_ups: vec![
                follow_up("2031-06-30", None),
                follow_up("2031-07-15", Some("2031-07-15")),
            ],
            ..meeting(
                "2031-05-05",
                "workshop",
                &["GM0344", "MIN-BZK"],
                &["datakwaliteit"],
            )
        },
        // Q2: an agency.
        meeting(
            "2031-06-01",
            "advice",
            &["AG-CBS"],
            &["open-data-en-samenwerking"],
        ),
        // Q4: Groningen; a conference.
        meeting("2031-11-20", "conference", &["GM0014"], &[]),
    ];
    for m in &log {
        app.store.create_meeting(m, None, &origin).await.unwrap();
    }
}

fn count(v: &serde_json::Value, list: &str, key: &str) -> i64 {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .map_or(0, |c| c["count"].as_i64().unwrap())
}

#[tokio::test]
async fn the_report_counts_known_data_for_a_year_and_a_quarter() {
    let app = TestApp::new().await;
    known_log(&app).await;
    let broker = app.user(Who::Broker).await.unwrap();
    let token = app.token(&broker).await;

    let year = app
        .api(Method::GET, "/api/v1/report?year=2031", Some(&token), None)
        .await;
    assert_eq!(year.status, StatusCode::OK, "{}", year.body);
    let y = year.json();
    assert_eq!(y["meetings"], 4);
    assert_eq!(count(&y, "by_kind", "advice"), 2);
    assert_eq!(count(&y, "by_kind", "workshop"), 1);
    assert_eq!(count(&y, "by_kind", "conference"), 1);
    assert_eq!(count(&y, "by_kind", "matchmaking"), 0);
    assert_eq!(
        y["by_kind"].as_array().unwrap().len(),
        6,
        "every kind, also 0"
    );
    assert_eq!(count(&y, "by_theme", "datakwaliteit"), 2);
    assert_eq!(count(&y, "by_theme", "wonen"), 1);
    // Utrecht is in two meetings but the province counts them; the first meeting counts once
    // for each of its two provinces.
    assert_eq!(count(&y, "by_province", "PV26"), 2);
    assert_eq!(count(&y, "by_province", "PV27"), 1);
    assert_eq!(count(&y, "by_province", "PV20"), 1);
    assert_eq!(
        count(&y, "by_province", ""),
        2,
        "the ministry and the agency"
    );
    assert_eq!(count(&y, "by_organisation_kind", "municipality"), 3);
    assert_eq!(count(&y, "by_organisation_kind", "ministry"), 1);
    assert_eq!(count(&y, "by_organisation_kind", "agency"), 1);
    assert_eq!(y["organisations_reached"], 5, "Utrecht counts once");
    assert_eq!(y["follow_ups_due"], 4);
    assert_eq!(y["follow_ups_on_time"], 2);
    assert_eq!(y["follow_ups_late"], 1);
    assert_eq!(y["follow_ups_open"], 1);

    let q2 = app
        .api(
            Method::GET,
            "/api/v1/report?year=2031&quarter=2",
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(q2["meetings"], 2);
    assert_eq!(
        (q2["start"].as_str(), q2["end"].as_str()),
        (Some("2031-04-01"), Some("2031-06-30"))
    );
    assert_eq!(count(&q2, "by_kind", "advice"), 1);
    assert_eq!(count(&q2, "by_kind", "conference"), 0);
    assert_eq!(q2["organisations_reached"], 3);
    assert_eq!(q2["follow_ups_due"], 1, "only the one due in Q2");
    assert_eq!(q2["follow_ups_open"], 1);
    let q3 = app
        .api(
            Method::GET,
            "/api/v1/report?year=2031&quarter=3",
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(
        (q3["meetings"].as_i64(), q3["follow_ups_on_time"].as_i64()),
        (Some(0), Some(1))
    );

    // The page shows the same figures.
    let page = app
        .get_as("/verslag?jaar=2031&kwartaal=2", Some(&broker))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains(r#"data-testid="figure-meetings">2<"#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"data-testid="figure-reached">3<"#));
    // Bad periods are a 400.
    for uri in [
        "/verslag?jaar=abc",
        "/verslag?jaar=2031&kwartaal=5",
        "/verslag?jaar=1850",
    ] {
        assert_eq!(
            app.get_as(uri, Some(&broker)).await.status,
            StatusCode::BAD_REQUEST,
            "{uri}"
        );
    }
    let bad = app
        .api(
            Method::GET,
            "/api/v1/report?year=2031&quarter=0",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// A form's fields.
type Fields = Vec<(&'static str, String)>;

/// Form fields of a good meeting, with one follow-up in row 1.
fn good_form() -> Vec<(&'static str, String)> {
    vec![
        ("date", "2031-03-03".to_owned()),
        ("kind", "advice".to_owned()),
        ("title", "Advies over datadeling".to_owned()),
        ("organisations", "gm0344, GM0363".to_owned()),
        ("themes", "datakwaliteit".to_owned()),
        ("outcome", "Afspraken over een convenant.".to_owned()),
        ("follow_up_rows", "4".to_owned()),
        ("follow_ups.1.action", "Convenant sturen".to_owned()),
        ("follow_ups.1.owner", "broker@minbzk.nl".to_owned()),
        ("follow_ups.1.due", "2031-03-20".to_owned()),
        ("practices", "fietstellingen-open-data-utrecht".to_owned()),
        ("links", "https://www.example.nl/evenement".to_owned()),
    ]
}

fn with(
    fields: &[(&'static str, String)],
    name: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> =
        fields.iter().filter(|(k, _)| *k != name).cloned().collect();
    out.push((name, value.to_owned()));
    out
}

async fn post(
    app: &TestApp,
    uri: &str,
    fields: &[(&'static str, String)],
    user: &TestUser,
) -> crate::Reply {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(uri, &refs, Some(user)).await
}

#[tokio::test]
async fn brokers_log_edit_and_close_follow_ups_and_every_change_is_audited() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let form = app
        .get_as("/verslag/bijeenkomsten/nieuw", Some(&broker))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"name="follow_ups.1.due""#));
    let audit_before = app.store.audit_log(1, 0).await.unwrap().1;

    let r = post(&app, "/verslag/bijeenkomsten/nieuw", &good_form(), &broker).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .trim_start_matches("/verslag/bijeenkomsten/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let m = app.store.meeting(id).await.unwrap();
    assert_eq!(m.title, "Advies over datadeling");
    assert_eq!(
        m.organisations
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        ["GM0363", "GM0344"],
        "codes are matched without regard to case, listed by name"
    );
    assert_eq!(m.follow_ups.len(), 1, "blank rows are skipped");
    assert_eq!(
        m.follow_ups[0].owner_user_id,
        Some(broker.id),
        "an address links the account"
    );
    assert_eq!(m.practices, ["fietstellingen-open-data-utrecht"]);
    assert_eq!(m.author_id, Some(broker.id));

    let page = app.get_as(r.location(), Some(&broker)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("meeting-saved"));
    assert!(page.body.contains("Convenant sturen"));

    // Follow-up done, late.
    let done = post(
        &app,
        &format!("/verslag/bijeenkomsten/{id}/afgerond"),
        &[
            ("follow_up", m.follow_ups[0].id.to_string()),
            ("date", "2031-03-25".to_owned()),
        ],
        &broker,
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let m = app.store.meeting(id).await.unwrap();
    assert_eq!(m.follow_ups[0].done.as_deref(), Some("2031-03-25"));
    assert!(!m.follow_ups[0].on_time());
    // A follow-up of another meeting, or a date before the meeting, is refused.
    let wrong = post(
        &app,
        &format!("/verslag/bijeenkomsten/{id}/afgerond"),
        &[("follow_up", "999999".to_owned())],
        &broker,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let early = post(
        &app,
        &format!("/verslag/bijeenkomsten/{id}/afgerond"),
        &[
            ("follow_up", m.follow_ups[0].id.to_string()),
            ("date", "2030-01-01".to_owned()),
        ],
        &broker,
    )
    .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Edit: another kind, a second follow-up.
    let edited = with(
        &with(&good_form(), "kind", "matchmaking"),
        "follow_ups.3.action",
        "Vervolg plannen",
    );
    let edited = with(
        &with(&edited, "follow_ups.3.owner", "Karin"),
        "follow_ups.3.due",
        "2031-04-01",
    );
    let r = post(
        &app,
        &format!("/verslag/bijeenkomsten/{id}"),
        &edited,
        &broker,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let m = app.store.meeting(id).await.unwrap();
    assert_eq!(m.kind.key(), "matchmaking");
    assert_eq!(m.follow_ups.len(), 2);

    let (entries, audit_after) = app.store.audit_log(10, 0).await.unwrap();
    assert_eq!(audit_after - audit_before, 3, "create, done, update");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in ["meeting.create", "meeting.follow_up_done", "meeting.update"] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    assert!(entries
        .iter()
        .all(|e| !e.action.starts_with("meeting") || e.user_id == Some(broker.id)));

    // The log lists it under its year and kind; an unknown kind or year is a 400.
    let log = app
        .get_as(
            "/verslag/bijeenkomsten?jaar=2031&soort=matchmaking",
            Some(&broker),
        )
        .await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.body.contains("Advies over datadeling"));
    let other = app
        .get_as(
            "/verslag/bijeenkomsten?jaar=2031&soort=workshop",
            Some(&broker),
        )
        .await;
    assert!(!other.body.contains("Advies over datadeling"));
    for uri in [
        "/verslag/bijeenkomsten?soort=lunch",
        "/verslag/bijeenkomsten?jaar=twee",
        "/verslag/bijeenkomsten?page=0",
    ] {
        assert_eq!(
            app.get_as(uri, Some(&broker)).await.status,
            StatusCode::BAD_REQUEST,
            "{uri}"
        );
    }
    for uri in [
        "/verslag/bijeenkomsten/999999",
        "/verslag/bijeenkomsten/abc",
    ] {
        assert_eq!(
            app.get_as(uri, Some(&broker)).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_field_errors_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let before = total(&app).await;
    let audit_before = app.store.audit_log(1, 0).await.unwrap().1;
    let script = "<script>alert(1)</script>";
    let cases: Vec<(&str, Fields, &str)> = vec![
        ("kind", with(&good_form(), "kind", "lunch"), "lunch"),
        (
            "organisations",
            with(&good_form(), "organisations", "GM0344 GM9999"),
            "GM9999",
        ),
        (
            "follow_ups.1.due",
            with(&good_form(), "follow_ups.1.due", "2031-02-30"),
            "Vervolgactie 1",
        ),
        (
            "follow_ups.1.due",
            with(&good_form(), "follow_ups.1.due", "2031-01-01"),
            "niet vóór de bijeenkomst",
        ),
        ("title", with(&good_form(), "title", script), "zonder HTML"),
        (
            "outcome",
            with(&good_form(), "outcome", &format!("Goed {script}")),
            "zonder HTML",
        ),
        (
            "follow_ups.1.owner",
            with(&good_form(), "follow_ups.1.owner", script),
            "Vervolgactie 1",
        ),
        ("date", with(&good_form(), "date", "gisteren"), "JJJJ-MM-DD"),
        (
            "themes",
            with(&good_form(), "themes", "astrologie"),
            "thema",
        ),
        (
            "practices",
            with(&good_form(), "practices", "bestaat-niet"),
            "bestaat-niet",
        ),
        (
            "questions",
            with(&good_form(), "questions", "abc"),
            "helpdeskvraag",
        ),
        (
            "links",
            with(&good_form(), "links", "javascript:alert(1)"),
            "10 webadressen",
        ),
        (
            "title",
            with(&good_form(), "title", &"x".repeat(201)),
            "200",
        ),
    ];
    for (field, fields, text) in &cases {
        let r = post(&app, "/verslag/bijeenkomsten/nieuw", fields, &broker).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.body
        );
        assert!(
            r.body.contains(&format!(r#"id="e-{field}""#)),
            "{field}: {}",
            r.body
        );
        assert!(r.body.contains(text), "{field} should say {text:?}");
        assert!(!r.body.contains(script), "script is never echoed raw");
    }
    // Every problem at once: a field rule and an unknown reference side by side.
    let both = with(&with(&good_form(), "title", ""), "organisations", "GM9999");
    let r = post(&app, "/verslag/bijeenkomsten/nieuw", &both, &broker).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="e-title""#) && r.body.contains(r#"id="e-organisations""#));
    // In English on an English page.
    let r = post(
        &app,
        "/verslag/bijeenkomsten/nieuw?lang=en",
        &with(&good_form(), "kind", "lunch"),
        &broker,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose a kind of meeting"), "{}", r.body);
    // An edit with a bad field changes nothing of the meeting.
    let m = app
        .store
        .create_meeting(
            &meeting("2031-03-03", "advice", &["GM0344"], &[]),
            None,
            &Origin::cli(),
        )
        .await
        .unwrap();
    let r = post(
        &app,
        &format!("/verslag/bijeenkomsten/{}", m.id),
        &with(&good_form(), "organisations", "GM9999"),
        &broker,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.meeting(m.id).await.unwrap(), m);
    assert_eq!(
        total(&app).await,
        before + 1,
        "only the meeting made directly"
    );
    assert_eq!(app.store.audit_log(1, 0).await.unwrap().1, audit_before + 1);

    // The API answers 422 with the fields.
    let token = app.token(&broker).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/meetings",
            Some(&token),
            Some(serde_json::json!({"date": "2031-01-01", "kind": "lunch", "title": "Lunch", "organisations": ["GM9999"],
                "follow_ups": [{"action": "Iets", "owner": "Iemand", "due": "2031-13-01"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        fields.contains(&"kind".to_owned()) && fields.contains(&"follow_ups.1.due".to_owned()),
        "{fields:?}"
    );
    let r = app
        .api(
            Method::POST,
            "/api/v1/meetings",
            Some(&token),
            Some(serde_json::json!({"date": "2031-01-01", "kind": "advice", "title": "Advies", "organisations": ["GM9999"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("GM9999"));
    assert_eq!(total(&app).await, before + 1);
}

#[tokio::test]
async fn only_brokers_and_admins_see_the_log_and_the_report() {
    let app = TestApp::new().await;
    let pages = [
        "/verslag",
        "/verslag.csv",
        "/verslag/bijeenkomsten",
        "/verslag/bijeenkomsten.csv",
        "/verslag/bijeenkomsten/nieuw",
        "/verslag/bijeenkomsten/1",
    ];
    for who in Who::ALL {
        let user = app.user(who).await;
        for uri in pages {
            let r = app.get_as(uri, user.as_ref()).await;
            match who {
                Who::Broker | Who::Admin => {
                    assert_eq!(r.status, StatusCode::OK, "{uri} as {who:?}")
                }
                Who::Anonymous => {
                    assert_eq!(r.status, StatusCode::SEE_OTHER, "{uri}");
                    assert!(r.location().starts_with("/login?next="), "{uri}");
                }
                _ => assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri} as {who:?}"),
            }
            assert!(
                !r.body.contains("Adviesgesprek vroegsignalering schulden")
                    || matches!(who, Who::Broker | Who::Admin)
            );
        }
        let token = match &user {
            Some(u) => Some(app.token(u).await),
            None => None,
        };
        for uri in [
            "/api/v1/meetings",
            "/api/v1/meetings/1",
            "/api/v1/report?year=2025",
        ] {
            let r = app.api(Method::GET, uri, token.as_deref(), None).await;
            let expected = match who {
                Who::Broker | Who::Admin => StatusCode::OK,
                Who::Anonymous => StatusCode::UNAUTHORIZED,
                _ => StatusCode::FORBIDDEN,
            };
            assert_eq!(r.status, expected, "{uri} as {who:?}");
        }
        // The header links the report for brokers and admins only.
        if let Some(u) = &user {
            let home = app.get_as("/account", Some(u)).await;
            assert_eq!(
                home.body.contains("nav-report"),
                matches!(who, Who::Broker | Who::Admin),
                "{who:?}"
            );
        }
    }
    // A broker's token without the meetings scope may not.
    let broker = app
        .store
        .user_by_email("broker@minbzk.nl")
        .await
        .unwrap()
        .unwrap();
    let (token, _) = app
        .store
        .create_api_token(
            broker.id,
            "review",
            &[leerpunt_core::access::Scope::PracticesReview],
            &Origin::cli(),
        )
        .await
        .unwrap();
    let r = app
        .api(Method::GET, "/api/v1/meetings", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_log_has_sixty_meetings_over_two_years_marked_as_demo() {
    let app = TestApp::new().await;
    let (all, n) = app
        .store
        .meetings(&MeetingFilter::default(), 100, 0)
        .await
        .unwrap();
    assert_eq!(n, 60);
    assert!(all.iter().all(|m| m.demo));
    for year in [2025, 2026] {
        let (_, n) = app
            .store
            .meetings(
                &MeetingFilter {
                    year: Some(year),
                    kind: None,
                },
                1,
                0,
            )
            .await
            .unwrap();
        assert_eq!(n, 30, "{year}");
    }
    let follow_ups: Vec<_> = all.iter().flat_map(|m| m.follow_ups.iter()).collect();
    assert!(follow_ups.iter().any(|f| f.on_time()));
    assert!(
        follow_ups.iter().any(|f| f.done.is_some() && !f.on_time()),
        "some late"
    );
    assert!(follow_ups.iter().any(|f| f.done.is_none()), "some open");
    let kinds: std::collections::BTreeSet<_> = all.iter().map(|m| m.kind).collect();
    assert_eq!(kinds.len(), 6, "every kind");
    // Loading the demo again adds nothing.
    app.store.load_demo().await.unwrap();
    assert_eq!(total(&app).await, 60);
}

#[tokio::test]
async fn the_csv_downloads_parse_back() {
    let app = TestApp::new().await;
    known_log(&app).await;
    let broker = app.user(Who::Broker).await.unwrap();

    let r = app
        .get_as("/verslag.csv?jaar=2031&kwartaal=2", Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header(axum::http::header::CONTENT_TYPE)
        .starts_with("text/csv"));
    assert!(r
        .header(axum::http::header::CONTENT_DISPOSITION)
        .contains("leerpunt-verslag-2031-Q2.csv"));
    let mut reader = csv::Reader::from_reader(r.body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["period", "section", "key", "label", "count"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let get = |section: &str, key: &str| -> i64 {
        rows.iter()
            .find(|r| &r[1] == section && &r[2] == key)
            .map_or(-1, |r| r[4].parse().unwrap())
    };
    assert!(rows.iter().all(|r| &r[0] == "2031 Q2"));
    assert_eq!(get("total", "meetings"), 2);
    assert_eq!(get("total", "organisations_reached"), 3);
    assert_eq!(get("kind", "advice"), 1);
    assert_eq!(get("kind", "workshop"), 1);
    assert_eq!(get("province", "PV26"), 1);
    assert_eq!(get("organisation_kind", "agency"), 1);
    assert_eq!(get("follow_ups", "due"), 1);
    assert_eq!(get("follow_ups", "open"), 1);
    assert!(rows
        .iter()
        .any(|r| &r[3] == "Gemeente" || &r[3] == "Datakwaliteit en databeheer"));

    let r = app
        .get_as("/verslag/bijeenkomsten.csv?jaar=2031", Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(r.body.as_bytes());
    let rows: Vec<MeetingCsvRow> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    // The log's CSV is what `leerpunt import meetings` reads: each line is a valid meeting again.
    let first = rows
        .iter()
        .find(|r| r.date == "2031-01-10")
        .unwrap()
        .to_meeting()
        .unwrap();
    assert_eq!(first.organisations.len(), 2);
    assert_eq!(first.follow_ups.len(), 2);
    assert_eq!(first.follow_ups[1].done.as_deref(), Some("2031-02-20"));
    leerpunt_core::meetings::validate_meeting(&first).unwrap();
    let all = app
        .get_as("/verslag/bijeenkomsten.csv", Some(&broker))
        .await;
    assert_eq!(
        csv::Reader::from_reader(all.body.as_bytes())
            .records()
            .count(),
        64
    );
}

/// Every `<svg>…</svg>` of a page.
fn svgs(html: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = html[from..].find("<svg").map(|i| from + i) {
        let end = html[start..]
            .find("</svg>")
            .map(|i| start + i + "</svg>".len())
            .unwrap();
        out.push((end, &html[start..end]));
        from = end;
    }
    out
}

/// Parses XML to the end; an error names what is wrong.
fn well_formed(xml: &str) -> Result<usize, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut elements) = (0i64, 0);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                elements += 1;
            }
            Ok(Event::Empty(_)) => elements += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at {}: {e}", reader.buffer_position())),
        }
    }
    if depth == 0 {
        Ok(elements)
    } else {
        Err(format!("{depth} elements left open"))
    }
}

#[tokio::test]
async fn every_chart_is_well_formed_svg_with_a_title_and_a_table_beside_it() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    for uri in [
        "/verslag?jaar=2025",
        "/verslag?jaar=2026&kwartaal=3",
        "/verslag?jaar=2040",
        "/verslag?jaar=2025&lang=en",
    ] {
        let page = app.get_as(uri, Some(&broker)).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let charts = svgs(&page.body);
        assert_eq!(
            charts.len(),
            4,
            "{uri}: kind, theme, province, organisation kind"
        );
        for (end, svg) in charts {
            let elements = well_formed(svg).unwrap_or_else(|e| panic!("{uri}: {e}\n{svg}"));
            assert!(elements > 2, "{uri}: an empty chart");
            assert!(svg.contains(r#"role="img""#), "{uri}");
            assert!(svg.contains("<title id=\"chart-"), "{uri}");
            let after = &page.body[end..];
            let table = after.find("<table").unwrap_or(usize::MAX);
            let next_chart = after.find("<svg").unwrap_or(usize::MAX);
            assert!(table < next_chart, "{uri}: a table follows each chart");
            assert!(
                after[table..].find("<caption").unwrap() < after[table..].find("</table>").unwrap()
            );
        }
    }
    // The 2025 demo log: the kind chart names its kinds, and the table has the same figures.
    let page = app.get_as("/verslag?jaar=2025", Some(&broker)).await;
    assert!(page.body.contains(">Advies<"));
    assert!(page.body.contains(r#"data-testid="figure-meetings">30<"#));
}
