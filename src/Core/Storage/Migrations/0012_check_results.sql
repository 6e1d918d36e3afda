-- Per-release check results (issue 17, docs/pipelines.md): the value a pipeline reported for a metric of one
-- deployment's phase 1 (e.g. performance_score from the CI's load test), with its evidence link and reporter.
-- The control room evaluates the value against the configured threshold itself; the reporter sends no verdict.
-- A later report of the same metric replaces the value; every report stays in the audit trail.
CREATE TABLE check_results (
    deployment_id TEXT NOT NULL,
    metric        TEXT NOT NULL,                  -- the metric name the checks read, e.g. performance_score
    value         TEXT NOT NULL,                  -- as reported: a number in invariant culture or a text (PASS)
    is_number     INTEGER NOT NULL CHECK (is_number IN (0, 1)),
    evidence_url  TEXT NULL,
    reporter      TEXT NOT NULL,                  -- the user (service account) that reported it
    reported_at   TEXT NOT NULL,                  -- ISO-8601 UTC
    PRIMARY KEY (deployment_id, metric)
);

-- What a required check of phase 1's latest run still waits for (e.g. "performance_score (from CI)"), so a page
-- opened later shows it waiting, not failed. NULL for checks that passed, failed or are optional.
ALTER TABLE predeployment_results ADD COLUMN waiting_for TEXT NULL;
