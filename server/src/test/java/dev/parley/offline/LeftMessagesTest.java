package dev.parley.offline;

import static dev.parley.offline.OfflineFixture.leave;
import static dev.parley.offline.OfflineFixture.leaveAsNewVisitor;
import static dev.parley.offline.OfflineFixture.leaveBody;
import static dev.parley.offline.OfflineFixture.list;
import static dev.parley.offline.OfflineFixture.notifyTo;
import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.account.Agent;
import dev.parley.mail.SmtpConfig;
import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Leave-a-message end to end over the real HTTP API, with a real in-process SMTP server, on both databases. */
class LeftMessagesTest {

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

    abstract static class Contract extends NodeContract {
        GreenMail smtp;

        Contract(Backend backend) {
            super(backend);
        }

        @Override
        @org.junit.jupiter.api.BeforeAll
        protected void startNode() {
            int port = OfflineFixture.freePort();
            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            node = TestNode.start(backend, s -> s.withMail(s.mail()
                    .withSmtp(new SmtpConfig("127.0.0.1", port, SmtpConfig.Tls.NONE, null, null, "parley@test.example"))
                    .withRetry(Duration.ofMillis(300), Duration.ofSeconds(2), 5, Duration.ofMillis(200))));
        }

        @AfterAll
        void stopSmtp() {
            smtp.stop();
        }

        @BeforeEach
        void clearMail() throws Exception {
            smtp.purgeEmailFromAllMailboxes();
        }

        MimeMessage awaitMailTo(String address) throws Exception {
            return awaitValue("mail to " + address, () -> Arrays.stream(smtp.getReceivedMessages())
                    .filter(m -> {
                        try {
                            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
                        } catch (Exception e) {
                            return false;
                        }
                    }).findFirst().orElse(null));
        }

        static <T> T awaitValue(String what, Supplier<T> probe) {
            return dev.parley.testing.Eventually.value(what, java.time.Duration.ofSeconds(10), probe);
        }

        @Test
        void left_message_is_stored_announced_to_agents_and_mailed_to_the_notification_address() throws Exception {
            var site = node.newSite();
            notifyTo(node, site, "team@shop.example");
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var clientId = UUID.randomUUID().toString();
                var r = leave(node, leaveBody(site, TestNode.token(visitor), clientId, "Zoë Müller", "zoe@visitor.example", "",
                        "Do you ship to Norway? 你好 😀"));
                assertEquals(201, r.status(), r.body());
                var id = r.json().getJsonObject("message").getString("id");

                var created = agent.await("leftmessage.created", f -> isType(f, "leftmessage.created"));
                assertEquals(id, created.getJsonObject("message").getString("id"));
                assertEquals("Do you ship to Norway? 你好 😀", created.getJsonObject("message").getString("text"));
                assertEquals(1, created.getJsonObject("counts").getInteger("new"));

                var mail = awaitMailTo("team@shop.example");
                assertEquals("Do you ship to Norway? 你好 😀", extract(mail.getContent().toString()));
                assertEquals("zoe@visitor.example", mail.getReplyTo()[0].toString());
                assertEquals("New message from Zoë Müller on " + site.site().name(), mail.getSubject());

                var sent = agent.await("delivery sent", f -> isType(f, "leftmessage.updated")
                        && "sent".equals(f.getJsonObject("message").getJsonObject("notification").getString("status")));
                assertEquals(1, sent.getJsonObject("message").getJsonObject("notification").getInteger("attempts"));

                var listed = list(node, site.ownerToken(), "new").getJsonArray("messages");
                assertEquals(1, listed.size());
                var row = listed.getJsonObject(0);
                assertEquals("Zoë Müller", row.getString("name"));
                assertEquals("sent", row.getJsonObject("notification").getString("status"));
                assertNull(row.getJsonObject("notification").getString("error"));
            }
        }

        /** The message text as the mail body carries it, between "Message:" and the closing line. */
        static String extract(String raw) {
            var body = raw.replace("\r\n", "\n");
            var start = body.indexOf("Message:\n") + "Message:\n".length();
            var end = body.indexOf("\n\nAnswer it", start);
            return body.substring(start, end).replace("\r", "");
        }

        @Test
        void resend_with_the_same_client_id_returns_the_original_and_stores_once() {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                var body = leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), "Ann", "", "+49 30 1234567", "Call me");
                var first = leave(node, body);
                var again = leave(node, body);
                assertEquals(201, first.status(), first.body());
                assertEquals(200, again.status(), again.body());
                assertEquals(first.json().getJsonObject("message").getString("id"), again.json().getJsonObject("message").getString("id"));
                assertEquals(1, list(node, site.ownerToken(), "all").getJsonArray("messages").size());
            }
        }

        @Test
        void invalid_fields_get_field_level_errors_and_nothing_is_stored() {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                var r = leave(node, leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), "  ", "not-an-email", "12ab", "   "));
                assertEquals(400, r.status());
                var fields = r.json().getJsonObject("fields");
                assertEquals("invalid_fields", r.json().getString("error"));
                assertEquals("Please enter your name.", fields.getString("name"));
                assertTrue(fields.getString("email").startsWith("That is not an email address"));
                assertTrue(fields.getString("phone").startsWith("A phone number has at least 5 digits"));
                assertEquals("Please write your message.", fields.getString("text"));

                var noContact = leave(node, leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), "Bo", "", "", "Hello"));
                assertEquals(400, noContact.status());
                assertEquals("Please give an email address or a phone number so we can answer you.",
                        noContact.json().getJsonObject("fields").getString("contact"));

                var tooLong = leave(node, leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), "Bo", "bo@x.example", "", "x".repeat(4001)));
                assertEquals("Your message is 4001 characters; the limit is 4000.", tooLong.json().getJsonObject("fields").getString("text"));
            }
            assertEquals(0, list(node, site.ownerToken(), "all").getJsonArray("messages").size());
        }

        @Test
        void a_visitor_is_rate_limited() {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                for (int i = 0; i < 5; i++) {
                    var r = leave(node, leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), "Ann", "ann@x.example", "", "Message " + i));
                    assertEquals(201, r.status(), r.body());
                }
                var limited = leave(node, leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), "Ann", "ann@x.example", "", "one more"));
                assertEquals(429, limited.status());
                assertEquals("rate_limited", limited.json().getString("error"));
            }
            assertEquals(5, list(node, site.ownerToken(), "all").getJsonArray("messages").size());
        }

        @Test
        void an_agent_of_another_site_can_neither_list_mark_nor_answer() {
            var a = node.newSite();
            var b = node.newSite();
            var id = leaveAsNewVisitor(node, a, "Ann", "ann@x.example", "", "For site A only").json().getJsonObject("message").getString("id");
            var agentOfB = node.addAgent(b, Agent.AGENT);
            try (var consoleOfB = node.agent(agentOfB.token())) {
                leaveAsNewVisitor(node, a, "Ann", "ann@x.example", "", "Also for site A only");
                consoleOfB.assertNoFrame("site A's message", f -> isType(f, "leftmessage.created"), Duration.ofSeconds(1));
            }

            assertEquals(0, list(node, agentOfB.token(), "all").getJsonArray("messages").size());
            var mark = node.http().post("/api/left-messages/" + id + "/status", "{\"handled\":true}", Http.bearer(agentOfB.token()));
            assertEquals(404, mark.status());
            var answer = node.http().post("/api/left-messages/" + id + "/reply", "{\"text\":\"hi\"}", Http.bearer(agentOfB.token()));
            assertEquals(404, answer.status());
            assertEquals("new", list(node, a.ownerToken(), "all").getJsonArray("messages").getJsonObject(0).getString("status"));
            assertEquals(401, node.http().get("/api/left-messages").status());
        }

        @Test
        void a_visitor_token_of_another_site_is_refused() {
            var a = node.newSite();
            var b = node.newSite();
            try (var visitorOfA = node.visitor(a)) {
                var r = leave(node, leaveBody(b, TestNode.token(visitorOfA), UUID.randomUUID().toString(), "Eve", "eve@x.example", "", "hi"));
                assertEquals(403, r.status());
            }
            assertEquals(0, list(node, b.ownerToken(), "all").getJsonArray("messages").size());
        }

        @Test
        void agents_mark_messages_handled_and_new_again() {
            var site = node.newSite();
            var agent = node.addAgent(site, Agent.AGENT);
            var id = leaveAsNewVisitor(node, site, "Ann", "ann@x.example", "", "Hi").json().getJsonObject("message").getString("id");
            var r = node.http().post("/api/left-messages/" + id + "/status", "{\"handled\":true}", Http.bearer(agent.token()));
            assertEquals(200, r.status(), r.body());
            assertEquals("handled", r.json().getJsonObject("message").getString("status"));
            assertEquals(0, list(node, agent.token(), "new").getJsonArray("messages").size());
            assertEquals(1, list(node, agent.token(), "handled").getJsonArray("messages").size());
            assertEquals(1, list(node, agent.token(), "new").getJsonObject("counts").getInteger("handled"));
            node.http().post("/api/left-messages/" + id + "/status", "{\"handled\":false}", Http.bearer(agent.token()));
            assertEquals(1, list(node, agent.token(), "new").getJsonArray("messages").size());
            assertEquals(400, node.http().post("/api/left-messages/" + id + "/status", "{\"handled\":\"yes\"}", Http.bearer(agent.token())).status());
        }

        @Test
        void an_answer_by_email_reaches_the_visitor_and_marks_the_message_handled() throws Exception {
            var site = node.newSite();
            notifyTo(node, site, "team@answers.example");
            var id = leaveAsNewVisitor(node, site, "Ann", "ann@visitor.example", "", "When do you open?").json().getJsonObject("message").getString("id");
            var r = node.http().post("/api/left-messages/" + id + "/reply", new JsonObject().put("text", "We open at 9, Ann.").encode(),
                    Http.bearer(site.ownerToken()));
            assertEquals(202, r.status(), r.body());
            assertEquals("handled", r.json().getJsonObject("message").getString("status"));
            var mail = awaitMailTo("ann@visitor.example");
            var body = mail.getContent().toString().replace("\r\n", "\n");
            assertTrue(body.startsWith("We open at 9, Ann."), body);
            assertTrue(body.contains("> When do you open?"), body);
            assertEquals("team@answers.example", mail.getReplyTo()[0].toString());
            var reply = awaitValue("reply sent", () -> {
                var replies = list(node, site.ownerToken(), "all").getJsonArray("messages").getJsonObject(0).getJsonArray("replies");
                return replies.size() == 1 && "sent".equals(replies.getJsonObject(0).getString("status")) ? replies.getJsonObject(0) : null;
            });
            assertEquals("We open at 9, Ann.", reply.getString("text"));
        }

        @Test
        void a_message_with_only_a_phone_cannot_be_answered_by_email() {
            var site = node.newSite();
            var id = leaveAsNewVisitor(node, site, "Ann", "", "+1 555 0100", "Call me").json().getJsonObject("message").getString("id");
            var r = node.http().post("/api/left-messages/" + id + "/reply", "{\"text\":\"hi\"}", Http.bearer(site.ownerToken()));
            assertEquals(409, r.status());
            assertEquals("no_email", r.json().getString("error"));
        }

        @Test
        void without_a_notification_address_the_message_is_kept_and_the_reason_shown() {
            var site = node.newSite();
            leaveAsNewVisitor(node, site, "Ann", "ann@x.example", "", "Anyone?");
            var row = list(node, site.ownerToken(), "new").getJsonArray("messages").getJsonObject(0);
            assertEquals("Anyone?", row.getString("text"));
            assertEquals("failed", row.getJsonObject("notification").getString("status"));
            assertEquals(LeftMessages.NO_ADDRESS, row.getJsonObject("notification").getString("error"));
            assertEquals(0, smtp.getReceivedMessages().length);
        }

        @Test
        void line_breaks_in_a_name_cannot_add_mail_headers() throws Exception {
            var site = node.newSite();
            notifyTo(node, site, "team@headers.example");
            leaveAsNewVisitor(node, site, "Eve\r\nBcc: victim@evil.example", "eve@x.example", "", "hello");
            var mail = awaitMailTo("team@headers.example");
            assertFalse(mail.getSubject().contains("\n"));
            assertEquals("New message from Eve Bcc: victim@evil.example on " + site.site().name(), mail.getSubject());
            assertNull(mail.getRecipients(Message.RecipientType.BCC));
            assertEquals(1, mail.getAllRecipients().length);
            assertEquals(1, smtp.getReceivedMessages().length);
        }

        @Test
        void owners_set_a_notification_address_only_if_it_is_one() {
            var site = node.newSite();
            var bad = OfflineFixture.putOffline(node, site, new JsonObject().put("notificationEmail", "team@x.example\r\nBcc: a@b.example"));
            assertEquals(400, bad.status());
            var agent = node.addAgent(site, Agent.AGENT);
            var forbidden = node.http().put("/api/site/offline", "{\"notificationEmail\":\"a@b.example\"}", Http.bearer(agent.token()));
            assertEquals(403, forbidden.status());
            var ok = OfflineFixture.putOffline(node, site, new JsonObject().put("notificationEmail", "team@x.example"));
            assertEquals("team@x.example", ok.json().getString("notificationEmail"));
            assertTrue(ok.json().getBoolean("smtpConfigured"));
        }
    }
}
