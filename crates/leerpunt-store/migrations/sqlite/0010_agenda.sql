-- The rolling agenda: commitments under the Data Agenda's action lines (theme keys), with
-- partners, milestones, progress updates, evidence, and independent reviews with the owner's
-- response. The reviewer grant is a flag on the account, beside broker and admin.
ALTER TABLE users ADD COLUMN is_reviewer INTEGER NOT NULL DEFAULT 0;

CREATE TABLE agenda_commitments (
    id              INTEGER PRIMARY KEY,
    action_line     TEXT NOT NULL,
    owner_id        INTEGER NOT NULL REFERENCES organisations (id),
    title_nl        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    description_nl  TEXT NOT NULL,
    description_en  TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,
    demo            INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT agenda_commitments_period_check CHECK (due_on >= starts_on)
);
CREATE INDEX agenda_commitments_line_idx ON agenda_commitments (action_line, id);

CREATE TABLE agenda_partners (
    commitment_id    INTEGER NOT NULL REFERENCES agenda_commitments (id) ON DELETE CASCADE,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (commitment_id, organisation_id)
);

CREATE TABLE agenda_milestones (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES agenda_commitments (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    done_on        TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX agenda_milestones_commitment_idx ON agenda_milestones (commitment_id, due_on);

CREATE TABLE agenda_updates (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES agenda_commitments (id) ON DELETE CASCADE,
    written_on     TEXT NOT NULL,
    body           TEXT NOT NULL,
    author_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name    TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX agenda_updates_commitment_idx ON agenda_updates (commitment_id, written_on, id);

CREATE TABLE agenda_evidence (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES agenda_commitments (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    url            TEXT NOT NULL,
    kind           TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX agenda_evidence_commitment_idx ON agenda_evidence (commitment_id, id);

-- One review per commitment and period (`2026` or `2026-H1`); demo reviews name a reviewer
-- without an account.
CREATE TABLE agenda_reviews (
    id                 INTEGER PRIMARY KEY,
    commitment_id      INTEGER NOT NULL REFERENCES agenda_commitments (id) ON DELETE CASCADE,
    period             TEXT NOT NULL,
    specificity        TEXT NOT NULL,
    relevance          TEXT NOT NULL,
    impact             TEXT NOT NULL,
    completion         TEXT NOT NULL,
    opened_government  TEXT NOT NULL,
    justification      TEXT NOT NULL,
    reviewer_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reviewer_name      TEXT NOT NULL DEFAULT '',
    response           TEXT,
    responder_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    responder_name     TEXT,
    responded_at       TEXT,
    demo               INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    CONSTRAINT agenda_reviews_period_key UNIQUE (commitment_id, period)
);
