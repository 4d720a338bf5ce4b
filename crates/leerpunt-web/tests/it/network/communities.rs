//! Communities and their discussions: membership, topics, threaded replies, edits, mentions, moderation and reports.

use axum::http::{Method, StatusCode};
use leerpunt_core::community::{NewCommunity, NewPost, NewTopic};
use leerpunt_core::paging::PageRequest;
use leerpunt_store::{MentionLink, Origin};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, PASSWORD};

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/gemeenschappen")
        || path.starts_with("/berichten")
        || path.starts_with("/api/v1/communities")
        || path.starts_with("/api/v1/topics")
}

fn no_mail(_: &MentionLink) -> (String, String) {
    (String::new(), String::new())
}

fn page(n: u32) -> PageRequest {
    PageRequest {
        page: n,
        per_page: 50,
    }
}

/// A community made by an operator (no moderators), by Dutch name.
async fn community(app: &TestApp, name: &str) -> leerpunt_core::community::Community {
    app.store
        .create_community(
            &NewCommunity {
                name_nl: name.into(),
                name_en: format!("{name} EN"),
                description_nl: "Een gemeenschap om te testen.".into(),
                description_en: "A community for testing.".into(),
                themes: vec!["datakwaliteit".into()],
                ..NewCommunity::default()
            },
            &Origin::cli(),
        )
        .await
        .unwrap()
}

/// An account that writes the posts of cells whose role has no account of its own.
async fn author(app: &TestApp) -> i64 {
    let origin = Origin::cli();
    if let Some(u) = app.store.user_by_email("auteur@utrecht.nl").await.unwrap() {
        return u.id;
    }
    let u = app
        .store
        .create_user("auteur@utrecht.nl", PASSWORD, "Auteur", &origin)
        .await
        .unwrap();
    app.store.confirm_user(u.id, &origin).await.unwrap();
    u.id
}

async fn topic(app: &TestApp, community_id: i64, by: i64, title: &str) -> (i64, i64) {
    let t = app
        .store
        .create_topic(
            community_id,
            by,
            &NewTopic {
                title: title.into(),
                body: "Openingsbericht".into(),
            },
            &no_mail,
            &Origin::cli(),
        )
        .await
        .unwrap();
    let (posts, _) = app.store.posts(t.id, page(1)).await.unwrap();
    (t.id, posts[0].post.id)
}

/// Prepares the matrix cell of `path` for `who`: None when the path is not this area's.
pub async fn cell(
    app: &TestApp,
    path: &str,
    who: Who,
    user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let origin = Origin::cli();
    let c = community(app, &format!("Matrix {who:?}")).await;
    let user_id = user.map(|u| u.id);
    let join = |id: i64| {
        let origin = origin.clone();
        let store = app.store.clone();
        let cid = c.id;
        async move {
            store.join_community(cid, id, &origin).await.unwrap();
        }
    };
    // Everyone who acts as a member is one (except on "join", where nobody is yet).
    if let Some(id) = user_id {
        if path != "/gemeenschappen/{slug}/lid-worden" {
            join(id).await;
        }
    }
    let by = match user_id {
        Some(id) => id,
        None => author(app).await,
    };
    let own_posts = path.starts_with("/berichten/{id}/bewerken")
        || path.starts_with("/berichten/{id}/verwijderen");
    let writer = if own_posts { by } else { author(app).await };
    let (topic_id, post_id) = topic(app, c.id, writer, &format!("Onderwerp {who:?}")).await;
    let probe = vec![c.id, topic_id, post_id, user_id.unwrap_or(0)];
    let slug = c.slug.clone();
    let (uri, fields, json): (
        String,
        Vec<(&'static str, String)>,
        Option<serde_json::Value>,
    ) = match path {
        "/gemeenschappen/nieuw" => (
            path.to_owned(),
            vec![
                ("name_nl", format!("Nieuwe gemeenschap {who:?}")),
                ("themes", "datakwaliteit".to_owned()),
            ],
            None,
        ),
        "/gemeenschappen/{slug}/bewerken" => (
            format!("/gemeenschappen/{slug}/bewerken"),
            vec![
                ("name_nl", format!("Bewerkt {who:?}")),
                ("themes", "publieke-waarden".to_owned()),
            ],
            None,
        ),
        "/gemeenschappen/{slug}/lid-worden" | "/gemeenschappen/{slug}/verlaten" => {
            (path.replace("{slug}", &slug), vec![], None)
        }
        "/gemeenschappen/{slug}/onderwerpen/nieuw" => (
            path.replace("{slug}", &slug),
            vec![
                ("title", "Matrixonderwerp".to_owned()),
                ("body", "Een opening.".to_owned()),
            ],
            None,
        ),
        "/gemeenschappen/{slug}/onderwerpen/{id}/reacties" => (
            format!("/gemeenschappen/{slug}/onderwerpen/{topic_id}/reacties"),
            vec![("body", "Een reactie.".to_owned())],
            None,
        ),
        "/gemeenschappen/{slug}/onderwerpen/{id}/sluiten" => (
            format!("/gemeenschappen/{slug}/onderwerpen/{topic_id}/sluiten"),
            vec![("locked", "1".to_owned())],
            None,
        ),
        "/berichten/{id}/bewerken" => (
            format!("/berichten/{post_id}/bewerken"),
            vec![("body", "Bewerkte tekst.".to_owned())],
            None,
        ),
        "/berichten/{id}/verwijderen" => {
            (format!("/berichten/{post_id}/verwijderen"), vec![], None)
        }
        "/berichten/{id}/melden" => (
            format!("/berichten/{post_id}/melden"),
            vec![("reason", "Past niet bij het onderwerp.".to_owned())],
            None,
        ),
        "/berichten/{id}/verbergen" => (
            format!("/berichten/{post_id}/verbergen"),
            vec![("reason", "Persoonsgegevens.".to_owned())],
            None,
        ),
        "/api/v1/communities/{slug}/topics" => (
            format!("/api/v1/communities/{slug}/topics"),
            vec![],
            Some(serde_json::json!({"title": "Via de API", "body": "Opening via de API."})),
        ),
        "/api/v1/topics/{id}/replies" => (
            format!("/api/v1/topics/{topic_id}/replies"),
            vec![],
            Some(serde_json::json!({"body": "Reactie via de API."})),
        ),
        _ => return None,
    };
    Some(AreaCell {
        uri,
        fields,
        json,
        probe,
    })
}

/// What this area keeps for a cell: the communities, the cell's community (name, themes,
/// members, the acting role's membership, topics), its topic (posts, lock) and post (text,
/// deletion, hiding), and the community's open reports.
pub async fn state(app: &TestApp, cell: &AreaCell) -> String {
    let [community_id, topic_id, post_id, user_id] = cell.probe[..] else {
        return String::new();
    };
    let store = &app.store;
    let (_, communities) = store.communities(page(1)).await.unwrap();
    let c = store.community_by_id(community_id).await.unwrap();
    let membership = store.membership(community_id, user_id).await.unwrap();
    let (_, topics) = store.topics(community_id, page(1)).await.unwrap();
    let t = store.topic(topic_id).await.unwrap();
    let (_, posts) = store.posts(topic_id, page(1)).await.unwrap();
    let p = store.post(post_id).await.unwrap();
    let (_, reports) = store
        .community_reports(community_id, page(1))
        .await
        .unwrap();
    format!(
        "{communities}|{}|{:?}|{}|{membership:?}|{topics}|{posts}|{}|{:?}|{}|{:?}|{reports}",
        c.name_nl, c.themes, c.member_count, t.locked, p.body, p.deleted, p.hidden_reason
    )
}

/// A confirmed account with a display name, signed in.
async fn person(app: &TestApp, email: &str, name: &str) -> TestUser {
    let origin = Origin::cli();
    let u = app
        .store
        .create_user(email, PASSWORD, name, &origin)
        .await
        .unwrap();
    app.store.confirm_user(u.id, &origin).await.unwrap();
    app.sign_in(u.id, email).await
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn joining_shows_the_member_and_their_public_profile() {
    let app = TestApp::new().await;
    let c = community(&app, "Samen leren").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna de Wit").await;
    app.store
        .save_profile(
            anna.id,
            &leerpunt_core::account::ProfileInput {
                name: "Anna de Wit".into(),
                role: "Data-analist".into(),
                expertise: String::new(),
                public: true,
            },
            &Origin::cli(),
        )
        .await
        .unwrap();
    let url = format!("/gemeenschappen/{}", c.slug);
    let before = app.get_as(&url, Some(&anna)).await;
    assert!(before.body.contains("data-testid=\"community-join\""));
    assert!(!before.body.contains("Anna de Wit"));
    let r = app
        .post_form(&format!("{url}/lid-worden"), &[], Some(&anna))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), url);
    let m = app.store.membership(c.id, anna.id).await.unwrap();
    assert!(m.member && !m.moderator);
    let page = app.get_as(&url, Some(&anna)).await;
    assert!(page.body.contains("data-testid=\"community-leave\""));
    assert!(page.body.contains("data-testid=\"membership\""));
    let person_id = app.store.profile(anna.id).await.unwrap().unwrap().id;
    assert!(
        page.body
            .contains(&format!("href=\"/mensen/{person_id}\">Anna de Wit</a>")),
        "the member's public profile is listed"
    );
    assert!(page.body.contains("1 lid"));
    // Visitors see the member (the cached page follows the change log), but no member controls.
    let visitor = app.get(&url).await;
    assert!(visitor.body.contains("Anna de Wit"));
    assert!(!visitor.body.contains("data-testid=\"community-leave\""));
    assert!(!visitor.body.contains("data-testid=\"community-join\""));
    assert!(!visitor
        .body
        .contains("name=\"csrf\" value=\"\"><button class=\"lp-button\""));
    // Leaving.
    let r = app
        .post_form(&format!("{url}/verlaten"), &[], Some(&anna))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.store.membership(c.id, anna.id).await.unwrap().member);
    assert!(!app.get(&url).await.body.contains("Anna de Wit"));
}

#[tokio::test]
async fn topics_and_threaded_replies_in_reading_order() {
    let app = TestApp::new().await;
    let c = community(&app, "Draadjes").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    let bert = person(&app, "bert@utrecht.nl", "Bert").await;
    for u in [&anna, &bert] {
        app.store
            .join_community(c.id, u.id, &Origin::cli())
            .await
            .unwrap();
    }
    let base = format!("/gemeenschappen/{}", c.slug);
    let r = app
        .post_form(
            &format!("{base}/onderwerpen/nieuw"),
            &[
                ("title", "Hoe meten jullie bereik?"),
                ("body", "Ik ben **benieuwd**."),
            ],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let topic_url = r.location().to_owned();
    let topic_id: i64 = topic_url.rsplit('/').next().unwrap().parse().unwrap();
    let reply = |body: &'static str, parent: Option<i64>, who: &TestUser| {
        let url = format!("{topic_url}/reacties");
        let who = who.clone();
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        let app = &app;
        async move {
            let r = app
                .post_form(&url, &[("body", body), ("parent_id", &parent)], Some(&who))
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            r.location()
                .rsplit("#post-")
                .next()
                .unwrap()
                .parse::<i64>()
                .unwrap()
        }
    };
    let first = reply("Eerste reactie", None, &bert).await;
    let _second = reply("Tweede reactie", None, &anna).await;
    let nested = reply("Antwoord op de eerste", Some(first), &anna).await;
    let _deeper = reply("Antwoord op het antwoord", Some(nested), &bert).await;
    let page = app.get(&topic_url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<strong>benieuwd</strong>"),
        "Markdown rendered"
    );
    let at = |s: &str| page.body.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("Eerste reactie") < at("Antwoord op de eerste"));
    assert!(at("Antwoord op de eerste") < at("Antwoord op het antwoord"));
    assert!(at("Antwoord op het antwoord") < at("Tweede reactie"));
    assert_eq!(
        count(&page.body, "lp-post lp-post--reply"),
        2,
        "two indented replies"
    );
    assert!(page.body.contains("reageert op Anna"));
    // The community lists the topic with its replies.
    let list = app.get(&base).await;
    assert!(list.body.contains("Hoe meten jullie bereik?"));
    assert!(list.body.contains("4 reacties"));
    assert_eq!(app.store.topic(topic_id).await.unwrap().reply_count, 4);
    // Quote: the reply form is filled with a blockquote of the post.
    let quoted = app
        .get_as(&format!("{topic_url}?quote={first}"), Some(&anna))
        .await;
    assert!(
        quoted.body.contains("&gt; **Bert**:\n&gt; Eerste reactie"),
        "{}",
        quoted.body
    );
    assert!(quoted
        .body
        .contains(&format!("name=\"parent_id\" value=\"{first}\"")));
    // Visitors see the posts but no forms, and are asked to log in to reply.
    let visitor = app.get(&topic_url).await;
    assert!(!visitor.body.contains("data-testid=\"reply-form\""));
    assert!(!visitor.body.contains("/melden"));
    assert!(visitor.body.contains("data-testid=\"join-to-reply\""));
    // A signed-in non-member is asked to join.
    let cees = person(&app, "cees@utrecht.nl", "Cees").await;
    let outsider = app.get_as(&topic_url, Some(&cees)).await;
    assert!(!outsider.body.contains("data-testid=\"reply-form\""));
    assert!(outsider
        .body
        .contains("Word lid van de gemeenschap om te reageren."));
    let refused = app
        .post_form(
            &format!("{topic_url}/reacties"),
            &[("body", "Mag ik?")],
            Some(&cees),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.topic(topic_id).await.unwrap().reply_count, 4);
}

#[tokio::test]
async fn own_posts_are_edited_within_the_window_and_deleted_in_place() {
    let app = TestApp::new().await;
    let c = community(&app, "Bewerken").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    let bert = person(&app, "bert@utrecht.nl", "Bert").await;
    for u in [&anna, &bert] {
        app.store
            .join_community(c.id, u.id, &Origin::cli())
            .await
            .unwrap();
    }
    let (topic_id, post_id) = topic(&app, c.id, anna.id, "Bewerkbaar").await;
    let topic_url = format!("/gemeenschappen/{}/onderwerpen/{topic_id}", c.slug);
    let own = app.get_as(&topic_url, Some(&anna)).await;
    assert!(own.body.contains(&format!("/berichten/{post_id}/bewerken")));
    let other = app.get_as(&topic_url, Some(&bert)).await;
    assert!(!other
        .body
        .contains(&format!("/berichten/{post_id}/bewerken")));
    let form = app
        .get_as(&format!("/berichten/{post_id}/bewerken"), Some(&anna))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Openingsbericht"));
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/bewerken"),
            &[("body", "Verbeterde opening")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let post = app.store.post(post_id).await.unwrap();
    assert_eq!(post.body, "Verbeterde opening");
    assert!(post.edited_at.is_some());
    // Someone else's post: refused, unchanged.
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/bewerken"),
            &[("body", "Overgenomen")],
            Some(&bert),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/verwijderen"),
            &[],
            Some(&bert),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.post(post_id).await.unwrap().body,
        "Verbeterde opening"
    );
    // An empty edit is a field error; nothing changes.
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/bewerken"),
            &[("body", "  ")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-body\""));
    assert_eq!(
        app.store.post(post_id).await.unwrap().body,
        "Verbeterde opening"
    );
    // Deleting keeps the place.
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/verwijderen"),
            &[],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let post = app.store.post(post_id).await.unwrap();
    assert!(post.deleted && post.body.is_empty());
    let page = app.get(&topic_url).await;
    assert!(page.body.contains("data-testid=\"post-deleted\""));
    assert!(!page.body.contains("Verbeterde opening"));
    // A deleted post is not edited any more (translated refusal).
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/bewerken"),
            &[("body", "Terug")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("kan niet meer worden bewerkt"),
        "{}",
        r.body
    );
    assert!(app.store.post(post_id).await.unwrap().body.is_empty());
    // The refusal after the edit window is the store's (see the store's tests, which set the
    // time back) and the core's `within_edit_window`.
}

#[tokio::test]
async fn a_locked_topic_takes_no_replies() {
    let app = TestApp::new().await;
    let c = community(&app, "Gesloten").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    let broker = app.user(Who::Broker).await.unwrap();
    app.store
        .join_community(c.id, anna.id, &Origin::cli())
        .await
        .unwrap();
    let (topic_id, _) = topic(&app, c.id, anna.id, "Bijna klaar").await;
    let topic_url = format!("/gemeenschappen/{}/onderwerpen/{topic_id}", c.slug);
    // Members do not lock; brokers do.
    let r = app
        .post_form(
            &format!("{topic_url}/sluiten"),
            &[("locked", "1")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!app.store.topic(topic_id).await.unwrap().locked);
    let r = app
        .post_form(
            &format!("{topic_url}/sluiten"),
            &[("locked", "1")],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.store.topic(topic_id).await.unwrap().locked);
    let page = app.get_as(&topic_url, Some(&anna)).await;
    assert!(page.body.contains("data-testid=\"locked-notice\""));
    assert!(!page.body.contains("data-testid=\"reply-form\""));
    let token = app.token(&anna).await;
    let before = app.store.posts(topic_id, page_req()).await.unwrap().1;
    let audit = app.store.audit_log(1, 0).await.unwrap().1;
    let r = app
        .post_form(
            &format!("{topic_url}/reacties"),
            &[("body", "Toch nog")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Dit gesprek is gesloten"), "{}", r.body);
    let en = app
        .post_form(
            &format!("{topic_url}/reacties?lang=en"),
            &[("body", "Still")],
            Some(&anna),
        )
        .await;
    assert!(en.body.contains("This discussion is locked"), "{}", en.body);
    let api = app
        .api(
            Method::POST,
            &format!("/api/v1/topics/{topic_id}/replies"),
            Some(&token),
            Some(serde_json::json!({"body": "Via de API"})),
        )
        .await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(api.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("gesloten"));
    assert_eq!(
        app.store.posts(topic_id, page_req()).await.unwrap().1,
        before
    );
    assert_eq!(app.store.audit_log(1, 0).await.unwrap().1, audit);
    // Reopened: replies again.
    app.post_form(
        &format!("{topic_url}/sluiten"),
        &[("locked", "0")],
        Some(&broker),
    )
    .await;
    let r = app
        .post_form(
            &format!("{topic_url}/reacties"),
            &[("body", "Weer open")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

fn page_req() -> PageRequest {
    page(1)
}

#[tokio::test]
async fn moderators_hide_posts_and_read_reports() {
    let app = TestApp::new().await;
    let c = community(&app, "Moderatie").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    let bert = person(&app, "bert@utrecht.nl", "Bert").await;
    let mod_ = person(&app, "moderator@utrecht.nl", "Mo").await;
    for u in [&anna, &bert] {
        app.store
            .join_community(c.id, u.id, &Origin::cli())
            .await
            .unwrap();
    }
    app.store
        .set_moderator(c.id, mod_.id, true, &Origin::cli())
        .await
        .unwrap();
    let (topic_id, post_id) = topic(&app, c.id, anna.id, "Iets ongepasts").await;
    let topic_url = format!("/gemeenschappen/{}/onderwerpen/{topic_id}", c.slug);
    let reports_url = format!("/gemeenschappen/{}/meldingen", c.slug);
    // Bert reports; the report shows to the moderator, not to members.
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/melden"),
            &[("reason", "Bevat een telefoonnummer")],
            Some(&bert),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("notice=reported"));
    let thanks = app.get_as(r.location(), Some(&bert)).await;
    assert!(thanks.body.contains("De moderators bekijken je melding"));
    assert_eq!(
        app.get_as(&reports_url, Some(&bert)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&reports_url).await.status, StatusCode::SEE_OTHER);
    let reports = app.get_as(&reports_url, Some(&mod_)).await;
    assert_eq!(reports.status, StatusCode::OK);
    assert!(reports.body.contains("Bevat een telefoonnummer"));
    assert!(reports.body.contains("Iets ongepasts"));
    // A member may not hide; the moderator may.
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/verbergen"),
            &[("reason", "Nee")],
            Some(&bert),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(app
        .store
        .post(post_id)
        .await
        .unwrap()
        .hidden_reason
        .is_none());
    let moderator_page = app.get_as(&topic_url, Some(&mod_)).await;
    assert!(moderator_page.body.contains("/verbergen"));
    assert!(moderator_page.body.contains("data-testid=\"lock\""));
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/verbergen"),
            &[("reason", "Persoonsgegevens verwijderd")],
            Some(&mod_),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&topic_url).await;
    assert!(!page.body.contains("Openingsbericht"));
    assert!(page.body.contains("Persoonsgegevens verwijderd"));
    assert!(page.body.contains("data-testid=\"post-hidden\""));
    // Hiding resolved the report.
    let reports = app.get_as(&reports_url, Some(&mod_)).await;
    assert!(!reports.body.contains("Bevat een telefoonnummer"));
    // The API shows no body for a hidden post.
    let api = app
        .api(
            Method::GET,
            &format!("/api/v1/topics/{topic_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(api.json()["posts"][0]["body"], serde_json::Value::Null);
    assert_eq!(
        api.json()["posts"][0]["hidden_reason"],
        "Persoonsgegevens verwijderd"
    );
}

#[tokio::test]
async fn script_in_every_field_is_escaped() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let script = "<script>alert(1)</script>";
    let r = app
        .post_form(
            "/gemeenschappen/nieuw",
            &[
                ("name_nl", &format!("Gemeenschap {script}")),
                ("name_en", script),
                ("slug", "veilig"),
                ("description_nl", script),
                ("description_en", script),
                ("themes", "datakwaliteit"),
            ],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app.store.community("veilig").await.unwrap();
    app.store
        .join_community(c.id, broker.id, &Origin::cli())
        .await
        .unwrap();
    let r = app
        .post_form(
            "/gemeenschappen/veilig/onderwerpen/nieuw",
            &[("title", &format!("Titel {script}")), ("body", script)],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let topic_url = r.location().to_owned();
    let topic_id: i64 = topic_url.rsplit('/').next().unwrap().parse().unwrap();
    let post_id = app.store.posts(topic_id, page(1)).await.unwrap().0[0]
        .post
        .id;
    let r = app
        .post_form(
            &format!("{topic_url}/reacties"),
            &[("body", script)],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.post_form(
        &format!("/berichten/{post_id}/melden"),
        &[("reason", script)],
        Some(&broker),
    )
    .await;
    let pages = [
        app.get("/gemeenschappen").await.body,
        app.get("/gemeenschappen/veilig").await.body,
        app.get("/gemeenschappen/veilig?lang=en").await.body,
        app.get(&topic_url).await.body,
        app.get_as(&format!("{topic_url}?quote={post_id}"), Some(&broker))
            .await
            .body,
        app.get_as("/gemeenschappen/veilig/meldingen", Some(&broker))
            .await
            .body,
        app.get_as("/gemeenschappen/veilig/bewerken", Some(&broker))
            .await
            .body,
        app.get_as(&format!("/berichten/{post_id}/bewerken"), Some(&broker))
            .await
            .body,
    ];
    for body in &pages {
        assert!(!body.contains(script), "unescaped script in {body}");
    }
    assert!(pages[3].contains("Titel &lt;script&gt;"));
    app.post_form(
        &format!("/berichten/{post_id}/verbergen"),
        &[("reason", script)],
        Some(&broker),
    )
    .await;
    let hidden = app.get(&topic_url).await.body;
    assert!(!hidden.contains(script));
    assert!(hidden.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn empty_and_oversized_texts_are_refused_with_field_errors() {
    let app = TestApp::new().await;
    let c = community(&app, "Grenzen").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    app.store
        .join_community(c.id, anna.id, &Origin::cli())
        .await
        .unwrap();
    let big = "x".repeat(100 * 1024);
    let new_topic = format!("/gemeenschappen/{}/onderwerpen/nieuw", c.slug);
    for (title, body) in [("", ""), ("Te groot", big.as_str()), ("ab", "tekst")] {
        let r = app
            .post_form(&new_topic, &[("title", title), ("body", body)], Some(&anna))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("id=\"e-body\"") || r.body.contains("id=\"e-title\""),
            "{}",
            &r.body[..r.body.len().min(500)]
        );
        assert!(r.body.contains("Vul een"), "errors in Dutch");
    }
    assert_eq!(app.store.topics(c.id, page(1)).await.unwrap().1, 0);
    let (topic_id, _) = topic(&app, c.id, anna.id, "Grensgevallen").await;
    let reply_url = format!("/gemeenschappen/{}/onderwerpen/{topic_id}/reacties", c.slug);
    for body in ["", "   ", big.as_str()] {
        let r = app
            .post_form(&reply_url, &[("body", body)], Some(&anna))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"e-body\""));
        assert!(r
            .body
            .contains("Vul een tekst in van hoogstens 20.000 tekens."));
    }
    let token = app.token(&anna).await;
    let api = app
        .api(
            Method::POST,
            &format!("/api/v1/topics/{topic_id}/replies"),
            Some(&token),
            Some(serde_json::json!({"body": big})),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["error"]["fields"][0]["field"], "body");
    let audit = app.store.audit_log(1, 0).await.unwrap().1;
    assert_eq!(app.store.posts(topic_id, page(1)).await.unwrap().1, 1);
    // Reports and hiding need a reason.
    let post_id = app.store.posts(topic_id, page(1)).await.unwrap().0[0]
        .post
        .id;
    let r = app
        .post_form(
            &format!("/berichten/{post_id}/melden"),
            &[("reason", "")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.audit_log(1, 0).await.unwrap().1, audit);
    // A community form without a name.
    let broker = app.user(Who::Broker).await.unwrap();
    let before = app.store.communities(page(1)).await.unwrap().1;
    let r = app
        .post_form(
            "/gemeenschappen/nieuw",
            &[
                ("name_nl", ""),
                ("themes", "toveren"),
                ("moderators", "niemand"),
            ],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name_nl", "themes", "moderators"] {
        assert!(r.body.contains(&format!("id=\"e-{field}\"")), "{field}");
    }
    assert_eq!(app.store.communities(page(1)).await.unwrap().1, before);
}

#[tokio::test]
async fn unknown_ids_are_not_found() {
    let app = TestApp::new().await;
    let c = community(&app, "Bestaat").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    app.store
        .join_community(c.id, anna.id, &Origin::cli())
        .await
        .unwrap();
    let (topic_id, post_id) = topic(&app, c.id, anna.id, "Echt").await;
    let other = community(&app, "Ander").await;
    for uri in [
        "/gemeenschappen/bestaat-niet".to_owned(),
        "/gemeenschappen/bestaat-niet/onderwerpen/1".to_owned(),
        format!("/gemeenschappen/{}/onderwerpen/999999", c.slug),
        format!("/gemeenschappen/{}/onderwerpen/{topic_id}", other.slug),
        "/api/v1/communities/bestaat-niet".to_owned(),
        "/api/v1/topics/999999".to_owned(),
    ] {
        assert_eq!(app.get(&uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    for uri in [
        "/berichten/999999/bewerken".to_owned(),
        "/gemeenschappen/bestaat-niet/onderwerpen/nieuw".to_owned(),
    ] {
        assert_eq!(
            app.get_as(&uri, Some(&anna)).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    for uri in [
        "/berichten/999999/melden".to_owned(),
        "/berichten/999999/verwijderen".to_owned(),
        "/gemeenschappen/bestaat-niet/lid-worden".to_owned(),
        format!("/gemeenschappen/{}/onderwerpen/999999/reacties", c.slug),
    ] {
        let r = app
            .post_form(&uri, &[("reason", "x"), ("body", "x")], Some(&anna))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert_eq!(
        app.get("/gemeenschappen/bestaat/onderwerpen/geen-getal")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let _ = post_id;
}

#[tokio::test]
async fn long_topics_are_paginated() {
    let app = TestApp::new().await;
    let c = community(&app, "Lang gesprek").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    app.store
        .join_community(c.id, anna.id, &Origin::cli())
        .await
        .unwrap();
    let (topic_id, _) = topic(&app, c.id, anna.id, "Zestig reacties").await;
    for i in 0..60 {
        app.store
            .reply(
                topic_id,
                anna.id,
                &NewPost {
                    body: format!("Reactie nummer {i}"),
                    parent_id: None,
                },
                &no_mail,
                &Origin::cli(),
            )
            .await
            .unwrap();
    }
    app.state.catch_up_search().await;
    let url = format!("/gemeenschappen/{}/onderwerpen/{topic_id}", c.slug);
    let first = app.get(&url).await;
    assert_eq!(count(&first.body, "data-testid=\"post\""), 50);
    assert!(first.body.contains("rel=\"next\" href=\"") && first.body.contains("page=2"));
    let second = app.get(&format!("{url}?page=2")).await;
    assert_eq!(count(&second.body, "data-testid=\"post\""), 11);
    assert!(second.body.contains("Reactie nummer 59"));
    let api = app
        .api(
            Method::GET,
            &format!("/api/v1/topics/{topic_id}?page=2"),
            None,
            None,
        )
        .await;
    assert_eq!(api.json()["posts"].as_array().unwrap().len(), 11);
    assert_eq!(api.json()["total_posts"], 61);
    // A reply lands on the page it is on.
    let r = app
        .post_form(
            &format!("{url}/reacties"),
            &[("body", "De laatste")],
            Some(&anna),
        )
        .await;
    assert!(r.location().contains("?page=2#post-"), "{}", r.location());
    // Topics of a community: at most 20 a page, with a next link.
    for i in 0..25 {
        topic(&app, c.id, anna.id, &format!("Onderwerp {i}")).await;
    }
    app.state.catch_up_search().await;
    let list = app.get(&format!("/gemeenschappen/{}", c.slug)).await;
    assert_eq!(count(&list.body, "class=\"lp-topic\""), 20);
    assert!(list.body.contains("rel=\"next\""));
}

#[tokio::test]
async fn a_mention_mails_the_member() {
    let app = TestApp::new().await;
    let c = community(&app, "Noemen").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna de Wit").await;
    let bert = person(&app, "bert@utrecht.nl", "Bert Bos").await;
    let cees = person(&app, "cees@utrecht.nl", "Cees").await;
    for u in [&anna, &bert] {
        app.store
            .join_community(c.id, u.id, &Origin::cli())
            .await
            .unwrap();
    }
    let (topic_id, _) = topic(&app, c.id, anna.id, "Wie weet dit?").await;
    let before = app.store.pending_mail_count().await.unwrap();
    let r = app
        .post_form(
            &format!("/gemeenschappen/{}/onderwerpen/{topic_id}/reacties", c.slug),
            &[("body", "Misschien weet @BertBos het, of @Cees?")],
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.pending_mail_count().await.unwrap(), before + 1);
    let mail = app.store.due_mail(100).await.unwrap();
    let to_bert: Vec<_> = mail.iter().filter(|m| m.to_addr == bert.email).collect();
    assert_eq!(to_bert.len(), 1);
    assert!(to_bert[0].subject.contains("Anna de Wit"));
    assert!(to_bert[0].body.contains(&format!(
        "/gemeenschappen/{}/onderwerpen/{topic_id}?page=1#post-",
        c.slug
    )));
    assert!(to_bert[0].body.contains("mentioned you"), "both languages");
    assert!(
        !mail.iter().any(|m| m.to_addr == cees.email),
        "not a member"
    );
}

#[tokio::test]
async fn the_api_lists_reads_and_writes_discussions() {
    let app = TestApp::new().await;
    let list = app
        .api(Method::GET, "/api/v1/communities", None, None)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let demo = list.json();
    assert_eq!(demo["total"], 5, "the demo communities");
    assert!(demo["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["demo"] == true));
    let c = community(&app, "Api").await;
    let anna = person(&app, "anna@utrecht.nl", "Anna").await;
    let token = app.token(&anna).await;
    let uri = format!("/api/v1/communities/{}/topics", c.slug);
    let body = serde_json::json!({"title": "Via de API", "body": "Hallo"});
    let refused = app
        .api(Method::POST, &uri, Some(&token), Some(body.clone()))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "not a member yet");
    app.store
        .join_community(c.id, anna.id, &Origin::cli())
        .await
        .unwrap();
    let created = app.api(Method::POST, &uri, Some(&token), Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/topics/{id}/replies"),
            Some(&token),
            Some(serde_json::json!({"body": "Een antwoord"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let detail = app
        .api(
            Method::GET,
            &format!("/api/v1/communities/{}", c.slug),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(detail["community"]["name_en"], "Api EN");
    assert_eq!(detail["topics"][0]["title"], "Via de API");
    assert_eq!(detail["topics"][0]["reply_count"], 1);
    let topic = app
        .api(Method::GET, &format!("/api/v1/topics/{id}"), None, None)
        .await
        .json();
    let bodies: Vec<_> = topic["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(bodies, ["Hallo", "Een antwoord"]);
    // Every route of the area is in the OpenAPI document; writes need a token.
    let doc = app.get("/api/v1/openapi.json").await.json();
    for (method, path) in [
        ("get", "/api/v1/communities"),
        ("get", "/api/v1/communities/{slug}"),
        ("post", "/api/v1/communities/{slug}/topics"),
        ("get", "/api/v1/topics/{id}"),
        ("post", "/api/v1/topics/{id}/replies"),
    ] {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} missing");
        if method == "post" {
            assert!(op["security"][0]["bearer"].is_array(), "{path}");
        }
    }
    let unconfirmed = app.user(Who::Unconfirmed).await.unwrap();
    let token = app.token(&unconfirmed).await;
    app.store
        .join_community(c.id, unconfirmed.id, &Origin::cli())
        .await
        .unwrap();
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/topics/{id}/replies"),
            Some(&token),
            Some(serde_json::json!({"body": "Mag niet"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_communities_are_marked_and_in_the_navigation() {
    let app = TestApp::new().await;
    let home = app.get("/").await;
    assert!(
        home.body.contains(">Gemeenschappen</a>"),
        "in the navigation"
    );
    let list = app.get("/gemeenschappen").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Datagedreven sociaal domein"));
    assert!(list.body.contains("lp-badge--demo"));
    let en = app.get("/gemeenschappen?lang=en").await;
    assert!(en.body.contains("Data-driven social domain"));
    let page = app.get("/gemeenschappen/open-data-en-datadelen").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("demo-inhoud") || page.body.contains("Dit is demo-inhoud"));
    assert!(page
        .body
        .contains("href=\"/themas/open-data-en-samenwerking\""));
    assert!(page
        .body
        .contains("href=\"/praktijken?theme=open-data-en-samenwerking\""));
    assert!(page.body.contains("Hoge-waardedatasets"));
    assert!(
        count(&page.body, "class=\"lp-card\"") <= 10,
        "at most 10 practices"
    );
    let broker = app.user(Who::Broker).await.unwrap();
    let signed_in = app.get_as("/gemeenschappen", Some(&broker)).await;
    assert!(signed_in.body.contains("data-testid=\"community-new\""));
    assert!(!list.body.contains("data-testid=\"community-new\""));
}
