-- Statistics with full text read seizure_facts (migration 0043); nothing
-- reads records_kind_stats any more, and every record insert wrote a
-- ten-column entry into it.
DROP INDEX records_kind_stats;
