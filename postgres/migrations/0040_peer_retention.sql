-- Retention of peer_changes (issue 13): each process notes the last row it
-- has read (pos) and when it last looked (seen, Unix nanoseconds). A row of
-- peer_changes is removed once every process still looking has read it, and
-- in any case after an hour; a process that has not looked for an hour is
-- gone (a live one reads at least every few seconds) and its row is removed.
CREATE TABLE peer_readers (
	origin TEXT PRIMARY KEY,
	pos    BIGINT NOT NULL,
	seen   BIGINT NOT NULL
);

-- Sign-in back-offs started by a process (JSON of jisr.LoginLock): the
-- others count from them, so throttling is shared.
ALTER TABLE peer_changes ADD COLUMN locks TEXT NOT NULL DEFAULT '';
