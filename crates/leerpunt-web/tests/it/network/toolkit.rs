//! The toolkit's step plan: phases with checklists and links, edited by brokers, every version kept.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use axum::http::{Method, StatusCode};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who};

const EDIT: &str = "/stappenplan/bewerken";

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path == EDIT
}

/// The current version's number, or 0 when there is none.
async fn current_version(app: &TestApp) -> i64 {
    app.store
        .step_plan()
        .await
        .unwrap()
        .map_or(0, |v| v.info.version)
}

/// A valid plan in the plain-text format, with `title` as the first phase's Dutch title.
fn plan_text(title: &str) -> String {
    format!(
        "## vraag | {title} | The question\n\
         > Begin bij het probleem.\n\
         >> Start with the problem.\n\
         - Beschrijf het probleem | Describe the problem\n\
         glossary: algoritme\n\
         practices: vroegsignalering-schulden-zwolle\n\
         \n\
         ## data | Data | Data\n\
         - Wijs een datasteward aan | Appoint a data steward\n"
    )
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
    Some(AreaCell {
        uri: EDIT.to_owned(),
        fields: vec![
            ("plan", plan_text(&format!("Vraag van {who:?}"))),
            ("note", format!("Opgeslagen als {who:?}")),
            ("base", current_version(app).await.to_string()),
        ],
        json: None,
        probe: Vec::new(),
    })
}

/// What this area keeps for a cell: the current version's number and a hash of its content.
pub async fn state(app: &TestApp, cell: &AreaCell) -> String {
    // The step plan is one for everyone: no per-role fixtures to read back.
    assert!(cell.probe.is_empty());
    match app.store.step_plan().await.unwrap() {
        Some(v) => {
            let mut h = DefaultHasher::new();
            format!("{:?}|{}", v.plan, v.info.note).hash(&mut h);
            format!("{}|{:016x}", v.info.version, h.finish())
        }
        None => "none".to_owned(),
    }
}

async fn save(
    app: &TestApp,
    uri: &str,
    user: Option<&TestUser>,
    plan: &str,
    note: &str,
    base: i64,
) -> crate::Reply {
    app.post_form(
        uri,
        &[("plan", plan), ("note", note), ("base", &base.to_string())],
        user,
    )
    .await
}

/// The number of versions the version list shows.
fn listed_versions(body: &str) -> usize {
    body.matches("href=\"/stappenplan/versies/").count()
}

#[tokio::test]
async fn the_demo_plan_is_shown_with_its_links_in_both_languages() {
    let app = TestApp::new().await;
    let r = app.get("/stappenplan").await;
    assert_eq!(r.status, StatusCode::OK);
    // Addresses built from data are escaped by the template engine (`/` as `&#x2f;`).
    let body = r.body.replace("&#x2f;", "/");
    for text in [
        "De vraag",
        "Wet en ethiek",
        "Evaluatie",
        "Voer een DPIA uit",
        "data-testid=\"stepplan-demo\"",
        "href=\"/begrippen#term-impact-assessment\"",
        "href=\"/praktijken/algoritmeregister-en-impacttoets-zuid-holland\"",
        "href=\"/stappenplan/versies\"",
    ] {
        assert!(body.contains(text), "missing {text}");
    }
    assert!(
        !r.body.contains("href=\"/stappenplan/bewerken\""),
        "visitors get no edit link"
    );
    let r = app.get("/stappenplan?lang=en").await;
    for text in ["The question", "Law and ethics", "Carry out a DPIA"] {
        assert!(r.body.contains(text), "missing {text}");
    }
    // The glossary page has the anchors the plan links to.
    let glossary = app.get("/begrippen").await;
    assert!(glossary.body.contains("id=\"term-impact-assessment\""));
    // The footer links to the plan.
    assert!(app.get("/").await.body.contains("href=\"/stappenplan\""));
    // A broker sees the edit link.
    let broker = app.user(Who::Broker).await.unwrap();
    let r = app.get_as("/stappenplan", Some(&broker)).await;
    assert!(r.body.contains("href=\"/stappenplan/bewerken\""));
}

#[tokio::test]
async fn the_api_returns_the_plan_in_both_languages() {
    let app = TestApp::new().await;
    let r = app.api(Method::GET, "/api/v1/step-plan", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let plan = r.json();
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["demo"], true);
    let phases = plan["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 6);
    assert_eq!(phases[0]["key"], "vraag");
    assert_eq!(phases[0]["title"]["nl"], "De vraag");
    assert_eq!(phases[0]["title"]["en"], "The question");
    let stored = app.store.step_plan().await.unwrap().unwrap().plan;
    for (out, p) in phases.iter().zip(&stored.phases) {
        let checklist = out["checklist"].as_array().unwrap();
        assert!(!checklist.is_empty());
        assert_eq!(checklist.len(), p.checklist.len());
        for (item, i) in checklist.iter().zip(&p.checklist) {
            assert_eq!(
                (item["nl"].as_str(), item["en"].as_str()),
                (Some(i.nl.as_str()), Some(i.en.as_str()))
            );
        }
        // Every link of the demo leads somewhere.
        assert_eq!(
            out["glossary"].as_array().unwrap().len(),
            p.glossary.len(),
            "{}",
            p.key
        );
        assert_eq!(
            out["practices"].as_array().unwrap().len(),
            p.practices.len(),
            "{}",
            p.key
        );
        assert!(!out["intro"]["nl"].as_str().unwrap().is_empty());
        assert!(!out["intro"]["en"].as_str().unwrap().is_empty());
    }
    let term = &phases[2]["glossary"][0];
    assert_eq!(term["key"], "impact-assessment");
    assert_eq!(term["url"], "/begrippen#term-impact-assessment");
    assert_eq!(term["title"]["en"], "impact assessment");
    let practice = &phases[0]["practices"][0];
    assert_eq!(
        practice["url"],
        "/praktijken/vroegsignalering-schulden-zwolle"
    );
    assert!(!practice["title"]["nl"].as_str().unwrap().is_empty());
    assert!(!practice["title"]["en"].as_str().unwrap().is_empty());
    // The OpenAPI document describes it.
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/step-plan"]["get"].is_object());
    assert!(doc["components"]["schemas"]["StepPlanOut"].is_object());
}

#[tokio::test]
async fn a_broker_saves_a_new_version_and_the_old_one_stays_readable() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let form = app.get_as(EDIT, Some(&broker)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("## vraag | De vraag | The question"));
    assert!(form.body.contains("name=\"base\" value=\"1\""));
    assert!(
        form.body.contains("stepplan-format-h"),
        "the format is explained"
    );
    let r = save(
        &app,
        EDIT,
        Some(&broker),
        &plan_text("Welk probleem lossen we op?"),
        "Korter gemaakt",
        1,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/stappenplan");
    let page = app.get("/stappenplan").await;
    assert!(page.body.contains("Welk probleem lossen we op?"));
    assert!(!page.body.contains("Wet en ethiek"));
    assert!(!page.body.contains("data-testid=\"stepplan-demo\""));
    let list = app.get("/stappenplan/versies").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(listed_versions(&list.body), 2, "{}", list.body);
    assert!(list.body.contains("Korter gemaakt"));
    assert!(list.body.contains("Eerste versie (demo)"));
    let old = app.get("/stappenplan/versies/1").await;
    assert_eq!(old.status, StatusCode::OK);
    assert!(
        old.body.contains("Wet en ethiek"),
        "version 1 keeps its text"
    );
    assert!(!old.body.contains("Welk probleem lossen we op?"));
    let new = app.get("/stappenplan/versies/2").await;
    assert!(new.body.contains("data-testid=\"stepplan-diff\""));
    assert!(new
        .body
        .contains("+ ## vraag | Welk probleem lossen we op? | The question"));
    assert!(new.body.contains("- ## vraag | De vraag | The question"));
    let stored = app.store.step_plan().await.unwrap().unwrap();
    assert_eq!(stored.info.version, 2);
    assert_eq!(stored.info.note, "Korter gemaakt");
    let (entries, _) = app.store.audit_log(1, 0).await.unwrap();
    assert_eq!(entries[0].action, "stepplan.save");
    assert_eq!(entries[0].user_id, Some(broker.id));
}

#[tokio::test]
async fn others_may_not_edit_and_nothing_changes() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let editor = app.user(Who::Editor).await.unwrap();
    let before = app.store.step_plan().await.unwrap().unwrap();
    for user in [&member, &editor] {
        let r = save(&app, EDIT, Some(user), &plan_text("Gekaapt"), "", 1).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", user.email);
        assert_eq!(
            app.get_as(EDIT, Some(user)).await.status,
            StatusCode::FORBIDDEN
        );
        // An invalid text is refused for access first, not shown back with its problems.
        let r = save(&app, EDIT, Some(user), "onzin", "", 1).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let r = app.get(EDIT).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login?next="));
    let after = app.store.step_plan().await.unwrap().unwrap();
    assert_eq!(after, before);
    assert_eq!(app.store.step_plan_versions().await.unwrap().len(), 1);
}

#[tokio::test]
async fn problems_are_told_with_their_line_in_the_page_language_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let audit = app.store.audit_log(1, 0).await.unwrap().1;
    let broken = "## vraag | De vraag | The question\n- Alleen Nederlands\n\n## data | | Data\n";
    let r = save(&app, EDIT, Some(&broker), broken, "Poging", 1).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Regel 2: Schrijf een checklistpunt"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Regel 4: De Nederlandse titel ontbreekt."));
    assert!(
        r.body.contains("Alleen Nederlands"),
        "the text is kept in the form"
    );
    let r = save(
        &app,
        &format!("{EDIT}?lang=en"),
        Some(&broker),
        broken,
        "Poging",
        1,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Line 2: Write a checklist item"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Line 4: The Dutch title is missing."));
    // Links to things that do not exist are problems on their line too.
    let r = save(
        &app,
        EDIT,
        Some(&broker),
        "## vraag | De vraag | The question\nglossary: bestaat-niet\npractices: ook-niet\nfaq: 999",
        "",
        1,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Regel 2: „bestaat-niet” staat niet in de begrippenlijst."),
        "{}",
        r.body
    );
    assert!(r
        .body
        .contains("Regel 3: „ook-niet” is geen gepubliceerde praktijk."));
    assert!(r
        .body
        .contains("Regel 4: „999” is geen nummer van een veelgestelde vraag."));
    // Too long a note.
    let r = save(
        &app,
        EDIT,
        Some(&broker),
        &plan_text("Goed"),
        &"x".repeat(501),
        1,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .body
        .contains("De toelichting mag hoogstens 500 tekens hebben."));
    // Someone else saved in between: nothing is overwritten.
    let r = save(&app, EDIT, Some(&broker), &plan_text("Oud"), "", 0).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("versie 1"));
    assert!(r.body.contains("name=\"base\" value=\"1\""));
    assert_eq!(app.store.step_plan_versions().await.unwrap().len(), 1);
    assert_eq!(app.store.audit_log(1, 0).await.unwrap().1, audit);
}

#[tokio::test]
async fn script_in_every_field_is_escaped() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let x = "<script>alert(1)</script>";
    let plan = format!(
        "## vraag | Titel {x} | Title {x}\n> Inleiding {x}\n>> Intro {x}\n- Punt {x} | Item {x}\n"
    );
    let r = save(&app, EDIT, Some(&broker), &plan, &format!("Notitie {x}"), 1).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for uri in [
        "/stappenplan",
        "/stappenplan?lang=en",
        "/stappenplan/versies",
        "/stappenplan/versies/2",
        "/stappenplan/versies/2?lang=en",
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("<script>alert"), "{uri}");
        assert!(page.body.contains("&lt;script&gt;"), "{uri}");
    }
    let form = app.get_as(EDIT, Some(&broker)).await;
    assert!(!form.body.contains("<script>alert"));
    assert!(form.body.contains("Titel &lt;script&gt;"));
    // The form shown again with problems escapes what was sent.
    let r = save(&app, EDIT, Some(&broker), &format!("{x}\n## a | b"), x, 2).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>alert"));
    let api = app
        .api(Method::GET, "/api/v1/step-plan", None, None)
        .await
        .json();
    assert_eq!(api["phases"][0]["title"]["nl"], format!("Titel {x}"));
}

#[tokio::test]
async fn unknown_versions_are_not_found() {
    let app = TestApp::new().await;
    for uri in [
        "/stappenplan/versies/2",
        "/stappenplan/versies/0",
        "/stappenplan/versies/-1",
        "/stappenplan/versies/abc",
        "/stappenplan/versies/99999999999999999999",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let first = app.get("/stappenplan/versies/1").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("Voer een DPIA uit"));
}
