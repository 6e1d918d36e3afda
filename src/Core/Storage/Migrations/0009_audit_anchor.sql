-- Anchored audit chain (issue 18, M3): each entry also carries an HMAC-SHA256 of its hash, keyed with a
-- secret kept outside the database (ControlRoom:Audit:Key or KeyFile). Whoever can write this file can
-- recompute the SHA-256 chain, but not the MACs. Entries written before this column existed stay NULL.
ALTER TABLE audit_entries ADD COLUMN mac TEXT NULL;
