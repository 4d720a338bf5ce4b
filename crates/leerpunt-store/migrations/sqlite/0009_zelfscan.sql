-- The data-governance self-assessment ("zelfscan"): an organisation's draft and its kept
-- submissions, each with the instrument version it answered, and the organisation's choices (is
-- its own result public) and its population (for the municipalities' size bands; NULL: unknown).
-- Portable SQL as before: TEXT timestamps (RFC 3339 UTC) and dates (YYYY-MM-DD), INTEGER booleans;
-- demo rows carry `demo = 1`.

ALTER TABLE organisations ADD COLUMN population INTEGER;
ALTER TABLE organisations ADD COLUMN zelfscan_public INTEGER NOT NULL DEFAULT 0;

-- One row per draft or submission. State: 'draft' (at most one per organisation, saved as the
-- editors go) or 'submitted' (kept unchanged, dated). Submissions are never edited.
CREATE TABLE zelfscans (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id),
    instrument_version  INTEGER NOT NULL,
    state               TEXT NOT NULL,
    submitted_on        TEXT,
    author_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    demo                INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (state IN ('draft', 'submitted')),
    CHECK ((state = 'submitted') = (submitted_on IS NOT NULL))
);
CREATE UNIQUE INDEX zelfscans_one_draft_key ON zelfscans (organisation_id) WHERE state = 'draft';
CREATE INDEX zelfscans_submitted_idx ON zelfscans (state, submitted_on);
CREATE INDEX zelfscans_organisation_idx ON zelfscans (organisation_id, submitted_on);

-- The answers: a level 1–5 per question key of the instrument version.
CREATE TABLE zelfscan_answers (
    zelfscan_id  INTEGER NOT NULL REFERENCES zelfscans (id) ON DELETE CASCADE,
    question     TEXT NOT NULL,
    level        INTEGER NOT NULL,
    PRIMARY KEY (zelfscan_id, question),
    CHECK (level BETWEEN 1 AND 5)
);
