package dev.parley.offline;

import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Availability = an agent online AND within business hours, decided by the hub in the site's zone. The timer tests
 * run a node whose clock is shifted to a few seconds before a Berlin DST change, so the hub's own timer must flip the
 * visitors live.
 */
class HoursAvailabilityTest {
    static final Duration PING = Duration.ofMillis(500);

    static Predicate<JsonObject> status(boolean online, String reason) {
        return f -> isType(f, "agents.status") && f.getBoolean("online") == online && java.util.Objects.equals(reason, f.getString("reason"));
    }

    static JsonObject hours(String zone, String days) {
        return new JsonObject().put("hours", new JsonObject("{\"timeZone\":\"" + zone + "\",\"days\":" + days + "}"));
    }

    static TestNode nodeAt(Instant pretendNow) {
        var clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), pretendNow));
        return TestNode.start(Backend.SQLITE, s -> s.withMail(s.mail().withClock(clock)));
    }

    @Test
    void hours_changed_in_settings_flip_visitors_live_and_the_reason_says_why() {
        try (var node = TestNode.start(Backend.SQLITE)) {
            var site = node.newSite();
            try (var agent = node.owner(site).keepAlive(PING); var visitor = node.visitor(site).keepAlive(PING)) {
                assertTrue(visitor.welcome.getBoolean("agentsOnline"));
                assertNull(visitor.welcome.getString("offlineReason"));
                assertEquals(200, OfflineFixture.putOffline(node, site, hours("Europe/Berlin", "{}")).status());
                visitor.await("closed", status(false, "closed"));
                try (var late = node.visitor(site)) {
                    assertFalse(late.welcome.getBoolean("agentsOnline"));
                    assertEquals("closed", late.welcome.getString("offlineReason"));
                }
                assertEquals(200, OfflineFixture.putOffline(node, site, new JsonObject().putNull("hours")).status());
                visitor.await("open again", status(true, null));
                agent.send(new JsonObject().put("type", "presence.set").put("status", "away"));
                visitor.await("no agents", status(false, "no_agents"));
            }
        }
    }

    @Test
    void a_bad_schedule_is_refused_with_the_reason_and_changes_nothing() {
        try (var node = TestNode.start(Backend.SQLITE)) {
            var site = node.newSite();
            var r = OfflineFixture.putOffline(node, site, hours("Europe/Berlin", "{\"mon\":[{\"from\":\"17:00\",\"to\":\"09:00\"}]}"));
            assertEquals(400, r.status());
            assertEquals("bad_hours", r.json().getString("error"));
            assertTrue(r.json().getString("message").contains("ends before it starts"));
            var unknown = OfflineFixture.putOffline(node, site, hours("Mars/Olympus", "{}"));
            assertTrue(unknown.json().getString("message").startsWith("Unknown time zone 'Mars/Olympus'"));
            var now = node.http().get("/api/site/offline", dev.parley.testing.Http.bearer(site.ownerToken())).json();
            assertNull(now.getValue("hours"));
            assertTrue(now.getBoolean("openNow"));
        }
    }

    @Test
    void the_hub_closes_at_the_spring_forward_jump_by_its_own_timer() {
        // 2026-03-29 00:59:54 UTC = 01:59:54 CET (node start and sign-in take a second or two); six seconds later the clock reads 03:00 CEST, past 02:30.
        try (var node = nodeAt(Instant.parse("2026-03-29T00:59:54Z"))) {
            var site = node.newSite();
            OfflineFixture.putOffline(node, site, hours("Europe/Berlin", "{\"sun\":[{\"from\":\"01:00\",\"to\":\"02:30\"}]}"));
            try (var agent = node.owner(site).keepAlive(PING); var visitor = node.visitor(site).keepAlive(PING)) {
                assertTrue(visitor.welcome.getBoolean("agentsOnline"), "before 02:00 CET it is open");
                visitor.await("closed at 03:00 CEST", status(false, "closed"), Duration.ofSeconds(12));
            }
        }
    }

    @Test
    void the_hub_reopens_in_the_repeated_hour_after_fall_back() {
        // 2026-10-25 00:59:54 UTC = 02:59:54 CEST (closed: past 02:30); at 01:00 UTC the clock reads 02:00 CET again.
        try (var node = nodeAt(Instant.parse("2026-10-25T00:59:54Z"))) {
            var site = node.newSite();
            OfflineFixture.putOffline(node, site, hours("Europe/Berlin", "{\"sun\":[{\"from\":\"02:00\",\"to\":\"02:30\"}]}"));
            try (var agent = node.owner(site).keepAlive(PING); var visitor = visitorOf(node, site)) {
                assertEquals("closed", visitor.welcome.getString("offlineReason"));
                visitor.await("open at 02:00 CET", status(true, null), Duration.ofSeconds(12));
            }
        }
    }

    static WsClient visitorOf(TestNode node, TestSite site) {
        return node.visitor(site).keepAlive(PING);
    }
}
