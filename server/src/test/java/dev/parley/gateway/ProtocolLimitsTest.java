package dev.parley.gateway;

import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-enforced limits from the protocol's table. After every refusal that keeps the connection open, a ping is
 * answered with a pong — the proof that it did stay open.
 */
class ProtocolLimitsTest {
    static final int STRICT_MAX_TEXT = 50;
    static final int STRICT_MESSAGES = 3;

    /** Default settings: 4000 characters, 10 messages per 10 s. */
    static TestNode defaults;
    /** Small limits: 50 characters, 3 messages per minute, 1 new conversation per hour. */
    static TestNode strict;

    @BeforeAll
    static void start() {
        defaults = TestNode.start(Backend.SQLITE);
        strict = TestNode.start(Backend.SQLITE, s -> s.withLimits(STRICT_MAX_TEXT, STRICT_MESSAGES, Duration.ofMinutes(1), 1));
    }

    @AfterAll
    static void stop() {
        defaults.close();
        strict.close();
    }

    static long storedMessages(TestNode node, TestSite site) {
        return node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ?", site.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"type\":\"ping\"", "hello"})
    void malformed_json_gets_bad_frame_and_the_connection_stays_open(String text) {
        try (var visitor = defaults.visitor(defaults.newSite())) {
            visitor.sendRaw(text);
            visitor.awaitError("bad_frame");
            visitor.assertServed();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "\"ping\"", "17"})
    void json_that_is_not_an_object_gets_bad_frame_and_the_connection_stays_open(String text) {
        try (var visitor = defaults.visitor(defaults.newSite())) {
            visitor.sendRaw(text);
            visitor.awaitError("bad_frame");
            visitor.assertServed();
        }
    }

    @Test
    void object_without_type_gets_bad_frame_and_the_connection_stays_open() {
        try (var visitor = defaults.visitor(defaults.newSite())) {
            visitor.sendRaw("{\"text\":\"hi\"}");
            visitor.awaitError("bad_frame");
            visitor.assertServed();
        }
    }

    @Test
    void unknown_type_gets_unknown_type_and_the_connection_stays_open() {
        try (var visitor = defaults.visitor(defaults.newSite())) {
            visitor.send(new JsonObject().put("type", "conversation.delete"));
            assertTrue(visitor.awaitError("unknown_type").getString("message").contains("conversation.delete"));
            visitor.assertServed();
        }
    }

    @Test
    void binary_frame_gets_bad_frame_and_the_connection_stays_open() {
        var site = defaults.newSite();
        try (var ws = defaults.connect(null)) {
            ws.hello(WsClient.visitorHello(site.key(), null, null));
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.awaitError("bad_frame");
            ws.assertServed();
        }
    }

    @Test
    void text_over_the_maximum_gets_too_long_referring_to_the_client_id_and_nothing_is_stored() {
        var site = strict.newSite();
        try (var agent = strict.owner(site); var visitor = strict.visitor(site)) {
            var clientId = newClientId();
            visitor.sendMessage(clientId, null, "x".repeat(STRICT_MAX_TEXT + 1));
            var error = visitor.awaitError("too_long");
            assertEquals(clientId, error.getString("ref"));
            assertTrue(error.getString("message").contains(String.valueOf(STRICT_MAX_TEXT)), error.encode());
            visitor.assertServed();
            assertEquals(0, storedMessages(strict, site));
            assertEquals(0, strict.db().number("SELECT COUNT(*) FROM conversation WHERE site_id = ?", site.id()),
                    "a refused first message starts no conversation");
            assertEquals(0, agent.count(f -> isType(f, "message.created") || isType(f, "conversation.updated")));
        }
    }

    @Test
    void text_of_exactly_the_maximum_is_accepted() {
        var site = strict.newSite();
        try (var visitor = strict.visitor(site)) {
            var clientId = newClientId();
            visitor.sendMessage(clientId, null, "y".repeat(STRICT_MAX_TEXT));
            assertEquals(1L, visitor.awaitAck(clientId).getLong("seq"));
        }
    }

    @Test
    void with_default_settings_4000_characters_are_accepted_and_4001_are_too_long() {
        var site = defaults.newSite();
        try (var visitor = defaults.visitor(site)) {
            var exact = newClientId();
            var text = "日本語".repeat(1333) + "z";
            assertEquals(4000, text.length());
            visitor.sendMessage(exact, null, text);
            visitor.awaitAck(exact);
            assertEquals(text, defaults.db().string("SELECT body FROM message WHERE site_id = ? AND client_id = ?", site.id(), exact));
            var over = newClientId();
            visitor.sendMessage(over, null, text + "!");
            assertEquals(over, visitor.awaitError("too_long").getString("ref"));
            visitor.assertServed();
            assertEquals(1, storedMessages(defaults, site));
        }
    }

    @Test
    void blank_text_gets_bad_frame_and_nothing_is_stored() {
        var site = defaults.newSite();
        try (var visitor = defaults.visitor(site)) {
            var clientId = newClientId();
            visitor.sendMessage(clientId, null, " \n\t ");
            assertEquals(clientId, visitor.awaitError("bad_frame").getString("ref"));
            visitor.assertServed();
            assertEquals(0, storedMessages(defaults, site));
        }
    }

    @Test
    void frame_over_64_kb_closes_the_connection_with_1009() {
        var site = defaults.newSite();
        try (var visitor = defaults.visitor(site)) {
            visitor.sendMessage(newClientId(), null, "z".repeat(70 * 1024));
            assertEquals(1009, visitor.awaitClose());
            assertEquals(0, storedMessages(defaults, site));
        }
    }

    @Test
    void message_over_64_kb_in_fragments_closes_the_connection_with_1009() {
        var site = defaults.newSite();
        try (var visitor = defaults.visitor(site)) {
            var json = new JsonObject().put("type", "message.send").put("clientId", newClientId()).put("text", "q".repeat(70 * 1024)).encode();
            visitor.sendFragmented(json, 16 * 1024);
            assertEquals(1009, visitor.awaitClose());
            assertEquals(0, storedMessages(defaults, site));
        }
    }

    /** Browsers negotiate permessage-deflate: the limit applies to the inflated message, and the close code is the same. */
    @ParameterizedTest
    @ValueSource(ints = {70_000, 131_072})
    void page_view_over_64_kb_with_deflate_closes_the_connection_with_1009(int urlLength) {
        var site = defaults.newSite();
        try (var visitor = WsClient.connectWithDeflate(defaults.port(), null)) {
            visitor.hello(WsClient.visitorHello(site.key(), null, null));
            visitor.send(new JsonObject().put("type", "page.viewed").put("url", "https://example.com/" + "u".repeat(urlLength)));
            assertEquals(1009, visitor.awaitClose());
        }
    }

    @Test
    void frame_just_under_64_kb_with_deflate_is_decoded() {
        try (var visitor = WsClient.connectWithDeflate(defaults.port(), null)) {
            visitor.hello(WsClient.visitorHello(defaults.newSite().key(), null, null));
            visitor.send(new JsonObject().put("type", "ping").put("padding", "p".repeat(60 * 1024)));
            visitor.awaitType("pong");
        }
    }

    @Test
    void frame_just_under_64_kb_is_decoded() {
        try (var visitor = defaults.visitor(defaults.newSite())) {
            var padding = "p".repeat(60 * 1024);
            visitor.send(new JsonObject().put("type", "ping").put("padding", padding));
            visitor.awaitType("pong");
        }
    }

    @Test
    void frames_before_hello_get_not_authenticated_and_the_connection_stays_open() {
        var site = defaults.newSite();
        try (var ws = defaults.connect(null)) {
            var clientId = newClientId();
            ws.sendMessage(clientId, null, "sneaky");
            ws.awaitError("not_authenticated");
            ws.send(new JsonObject().put("type", "conversation.resume").put("conversationId", "c_x"));
            ws.awaitError("not_authenticated");
            ws.assertServed();
            ws.hello(WsClient.visitorHello(site.key(), null, null));
            assertEquals(0, storedMessages(defaults, site));
        }
    }

    @Test
    void flooding_visitor_is_rate_limited_while_another_visitor_of_the_site_is_not() {
        var site = strict.newSite();
        try (var flooder = strict.visitor(site); var neighbour = strict.visitor(site)) {
            var conversationId = TestNode.startConversation(flooder, "1");
            for (int i = 2; i <= STRICT_MESSAGES; i++) {
                var id = newClientId();
                flooder.sendMessage(id, conversationId, String.valueOf(i));
                flooder.awaitAck(id);
            }
            var refused = newClientId();
            flooder.sendMessage(refused, conversationId, "one too many");
            var error = flooder.awaitError("rate_limited");
            assertEquals(refused, error.getString("ref"));
            long retryAfter = error.getLong("retryAfterMs");
            assertTrue(retryAfter > 0 && retryAfter <= 60_000, error.encode());
            flooder.assertServed();
            assertEquals(0, strict.db().number("SELECT COUNT(*) FROM message WHERE site_id = ? AND client_id = ?", site.id(), refused));

            for (int i = 1; i <= STRICT_MESSAGES; i++) {
                var id = newClientId();
                neighbour.sendMessage(id, null, "neighbour " + i);
                neighbour.awaitAck(id);
            }
            assertEquals(0, neighbour.count(f -> isType(f, "error")), neighbour.history().toString());
        }
    }

    @Test
    void rate_limit_follows_the_visitor_across_tabs_and_reconnects() {
        var site = strict.newSite();
        String token;
        try (var tab = strict.visitor(site)) {
            token = TestNode.token(tab);
            for (int i = 1; i <= STRICT_MESSAGES; i++) {
                var id = newClientId();
                tab.sendMessage(id, null, "m" + i);
                tab.awaitAck(id);
            }
        }
        try (var again = strict.visitor(site.key(), token)) {
            var id = newClientId();
            again.sendMessage(id, null, "after reconnect");
            assertEquals(id, again.awaitError("rate_limited").getString("ref"));
        }
    }

    @Test
    void messages_without_conversation_id_continue_the_open_conversation_and_spend_no_new_conversation_budget() {
        // One new conversation per hour on this node: if every send without a conversation id started one, the
        // second would be refused.
        var site = strict.newSite();
        try (var visitor = strict.visitor(site)) {
            var first = newClientId();
            visitor.sendMessage(first, null, "first");
            var conversationId = visitor.awaitAck(first).getString("conversationId");
            var second = newClientId();
            visitor.sendMessage(second, null, "second");
            assertEquals(conversationId, visitor.awaitAck(second).getString("conversationId"));
            assertEquals(1, strict.db().number("SELECT COUNT(*) FROM conversation WHERE site_id = ?", site.id()));
        }
    }
}
