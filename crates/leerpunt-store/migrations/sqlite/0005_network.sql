-- The living network: the help desk (questions, their answers, deflections), the toolkit (FAQ,
-- versioned step plan), communities with discussions, moderation reports, follows and the
-- digest setting. Portable SQL: TEXT timestamps (RFC 3339 UTC), INTEGER booleans. Rows written
-- for the demo carry `demo = 1` and are marked as demo content in the UI.

-- A help-desk question. State: open → assigned → answered → closed, or rejected (with a reason).
-- `public` is the asker's consent to show it to everyone; otherwise only the asker, the assignee
-- and brokers see it. An erased account leaves its questions without an asker.
CREATE TABLE questions (
    id                     INTEGER PRIMARY KEY,
    title                  TEXT NOT NULL,
    body                   TEXT NOT NULL,
    lang                   TEXT NOT NULL DEFAULT 'nl',
    asker_id               INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The asker's name when there is no account behind it (demo content).
    asker_name             TEXT NOT NULL DEFAULT '',
    organisation_id        INTEGER REFERENCES organisations (id),
    legal                  INTEGER NOT NULL DEFAULT 0,
    public                 INTEGER NOT NULL DEFAULT 0,
    state                  TEXT NOT NULL DEFAULT 'open',
    reason                 TEXT NOT NULL DEFAULT '',
    assignee_person_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
    assignee_community_id  INTEGER,
    accepted_answer_id     INTEGER,
    demo                   INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX questions_state_idx ON questions (state, created_at);
CREATE INDEX questions_asker_idx ON questions (asker_id);

CREATE TABLE question_themes (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    theme       TEXT NOT NULL,
    PRIMARY KEY (question_id, theme)
);

-- Answers are threaded: `parent_id` is the answer replied to.
CREATE TABLE answers (
    id           INTEGER PRIMARY KEY,
    question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES answers (id) ON DELETE SET NULL,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL,
    body         TEXT NOT NULL,
    demo         INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);
CREATE INDEX answers_question_idx ON answers (question_id, created_at);

-- "The suggestions answered my question": counted, with the question's text for the brokers.
CREATE TABLE deflections (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- FAQ entries, bilingual; `question_id` links a promoted answer back to its question.
CREATE TABLE faq_entries (
    id           INTEGER PRIMARY KEY,
    question_nl  TEXT NOT NULL,
    question_en  TEXT NOT NULL,
    answer_nl    TEXT NOT NULL,
    answer_en    TEXT NOT NULL,
    theme        TEXT NOT NULL,
    question_id  INTEGER REFERENCES questions (id) ON DELETE SET NULL,
    demo         INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX faq_entries_theme_idx ON faq_entries (theme);

-- The step plan, versioned: every save is a new version; the highest is current. `content` is a
-- JSON document (phases with bilingual titles, checklists and links).
CREATE TABLE step_plan_versions (
    version     INTEGER PRIMARY KEY,
    content     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);

-- Communities: bilingual name and description, themes, members (some of them moderators).
CREATE TABLE communities (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL,
    name_nl         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    description_nl  TEXT NOT NULL,
    description_en  TEXT NOT NULL,
    demo            INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT communities_slug_key UNIQUE (slug)
);

CREATE TABLE community_themes (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    theme        TEXT NOT NULL,
    PRIMARY KEY (community_id, theme)
);

CREATE TABLE community_members (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    moderator    INTEGER NOT NULL DEFAULT 0,
    joined_at    TEXT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user_idx ON community_members (user_id);

-- A discussion topic; its opening post is the first row of `posts` with its id.
CREATE TABLE topics (
    id            INTEGER PRIMARY KEY,
    community_id  INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    locked        INTEGER NOT NULL DEFAULT 0,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    last_post_at  TEXT NOT NULL
);
CREATE INDEX topics_community_idx ON topics (community_id, last_post_at);

-- Posts of a topic, threaded by `parent_id`. A deleted post keeps its place without its text;
-- a hidden one is shown as hidden, with the moderator's reason.
CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    topic_id      INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    parent_id     INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name   TEXT NOT NULL,
    body          TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    edited_at     TEXT
);
CREATE INDEX posts_topic_idx ON posts (topic_id, created_at);

-- Reports of posts to the community's moderators.
CREATE TABLE post_reports (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    reporter_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolved_at  TEXT
);
CREATE INDEX post_reports_post_idx ON post_reports (post_id);

-- What a person follows: kind is theme, community, organisation, practice or question; target
-- is the theme key, community slug, organisation code, practice slug or question id.
CREATE TABLE follows (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, target)
);
CREATE INDEX follows_target_idx ON follows (kind, target);

-- How often a person gets the digest of what is new in what they follow, and when it last went.
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'weekly';
ALTER TABLE users ADD COLUMN digest_sent_at TEXT;
