//! The review workflow of contributed practices (draft → submitted → published, or rejected with a
//! reason) and the line diff between two revisions.
//!
//! Review state is separate from [`crate::PracticeStatus`] (how far the work itself has come):
//! only published practices are shown to visitors, counted and exported.

use crate::error::CoreError;
use crate::model::NewPractice;

/// Where a practice stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Review {
    Draft,
    Submitted,
    Published,
    Rejected,
}

impl Review {
    pub const ALL: &'static [Review] = &[
        Review::Draft,
        Review::Submitted,
        Review::Published,
        Review::Rejected,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Review::Draft => "draft",
            Review::Submitted => "submitted",
            Review::Published => "published",
            Review::Rejected => "rejected",
        }
    }
}

impl std::str::FromStr for Review {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, CoreError> {
        Review::ALL
            .iter()
            .copied()
            .find(|r| r.key() == s)
            .ok_or_else(|| CoreError::invalid("review", format!("unknown review state {s:?}")))
    }
}

impl std::fmt::Display for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl serde::Serialize for Review {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// An editor sends the practice to the brokers.
    Submit,
    /// A broker publishes it.
    Publish,
    /// A broker sends it back, with a reason the editor sees.
    Reject { reason: String },
}

/// The longest rejection reason accepted.
pub const MAX_REASON: usize = 2_000;

/// The state after `transition` from `from`, or why it is not possible.
pub fn apply(from: Review, transition: &Transition) -> Result<Review, CoreError> {
    let refuse = |what: &str| {
        Err(CoreError::invalid(
            "review",
            format!("a {} practice cannot be {what}", from.key()),
        ))
    };
    match transition {
        Transition::Submit => match from {
            Review::Draft | Review::Rejected => Ok(Review::Submitted),
            _ => refuse("submitted"),
        },
        Transition::Publish => match from {
            Review::Submitted => Ok(Review::Published),
            _ => refuse("published"),
        },
        Transition::Reject { reason } => {
            if reason.trim().is_empty() {
                return Err(CoreError::invalid(
                    "reason",
                    "give a reason so the editor knows what to change",
                ));
            }
            if reason.chars().count() > MAX_REASON {
                return Err(CoreError::invalid(
                    "reason",
                    format!("the reason is longer than {MAX_REASON} characters"),
                ));
            }
            match from {
                Review::Submitted => Ok(Review::Rejected),
                _ => refuse("rejected"),
            }
        }
    }
}

/// The review state after an edit: an edit by someone who may review keeps the state; anyone else's
/// edit of a published or submitted practice sends it back to draft, so a broker sees it again.
pub fn after_edit(from: Review, editor_may_review: bool) -> Review {
    if editor_may_review {
        from
    } else {
        Review::Draft
    }
}

/// A practice as readable text, one field per line block, for revision diffs.
pub fn snapshot_text(p: &NewPractice) -> String {
    let mut out = String::new();
    let mut field = |name: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push('\n');
        }
    };
    field("title", &p.text.title);
    field("summary", &p.text.summary);
    field("status", p.status.key());
    field("owner", &p.owner);
    field("partners", &p.partners.join(", "));
    field("themes", &p.themes.join(", "));
    field("techniques", &p.techniques.join(", "));
    field("contact", p.contact.as_deref().unwrap_or(""));
    field("started_on", p.started_on.as_deref().unwrap_or(""));
    field("purpose", &p.text.purpose);
    field("data_used", &p.text.data_used);
    field("results", &p.text.results);
    field("lessons", &p.text.lessons);
    field("body", &p.text.body);
    if let Some(t) = &p.translation {
        field("translation.title", &t.title);
        field("translation.summary", &t.summary);
        field("translation.body", &t.body);
    }
    out
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiffLine {
    /// `" "` unchanged, `"-"` removed, `"+"` added.
    pub tag: &'static str,
    pub text: String,
}

/// The line diff from `old` to `new`.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            tag: match c.tag() {
                ChangeTag::Equal => " ",
                ChangeTag::Delete => "-",
                ChangeTag::Insert => "+",
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_allows_only_its_steps() {
        use Review::*;
        assert_eq!(apply(Draft, &Transition::Submit), Ok(Submitted));
        assert_eq!(apply(Rejected, &Transition::Submit), Ok(Submitted));
        assert_eq!(apply(Submitted, &Transition::Publish), Ok(Published));
        assert!(apply(Draft, &Transition::Publish).is_err());
        assert!(apply(Published, &Transition::Submit).is_err());
        let reject = Transition::Reject {
            reason: "Bron ontbreekt".into(),
        };
        assert_eq!(apply(Submitted, &reject), Ok(Rejected));
        assert!(apply(Draft, &reject).is_err());
        let empty = Transition::Reject { reason: " ".into() };
        assert!(apply(Submitted, &empty).is_err());
    }

    #[test]
    fn edits_by_editors_go_back_to_review() {
        assert_eq!(after_edit(Review::Published, false), Review::Draft);
        assert_eq!(after_edit(Review::Published, true), Review::Published);
    }

    #[test]
    fn diff_marks_changed_lines() {
        let d = diff_lines("title: A\nsummary: x\n", "title: B\nsummary: x\n");
        let tags: Vec<_> = d.iter().map(|l| (l.tag, l.text.as_str())).collect();
        assert_eq!(
            tags,
            [("-", "title: A"), ("+", "title: B"), (" ", "summary: x")]
        );
    }
}
