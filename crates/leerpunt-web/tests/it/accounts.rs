//! Accounts through the pages: sign-up, confirmation, login with session rotation, logout (here
//! and everywhere), throttling, password reset, download my data, delete my account, consent.

use axum::http::{header, Method, StatusCode};

use crate::{Reply, TestApp, TestUser, Who, PASSWORD};

/// The session cookie a response sets, as `lp_session=…`.
fn set_session(r: &Reply) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lp_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
}

fn csrf_in(html: &str) -> String {
    let re = regex_lite::Regex::new(r#"name="csrf" value="([0-9a-f]{64})""#).unwrap();
    re.captures(html)
        .unwrap_or_else(|| panic!("no csrf field in {html}"))[1]
        .to_owned()
}

/// Opens a form page as a new visitor: the visitor session and its CSRF token.
pub async fn visitor(app: &TestApp, page: &str) -> TestUser {
    let r = app.get(page).await;
    assert_eq!(r.status, StatusCode::OK, "{page}");
    let cookie = set_session(&r).expect("a form page starts a visitor session");
    TestUser {
        id: 0,
        email: String::new(),
        cookie,
        csrf: csrf_in(&r.body),
    }
}

fn link_in(body: &str, path: &str) -> String {
    let re = regex_lite::Regex::new(&format!(r"{path}\?token=([0-9a-f]{{64}})")).unwrap();
    re.captures(body)
        .unwrap_or_else(|| panic!("no {path} link in {body}"))[1]
        .to_owned()
}

async fn login(app: &TestApp, email: &str, password: &str) -> Reply {
    let v = visitor(app, "/login").await;
    app.post_form(
        "/login",
        &[
            ("email", email),
            ("password", password),
            ("next", "/account"),
        ],
        Some(&v),
    )
    .await
}

#[tokio::test]
async fn sign_up_confirm_log_in_and_out() {
    let app = TestApp::new().await;
    let v = visitor(&app, "/signup").await;
    let r = app
        .post_form(
            "/signup",
            &[
                ("email", "Anna@Utrecht.nl"),
                ("name", "Anna"),
                ("password", PASSWORD),
            ],
            Some(&v),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-testid=\"signup-done\""));
    let mail = app.store.due_mail(10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to_addr, "anna@utrecht.nl");
    assert!(
        mail[0].subject.contains("Bevestig"),
        "Dutch mail for a Dutch page"
    );
    let token = link_in(&mail[0].body, "/signup/confirm");

    // Signing up again with the same address looks the same, and mails the owner instead.
    let again = app
        .post_form(
            "/signup",
            &[("email", "anna@utrecht.nl"), ("password", PASSWORD)],
            Some(&v),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("data-testid=\"signup-done\""));
    assert_eq!(app.store.due_mail(10).await.unwrap().len(), 2);

    let form = app
        .get_as(&format!("/signup/confirm?token={token}"), Some(&v))
        .await;
    assert!(form.body.contains(&token));
    let done = app
        .post_form("/signup/confirm", &[("token", &token)], Some(&v))
        .await;
    assert!(
        done.body.contains("data-testid=\"confirm-done\""),
        "{}",
        done.body
    );
    assert!(
        app.store
            .user_by_email("anna@utrecht.nl")
            .await
            .unwrap()
            .unwrap()
            .confirmed
    );
    let reused = app
        .post_form("/signup/confirm", &[("token", &token)], Some(&v))
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = login(&app, "anna@utrecht.nl", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/account");
    let cookie = r.header(header::SET_COOKIE).to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on a laptop: {cookie}"
    );
    let session = set_session(&r).unwrap();
    let account = app.get_with("/account", "cookie", &session).await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.body.contains("anna@utrecht.nl"));
    assert!(
        account.body.contains("Lid"),
        "a confirmed utrecht.nl address is a member"
    );
    assert_eq!(account.header(header::CACHE_CONTROL), "no-store");

    let me = TestUser {
        id: 0,
        email: String::new(),
        cookie: session.clone(),
        csrf: csrf_in(&account.body),
    };
    let out = app.post_form("/logout", &[], Some(&me)).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.header(header::SET_COOKIE).contains("Max-Age=0"));
    let after = app.get_with("/account", "cookie", &session).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the session is gone on the server"
    );
    assert!(after.location().starts_with("/login?next=%2Faccount"));
}

#[tokio::test]
async fn login_rotates_the_session_against_fixation() {
    let app = TestApp::new().await;
    app.user(Who::Member).await;
    // An attacker plants a visitor session in the victim's browser…
    let planted = visitor(&app, "/login").await;
    let r = app
        .post_form(
            "/login",
            &[("email", "member@utrecht.nl"), ("password", PASSWORD)],
            Some(&planted),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let fresh = set_session(&r).unwrap();
    assert_ne!(fresh, planted.cookie, "a new session id on login");
    // …but after the victim logs in, the planted id is worth nothing.
    let attacker = app.get_with("/account", "cookie", &planted.cookie).await;
    assert_eq!(attacker.status, StatusCode::SEE_OTHER);
    let victim = app.get_with("/account", "cookie", &fresh).await;
    assert_eq!(victim.status, StatusCode::OK);
    // A made-up session id is not adopted either.
    let made_up = app
        .get_with(
            "/account",
            "cookie",
            "lp_session=0000000000000000000000000000000000000000000000000000000000000000",
        )
        .await;
    assert_eq!(made_up.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_is_throttled_per_account() {
    let app = TestApp::new().await;
    app.user(Who::Member).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            login(&app, "member@utrecht.nl", "helemaal verkeerd")
                .await
                .status,
        );
    }
    assert_eq!(&statuses[..5], &[StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    let right = login(&app, "member@utrecht.nl", PASSWORD).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(right.body.contains("kwartier"), "{}", right.body);
}

#[tokio::test]
async fn forms_cannot_be_used_to_flood_a_mailbox() {
    let app = TestApp::new().await;
    app.user(Who::Member).await;
    let v = visitor(&app, "/login/forgot").await;
    for _ in 0..20 {
        let r = app
            .post_form("/login/forgot", &[("email", "member@utrecht.nl")], Some(&v))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    assert_eq!(
        app.store
            .mail_count_last_hour("member@utrecht.nl")
            .await
            .unwrap(),
        leerpunt_core::account::MAX_MAILS_PER_HOUR
    );
}

#[tokio::test]
async fn logout_everywhere_ends_every_session() {
    let app = TestApp::new().await;
    let a = app.user(Who::Member).await.unwrap();
    let b = app.sign_in(a.id, &a.email).await;
    assert_eq!(
        app.get_as("/account", Some(&b)).await.status,
        StatusCode::OK
    );
    let r = app.post_form("/logout/everywhere", &[], Some(&a)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as("/account", Some(&a)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_as("/account", Some(&b)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn password_reset_by_mail() {
    let app = TestApp::new().await;
    let old = app.user(Who::Member).await.unwrap();
    let v = visitor(&app, "/login/forgot").await;
    let r = app
        .post_form("/login/forgot", &[("email", "member@utrecht.nl")], Some(&v))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let unknown = app
        .post_form("/login/forgot", &[("email", "nobody@utrecht.nl")], Some(&v))
        .await;
    assert_eq!(
        unknown.body.len(),
        r.body.len(),
        "same answer for unknown addresses"
    );
    let mail = app.store.due_mail(10).await.unwrap();
    assert_eq!(mail.len(), 1);
    let token = link_in(&mail[0].body, "/login/reset");
    let short = app
        .post_form(
            "/login/reset",
            &[("token", &token), ("password", "kort")],
            Some(&v),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("minstens 12 tekens"),
        "error next to the field"
    );
    let ok = app
        .post_form(
            "/login/reset",
            &[("token", &token), ("password", "een gloednieuw wachtwoord")],
            Some(&v),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(
        app.get_as("/account", Some(&old)).await.status,
        StatusCode::SEE_OTHER,
        "old sessions end"
    );
    assert_eq!(
        login(&app, "member@utrecht.nl", "een gloednieuw wachtwoord")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let reused = app
        .post_form(
            "/login/reset",
            &[("token", &token), ("password", "nog een ander wachtwoord")],
            Some(&v),
        )
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn download_my_data_and_delete_my_account() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let r = app
        .post_form(
            "/account/profile",
            &[
                ("name", "Eva Editor"),
                ("role", "Datasteward"),
                ("expertise", "datakwaliteit"),
                ("public", "1"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post_form(
            "/praktijken/nieuw",
            &[
                ("owner", crate::ORG),
                ("title", "Mijn bijdrage"),
                ("status", "pilot"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let slug = r
        .location()
        .trim_start_matches("/praktijken/")
        .trim_end_matches("/versies")
        .to_owned();

    let export = app.get_as("/account/export", Some(&editor)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export
        .header(header::CONTENT_DISPOSITION)
        .contains("attachment"));
    let data = export.json();
    assert_eq!(data["account"]["email"], "editor@utrecht.nl");
    assert_eq!(data["editor_of"][0], crate::ORG);
    assert_eq!(data["profile"]["role"], "Datasteward");
    assert_eq!(data["practices_created"][0]["slug"], slug.as_str());

    let person = app.store.profile(editor.id).await.unwrap().unwrap();
    assert_eq!(
        app.get(&format!("/mensen/{}", person.id)).await.status,
        StatusCode::OK
    );

    let unticked = app.post_form("/account/delete", &[], Some(&editor)).await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_form("/account/delete", &[("confirm", "1")], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"account-deleted\""));
    assert!(app
        .store
        .user_by_email("editor@utrecht.nl")
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        app.get(&format!("/mensen/{}", person.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let kept = app.store.practice_any(&slug).await.unwrap();
    assert_eq!(kept.text.title, "Mijn bijdrage");
    let admin = app.user(Who::Admin).await.unwrap();
    let work = app
        .get_as(&format!("/praktijken/{slug}/versies"), Some(&admin))
        .await;
    assert!(
        work.body.contains("account verwijderd"),
        "authorship anonymised"
    );
    assert!(!work.body.contains("editor@utrecht.nl"));
}

#[tokio::test]
async fn profiles_are_public_only_with_consent() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let r = app
        .post_form(
            "/account/profile",
            &[("name", "Mila Lid"), ("expertise", "archief")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let id = app.store.profile(member.id).await.unwrap().unwrap().id;
    assert_eq!(
        app.get(&format!("/mensen/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.get("/mensen").await.body.contains("Mila Lid"));
    app.post_form(
        "/account/profile",
        &[("name", "Mila Lid"), ("public", "1")],
        Some(&member),
    )
    .await;
    assert!(app
        .get(&format!("/mensen/{id}"))
        .await
        .body
        .contains("Mila Lid"));
    assert!(app.get("/mensen").await.body.contains("Mila Lid"));
    let empty = app
        .post_form("/account/profile", &[("name", " ")], Some(&member))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("id=\"e-name\""),
        "the error sits next to the field"
    );
}

#[tokio::test]
async fn api_tokens_from_the_account_page() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let r = app
        .post_form(
            "/account/tokens",
            &[("name", "script"), ("scope", "practices:write")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let re = regex_lite::Regex::new(r#"data-testid="new-token">(lpt_[0-9a-f]{64})<"#).unwrap();
    let token = re.captures(&r.body).expect("the token is shown once")[1].to_owned();
    let body =
        serde_json::json!({"text": {"title": "Via de API"}, "status": "idea", "owner": crate::ORG});
    let created = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let again = app.get_as("/account", Some(&editor)).await;
    assert!(!again.body.contains(&token), "shown only once");
    let id = app.store.api_tokens(editor.id).await.unwrap()[0].id;
    let r = app
        .post_form(&format!("/account/tokens/{id}/revoke"), &[], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let refused = app
        .api(Method::POST, "/api/v1/practices", Some(&token), Some(body))
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let other = app.user(Who::Member).await.unwrap();
    let r = app
        .post_form(&format!("/account/tokens/{id}/revoke"), &[], Some(&other))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "nobody revokes another's token"
    );
}

#[tokio::test]
async fn secure_cookies_over_https() {
    let dir = tempfile::tempdir().unwrap();
    let store = leerpunt_store::Store::open(dir.path()).await.unwrap();
    let search = std::sync::Arc::new(
        leerpunt_search::Search::in_memory(&store, &|_, _, _| {})
            .await
            .unwrap(),
    );
    let mut state = leerpunt_web::AppState::new(store, search);
    state.config = std::sync::Arc::new(leerpunt_web::WebConfig {
        public_url: "https://leerpunt.example".into(),
        ..leerpunt_web::WebConfig::default()
    });
    let router = leerpunt_web::router(state);
    use tower::ServiceExt;
    let r = router
        .oneshot(
            axum::http::Request::get("/login")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}
