-- Colors and their roles (docs/deployment-model.md): blue and green are fixed environments; one is live
-- (takes customer traffic), the other idle, and a deployment releases to the idle one (its target). The
-- roles alternate with each completed release. One row per color, changed in the transaction of the
-- deployment transition that changes it.
CREATE TABLE colors (
    color      TEXT PRIMARY KEY CHECK (color IN ('blue', 'green')),
    role       TEXT NOT NULL CHECK (role IN ('live', 'idle', 'target')),
    version    TEXT NULL,
    updated_at TEXT NOT NULL,
    reason     TEXT NOT NULL
);

-- Today's data carried over. Before this, a completed release left green live at 100 % (its version) and
-- blue decommissioned; before any completed release blue is live. Versions nobody recorded stay NULL
-- until the nodes report them.
INSERT INTO colors (color, role, version, updated_at, reason)
SELECT 'blue',
       CASE WHEN EXISTS (SELECT 1 FROM deployments WHERE status = 'Completed') THEN 'idle' ELSE 'live' END,
       NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'carried over by migration 0008';
INSERT INTO colors (color, role, version, updated_at, reason)
SELECT 'green',
       CASE WHEN EXISTS (SELECT 1 FROM deployments WHERE status = 'Completed') THEN 'live'
            WHEN EXISTS (SELECT 1 FROM deployments WHERE ended_at IS NULL) THEN 'target'
            ELSE 'idle' END,
       (SELECT version FROM deployments WHERE status = 'Completed' ORDER BY started_at DESC LIMIT 1),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'carried over by migration 0008';

-- Phase and rollback-step names now say roles, not colors.
UPDATE deployments SET state =
    replace(replace(replace(replace(replace(replace(replace(replace(state,
        '"DeployToGreen"', '"DeployToTarget"'),
        '"ValidateGreen"', '"ValidateTarget"'),
        '"DecommissionBlue"', '"DecommissionFormerLive"'),
        '"StopGreenTraffic"', '"StopTargetTraffic"'),
        '"DrainGreen"', '"DrainTarget"'),
        '"RouteAllToBlue"', '"RouteAllToLive"'),
        '"ValidateBlue"', '"ValidateLive"'),
        '"CleanUpGreen"', '"CleanUpTarget"');
