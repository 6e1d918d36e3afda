-- Server-side sessions (issue 18, M5): the sign-in cookie carries a session id that must name a row here that
-- has not ended. Sign-out, a password reset, disabling the user, changing his roles, or an admin ends it.
CREATE TABLE sessions (
    id          TEXT NOT NULL PRIMARY KEY,         -- random, 128 bits hex; inside the (encrypted) cookie
    user_name   TEXT NOT NULL COLLATE NOCASE,
    created_at  TEXT NOT NULL,
    client      TEXT NULL,                         -- remote address at sign-in
    ended_at    TEXT NULL,
    ended_by    TEXT NULL,
    end_reason  TEXT NULL
);

CREATE INDEX ix_sessions_user ON sessions (user_name, ended_at);
