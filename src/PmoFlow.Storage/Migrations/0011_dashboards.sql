-- Saved dashboards (issue 17): a named layout of report panels, stored as its YAML text (the export format read by
-- DashboardYaml), shared (owner '') or private to one API key (owner = 'key:' + the key's SHA-256 fingerprint).
CREATE TABLE dashboards (
    owner       text NOT NULL DEFAULT '',
    name        text NOT NULL,
    yaml        text NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (owner, name)
);
