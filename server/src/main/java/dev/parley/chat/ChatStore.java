package dev.parley.chat;

import dev.parley.store.Database;
import dev.parley.store.WriteOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conversations and messages. Reads are blocking JDBC for the DB reader pool; writes are {@link WriteOp}s for the
 * batching writer. Every statement is scoped by site id.
 */
public final class ChatStore {
    public static final int HISTORY_PAGE = 500;

    private final Database db;

    /**
     * How far a conversation's stored {@code updated_at} may lag its last message. The column is indexed (the hub
     * loads the newest open conversations by it), and on PostgreSQL an update that changes an indexed column writes a
     * new row version with an entry in every index of the table, while one that does not stays on its page (a HOT
     * update). So a message moves {@code updated_at} only once this much newer (and never back, whatever the clocks
     * say): most messages leave every index alone, which cost PostgreSQL a quarter less CPU per message in batches of
     * 20 (docs/bench, sixth round). Listings report the later of it and the last message's time, and
     * {@link #openConversations} allows for the lag when it picks the newest.
     */
    static final long UPDATED_AT_STEP_MILLIS = 60_000;
    /** Batches of up to this many conversations list their keys for PostgreSQL's planner (see {@link #appendMessages}). */
    static final int LISTED_KEYS_MAX = 128;
    /** The SQL that moves {@code updated_at} to the time %s, or leaves it while it is less than a step behind. */
    private static final String MOVE_UPDATED_AT = "CASE WHEN %1$s >= conversation.updated_at + " + UPDATED_AT_STEP_MILLIS
            + " THEN %1$s ELSE conversation.updated_at END";

    public ChatStore(Database db) {
        this.db = db;
    }

    /**
     * The {@code limit} open conversations with the latest activity, newest first. The stored {@code updated_at} lags
     * the last message by less than {@link #UPDATED_AT_STEP_MILLIS}, so each of them has a stored value at most one
     * step below that of the {@code limit}-th row in stored order: those candidates are read through the index and cut
     * by the exact time.
     */
    public List<ConversationRow> openConversations(String siteId, int limit) throws SQLException {
        Long boundary = null;
        try (var c = db.connection(); var st = c.prepareStatement(
                "SELECT updated_at FROM conversation WHERE site_id = ? AND status = 'open' ORDER BY updated_at DESC LIMIT 1 OFFSET ?")) {
            st.setString(1, siteId);
            st.setInt(2, limit - 1);
            try (var rs = st.executeQuery()) {
                if (rs.next()) {
                    boundary = rs.getLong(1);
                }
            }
        }
        var candidates = boundary == null
                ? conversations("c.site_id = ? AND c.status = 'open'", siteId)
                : conversations("c.site_id = ? AND c.status = 'open' AND c.updated_at >= ?", siteId, boundary - UPDATED_AT_STEP_MILLIS);
        return candidates.stream().sorted(Comparator.comparingLong(ConversationRow::updatedAt).reversed()).limit(limit).toList();
    }

    public Optional<ConversationRow> conversation(String siteId, String conversationId) throws SQLException {
        return conversations("c.site_id = ? AND c.id = ?", siteId, conversationId).stream().findFirst();
    }

    public Optional<ConversationRow> latestOpenConversation(String siteId, String visitorId) throws SQLException {
        return conversations("c.site_id = ? AND c.visitor_id = ? AND c.status = 'open' ORDER BY c.created_at DESC LIMIT 1",
                siteId, visitorId).stream().findFirst();
    }

    /** A visitor's conversations, newest first (open and closed), for the visitor detail. */
    public List<ConversationRow> conversationsOfVisitor(String siteId, String visitorId, int limit) throws SQLException {
        return conversations("c.site_id = ? AND c.visitor_id = ? ORDER BY c.created_at DESC LIMIT ?", siteId, visitorId, limit);
    }

    private List<ConversationRow> conversations(String where, Object... params) throws SQLException {
        var sql = "SELECT c.id, c.visitor_id, c.last_seq, c.agent_read_seq, c.created_at, c.updated_at, "
                + "(SELECT COUNT(*) FROM message m WHERE m.site_id = c.site_id AND m.conversation_id = c.id "
                + "  AND m.author_type = 'visitor' AND m.seq > c.agent_read_seq), "
                + "lm.body, lm.created_at, lm.author_type, v.contact "
                + "FROM conversation c LEFT JOIN message lm ON lm.site_id = c.site_id AND lm.conversation_id = c.id AND lm.seq = c.last_seq "
                + "LEFT JOIN visitor v ON v.site_id = c.site_id AND v.id = c.visitor_id "
                + "WHERE " + where;
        try (var c = db.connection(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (var rs = st.executeQuery()) {
                var rows = new ArrayList<ConversationRow>();
                while (rs.next()) {
                    rows.add(new ConversationRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), Math.max(rs.getLong(6), rs.getLong(9)), rs.getInt(7), rs.getString(8), rs.getLong(9), rs.getString(10),
                            rs.getString(11)));
                }
                return rows;
            }
        }
    }

    public List<Message> messagesAfter(String siteId, String conversationId, long afterSeq, int limit) throws SQLException {
        var sql = "SELECT seq, client_id, author_type, author_id, author_name, body, created_at FROM message "
                + "WHERE site_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?";
        try (var c = db.connection(); var st = c.prepareStatement(sql)) {
            st.setString(1, siteId);
            st.setString(2, conversationId);
            st.setLong(3, afterSeq);
            st.setInt(4, limit);
            try (var rs = st.executeQuery()) {
                var list = new ArrayList<Message>();
                while (rs.next()) {
                    list.add(new Message(conversationId, rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7)));
                }
                return list;
            }
        }
    }

    /** What a stored message's ack said: its seq and server time. */
    public record StoredAck(long seq, long at) {
    }

    /** The newest client ids of a conversation, keyed {@code authorId + ' ' + clientId}, oldest first. */
    public Map<String, StoredAck> recentClientIds(String siteId, String conversationId, int limit) throws SQLException {
        var sql = "SELECT author_id, client_id, seq, created_at FROM message WHERE site_id = ? AND conversation_id = ? ORDER BY seq DESC LIMIT ?";
        try (var c = db.connection(); var st = c.prepareStatement(sql)) {
            st.setString(1, siteId);
            st.setString(2, conversationId);
            st.setInt(3, limit);
            try (var rs = st.executeQuery()) {
                var newestFirst = new ArrayList<Map.Entry<String, StoredAck>>();
                while (rs.next()) {
                    newestFirst.add(Map.entry(rs.getString(1) + " " + rs.getString(2), new StoredAck(rs.getLong(3), rs.getLong(4))));
                }
                var map = new LinkedHashMap<String, StoredAck>();
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    map.put(newestFirst.get(i).getKey(), newestFirst.get(i).getValue());
                }
                return map;
            }
        }
    }

    public static WriteOp.Sql insertConversation(String siteId, String id, String visitorId, long at) {
        return c -> {
            try (var st = c.prepareStatement("INSERT INTO conversation (site_id, id, visitor_id, status, last_seq, agent_read_seq, created_at, updated_at) VALUES (?,?,?,'open',0,0,?,?)")) {
                st.setString(1, siteId);
                st.setString(2, id);
                st.setString(3, visitorId);
                st.setLong(4, at);
                st.setLong(5, at);
                st.executeUpdate();
            }
        };
    }

    /**
     * Stores a message under the next sequence number of its conversation, taken from the conversation row in the
     * same transaction ({@code UPDATE … RETURNING}): a rolled-back or rejected insert gives its number back, so the
     * sequence stays gap-free whatever fails. Returns the message with its seq.
     */
    public static Message appendMessage(Connection c, String siteId, Message draft) throws SQLException {
        long seq;
        try (var st = c.prepareStatement("UPDATE conversation SET last_seq = last_seq + 1, updated_at = " + MOVE_UPDATED_AT.formatted("?")
                + " WHERE site_id = ? AND id = ? RETURNING last_seq")) {
            st.setLong(1, draft.at());
            st.setLong(2, draft.at());
            st.setString(3, siteId);
            st.setString(4, draft.conversationId());
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("No conversation " + draft.conversationId() + " in site " + siteId, "23000");
                }
                seq = rs.getLong(1);
            }
        }
        var message = new Message(draft.conversationId(), seq, draft.clientId(), draft.authorType(), draft.authorId(),
                draft.authorName(), draft.text(), draft.at());
        insertRow(c, siteId, message);
        return message;
    }

    /** A message to append in one site; see {@link #appendMessages}. */
    public record Draft(String siteId, Message message) {
    }

    /**
     * {@link #appendMessage} for many messages in two statements whatever their number: one UPDATE … FROM … RETURNING
     * moves every conversation's last seq forward by its count of messages, one batched INSERT stores them. Messages of
     * one conversation get consecutive numbers in list order. Works on SQLite (3.35+) and PostgreSQL alike.
     *
     * <p>The per-conversation counts travel as one multi-row VALUES list, not as SELECT … UNION ALL SELECT …: SQLite
     * compiles a compound SELECT recursively, one level of native recursion per term, and at about 350 terms that
     * overflows the writer thread's 512 KB stack and kills the process without a trace (S4 in docs/bench); past 500
     * terms it refuses the statement. A VALUES list is compiled iteratively, whatever its length.
     *
     * <p>In batches of up to {@value #LISTED_KEYS_MAX} conversations the same keys are also listed in a row-value IN.
     * It filters nothing, but without it PostgreSQL cannot tell how few rows the join yields: with a few thousand
     * conversations it hashed the VALUES and scanned the whole table for every batch of 20, 1.2–2.6 ms where probing
     * the primary key takes 0.15 (docs/bench, sixth round). For bigger batches the scan is the cheaper plan and the
     * list only costs planning time: with 4,000 conversations the list saves 10–20 % up to 128 keys and costs 40 % at
     * 160 and 256 (docs/bench, eighth round); SQLite probes the key either way.
     */
    public static List<Message> appendMessages(Connection c, List<Draft> drafts) throws SQLException {
        var counts = new LinkedHashMap<String, long[]>(); // "site id" + ' ' + "conversation id" → {count, latest at}
        for (var d : drafts) {
            var entry = counts.computeIfAbsent(d.siteId() + " " + d.message().conversationId(), k -> new long[2]);
            entry[0]++;
            entry[1] = Math.max(entry[1], d.message().at());
        }
        boolean listKeys = counts.size() <= LISTED_KEYS_MAX;
        var values = new StringBuilder();
        var keys = new StringBuilder();
        for (int i = 0; i < counts.size(); i++) {
            values.append(i == 0 ? "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))" : ", (?, ?, ?, ?)");
            if (listKeys) {
                keys.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            }
        }
        var keyFilter = listKeys ? " AND (conversation.site_id, conversation.id) IN (" + keys + ")" : "";
        var next = new java.util.HashMap<String, Long>(); // first new seq per conversation
        try (var st = c.prepareStatement("WITH v (s, i, n, t) AS (VALUES " + values + ") UPDATE conversation SET last_seq = last_seq + v.n, updated_at = " + MOVE_UPDATED_AT.formatted("v.t")
                + " FROM v WHERE conversation.site_id = v.s AND conversation.id = v.i" + keyFilter
                + " RETURNING conversation.site_id, conversation.id, conversation.last_seq")) {
            int p = 1;
            int k = 4 * counts.size() + 1;
            for (var e : counts.entrySet()) {
                int space = e.getKey().indexOf(' ');
                var siteId = e.getKey().substring(0, space);
                var conversationId = e.getKey().substring(space + 1);
                st.setString(p++, siteId);
                st.setString(p++, conversationId);
                st.setLong(p++, e.getValue()[0]);
                st.setLong(p++, e.getValue()[1]);
                if (listKeys) {
                    st.setString(k++, siteId);
                    st.setString(k++, conversationId);
                }
            }
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var key = rs.getString(1) + " " + rs.getString(2);
                    next.put(key, rs.getLong(3) - counts.get(key)[0] + 1);
                }
            }
        }
        if (next.size() != counts.size()) {
            throw new SQLException("A message names a conversation that does not exist", "23000");
        }
        var stored = new ArrayList<Message>(drafts.size());
        try (var st = c.prepareStatement("INSERT INTO message (site_id, conversation_id, seq, client_id, author_type, author_id, author_name, body, created_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (var d : drafts) {
                var key = d.siteId() + " " + d.message().conversationId();
                long seq = next.merge(key, 1L, Long::sum) - 1;
                var m = d.message();
                var message = new Message(m.conversationId(), seq, m.clientId(), m.authorType(), m.authorId(), m.authorName(), m.text(), m.at());
                bindRow(st, d.siteId(), message);
                st.addBatch();
                stored.add(message);
            }
            st.executeBatch();
        }
        return stored;
    }

    /** Stores a message whose seq is already known (imports, tests); moves the conversation's last seq forward. */
    public static WriteOp.Sql insertMessage(String siteId, Message m) {
        return c -> {
            insertRow(c, siteId, m);
            try (var st = c.prepareStatement("UPDATE conversation SET last_seq = ?, updated_at = " + MOVE_UPDATED_AT.formatted("?")
                    + " WHERE site_id = ? AND id = ? AND last_seq < ?")) {
                st.setLong(1, m.seq());
                st.setLong(2, m.at());
                st.setLong(3, m.at());
                st.setString(4, siteId);
                st.setString(5, m.conversationId());
                st.setLong(6, m.seq());
                st.executeUpdate();
            }
        };
    }

    private static void insertRow(Connection c, String siteId, Message m) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO message (site_id, conversation_id, seq, client_id, author_type, author_id, author_name, body, created_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            bindRow(st, siteId, m);
            st.executeUpdate();
        }
    }

    private static void bindRow(java.sql.PreparedStatement st, String siteId, Message m) throws SQLException {
        st.setString(1, siteId);
        st.setString(2, m.conversationId());
        st.setLong(3, m.seq());
        st.setString(4, m.clientId());
        st.setString(5, m.authorType());
        st.setString(6, m.authorId());
        st.setString(7, m.authorName());
        st.setString(8, m.text());
        st.setLong(9, m.at());
    }

    public static WriteOp.Sql updateAgentReadSeq(String siteId, String conversationId, long seq) {
        return c -> {
            try (var st = c.prepareStatement("UPDATE conversation SET agent_read_seq = ? WHERE site_id = ? AND id = ? AND agent_read_seq < ?")) {
                st.setLong(1, seq);
                st.setString(2, siteId);
                st.setString(3, conversationId);
                st.setLong(4, seq);
                st.executeUpdate();
            }
        };
    }
}
