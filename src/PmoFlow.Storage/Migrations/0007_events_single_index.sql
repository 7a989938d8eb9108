-- The events table keeps one index, its identity (source, item_key, event_key), which the writer's anti-join and
-- ON CONFLICT need. The second index (source, item_key, at, event_key) was never chosen by the planner for the main
-- read (a stream's sources with ORDER BY item_key, source, at, event_key: a sequential scan and a sort), yet every
-- imported event paid for its maintenance: dropping it makes imports about a third faster (docs/storage.md).
DROP INDEX IF EXISTS events_source_item_at;
