-- Requests for information or action (issue 11). pos orders them inside
-- the node only (page cursors seal it); outside the node a request is its
-- random id.
CREATE TABLE requests (
	pos         INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	from_agency TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	subject     TEXT NOT NULL,
	body        TEXT NOT NULL,
	priority    TEXT NOT NULL,
	due         INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	closed_at   INTEGER,
	closed_by   TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX requests_from ON requests(from_agency, pos);
CREATE INDEX requests_open_due ON requests(due) WHERE closed_at IS NULL;

-- One reply per addressee: its own state.
CREATE TABLE request_replies (
	pos             INTEGER NOT NULL REFERENCES requests(pos),
	agency          TEXT NOT NULL,
	i               INTEGER NOT NULL, -- the order of the addressees
	state           TEXT NOT NULL,
	answer          TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	acknowledged_at INTEGER,
	acknowledged_by TEXT NOT NULL DEFAULT '',
	answered_at     INTEGER,
	answered_by     TEXT NOT NULL DEFAULT '',
	reminded        INTEGER NOT NULL DEFAULT 0,
	escalated       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (pos, agency)
) WITHOUT ROWID;
CREATE INDEX request_replies_agency ON request_replies(agency, pos);

-- Records attached (by store position) and hits a request is about.
CREATE TABLE request_records (
	pos INTEGER NOT NULL REFERENCES requests(pos),
	i   INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	PRIMARY KEY (pos, i)
) WITHOUT ROWID;
CREATE TABLE request_hits (
	pos INTEGER NOT NULL REFERENCES requests(pos),
	i   INTEGER NOT NULL,
	ref TEXT NOT NULL,
	PRIMARY KEY (pos, i)
) WITHOUT ROWID;
