-- Audience sets (issue 8, statistics for every caller alike). Most records
-- share one of few audiences (policy.Audience tokens): each distinct list of
-- tokens is stored once, and a record names its set (records.aud). A
-- caller's readable sets are read once a query from audience_set_tokens,
-- so that the audience check of a row is one lookup in a small in-memory
-- list instead of a seek per caller token into record_audience.
CREATE TABLE audience_sets (
	id     INTEGER PRIMARY KEY,
	tokens TEXT NOT NULL UNIQUE -- the sorted tokens joined by char(31)
);
CREATE TABLE audience_set_tokens (
	token TEXT NOT NULL,
	aud   INTEGER NOT NULL REFERENCES audience_sets(id),
	PRIMARY KEY (token, aud)
) WITHOUT ROWID;
ALTER TABLE records ADD COLUMN aud INTEGER NOT NULL DEFAULT 0;

CREATE TEMP TABLE audience_of AS
	SELECT seq, group_concat(token, char(31) ORDER BY token) AS tokens FROM record_audience GROUP BY seq;
INSERT INTO audience_sets (tokens) SELECT DISTINCT tokens FROM audience_of ORDER BY tokens;
UPDATE records SET aud = (SELECT s.id FROM audience_of o JOIN audience_sets s ON s.tokens = o.tokens WHERE o.seq = records.seq)
	WHERE seq IN (SELECT seq FROM audience_of);
INSERT INTO audience_set_tokens (token, aud)
	SELECT DISTINCT a.token, r.aud FROM record_audience a JOIN records r ON r.seq = a.seq;
DROP TABLE audience_of;

-- The seizures' covering index gains the set, so that statistics over a
-- full-text match read one index entry a row and no audience rows.
DROP INDEX records_kind_stats;
CREATE INDEX records_kind_stats ON records(kind, seq, aud, originator, country, occurred_on, concealment, crossing, pills, kg);
-- The same columns by day, for the days of a month a date filter cuts.
CREATE INDEX records_kind_days ON records(kind, occurred_on, aud, originator, country, concealment, crossing, pills, kg);

-- Statistics without text are read from counts kept per audience set,
-- originator, country, month, concealment and crossing, maintained by the
-- triggers below in the transaction that writes the record: what a caller
-- may count is the sum over its readable sets, whatever the node's size.
CREATE TABLE seizure_counts (
	aud         INTEGER NOT NULL,
	originator  TEXT NOT NULL,
	country     TEXT NOT NULL,
	month       TEXT NOT NULL,
	concealment TEXT NOT NULL,
	crossing    TEXT NOT NULL,
	seizures    INTEGER NOT NULL,
	pills       REAL NOT NULL,
	kg          REAL NOT NULL,
	PRIMARY KEY (aud, originator, country, month, concealment, crossing)
) WITHOUT ROWID;
INSERT INTO seizure_counts
	SELECT aud, originator, country, substr(occurred_on, 1, 7), concealment, crossing, count(*), total(pills), total(kg)
	FROM records WHERE kind = 'seizure' GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER seizure_counts_insert AFTER INSERT ON records WHEN NEW.kind = 'seizure' BEGIN
	INSERT INTO seizure_counts VALUES (NEW.aud, NEW.originator, NEW.country, substr(NEW.occurred_on, 1, 7), NEW.concealment, NEW.crossing, 1, NEW.pills, NEW.kg)
	ON CONFLICT DO UPDATE SET seizures = seizures + 1, pills = pills + excluded.pills, kg = kg + excluded.kg;
END;
CREATE TRIGGER seizure_counts_update AFTER UPDATE OF kind, aud, originator, country, occurred_on, concealment, crossing, pills, kg ON records BEGIN
	UPDATE seizure_counts SET seizures = seizures - 1, pills = pills - OLD.pills, kg = kg - OLD.kg
		WHERE OLD.kind = 'seizure' AND aud = OLD.aud AND originator = OLD.originator AND country = OLD.country
		AND month = substr(OLD.occurred_on, 1, 7) AND concealment = OLD.concealment AND crossing = OLD.crossing;
	DELETE FROM seizure_counts
		WHERE OLD.kind = 'seizure' AND seizures = 0 AND aud = OLD.aud AND originator = OLD.originator AND country = OLD.country
		AND month = substr(OLD.occurred_on, 1, 7) AND concealment = OLD.concealment AND crossing = OLD.crossing;
	INSERT INTO seizure_counts SELECT NEW.aud, NEW.originator, NEW.country, substr(NEW.occurred_on, 1, 7), NEW.concealment, NEW.crossing, 1, NEW.pills, NEW.kg
		WHERE NEW.kind = 'seizure'
	ON CONFLICT DO UPDATE SET seizures = seizures + 1, pills = pills + excluded.pills, kg = kg + excluded.kg;
END;
CREATE TRIGGER seizure_counts_delete AFTER DELETE ON records WHEN OLD.kind = 'seizure' BEGIN
	UPDATE seizure_counts SET seizures = seizures - 1, pills = pills - OLD.pills, kg = kg - OLD.kg
		WHERE aud = OLD.aud AND originator = OLD.originator AND country = OLD.country
		AND month = substr(OLD.occurred_on, 1, 7) AND concealment = OLD.concealment AND crossing = OLD.crossing;
	DELETE FROM seizure_counts
		WHERE seizures = 0 AND aud = OLD.aud AND originator = OLD.originator AND country = OLD.country
		AND month = substr(OLD.occurred_on, 1, 7) AND concealment = OLD.concealment AND crossing = OLD.crossing;
END;
