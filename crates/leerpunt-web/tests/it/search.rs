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

    // Matchmaking names the practice's own wording of what was asked in English, and lists
    // only words that carry a topic ("for" is not one).
    let body = app
        .get("/api/v1/match?q=help%20for%20payment%20arrears&limit=50&lang=en")
        .await
        .json();
    let hit = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source_id"] == "900001")
        .unwrap_or_else(|| panic!("{body}"));
    let reasons: Vec<&str> = hit["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with(
            "You asked about ‘payment arrears’; this practice says ‘betalingsachterstand"
        )),
        "{reasons:?}"
    );
    let shared = reasons
        .iter()
        .find(|r| r.starts_with("Same topic:"))
        .unwrap();
    assert!(!shared.contains("for"), "{shared}");

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
    let same_size = "The same size: also 100,000 or more inhabitants";
    assert!(
        !reasons.iter().any(|s| s == same_size),
        "no sizes known yet"
    );

    // Once Deventer and Zwolle give their populations (both over 100,000), Zwolle's practice is
    // lifted as the work of a municipality of Deventer's size, and says so.
    for (code, population) in [("GM0150", 101_000), ("GM0193", 130_000), ("GM0363", 19_000)] {
        let profile = leerpunt_core::account::OrgProfileInput {
            population: Some(population),
            ..Default::default()
        };
        app.store
            .update_org_profile(code, &profile, &leerpunt_store::Origin::cli())
            .await
            .unwrap();
    }
    let r = app
        .get("/api/v1/match?q=early%20warning%20debt&organisation=GM0150&lang=en")
        .await
        .json();
    let sized: Vec<&serde_json::Value> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            h["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == same_size)
        })
        .collect();
    assert!(!sized.is_empty(), "{r}");
    assert!(
        sized.iter().all(|h| h["organisation"] == "GM0193"),
        "{sized:?}"
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
async fn a_question_no_practice_answers_closely_is_called_so() {
    let app = TestApp::new().await;
    // Close: the demo holds practices on early signals of payment arrears.
    let r = app
        .get("/api/v1/match?q=vroegsignalering%20van%20betalingsachterstanden")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    let first = &body["hits"][0];
    let at_least = f64::from(leerpunt_core::matching::CLOSE_COVERAGE);
    assert!(first["coverage"].as_f64().unwrap() >= at_least, "{body}");
    assert_eq!(body["close_match"], true, "{body}");
    let page = app
        .get("/vraag?q=vroegsignalering%20van%20betalingsachterstanden")
        .await;
    assert!(page.body.contains("data-testid=\"match-hit\""));
    assert!(!page.body.contains("data-testid=\"ask-not-close\""));

    // Weak: one common word matches, the subject ("tulpenbollen", "Mars") does not.
    let q = "subsidie%20voor%20het%20kweken%20van%20tulpenbollen%20op%20Mars";
    let body = app.get(&format!("/api/v1/match?q={q}")).await.json();
    let hits = body["hits"].as_array().unwrap();
    assert!(
        !hits.is_empty(),
        "the nearest practices are still listed: {body}"
    );
    assert_eq!(body["close_match"], false, "{body}");
    let missed: Vec<&str> = body["missed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(missed.contains(&"tulpenbollen"), "{missed:?}");
    let page = app.get(&format!("/vraag?q={q}")).await;
    assert!(
        page.body.contains("data-testid=\"ask-not-close\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("tulpenbollen"));
    assert!(page.body.contains("/helpdesk/vragen/nieuw?title=subsidie"));
    let page = app.get(&format!("/vraag?q={q}&lang=en")).await;
    assert!(page
        .body
        .contains("No practice answers this question closely"));
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

/// A FAQ entry, a public answered question, a private one and a rejected one, written through
/// the store as the help desk would; returns (faq id, public id, private id, rejected id).
async fn living_network(app: &TestApp) -> (i64, i64, i64, i64) {
    use leerpunt_core::helpdesk::{FaqInput, NewQuestion, Step};
    let origin = leerpunt_store::Origin::cli();
    let faq = app
        .store
        .save_faq(
            None,
            &FaqInput {
                question_nl: "Mag een gemeente zwerfvuilmeldingen koppelen aan camerabeelden?"
                    .into(),
                question_en: "May a municipality link litter reports to camera footage?".into(),
                answer_nl: "Alleen met een grondslag en een gegevensbeschermingseffectbeoordeling."
                    .into(),
                answer_en: "Only with a legal basis and a data protection impact assessment."
                    .into(),
                theme: "datakwaliteit".into(),
                question_id: None,
            },
            false,
            &origin,
        )
        .await
        .unwrap()
        .id;
    let ask = |title: &str, body: &str, public: bool| NewQuestion {
        title: title.into(),
        body: body.into(),
        themes: vec!["datakwaliteit".into()],
        public,
        ..NewQuestion::default()
    };
    let public = app
        .store
        .insert_question(
            None,
            &ask(
                "Hoe meten jullie de bezetting van deelfietsstallingen?",
                "Wij zoeken een manier om stallingsdrukte te tellen.",
                true,
            ),
            false,
            &[],
            &origin,
        )
        .await
        .unwrap()
        .id;
    let answer = app
        .store
        .add_answer(
            public,
            None,
            None,
            "Expert",
            "Wij tellen met lussensensoren in de fietsstallingsvloer.",
            &[],
            &origin,
        )
        .await
        .unwrap();
    app.store
        .question_step(
            public,
            &Step::Accept {
                answer_id: answer.id,
            },
            &[],
            &origin,
        )
        .await
        .unwrap();
    let private = app
        .store
        .insert_question(
            None,
            &ask(
                "Vertrouwelijk: hoe koppelen wij grafzerkregisters?",
                "Grafzerkregisters zijn ons geheim.",
                false,
            ),
            false,
            &[],
            &origin,
        )
        .await
        .unwrap()
        .id;
    let rejected = app
        .store
        .insert_question(
            None,
            &ask(
                "Verkoopt iemand kantoorplanten voor gemeentehuizen?",
                "Wij zoeken kantoorplanten.",
                true,
            ),
            false,
            &[],
            &origin,
        )
        .await
        .unwrap()
        .id;
    app.store
        .question_step(
            rejected,
            &Step::Reject {
                reason: "Hoort niet bij Leerpunt".into(),
            },
            &[],
            &origin,
        )
        .await
        .unwrap();
    app.state.catch_up_search().await;
    (faq, public, private, rejected)
}

fn hits_of(body: &serde_json::Value) -> Vec<(String, i64, String)> {
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_owned(),
                h["id"].as_i64().unwrap(),
                h["url"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn one_index_finds_faq_entries_in_both_languages_and_public_questions_only() {
    let app = TestApp::new().await;
    let kind_count = |json: &serde_json::Value, k: &str| {
        json["facets"]["kind"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["value"] == k)
            .and_then(|v| v["count"].as_u64())
            .unwrap_or(0)
    };
    // The demo's own FAQ entries and questions, before the test adds its own.
    let before = app
        .get("/api/v1/search?q=&theme=datakwaliteit&limit=100")
        .await
        .json();
    let (faq, public, private, rejected) = living_network(&app).await;
    let faq_hit = ("faq".to_owned(), faq, format!("/faq/{faq}"));

    let nl = app.get("/api/v1/search?q=zwerfvuilmeldingen").await.json();
    assert!(hits_of(&nl).contains(&faq_hit), "Dutch: {nl}");
    let en = app
        .get("/api/v1/search?q=litter%20reports%20camera%20footage&lang=en")
        .await
        .json();
    assert_eq!(hits_of(&en).first(), Some(&faq_hit), "English: {en}");
    assert_eq!(
        en["hits"][0]["title"], "May a municipality link litter reports to camera footage?",
        "the English question is the English title"
    );

    let q = app.get("/api/v1/search?q=deelfietsstallingen").await.json();
    let question_hit = (
        "question".to_owned(),
        public,
        format!("/helpdesk/vragen/{public}"),
    );
    assert!(hits_of(&q).contains(&question_hit), "{q}");
    // Found by the words of its answer too.
    let by_answer = app
        .get("/api/v1/search?q=lussensensoren&kind=question")
        .await
        .json();
    assert_eq!(hits_of(&by_answer), vec![question_hit]);

    let secret = app.get("/api/v1/search?q=grafzerkregisters").await.json();
    assert!(
        !hits_of(&secret)
            .iter()
            .any(|h| h.0 == "question" && h.1 == private),
        "a private question is not found: {secret}"
    );
    let plants = app.get("/api/v1/search?q=kantoorplanten").await.json();
    assert!(
        !hits_of(&plants)
            .iter()
            .any(|h| h.1 == rejected && h.0 == "question"),
        "a rejected question is not found: {plants}"
    );

    // The kind facet counts every kind among the matches.
    let theme = app
        .get("/api/v1/search?q=&theme=datakwaliteit&limit=100")
        .await
        .json();
    let kinds = theme["facets"]["kind"].as_array().unwrap();
    let count = |k: &str| {
        kinds
            .iter()
            .find(|v| v["value"] == k)
            .and_then(|v| v["count"].as_u64())
            .unwrap_or(0)
    };
    assert_eq!(count("faq"), kind_count(&before, "faq") + 1, "{kinds:?}");
    assert_eq!(
        count("question"),
        kind_count(&before, "question") + 1,
        "only the public question: {kinds:?}"
    );
    assert!(count("practice") > 0, "{kinds:?}");
    let only = app
        .get("/api/v1/search?q=&theme=datakwaliteit&kind=faq")
        .await
        .json();
    assert_eq!(
        only["total"].as_u64(),
        Some(kind_count(&before, "faq") + 1),
        "{only}"
    );

    // The page shows and links the new kinds, and offers them as a facet.
    let page = app.get("/zoeken?q=zwerfvuilmeldingen").await;
    assert_eq!(page.status, StatusCode::OK);
    // The template escapes the slashes of computed links.
    let page = crate::Reply {
        body: page.body.replace("&#x2f;", "/"),
        ..page
    };
    assert!(
        page.body.contains(&format!("href=\"/faq/{faq}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("Veelgestelde vraag"));
    assert!(page.body.contains("data-testid=\"facet-kind\""));
    let en_page = app.get("/zoeken?q=deelfietsstallingen&lang=en").await;
    let en_page = crate::Reply {
        body: en_page.body.replace("&#x2f;", "/"),
        ..en_page
    };
    assert!(en_page
        .body
        .contains(&format!("href=\"/helpdesk/vragen/{public}\"")));
    assert!(en_page.body.contains(">Question<"), "{}", en_page.body);
}

#[tokio::test]
async fn the_question_page_and_match_show_what_is_already_answered() {
    let app = TestApp::new().await;
    let (faq, public, _, _) = living_network(&app).await;
    let page = app
        .get("/vraag?q=zwerfvuilmeldingen%20koppelen%20aan%20camerabeelden")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let page = crate::Reply {
        body: page.body.replace("&#x2f;", "/"),
        ..page
    };
    let answered = page
        .body
        .find("Al beantwoord")
        .expect("an already-answered section");
    let entry = page
        .body
        .find(&format!("href=\"/faq/{faq}\""))
        .expect("the FAQ entry is linked");
    let practices = page.body.find("id=\"m-practices\"").unwrap();
    assert!(answered < entry && entry < practices, "above the practices");
    assert!(page.body.contains("data-testid=\"match-entry\""));

    let m = app
        .get("/api/v1/match?q=bezetting%20deelfietsstallingen&lang=en")
        .await
        .json();
    let entries = m["entries"].as_array().unwrap();
    assert!(!entries.is_empty(), "{m}");
    assert_eq!(entries[0]["kind"], "question");
    assert_eq!(entries[0]["url"], format!("/helpdesk/vragen/{public}"));
    let reasons = entries[0]["reasons"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r.as_str().unwrap().starts_with("Same topic")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn publishing_work_very_like_another_organisations_alerts_both_and_the_followers() {
    use crate::{Who, ORG};
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let other = app.user(Who::OtherEditor).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    app.store
        .follow(
            member.id,
            leerpunt_core::helpdesk::FollowKind::Theme,
            "datakwaliteit",
            &leerpunt_store::Origin::cli(),
        )
        .await
        .unwrap();
    let title = "Voorspellen van grondwaterstanden onder begraafplaatsen";
    let text = "Wij voorspellen grondwaterstanden onder begraafplaatsen met peilbuizen, \
                neerslagreeksen en bodemkaarten, zodat grafrechten niet onder water komen.";
    // The other organisation's published practice (owned by OTHER_ORG, theme datakwaliteit).
    app.add_practice(title, text, "990001").await;

    let publish = |slug: String| {
        let (app, editor, broker) = (&app, &editor, &broker);
        async move {
            let r = app
                .post_form(&format!("/praktijken/{slug}/indienen"), &[], Some(editor))
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            let r = app
                .post_form(&format!("/praktijken/{slug}/publiceren"), &[], Some(broker))
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    };
    let before = app.store.due_mail(1000).await.unwrap().len();
    // Unrelated work: no alert.
    let mut unrelated = crate::practice_input("Kalibratie van carillonklokken in raadhuistorens");
    unrelated.text.summary = "De beiaardier stemt de klokken met een frequentiemeter.".into();
    let slug = app
        .store
        .create_practice(&unrelated, &leerpunt_store::Origin::cli())
        .await
        .unwrap()
        .slug;
    publish(slug).await;
    assert_eq!(
        app.store.due_mail(1000).await.unwrap().len(),
        before,
        "nothing is mailed for work unlike anyone else's"
    );

    // The same work, started at ORG.
    let mut same = crate::practice_input(title);
    same.owner = ORG.into();
    same.text.summary = text.into();
    same.text.purpose = text.into();
    same.themes = vec!["datakwaliteit".into()];
    let slug = app
        .store
        .create_practice(&same, &leerpunt_store::Origin::cli())
        .await
        .unwrap()
        .slug;
    publish(slug.clone()).await;
    let mails = app.store.due_mail(1000).await.unwrap();
    let alerts: Vec<_> = mails.iter().skip(before).collect();
    let to: Vec<&str> = alerts.iter().map(|m| m.to_addr.as_str()).collect();
    for address in [&editor.email, &other.email, &member.email] {
        assert!(to.contains(&address.as_str()), "{address} in {to:?}");
    }
    assert_eq!(to.len(), 3, "one mail per address: {to:?}");
    let m = alerts.iter().find(|m| m.to_addr == other.email).unwrap();
    assert!(m.subject.contains(title), "{}", m.subject);
    let (nl, en) = m.body.split_once("-----").expect("Dutch, then English");
    assert!(
        nl.contains("overeenkomst") && nl.contains("Gedeelde woorden"),
        "{nl}"
    );
    assert!(nl.contains("grondwaterstanden"), "{nl}");
    assert!(nl.contains("Gedeelde thema's"), "{nl}");
    assert!(
        en.contains("% similar") && en.contains("Shared words"),
        "{en}"
    );
    assert!(en.contains(&format!("/praktijken/{slug}")), "{en}");
    assert!(nl.contains("redacteur van"), "an editor is told why: {nl}");
}

/// An instance whose index is still being built answers searches from the database and says it
/// is not ready; once the index is built in place it is ready and the index answers.
#[tokio::test]
async fn an_index_being_built_is_not_ready_and_search_answers_from_the_database() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let (standin, must_build) =
        leerpunt_search::Search::open_without_waiting(&app.store, &dir.path().join("index"))
            .await
            .unwrap();
    assert!(must_build, "no index there yet");
    let search = std::sync::Arc::new(standin);
    let state = leerpunt_web::AppState::new(app.store.clone(), search.clone());
    let get = |uri: &'static str| {
        let router = leerpunt_web::router(state.clone());
        async move {
            let r = router
                .oneshot(axum::http::Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = r.status();
            let body = r.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let (status, body) = get("/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("\"search_index\":\"building\""), "{body}");
    let (status, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("building"), "{body}");

    // A word of a demo practice's title finds it through the database.
    let practices = app.store.all_practices().await.unwrap();
    let target = practices
        .iter()
        .find(|p| {
            p.text
                .title
                .split_whitespace()
                .any(|w| w.chars().count() >= 8)
        })
        .expect("a demo practice with a long word in its title");
    let word = target
        .text
        .title
        .split_whitespace()
        .find(|w| w.chars().count() >= 8)
        .unwrap()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let uri: &'static str = Box::leak(format!("/api/v1/search?q={word}").into_boxed_str());
    let (status, body) = get(uri).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let slugs: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["slug"].as_str())
        .collect();
    assert!(slugs.contains(&target.slug.as_str()), "{word}: {slugs:?}");
    // Nothing matches nonsense, also from the database.
    let (_, body) = get("/api/v1/search?q=qqqzzzxxx").await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"],
        0
    );

    search
        .build_in_place(&app.store, &dir.path().join("index"), &|_, _, _| {})
        .await
        .unwrap();
    assert!(search.is_ready());
    // The follower's next round drops what was kept while the database answered.
    state.catch_up_search().await;
    let (status, body) = get("/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = get(uri).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    // The index's answer carries facets, which the database's never does.
    assert!(
        v["facets"].as_object().is_some_and(|f| !f.is_empty()),
        "answered by the index: {body}"
    );
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["slug"] == target.slug.as_str()),
        "the built index finds it too: {body}"
    );
}
