-- An import knows each record by an external id: the originator's own
-- reference, or a keyed digest of the import line. Unique per originator,
-- so importing the same file again creates nothing twice.
ALTER TABLE records ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX records_external_id ON records(originator, external_id) WHERE external_id IS NOT NULL;
