-- Phase 1's pre-deployment check results (docs/product.md sections 2 and 6): the latest run of each deployment,
-- so the evidence report still shows them after a restart. A run replaces the rows of the previous run of
-- the same deployment in one transaction; deployment ids are text without a foreign key, like 0004.
CREATE TABLE predeployment_results (
    deployment_id TEXT    NOT NULL,
    position      INTEGER NOT NULL,                -- order of the configured checks
    name          TEXT    NOT NULL,
    category      TEXT    NOT NULL,                -- Infrastructure | Performance | Security | Compliance | Business
    kind          TEXT    NOT NULL,                -- Http | Metric | SignOff | Manual
    required      INTEGER NOT NULL CHECK (required IN (0, 1)),
    passed        INTEGER NOT NULL CHECK (passed IN (0, 1)),
    observed      TEXT    NOT NULL,                -- what was seen, e.g. performance_score 97 ≥ 95
    message       TEXT    NOT NULL,
    checked_at    TEXT    NOT NULL,                -- ISO-8601 UTC of the run
    PRIMARY KEY (deployment_id, position)
);
