//! News: the brokers publish and edit bilingual items; the list, an item, the home page's
//! latest three (still served from the response cache), the Atom feeds and the API.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use axum::http::{Method, StatusCode};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who};

/// A demo item every edit cell changes.
const DEMO_ITEM: &str = "leerpunt-is-live";

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/nieuws")
}

fn today() -> String {
    leerpunt_store::news_today()
}

fn fields(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title_nl", title.to_owned()),
        ("title_en", format!("{title} (en)")),
        ("body_nl", "Een bericht.".to_owned()),
        ("body_en", "A message.".to_owned()),
        ("themes", "datakwaliteit".to_owned()),
        ("published_on", today()),
    ]
}

/// Prepares the matrix cell of `path` for `who`: None when the path is not this area's.
pub async fn cell(
    _app: &TestApp,
    path: &str,
    who: Who,
    _user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let uri = match path {
        "/nieuws/nieuw" => path.to_owned(),
        "/nieuws/{slug}/bewerken" => format!("/nieuws/{DEMO_ITEM}/bewerken"),
        _ => return None,
    };
    Some(AreaCell {
        uri,
        fields: fields(&format!("Nieuws van {who:?}")),
        json: None,
        probe: Vec::new(),
    })
}

/// What this area keeps: every item's titles, image and date.
pub async fn state(app: &TestApp, _cell: &AreaCell) -> String {
    let (items, total) = app.store.news(None, 1000, 0).await.unwrap();
    let mut h = DefaultHasher::new();
    for a in &items {
        (
            &a.slug,
            &a.title_nl,
            &a.title_en,
            &a.image_url,
            &a.published_on,
            &a.themes,
        )
            .hash(&mut h);
    }
    format!("{total} items, {:016x}", h.finish())
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn brokers_publish_news_that_the_list_the_item_and_the_home_page_show() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    // The empty form renders with today's date.
    let empty = app.get_as("/nieuws/nieuw", Some(&broker)).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(
        empty.body.contains(&leerpunt_store::news_today()),
        "{}",
        empty.body
    );
    // The home page is kept for visitors; publishing news moves the change log.
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("data-testid=\"home-news\""));
    assert_eq!(
        home.body.matches("href=\"/nieuws/").count(),
        3,
        "the latest three"
    );
    assert!(home.body.contains("Zes organisaties delen hun datalab"));
    let cached = app.state.cache.len();
    assert_eq!(app.get("/").await.body, home.body);
    assert_eq!(app.state.cache.len(), cached, "served from the cache");

    let mut f = fields("Eerste nieuws van de makelaar");
    f.push(("image_url", "https://example.org/foto.jpg".to_owned()));
    f.push(("image_alt_nl", "Een foto van de zaal".to_owned()));
    f.push(("image_alt_en", "A photo of the room".to_owned()));
    let r = app
        .post_form("/nieuws/nieuw", &refs(&f), Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/nieuws/eerste-nieuws-van-de-makelaar");
    let stored = app
        .store
        .news_item("eerste-nieuws-van-de-makelaar")
        .await
        .unwrap();
    assert_eq!(stored.published_on, today());
    assert_eq!(stored.themes, ["datakwaliteit"]);

    let home = app.get("/").await;
    assert!(
        home.body.contains("Eerste nieuws van de makelaar"),
        "the kept home page was dropped"
    );
    assert_eq!(home.body.matches("href=\"/nieuws/").count(), 3);
    let item = app.get("/nieuws/eerste-nieuws-van-de-makelaar").await;
    assert!(item.body.contains("alt=\"Een foto van de zaal\""));
    let item = app
        .get("/nieuws/eerste-nieuws-van-de-makelaar?lang=en")
        .await;
    assert!(item.body.contains("alt=\"A photo of the room\""));
    assert!(item.body.contains("Eerste nieuws van de makelaar (en)"));

    // Edit: the address stays.
    let f = fields("Eerste nieuws, verbeterd");
    let r = app
        .post_form(
            "/nieuws/eerste-nieuws-van-de-makelaar/bewerken",
            &refs(&f),
            Some(&broker),
        )
        .await;
    assert_eq!(r.location(), "/nieuws/eerste-nieuws-van-de-makelaar");
    let stored = app
        .store
        .news_item("eerste-nieuws-van-de-makelaar")
        .await
        .unwrap();
    assert_eq!(stored.title_nl, "Eerste nieuws, verbeterd");
    assert_eq!(stored.image_url, None);
    let audit: Vec<String> = app
        .store
        .audit_log(100, 0)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        audit.contains(&"news.publish".to_owned()) && audit.contains(&"news.update".to_owned())
    );
}

#[tokio::test]
async fn the_list_is_paged_and_filtered_by_theme() {
    let app = TestApp::new().await;
    let page = app.get("/nieuws").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<li class=\"lp-card\">").count(), 8);
    let first = app.get("/nieuws?page=1&theme=armoede-en-schulden").await;
    assert_eq!(first.body.matches("<li class=\"lp-card\">").count(), 2);
    assert!(first
        .body
        .replace("&#x2f;", "/")
        .contains("/feeds/nieuws/themas/armoede-en-schulden"));
    assert_eq!(
        app.get("/nieuws?theme=astrologie").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/nieuws?page=0").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/nieuws/bestaat-niet").await.status,
        StatusCode::NOT_FOUND
    );
    let en = app.get("/nieuws?lang=en").await;
    assert!(en.body.contains("Six organisations share their data lab"));
}

#[tokio::test]
async fn bad_news_is_refused_in_the_pages_language_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let before = state(&app, &dummy()).await;
    let post = |f: Vec<(&'static str, String)>, uri: &'static str| {
        let app = &app;
        let broker = broker.clone();
        async move { app.post_form(uri, &refs(&f), Some(&broker)).await }
    };
    // An image without alt text in English.
    let mut f = fields("Met een foto");
    f.push(("image_url", "https://example.org/a.jpg".to_owned()));
    f.push(("image_alt_nl", "Een foto".to_owned()));
    let r = post(f.clone(), "/nieuws/nieuw").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Beschrijf de afbeelding in het Engels"),
        "{}",
        r.body
    );
    let r = post(f, "/nieuws/nieuw?lang=en").await;
    assert!(r.body.contains("Describe the image in English"));
    // A javascript: image.
    let mut f = fields("Met een script");
    f.push(("image_url", "javascript:alert(1)".to_owned()));
    f.push(("image_alt_nl", "x".to_owned()));
    f.push(("image_alt_en", "x".to_owned()));
    let r = post(f, "/nieuws/nieuw").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Gebruik voor de afbeelding een webadres"));
    // Empty and 100 kB bodies, a date in the future, an unknown theme.
    let mut empty = fields("Leeg bericht");
    empty.retain(|(k, _)| *k != "body_nl");
    empty.push(("body_nl", String::new()));
    let mut huge = fields("Groot bericht");
    huge.retain(|(k, _)| *k != "body_en");
    huge.push(("body_en", "x".repeat(100_000)));
    let mut future = fields("Nieuws van morgen");
    future.retain(|(k, _)| *k != "published_on");
    future.push(("published_on", "2999-01-01".to_owned()));
    let mut theme = fields("Vreemd thema");
    theme.push(("themes", "astrologie".to_owned()));
    for f in [empty, huge, future, theme] {
        let r = post(f, "/nieuws/nieuw").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Unknown item to edit.
    let r = post(fields("Niets"), "/nieuws/bestaat-niet/bewerken").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(state(&app, &dummy()).await, before, "nothing stored");
    // Script in the body is escaped; a taken address is a 409 in the form.
    let mut f = fields("Script in de tekst");
    f.retain(|(k, _)| *k != "body_nl");
    f.push((
        "body_nl",
        "<script>alert(1)</script><img src=x onerror=alert(2)>".to_owned(),
    ));
    let r = post(f.clone(), "/nieuws/nieuw").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(r.location()).await;
    assert!(!page.body.contains("<script>alert") && !page.body.contains("onerror"));
    let r = post(f, "/nieuws/nieuw").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Members may not publish.
    let member = app.user(Who::Member).await.unwrap();
    assert_eq!(
        app.get_as("/nieuws/nieuw", Some(&member)).await.status,
        StatusCode::FORBIDDEN
    );
}

fn dummy() -> AreaCell {
    AreaCell {
        uri: String::new(),
        fields: Vec::new(),
        json: None,
        probe: Vec::new(),
    }
}

#[tokio::test]
async fn news_feeds_are_valid_atom() {
    let app = TestApp::new().await;
    for (uri, count, expect) in [
        ("/feeds/nieuws", 8, "Zes organisaties delen hun datalab"),
        (
            "/feeds/nieuws/themas/armoede-en-schulden",
            2,
            "Gezamenlijke analyse energiearmoede afgerond",
        ),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r
            .header(axum::http::header::CONTENT_TYPE)
            .starts_with("application/atom+xml"));
        let feed = feed_rs::parser::parse(r.body.as_bytes())
            .unwrap_or_else(|e| panic!("{uri} is not a valid feed: {e}\n{}", r.body));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert_eq!(feed.entries.len(), count, "{uri}");
        assert!(feed
            .entries
            .iter()
            .any(|e| e.title.as_ref().is_some_and(|t| t.content == expect)));
        assert!(feed
            .entries
            .iter()
            .all(|e| e.links.iter().any(|l| l.href.contains("/nieuws/"))));
    }
    let en = app.get("/feeds/nieuws?lang=en").await;
    let feed = feed_rs::parser::parse(en.body.as_bytes()).unwrap();
    assert!(feed.entries.iter().any(|e| e
        .title
        .as_ref()
        .is_some_and(|t| t.content == "Leerpunt is live")));
    assert_eq!(
        app.get("/feeds/nieuws/themas/astrologie").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_api_lists_and_gets_news() {
    let app = TestApp::new().await;
    let r = app
        .api(Method::GET, "/api/v1/news?per_page=3", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.json();
    assert_eq!(page["total"], 8);
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        page["items"][0]["title"]["en"],
        "Six organisations share their data lab"
    );
    assert_eq!(
        page["items"][0]["image"]["alt"]["nl"],
        "Twee analisten achter een scherm met een kaart van Nederland"
    );
    let one = app
        .api(Method::GET, "/api/v1/news/leerpunt-is-live", None, None)
        .await;
    assert_eq!(one.json()["image"], serde_json::Value::Null);
    assert_eq!(
        app.api(Method::GET, "/api/v1/news/nope", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api(Method::GET, "/api/v1/news?theme=nope", None, None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}
