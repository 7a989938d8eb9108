-- The portfolio: strategic objectives, initiatives and their KPIs (definitions synchronised from portfolio.yaml),
-- and KPI readings appended over time (from CSV files and the REST API).
-- Ids and KPI names match case-insensitively, as in the value core: unique indexes on lower(...).
-- Definitions that disappear from the file are kept with active = false, so their readings are never lost.

CREATE TABLE portfolio_settings (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    settings    jsonb NOT NULL,
    source      text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE portfolio_objectives (
    id          text PRIMARY KEY,
    name        text,
    weight      double precision NOT NULL CHECK (weight >= 0 AND weight < 'Infinity'),
    position    integer NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX portfolio_objectives_id_ci ON portfolio_objectives (lower(id));

CREATE TABLE portfolio_initiatives (
    id                      text PRIMARY KEY,
    name                    text,
    position                integer NOT NULL,
    start_date              date,
    business_value          numeric CHECK (business_value >= 0),
    cost_of_delay_per_week  double precision CHECK (cost_of_delay_per_week >= 0),
    job_duration_weeks      double precision CHECK (job_duration_weeks > 0),
    -- contributions, link rule and financials, as the value core's records in JSON
    definition              jsonb NOT NULL,
    active                  boolean NOT NULL DEFAULT true,
    updated_at              timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX portfolio_initiatives_id_ci ON portfolio_initiatives (lower(id));

CREATE TABLE portfolio_kpis (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    initiative_id  text NOT NULL REFERENCES portfolio_initiatives (id) ON DELETE CASCADE ON UPDATE CASCADE,
    name           text NOT NULL CHECK (name <> ''),
    position       integer NOT NULL,
    unit           text,
    direction      text NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    baseline       double precision NOT NULL,
    target         double precision NOT NULL,
    baseline_date  date NOT NULL,
    target_date    date NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT portfolio_kpis_target_differs CHECK (target <> baseline),
    CONSTRAINT portfolio_kpis_dates_ordered CHECK (target_date > baseline_date)
);

CREATE UNIQUE INDEX portfolio_kpis_initiative_name ON portfolio_kpis (lower(initiative_id), lower(name));

-- One reading per KPI and local date. Readings are facts: appended, never changed (a trigger refuses updates);
-- a second, different value for the same date is refused by the importer and the API.
CREATE TABLE kpi_readings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kpi_id        bigint NOT NULL REFERENCES portfolio_kpis (id) ON DELETE CASCADE,
    reading_date  date NOT NULL,
    value         double precision NOT NULL CHECK (value > '-Infinity' AND value < 'Infinity'),
    source        text NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT kpi_readings_one_per_date UNIQUE (kpi_id, reading_date)
);

CREATE FUNCTION kpi_readings_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'KPI readings are append-only: reading % cannot be changed', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER kpi_readings_append_only
    BEFORE UPDATE ON kpi_readings
    FOR EACH ROW EXECUTE FUNCTION kpi_readings_refuse_update();
