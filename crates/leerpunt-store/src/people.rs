//! People's profiles (one per account, public only with consent) and organisation profiles.

use leerpunt_core::account::{
    validate_org_profile, validate_profile, OrgProfileInput, ProfileInput,
};
use leerpunt_core::Person;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::{changes, now, Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    name: String,
    role: String,
    organisation: Option<String>,
    expertise: String,
    #[sqlx(try_from = "crate::Flag")]
    public_consent: bool,
}

impl From<PersonRow> for Person {
    fn from(r: PersonRow) -> Self {
        Person {
            id: r.id,
            name: r.name,
            role: r.role,
            organisation_code: r.organisation,
            expertise: r
                .expertise
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            public: r.public_consent,
        }
    }
}

const PERSON_SELECT: &str =
    "SELECT p.id, p.name, p.role, o.code AS organisation, p.expertise, p.public_consent \
    FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id";

impl Store {
    /// The profile of an account, if it has written one.
    pub async fn profile(&self, user_id: i64) -> Result<Option<Person>> {
        let row: Option<PersonRow> =
            sqlx::query_as(&format!("{PERSON_SELECT} WHERE p.user_id = $1"))
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Into::into))
    }

    /// Writes the profile of an account; its organisation is the account's organisation.
    pub async fn save_profile(
        &self,
        user_id: i64,
        input: &ProfileInput,
        origin: &Origin,
    ) -> Result<Person> {
        validate_profile(input)?;
        let mut tx = self.write_tx().await?;
        let org: Option<i64> =
            sqlx::query_scalar::<_, Option<i64>>("SELECT organisation_id FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (name, role, organisation_id, expertise, public_consent, created_at, updated_at, user_id) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) \
             ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role, organisation_id = excluded.organisation_id, \
             expertise = excluded.expertise, public_consent = excluded.public_consent, updated_at = excluded.updated_at RETURNING id",
        )
        .bind(input.name.trim())
        .bind(input.role.trim())
        .bind(org)
        .bind(input.expertise.trim())
        .bind(i64::from(input.public))
        .bind(&ts)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        changes::record(&mut tx, "person", id, "update").await?;
        audit::record(
            &mut tx,
            origin,
            "profile.update",
            "person",
            Some(id),
            if input.public { "public" } else { "private" },
        )
        .await?;
        tx.commit().await?;
        self.profile(user_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("profile of user {user_id}")))
    }

    /// A person's profile, only when they consented to it being public.
    pub async fn public_person(&self, id: i64) -> Result<Person> {
        let row: Option<PersonRow> = sqlx::query_as(&format!(
            "{PERSON_SELECT} WHERE p.id = $1 AND p.public_consent = 1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Into::into)
            .ok_or_else(|| StoreError::NotFound(format!("person {id}")))
    }

    /// One person by id, public or not: for the search index, which decides what to show.
    pub async fn person_by_id(&self, id: i64) -> Result<Person> {
        let row: Option<PersonRow> = sqlx::query_as(&format!("{PERSON_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Into::into)
            .ok_or_else(|| StoreError::NotFound(format!("person {id}")))
    }

    /// Every public profile, by name.
    pub async fn public_people(&self) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = sqlx::query_as(&format!(
            "{PERSON_SELECT} WHERE p.public_consent = 1 ORDER BY p.name, p.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The profile text of an organisation (Markdown; empty when none was written).
    pub async fn organisation_description(&self, code: &str) -> Result<String> {
        Ok(
            sqlx::query_scalar("SELECT description FROM organisations WHERE code = $1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Writes an organisation's profile (description, website, English name).
    pub async fn update_org_profile(
        &self,
        code: &str,
        input: &OrgProfileInput,
        origin: &Origin,
    ) -> Result<()> {
        validate_org_profile(input)?;
        let mut tx = self.write_tx().await?;
        let id = id_by_code(&mut tx, code)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("organisation {code}")))?;
        let blank = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        sqlx::query("UPDATE organisations SET description = $1, website = $2, name_en = $3, population = $6, updated_at = $4 WHERE id = $5")
            .bind(input.description.trim())
            .bind(blank(&input.website))
            .bind(blank(&input.name_en))
            .bind(now())
            .bind(id)
            .bind(input.population)
            .execute(&mut *tx)
            .await?;
        changes::record(&mut tx, "organisation", id, "update").await?;
        audit::record(
            &mut tx,
            origin,
            "organisation.update",
            "organisation",
            Some(id),
            code,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
