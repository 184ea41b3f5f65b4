-- Hits are named outside the node by an opaque random reference (128 bits,
-- hex), never by their row id: row ids are a node-wide sequence that would
-- let a caller count hits and probe for ones it may not see. The row id stays
-- for ordering inside the node only.
ALTER TABLE hits ADD COLUMN ref TEXT;
UPDATE hits SET ref = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX hits_ref ON hits(ref);
