-- Deployments: one row per deployment, the whole state as JSON plus the columns queries need.
-- row_version is the optimistic-concurrency token: every update names the version it read.
CREATE TABLE deployments (
    id           TEXT PRIMARY KEY,
    version      TEXT NOT NULL,
    status       TEXT NOT NULL,
    started_by   TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT NULL,
    green_percent INTEGER NOT NULL,
    row_version  INTEGER NOT NULL,
    state        TEXT NOT NULL
);
CREATE INDEX ix_deployments_started_at ON deployments (started_at);
