-- Statistics read every seizure the caller may see. Their columns in one
-- index (ordered like records_kind, which it replaces) let the scan skip
-- the record rows, whose JSON bodies fill a page or more each.
CREATE INDEX records_kind_stats ON records(kind, seq, originator, country, occurred_on, concealment, crossing, pills, kg);
DROP INDEX records_kind;
