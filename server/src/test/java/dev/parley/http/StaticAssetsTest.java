package dev.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console, chat page and widget files are served from memory, with content-hash ETags. */
class StaticAssetsTest {
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
    void a_file_asked_for_right_after_start_is_served_whole_with_its_type() throws IOException {
        var served = node.http().get("/chat/chat.js");
        assertEquals(200, served.status());
        assertEquals(Files.readString(Path.of("src/main/resources/web/chat/chat.js"), StandardCharsets.UTF_8), served.body());
        assertEquals("text/javascript;charset=UTF-8", served.header("content-type"));
        assertEquals("public, max-age=300", served.header("cache-control"));
        assertTrue(node.http().get("/console/console.css").header("content-type").startsWith("text/css"));
        assertTrue(node.http().get("/i18n/en.json").header("content-type").startsWith("application/json"));
    }

    @Test
    void a_browser_holding_the_current_version_gets_304_and_a_changed_one_gets_the_file() {
        var first = node.http().get("/embed.js");
        var etag = first.header("etag");
        assertNotNull(etag, "no ETag on /embed.js");
        var again = node.http().get("/embed.js", "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals("", again.body());
        var stale = node.http().get("/embed.js", "If-None-Match", "\"0000\"");
        assertEquals(200, stale.status());
        assertEquals(first.body(), stale.body());
        assertEquals(304, node.http().get("/embed.js", "If-None-Match", "\"0000\", " + etag).status());
    }

    @Test
    void head_gives_the_headers_without_the_body() {
        var get = node.http().get("/embed.js");
        var head = node.http().send("HEAD", "/embed.js", null);
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(get.header("etag"), head.header("etag"));
        assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length), head.header("content-length"));
    }

    @Test
    void pages_and_health_checks_answer_head_as_they_answer_get_without_the_body() {
        for (var path : new String[] {"/console", "/chat", "/health", "/ready", "/"}) {
            var get = node.http().get(path);
            var head = node.http().send("HEAD", path, null);
            assertEquals(get.status(), head.status(), "HEAD " + path + " → " + head);
            assertEquals("", head.body(), "HEAD " + path + " has no body");
            assertEquals(get.header("content-type"), head.header("content-type"), path);
        }
        assertEquals(200, node.http().send("HEAD", "/console", null).status());
    }

    @Test
    void pages_hidden_paths_and_paths_outside_the_tree_are_not_found() {
        for (var path : new String[] {"/console/index.html", "/chat/index.html", "/nothing.js", "/chat/../../logback.xml",
                "/%2e%2e/logback.xml", "/db/migration/V1__schema.sql", "/ParleyNode.class"}) {
            var response = node.http().get(path);
            assertEquals(404, response.status(), path + " → " + response);
        }
    }

    @Test
    void every_static_file_carries_the_no_framing_policy_and_varies_by_encoding() {
        for (var path : new String[] {"/console/app.js", "/vendor/lit-html/lit-html.js", "/embed.js"}) {
            var served = node.http().get(path, "Accept-Encoding", "gzip");
            assertEquals(200, served.status(), path);
            assertTrue(served.header("content-security-policy").contains("frame-ancestors 'none'"), path);
            assertEquals("Accept-Encoding", served.header("vary"), path);
            assertTrue(served.header("etag").startsWith("W/\""), path + " " + served.header("etag"));
        }
    }

    @Test
    void an_unknown_path_gets_the_json_error_body() {
        var missing = node.http().get("/nothing/here.js");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().getString("error"));
    }

    @Test
    void only_get_and_head_are_answered() {
        var post = node.http().post("/embed.js", "{}");
        assertTrue(post.status() == 404 || post.status() == 405, "POST /embed.js → " + post);
    }
}
