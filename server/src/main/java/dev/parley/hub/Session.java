package dev.parley.hub;

import dev.parley.account.Agent;
import io.vertx.core.json.JsonObject;

/**
 * One authenticated connection inside a hub. Only the hub's context changes its fields, except
 * {@link #touch()}, which the transport calls on every frame.
 */
public final class Session {
    final ClientChannel channel;
    final String visitorId;
    final Agent agent;
    /** The origin the gateway judged at join (the embedding page's, or the tab's own Origin); null if none. */
    final String hostOrigin;
    private volatile long lastFrameAt = System.currentTimeMillis();
    boolean closed;

    private Session(ClientChannel channel, String visitorId, Agent agent, String hostOrigin) {
        this.channel = channel;
        this.visitorId = visitorId;
        this.agent = agent;
        this.hostOrigin = hostOrigin;
    }

    static Session visitor(ClientChannel channel, String visitorId, String hostOrigin) {
        return new Session(channel, visitorId, null, hostOrigin);
    }

    static Session agent(ClientChannel channel, Agent agent, String credential) {
        var session = new Session(channel, null, agent, null);
        session.credential = credential;
        return session;
    }

    /** For agents: the hash of the sign-in token this session was opened with, so a sign-out can close it. */
    String credential;

    public boolean isAgent() {
        return agent != null;
    }

    public void touch() {
        lastFrameAt = System.currentTimeMillis();
    }

    long lastFrameAt() {
        return lastFrameAt;
    }

    void send(JsonObject frame) {
        if (!closed) {
            channel.send(frame.encode());
        }
    }

    void send(String encodedFrame) {
        if (!closed) {
            channel.send(encodedFrame);
        }
    }
}
