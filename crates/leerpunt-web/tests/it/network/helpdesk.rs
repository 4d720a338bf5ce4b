//! The help desk: asking (with suggestions), the brokers' queue, assignment, threaded answers,
//! acceptance, promotion to the FAQ; following, the digest and the feeds.

use axum::http::{Method, StatusCode};
use leerpunt_core::helpdesk::{Digest, FaqInput, FollowKind, NewQuestion, QuestionState, Step};

use leerpunt_store::{Origin, QuestionFilter};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who};

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/helpdesk")
        || path.starts_with("/faq")
        || path.starts_with("/volgen")
        || path == "/account/digest"
        || path.starts_with("/api/v1/questions")
}

fn question(title: &str, public: bool) -> NewQuestion {
    NewQuestion {
        title: title.to_owned(),
        body: "Hoe pakken andere gemeenten dit aan?".to_owned(),
        themes: vec!["armoede-en-schulden".to_owned()],
        public,
        ..NewQuestion::default()
    }
}

fn faq_input(question: &str) -> FaqInput {
    FaqInput {
        question_nl: format!("{question}?"),
        question_en: "Is this a question?".to_owned(),
        answer_nl: "Ja, dat is zo.".to_owned(),
        answer_en: "Yes, it is.".to_owned(),
        theme: "datakwaliteit".to_owned(),
        question_id: None,
    }
}

/// A confirmed account that asks the questions the roles without one act on.
async fn asker(app: &TestApp) -> i64 {
    let origin = Origin::cli();
    if let Some(u) = app.store.user_by_email("asker@utrecht.nl").await.unwrap() {
        return u.id;
    }
    let u = app
        .store
        .create_user("asker@utrecht.nl", crate::PASSWORD, "Vrager", &origin)
        .await
        .unwrap();
    app.store.confirm_user(u.id, &origin).await.unwrap();
    u.id
}

/// A question of `owner` (the acting role's own where it has an account), with an answer by
/// someone else.
async fn question_with_answer(app: &TestApp, owner: i64, who: Who) -> (i64, i64) {
    let origin = Origin::cli();
    let q = app
        .store
        .ask_question(
            owner,
            &question(&format!("Vraag van {who:?}"), true),
            &[],
            &origin,
        )
        .await
        .unwrap();
    let a = app
        .store
        .add_answer(q.id, None, None, "Iemand", "Zo doen wij het.", &[], &origin)
        .await
        .unwrap();
    (q.id, a.id)
}

/// A public person (the demo people have public profiles).
async fn public_person(app: &TestApp) -> i64 {
    let people = app.store.public_people().await.unwrap();
    assert!(!people.is_empty(), "the demo has public people");
    people[0].id
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
    let owner = match user {
        Some(u) => u.id,
        None => asker(app).await,
    };
    let me = user.map_or(0, |u| u.id);
    let faq_fields = || {
        vec![
            ("question_nl", "Mag dat zomaar?".to_owned()),
            ("question_en", "Is that allowed?".to_owned()),
            ("answer_nl", "Ja.".to_owned()),
            ("answer_en", "Yes.".to_owned()),
            ("theme", "datakwaliteit".to_owned()),
        ]
    };
    let cell = |uri: String, fields: Vec<(&'static str, String)>, probe: Vec<i64>| AreaCell {
        uri,
        fields,
        json: None,
        probe,
    };
    Some(match path {
        "/helpdesk/vragen/nieuw" => cell(
            path.to_owned(),
            vec![
                ("title", format!("Nieuwe vraag van {who:?}")),
                ("body", "Wie weet dit?".to_owned()),
                ("public", "1".to_owned()),
            ],
            vec![0],
        ),
        "/api/v1/questions" => AreaCell {
            uri: path.to_owned(),
            fields: Vec::new(),
            json: Some(
                serde_json::json!({"title": format!("API-vraag van {who:?}"), "body": "Wie weet dit?", "public": true}),
            ),
            probe: vec![0],
        },
        "/helpdesk/opgelost" => cell(
            path.to_owned(),
            vec![("title", "Mijn vraag".to_owned())],
            vec![1],
        ),
        "/helpdesk/vragen/{id}/antwoorden" | "/api/v1/questions/{id}/answers" => {
            let (q, _) = question_with_answer(app, asker(app).await, who).await;
            let mut c = cell(
                path.replace("{id}", &q.to_string()),
                vec![("body", format!("Antwoord van {who:?}"))],
                vec![2, q],
            );
            if path.starts_with("/api/") {
                c.json = Some(serde_json::json!({"body": format!("Antwoord van {who:?}")}));
            }
            c
        }
        "/helpdesk/vragen/{id}/accepteren" => {
            let (q, a) = question_with_answer(app, owner, who).await;
            cell(
                path.replace("{id}", &q.to_string()),
                vec![("answer", a.to_string())],
                vec![3, q],
            )
        }
        "/helpdesk/vragen/{id}/sluiten" | "/helpdesk/vragen/{id}/afwijzen" => {
            let (q, _) = question_with_answer(app, owner, who).await;
            cell(
                path.replace("{id}", &q.to_string()),
                vec![("reason", "Hoort elders".to_owned())],
                vec![3, q],
            )
        }
        "/helpdesk/vragen/{id}/toewijzen" => {
            let (q, _) = question_with_answer(app, owner, who).await;
            cell(
                path.replace("{id}", &q.to_string()),
                vec![("assignee", format!("person:{}", public_person(app).await))],
                vec![3, q],
            )
        }
        "/helpdesk/vragen/{id}/faq" => {
            let (q, a) = question_with_answer(app, owner, who).await;
            app.store
                .question_step(q, &Step::Accept { answer_id: a }, &[], &origin)
                .await
                .unwrap();
            cell(
                path.replace("{id}", &q.to_string()),
                faq_fields(),
                vec![4, q],
            )
        }
        "/faq/nieuw" => cell(path.to_owned(), faq_fields(), vec![5]),
        "/faq/{id}/bewerken" => {
            let e = app
                .store
                .save_faq(None, &faq_input(&format!("Vraag {who:?}")), false, &origin)
                .await
                .unwrap();
            cell(
                path.replace("{id}", &e.id.to_string()),
                faq_fields(),
                vec![6, e.id],
            )
        }
        "/volgen" | "/volgen/stoppen" => {
            if path == "/volgen/stoppen" && me != 0 {
                app.store
                    .follow(me, FollowKind::Theme, "energietransitie", &origin)
                    .await
                    .unwrap();
            }
            cell(
                path.to_owned(),
                vec![
                    ("kind", "theme".to_owned()),
                    ("target", "energietransitie".to_owned()),
                    ("next", "/themas/energietransitie".to_owned()),
                ],
                vec![7, me],
            )
        }
        "/account/digest" => cell(
            path.to_owned(),
            vec![("digest", "daily".to_owned())],
            vec![8, me],
        ),
        _ => return None,
    })
}

/// What this area keeps for a cell.
pub async fn state(app: &TestApp, cell: &AreaCell) -> String {
    let store = &app.store;
    match cell.probe.as_slice() {
        [0] => {
            let (_, total) = store
                .questions(&QuestionFilter::default(), 1, 0)
                .await
                .unwrap();
            format!("questions {total}")
        }
        [1] => format!("deflected {:?}", store.helpdesk_counts().await.unwrap()),
        [2, q] => format!("answers {}", store.answers(*q).await.unwrap().len()),
        [3, q] => {
            let q = store.question(*q).await.unwrap();
            format!(
                "{:?} {:?} {:?} {}",
                q.state, q.accepted_answer_id, q.assignee, q.reason
            )
        }
        [4, q] => format!(
            "faq of {q}: {}",
            store.faq_of_question(*q).await.unwrap().len()
        ),
        [5] => format!("faq {}", store.faq_entries(None).await.unwrap().len()),
        [6, id] => format!("{:?}", store.faq_entry(*id).await.unwrap()),
        [7, 0] | [8, 0] => String::new(),
        [7, me] => format!("{:?}", store.follows(*me).await.unwrap()),
        [8, me] => format!("{:?}", store.digest_setting(*me).await.unwrap()),
        _ => String::new(),
    }
}

/// The mail queued so far to one address: (subject, body).
async fn mail_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    app.store
        .due_mail(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to_addr == to)
        .map(|m| (m.subject, m.body))
        .collect()
}

/// The whole path: ask with suggestions → submit → the broker assigns to an expert → the expert
/// answers → the asker accepts → the broker promotes the answer to the FAQ; mail at every step.
#[tokio::test]
async fn a_question_from_asking_to_the_faq() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    // The expert: an account with a public profile.
    let expert_user = app.user(Who::Outsider).await.unwrap();
    let expert = app
        .store
        .save_profile(
            expert_user.id,
            &leerpunt_core::account::ProfileInput {
                name: "Eva Expert".into(),
                role: "Adviseur schulden".into(),
                expertise: "vroegsignalering, schulden".into(),
                public: true,
            },
            &Origin::cli(),
        )
        .await
        .unwrap();
    app.state.catch_up_search().await;

    // Suggestions for the text typed so far (no JavaScript: a GET of the same form).
    let r = app
        .get_as(
            "/helpdesk/vragen/nieuw?title=Vroegsignalering+van+betalingsachterstanden&body=huur+en+energie",
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"suggestions\""), "{}", r.body);
    assert!(r.body.contains("data-testid=\"suggest-practice\""));
    assert!(r
        .body
        .contains("/praktijken/vroegsignalering-schulden-zwolle"));

    // Ask.
    let r = app
        .post_form(
            "/helpdesk/vragen/nieuw",
            &[
                ("title", "Hoe signaleren we betalingsachterstanden eerder?"),
                ("body", "Wij willen **huurachterstanden** eerder zien."),
                ("themes", "armoede-en-schulden"),
                ("public", "1"),
                ("lang", "nl"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .trim_start_matches("/helpdesk/vragen/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let q = app.store.question(id).await.unwrap();
    assert_eq!(q.state, QuestionState::Open);
    assert_eq!(q.asker_id, Some(member.id));
    assert!(q.public);
    assert_eq!(q.themes, vec!["armoede-en-schulden".to_owned()]);
    assert!(
        !mail_to(&app, &broker.email).await.is_empty(),
        "the brokers hear of a new question"
    );

    // The queue shows it, oldest first, to brokers only.
    let r = app.get_as("/helpdesk/wachtrij", Some(&broker)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("/helpdesk/vragen/{id}")));
    let r = app.get_as("/helpdesk/wachtrij", Some(&member)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The broker sees the expert matchmaking suggests, and assigns.
    let r = app
        .get_as(&format!("/helpdesk/vragen/{id}"), Some(&broker))
        .await;
    assert!(r.body.contains("data-testid=\"broker-panel\""));
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{id}/toewijzen"),
            &[("assignee", &format!("person:{}", expert.id))],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = app.store.question(id).await.unwrap();
    assert_eq!(q.state, QuestionState::Assigned);
    assert_eq!(q.assignee_user_id, Some(expert_user.id));
    let to_expert = mail_to(&app, &expert_user.email).await;
    assert_eq!(to_expert.len(), 1, "{to_expert:?}");
    assert!(to_expert[0].1.contains(&format!("/helpdesk/vragen/{id}")));
    assert!(
        !mail_to(&app, &member.email).await.is_empty(),
        "the asker hears of it"
    );

    // The expert answers; a broker replies under it.
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{id}/antwoorden"),
            &[("body", "Koppel de signalen van **woningcorporaties**.")],
            Some(&expert_user),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let answers = app.store.answers(id).await.unwrap();
    assert_eq!(answers.len(), 1);
    let answer = answers[0].id;
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{id}/antwoorden"),
            &[
                ("body", "Aanvulling: kijk ook naar energie."),
                ("parent", &answer.to_string()),
            ],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let answers = app.store.answers(id).await.unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[1].parent_id, Some(answer));
    let answered_mail = mail_to(&app, &member.email).await;
    assert!(
        answered_mail.iter().any(|(s, _)| s.contains("antwoord")),
        "{answered_mail:?}"
    );

    // Someone else may not accept; the asker does.
    let other = app.user(Who::Editor).await.unwrap();
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{id}/accepteren"),
            &[("answer", &answer.to_string())],
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.question(id).await.unwrap().state,
        QuestionState::Assigned
    );
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{id}/accepteren"),
            &[("answer", &answer.to_string())],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let q = app.store.question(id).await.unwrap();
    assert_eq!(q.state, QuestionState::Answered);
    assert_eq!(q.accepted_answer_id, Some(answer));
    let page = app.get(&format!("/helpdesk/vragen/{id}")).await;
    assert!(page.body.contains("data-testid=\"accepted\""));
    assert!(page.body.contains("<strong>woningcorporaties</strong>"));

    // The broker promotes it into a bilingual FAQ entry that links back.
    let r = app
        .get_as(&format!("/helpdesk/vragen/{id}/faq"), Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("woningcorporaties"),
        "the form starts from the answer"
    );
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{id}/faq"),
            &[
                (
                    "question_nl",
                    "Hoe signaleer je betalingsachterstanden eerder?",
                ),
                ("answer_nl", "Koppel de signalen van woningcorporaties."),
                ("question_en", "How do you spot payment arrears earlier?"),
                ("answer_en", "Combine the signals of housing corporations."),
                ("theme", "armoede-en-schulden"),
            ],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let entries = app.store.faq_of_question(id).await.unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    let page = app.get(&format!("{}?lang=en", r.location())).await;
    assert!(page
        .body
        .contains("How do you spot payment arrears earlier?"));
    assert!(page.body.contains(&format!("/helpdesk/vragen/{id}")));
    let list = app.get("/faq").await;
    assert!(list.body.contains(&format!("/faq/{}", entry.id)));
}

#[tokio::test]
async fn private_questions_are_seen_by_their_asker_and_the_brokers_only() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let other = app.user(Who::Editor).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    let q = app
        .store
        .ask_question(
            member.id,
            &question("Een vertrouwelijke vraag", false),
            &[],
            &Origin::cli(),
        )
        .await
        .unwrap();
    app.state.catch_up_search().await;
    let uri = format!("/helpdesk/vragen/{}", q.id);
    assert_eq!(app.get(&uri).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_as(&uri, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get_as(&uri, Some(&member)).await.status, StatusCode::OK);
    assert_eq!(app.get_as(&uri, Some(&broker)).await.status, StatusCode::OK);
    let api = app
        .api(
            Method::GET,
            &format!("/api/v1/questions/{}", q.id),
            None,
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let list = app.get("/helpdesk").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("data-testid=\"questions\""),
        "the demo's public questions"
    );
    assert!(!list.body.contains("Een vertrouwelijke vraag"));
    let mine = app.get_as("/helpdesk", Some(&member)).await;
    assert!(
        mine.body.contains("Een vertrouwelijke vraag"),
        "the asker's own list: {}",
        mine.body.split("<main").nth(1).unwrap_or("")
    );
    // Answering it as someone who may not see it is a 404 and stores nothing.
    let r = app
        .post_form(
            &format!("{uri}/antwoorden"),
            &[("body", "Hallo")],
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(app.store.answers(q.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let count = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            store
                .questions(&QuestionFilter::default(), 1, 0)
                .await
                .unwrap()
                .1
        }
    };
    let before = count(&app).await;
    for (title, body) in [
        ("Een goede titel", ""),
        ("Een goede titel", &*"x".repeat(100_000)),
        ("", "Een tekst"),
    ] {
        let r = app
            .post_form(
                "/helpdesk/vragen/nieuw",
                &[("title", title), ("body", body)],
                Some(&member),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{title:?}");
        assert!(r.body.contains("lp-field-error"));
    }
    let r = app
        .post_form(
            "/helpdesk/vragen/nieuw",
            &[
                ("title", "Een goede titel"),
                ("body", "Tekst"),
                ("themes", "astrologie"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app).await, before, "nothing stored");

    // Script in every field is shown as text.
    let script = "<script>alert(1)</script>";
    let q = app
        .store
        .ask_question(
            member.id,
            &NewQuestion {
                title: format!("Titel {script}"),
                body: format!("Tekst {script}"),
                public: true,
                ..NewQuestion::default()
            },
            &[],
            &Origin::cli(),
        )
        .await
        .unwrap();
    app.store
        .add_answer(
            q.id,
            None,
            Some(member.id),
            script,
            script,
            &[],
            &Origin::cli(),
        )
        .await
        .unwrap();
    app.state.catch_up_search().await;
    let page = app.get(&format!("/helpdesk/vragen/{}", q.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(script), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;"));

    // Unknown ids.
    for uri in [
        "/helpdesk/vragen/999999",
        "/helpdesk/vragen/abc",
        "/faq/999999",
        "/faq/-1",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let r = app
        .post_form(
            "/helpdesk/vragen/999999/antwoorden",
            &[("body", "Hallo")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Closed: no more answers, in the page's language.
    app.store
        .question_step(q.id, &Step::Close, &[], &Origin::cli())
        .await
        .unwrap();
    let before = app.store.answers(q.id).await.unwrap().len();
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{}/antwoorden?lang=en", q.id),
            &[("body", "Nog iets")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("This question is closed"), "{}", r.body);
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{}/antwoorden", q.id),
            &[("body", "Nog iets")],
            Some(&member),
        )
        .await;
    assert!(r.body.contains("Deze vraag is gesloten"));
    assert_eq!(app.store.answers(q.id).await.unwrap().len(), before);

    // Accepting an answer of another question is refused.
    let (other_q, other_a) = question_with_answer(&app, member.id, Who::Member).await;
    let r = app
        .post_form(
            &format!("/helpdesk/vragen/{}/accepteren", q.id),
            &[("answer", &other_a.to_string())],
            Some(&member),
        )
        .await;
    assert!(r.status.is_client_error());
    assert_eq!(
        app.store
            .question(other_q)
            .await
            .unwrap()
            .accepted_answer_id,
        None
    );
}

#[tokio::test]
async fn the_suggestions_answering_a_question_is_counted() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let (before, _) = app.store.helpdesk_counts().await.unwrap();
    let r = app
        .post_form(
            "/helpdesk/opgelost",
            &[("title", "Vroegsignalering"), ("body", "schulden")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"deflected\""));
    let (after, _) = app.store.helpdesk_counts().await.unwrap();
    assert_eq!(after, before + 1);
}

#[tokio::test]
async fn following_shows_on_the_account_and_the_digest_lists_what_is_new() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let r = app
        .post_form(
            "/volgen",
            &[
                ("kind", "theme"),
                ("target", "armoede-en-schulden"),
                ("next", "/themas/armoede-en-schulden"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/themas/armoede-en-schulden");
    let follows = app.store.follows(member.id).await.unwrap();
    assert_eq!(
        follows,
        vec![(FollowKind::Theme, "armoede-en-schulden".to_owned())]
    );
    let account = app.get_as("/account", Some(&member)).await;
    assert!(account.body.contains("data-testid=\"following\""));
    let listed = account
        .body
        .split("data-testid=\"following\"")
        .nth(1)
        .unwrap_or("");
    assert!(listed.contains("Armoede en schulden"), "{listed}");
    let theme = app
        .get_as("/themas/armoede-en-schulden", Some(&member))
        .await;
    assert!(
        theme.body.contains("/volgen/stoppen"),
        "the button says unfollow"
    );

    // Unknown things cannot be followed; an outside "next" is not followed.
    let r = app
        .post_form(
            "/volgen",
            &[("kind", "theme"), ("target", "astrologie")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post_form(
            "/volgen",
            &[("kind", "planet"), ("target", "x")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .post_form(
            "/volgen",
            &[
                ("kind", "organisation"),
                ("target", "GM0344"),
                ("next", "//evil.example"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.location(), "/account");
    assert_eq!(app.store.follows(member.id).await.unwrap().len(), 2);

    // The digest: daily, then something new in the theme.
    let r = app
        .post_form("/account/digest", &[("digest", "daily")], Some(&member))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.digest_setting(member.id).await.unwrap(),
        Digest::Daily
    );
    let r = app
        .post_form("/account/digest", &[("digest", "hourly")], Some(&member))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.store.digest_setting(member.id).await.unwrap(),
        Digest::Daily
    );
    let asker = asker(&app).await;
    app.store
        .ask_question(
            asker,
            &question("Een nieuwe vraag over schulden", true),
            &[],
            &Origin::cli(),
        )
        .await
        .unwrap();
    let tomorrow = (time::OffsetDateTime::now_utc() + time::Duration::days(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let sent = leerpunt_web::actions::follows::send_digests(
        &app.store,
        "http://127.0.0.1:8080",
        &tomorrow,
    )
    .await
    .unwrap();
    assert_eq!(sent, 1);
    let digest = mail_to(&app, &member.email).await;
    assert_eq!(digest.len(), 1, "{digest:?}");
    assert!(
        digest[0].1.contains("Een nieuwe vraag over schulden"),
        "{}",
        digest[0].1
    );
    assert!(
        !digest[0].1.contains("Windturbines"),
        "only what is followed"
    );
    // Nothing new since: no second mail.
    let sent = leerpunt_web::actions::follows::send_digests(
        &app.store,
        "http://127.0.0.1:8080",
        &tomorrow,
    )
    .await
    .unwrap();
    assert_eq!(sent, 0);
    assert_eq!(mail_to(&app, &member.email).await.len(), 1);
}

#[tokio::test]
async fn feeds_are_valid_atom() {
    let app = TestApp::new().await;
    let origin = Origin::cli();
    app.store
        .save_faq(None, &faq_input("Wat is een datasteward"), false, &origin)
        .await
        .unwrap();
    app.state.catch_up_search().await;
    for (uri, expect) in [
        ("/feeds/faq", "Wat is een datasteward?"),
        ("/feeds/themas/armoede-en-schulden", "Vroegsignalering"),
        ("/feeds/organisaties/GM0193", "Zwolle"),
        ("/feeds/helpdesk", ""),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let feed = feed_rs::parser::parse(r.body.as_bytes())
            .unwrap_or_else(|e| panic!("{uri} is not a valid feed: {e}\n{}", r.body));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        if !expect.is_empty() {
            assert!(!feed.entries.is_empty(), "{uri} has entries");
            assert!(
                feed.entries
                    .iter()
                    .any(|e| e.title.as_ref().is_some_and(|t| t.content.contains(expect))),
                "{uri}: {expect}"
            );
            assert!(feed.entries.iter().all(|e| !e.links.is_empty()));
        }
    }
    let r = app.get("/feeds/themas/astrologie").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_asks_and_answers_with_a_token() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let token = app.token(&member).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(&token),
            Some(serde_json::json!({"title": "Een vraag via de API", "body": "Tekst", "public": true, "lang": "nl"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{id}/answers"),
            Some(&token),
            Some(serde_json::json!({"body": "Een antwoord"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    app.state.catch_up_search().await;
    let r = app
        .api(Method::GET, &format!("/api/v1/questions/{id}"), None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["answers"].as_array().unwrap().len(), 1);
    let r = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(&token),
            Some(serde_json::json!({"title": "", "body": ""})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let faq = app.api(Method::GET, "/api/v1/faq", None, None).await;
    assert_eq!(faq.status, StatusCode::OK);
    let entries = faq.json();
    let entries = entries.as_array().unwrap();
    assert!(!entries.is_empty(), "the demo FAQ");
    assert!(entries
        .iter()
        .all(|e| !e["question"]["en"].as_str().unwrap().is_empty()));
}
