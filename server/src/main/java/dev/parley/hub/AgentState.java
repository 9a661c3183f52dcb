package dev.parley.hub;

import dev.parley.account.Agent;
import java.util.ArrayList;
import java.util.List;

/** An agent with at least one console open, or one who had; presence survives reconnects. */
final class AgentState {
    static final String ONLINE = "online";
    static final String AWAY = "away";

    final Agent agent;
    final List<Session> sessions = new ArrayList<>(2);
    String status = ONLINE;
    /** Invitations this agent sends to single visitors (see Invitations). */
    final io.github.bucket4j.Bucket invitations = io.github.bucket4j.Bucket.builder()
            .addLimit(limit -> limit.capacity(Invitations.AGENT_INVITES_BURST).refillGreedy(Invitations.AGENT_INVITES_BURST, java.time.Duration.ofSeconds(40)))
            .build();

    AgentState(Agent agent) {
        this.agent = agent;
    }

    boolean isAvailable() {
        return !sessions.isEmpty() && ONLINE.equals(status);
    }
}
