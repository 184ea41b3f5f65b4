-- Workflow items kept as documents (issue 11): joint operations with their
-- tasks and controlled deliveries, outcomes, agreed disclosures. The
-- engine reads and writes the JSON body; the store lists an item for the
-- agencies the engine names and keeps the records it links (by position,
-- for the read index). pos orders items inside the node only; outside it
-- an item is its random id.
CREATE TABLE items (
	pos        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	kind       TEXT NOT NULL,
	body       BLOB NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX items_kind ON items(kind, pos);

CREATE TABLE item_agencies (
	pos    INTEGER NOT NULL REFERENCES items(pos),
	agency TEXT NOT NULL,
	PRIMARY KEY (pos, agency)
) WITHOUT ROWID;
CREATE INDEX item_agencies_agency ON item_agencies(agency, pos);

CREATE TABLE item_records (
	pos INTEGER NOT NULL REFERENCES items(pos),
	seq INTEGER NOT NULL,
	PRIMARY KEY (pos, seq)
) WITHOUT ROWID;
CREATE INDEX item_records_seq ON item_records(seq, pos);
