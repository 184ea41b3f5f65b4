-- The triggers of 0031 made every record insert a multi-table write that may
-- abort, so SQLite opened a statement journal for it, whose truncation at
-- each statement's end grows with the transaction: an import of 1,000 records
-- a transaction became quadratic. The writer now keeps seizure_counts with
-- plain single-row statements in the same transaction (sqlite/records.go,
-- countSeizure), as it keeps selector_keys.
DROP TRIGGER seizure_counts_insert;
DROP TRIGGER seizure_counts_update;
DROP TRIGGER seizure_counts_delete;
