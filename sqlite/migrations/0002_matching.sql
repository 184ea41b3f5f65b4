-- Selector postings: one row per (selector, record), never per pair.
-- id is a 63-bit hash of key (one B-tree, no text index); key is kept to
-- detect the vanishingly rare collision.
CREATE TABLE selector_keys (
	id     INTEGER PRIMARY KEY,
	key    TEXT NOT NULL,
	count  INTEGER NOT NULL DEFAULT 0,
	common INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE selector_postings (
	key_id INTEGER NOT NULL,
	seq    INTEGER NOT NULL,
	PRIMARY KEY (key_id, seq)
) WITHOUT ROWID;
CREATE INDEX selector_postings_seq ON selector_postings(seq);

-- Hits found on write: the record written (seq) and the record it met
-- (other). Bounded by the common-value limit, so linear in selectors.
CREATE TABLE hits (
	id          INTEGER PRIMARY KEY,
	rule        TEXT NOT NULL,
	key_id      INTEGER,
	seq         INTEGER NOT NULL,
	other       INTEGER NOT NULL,
	score       REAL NOT NULL DEFAULT 0,
	explanation TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'pending',
	seq_agency   TEXT NOT NULL,
	other_agency TEXT NOT NULL,
	created_at  INTEGER NOT NULL
);
CREATE INDEX hits_seq ON hits(seq);
CREATE INDEX hits_other ON hits(other);
CREATE INDEX hits_seq_agency ON hits(seq_agency, id);
CREATE INDEX hits_other_agency ON hits(other_agency, id);

CREATE INDEX records_crossing ON records(crossing, occurred_on) WHERE crossing != '';

-- Names of persons, companies and organisations in records, for the
-- in-memory cross-script name index (rebuilt from this table at start).
-- Informant-protected persons are never written here.
CREATE TABLE person_names (
	seq    INTEGER NOT NULL,
	entity TEXT NOT NULL,
	i      INTEGER NOT NULL,
	name   TEXT NOT NULL,
	kind   TEXT NOT NULL, -- the entity schema: Person, Company, Organization
	PRIMARY KEY (seq, entity, i)
) WITHOUT ROWID;
