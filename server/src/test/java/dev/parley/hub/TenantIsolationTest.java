package dev.parley.hub;

import static dev.parley.testing.Http.bearer;
import static dev.parley.testing.TestNode.startConversation;
import static dev.parley.testing.TestNode.visitorId;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.account.Agent;
import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, tried frame by frame and route by route: from site B nothing of site A can be read, written or
 * even observed — site A's ids, keys and texts never appear in anything B's clients receive.
 */
class TenantIsolationTest {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Site A with a live conversation; what B must never see. */
    record SiteA(TestSite site, WsClient agent, WsClient visitor, String conversationId, List<String> secrets) implements AutoCloseable {
        @Override
        public void close() {
            agent.close();
            visitor.close();
        }
    }

    static SiteA activeSiteA() {
        var a = node.newSite();
        var agent = node.owner(a);
        var visitor = node.visitor(a);
        var conversationId = startConversation(visitor, "secret of A: order 4711");
        var reply = newClientId();
        agent.sendMessage(reply, conversationId, "agent of A answers privately");
        visitor.awaitCreated(reply);
        visitor.send(new JsonObject().put("type", "typing.set").put("conversationId", conversationId).put("typing", true));
        visitor.send(new JsonObject().put("type", "page.viewed").put("url", "https://a-shop.example/private-page").put("title", "A private"));
        agent.send(new JsonObject().put("type", "conversation.read").put("conversationId", conversationId).put("seq", 2));
        agent.send(new JsonObject().put("type", "presence.set").put("status", "away"));
        agent.await("A's own presence change", f -> isType(f, "presence.changed") && "away".equals(f.getString("status")));
        var secrets = List.of(a.id(), a.key(), conversationId, visitorId(visitor), a.owner().id(), a.ownerEmail(),
                "secret of A", "agent of A answers", "private-page", a.site().name() + "\"");
        return new SiteA(a, agent, visitor, conversationId, secrets);
    }

    static void assertNothingOf(SiteA a, WsClient client) {
        for (var frame : client.history()) {
            var copy = frame.copy();
            if (isType(copy, "error") && a.conversationId().equals(copy.getString("conversationId"))) {
                copy.remove("conversationId"); // echoes the id B itself sent, so the client knows which request failed
            }
            var text = copy.encode();
            for (var secret : a.secrets()) {
                assertTrue(!text.contains(secret), "frame of site B's client mentions site A (" + secret + "): " + text);
            }
        }
    }

    @Test
    void agent_of_site_b_can_reach_nothing_of_site_a_with_any_frame() {
        var b = node.newSite();
        try (var bAgent = node.owner(b); var a = activeSiteA()) {
            long aMessages = node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ?", a.site().id());
            var conversation = a.conversationId();

            bAgent.send(new JsonObject().put("type", "conversation.resume").put("conversationId", conversation).put("afterSeq", 0));
            bAgent.awaitError("not_found");
            var intrusion = newClientId();
            bAgent.sendMessage(intrusion, conversation, "B writes into A");
            assertEquals(intrusion, bAgent.awaitError("not_found").getString("ref"));
            bAgent.send(new JsonObject().put("type", "conversation.read").put("conversationId", conversation).put("seq", 2));
            bAgent.awaitError("not_found");
            bAgent.send(new JsonObject().put("type", "typing.set").put("conversationId", conversation).put("typing", true));
            bAgent.awaitError("not_found");
            bAgent.send(new JsonObject().put("type", "presence.set").put("status", "online"));

            // Barrier on B's own hub: everything B's agent was ever going to be told is in by now.
            try (var bVisitor = node.visitor(b)) {
                bAgent.await("B's own visitor", f -> isType(f, "visitor.updated")
                        && visitorId(bVisitor).equals(f.getJsonObject("visitor").getString("id")));
            }
            try (var freshConsole = node.owner(b)) {
                assertEquals(0, freshConsole.welcome.getJsonArray("conversations").size());
                assertEquals(b.id(), freshConsole.welcome.getJsonObject("site").getString("id"));
                assertNothingOf(a, freshConsole);
            }
            assertNothingOf(a, bAgent);
            assertEquals(0, bAgent.count(f -> isType(f, "conversation.history") || isType(f, "message.ack")));

            a.visitor().assertServed();
            a.agent().assertServed();
            assertEquals(0, a.visitor().count(f -> isType(f, "typing.changed") || isType(f, "message.created")
                    && "B writes into A".equals(f.getString("text"))));
            assertEquals(aMessages, node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ?", a.site().id()));
            assertEquals(0, node.db().number("SELECT COUNT(*) FROM message WHERE client_id = ?", intrusion));
            assertEquals(2, node.db().number("SELECT agent_read_seq FROM conversation WHERE id = ?", conversation),
                    "A's read mark is A's own");
        }
    }

    @Test
    void agent_hello_naming_another_site_still_joins_only_its_own_site() {
        var b = node.newSite();
        try (var a = activeSiteA(); var ws = node.connect(null)) {
            ws.hello(WsClient.agentHello(b.ownerToken()).put("site", a.site().key()).put("siteId", a.site().id()));
            assertEquals(b.id(), ws.welcome.getJsonObject("site").getString("id"));
            assertEquals(0, ws.welcome.getJsonArray("visitors").size());
            assertNothingOf(a, ws);
        }
    }

    @Test
    void visitor_of_site_b_can_reach_nothing_of_site_a() {
        var b = node.newSite();
        try (var a = activeSiteA(); var bVisitor = node.visitor(b)) {
            bVisitor.send(new JsonObject().put("type", "conversation.resume").put("conversationId", a.conversationId()).put("afterSeq", 0));
            bVisitor.awaitError("not_found");
            var intrusion = newClientId();
            bVisitor.sendMessage(intrusion, a.conversationId(), "B's visitor writes into A");
            assertEquals(intrusion, bVisitor.awaitError("not_found").getString("ref"));
            bVisitor.assertServed();
            assertNothingOf(a, bVisitor);
            assertEquals(0, node.db().number("SELECT COUNT(*) FROM message WHERE client_id = ?", intrusion));
        }
    }

    @Test
    void site_a_visitors_never_see_site_b_agents_as_available() {
        var a = node.newSite();
        var b = node.newSite();
        try (var bAgent = node.owner(b); var aVisitor = node.visitor(a)) {
            assertEquals(false, aVisitor.welcome.getBoolean("agentsOnline"));
            bAgent.send(new JsonObject().put("type", "presence.set").put("status", "online"));
            try (var aAgent = node.owner(a)) {
                aVisitor.await("A's own agent online", f -> isType(f, "agents.status") && f.getBoolean("online"));
            }
            assertEquals(1, aVisitor.count(f -> isType(f, "agents.status") && f.getBoolean("online")));
        }
    }

    @Test
    void owner_of_site_b_reads_and_changes_only_site_b_settings_whatever_the_request_names() {
        var a = node.newSite("https://a-shop.example");
        var b = node.newSite();
        var http = node.http();
        var read = http.get("/api/site/settings?site=" + a.key() + "&siteId=" + a.id(), bearer(b.ownerToken()));
        assertEquals(200, read.status());
        assertEquals(b.site().name(), read.json().getString("name"));
        assertTrue(!read.body().contains(a.id()) && !read.body().contains(a.ownerEmail()) && !read.body().contains("a-shop"), read.body());

        var write = http.put("/api/site/settings?site=" + a.key(), new JsonObject().put("siteId", a.id()).put("site", a.key()).put("key", a.key())
                .put("greeting", "pwned").put("allowedOrigins", new JsonArray().add("https://evil.example")).encode(), bearer(b.ownerToken()));
        assertEquals(200, write.status(), write.body());
        assertEquals(b.site().name(), write.json().getString("name"));

        var aNow = http.get("/api/site/settings", bearer(a.ownerToken())).json();
        assertEquals("", aNow.getString("greeting"));
        assertEquals(new JsonArray().add("https://a-shop.example"), aNow.getJsonArray("allowedOrigins"));
        assertEquals("", node.db().string("SELECT greeting FROM site WHERE id = ?", a.id()));
        assertEquals("pwned", node.db().string("SELECT greeting FROM site WHERE id = ?", b.id()));
    }

    @Test
    void owner_of_site_b_adds_agents_only_to_site_b() throws Exception {
        var a = node.newSite();
        var b = node.newSite();
        var email = "planted-" + a.key() + "@test.example";
        var response = node.http().post("/api/site/agents?siteId=" + a.id(), new JsonObject().put("email", email).put("password", "planted-password")
                .put("siteId", a.id()).put("site", a.key()).put("role", Agent.OWNER).encode(), bearer(b.ownerToken()));
        assertEquals(201, response.status(), response.body());
        var planted = node.accounts().credentials(email).orElseThrow().agent();
        assertEquals(b.id(), planted.siteId());
        assertEquals(Agent.AGENT, planted.role(), "the role is not the caller's to choose");
        var aAgents = new ArrayList<String>();
        node.accounts().agentsOf(a.id()).forEach(ag -> aAgents.add(ag.email()));
        assertEquals(List.of(a.ownerEmail()), aAgents);
        try (var ws = node.agent(node.accounts().createSession(planted))) {
            assertEquals(b.id(), ws.welcome.getJsonObject("site").getString("id"));
        }
    }
}
