//! Idea challenges: ideas sent, supported once and commented on; the shortlist and the pitches;
//! the jury's secret scores, conflicts of interest and the deadline; winners becoming projects;
//! the funnel and the demo's 111 → 10 → 3; bad input refused in the page's language with nothing
//! stored; and the challenges' cells of the authorisation matrix.

use axum::http::{Method, StatusCode};
use leerpunt_core::challenges::{
    ChallengeInput, CriterionInput, IdeaInput, PhaseDates, PitchInput,
};
use leerpunt_store::Origin;

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, ORG, OTHER_ORG};

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/uitdagingen")
        || path.starts_with("/api/v1/challenges")
        || path.starts_with("/api/v1/ideas")
}

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

/// Dates that put a challenge in phase `k` today (0 collect … 5 results).
fn dates(k: i64) -> PhaseDates {
    let d = |i: i64| day((i - k) * 10 - 5);
    PhaseDates {
        collect_from: d(0),
        shortlist_from: d(1),
        pitch_from: d(2),
        jury_from: d(3),
        execute_from: d(4),
        results_from: d(5),
    }
}

const COLLECT: i64 = 0;
const PITCH: i64 = 2;
const JURY: i64 = 3;
const EXECUTE: i64 = 4;

fn input(title: &str, phase: i64) -> ChallengeInput {
    ChallengeInput {
        title_nl: title.to_owned(),
        title_en: format!("{title} (en)"),
        description_nl: "Ideeën gezocht.".into(),
        description_en: "Ideas wanted.".into(),
        themes: vec!["datakwaliteit".into()],
        budget: 90_000,
        winners: 2,
        dates: dates(phase),
        criteria: vec![
            CriterionInput {
                name_nl: "Impact".into(),
                name_en: "Impact".into(),
                weight: 40,
            },
            CriterionInput {
                name_nl: "Haalbaarheid".into(),
                name_en: "Feasibility".into(),
                weight: 30,
            },
            CriterionInput {
                name_nl: "Hergebruik".into(),
                name_en: "Reuse".into(),
                weight: 30,
            },
        ],
    }
}

async fn broker_id(app: &TestApp) -> i64 {
    match app.store.user_by_email("broker@minbzk.nl").await.unwrap() {
        Some(u) => u.id,
        None => app.user(Who::Broker).await.unwrap().id,
    }
}

async fn open(app: &TestApp, title: &str, phase: i64) -> i64 {
    let b = broker_id(app).await;
    app.store
        .create_challenge(&input(title, phase), b, &Origin::cli())
        .await
        .unwrap()
        .id
}

async fn move_to(app: &TestApp, id: i64, phase: i64) {
    let c = app.store.challenge(id).await.unwrap();
    let mut i = input(&c.title_nl, phase);
    i.title_en = c.title_en;
    app.store
        .update_challenge(id, &i, &Origin::cli())
        .await
        .unwrap();
}

fn today() -> String {
    leerpunt_store::news_today()
}

async fn idea(app: &TestApp, challenge: i64, user: i64, title: &str, org: Option<&str>) -> i64 {
    app.store
        .submit_idea(
            challenge,
            user,
            &IdeaInput {
                title_nl: title.to_owned(),
                description_nl: "Zo doen we het.".into(),
                organisation: org.map(str::to_owned),
                ..IdeaInput::default()
            },
            &today(),
            &Origin::cli(),
        )
        .await
        .unwrap()
        .id
}

/// A pitched idea of `submitter` in a challenge now in the pitch phase.
async fn pitched(app: &TestApp, submitter: i64, org: Option<&str>) -> (i64, i64) {
    let c = open(app, "Pitchronde", COLLECT).await;
    let i = idea(app, c, submitter, "Een gepitcht idee", org).await;
    app.store
        .shortlist_idea(i, &today(), &[], &Origin::cli())
        .await
        .unwrap();
    move_to(app, c, PITCH).await;
    app.store
        .pitch_idea(
            i,
            &PitchInput {
                text: "Onze pitch".into(),
                link: String::new(),
            },
            &today(),
            &Origin::cli(),
        )
        .await
        .unwrap();
    (c, i)
}

async fn appoint(app: &TestApp, c: i64, user: i64) {
    app.store
        .appoint_juror(c, user, &today(), &[], &Origin::cli())
        .await
        .unwrap();
}

async fn sheet(app: &TestApp, c: i64, user: i64, i: i64, s: [i64; 3]) {
    let crit = app.store.challenge(c).await.unwrap().criteria;
    let scores: Vec<(i64, i64)> = crit.iter().map(|k| k.id).zip(s).collect();
    app.store
        .score_pitch(i, user, &scores, &today(), &Origin::cli())
        .await
        .unwrap();
}

/// A funded project of `submitter`'s idea, in a challenge now in the execution phase.
async fn project(app: &TestApp, submitter: i64, juror: i64) -> (i64, i64, i64) {
    let (c, i) = pitched(app, submitter, None).await;
    move_to(app, c, JURY).await;
    appoint(app, c, juror).await;
    sheet(app, c, juror, i, [7, 7, 7]).await;
    move_to(app, c, EXECUTE).await;
    let p = app
        .store
        .select_winners(c, &[(i, 1000)], &today(), &[], &Origin::cli())
        .await
        .unwrap();
    (c, i, p[0].id)
}

async fn confirmed_user(app: &TestApp, email: &str, org: Option<&str>) -> TestUser {
    let origin = Origin::cli();
    let u = app
        .store
        .create_user(email, crate::PASSWORD, "Jurylid", &origin)
        .await
        .unwrap();
    app.store.confirm_user(u.id, &origin).await.unwrap();
    if let Some(code) = org {
        app.store
            .set_user_organisation(u.id, Some(code), &origin)
            .await
            .unwrap();
    }
    app.sign_in(u.id, email).await
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn challenge_fields(title: &str, d: &PhaseDates) -> Vec<(&'static str, String)> {
    vec![
        ("title_nl", title.to_owned()),
        ("title_en", format!("{title} (en)")),
        ("description_nl", "Ideeën gezocht.".into()),
        ("description_en", "Ideas wanted.".into()),
        ("themes", "datakwaliteit".into()),
        ("budget", "90000".into()),
        ("winners", "3".into()),
        ("collect_from", d.collect_from.clone()),
        ("shortlist_from", d.shortlist_from.clone()),
        ("pitch_from", d.pitch_from.clone()),
        ("jury_from", d.jury_from.clone()),
        ("execute_from", d.execute_from.clone()),
        ("results_from", d.results_from.clone()),
        ("criterion_nl_0", "Impact".into()),
        ("criterion_en_0", "Impact".into()),
        ("weight_0", "40".into()),
        ("criterion_nl_1", "Haalbaarheid".into()),
        ("criterion_en_1", "Feasibility".into()),
        ("weight_1", "60".into()),
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
    // Each role acts on its own challenge, idea and project; a visitor on the member's.
    let member = app
        .store
        .user_by_email("member@utrecht.nl")
        .await
        .unwrap()
        .map(|u| u.id);
    let own = user.map(|u| u.id).or(member).unwrap();
    let tag = format!("{who:?}");
    let (uri, fields, json, probe) = match path {
        "/uitdagingen/nieuw" => (
            path.to_owned(),
            challenge_fields(&format!("Uitdaging van {tag}"), &dates(COLLECT)),
            None,
            vec![],
        ),
        "/uitdagingen/{id}/bewerken" => {
            let c = open(app, "Te bewerken", COLLECT).await;
            (
                format!("/uitdagingen/{c}/bewerken"),
                challenge_fields(&format!("Bewerkt door {tag}"), &dates(COLLECT)),
                None,
                vec![c],
            )
        }
        "/uitdagingen/{id}/jury" => {
            let c = open(app, "Jury erbij", COLLECT).await;
            let j = confirmed_user(
                app,
                &format!("jury-{}@utrecht.nl", tag.to_lowercase()),
                None,
            )
            .await;
            (
                format!("/uitdagingen/{c}/jury"),
                vec![("email", j.email)],
                None,
                vec![c],
            )
        }
        "/uitdagingen/{id}/idee" | "/api/v1/challenges/{id}/ideas" => {
            let c = open(app, "Ideeënronde", COLLECT).await;
            let json = serde_json::json!({"title_nl": format!("API-idee van {tag}"), "description_nl": "Uitleg"});
            let uri = if path.starts_with("/api") {
                format!("/api/v1/challenges/{c}/ideas")
            } else {
                format!("/uitdagingen/{c}/idee")
            };
            (
                uri,
                vec![
                    ("title_nl", format!("Idee van {tag}")),
                    ("description_nl", "Uitleg".into()),
                ],
                Some(json),
                vec![c],
            )
        }
        "/uitdagingen/ideeen/{id}/steunen"
        | "/api/v1/ideas/{id}/support"
        | "/uitdagingen/ideeen/{id}/reageren"
        | "/uitdagingen/ideeen/{id}/shortlist"
        | "/uitdagingen/ideeen/{id}/steun-intrekken" => {
            let c = open(app, "Steunronde", COLLECT).await;
            let i = idea(app, c, member.unwrap(), "Te steunen idee", None).await;
            if path.ends_with("steun-intrekken") {
                if let Some(u) = user {
                    app.store
                        .support_idea(i, u.id, true, &today(), &Origin::cli())
                        .await
                        .unwrap();
                }
            }
            let uri = if path.starts_with("/api") {
                format!("/api/v1/ideas/{i}/support")
            } else {
                path.replace("{id}", &i.to_string())
            };
            (
                uri,
                vec![("body", format!("Reactie van {tag}"))],
                None,
                vec![c, i],
            )
        }
        "/uitdagingen/ideeen/{id}/pitch" => {
            let c = open(app, "Pitchronde", COLLECT).await;
            let i = idea(app, c, own, "Eigen idee", None).await;
            app.store
                .shortlist_idea(i, &today(), &[], &Origin::cli())
                .await
                .unwrap();
            move_to(app, c, PITCH).await;
            (
                format!("/uitdagingen/ideeen/{i}/pitch"),
                vec![("text", format!("Pitch van {tag}"))],
                None,
                vec![c, i],
            )
        }
        "/uitdagingen/ideeen/{id}/scores" => {
            let (c, i) = pitched(app, member.unwrap(), None).await;
            move_to(app, c, JURY).await;
            if let Some(u) = user {
                appoint(app, c, u.id).await;
            }
            // The field names carry the criteria's ids; a test may leak these few strings.
            let crit = app.store.challenge(c).await.unwrap().criteria;
            let fields: Vec<(&'static str, String)> = crit
                .iter()
                .map(|k| {
                    (
                        &*Box::leak(format!("score_{}", k.id).into_boxed_str()),
                        "7".to_owned(),
                    )
                })
                .collect();
            (
                format!("/uitdagingen/ideeen/{i}/scores"),
                fields,
                None,
                vec![c, i],
            )
        }
        "/uitdagingen/{id}/winnaars" => {
            let (c, i) = pitched(app, member.unwrap(), None).await;
            move_to(app, c, JURY).await;
            let j = confirmed_user(
                app,
                &format!("jury-{}@utrecht.nl", tag.to_lowercase()),
                None,
            )
            .await;
            appoint(app, c, j.id).await;
            sheet(app, c, j.id, i, [8, 6, 7]).await;
            move_to(app, c, EXECUTE).await;
            (format!("/uitdagingen/{c}/winnaars"), vec![], None, vec![c])
        }
        "/uitdagingen/{id}/resultaten" => {
            let j = confirmed_user(
                app,
                &format!("jury-{}@utrecht.nl", tag.to_lowercase()),
                None,
            )
            .await;
            let (c, _, p) = project(app, member.unwrap(), j.id).await;
            app.store
                .project_results(p, "Het werkte.", "", &today(), &Origin::cli())
                .await
                .unwrap();
            (
                format!("/uitdagingen/{c}/resultaten"),
                vec![],
                None,
                vec![c],
            )
        }
        "/uitdagingen/projecten/{id}/mijlpalen"
        | "/uitdagingen/projecten/{id}/mijlpalen/{milestone}/klaar"
        | "/uitdagingen/projecten/{id}/voortgang"
        | "/uitdagingen/projecten/{id}/resultaten" => {
            let j = confirmed_user(
                app,
                &format!("jury-{}@utrecht.nl", tag.to_lowercase()),
                None,
            )
            .await;
            let (c, _, p) = project(app, own, j.id).await;
            let m = app
                .store
                .add_project_milestone(
                    p,
                    &leerpunt_core::challenges::MilestoneInput {
                        title: "Eerste stap".into(),
                        due: day(30),
                    },
                    &Origin::cli(),
                )
                .await
                .unwrap()
                .milestones[0]
                .id;
            let uri = path
                .replace("{id}", &p.to_string())
                .replace("{milestone}", &m.to_string());
            let fields = vec![
                ("title", format!("Mijlpaal van {tag}")),
                ("due", day(40)),
                ("on", today()),
                ("body", format!("Voortgang van {tag}")),
                ("results_nl", format!("Resultaat van {tag}")),
            ];
            (uri, fields, None, vec![c])
        }
        _ => return None,
    };
    Some(AreaCell {
        uri,
        fields,
        json,
        probe,
    })
}

/// What this area keeps for a cell: the challenges, and for the probed one its jury, ideas
/// (supports, shortlist, pitch), comments, scores and projects.
pub async fn state(app: &TestApp, cell: &AreaCell) -> String {
    let all = app.store.challenges().await.unwrap();
    let mut out = format!(
        "{} challenges {:?}",
        all.len(),
        all.iter()
            .map(|c| (&c.title_nl, &c.dates, &c.winners_chosen_at))
            .collect::<Vec<_>>()
    );
    if let Some(c) = cell.probe.first() {
        let ideas = app.store.challenge_ideas(*c).await.unwrap();
        out.push_str(&format!(
            "{:?}",
            app.store.challenge_jury(*c).await.unwrap()
        ));
        for i in &ideas {
            out.push_str(&format!(
                "{:?}{:?}{:?}",
                i,
                app.store.idea_comments(i.id).await.unwrap().len(),
                app.store.score_sheets(i.id).await.unwrap()
            ));
        }
        out.push_str(&format!(
            "{:?}",
            app.store.challenge_projects(*c).await.unwrap()
        ));
    }
    out
}

#[tokio::test]
async fn members_send_ideas_support_once_and_comment() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let editor = app.user(Who::Editor).await.unwrap();
    // The broker opens a challenge through the form.
    let r = app
        .post_form(
            "/uitdagingen/nieuw",
            &refs(&challenge_fields("Minder papier", &dates(COLLECT))),
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c: i64 = r
        .location()
        .trim_start_matches("/uitdagingen/")
        .parse()
        .unwrap();
    let stored = app.store.challenge(c).await.unwrap();
    assert_eq!(
        stored.criteria.iter().map(|k| k.weight).collect::<Vec<_>>(),
        [40, 60]
    );
    // The forms render (the broker's new-challenge form, the member's idea form).
    let form = app.get_as("/uitdagingen/nieuw", Some(&broker)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(
        app.get_as("/uitdagingen/nieuw", Some(&member)).await.status,
        StatusCode::FORBIDDEN
    );
    let form = app
        .get_as(&format!("/uitdagingen/{c}/idee?lang=en"), Some(&member))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("data-testid=\"idea-form\""));
    let edit = app
        .get_as(&format!("/uitdagingen/{c}/bewerken"), Some(&broker))
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    // The member sends an idea (English left out).
    let r = app
        .post_form(
            &format!("/uitdagingen/{c}/idee"),
            &[
                ("title_nl", "Formulieren samenvoegen"),
                ("description_nl", "Eén formulier in plaats van drie."),
                ("organisation", ORG),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let i: i64 = r
        .location()
        .trim_start_matches("/uitdagingen/ideeen/")
        .parse()
        .unwrap();
    let stored = app.store.idea(i).await.unwrap();
    assert_eq!(
        stored.organisation.as_ref().map(|o| o.1.as_str()),
        Some(ORG)
    );
    assert_eq!(stored.submitter_id, Some(member.id));
    // Support once: a second support is refused and counts nothing.
    let support = format!("/uitdagingen/ideeen/{i}/steunen");
    assert_eq!(
        app.post_form(&support, &[], Some(&editor)).await.status,
        StatusCode::SEE_OTHER
    );
    let again = app.post_form(&support, &[], Some(&editor)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.body.contains("U steunt dit idee al"),
        "{}",
        again.body
    );
    assert_eq!(app.store.idea(i).await.unwrap().supports, 1);
    // Withdrawn, then given again.
    assert_eq!(
        app.post_form(
            &format!("/uitdagingen/ideeen/{i}/steun-intrekken"),
            &[],
            Some(&editor)
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.store.idea(i).await.unwrap().supports, 0);
    app.post_form(&support, &[], Some(&editor)).await;
    // A comment in Markdown, sanitised.
    let r = app
        .post_form(
            &format!("/uitdagingen/ideeen/{i}/reageren"),
            &[("body", "**Goed idee** <script>alert(1)</script>")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get_as(&format!("/uitdagingen/ideeen/{i}"), Some(&editor))
        .await;
    assert!(
        page.body.contains("<strong>Goed idee</strong>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert"));
    assert!(page.body.contains("data-testid=\"idea-unsupport\""));
    assert!(page.body.contains("1 steunbetuiging"));
    // The list and the challenge page show it; every write was audited.
    let list = app.get("/uitdagingen").await;
    assert!(list.body.contains("Minder papier"));
    let page = app.get(&format!("/uitdagingen/{c}")).await;
    assert!(page.body.contains("Formulieren samenvoegen"));
    let (audit, _) = app.store.audit_log(200, 0).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    for a in [
        "challenge.open",
        "challenge.idea",
        "challenge.support",
        "challenge.unsupport",
        "challenge.comment",
    ] {
        assert!(actions.contains(&a), "{a} missing: {actions:?}");
    }
}

#[tokio::test]
async fn the_shortlist_and_pitches_follow_the_phases() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let c = open(&app, "Fasen", COLLECT).await;
    let a = idea(&app, c, member.id, "Op de shortlist", None).await;
    let b = idea(&app, c, member.id, "Niet op de shortlist", None).await;
    let mails = app.store.pending_mail_count().await.unwrap();
    let r = app
        .post_form(
            &format!("/uitdagingen/ideeen/{a}/shortlist"),
            &[],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.store.idea(a).await.unwrap().shortlisted);
    assert_eq!(
        app.store.pending_mail_count().await.unwrap(),
        mails + 1,
        "the submitter is told"
    );
    move_to(&app, c, PITCH).await;
    // An idea outside the collect phase is refused; nothing stored.
    let r = app
        .post_form(
            &format!("/uitdagingen/{c}/idee"),
            &[("title_nl", "Te laat"), ("description_nl", "Uitleg")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Ideeën insturen kan alleen"), "{}", r.body);
    assert_eq!(app.store.challenge_ideas(c).await.unwrap().len(), 2);
    // A pitch for an idea not on the shortlist is refused, in English on an English page.
    let r = app
        .post_form(
            &format!("/uitdagingen/ideeen/{b}/pitch?lang=en"),
            &[("text", "Toch")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains("Only a shortlisted idea can be pitched"),
        "{}",
        r.body
    );
    assert!(app.store.idea(b).await.unwrap().pitch.is_none());
    // Another account may not pitch the submitter's idea.
    let broker_pitch = app
        .post_form(
            &format!("/uitdagingen/ideeen/{a}/pitch"),
            &[("text", "Van een ander")],
            Some(&broker),
        )
        .await;
    assert_eq!(broker_pitch.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &format!("/uitdagingen/ideeen/{a}/pitch"),
            &[
                ("text", "Wij beginnen klein."),
                ("link", "https://example.org/dia"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = app.store.idea(a).await.unwrap().pitch.unwrap();
    assert_eq!(stored.link.as_deref(), Some("https://example.org/dia"));
    // The funnel counts what is stored.
    let f = app.store.challenge(c).await.unwrap().funnel;
    assert_eq!((f.ideas, f.shortlisted, f.pitched, f.funded), (2, 1, 1, 0));
    let page = app.get(&format!("/uitdagingen/{c}")).await;
    assert!(page.body.contains("data-testid=\"chart-funnel\""));
    assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""));
}

#[tokio::test]
async fn jury_scores_are_secret_until_a_member_scores_and_never_public() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let outsider = app.user(Who::OtherEditor).await.unwrap();
    let anna = confirmed_user(&app, "anna@utrecht.nl", None).await;
    let bram = confirmed_user(&app, "bram@utrecht.nl", None).await;
    let (c, i) = pitched(&app, member.id, None).await;
    move_to(&app, c, JURY).await;
    // The broker appoints both through the page; each gets a mail.
    let mails = app.store.pending_mail_count().await.unwrap();
    for j in [&anna, &bram] {
        let r = app
            .post_form(
                &format!("/uitdagingen/{c}/jury"),
                &[("email", &j.email)],
                Some(&broker),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    assert_eq!(app.store.pending_mail_count().await.unwrap(), mails + 2);
    let crit = app.store.challenge(c).await.unwrap().criteria;
    let form = |s: [&'static str; 3]| -> Vec<(String, &'static str)> {
        crit.iter()
            .zip(s)
            .map(|(k, v)| (format!("score_{}", k.id), v))
            .collect()
    };
    let post = |who: &TestUser, s: [&'static str; 3]| {
        let f = form(s);
        let who = who.clone();
        let app = &app;
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            app.post_form(
                &format!("/uitdagingen/ideeen/{i}/scores"),
                &refs,
                Some(&who),
            )
            .await
        }
    };
    // Anna scores 9, 8, 7 (weighted 8.10); the marker "8.10" is hers alone.
    assert_eq!(
        post(&anna, ["9", "8", "7"]).await.status,
        StatusCode::SEE_OTHER
    );
    let idea_page = format!("/uitdagingen/ideeen/{i}");
    // Bram has not scored: he sees the form, not Anna's scores.
    let before = app.get_as(&idea_page, Some(&bram)).await;
    assert!(before.body.contains("data-testid=\"score-form\""));
    assert!(!before.body.contains("data-testid=\"idea-sheets\""));
    assert!(
        !before.body.contains("8.10"),
        "Bram saw Anna's score before scoring"
    );
    // Anna sees her own and, so far, only hers.
    let anna_page = app.get_as(&idea_page, Some(&anna)).await;
    assert!(anna_page.body.contains("data-testid=\"idea-sheets\""));
    assert!(anna_page.body.contains("8.10"));
    // Bram scores; a second sheet is refused and changes nothing.
    assert_eq!(
        post(&bram, ["5", "5", "6"]).await.status,
        StatusCode::SEE_OTHER
    );
    let again = post(&bram, ["10", "10", "10"]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let after = app.get_as(&idea_page, Some(&bram)).await;
    assert!(
        after.body.contains("8.10") && after.body.contains("5.30"),
        "{}",
        after.body
    );
    assert_eq!(app.store.score_sheets(i).await.unwrap().len(), 2);
    // Nobody else sees individual scores: visitor, member, another account, the broker; nor
    // the API.
    for who in [None, Some(&member), Some(&outsider), Some(&broker)] {
        for uri in [idea_page.clone(), format!("/uitdagingen/{c}")] {
            let r = app.get_as(&uri, who).await;
            assert_eq!(r.status, StatusCode::OK);
            assert!(
                !r.body.contains("8.10") && !r.body.contains("5.30"),
                "{uri} as {:?}",
                who.map(|u| &u.email)
            );
            assert!(!r.body.contains("idea-sheets"));
        }
    }
    for uri in [
        format!("/api/v1/challenges/{c}/ideas"),
        format!("/api/v1/challenges/{c}"),
    ] {
        let r = app.api(Method::GET, &uri, None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            !r.body.contains("8.1") && !r.body.contains("5.3") && !r.body.contains("score"),
            "{}",
            r.body
        );
    }
    // A score after the jury's deadline is refused; nothing is stored.
    let carla = confirmed_user(&app, "carla@utrecht.nl", None).await;
    appoint(&app, c, carla.id).await;
    move_to(&app, c, EXECUTE).await;
    let audit = app.store.audit_log(1, 0).await.unwrap().1;
    let late = post(&carla, ["7", "7", "7"]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(
        late.body.contains("De termijn van de jury is voorbij"),
        "{}",
        late.body
    );
    assert_eq!(app.store.score_sheets(i).await.unwrap().len(), 2);
    assert_eq!(app.store.audit_log(1, 0).await.unwrap().1, audit);
    // Once the winners are chosen, the weighted total (the mean of 8.10 and 5.30) is public;
    // the individual scores still are not.
    let r = app
        .post_form(&format!("/uitdagingen/{c}/winnaars"), &[], Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let public = app.get(&idea_page).await;
    assert!(public.body.contains("6.70"), "{}", public.body);
    assert!(!public.body.contains("8.10"));
    let api = app
        .api(
            Method::GET,
            &format!("/api/v1/challenges/{c}/ideas"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(api[0]["weighted_mean"], 6.7);
    assert_eq!(api[0]["place"], 1);
}

#[tokio::test]
async fn a_jury_member_of_the_ideas_organisation_cannot_score_it() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let own = confirmed_user(&app, "eigen@utrecht.nl", Some(ORG)).await;
    let other = confirmed_user(&app, "ander@amsterdam.nl", Some(OTHER_ORG)).await;
    let (c, i) = pitched(&app, member.id, Some(ORG)).await;
    move_to(&app, c, JURY).await;
    appoint(&app, c, own.id).await;
    appoint(&app, c, other.id).await;
    let page = app
        .get_as(&format!("/uitdagingen/ideeen/{i}"), Some(&own))
        .await;
    assert!(
        page.body.contains("data-testid=\"idea-conflict\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("score-form"));
    let crit = app.store.challenge(c).await.unwrap().criteria;
    let fields: Vec<(String, &str)> = crit
        .iter()
        .map(|k| (format!("score_{}", k.id), "9"))
        .collect();
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let r = app
        .post_form(
            &format!("/uitdagingen/ideeen/{i}/scores"),
            &refs,
            Some(&own),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("u werkt voor de organisatie"), "{}", r.body);
    assert!(app.store.score_sheets(i).await.unwrap().is_empty());
    // The other jury member scores; the mean is over the one who could.
    sheet(&app, c, other.id, i, [6, 6, 6]).await;
    let t = app.store.challenge_ranking(c).await.unwrap();
    assert_eq!((t[0].jurors, t[0].mean()), (1, Some(6.0)));
}

#[tokio::test]
async fn winners_become_projects_followed_to_their_results() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let juror = confirmed_user(&app, "jury@utrecht.nl", None).await;
    let c = open(&app, "Drie ideeën", COLLECT).await;
    let ids = [
        idea(&app, c, member.id, "Eerste", None).await,
        idea(&app, c, member.id, "Tweede", None).await,
        idea(&app, c, member.id, "Derde", None).await,
    ];
    for i in ids {
        app.store
            .shortlist_idea(i, &today(), &[], &Origin::cli())
            .await
            .unwrap();
    }
    move_to(&app, c, PITCH).await;
    for i in ids {
        app.store
            .pitch_idea(
                i,
                &PitchInput {
                    text: "Pitch".into(),
                    link: String::new(),
                },
                &today(),
                &Origin::cli(),
            )
            .await
            .unwrap();
    }
    move_to(&app, c, JURY).await;
    appoint(&app, c, juror.id).await;
    // The third scores highest; the first and second tie on the mean (6.90), and the tie is
    // broken by the highest-weighted criterion (impact, 40 %): the second wins it.
    sheet(&app, c, juror.id, ids[0], [6, 8, 7]).await;
    sheet(&app, c, juror.id, ids[1], [9, 5, 6]).await;
    sheet(&app, c, juror.id, ids[2], [9, 9, 9]).await;
    // Too early: winners are chosen after the jury.
    let early = app
        .post_form(&format!("/uitdagingen/{c}/winnaars"), &[], Some(&broker))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    move_to(&app, c, EXECUTE).await;
    let mails = app.store.pending_mail_count().await.unwrap();
    let r = app
        .post_form(&format!("/uitdagingen/{c}/winnaars"), &[], Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let projects = app.store.challenge_projects(c).await.unwrap();
    assert_eq!(
        projects.iter().map(|p| p.idea_id).collect::<Vec<_>>(),
        [ids[2], ids[1]],
        "top 2 by the tie rule"
    );
    assert_eq!(
        projects.iter().map(|p| p.budget).collect::<Vec<_>>(),
        [45_000, 45_000]
    );
    assert_eq!(
        app.store.pending_mail_count().await.unwrap(),
        mails + 2,
        "each winner is told"
    );
    // The submitter keeps the project: a milestone, done; progress; results.
    let p = projects[0].id;
    let base = format!("/uitdagingen/projecten/{p}");
    assert_eq!(
        app.post_form(
            &format!("{base}/mijlpalen"),
            &[("title", "Proef"), ("due", &day(30))],
            Some(&member)
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let m = app.store.project(p).await.unwrap().milestones[0].id;
    assert_eq!(
        app.post_form(&format!("{base}/mijlpalen/{m}/klaar"), &[], Some(&member))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form(
            &format!("{base}/voortgang"),
            &[("on", &today()), ("body", "Proef draait.")],
            Some(&member)
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let outsider = app.user(Who::OtherEditor).await.unwrap();
    assert_eq!(
        app.post_form(
            &format!("{base}/voortgang"),
            &[("on", &today()), ("body", "Van een ander")],
            Some(&outsider)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // Results cannot be published while a project has none.
    let r = app
        .post_form(&format!("/uitdagingen/{c}/resultaten"), &[], Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    for pr in &projects {
        let r = app
            .post_form(
                &format!("/uitdagingen/projecten/{}/resultaten", pr.id),
                &[("results_nl", "Het werkte.")],
                Some(&broker),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let stored = app.store.project(p).await.unwrap();
    assert_eq!(stored.milestones[0].done.as_deref(), Some(today().as_str()));
    assert_eq!(stored.updates.len(), 1);
    assert!(stored.finished_on.is_some());
    assert_eq!(
        app.post_form(&format!("/uitdagingen/{c}/resultaten"), &[], Some(&broker))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let c2 = app.store.challenge(c).await.unwrap();
    assert_eq!(
        c2.phase(&today()),
        leerpunt_core::challenges::Phase::Results
    );
    // The funnel equals the stored counts.
    assert_eq!(
        (
            c2.funnel.ideas,
            c2.funnel.shortlisted,
            c2.funnel.pitched,
            c2.funnel.funded,
            c2.funnel.finished
        ),
        (3, 3, 3, 2, 2)
    );
    let api = app
        .api(Method::GET, &format!("/api/v1/challenges/{c}"), None, None)
        .await
        .json();
    assert_eq!(api["funnel"]["funded"], 2);
    assert_eq!(api["phase"], "results");
    let pj = app
        .api(
            Method::GET,
            &format!("/api/v1/challenges/{c}/projects"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(pj.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_demo_funnel_runs_from_111_ideas_to_3_finished_projects() {
    let app = TestApp::new().await;
    let all = app.store.challenges().await.unwrap();
    assert_eq!(all.len(), 2);
    let finished = all.iter().find(|c| !c.phase(&today()).is_open()).unwrap();
    let open = all.iter().find(|c| c.phase(&today()).is_open()).unwrap();
    let f = finished.funnel;
    assert_eq!(
        (f.ideas, f.shortlisted, f.pitched, f.funded, f.finished),
        (111, 10, 10, 3, 3)
    );
    assert_eq!(
        open.phase(&today()),
        leerpunt_core::challenges::Phase::Collect
    );
    assert!(open.funnel.ideas >= 3);
    assert!(finished.demo && open.demo);
    // The stored rows agree with the funnel.
    let ideas = app.store.challenge_ideas(finished.id).await.unwrap();
    assert_eq!(ideas.len(), 111);
    assert_eq!(ideas.iter().filter(|i| i.shortlisted).count(), 10);
    // The page shows the chart and its table with the same figures, the projects and the
    // ranking (the winners are chosen), never an individual score.
    let page = app.get(&format!("/uitdagingen/{}", finished.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    for n in ["111", "10", "3"] {
        assert!(
            page.body
                .contains(&format!("utrecht-table__cell--numeric\">{n}</td>")),
            "{n}"
        );
    }
    assert!(page.body.contains("data-testid=\"challenge-ranking\""));
    assert!(page.body.contains("data-testid=\"challenge-projects\""));
    let en = app
        .get(&format!("/uitdagingen/{}?lang=en", finished.id))
        .await;
    assert!(en.body.contains("Funnel: from ideas to projects"));
    let list = app
        .api(Method::GET, "/api/v1/challenges", None, None)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_input_is_refused_in_the_pages_language_with_nothing_stored() {
    let app = TestApp::new().await;
    let broker = app.user(Who::Broker).await.unwrap();
    let member = app.user(Who::Member).await.unwrap();
    let before = app.store.challenges().await.unwrap().len();
    // Dates out of order.
    let mut d = dates(COLLECT);
    d.pitch_from = d.collect_from.clone();
    let r = app
        .post_form(
            "/uitdagingen/nieuw?lang=en",
            &refs(&challenge_fields("Verkeerde data", &d)),
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The phases must be in order"), "{}", r.body);
    // Weights not summing to 100.
    let mut f = challenge_fields("Verkeerde gewichten", &dates(COLLECT));
    f.retain(|(k, _)| *k != "weight_1");
    f.push(("weight_1", "50".into()));
    let r = app
        .post_form("/uitdagingen/nieuw", &refs(&f), Some(&broker))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("samen 100 procent"), "{}", r.body);
    assert_eq!(app.store.challenges().await.unwrap().len(), before);
    // An idea without a Dutch title.
    let c = open(&app, "Goede uitdaging", COLLECT).await;
    let r = app
        .post_form(
            &format!("/uitdagingen/{c}/idee?lang=en"),
            &[("title_nl", ""), ("description_nl", "x")],
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Enter a Dutch title"), "{}", r.body);
    assert!(app.store.challenge_ideas(c).await.unwrap().is_empty());
    // Scores out of range: nothing of the sheet is stored.
    let juror = confirmed_user(&app, "jury@utrecht.nl", None).await;
    let (c, i) = pitched(&app, member.id, None).await;
    move_to(&app, c, JURY).await;
    appoint(&app, c, juror.id).await;
    let crit = app.store.challenge(c).await.unwrap().criteria;
    for bad in ["11", "0", "zeven"] {
        let fields: Vec<(String, &str)> = crit
            .iter()
            .enumerate()
            .map(|(n, k)| (format!("score_{}", k.id), if n == 1 { bad } else { "7" }))
            .collect();
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let r = app
            .post_form(
                &format!("/uitdagingen/ideeen/{i}/scores?lang=en"),
                &refs,
                Some(&juror),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.body.contains("between 1 and 10"), "{}", r.body);
    }
    assert!(app.store.score_sheets(i).await.unwrap().is_empty());
    // The API answers JSON.
    let token = app.token(&member).await;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/challenges/{c}/ideas"),
            Some(&token),
            Some(serde_json::json!({"title_nl": "Te laat", "description_nl": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Ideeën insturen"));
}

#[tokio::test]
async fn the_api_sends_and_supports_ideas_with_a_token() {
    let app = TestApp::new().await;
    let member = app.user(Who::Member).await.unwrap();
    let editor = app.user(Who::Editor).await.unwrap();
    let c = open(&app, "Via de API", COLLECT).await;
    let token = app.token(&member).await;
    let r = app
        .api(Method::POST, &format!("/api/v1/challenges/{c}/ideas"), Some(&token), Some(serde_json::json!({"title_nl": "Een API-idee", "description_nl": "Uitleg", "organisation": ORG})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let t2 = app.token(&editor).await;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/ideas/{id}/support"),
            Some(&t2),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["supports"], 1);
    assert_eq!(
        app.api(
            Method::POST,
            &format!("/api/v1/ideas/{id}/support"),
            Some(&t2),
            None
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.api(
            Method::POST,
            &format!("/api/v1/ideas/{id}/support"),
            None,
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let ideas = app
        .api(
            Method::GET,
            &format!("/api/v1/challenges/{c}/ideas"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(ideas[0]["organisation"], ORG);
    assert!(ideas[0]["weighted_mean"].is_null());
}
