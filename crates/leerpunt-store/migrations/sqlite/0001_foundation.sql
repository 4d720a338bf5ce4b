-- Leerpunt foundation schema: organisations, practices, people and the change log.
-- Portable SQL: TEXT timestamps in RFC 3339 (UTC), INTEGER booleans, no SQLite-only functions.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT,
    province    TEXT,
    website     TEXT,
    aliases     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT organisations_code_key UNIQUE (code)
);
CREATE INDEX organisations_kind_idx ON organisations (kind, name);
CREATE INDEX organisations_province_idx ON organisations (province);

-- Normalised names and aliases, for attaching imported records to the right body.
CREATE TABLE organisation_names (
    name_key        TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);

CREATE TABLE practices (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL,
    language    TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT '',
    data_used   TEXT NOT NULL DEFAULT '',
    results     TEXT NOT NULL DEFAULT '',
    lessons     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES organisations (id),
    contact     TEXT,
    source      TEXT NOT NULL,
    source_id   TEXT,
    source_url  TEXT,
    started_on  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT practices_slug_key UNIQUE (slug),
    CONSTRAINT practices_source_key UNIQUE (source, source_id)
);
CREATE INDEX practices_owner_idx ON practices (owner_id);
CREATE INDEX practices_updated_idx ON practices (updated_at);
CREATE INDEX practices_status_idx ON practices (status);

CREATE TABLE practice_translations (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT '',
    data_used   TEXT NOT NULL DEFAULT '',
    results     TEXT NOT NULL DEFAULT '',
    lessons     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (practice_id, language)
);

CREATE TABLE practice_partners (
    practice_id     INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (practice_id, organisation_id)
);
CREATE INDEX practice_partners_org_idx ON practice_partners (organisation_id);

CREATE TABLE practice_themes (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    theme       TEXT NOT NULL,
    PRIMARY KEY (practice_id, theme)
);
CREATE INDEX practice_themes_theme_idx ON practice_themes (theme);

CREATE TABLE practice_techniques (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    technique   TEXT NOT NULL,
    PRIMARY KEY (practice_id, technique)
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id),
    expertise       TEXT NOT NULL DEFAULT '',
    public_consent  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Monotonic record of what changed, so derived state (search index, notifications) can catch up.
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    op          TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
