package dev.parley.invite;

import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Auto-invite rules firing on their conditions, under their caps, only while an agent can answer. Where a test must
 * show a rule did NOT fire, a later catch-all rule fires instead: its text proves the earlier rule was passed over,
 * so nothing waits for an absence.
 */
class AutoInviteTest {

    static JsonObject rule(String id, String urlPattern, String text) {
        return new JsonObject().put("id", id).put("urlPattern", urlPattern).put("text", text).put("maxPerVisitor", 1);
    }

    static WsClient visitorOn(TestNode node, TestSite site, String token, String url) {
        var ws = node.connect(null);
        ws.hello(WsClient.visitorHello(site.key(), token, null)
                .put("page", new JsonObject().put("url", url).put("title", "Page").put("referrer", "")));
        return ws;
    }

    static JsonObject awaitInvitation(WsClient visitor) {
        return visitor.awaitType("invitation.received").getJsonObject("invitation");
    }

    /** Closes the visitor and waits until the hub has seen it go, so its next hello is a new visit, not a reload. */
    static void leave(WsClient agent, WsClient visitor) {
        var id = TestNode.visitorId(visitor);
        visitor.close();
        agent.await("visitor.left " + id, f -> isType(f, "visitor.left") && id.equals(f.getString("visitorId")));
        // The hub saw them go before this instant; a hello counts as a new visit only more than the 1 ms gap later
        // (nodeWithShortVisits), and a fast reconnect could land within it (a flake: the rules stayed quiet).
        long seen = System.currentTimeMillis();
        while (System.currentTimeMillis() <= seen + 1) {
            Thread.onSpinWait();
        }
    }

    static void putRules(TestNode node, TestSite site, JsonArray rules) {
        var answer = node.http().put("/api/site/invite-rules", new JsonObject().put("rules", rules).encode(), Http.bearer(site.ownerToken()));
        assertEquals(200, answer.status(), answer.body());
    }

    /** Every reconnect counts as a new visit, so a test can make visits without waiting 30 minutes. */
    static TestNode nodeWithShortVisits(Backend backend) {
        return TestNode.start(backend, s -> s.withTracking(s.tracking().withNewVisitAfter(java.time.Duration.ofMillis(1))));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_rule_fires_once_per_visitor_within_its_cap_across_visits_and_restarts(Backend backend) {
        try (var node = nodeWithShortVisits(backend)) {
            var site = node.newSite();
            putRules(node, site, new JsonArray()
                    .add(rule("pricing", "*/pricing*", "Questions about pricing?"))
                    .add(rule("second", "*", "Still looking?"))
                    .add(rule("third", "*", "Anything else?")));
            String token;
            try (var agent = node.owner(site)) {
                try (var visitor = visitorOn(node, site, null, "https://shop.example/pricing")) {
                    var first = awaitInvitation(visitor);
                    assertEquals("Questions about pricing?", first.getString("text"));
                    assertEquals(true, first.getBoolean("auto"));
                    assertEquals(site.owner().name(), first.getJsonObject("agent").getString("name"));
                    token = TestNode.token(visitor);
                    visitor.send(new JsonObject().put("type", "invitation.decline").put("id", first.getString("id")));
                    visitor.awaitType("invitation.closed");
                    leave(agent, visitor);
                }
                // Next visit, same page: the pricing rule is used up, so the next matching rule speaks.
                try (var visitor = visitorOn(node, site, token, "https://shop.example/pricing")) {
                    assertEquals("Still looking?", awaitInvitation(visitor).getString("text"));
                }
            }
            // After a restart the caps come from the database.
            node.restart();
            try (var agent = node.owner(site); var visitor = visitorOn(node, site, token, "https://shop.example/pricing")) {
                assertEquals("Anything else?", awaitInvitation(visitor).getString("text"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_pending_or_declined_invitation_outlives_a_restart_within_the_visit(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            String pendingToken;
            String pendingId;
            String declinerToken;
            String declinerId;
            try (var agent = node.owner(site); var waiting = node.visitor(site); var decliner = node.visitor(site)) {
                agent.send(InvitationTest.invite(TestNode.visitorId(waiting), "Still there?"));
                pendingId = awaitInvitation(waiting).getString("id");
                pendingToken = TestNode.token(waiting);
                agent.send(InvitationTest.invite(TestNode.visitorId(decliner), "Can I help?"));
                var declined = awaitInvitation(decliner).getString("id");
                decliner.send(new JsonObject().put("type", "invitation.decline").put("id", declined));
                decliner.awaitType("invitation.closed");
                declinerToken = TestNode.token(decliner);
                declinerId = TestNode.visitorId(decliner);
            }
            node.restart();
            try (var agent = node.owner(site); var waiting = node.visitor(site.key(), pendingToken);
                 var decliner = node.visitor(site.key(), declinerToken)) {
                var again = awaitInvitation(waiting);
                assertEquals(pendingId, again.getString("id"), "the same invitation, still answerable");
                waiting.send(new JsonObject().put("type", "invitation.accept").put("id", pendingId));
                assertEquals("Still there?", waiting.await("the agent's words", f -> isType(f, "message.created")).getString("text"));
                // The decline is remembered for the rest of the visit, so rules stay quiet and agents see it.
                InvitationTest.invitationStatus(agent, declinerId, "declined");
                assertEquals(0, decliner.count(f -> isType(f, "invitation.received")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_decline_before_a_chat_the_visitor_started_is_not_shown_again_after_a_restart(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            String token;
            String visitorId;
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                visitorId = TestNode.visitorId(visitor);
                agent.send(InvitationTest.invite(visitorId, "First try"));
                var first = awaitInvitation(visitor).getString("id");
                visitor.send(InvitationTest.answer(first, false));
                InvitationTest.invitationStatus(agent, visitorId, "declined");
                agent.send(InvitationTest.invite(visitorId, "Second try"));
                visitor.await("the second invitation", f -> isType(f, "invitation.received")
                        && "Second try".equals(f.getJsonObject("invitation").getString("text")));
                // The visitor starts a chat instead of answering: the second invitation is closed as moot.
                TestNode.startConversation(visitor, "I have a question");
                InvitationTest.invitationStatus(agent, visitorId, "closed");
                token = TestNode.token(visitor);
            }
            node.restart();
            try (var agent = node.owner(site); var visitor = node.visitor(site.key(), token)) {
                var back = agent.await("the visitor back", f -> isType(f, "visitor.updated")
                        && visitorId.equals(f.getJsonObject("visitor").getString("id")));
                assertEquals(null, back.getJsonObject("visitor").getValue("invitation"),
                        "not the older decline: the console showed the moot one, which is over");
                visitor.assertServed();
                assertEquals(0, visitor.count(f -> isType(f, "invitation.received")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_broadcast_invitation_outlives_a_restart_under_the_id_the_page_knows(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            String token;
            String pageId;
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "Free shipping"));
                var replaced = awaitInvitation(visitor).getString("id");
                agent.awaitType("invitation.sent");
                // The second broadcast replaces the first: after the restart the page gets the second, not the first.
                agent.send(new JsonObject().put("type", "invitation.send").put("all", true).put("text", "Sale today"));
                pageId = visitor.await("the second broadcast", f -> isType(f, "invitation.received")
                        && !replaced.equals(f.getJsonObject("invitation").getString("id"))).getJsonObject("invitation").getString("id");
                token = TestNode.token(visitor);
                agent.await("the second summary", f -> isType(f, "invitation.sent") && "Sale today".equals(f.getString("text")));
            }
            node.restart();
            try (var agent = node.owner(site); var visitor = node.visitor(site.key(), token)) {
                var again = awaitInvitation(visitor);
                assertEquals(pageId, again.getString("id"), "the page still knows it by the broadcast's id");
                visitor.send(new JsonObject().put("type", "invitation.accept").put("id", pageId));
                assertEquals("Sale today", visitor.await("the agent's words", f -> isType(f, "message.created")).getString("text"));
                assertEquals("accepted", visitor.await("closed as accepted", f -> isType(f, "invitation.closed")
                        && pageId.equals(f.getString("id"))).getString("status"));
            }
            // Accepted stays accepted for agents after another restart, as it was before it.
            node.restart();
            try (var agent = node.owner(site); var visitor = node.visitor(site.key(), token)) {
                InvitationTest.invitationStatus(agent, TestNode.visitorId(visitor), "accepted");
                visitor.assertServed();
                assertEquals(0, visitor.count(f -> isType(f, "invitation.received")), "nothing to answer any more");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SQLITE")
    void rules_wait_for_an_agent_follow_the_page_and_count_page_views(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            putRules(node, site, new JsonArray()
                    .add(rule("deep", "*", "You've seen a lot!").put("minPageViews", 2))
                    .add(rule("checkout", "*/checkout", "Trouble paying?")));
            try (var visitor = visitorOn(node, site, null, "https://shop.example/checkout")) {
                // No agent yet: nothing can fire. The agent arrives, and the checkout rule fires only then.
                try (var agent = node.owner(site)) {
                    var invitation = awaitInvitation(visitor);
                    assertEquals("Trouble paying?", invitation.getString("text"));
                    assertTrue(invitation.getLong("at") >= agent.welcome.getLong("now"), "sent after an agent came online");
                }
            }
            try (var agent = node.owner(site); var visitor = visitorOn(node, site, null, "https://shop.example/home")) {
                visitor.send(new JsonObject().put("type", "page.viewed").put("url", "https://shop.example/about").put("title", "About"));
                assertEquals("You've seen a lot!", awaitInvitation(visitor).getString("text"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SQLITE")
    void a_returning_only_rule_waits_for_the_second_visit(Backend backend) {
        try (var node = nodeWithShortVisits(backend)) {
            var site = node.newSite();
            putRules(node, site, new JsonArray()
                    .add(rule("back", "*", "Welcome back!").put("returningOnly", true))
                    .add(rule("hello", "*", "Hello there").put("maxPerVisitor", 5)));
            try (var agent = node.owner(site)) {
                String token;
                try (var visitor = visitorOn(node, site, null, "https://shop.example/")) {
                    var first = awaitInvitation(visitor);
                    assertEquals("Hello there", first.getString("text"), "first visit: the returning rule is passed over");
                    token = TestNode.token(visitor);
                    // Declined: a new visit is needed before rules speak again.
                    visitor.send(new JsonObject().put("type", "invitation.decline").put("id", first.getString("id")));
                    visitor.awaitType("invitation.closed");
                    leave(agent, visitor);
                }
                try (var visitor = visitorOn(node, site, token, "https://shop.example/")) {
                    assertEquals("Welcome back!", awaitInvitation(visitor).getString("text"));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SQLITE")
    void changed_rules_apply_without_a_restart_and_time_on_page_counts(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = visitorOn(node, site, null, "https://shop.example/a")) {
                putRules(node, site, new JsonArray().add(rule("linger", "*", "Take your time").put("minSecondsOnPage", 2)));
                long shownAt = System.currentTimeMillis();
                var invitation = awaitInvitation(visitor);
                assertEquals("Take your time", invitation.getString("text"));
                assertTrue(invitation.getLong("at") - visitor.welcome.getLong("now") >= 2000,
                        "fired only after 2 s on the page; " + (System.currentTimeMillis() - shownAt));
            }
        }
    }
}
