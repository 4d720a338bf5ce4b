//! Text rules: slugs, name normalisation for matching organisations, and practice validation.

use crate::error::{CoreError, FieldError};
use crate::model::NewPractice;
use crate::vocab;

/// Folds the accented Latin letters that occur in Dutch and Frisian names to their base letter.
fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// Makes a URL slug: lowercase ASCII letters and digits separated by single hyphens, at most
/// 80 characters, cut at a word boundary.
pub fn slugify(input: &str) -> String {
    let mut slug = String::with_capacity(input.len());
    for c in input.chars().flat_map(char::to_lowercase).map(fold_char) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > 80 {
        let cut = slug[..80].rfind('-').unwrap_or(80);
        slug.truncate(cut);
    }
    slug
}

/// Whether `s` is a well-formed slug as [`slugify`] makes them.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The key under which an organisation name is matched: lowercase, accents folded, punctuation
/// and repeated spaces removed. "Ministerie van Financiën" and "ministerie van financien" match.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase).map(fold_char) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '/')
            && !out.is_empty()
            && !out.ends_with(' ')
        {
            out.push(' ');
        }
        // other punctuation (apostrophes, dots, brackets) is dropped
    }
    out.trim_end().to_owned()
}

/// Upper bounds on field lengths, in characters.
pub const MAX_TITLE: usize = 300;
pub const MAX_SUMMARY: usize = 2_000;
pub const MAX_LONG: usize = 100_000;

/// Checks a practice before it is stored. Returns every problem at once so a form can show them
/// next to their fields.
pub fn validate_practice(p: &NewPractice) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    let mut check_text = |prefix: &str, t: &crate::model::PracticeText| {
        if t.title.trim().is_empty() {
            errors.push(FieldError::new(
                format!("{prefix}title"),
                "title is required",
            ));
        }
        if t.title.chars().count() > MAX_TITLE {
            errors.push(FieldError::new(
                format!("{prefix}title"),
                format!("title is longer than {MAX_TITLE} characters"),
            ));
        }
        if t.summary.chars().count() > MAX_SUMMARY {
            errors.push(FieldError::new(
                format!("{prefix}summary"),
                format!("summary is longer than {MAX_SUMMARY} characters"),
            ));
        }
        for (name, value) in [
            ("body", &t.body),
            ("purpose", &t.purpose),
            ("data_used", &t.data_used),
            ("results", &t.results),
            ("lessons", &t.lessons),
        ] {
            if value.chars().count() > MAX_LONG {
                errors.push(FieldError::new(
                    format!("{prefix}{name}"),
                    format!("{name} is longer than {MAX_LONG} characters"),
                ));
            }
        }
    };
    check_text("", &p.text);
    if let Some(t) = &p.translation {
        check_text("translation.", t);
    }
    if let Some(slug) = &p.slug {
        if !is_slug(slug) {
            errors.push(FieldError::new(
                "slug",
                "slug may contain only lowercase letters, digits and single hyphens",
            ));
        }
    }
    if p.owner.trim().is_empty() {
        errors.push(FieldError::new("owner", "owner organisation is required"));
    }
    if p.partners.iter().any(|c| c == &p.owner) {
        errors.push(FieldError::new(
            "partners",
            "the owner cannot also be a partner",
        ));
    }
    for theme in &p.themes {
        if vocab::theme(theme).is_none() {
            errors.push(FieldError::new(
                "themes",
                format!("unknown theme {theme:?}"),
            ));
        }
    }
    for technique in &p.techniques {
        if vocab::technique(technique).is_none() {
            errors.push(FieldError::new(
                "techniques",
                format!("unknown technique {technique:?}"),
            ));
        }
    }
    if let Some(date) = &p.started_on {
        if !is_iso_date(date) {
            errors.push(FieldError::new("started_on", "date must be YYYY-MM-DD"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Whether `s` is a calendar date in `YYYY-MM-DD` form.
pub fn is_iso_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &format).is_ok()
}

/// At most `max_chars` characters of `s`, cut after a whole word (when one ends in the second
/// half) and marked with "…" when anything was left out.
pub fn shorten(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => format!("{}…", cut[..i].trim_end()),
        _ => format!("{cut}…"),
    }
}

/// Bytes as lowercase hexadecimal (signatures and keys on the wire).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hexadecimal back to bytes; `None` for an odd length or a non-hex digit.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_cases() {
        for (input, expected) in [
            (
                "Vroegsignalering van schulden",
                "vroegsignalering-van-schulden",
            ),
            ("  Éénmalige   controle!! ", "eenmalige-controle"),
            ("AI & ethiek: 2024", "ai-ethiek-2024"),
            ("---", ""),
        ] {
            assert_eq!(slugify(input), expected, "input {input:?}");
        }
        let long = slugify(&"woord ".repeat(40));
        assert!(long.len() <= 80 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn slug_check() {
        assert!(is_slug("a-b-c1"));
        assert!(!is_slug("A-b"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
        assert!(!is_slug("a b"));
    }

    #[test]
    fn name_keys_match_variants() {
        assert_eq!(
            name_key("Ministerie van Financiën"),
            name_key("ministerie van  financien")
        );
        assert_eq!(
            name_key("Gemeente 's-Hertogenbosch"),
            "gemeente s hertogenbosch"
        );
        assert_eq!(
            name_key("Rijksinspectie Digitale Infrastructuur (RDI)"),
            "rijksinspectie digitale infrastructuur rdi"
        );
    }

    fn practice() -> NewPractice {
        NewPractice {
            slug: None,
            language: crate::Lang::Nl,
            text: crate::PracticeText {
                title: "Titel".into(),
                summary: "Kort".into(),
                ..Default::default()
            },
            translation: None,
            status: crate::PracticeStatus::Pilot,
            owner: "GM0363".into(),
            partners: vec![],
            themes: vec!["energietransitie".into()],
            techniques: vec!["dashboard".into()],
            contact: None,
            source: "manual".into(),
            source_id: None,
            source_url: None,
            started_on: Some("2024-02-29".into()),
        }
    }

    #[test]
    fn valid_practice_passes() {
        assert_eq!(validate_practice(&practice()), Ok(()));
    }

    #[test]
    fn invalid_practice_reports_every_field() {
        let mut p = practice();
        p.text.title = "  ".into();
        p.themes = vec!["geen-thema".into()];
        p.partners = vec!["GM0363".into()];
        p.started_on = Some("2023-02-29".into());
        p.slug = Some("Bad Slug".into());
        let Err(CoreError::Invalid(errors)) = validate_practice(&p) else {
            unreachable!("expected validation errors")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["title", "slug", "partners", "themes", "started_on"]
        );
    }

    #[test]
    fn shorten_cuts_after_a_whole_word() {
        assert_eq!(shorten("kort", 10), "kort");
        assert_eq!(shorten("een lange zin over data", 12), "een lange…");
        assert_eq!(shorten("onroerendezaakbelasting", 10), "onroerende…");
        assert_eq!(shorten("één twee drie", 8), "één…");
    }
}
