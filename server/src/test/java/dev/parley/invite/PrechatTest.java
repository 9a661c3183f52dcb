package dev.parley.invite;

import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pre-chat form: announced to visitors, enforced and validated by the server, stored on the visitor. */
class PrechatTest {

    static JsonObject identify(JsonObject answers) {
        return new JsonObject().put("type", "visitor.identify").put("answers", answers);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void required_answers_gate_the_first_message_and_are_kept_for_agents_and_after_a_restart(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            var form = "{\"enabled\":true,\"fields\":{\"name\":\"required\",\"email\":\"required\",\"phone\":\"optional\",\"custom\":\"optional\"},\"customLabel\":\"Order number\"}";
            assertEquals(200, node.http().put("/api/site/prechat", form, Http.bearer(site.ownerToken())).status());
            String token;
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var announced = visitor.welcome.getJsonObject("site").getJsonObject("prechat");
                assertEquals("required", announced.getJsonObject("fields").getString("email"));
                assertEquals("Order number", announced.getString("customLabel"));

                var early = WsClient.newClientId();
                visitor.sendMessage(early, null, "hello?");
                assertEquals(early, visitor.awaitError("prechat_required").getString("ref"));

                visitor.send(identify(new JsonObject().put("name", "Ann Lee").put("email", "not-an-email")));
                assertEquals("email", visitor.awaitError("invalid_field").getString("field"));
                visitor.send(identify(new JsonObject().put("email", "ann@example.com")));
                assertEquals("name", visitor.awaitError("invalid_field").getString("field"));
                visitor.send(identify(new JsonObject().put("name", "  <b>Ann</b> Lee ").put("email", "ann@example.com").put("custom", "A-1001")));
                var contact = visitor.awaitType("visitor.identified").getJsonObject("contact");
                assertEquals("<b>Ann</b> Lee", contact.getString("name"));
                var seen = agent.await("visitor with contact", f -> isType(f, "visitor.updated")
                        && f.getJsonObject("visitor").getJsonObject("contact") != null).getJsonObject("visitor");
                assertEquals("<b>Ann</b> Lee", seen.getString("name"));
                assertEquals("A-1001", seen.getJsonObject("contact").getString("custom"));

                TestNode.startConversation(visitor, "hello");
                var conversation = agent.await("conversation named after the visitor", f -> isType(f, "conversation.updated")
                        && f.getJsonObject("conversation").getLong("lastSeq") == 1).getJsonObject("conversation");
                assertEquals("<b>Ann</b> Lee", conversation.getString("visitorName"));
                token = TestNode.token(visitor);
            }
            node.restart();
            try (var agent = node.owner(site)) {
                var conversation = agent.welcome.getJsonArray("conversations").getJsonObject(0);
                assertEquals("<b>Ann</b> Lee", conversation.getString("visitorName"), "names survive a restart");
                try (var visitor = node.visitor(site.key(), token)) {
                    assertEquals("ann@example.com", visitor.welcome.getJsonObject("contact").getString("email"));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SQLITE")
    void without_a_form_nothing_is_asked_and_turning_it_on_reaches_open_pages(Backend backend) {
        try (var node = TestNode.start(backend)) {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                assertNull(visitor.welcome.getJsonObject("site").getJsonObject("prechat"));
                assertNull(visitor.welcome.getValue("contact"));
                node.http().put("/api/site/prechat", "{\"enabled\":true,\"fields\":{\"phone\":\"required\"}}", Http.bearer(site.ownerToken()));
                var updated = visitor.await("site.updated with the form", f -> isType(f, "site.updated")
                        && f.getJsonObject("site").getJsonObject("prechat") != null);
                assertEquals("required", updated.getJsonObject("site").getJsonObject("prechat").getJsonObject("fields").getString("phone"));
                visitor.send(identify(new JsonObject().put("phone", "call me")));
                assertEquals("phone", visitor.awaitError("invalid_field").getString("field"));
                visitor.send(identify(new JsonObject().put("phone", "+49 30 1234567")));
                visitor.awaitType("visitor.identified");
                // Invisible or control characters do not count as an answer.
                node.http().put("/api/site/prechat", "{\"enabled\":true,\"fields\":{\"name\":\"required\"}}", Http.bearer(site.ownerToken()));
                visitor.await("the name-only form", f -> isType(f, "site.updated")
                        && "required".equals(f.getJsonObject("site").getJsonObject("prechat").getJsonObject("fields").getString("name")));
                visitor.send(identify(new JsonObject().put("name", "\u0000\u200b\u202e")));
                assertEquals("name", visitor.awaitError("invalid_field").getString("field"));
                visitor.send(identify(new JsonObject().put("name", "Bo\r\nAdmin\u202e")));
                assertEquals("BoAdmin", visitor.await("cleaned", f -> isType(f, "visitor.identified")
                        && "BoAdmin".equals(f.getJsonObject("contact").getString("name"))).getJsonObject("contact").getString("name"));
                // The form switched off: nothing may be sent as if it were on.
                node.http().put("/api/site/prechat", "{\"enabled\":false,\"fields\":{\"name\":\"required\"}}", Http.bearer(site.ownerToken()));
                visitor.await("form gone", f -> isType(f, "site.updated") && f.getJsonObject("site").getValue("prechat") == null);
                visitor.send(identify(new JsonObject().put("name", "Your CEO")));
                visitor.awaitError("forbidden");
            }
        }
    }
}
