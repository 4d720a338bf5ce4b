//! Translations: every UI string lives in `locales/{nl,en}.ftl` (Fluent), looked up by key.
//!
//! Dutch is the default. A key missing from a language falls back to Dutch, then to the key itself;
//! a test checks both files define the same keys, so the fallback never shows in practice.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use leerpunt_core::Lang;

pub const NL_FTL: &str = include_str!("../locales/nl.ftl");
pub const EN_FTL: &str = include_str!("../locales/en.ftl");

struct Bundles {
    nl: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: unic_langid::LanguageIdentifier, source: &str) -> FluentBundle<FluentResource> {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(?errors, "translation file has syntax errors");
            r
        }
    };
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, "translation file defines a key twice");
    }
    bundle
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    nl: bundle(unic_langid::langid!("nl"), NL_FTL),
    en: bundle(unic_langid::langid!("en"), EN_FTL),
});

fn lookup(
    bundle: &FluentBundle<FluentResource>,
    key: &str,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let (id, attribute) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        Some(attr) => message.get_attribute(attr)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "translation formatting problem");
    }
    Some(text.into_owned())
}

/// Translates `key` into `lang`.
pub fn t(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let bundles = &*BUNDLES;
    let primary = match lang {
        Lang::Nl => &bundles.nl,
        Lang::En => &bundles.en,
    };
    lookup(primary, key, args)
        .or_else(|| lookup(&bundles.nl, key, args))
        .unwrap_or_else(|| key.to_owned())
}

/// Whether `key` is defined in both languages (used by tests).
pub fn has_key(lang: Lang, key: &str) -> bool {
    let bundles = &*BUNDLES;
    let bundle = match lang {
        Lang::Nl => &bundles.nl,
        Lang::En => &bundles.en,
    };
    lookup(bundle, key, None).is_some()
}

/// The message ids defined in a Fluent source.
pub fn keys(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_keys() {
        let mut nl = keys(NL_FTL);
        let mut en = keys(EN_FTL);
        nl.sort();
        en.sort();
        let missing_en: Vec<_> = nl.iter().filter(|k| !en.contains(k)).collect();
        let missing_nl: Vec<_> = en.iter().filter(|k| !nl.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
        assert!(missing_nl.is_empty(), "missing in nl.ftl: {missing_nl:?}");
        assert!(nl.len() > 50, "suspiciously few keys: {}", nl.len());
    }

    #[test]
    fn translates_with_arguments() {
        let mut args = FluentArgs::new();
        args.set("count", 3);
        assert_eq!(t(Lang::Nl, "nav-home", None), "Home");
        assert_ne!(
            t(Lang::En, "results-count", Some(&args)),
            t(Lang::Nl, "results-count", Some(&args))
        );
        assert!(t(Lang::En, "results-count", Some(&args)).contains('3'));
        assert_eq!(t(Lang::En, "no-such-key", None), "no-such-key");
    }
}
