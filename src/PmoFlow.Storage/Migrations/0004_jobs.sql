-- PmoFlow's scheduled-work tables (src/PmoFlow.Jobs): the history of job runs, daily metric snapshots,
-- published reports and the exactly-once delivery ledger. See docs/jobs.md.

-- One row per job execution on any worker: written when the job starts (status running) and completed
-- in place. A run whose worker died stays running until the recovered execution marks it abandoned.
CREATE TABLE job_runs (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job                text NOT NULL,
    kind               text NOT NULL,
    target             text NOT NULL,
    instance_id        text NOT NULL,
    fire_instance_id   text,
    scheduled_fire_at  timestamptz,
    started_at         timestamptz NOT NULL DEFAULT now(),
    ended_at           timestamptz,
    recovering         boolean NOT NULL DEFAULT false,
    manual             boolean NOT NULL DEFAULT false,
    status             text NOT NULL DEFAULT 'running'
                       CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'abandoned')),
    detail             text,
    error              text
);

CREATE INDEX job_runs_started ON job_runs (started_at DESC);
CREATE INDEX job_runs_job_started ON job_runs (job, started_at DESC);

-- One value per (stream, local date, metric): the figure at the end of that local day in the stream's zone.
-- Re-taking a day's snapshot replaces its values.
CREATE TABLE metric_snapshots (
    stream    text NOT NULL,
    as_of     date NOT NULL,
    metric    text NOT NULL,
    value     double precision NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, as_of, metric)
);

-- The database publisher's output: one report per stream and period.
CREATE TABLE reports (
    stream        text NOT NULL,
    period_key    text NOT NULL,
    period_start  timestamptz NOT NULL,
    period_end    timestamptz NOT NULL,
    title         text NOT NULL,
    markdown      text NOT NULL,
    json          jsonb NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, period_key)
);

-- The delivery ledger: one row per (stream, period, publisher). A publisher delivers while holding the row's
-- lock (SELECT ... FOR UPDATE) and records the outcome in that same transaction, so a second worker waits and
-- then sees 'delivered'. 'pending' rows are deliveries whose worker died mid-way; they are retried like 'failed'.
CREATE TABLE deliveries (
    stream          text NOT NULL,
    period_key      text NOT NULL,
    publisher       text NOT NULL,
    kind            text NOT NULL,
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    dedupe_key      text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    receipt         text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    PRIMARY KEY (stream, period_key, publisher)
);

CREATE INDEX deliveries_outstanding ON deliveries (stream, period_end) WHERE status <> 'delivered';
