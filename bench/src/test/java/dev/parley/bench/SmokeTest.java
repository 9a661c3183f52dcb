package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.ParleyNode;
import dev.parley.account.Agent;
import dev.parley.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's own check, run by {@code ./mvnw verify}: a few hundred clients for a few seconds against a real node on
 * SQLite (and against the relay) lose and duplicate nothing, including across a mass drop and reconnect. Timing is
 * reported, never asserted: this machine is shared.
 */
class SmokeTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void parley_on_sqlite_delivers_every_message_exactly_once_across_a_mass_reconnect(@TempDir Path dir) throws Exception {
        var settings = Settings.defaults(dir).withPort(0)
                .withLimits(4000, 10_000, Duration.ofSeconds(10), 1000);
        // 300 new visitors from one address at once: far over the per-address limit a real site needs.
        settings = settings.withTracking(settings.tracking().withNewVisitorsPerMinute(1_000_000));
        var node = ParleyNode.start(settings);
        Generator generator = null;
        try {
            var sites = new JsonArray();
            for (int i = 0; i < 2; i++) {
                var site = node.accounts().createSite("Smoke " + i, List.of());
                var agent = node.accounts().addAgent(site.id(), "agent" + i + "@smoke.test", "correct horse " + i,
                        "Agent " + i, Agent.OWNER).orElseThrow();
                sites.add(new JsonObject().put("key", site.key()).put("agentToken", node.accounts().createSession(agent)));
            }
            generator = new Generator(config(node.port(), sites));
            var connected = generator.connect().await(60, TimeUnit.SECONDS);
            assertEquals(302, connected.getInteger("connected"), connected::encodePrettily);
            assertEquals(100, connected.getInteger("conversationsReady"), connected::encodePrettily);

            var result = generator.run(step(400, 4).put("dropAtSeconds", 1.5).put("reconnectJitterMs", 1000)
                    .put("drainSeconds", 20)).await(60, TimeUnit.SECONDS);
            System.out.println("smoke (parley, sqlite): " + summary(result));
            assertNothingLostOrDuplicated(result);
            assertEquals(result.getLong("dropped"), result.getLong("resumed"), "every dropped client resumed");

            var metrics = httpGet(node.port(), "/metrics");
            assertTrue(metrics.contains("# TYPE parley_websocket_connections gauge\nparley_websocket_connections 302\n"), metrics);
            assertTrue(metrics.matches("(?s).*\nparley_writer_ops_total [1-9][0-9]*\n.*"), metrics);
            assertTrue(metrics.contains("parley_writer_batch_size_bucket{le=\"+Inf\"}"), metrics);
        } finally {
            if (generator != null) {
                generator.close().await(10, TimeUnit.SECONDS);
            }
            node.stop();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void relay_baseline_speaks_enough_protocol_for_the_same_generator() throws Exception {
        var vertx = Vertx.vertx();
        var relay = new Relay(vertx);
        Generator generator = null;
        try {
            int port = relay.listen("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
            var sites = new JsonArray().add(new JsonObject().put("key", "relay-0").put("agentToken", "relay:relay-0"));
            generator = new Generator(config(port, sites));
            var connected = generator.connect().await(60, TimeUnit.SECONDS);
            assertEquals(301, connected.getInteger("connected"), connected::encodePrettily);
            var result = generator.run(step(400, 2)).await(30, TimeUnit.SECONDS);
            System.out.println("smoke (relay): " + summary(result));
            assertNothingLostOrDuplicated(result);
        } finally {
            if (generator != null) {
                generator.close().await(10, TimeUnit.SECONDS);
            }
            relay.close().await(5, TimeUnit.SECONDS);
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    private static String httpGet(int port, String path) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    private static JsonObject config(int port, JsonArray sites) {
        return new JsonObject().put("name", "smoke").put("host", "127.0.0.1").put("port", port)
                .put("localAddress", "127.0.0.1").put("sites", sites)
                .put("activeVisitors", 100).put("idleVisitors", 200).put("heartbeatMs", 1000);
    }

    private static JsonObject step(double rate, double seconds) {
        return new JsonObject().put("rate", rate).put("seconds", seconds)
                .put("startEpochMs", System.currentTimeMillis() + 200).put("drainSeconds", 10);
    }

    private static void assertNothingLostOrDuplicated(JsonObject result) {
        assertTrue(result.getLong("sent") > 0, result::encodePrettily);
        assertEquals(0, result.getLong("lost"), "lost");
        assertEquals(0, result.getLong("duplicates"), "duplicated");
        assertEquals(0, result.getLong("failed"), "failed");
        assertEquals(result.getLong("sent"), result.getLong("delivered"), "delivered");
        assertEquals(result.getLong("sent"), result.getLong("acked"), "acked");
    }

    private static String summary(JsonObject result) {
        var copy = result.copy();
        var delivery = Histograms.summary(Histograms.decode(result.getJsonObject("histograms").getString("delivery")));
        copy.remove("histograms");
        return copy.put("deliveryMs", delivery).encode();
    }
}
