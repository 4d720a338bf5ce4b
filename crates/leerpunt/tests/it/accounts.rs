//! Accounts with the real binary: the admin commands, e-mail through a real SMTP server, and
//! crash safety of acknowledged writes (SIGKILL in the middle of 1,000 concurrent API writes).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{bin, free_port, leerpunt, stderr, stdout};

/// A minimal HTTP/1.1 exchange (one request per connection): status, raw headers, body.
pub async fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String, String)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line in {head:?}")))?;
    Ok((status, head.to_owned(), body.to_owned()))
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Starts `leerpunt serve` on a free port with extra environment; returns the process and address.
fn serve(data_dir: &Path, env: &[(&str, String)]) -> (Child, String) {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut cmd = Command::new(bin());
    cmd.arg("--data-dir")
        .arg(data_dir)
        .args(["serve", "--bind", &addr])
        .env("LEERPUNT_LOG", "warn")
        .env("LEERPUNT_PASSWORD_COST", "fast")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start leerpunt: {e}"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "the server did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, addr)
}

fn admin_token(dir: &Path) -> String {
    let out = Command::new(bin())
        .arg("--data-dir")
        .arg(dir)
        .args([
            "admin",
            "create-user",
            "admin@minbzk.nl",
            "--admin",
            "--broker",
            "--password-stdin",
        ])
        .env("LEERPUNT_PASSWORD_COST", "fast")
        .env("LEERPUNT_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"een lang beheerderswachtwoord\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = leerpunt(
        dir,
        &[
            "admin",
            "token",
            "create",
            "admin@minbzk.nl",
            "--scope",
            "practices:write",
            "--scope",
            "practices:review",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_owned()
}

#[test]
fn admin_commands_manage_users_roles_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let token = admin_token(dir.path());
    assert!(token.starts_with("lpt_") && token.len() == 68, "{token}");
    let created = leerpunt(
        dir.path(),
        &["admin", "create-user", "Eva@Utrecht.nl", "--name", "Eva"],
    );
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(
        stdout(&created).contains("Password (shown once): "),
        "a random password is printed once"
    );
    let grant = leerpunt(
        dir.path(),
        &[
            "admin",
            "grant",
            "eva@utrecht.nl",
            "editor",
            "--organisation",
            "GM0344",
        ],
    );
    assert!(grant.status.success(), "{}", stderr(&grant));
    let users = stdout(&leerpunt(dir.path(), &["admin", "users"]));
    assert!(
        users.contains("eva@utrecht.nl\tconfirmed\teditor GM0344"),
        "{users}"
    );
    assert!(
        users.contains("admin@minbzk.nl\tconfirmed\tadmin, broker"),
        "{users}"
    );
    let revoke = leerpunt(
        dir.path(),
        &[
            "admin",
            "revoke",
            "eva@utrecht.nl",
            "editor",
            "--organisation",
            "GM0344",
        ],
    );
    assert!(revoke.status.success());
    assert!(!stdout(&leerpunt(dir.path(), &["admin", "users"])).contains("editor GM0344"));
    for bad in [
        vec!["admin", "grant", "eva@utrecht.nl", "koning"],
        vec!["admin", "grant", "eva@utrecht.nl", "editor"],
        vec!["admin", "grant", "niemand@utrecht.nl", "broker"],
        vec!["admin", "create-user", "eva@utrecht.nl"],
        vec!["admin", "create-user", "geen-adres"],
        vec![
            "admin",
            "token",
            "create",
            "eva@utrecht.nl",
            "--scope",
            "alles",
        ],
    ] {
        let out = leerpunt(dir.path(), &bad);
        assert!(!out.status.success(), "{bad:?} should fail");
        assert!(
            stderr(&out).starts_with("error: "),
            "{bad:?}: {}",
            stderr(&out)
        );
    }
}

/// The Python with aiosmtpd that `.ci/run` installs; the test says how to get it when missing.
fn test_python() -> String {
    std::env::var("LEERPUNT_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "set LEERPUNT_TEST_PYTHON to a Python with aiosmtpd, e.g. \
             `python3 -m venv .venv-ci && .venv-ci/bin/pip install aiosmtpd` and \
             LEERPUNT_TEST_PYTHON=$PWD/.venv-ci/bin/python (.ci/run does this)"
        )
    })
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An aiosmtpd SMTP server writing what it receives to a maildir; killed on drop.
pub(crate) struct SmtpSink {
    _child: Killed,
    port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpSink {
    pub(crate) fn start(dir: &Path, extra: &[&str]) -> SmtpSink {
        let python = test_python();
        std::fs::create_dir_all(dir).unwrap();
        let maildir = dir.join("mail");
        let port = free_port();
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(extra)
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start aiosmtpd with {python}: {e}"));
        let child = Killed(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink {
            _child: child,
            port,
            maildir,
        }
    }

    /// The first message received within `wait`.
    async fn message(&self, wait: Duration) -> Option<String> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(entry) = std::fs::read_dir(self.maildir.join("new"))
                .ok()
                .and_then(|mut d| d.next())
            {
                return Some(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Signs up through the pages of a running server; returns the session cookie and CSRF token.
async fn sign_up(addr: &str) -> (String, String) {
    let (status, head, body) = http(addr, "GET", "/signup", &[], "").await.unwrap();
    assert_eq!(status, 200);
    let cookie = header(&head, "set-cookie")
        .and_then(|c| c.split(';').find(|p| p.trim().starts_with("lp_session=")))
        .unwrap()
        .trim()
        .to_owned();
    let csrf = regex_csrf(&body);
    let form = format!(
        "csrf={csrf}&email=nieuw%40utrecht.nl&name=Nieuw&password=een+lang+genoeg+wachtwoord"
    );
    let (status, _, body) = http(
        addr,
        "POST",
        "/signup",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &form,
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{body}");
    (cookie, csrf)
}

pub(crate) fn mail_env(sink: &SmtpSink) -> Vec<(&'static str, String)> {
    vec![
        ("LEERPUNT_SMTP_HOST", "127.0.0.1".to_owned()),
        ("LEERPUNT_SMTP_PORT", sink.port.to_string()),
        ("LEERPUNT_MAIL_INTERVAL_MS", "100".to_owned()),
        (
            "LEERPUNT_MAIL_FROM",
            "Leerpunt <noreply@leerpunt.test>".to_owned(),
        ),
    ]
}

#[tokio::test]
#[ignore = "needs a Python with aiosmtpd (LEERPUNT_TEST_PYTHON); .ci/run provides it"]
async fn sign_up_mail_goes_out_over_smtp() {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(dir.path(), &[]);
    let (server, addr) = serve(&dir.path().join("data"), &mail_env(&sink));
    let _server = Killed(server);
    let public_url = "http://127.0.0.1:8080";
    let (cookie, csrf) = sign_up(&addr).await;

    // The background mailer hands the message to the SMTP server, which writes it to a maildir.
    let message = sink
        .message(Duration::from_secs(20))
        .await
        .expect("no mail arrived at the SMTP server");
    assert!(message.contains("To: nieuw@utrecht.nl"), "{message}");
    assert!(
        message.contains("From: Leerpunt <noreply@leerpunt.test>"),
        "{message}"
    );
    assert!(
        message.contains("Subject: Bevestig je e-mailadres"),
        "Dutch by default: {message}"
    );
    // Quoted-printable: soft line breaks, and `=` itself as `=3D`.
    let unfolded = message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = unfolded
        .find(&format!("{public_url}/signup/confirm?token="))
        .unwrap_or_else(|| panic!("no link in {message}"));
    let token: String = unfolded[start..]
        .split("token=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64);

    let (status, _, _) = http(
        &addr,
        "POST",
        "/signup/confirm",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &format!("csrf={csrf}&token={token}"),
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    let (status, head, _) = http(
        &addr,
        "POST",
        "/login",
        &[("Cookie", &cookie), ("Content-Type", "application/x-www-form-urlencoded")],
        &format!("csrf={csrf}&email=nieuw%40utrecht.nl&password=een+lang+genoeg+wachtwoord&next=%2Faccount"),
    )
    .await
    .unwrap();
    assert_eq!(status, 303, "{head}");
}

/// STARTTLS to a server whose certificate is signed by a private CA: delivered when the CA is
/// configured as `smtp_ca_file`, refused (and kept in the outbox) when it is not.
#[tokio::test]
#[ignore = "needs a Python with aiosmtpd (LEERPUNT_TEST_PYTHON); .ci/run provides it"]
async fn mail_goes_out_over_starttls_with_a_checked_certificate() {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let dir = tempfile::tempdir().unwrap();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let (ca_file, cert_file, key_file) = (
        dir.path().join("ca.pem"),
        dir.path().join("cert.pem"),
        dir.path().join("key.pem"),
    );
    std::fs::write(&ca_file, ca.pem()).unwrap();
    std::fs::write(&cert_file, leaf.pem()).unwrap();
    std::fs::write(&key_file, leaf_key.serialize_pem()).unwrap();
    let tls_args = [
        "--tlscert",
        cert_file.to_str().unwrap(),
        "--tlskey",
        key_file.to_str().unwrap(),
    ];

    // Without the CA the certificate is not trusted: nothing is delivered.
    let untrusted = SmtpSink::start(&dir.path().join("a"), &tls_args);
    let mut env = mail_env(&untrusted);
    env.push(("LEERPUNT_SMTP_TLS", "starttls".to_owned()));
    let (server, addr) = serve(&dir.path().join("data-a"), &env);
    let server = Killed(server);
    sign_up(&addr).await;
    assert!(
        untrusted.message(Duration::from_secs(2)).await.is_none(),
        "mail sent to an untrusted server"
    );
    drop(server);

    let trusted = SmtpSink::start(&dir.path().join("b"), &tls_args);
    let mut env = mail_env(&trusted);
    env.push(("LEERPUNT_SMTP_TLS", "starttls".to_owned()));
    env.push((
        "LEERPUNT_SMTP_CA_FILE",
        ca_file.to_str().unwrap().to_owned(),
    ));
    let (server, addr) = serve(&dir.path().join("data-b"), &env);
    let _server = Killed(server);
    sign_up(&addr).await;
    let message = trusted
        .message(Duration::from_secs(20))
        .await
        .expect("no mail arrived over STARTTLS");
    assert!(message.contains("To: nieuw@utrecht.nl"), "{message}");
}

fn regex_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..at + 64].to_owned()
}

enum Outcome {
    Acknowledged,
    Refused(u16),
    CutOff,
}

/// 1,000 concurrent API writes; the server is killed with SIGKILL part-way; after a restart every
/// write that got a 201 must be there.
#[tokio::test]
async fn acknowledged_writes_survive_sigkill() {
    const WRITES: usize = 1_000;
    const KILL_AFTER: usize = 250;
    let dir = tempfile::tempdir().unwrap();
    let token = admin_token(dir.path());
    let (server, addr) = serve(dir.path(), &[]);
    let server = std::sync::Arc::new(std::sync::Mutex::new(Some(server)));
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(WRITES);
    for i in 0..WRITES {
        let (addr, token) = (addr.clone(), token.clone());
        let (acknowledged, server) = (acknowledged.clone(), server.clone());
        tasks.push(tokio::spawn(async move {
            let body = serde_json::json!({
                "text": {"title": format!("Crashbestendig {i}"), "summary": "Een schrijfactie"},
                "status": "idea",
                "owner": "GM0344",
            })
            .to_string();
            let auth = format!("Bearer {token}");
            let reply = http(
                &addr,
                "POST",
                "/api/v1/practices",
                &[
                    ("Authorization", &auth),
                    ("Content-Type", "application/json"),
                ],
                &body,
            )
            .await;
            match reply {
                Ok((201, _, body)) => {
                    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                    let mut acked = acknowledged.lock().unwrap();
                    acked.push(v["slug"].as_str().unwrap().to_owned());
                    if acked.len() == KILL_AFTER {
                        if let Some(mut child) = server.lock().unwrap().take() {
                            child.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint
                            child.wait().unwrap();
                        }
                    }
                    Outcome::Acknowledged
                }
                Ok((status, _, _)) => Outcome::Refused(status),
                Err(_) => Outcome::CutOff,
            }
        }));
    }
    let (mut refused, mut cut_off) = (Vec::new(), 0);
    for t in tasks {
        match t.await.unwrap() {
            Outcome::Acknowledged => {}
            Outcome::Refused(status) => refused.push(status),
            Outcome::CutOff => cut_off += 1,
        }
    }
    let failed = refused.len() + cut_off;
    if let Some(mut child) = server.lock().unwrap().take() {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    let elapsed = started.elapsed();
    assert!(
        acked.len() >= KILL_AFTER,
        "only {} writes succeeded before the kill",
        acked.len()
    );
    assert!(
        failed > 0,
        "the kill came before the last write ({} acknowledged)",
        acked.len()
    );

    let (server, addr) = serve(dir.path(), &[]);
    let _server = Killed(server);
    let auth = format!("Bearer {token}");
    let mut present = 0;
    for slug in &acked {
        let (status, _, body) = http(
            &addr,
            "GET",
            &format!("/api/v1/practices/{slug}"),
            &[("Authorization", &auth)],
            "",
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "acknowledged write {slug} is lost: {body}");
        present += 1;
    }
    let (_, _, body) = http(&addr, "GET", "/healthz", &[], "").await.unwrap();
    assert!(body.contains("ok"));
    println!(
        "crash test: {WRITES} concurrent writes, SIGKILL after {KILL_AFTER} acknowledgements; \
         {} acknowledged, {} answered with an error status {refused:?}, {cut_off} cut off by the kill; \
         {present} of {} present after restart ({:.1} s)",
        acked.len(),
        refused.len(),
        acked.len(),
        elapsed.as_secs_f64()
    );
    assert_eq!(present, acked.len());
    assert!(
        refused.iter().all(|s| *s < 500),
        "no write failed on the server's side before the kill: {refused:?}"
    );
}

impl SmtpSink {
    /// Waits (up to `wait`) until a message to `to` whose text contains `needle` arrives; the
    /// messages are unfolded from quoted-printable first.
    pub(crate) async fn message_to(
        &self,
        to: &str,
        needle: &str,
        wait: Duration,
    ) -> Option<String> {
        let deadline = Instant::now() + wait;
        loop {
            if let Ok(dir) = std::fs::read_dir(self.maildir.join("new")) {
                for entry in dir.flatten() {
                    let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    let text = raw
                        .replace("=\r\n", "")
                        .replace("=\n", "")
                        .replace("=3D", "=");
                    if text.contains(&format!("To: {to}")) && text.contains(needle) {
                        return Some(text);
                    }
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// A session signed in through the login form: its cookie and the CSRF token of its forms.
async fn log_in(addr: &str, email: &str, password: &str) -> (String, String) {
    let (_, head, body) = http(addr, "GET", "/login", &[], "").await.unwrap();
    let visitor = header(&head, "set-cookie")
        .and_then(|c| c.split(';').find(|p| p.trim().starts_with("lp_session=")))
        .unwrap()
        .trim()
        .to_owned();
    let form = format!(
        "csrf={}&email={}&password={}&next=%2Faccount",
        regex_csrf(&body),
        email.replace('@', "%40"),
        password
    );
    let (status, head, _) = http(
        addr,
        "POST",
        "/login",
        &[
            ("Cookie", &visitor),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &form,
    )
    .await
    .unwrap();
    assert_eq!(status, 303, "{head}");
    let cookie = header(&head, "set-cookie")
        .and_then(|c| c.split(';').find(|p| p.trim().starts_with("lp_session=")))
        .unwrap()
        .trim()
        .to_owned();
    let (_, _, account) = http(addr, "GET", "/account", &[("Cookie", &cookie)], "")
        .await
        .unwrap();
    (cookie, regex_csrf(&account))
}

/// A form POST as a signed-in session; returns the status and the location or body.
async fn post_form(
    addr: &str,
    session: &(String, String),
    path: &str,
    fields: &str,
) -> (u16, String) {
    let (status, head, body) = http(
        addr,
        "POST",
        path,
        &[
            ("Cookie", &session.0),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &format!("csrf={}&{fields}", session.1),
    )
    .await
    .unwrap();
    (
        status,
        header(&head, "location").map_or(body, str::to_owned),
    )
}

fn create_user(dir: &Path, email: &str, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["admin", "create-user", email, "--name", name];
    args.extend_from_slice(extra);
    let out = leerpunt(dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .split("Password (shown once): ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned()
}

fn token(dir: &Path, email: &str) -> String {
    let out = leerpunt(
        dir,
        &[
            "admin",
            "token",
            "create",
            email,
            "--scope",
            "discussions:write",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_owned()
}

/// The living network's mail over a real SMTP server: a question assigned to an expert, an
/// answer for the asker, a mention in a discussion, and the digest of what someone follows.
#[tokio::test]
#[ignore = "needs a Python with aiosmtpd (LEERPUNT_TEST_PYTHON); .ci/run provides it"]
async fn network_mail_goes_out_over_smtp() {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(dir.path(), &[]);
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let asker_pw = create_user(&data, "vrager@utrecht.nl", "Vera Vrager", &[]);
    let expert_pw = create_user(&data, "expert@zwolle.nl", "Evi Deskundige", &[]);
    let broker_pw = create_user(&data, "makelaar@minbzk.nl", "Mark Makelaar", &["--broker"]);
    let asker_token = token(&data, "vrager@utrecht.nl");
    let expert_token = token(&data, "expert@zwolle.nl");
    let (server, addr) = serve(&data, &mail_env(&sink));
    let _server = Killed(server);
    let json = |token: &str| {
        vec![
            ("Authorization".to_owned(), format!("Bearer {token}")),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ]
    };
    let api = |token: String, path: String, body: String| {
        let addr = addr.clone();
        async move {
            let headers = json(&token);
            let refs: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            http(&addr, "POST", &path, &refs, &body).await.unwrap()
        }
    };

    // The expert's public profile.
    let expert = log_in(&addr, "expert@zwolle.nl", &expert_pw).await;
    let (status, _) = post_form(
        &addr,
        &expert,
        "/account/profile",
        "name=Evi+Deskundige&role=Adviseur&expertise=huurachterstanden&public=1",
    )
    .await;
    assert_eq!(status, 200);
    let (_, _, account) = http(&addr, "GET", "/account", &[("Cookie", &expert.0)], "")
        .await
        .unwrap();
    let at = account.find("/mensen/").expect("a public profile link") + 8;
    let person: String = account[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();

    // The asker follows a theme and wants the digest daily.
    let asker = log_in(&addr, "vrager@utrecht.nl", &asker_pw).await;
    let (status, _) = post_form(&addr, &asker, "/volgen", "kind=theme&target=wonen").await;
    assert_eq!(status, 303);
    let (status, _) = post_form(&addr, &asker, "/account/digest", "digest=daily").await;
    assert_eq!(status, 303);

    // A question, assigned by the broker to the expert: both hear of it.
    let (status, _, body) = api(
        asker_token.clone(),
        "/api/v1/questions".into(),
        r#"{"title": "Hoe zien we huurachterstanden eerder?", "body": "Samen met de corporatie.", "public": true, "themes": ["wonen"]}"#.into(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id: i64 = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap();
    let broker = log_in(&addr, "makelaar@minbzk.nl", &broker_pw).await;
    let (status, _) = post_form(
        &addr,
        &broker,
        &format!("/helpdesk/vragen/{id}/toewijzen"),
        &format!("assignee=person%3A{person}"),
    )
    .await;
    assert_eq!(status, 303);
    let wait = Duration::from_secs(20);
    let assigned = sink
        .message_to("expert@zwolle.nl", &format!("/helpdesk/vragen/{id}"), wait)
        .await
        .expect("the expert's assignment mail arrives");
    assert!(assigned.contains("Een vraag voor jou"), "{assigned}");
    sink.message_to("vrager@utrecht.nl", "doorgegeven", wait)
        .await
        .expect("the asker hears the question was passed on");

    // The expert answers: the asker is told.
    let (status, _, body) = api(
        expert_token.clone(),
        format!("/api/v1/questions/{id}/answers"),
        r#"{"body": "Maak afspraken met de corporatie."}"#.into(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    sink.message_to("vrager@utrecht.nl", "Nieuw antwoord op", wait)
        .await
        .expect("the answer mail arrives");

    // A mention in a community discussion.
    let (status, location) = post_form(
        &addr,
        &broker,
        "/gemeenschappen/nieuw",
        "slug=huur&name_nl=Huur&name_en=Rent&description_nl=Over+huur&description_en=About+rent&themes=wonen",
    )
    .await;
    assert_eq!(status, 303, "{location}");
    for session in [&asker, &expert] {
        let (status, _) = post_form(&addr, session, "/gemeenschappen/huur/lid-worden", "").await;
        assert_eq!(status, 303);
    }
    let (status, _, body) = api(
        asker_token.clone(),
        "/api/v1/communities/huur/topics".into(),
        r#"{"title": "Signalen delen", "body": "Wat vind jij, @EviDeskundige?"}"#.into(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    sink.message_to("expert@zwolle.nl", "Signalen delen", wait)
        .await
        .expect("the mention mail arrives");

    // The digest: what is new in the followed theme, sent when it is due.
    let tomorrow = (time::OffsetDateTime::now_utc() + time::Duration::days(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let out = leerpunt(&data, &["digest", "--at", &tomorrow]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Queued 1 digest"), "{}", stdout(&out));
    let digest = sink
        .message_to("vrager@utrecht.nl", "Nieuw in wat je volgt", wait)
        .await
        .expect("the digest arrives");
    assert!(
        digest.contains("Hoe zien we huurachterstanden eerder?"),
        "{digest}"
    );
}
