package dev.parley.testing;

import dev.parley.ParleyNode;
import dev.parley.account.Agent;
import dev.parley.config.Settings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real Parley node on a random port over a throw-away database. Tests share one per class and isolate themselves
 * by creating a fresh site ({@link #newSite}) each.
 */
public final class TestNode implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TestDatabase db;
    private final boolean ownsDb;
    private final Settings settings;
    private ParleyNode node;

    private TestNode(TestDatabase db, boolean ownsDb, Settings settings) {
        this.db = db;
        this.ownsDb = ownsDb;
        this.settings = settings;
    }

    public static TestNode start(Backend backend) {
        return start(backend, s -> s);
    }

    public static TestNode start(Backend backend, UnaryOperator<Settings> configure) {
        var db = backend.create();
        try {
            return start(db, true, configure);
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
    }

    /** A node on an existing database; {@code ownsDb} decides whether {@link #close} drops it. */
    public static TestNode start(TestDatabase db, boolean ownsDb, UnaryOperator<Settings> configure) {
        var defaults = Settings.defaults(db.dataDir()).withPort(0).withDbUrl(db.url());
        // Every test visitor comes from 127.0.0.1: the per-address limit on new visitors is for the tests that test it.
        defaults = defaults.withTracking(defaults.tracking().withNewVisitorsPerMinute(1_000_000));
        var settings = configure.apply(defaults);
        var test = new TestNode(db, ownsDb, settings);
        test.node = startNode(settings);
        return test;
    }

    private static ParleyNode startNode(Settings settings) {
        try {
            return ParleyNode.start(settings);
        } catch (Exception e) {
            throw new IllegalStateException("node did not start: " + e.getMessage(), e);
        }
    }

    public ParleyNode node() {
        return node;
    }

    public dev.parley.account.AccountStore accounts() {
        return node.accounts();
    }

    public TestDatabase db() {
        return db;
    }

    public Settings settings() {
        return settings;
    }

    public int port() {
        return node.port();
    }

    /** The node's own origin, as the chat page and console send it. */
    public String selfOrigin() {
        return "http://127.0.0.1:" + port();
    }

    public Http http() {
        return new Http(port());
    }

    /** Graceful stop, then a new node on the same settings and database (a new random port). */
    public void restart() {
        node.stop();
        node = startNode(settings);
    }

    // ---- tenants -----------------------------------------------------------------------------------------

    /** A new site with an owner who has a session; {@code origins} must be normalized (https://host[:port]). */
    public TestSite newSite(String... origins) {
        int n = SEQUENCE.incrementAndGet();
        try {
            var site = node.accounts().createSite("Site " + n, List.of(origins));
            var email = "owner" + n + "-" + suffix() + "@test.example";
            var password = "owner-password-" + n;
            var owner = node.accounts().addAgent(site.id(), email, password, "Owner " + n, Agent.OWNER).orElseThrow();
            return new TestSite(site, owner, email, password, node.accounts().createSession(owner));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public TestAgent addAgent(TestSite site, String role) {
        int n = SEQUENCE.incrementAndGet();
        try {
            var email = "agent" + n + "-" + suffix() + "@test.example";
            var password = "agent-password-" + n;
            var agent = node.accounts().addAgent(site.id(), email, password, "Agent " + n, role).orElseThrow();
            return new TestAgent(agent, email, password, node.accounts().createSession(agent));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String suffix() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    // ---- connections -----------------------------------------------------------------------------------

    public WsClient connect(String origin) {
        return WsClient.connect(port(), origin);
    }

    /** A new visitor of {@code site}, welcomed (no Origin header: a non-browser client). */
    public WsClient visitor(TestSite site) {
        return visitor(site.key(), null);
    }

    /** A visitor presenting {@code token} (null: none), welcomed. */
    public WsClient visitor(String siteKey, String token) {
        var ws = connect(null);
        ws.hello(WsClient.visitorHello(siteKey, token, null));
        return ws;
    }

    /** A browser tab on {@code origin} (no chat iframe): the Origin header is what the server checks. */
    public WsClient visitorFrom(String origin, TestSite site) {
        var ws = connect(origin);
        ws.hello(WsClient.visitorHello(site.key(), null, null));
        return ws;
    }

    public WsClient agent(String token) {
        var ws = connect(null);
        ws.hello(WsClient.agentHello(token));
        return ws;
    }

    public WsClient owner(TestSite site) {
        return agent(site.ownerToken());
    }

    public static String visitorId(WsClient visitor) {
        return visitor.welcome.getString("visitorId");
    }

    public static String token(WsClient visitor) {
        return visitor.welcome.getString("token");
    }

    /** The visitor sends a first message and waits for its ack; returns the new conversation's id. */
    public static String startConversation(WsClient visitor, String text) {
        var clientId = WsClient.newClientId();
        visitor.sendMessage(clientId, null, text);
        JsonObject ack = visitor.awaitAck(clientId);
        return ack.getString("conversationId");
    }

    @Override
    public void close() {
        try {
            node.stop();
        } finally {
            if (ownsDb) {
                db.close();
            }
        }
    }
}
