//! Communities and their discussions: the domain types, the rules a community, topic, post or
//! report must meet, the edit window of a post, threading order and mentions.
//!
//! Mentions: `@name` names a person by their account's display name with the spaces removed,
//! compared without regard to case ("Sanne de Vries" is `@SannedeVries` or `@sannedevries`).
//! Display names are what readers see next to every post, so they are what people type; e-mail
//! addresses are never shown and so never used. Only members of the community are notified.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::account::normalise_email;
use crate::error::{CoreError, FieldError};
use crate::text::{is_slug, slugify};
use crate::{vocab, Lang};

/// Topic titles: at least this many characters…
pub const MIN_TITLE: usize = 3;
/// …and at most this many.
pub const MAX_TITLE: usize = 200;
/// The longest post body (Markdown).
pub const MAX_BODY: usize = 20_000;
/// The longest community name, in either language.
pub const MAX_NAME: usize = 120;
/// The longest community description (Markdown), in either language.
pub const MAX_DESCRIPTION: usize = 5_000;
/// The longest reason of a report or of hiding a post.
pub const MAX_REASON: usize = 1_000;
/// The most themes a community has.
pub const MAX_THEMES: usize = 8;
/// The most moderators named in one form.
pub const MAX_MODERATORS: usize = 50;
/// How long after writing a post its author may still edit it.
pub const EDIT_WINDOW_SECS: i64 = 30 * 60;
/// The most items any page of communities, topics, posts, members or reports shows.
pub const MAX_PER_PAGE: u32 = 50;
/// Topics on one page of a community.
pub const TOPICS_PER_PAGE: u32 = 20;
/// Posts on one page of a topic.
pub const POSTS_PER_PAGE: u32 = 50;
/// The most people one post notifies by mentioning them.
pub const MAX_MENTIONS: usize = 10;

/// A community: people around a set of themes, with discussions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Community {
    pub id: i64,
    pub slug: String,
    pub name_nl: String,
    pub name_en: String,
    pub description_nl: String,
    pub description_en: String,
    /// Theme keys of [`vocab::THEMES`].
    pub themes: Vec<String>,
    pub member_count: i64,
    /// Topics started in it.
    pub topic_count: i64,
    /// Written for the demo; the UI marks it.
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Community {
    /// The name in `lang` (the Dutch one when the English one is empty).
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.trim().is_empty() => &self.name_en,
            _ => &self.name_nl,
        }
    }

    /// The description in `lang` (the Dutch one when the English one is empty).
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.description_en.trim().is_empty() => &self.description_en,
            _ => &self.description_nl,
        }
    }
}

/// A moderator as a form or API names them: an account id or an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum ModeratorRef {
    Id(i64),
    Email(String),
}

/// A community as a broker writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewCommunity {
    /// The address; made from the Dutch name when absent. Kept on update.
    #[serde(default)]
    pub slug: Option<String>,
    pub name_nl: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub description_nl: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub themes: Vec<String>,
    /// The moderators; on update, the complete list (others lose the flag, keep membership).
    #[serde(default)]
    pub moderators: Vec<ModeratorRef>,
}

impl NewCommunity {
    /// The slug a new community gets: the given one, or one made from the Dutch name.
    pub fn slug_or_made(&self) -> String {
        match &self.slug {
            Some(s) if !s.trim().is_empty() => s.trim().to_owned(),
            _ => slugify(&self.name_nl),
        }
    }
}

/// Reads a list of moderators as a form gives it: ids or e-mail addresses separated by commas,
/// spaces or new lines. Every entry that is neither is an error of the field `moderators`.
pub fn parse_moderators(input: &str) -> Result<Vec<ModeratorRef>, CoreError> {
    let mut out = Vec::new();
    for item in input
        .split([',', ';', ' ', '\n', '\r', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let parsed = if let Ok(id) = item.parse::<i64>() {
            (id > 0).then_some(ModeratorRef::Id(id))
        } else {
            normalise_email(item).ok().map(ModeratorRef::Email)
        };
        match parsed {
            Some(m) if !out.contains(&m) => out.push(m),
            Some(_) => {}
            None => {
                return Err(CoreError::invalid(
                    "moderators",
                    format!("{item:?} is neither an account number nor an e-mail address"),
                ))
            }
        }
    }
    Ok(out)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Checks a community; returns every problem at once.
pub fn validate_community(c: &NewCommunity) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    if chars(c.name_nl.trim()) < 3 {
        errors.push(FieldError::new(
            "name_nl",
            "a Dutch name of at least 3 characters is required",
        ));
    }
    for (field, value, max) in [
        ("name_nl", &c.name_nl, MAX_NAME),
        ("name_en", &c.name_en, MAX_NAME),
        ("description_nl", &c.description_nl, MAX_DESCRIPTION),
        ("description_en", &c.description_en, MAX_DESCRIPTION),
    ] {
        if chars(value) > max {
            errors.push(FieldError::new(
                field,
                format!("{field} is longer than {max} characters"),
            ));
        }
    }
    let slug = c.slug_or_made();
    if !is_slug(&slug) {
        errors.push(FieldError::new(
            "slug",
            "the address may contain only lowercase letters, digits and single hyphens",
        ));
    }
    if c.themes.len() > MAX_THEMES {
        errors.push(FieldError::new(
            "themes",
            format!("at most {MAX_THEMES} themes"),
        ));
    }
    for theme in &c.themes {
        if vocab::theme(theme).is_none() {
            errors.push(FieldError::new(
                "themes",
                format!("unknown theme {theme:?}"),
            ));
        }
    }
    if c.moderators.len() > MAX_MODERATORS {
        errors.push(FieldError::new(
            "moderators",
            format!("at most {MAX_MODERATORS} moderators"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// A person's place in a community.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Membership {
    pub member: bool,
    pub moderator: bool,
}

/// A member who agreed to a public profile, as the community page lists them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberProfile {
    /// The person's id (their page is `/mensen/{id}`).
    pub person_id: i64,
    pub name: String,
    pub role: String,
    pub moderator: bool,
}

/// A discussion in a community.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Topic {
    pub id: i64,
    pub community_id: i64,
    pub community_slug: String,
    pub title: String,
    pub author_id: Option<i64>,
    /// The name on the opening post.
    pub author_name: String,
    pub locked: bool,
    pub demo: bool,
    /// Posts after the opening post.
    pub reply_count: i64,
    pub created_at: String,
    pub last_post_at: String,
}

/// A post: the opening post of a topic or a reply, threaded by `parent_id`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Post {
    pub id: i64,
    pub topic_id: i64,
    /// The post replied to (`None`: a reply to the topic as a whole, or the opening post).
    pub parent_id: Option<i64>,
    /// `None` for demo authors and erased accounts; the name stays.
    pub author_id: Option<i64>,
    pub author_name: String,
    /// Empty when the post was deleted.
    pub body: String,
    pub deleted: bool,
    /// Set when a moderator hid the post.
    pub hidden_reason: Option<String>,
    pub demo: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
}

impl Post {
    /// The text readers see: none when the post was deleted or hidden.
    pub fn visible_body(&self) -> Option<&str> {
        (!self.deleted && self.hidden_reason.is_none()).then_some(self.body.as_str())
    }
}

/// A post in reading order: the first post of a thread, or a reply shown indented under it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ThreadedPost {
    pub post: Post,
    /// 0 for the first post of a thread, 1 for every reply in it (one level of indentation).
    pub depth: u8,
    /// The name on the post replied to, for replies to replies.
    pub reply_to: Option<String>,
}

/// A new topic: its title and the text of its opening post.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewTopic {
    pub title: String,
    pub body: String,
}

/// A reply, to the topic or to one of its posts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewPost {
    pub body: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// A report of a post, as the moderators' list shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub id: i64,
    pub post_id: i64,
    pub topic_id: i64,
    pub topic_title: String,
    pub post_author: String,
    /// The reported post's text (also when hidden since; empty when deleted).
    pub post_body: String,
    pub reason: String,
    pub created_at: String,
}

fn check_body(field: &str, body: &str, errors: &mut Vec<FieldError>) {
    let n = chars(body.trim());
    if n == 0 {
        errors.push(FieldError::new(field, "a text is required"));
    } else if chars(body) > MAX_BODY {
        errors.push(FieldError::new(
            field,
            format!("the text is longer than {MAX_BODY} characters"),
        ));
    }
}

/// Checks a topic: a title of 3 to 200 characters and an opening post of 1 to 20,000.
pub fn validate_topic(t: &NewTopic) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    let title = chars(t.title.trim());
    if !(MIN_TITLE..=MAX_TITLE).contains(&title) {
        errors.push(FieldError::new(
            "title",
            format!("the title must have {MIN_TITLE} to {MAX_TITLE} characters"),
        ));
    }
    check_body("body", &t.body, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks the text of a reply or an edit: 1 to 20,000 characters.
pub fn validate_body(body: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_body("body", body, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks the reason of a report or of hiding a post: 1 to 1,000 characters.
pub fn validate_reason(reason: &str) -> Result<(), CoreError> {
    let n = chars(reason.trim());
    if n == 0 {
        Err(CoreError::invalid("reason", "a reason is required"))
    } else if chars(reason) > MAX_REASON {
        Err(CoreError::invalid(
            "reason",
            format!("the reason is longer than {MAX_REASON} characters"),
        ))
    } else {
        Ok(())
    }
}

/// Whether a post written at `created_at` (RFC 3339) may still be edited at `now`: within
/// [`EDIT_WINDOW_SECS`] after writing. An unreadable timestamp, or one in the future by more
/// than a minute (clocks disagree), is outside the window.
pub fn within_edit_window(created_at: &str, now: OffsetDateTime) -> bool {
    match OffsetDateTime::parse(created_at, &Rfc3339) {
        Ok(written) => {
            let age = (now - written).whole_seconds();
            (-60..=EDIT_WINDOW_SECS).contains(&age)
        }
        Err(_) => false,
    }
}

/// The key a display name is mentioned by: its letters and digits without spaces, lowercase.
pub fn mention_key(display_name: &str) -> String {
    display_name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn mention_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '\'')
}

/// The names mentioned in a text (`@name`), as [`mention_key`]s, each once, in order of first
/// appearance, at most [`MAX_MENTIONS`]. An `@` inside a word (an e-mail address) or in code
/// is not a mention; trailing punctuation is not part of the name.
pub fn mentions(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in strip_code(text).lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let starts = chars[i] == '@' && (i == 0 || !mention_char(chars[i - 1]));
            if !starts {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len() && mention_char(chars[j]) {
                j += 1;
            }
            let mut name: String = chars[i + 1..j].iter().collect();
            while name.ends_with(['.', '-', '_', '\'']) {
                name.pop();
            }
            let key = mention_key(&name);
            if !key.is_empty() && !out.contains(&key) {
                out.push(key);
                if out.len() == MAX_MENTIONS {
                    return out;
                }
            }
            i = j;
        }
    }
    out
}

/// The text without code spans and fenced or indented code blocks, where `@` is not a mention.
fn strip_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fenced = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            out.push('\n');
            continue;
        }
        if fenced || line.starts_with("    ") || line.starts_with('\t') {
            out.push('\n');
            continue;
        }
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
                out.push(' ');
            } else if !in_code {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// A post quoted for a reply: a Markdown blockquote naming its author, followed by an empty line.
pub fn quote(author: &str, body: &str) -> String {
    let mut out = format!("> **{}**:\n", author.trim());
    for line in body.trim().lines() {
        if line.trim().is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn community() -> NewCommunity {
        NewCommunity {
            name_nl: "Open data en datadelen".into(),
            name_en: "Open data and data sharing".into(),
            themes: vec!["open-data-en-samenwerking".into()],
            ..NewCommunity::default()
        }
    }

    /// The fields a check refused (none when it passed).
    fn fields<T>(r: Result<T, CoreError>) -> Vec<String> {
        match r {
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn a_community_needs_a_name_known_themes_and_a_good_slug() {
        assert_eq!(validate_community(&community()), Ok(()));
        assert_eq!(community().slug_or_made(), "open-data-en-datadelen");
        let bad = NewCommunity {
            name_nl: " x ".into(),
            themes: vec!["toveren".into()],
            slug: Some("Niet Goed".into()),
            description_en: "x".repeat(MAX_DESCRIPTION + 1),
            ..NewCommunity::default()
        };
        let f = fields(validate_community(&bad));
        for field in ["name_nl", "themes", "slug", "description_en"] {
            assert!(f.contains(&field.to_owned()), "{field} in {f:?}");
        }
    }

    #[test]
    fn names_fall_back_to_dutch() {
        let c = Community {
            id: 1,
            slug: "s".into(),
            name_nl: "Naam".into(),
            name_en: String::new(),
            description_nl: "Nl".into(),
            description_en: "En".into(),
            themes: vec![],
            member_count: 0,
            topic_count: 0,
            demo: false,
            created_at: String::new(),
            updated_at: String::new(),
        };
        assert_eq!(c.name(Lang::En), "Naam");
        assert_eq!(c.description(Lang::En), "En");
        assert_eq!(c.description(Lang::Nl), "Nl");
    }

    #[test]
    fn moderators_are_ids_or_addresses() {
        assert_eq!(
            parse_moderators("12, Anna@Utrecht.nl\n12"),
            Ok(vec![
                ModeratorRef::Id(12),
                ModeratorRef::Email("anna@utrecht.nl".into())
            ])
        );
        assert_eq!(parse_moderators("  "), Ok(vec![]));
        assert_eq!(fields(parse_moderators("anna")), ["moderators"]);
        assert!(parse_moderators("-3").is_err());
    }

    #[test]
    fn titles_and_bodies_have_bounds() {
        let ok = NewTopic {
            title: "Wie deelt ervaringen?".into(),
            body: "Graag.".into(),
        };
        assert_eq!(validate_topic(&ok), Ok(()));
        let short = NewTopic {
            title: "ab".into(),
            body: "   ".into(),
        };
        assert_eq!(fields(validate_topic(&short)), ["title", "body"]);
        let long = NewTopic {
            title: "t".repeat(MAX_TITLE + 1),
            body: "b".repeat(MAX_BODY + 1),
        };
        assert_eq!(fields(validate_topic(&long)), ["title", "body"]);
        assert!(validate_topic(&NewTopic {
            title: "é".repeat(MAX_TITLE),
            body: "b".repeat(MAX_BODY),
        })
        .is_ok());
        assert!(validate_body("").is_err());
        assert!(validate_body("x").is_ok());
        assert!(validate_reason("").is_err());
        assert!(validate_reason(&"r".repeat(MAX_REASON + 1)).is_err());
        assert!(validate_reason("spam").is_ok());
    }

    #[test]
    fn the_edit_window_is_thirty_minutes() {
        let now = datetime!(2026-03-01 12:00:00 UTC);
        assert!(within_edit_window("2026-03-01T12:00:00Z", now));
        assert!(within_edit_window("2026-03-01T11:30:00Z", now));
        assert!(!within_edit_window("2026-03-01T11:29:59Z", now));
        assert!(!within_edit_window("2026-02-28T12:00:00Z", now));
        assert!(
            within_edit_window("2026-03-01T12:00:30Z", now),
            "small clock skew"
        );
        assert!(!within_edit_window("2026-03-01T13:00:00Z", now));
        assert!(!within_edit_window("gisteren", now));
    }

    #[test]
    fn mentions_are_display_names_without_spaces() {
        assert_eq!(mention_key("Sanne de Vries"), "sannedevries");
        assert_eq!(
            mentions("Dank @SannedeVries! En @joris, @JORIS en @Ahmed."),
            ["sannedevries", "joris", "ahmed"]
        );
        assert!(mentions("mail naar anna@utrecht.nl").is_empty());
        assert!(mentions("een los @ teken").is_empty());
        assert!(mentions("`@code` en\n```\n@fenced\n```\n    @ingesprongen").is_empty());
        assert_eq!(mentions("(@Noor)"), ["noor"]);
        let many: String = (0..30).map(|i| format!("@p{i} ")).collect();
        assert_eq!(mentions(&many).len(), MAX_MENTIONS);
    }

    #[test]
    fn a_quote_is_a_blockquote_with_the_author() {
        assert_eq!(
            quote("Noor", "Eerste regel\n\nTweede"),
            "> **Noor**:\n> Eerste regel\n>\n> Tweede\n\n"
        );
    }
}
