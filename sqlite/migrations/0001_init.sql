CREATE TABLE agencies (
	code     TEXT PRIMARY KEY,
	country  TEXT NOT NULL,
	name_ar  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	groups   TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL DEFAULT '',
	agency        TEXT NOT NULL REFERENCES agencies(code),
	role          TEXT NOT NULL,
	lang          TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
);

-- A session is known by the SHA-256 of its token; the token itself is never stored.
CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	revoked    INTEGER NOT NULL DEFAULT 0,
	addr       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- seq orders records (newest first) and is the full-text rowid.
CREATE TABLE records (
	seq         INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL,
	originator  TEXT NOT NULL REFERENCES agencies(code),
	country     TEXT NOT NULL DEFAULT '',
	occurred_on TEXT NOT NULL DEFAULT '',
	crossing    TEXT NOT NULL DEFAULT '',
	concealment TEXT NOT NULL DEFAULT '',
	pills       REAL NOT NULL DEFAULT 0,
	kg          REAL NOT NULL DEFAULT 0,
	lat         REAL,
	lon         REAL,
	tlp         TEXT NOT NULL,
	handling    TEXT NOT NULL,
	version     INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	body        BLOB NOT NULL
);
CREATE INDEX records_kind ON records(kind, seq);
CREATE INDEX records_originator ON records(originator, seq);

-- Who may read a record: policy.Audience tokens, written with the record.
CREATE TABLE record_audience (
	seq   INTEGER NOT NULL REFERENCES records(seq),
	token TEXT NOT NULL,
	PRIMARY KEY (seq, token)
) WITHOUT ROWID;
CREATE INDEX record_audience_token ON record_audience(token, seq);

-- Superseded versions; the current one is in records.
CREATE TABLE record_versions (
	seq     INTEGER NOT NULL REFERENCES records(seq),
	version INTEGER NOT NULL,
	at      INTEGER NOT NULL,
	by      TEXT NOT NULL,
	body    BLOB NOT NULL,
	PRIMARY KEY (seq, version)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE record_fts USING fts5(
	text, content='', contentless_delete=1, tokenize='ascii'
);

CREATE TABLE attachments (
	id         TEXT PRIMARY KEY,
	seq        INTEGER NOT NULL REFERENCES records(seq),
	name       TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size       INTEGER NOT NULL,
	sha256     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX attachments_seq ON attachments(seq);

CREATE TABLE release_requests (
	id          INTEGER PRIMARY KEY,
	seq         INTEGER NOT NULL REFERENCES records(seq),
	record_id   TEXT NOT NULL,
	originator  TEXT NOT NULL,
	requester   TEXT NOT NULL,
	agency      TEXT NOT NULL,
	wanted      TEXT NOT NULL,
	reason      TEXT NOT NULL,
	status      TEXT NOT NULL,
	answer      TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	answered_at INTEGER
);
CREATE INDEX release_requests_agency ON release_requests(agency, id);
CREATE INDEX release_requests_originator ON release_requests(originator, id);

-- The audit trail: append-only, each entry chained to the previous by hash
-- and signed with the node's key. The triggers stop ordinary edits; the
-- chain shows any other.
CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	agency    TEXT NOT NULL,
	action    TEXT NOT NULL,
	object    TEXT NOT NULL,
	detail    TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	addr      TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL,
	sig       TEXT NOT NULL
);
CREATE INDEX audit_actor ON audit(actor, seq);
CREATE INDEX audit_object ON audit(object, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
