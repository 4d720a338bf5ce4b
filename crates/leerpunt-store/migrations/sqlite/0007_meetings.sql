-- The centre's meeting log: every meeting the brokers hold or join (also non-public ones), with
-- the organisations present, themes, outcome, follow-up actions and links to practices,
-- help-desk questions and web pages (an event page is a link, not a foreign key). Read by brokers
-- only; the yearly and quarterly report is counted from it. Portable SQL: TEXT dates
-- (YYYY-MM-DD) and timestamps (RFC 3339 UTC), INTEGER booleans. Demo rows carry `demo = 1`.

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    held_on     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    public      INTEGER NOT NULL DEFAULT 0,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    demo        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX meetings_held_idx ON meetings (held_on);
CREATE INDEX meetings_kind_idx ON meetings (kind, held_on);

CREATE TABLE meeting_organisations (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (meeting_id, organisation_id)
);
CREATE INDEX meeting_organisations_org_idx ON meeting_organisations (organisation_id);

CREATE TABLE meeting_themes (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    theme      TEXT NOT NULL,
    PRIMARY KEY (meeting_id, theme)
);

CREATE TABLE meeting_practices (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, practice_id)
);

CREATE TABLE meeting_questions (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, question_id)
);

-- Web addresses: an event's page, minutes, slides.
CREATE TABLE meeting_links (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

-- Follow-up actions: `owner` is a name as written; `owner_user_id` links an account when the
-- owner was written as its address. Done on time when `done_on <= due_on`.
CREATE TABLE meeting_follow_ups (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    action         TEXT NOT NULL,
    owner          TEXT NOT NULL,
    owner_user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    due_on         TEXT NOT NULL,
    done_on        TEXT
);
CREATE INDEX meeting_follow_ups_meeting_idx ON meeting_follow_ups (meeting_id, position);
CREATE INDEX meeting_follow_ups_due_idx ON meeting_follow_ups (due_on);
