//! The HTML pages: content, filters, languages, errors and escaping.

use axum::http::{header, StatusCode};

use crate::TestApp;

#[tokio::test]
async fn every_page_renders() {
    let app = TestApp::new().await;
    let slug = app.add_practice("Testpraktijk", "Tekst", "t-1").await;
    for uri in [
        "/".to_owned(),
        "/praktijken".into(),
        "/praktijken?theme=energietransitie&kind=municipality&status=in_use".into(),
        "/praktijken?province=PV27&page=1&per_page=5".into(),
        format!("/praktijken/{slug}"),
        "/organisaties".into(),
        "/organisaties?kind=water_board&province=PV30&active=1".into(),
        "/organisaties/GM0363".into(),
        "/organisaties/MIN-FIN".into(),
        "/themas".into(),
        "/themas/armoede-en-schulden".into(),
        "/over".into(),
        "/privacy".into(),
        "/mensen".into(),
        "/signup".into(),
        "/login".into(),
        "/login/forgot".into(),
        "/login/reset?token=x".into(),
        "/signup/confirm?token=x".into(),
    ] {
        for lang in ["nl", "en"] {
            let sep = if uri.contains('?') { '&' } else { '?' };
            let r = app.get(&format!("{uri}{sep}lang={lang}")).await;
            assert_eq!(r.status, StatusCode::OK, "{uri} in {lang}: {}", r.body);
            assert!(r.body.contains(&format!("<html lang=\"{lang}\">")), "{uri}");
            assert!(
                r.body.contains("utrecht-theme"),
                "NL Design System theme class on {uri}"
            );
            assert!(
                r.body.contains("data-testid=\"lang-switch\""),
                "language switch on {uri}"
            );
        }
    }
}

#[tokio::test]
async fn home_shows_counts_demo_notice_and_themes() {
    let app = TestApp::new().await;
    let r = app.get("/").await;
    let counts = app.store.counts().await.unwrap();
    assert!(
        r.body.contains(&format!(
            "data-testid=\"count-practices\">{}<",
            counts.practices
        )),
        "count shown"
    );
    assert!(r.body.contains("Demo-inhoud."), "demo content is marked");
    assert!(r.body.contains("Armoede en schulden"));
    assert!(r.body.contains("Niet opnieuw het wiel uitvinden"));
}

#[tokio::test]
async fn language_follows_query_cookie_then_accept_language() {
    let app = TestApp::new().await;
    assert!(
        app.get("/")
            .await
            .body
            .contains("Niet opnieuw het wiel uitvinden"),
        "Dutch by default"
    );
    let en = app.get_with("/", "accept-language", "en-GB,en;q=0.9").await;
    assert!(en.body.contains("Stop reinventing the wheel"));
    assert_eq!(en.header(header::CONTENT_LANGUAGE), "en");
    let switched = app.get("/?lang=en").await;
    assert!(switched.header(header::SET_COOKIE).starts_with("lang=en"));
    let cookie = app.get_with("/", "cookie", "lang=en").await;
    assert!(
        cookie.body.contains("Stop reinventing the wheel"),
        "cookie wins over default"
    );
    let both = app
        .request(
            axum::http::Request::get("/")
                .header("cookie", "lang=nl")
                .header("accept-language", "en")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        both.body.contains("Niet opnieuw"),
        "cookie wins over Accept-Language"
    );
}

#[tokio::test]
async fn theme_filter_narrows_the_catalogue() {
    let app = TestApp::new().await;
    let all = app.get("/praktijken?per_page=100").await;
    let filtered = app.get("/praktijken?theme=ondermijning&per_page=100").await;
    let count = |body: &str| body.matches("class=\"lp-card\"").count();
    assert!(count(&filtered.body) > 0);
    assert!(count(&filtered.body) < count(&all.body));
    assert!(
        filtered
            .body
            .contains("<option value=\"ondermijning\" selected>"),
        "the selected theme stays selected"
    );
}

#[tokio::test]
async fn practice_page_shows_translation_owner_partners_and_related() {
    let app = TestApp::new().await;
    let demo = leerpunt_store::seed::demo_practices().unwrap().remove(0);
    let slug = demo.slug.clone().unwrap();
    let nl = app.get(&format!("/praktijken/{slug}")).await;
    assert!(
        nl.body.contains(&html_escape(&demo.text.title)),
        "Dutch title"
    );
    let en = app.get(&format!("/praktijken/{slug}?lang=en")).await;
    assert!(
        en.body
            .contains(&html_escape(&demo.translation.unwrap().title)),
        "English title"
    );
    assert!(en.body.contains("Similar practices"));
    assert!(nl
        .body
        .contains(&format!("href=\"/organisaties/{}\"", demo.owner)));
    assert!(nl.body.contains("lp-badge--demo"), "demo badge");

    let imported = app.add_practice("Alleen Nederlands", "Tekst", "t-9").await;
    let r = app.get(&format!("/praktijken/{imported}?lang=en")).await;
    assert!(r.body.contains("only available in its original language"));
    assert!(
        r.body.contains("lang=\"nl\""),
        "original text marked as Dutch"
    );
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#x27;")
}

#[tokio::test]
async fn unknown_things_are_404_pages() {
    let app = TestApp::new().await;
    for uri in [
        "/praktijken/bestaat-niet",
        "/organisaties/GM9999",
        "/themas/geen-thema",
        "/nergens",
        "/assets/x.css",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            r.header(header::CONTENT_TYPE).starts_with("text/html"),
            "{uri}"
        );
        assert!(r.body.contains("Pagina niet gevonden"), "{uri}");
    }
    let en = app.get("/nergens?lang=en").await;
    assert!(en.body.contains("Page not found"));
}

#[tokio::test]
async fn invalid_query_parameters_are_400_pages() {
    let app = TestApp::new().await;
    for uri in [
        "/praktijken?page=abc",
        "/praktijken?page=0",
        "/praktijken?page=-1",
        "/praktijken?per_page=1000",
        "/praktijken?page=99999999999999999999",
        "/praktijken?theme=bestaat-niet",
        "/praktijken?kind=gemeente",
        "/praktijken?status=klaar",
        "/praktijken?province=Utrecht",
        "/organisaties?active=misschien",
        "/organisaties?kind=%00",
        "/?lang=de",
        "/themas/energietransitie?page=x",
        "/praktijken/%FF",
        "/praktijken?theme=%FF%FE",
        "/praktijken?page=1&page=2",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        assert!(r.body.contains("Dit verzoek klopt niet"), "{uri}");
    }
}

#[tokio::test]
async fn text_is_escaped_and_markdown_sanitised() {
    let app = TestApp::new().await;
    let payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let slug = app
        .add_practice(
            &format!("Titel {payload}"),
            &format!("Body {payload} [k](javascript:alert(1))"),
            "xss-1",
        )
        .await;
    let r = app.get(&format!("/praktijken/{slug}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert"), "script escaped");
    assert!(
        !r.body.contains("<img src=x onerror"),
        "handler removed or escaped"
    );
    assert!(
        !r.body.contains("href=\"javascript:"),
        "javascript link removed"
    );
    assert!(
        r.body.contains("&lt;script&gt;"),
        "title escaped, not dropped"
    );
    let reflected = app
        .get("/praktijken?theme=%3Cscript%3Ealert(1)%3C/script%3E")
        .await;
    assert_eq!(reflected.status, StatusCode::BAD_REQUEST);
    assert!(
        !reflected.body.contains("<script>alert(1)"),
        "reflected input escaped"
    );
}

#[tokio::test]
async fn security_headers_are_set() {
    let app = TestApp::new().await;
    let r = app.get("/").await;
    let csp = r.header(header::CONTENT_SECURITY_POLICY);
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert!(!r.header(header::REFERRER_POLICY).is_empty());
}

#[tokio::test]
async fn stylesheets_are_served() {
    let app = TestApp::new().await;
    for name in [
        "utrecht-components.css",
        "utrecht-tokens.css",
        "leerpunt.css",
    ] {
        let r = app.get(&format!("/assets/{name}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.header(header::CONTENT_TYPE).starts_with("text/css"));
    }
    let gzipped = app
        .get_with("/assets/utrecht-components.css", "accept-encoding", "gzip")
        .await;
    assert_eq!(
        gzipped.header(header::CONTENT_ENCODING),
        "gzip",
        "large assets are compressed"
    );
    let components = app.get("/assets/utrecht-components.css").await;
    assert!(
        components.body.contains(".utrecht-button"),
        "npm CSS embedded (run npm ci before building)"
    );
}

#[test]
fn every_translation_key_used_in_templates_exists_in_both_languages() {
    let mut missing = Vec::new();
    for (name, source) in leerpunt_web::templates::TEMPLATES {
        let parts: Vec<&str> = source.split("t('").collect();
        for (before, part) in parts.iter().zip(parts.iter().skip(1)) {
            if before
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue; // e.g. select('…'), not a translation call
            }
            let key = part.split('\'').next().unwrap_or("");
            if key.is_empty() || key.ends_with('-') {
                continue; // computed keys such as 'source-' ~ x are checked below
            }
            for lang in [leerpunt_core::Lang::Nl, leerpunt_core::Lang::En] {
                if !leerpunt_web::i18n::has_key(lang, key) {
                    missing.push(format!("{name}: {key} ({lang})"));
                }
            }
        }
    }
    for kind in leerpunt_core::OrgKind::ALL {
        for lang in [leerpunt_core::Lang::Nl, leerpunt_core::Lang::En] {
            if !leerpunt_web::i18n::has_key(lang, &format!("kind-{}", kind.key())) {
                missing.push(format!("kind-{kind} ({lang})"));
            }
        }
    }
    for status in leerpunt_core::PracticeStatus::ALL {
        if !leerpunt_web::i18n::has_key(
            leerpunt_core::Lang::En,
            &format!("status-{}", status.key()),
        ) {
            missing.push(format!("status-{status}"));
        }
    }
    assert!(missing.is_empty(), "missing translations: {missing:?}");
}

/// With the database away, pages and the API answer 503 with Retry-After (not a 500, not a
/// hang), and the probes say so.
#[tokio::test]
async fn a_database_that_is_away_gives_503_with_retry_after() {
    let app = TestApp::new().await;
    app.store.close().await;
    let api = app.get("/api/v1/practices").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.body);
    assert_eq!(api.header(axum::http::header::RETRY_AFTER), "2");
    assert_eq!(api.json()["error"]["code"], "unavailable");
    let page = app.get("/organisaties").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.header(axum::http::header::RETRY_AFTER), "2");
    assert!(page.body.contains("Zo weer terug"), "{}", page.body);
    assert!(page.body.contains("database nu even niet bereiken"));
    let health = app.get("/healthz").await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(health.body.contains("unavailable"), "{}", health.body);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        ready.body.contains("\"database\":\"unavailable\""),
        "{}",
        ready.body
    );
}
