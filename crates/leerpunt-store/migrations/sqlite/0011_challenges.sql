-- Idea challenges: a broker's question with phases and dates, the ideas members send, supports,
-- comments, the jury and its scores on weighted criteria, and the funded projects with their
-- milestones, progress updates and results. Portable SQL as before: TEXT timestamps (RFC 3339
-- UTC) and dates (YYYY-MM-DD), INTEGER booleans; demo rows carry `demo = 1`.

-- The phase is not stored: it follows from these dates and today (core `challenges::phase`).
CREATE TABLE challenges (
    id                 INTEGER PRIMARY KEY,
    title_nl           TEXT NOT NULL,
    title_en           TEXT NOT NULL,
    description_nl     TEXT NOT NULL,
    description_en     TEXT NOT NULL,
    budget             INTEGER NOT NULL DEFAULT 0,
    winners            INTEGER NOT NULL DEFAULT 3,
    collect_from       TEXT NOT NULL,
    shortlist_from     TEXT NOT NULL,
    pitch_from         TEXT NOT NULL,
    jury_from          TEXT NOT NULL,
    execute_from       TEXT NOT NULL,
    results_from       TEXT NOT NULL,
    winners_chosen_at  TEXT,
    broker_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    demo               INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (collect_from < shortlist_from AND shortlist_from < pitch_from AND pitch_from < jury_from
           AND jury_from < execute_from AND execute_from < results_from)
);

CREATE TABLE challenge_themes (
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    theme         TEXT NOT NULL,
    PRIMARY KEY (challenge_id, theme)
);

-- Weighted criteria, in `position` order; the weights of a challenge sum to 100.
CREATE TABLE challenge_criteria (
    id            INTEGER PRIMARY KEY,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name_nl       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    weight        INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100)
);
CREATE INDEX challenge_criteria_challenge_idx ON challenge_criteria (challenge_id, position);

-- The jury of a challenge: accounts the broker appointed (demo jury members have a name only).
CREATE TABLE challenge_jury (
    id            INTEGER PRIMARY KEY,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    user_id       INTEGER REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id),
    created_at    TEXT NOT NULL,
    CONSTRAINT challenge_jury_member_key UNIQUE (challenge_id, user_id)
);

-- An idea; shortlisted, then pitched. `demo_supports` counts demo supports without accounts.
CREATE TABLE challenge_ideas (
    id                INTEGER PRIMARY KEY,
    challenge_id      INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    title_nl          TEXT NOT NULL,
    title_en          TEXT NOT NULL DEFAULT '',
    description_nl    TEXT NOT NULL,
    description_en    TEXT NOT NULL DEFAULT '',
    organisation_id   INTEGER REFERENCES organisations (id),
    submitter_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitter_name    TEXT NOT NULL DEFAULT '',
    submitter_org_id  INTEGER REFERENCES organisations (id),
    demo_supports     INTEGER NOT NULL DEFAULT 0,
    shortlisted_at    TEXT,
    pitch_text        TEXT,
    pitch_link        TEXT,
    pitched_at        TEXT,
    demo              INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (pitched_at IS NULL OR shortlisted_at IS NOT NULL)
);
CREATE INDEX challenge_ideas_challenge_idx ON challenge_ideas (challenge_id, id);

-- One support per account and idea.
CREATE TABLE challenge_supports (
    idea_id     INTEGER NOT NULL REFERENCES challenge_ideas (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE challenge_comments (
    id           INTEGER PRIMARY KEY,
    idea_id      INTEGER NOT NULL REFERENCES challenge_ideas (id) ON DELETE CASCADE,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX challenge_comments_idea_idx ON challenge_comments (idea_id, id);

-- A jury member's score of a pitch on one criterion; a sheet (all criteria) is written at once
-- and never changed.
CREATE TABLE challenge_scores (
    jury_id       INTEGER NOT NULL REFERENCES challenge_jury (id) ON DELETE CASCADE,
    idea_id       INTEGER NOT NULL REFERENCES challenge_ideas (id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL REFERENCES challenge_criteria (id) ON DELETE CASCADE,
    score         INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (jury_id, idea_id, criterion_id)
);
CREATE INDEX challenge_scores_idea_idx ON challenge_scores (idea_id);

-- A winning idea as a funded project; finished when its results are written.
CREATE TABLE challenge_projects (
    id            INTEGER PRIMARY KEY,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    idea_id       INTEGER NOT NULL REFERENCES challenge_ideas (id) ON DELETE CASCADE,
    budget        INTEGER NOT NULL DEFAULT 0,
    rank          INTEGER NOT NULL,
    results_nl    TEXT NOT NULL DEFAULT '',
    results_en    TEXT NOT NULL DEFAULT '',
    finished_on   TEXT,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT challenge_projects_idea_key UNIQUE (idea_id)
);

CREATE TABLE challenge_milestones (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES challenge_projects (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    done_on     TEXT
);

CREATE TABLE challenge_updates (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES challenge_projects (id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,
    body         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
