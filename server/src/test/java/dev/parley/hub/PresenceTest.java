package dev.parley.hub;

import static dev.parley.testing.TestNode.visitorId;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.account.Agent;
import dev.parley.testing.Backend;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agent availability as visitors see it, and visitors as agents see them. The node runs with a 1 s heartbeat and a
 * 3 s idle timeout so a silent connection is noticed quickly; every client that should live pings like the real ones.
 */
class PresenceTest {
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration IDLE = Duration.ofSeconds(3);
    /** The hub checks for idle connections every 5 s and sweeps every second. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(5);
    static final Duration PING_EVERY = Duration.ofMillis(400);

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE, s -> s.withHeartbeat(HEARTBEAT, IDLE));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static final Predicate<JsonObject> ONLINE = f -> isType(f, "agents.status") && f.getBoolean("online");
    static final Predicate<JsonObject> OFFLINE = f -> isType(f, "agents.status") && !f.getBoolean("online");

    static WsClient visitor(TestSite site) {
        return node.visitor(site).keepAlive(PING_EVERY);
    }

    static WsClient console(String token) {
        return node.agent(token).keepAlive(PING_EVERY);
    }

    static void setPresence(WsClient agent, String status) {
        agent.send(new JsonObject().put("type", "presence.set").put("status", status));
    }

    @Test
    void agent_connecting_tells_visitors_that_agents_are_online() {
        var site = node.newSite();
        try (var visitor = visitor(site)) {
            assertEquals(false, visitor.welcome.getBoolean("agentsOnline"));
            try (var agent = console(site.ownerToken())) {
                visitor.await("agents.status online", ONLINE);
                try (var later = visitor(site)) {
                    assertEquals(true, later.welcome.getBoolean("agentsOnline"));
                }
            }
        }
    }

    @Test
    void agent_going_away_tells_visitors_agents_are_offline_and_coming_back_online_again() {
        var site = node.newSite();
        var colleague = node.addAgent(site, Agent.AGENT);
        try (var visitor = visitor(site); var agent = console(site.ownerToken())) {
            visitor.await("online", ONLINE);
            try (var other = console(colleague.token())) {
                setPresence(other, "away");
                setPresence(agent, "away");
                visitor.await("offline", OFFLINE);
                var changed = other.await("presence.changed to away", f -> isType(f, "presence.changed")
                        && site.owner().id().equals(f.getString("agentId")) && "away".equals(f.getString("status")));
                assertEquals("away", changed.getString("status"));
                setPresence(agent, "online");
                visitor.await("online again", ONLINE);
                try (var later = visitor(site)) {
                    assertEquals(true, later.welcome.getBoolean("agentsOnline"));
                }
            }
        }
    }

    @Test
    void visitors_see_agents_online_while_at_least_one_agent_is_online() {
        var site = node.newSite();
        var colleague = node.addAgent(site, Agent.AGENT);
        try (var visitor = visitor(site); var agent = console(site.ownerToken()); var other = console(colleague.token())) {
            var conversationId = TestNode.startConversation(visitor, "hello?");
            visitor.await("online", ONLINE);
            setPresence(agent, "away");
            other.await("owner away", f -> isType(f, "presence.changed") && "away".equals(f.getString("status")));
            // Sent after the hub handled 'away': had visitors been told "offline", it would have been first.
            var after = newClientId();
            other.sendMessage(after, conversationId, "I'm still here");
            visitor.awaitCreated(after);
            assertEquals(0, visitor.count(OFFLINE), visitor.history().toString());
            setPresence(other, "away");
            visitor.await("offline once both are away", OFFLINE);
        }
    }

    @Test
    void closing_the_last_console_makes_visitors_see_agents_offline_at_once() {
        var site = node.newSite();
        try (var visitor = visitor(site); var first = console(site.ownerToken()); var second = console(site.ownerToken())) {
            var conversationId = TestNode.startConversation(visitor, "hi");
            visitor.await("online", ONLINE);
            first.close();
            second.await("presence.changed after one console closed", f -> isType(f, "presence.changed"));
            var after = newClientId();
            second.sendMessage(after, conversationId, "still online from my other console");
            visitor.awaitCreated(after);
            assertEquals(0, visitor.count(OFFLINE), "one console left: still online");
            long closedAt = System.nanoTime();
            second.close();
            visitor.await("offline", OFFLINE, Duration.ofSeconds(2));
            assertTrue(System.nanoTime() - closedAt < Duration.ofSeconds(2).toNanos());
        }
    }

    /** Both directions in one test, on two sites, so the two idle waits overlap. */
    @Test
    void silent_connections_are_closed_within_the_idle_timeout_and_the_other_side_is_told() {
        var agentGoesSilent = node.newSite();
        var visitorGoesSilent = node.newSite();
        try (var visitor = visitor(agentGoesSilent); var silentAgent = node.agent(agentGoesSilent.ownerToken());
             var agent = console(visitorGoesSilent.ownerToken()); var silentVisitor = node.visitor(visitorGoesSilent)) {
            visitor.await("online", ONLINE);
            long since = System.nanoTime(); // the silent ones' last frames were their hellos, just before
            var limit = IDLE.plus(IDLE_CHECK).plusSeconds(2);

            visitor.await("agents offline after the agent went silent", OFFLINE, limit);
            long elapsed = (System.nanoTime() - since) / 1_000_000;
            assertTrue(elapsed >= IDLE.toMillis() - 200, "dropped after " + elapsed + " ms, before the idle timeout");
            assertEquals(1001, silentAgent.awaitClose());

            var left = agent.await("visitor.left", f -> isType(f, "visitor.left")
                    && visitorId(silentVisitor).equals(f.getString("visitorId")), limit);
            assertEquals(visitorId(silentVisitor), left.getString("visitorId"));
            assertEquals(1001, silentVisitor.awaitClose());

            visitor.assertServed();
            agent.assertServed();
        }
    }

    @Test
    void agents_see_visitors_arrive_navigate_and_leave() {
        var site = node.newSite();
        try (var agent = console(site.ownerToken())) {
            String id;
            try (var visitor = visitor(site)) {
                id = visitorId(visitor);
                var arrived = agent.await("visitor.updated", f -> isType(f, "visitor.updated")
                        && id.equals(f.getJsonObject("visitor").getString("id"))).getJsonObject("visitor");
                assertEquals(true, arrived.getBoolean("online"));
                assertEquals("https://shop.example/products", arrived.getJsonObject("page").getString("url"));
                assertTrue(arrived.getLong("onlineSince") > 0);
                visitor.send(new JsonObject().put("type", "page.viewed").put("url", "https://shop.example/cart").put("title", "Cart"));
                var moved = agent.await("visitor on the cart page", f -> isType(f, "visitor.updated")
                        && "https://shop.example/cart".equals(f.getJsonObject("visitor").getJsonObject("page").getString("url")));
                assertEquals("Cart", moved.getJsonObject("visitor").getJsonObject("page").getString("title"));
            }
            assertEquals(id, agent.awaitType("visitor.left").getString("visitorId"));
            // Page views are bookkeeping the writer stores without an ack: wait for the rows, then check them all.
            var urls = Eventually.value("both page views stored", Duration.ofSeconds(10), () -> {
                var stored = node.db().rows("SELECT url FROM page_view WHERE site_id = ? AND visitor_id = ? ORDER BY viewed_at", site.id(), id)
                        .stream().map(r -> (String) r.get(0)).toList();
                return stored.size() >= 2 ? stored : null;
            });
            assertEquals(List.of("https://shop.example/products", "https://shop.example/cart"), urls);
        }
    }

    @Test
    void only_agents_set_presence_and_only_visitors_report_pages() {
        var site = node.newSite();
        try (var visitor = visitor(site); var agent = console(site.ownerToken())) {
            setPresence(visitor, "away");
            visitor.awaitError("forbidden");
            agent.send(new JsonObject().put("type", "page.viewed").put("url", "https://x.example"));
            agent.awaitError("forbidden");
            visitor.assertServed();
            agent.assertServed();
        }
    }
}
