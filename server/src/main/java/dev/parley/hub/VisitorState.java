package dev.parley.hub;

import dev.parley.tracking.PageView;
import io.github.bucket4j.Bucket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A visitor the hub knows: online (one session per tab) or recently gone (kept for the rate limits). */
final class VisitorState {
    final String id;
    final String name;
    final List<Session> sessions = new ArrayList<>(2);
    final Bucket messages;
    final Bucket newConversations;
    long onlineSince;
    long offlineSince;
    PageView page = PageView.NONE;

    VisitorState(String id, Bucket messages, Bucket newConversations) {
        this.id = id;
        this.name = "Visitor " + id.substring(Math.max(0, id.length() - 4)).toUpperCase(Locale.ROOT);
        this.messages = messages;
        this.newConversations = newConversations;
    }

    boolean isOnline() {
        return !sessions.isEmpty();
    }

    JsonObject toJson(String conversationId) {
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("online", isOnline())
                .put("onlineSince", onlineSince)
                .put("page", page.toJson())
                .put("conversationId", conversationId);
    }
}
