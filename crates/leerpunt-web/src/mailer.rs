//! The background mailer: sends the outbox over SMTP, retrying failures with backoff, and removes
//! expired sessions and links now and then. Runs as a task beside the web server.
//!
//! Mail goes out as plain SMTP to the configured host (a local relay or the organisation's mail
//! server on a trusted network); a message the relay refuses is retried with exponential
//! backoff, and one with an unusable address is given up at once.

use std::time::Duration;

use leerpunt_store::Store;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where and how mail is sent.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub smtp_host: String,
    pub smtp_port: u16,
    /// The sender, e.g. `Leerpunt <noreply@leerpunt.example>`.
    pub from: String,
    /// How often the outbox is checked.
    pub interval: Duration,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_host: "127.0.0.1".to_owned(),
            smtp_port: 25,
            from: "Leerpunt <noreply@localhost>".to_owned(),
            interval: Duration::from_secs(2),
        }
    }
}

/// Sends every message that is due; returns how many were sent.
pub async fn send_due(
    store: &Store,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
) -> Result<usize, leerpunt_store::StoreError> {
    let mut sent = 0;
    for mail in store.due_mail(50).await? {
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

/// Starts the mailer task. It runs until the runtime stops.
pub fn spawn(store: Store, config: MailConfig) -> Result<tokio::task::JoinHandle<()>, String> {
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|e| format!("mail_from {:?} is not an address: {e}", config.from))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.smtp_host)
        .port(config.smtp_port)
        .timeout(Some(Duration::from_secs(20)))
        .build();
    Ok(tokio::spawn(async move {
        let mut until_purge: u32 = 0;
        loop {
            if let Err(e) = send_due(&store, &transport, &from).await {
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
