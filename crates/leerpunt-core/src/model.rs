//! Domain types: organisations, practices, people, languages and statuses.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;

/// Declares a closed string enum with a stable wire/database key for every variant.
macro_rules! keyed_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key used in URLs, JSON and the database.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
        }

        impl FromStr for $name {
            type Err = CoreError;
            fn from_str(s: &str) -> Result<Self, CoreError> {
                match s {
                    $($key => Ok($name::$variant),)+
                    _ => Err(CoreError::invalid(
                        stringify!($name),
                        format!("unknown value {:?}; expected one of: {}", s, [$($key),+].join(", ")),
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.key()) }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.key()) }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

keyed_enum!(
    /// The kind of a public body.
    OrgKind {
        Ministry => "ministry",
        Province => "province",
        Municipality => "municipality",
        WaterBoard => "water_board",
        Agency => "agency",
        EnvironmentalService => "environmental_service",
        SafetyRegion => "safety_region",
        Other => "other",
    }
);

keyed_enum!(
    /// How far a practice has come.
    PracticeStatus {
        Idea => "idea",
        Pilot => "pilot",
        InUse => "in_use",
        Stopped => "stopped",
    }
);

keyed_enum!(
    /// The two languages Leerpunt speaks; Dutch first.
    Lang {
        Nl => "nl",
        En => "en",
    }
);

#[allow(clippy::derivable_impls)] // the enum is declared by `keyed_enum!`
impl Default for Lang {
    fn default() -> Self {
        Lang::Nl
    }
}

impl Lang {
    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    /// Picks the preferred supported language from an HTTP `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "nl" => Lang::Nl,
                "en" => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// A Dutch public body from the register, or one created by an import.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Organisation {
    pub id: i64,
    /// Official code: GM0363, PV27, WS0155, MIN-FIN, AG-BD, or a generated `X-…` code for others.
    pub code: String,
    pub kind: OrgKind,
    pub name: String,
    pub name_en: Option<String>,
    /// The province (PV code) the body lies in, when it has one.
    pub province: Option<String>,
    pub website: Option<String>,
    pub aliases: Vec<String>,
}

impl Organisation {
    /// The name in the requested language, falling back to the official Dutch name.
    pub fn display_name(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => &self.name,
        }
    }
}

/// The texts of a practice in one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PracticeText {
    pub title: String,
    pub summary: String,
    /// Markdown; the web layer renders it as sanitised HTML.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub data_used: String,
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub lessons: String,
}

/// A practice: how an organisation used data to address a problem.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Practice {
    pub id: i64,
    pub slug: String,
    /// The language the practice was written in.
    pub language: Lang,
    pub text: PracticeText,
    /// A translation into the other language, if there is one.
    pub translation: Option<PracticeText>,
    pub status: PracticeStatus,
    pub owner: Organisation,
    pub partners: Vec<Organisation>,
    pub themes: Vec<String>,
    pub techniques: Vec<String>,
    pub contact: Option<String>,
    /// Where the record came from: `demo`, `algoritmeregister`, `import`, `manual`.
    pub source: String,
    pub source_id: Option<String>,
    pub source_url: Option<String>,
    pub started_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Where the practice stands in review; only published practices are public.
    pub review: crate::review::Review,
    /// Why a broker rejected it (when `review` is rejected).
    pub review_reason: Option<String>,
}

impl Practice {
    /// The texts to show in `lang`: the translation when the practice was written in the other
    /// language and a translation exists, the original otherwise. The flag says whether the text
    /// shown is in the requested language.
    pub fn text_in(&self, lang: Lang) -> (&PracticeText, bool) {
        if self.language == lang {
            return (&self.text, true);
        }
        match &self.translation {
            Some(t) => (t, true),
            None => (&self.text, false),
        }
    }

    /// Whether this is demo content that the UI must mark as such.
    pub fn is_demo(&self) -> bool {
        self.source == "demo"
    }
}

/// Input for creating or updating a practice (from a form, the API, an import or the demo set).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewPractice {
    pub slug: Option<String>,
    #[serde(default)]
    pub language: Lang,
    #[serde(flatten)]
    pub text: PracticeText,
    #[serde(default)]
    pub translation: Option<PracticeText>,
    pub status: PracticeStatus,
    /// Organisation code of the owner.
    pub owner: String,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub techniques: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default = "default_source")]
    pub source: String,
    #[serde(default)]
    pub source_id: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub started_on: Option<String>,
}

impl From<&Practice> for NewPractice {
    /// The input that would recreate `p` (used by exports, and by forms that edit a practice).
    fn from(p: &Practice) -> Self {
        NewPractice {
            slug: Some(p.slug.clone()),
            language: p.language,
            text: p.text.clone(),
            translation: p.translation.clone(),
            status: p.status,
            owner: p.owner.code.clone(),
            partners: p.partners.iter().map(|o| o.code.clone()).collect(),
            themes: p.themes.clone(),
            techniques: p.techniques.clone(),
            contact: p.contact.clone(),
            source: p.source.clone(),
            source_id: p.source_id.clone(),
            source_url: p.source_url.clone(),
            started_on: p.started_on.clone(),
        }
    }
}

fn default_source() -> String {
    "import".to_owned()
}

/// A person with expertise; shown publicly only with their consent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub organisation_code: Option<String>,
    pub expertise: Vec<String>,
    pub public: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_keys_round_trip() {
        for kind in OrgKind::ALL {
            assert_eq!(kind.key().parse::<OrgKind>(), Ok(*kind));
        }
        for status in PracticeStatus::ALL {
            assert_eq!(status.key().parse::<PracticeStatus>(), Ok(*status));
        }
        assert!("gemeente".parse::<OrgKind>().is_err());
    }

    #[test]
    fn accept_language_picks_highest_supported() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE, nl;q=0.5, en;q=0.4"),
            Some(Lang::Nl)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(
            Lang::from_accept_language("en;q=0, nl;q=0.1"),
            Some(Lang::Nl)
        );
        assert_eq!(Lang::from_accept_language(""), None);
    }
}
