-- Matchmaking: for each practice, the practices of other organisations doing the most similar work.
-- Written by the search index's follower whenever a practice is indexed; read by organisation pages
-- ("Werkt ook aan …"). A derived record: it can be recomputed from the practices at any time.
CREATE TABLE similar_work (
    practice_id         INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    other_practice_id   INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    score               REAL NOT NULL,
    computed_at         TEXT NOT NULL,
    PRIMARY KEY (practice_id, other_practice_id)
);

CREATE INDEX similar_work_other ON similar_work (other_practice_id);
