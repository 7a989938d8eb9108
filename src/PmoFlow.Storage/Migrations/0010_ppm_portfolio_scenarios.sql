-- Saved portfolio what-if scenarios (issue 17): a name and the scenario's text form
-- (PortfolioScenarioSpec: "name:throughputFactor=1.2,drop=A|B,..."), shared by the CLI, the API and the dashboard.
-- Named distinctively so a renumber at merge is easy if another migration 0008 lands first.
CREATE TABLE portfolio_scenarios (
    name        text PRIMARY KEY,
    spec        text NOT NULL,
    updated_at  timestamptz NOT NULL
);
