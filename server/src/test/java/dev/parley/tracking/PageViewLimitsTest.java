package dev.parley.tracking;

import static dev.parley.testing.TestNode.token;
import static dev.parley.testing.TestNode.visitorId;
import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A visitor may record 10 page views at once, then one per 2 s; beyond that a page view only moves the visitor's
 * current page (nothing stored). Agents hear of a visitor's page views at most about once a second. On SQLite and
 * PostgreSQL.
 */
class PageViewLimitsTest {

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

    static void view(WsClient visitor, String url) {
        visitor.send(new JsonObject().put("type", "page.viewed").put("url", url).put("title", "T")
                .put("referrer", "https://ref.example/" + "r".repeat(2000)));
    }

    abstract static class Contract extends NodeContract {
        Contract(Backend backend) {
            super(backend);
        }

        long storedViews(TestSite site) {
            return node.db().number("SELECT COUNT(*) FROM page_view WHERE site_id = ?", site.id());
        }

        /** The writer commits in order: once a message sent after the page views is acked, their rows are in. */
        static void awaitWritten(WsClient visitor) {
            TestNode.startConversation(visitor, "written?");
        }

        @Test
        void page_views_beyond_the_burst_are_not_stored_but_agents_see_the_latest_page() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var id = visitorId(visitor);
                for (int i = 1; i <= 25; i++) {
                    view(visitor, "https://shop.example/p" + i);
                }
                awaitWritten(visitor);
                assertEquals(10, storedViews(site), "10 at once, then one per 2 s");
                var latest = agent.await("visitor on /p25", f -> isType(f, "visitor.updated")
                        && id.equals(f.getJsonObject("visitor").getString("id"))
                        && f.getJsonObject("visitor").getJsonObject("page").getString("url").endsWith("/p25"));
                assertEquals(10, latest.getJsonObject("visitor").getInteger("pageViews"));
                agent.send(new JsonObject().put("type", "visitor.get").put("visitorId", id));
                var pages = agent.awaitType("visitor.detail").getJsonArray("pages");
                assertEquals(10, pages.size());
                assertEquals("https://shop.example/p25", pages.getJsonObject(9).getString("url"), "the newest page moved");
            }
        }

        @Test
        void a_visitor_who_reconnects_with_its_token_keeps_its_spent_page_view_budget() {
            var site = node.newSite();
            String visitorToken;
            try (var visitor = node.visitor(site)) {
                visitorToken = token(visitor);
                for (int i = 1; i <= 10; i++) {
                    view(visitor, "https://shop.example/a" + i);
                }
                awaitWritten(visitor);
            }
            try (var again = node.visitor(site.key(), visitorToken)) {
                for (int i = 1; i <= 5; i++) {
                    view(again, "https://shop.example/b" + i);
                }
                again.sendMessage(WsClient.newClientId(), again.welcome.getJsonObject("conversation").getString("id"), "after");
                again.awaitType("message.ack");
                assertEquals(10, storedViews(site), "reconnecting does not refill the budget");
            }
        }

        @Test
        void a_flood_of_page_views_reaches_agents_as_a_few_updates_ending_with_the_latest_page() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var id = visitorId(visitor);
                agent.await("visitor joined", f -> isType(f, "visitor.updated") && id.equals(f.getJsonObject("visitor").getString("id")));
                for (int i = 1; i <= 40; i++) {
                    view(visitor, "https://shop.example/f" + i);
                }
                agent.await("visitor on /f40", f -> isType(f, "visitor.updated")
                        && id.equals(f.getJsonObject("visitor").getString("id"))
                        && f.getJsonObject("visitor").getJsonObject("page").getString("url").endsWith("/f40"));
                long updates = agent.count(f -> isType(f, "visitor.updated") && id.equals(f.getJsonObject("visitor").getString("id")));
                // The join, the first page view at once, the rest coalesced (one per second while they keep coming).
                assertTrue(updates <= 4, updates + " visitor.updated frames for 40 page views");
            }
        }
    }
}
