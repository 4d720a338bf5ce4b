-- Accounts, roles and contributions: users, sessions, API tokens, e-mail tokens and the outbox,
-- login throttling, the review state and revisions of practices, organisation profiles, the
-- audit log. Portable SQL: TEXT timestamps (RFC 3339 UTC), INTEGER booleans.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    confirmed_at    TEXT,
    is_broker       INTEGER NOT NULL DEFAULT 0,
    is_admin        INTEGER NOT NULL DEFAULT 0,
    organisation_id INTEGER REFERENCES organisations (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

-- Organisation editors: one row per (user, organisation).
CREATE TABLE organisation_editors (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    granted_at      TEXT NOT NULL,
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX organisation_editors_org_idx ON organisation_editors (organisation_id);

-- Server-side sessions. Only the SHA-256 of the cookie's token is stored. A session without a
-- user carries the CSRF token of a visitor's forms (sign-up, login).
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    CONSTRAINT sessions_token_key UNIQUE (token_hash)
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- One-time links sent by e-mail (confirm the address, reset the password); hashed at rest.
CREATE TABLE email_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);

-- API tokens: scoped, revocable, hashed at rest.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Failed logins, counted per account and per client address for throttling.
CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL,
    ip          TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);
CREATE INDEX login_failures_email_idx ON login_failures (email, failed_at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, failed_at);

-- Mail waiting to be sent by the background mailer.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         TEXT
);
CREATE INDEX outbox_pending_idx ON outbox (sent_at, next_attempt_at);

-- Review state of practices, apart from their status (idea, pilot, in use, stopped). Existing and
-- imported practices are published.
ALTER TABLE practices ADD COLUMN review TEXT NOT NULL DEFAULT 'published';
ALTER TABLE practices ADD COLUMN review_reason TEXT;
ALTER TABLE practices ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX practices_review_idx ON practices (review);

-- Every saved version of a contributed practice, as the JSON of its input.
CREATE TABLE practice_revisions (
    id          INTEGER PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    review      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    CONSTRAINT practice_revisions_number_key UNIQUE (practice_id, number)
);

-- Organisation profiles written by their editors.
ALTER TABLE organisations ADD COLUMN description TEXT NOT NULL DEFAULT '';

-- Person profiles belong to an account; they are public only with consent.
ALTER TABLE people ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX people_user_key ON people (user_id);

-- Who did what, when and from where. Kept when an account is deleted, without the account.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    token_id    INTEGER REFERENCES api_tokens (id) ON DELETE SET NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    detail      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
