-- One schema for SQLite and PostgreSQL: only TEXT / BIGINT / INTEGER columns and portable constraints.
-- Every tenant table carries site_id and is keyed by it.

CREATE TABLE node_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE site (
    id              TEXT PRIMARY KEY,
    site_key        TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    greeting        TEXT NOT NULL DEFAULT '',
    color           TEXT NOT NULL DEFAULT '#2563eb',
    created_at      BIGINT NOT NULL
);

CREATE TABLE agent (
    id            TEXT NOT NULL,
    site_id       TEXT NOT NULL REFERENCES site (id),
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

CREATE TABLE agent_session (
    token_hash TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL,
    agent_id   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE visitor (
    site_id       TEXT NOT NULL REFERENCES site (id),
    id            TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

CREATE TABLE conversation (
    site_id        TEXT NOT NULL REFERENCES site (id),
    id             TEXT NOT NULL,
    visitor_id     TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    last_seq       BIGINT NOT NULL DEFAULT 0,
    agent_read_seq BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX conversation_by_visitor ON conversation (site_id, visitor_id, created_at);
CREATE INDEX conversation_by_update ON conversation (site_id, updated_at);

CREATE TABLE message (
    site_id         TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    client_id       TEXT NOT NULL,
    author_type     TEXT NOT NULL,
    author_id       TEXT NOT NULL,
    author_name     TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (site_id, conversation_id, seq),
    UNIQUE (site_id, conversation_id, author_id, client_id)
);

CREATE TABLE page_view (
    site_id    TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    url        TEXT NOT NULL,
    title      TEXT NOT NULL,
    referrer   TEXT NOT NULL,
    viewed_at  BIGINT NOT NULL
);
CREATE INDEX page_view_by_visitor ON page_view (site_id, visitor_id, viewed_at);
