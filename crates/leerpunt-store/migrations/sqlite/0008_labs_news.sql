-- Shared data labs and their access requests, and the centre's news. Portable SQL as before:
-- TEXT timestamps (RFC 3339 UTC) and dates (YYYY-MM-DD), INTEGER booleans; demo rows carry
-- `demo = 1`.

-- A facility an organisation shares with others: compute, tooling, a secure environment, data
-- or expertise (`lab_offerings`). Kept by the owner organisation's editors and the brokers.
CREATE TABLE labs (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    name_nl          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    description_nl   TEXT NOT NULL,
    description_en   TEXT NOT NULL,
    audience         TEXT NOT NULL DEFAULT '',
    conditions       TEXT NOT NULL DEFAULT '',
    cost             TEXT NOT NULL DEFAULT '',
    contact          TEXT NOT NULL,
    availability     TEXT NOT NULL DEFAULT '',
    demo             INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CONSTRAINT labs_slug_key UNIQUE (slug)
);
CREATE INDEX labs_organisation_idx ON labs (organisation_id);

CREATE TABLE lab_offerings (
    lab_id    INTEGER NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    offering  TEXT NOT NULL,
    PRIMARY KEY (lab_id, offering)
);

-- A request for access by someone outside the owner organisation. State: requested ⇄ question,
-- then accepted, declined or withdrawn (final). Both consents must be given before the
-- requester is named on the lab's page. An erased account leaves its requests without requester.
CREATE TABLE lab_requests (
    id                   INTEGER PRIMARY KEY,
    lab_id               INTEGER NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    requester_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The requester's name when there is no account behind it (demo content).
    requester_name       TEXT NOT NULL DEFAULT '',
    requester_org_id     INTEGER REFERENCES organisations (id),
    purpose              TEXT NOT NULL,
    period_from          TEXT NOT NULL,
    period_to            TEXT NOT NULL,
    needs                TEXT NOT NULL,
    state                TEXT NOT NULL DEFAULT 'requested',
    requester_consent    INTEGER NOT NULL DEFAULT 0,
    owner_consent        INTEGER NOT NULL DEFAULT 0,
    demo                 INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (period_from <= period_to)
);
CREATE INDEX lab_requests_lab_idx ON lab_requests (lab_id, state);
CREATE INDEX lab_requests_requester_idx ON lab_requests (requester_id);

-- The exchange of a request: questions, replies and decisions, oldest first; never edited.
CREATE TABLE lab_request_messages (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES lab_requests (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL,
    by_owner     INTEGER NOT NULL DEFAULT 0,
    body         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX lab_request_messages_request_idx ON lab_request_messages (request_id, id);

-- News items the brokers publish, bilingual, with an optional image (http/https) and its alt text.
CREATE TABLE news_items (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL,
    title_nl      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    body_nl       TEXT NOT NULL,
    body_en       TEXT NOT NULL,
    image_url     TEXT,
    image_alt_nl  TEXT NOT NULL DEFAULT '',
    image_alt_en  TEXT NOT NULL DEFAULT '',
    published_on  TEXT NOT NULL,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT news_items_slug_key UNIQUE (slug)
);
CREATE INDEX news_items_published_idx ON news_items (published_on, id);

CREATE TABLE news_themes (
    news_id  INTEGER NOT NULL REFERENCES news_items (id) ON DELETE CASCADE,
    theme    TEXT NOT NULL,
    PRIMARY KEY (news_id, theme)
);
CREATE INDEX news_themes_theme_idx ON news_themes (theme);
