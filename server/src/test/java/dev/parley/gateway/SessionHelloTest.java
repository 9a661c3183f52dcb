package dev.parley.gateway;

import static dev.parley.testing.TestNode.token;
import static dev.parley.testing.TestNode.visitorId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.account.Agent;
import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The first frame: who a visitor is (signed token), who an agent is (session token), and refused hellos. */
class SessionHelloTest {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void visitor_without_a_token_is_welcomed_as_a_new_visitor_with_a_signed_token() {
        var site = node.newSite();
        try (var visitor = node.visitor(site)) {
            var welcome = visitor.welcome;
            assertEquals("visitor", welcome.getString("role"));
            assertTrue(welcome.getString("visitorId").startsWith("v_"), welcome.encode());
            assertTrue(welcome.getString("token").startsWith("v1."), welcome.encode());
            assertEquals(20_000L, welcome.getLong("heartbeatMs"));
            assertEquals(false, welcome.getBoolean("agentsOnline"));
            assertEquals(site.site().name(), welcome.getJsonObject("site").getString("name"));
            assertEquals("#2563eb", welcome.getJsonObject("site").getString("color"));
            assertTrue(welcome.getJsonObject("site").containsKey("greeting"));
            assertTrue(welcome.containsKey("conversation"));
            assertNull(welcome.getValue("conversation"));
        }
    }

    @Test
    void visitor_presenting_its_token_again_is_the_same_visitor() {
        var site = node.newSite();
        String id;
        String token;
        try (var first = node.visitor(site)) {
            id = visitorId(first);
            token = token(first);
        }
        try (var again = node.visitor(site.key(), token)) {
            assertEquals(id, visitorId(again));
        }
    }

    @Test
    void visitor_token_of_site_a_presented_to_site_b_gets_a_fresh_visitor() {
        var a = node.newSite();
        var b = node.newSite();
        try (var onA = node.visitor(a); var onB = node.visitor(b.key(), token(onA))) {
            assertNotEquals(visitorId(onA), visitorId(onB));
            assertTrue(visitorId(onB).startsWith("v_"));
            assertNotEquals(token(onA), token(onB));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "v1.AAAA.BBBB", "", "v1..", "v2.x.y"})
    void garbage_visitor_token_gets_a_fresh_visitor(String garbage) {
        var site = node.newSite();
        try (var visitor = node.visitor(site.key(), garbage)) {
            assertTrue(visitorId(visitor).startsWith("v_"));
            assertTrue(token(visitor).startsWith("v1."));
        }
    }

    @Test
    void tampered_visitor_token_gets_a_fresh_visitor_not_the_one_it_names() {
        var site = node.newSite();
        try (var original = node.visitor(site)) {
            var token = token(original);
            var tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
            try (var other = node.visitor(site.key(), tampered)) {
                assertNotEquals(visitorId(original), visitorId(other));
            }
        }
    }

    @Test
    void visitor_of_an_unknown_site_is_refused_with_unknown_site_and_close_1008() {
        try (var ws = node.connect(null)) {
            ws.send(WsClient.visitorHello("nosuchsitekey", null, null));
            ws.awaitError("unknown_site");
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void agent_is_welcomed_with_its_profile_site_visitors_and_conversations() {
        var site = node.newSite();
        try (var visitor = node.visitor(site); var agent = node.owner(site)) {
            var welcome = agent.welcome;
            assertEquals("agent", welcome.getString("role"));
            assertEquals(20_000L, welcome.getLong("heartbeatMs"));
            assertEquals(new JsonObject().put("id", site.owner().id()).put("name", site.owner().name())
                    .put("email", site.ownerEmail()).put("role", Agent.OWNER).put("status", "online"), welcome.getJsonObject("agent"));
            assertEquals(new JsonObject().put("id", site.id()).put("key", site.key()).put("name", site.site().name()),
                    welcome.getJsonObject("site"));
            var visitors = welcome.getJsonArray("visitors");
            assertEquals(1, visitors.size());
            var v = visitors.getJsonObject(0);
            assertEquals(visitorId(visitor), v.getString("id"));
            assertEquals(true, v.getBoolean("online"));
            assertEquals("https://shop.example/products", v.getJsonObject("page").getString("url"));
            assertTrue(v.getString("name").startsWith("Visitor "), v.encode());
            assertEquals(0, welcome.getJsonArray("conversations").size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-session", ""})
    void agent_with_an_invalid_session_token_is_refused_with_not_authenticated_and_close_1008(String token) {
        try (var ws = node.connect(null)) {
            ws.send(WsClient.agentHello(token));
            ws.awaitError("not_authenticated");
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void agent_whose_session_was_logged_out_is_refused() throws Exception {
        var site = node.newSite();
        node.accounts().deleteSession(site.ownerToken());
        try (var ws = node.connect(null)) {
            ws.send(WsClient.agentHello(site.ownerToken()));
            ws.awaitError("not_authenticated");
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void hello_with_an_unknown_role_is_refused_with_bad_frame_and_close_1008() {
        try (var ws = node.connect(null)) {
            ws.send(new JsonObject().put("type", "session.hello").put("role", "admin"));
            ws.awaitError("bad_frame");
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void a_second_hello_is_bad_frame_and_the_session_goes_on() {
        var site = node.newSite();
        try (var visitor = node.visitor(site)) {
            visitor.send(WsClient.visitorHello(site.key(), null, null));
            visitor.awaitError("bad_frame");
            visitor.assertServed();
            assertEquals(1, visitor.count(f -> WsClient.isType(f, "session.welcome")));
        }
    }
}
