-- Go-live checklist (docs/product.md section 6). Independent of 0003 (deployments): deployment ids are
-- stored as text without a foreign key, so this script applies whether 0003 ran before it or not.

-- The template every deployment's checklist is copied from; filled by ChecklistSeeder.
CREATE TABLE checklist_template_items (
    item_key  TEXT    NOT NULL PRIMARY KEY,        -- stable id, e.g. technical.performance-benchmarks
    position  INTEGER NOT NULL,                    -- display order
    section   TEXT    NOT NULL,
    title     TEXT    NOT NULL,
    capacity  TEXT    NOT NULL,                    -- the approver capacity that signs it
    required  INTEGER NOT NULL CHECK (required IN (0, 1))
);

-- One deployment's checklist: a snapshot of the template taken when the deployment first needs it,
-- so later template changes never rewrite an old deployment's evidence.
CREATE TABLE checklist_items (
    deployment_id TEXT    NOT NULL,
    item_key      TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    section       TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    capacity      TEXT    NOT NULL,
    required      INTEGER NOT NULL CHECK (required IN (0, 1)),
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, item_key)
);

-- Every sign-off and every revocation, in order. An item is signed when its latest row is a
-- sign-off; a revocation names the sign-off it revokes. Rows are never changed or removed.
CREATE TABLE checklist_signoffs (
    id            INTEGER PRIMARY KEY,             -- order of events
    deployment_id TEXT    NOT NULL,
    item_key      TEXT    NOT NULL,
    action        TEXT    NOT NULL CHECK (action IN ('signed', 'revoked')),
    actor         TEXT    NOT NULL,
    via           TEXT    NOT NULL,                -- cookie | apikey
    capacity      TEXT    NOT NULL,                -- the item's capacity the signer held
    at            TEXT    NOT NULL,                -- ISO-8601 UTC
    comment       TEXT    NULL,                    -- sign-off comment
    evidence_url  TEXT    NULL,                    -- sign-off evidence link (http/https)
    reason        TEXT    NULL,                    -- revocation reason
    revokes       INTEGER NULL REFERENCES checklist_signoffs (id),
    FOREIGN KEY (deployment_id, item_key) REFERENCES checklist_items (deployment_id, item_key),
    CHECK ((action = 'signed' AND revokes IS NULL AND reason IS NULL)
        OR (action = 'revoked' AND revokes IS NOT NULL AND reason IS NOT NULL))
);

CREATE INDEX ix_checklist_signoffs_item ON checklist_signoffs (deployment_id, item_key, id);
-- A sign-off is revoked at most once.
CREATE UNIQUE INDEX ux_checklist_signoffs_revokes ON checklist_signoffs (revokes) WHERE revokes IS NOT NULL;

CREATE TRIGGER checklist_items_no_update BEFORE UPDATE ON checklist_items
BEGIN
    SELECT RAISE(ABORT, 'checklist_items is append-only');
END;

CREATE TRIGGER checklist_items_no_delete BEFORE DELETE ON checklist_items
BEGIN
    SELECT RAISE(ABORT, 'checklist_items is append-only');
END;

CREATE TRIGGER checklist_signoffs_no_update BEFORE UPDATE ON checklist_signoffs
BEGIN
    SELECT RAISE(ABORT, 'checklist_signoffs is append-only');
END;

CREATE TRIGGER checklist_signoffs_no_delete BEFORE DELETE ON checklist_signoffs
BEGIN
    SELECT RAISE(ABORT, 'checklist_signoffs is append-only');
END;
