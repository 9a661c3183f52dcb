-- When nobody can answer: business hours and the notification address per site, messages left by visitors, and the
-- persistent queue of outgoing mail. Every row carries its site_id.

CREATE TABLE site_offline (
    site_id            TEXT PRIMARY KEY REFERENCES site (id),
    hours              TEXT,                       -- JSON (dev.parley.hours.HoursJson); NULL = always open
    notification_email TEXT NOT NULL DEFAULT '',
    updated_at         BIGINT NOT NULL
);

CREATE TABLE left_message (
    site_id     TEXT NOT NULL REFERENCES site (id),
    id          TEXT NOT NULL,
    visitor_id  TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'new',        -- new | handled
    handled_by  TEXT,
    handled_at  BIGINT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, visitor_id, client_id)
);
CREATE INDEX left_message_by_status ON left_message (site_id, status, created_at);

CREATE TABLE mail_outbox (
    site_id         TEXT NOT NULL REFERENCES site (id),
    id              TEXT NOT NULL,
    left_message_id TEXT NOT NULL,
    kind            TEXT NOT NULL,                  -- notification | reply
    agent_id        TEXT,                           -- who wrote a reply
    recipient       TEXT NOT NULL,
    reply_to        TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,                  -- queued | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_message ON mail_outbox (site_id, left_message_id, created_at);
