package dev.parley.gateway;

import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/**
 * Which pages may host a site's chat. A browser tab connecting directly is judged by its Origin header; our own chat
 * page (Origin = this node) by the embedding page's origin it reports; an agent only from the console (or no
 * browser at all). Changes of the allowed list apply at once, to new and to open connections.
 */
class OriginCheckTest {
    static final String SHOP = "https://shop.example";
    static final String OTHER = "https://other.example";
    static final String EVIL = "https://evil.example";

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static void assertRefused(WsClient ws, JsonObject hello) {
        ws.send(hello);
        ws.awaitError("origin_not_allowed");
        assertEquals(1008, ws.awaitClose());
        assertFalse(ws.history().stream().anyMatch(f -> isType(f, "session.welcome")));
    }

    /** The chat page (served by this node) inside an iframe on {@code hostOrigin}; null: opened as a popup. */
    static WsClient chatPage(TestSite site, String hostOrigin) {
        var ws = node.connect(node.selfOrigin());
        ws.hello(WsClient.visitorHello(site.key(), null, hostOrigin));
        return ws;
    }

    static void putOrigins(TestSite site, String... origins) {
        var response = node.http().put("/api/site/settings",
                new JsonObject().put("allowedOrigins", new JsonArray(java.util.List.of(origins))).encode(), Http.bearer(site.ownerToken()));
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void visitor_from_a_disallowed_origin_is_refused_with_origin_not_allowed_and_close_1008() {
        var site = node.newSite(SHOP);
        try (var ws = node.connect(EVIL)) {
            assertRefused(ws, WsClient.visitorHello(site.key(), null, null));
        }
    }

    @Test
    void visitor_from_a_disallowed_origin_cannot_pass_by_claiming_an_allowed_host_origin() {
        var site = node.newSite(SHOP);
        try (var ws = node.connect(EVIL)) {
            assertRefused(ws, WsClient.visitorHello(site.key(), null, SHOP));
        }
    }

    @Test
    void visitor_from_an_allowed_origin_is_welcomed() {
        var site = node.newSite(SHOP, OTHER);
        try (var ws = node.visitorFrom(OTHER, site)) {
            ws.assertServed();
        }
    }

    @Test
    void site_without_allowed_origins_accepts_any_origin() {
        var site = node.newSite();
        try (var ws = node.visitorFrom(EVIL, site)) {
            ws.assertServed();
        }
    }

    @Test
    void chat_page_is_judged_by_the_origin_of_the_page_embedding_it() {
        var site = node.newSite(SHOP);
        try (var allowed = chatPage(site, SHOP)) {
            allowed.assertServed();
        }
        try (var ws = node.connect(node.selfOrigin())) {
            assertRefused(ws, WsClient.visitorHello(site.key(), null, EVIL));
        }
    }

    @Test
    void chat_page_opened_as_a_popup_has_no_host_origin_and_is_welcomed() {
        var site = node.newSite(SHOP);
        try (var popup = chatPage(site, null)) {
            popup.assertServed();
        }
    }

    @Test
    void removing_an_origin_refuses_new_connections_and_closes_open_sessions_from_it_without_restart() {
        var site = node.newSite(SHOP, OTHER);
        try (var directShop = node.visitorFrom(SHOP, site);
             var embeddedShop = chatPage(site, SHOP);
             var directOther = node.visitorFrom(OTHER, site);
             var embeddedOther = chatPage(site, OTHER);
             var popup = chatPage(site, null)) {
            putOrigins(site, OTHER);

            for (var removed : new WsClient[] {directShop, embeddedShop}) {
                removed.awaitError("origin_not_allowed");
                assertEquals(1008, removed.awaitClose());
            }
            for (var kept : new WsClient[] {directOther, embeddedOther, popup}) {
                kept.awaitType("site.updated");
                kept.assertServed();
            }
            try (var again = node.connect(SHOP)) {
                assertRefused(again, WsClient.visitorHello(site.key(), null, null));
            }
            try (var again = node.connect(node.selfOrigin())) {
                assertRefused(again, WsClient.visitorHello(site.key(), null, SHOP));
            }
            assertEquals(403, node.http().get("/api/route?site=" + site.key(), "Origin", SHOP).status());
            try (var stillAllowed = node.visitorFrom(OTHER, site)) {
                stillAllowed.assertServed();
            }
        }
    }

    @Test
    void open_direct_session_is_judged_by_its_origin_header_not_by_the_host_origin_it_claimed() {
        var site = node.newSite(SHOP, OTHER);
        try (var ws = node.connect(SHOP)) {
            ws.hello(WsClient.visitorHello(site.key(), null, OTHER)); // a page on SHOP claiming to be OTHER
            putOrigins(site, OTHER);
            ws.awaitError("origin_not_allowed");
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void emptying_the_allowed_list_lets_any_origin_in_again() {
        var site = node.newSite(SHOP);
        putOrigins(site);
        try (var ws = node.visitorFrom(EVIL, site)) {
            ws.assertServed();
        }
    }

    @Test
    void agent_hello_from_a_foreign_origin_is_refused_with_origin_not_allowed_and_close_1008() {
        var site = node.newSite();
        try (var ws = node.connect(EVIL)) {
            ws.send(WsClient.agentHello(site.ownerToken()));
            ws.awaitError("origin_not_allowed");
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void agent_from_the_console_or_without_a_browser_is_welcomed() {
        var site = node.newSite(SHOP);
        try (var console = node.connect(node.selfOrigin()); var desktop = node.agent(site.ownerToken())) {
            console.hello(WsClient.agentHello(site.ownerToken()));
            console.assertServed();
            desktop.assertServed();
        }
    }
}
