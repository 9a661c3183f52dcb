package dev.parley.hub;

import dev.parley.chat.ConversationRow;
import dev.parley.chat.Text;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live part of a conversation, owned by its hub's context. Sequence numbers are not kept here: the store takes
 * them inside the transaction that stores the message, so a rolled-back or rejected write never leaves a gap.
 */
final class ConversationState {
    static final int CLIENT_ID_WINDOW = 1000;

    final String id;
    final String visitorId;
    String visitorName;
    final long createdAt;
    long updatedAt;
    /** Highest committed sequence the hub has announced. */
    long lastSeq;
    long agentReadSeq;
    int unreadAtLoad;
    long lastSeqAtLoad;
    final ArrayDeque<Long> unreadVisitorSeqs = new ArrayDeque<>();
    String lastText;
    long lastAt;
    String lastAuthorType;
    /** Committed client ids ({@code authorId + ' ' + clientId} → ack), newest last, bounded. */
    final Map<String, Ack> recentClientIds = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ack> eldest) {
            return size() > CLIENT_ID_WINDOW;
        }
    };
    /** Sent to the writer, not yet committed. */
    final Map<String, Boolean> pending = new HashMap<>();
    /** Completes once {@link #recentClientIds} holds what the store has; sends wait for it. */
    Future<Void> loaded = Future.succeededFuture();

    record Ack(long seq, long at) {
    }

    ConversationState(String id, String visitorId, String visitorName, long createdAt) {
        this.id = id;
        this.visitorId = visitorId;
        this.visitorName = visitorName;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    static ConversationState fromRow(ConversationRow row, String visitorName) {
        var c = new ConversationState(row.id(), row.visitorId(), visitorName, row.createdAt());
        c.updatedAt = row.updatedAt();
        c.lastSeq = row.lastSeq();
        c.agentReadSeq = row.agentReadSeq();
        c.unreadAtLoad = row.unread();
        c.lastSeqAtLoad = row.lastSeq();
        c.lastText = row.lastText();
        c.lastAt = row.lastAt();
        c.lastAuthorType = row.lastAuthorType();
        return c;
    }

    int unread() {
        return unreadAtLoad + unreadVisitorSeqs.size();
    }

    void markRead(long seq) {
        agentReadSeq = Math.max(agentReadSeq, seq);
        if (seq >= lastSeqAtLoad) {
            unreadAtLoad = 0;
        }
        while (!unreadVisitorSeqs.isEmpty() && unreadVisitorSeqs.peekFirst() <= seq) {
            unreadVisitorSeqs.pollFirst();
        }
    }

    JsonObject toJson() {
        var json = new JsonObject()
                .put("id", id)
                .put("visitorId", visitorId)
                .put("visitorName", visitorName)
                .put("lastSeq", lastSeq)
                .put("unread", unread())
                .put("createdAt", createdAt)
                .put("updatedAt", updatedAt);
        if (lastText != null) {
            var preview = Text.clip(lastText, 200);
            json.put("lastMessage", new JsonObject().put("text", preview).put("at", lastAt).put("authorType", lastAuthorType));
        } else {
            json.putNull("lastMessage");
        }
        return json;
    }
}
