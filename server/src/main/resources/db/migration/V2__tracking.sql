-- Visitor tracking: which visit a visitor is on, and where that visit landed and came from.
-- A new visit starts after 30 minutes without any connection (last_seen_at); page views of the current visit are
-- the page_view rows since visit_started_at.
ALTER TABLE visitor ADD COLUMN visit_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE visitor ADD COLUMN visit_started_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE visitor ADD COLUMN landing_url TEXT NOT NULL DEFAULT '';
ALTER TABLE visitor ADD COLUMN landing_title TEXT NOT NULL DEFAULT '';
ALTER TABLE visitor ADD COLUMN referrer TEXT NOT NULL DEFAULT '';
