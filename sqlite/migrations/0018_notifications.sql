-- Notifications, one row per recipient. They carry what the recipient may
-- read (a request's subject, the other agency), never a record's content.
CREATE TABLE notifications (
	pos        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	kind       TEXT NOT NULL,
	object     TEXT NOT NULL,
	agency     TEXT NOT NULL,
	subject    TEXT NOT NULL,
	priority   TEXT NOT NULL DEFAULT '',
	due        INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, pos);
CREATE INDEX notifications_unread ON notifications(user_id, pos) WHERE read_at IS NULL;
