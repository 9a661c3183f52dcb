package dev.parley.tracking;

import static dev.parley.testing.TestNode.token;
import static dev.parley.testing.TestNode.visitorId;
import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What agents learn about visitors, end to end over real WebSockets: the tracking fields on hello and on page views,
 * visit counts that survive a restart, and the visitor detail — on SQLite and PostgreSQL.
 */
class VisitorTrackingTest {
    static final String CHROME_WINDOWS = UserAgentsTest.CHROME_WINDOWS;

    @Nested
    class OnSqlite extends Contract {
        OnSqlite() {
            super(Backend.SQLITE);
        }
    }

    @Nested
    class OnPostgres extends Contract {
        OnPostgres() {
            super(Backend.POSTGRES);
        }
    }

    static JsonObject hello(String siteKey, String token, String url, String title, String referrer, String language) {
        var hello = WsClient.visitorHello(siteKey, token, null)
                .put("page", new JsonObject().put("url", url).put("title", title).put("referrer", referrer));
        if (language != null) {
            hello.put("language", language);
        }
        return hello;
    }

    static WsClient visitor(TestNode node, Map<String, String> headers, JsonObject hello) {
        var ws = WsClient.connect(node.port(), null, headers);
        ws.hello(hello);
        return ws;
    }

    static JsonObject awaitVisitor(WsClient agent, String visitorId, java.util.function.Predicate<JsonObject> also) {
        return agent.await("visitor.updated for " + visitorId, f -> isType(f, "visitor.updated")
                && visitorId.equals(f.getJsonObject("visitor").getString("id")) && also.test(f.getJsonObject("visitor")))
                .getJsonObject("visitor");
    }

    static JsonObject detail(WsClient agent, String visitorId) {
        agent.send(new JsonObject().put("type", "visitor.get").put("visitorId", visitorId));
        return agent.await("visitor.detail or error for " + visitorId, f -> (isType(f, "visitor.detail")
                && visitorId.equals(f.getJsonObject("visitor").getString("id")))
                || (isType(f, "error") && visitorId.equals(f.getString("visitorId"))));
    }

    abstract static class Contract extends NodeContract {
        Contract(Backend backend) {
            super(backend);
        }

        @Test
        void agent_sees_where_a_visitor_came_from_and_what_they_use_on_hello_and_on_every_page_view() {
            var site = node.newSite();
            try (var agent = node.owner(site);
                 var visitor = visitor(node, Map.of("User-Agent", CHROME_WINDOWS, "Accept-Language", "de-DE,de;q=0.9"),
                         hello(site.key(), null, "https://shop.example/bikes", "Bikes", "https://www.google.com/search?q=red+bikes", "fr-FR"))) {
                var id = visitorId(visitor);
                var v = awaitVisitor(agent, id, x -> true);
                assertEquals("https://shop.example/bikes", v.getJsonObject("page").getString("url"));
                assertEquals("Bikes", v.getJsonObject("page").getString("title"));
                assertNull(v.getJsonObject("landing"), "still on the landing page: no separate landing");
                assertEquals("https://www.google.com/search?q=red+bikes", v.getString("referrer"));
                assertEquals("red bikes", v.getString("keywords"));
                assertEquals(1, v.getInteger("visits"));
                assertEquals(1, v.getInteger("pageViews"));
                assertEquals("Chrome 120", v.getString("browser"));
                assertEquals("Windows 10", v.getString("os"));
                assertEquals("desktop", v.getString("device"));
                assertEquals("fr-FR", v.getString("language"), "the browser's own language wins over Accept-Language");
                assertEquals("127.0.0.1", v.getString("ip"));
                assertFalse(v.containsKey("country"), "no GeoIP database configured: unknown");
                assertTrue(v.getLong("onlineSince") > 0);

                visitor.send(new JsonObject().put("type", "page.viewed").put("url", "https://shop.example/bikes/red")
                        .put("title", "Red bike").put("referrer", "https://shop.example/bikes"));
                var moved = awaitVisitor(agent, id, x -> x.getJsonObject("page").getString("url").endsWith("/red"));
                assertEquals("Red bike", moved.getJsonObject("page").getString("title"));
                assertEquals(2, moved.getInteger("pageViews"));
                assertEquals("https://shop.example/bikes", moved.getJsonObject("landing").getString("url"), "landing stays");
                assertEquals("red bikes", moved.getString("keywords"), "keywords belong to the visit, not the page");
                assertEquals(v.getLong("onlineSince"), moved.getLong("onlineSince"));

                try (var second = node.owner(site)) {
                    var listed = second.welcome.getJsonArray("visitors").stream().map(JsonObject.class::cast)
                            .filter(x -> id.equals(x.getString("id"))).findFirst().orElseThrow();
                    assertEquals("Red bike", listed.getJsonObject("page").getString("title"));
                    assertEquals("Chrome 120", listed.getString("browser"));
                    assertEquals(2, listed.getInteger("pageViews"));
                }
            }
        }

        @Test
        void without_a_reported_language_the_accept_language_header_is_used() {
            var site = node.newSite();
            try (var agent = node.owner(site);
                 var visitor = visitor(node, Map.of("Accept-Language", "pt-BR,pt;q=0.9,en;q=0.5"),
                         hello(site.key(), null, "https://shop.example/", "Home", "", null))) {
                var v = awaitVisitor(agent, visitorId(visitor), x -> true);
                assertEquals("pt-BR", v.getString("language"));
                assertFalse(v.containsKey("keywords"));
                assertEquals("", v.getString("browser"), "no User-Agent: nothing to parse");
            }
        }

        @Test
        void the_visit_count_grows_after_a_long_absence_and_survives_restarts() throws Exception {
            var site = node.newSite();
            String visitorToken;
            String id;
            try (var visitor = visitor(node, Map.of(), hello(site.key(), null, "https://shop.example/a", "A", "https://duckduckgo.com/?q=cargo+bike", null))) {
                visitorToken = token(visitor);
                id = visitorId(visitor);
            }
            // Back at once (a page load reopens the socket): the same visit, landing and keywords kept.
            try (var agent = node.owner(site);
                 var visitor = visitor(node, Map.of(), hello(site.key(), visitorToken, "https://shop.example/b", "B", "https://shop.example/a", null))) {
                var v = awaitVisitor(agent, id, x -> x.getJsonObject("page").getString("url").endsWith("/b"));
                assertEquals(1, v.getInteger("visits"));
                assertEquals("https://shop.example/a", v.getJsonObject("landing").getString("url"));
            }
            node.restart();
            try (var agent = node.owner(site);
                 var visitor = visitor(node, Map.of(), hello(site.key(), visitorToken, "https://shop.example/c", "C", "https://shop.example/b", null))) {
                var v = awaitVisitor(agent, id, x -> x.getJsonObject("page").getString("url").endsWith("/c"));
                assertEquals(1, v.getInteger("visits"), "a restart is no new visit");
                assertEquals("https://shop.example/a", v.getJsonObject("landing").getString("url"));
                assertEquals("cargo bike", v.getString("keywords"));
                assertEquals(3, v.getInteger("pageViews"), "the pages of this visit come back from the store");
            }
            node.restart();
            // The visitor was last seen 31 minutes ago (as if): the next connection is visit 2.
            try (var c = node.db().connect(); var st = c.prepareStatement("UPDATE visitor SET last_seen_at = ? WHERE site_id = ? AND id = ?")) {
                st.setLong(1, System.currentTimeMillis() - Duration.ofMinutes(31).toMillis());
                st.setString(2, site.id());
                st.setString(3, id);
                assertEquals(1, st.executeUpdate());
            }
            try (var agent = node.owner(site);
                 var visitor = visitor(node, Map.of(), hello(site.key(), visitorToken, "https://shop.example/d", "D", "", null))) {
                var v = awaitVisitor(agent, id, x -> true);
                assertEquals(2, v.getInteger("visits"));
                assertNull(v.getJsonObject("landing"), "a new visit lands on the page it starts on");
                assertEquals(1, v.getInteger("pageViews"));
                assertFalse(v.containsKey("keywords"));
            }
            node.restart();
            try (var c = node.db().connect(); var st = c.prepareStatement("SELECT visit_count FROM visitor WHERE site_id = ? AND id = ?")) {
                st.setString(1, site.id());
                st.setString(2, id);
                try (var rs = st.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                }
            }
        }

        @Test
        void a_returning_only_invite_rule_waits_for_the_visitors_second_visit() throws Exception {
            var site = node.newSite();
            var rules = new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("id", "back").put("text", "Welcome back!").put("returningOnly", true).put("maxPerVisitor", 1))
                    .add(new JsonObject().put("id", "hello").put("text", "Hello, first-timer").put("maxPerVisitor", 1));
            var answer = node.http().put("/api/site/invite-rules", new JsonObject().put("rules", rules).encode(),
                    dev.parley.testing.Http.bearer(site.ownerToken()));
            assertEquals(200, answer.status(), answer.body());
            String visitorToken;
            String id;
            try (var agent = node.owner(site); var visitor = visitor(node, Map.of(), hello(site.key(), null, "https://shop.example/", "Home", "", null))) {
                // The first matching rule in list order speaks: on a first visit that is not the returning-only one.
                assertEquals("Hello, first-timer", visitor.awaitType("invitation.received").getJsonObject("invitation").getString("text"));
                visitorToken = token(visitor);
                id = visitorId(visitor);
            }
            node.restart();
            try (var c = node.db().connect(); var st = c.prepareStatement("UPDATE visitor SET last_seen_at = ? WHERE site_id = ? AND id = ?")) {
                st.setLong(1, System.currentTimeMillis() - Duration.ofMinutes(31).toMillis());
                st.setString(2, site.id());
                st.setString(3, id);
                assertEquals(1, st.executeUpdate());
            }
            try (var agent = node.owner(site); var visitor = visitor(node, Map.of(), hello(site.key(), visitorToken, "https://shop.example/", "Home", "", null))) {
                assertEquals("Welcome back!", visitor.awaitType("invitation.received").getJsonObject("invitation").getString("text"));
                assertEquals(2, awaitVisitor(agent, id, v -> true).getInteger("visits"));
            }
        }

        @Test
        void the_detail_lists_the_pages_of_this_visit_and_past_conversations_and_is_scoped_to_the_site() {
            var site = node.newSite();
            var other = node.newSite();
            try (var agent = node.owner(site); var stranger = node.owner(other);
                 var visitor = visitor(node, Map.of("User-Agent", UserAgentsTest.SAFARI_IPHONE), hello(site.key(), null, "https://shop.example/1", "One", "", null))) {
                var id = visitorId(visitor);
                var conversationId = TestNode.startConversation(visitor, "do you ship to Norway?");
                visitor.send(new JsonObject().put("type", "page.viewed").put("url", "https://shop.example/2").put("title", "Two"));
                awaitVisitor(agent, id, x -> x.getJsonObject("page").getString("url").endsWith("/2"));

                var detail = detail(agent, id);
                assertTrue(isType(detail, "visitor.detail"), detail.encode());
                assertEquals("mobile", detail.getJsonObject("visitor").getString("device"));
                var pages = detail.getJsonArray("pages");
                assertEquals(2, pages.size());
                assertEquals("https://shop.example/1", pages.getJsonObject(0).getString("url"));
                assertEquals("Two", pages.getJsonObject(1).getString("title"));
                assertTrue(pages.getJsonObject(1).getLong("at") >= pages.getJsonObject(0).getLong("at"));
                var conversations = detail.getJsonArray("conversations");
                assertEquals(1, conversations.size());
                assertEquals(conversationId, conversations.getJsonObject(0).getString("id"));
                assertEquals("do you ship to Norway?", conversations.getJsonObject(0).getJsonObject("lastMessage").getString("text"));

                var foreign = detail(stranger, id);
                assertEquals("error", foreign.getString("type"));
                assertEquals("not_found", foreign.getString("code"));
                assertFalse(foreign.encode().contains("Norway"));

                var unknown = detail(agent, "v_doesnotexist");
                assertEquals("not_found", unknown.getString("code"));

                visitor.send(new JsonObject().put("type", "visitor.get").put("visitorId", id));
                assertEquals("forbidden", visitor.awaitError("forbidden").getString("code"));
            }
        }

        @Test
        void a_visitor_who_left_before_a_restart_still_has_a_detail_from_the_store() {
            var site = node.newSite();
            String id;
            String conversationId;
            try (var visitor = visitor(node, Map.of(), hello(site.key(), null, "https://shop.example/p", "P", "https://www.bing.com/search?q=tandem", null))) {
                id = visitorId(visitor);
                conversationId = TestNode.startConversation(visitor, "hello");
            }
            node.restart();
            try (var agent = node.owner(site); var stranger = node.owner(node.newSite())) {
                var detail = detail(agent, id);
                assertTrue(isType(detail, "visitor.detail"), detail.encode());
                assertFalse(detail.getJsonObject("visitor").getBoolean("online"));
                assertEquals("tandem", detail.getJsonObject("visitor").getString("keywords"));
                assertEquals(1, detail.getJsonArray("pages").size());
                assertEquals(conversationId, detail.getJsonArray("conversations").getJsonObject(0).getString("id"));
                assertEquals("not_found", detail(stranger, id).getString("code"));
            }
        }
    }

    /** Not about the database: SQLite only. */
    @Nested
    class Parsing {
        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                UserAgentsTest.CHROME_WINDOWS + " | Chrome 120 | Windows 10 | desktop",
                UserAgentsTest.SAFARI_IPHONE + " | Mobile Safari 17 | iOS 17 | mobile",
                UserAgentsTest.FIREFOX_LINUX + " | Firefox 121 | Linux | desktop",
        })
        void the_agent_sees_the_parsed_user_agent(String ua, String browser, String os, String device) {
            try (var node = TestNode.start(Backend.SQLITE)) {
                var site = node.newSite();
                try (var agent = node.owner(site);
                     var visitor = visitor(node, Map.of("User-Agent", ua), hello(site.key(), null, "https://shop.example/", "Home", "", null))) {
                    var v = awaitVisitor(agent, visitorId(visitor), x -> true);
                    assertEquals(browser, v.getString("browser"));
                    assertEquals(os, v.getString("os"));
                    assertEquals(device, v.getString("device"));
                }
            }
        }

        @Test
        void a_language_that_is_no_language_tag_is_a_bad_frame() {
            try (var node = TestNode.start(Backend.SQLITE)) {
                var site = node.newSite();
                var ws = node.connect(null);
                ws.send(hello(site.key(), null, "https://shop.example/", "Home", "", "<script>"));
                var error = ws.awaitError("bad_frame");
                assertTrue(error.getString("message").contains("language"), error.encode());
            }
        }
    }
}
