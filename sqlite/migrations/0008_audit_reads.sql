-- The records each audited read returned, one row per (entry, record):
-- "who saw record X" and "what did user Y see" without searching text.
-- reads counts them and reads_hash (SHA-256 of the record positions, in
-- order, covered by the entry's hash) binds them to the entry.
ALTER TABLE audit ADD COLUMN reads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN reads_hash TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_reads (
	audit_seq  INTEGER NOT NULL,
	record_seq INTEGER NOT NULL,
	PRIMARY KEY (audit_seq, record_seq)
) WITHOUT ROWID;
CREATE INDEX audit_reads_record ON audit_reads(record_seq, audit_seq);
CREATE TRIGGER audit_reads_no_update BEFORE UPDATE ON audit_reads BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_reads_no_delete BEFORE DELETE ON audit_reads BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
