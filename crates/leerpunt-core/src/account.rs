//! Account rules: what a valid e-mail address and password are, who counts as a member of
//! government, when logins are throttled, and what a person profile may contain.

use crate::error::{CoreError, FieldError};

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 12;
/// The longest password accepted (Argon2 hashes anything, but a bound keeps requests cheap).
pub const MAX_PASSWORD: usize = 200;
/// The longest e-mail address accepted (RFC 5321).
pub const MAX_EMAIL: usize = 254;

/// Government domains whose confirmed addresses make an account a member. A domain matches
/// itself and its subdomains. Deployments replace this list with the `member_domains` setting.
pub const DEFAULT_MEMBER_DOMAINS: &[&str] = &[
    "overheid.nl",
    "rijksoverheid.nl",
    "minbzk.nl",
    "minfin.nl",
    "minvws.nl",
    "minszw.nl",
    "minienw.nl",
    "minezk.nl",
    "minlnv.nl",
    "minocw.nl",
    "minjenv.nl",
    "mindef.nl",
    "minbuza.nl",
    "belastingdienst.nl",
    "cbs.nl",
    "kadaster.nl",
    "rvo.nl",
    "uwv.nl",
    "svb.nl",
    "duo.nl",
    "vng.nl",
    "ipo.nl",
    "uvw.nl",
    "amsterdam.nl",
    "rotterdam.nl",
    "denhaag.nl",
    "utrecht.nl",
    "eindhoven.nl",
    "groningen.nl",
    "tilburg.nl",
    "almere.nl",
    "breda.nl",
    "nijmegen.nl",
    "zwolle.nl",
    "provincie-utrecht.nl",
    "gelderland.nl",
    "noord-holland.nl",
    "zuid-holland.nl",
    "brabant.nl",
    "limburg.nl",
    "overijssel.nl",
    "drenthe.nl",
    "fryslan.frl",
    "flevoland.nl",
    "zeeland.nl",
    "provinciegroningen.nl",
    "hhnk.nl",
    "hdsr.nl",
    "wetterskipfryslan.nl",
];

/// Normalises an e-mail address (trimmed, lowercase) and checks its shape: one `@`, a non-empty
/// local part, a domain with a dot and no spaces or angle brackets.
pub fn normalise_email(input: &str) -> Result<String, CoreError> {
    let email = input.trim().to_lowercase();
    let bad = || CoreError::invalid("email", "enter an e-mail address such as name@example.nl");
    if email.is_empty() || email.chars().count() > MAX_EMAIL {
        return Err(bad());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(bad());
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c));
    if domain_ok && local_ok {
        Ok(email)
    } else {
        Err(bad())
    }
}

/// Whether a (normalised) address belongs to one of `domains` or a subdomain of one.
pub fn is_member_address(email: &str, domains: &[String]) -> bool {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return false;
    };
    domains.iter().any(|d| {
        let d = d.trim().trim_start_matches("*.").trim_start_matches('.');
        !d.is_empty()
            && (domain == d
                || domain
                    .strip_suffix(d)
                    .is_some_and(|rest| rest.ends_with('.')))
    })
}

/// The default allow-list as owned strings.
pub fn default_member_domains() -> Vec<String> {
    DEFAULT_MEMBER_DOMAINS
        .iter()
        .map(|d| (*d).to_owned())
        .collect()
}

/// Checks a new password: long enough, not absurdly long, not the e-mail address.
pub fn validate_password(password: &str, email: &str) -> Result<(), CoreError> {
    let n = password.chars().count();
    let message = if n < MIN_PASSWORD {
        format!("the password must have at least {MIN_PASSWORD} characters")
    } else if n > MAX_PASSWORD {
        format!("the password may have at most {MAX_PASSWORD} characters")
    } else if password.trim().eq_ignore_ascii_case(email.trim()) {
        "the password may not be your e-mail address".to_owned()
    } else {
        return Ok(());
    };
    Err(CoreError::invalid("password", message))
}

/// The most mail one address gets from Leerpunt's forms (sign-up, confirmation, reset) in an
/// hour: a form can make Leerpunt mail anyone, so a few messages are plenty and more is abuse.
pub const MAX_MAILS_PER_HOUR: i64 = 5;

/// Whether a form may mail an address that was sent `sent_last_hour` messages in the past hour.
pub fn may_mail(sent_last_hour: i64) -> bool {
    sent_last_hour < MAX_MAILS_PER_HOUR
}

/// Failed logins allowed per account in [`THROTTLE_WINDOW_SECS`] before further attempts are refused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed logins allowed per client address in the window.
pub const MAX_FAILURES_PER_IP: i64 = 20;
/// The window over which failures are counted.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;

/// Whether a login must be refused without checking the password, given the recent failures.
pub fn login_throttled(failures_for_account: i64, failures_for_ip: i64) -> bool {
    failures_for_account >= MAX_FAILURES_PER_ACCOUNT || failures_for_ip >= MAX_FAILURES_PER_IP
}

/// A person's public profile as they write it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProfileInput {
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// Comma-separated areas of expertise.
    #[serde(default)]
    pub expertise: String,
    /// Consent to show the profile publicly.
    #[serde(default)]
    pub public: bool,
}

/// Checks a profile; returns every problem at once.
pub fn validate_profile(p: &ProfileInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    if p.name.trim().is_empty() {
        errors.push(FieldError::new("name", "name is required"));
    }
    for (field, value, max) in [
        ("name", &p.name, 200),
        ("role", &p.role, 200),
        ("expertise", &p.expertise, 2_000),
    ] {
        if value.chars().count() > max {
            errors.push(FieldError::new(
                field,
                format!("{field} is longer than {max} characters"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// An organisation's profile as its editors write it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgProfileInput {
    /// Markdown, shown on the organisation's page.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub name_en: String,
    /// Inhabitants (for a municipality's size band in the self-assessment); `None`: unknown.
    #[serde(default)]
    pub population: Option<i64>,
}

/// Checks an organisation profile.
pub fn validate_org_profile(p: &OrgProfileInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    if p.description.chars().count() > 20_000 {
        errors.push(FieldError::new(
            "description",
            "description is longer than 20000 characters",
        ));
    }
    let site = p.website.trim();
    if !site.is_empty()
        && (!(site.starts_with("https://") || site.starts_with("http://"))
            || site.contains(char::is_whitespace)
            || site.len() > 500)
    {
        errors.push(FieldError::new(
            "website",
            "website must be a web address starting with https://",
        ));
    }
    if p.population
        .is_some_and(|n| !(0..=crate::zelfscan::MAX_POPULATION).contains(&n))
    {
        errors.push(FieldError::new(
            "population",
            "the population must be a whole number of inhabitants, or empty when unknown",
        ));
    }
    if p.name_en.chars().count() > 300 {
        errors.push(FieldError::new(
            "name_en",
            "name is longer than 300 characters",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalise_email("  Anna@Utrecht.NL "),
            Ok("anna@utrecht.nl".to_owned())
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@utrecht.nl",
            "anna@utrecht",
            "a b@x.nl",
            "<a>@x.nl",
            "a@x..nl",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn member_domains_match_subdomains_but_not_lookalikes() {
        let domains = vec!["utrecht.nl".to_owned(), "*.rijksoverheid.nl".to_owned()];
        assert!(is_member_address("a@utrecht.nl", &domains));
        assert!(is_member_address("a@sub.utrecht.nl", &domains));
        assert!(is_member_address("a@minbzk.rijksoverheid.nl", &domains));
        assert!(!is_member_address("a@notutrecht.nl", &domains));
        assert!(!is_member_address("a@utrecht.nl.evil.com", &domains));
        assert!(!is_member_address("a@gmail.com", &domains));
    }

    #[test]
    fn passwords_need_length() {
        assert!(validate_password("short", "a@b.nl").is_err());
        assert!(validate_password("a@b.nl.a@b.nl", "a@b.nl.a@b.nl").is_err());
        assert!(validate_password("correct horse battery", "a@b.nl").is_ok());
    }

    #[test]
    fn throttling_thresholds() {
        assert!(!login_throttled(MAX_FAILURES_PER_ACCOUNT - 1, 0));
        assert!(login_throttled(MAX_FAILURES_PER_ACCOUNT, 0));
        assert!(login_throttled(0, MAX_FAILURES_PER_IP));
    }

    #[test]
    fn org_profile_website_must_be_http() {
        let mut p = OrgProfileInput {
            website: "javascript:alert(1)".into(),
            ..Default::default()
        };
        assert!(validate_org_profile(&p).is_err());
        p.website = "https://www.utrecht.nl".into();
        assert!(validate_org_profile(&p).is_ok());
    }
}
