-- Lookouts (issue 11). pos orders them inside the node only; outside it a
-- lookout is its random id.
CREATE TABLE lookouts (
	pos        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	type       TEXT NOT NULL,
	value      TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	from_agency TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires    INTEGER NOT NULL,
	state      TEXT NOT NULL,
	ended_at   INTEGER,
	ended_by   TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX lookouts_from ON lookouts(from_agency, pos);
CREATE INDEX lookouts_active ON lookouts(expires) WHERE state = 'active';

-- The agencies a lookout is sent to.
CREATE TABLE lookout_to (
	pos    INTEGER NOT NULL REFERENCES lookouts(pos),
	agency TEXT NOT NULL,
	i      INTEGER NOT NULL,
	PRIMARY KEY (pos, agency)
) WITHOUT ROWID;
CREATE INDEX lookout_to_agency ON lookout_to(agency, pos);

-- The posting keys a lookout watches for (the same keys as selector
-- postings; "logo:<logo>" for pill logos).
CREATE TABLE lookout_keys (
	key TEXT NOT NULL,
	pos INTEGER NOT NULL REFERENCES lookouts(pos),
	PRIMARY KEY (key, pos)
) WITHOUT ROWID;

-- Records that matched a lookout, once per pair.
CREATE TABLE lookout_matches (
	pos    INTEGER NOT NULL REFERENCES lookouts(pos),
	seq    INTEGER NOT NULL,
	agency TEXT NOT NULL,
	why    TEXT NOT NULL,
	at     INTEGER NOT NULL,
	PRIMARY KEY (pos, seq)
) WITHOUT ROWID;
