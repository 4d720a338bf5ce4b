//! The HTML templates (minijinja, embedded at build time, auto-escaped) and the helpers they call.

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentValue};
use leerpunt_core::Lang;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, State};

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),+]
    };
}

/// Every template, by name.
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "macros.html",
    "home.html",
    "practices.html",
    "practice.html",
    "organisations.html",
    "organisation.html",
    "themes.html",
    "theme.html",
    "about.html",
    "error.html",
    "analyses.html",
    "analysis.html",
    "search.html",
    "ask.html",
    "glossary.html",
    "forms.html",
    "signup.html",
    "confirm.html",
    "login.html",
    "forgot.html",
    "reset.html",
    "account.html",
    "deleted.html",
    "practice_form.html",
    "work.html",
    "review_queue.html",
    "organisation_form.html",
    "admin_users.html",
    "audit.html",
    "people.html",
    "person.html",
    "privacy.html",
    // Help desk and FAQ.
    "helpdesk.html",
    "helpdesk_ask.html",
    "helpdesk_thanks.html",
    "helpdesk_queue.html",
    "question.html",
    "faq.html",
    "faq_entry.html",
    "faq_form.html",
    "events.html",
    "event.html",
    "event_form.html",
    "stepplan.html",
    "stepplan_phases.html",
    "stepplan_form.html",
    "stepplan_versions.html",
    "stepplan_version.html",
    "communities.html",
    "community.html",
    "community_form.html",
    "topic.html",
    "topic_form.html",
    "post_form.html",
    "community_reports.html",
    "meetings_report.html",
    "meetings_log.html",
    "meeting.html",
    "labs.html",
    "lab.html",
    "lab_form.html",
    "lab_requests.html",
    "lab_request.html",
    "news.html",
    "news_item.html",
    "news_form.html",
    "zelfscan.html",
    "zelfscan_form.html",
    "zelfscan_result.html",
    "zelfscan_group.html",
    "zelfscan_group_table.html",
    "dashboard.html",
    "map.html",
    "network.html",
    "agenda.html",
    "agenda_commitment.html",
    "agenda_form.html",
    "agenda_report.html",
    "challenges.html",
    "challenge.html",
    "challenge_form.html",
    "challenge_idea_form.html",
    "challenge_idea.html",
    "challenge_project.html",
    "computations.html",
    "computation.html",
    "computation_form.html",
);

fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_default()
}

/// `t("key", name=value, …)`: the translation of `key` in the page's language.
fn t(state: &State, key: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let mut args = FluentArgs::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let fluent = match value.as_i64() {
            Some(n) => FluentValue::from(n),
            None => FluentValue::from(value.to_string()),
        };
        args.set(name.to_owned(), fluent);
    }
    Ok(crate::i18n::t(lang_of(state), key, Some(&args)))
}

/// `markdown(text)`: Markdown rendered to sanitised HTML.
fn markdown(text: &str) -> Value {
    Value::from_safe_string(crate::markup::markdown(text))
}

/// `date(rfc3339)`: the date part of a timestamp.
fn date(value: &str) -> String {
    value.get(..10).unwrap_or(value).to_owned()
}

pub static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in TEMPLATES {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!(template = name, error = %e, "template does not compile");
        }
    }
    env.add_function("t", t);
    env.add_filter("markdown", markdown);
    env.add_filter("date", date);
    env
});

/// Renders a template with a context.
pub fn render(name: &str, ctx: Value) -> Result<String, minijinja::Error> {
    ENV.get_template(name)?.render(ctx)
}
