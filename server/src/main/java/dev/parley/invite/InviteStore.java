package dev.parley.invite;

import dev.parley.store.Database;
import dev.parley.store.WriteOp;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Invitations in the database: written through the batching writer, read to apply frequency caps after a restart. */
public final class InviteStore {
    private final Database db;

    public InviteStore(Database db) {
        this.db = db;
    }

    /** An auto invitation the visitor was sent: which rule and when. */
    public record AutoSent(String ruleId, long at) {
    }

    public List<AutoSent> autoInvitesSince(String siteId, String visitorId, long since) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("SELECT rule_id, created_at FROM invitation "
                + "WHERE site_id = ? AND visitor_id = ? AND rule_id IS NOT NULL AND created_at >= ? ORDER BY created_at")) {
            st.setString(1, siteId);
            st.setString(2, visitorId);
            st.setLong(3, since);
            try (var rs = st.executeQuery()) {
                var list = new ArrayList<AutoSent>();
                while (rs.next()) {
                    list.add(new AutoSent(rs.getString(1), rs.getLong(2)));
                }
                return list;
            }
        }
    }

    /**
     * The visitor's newest invitation that is not closed (pending or answered), with the inviting agent's name, for a
     * hub that did not hold the visitor. Closed ones are left out because only the index of the others is kept (V6);
     * the condition is written out, not bound, so both databases can use that partial index.
     */
    public java.util.Optional<Invitation> latest(String siteId, String visitorId) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("SELECT i.id, i.agent_id, a.display_name, i.rule_id, i.body, i.status, i.created_at "
                + "FROM invitation i LEFT JOIN agent a ON a.site_id = i.site_id AND a.id = i.agent_id "
                + "WHERE i.site_id = ? AND i.visitor_id = ? AND i.status <> '" + Invitation.CLOSED + "' ORDER BY i.created_at DESC LIMIT 1")) {
            st.setString(1, siteId);
            st.setString(2, visitorId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                var invitation = new Invitation(rs.getString(1), visitorId, rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(7));
                invitation.status = rs.getString(6);
                return java.util.Optional.of(invitation);
            }
        }
    }

    public static WriteOp.Sql insert(String siteId, Invitation invitation) {
        return insertAll(siteId, List.of(invitation), List.of(), 0);
    }

    /** Rows per statement below: at most 1,000 parameters, far below SQLite's (32,766) and PostgreSQL's (65,535) limits. */
    static final int ROWS_PER_STATEMENT = 500;

    /**
     * A broadcast's invitations in one op: multi-row INSERTs for the new ones and UPDATEs closing the pending ones they
     * replace, 500 rows a statement. The invitations share agent, rule, text and time (one broadcast, or one invitation):
     * those are bound once per statement, and only id and visitor per row. The rows go in visitor order and the closed
     * ids in id order, so each statement walks its index from one end to the other: in random order a broadcast to
     * 10,000 visitors touched the visitor index's pages in random order, more than SQLite's page cache holds, and the
     * writer spent about a quarter more CPU on it (docs/bench, eighth round).
     */
    public static WriteOp.Sql insertAll(String siteId, List<Invitation> invitations, List<String> replacedIds, long replacedAt) {
        return c -> {
            var byVisitor = new ArrayList<>(invitations);
            byVisitor.sort(java.util.Comparator.comparing((Invitation i) -> i.visitorId));
            var replaced = new ArrayList<>(replacedIds);
            java.util.Collections.sort(replaced);
            for (int from = 0; from < byVisitor.size(); from += ROWS_PER_STATEMENT) {
                var rows = byVisitor.subList(from, Math.min(byVisitor.size(), from + ROWS_PER_STATEMENT));
                var first = rows.get(0);
                try (var st = c.prepareStatement("INSERT INTO invitation (site_id, id, visitor_id, agent_id, rule_id, body, status, created_at) "
                        + "SELECT ?, column1, column2, ?, ?, ?, ?, ? FROM (VALUES " + placeholders("(?,?)", rows.size()) + ") AS broadcast_rows")) {
                    st.setString(1, siteId);
                    st.setString(2, first.agentId);
                    st.setString(3, first.ruleId);
                    st.setString(4, first.text);
                    st.setString(5, Invitation.SENT);
                    st.setLong(6, first.at);
                    int p = 7;
                    for (var invitation : rows) {
                        st.setString(p++, invitation.id);
                        st.setString(p++, invitation.visitorId);
                    }
                    st.executeUpdate();
                }
            }
            for (int from = 0; from < replaced.size(); from += ROWS_PER_STATEMENT) {
                var ids = replaced.subList(from, Math.min(replaced.size(), from + ROWS_PER_STATEMENT));
                try (var st = c.prepareStatement("UPDATE invitation SET status = ?, answered_at = ? WHERE site_id = ? AND id IN ("
                        + placeholders("?", ids.size()) + ")")) {
                    st.setString(1, Invitation.CLOSED);
                    st.setLong(2, replacedAt);
                    st.setString(3, siteId);
                    int p = 4;
                    for (var id : ids) {
                        st.setString(p++, id);
                    }
                    st.executeUpdate();
                }
            }
        };
    }

    private static String placeholders(String one, int count) {
        return String.join(",", java.util.Collections.nCopies(count, one));
    }

    public static WriteOp.Sql answer(String siteId, String invitationId, String status, long at) {
        return c -> {
            try (var st = c.prepareStatement("UPDATE invitation SET status = ?, answered_at = ? WHERE site_id = ? AND id = ?")) {
                st.setString(1, status);
                st.setLong(2, at);
                st.setString(3, siteId);
                st.setString(4, invitationId);
                st.executeUpdate();
            }
        };
    }
}
