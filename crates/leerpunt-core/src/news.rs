//! News of the centre: items the brokers publish in both languages, with an optional image (by
//! web address, always with alt text in both languages), themes and a publish date.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldError};
use crate::labs::is_web_url;
use crate::text::{is_iso_date, is_slug, slugify};
use crate::{vocab, Lang};

/// The longest title, in either language.
pub const MAX_TITLE: usize = 200;
/// The longest body (Markdown), in either language.
pub const MAX_BODY: usize = 30_000;
/// The longest alt text of the image, in either language.
pub const MAX_ALT: usize = 300;
/// The most themes an item carries.
pub const MAX_THEMES: usize = 5;
/// Items on one page of `/nieuws`.
pub const PER_PAGE: u32 = 10;
/// Slugs that name pages of `/nieuws` and so cannot name an item.
pub const RESERVED_SLUGS: &[&str] = &["nieuw"];

/// A news item as a broker writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleInput {
    /// The address; made from the Dutch title when empty (new items only).
    #[serde(default)]
    pub slug: Option<String>,
    pub title_nl: String,
    pub title_en: String,
    /// Markdown.
    pub body_nl: String,
    /// Markdown.
    pub body_en: String,
    /// An http(s) address of an image; empty for none.
    #[serde(default)]
    pub image_url: String,
    /// Required when there is an image.
    #[serde(default)]
    pub image_alt_nl: String,
    #[serde(default)]
    pub image_alt_en: String,
    #[serde(default)]
    pub themes: Vec<String>,
    /// YYYY-MM-DD; not after today (items are not scheduled).
    pub published_on: String,
}

impl ArticleInput {
    /// The slug a new item gets: the given one, or one made from the Dutch title.
    pub fn slug_or_made(&self) -> String {
        match &self.slug {
            Some(s) if !s.trim().is_empty() => s.trim().to_owned(),
            _ => slugify(&self.title_nl),
        }
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_len(errors: &mut Vec<FieldError>, field: &str, value: &str, min: usize, max: usize) {
    if chars(value.trim()) < min {
        errors.push(FieldError::new(field, format!("{field} is required")));
    } else if chars(value) > max {
        errors.push(FieldError::new(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
}

/// Checks an item: both titles (3–200) and bodies (1–30,000), an image address that is http(s)
/// with alt text in both languages, known themes, a publish date that is not after `today`.
pub fn validate_article(a: &ArticleInput, today: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "title_nl", &a.title_nl, 3, MAX_TITLE);
    check_len(&mut errors, "title_en", &a.title_en, 3, MAX_TITLE);
    check_len(&mut errors, "body_nl", &a.body_nl, 1, MAX_BODY);
    check_len(&mut errors, "body_en", &a.body_en, 1, MAX_BODY);
    let image = a.image_url.trim();
    if !image.is_empty() {
        if !is_web_url(image) {
            errors.push(FieldError::new("image_url", "msg-news-image-url"));
        }
        check_len(&mut errors, "image_alt_nl", &a.image_alt_nl, 1, MAX_ALT);
        check_len(&mut errors, "image_alt_en", &a.image_alt_en, 1, MAX_ALT);
    } else {
        check_len(&mut errors, "image_alt_nl", &a.image_alt_nl, 0, MAX_ALT);
        check_len(&mut errors, "image_alt_en", &a.image_alt_en, 0, MAX_ALT);
    }
    if a.themes.len() > MAX_THEMES {
        errors.push(FieldError::new(
            "themes",
            format!("choose at most {MAX_THEMES} themes"),
        ));
    }
    for t in &a.themes {
        if vocab::theme(t).is_none() {
            errors.push(FieldError::new("themes", format!("unknown theme {t:?}")));
        }
    }
    let date = a.published_on.trim();
    if !is_iso_date(date) {
        errors.push(FieldError::new("published_on", "date must be YYYY-MM-DD"));
    } else if date > today {
        errors.push(FieldError::new("published_on", "msg-news-date-future"));
    }
    let slug = a.slug_or_made();
    if !is_slug(&slug) || RESERVED_SLUGS.contains(&slug.as_str()) {
        errors.push(FieldError::new(
            "slug",
            "the address may contain only lowercase letters, digits and single hyphens",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// A stored news item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title_nl: String,
    pub title_en: String,
    pub body_nl: String,
    pub body_en: String,
    pub image_url: Option<String>,
    pub image_alt_nl: String,
    pub image_alt_en: String,
    pub themes: Vec<String>,
    pub published_on: String,
    pub author_name: String,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Article {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.title_nl,
            Lang::En => &self.title_en,
        }
    }

    pub fn body(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.body_nl,
            Lang::En => &self.body_en,
        }
    }

    pub fn image_alt(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.image_alt_nl,
            Lang::En => &self.image_alt_en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> ArticleInput {
        ArticleInput {
            title_nl: "Nieuw datalab geopend".into(),
            title_en: "New data lab opened".into(),
            body_nl: "Tekst.".into(),
            body_en: "Text.".into(),
            themes: vec!["datakwaliteit".into()],
            published_on: "2026-09-01".into(),
            ..ArticleInput::default()
        }
    }

    fn fields(r: Result<(), CoreError>) -> Vec<String> {
        match r {
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn items_are_checked() {
        assert_eq!(validate_article(&item(), "2026-09-01"), Ok(()));
        assert_eq!(item().slug_or_made(), "nieuw-datalab-geopend");
        let future = validate_article(&item(), "2026-08-31");
        assert_eq!(fields(future), ["published_on"]);
        let empty = ArticleInput {
            body_en: " ".into(),
            title_nl: String::new(),
            ..item()
        };
        assert_eq!(
            fields(validate_article(&empty, "2026-09-01")),
            ["title_nl", "body_en", "slug"]
        );
        let long = ArticleInput {
            body_nl: "x".repeat(MAX_BODY + 1),
            ..item()
        };
        assert_eq!(fields(validate_article(&long, "2026-09-01")), ["body_nl"]);
    }

    #[test]
    fn an_image_needs_a_web_address_and_alt_text_in_both_languages() {
        let no_alt = ArticleInput {
            image_url: "https://example.org/foto.jpg".into(),
            image_alt_nl: "Een foto".into(),
            ..item()
        };
        assert_eq!(
            fields(validate_article(&no_alt, "2026-09-01")),
            ["image_alt_en"]
        );
        let script = ArticleInput {
            image_url: "javascript:alert(1)".into(),
            image_alt_nl: "a".into(),
            image_alt_en: "a".into(),
            ..item()
        };
        assert_eq!(
            fields(validate_article(&script, "2026-09-01")),
            ["image_url"]
        );
        let fine = ArticleInput {
            image_alt_en: "A photo".into(),
            ..no_alt
        };
        assert_eq!(validate_article(&fine, "2026-09-01"), Ok(()));
    }
}
