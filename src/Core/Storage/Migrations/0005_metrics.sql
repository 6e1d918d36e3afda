-- One metrics sample per minute (MetricsSampler), so the last hour of charts survives a restart.
CREATE TABLE metrics_samples (
    at                       TEXT    PRIMARY KEY,   -- ISO-8601 UTC
    configured_green_percent INTEGER NOT NULL,
    observed_green_percent   REAL    NOT NULL,
    blue_rps                 REAL    NOT NULL,
    green_rps                REAL    NOT NULL,
    blue_error_rate          REAL    NOT NULL,      -- 0..1 over the gateway's window
    green_error_rate         REAL    NOT NULL,
    blue_p95_ms              REAL    NULL,
    green_p95_ms             REAL    NULL,
    kpis                     TEXT    NOT NULL       -- JSON object: metric name -> value or null
);
