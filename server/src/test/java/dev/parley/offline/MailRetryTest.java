package dev.parley.offline;

import static dev.parley.offline.OfflineFixture.leaveAsNewVisitor;
import static dev.parley.offline.OfflineFixture.list;
import static dev.parley.offline.OfflineFixture.notifyTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.mail.SmtpConfig;
import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The mail queue is persistent: SMTP down then up delivers by retry; a restart with a queued mail still sends it. */
class MailRetryTest {

    static TestNode nodeWithSmtpOn(int port, Duration retryBase) {
        return TestNode.start(Backend.SQLITE, s -> s.withMail(s.mail()
                .withSmtp(new SmtpConfig("127.0.0.1", port, SmtpConfig.Tls.NONE, null, null, "parley@test.example"))
                .withRetry(retryBase, retryBase.multipliedBy(4), 20, Duration.ofMillis(200))));
    }

    static JsonObject awaitNotification(TestNode node, String token, Predicate<JsonObject> match) {
        var last = new JsonObject[1];
        try {
            return dev.parley.testing.Eventually.value("the notification to match", Duration.ofSeconds(15), () -> {
                var messages = list(node, token, "all").getJsonArray("messages");
                last[0] = messages.isEmpty() ? null : messages.getJsonObject(0).getJsonObject("notification");
                return last[0] != null && match.test(last[0]) ? last[0] : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError("notification never matched; last: " + last[0], e);
        }
    }

    @Test
    void smtp_down_then_up_the_retry_delivers_and_the_console_saw_the_failure() throws Exception {
        int port = OfflineFixture.freePort();
        try (var node = nodeWithSmtpOn(port, Duration.ofMillis(500))) {
            var site = node.newSite();
            notifyTo(node, site, "team@retry.example");
            leaveAsNewVisitor(node, site, "Ann", "ann@x.example", "", "Are you there?");

            var failed = awaitNotification(node, site.ownerToken(), n -> n.getInteger("attempts") >= 1 && n.getString("error") != null);
            assertEquals("queued", failed.getString("status"), "still queued for a retry");
            assertTrue(failed.getString("error").contains("127.0.0.1"), failed.getString("error"));

            var smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                assertTrue(smtp.waitForIncomingEmail(15_000, 1), "the retry delivered");
                assertTrue(smtp.getReceivedMessages()[0].getContent().toString().contains("Are you there?"));
                var sent = awaitNotification(node, site.ownerToken(), n -> "sent".equals(n.getString("status")));
                assertTrue(sent.getInteger("attempts") >= 2);
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void a_mail_queued_before_a_restart_is_sent_after_it() throws Exception {
        int port = OfflineFixture.freePort();
        // A long backoff: after the first failed attempt nothing is retried before the restart.
        try (var node = nodeWithSmtpOn(port, Duration.ofSeconds(2))) {
            var site = node.newSite();
            notifyTo(node, site, "team@restart.example");
            leaveAsNewVisitor(node, site, "Ann", "ann@x.example", "", "Still queued across a restart");
            awaitNotification(node, site.ownerToken(), n -> n.getInteger("attempts") >= 1);
            node.node().stop();

            var smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                node.restart();
                assertTrue(smtp.waitForIncomingEmail(15_000, 1), "sent by the restarted node");
                assertTrue(smtp.getReceivedMessages()[0].getContent().toString().contains("Still queued across a restart"));
                awaitNotification(node, site.ownerToken(), n -> "sent".equals(n.getString("status")));
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void without_smtp_the_message_is_kept_and_the_console_says_smtp_is_not_configured() {
        try (var node = TestNode.start(Backend.SQLITE)) {
            var site = node.newSite();
            notifyTo(node, site, "team@nosmtp.example");
            assertEquals(201, leaveAsNewVisitor(node, site, "Ann", "ann@x.example", "", "Hello?").status());
            var row = list(node, site.ownerToken(), "new");
            assertEquals(false, row.getBoolean("smtpConfigured"));
            var notification = row.getJsonArray("messages").getJsonObject(0).getJsonObject("notification");
            assertEquals("queued", notification.getString("status"));
            assertEquals(LeftMessages.NO_SMTP, notification.getString("error"));
        }
    }
}
