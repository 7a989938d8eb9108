-- Reading a file again (import --full) finds the same bad rows again: they are stored once (same source, location, raw
-- record and reason). Rows stored twice by earlier versions are folded into the first.
DELETE FROM quarantine a
USING quarantine b
WHERE a.source = b.source AND a.location = b.location AND a.raw = b.raw AND a.reason = b.reason AND a.id > b.id;

CREATE INDEX quarantine_source_location ON quarantine (source, location);
