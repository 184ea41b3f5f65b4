-- Statistics with full text: the full-text index gives the matching seqs,
-- and each is looked up here, a rowid table of the seizures' counted
-- columns only, instead of the wide covering index records_kind_stats (a
-- seek about seven times cheaper at 100 k records). Kept by the writer in
-- the record's own transaction (sqlite/records.go, countSeizure).
CREATE TABLE seizure_facts (
	seq         INTEGER PRIMARY KEY,
	aud         INTEGER NOT NULL,
	originator  TEXT NOT NULL,
	country     TEXT NOT NULL,
	day         TEXT NOT NULL,
	concealment TEXT NOT NULL,
	crossing    TEXT NOT NULL,
	pills       REAL NOT NULL,
	kg          REAL NOT NULL
);
INSERT INTO seizure_facts
	SELECT seq, aud, originator, country, occurred_on, concealment, crossing, pills, kg FROM records WHERE kind = 'seizure';
