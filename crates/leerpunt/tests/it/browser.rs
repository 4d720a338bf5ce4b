//! End-to-end in a real browser: headless Chromium driven over WebDriver (chromedriver).
//!
//! Needs the Debian packages `chromium` and `chromium-driver`; `.ci/run` installs them and runs
//! this test with `--include-ignored`. Run it yourself with
//! `cargo test -p leerpunt --test it browser -- --include-ignored`.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::{free_port, Server};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

async fn connect(port: u16, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--lang=nl-NL", format!("--user-data-dir={}", profile.display()),
            ],
            // A Dutch civil servant's browser: Accept-Language nl.
            "prefs": { "intl.accept_languages": "nl-NL,nl" },
        }),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return client,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("cannot reach chromedriver: {e}"),
        }
    }
}

/// Starts chromedriver on a free port and a headless Chromium session with a fresh profile; the
/// driver is stopped when its guard drops, the profile when its directory does.
async fn open_browser() -> (Driver, tempfile::TempDir, Client) {
    let port = free_port();
    let driver = Driver(
        Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (Debian package chromium-driver)"),
    );
    let profile = tempfile::tempdir().unwrap();
    let client = connect(port, profile.path()).await;
    (driver, profile, client)
}

/// Waits (up to 10 s) until the page has an element matching `css`: clicks start a navigation
/// but do not wait for it, so every check after a click waits for a mark of the new page.
async fn wait_for(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.find(Locator::Css(css)).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {css} on {:?}",
            client.current_url().await.ok()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the element matching `css` (wait for the next page's mark afterwards).
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Types `keys` into the field matching `css`.
async fn type_into(client: &Client, css: &str, keys: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(keys)
        .await
        .unwrap();
}

/// axe-core's script, from npm.
fn axe_source() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../node_modules/axe-core/axe.min.js"
    ))
    .expect("axe-core is installed by npm ci")
}

/// Opens every path in Dutch and in English and fails on any WCAG 2.1 A/AA violation axe finds.
async fn audit_pages(client: &Client, axe: &str, base: &str, paths: &[&str]) {
    for path in paths {
        for lang in ["nl", "en"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            client
                .goto(&format!("{base}{path}{sep}lang={lang}"))
                .await
                .unwrap();
            // A server error's page would pass the audit too: the page itself must have rendered
            // (a 404 page may be audited on purpose).
            if client.find(Locator::Css(".lp-error")).await.is_ok() {
                let status = text(client, ".lp-error__status").await;
                assert!(
                    !status.starts_with('5'),
                    "{path} ({lang}) is an error page: {}",
                    text(client, ".lp-error").await
                );
            }
            let violations = audit(client, axe).await;
            assert!(
                violations.is_empty(),
                "accessibility violations on {path} ({lang}):\n{}",
                violations.join("\n")
            );
        }
    }
}

/// The text of the element matching `css`. Live search replaces elements while the test reads
/// them, so an element that went stale between finding and reading is found again.
async fn text(client: &Client, css: &str) -> String {
    for _ in 0..20 {
        let element = client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        match element.text().await {
            Ok(text) => return text,
            Err(e) if e.to_string().contains("stale element") => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("{css}: {e}"),
        }
    }
    panic!("{css} kept going stale");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs it"]
async fn browse_filter_open_and_switch_language() {
    let server = Server::start_demo();
    let (driver, _profile, client) = open_browser().await;

    // Home page, in Dutch for a Dutch browser.
    client.goto(&format!("{}/", server.base)).await.unwrap();
    assert_eq!(text(&client, "h1").await, "Niet opnieuw het wiel uitvinden");
    let count: i64 = text(&client, "[data-testid=count-practices]")
        .await
        .parse()
        .unwrap();
    assert!(count >= 40, "{count} practices on the home page");

    // Filter the catalogue by theme through the form.
    client
        .find(Locator::LinkText("Praktijken"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#f-theme").await;
    let select = client.find(Locator::Css("#f-theme")).await.unwrap();
    select.select_by_value("armoede-en-schulden").await.unwrap();
    click(&client, "[data-testid=apply-filters]").await;
    wait_for(
        &client,
        "#f-theme option[value=armoede-en-schulden][selected]",
    )
    .await;
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("theme=armoede-en-schulden"), "{url}");
    let cards = client.find_all(Locator::Css(".lp-card")).await.unwrap();
    assert!(!cards.is_empty());
    for card in &cards {
        assert!(
            card.text().await.unwrap().contains("Armoede en schulden"),
            "every result has the theme"
        );
    }

    // Open a practice.
    let link = client.find(Locator::Css(".lp-card h3 a")).await.unwrap();
    let dutch_title = link.text().await.unwrap();
    link.click().await.unwrap();
    wait_for(&client, "[data-testid=practice-title]").await;
    assert_eq!(
        text(&client, "[data-testid=practice-title]").await,
        dutch_title
    );
    let slug = client
        .current_url()
        .await
        .unwrap()
        .path()
        .trim_start_matches("/praktijken/")
        .to_owned();

    // Switch to English: English interface and the English translation.
    click(&client, "[data-testid=lang-switch]").await;
    wait_for(&client, "html[lang=en] [data-testid=practice-title]").await;
    let english_title = text(&client, "[data-testid=practice-title]").await;
    assert_ne!(english_title, dutch_title, "title is translated");
    let lang = client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    assert!(text(&client, "nav").await.contains("Practices"));
    assert!(text(&client, "main").await.contains("Similar practices"));

    // The choice sticks (cookie): the next page is English too.
    client
        .goto(&format!("{}/praktijken", server.base))
        .await
        .unwrap();
    assert_eq!(text(&client, "h1").await, "Practices");

    // The API agrees with what the page showed.
    client
        .goto(&format!("{}/api/v1/practices/{slug}", server.base))
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text(&client, "body").await).unwrap();
    assert_eq!(json["translation"]["title"], english_title);

    // Basic accessibility in the real page: every form control has a label, one h1, a skip link.
    client
        .goto(&format!("{}/praktijken", server.base))
        .await
        .unwrap();
    let unlabelled = client
        .execute(
            "return [...document.querySelectorAll('select, input:not([type=hidden])')].filter(e => !document.querySelector(`label[for='${e.id}']`)).length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(unlabelled, json!(0));
    assert_eq!(client.find_all(Locator::Css("h1")).await.unwrap().len(), 1);
    assert!(client
        .find(Locator::Css("a.lp-skip[href='#main']"))
        .await
        .is_ok());

    // Live search: typing updates the results without submitting the form.
    client
        .goto(&format!("{}/zoeken?lang=nl", server.base))
        .await
        .unwrap();
    wait_for(&client, "[data-testid=search-input]").await;
    let before = text(&client, "[data-testid=results-count]").await;
    type_into(
        &client,
        "[data-testid=search-input]",
        "betalingsachterstanden",
    )
    .await;
    let mut live = String::new();
    for _ in 0..50 {
        live = text(&client, "[data-testid=results-count]").await;
        if live != before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_ne!(live, before, "the results follow the typing");
    let first = text(&client, "[data-testid=search-hit] h3")
        .await
        .to_lowercase();
    assert!(first.contains("betalingsachterstand"), "{first}");
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("q=betalingsachterstanden"), "{url}");

    // Ask a question: matches come with reasons.
    client
        .goto(&format!("{}/vraag?lang=nl", server.base))
        .await
        .unwrap();
    type_into(
        &client,
        "[data-testid=ask-input]",
        "Hoe signaleren andere gemeenten schulden vroeg?",
    )
    .await;
    click(&client, "[data-testid=ask-submit]").await;
    wait_for(&client, "[data-testid=match-hit] .lp-reasons li").await;
    assert!(text(&client, "[data-testid=match-hit] .lp-reasons")
        .await
        .contains("Zelfde onderwerp"));

    // WCAG 2.1 A/AA rules of axe-core (from npm) on every kind of page, in both languages.
    let axe = axe_source();
    // The audit itself can fail: an image without alternative text is reported.
    client.goto(&format!("{}/over", server.base)).await.unwrap();
    client.execute("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/assets/favicon.svg\">')", vec![]).await.unwrap();
    let planted = audit(&client, &axe).await;
    assert!(
        planted.iter().any(|v| v.starts_with("image-alt")),
        "axe did not see a planted violation: {planted:?}"
    );

    let org = "/organisaties/GM0363";
    let practice = format!("/praktijken/{slug}");
    audit_pages(
        &client,
        &axe,
        &server.base,
        &[
            "/",
            "/praktijken?theme=energietransitie",
            &practice,
            "/organisaties",
            org,
            "/themas",
            "/gezamenlijke-analyse",
            "/zoeken?q=schulden&theme=armoede-en-schulden",
            "/vraag?q=Hoe+voorkomen+we+schulden%3F&organisation=GM0193",
            "/begrippen",
            "/over",
            "/bestaat-niet",
        ],
    )
    .await;

    client.close().await.unwrap();
    drop(driver);
}

/// Runs axe-core's WCAG 2.0/2.1 A and AA rules in the page; returns one line per violation.
async fn audit(client: &Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.expect("axe-core loads");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)))
                .catch(e => done([`axe failed: ${e}`]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(result).unwrap_or_else(|e| vec![format!("unexpected axe result: {e}")])
}

/// The pages of accounts and contributions, signed in as an editor who is also broker and admin:
/// the WCAG 2.1 A/AA rules of axe-core on each, in both languages, including a form with errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs it"]
async fn account_and_contribution_pages_are_accessible() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let created = crate::support::leerpunt(
        dir.path(),
        &[
            "admin",
            "create-user",
            "redactie@utrecht.nl",
            "--admin",
            "--broker",
        ],
    );
    assert!(
        created.status.success(),
        "{}",
        crate::support::stderr(&created)
    );
    let out = crate::support::stdout(&created);
    let password = out
        .split("Password (shown once): ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    let grant = crate::support::leerpunt(
        dir.path(),
        &[
            "admin",
            "grant",
            "redactie@utrecht.nl",
            "editor",
            "--organisation",
            "GM0344",
        ],
    );
    assert!(grant.status.success());

    let (driver, _profile, client) = open_browser().await;
    let axe = axe_source();

    audit_pages(
        &client,
        &axe,
        &server.base,
        &["/signup", "/login", "/login/forgot", "/privacy", "/mensen"],
    )
    .await;

    // Log in through the form.
    client
        .goto(&format!("{}/login?lang=nl", server.base))
        .await
        .unwrap();
    type_into(&client, "#f-email", "redactie@utrecht.nl").await;
    type_into(&client, "#f-password", &password).await;
    click(&client, "main form button[type=submit]").await;
    wait_for(&client, "[data-testid=account-email]").await;

    // A form with errors next to its fields.
    client
        .goto(&format!("{}/praktijken/nieuw", server.base))
        .await
        .unwrap();
    click(&client, "main form button[type=submit]").await;
    wait_for(&client, "#e-title").await;
    let violations = audit(&client, &axe).await;
    assert!(
        violations.is_empty(),
        "practice form with errors:\n{}",
        violations.join("\n")
    );
    type_into(&client, "#f-title", "Toegankelijke praktijk").await;
    click(&client, "main form button[type=submit]").await;
    wait_for(&client, "[data-testid=review-state]").await;
    let work = client.current_url().await.unwrap().path().to_owned();

    audit_pages(
        &client,
        &axe,
        &server.base,
        &[
            "/account",
            "/praktijken/nieuw",
            work.as_str(),
            "/beoordelen",
            "/beheer/gebruikers",
            "/beheer/audit",
            "/organisaties/GM0344/bewerken",
            "/verslag?jaar=2025",
            "/verslag?jaar=2026&kwartaal=2",
            "/verslag/bijeenkomsten",
            "/verslag/bijeenkomsten/nieuw",
            "/verslag/bijeenkomsten/1",
        ],
    )
    .await;
    // The meeting form with errors next to its fields.
    client
        .goto(&format!("{}/verslag/bijeenkomsten/nieuw", server.base))
        .await
        .unwrap();
    type_into(&client, "#f-title", "Overleg").await;
    type_into(&client, "#f-organisations", "GM9999").await;
    click(&client, "[data-testid=meeting-save]").await;
    wait_for(&client, "#e-organisations").await;
    let violations = audit(&client, &axe).await;
    assert!(
        violations.is_empty(),
        "meeting form with errors:\n{}",
        violations.join("\n")
    );
    client.close().await.unwrap();
    drop(driver);
}

/// Signs in through the login form (after signing out whoever was signed in).
async fn sign_in(client: &Client, base: &str, email: &str, password: &str) {
    client.goto(&format!("{base}/login?lang=nl")).await.unwrap();
    if client
        .find(Locator::Css("form[action='/logout'] button"))
        .await
        .is_ok()
    {
        click(client, "form[action='/logout'] button").await;
        wait_for(client, "[data-testid=nav-login]").await;
        client.goto(&format!("{base}/login?lang=nl")).await.unwrap();
    }
    type_into(client, "#f-email", email).await;
    type_into(client, "#f-password", password).await;
    click(client, "main form button[type=submit]").await;
    wait_for(client, "[data-testid=account-email]").await;
}

/// Creates a confirmed account from the command line; returns its password.
fn account(dir: &std::path::Path, email: &str, extra: &[&str]) -> String {
    let mut args = vec!["admin", "create-user", email];
    args.extend_from_slice(extra);
    let created = crate::support::leerpunt(dir, &args);
    assert!(
        created.status.success(),
        "{}",
        crate::support::stderr(&created)
    );
    crate::support::stdout(&created)
        .split("Password (shown once): ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned()
}

/// The href of the first element matching `css`.
async fn href(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{css} has no href"))
}

/// The help desk from question to FAQ in a real browser: ask → the suggestions are shown →
/// submit → a broker assigns the question to an expert → the expert answers → the asker accepts
/// → the broker promotes the answer to the FAQ → search finds the entry in Dutch and in English.
/// Then the living network's pages pass axe's WCAG 2.1 A/AA rules in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs it"]
async fn the_help_desk_path_and_the_network_pages() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let asker = account(dir.path(), "vrager@utrecht.nl", &[]);
    let broker = account(dir.path(), "makelaar@minbzk.nl", &["--broker"]);
    let expert = account(dir.path(), "deskundige@zwolle.nl", &[]);

    let (driver, _profile, client) = open_browser().await;
    let base = server.base.clone();

    // The expert makes a public profile.
    sign_in(&client, &base, "deskundige@zwolle.nl", &expert).await;
    type_into(&client, "#f-name", "Evi Deskundige").await;
    type_into(&client, "#f-role", "Adviseur huurachterstanden").await;
    type_into(
        &client,
        "#f-expertise",
        "huurachterstanden, betalingsachterstanden, vroegsignalering",
    )
    .await;
    click(&client, "#f-public").await;
    click(
        &client,
        "form[action='/account/profile'] button[type=submit]",
    )
    .await;
    wait_for(&client, "a[href^='/mensen/']").await;
    let person = href(&client, "a[href^='/mensen/']").await;
    let person_id = person.trim_start_matches("/mensen/").to_owned();

    // The asker types a question and sees what already answers it, then sends it anyway.
    sign_in(&client, &base, "vrager@utrecht.nl", &asker).await;
    client
        .goto(&format!("{base}/helpdesk/vragen/nieuw"))
        .await
        .unwrap();
    type_into(
        &client,
        "#f-title",
        "Hoe signaleren we huurachterstanden eerder?",
    )
    .await;
    type_into(
        &client,
        "#f-body",
        "Wij willen betalingsachterstanden bij huur eerder zien, samen met de woningcorporatie.",
    )
    .await;
    click(&client, "[data-testid=check-answers]").await;
    wait_for(&client, "[data-testid=suggestions]").await;
    let suggestions = text(&client, "[data-testid=suggestions]").await;
    assert!(
        suggestions.to_lowercase().contains("vroegsignalering"),
        "the suggestions show related work: {suggestions}"
    );
    click(&client, "#th-armoede-en-schulden").await;
    click(&client, "#f-public").await;
    click(&client, "[data-testid=ask-send]").await;
    wait_for(&client, "[data-testid=asked-notice]").await;
    let question = client.current_url().await.unwrap().path().to_owned();
    assert!(question.starts_with("/helpdesk/vragen/"), "{question}");

    // The broker finds it in the queue and assigns it to the expert matchmaking suggests.
    sign_in(&client, &base, "makelaar@minbzk.nl", &broker).await;
    client
        .goto(&format!("{base}/helpdesk/wachtrij"))
        .await
        .unwrap();
    wait_for(
        &client,
        &format!("[data-testid=helpdesk-queue] a[href='{question}']"),
    )
    .await;
    client.goto(&format!("{base}{question}")).await.unwrap();
    wait_for(&client, "[data-testid=broker-panel]").await;
    click(&client, &format!("input[value='person:{person_id}']")).await;
    click(&client, "[data-testid=assign]").await;
    wait_for(&client, "[data-testid=question-state]").await;
    let state = text(&client, "[data-testid=question-state]").await;
    assert_eq!(state.trim(), "Doorgegeven");

    // The expert answers.
    sign_in(&client, &base, "deskundige@zwolle.nl", &expert).await;
    client.goto(&format!("{base}{question}")).await.unwrap();
    type_into(
        &client,
        "#f-body",
        "Maak afspraken met de woningcorporatie over signalen na twee maanden huurachterstand.",
    )
    .await;
    click(&client, "[data-testid=answer-send]").await;
    wait_for(&client, "[data-testid=answer]").await;

    // The asker accepts it.
    sign_in(&client, &base, "vrager@utrecht.nl", &asker).await;
    client.goto(&format!("{base}{question}")).await.unwrap();
    click(&client, "[data-testid=accept]").await;
    wait_for(&client, "[data-testid=accepted]").await;

    // The broker promotes it to a bilingual FAQ entry.
    sign_in(&client, &base, "makelaar@minbzk.nl", &broker).await;
    client.goto(&format!("{base}{question}")).await.unwrap();
    click(&client, "[data-testid=promote-link]").await;
    wait_for(&client, "[data-testid=faq-form]").await;
    type_into(
        &client,
        "#f-question_en",
        "How do we spot rent arrears earlier?",
    )
    .await;
    type_into(
        &client,
        "#f-answer_en",
        "Agree with the housing corporation on signals after two months of rent arrears.",
    )
    .await;
    click(&client, "[data-testid=faq-save]").await;
    wait_for(&client, "[data-testid=faq-entry]").await;
    let entry = client.current_url().await.unwrap().path().to_owned();
    assert!(entry.starts_with("/faq/"), "{entry}");

    // Search finds the entry in both languages.
    for (q, lang) in [
        ("huurachterstanden eerder", "nl"),
        ("rent arrears earlier", "en"),
    ] {
        client
            .goto(&format!("{base}/zoeken?q={q}&kind=faq&lang={lang}"))
            .await
            .unwrap();
        wait_for(&client, "[data-testid=search-hit]").await;
        let hits = client
            .find_all(Locator::Css("[data-testid=search-hit] a"))
            .await
            .unwrap();
        let mut links = Vec::new();
        for h in hits {
            links.push(h.attr("href").await.unwrap().unwrap_or_default());
        }
        assert!(
            links.iter().any(|l| l == &entry),
            "{lang}: {entry} in {links:?}"
        );
    }

    // The living network's pages, in both languages.
    let axe = axe_source();
    client
        .goto(&format!("{base}/gemeenschappen"))
        .await
        .unwrap();
    let community = href(&client, "[data-testid=communities] a").await;
    client.goto(&format!("{base}{community}")).await.unwrap();
    let topic = href(&client, "[data-testid=topics] a").await;
    audit_pages(
        &client,
        &axe,
        &base,
        &[
            "/helpdesk",
            "/helpdesk/vragen/nieuw?title=Huurachterstanden&body=vroegsignalering",
            question.as_str(),
            "/helpdesk/wachtrij",
            "/faq",
            entry.as_str(),
            "/stappenplan",
            "/stappenplan/versies",
            "/gemeenschappen",
            community.as_str(),
            topic.as_str(),
            "/datalabs",
            "/datalabs/statistisch-rekenlab-cbs",
            "/datalabs/nieuw",
            "/datalabs/aanvragen",
            "/nieuws",
            "/nieuws/zes-organisaties-delen-hun-datalab",
            "/nieuws/nieuw",
            "/account",
        ],
    )
    .await;
    client.close().await.unwrap();
    drop(driver);
}

/// The report as a broker prints it: the W3C "Print Page" command (A4) gives a PDF whose text has
/// the report's headings and figures and none of the navigation, footer or forms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and pdftotext; .ci/run installs them and runs it"]
async fn the_report_prints_as_a_clean_a4_document() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let password = account(dir.path(), "makelaar@minbzk.nl", &["--broker"]);
    let (driver, _profile, client) = open_browser().await;
    sign_in(&client, &server.base, "makelaar@minbzk.nl", &password).await;
    client
        .goto(&format!("{}/verslag?jaar=2025", server.base))
        .await
        .unwrap();
    wait_for(&client, "[data-testid=meeting-report]").await;
    let pdf = client
        .print(
            fantoccini::wd::PrintConfiguration::builder()
                .size(fantoccini::wd::PrintSize::A4)
                .build()
                .unwrap(),
        )
        .await
        .expect("the browser prints the page");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("/MediaBox [0 0 595") || raw.contains("/MediaBox[0 0 595"),
        "A4 pages (595 × 842 pt)"
    );
    let file = dir.path().join("verslag.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed (Debian package poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for heading in [
        "Verslag 2025",
        "Samenvatting",
        "Bijeenkomsten per soort",
        "Bijeenkomsten per thema",
        "Bijeenkomsten per provincie",
        "Bijeenkomsten per soort organisatie",
        "Vervolgacties met een deadline in deze periode",
        "Advies",
    ] {
        assert!(
            text.contains(heading),
            "{heading:?} missing from the PDF:\n{text}"
        );
    }
    for hidden in [
        "Uitloggen",
        "Direct naar de inhoud",
        "Download het verslag als CSV",
        "Tonen",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} is printed:\n{text}");
    }
    client.close().await.unwrap();
    drop(driver);
}

/// A full event in a real browser, with mail through the aiosmtpd sink: a broker creates an event
/// with one seat → Anna takes it → Bram joins the waiting list → Anna cancels → Bram is promoted,
/// his page says so and the mail reaches him. Then the event pages pass axe in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and aiosmtpd (LEERPUNT_TEST_PYTHON); .ci/run provides them"]
async fn the_waiting_list_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let sink = crate::accounts::SmtpSink::start(&dir.path().join("smtp"), &[]);
    let server = Server::start_with_env(dir.path(), &["--demo"], &crate::accounts::mail_env(&sink));
    let broker = account(dir.path(), "makelaar@minbzk.nl", &["--broker"]);
    let anna = account(dir.path(), "anna@utrecht.nl", &[]);
    let bram = account(dir.path(), "bram@zwolle.nl", &[]);
    let (driver, _profile, client) = open_browser().await;
    let base = server.base.clone();

    // The broker creates an event with one seat, in ten days.
    sign_in(&client, &base, "makelaar@minbzk.nl", &broker).await;
    client
        .goto(&format!("{base}/bijeenkomsten/nieuw"))
        .await
        .unwrap();
    let day = time::OffsetDateTime::now_utc().date() + time::Duration::days(10);
    let at = |hm: &str| {
        format!(
            "{:04}-{:02}-{:02}T{hm}",
            day.year(),
            u8::from(day.month()),
            day.day()
        )
    };
    client
        .execute(
            "document.querySelector('#f-organisation').value = 'GM0344';\
             document.querySelector('#f-starts').value = arguments[0];\
             document.querySelector('#f-ends').value = arguments[1];",
            vec![json!(at("14:00")), json!(at("16:00"))],
        )
        .await
        .unwrap();
    type_into(&client, "#f-title_nl", "Datacafé met één plek").await;
    type_into(
        &client,
        "#f-description_nl",
        "Een middag over datakwaliteit.",
    )
    .await;
    type_into(&client, "#f-title_en", "Data café with one seat").await;
    type_into(
        &client,
        "#f-description_en",
        "An afternoon about data quality.",
    )
    .await;
    type_into(&client, "#f-address", "Stadsplateau 1, Utrecht").await;
    type_into(&client, "#f-capacity", "1").await;
    click(&client, "[data-testid=event-save]").await;
    wait_for(&client, "[data-testid=event-seats]").await;
    let event = client.current_url().await.unwrap().path().to_owned();
    assert!(event.starts_with("/bijeenkomsten/"), "{event}");

    // Anna takes the seat; Bram finds it full and joins the waiting list.
    sign_in(&client, &base, "anna@utrecht.nl", &anna).await;
    client.goto(&format!("{base}{event}")).await.unwrap();
    click(&client, "[data-testid=event-register]").await;
    wait_for(&client, "[data-testid=event-cancel]").await;
    assert!(text(&client, "[data-testid=event-mine]")
        .await
        .contains("aangemeld"));
    sign_in(&client, &base, "bram@zwolle.nl", &bram).await;
    client.goto(&format!("{base}{event}")).await.unwrap();
    assert!(text(&client, "[data-testid=event-seats]")
        .await
        .contains("1 van 1"));
    click(&client, "[data-testid=event-register]").await;
    wait_for(&client, "[data-testid=event-cancel]").await;
    let mine = text(&client, "[data-testid=event-mine]").await;
    assert!(mine.contains("wachtlijst"), "{mine}");

    // Anna cancels: the seat goes to Bram, who is told by mail.
    sign_in(&client, &base, "anna@utrecht.nl", &anna).await;
    client.goto(&format!("{base}{event}")).await.unwrap();
    click(&client, "[data-testid=event-cancel]").await;
    wait_for(&client, "[data-testid=event-register]").await;
    let mail = sink
        .message_to(
            "bram@zwolle.nl",
            "Er is een plek vrij",
            Duration::from_secs(20),
        )
        .await
        .expect("the promotion mail reaches Bram");
    assert!(mail.contains("Datacaf"), "{mail}");
    sign_in(&client, &base, "bram@zwolle.nl", &bram).await;
    client.goto(&format!("{base}{event}")).await.unwrap();
    let mine = text(&client, "[data-testid=event-mine]").await;
    assert!(
        mine.contains("aangemeld") && !mine.contains("wachtlijst"),
        "{mine}"
    );
    assert!(
        text(&client, "[data-testid=event-facts]")
            .await
            .contains("Stadsplateau 1, Utrecht"),
        "a seat shows the address"
    );

    // The event pages as the broker sees them (with the attendee list), in both languages.
    sign_in(&client, &base, "makelaar@minbzk.nl", &broker).await;
    let axe = axe_source();
    audit_pages(
        &client,
        &axe,
        &base,
        &[
            "/bijeenkomsten",
            event.as_str(),
            "/bijeenkomsten/nieuw",
            &format!("{event}/bewerken"),
        ],
    )
    .await;
    client.close().await.unwrap();
    drop(driver);
}

/// The self-assessment from the first answer to the radar chart and the recommendations: an
/// editor of gemeente Utrecht saves one answer as a draft, answers the rest, submits, and finds
/// the chart with its table and the advice for the two weakest dimensions; then makes the result
/// public. The self-assessment's pages pass axe in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs it"]
async fn a_self_assessment_from_the_first_answer_to_the_radar_chart() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let password = account(dir.path(), "zelfscan@utrecht.nl", &[]);
    let grant = crate::support::leerpunt(
        dir.path(),
        &[
            "admin",
            "grant",
            "zelfscan@utrecht.nl",
            "editor",
            "--organisation",
            "GM0344",
        ],
    );
    assert!(grant.status.success(), "{}", crate::support::stderr(&grant));
    let (driver, _profile, client) = open_browser().await;
    let axe = axe_source();
    sign_in(&client, &server.base, "zelfscan@utrecht.nl", &password).await;
    client
        .goto(&format!("{}/zelfscan/GM0344/invullen?lang=nl", server.base))
        .await
        .unwrap();
    wait_for(&client, "[data-testid=zelfscan-form]").await;
    // The first answer, saved as a draft.
    click(&client, "input[name='q-strategie-visie'][value='2']").await;
    click(
        &client,
        "section[aria-labelledby='dim-strategie'] button[type=submit]",
    )
    .await;
    wait_for(&client, "[data-testid=zelfscan-progress]").await;
    let progress = text(&client, "[data-testid=zelfscan-progress]").await;
    assert!(progress.starts_with("1 van 33"), "{progress}");
    // The rest: law and ethics weakest (1), openness next (2), everything else 3 or 4.
    let instrument = leerpunt_core::zelfscan::Instrument::builtin().unwrap();
    for (d, dim) in instrument.dimensions.iter().enumerate() {
        let level = match dim.key.as_str() {
            "wet-ethiek" => 1,
            "openheid" => 2,
            _ => 3 + (d % 2),
        };
        for q in &dim.questions {
            if q.key != "strategie-visie" {
                click(
                    &client,
                    &format!("input[name='q-{}'][value='{level}']", q.key),
                )
                .await;
            }
        }
    }
    click(&client, "[data-testid=zelfscan-submit]").await;
    wait_for(&client, "[data-testid=zelfscan-chart]").await;
    let chart = client
        .find(Locator::Css(
            "[data-testid=zelfscan-chart] svg[role=img] title",
        ))
        .await
        .expect("the radar chart is an image with a title");
    assert!(chart.html(true).await.unwrap().contains("Zelfscan van"));
    let table = text(&client, "[data-testid=zelfscan-table]").await;
    assert!(table.contains("Wet, privacy en ethiek"), "{table}");
    let advice = text(&client, "[data-testid=zelfscan-advice]").await;
    assert!(
        advice.contains("Omdat Wet, privacy en ethiek met 1,0"),
        "{advice}"
    );
    assert!(advice.contains("Openheid en hergebruik"), "{advice}");
    assert!(advice.contains("Fase in het stappenplan"), "{advice}");
    // The choice to make it public.
    click(&client, "[data-testid=zelfscan-public-box]").await;
    click(
        &client,
        "form[action='/zelfscan/GM0344/zichtbaarheid'] button",
    )
    .await;
    wait_for(&client, "[data-testid=zelfscan-chart]").await;
    assert!(text(&client, "[data-testid=zelfscan-owner]")
        .await
        .contains("Iedereen kan dit resultaat zien."));
    audit_pages(
        &client,
        &axe,
        &server.base,
        &[
            "/zelfscan",
            "/zelfscan/GM0344/invullen",
            "/zelfscan/GM0344",
            "/zelfscan/WS0654",
            "/zelfscan/groepen/water_board",
            "/zelfscan/groepen/province",
            "/organisaties/GM0344/bewerken",
        ],
    )
    .await;
    client.close().await.unwrap();
    drop(driver);
}

/// The rolling agenda: its pages pass axe in both languages (as a broker with the reviewer grant,
/// so the forms to keep and to review a commitment are on the pages), and its review report prints
/// as an A4 PDF with every heading and no navigation, footer or forms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and pdftotext; .ci/run installs them and runs it"]
async fn the_agenda_is_accessible_and_its_report_prints_as_a_clean_a4_document() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let password = account(dir.path(), "beoordelaar@minbzk.nl", &["--broker"]);
    let granted = crate::support::leerpunt(
        dir.path(),
        &["admin", "grant", "beoordelaar@minbzk.nl", "reviewer"],
    );
    assert!(
        granted.status.success(),
        "{}",
        crate::support::stderr(&granted)
    );
    let (driver, _profile, client) = open_browser().await;
    sign_in(&client, &server.base, "beoordelaar@minbzk.nl", &password).await;
    client
        .goto(&format!("{}/agenda", server.base))
        .await
        .unwrap();
    let commitment = href(&client, "[data-testid=commitment] a").await;
    let axe = axe_source();
    audit_pages(
        &client,
        &axe,
        &server.base,
        &[
            "/agenda",
            "/agenda?lijn=publieke-waarden&status=in_progress",
            commitment.as_str(),
            &format!("{commitment}/bewerken"),
            "/agenda/toezeggingen/nieuw",
            "/agenda/rapport?periode=2025",
        ],
    )
    .await;
    client
        .goto(&format!(
            "{}/agenda/rapport?periode=2025&lang=nl",
            server.base
        ))
        .await
        .unwrap();
    wait_for(&client, "[data-testid=agenda-report]").await;
    let pdf = client
        .print(
            fantoccini::wd::PrintConfiguration::builder()
                .size(fantoccini::wd::PrintSize::A4)
                .build()
                .unwrap(),
        )
        .await
        .expect("the browser prints the page");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("/MediaBox [0 0 595") || raw.contains("/MediaBox[0 0 595"),
        "A4 pages (595 × 842 pt)"
    );
    let file = dir.path().join("agenda.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed (Debian package poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for heading in [
        "Beoordelingsrapport agenda 2025",
        "Samenvatting",
        "Toezeggingen per actielijn en voltooiing",
        "Voltooiing",
        "Mogelijke impact",
        "Heeft het de overheid opener gemaakt?",
        "Status van de toezeggingen",
        "Alle toezeggingen in de periode",
        "Datakwaliteit",
    ] {
        assert!(
            text.contains(heading),
            "{heading:?} missing from the PDF:\n{text}"
        );
    }
    for hidden in [
        "Uitloggen",
        "Direct naar de inhoud",
        "Alle toezeggingen als CSV",
        "Tonen",
        "Praktijken",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} is printed:\n{text}");
    }
    client.close().await.unwrap();
    drop(driver);
}

/// The demo's idea challenges in a real browser: the list, the finished challenge with its
/// funnel chart, table, ranking and projects, the open challenge, an idea, a project and the idea
/// form (signed in as a broker, so every form of the pages is there) pass axe's WCAG 2.1 A/AA
/// rules in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs it"]
async fn the_demo_challenges_are_accessible() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let password = account(dir.path(), "uitdaging@minbzk.nl", &["--broker"]);
    let (driver, _profile, client) = open_browser().await;
    let axe = axe_source();
    let base = &server.base;
    client.goto(&format!("{base}/uitdagingen")).await.unwrap();
    wait_for(&client, "[data-testid=challenges-open]").await;
    let open = href(&client, "[data-testid=challenges-open] a").await;
    let finished = href(&client, "[data-testid=challenges-finished] a").await;
    client.goto(&format!("{base}{finished}")).await.unwrap();
    wait_for(&client, "[data-testid=chart-funnel] svg").await;
    assert!(text(&client, "[data-testid=funnel-table]")
        .await
        .contains("111"));
    let idea = href(&client, "[data-testid=challenge-ranking] a").await;
    let project = href(&client, "[data-testid=challenge-projects] a").await;
    audit_pages(
        &client,
        &axe,
        base,
        &["/uitdagingen", &finished, &open, &idea, &project],
    )
    .await;
    sign_in(&client, base, "uitdaging@minbzk.nl", &password).await;
    client.goto(&format!("{base}{open}")).await.unwrap();
    wait_for(&client, "[data-testid=challenge-jury-form]").await;
    let form = href(&client, "[data-testid=challenge-submit-idea]").await;
    audit_pages(
        &client,
        &axe,
        base,
        &[&open, &finished, &form, "/uitdagingen/nieuw", "/dashboard"],
    )
    .await;
    client.close().await.unwrap();
    drop(driver);
}

/// A point inside the map area of `code`, in viewport pixels: the first point of a grid over the
/// area's box where the area itself is on top (a concave shape's centre may be its neighbour's).
async fn point_in_area(client: &Client, code: &str) -> (f64, f64) {
    let found = client
        .execute(
            "const a = document.querySelector(`a.lp-map__area[data-code='${arguments[0]}']`);
             a.scrollIntoView({block: 'center'});
             const r = a.getBoundingClientRect();
             for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
               const x = r.left + r.width * i / 12, y = r.top + r.height * j / 12;
               const hit = document.elementFromPoint(x, y);
               if (hit && hit.closest('a') === a) return [x, y];
             }
             return null;",
            vec![json!(code)],
        )
        .await
        .unwrap();
    let xy = found
        .as_array()
        .unwrap_or_else(|| panic!("no point inside {code}"));
    (xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap())
}

/// A real mouse click at a point of the viewport.
async fn click_at(client: &Client, x: f64, y: f64) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: y.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(mouse).await.unwrap();
}

async fn graph_nodes(client: &Client) -> u64 {
    client
        .execute("return window.leerpuntNetwork.cy.nodes().length;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

/// The map and the network in a real browser: a theme filter, a click on a municipality that lands
/// on its page, the graph drawn from an organisation and grown by a click on a neighbour, and axe's
/// WCAG 2.1 A/AA rules on both pages in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs it"]
async fn the_map_and_the_network_graph_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let (driver, _profile, client) = open_browser().await;
    let axe = axe_source();
    let base = &server.base;

    // The map: filter by a theme, click a municipality, land on its page.
    client.goto(&format!("{base}/kaart")).await.unwrap();
    wait_for(&client, "[data-testid=map-svg]").await;
    client
        .find(Locator::Css("select[name=theme]"))
        .await
        .unwrap()
        .select_by_value("mobiliteit")
        .await
        .unwrap();
    click(&client, "[data-testid=map-apply]").await;
    wait_for(
        &client,
        "select[name=theme] option[value=mobiliteit][selected]",
    )
    .await;
    let row = client
        .find(Locator::Css("[data-testid=map-table] tr[data-code]"))
        .await
        .expect("a municipality with mobility practices");
    let code = row.attr("data-code").await.unwrap().unwrap();
    let name = row
        .find(Locator::Css("a"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let drawn = client
        .find(Locator::Css(&format!("a.lp-map__area[data-code='{code}']")))
        .await
        .unwrap()
        .attr("data-count")
        .await
        .unwrap()
        .unwrap();
    let listed = text(
        &client,
        &format!("tr[data-code='{code}'] [data-testid=map-count]"),
    )
    .await;
    assert_eq!(drawn, listed, "the map and the table disagree for {code}");
    assert!(drawn.parse::<u32>().unwrap() > 0);
    let (x, y) = point_in_area(&client, &code).await;
    click_at(&client, x, y).await;
    wait_for(&client, "[data-testid=organisation-name]").await;
    assert_eq!(text(&client, "[data-testid=organisation-name]").await, name);
    assert!(client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with(&format!("/organisaties/{code}")));

    // The graph: from the organisation page, drawn, and a neighbour expanded by a click.
    click(&client, "[data-testid=organisation-network]").await;
    wait_for(&client, "#lp-graph[data-ready]").await;
    let before = graph_nodes(&client).await;
    assert!(before > 1, "the drawing shows the neighbourhood");
    let target = client
        .execute(
            "const cy = window.leerpuntNetwork.cy;
             const n = cy.nodes('[?more]').filter(n => n.data('depth') > 0)[0];
             document.getElementById('lp-graph').scrollIntoView({block: 'center'});
             cy.resize();
             const p = n.renderedPosition();
             const r = cy.container().getBoundingClientRect();
             return [n.id(), r.left + p.x, r.top + p.y];",
            vec![],
        )
        .await
        .unwrap();
    let key = target[0].as_str().unwrap().to_owned();
    click_at(
        &client,
        target[1].as_f64().unwrap(),
        target[2].as_f64().unwrap(),
    )
    .await;
    wait_for(&client, &format!("#lp-graph[data-expanded='{key}']")).await;
    let after = graph_nodes(&client).await;
    assert!(
        after > before,
        "expanding {key} added no nodes ({before} → {after})"
    );

    // Both pages pass the audit in both languages, with and without a centre.
    audit_pages(
        &client,
        &axe,
        base,
        &[
            "/kaart",
            "/kaart?level=provincies&measure=per100k",
            "/netwerk",
            "/netwerk?q=utrecht",
            "/netwerk?center=organisation%3AGM0344&depth=2",
        ],
    )
    .await;
    client.close().await.unwrap();
    drop(driver);
}
