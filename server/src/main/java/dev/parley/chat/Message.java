package dev.parley.chat;

import io.vertx.core.json.JsonObject;

/** One stored chat message. {@code seq} is the server-assigned position in its conversation, from 1, gap-free. */
public record Message(String conversationId, long seq, String clientId, String authorType, String authorId,
                      String authorName, String text, long at) {

    public static final String VISITOR = "visitor";
    public static final String AGENT = "agent";
    public static final String SYSTEM = "system";

    public JsonObject toJson() {
        return new JsonObject()
                .put("conversationId", conversationId)
                .put("seq", seq)
                .put("clientId", clientId)
                .put("author", new JsonObject().put("type", authorType).put("id", authorId).put("name", authorName))
                .put("text", text)
                .put("at", at);
    }
}
