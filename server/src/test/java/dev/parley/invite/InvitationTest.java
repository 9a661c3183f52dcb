package dev.parley.invite;

import static dev.parley.testing.TestNode.visitorId;
import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.account.Agent;
import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agents inviting visitors: the invitation, its answers, and what is refused. */
class InvitationTest {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonObject invite(String visitorId, String text) {
        return new JsonObject().put("type", "invitation.send").put("visitorId", visitorId).put("text", text);
    }

    static JsonObject answer(String id, boolean accept) {
        return new JsonObject().put("type", accept ? "invitation.accept" : "invitation.decline").put("id", id);
    }

    static JsonObject invitationStatus(WsClient agent, String visitorId, String status) {
        return agent.await("visitor.updated with invitation " + status, f -> isType(f, "visitor.updated")
                && visitorId.equals(f.getJsonObject("visitor").getString("id"))
                && f.getJsonObject("visitor").getJsonObject("invitation") != null
                && status.equals(f.getJsonObject("visitor").getJsonObject("invitation").getString("status")));
    }

    @Test
    void invited_visitor_sees_the_agents_name_and_text_and_accepting_opens_a_chat_that_starts_with_it() {
        var site = node.newSite();
        try (var agent = node.owner(site); var tab = node.visitor(site)) {
            var secondTab = node.visitor(site.key(), TestNode.token(tab));
            var id = visitorId(tab);
            agent.send(invite(id, "Hi! Need help choosing a plan?"));
            var received = tab.awaitType("invitation.received").getJsonObject("invitation");
            assertEquals("Hi! Need help choosing a plan?", received.getString("text"));
            assertEquals(site.owner().name(), received.getJsonObject("agent").getString("name"));
            assertEquals(false, received.getBoolean("auto"));
            secondTab.awaitType("invitation.received");
            invitationStatus(agent, id, "sent");

            tab.send(answer(received.getString("id"), true));
            var first = tab.await("the agent's text as message 1", f -> isType(f, "message.created"));
            assertEquals(1, first.getLong("seq"));
            assertEquals("agent", first.getJsonObject("author").getString("type"));
            assertEquals("Hi! Need help choosing a plan?", first.getString("text"));
            assertEquals(received.getString("id"), secondTab.awaitType("invitation.closed").getString("id"));
            var updated = agent.awaitType("invitation.updated").getJsonObject("invitation");
            assertEquals("accepted", updated.getString("status"));

            // The visitor's reply goes into the same conversation.
            var conversationId = first.getString("conversationId");
            var reply = WsClient.newClientId();
            tab.sendMessage(reply, null, "Yes please");
            assertEquals(conversationId, tab.awaitAck(reply).getString("conversationId"));
            assertEquals(2, tab.awaitCreated(reply).getLong("seq"));
            secondTab.close();
        }
    }

    @Test
    void declining_closes_the_invitation_in_every_tab_and_the_agent_sees_it() {
        var site = node.newSite();
        try (var agent = node.owner(site); var tab = node.visitor(site)) {
            var other = node.visitor(site.key(), TestNode.token(tab));
            agent.send(invite(visitorId(tab), "Can I help?"));
            var id = tab.awaitType("invitation.received").getJsonObject("invitation").getString("id");
            tab.send(answer(id, false));
            var closed = other.awaitType("invitation.closed");
            assertEquals("declined", closed.getString("status"));
            invitationStatus(agent, visitorId(tab), "declined");
            // Answering again (e.g. from the other tab) only hides it there; nothing else changes.
            other.send(answer(id, true));
            other.await("closed again", f -> isType(f, "invitation.closed") && "declined".equals(f.getString("status")));
            assertEquals(0, tab.count(f -> isType(f, "message.created")));
            other.close();
        }
    }

    @Test
    void a_tab_opened_while_an_invitation_waits_shows_it_too() {
        var site = node.newSite();
        try (var agent = node.owner(site); var tab = node.visitor(site)) {
            agent.send(invite(visitorId(tab), "Welcome back"));
            var id = tab.awaitType("invitation.received").getJsonObject("invitation").getString("id");
            try (var next = node.visitor(site.key(), TestNode.token(tab))) {
                assertEquals(id, next.awaitType("invitation.received").getJsonObject("invitation").getString("id"));
            }
        }
    }

    @Test
    void invitations_are_refused_clearly_when_they_make_no_sense() {
        var site = node.newSite();
        var other = node.newSite();
        try (var agent = node.owner(site); var visitor = node.visitor(site); var stranger = node.visitor(other)) {
            agent.send(invite(visitorId(stranger), "hi"));
            assertTrue(agent.awaitError("not_found").getString("message").contains("no longer on the site"));
            assertEquals(0, stranger.count(f -> isType(f, "invitation.received")), "another site's visitor is unreachable");

            TestNode.startConversation(visitor, "I have a question");
            agent.send(invite(visitorId(visitor), "hi"));
            assertTrue(agent.awaitError("conflict").getString("message").contains("already in a conversation"));

            agent.send(invite(visitorId(visitor), "x".repeat(1001)));
            assertEquals(visitorId(visitor), agent.awaitError("too_long").getString("ref"), "the console shows it in that visitor's form");
            agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "\u200b"));
            assertEquals("all", agent.awaitError("bad_frame").getString("ref"), "and this one in its invite-all form");
            agent.send(new JsonObject().put("type", "invitation.send").put("text", "hi"));
            agent.awaitError("bad_frame");

            visitor.send(invite(visitorId(visitor), "self"));
            visitor.awaitError("forbidden");
            visitor.send(answer("i_nope", true));
            assertEquals("closed", visitor.await("an unknown invitation is simply over",
                    f -> isType(f, "invitation.closed") && "i_nope".equals(f.getString("id"))).getString("status"));
        }
    }

    @Test
    void inviting_all_reaches_every_online_visitor_not_chatting_and_tells_agents_once() {
        var site = node.newSite();
        var colleague = node.addAgent(site, Agent.AGENT);
        try (var agent = node.owner(site); var other = node.agent(colleague.token());
             var a = node.visitor(site); var b = node.visitor(site); var chatting = node.visitor(site)) {
            TestNode.startConversation(chatting, "busy");
            agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "Spring sale today"));
            assertEquals("Spring sale today", a.awaitType("invitation.received").getJsonObject("invitation").getString("text"));
            b.awaitType("invitation.received");
            var sent = other.awaitType("invitation.sent");
            assertEquals(2, sent.getInteger("count"));
            assertTrue(sent.getJsonArray("visitorIds").contains(visitorId(a)));
            assertEquals(0, chatting.count(f -> isType(f, "invitation.received")));
        }
    }

    @Test
    void an_invitation_sent_right_after_a_broadcast_is_the_one_every_page_ends_on() {
        var site = node.newSite();
        var visitors = new java.util.ArrayList<WsClient>();
        try (var agent = node.owner(site)) {
            for (int i = 0; i < 12; i++) {
                visitors.add(node.visitor(site));
            }
            // Sent back to back: the broadcast's frames wait in the loops' queues while the single ones are sent.
            agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "To everyone"));
            for (var v : visitors) {
                agent.send(invite(visitorId(v), "Just for you"));
            }
            for (var v : visitors) {
                v.await("the single invitation", f -> isType(f, "invitation.received")
                        && "Just for you".equals(f.getJsonObject("invitation").getString("text")));
                var texts = v.history().stream().filter(f -> isType(f, "invitation.received"))
                        .map(f -> f.getJsonObject("invitation").getString("text")).toList();
                assertEquals(java.util.List.of("To everyone", "Just for you"), texts, "the newer invitation arrives last");
            }
        } finally {
            visitors.forEach(WsClient::close);
        }
    }

    @Test
    void a_second_broadcast_replaces_the_first_with_an_invitation_of_its_own_per_visitor_all_stored() {
        var site = node.newSite();
        try (var agent = node.owner(site); var a = node.visitor(site); var b = node.visitor(site)) {
            agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "First \"offer\" 🎉"));
            var firstA = a.awaitType("invitation.received").getJsonObject("invitation");
            var firstB = b.awaitType("invitation.received").getJsonObject("invitation");
            assertEquals("First \"offer\" 🎉", firstA.getString("text"));
            assertEquals(site.owner().name(), firstA.getJsonObject("agent").getString("name"));
            // Pages know a broadcast by one id (one frame for all); each visitor's invitation is a row of its own.
            assertEquals(firstA.getString("id"), firstB.getString("id"));

            agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "Second offer"));
            var secondA = a.await("the second invitation", f -> isType(f, "invitation.received")
                    && "Second offer".equals(f.getJsonObject("invitation").getString("text"))).getJsonObject("invitation");
            b.await("the second invitation", f -> isType(f, "invitation.received")
                    && "Second offer".equals(f.getJsonObject("invitation").getString("text")));
            a.send(answer(secondA.getString("id"), true));
            var first = a.await("the invitation's text as first message", f -> isType(f, "message.created"));
            assertEquals("Second offer", first.getString("text"));
            assertEquals(1L, first.getLong("seq"));
            // The broadcasts were written before the accepted message, and the writer commits in order.
            assertEquals(4, node.db().number("SELECT COUNT(*) FROM invitation WHERE site_id = ?", site.id()));
            assertEquals(2, node.db().number("SELECT COUNT(DISTINCT visitor_id) FROM invitation WHERE site_id = ? AND status = 'closed' "
                    + "AND substr(id, 1, length(?) + 1) = ? || '.'", site.id(), firstA.getString("id"), firstA.getString("id")));
            var secondId = secondA.getString("id");
            dev.parley.testing.Eventually.value("the accepted invitation stored", java.time.Duration.ofSeconds(5), () -> "accepted".equals(
                    node.db().string("SELECT status FROM invitation WHERE site_id = ? AND visitor_id = ? AND substr(id, 1, length(?) + 1) = ? || '.'",
                            site.id(), visitorId(a), secondId, secondId)) ? true : null);
            // Answering the replaced one only hides it again; it starts nothing.
            var firstId = firstA.getString("id");
            java.util.function.Predicate<JsonObject> firstClosed = f -> isType(f, "invitation.closed") && firstId.equals(f.getString("id"));
            a.send(answer(firstId, true));
            a.await("closed again", firstClosed);
            assertEquals(1, a.count(f -> isType(f, "message.created")));
        }
    }

    @Test
    void a_replaced_invitation_is_closed_for_agents_and_answering_it_only_hides_it() {
        var site = node.newSite();
        try (var agent = node.owner(site); var tab = node.visitor(site)) {
            agent.send(invite(visitorId(tab), "First"));
            var first = tab.awaitType("invitation.received").getJsonObject("invitation").getString("id");
            agent.send(invite(visitorId(tab), "Second"));
            assertEquals("Second", tab.await("the second", f -> isType(f, "invitation.received")
                    && "Second".equals(f.getJsonObject("invitation").getString("text"))).getJsonObject("invitation").getString("text"));
            agent.await("agents told the first is closed", f -> isType(f, "invitation.updated")
                    && first.equals(f.getJsonObject("invitation").getString("id")) && "closed".equals(f.getJsonObject("invitation").getString("status")));
            tab.send(answer(first, true));
            tab.await("closed again", f -> isType(f, "invitation.closed") && first.equals(f.getString("id")));
            assertEquals(0, tab.count(f -> isType(f, "message.created")), "accepting a replaced invitation starts nothing");
        }
    }

    @Test
    void agents_cannot_flood_visitors_with_invitations() {
        var site = node.newSite();
        try (var agent = node.owner(site); var visitor = node.visitor(site)) {
            for (int i = 0; i < 25; i++) { // more than the burst of 20
                agent.send(invite(visitorId(visitor), "Hi " + i));
            }
            var refused = agent.awaitError("rate_limited");
            assertEquals(visitorId(visitor), refused.getString("ref"));
            assertTrue(refused.getLong("retryAfterMs") > 0);
            for (int i = 0; i < 4; i++) {
                agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "Sale " + i));
            }
            var limited = agent.await("broadcasts limited", f -> isType(f, "error") && "rate_limited".equals(f.getString("code"))
                    && f.getString("message").contains("all visitors"));
            assertEquals("all", limited.getString("ref"));
            agent.send(invite(visitorId(visitor), "\u200b\u202e "));
            agent.awaitError("bad_frame");
        }
    }

    @Test
    void rules_and_prechat_settings_are_owner_only_and_validated_with_clear_messages() {
        var site = node.newSite();
        var agent = node.addAgent(site, Agent.AGENT);
        var http = node.http();
        var rules = new JsonObject().put("rules", new JsonArray().add(new JsonObject().put("text", "Hi").put("minSecondsOnPage", -1)));
        var bad = http.put("/api/site/invite-rules", rules.encode(), Http.bearer(site.ownerToken()));
        assertEquals(400, bad.status());
        assertEquals("Rule 1: minSecondsOnPage must be a whole number from 0 to 86400.", bad.json().getString("message"));
        var noText = http.put("/api/site/invite-rules", "{\"rules\":[{\"urlPattern\":\"*\"}]}", Http.bearer(site.ownerToken()));
        assertEquals("Rule 1: the greeting text is required.", noText.json().getString("message"));
        var invisible = http.put("/api/site/invite-rules", "{\"rules\":[{\"text\":\"\\u200b\\u3164\"}]}", Http.bearer(site.ownerToken()));
        assertEquals("Rule 1: the greeting text is required.", invisible.json().getString("message"), "invisible text is no text");
        var blankLabel = http.put("/api/site/prechat", "{\"enabled\":true,\"fields\":{\"custom\":\"required\"},\"customLabel\":\"\\u200b\"}", Http.bearer(site.ownerToken()));
        assertEquals(400, blankLabel.status());
        assertEquals(401, http.put("/api/site/settings", "{bad").status(), "who asks is checked before the body");
        assertEquals(403, http.put("/api/site/settings", "{bad", Http.bearer(agent.token())).status());
        assertEquals(403, http.put("/api/site/invite-rules", "{\"rules\":[]}", Http.bearer(agent.token())).status());
        assertEquals(401, http.get("/api/site/invite-rules").status());
        // Who asks is checked before the body: a stranger or a plain agent learns nothing from validation messages.
        assertEquals(401, http.put("/api/site/invite-rules", "{\"rules\":\"x\"}").status());
        assertEquals(403, http.put("/api/site/invite-rules", "{\"rules\":\"x\"}", Http.bearer(agent.token())).status());
        assertEquals(403, http.put("/api/site/prechat", "{\"enabled\":7}", Http.bearer(agent.token())).status());

        var ok = http.put("/api/site/invite-rules", "{\"rules\":[{\"text\":\"Hi\",\"urlPattern\":\"*/pricing*\"}]}", Http.bearer(site.ownerToken()));
        assertEquals(200, ok.status(), ok.body());
        var stored = http.get("/api/site/invite-rules", Http.bearer(site.ownerToken())).json().getJsonArray("rules").getJsonObject(0);
        assertEquals("*/pricing*", stored.getString("urlPattern"));
        assertEquals(1, stored.getInteger("maxPerVisitor"));
        assertEquals(24, stored.getInteger("capHours"));

        var prechat = http.put("/api/site/prechat", "{\"enabled\":true,\"fields\":{\"name\":\"sometimes\"}}", Http.bearer(site.ownerToken()));
        assertEquals(400, prechat.status());
        assertEquals("fields.name must be \"off\", \"optional\" or \"required\".", prechat.json().getString("message"));
        var noLabel = http.put("/api/site/prechat", "{\"enabled\":true,\"fields\":{\"custom\":\"optional\"}}", Http.bearer(site.ownerToken()));
        assertTrue(noLabel.json().getString("message").contains("label"));

        // Another tenant's owner sees their own (empty) settings, never these.
        var stranger = node.newSite();
        assertEquals(0, http.get("/api/site/invite-rules", Http.bearer(stranger.ownerToken())).json().getJsonArray("rules").size());
    }

    static TestSite siteWithRules(TestNode on, JsonArray rules) {
        var site = on.newSite();
        var answer = on.http().put("/api/site/invite-rules", new JsonObject().put("rules", rules).encode(), Http.bearer(site.ownerToken()));
        assertEquals(200, answer.status(), answer.body());
        return site;
    }
}
