-- Joint analyses: the revealed results of secure multiparty computations, as published by the nodes.

CREATE TABLE analyses (
    id              INTEGER PRIMARY KEY,
    computation_id  TEXT NOT NULL,
    title           TEXT NOT NULL,
    parties         TEXT NOT NULL,
    k               INTEGER NOT NULL,
    group_by        TEXT NOT NULL,
    status          TEXT NOT NULL,
    result          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT analyses_computation_key UNIQUE (computation_id)
);
