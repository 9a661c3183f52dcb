-- The visitor index held every invitation ever sent, so a broadcast to 10,000 visitors added an entry to the page of
-- each of them: after 35 broadcasts that rewrote about 30 MB of index pages per broadcast, growing with every one
-- (docs/bench, ninth round). Lookups by visitor only need what is still open or was answered, and, for the caps, the
-- auto invitations. A broadcast's rows never enter the second, and leave the first when they close (most of them when
-- the next broadcast replaces them).
DROP INDEX invitation_by_visitor;
CREATE INDEX invitation_open_by_visitor ON invitation (site_id, visitor_id, created_at) WHERE status <> 'closed';
CREATE INDEX invitation_auto_by_visitor ON invitation (site_id, visitor_id, created_at) WHERE rule_id IS NOT NULL;
