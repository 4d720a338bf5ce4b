//! Attacks a form or URL can carry: stored and reflected XSS in every text field and query
//! parameter, SQL injection strings, forged forms (CSRF), oversized bodies, and the security
//! headers on every kind of response.

use axum::http::{header, Method, StatusCode};

use crate::{Reply, TestApp, TestUser, Who, ORG};

/// Payloads that would run script or break out of an attribute if echoed unescaped.
const XSS: &[&str] = &[
    "<script>alert('xss')</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "<a href=\"javascript:alert(3)\">klik</a>",
    "[klik](javascript:alert(4))",
    "<iframe src=\"https://evil.example\"></iframe>",
    "{{ 7*7 }}{% raw %}",
];

/// Fails when a page contains live markup from a payload.
fn assert_inert(r: &Reply, context: &str) {
    let body = r.body.to_lowercase();
    for bad in [
        "<script",
        "<img src=x",
        "<svg onload",
        "<iframe",
        "href=\"javascript:",
        "onerror=alert(1)>",
    ] {
        if let Some(at) = body.find(bad) {
            let from = at.saturating_sub(120);
            panic!(
                "{context}: live {bad:?} in the page: …{}…",
                &r.body[from..(at + 120).min(r.body.len())]
            );
        }
    }
}

async fn publish(app: &TestApp, broker: &TestUser, slug: &str) {
    let editor_id = app.store.practice_any(slug).await.unwrap().id;
    app.store
        .review_practice(
            editor_id,
            &leerpunt_core::review::Transition::Submit,
            &leerpunt_store::Origin::cli(),
        )
        .await
        .unwrap();
    let r = app
        .post_form(&format!("/praktijken/{slug}/publiceren"), &[], Some(broker))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn stored_payloads_come_back_escaped_everywhere() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    let admin = app.user(Who::Admin).await.unwrap();
    for (i, payload) in XSS.iter().enumerate() {
        let title = format!("{payload} {i}");
        let fields = [
            ("owner", ORG),
            ("status", "pilot"),
            ("title", title.as_str()),
            ("summary", payload),
            ("body", payload),
            ("purpose", payload),
            ("data_used", payload),
            ("results", payload),
            ("lessons", payload),
            ("contact", payload),
        ];
        let r = app
            .post_form("/praktijken/nieuw", &fields, Some(&editor))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{payload}: {}", r.body);
        let slug = r
            .location()
            .trim_start_matches("/praktijken/")
            .trim_end_matches("/versies")
            .to_owned();
        let stored = app.store.practice_any(&slug).await.unwrap();
        assert_eq!(stored.text.title, title, "stored verbatim");
        assert_eq!(stored.text.purpose, *payload, "stored verbatim");
        let reason = format!("Niet goed: {payload}");
        let id = stored.id;
        app.store
            .review_practice(
                id,
                &leerpunt_core::review::Transition::Submit,
                &leerpunt_store::Origin::cli(),
            )
            .await
            .unwrap();
        let r = app
            .post_form(
                &format!("/praktijken/{slug}/afwijzen"),
                &[("reason", &reason)],
                Some(&broker),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        for (uri, user) in [
            (format!("/praktijken/{slug}/versies"), Some(&editor)),
            (format!("/praktijken/{slug}/bewerken"), Some(&editor)),
            (format!("/praktijken/{slug}"), Some(&editor)),
            ("/account".to_owned(), Some(&editor)),
        ] {
            let r = app.get_as(&uri, user).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}");
            assert_inert(&r, &uri);
        }
        app.store
            .update_practice(
                id,
                &stored_input(&app, &slug).await,
                false,
                &leerpunt_store::Origin::cli(),
            )
            .await
            .unwrap();
        publish(&app, &broker, &slug).await;
        for uri in [
            format!("/praktijken/{slug}"),
            "/praktijken".to_owned(),
            "/".to_owned(),
            format!("/organisaties/{ORG}"),
            "/themas/datakwaliteit".to_owned(),
        ] {
            for lang in ["nl", "en"] {
                let r = app.get(&format!("{uri}?lang={lang}")).await;
                assert_eq!(r.status, StatusCode::OK, "{uri}");
                assert_inert(&r, &uri);
            }
        }
        let api = app.get(&format!("/api/v1/practices/{slug}")).await;
        assert_eq!(
            api.json()["text"]["purpose"],
            *payload,
            "the API returns the text as data"
        );
        assert!(api
            .header(header::CONTENT_TYPE)
            .starts_with("application/json"));

        // Organisation profile, person profile, token name, account name.
        let r = app
            .post_form(
                &format!("/organisaties/{ORG}/bewerken"),
                &[
                    ("description", payload),
                    ("name_en", payload),
                    ("website", ""),
                ],
                Some(&editor),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get(&format!("/organisaties/{ORG}?lang=en")).await;
        assert_inert(&r, "organisation profile");
        let r = app
            .post_form(
                "/account/profile",
                &[
                    ("name", payload),
                    ("role", payload),
                    ("expertise", payload),
                    ("public", "1"),
                ],
                Some(&editor),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_inert(&r, "account page after saving the profile");
        let person = app.store.profile(editor.id).await.unwrap().unwrap();
        let people = app.get("/mensen").await;
        assert_eq!(people.status, StatusCode::OK, "people");
        assert_inert(&people, "people");
        let page = app.get(&format!("/mensen/{}", person.id)).await;
        assert_eq!(page.status, StatusCode::OK, "person");
        assert_inert(&page, "person");
        let r = app
            .post_form(
                "/account/tokens",
                &[
                    ("name", &payload.chars().take(90).collect::<String>()),
                    ("scope", "practices:write"),
                ],
                Some(&editor),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "token list");
        assert_inert(&r, "token list");
        let r = app.get_as("/beheer/audit", Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "audit log");
        assert_inert(&r, "audit log");
    }
    let r = app
        .post_form(
            &format!("/organisaties/{ORG}/bewerken"),
            &[("website", "javascript:alert(1)")],
            Some(&editor),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only http(s) websites"
    );
    let v = crate::accounts::visitor(&app, "/signup").await;
    let r = app
        .post_form(
            "/signup",
            &[
                ("email", "x@utrecht.nl"),
                ("name", XSS[1]),
                ("password", crate::PASSWORD),
            ],
            Some(&v),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_inert(
        &app.get_as("/beheer/gebruikers", Some(&admin)).await,
        "admin users",
    );
}

async fn stored_input(app: &TestApp, slug: &str) -> leerpunt_core::NewPractice {
    leerpunt_core::NewPractice::from(&app.store.practice_any(slug).await.unwrap())
}

#[tokio::test]
async fn reflected_payloads_in_query_parameters_are_escaped() {
    let app = TestApp::new().await;
    let admin = app.user(Who::Admin).await.unwrap();
    for payload in XSS {
        let q: String = form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        for uri in [
            format!("/praktijken?theme={q}"),
            format!("/praktijken?kind={q}&status={q}"),
            format!("/praktijken?organisation={q}"),
            format!("/organisaties?province={q}&kind={q}"),
            format!("/login?next={q}"),
            format!("/signup/confirm?token={q}"),
            format!("/login/reset?token={q}"),
            format!("/praktijken/{q}"),
            format!("/organisaties/{q}"),
            format!("/mensen/{q}"),
            format!("/{q}"),
            format!("/?lang={q}"),
            format!("/api/v1/practices?theme={q}"),
        ] {
            let r = app.get(&uri).await;
            assert!(!r.status.is_server_error(), "{uri}: {}", r.status);
            if uri.starts_with("/api/") {
                // JSON is data, not markup: it may carry the text, but never as HTML.
                assert!(
                    r.header(header::CONTENT_TYPE)
                        .starts_with("application/json"),
                    "{uri}"
                );
                assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
            } else {
                assert_inert(&r, &uri);
            }
        }
        let r = app
            .get_as(&format!("/beheer/audit?page={q}"), Some(&admin))
            .await;
        assert!(r.status.is_client_error(), "{}", r.status);
        assert_inert(&r, "audit page parameter");
    }
    // A line break in the page to return to cannot add headers to the redirect.
    app.user(Who::Member).await;
    let v = crate::accounts::visitor(&app, "/login").await;
    let r = app
        .post_form(
            "/login",
            &[
                ("email", "member@utrecht.nl"),
                ("password", crate::PASSWORD),
                ("next", "/x\r\nSet-Cookie: evil=1"),
            ],
            Some(&v),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/account");
    assert!(!r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap_or("").contains("evil")));
    // The login page never sends people to another site.
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let q: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let r = app.get(&format!("/login?next={q}")).await;
        let re = regex_lite::Regex::new(r#"name="next" value="([^"]*)""#).unwrap();
        assert_eq!(&re.captures(&r.body).unwrap()[1], "&#x2f;account", "{next}");
    }
}

#[tokio::test]
async fn sql_injection_strings_are_data() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let token = app.token(&editor).await;
    let evil = "Robert'); DROP TABLE practices;-- \" OR 1=1 --";
    let r = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&token),
            Some(serde_json::json!({"text": {"title": evil, "summary": evil}, "status": "idea", "owner": ORG, "contact": evil})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["text"]["title"], evil);
    let slug = r.json()["slug"].as_str().unwrap().to_owned();
    let back = app
        .api(
            Method::GET,
            &format!("/api/v1/practices/{slug}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(back.json()["contact"], evil);
    let before = app.store.counts().await.unwrap();
    for q in ["' OR '1'='1", "1; DROP TABLE users", "GM0344' --"] {
        let enc: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        let r = app
            .get(&format!("/api/v1/practices?organisation={enc}"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["total"], 0, "{q} matches nothing");
    }
    let v = crate::accounts::visitor(&app, "/login").await;
    let r = app
        .post_form(
            "/login",
            &[("email", "' OR '1'='1' --"), ("password", "' OR '1'='1")],
            Some(&v),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store.counts().await.unwrap().practices,
        before.practices
    );
    assert_eq!(app.store.users().await.unwrap().len(), 1);
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let other = app.user(Who::Admin).await.unwrap();
    let cases: [(&str, Option<&str>); 4] = [
        ("missing", None),
        ("empty", Some("")),
        (
            "wrong",
            Some("00000000000000000000000000000000000000000000000000000000000000ff"),
        ),
        ("another session's", Some(other.csrf.as_str())),
    ];
    for (what, csrf) in cases {
        let mut fields = vec![("name", "Nieuwe naam")];
        if let Some(c) = csrf {
            fields.push(("csrf", c));
        }
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let r = app
            .request(
                axum::http::Request::post("/account/profile")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, &member.cookie)
                    .body(axum::body::Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{what} token");
    }
    assert!(
        app.store.profile(member.id).await.unwrap().is_none(),
        "nothing changed"
    );
    // Without any session a form cannot be posted either (login CSRF).
    let r = app
        .post_form(
            "/login",
            &[
                ("email", "member@utrecht.nl"),
                ("password", crate::PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            "/account/profile",
            &[("name", "Nieuwe naam")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "the right token works");
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let responses = vec![
        ("page", app.get("/").await),
        ("form", app.get("/login").await),
        ("account", app.get_as("/account", Some(&member)).await),
        ("redirect", app.get("/account").await),
        ("not found", app.get("/bestaat-niet").await),
        ("api", app.get("/api/v1/themes").await),
        (
            "api error",
            app.api(Method::POST, "/api/v1/practices", None, None).await,
        ),
        (
            "forbidden",
            app.get_as("/beheer/audit", Some(&member)).await,
        ),
    ];
    for (what, r) in responses {
        let csp = r.header(header::CONTENT_SECURITY_POLICY);
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or("");
        assert!(
            script_src.contains("'self'") && !script_src.contains("unsafe"),
            "{what}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(csp.contains("form-action 'self'"), "{what}: {csp}");
        assert_eq!(
            r.header(header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{what}"
        );
        assert_eq!(
            r.header(header::REFERRER_POLICY),
            "strict-origin-when-cross-origin",
            "{what}"
        );
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let big = "x".repeat(leerpunt_web::routes::BODY_LIMIT + 10);
    let r = app
        .post_form("/account/profile", &[("name", &big)], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let token = app.token(&editor).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&token),
            Some(serde_json::json!({"text": {"title": big}, "status": "idea", "owner": ORG})),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
}
