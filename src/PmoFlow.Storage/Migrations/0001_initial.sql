-- PmoFlow's first schema: sources and their cursors, streams, work items, events, quarantine, ingest runs.
-- Later migrations (0002+) add forecasts, reports and the scheduler's tables.

CREATE TABLE sources (
    name        text PRIMARY KEY,
    kind        text NOT NULL,
    cursor      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE streams (
    name        text PRIMARY KEY,
    definition  jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE work_items (
    source          text NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
    key             text NOT NULL,
    type            text,
    title           text,
    created         timestamptz,
    parent          text,
    business_value  numeric,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, key)
);

CREATE TABLE ingest_runs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source           text NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
    started_at       timestamptz NOT NULL DEFAULT now(),
    ended_at         timestamptz,
    events_read      bigint NOT NULL DEFAULT 0,
    events_inserted  bigint NOT NULL DEFAULT 0,
    duplicates       bigint NOT NULL DEFAULT 0,
    items_upserted   bigint NOT NULL DEFAULT 0,
    quarantined      bigint NOT NULL DEFAULT 0,
    outcome          text NOT NULL DEFAULT 'running'
                     CHECK (outcome IN ('running', 'succeeded', 'failed', 'cancelled')),
    error            text
);

CREATE INDEX ingest_runs_source_started ON ingest_runs (source, started_at DESC);

-- Bulk import speed matters here, so every index is one the writer or the main read needs:
-- the identity (primary key, also the ON CONFLICT target) and the read index. id is a sequence number
-- (ingestion order) without an index of its own, and there are no foreign keys (a per-row check);
-- only the event store writes here, and it upserts the source before any event of it.
CREATE TABLE events (
    id           bigserial NOT NULL,
    source       text NOT NULL,
    item_key     text NOT NULL,
    event_key    text NOT NULL,
    at           timestamptz NOT NULL,
    kind         smallint NOT NULL,
    from_status  text,
    to_status    text,
    field        text,
    value        text,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    run_id       bigint,
    CONSTRAINT events_identity PRIMARY KEY (source, item_key, event_key)
);

-- The main read: one stream's sources, each item's events in time order (event_key breaks ties).
CREATE INDEX events_source_item_at ON events (source, item_key, at, event_key);

CREATE TABLE quarantine (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source    text NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
    location  text NOT NULL,
    raw       text NOT NULL,
    reason    text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    run_id    bigint REFERENCES ingest_runs (id) ON DELETE SET NULL
);

CREATE INDEX quarantine_source_at ON quarantine (source, at DESC);
