-- Events ("bijeenkomsten") of the living network: bilingual events of an organisation, with
-- organisers, themes, an optional community, registrations with a waiting list, and links to
-- slides and notes. Times are RFC 3339 UTC instants; `timezone` is the IANA zone they were
-- entered in and are shown in. Rows written for the demo carry `demo = 1`.

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    title_nl         TEXT NOT NULL,
    title_en         TEXT NOT NULL,
    description_nl   TEXT NOT NULL,
    description_en   TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    deadline_at      TEXT NOT NULL,
    timezone         TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
    -- One of the two: a physical address or an online link (shown to registered people and
    -- organisers only).
    address          TEXT NOT NULL DEFAULT '',
    online_url       TEXT NOT NULL DEFAULT '',
    capacity         INTEGER NOT NULL CHECK (capacity > 0),
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    community_id     INTEGER REFERENCES communities (id) ON DELETE SET NULL,
    demo             INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (deadline_at <= starts_at)
);
CREATE INDEX events_starts_idx ON events (starts_at);
CREATE INDEX events_community_idx ON events (community_id, starts_at);

CREATE TABLE event_themes (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    theme     TEXT NOT NULL,
    PRIMARY KEY (event_id, theme)
);
CREATE INDEX event_themes_theme_idx ON event_themes (theme);

CREATE TABLE event_organisers (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_organisers_user_idx ON event_organisers (user_id);

-- A registration: a seat (`registered`) or a place on the waiting list (`waiting`), in order of
-- `id`. One per account and event; demo rows have no account but a name and organisation.
-- `reminded_at` marks the reminder mail a day before, sent once.
CREATE TABLE event_registrations (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id       INTEGER REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('registered', 'waiting')),
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    reminded_at   TEXT,
    CONSTRAINT event_registrations_user_key UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_event_idx ON event_registrations (event_id, status, id);
CREATE INDEX event_registrations_user_idx ON event_registrations (user_id);

-- Slides and notes of an event, as links (http or https only).
CREATE TABLE event_materials (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    url         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX event_materials_event_idx ON event_materials (event_id);
