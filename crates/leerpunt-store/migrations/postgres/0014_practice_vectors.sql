-- The sentence-embedding vector of each practice (title and purpose), for meaning-based search:
-- 384 signed bytes, the unit vector times 127. `text_hash` identifies the text it was computed
-- from, so a changed practice is embedded again; `model` names the model that computed it.
CREATE TABLE practice_vectors (
    practice_id BIGINT PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    text_hash   TEXT NOT NULL,
    vector      BYTEA NOT NULL,
    computed_at TEXT NOT NULL
);
