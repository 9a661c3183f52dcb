package dev.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Liveness, readiness and the router answer ({@code GET /api/route}) with its origin check and CORS. */
class HealthAndRouteTest {
    static TestNode node;
    static Http http;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
        http = node.http();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void assertJson(Http.Response response) {
        assertTrue(response.header("content-type").startsWith("application/json"), response.header("content-type"));
    }

    @Test
    void health_answers_200_status_ok() {
        var response = http.get("/health");
        assertEquals(200, response.status());
        assertJson(response);
        assertEquals(new JsonObject().put("status", "ok"), response.json());
    }

    @Test
    void ready_answers_200_when_database_and_writer_are_healthy() {
        var response = http.get("/ready");
        assertEquals(200, response.status(), response.body());
        assertJson(response);
        var body = response.json();
        assertEquals("ready", body.getString("status"));
        assertEquals("reachable", body.getString("database"));
        assertEquals(true, body.getJsonObject("writer").getBoolean("healthy"));
    }

    @Test
    void route_answers_the_site_and_this_nodes_http_and_ws_urls() {
        var site = node.newSite();
        var response = http.get("/api/route?site=" + site.key());
        assertEquals(200, response.status(), response.body());
        assertJson(response);
        var base = "127.0.0.1:" + node.port();
        assertEquals(new JsonObject().put("site", site.key()).put("http", "http://" + base).put("ws", "ws://" + base + "/ws"),
                response.json());
    }

    @Test
    void route_for_an_unknown_site_key_is_404_unknown_site() {
        var response = http.get("/api/route?site=nosuchsitekey");
        assertEquals(404, response.status());
        assertJson(response);
        assertEquals("unknown_site", response.json().getString("error"));
        assertFalse(response.json().getString("message").isBlank());
    }

    @Test
    void route_without_a_site_key_is_400_json() {
        for (var path : new String[] {"/api/route", "/api/route?site=", "/api/route?site=%20"}) {
            var response = http.get(path);
            assertEquals(400, response.status(), path);
            assertJson(response);
            assertEquals("bad_request", response.json().getString("error"), path);
            assertTrue(response.json().getString("message").contains("site"), response.body());
        }
    }

    @Test
    void route_refuses_an_origin_the_site_does_not_allow_with_403() {
        var site = node.newSite("https://shop.example");
        var response = http.get("/api/route?site=" + site.key(), "Origin", "https://evil.example");
        assertEquals(403, response.status(), response.body());
        assertJson(response);
        assertEquals("origin_not_allowed", response.json().getString("error"));
    }

    @Test
    void route_for_an_allowed_origin_echoes_it_in_the_cors_header() {
        var site = node.newSite("https://shop.example", "https://other.example");
        var response = http.get("/api/route?site=" + site.key(), "Origin", "https://shop.example");
        assertEquals(200, response.status(), response.body());
        assertEquals("https://shop.example", response.header("Access-Control-Allow-Origin"));
        assertTrue(response.header("Vary").contains("Origin"), response.header("Vary"));
        assertEquals(site.key(), response.json().getString("site"));
    }

    @Test
    void route_of_a_site_without_allowed_origins_accepts_any_origin() {
        var site = node.newSite();
        var response = http.get("/api/route?site=" + site.key(), "Origin", "https://anyone.example");
        assertEquals(200, response.status(), response.body());
        assertEquals("https://anyone.example", response.header("Access-Control-Allow-Origin"));
    }

    @Test
    void unknown_api_route_is_404_json() {
        var response = http.get("/api/nothing-here");
        assertEquals(404, response.status());
        assertJson(response);
        assertEquals("not_found", response.json().getString("error"));
    }
}
