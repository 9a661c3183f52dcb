-- Per-site feature configuration as validated JSON documents (auto-invite rules, pre-chat form), one row per name.
CREATE TABLE site_config (
    site_id    TEXT NOT NULL REFERENCES site (id),
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, name)
);

-- Invitations agents (or auto-invite rules) sent to visitors, and what became of them.
CREATE TABLE invitation (
    site_id     TEXT NOT NULL REFERENCES site (id),
    id          TEXT NOT NULL,
    visitor_id  TEXT NOT NULL,
    agent_id    TEXT NOT NULL,
    rule_id     TEXT,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    answered_at BIGINT,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX invitation_by_visitor ON invitation (site_id, visitor_id, created_at);

-- What the visitor entered in the pre-chat form (JSON: name, email, phone, custom), null until then.
ALTER TABLE visitor ADD COLUMN contact TEXT;
