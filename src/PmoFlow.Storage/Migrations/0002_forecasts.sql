-- Stored forecast runs: inputs, window, seed, percentiles and the answer, so reports can later show
-- forecast against actual (the weekly forecast check fills checked_at / actual / hit).

CREATE TABLE forecast_runs (
    id            bigserial PRIMARY KEY,
    stream        text NOT NULL,
    kind          text NOT NULL,            -- when | how-many | features | backtest | scenarios
    created_at    timestamptz NOT NULL DEFAULT now(),
    as_of         date NOT NULL,            -- "today" of the forecast, in the stream's zone
    items         integer,                  -- when: the number of items forecast
    by_date       date,                     -- how-many: the target date
    deadline      date,
    seed          numeric(20, 0) NOT NULL,
    trials        integer NOT NULL,
    engine        text NOT NULL,
    percentiles   double precision[] NOT NULL,
    window_spec   text NOT NULL,
    status        text NOT NULL,            -- ok | cannot-forecast | ...
    inputs        jsonb NOT NULL,
    result        jsonb NOT NULL,
    checked_at    timestamptz,
    actual        jsonb
);

CREATE INDEX forecast_runs_stream_created ON forecast_runs (stream, created_at DESC);
