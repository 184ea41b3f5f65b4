-- Statistics without a date, country or crossing filter (the statistics
-- page as it opens, or one originator) read one-breakdown counts: per
-- audience set, originator, breakdown (country, month, concealment,
-- crossing) and key. They have a few thousand rows where seizure_counts,
-- the cross product of the four, has a row for most combinations that
-- occur (161,663 at 1 M records). Kept by the writer in the record's own
-- transaction, like seizure_counts (sqlite/records.go, countSeizure); a
-- seizure without a value is counted under the empty key, so that every
-- breakdown counts every seizure once.
CREATE TABLE seizure_dims (
	aud        INTEGER NOT NULL,
	originator TEXT NOT NULL,
	dim        TEXT NOT NULL,
	key        TEXT NOT NULL,
	seizures   INTEGER NOT NULL,
	pills      REAL NOT NULL,
	kg         REAL NOT NULL,
	PRIMARY KEY (aud, originator, dim, key)
) WITHOUT ROWID;
INSERT INTO seizure_dims
	SELECT aud, originator, 'country', country, sum(seizures), sum(pills), sum(kg) FROM seizure_counts GROUP BY 1, 2, 4;
INSERT INTO seizure_dims
	SELECT aud, originator, 'month', month, sum(seizures), sum(pills), sum(kg) FROM seizure_counts GROUP BY 1, 2, 4;
INSERT INTO seizure_dims
	SELECT aud, originator, 'concealment', concealment, sum(seizures), sum(pills), sum(kg) FROM seizure_counts GROUP BY 1, 2, 4;
INSERT INTO seizure_dims
	SELECT aud, originator, 'crossing', crossing, sum(seizures), sum(pills), sum(kg) FROM seizure_counts GROUP BY 1, 2, 4;
