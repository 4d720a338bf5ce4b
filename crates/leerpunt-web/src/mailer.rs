//! The background mailer: sends the outbox over SMTP, retrying failures with backoff, and removes
//! expired sessions and links now and then. Runs as a task beside the web server.
//!
//! Mail goes out over SMTP to the configured host: plain (a local relay), upgraded with STARTTLS,
//! or over TLS from the start, optionally with a login; certificates are checked against the
//! public roots plus an optional extra root. A message the server refuses is retried with
//! exponential backoff, and one with an unusable address is given up at once.

use std::time::Duration;

use leerpunt_store::Store;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same machine or a trusted network.
    #[default]
    None,
    /// Plain connection upgraded with STARTTLS, which is required.
    Starttls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

/// Where and how mail is sent.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub smtp_host: String,
    pub smtp_port: u16,
    pub tls: SmtpTls,
    /// An extra trusted root certificate (PEM), e.g. of an internal mail server's CA.
    pub ca_pem: Option<Vec<u8>>,
    /// User name and password for SMTP AUTH (only over TLS).
    pub credentials: Option<(String, String)>,
    /// The sender, e.g. `Leerpunt <noreply@leerpunt.example>`.
    pub from: String,
    /// How often the outbox is checked.
    pub interval: Duration,
    /// How long a message this instance claimed is left to it before another instance may send
    /// it (when this one died before reporting it sent).
    pub lease: Duration,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_host: "127.0.0.1".to_owned(),
            smtp_port: 25,
            tls: SmtpTls::None,
            ca_pem: None,
            credentials: None,
            from: "Leerpunt <noreply@localhost>".to_owned(),
            interval: Duration::from_secs(2),
            lease: Duration::from_secs(leerpunt_store::MAIL_LEASE_SECS as u64),
        }
    }
}

/// Sends every message that is due; returns how many were sent.
pub async fn send_due(
    store: &Store,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    lease: Duration,
) -> Result<usize, leerpunt_store::StoreError> {
    let mut sent = 0;
    let lease = i64::try_from(lease.as_secs()).unwrap_or(i64::MAX).max(1);
    for mail in store.claim_due_mail(50, lease).await? {
        let to: Mailbox = match mail.to_addr.parse() {
            Ok(to) => to,
            Err(e) => {
                store
                    .mail_failed(
                        mail.id,
                        leerpunt_store::MAX_MAIL_ATTEMPTS,
                        &format!("bad address: {e}"),
                    )
                    .await?;
                continue;
            }
        };
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone());
        let message = match message {
            Ok(m) => m,
            Err(e) => {
                store
                    .mail_failed(
                        mail.id,
                        leerpunt_store::MAX_MAIL_ATTEMPTS,
                        &format!("cannot build: {e}"),
                    )
                    .await?;
                continue;
            }
        };
        match transport.send(message).await {
            Ok(_) => {
                store.mail_sent(mail.id).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(id = mail.id, error = %e, "mail not sent; will retry");
                store
                    .mail_failed(mail.id, mail.attempts, &e.to_string())
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// The SMTP transport for a configuration.
pub fn transport(config: &MailConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.smtp_host)
        .port(config.smtp_port)
        .timeout(Some(Duration::from_secs(20)));
    if config.tls != SmtpTls::None {
        let mut params = TlsParameters::builder(config.smtp_host.clone());
        if let Some(pem) = &config.ca_pem {
            let root = Certificate::from_pem(pem)
                .map_err(|e| format!("smtp_ca_file is not a PEM certificate: {e}"))?;
            params = params.add_root_certificate(root);
        }
        let params = params
            .build()
            .map_err(|e| format!("SMTP TLS settings: {e}"))?;
        builder = builder.tls(match config.tls {
            SmtpTls::Tls => Tls::Wrapper(params),
            _ => Tls::Required(params),
        });
    }
    if let Some((user, password)) = &config.credentials {
        if config.tls == SmtpTls::None {
            return Err("smtp_username needs smtp_tls = \"starttls\" or \"tls\": a password is not sent in the clear".to_owned());
        }
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// Starts the mailer task. It runs until the runtime stops.
pub fn spawn(store: Store, config: MailConfig) -> Result<tokio::task::JoinHandle<()>, String> {
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|e| format!("mail_from {:?} is not an address: {e}", config.from))?;
    let transport = transport(&config)?;
    Ok(tokio::spawn(async move {
        let mut until_purge: u32 = 0;
        loop {
            if let Err(e) = send_due(&store, &transport, &from, config.lease).await {
                tracing::error!(error = %e, "mailer");
            }
            if until_purge == 0 {
                if let Err(e) = store.purge_expired().await {
                    tracing::error!(error = %e, "purging expired sessions");
                }
                until_purge = 300;
            }
            until_purge -= 1;
            tokio::time::sleep(config.interval).await;
        }
    }))
}
