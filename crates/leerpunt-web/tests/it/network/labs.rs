//! Shared data labs: describing a lab, requesting access, the exchange between requester and the
//! owner's editors with mail at every step, the consent to be named, bad input, the API.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use axum::http::{Method, StatusCode};
use leerpunt_core::labs::{RequestInput, RequestState, RequestStep};
use leerpunt_store::Origin;

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, ORG, PASSWORD};

/// The demo lab of [`ORG`] (gemeente Utrecht), which the `Editor` role edits.
pub const ORG_LAB: &str = "datalab-utrecht";
/// A demo lab of an organisation none of the roles edits (CBS).
const OTHER_LAB: &str = "statistisch-rekenlab-cbs";

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/datalabs") || path.starts_with("/api/v1/labs")
}

fn request_input(purpose: &str) -> RequestInput {
    RequestInput {
        purpose: purpose.to_owned(),
        from: "2027-01-01".to_owned(),
        to: "2027-03-31".to_owned(),
        needs: "Rekenkracht en R".to_owned(),
        may_show: false,
    }
}

/// A confirmed account of another organisation than Utrecht that makes the requests roles
/// without an account of their own act on.
async fn requester(app: &TestApp) -> i64 {
    let origin = Origin::cli();
    if let Some(u) = app
        .store
        .user_by_email("aanvrager@zwolle.nl")
        .await
        .unwrap()
    {
        return u.id;
    }
    let u = app
        .store
        .create_user("aanvrager@zwolle.nl", PASSWORD, "Aanvrager", &origin)
        .await
        .unwrap();
    app.store.confirm_user(u.id, &origin).await.unwrap();
    u.id
}

/// A stored request of `requester_id` for the lab at `slug`, in state `requested`.
async fn request_for(app: &TestApp, slug: &str, requester_id: i64, purpose: &str) -> i64 {
    let lab = app.store.lab(slug).await.unwrap();
    app.store
        .request_lab_access(
            lab.id,
            requester_id,
            &request_input(purpose),
            &[],
            &Origin::cli(),
        )
        .await
        .unwrap()
        .id
}

fn lab_fields(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("owner", ORG.to_owned()),
        ("name_nl", name.to_owned()),
        ("name_en", format!("{name} (en)")),
        ("description_nl", "Een lab om te delen.".to_owned()),
        ("description_en", "A lab to share.".to_owned()),
        ("offerings", "compute".to_owned()),
        ("contact", "lab@utrecht.nl".to_owned()),
    ]
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
    let form = |uri: String, fields: Vec<(&'static str, String)>| AreaCell {
        uri,
        fields,
        json: None,
        probe: Vec::new(),
    };
    // The acting role's own request where it has an account; otherwise someone else's.
    let own = match user {
        Some(u) => u.id,
        None => requester(app).await,
    };
    Some(match path {
        "/datalabs/nieuw" => form(path.to_owned(), lab_fields(&format!("Lab van {who:?}"))),
        "/datalabs/{slug}/bewerken" => form(
            format!("/datalabs/{ORG_LAB}/bewerken"),
            lab_fields(&format!("Bewerkt door {who:?}")),
        ),
        "/datalabs/{slug}/aanvragen" => form(
            format!("/datalabs/{ORG_LAB}/aanvragen"),
            vec![
                ("purpose", format!("Onderzoek van {who:?}")),
                ("from", "2027-01-01".to_owned()),
                ("to", "2027-02-01".to_owned()),
                ("needs", "Rekenkracht".to_owned()),
            ],
        ),
        "/api/v1/labs/{slug}/requests" => AreaCell {
            uri: format!("/api/v1/labs/{ORG_LAB}/requests"),
            fields: Vec::new(),
            json: Some(serde_json::json!({
                "purpose": format!("API-onderzoek van {who:?}"), "from": "2027-01-01", "to": "2027-02-01", "needs": "Data"
            })),
            probe: Vec::new(),
        },
        "/datalabs/aanvragen/{id}/vraag"
        | "/datalabs/aanvragen/{id}/accepteren"
        | "/datalabs/aanvragen/{id}/afwijzen" => {
            let id =
                request_for(app, ORG_LAB, requester(app).await, &format!("Voor {who:?}")).await;
            form(
                path.replace("{id}", &id.to_string()),
                vec![
                    ("message", "Welke gegevens precies?".to_owned()),
                    ("conditions", "Alleen in het lab.".to_owned()),
                    ("reason", "Het lab is vol.".to_owned()),
                ],
            )
        }
        "/datalabs/aanvragen/{id}/reageren"
        | "/datalabs/aanvragen/{id}/intrekken"
        | "/datalabs/aanvragen/{id}/tonen" => {
            let id = request_for(app, OTHER_LAB, own, &format!("Van {who:?}")).await;
            if path.ends_with("/reageren") {
                app.store
                    .lab_request_step(
                        id,
                        &RequestStep::Ask {
                            message: "Waarvoor?".to_owned(),
                        },
                        (None, "CBS"),
                        &[],
                        &Origin::cli(),
                    )
                    .await
                    .unwrap();
            }
            form(
                path.replace("{id}", &id.to_string()),
                vec![
                    ("message", "Voor een onderzoek.".to_owned()),
                    ("consent", "1".to_owned()),
                ],
            )
        }
        _ => return None,
    })
}

/// What this area keeps, read back through the store: every lab's text and every request's
/// state, consents and exchange.
pub async fn state(app: &TestApp, _cell: &AreaCell) -> String {
    let labs = app.store.labs(None).await.unwrap();
    let mut h = DefaultHasher::new();
    let mut requests = 0;
    for l in &labs {
        (&l.slug, &l.name_nl, &l.name_en, &l.contact).hash(&mut h);
        for r in app.store.lab_requests_of_lab(l.id).await.unwrap() {
            requests += 1;
            (
                r.id,
                r.state.key(),
                r.requester_consent,
                r.owner_consent,
                &r.purpose,
            )
                .hash(&mut h);
            app.store
                .lab_request_messages(r.id)
                .await
                .unwrap()
                .len()
                .hash(&mut h);
        }
    }
    format!(
        "{} labs, {requests} requests, {:016x}",
        labs.len(),
        h.finish()
    )
}

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

async fn audit_actions(app: &TestApp) -> Vec<String> {
    app.store
        .audit_log(1000, 0)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// The whole path: a member of another organisation requests access, the owner's editor asks a
/// question, the member answers, the editor grants access; mail at every step, the exchange
/// kept, the lab's page counts the grant and names the pair once both agreed.
#[tokio::test]
async fn a_request_from_asking_to_granted_with_mail_at_every_step() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let before = app.store.lab(ORG_LAB).await.unwrap().granted;

    let r = app
        .post_form(
            &format!("/datalabs/{ORG_LAB}/aanvragen"),
            &[
                ("purpose", "Schuldensignalen vergelijken"),
                ("from", "2027-01-01"),
                ("to", "2027-06-30"),
                ("needs", "Het analyseplatform"),
                ("may_show", "1"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let stored = app.store.lab_request(id).await.unwrap();
    assert_eq!(stored.state, RequestState::Requested);
    assert_eq!(
        (stored.from.as_str(), stored.to.as_str()),
        ("2027-01-01", "2027-06-30")
    );
    assert!(stored.requester_consent);
    let to_editor = mail_to(&app, &editor.email).await;
    assert_eq!(to_editor.len(), 1, "the owner's editor is told");
    assert!(
        to_editor[0].0.contains("Datalab Utrecht"),
        "{:?}",
        to_editor[0]
    );
    assert!(to_editor[0].1.contains("/datalabs/aanvragen"));
    assert_eq!(mail_to(&app, &member.email).await.len(), 1, "a receipt");

    // Both see the request; another member does not.
    for u in [&editor, &member] {
        let page = app
            .get_as(&format!("/datalabs/aanvragen/{id}"), Some(u))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Schuldensignalen vergelijken"));
    }
    let stranger = app.user(Who::Outsider).await.unwrap();
    let r = app
        .get_as(&format!("/datalabs/aanvragen/{id}"), Some(&stranger))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let overview = app.get_as("/datalabs/aanvragen", Some(&editor)).await;
    assert!(overview
        .body
        .contains("data-testid=\"incoming-lab-requests\""));
    assert!(overview.body.contains(&format!("/datalabs/aanvragen/{id}")));
    let overview = app.get_as("/datalabs/aanvragen", Some(&member)).await;
    assert!(overview.body.contains("data-testid=\"own-lab-requests\""));

    let step = |path: &'static str, fields: Vec<(&'static str, &'static str)>, user: TestUser| {
        let app = &app;
        async move {
            let r = app
                .post_form(
                    &format!("/datalabs/aanvragen/{id}/{path}"),
                    &fields,
                    Some(&user),
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
            app.store.lab_request(id).await.unwrap().state
        }
    };
    let asked = step(
        "vraag",
        vec![("message", "Welke periode precies?")],
        editor.clone(),
    )
    .await;
    assert_eq!(asked, RequestState::Question);
    assert_eq!(mail_to(&app, &member.email).await.len(), 2);
    let replied = step(
        "reageren",
        vec![("message", "Het eerste halfjaar.")],
        member.clone(),
    )
    .await;
    assert_eq!(replied, RequestState::Requested);
    assert_eq!(mail_to(&app, &editor.email).await.len(), 2);
    let granted = step(
        "accepteren",
        vec![
            ("conditions", "Alleen geaggregeerde uitvoer."),
            ("may_show", "1"),
        ],
        editor.clone(),
    )
    .await;
    assert_eq!(granted, RequestState::Accepted);
    let to_member = mail_to(&app, &member.email).await;
    assert_eq!(to_member.len(), 3);
    assert!(to_member[2].0.contains("toegekend") && to_member[2].0.contains("granted"));

    let messages = app.store.lab_request_messages(id).await.unwrap();
    let kinds: Vec<&str> = messages.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["ask", "reply", "accept"]);
    assert_eq!(messages[2].body, "Alleen geaggregeerde uitvoer.");
    let audit = audit_actions(&app).await;
    for action in [
        "lab_request.create",
        "lab_request.ask",
        "lab_request.reply",
        "lab_request.accept",
    ] {
        assert!(audit.iter().any(|a| a == action), "{action} audited");
    }

    // The lab's page counts the grant and names the pair: both agreed.
    assert_eq!(app.store.lab(ORG_LAB).await.unwrap().granted, before + 1);
    let page = app.get(&format!("/datalabs/{ORG_LAB}")).await;
    assert!(page.body.contains("data-testid=\"lab-shown\""));
    // A decided request takes no more steps.
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/intrekken"),
            &[],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Withdrawing the consent hides the name again; the count stays.
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/tonen"),
            &[("consent", "0")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/datalabs/{ORG_LAB}")).await;
    assert!(!page.body.contains("data-testid=\"lab-shown\""));
    assert_eq!(app.store.lab(ORG_LAB).await.unwrap().granted, before + 1);
}

/// Names appear only when both sides agreed: the owner's consent alone is not enough.
#[tokio::test]
async fn names_are_shown_only_when_requester_and_owner_agree() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let shy = requester(&app).await;
    let id = request_for(&app, ORG_LAB, shy, "Verlegen onderzoek").await;
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/accepteren"),
            &[("conditions", ""), ("may_show", "1")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let request = app.store.lab_request(id).await.unwrap();
    assert!(request.owner_consent && !request.requester_consent && !request.shown());
    let page = app.get(&format!("/datalabs/{ORG_LAB}")).await;
    assert!(
        !page.body.contains("Aanvrager"),
        "not named without consent"
    );
    assert!(page.body.contains("1 keer toegang verleend"), "but counted");
}

/// A member declines to wait: withdrawing tells the owner's editors; a declined request carries
/// its reason.
#[tokio::test]
async fn requests_can_be_withdrawn_and_declined_with_a_reason() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let first = request_for(&app, ORG_LAB, member.id, "Eerste").await;
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{first}/intrekken"),
            &[],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.lab_request(first).await.unwrap().state,
        RequestState::Withdrawn
    );
    assert_eq!(mail_to(&app, &editor.email).await.len(), 1);

    let second = request_for(&app, ORG_LAB, member.id, "Tweede").await;
    // A decline needs a reason: refused in the page's language, nothing stored.
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{second}/afwijzen?lang=en"),
            &[("reason", "  ")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Write a message."), "{}", r.body);
    assert_eq!(
        app.store.lab_request(second).await.unwrap().state,
        RequestState::Requested
    );
    assert!(app
        .store
        .lab_request_messages(second)
        .await
        .unwrap()
        .is_empty());
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{second}/afwijzen"),
            &[("reason", "Het lab zit vol tot de zomer.")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app
        .get_as(&format!("/datalabs/aanvragen/{second}"), Some(&member))
        .await;
    assert!(page.body.contains("Het lab zit vol tot de zomer."));
    assert!(page.body.contains("Afgewezen"));
    let to_member = mail_to(&app, &member.email).await;
    assert!(to_member.iter().any(|(s, _)| s.contains("afgewezen")));
}

/// Bad input on every form and route: a clear 4xx in the page's language, nothing stored.
#[tokio::test]
async fn bad_input_is_refused_in_the_pages_language_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let other = app.user(Who::OtherEditor).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let outbox = app.store.pending_mail_count().await.unwrap();

    // The period runs backwards.
    let reversed = [
        ("purpose", "Onderzoek"),
        ("from", "2027-05-01"),
        ("to", "2027-01-01"),
        ("needs", "Data"),
    ];
    let r = app
        .post_form(
            &format!("/datalabs/{ORG_LAB}/aanvragen"),
            &reversed,
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("De einddatum ligt vóór de begindatum."),
        "{}",
        r.body
    );
    let r = app
        .post_form(
            &format!("/datalabs/{ORG_LAB}/aanvragen?lang=en"),
            &reversed,
            Some(&member),
        )
        .await;
    assert!(r.body.contains("The end date is before the start date."));
    // Empty and 100 kB fields, not a date.
    let huge = "x".repeat(100_000);
    for fields in [
        vec![
            ("purpose", ""),
            ("from", "2027-01-01"),
            ("to", "2027-02-01"),
            ("needs", ""),
        ],
        vec![
            ("purpose", huge.as_str()),
            ("from", "2027-01-01"),
            ("to", "2027-02-01"),
            ("needs", "x"),
        ],
        vec![
            ("purpose", "x"),
            ("from", "morgen"),
            ("to", "2027-02-01"),
            ("needs", "x"),
        ],
    ] {
        let r = app
            .post_form(
                &format!("/datalabs/{ORG_LAB}/aanvragen"),
                &fields,
                Some(&member),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    // Requesting one's own organisation's lab: refused with the reason, in the page's language.
    let own = [
        ("purpose", "Eigen lab"),
        ("from", "2027-01-01"),
        ("to", "2027-02-01"),
        ("needs", "Data"),
    ];
    let r = app
        .post_form(
            &format!("/datalabs/{ORG_LAB}/aanvragen"),
            &own,
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("Dit lab is van uw eigen organisatie"),
        "{}",
        r.body
    );
    let r = app
        .post_form(
            &format!("/datalabs/{ORG_LAB}/aanvragen?lang=en"),
            &own,
            Some(&editor),
        )
        .await;
    assert!(r.body.contains("This lab belongs to your own organisation"));
    // A member who works for Utrecht (no editor) is refused too.
    app.store
        .set_user_organisation(member.id, Some(ORG), &Origin::cli())
        .await
        .unwrap();
    let r = app
        .post_form(
            &format!("/datalabs/{ORG_LAB}/aanvragen"),
            &own,
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Unknown labs and requests.
    let r = app
        .post_form("/datalabs/bestaat-niet/aanvragen", &own, Some(&other))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for uri in [
        "/datalabs/aanvragen/999999",
        "/datalabs/aanvragen/abc",
        "/datalabs/bestaat-niet",
    ] {
        assert_eq!(
            app.get_as(uri, Some(&editor)).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    let r = app
        .post_form("/datalabs/aanvragen/999999/accepteren", &[], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.get("/datalabs?aanbod=quantum").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // An editor of another organisation decides on Utrecht's request: refused.
    let requester_id = requester(&app).await;
    let id = request_for(&app, ORG_LAB, requester_id, "Een aanvraag").await;
    let after_request = state(&app, &dummy()).await;
    let mails = app.store.pending_mail_count().await.unwrap();
    for (path, fields) in [
        ("accepteren", vec![("conditions", "")]),
        ("afwijzen", vec![("reason", "Nee")]),
        ("vraag", vec![("message", "Waarom?")]),
    ] {
        let r = app
            .post_form(
                &format!("/datalabs/aanvragen/{id}/{path}"),
                &fields,
                Some(&other),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(state(&app, &dummy()).await, after_request);
    assert_eq!(app.store.pending_mail_count().await.unwrap(), mails);

    // The lab form: javascript: as contact, script in the name, no offering, an empty English name.
    let mut fields = lab_fields("Nieuw lab");
    fields.retain(|(k, _)| *k != "contact" && *k != "offerings" && *k != "name_en");
    fields.push(("contact", "javascript:alert(1)".to_owned()));
    fields.push(("name_en", String::new()));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post_form("/datalabs/nieuw", &refs, Some(&editor)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.body.replace("&#x2f;", "/");
    for text in [
        "Vul een e-mailadres in of een webadres dat begint met https://.",
        "Kies ten minste één soort aanbod uit de lijst.",
        "Vul een Engelse naam in van 3 tot 150 tekens.",
    ] {
        assert!(body.contains(text), "missing {text}");
    }
    let r = app
        .post_form("/datalabs/nieuw?lang=en", &refs, Some(&editor))
        .await;
    assert!(r
        .body
        .contains("Choose at least one offering from the list."));
    assert_eq!(state(&app, &dummy()).await, after_request);

    // Script in a field is kept as text and shown escaped.
    let mut fields = lab_fields("<script>alert(1)</script> Lab");
    fields.push((
        "description_nl",
        "<script>alert(2)</script>\n\n**vet**".to_owned(),
    ));
    fields.retain(|(k, v)| *k != "description_nl" || v.contains("script"));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post_form("/datalabs/nieuw", &refs, Some(&editor)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(r.location()).await;
    assert!(
        !page.body.contains("<script>alert"),
        "no script reaches the page"
    );
    assert!(page.body.contains("&lt;script&gt;alert(1)"));
    assert!(page.body.contains("<strong>vet</strong>"));

    // No mail was queued for any refused request.
    assert_eq!(app.store.pending_mail_count().await.unwrap(), outbox);
}

fn dummy() -> AreaCell {
    AreaCell {
        uri: String::new(),
        fields: Vec::new(),
        json: None,
        probe: Vec::new(),
    }
}

/// The list filters by offering; the demo has six labs and three requests in different states.
#[tokio::test]
async fn the_demo_labs_are_listed_and_filtered_by_offering() {
    let app = TestApp::new().await;
    let all = app.store.labs(None).await.unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.iter().all(|l| l.demo));
    let mut states = Vec::new();
    for l in &all {
        for r in app.store.lab_requests_of_lab(l.id).await.unwrap() {
            assert!(r.demo);
            states.push(r.state.key());
        }
    }
    states.sort_unstable();
    assert_eq!(states, ["accepted", "declined", "question"]);
    let page = app.get("/datalabs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("href=\"/datalabs/").count()
            - page.body.matches("href=\"/datalabs/aanvragen").count(),
        6
    );
    let secure = app.get("/datalabs?aanbod=secure-environment").await;
    assert!(secure.body.contains("Veilige analyseomgeving Amsterdam"));
    assert!(!secure.body.contains("Datalab Utrecht"));
    let en = app.get("/datalabs?lang=en").await;
    assert!(en.body.contains("Shared data labs") && en.body.contains("Statistical computing lab"));
    // The granted demo request names its requester (both agreed).
    let cbs = app.get("/datalabs/statistisch-rekenlab-cbs").await;
    assert!(cbs.body.contains("Femke Jansen"));
    assert!(cbs.body.contains("1 keer toegang verleend"));
    // Visitors are invited to log in, not shown a form.
    assert!(cbs
        .body
        .contains("/login?next=/datalabs/statistisch-rekenlab-cbs"));
}

/// Editors and brokers describe and edit labs; the owner and address stay on edit.
#[tokio::test]
async fn editors_describe_and_edit_their_labs() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let form = app.get_as("/datalabs/nieuw", Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("value=\"{ORG}\"")));
    let member = app.user(Who::Member).await.unwrap();
    assert_eq!(
        app.get_as("/datalabs/nieuw", Some(&member)).await.status,
        StatusCode::FORBIDDEN
    );
    let fields = lab_fields("Rekenhuis Utrecht");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post_form("/datalabs/nieuw", &refs, Some(&editor)).await;
    assert_eq!(r.location(), "/datalabs/rekenhuis-utrecht");
    let again = app.post_form("/datalabs/nieuw", &refs, Some(&editor)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again
        .body
        .contains("Er is al een datalab met dit webadres."));
    let mut fields = lab_fields("Rekenhuis Utrecht (nieuw)");
    fields.push(("owner", "GM0363".to_owned()));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form("/datalabs/rekenhuis-utrecht/bewerken", &refs, Some(&editor))
        .await;
    assert_eq!(r.location(), "/datalabs/rekenhuis-utrecht");
    let lab = app.store.lab("rekenhuis-utrecht").await.unwrap();
    assert_eq!(lab.name_nl, "Rekenhuis Utrecht (nieuw)");
    assert_eq!(lab.owner, ORG, "the owner stays");
    assert!(audit_actions(&app).await.iter().any(|a| a == "lab.update"));
}

/// The JSON API: list, one lab, requesting with a token (scope `labs:request`).
#[tokio::test]
async fn the_api_lists_labs_and_requests_access_with_a_token() {
    let app = TestApp::new().await;
    let r = app
        .api(Method::GET, "/api/v1/labs?offering=data", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.json();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["offerings"].as_array().unwrap().contains(&"data".into())));
    assert_eq!(
        app.api(Method::GET, "/api/v1/labs?offering=x", None, None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let one = app
        .api(Method::GET, &format!("/api/v1/labs/{ORG_LAB}"), None, None)
        .await;
    assert_eq!(one.json()["owner"], ORG);
    assert_eq!(
        app.api(Method::GET, "/api/v1/labs/nope", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let member = app.user(Who::Member).await.unwrap();
    let token = app.token(&member).await;
    let body = serde_json::json!({"purpose": "Via de API", "from": "2027-01-01", "to": "2027-02-01", "needs": "Data"});
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/labs/{ORG_LAB}/requests"),
            Some(&token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["state"], "requested");
    let bad = serde_json::json!({"purpose": "Via de API", "from": "2027-03-01", "to": "2027-02-01", "needs": "Data"});
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/labs/{ORG_LAB}/requests"),
            Some(&token),
            Some(bad),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "to");
    // A token without the scope, and no token at all.
    let narrow = app
        .store
        .create_api_token(
            member.id,
            "smal",
            &[leerpunt_core::access::Scope::DiscussionsWrite],
            &Origin::cli(),
        )
        .await
        .unwrap()
        .0;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/labs/{ORG_LAB}/requests"),
            Some(&narrow),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/labs/{ORG_LAB}/requests"),
            None,
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // One's own organisation's lab.
    let editor = app.user(Who::Editor).await.unwrap();
    let token = app.token(&editor).await;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/labs/{ORG_LAB}/requests"),
            Some(&token),
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("eigen organisatie"));
}

#[tokio::test]
async fn request_routes_need_their_own_side() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let editor = app.user(Who::Editor).await.unwrap();
    let id = request_for(&app, ORG_LAB, member.id, "Mijn aanvraag").await;
    // The requester cannot decide; the editor cannot withdraw or reply for the requester.
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/accepteren"),
            &[],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/intrekken"),
            &[],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Replying without a question is refused.
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/reageren"),
            &[("message", "Hallo")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store.lab_request(id).await.unwrap().state,
        RequestState::Requested
    );
    let r = app
        .post_form(
            &format!("/datalabs/aanvragen/{id}/tonen"),
            &[("consent", "ja")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
