package dev.parley.mail;

import dev.parley.account.Ids;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent queue of outgoing mail (table {@code mail_outbox}). A mail is {@code queued} until it is
 * {@code sent}, or {@code failed} after the last attempt. A worker claims a due mail by moving its
 * {@code next_attempt_at} forward (a lease) in one conditional UPDATE, so a mail is attempted by one worker at a time
 * and one that was being sent when a node died is retried when the lease runs out.
 */
public final class MailQueue {
    public static final String QUEUED = "queued";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String NOTIFICATION = "notification";
    public static final String REPLY = "reply";
    static final long LEASE_MILLIS = 5 * 60 * 1000;

    private MailQueue() {
    }

    /** A new mail to send; {@code status} is normally queued, or failed when there is nobody to send it to. */
    public record Draft(String siteId, String leftMessageId, String kind, String agentId, String recipient, String replyTo,
                        String subject, String body, String status, String lastError) {
    }

    public static String enqueue(Connection c, Draft d, long now) throws SQLException {
        var id = Ids.newId("m");
        try (var st = c.prepareStatement("INSERT INTO mail_outbox (site_id, id, left_message_id, kind, agent_id, recipient, reply_to, subject, body, "
                + "status, attempts, next_attempt_at, last_error, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?)")) {
            st.setString(1, d.siteId());
            st.setString(2, id);
            st.setString(3, d.leftMessageId());
            st.setString(4, d.kind());
            st.setString(5, d.agentId());
            st.setString(6, d.recipient());
            st.setString(7, d.replyTo() == null ? "" : d.replyTo());
            st.setString(8, d.subject());
            st.setString(9, d.body());
            st.setString(10, d.status());
            st.setLong(11, now);
            st.setString(12, d.lastError() == null ? "" : d.lastError());
            st.setLong(13, now);
            st.executeUpdate();
        }
        return id;
    }

    /** Queued mails whose time has come, oldest first (all sites: the worker is the node's). */
    static List<OutgoingMail> due(Connection c, long now, int limit) throws SQLException {
        try (var st = c.prepareStatement("SELECT site_id, id, left_message_id, recipient, reply_to, subject, body, attempts, next_attempt_at "
                + "FROM mail_outbox WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?")) {
            st.setString(1, QUEUED);
            st.setLong(2, now);
            st.setInt(3, limit);
            try (var rs = st.executeQuery()) {
                var list = new ArrayList<OutgoingMail>();
                while (rs.next()) {
                    list.add(new OutgoingMail(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9)));
                }
                return list;
            }
        }
    }

    /** When the next queued mail falls due, or -1 when none is queued. */
    static long nextDueAt(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT MIN(next_attempt_at) FROM mail_outbox WHERE status = ?")) {
            st.setString(1, QUEUED);
            try (var rs = st.executeQuery()) {
                if (rs.next()) {
                    long value = rs.getLong(1);
                    return rs.wasNull() ? -1 : value;
                }
                return -1;
            }
        }
    }

    /** Takes a due mail for one attempt; false when another worker took it first. */
    static boolean claim(Connection c, OutgoingMail mail, long now) throws SQLException {
        try (var st = c.prepareStatement("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ? "
                + "WHERE site_id = ? AND id = ? AND status = ? AND attempts = ? AND next_attempt_at = ?")) {
            st.setLong(1, now + LEASE_MILLIS);
            st.setString(2, mail.siteId());
            st.setString(3, mail.id());
            st.setString(4, QUEUED);
            st.setInt(5, mail.attempts());
            st.setLong(6, mail.nextAttemptAt());
            return st.executeUpdate() == 1;
        }
    }

    static void markSent(Connection c, OutgoingMail mail, long now) throws SQLException {
        try (var st = c.prepareStatement("UPDATE mail_outbox SET status = ?, sent_at = ?, last_error = '' WHERE site_id = ? AND id = ?")) {
            st.setString(1, SENT);
            st.setLong(2, now);
            st.setString(3, mail.siteId());
            st.setString(4, mail.id());
            st.executeUpdate();
        }
    }

    /** Records a failed attempt: retried at {@code retryAt}, or failed for good when {@code retryAt < 0}. */
    static void markAttemptFailed(Connection c, OutgoingMail mail, String error, long retryAt) throws SQLException {
        try (var st = c.prepareStatement("UPDATE mail_outbox SET status = ?, last_error = ?, next_attempt_at = ? WHERE site_id = ? AND id = ?")) {
            st.setString(1, retryAt < 0 ? FAILED : QUEUED);
            st.setString(2, dev.parley.chat.Text.clip(dev.parley.chat.Text.storable(error), 1000));
            st.setLong(3, Math.max(retryAt, 0));
            st.setString(4, mail.siteId());
            st.setString(5, mail.id());
            st.executeUpdate();
        }
    }
}
