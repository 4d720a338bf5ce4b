//! The mail account forms send (confirmation, reset, "you already have an account"), in the
//! reader's language, through the outbox, and never more than the core's hourly limit per address.

use fluent_bundle::FluentArgs;
use leerpunt_core::account::may_mail;
use leerpunt_core::Lang;

use crate::error::AppError;
use crate::i18n::t;
use crate::AppState;

/// An absolute link into Leerpunt carrying a one-time token.
pub fn link(app: &AppState, path: &str, token: &str) -> String {
    format!(
        "{}{path}?token={token}",
        app.config.public_url.trim_end_matches('/')
    )
}

/// Queues message `key` (`{key}-subject`, `{key}-body` in the Fluent files) to `to`. Returns
/// false, and sends nothing, when the address had its hourly share already.
pub async fn send(
    app: &AppState,
    lang: Lang,
    to: &str,
    key: &str,
    link: Option<&str>,
) -> Result<bool, AppError> {
    if !may_mail(app.store.mail_count_last_hour(to).await?) {
        tracing::warn!(key, "not mailing again within the hour");
        return Ok(false);
    }
    let mut args = FluentArgs::new();
    if let Some(link) = link {
        args.set("link", link.to_owned());
    }
    args.set("site", app.config.public_url.clone());
    let subject = t(lang, &format!("{key}-subject"), Some(&args));
    let body = t(lang, &format!("{key}-body"), Some(&args));
    app.store.queue_mail(to, &subject, &body).await?;
    Ok(true)
}
