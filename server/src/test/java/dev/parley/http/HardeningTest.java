package dev.parley.http;

import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attacks found by adversarial testing, each kept out by a rule at the boundary. */
class HardeningTest {
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
    void concurrent_wrong_guesses_still_lock_the_account() {
        var site = node.newSite();
        var wrong = new JsonObject().put("email", site.ownerEmail()).put("password", "wrong password!").encode();
        var guesses = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 12; i++) {
            guesses.add(CompletableFuture.supplyAsync(() -> node.http().post("/api/agent/login", wrong).status()));
        }
        guesses.forEach(CompletableFuture::join);
        var right = new JsonObject().put("email", site.ownerEmail()).put("password", site.ownerPassword()).encode();
        var response = node.http().post("/api/agent/login", right);
        assertEquals(429, response.status(), response.toString());
        assertEquals("locked", response.json().getString("error"));
        assertTrue(response.json().getLong("retryAfterSeconds") > 0);
    }

    @Test
    void cross_site_text_plain_posts_are_refused() throws Exception {
        var site = node.newSite();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/agent/login"))
                .header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", site.ownerEmail())
                        .put("password", site.ownerPassword()).encode()))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode());
        assertEquals("unsupported_media_type", new JsonObject(response.body()).getString("error"));
    }

    @Test
    void raw_page_files_are_not_served_without_their_csp() {
        for (var path : new String[] {"/console/index.html", "/chat/index.html", "/demo/index.html", "/demo/"}) {
            assertEquals(404, node.http().get(path).status(), path);
        }
        var console = node.http().get("/console");
        assertEquals(200, console.status());
        assertTrue(console.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
    }

    @Test
    void a_visitor_flooding_page_views_is_throttled_and_others_are_not() {
        var site = node.newSite();
        try (var agent = node.owner(site); var flooder = node.visitor(site); var other = node.visitor(site)) {
            for (int i = 0; i < 200; i++) {
                flooder.send(new JsonObject().put("type", "page.viewed").put("url", "https://shop.example/p" + i).put("title", "p" + i));
            }
            flooder.awaitError("rate_limited");
            var id = newClientId();
            other.sendMessage(id, null, "still served");
            other.awaitAck(id);
            agent.awaitCreated(id);
            long pageViews = node.db().number("SELECT COUNT(*) FROM page_view WHERE site_id = ?", site.id());
            assertTrue(pageViews < 100, "of 200 flooded page views, stored: " + pageViews);
            flooder.assertServed();
        }
    }

    @Test
    void one_visitor_cannot_open_unlimited_tabs() {
        var site = node.newSite();
        var first = node.visitor(site);
        var token = TestNode.token(first);
        var tabs = new ArrayList<WsClient>();
        tabs.add(first);
        try {
            for (int i = 1; i < 20; i++) {
                tabs.add(node.visitor(site.key(), token));
            }
            var extra = node.connect(null);
            tabs.add(extra);
            extra.send(WsClient.visitorHello(site.key(), token, null));
            var error = extra.awaitError("rate_limited");
            assertTrue(error.getString("message").contains("tabs"), error.encode());
        } finally {
            tabs.forEach(WsClient::close);
        }
    }

    @Test
    void signing_out_closes_the_consoles_opened_with_that_token() {
        var site = node.newSite();
        try (var console = node.owner(site); var visitor = node.visitor(site)) {
            var conversationId = TestNode.startConversation(visitor, "private question");
            console.awaitCreated(visitor.history().stream().filter(f -> WsClient.isType(f, "message.ack")).findFirst().orElseThrow().getString("clientId"));
            assertEquals(204, node.http().post("/api/agent/logout", null, dev.parley.testing.Http.bearer(site.ownerToken())).status());
            console.awaitError("not_authenticated");
            assertEquals(1008, console.awaitClose());
            assertEquals(401, node.http().get("/api/site/settings", dev.parley.testing.Http.bearer(site.ownerToken())).status());
            assertTrue(conversationId.startsWith("c_"));
        }
    }

    @Test
    void a_request_without_a_valid_host_gets_400_not_500() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertTrue(statusLine.startsWith("HTTP/1.1 400"), statusLine);
        }
    }
}
