package dev.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import dev.parley.mail.SmtpConfig;
import dev.parley.testing.Http;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When nobody can answer, in Chromium: the live switch to the leave-a-message form and back, a left message reaching
 * the in-process SMTP server and the console, an answer by email from the console, and business hours judged in the
 * site's zone whatever zone the visitor's browser is in.
 */
class OfflineE2eTest {
    static BrowserHarness harness;
    static GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        harness = new BrowserHarness(s -> s.withMail(s.mail()
                .withSmtp(new SmtpConfig("127.0.0.1", port, SmtpConfig.Tls.NONE, null, null, "parley@test.example"))
                .withRetry(Duration.ofMillis(500), Duration.ofSeconds(2), 5, Duration.ofMillis(200))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    static Http http() {
        return new Http(harness.node.port());
    }

    static String ownerToken(BrowserHarness.SiteWithAgent s) {
        var r = http().post("/api/agent/login", new JsonObject().put("email", s.email()).put("password", s.password()).encode());
        assertEquals(200, r.status(), r.body());
        return r.json().getString("token");
    }

    static void putOffline(BrowserHarness.SiteWithAgent s, JsonObject body) {
        var r = http().put("/api/site/offline", body.encode(), Http.bearer(ownerToken(s)));
        assertEquals(200, r.status(), r.body());
    }

    /** Opens the chat window on a fresh customer page; waits until it is connected. */
    static FrameLocator openChat(Page visitor, BrowserHarness.SiteWithAgent s) {
        visitor.navigate(harness.embeddingPage("/offline-" + System.nanoTime() + ".html", s.site(), "", "<p>Shop</p>", null));
        BrowserHarness.openWindow(visitor);
        assertThat(visitor.getByTestId("parley-frame")).isVisible();
        var chat = visitor.frameLocator("[data-testid=parley-frame]");
        assertThat(chat.getByTestId("connection-status")).hasAttribute("data-state", "online");
        return chat;
    }

    static MimeMessage awaitMailTo(String address) {
        return dev.parley.testing.Eventually.value("mail to " + address, java.time.Duration.ofSeconds(15),
                () -> Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElse(null));
    }

    static String body(MimeMessage mail) throws Exception {
        return mail.getContent().toString().replace("\r\n", "\n");
    }

    @Test
    void the_chat_switches_to_the_form_when_the_last_agent_signs_out_and_back_when_one_signs_in() throws Exception {
        var s = harness.newSite("Ann");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        var chat = openChat(visitor, s);
        assertThat(chat.getByTestId("agent-status")).hasAttribute("data-status", "online");
        assertThat(chat.getByTestId("composer-form")).isVisible();
        assertThat(chat.getByTestId("leave-message-form")).isHidden();
        chat.getByTestId("composer").click();
        BrowserHarness.typeInFrame(chat.getByTestId("composer"), "Is the red bike in stock?");
        chat.getByTestId("send").click();
        assertThat(chat.locator("[data-testid=message][data-seq='1']")).containsText("Is the red bike in stock?");

        console.getByTestId("logout").click();
        console.getByTestId("login-email").waitFor();

        // No reload: the open page follows the server's agents.status.
        assertThat(chat.getByTestId("leave-message-form")).isVisible();
        assertThat(chat.getByTestId("composer-form")).isHidden();
        assertThat(chat.getByTestId("agent-status")).hasAttribute("data-status", "offline");
        assertThat(chat.locator("[data-testid=message][data-seq='1']")).containsText("Is the red bike in stock?");

        console.getByTestId("login-email").fill(s.email());
        console.getByTestId("login-password").fill(s.password());
        console.getByTestId("login-submit").click();
        assertThat(chat.getByTestId("composer-form")).isVisible();
        assertThat(chat.getByTestId("leave-message-form")).isHidden();
        visitor.context().close();
        console.context().close();
    }

    @Test
    void a_left_message_reaches_the_smtp_server_and_the_console_live_and_is_answered_by_email() throws Exception {
        var s = harness.newSite("Ann");
        putOffline(s, new JsonObject().put("notificationEmail", "team@bikes.example"));
        var console = harness.signedInConsole(s);
        console.getByTestId("presence-toggle").click(); // away: nobody can answer, but the console stays open
        assertThat(console.getByTestId("presence-toggle")).hasAttribute("data-status", "away");
        console.getByTestId("messages-link").click();
        assertThat(console.getByTestId("messages-empty")).isVisible();

        var visitor = harness.newContext().newPage();
        var chat = openChat(visitor, s);
        var form = chat.getByTestId("leave-message-form");
        assertThat(form).isVisible();

        // The form explains what is missing before anything is sent.
        chat.getByTestId("leave-submit").click();
        assertThat(chat.getByTestId("leave-name-error")).isVisible();
        assertThat(chat.getByTestId("leave-contact-error")).isVisible();
        assertThat(chat.getByTestId("leave-text-error")).isVisible();

        BrowserHarness.typeInFrame(chat.getByTestId("leave-name"), "Zoë <b>Müller</b>");
        BrowserHarness.typeInFrame(chat.getByTestId("leave-email"), "zoe@visitor.example");
        BrowserHarness.typeInFrame(chat.getByTestId("leave-text"), "Do you ship to Norway? 你好 😀");
        chat.getByTestId("leave-submit").click();
        assertThat(chat.getByTestId("leave-message-sent")).isVisible();
        assertThat(chat.getByTestId("leave-message-sent")).containsText("Zoë <b>Müller</b>");

        var notification = awaitMailTo("team@bikes.example");
        assertTrue(body(notification).contains("Do you ship to Norway? 你好 😀"), body(notification));

        // Live in the console, with the badge, and the visitor's text shown as text.
        var row = console.getByTestId("left-message").first();
        assertThat(row.getByTestId("left-message-text")).hasText("Do you ship to Norway? 你好 😀");
        assertThat(row.getByTestId("left-message-name")).hasText("Zoë <b>Müller</b>");
        assertThat(console.getByTestId("messages-count-new")).hasText("1");
        assertThat(row.getByTestId("notification-status")).hasAttribute("data-status", "sent");

        row.getByTestId("reply-open").click();
        row.getByTestId("reply-text").fill("Yes, we ship to Norway, Zoë.");
        row.getByTestId("reply-send").click();
        var answer = awaitMailTo("zoe@visitor.example");
        assertTrue(body(answer).startsWith("Yes, we ship to Norway, Zoë."), body(answer));
        assertThat(row.getByTestId("reply-status")).hasAttribute("data-status", "sent");
        assertThat(row).hasAttribute("data-status", "handled");
        visitor.context().close();
        console.context().close();
    }

    @Test
    void a_slow_or_failed_submission_gives_feedback_and_keeps_the_typed_text() throws Exception {
        var s = harness.newSite("Ann");
        var visitor = harness.newContext().newPage();
        var chat = openChat(visitor, s);
        assertThat(chat.getByTestId("leave-message-form")).isVisible();
        BrowserHarness.typeInFrame(chat.getByTestId("leave-name"), "Bo");
        BrowserHarness.typeInFrame(chat.getByTestId("leave-phone"), "+47 22 33 44 55");
        BrowserHarness.typeInFrame(chat.getByTestId("leave-text"), "Please call me back");
        // A slow network that then fails: the button says Sending… while waiting, then an error, and nothing typed is lost.
        var held = new java.util.concurrent.atomic.AtomicReference<com.microsoft.playwright.Route>();
        visitor.route("**/api/leave-message", held::set);
        chat.getByTestId("leave-submit").click();
        assertThat(chat.getByTestId("leave-submit")).isDisabled();
        assertThat(chat.getByTestId("leave-submit")).hasText("Sending…");
        visitor.waitForCondition(() -> held.get() != null);
        held.get().abort();
        assertThat(chat.getByTestId("leave-error")).isVisible();
        assertThat(chat.getByTestId("leave-submit")).isEnabled();
        assertThat(chat.getByTestId("leave-text")).hasValue("Please call me back");
        visitor.unroute("**/api/leave-message");
        chat.getByTestId("leave-submit").click();
        assertThat(chat.getByTestId("leave-message-sent")).isVisible();
        visitor.context().close();
    }

    /** An interval on today's weekday (in {@code zone}) that contains the current time there. */
    static JsonObject hoursAroundNowIn(ZoneId zone, String siteZone) {
        var now = ZonedDateTime.now(zone);
        int minute = now.getHour() * 60 + now.getMinute();
        int from = Math.max(0, minute - 60);
        int to = Math.min(24 * 60, minute + 61);
        var day = now.getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT);
        var interval = new JsonObject().put("from", hhmm(from)).put("to", hhmm(to));
        return new JsonObject().put("hours", new JsonObject().put("timeZone", siteZone)
                .put("days", new JsonObject().put(day, new io.vertx.core.json.JsonArray().add(interval))));
    }

    static String hhmm(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    @Test
    void business_hours_are_judged_in_the_sites_zone_not_the_visitors() throws Exception {
        var tokyo = ZoneId.of("Asia/Tokyo");
        var losAngeles = ZoneId.of("America/Los_Angeles");
        // Open now by Tokyo's clock: a visitor whose browser is in Los Angeles can chat.
        var openInTokyo = harness.newSite("Ann");
        putOffline(openInTokyo, hoursAroundNowIn(tokyo, "Asia/Tokyo"));
        // The same kind of hours written for Los Angeles' clock but in Tokyo's zone: closed now, even for that visitor.
        var closedInTokyo = harness.newSite("Ben");
        putOffline(closedInTokyo, hoursAroundNowIn(losAngeles, "Asia/Tokyo"));
        var consoleA = harness.signedInConsole(openInTokyo);
        var consoleB = harness.signedInConsole(closedInTokyo);

        var laBrowser = harness.browser.newContext(new Browser.NewContextOptions().setTimezoneId("America/Los_Angeles"));
        var visitor = laBrowser.newPage();
        assertEquals("America/Los_Angeles", visitor.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone"));
        var chatA = openChat(visitor, openInTokyo);
        assertThat(chatA.getByTestId("composer-form")).isVisible();
        assertThat(chatA.getByTestId("leave-message-form")).isHidden();

        var visitorB = laBrowser.newPage();
        var chatB = openChat(visitorB, closedInTokyo);
        assertThat(chatB.getByTestId("leave-message-form")).isVisible();
        assertThat(chatB.getByTestId("agent-status")).containsText("Closed");
        laBrowser.close();
        consoleA.context().close();
        consoleB.context().close();
    }

    @Test
    void the_owner_closes_the_site_in_the_hours_editor_and_an_open_chat_switches_at_once() throws Exception {
        var s = harness.newSite("Ann");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        var chat = openChat(visitor, s);
        assertThat(chat.getByTestId("composer-form")).isVisible();

        console.getByTestId("settings-link").click();
        var section = console.getByTestId("offline-settings");
        assertThat(section).isVisible();
        section.getByTestId("offline-email").fill("owner@bikes.example");
        section.getByTestId("hours-enabled").check();
        section.getByTestId("hours-zone").selectOption("Europe/Berlin");
        // The default is Mon–Fri 09:00–17:00; closing every day leaves the site closed all week.
        for (var day : DayOfWeek.values()) {
            var row = section.getByTestId("day-" + day.name().substring(0, 3).toLowerCase(Locale.ROOT));
            while (row.locator(".interval").count() > 0) {
                row.locator(".interval button").first().click();
            }
        }
        section.getByTestId("offline-save").click();
        assertThat(section.getByTestId("offline-saved")).isVisible();
        assertThat(section.getByTestId("open-now")).containsText("Closed");

        assertThat(chat.getByTestId("leave-message-form")).isVisible();
        assertThat(chat.getByTestId("agent-status")).containsText("Closed");

        console.reload();
        var reloaded = console.getByTestId("offline-settings");
        assertThat(reloaded.getByTestId("offline-email")).hasValue("owner@bikes.example");
        assertThat(reloaded.getByTestId("hours-zone")).hasValue("Europe/Berlin");
        visitor.context().close();
        console.context().close();
    }
}
