package dev.parley.testing;

import dev.parley.account.Agent;

/** An agent made for one test, with credentials and a session token. */
public record TestAgent(Agent agent, String email, String password, String token) {
    public String id() {
        return agent.id();
    }
}
