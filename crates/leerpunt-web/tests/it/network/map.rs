//! The network map and graph: every municipality of the register has a shape, the map counts what
//! the catalogue counts, the graph holds exactly the published practices' links, the exports hold
//! what the JSON holds, and bad parameters are clear 400s.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use leerpunt_core::paging::PageRequest;
use leerpunt_core::OrgKind;
use leerpunt_store::OrgFilter;
use serde_json::Value;

use crate::TestApp;

async fn json(app: &TestApp, uri: &str) -> Value {
    let r = app.get(uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn catalogue_total(app: &TestApp, query: &str) -> i64 {
    json(app, &format!("/api/v1/practices?{query}")).await["total"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn every_municipality_of_the_register_has_a_shape() {
    let app = TestApp::new().await;
    let (orgs, _) = app
        .store
        .organisations(
            &OrgFilter {
                kind: Some(OrgKind::Municipality),
                ..OrgFilter::default()
            },
            PageRequest {
                page: 1,
                per_page: 1000,
            },
        )
        .await
        .unwrap();
    let register: BTreeSet<String> = orgs.into_iter().map(|o| o.code).collect();
    assert_eq!(register.len(), 342);
    let shapes = leerpunt_web::geo::shapes();
    let drawn: BTreeSet<String> = shapes
        .municipalities
        .iter()
        .map(|s| s.code.clone())
        .collect();
    let missing: Vec<&String> = register.difference(&drawn).collect();
    assert!(
        missing.is_empty(),
        "municipalities without a shape: {missing:?}"
    );
    let provinces: BTreeSet<&str> = shapes.provinces.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(provinces.len(), 12);

    // The page draws every one of them, each linking to its organisation page.
    let page = app.get("/kaart").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for code in &register {
        assert!(
            page.body.contains(&format!(
                "class=\"lp-map__area\" data-code=\"{code}\" data-count="
            )),
            "{code} is not drawn"
        );
    }
}

#[tokio::test]
async fn the_map_counts_what_the_catalogue_counts() {
    let app = TestApp::new().await;
    for filter in ["", "theme=datakwaliteit", "status=in_use"] {
        let map = json(&app, &format!("/api/v1/map?{filter}")).await;
        let with: Vec<&Value> = map["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["practices"].as_i64().unwrap() > 0)
            .collect();
        assert!(!with.is_empty(), "{filter}: no organisation has practices");
        for o in &with {
            let code = o["code"].as_str().unwrap();
            let expected = catalogue_total(&app, &format!("organisation={code}&{filter}")).await;
            assert_eq!(o["practices"].as_i64(), Some(expected), "{filter} {code}");
        }
        let provinces = map["provinces"].as_array().unwrap();
        assert!(!provinces.is_empty());
        for p in provinces {
            let code = p["code"].as_str().unwrap();
            let expected = catalogue_total(&app, &format!("province={code}&{filter}")).await;
            assert_eq!(p["practices"].as_i64(), Some(expected), "{filter} {code}");
        }
        // The page draws the same counts.
        let page = app.get(&format!("/kaart?{filter}")).await;
        assert_eq!(page.status, StatusCode::OK);
        for o in with.iter().filter(|o| o["kind"] == "municipality") {
            let code = o["code"].as_str().unwrap();
            assert!(
                page.body.contains(&format!(
                    "data-code=\"{code}\" data-count=\"{}\"",
                    o["practices"]
                )),
                "{filter}: {code} drawn with another count"
            );
        }
    }
    // Ministries and agencies are listed beside the map, not lost.
    let page = app.get("/kaart").await;
    let map = json(&app, "/api/v1/map").await;
    let national = map["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            matches!(o["kind"].as_str(), Some("ministry" | "agency"))
                && o["practices"].as_i64().unwrap() > 0
        })
        .expect("a national body with practices");
    let code = national["code"].as_str().unwrap();
    let listed = page
        .body
        .split("data-testid=\"map-elsewhere\"")
        .nth(1)
        .unwrap();
    assert!(
        listed.contains(&format!("data-code=\"{code}\"")),
        "{code} not beside the map"
    );
    // Provinces and the per-inhabitant view render too.
    for uri in [
        "/kaart?level=provincies",
        "/kaart?measure=per100k",
        "/kaart?lang=en",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.body.contains("data-testid=\"map-legend\""), "{uri}");
    }
    assert!(app
        .get("/kaart?lang=en")
        .await
        .body
        .contains("Not on the map"));
}

#[tokio::test]
async fn bad_map_and_network_parameters_are_clear_400s() {
    let app = TestApp::new().await;
    for uri in [
        "/kaart?theme=weer",
        "/kaart?status=klaar",
        "/kaart?level=wijken",
        "/kaart?measure=veel",
        "/api/v1/map?theme=weer",
        "/api/v1/network",
        "/api/v1/network?center=GM0363",
        "/api/v1/network?center=organisation:GM0363&depth=7",
        "/api/v1/network?center=organisation:GM0363&kinds=planet",
        "/api/v1/network?center=organisation:GM0363&edges=friend_of",
        "/api/v1/network?center=organisation:GM0363&limit=0",
        "/api/v1/network/nodes",
        "/netwerk?depth=0",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        if uri.starts_with("/api/") {
            assert!(
                r.json()["error"]["message"]
                    .as_str()
                    .is_some_and(|e| !e.is_empty()),
                "{uri}"
            );
        }
    }
    for uri in [
        "/api/v1/network?center=organisation:GM9999",
        "/netwerk?center=practice:bestaat-niet",
        "/api/v1/network/export.gexf?center=theme:weer",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn the_graph_holds_the_published_practices_and_their_links() {
    let app = TestApp::new().await;
    // A published practice of GM0363 with partner AG-CBS on one theme.
    let slug = app
        .add_practice(
            "Kaart van lege winkelpanden",
            "Leegstand in winkelstraten volgen.",
            "net-1",
        )
        .await;
    let practice = format!("practice:{slug}");
    let hood = json(&app, "/api/v1/network?center=organisation:GM0363").await;
    assert_eq!(hood["center"], "organisation:GM0363");
    let nodes = hood["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["depth"], 0);
    let edges = hood["edges"].as_array().unwrap();
    let has_edge = |s: &str, t: &str, k: &str| {
        edges
            .iter()
            .any(|e| e["source"] == s && e["target"] == t && e["kind"] == k)
    };
    assert!(has_edge("organisation:GM0363", &practice, "owns"), "{hood}");
    // Its practices in the graph are exactly the catalogue's (owned or taking part in).
    let owned_or_partner = edges
        .iter()
        .filter(|e| {
            e["source"] == "organisation:GM0363"
                && matches!(e["kind"].as_str(), Some("owns" | "partner_of"))
        })
        .count() as i64;
    assert!(owned_or_partner > 0);
    assert_eq!(
        owned_or_partner,
        catalogue_total(&app, "organisation=GM0363").await
    );

    // Two steps away: the partner and the theme of the new practice.
    let two = json(
        &app,
        &format!("/api/v1/network?center={practice}&depth=2&limit=500"),
    )
    .await;
    let keys: BTreeSet<&str> = two["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["key"].as_str().unwrap())
        .collect();
    for k in [
        "organisation:GM0363",
        "organisation:AG-CBS",
        "theme:datakwaliteit",
    ] {
        assert!(keys.contains(k), "{k} missing from {keys:?}");
    }
    // Filters: organisations only, through owner and partner links.
    let orgs = json(
        &app,
        &format!("/api/v1/network?center={practice}&kinds=practice,organisation&edges=owns&edges=partner_of"),
    )
    .await;
    let kinds: BTreeSet<&str> = orgs["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["organisation", "practice"]));
    assert_eq!(orgs["edges"].as_array().unwrap().len(), 2);

    // Search by name.
    let found = json(&app, "/api/v1/network/nodes?q=lege%20winkelpanden").await;
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{found}");
    assert_eq!(items[0]["key"], practice.as_str());

    // A draft is not in the graph.
    let draft = app.draft("Concept over parkeren", "GM0344").await;
    app.state.catch_up_search().await;
    let r = app
        .get(&format!("/api/v1/network?center=practice:{draft}"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn exports_hold_what_the_json_holds() {
    let app = TestApp::new().await;
    let hood = json(&app, "/api/v1/network?center=organisation:GM0344&depth=2").await;
    let n = hood["nodes"].as_array().unwrap().len();
    let e = hood["edges"].as_array().unwrap().len();
    assert!(n > 1 && e > 0, "{hood}");
    let graphml = app
        .get("/api/v1/network/export.graphml?center=organisation:GM0344&depth=2")
        .await;
    assert_eq!(graphml.status, StatusCode::OK);
    assert!(graphml
        .header(axum::http::header::CONTENT_TYPE)
        .starts_with("application/graphml+xml"));
    let (nodes, edges) = count_elements(&graphml.body);
    assert_eq!((nodes, edges), (n, e));
    let gexf = app
        .get("/api/v1/network/export.gexf?center=organisation:GM0344&depth=2")
        .await;
    assert_eq!(count_elements(&gexf.body), (n, e));

    // The whole network: every organisation, published practice, theme, community and public
    // person.
    let counts = app.store.counts().await.unwrap();
    let (_, communities) = app.store.communities(PageRequest::default()).await.unwrap();
    let people = app.store.public_people().await.unwrap().len() as i64;
    let all = app.get("/api/v1/network/export.graphml").await;
    let (nodes, edges) = count_elements(&all.body);
    let expected = counts.organisations
        + counts.practices
        + leerpunt_core::vocab::THEMES.len() as i64
        + communities
        + people;
    assert_eq!(nodes as i64, expected);
    assert!(
        edges as i64 >= counts.practices,
        "every practice has an owner"
    );
}

/// Node and edge elements of a GraphML or GEXF document, read with an XML parser (which also
/// proves it well-formed).
fn count_elements(xml: &str) -> (usize, usize) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut nodes, mut edges) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"node" => nodes += 1,
                    b"edge" => edges += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    (nodes, edges)
}

#[tokio::test]
async fn the_network_page_lists_the_neighbourhood_and_works_without_javascript() {
    let app = TestApp::new().await;
    let org = app.get("/organisaties/GM0344").await;
    assert!(
        org.body.contains("/netwerk?center=organisation%3AGM0344"),
        "no link to the network"
    );
    let hood = json(&app, "/api/v1/network?center=organisation:GM0344").await;
    let page = app.get("/netwerk?center=organisation%3AGM0344").await;
    assert_eq!(page.status, StatusCode::OK);
    let practices: Vec<&str> = hood["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "practice")
        .map(|n| n["key"].as_str().unwrap())
        .collect();
    assert!(!practices.is_empty());
    for key in &practices {
        assert!(
            page.body.contains(&format!("data-key=\"{key}\"")),
            "{key} not listed"
        );
    }
    assert!(page.body.contains("data-testid=\"net-group-practice\""));
    assert!(page.body.contains("eigenaar van") || page.body.contains("van Gemeente"));
    // The start page offers starting points and a search.
    let start = app.get("/netwerk").await;
    assert!(start.body.contains("data-testid=\"net-starts\""));
    let found = app.get("/netwerk?q=utrecht").await;
    assert!(
        found.body.contains("center=organisation%3AGM0344"),
        "Utrecht not found"
    );
    let en = app
        .get("/netwerk?center=organisation%3AGM0344&lang=en")
        .await;
    assert!(en.body.contains("Network around"), "{}", en.body);
}
