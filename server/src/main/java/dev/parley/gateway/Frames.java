package dev.parley.gateway;

import io.vertx.core.json.JsonObject;

/** Builders for frames the server sends. Type names are constants here so they exist in one place. */
public final class Frames {
    public static final String SESSION_WELCOME = "session.welcome";
    public static final String PONG = "pong";
    public static final String ERROR = "error";
    public static final String MESSAGE_ACK = "message.ack";
    public static final String MESSAGE_CREATED = "message.created";
    public static final String CONVERSATION_HISTORY = "conversation.history";
    public static final String CONVERSATION_UPDATED = "conversation.updated";
    public static final String TYPING_CHANGED = "typing.changed";
    public static final String AGENTS_STATUS = "agents.status";
    public static final String PRESENCE_CHANGED = "presence.changed";
    public static final String VISITOR_UPDATED = "visitor.updated";
    public static final String VISITOR_LEFT = "visitor.left";
    public static final String VISITOR_IDENTIFIED = "visitor.identified";
    public static final String INVITATION_RECEIVED = "invitation.received";
    public static final String INVITATION_CLOSED = "invitation.closed";
    public static final String INVITATION_UPDATED = "invitation.updated";
    public static final String INVITATION_SENT = "invitation.sent";
    /** The {@code ref} of an error about an invitation to all visitors (visitor ids never take this form). */
    public static final String INVITE_ALL_REF = "all";
    public static final String VISITOR_DETAIL = "visitor.detail";

    private Frames() {
    }

    public static JsonObject of(String type) {
        return new JsonObject().put("type", type);
    }

    public static JsonObject error(String code, String message, String ref) {
        var frame = of(ERROR).put("code", code).put("message", message);
        if (ref != null) {
            frame.put("ref", ref);
        }
        return frame;
    }

    public static JsonObject error(FrameException e) {
        var frame = error(e.code(), e.getMessage(), e.ref());
        if (e.retryAfterMs() > 0) {
            frame.put("retryAfterMs", e.retryAfterMs());
        }
        return frame;
    }
}
