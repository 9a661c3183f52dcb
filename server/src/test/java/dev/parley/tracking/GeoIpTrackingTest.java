package dev.parley.tracking;

import static dev.parley.testing.TestNode.visitorId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.ParleyNode;
import dev.parley.config.Settings;
import dev.parley.testing.Backend;
import dev.parley.testing.MmdbWriter;
import dev.parley.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Country and city from an operator's MaxMind database, the client address behind a proxy, and bad database files. */
class GeoIpTrackingTest {
    @TempDir
    Path dir;

    Path cityDatabase() throws Exception {
        return new MmdbWriter("GeoLite2-City")
                .add("81.2.69.0", 24, MmdbWriter.cityRecord("GB", "United Kingdom", "London"))
                .add("175.16.199.0", 24, MmdbWriter.cityRecord("CN", "China", "Changchun"))
                .write(dir.resolve("GeoLite2-City-Test.mmdb"));
    }

    static JsonObject visitorSeenBy(TestNode node, dev.parley.testing.TestSite site, Map<String, String> headers) {
        try (var agent = node.owner(site); var visitor = VisitorTrackingTest.visitor(node, headers,
                VisitorTrackingTest.hello(site.key(), null, "https://shop.example/", "Home", "", null))) {
            return VisitorTrackingTest.awaitVisitor(agent, visitorId(visitor), v -> true);
        }
    }

    @Test
    void behind_a_trusted_proxy_the_forwarded_address_gives_country_and_city() throws Exception {
        var db = cityDatabase();
        try (var node = TestNode.start(Backend.SQLITE, s -> s.withTracking(s.tracking().withTrustProxy(true).withGeoIpDatabase(db)))) {
            var site = node.newSite();
            var london = visitorSeenBy(node, site, Map.of("X-Forwarded-For", "10.1.1.1, 81.2.69.142"));
            assertEquals("81.2.69.142", london.getString("ip"));
            assertEquals("United Kingdom", london.getString("country"));
            assertEquals("GB", london.getString("countryCode"));
            assertEquals("London", london.getString("city"));

            var changchun = visitorSeenBy(node, site, Map.of("X-Forwarded-For", "175.16.199.7"));
            assertEquals("China", changchun.getString("country"));
            assertEquals("Changchun", changchun.getString("city"));

            var direct = visitorSeenBy(node, site, Map.of());
            assertEquals("127.0.0.1", direct.getString("ip"), "no header: the connection's own address");
            assertNull(direct.getString("country"), "an address the database does not know is unknown");

            var forged = visitorSeenBy(node, site, Map.of("X-Forwarded-For", "81.2.69.142, not-an-address"));
            assertEquals("127.0.0.1", forged.getString("ip"), "a last entry that is no address is ignored");
        }
    }

    @Test
    void without_trust_proxy_the_forwarded_header_is_ignored() throws Exception {
        var db = cityDatabase();
        try (var node = TestNode.start(Backend.SQLITE, s -> s.withTracking(s.tracking().withGeoIpDatabase(db)))) {
            var v = visitorSeenBy(node, node.newSite(), Map.of("X-Forwarded-For", "81.2.69.142"));
            assertEquals("127.0.0.1", v.getString("ip"));
            assertNull(v.getString("country"));
        }
    }

    @Test
    void a_corrupt_database_file_stops_the_node_from_starting_with_a_message_naming_the_option() throws Exception {
        var corrupt = Files.write(dir.resolve("broken.mmdb"), new byte[4096]);
        var settings = Settings.defaults(dir).withPort(0).withHost("127.0.0.1")
                .withTracking(dev.parley.tracking.TrackingOptions.DEFAULTS.withGeoIpDatabase(corrupt));
        var e = assertThrows(IllegalArgumentException.class, () -> ParleyNode.start(settings));
        assertTrue(e.getMessage().startsWith("--geoip-db " + corrupt), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("parley.db")), "nothing was started or written");
    }
}
