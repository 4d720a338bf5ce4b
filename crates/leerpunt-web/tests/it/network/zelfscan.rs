//! The self-assessment: saving a draft, submitting it and reading it back, progress over two
//! submissions, the public flag, refused input that stores nothing, the k-anonymity rule of the
//! peer benchmark, and a walk over the area's API as a visitor that finds no private scores.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use axum::http::{Method, StatusCode};
use leerpunt_core::zelfscan::{Answers, Instrument};
use leerpunt_store::Origin;
use leerpunt_web::routes::{self, Verb};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, ORG, OTHER_ORG};

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/zelfscan")
}

fn instrument() -> Instrument {
    Instrument::builtin().unwrap()
}

/// Every question answered with `level`, as form fields.
fn all_fields(level: u8) -> Vec<(&'static str, String)> {
    let i = instrument();
    let mut f: Vec<(&'static str, String)> = i
        .questions()
        .map(|q| {
            (
                &*Box::leak(format!("q-{}", q.key).into_boxed_str()),
                level.to_string(),
            )
        })
        .collect();
    f.push(("version", "1".to_owned()));
    f
}

/// Prepares the matrix cell of `path` for `who`: None when the path is not this area's.
pub async fn cell(
    _app: &TestApp,
    path: &str,
    _who: Who,
    _user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let (uri, fields) = match path {
        "/zelfscan/{code}/opslaan" => (
            format!("/zelfscan/{ORG}/opslaan"),
            vec![("q-strategie-visie", "3".to_owned())],
        ),
        "/zelfscan/{code}/indienen" => (format!("/zelfscan/{ORG}/indienen"), all_fields(4)),
        "/zelfscan/{code}/zichtbaarheid" => (
            format!("/zelfscan/{ORG}/zichtbaarheid"),
            vec![("public", "1".to_owned())],
        ),
        _ => return None,
    };
    Some(AreaCell {
        uri,
        fields,
        json: None,
        probe: Vec::new(),
    })
}

/// What this area keeps of the matrix's organisation: its draft, submissions and public flag.
pub async fn state(app: &TestApp, _cell: &AreaCell) -> String {
    let draft = app.store.zelfscan_draft(ORG).await.unwrap();
    let subs = app.store.zelfscan_submissions(ORG).await.unwrap();
    let settings = app.store.zelfscan_settings(ORG).await.unwrap();
    let mut h = DefaultHasher::new();
    draft.map(|d| d.answers).hash(&mut h);
    for s in &subs {
        (&s.submitted_on, &s.answers).hash(&mut h);
    }
    format!(
        "{} submissions, public {}, {:016x}",
        subs.len(),
        settings.public,
        h.finish()
    )
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn every_dimension_names_glossary_terms_that_exist() {
    let glossary = leerpunt_search::glossary::Glossary::builtin().unwrap();
    for d in &instrument().dimensions {
        for key in &d.terms {
            assert!(
                glossary.term(key).is_some(),
                "{}: no glossary term {key:?}",
                d.key
            );
        }
    }
}

#[tokio::test]
async fn a_draft_is_saved_then_submitted_read_back_and_progress_shows_over_two_submissions() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    // The form, empty at first.
    let form = app
        .get_as(&format!("/zelfscan/{ORG}/invullen"), Some(&editor))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("0 van 33 vragen beantwoord"),
        "{}",
        form.body
    );
    // Save as you go: one dimension.
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/opslaan"),
            &[
                ("q-strategie-visie", "2"),
                ("q-strategie-eigenaar", "3"),
                ("version", "1"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let draft = app.store.zelfscan_draft(ORG).await.unwrap().unwrap();
    assert_eq!(
        draft.answers,
        Answers::from([
            ("strategie-visie".into(), 2),
            ("strategie-eigenaar".into(), 3)
        ])
    );
    let form = app
        .get_as(&format!("/zelfscan/{ORG}/invullen"), Some(&editor))
        .await;
    assert!(form.body.contains("2 van 33 vragen beantwoord"));
    assert!(
        form.body
            .contains(r#"name="q-strategie-visie" value="2" checked"#),
        "the saved answer is checked"
    );
    // Submitting an incomplete assessment is refused and stores nothing.
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/indienen"),
            &[("q-rollen-steward", "4"), ("version", "1")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Beantwoord deze vraag"), "{}", r.body);
    assert!(app
        .store
        .zelfscan_submissions(ORG)
        .await
        .unwrap()
        .is_empty());
    let again = app.store.zelfscan_draft(ORG).await.unwrap().unwrap();
    assert_eq!(
        again.answers, draft.answers,
        "not even the answers given with it"
    );
    // Not public yet: a visitor gets a 404 on page and API.
    assert_eq!(
        app.get(&format!("/zelfscan/{ORG}")).await.status,
        StatusCode::NOT_FOUND
    );
    // The whole assessment.
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/indienen"),
            &refs(&all_fields(2)),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/zelfscan/{ORG}"));
    let subs = app.store.zelfscan_submissions(ORG).await.unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].instrument_version, 1);
    assert_eq!(subs[0].answers.len(), 33);
    assert!(subs[0].answers.values().all(|l| *l == 2));
    assert!(
        app.store.zelfscan_draft(ORG).await.unwrap().is_none(),
        "the draft became the submission"
    );
    let audit = app.store.audit_log(100, 0).await.unwrap().0;
    assert!(audit.iter().any(|a| a.action == "zelfscan.submit"));
    // A second submission: progress shows against the first.
    let mut second = all_fields(3);
    second.retain(|(k, _)| !k.starts_with("q-wet-"));
    for q in instrument().dimensions[4].questions.iter() {
        second.push((
            Box::leak(format!("q-{}", q.key).into_boxed_str()),
            "1".to_owned(),
        ));
    }
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/indienen"),
            &refs(&second),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.zelfscan_submissions(ORG).await.unwrap().len(), 2);
    let page = app.get_as(&format!("/zelfscan/{ORG}"), Some(&editor)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"zelfscan-chart\""));
    assert!(page.body.contains("role=\"img\""));
    // The table: strategy 3,0 now, 2,0 before; law 1,0 now.
    assert!(page.body.contains("<th class=\"utrecht-table__cell\" scope=\"row\">Strategie en eigenaarschap</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">3,0</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">2,0</td>"), "{}", page.body);
    assert_eq!(
        page.body
            .matches("<td class=\"utrecht-table__cell\">1</td>")
            .count(),
        2,
        "two submissions in the history"
    );
    // Recommendations: the weakest dimension is law, privacy and ethics, with reasons.
    assert!(page.body.contains("data-testid=\"zelfscan-advice\""));
    assert!(page
        .body
        .contains("Omdat Wet, privacy en ethiek met 1,0 tot uw twee zwakste dimensies hoort."));
    assert!(page
        .body
        .contains("Maak een vaste intake voor nieuwe dataprojecten"));
    assert!(
        page.body.contains("/stappenplan#fase-wet-en-ethiek"),
        "the step-plan phase on law and ethics"
    );
    // Brokers see it; an outsider does not.
    let broker = app.user(Who::Broker).await.unwrap();
    assert_eq!(
        app.get_as(&format!("/zelfscan/{ORG}"), Some(&broker))
            .await
            .status,
        StatusCode::OK
    );
    let other = app.user(Who::OtherEditor).await.unwrap();
    assert_eq!(
        app.get_as(&format!("/zelfscan/{ORG}"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api(
            Method::GET,
            &format!("/api/v1/zelfscan/results/{ORG}"),
            None,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_public_flag_opens_the_result_to_everyone_and_closes_it_again() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/indienen"),
            &refs(&all_fields(4)),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/zelfscan/{ORG}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/zichtbaarheid"),
            &[("public", "1")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.store.zelfscan_settings(ORG).await.unwrap().public);
    let page = app.get(&format!("/zelfscan/{ORG}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("zelfscan-public-box"),
        "visitors get no form"
    );
    let api = app
        .api(
            Method::GET,
            &format!("/api/v1/zelfscan/results/{ORG}"),
            None,
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json()["submissions"][0]["scores"][0]["score"], 4.0);
    assert!(app
        .get("/zelfscan")
        .await
        .body
        .contains(&format!("href=\"/zelfscan/{ORG}\"")));
    // Closed again: the cached page drops.
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/zichtbaarheid"),
            &[],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/zelfscan/{ORG}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api(
            Method::GET,
            &format!("/api/v1/zelfscan/results/{ORG}"),
            None,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let audit = app.store.audit_log(100, 0).await.unwrap().0;
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == "zelfscan.visibility")
            .count(),
        2
    );
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/zichtbaarheid"),
            &[("public", "misschien")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bad_answers_are_refused_and_nothing_is_stored_half() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let save = format!("/zelfscan/{ORG}/opslaan");
    for bad in ["0", "6", "x"] {
        let r = app
            .post_form(
                &save,
                &[("q-strategie-doelen", "3"), ("q-strategie-visie", bad)],
                Some(&editor),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(
            r.body.contains("Kies een niveau van 1 tot en met 5."),
            "{}",
            r.body
        );
        assert!(
            app.store.zelfscan_draft(ORG).await.unwrap().is_none(),
            "{bad}: nothing stored, not even the good answer"
        );
    }
    let r = app
        .post_form(&save, &[("q-bestaat-niet", "3")], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Deze vraag hoort niet bij de zelfscan."));
    // An unknown instrument version.
    let mut f = all_fields(3);
    f.retain(|(k, _)| *k != "version");
    f.push(("version", "2".to_owned()));
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/indienen"),
            &refs(&f),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Deze versie van de zelfscan bestaat niet"),
        "{}",
        r.body
    );
    f.pop();
    f.push(("version", "een".to_owned()));
    let r = app
        .post_form(
            &format!("/zelfscan/{ORG}/indienen"),
            &refs(&f),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app
        .store
        .zelfscan_submissions(ORG)
        .await
        .unwrap()
        .is_empty());
    assert!(app.store.zelfscan_draft(ORG).await.unwrap().is_none());
    // Someone else's organisation.
    let r = app
        .post_form(
            &format!("/zelfscan/{OTHER_ORG}/indienen"),
            &refs(&all_fields(3)),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &format!("/zelfscan/{OTHER_ORG}/opslaan"),
            &[("q-strategie-visie", "0")],
            Some(&editor),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "access is checked before the answers"
    );
    assert!(app
        .store
        .zelfscan_submissions(OTHER_ORG)
        .await
        .unwrap()
        .is_empty());
    assert!(app.store.zelfscan_draft(OTHER_ORG).await.unwrap().is_none());
    assert_eq!(
        app.get_as(&format!("/zelfscan/{OTHER_ORG}/invullen"), Some(&editor))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The population on the organisation profile: a whole number or empty.
    let r = app
        .post_form(
            &format!("/organisaties/{ORG}/bewerken"),
            &[("description", "Profiel"), ("population", "veel")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vul het aantal inwoners in als heel getal"));
    assert_eq!(
        app.store.organisation_description(ORG).await.unwrap(),
        "",
        "nothing stored half"
    );
    let r = app
        .post_form(
            &format!("/organisaties/{ORG}/bewerken"),
            &[("description", "Profiel"), ("population", "45.210")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.zelfscan_settings(ORG).await.unwrap().population,
        Some(45_210)
    );
    assert!(app
        .get(&format!("/organisaties/{ORG}"))
        .await
        .body
        .contains("45.210"));
}

async fn submit_for(app: &TestApp, code: &str, level: u8) {
    let i = instrument();
    let answers: Answers = i.questions().map(|q| (q.key.clone(), level)).collect();
    app.store
        .submit_zelfscan(code, &i, 1, &answers, &Origin::cli())
        .await
        .unwrap();
    // Written past the web layer: the kept pages drop once the change log is read.
    app.state.catch_up_search().await;
}

#[tokio::test]
async fn a_group_of_four_shows_nothing_and_a_group_of_five_shows_its_quartiles() {
    let app = TestApp::new().await;
    // The demo: water boards and municipalities of unknown size show; provinces (4) do not.
    let shown = app
        .api(
            Method::GET,
            "/api/v1/zelfscan/groups/water_board",
            None,
            None,
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.json()["too_few"], false);
    assert_eq!(shown.json()["organisations"], 8);
    assert_eq!(shown.json()["dimensions"].as_array().unwrap().len(), 8);
    let m = app
        .api(
            Method::GET,
            "/api/v1/zelfscan/groups/municipality.grootte-onbekend",
            None,
            None,
        )
        .await;
    assert_eq!(m.json()["too_few"], false);
    let four = app
        .api(Method::GET, "/api/v1/zelfscan/groups/province", None, None)
        .await;
    assert_eq!(four.status, StatusCode::OK);
    assert_eq!(four.json()["too_few"], true);
    assert_eq!(four.json()["organisations"], serde_json::Value::Null);
    assert_eq!(four.json()["dimensions"], serde_json::json!([]));
    let page = app.get("/zelfscan/groepen/province").await;
    assert!(page
        .body
        .contains("Te weinig organisaties om te vergelijken"));
    assert!(!page.body.contains("zelfscan-group-table"));
    let page = app.get("/zelfscan/groepen/water_board").await;
    assert!(page.body.contains("zelfscan-group-table"));
    assert!(!page.body.contains("Te weinig organisaties"));
    assert_eq!(
        app.get("/zelfscan/groepen/gemeente").await.status,
        StatusCode::NOT_FOUND
    );
    // Safety regions: none in the demo. Four give nothing, the fifth opens the group.
    for code in ["VR01", "VR02", "VR03", "VR04"] {
        submit_for(&app, code, 2).await;
    }
    let r = app
        .api(
            Method::GET,
            "/api/v1/zelfscan/groups/safety_region",
            None,
            None,
        )
        .await;
    assert_eq!(r.json()["too_few"], true);
    assert!(app
        .get("/zelfscan/groepen/safety_region")
        .await
        .body
        .contains("Te weinig organisaties"));
    submit_for(&app, "VR05", 4).await;
    let r = app
        .api(
            Method::GET,
            "/api/v1/zelfscan/groups/safety_region",
            None,
            None,
        )
        .await;
    assert_eq!(r.json()["too_few"], false);
    assert_eq!(r.json()["organisations"], 5);
    assert_eq!(r.json()["dimensions"][0]["median"], 2.0);
    assert_eq!(r.json()["dimensions"][0]["q3"], 2.0);
    let page = app.get("/zelfscan/groepen/safety_region").await;
    assert!(
        page.body.contains("zelfscan-group-table"),
        "the cached page dropped"
    );
}

#[tokio::test]
async fn no_api_route_of_the_area_shows_a_private_organisations_scores_to_a_visitor() {
    let app = TestApp::new().await;
    let i = instrument();
    let latest = app.store.zelfscan_latest("0000-00-00").await.unwrap();
    assert_eq!(latest.len(), 40, "the demo's forty organisations");
    let private: Vec<_> = latest.iter().filter(|s| !s.public).collect();
    assert!(private.len() >= 30, "most results are not public");
    let groups = [
        "water_board",
        "municipality.grootte-onbekend",
        "province",
        "agency",
        "ministry",
        "municipality.tot-20k",
    ];
    let gets: Vec<_> = routes::ROUTES
        .iter()
        .filter(|r| r.verb == Verb::Get && r.path.starts_with("/api/v1/zelfscan"))
        .collect();
    assert_eq!(gets.len(), 3);
    let mut seen = 0;
    for route in gets {
        let uris: Vec<String> = if route.path.contains("{code}") {
            latest
                .iter()
                .map(|s| route.path.replace("{code}", &s.code))
                .collect()
        } else if route.path.contains("{group}") {
            groups
                .iter()
                .map(|g| route.path.replace("{group}", g))
                .collect()
        } else {
            vec![route.path.to_owned()]
        };
        for uri in uris {
            let r = app.api(Method::GET, &uri, None, None).await;
            seen += 1;
            for s in &private {
                if uri.ends_with(&format!("/results/{}", s.code)) {
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
                    assert!(!r.body.contains("score"), "{uri}: {}", r.body);
                } else {
                    assert!(
                        !r.body.contains(&format!("\"{}\"", s.code)),
                        "{uri} names {}",
                        s.code
                    );
                }
            }
            // A group shows quartiles only: never one member's whole score list.
            if r.status == StatusCode::OK
                && uri.contains("/groups/")
                && r.json()["too_few"] == false
            {
                let medians: Vec<f64> = r.json()["dimensions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["median"].as_f64().unwrap_or(-1.0))
                    .collect();
                let q1: Vec<f64> = r.json()["dimensions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["q1"].as_f64().unwrap_or(-1.0))
                    .collect();
                assert_ne!(medians, q1, "{uri}: a spread, not one organisation");
            }
        }
    }
    assert!(seen > 40);
    // Public ones are shown, with their scores.
    let public = latest.iter().find(|s| s.public).unwrap();
    let r = app
        .api(
            Method::GET,
            &format!("/api/v1/zelfscan/results/{}", public.code),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json()["submissions"].as_array().unwrap().last().unwrap()["scores"]
            .as_array()
            .unwrap()
            .len(),
        i.dimensions.len()
    );
    // The pages too: a private result is a 404 to visitors.
    assert_eq!(
        app.get(&format!("/zelfscan/{}", private[0].code))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/zelfscan/{}", public.code)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.api(Method::GET, "/api/v1/zelfscan/instrument", None, None)
            .await
            .json()["version"],
        1
    );
}
