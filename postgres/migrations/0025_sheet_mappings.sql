-- Spreadsheet mappings an agency saved (issue 14; as SQLite's 0025), by the
-- signature of a sheet's headers. The engine reads and writes the mapping
-- as JSON.
CREATE TABLE sheet_mappings (
	agency     TEXT NOT NULL,
	signature  TEXT NOT NULL,
	mapping    BYTEA NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (agency, signature)
);
