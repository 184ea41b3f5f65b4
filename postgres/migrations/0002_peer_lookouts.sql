-- Lookouts written by a process (issue 11): the others keep the name index
-- of active person lookouts current from them.
ALTER TABLE peer_changes ADD COLUMN lookout TEXT NOT NULL DEFAULT '';
