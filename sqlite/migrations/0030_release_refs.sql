-- Release requests are named by a random reference, not by their row
-- number: a node-wide number lets an agency count the requests of the
-- others from the gaps between its own (issue 8, leak 4). Existing
-- requests get a random reference too; the row id stays the list order.
ALTER TABLE release_requests ADD COLUMN ref TEXT;
UPDATE release_requests SET ref = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX release_requests_ref ON release_requests(ref);
