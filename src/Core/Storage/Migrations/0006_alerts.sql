-- Alerts raised by the anomaly detector. One row per condition while it lasts: a repeat of the same
-- type, zone and subject raises count and last_seen on the open row instead of inserting a new one.
CREATE TABLE alerts (
    id                      TEXT    PRIMARY KEY,
    type                    TEXT    NOT NULL,      -- SYSTEM_FAILURE | PERFORMANCE_DEGRADATION | BUSINESS_KPI_BREACH
    zone                    TEXT    NOT NULL,      -- green | blue | business
    subject                 TEXT    NOT NULL,      -- '' or the KPI metric
    severity                TEXT    NOT NULL,      -- Low | Medium | High | Critical (the highest seen while open)
    title                   TEXT    NOT NULL,
    description             TEXT    NOT NULL,      -- the numbers of the latest evaluation
    evidence_window_seconds INTEGER NOT NULL,
    deployment_id           TEXT    NULL,
    count                   INTEGER NOT NULL,
    raised_at               TEXT    NOT NULL,      -- ISO-8601 UTC
    last_seen               TEXT    NOT NULL,
    acknowledged_by         TEXT    NULL,
    acknowledged_at         TEXT    NULL,
    resolved_at             TEXT    NULL,
    action                  TEXT    NULL           -- what the control room did about it (rolled back, paused, notified)
);
CREATE UNIQUE INDEX ux_alerts_open_condition ON alerts (type, zone, subject) WHERE resolved_at IS NULL;
CREATE INDEX ix_alerts_raised_at ON alerts (raised_at DESC);
