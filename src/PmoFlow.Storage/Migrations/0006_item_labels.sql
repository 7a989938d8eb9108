-- Work items carry their current labels (Jira labels, GitHub/GitLab labels, Azure DevOps tags): portfolio initiatives
-- link to items by label. NULL: no source has said (older rows, CSV files without a labels column).
ALTER TABLE work_items ADD COLUMN labels text[];
