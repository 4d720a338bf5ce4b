-- Whether a change can alter what a visitor without an account sees. Kept answers for the public
-- (the response cache, memos of published data) are dropped only when such a change arrives, so
-- a draft saved by an editor does not empty them.
ALTER TABLE change_log ADD COLUMN public BIGINT NOT NULL DEFAULT 1;
CREATE INDEX change_log_public ON change_log (public, seq);
