package dev.parley.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import dev.parley.tracking.TrackingOptions;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One address may start only so many new visitors per minute (default 30); returning visitors are not counted. */
class NewVisitorLimitTest {

    static WsClient hello(TestNode node, String siteKey, String token, Map<String, String> headers) {
        var ws = WsClient.connect(node.port(), null, headers);
        ws.send(WsClient.visitorHello(siteKey, token, null));
        return ws;
    }

    @Test
    void the_thirty_first_new_visitor_from_one_address_in_a_minute_gets_rate_limited_and_is_closed() {
        assertEquals(30, TrackingOptions.DEFAULTS.newVisitorsPerMinute());
        try (var node = TestNode.start(Backend.SQLITE, s -> s.withTracking(s.tracking().withNewVisitorsPerMinute(30)))) {
            var site = node.newSite();
            var open = new ArrayList<WsClient>();
            try {
                for (int i = 0; i < 30; i++) {
                    open.add(node.visitor(site));
                }
                try (var refused = hello(node, site.key(), null, Map.of())) {
                    var error = refused.awaitError("rate_limited");
                    assertTrue(error.getString("message").contains("new visitors"), error.encode());
                    assertEquals(1008, refused.awaitClose());
                }
                try (var forged = hello(node, site.key(), "v1.forged.token", Map.of())) {
                    forged.awaitError("rate_limited");
                }
                // A visitor that kept its token is someone we know: not a new visitor.
                try (var returning = node.visitor(site.key(), TestNode.token(open.get(0)))) {
                    assertEquals(TestNode.visitorId(open.get(0)), TestNode.visitorId(returning));
                }
            } finally {
                open.forEach(WsClient::close);
            }
        }
    }

    @Test
    void behind_a_trusted_proxy_each_forwarded_address_has_its_own_allowance() {
        try (var node = TestNode.start(Backend.SQLITE,
                s -> s.withTracking(s.tracking().withTrustProxy(true).withNewVisitorsPerMinute(2)))) {
            var site = node.newSite();
            var first = Map.of("X-Forwarded-For", "198.51.100.7");
            var second = Map.of("X-Forwarded-For", "203.0.113.9");
            // One after another: connections sent at once reach the limiter in any order.
            try (var a = hello(node, site.key(), null, first)) {
                a.awaitType("session.welcome");
                try (var b = hello(node, site.key(), null, first)) {
                    b.awaitType("session.welcome");
                    try (var c = hello(node, site.key(), null, first)) {
                        c.awaitError("rate_limited");
                        try (var d = hello(node, site.key(), null, second)) {
                            d.awaitType("session.welcome");
                        }
                    }
                }
            }
        }
    }

    @Test
    void ipv6_addresses_count_by_their_64_bit_network() {
        assertEquals(NewVisitorLimit.keyOf("2001:db8:1:2::1"), NewVisitorLimit.keyOf("2001:db8:1:2:ffff::9"));
        assertTrue(!NewVisitorLimit.keyOf("2001:db8:1:2::1").equals(NewVisitorLimit.keyOf("2001:db8:1:3::1")));
        assertEquals("192.0.2.1", NewVisitorLimit.keyOf("192.0.2.1"));
    }
}
