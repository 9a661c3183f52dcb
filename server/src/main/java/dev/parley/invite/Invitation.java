package dev.parley.invite;

import io.vertx.core.json.JsonObject;

/** One invitation to chat, sent by an agent or by an auto-invite rule (then {@code ruleId} is set). Hub-owned. */
public final class Invitation {
    public static final String SENT = "sent";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    /** The visitor started a conversation on their own, or a newer invitation replaced this one. */
    public static final String CLOSED = "closed";

    public final String id;
    /**
     * The id the visitor's page knows it by: for an invitation to all visitors ({@code i_<random>.<n>}) the broadcast's
     * {@code i_<random>}, the same for every visitor, so one encoded frame serves them all; else the id itself.
     */
    public final String pageId;
    public final String visitorId;
    public final String agentId;
    public final String agentName;
    public final String ruleId;
    public final String text;
    public final long at;
    public String status = SENT;

    public Invitation(String id, String visitorId, String agentId, String agentName, String ruleId, String text, long at) {
        this(id, id.indexOf('.') < 0 ? id : id.substring(0, id.indexOf('.')), visitorId, agentId, agentName, ruleId, text, at);
    }

    public Invitation(String id, String pageId, String visitorId, String agentId, String agentName, String ruleId, String text, long at) {
        this.id = id;
        this.pageId = pageId;
        this.visitorId = visitorId;
        this.agentId = agentId;
        this.agentName = agentName;
        this.ruleId = ruleId;
        this.text = text;
        this.at = at;
    }

    public boolean isPending() {
        return SENT.equals(status);
    }

    public boolean isAuto() {
        return ruleId != null;
    }

    /** What the visitor's page is told: who invites and what they say. */
    public JsonObject forVisitor() {
        return shown(pageId);
    }

    /** What agents see in the visitor list: the invitation's own id. */
    public JsonObject forAgents() {
        return shown(id).put("visitorId", visitorId).put("status", status).put("ruleId", ruleId);
    }

    private JsonObject shown(String asId) {
        return new JsonObject().put("id", asId).put("agent", new JsonObject().put("id", agentId).put("name", agentName))
                .put("text", text).put("at", at).put("auto", isAuto());
    }
}
