//! Search and matchmaking through the API and the pages: results, facets, reasons, and bad input.

use axum::http::StatusCode;

use crate::TestApp;

fn source_ids(body: &serde_json::Value) -> Vec<String> {
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["source_id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn search_returns_hits_with_the_documented_shape() {
    let app = TestApp::new().await;
    let r = app
        .get("/api/v1/search?q=vroegsignalering%20schulden&kind=practice")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.json();
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(body["total"].as_u64().unwrap() >= hits.len() as u64);
    assert!(body["took_ms"].is_number());
    for key in [
        "kind",
        "id",
        "slug",
        "title",
        "source_id",
        "score",
        "snippet",
    ] {
        assert!(hits[0].get(key).is_some(), "hit lacks {key}: {}", hits[0]);
    }
    assert_eq!(hits[0]["kind"], "practice");
    let first = hits[0]["title"].as_str().unwrap().to_lowercase();
    assert!(first.contains("vroegsignalering"), "{first}");
    assert!(
        hits.iter()
            .any(|h| h["snippet"].as_str().unwrap().contains("<mark>")),
        "snippets highlight the matched words"
    );
    let themes = body["facets"]["theme"].as_array().unwrap();
    assert!(themes.iter().any(|t| t["value"] == "armoede-en-schulden"));
}

#[tokio::test]
async fn english_questions_find_dutch_practices_and_typos_are_forgiven() {
    let app = TestApp::new().await;
    app.add_practice(
        "Signalen van betalingsachterstanden bundelen",
        "De gemeente bundelt signalen van huurachterstanden en energieschulden om inwoners eerder hulp te bieden.",
        "900001",
    )
    .await;
    let r = app
        .get("/api/v1/search?q=payment%20arrears&kind=practice&limit=50")
        .await;
    assert!(
        source_ids(&r.json()).contains(&"900001".to_owned()),
        "{}",
        r.body
    );

    let r = app
        .get("/api/v1/search?q=betalingsachterstnden&kind=practice")
        .await;
    assert!(
        source_ids(&r.json()).contains(&"900001".to_owned()),
        "typo: {}",
        r.body
    );

    // The part of a compound finds the compound.
    let r = app.get("/api/v1/search?q=achterstand&kind=practice").await;
    assert!(
        source_ids(&r.json()).contains(&"900001".to_owned()),
        "compound: {}",
        r.body
    );
}

#[tokio::test]
async fn the_index_follows_changes_to_the_database() {
    let app = TestApp::new().await;
    let slug = app
        .add_practice(
            "Zwerfafval herkennen met camera's",
            "Camera's op vuilniswagens.",
            "900002",
        )
        .await;
    let r = app.get("/api/v1/search?q=zwerfafval").await;
    assert!(source_ids(&r.json()).contains(&"900002".to_owned()));

    // Same source id: an update. The old title must no longer be found.
    app.add_practice(
        "Bomen tellen met satellietbeelden",
        "Groenbeheer.",
        "900002",
    )
    .await;
    let r = app.get("/api/v1/search?q=zwerfafval").await;
    assert!(
        !source_ids(&r.json()).contains(&"900002".to_owned()),
        "{}",
        r.body
    );
    let r = app.get("/api/v1/search?q=satellietbeelden").await;
    assert!(source_ids(&r.json()).contains(&"900002".to_owned()));
    assert_eq!(
        app.store
            .practice(&slug)
            .await
            .unwrap()
            .source_id
            .as_deref(),
        Some("900002")
    );
}

#[tokio::test]
async fn filters_and_kinds_narrow_the_results() {
    let app = TestApp::new().await;
    let all = app.get("/api/v1/search?q=data").await.json();
    let themed = app
        .get("/api/v1/search?q=data&theme=armoede-en-schulden")
        .await
        .json();
    assert!(themed["total"].as_u64().unwrap() > 0);
    assert!(themed["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());

    let orgs = app
        .get("/api/v1/search?q=Zwolle&kind=organisation")
        .await
        .json();
    let hits = orgs["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["kind"] == "organisation"));
    assert_eq!(hits[0]["slug"], "GM0193", "{}", hits[0]);

    let by_date = app.get("/api/v1/search?q=&sort=date&limit=5").await.json();
    assert_eq!(
        by_date["hits"].as_array().unwrap().len(),
        5,
        "an empty q lists everything"
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_400_and_odd_input_a_sane_answer() {
    let app = TestApp::new().await;
    let long = "a".repeat(10_000);
    for (uri, what) in [
        (format!("/api/v1/search?q={long}"), "too long"),
        ("/api/v1/search?q=x&limit=-1".to_owned(), "limit"),
        ("/api/v1/search?q=x&limit=0".to_owned(), "limit"),
        (
            "/api/v1/search?q=x&limit=100000000000000000000".to_owned(),
            "limit",
        ),
        ("/api/v1/search?q=x&offset=-5".to_owned(), "offset"),
        ("/api/v1/search?q=x&offset=999999999".to_owned(), "offset"),
        ("/api/v1/search?q=x&kind=robot".to_owned(), "kind"),
        ("/api/v1/search?q=x&theme=nonsense".to_owned(), "theme"),
        ("/api/v1/search?q=x&org_kind=castle".to_owned(), "org_kind"),
        ("/api/v1/search?q=x&province=PV99".to_owned(), "province"),
        ("/api/v1/search?q=x&status=dreaming".to_owned(), "status"),
        ("/api/v1/search?q=x&sort=random".to_owned(), "sort"),
        ("/api/v1/search?q=%FF%FE".to_owned(), "invalid UTF-8"),
        (
            "/api/v1/match?q=x&organisation=NOPE".to_owned(),
            "organisation",
        ),
        ("/api/v1/match?q=x&limit=1000".to_owned(), "limit"),
        (format!("/api/v1/match?q={long}"), "too long"),
    ] {
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(!message.is_empty(), "{what}");
    }
    for uri in [
        "/api/v1/search?q=",
        "/api/v1/search?q=%21%3F%2E%2C%3B%3A%28%29",
        "/api/v1/search?q=%F0%9F%98%80%F0%9F%92%B8",
        "/api/v1/search?q=de%20het%20een",
        "/api/v1/search?q=schulden&offset=10000",
        "/api/v1/match?q=",
        "/api/v1/match?q=%F0%9F%98%80",
        "/zoeken?q=%21%21%21",
        "/vraag?q=%F0%9F%98%80",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    }
    let r = app.get("/api/v1/search?q=%21%3F%2E").await.json();
    assert_eq!(
        r["total"], 0,
        "punctuation finds nothing rather than everything"
    );

    let r = app.get("/zoeken?q=x&limit=-3").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r
        .header(axum::http::header::CONTENT_TYPE)
        .starts_with("text/html"));
}

#[tokio::test]
async fn match_gives_reasons_and_lifts_the_askers_peers() {
    let app = TestApp::new().await;
    let r = app
        .get("/api/v1/match?q=Hoe%20signaleren%20gemeenten%20schulden%20vroeg%3F")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.json();
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert!(!h["reasons"].as_array().unwrap().is_empty(), "{h}");
        assert!(h.get("source_id").is_some());
    }
    let orgs = body["organisations"].as_array().unwrap();
    assert!(!orgs.is_empty());
    let people = body["people"].as_array().unwrap();
    let sanne = people
        .iter()
        .find(|p| p["name"] == "Sanne de Vries")
        .unwrap_or_else(|| panic!("the demo expert on early warning: {people:?}"));
    assert_eq!(sanne["organisation"], "GM0193");
    assert_eq!(sanne["role"], "Projectleider vroegsignalering schulden");
    assert!(!sanne["reasons"].as_array().unwrap().is_empty());
    let r = app.get(&format!("/mensen/{}", sanne["id"])).await;
    assert_eq!(r.status, StatusCode::OK, "the person's public profile");
    assert!(
        orgs[0]["reasons"][0].as_str().unwrap().contains("praktijk"),
        "{}",
        orgs[0]
    );

    // Without an asker the order is the search order.
    let search = app
        .get("/api/v1/search?q=Hoe%20signaleren%20gemeenten%20schulden%20vroeg%3F&kind=practice&limit=10")
        .await
        .json();
    let ids = |v: &serde_json::Value| -> Vec<i64> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&body), ids(&search));

    // Asked by a municipality in Overijssel (Deventer), in English.
    let r = app
        .get("/api/v1/match?q=early%20warning%20debt&organisation=GM0150&lang=en")
        .await
        .json();
    let reasons: Vec<String> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| {
            h["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|s| s.starts_with("Same kind of organisation")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|s| s == "Nearby: also in Overijssel"),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn pages_show_results_reasons_and_similar_work() {
    let app = TestApp::new().await;
    let r = app.get("/zoeken?q=schulden").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"search-hit\""));
    assert!(r.body.contains("<mark>"), "highlighted snippets");
    assert!(r.body.contains("data-testid=\"facet-theme\""));

    let r = app
        .get("/zoeken?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert(1)"), "the query is escaped");

    let r = app
        .get("/vraag?q=Hoe%20voorkomen%20we%20schulden%20bij%20inwoners%3F")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"match-hit\""));
    assert!(r.body.contains("Zelfde onderwerp"), "reasons are shown");

    let r = app
        .get("/vraag?q=early%20warning%20for%20payment%20arrears&lang=en")
        .await;
    assert!(r.body.contains("Same topic"), "{}", r.body);

    // Practice pages list similar practices; organisation pages the similar work of others.
    let r = app
        .get("/praktijken/vroegsignalering-schulden-zwolle")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("related-h"));

    let work = app.store.similar_work("GM0193", 8).await.unwrap();
    assert!(
        !work.is_empty(),
        "Zwolle's early-warning practice resembles others' work"
    );
    assert!(work.iter().all(|w| w.other_code != "GM0193"));
    let r = app.get("/organisaties/GM0193").await;
    assert!(r.body.contains("data-testid=\"works-on\""));
    let other = &work[0];
    let r = app
        .get(&format!("/organisaties/{}", other.other_code))
        .await;
    assert!(
        r.body.contains("/organisaties/GM0193"),
        "shown on both organisations' pages"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_search_and_match() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    for path in ["/api/v1/search", "/api/v1/match"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    assert!(doc["components"]["schemas"]["MatchResponse"].is_object());
}

#[tokio::test]
async fn the_glossary_page_lists_terms_in_both_languages() {
    let app = TestApp::new().await;
    let nl = app.get("/begrippen?lang=nl").await;
    assert_eq!(nl.status, StatusCode::OK);
    assert!(nl.body.contains("<strong>betalingsachterstand</strong>"));
    assert!(nl.body.contains("payment arrears"));
    assert!(
        nl.body.contains("Een rekening (huur, energie"),
        "definitions are shown"
    );
    let en = app.get("/begrippen?lang=en").await;
    assert!(en.body.contains("<strong>payment arrears</strong>"));
    assert!(en.body.contains("A bill (rent, energy"));
    let entries = en.body.matches("data-testid=\"glossary-entry\"").count();
    assert!(entries > 100, "{entries}");
}
