package dev.parley.offline;

import dev.parley.account.Ids;
import dev.parley.hours.HoursJson;
import dev.parley.mail.MailQueue;
import dev.parley.store.Database;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Offline settings, left messages and their mail, per site. Blocking JDBC: worker threads only. Every query takes the
 * site id.
 */
public final class OfflineStore {
    public static final String NEW = "new";
    public static final String HANDLED = "handled";
    static final int LIST_LIMIT = 200;

    private final Database db;

    public OfflineStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    // ---- settings ------------------------------------------------------------------------------------

    public OfflineSettings settings(String siteId) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT hours, notification_email FROM site_offline WHERE site_id = ?")) {
            st.setString(1, siteId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? new OfflineSettings(HoursJson.fromStored(rs.getString(1)), rs.getString(2)) : OfflineSettings.DEFAULT;
            }
        }
    }

    public void saveSettings(String siteId, OfflineSettings settings, long now) throws SQLException {
        var hours = settings.hours().toJson();
        try (var c = db.connection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (var st = c.prepareStatement("UPDATE site_offline SET hours = ?, notification_email = ?, updated_at = ? WHERE site_id = ?")) {
                    st.setString(1, hours == null ? null : hours.encode());
                    st.setString(2, settings.notificationEmail());
                    st.setLong(3, now);
                    st.setString(4, siteId);
                    updated = st.executeUpdate();
                }
                if (updated == 0) {
                    try (var st = c.prepareStatement("INSERT INTO site_offline (site_id, hours, notification_email, updated_at) VALUES (?,?,?,?)")) {
                        st.setString(1, siteId);
                        st.setString(2, hours == null ? null : hours.encode());
                        st.setString(3, settings.notificationEmail());
                        st.setLong(4, now);
                        st.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    // ---- left messages ---------------------------------------------------------------------------------

    /** Stores a left message and its notification mail in one transaction; returns the new message's id. */
    String insert(Connection c, String siteId, String visitorId, LeaveInput input, long now) throws SQLException {
        var id = Ids.newId("lm");
        try (var st = c.prepareStatement("INSERT INTO left_message (site_id, id, visitor_id, client_id, name, email, phone, body, status, created_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            st.setString(1, siteId);
            st.setString(2, id);
            st.setString(3, visitorId);
            st.setString(4, input.clientId());
            st.setString(5, input.name());
            st.setString(6, input.email());
            st.setString(7, input.phone());
            st.setString(8, input.text());
            st.setString(9, NEW);
            st.setLong(10, now);
            st.executeUpdate();
        }
        return id;
    }

    Optional<String> idByClientId(String siteId, String visitorId, String clientId) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT id FROM left_message WHERE site_id = ? AND visitor_id = ? AND client_id = ?")) {
            st.setString(1, siteId);
            st.setString(2, visitorId);
            st.setString(3, clientId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The raw row, for building mails. */
    record Row(String id, String visitorId, String name, String email, String phone, String text, String status, long createdAt) {
    }

    Optional<Row> row(String siteId, String id) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT id, visitor_id, name, email, phone, body, status, created_at FROM left_message WHERE site_id = ? AND id = ?")) {
            st.setString(1, siteId);
            st.setString(2, id);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getLong(8));
    }

    /** One message with its deliveries, as the console shows it. */
    public Optional<JsonObject> message(String siteId, String id) throws SQLException {
        var found = query(siteId, "id = ?", id, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Newest first; {@code status} new, handled or null for all. */
    public List<JsonObject> list(String siteId, String status) throws SQLException {
        return status == null ? query(siteId, null, null, LIST_LIMIT) : query(siteId, "status = ?", status, LIST_LIMIT);
    }

    private List<JsonObject> query(String siteId, String condition, String value, int limit) throws SQLException {
        try (var c = db.connection()) {
            var messages = new LinkedHashMap<String, JsonObject>();
            var sql = "SELECT id, visitor_id, name, email, phone, body, status, created_at, handled_by, handled_at FROM left_message WHERE site_id = ?"
                    + (condition == null ? "" : " AND " + condition) + " ORDER BY created_at DESC, id DESC LIMIT ?";
            try (var st = c.prepareStatement(sql)) {
                st.setString(1, siteId);
                int i = 2;
                if (condition != null) {
                    st.setString(i++, value);
                }
                st.setInt(i, limit);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        var r = row(rs);
                        long handledAt = rs.getLong(10);
                        messages.put(r.id(), new JsonObject().put("id", r.id()).put("visitorId", r.visitorId()).put("name", r.name())
                                .put("email", r.email()).put("phone", r.phone()).put("text", r.text()).put("status", r.status())
                                .put("createdAt", r.createdAt()).put("handledBy", rs.getString(9))
                                .put("handledAt", rs.wasNull() ? null : handledAt)
                                .put("notification", null).put("replies", new JsonArray()));
                    }
                }
            }
            if (!messages.isEmpty()) {
                attachMail(c, siteId, messages);
            }
            return new ArrayList<>(messages.values());
        }
    }

    private static void attachMail(Connection c, String siteId, Map<String, JsonObject> messages) throws SQLException {
        var marks = String.join(",", java.util.Collections.nCopies(messages.size(), "?"));
        try (var st = c.prepareStatement("SELECT left_message_id, id, kind, agent_id, recipient, body, status, attempts, last_error, created_at, sent_at "
                + "FROM mail_outbox WHERE site_id = ? AND left_message_id IN (" + marks + ") ORDER BY created_at, id")) {
            st.setString(1, siteId);
            int i = 2;
            for (var id : messages.keySet()) {
                st.setString(i++, id);
            }
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var message = messages.get(rs.getString(1));
                    long sentAt = rs.getLong(11);
                    var delivery = new JsonObject().put("id", rs.getString(2)).put("recipient", rs.getString(5))
                            .put("status", rs.getString(7)).put("attempts", rs.getInt(8))
                            .put("error", rs.getString(9).isEmpty() ? null : rs.getString(9))
                            .put("createdAt", rs.getLong(10)).put("sentAt", rs.wasNull() ? null : sentAt);
                    if (MailQueue.NOTIFICATION.equals(rs.getString(3))) {
                        message.put("notification", delivery);
                    } else {
                        var body = rs.getString(6);
                        int signature = body.indexOf(LeftMessages.SIGNATURE);
                        message.getJsonArray("replies").add(delivery.put("agentId", rs.getString(4))
                                .put("text", signature < 0 ? body : body.substring(0, signature)));
                    }
                }
            }
        }
    }

    public JsonObject counts(String siteId) throws SQLException {
        var counts = new JsonObject().put(NEW, 0).put(HANDLED, 0);
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT status, COUNT(*) FROM left_message WHERE site_id = ? GROUP BY status")) {
            st.setString(1, siteId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Returns false when the site has no such message. */
    boolean setStatus(String siteId, String id, String status, String agentId, long now) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("UPDATE left_message SET status = ?, handled_by = ?, handled_at = ? WHERE site_id = ? AND id = ?")) {
            boolean handled = HANDLED.equals(status);
            st.setString(1, status);
            st.setString(2, handled ? agentId : null);
            if (handled) {
                st.setLong(3, now);
            } else {
                st.setNull(3, java.sql.Types.BIGINT);
            }
            st.setString(4, siteId);
            st.setString(5, id);
            return st.executeUpdate() == 1;
        }
    }
}
