-- Users and API keys. Secrets are stored only as hashes.
CREATE TABLE users (
    user_name     TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT    NOT NULL,               -- ASP.NET Core Identity PasswordHasher (PBKDF2, salted)
    roles         TEXT    NOT NULL,               -- comma-separated, known names only
    capacities    TEXT    NOT NULL,               -- comma-separated, only with role Approver
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_count  INTEGER NOT NULL DEFAULT 0,     -- consecutive failed sign-ins
    locked_until  TEXT    NULL,                   -- ISO-8601 UTC
    created_at    TEXT    NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT NOT NULL PRIMARY KEY,        -- public part of the key: glk_<id>_<secret>
    name        TEXT NOT NULL,
    user_name   TEXT NOT NULL REFERENCES users (user_name),
    key_hash    TEXT NOT NULL,                    -- SHA-256 hex of the whole key
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  TEXT NULL,
    revoked_by  TEXT NULL
);

CREATE INDEX ix_api_keys_user ON api_keys (user_name);
