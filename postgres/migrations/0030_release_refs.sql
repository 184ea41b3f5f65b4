-- Release requests are named by a random reference, not by their row
-- number (issue 8, leak 4; as SQLite's 0030). The row id stays the list
-- order inside the node.
ALTER TABLE release_requests ADD COLUMN ref TEXT;
UPDATE release_requests SET ref = replace(gen_random_uuid()::text, '-', '');
ALTER TABLE release_requests ALTER COLUMN ref SET NOT NULL;
CREATE UNIQUE INDEX release_requests_ref ON release_requests(ref);
