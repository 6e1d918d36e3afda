-- Append-only, hash-chained audit trail (docs/product.md section 9).
-- hash = SHA-256 over the canonical encoding of every other column (see AuditHash).
CREATE TABLE audit_entries (
    sequence      INTEGER PRIMARY KEY,            -- 1, 2, 3 ... assigned by AuditTrail, never reused
    at            TEXT    NOT NULL,               -- ISO-8601 UTC
    actor         TEXT    NOT NULL,
    roles         TEXT    NOT NULL,               -- comma-separated roles of the actor at that time
    via           TEXT    NOT NULL,               -- cookie | apikey | system
    action        TEXT    NOT NULL,
    target        TEXT    NOT NULL,
    outcome       TEXT    NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    reason        TEXT    NULL,
    deployment_id TEXT    NULL,
    prev_hash     TEXT    NOT NULL,
    hash          TEXT    NOT NULL
);

CREATE INDEX ix_audit_entries_deployment ON audit_entries (deployment_id, sequence);
CREATE INDEX ix_audit_entries_actor ON audit_entries (actor, sequence);
CREATE INDEX ix_audit_entries_action ON audit_entries (action, sequence);

-- Stops the application (or a slip at the sqlite3 prompt) from changing history. Someone with write
-- access to the file can drop these triggers; the hash chain is what detects that.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
