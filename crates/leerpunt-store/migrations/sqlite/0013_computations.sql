-- Joint computations set up on the website: the spec a broker drafts, each organisation's consent
-- per role, the node certificates that authenticate progress reports, the reported phases, which
-- parties delivered input (not what), and the parties' approval to publish the result.
CREATE TABLE computations (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    -- The spec as JSON (leerpunt_core::computation::ComputationSpec).
    spec          TEXT NOT NULL,
    stage         TEXT NOT NULL DEFAULT 'draft',
    -- The spec as issued: its TOML and Leerpunt's signature over it (hex), set when issued.
    issued_toml   TEXT,
    signature     TEXT,
    abort_reason  TEXT NOT NULL DEFAULT '',
    -- The result document the nodes produced (leerpunt_core::analysis::ComputationResult as
    -- JSON), kept here until every input party approved publishing it.
    result        TEXT,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE computation_consents (
    computation_id   INTEGER NOT NULL REFERENCES computations (id) ON DELETE CASCADE,
    role             TEXT NOT NULL,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    decision         TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    -- A node operator's certificate (PEM), which its progress reports are verified with.
    cert_pem         TEXT NOT NULL DEFAULT '',
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at       TEXT NOT NULL,
    PRIMARY KEY (computation_id, role, organisation_id)
);

CREATE TABLE computation_reports (
    id               INTEGER PRIMARY KEY,
    computation_id   INTEGER NOT NULL REFERENCES computations (id) ON DELETE CASCADE,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    phase            TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    reported_at      TEXT NOT NULL
);
CREATE INDEX computation_reports_idx ON computation_reports (computation_id, id);

CREATE TABLE computation_inputs (
    computation_id   INTEGER NOT NULL REFERENCES computations (id) ON DELETE CASCADE,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    delivered_at     TEXT NOT NULL,
    PRIMARY KEY (computation_id, organisation_id)
);

CREATE TABLE computation_approvals (
    computation_id   INTEGER NOT NULL REFERENCES computations (id) ON DELETE CASCADE,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    approved_at      TEXT NOT NULL,
    PRIMARY KEY (computation_id, organisation_id)
);
