-- Consent to a use (issue 11): a release request of kind 'consent' asks
-- the originator to consent to a use of a record (court, public, onward
-- to the body named in recipient) for a purpose. A granted one is shown on
-- the record, to the asking agency and the originator only, beside the
-- record's versions: the history is not rewritten. Existing rows are
-- release requests.
ALTER TABLE release_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'release';
ALTER TABLE release_requests ADD COLUMN use_for TEXT NOT NULL DEFAULT '';
ALTER TABLE release_requests ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
ALTER TABLE release_requests ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
CREATE INDEX release_requests_record ON release_requests(record_id, kind, status);
