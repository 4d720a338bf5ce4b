//! Joint computations from the web, end to end: a broker drafts a spec, the organisations see it
//! in words and consent (node operators with their certificate), Leerpunt issues the signed spec,
//! nodes report with signed bodies, and the input parties approve publication. Also the matrix
//! cells of the area's write routes.

use axum::http::{Method, StatusCode};
use leerpunt_core::access::Role as AccessRole;
use leerpunt_core::analysis::ComputationResult;
use leerpunt_core::computation::{ComputationSpec, Phase, Record, Role, Stage};
use leerpunt_store::{Decision, Origin};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, ORG, OTHER_ORG};

/// The node operators of the test spec (the last is the Editor's organisation).
pub const NODES: [&str; 3] = ["AG-CBS", "MIN-BZK", ORG];

/// A spec whose input parties are the Editor's and the OtherEditor's organisations.
pub fn spec_toml(id: &str, title: &str) -> String {
    format!(
        r#"id = "{id}"
k = 5
consent_by = "2027-01-15"
input_by = "2027-02-01"
nodes = ["AG-CBS", "MIN-BZK", "{ORG}"]
parties = ["{ORG}", "{OTHER_ORG}"]

[title]
nl = "{title}"
en = "{title} (en)"

[purpose]
nl = "Samen tellen zonder lijsten te delen."
en = "Count together without sharing lists."

[question]
nl = "Hoeveel cliënten per buurt hebben beide diensten?"
en = "How many clients per neighbourhood use both services?"

[[columns]]
name = "client"
type = "key"

[[columns]]
name = "buurt"
type = "group"

[[columns]]
name = "maanden"
type = "integer"
min = 0
max = 240

[group_by]
column = "buurt"
domain = ["BU1", "BU2"]

[[statistics]]
name = "clienten"
kind = "count"
per_party = true

[[statistics]]
name = "gedeeld"
kind = "overlap"
min_parties = 2

[[statistics]]
name = "lang_in_traject"
kind = "at_least"
column = "maanden"
threshold = 12
"#
    )
}

/// A node's key pair and self-signed certificate, as `leerpunt node init` makes them.
pub struct NodeKey {
    pub cert_pem: String,
    pair: EcdsaKeyPair,
}

impl NodeKey {
    pub fn new(name: &str) -> Self {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec![name.to_owned()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_ASN1_SIGNING,
            &key.serialize_der(),
            &SystemRandom::new(),
        )
        .unwrap();
        Self {
            cert_pem: cert.pem(),
            pair,
        }
    }

    /// A signed report envelope for `report` (JSON).
    pub fn signed(&self, report: &serde_json::Value) -> serde_json::Value {
        let text = report.to_string();
        let sig = self
            .pair
            .sign(&SystemRandom::new(), text.as_bytes())
            .unwrap();
        let hex: String = sig.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        serde_json::json!({"report": text, "signature": hex})
    }
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A report body of `node` in `phase`.
pub fn report(node: &str, phase: &str, delivered: &[&str]) -> serde_json::Value {
    serde_json::json!({"node": node, "phase": phase, "delivered": delivered, "sent_at": now()})
}

/// An editor of `org`, signed in.
async fn editor_of(app: &TestApp, org: &str) -> TestUser {
    let origin = Origin::cli();
    let email = format!("editor@{}.nl", org.to_lowercase());
    let user = app
        .store
        .create_user(&email, crate::PASSWORD, "Redacteur", &origin)
        .await
        .unwrap();
    app.store.confirm_user(user.id, &origin).await.unwrap();
    app.store
        .grant(user.id, AccessRole::Editor, Some(org), &origin)
        .await
        .unwrap();
    app.sign_in(user.id, &email).await
}

/// A computation `id` brought to `stage` through the store (for cells and later steps);
/// returns the node keys it was consented with.
pub async fn at_stage(app: &TestApp, id: &str, stage: Stage) -> Vec<NodeKey> {
    let origin = Origin::cli();
    let spec = ComputationSpec::from_toml(&spec_toml(id, &format!("Berekening {id}"))).unwrap();
    app.store.create_computation(&spec, &origin).await.unwrap();
    let keys: Vec<NodeKey> = NODES.iter().map(|n| NodeKey::new(n)).collect();
    if stage == Stage::Draft {
        return keys;
    }
    app.store.ask_consent(id, &origin).await.unwrap();
    if stage == Stage::Consent {
        return keys;
    }
    for (node, key) in NODES.iter().zip(&keys) {
        app.store
            .decide_computation(
                id,
                Role::Node,
                node,
                Decision::Consented,
                "",
                &key.cert_pem,
                &origin,
            )
            .await
            .unwrap();
    }
    for party in [ORG, OTHER_ORG] {
        app.store
            .decide_computation(id, Role::Party, party, Decision::Consented, "", "", &origin)
            .await
            .unwrap();
    }
    app.store
        .issue_computation(id, &spec.to_toml(), "00", &origin)
        .await
        .unwrap();
    if stage == Stage::Issued {
        return keys;
    }
    app.store
        .report_computation(
            id,
            NODES[0],
            Phase::Done,
            "",
            &[ORG.to_owned(), OTHER_ORG.to_owned()],
            Some(&result(id)),
            &origin,
        )
        .await
        .unwrap();
    keys
}

/// The result document of computation `id`, as the reference computes it from records: in BU1
/// the Editor's organisation has 7 clients and the other 6, all 6 shared; BU2 is too small.
pub fn result(id: &str) -> ComputationResult {
    let spec = ComputationSpec::from_toml(&spec_toml(id, "Berekening")).unwrap();
    let rec = |key: String, group: &str, months: i64| Record {
        key,
        group: group.into(),
        values: [("maanden".to_owned(), months)].into(),
    };
    let ours: Vec<Record> = (0..7)
        .map(|i| rec(format!("c{i}"), "BU1", i * 3))
        .chain([rec("z".into(), "BU2", 1)])
        .collect();
    let theirs: Vec<Record> = (0..6)
        .map(|i| rec(format!("c{i}"), "BU1", 24))
        .chain([rec("y".into(), "BU2", 1)])
        .collect();
    spec.plaintext(&[ours, theirs]).unwrap()
}

#[tokio::test]
async fn a_computation_from_draft_to_published_result() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let editor = app.user(Who::Editor).await.unwrap();
    let other = app.user(Who::OtherEditor).await.unwrap();
    let cbs = editor_of(&app, "AG-CBS").await;
    let bzk = editor_of(&app, "MIN-BZK").await;
    let outsider = editor_of(&app, "GM0599").await;

    // The broker starts from an example and saves a draft.
    let form = app
        .get_as(
            "/gezamenlijke-analyse/berekeningen/nieuw?voorbeeld=uitkeringen-overlap",
            Some(&broker),
        )
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("uitkeringen-overlap"), "{}", form.body);
    let toml = spec_toml("gedeelde-clienten", "Gedeelde cliënten");
    let created = app
        .post_form(
            "/gezamenlijke-analyse/berekeningen/nieuw",
            &[("spec", &toml)],
            Some(&broker),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let c = app.store.computation("gedeelde-clienten").await.unwrap();
    assert_eq!(c.stage, Stage::Draft);

    // A spec that breaks the rules is refused with the rule named, and nothing is stored.
    let bad = toml
        .replace("k = 5", "k = 2")
        .replace("gedeelde-clienten", "te-klein");
    let refused = app
        .post_form(
            "/gezamenlijke-analyse/berekeningen/nieuw",
            &[("spec", &bad)],
            Some(&broker),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("at least 5"), "{}", refused.body);
    assert!(app.store.computation("te-klein").await.is_err());

    // A draft is the brokers' alone.
    let hidden = app
        .get_as(
            "/gezamenlijke-analyse/berekeningen/gedeelde-clienten",
            Some(&editor),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let ask = app
        .post_form(
            "/gezamenlijke-analyse/berekeningen/gedeelde-clienten/instemming-vragen",
            &[],
            Some(&broker),
        )
        .await;
    assert_eq!(ask.status, StatusCode::SEE_OTHER, "{}", ask.body);

    // Each party sees the spec in words and in TOML, and its own decision to take.
    let page = app
        .get_as(
            "/gezamenlijke-analyse/berekeningen/gedeelde-clienten",
            Some(&editor),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("het aantal records met maanden van ten minste 12"),
        "{}",
        page.body
    );
    assert!(page.body.contains("[[statistics]]"));
    assert!(page.body.contains("data-testid=\"computation-decide\""));
    let nobody = app
        .get_as(
            "/gezamenlijke-analyse/berekeningen/gedeelde-clienten",
            Some(&outsider),
        )
        .await;
    assert_eq!(
        nobody.status,
        StatusCode::NOT_FOUND,
        "an organisation not named sees nothing"
    );
    let listed = app
        .get_as("/gezamenlijke-analyse/berekeningen", Some(&outsider))
        .await;
    assert!(!listed.body.contains("gedeelde-clienten"));

    let url = "/gezamenlijke-analyse/berekeningen/gedeelde-clienten/besluit";
    // A node operator consents with its certificate; without one nothing changes.
    let no_cert = app
        .post_form(
            url,
            &[
                ("role", "node"),
                ("organisation", ORG),
                ("decision", "consent"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(no_cert.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app
        .store
        .computation("gedeelde-clienten")
        .await
        .unwrap()
        .consents
        .is_empty());
    // Deciding for someone else's organisation is refused.
    let foreign = app
        .post_form(
            url,
            &[
                ("role", "party"),
                ("organisation", OTHER_ORG),
                ("decision", "consent"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert!(app
        .store
        .computation("gedeelde-clienten")
        .await
        .unwrap()
        .consents
        .is_empty());

    let keys: Vec<NodeKey> = NODES.iter().map(|n| NodeKey::new(n)).collect();
    for ((node, key), who) in NODES.iter().zip(&keys).zip([&cbs, &bzk, &editor]) {
        let r = app
            .post_form(
                url,
                &[
                    ("role", "node"),
                    ("organisation", node),
                    ("decision", "consent"),
                    ("cert_pem", &key.cert_pem),
                ],
                Some(who),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{node}: {}", r.body);
    }
    // A decline stops it; asking again keeps the consents already given.
    let declined = app
        .post_form(
            url,
            &[
                ("role", "party"),
                ("organisation", OTHER_ORG),
                ("decision", "decline"),
                ("reason", "Eerst de DPIA"),
            ],
            Some(&other),
        )
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    let c = app.store.computation("gedeelde-clienten").await.unwrap();
    assert_eq!(c.stage, Stage::Declined);
    assert!(c.issued_toml.is_none());
    app.post_form(
        "/gezamenlijke-analyse/berekeningen/gedeelde-clienten/instemming-vragen",
        &[],
        Some(&broker),
    )
    .await;
    let c = app.store.computation("gedeelde-clienten").await.unwrap();
    assert_eq!((c.stage, c.consents.len()), (Stage::Consent, 3));
    for (org, who) in [(ORG, &editor), (OTHER_ORG, &other)] {
        let r = app
            .post_form(
                url,
                &[
                    ("role", "party"),
                    ("organisation", org),
                    ("decision", "consent"),
                ],
                Some(who),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{org}: {}", r.body);
    }

    // Everyone consented: the spec is issued, signed, and the signature verifies.
    let c = app.store.computation("gedeelde-clienten").await.unwrap();
    assert_eq!(c.stage, Stage::Issued);
    let issued = app.get("/api/v1/computations/gedeelde-clienten/spec").await;
    assert_eq!(issued.status, StatusCode::OK);
    let issued = issued.json();
    let text = issued["toml"].as_str().unwrap();
    assert_eq!(ComputationSpec::from_toml(text).unwrap(), c.spec);
    let key = issued["public_key"].as_str().unwrap();
    let sig = issued["signature"].as_str().unwrap();
    assert!(leerpunt_web::signing::verify_spec(key, text, sig));
    // The page tells the node operators how to run it: the spec's address and Leerpunt's key.
    let page = app
        .get_as(
            "/gezamenlijke-analyse/berekeningen/gedeelde-clienten",
            Some(&broker),
        )
        .await;
    let body = page.body.replace("&#x2f;", "/");
    assert!(
        body.contains("/api/v1/computations/gedeelde-clienten/spec --leerpunt-key")
            && body.contains(key),
        "{body}"
    );
    assert!(!leerpunt_web::signing::verify_spec(
        key,
        &text.replace("k = 5", "k = 6"),
        sig
    ));

    // Nodes report; a report signed with another key changes nothing.
    let reports = "/api/v1/computations/gedeelde-clienten/reports";
    let forged = NodeKey::new("forged").signed(&report(NODES[0], "aborted", &[]));
    let r = app.api(Method::POST, reports, None, Some(forged)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(
        app.store
            .computation("gedeelde-clienten")
            .await
            .unwrap()
            .stage,
        Stage::Issued
    );
    let waiting = keys[0].signed(&report(NODES[0], "waiting_for_inputs", &[ORG]));
    let r = app.api(Method::POST, reports, None, Some(waiting)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let c = app.store.computation("gedeelde-clienten").await.unwrap();
    assert_eq!(
        (c.stage, c.delivered.clone()),
        (Stage::Running, vec![ORG.to_owned()])
    );
    let mut done = report(NODES[1], "done", &[ORG, OTHER_ORG]);
    done["result"] = serde_json::to_value(result("gedeelde-clienten")).unwrap();
    let r = app
        .api(Method::POST, reports, None, Some(keys[1].signed(&done)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The result is seen by the parties, not yet by the public.
    let page = app
        .get_as(
            "/gezamenlijke-analyse/berekeningen/gedeelde-clienten",
            Some(&other),
        )
        .await;
    assert!(
        page.body.contains("&lt; 5"),
        "a suppressed cell shows as < k"
    );
    assert!(page.body.contains("data-testid=\"computation-approve\""));
    assert_eq!(
        app.get("/gezamenlijke-analyse/gedeelde-clienten")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let approve = "/gezamenlijke-analyse/berekeningen/gedeelde-clienten/publicatie";
    let r = app
        .post_form(approve, &[("organisation", ORG)], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .computation("gedeelde-clienten")
            .await
            .unwrap()
            .stage,
        Stage::Done
    );
    let r = app
        .post_form(approve, &[("organisation", OTHER_ORG)], Some(&other))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let c = app.store.computation("gedeelde-clienten").await.unwrap();
    assert_eq!(c.stage, Stage::Published);
    let public = app.get("/api/v1/analyses/gedeelde-clienten").await;
    assert_eq!(public.status, StatusCode::OK);
    let first = &public.json()["groups"][0]["cells"][0];
    assert_eq!(
        (first["name"].as_str(), first["value"].as_f64()),
        (Some("clienten"), Some(7.0))
    );
    let html = app.get("/gezamenlijke-analyse/gedeelde-clienten").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("lang_in_traject"), "{}", html.body);
    assert!(
        html.body.contains("data-testid=\"result-chart\""),
        "a chart beside each table"
    );
    assert!(
        html.body.contains("BU2 (&lt; 5)"),
        "a suppressed group is drawn as < k"
    );

    // Every step is in the audit log.
    let audit = app.store.audit_log(200, 0).await.unwrap().0;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for step in [
        "computation.create",
        "computation.ask",
        "computation.consent",
        "computation.decline",
        "computation.issue",
        "computation.report",
        "computation.approve",
        "computation.publish",
    ] {
        assert!(actions.contains(&step), "{step} missing from {actions:?}");
    }
}

#[tokio::test]
async fn a_report_out_of_time_or_of_an_unknown_node_changes_nothing() {
    let app = TestApp::new().await;
    let keys = at_stage(&app, "laat", Stage::Issued).await;
    let url = "/api/v1/computations/laat/reports";
    let mut old = report(NODES[0], "computing", &[]);
    old["sent_at"] = "2020-01-01T00:00:00Z".into();
    let r = app
        .api(Method::POST, url, None, Some(keys[0].signed(&old)))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let stranger = report("GM0599", "computing", &[]);
    let r = app
        .api(Method::POST, url, None, Some(keys[0].signed(&stranger)))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let garbage = serde_json::json!({"report": "{nope", "signature": "00"});
    let r = app.api(Method::POST, url, None, Some(garbage)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let c = app.store.computation("laat").await.unwrap();
    assert_eq!(c.stage, Stage::Issued);
    assert!(c.reports.is_empty());
}

pub fn owns(path: &str) -> bool {
    path.starts_with("/gezamenlijke-analyse/berekeningen")
        || path.starts_with("/api/v1/computations")
}

/// Prepares the matrix cell of `path` for `who`: each role acts on a computation of its own,
/// naming the Editor's organisation as node operator and input party.
pub async fn cell(
    app: &TestApp,
    path: &str,
    who: Who,
    _user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let id = format!("matrix-{}", format!("{who:?}").to_lowercase());
    let form = |uri: String, fields: Vec<(&'static str, String)>| AreaCell {
        uri,
        fields,
        json: None,
        probe: Vec::new(),
    };
    Some(match path {
        "/gezamenlijke-analyse/berekeningen/nieuw" => {
            form(path.to_owned(), vec![("spec", spec_toml(&id, "Nieuw"))])
        }
        "/gezamenlijke-analyse/berekeningen/{slug}/bewerken" => {
            at_stage(app, &id, Stage::Draft).await;
            form(
                path.replace("{slug}", &id),
                vec![("spec", spec_toml(&id, "Herzien"))],
            )
        }
        "/gezamenlijke-analyse/berekeningen/{slug}/instemming-vragen" => {
            at_stage(app, &id, Stage::Draft).await;
            form(path.replace("{slug}", &id), Vec::new())
        }
        "/gezamenlijke-analyse/berekeningen/{slug}/besluit" => {
            at_stage(app, &id, Stage::Consent).await;
            form(
                path.replace("{slug}", &id),
                vec![
                    ("role", "party".into()),
                    ("organisation", ORG.into()),
                    ("decision", "consent".into()),
                ],
            )
        }
        "/gezamenlijke-analyse/berekeningen/{slug}/publicatie" => {
            at_stage(app, &id, Stage::Done).await;
            form(
                path.replace("{slug}", &id),
                vec![("organisation", ORG.into())],
            )
        }
        "/api/v1/computations/{slug}/reports" => {
            let keys = at_stage(app, &id, Stage::Issued).await;
            AreaCell {
                uri: path.replace("{slug}", &id),
                fields: Vec::new(),
                json: Some(keys[0].signed(&report(NODES[0], "computing", &[]))),
                probe: Vec::new(),
            }
        }
        _ => return None,
    })
}

/// What this area keeps: every computation's stage, title, decisions, reports and approvals.
pub async fn state(app: &TestApp, _cell: &AreaCell) -> String {
    let mut out = String::new();
    for line in app.store.computations().await.unwrap() {
        let c = app.store.computation(&line.slug).await.unwrap();
        out.push_str(&format!(
            "{} {} {} c{} r{} a{};",
            c.slug,
            c.stage.key(),
            c.spec.title.nl,
            c.consents.len(),
            c.reports.len(),
            c.approved.len()
        ));
    }
    out
}
