import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The visitor flood of the hardening review, bounded: ITERATIONS times a new visitor (no token) connects, sends PAGES
 * page.viewed frames (2 KB url, 300-character title, 2 KB referrer) and closes; one agent watches and counts the
 * visitor.updated bytes it receives. Run with the server jar on the class path (it holds Vert.x):
 *   java -cp server/target/parley.jar bench/flood/Flood.java PORT SITE_KEY AGENT_EMAIL AGENT_PASSWORD [ITERATIONS] [PAGES]
 */
public class Flood {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String siteKey = args[1];
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int pages = args.length > 5 ? Integer.parseInt(args[5]) : 55;
        var vertx = Vertx.vertx();
        var http = vertx.createHttpClient();
        var login = http.request(io.vertx.core.http.HttpMethod.POST, port, "127.0.0.1", "/api/agent/login")
                .compose(r -> r.putHeader("content-type", "application/json")
                        .send(new JsonObject().put("email", args[2]).put("password", args[3]).encode()))
                .compose(r -> r.body()).await(30, TimeUnit.SECONDS).toJsonObject();
        var client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 << 20));
        var agent = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                .await(10, TimeUnit.SECONDS);
        var agentBytes = new AtomicLong();
        var updates = new AtomicLong();
        agent.textMessageHandler(t -> {
            if (t.contains("\"visitor.updated\"")) {
                updates.incrementAndGet();
                agentBytes.addAndGet(t.length());
            }
        });
        agent.writeTextMessage(new JsonObject().put("type", "session.hello").put("role", "agent")
                .put("token", login.getString("token")).encode());
        var tail = "/" + "u".repeat(2000); // the distinct part first: the server clips urls at 2,048 characters
        var title = "t".repeat(300);
        var referrer = "https://ref.example/" + "r".repeat(2030);
        long refused = 0;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            var ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                    .await(10, TimeUnit.SECONDS);
            var welcome = new java.util.concurrent.CompletableFuture<String>();
            ws.textMessageHandler(t -> {
                if (!welcome.isDone()) {
                    welcome.complete(t);
                }
            });
            ws.writeTextMessage(new JsonObject().put("type", "session.hello").put("role", "visitor").put("site", siteKey).encode());
            var first = welcome.get(10, TimeUnit.SECONDS);
            if (!first.contains("session.welcome")) {
                refused++;
                ws.close().await(10, TimeUnit.SECONDS);
                continue;
            }
            for (int p = 0; p < pages; p++) {
                ws.writeTextMessage(new JsonObject().put("type", "page.viewed").put("url", "https://shop.example/" + i + "/" + p + tail)
                        .put("title", title).put("referrer", referrer).encode());
            }
            ws.close().await(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Coalesced announcements trail by up to a second: wait until none has come for 1.5 s (at most 10 s).
        long quietSince = System.nanoTime();
        long seen = updates.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(1500) && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling the count, not waiting for time to pass
            if (updates.get() != seen) {
                seen = updates.get();
                quietSince = System.nanoTime();
            }
        }
        System.out.printf("iterations %d, refused (rate_limited) %d, %.1f s; agent got %d visitor.updated, %.1f MB (%.0f KB/s)%n",
                iterations, refused, seconds, updates.get(), agentBytes.get() / 1e6, agentBytes.get() / 1e3 / seconds);
        vertx.close();
    }
}
