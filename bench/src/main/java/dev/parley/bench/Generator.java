package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load-generator process: visitors and agents speaking Parley's wire protocol (docs/protocol.md) over non-blocking
 * Vert.x WebSockets, all bound to one source address ({@code localAddress}, e.g. 127.0.0.2) so several processes can
 * together hold more connections than one process may have file descriptors.
 *
 * <p><b>Open loop.</b> Messages are due at fixed instants ({@code start + i / rate}), whatever the server does; latency
 * is measured from that <em>intended</em> instant, so a stalled server (or a stalled generator) shows up as latency
 * instead of silently lowering the offered rate (coordinated omission). A message whose sender is disconnected waits
 * in that client's outbox, like the real clients' outbox, and the wait counts.
 *
 * <p><b>Accounting.</b> Every message has a unique clientId. It is <em>delivered</em> when the other side (agent for
 * a visitor's message, visitor for an agent's) sees it, live or in a {@code conversation.history} after a resume;
 * <em>lost</em> if that never happens before the drain deadline; <em>duplicated</em> if the same clientId shows up
 * under two different sequence numbers (stored twice) or is acked with two different seqs. Seeing the same seq again
 * (a resume overlapping a live frame) is a redelivery, which clients de-duplicate by seq and which is not an error.
 *
 * <p>Everything runs on one event loop (by default), so no state here needs a lock. The process is driven by JSON
 * commands on stdin ({@code connect}, {@code run}, {@code broadcast}, {@code quit}) and answers each with one line
 * {@code @@ {json}} on stdout; it exits by itself after {@code maxLifetimeSeconds} or when stdin closes.
 */
public final class Generator {
    static final String REPLY_PREFIX = "@@ ";

    record SiteSpec(String key, String agentToken) {
    }

    private final JsonObject cfg;
    private final String name;
    private final String host;
    private final int port;
    private final boolean routeLookup;
    private final long heartbeatMs;
    private final String padding;
    private final Vertx vertx;
    private final io.vertx.core.Context context;
    private final WebSocketClient wsClient;
    private final HttpClient http;

    private final List<Client> agents = new ArrayList<>();
    private final List<Client> visitors = new ArrayList<>();
    private final List<Conv> convs = new ArrayList<>();
    private final Map<String, Conv> convById = new HashMap<>();
    private final Map<String, Msg> msgs = new HashMap<>();
    private final Map<String, Client> agentBySite = new HashMap<>();
    private boolean closing;
    private int runNo;

    // statistics of the current command
    private Stats stats = new Stats();

    /** One connection: a visitor tab or an agent console. */
    private final class Client {
        final int id;
        final boolean agent;
        final SiteSpec site;
        WebSocket ws;
        boolean welcomed;
        boolean everWelcomed;
        boolean failed;
        String token;
        String wsHost;
        int wsPort;
        Conv conv;
        final ArrayDeque<Msg> outbox = new ArrayDeque<>(2);
        int pendingResumes;
        long heartbeatTimer = -1;
        int attempts;
        boolean dropped;
        Runnable onWelcome;
        Runnable onFail;

        Client(int id, boolean agent, SiteSpec site) {
            this.id = id;
            this.agent = agent;
            this.site = site;
            this.token = agent ? site.agentToken() : null;
        }
    }

    private static final class Conv {
        final Client visitor;
        final Client agent;
        String id;
        long visitorLastSeq;
        long agentLastSeq;
        boolean visitorResuming;
        boolean agentResuming;

        Conv(Client visitor, Client agent) {
            this.visitor = visitor;
            this.agent = agent;
        }
    }

    private static final class Msg {
        final String clientId;
        final long intended;
        final Conv conv;
        final boolean fromVisitor;
        final boolean warm;
        long ackSeq = -1;
        long deliveredSeq = -1;
        boolean transmitted;

        Msg(String clientId, long intended, Conv conv, boolean fromVisitor, boolean warm) {
            this.clientId = clientId;
            this.intended = intended;
            this.conv = conv;
            this.fromVisitor = fromVisitor;
            this.warm = warm;
        }
    }

    private static final class Stats {
        final Histogram delivery = Histograms.create();
        final Histogram visitorToAgent = Histograms.create();
        final Histogram agentToVisitor = Histograms.create();
        final Histogram ack = Histograms.create();
        final Histogram sendLag = Histograms.create();
        final Histogram resume = Histograms.create();
        final Histogram broadcast = Histograms.create();
        final Map<String, Long> errors = new TreeMap<>();
        long sent, transmitted, acked, delivered, duplicates, redelivered, gaps, failed, pongs, pings;
        long connectErrors, unexpectedCloses, resumed, dropped;
        long[] broadcastMax = new long[0];
        long[] broadcastCount = new long[0];
        long broadcastStart;
        long broadcastInterval;
        /** The count of each {@code invitation.sent} an agent of this process got, in order. */
        JsonArray invitationsSent;
        long dropAt;

        void error(String code) {
            errors.merge(code, 1L, Long::sum);
        }
    }

    public Generator(JsonObject cfg) {
        this.cfg = cfg;
        this.name = cfg.getString("name", "g0");
        this.host = cfg.getString("host", "127.0.0.1");
        this.port = cfg.getInteger("port");
        this.routeLookup = cfg.getBoolean("routeLookup", true);
        this.heartbeatMs = cfg.getLong("heartbeatMs", 20_000L);
        this.padding = "x".repeat(Math.max(0, cfg.getInteger("textBytes", 64) - 24));
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cfg.getInteger("eventLoops", 1))
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1).setBlockedThreadCheckInterval(10_000));
        this.context = vertx.getOrCreateContext();
        var local = cfg.getString("localAddress");
        var wsOptions = new WebSocketClientOptions().setMaxConnections(100_000).setConnectTimeout(15_000)
                .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024);
        var httpOptions = new HttpClientOptions().setKeepAlive(true).setConnectTimeout(15_000);
        if (local != null) {
            wsOptions.setLocalAddress(local);
            httpOptions.setLocalAddress(local);
        }
        this.wsClient = vertx.createWebSocketClient(wsOptions);
        this.http = vertx.createHttpClient(httpOptions, new PoolOptions().setHttp1MaxSize(cfg.getInteger("routePool", 32)));
        var sites = new ArrayList<SiteSpec>();
        for (var s : cfg.getJsonArray("sites")) {
            var site = (JsonObject) s;
            sites.add(new SiteSpec(site.getString("key"), site.getString("agentToken")));
        }
        int next = 0;
        for (var site : sites) {
            if (site.agentToken() != null) {
                var agent = new Client(next++, true, site);
                agents.add(agent);
                agentBySite.put(site.key(), agent);
            }
        }
        int active = cfg.getInteger("activeVisitors", 0);
        int idle = cfg.getInteger("idleVisitors", 0);
        for (int i = 0; i < active + idle; i++) {
            var site = sites.get(i % sites.size());
            var visitor = new Client(next++, false, site);
            if (i < active) {
                var conv = new Conv(visitor, agentBySite.get(site.key()));
                visitor.conv = conv;
                convs.add(conv);
            }
            visitors.add(visitor);
        }
    }

    // ---- commands (each returns on the caller's thread via a future) ------------------------------------------

    public Future<JsonObject> connect() {
        return onContext(promise -> {
            long started = System.currentTimeMillis();
            stats = new Stats();
            connectAll(agents, 200, 50)
                    .compose(v -> connectAll(visitors, cfg.getInteger("connectRate", 2000), cfg.getInteger("connectInFlight", 256)))
                    .compose(v -> warmUp())
                    .onComplete(ar -> {
                        int connected = 0;
                        int failed = 0;
                        for (var c : all()) {
                            if (c.welcomed) {
                                connected++;
                            }
                            if (c.failed) {
                                failed++;
                            }
                        }
                        int ready = 0;
                        for (var c : convs) {
                            if (c.id != null) {
                                ready++;
                            }
                        }
                        promise.complete(new JsonObject().put("event", "connected").put("name", name)
                                .put("connected", connected).put("failed", failed).put("agents", agents.size())
                                .put("visitors", visitors.size()).put("conversationsReady", ready)
                                .put("conversations", convs.size()).put("connectErrors", stats.connectErrors)
                                .put("errors", new JsonObject(new HashMap<>(stats.errors)))
                                .put("elapsedMs", System.currentTimeMillis() - started)
                                .put("warning", ar.failed() ? ar.cause().getMessage() : null));
                    });
        });
    }

    /**
     * Sends {@code rate} messages per second for {@code seconds}, starting at wall-clock {@code startEpochMs}, half from
     * visitors and half from agents (alternating, round-robin over the conversations); optionally drops every
     * connection at {@code dropAtSeconds} and lets them reconnect. Then waits up to {@code drainSeconds} for every
     * message to be delivered and acknowledged.
     */
    public Future<JsonObject> run(JsonObject step) {
        return onContext(promise -> {
            stats = new Stats();
            msgs.clear();
            runNo++;
            var ready = new ArrayList<Conv>();
            for (var c : convs) {
                if (c.id != null && c.agent != null) {
                    ready.add(c);
                }
            }
            double rate = step.getDouble("rate");
            double seconds = step.getDouble("seconds");
            long start = step.getLong("startEpochMs", System.currentTimeMillis() + 200) * 1000;
            long end = start + (long) (seconds * 1_000_000);
            long total = ready.isEmpty() ? 0 : Math.round(rate * seconds);
            long drainUntil = end + (long) (step.getDouble("drainSeconds", 10.0) * 1_000_000);
            double dropAtSeconds = step.getDouble("dropAtSeconds", -1.0);
            long dropAt = dropAtSeconds < 0 ? -1 : start + (long) (dropAtSeconds * 1_000_000);
            long jitterMs = step.getLong("reconnectJitterMs", 5000L);
            String direction = step.getString("direction", "both");
            var state = new long[]{0, 0}; // scheduled, dropped flag
            long[] timers = new long[2];
            timers[0] = vertx.setPeriodic(1, id -> {
                long now = Clock.micros();
                if (now < start) {
                    return;
                }
                if (dropAt >= 0 && state[1] == 0 && now >= dropAt) {
                    state[1] = 1;
                    dropAll(dropAt, jitterMs);
                }
                long due = Math.min(total, (long) ((now - start) * rate / 1_000_000.0) + 1);
                while (state[0] < due) {
                    long i = state[0]++;
                    long intended = start + (long) (i * 1_000_000.0 / rate);
                    var conv = ready.get((int) ((i / 2) % ready.size()));
                    boolean fromVisitor = switch (direction) {
                        case "visitor" -> true;
                        case "agent" -> false;
                        default -> i % 2 == 0;
                    };
                    schedule(new Msg(name + "-" + runNo + "-" + i, intended, conv, fromVisitor, false));
                }
                boolean dropDone = dropAt < 0 || (state[1] == 1 && stats.resumed >= stats.dropped);
                boolean allIn = stats.delivered >= stats.sent && stats.acked >= stats.sent;
                if (state[0] >= total && now >= end && ((allIn && dropDone) || now >= drainUntil)) {
                    vertx.cancelTimer(id);
                    promise.complete(result("run").put("rate", rate).put("seconds", seconds)
                            .put("offered", total).put("conversations", ready.size()));
                }
            });
        });
    }

    /** The text of broadcast number N is this prefix and N; a visitor reads N back from its invitation. */
    static final String BROADCAST_TEXT = "Bench broadcast ";

    /**
     * The agents of this process send {@code count} invitations to every online visitor of their site
     * ({@code invitation.send} with {@code all}), one every {@code intervalMs} from {@code startEpochMs}; each visitor
     * times its {@code invitation.received} against the intended instant of that broadcast (the shared wall clock of
     * {@link Clock}), and the agent keeps the count of each {@code invitation.sent} summary.
     */
    public Future<JsonObject> broadcast(JsonObject step) {
        return onContext(promise -> {
            stats = new Stats();
            int count = step.getInteger("count");
            long interval = step.getLong("intervalMs") * 1000;
            long start = step.getLong("startEpochMs") * 1000;
            stats.broadcastMax = new long[count];
            stats.broadcastCount = new long[count];
            stats.broadcastStart = start;
            stats.broadcastInterval = interval;
            stats.invitationsSent = new JsonArray();
            long end = start + count * interval + (long) (step.getDouble("drainSeconds", 5.0) * 1_000_000);
            var sent = new int[]{0};
            vertx.setPeriodic(1, id -> {
                long now = Clock.micros();
                while (sent[0] < count && now >= start + sent[0] * interval) {
                    var frame = new JsonObject().put("type", "invitation.send").put("all", true)
                            .put("text", BROADCAST_TEXT + sent[0]).encode();
                    for (var a : agents) {
                        send(a, frame);
                    }
                    sent[0]++;
                }
                if (now >= end) {
                    vertx.cancelTimer(id);
                    var maxes = new JsonArray();
                    var counts = new JsonArray();
                    for (int i = 0; i < count; i++) {
                        maxes.add(stats.broadcastMax[i]);
                        counts.add(stats.broadcastCount[i]);
                    }
                    promise.complete(result("broadcast").put("count", count).put("intervalMs", interval / 1000)
                            .put("visitors", visitors.size()).put("perBroadcastMaxMicros", maxes)
                            .put("perBroadcastReceived", counts).put("invitationsSent", stats.invitationsSent));
                }
            });
        });
    }

    /** Closes every connection and stops the event loop. */
    public Future<Void> close() {
        var closed = Promise.<Void>promise();
        context.runOnContext(v -> {
            closing = true;
            for (var c : all()) {
                if (c.ws != null && !c.ws.isClosed()) {
                    c.ws.close();
                }
            }
            vertx.setTimer(300, id -> closed.complete());
        });
        return closed.future().compose(v -> vertx.close());
    }

    // ---- connecting ----------------------------------------------------------------------------------------------

    private Future<Void> connectAll(List<Client> list, int ratePerSecond, int maxInFlight) {
        if (list.isEmpty()) {
            return Future.succeededFuture();
        }
        var promise = Promise.<Void>promise();
        var counters = new int[]{0, 0, 0}; // next, in flight, done
        long deadline = System.currentTimeMillis() + cfg.getLong("connectTimeoutSeconds", 300L) * 1000;
        int perTick = Math.max(1, ratePerSecond / 100);
        vertx.setPeriodic(10, id -> {
            int budget = perTick;
            while (budget-- > 0 && counters[1] < maxInFlight && counters[0] < list.size()) {
                var c = list.get(counters[0]++);
                counters[1]++;
                Runnable done = () -> {
                    counters[1]--;
                    counters[2]++;
                };
                c.onWelcome = done;
                c.onFail = done;
                open(c);
            }
            if (counters[2] >= list.size() || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                if (counters[2] >= list.size()) {
                    promise.complete();
                } else {
                    promise.fail("connect timed out with " + (list.size() - counters[2]) + " clients pending");
                }
            }
        });
        return promise.future();
    }

    /** Each active visitor starts its conversation with one message; its ack names the conversation. */
    private Future<Void> warmUp() {
        if (convs.isEmpty()) {
            return Future.succeededFuture();
        }
        var promise = Promise.<Void>promise();
        long deadline = System.currentTimeMillis() + 120_000;
        int perTick = Math.max(1, cfg.getInteger("warmRate", 1000) / 100);
        var next = new int[]{0};
        vertx.setPeriodic(10, id -> {
            for (int k = 0; k < perTick && next[0] < convs.size(); k++) {
                var conv = convs.get(next[0]++);
                if (conv.id == null && conv.visitor.welcomed) {
                    schedule(new Msg(name + "-w-" + conv.visitor.id, Clock.micros(), conv, true, true));
                }
            }
            boolean allReady = true;
            for (var c : convs) {
                if (!c.visitor.failed && (c.id == null || (c.agent != null && c.agentLastSeq < 1))) {
                    allReady = false;
                    break;
                }
            }
            if ((next[0] >= convs.size() && allReady) || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                promise.complete();
            }
        });
        return promise.future();
    }

    private void open(Client c) {
        if (closing) {
            return;
        }
        if (!c.agent && routeLookup && c.wsHost == null) {
            http.request(HttpMethod.GET, port, host, "/api/route?site=" + c.site.key())
                    .compose(req -> req.putHeader("Origin", "https://shop.example").send())
                    .compose(resp -> resp.body().map(body -> {
                        if (resp.statusCode() != 200) {
                            throw new IllegalStateException("route lookup answered " + resp.statusCode());
                        }
                        return body.toJsonObject();
                    }))
                    .onSuccess(route -> {
                        var ws = URI.create(route.getString("ws"));
                        c.wsHost = ws.getHost();
                        c.wsPort = ws.getPort();
                        openSocket(c);
                    })
                    .onFailure(e -> connectFailed(c, e));
        } else {
            if (c.wsHost == null) {
                c.wsHost = host;
                c.wsPort = port;
            }
            openSocket(c);
        }
    }

    private void openSocket(Client c) {
        var options = new WebSocketConnectOptions().setHost(c.wsHost).setPort(c.wsPort).setURI("/ws");
        if (!c.agent) {
            // The visitor chat page is served by Parley itself; the embedding page's origin travels in the hello.
            options.addHeader("Origin", "http://" + c.wsHost + ":" + c.wsPort);
        }
        wsClient.connect(options).onSuccess(ws -> {
            if (closing) {
                ws.close();
                return;
            }
            c.ws = ws;
            ws.textMessageHandler(text -> onFrame(c, text));
            ws.exceptionHandler(e -> { });
            ws.closeHandler(v -> onClosed(c, ws));
            if (c.agent) {
                send(c, new JsonObject().put("type", "session.hello").put("role", "agent").put("token", c.token).encode());
            } else {
                send(c, new JsonObject().put("type", "session.hello").put("role", "visitor").put("site", c.site.key())
                        .put("token", c.token).put("hostOrigin", "https://shop.example")
                        .put("page", page(c.id, "Product " + c.id)).encode());
            }
        }).onFailure(e -> connectFailed(c, e));
    }

    private static JsonObject page(int id, String title) {
        return new JsonObject().put("url", "https://shop.example/p/" + id).put("title", title)
                .put("referrer", "https://search.example/?q=shoes");
    }

    private void connectFailed(Client c, Throwable e) {
        stats.connectErrors++;
        c.attempts++;
        if (closing) {
            return;
        }
        if (c.attempts > cfg.getInteger("maxConnectAttempts", 12)) {
            c.failed = true;
            System.err.println(name + ": client " + c.id + " gave up: " + e.getMessage());
            fireFail(c);
            return;
        }
        long backoff = Math.min(5000, 250L << Math.min(5, c.attempts));
        vertx.setTimer(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1), id -> open(c));
    }

    private void onClosed(Client c, WebSocket ws) {
        if (c.ws != ws) {
            return;
        }
        c.welcomed = false;
        if (c.heartbeatTimer >= 0) {
            vertx.cancelTimer(c.heartbeatTimer);
            c.heartbeatTimer = -1;
        }
        if (closing) {
            return;
        }
        // The cut socket itself never gets here (dropAll forgets it and schedules the reconnect); this is a socket
        // the server closed, possibly one opened to resume after the drop, so it must be retried like any other.
        stats.unexpectedCloses++;
        if (stats.unexpectedCloses <= 5) {
            System.err.println(name + ": client " + c.id + " closed by server: " + ws.closeStatusCode() + " " + ws.closeReason());
        }
        vertx.setTimer(500 + ThreadLocalRandom.current().nextLong(1000), id -> open(c));
    }

    /** Cuts every TCP connection without a WebSocket close handshake, then reconnects each after a random delay. */
    private void dropAll(long dropAt, long jitterMs) {
        stats.dropAt = dropAt;
        for (var c : all()) {
            if (c.ws == null) {
                continue;
            }
            c.dropped = true;
            stats.dropped++;
            var old = c.ws;
            c.ws = null; // its close event is then ignored by onClosed
            c.welcomed = false;
            if (c.heartbeatTimer >= 0) {
                vertx.cancelTimer(c.heartbeatTimer);
                c.heartbeatTimer = -1;
            }
            if (old instanceof WebSocketInternal internal) {
                internal.channelHandlerContext().channel().close();
            } else {
                old.close();
            }
            c.attempts = 0;
            c.onWelcome = null;
            c.onFail = null;
            vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(Math.max(1, jitterMs)), id -> open(c));
        }
    }

    // ---- frames --------------------------------------------------------------------------------------------------

    private void onFrame(Client c, String text) {
        if (text.startsWith("{\"type\":\"pong\"")) {
            stats.pongs++;
            return;
        }
        if (text.startsWith("{\"type\":\"invitation.received\"")) {
            onInvitation(text);
            return;
        }
        if (text.startsWith("{\"type\":\"conversation.updated\"") || text.startsWith("{\"type\":\"visitor.")
                || text.startsWith("{\"type\":\"presence.changed\"") || text.startsWith("{\"type\":\"typing.changed\"")) {
            return; // console bookkeeping the bench does not check
        }
        JsonObject j;
        try {
            j = new JsonObject(text);
        } catch (RuntimeException e) {
            stats.error("unparseable");
            return;
        }
        switch (j.getString("type", "")) {
            case "session.welcome" -> onWelcome(c, j);
            case "message.ack" -> onAck(j);
            case "message.created" -> onMessage(c, j.getString("conversationId"), j.getLong("seq"),
                    j.getString("clientId"), true);
            case "conversation.history" -> onHistory(c, j);
            case "invitation.sent" -> {
                if (stats.invitationsSent != null) {
                    stats.invitationsSent.add(j.getInteger("count"));
                }
            }
            case "error" -> onError(c, j);
            default -> {
            }
        }
    }

    private void onWelcome(Client c, JsonObject j) {
        c.welcomed = true;
        c.attempts = 0;
        boolean reconnect = c.everWelcomed;
        c.everWelcomed = true;
        c.pendingResumes = 0;
        if (!c.agent) {
            c.token = j.getString("token");
            var conversation = j.getJsonObject("conversation");
            if (c.conv != null && conversation != null) {
                if (c.conv.id == null) {
                    register(c.conv, conversation.getString("id"));
                }
                if (reconnect) {
                    resume(c, c.conv, c.conv.visitorLastSeq, true);
                }
            }
            if (!reconnect) {
                send(c, new JsonObject().put("type", "page.viewed").mergeIn(page(c.id, "Checkout " + c.id)).encode());
            }
        } else if (reconnect) {
            for (var conv : convs) {
                if (conv.agent == c && conv.id != null) {
                    resume(c, conv, conv.agentLastSeq, true);
                }
            }
        }
        startHeartbeat(c);
        for (var m : c.outbox) {
            transmit(c, m);
        }
        if (c.pendingResumes == 0) {
            resumed(c);
        }
        fireWelcome(c);
    }

    private void resumed(Client c) {
        if (c.dropped) {
            c.dropped = false;
            stats.resumed++;
            Histograms.record(stats.resume, Clock.micros() - stats.dropAt);
        }
    }

    private void resume(Client c, Conv conv, long afterSeq, boolean countForReconnect) {
        if (c.agent) {
            conv.agentResuming = true;
        } else {
            conv.visitorResuming = true;
        }
        if (countForReconnect) {
            c.pendingResumes++;
        }
        send(c, "{\"type\":\"conversation.resume\",\"conversationId\":\"" + conv.id + "\",\"afterSeq\":" + afterSeq + "}");
    }

    private void register(Conv conv, String id) {
        conv.id = id;
        convById.put(id, conv);
    }

    private void onAck(JsonObject j) {
        var m = msgs.get(j.getString("clientId"));
        if (m == null) {
            return;
        }
        long seq = j.getLong("seq");
        if (m.ackSeq < 0) {
            m.ackSeq = seq;
            var sender = m.fromVisitor ? m.conv.visitor : m.conv.agent;
            sender.outbox.remove(m);
            if (m.conv.id == null) {
                register(m.conv, j.getString("conversationId"));
            }
            if (!m.warm) {
                stats.acked++;
                Histograms.record(stats.ack, Clock.micros() - m.intended);
            }
        } else if (m.ackSeq != seq) {
            stats.duplicates++;
        }
    }

    private void onMessage(Client c, String conversationId, long seq, String clientId, boolean live) {
        var m = clientId == null ? null : msgs.get(clientId);
        Conv conv = c.agent ? convById.get(conversationId) : c.conv;
        if (conv == null && c.agent && m != null) {
            conv = m.conv; // the agent heard of the conversation before its visitor got the ack
            if (conv.id == null) {
                register(conv, conversationId);
            }
        }
        if (conv == null) {
            return;
        }
        long last = c.agent ? conv.agentLastSeq : conv.visitorLastSeq;
        if (live && seq > last + 1 && !(c.agent ? conv.agentResuming : conv.visitorResuming) && conv.id != null) {
            stats.gaps++;
            resume(c, conv, last, false);
        }
        if (seq > last) {
            if (c.agent) {
                conv.agentLastSeq = seq;
            } else {
                conv.visitorLastSeq = seq;
            }
        }
        if (m == null || m.fromVisitor != c.agent) {
            return; // not a message of this run, or the sender's own echo
        }
        if (m.deliveredSeq < 0) {
            m.deliveredSeq = seq;
            if (!m.warm) {
                stats.delivered++;
                long latency = Clock.micros() - m.intended;
                Histograms.record(stats.delivery, latency);
                Histograms.record(m.fromVisitor ? stats.visitorToAgent : stats.agentToVisitor, latency);
            }
        } else if (m.deliveredSeq != seq) {
            stats.duplicates++;
            if (stats.duplicates <= 5) {
                System.err.println(name + ": duplicate " + m.clientId + " seq " + m.deliveredSeq + " and " + seq);
            }
        } else {
            stats.redelivered++;
        }
    }

    private void onHistory(Client c, JsonObject j) {
        var conversationId = j.getString("conversationId");
        var conv = c.agent ? convById.get(conversationId) : c.conv;
        if (conv == null) {
            return;
        }
        long highest = 0;
        for (var item : j.getJsonArray("messages", new JsonArray())) {
            var message = (JsonObject) item;
            long seq = message.getLong("seq");
            highest = Math.max(highest, seq);
            onMessage(c, conversationId, seq, message.getString("clientId"), false);
        }
        if (!j.getBoolean("complete", true)) {
            resume(c, conv, highest, false);
            return;
        }
        if (c.agent) {
            conv.agentResuming = false;
        } else {
            conv.visitorResuming = false;
        }
        if (c.pendingResumes > 0 && --c.pendingResumes == 0) {
            resumed(c);
        }
    }

    /** {@code invitation.received}: which broadcast it is, read from its text without parsing the whole frame. */
    private void onInvitation(String text) {
        int at = text.indexOf(BROADCAST_TEXT);
        if (at < 0) {
            stats.error("foreign_invitation");
            return;
        }
        int index = 0;
        for (int i = at + BROADCAST_TEXT.length(); i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            index = index * 10 + (text.charAt(i) - '0');
        }
        if (index < stats.broadcastMax.length) {
            long latency = Clock.micros() - (stats.broadcastStart + index * stats.broadcastInterval);
            Histograms.record(stats.broadcast, latency);
            stats.broadcastMax[index] = Math.max(stats.broadcastMax[index], latency);
            stats.broadcastCount[index]++;
        }
    }

    private void onError(Client c, JsonObject j) {
        var code = j.getString("code", "?");
        stats.error(code);
        var m = j.getString("ref") == null ? null : msgs.get(j.getString("ref"));
        switch (code) {
            case "rate_limited", "unavailable" -> {
                if (m != null) {
                    long wait = code.equals("rate_limited") ? Math.max(50, j.getLong("retryAfterMs", 1000L)) : 1000;
                    vertx.setTimer(wait, id -> {
                        var sender = m.fromVisitor ? m.conv.visitor : m.conv.agent;
                        if (m.ackSeq < 0 && sender.welcomed) {
                            transmit(sender, m);
                        }
                    });
                }
            }
            default -> {
                stats.failed++;
                if (stats.failed <= 5) {
                    System.err.println(name + ": client " + c.id + " got error " + j.encode());
                }
            }
        }
    }

    // ---- sending -------------------------------------------------------------------------------------------------

    private void schedule(Msg m) {
        msgs.put(m.clientId, m);
        if (!m.warm) {
            stats.sent++;
        }
        var sender = m.fromVisitor ? m.conv.visitor : m.conv.agent;
        sender.outbox.addLast(m);
        if (sender.welcomed) {
            transmit(sender, m);
        }
    }

    private void transmit(Client sender, Msg m) {
        if (!m.transmitted) {
            m.transmitted = true;
            if (!m.warm) {
                stats.transmitted++;
                Histograms.record(stats.sendLag, Clock.micros() - m.intended);
            }
        }
        var frame = new StringBuilder(160).append("{\"type\":\"message.send\",\"clientId\":\"").append(m.clientId).append('"');
        if (m.conv.id != null) {
            frame.append(",\"conversationId\":\"").append(m.conv.id).append('"');
        }
        frame.append(",\"text\":\"bench ").append(m.clientId).append(' ').append(padding).append("\"}");
        send(sender, frame.toString());
    }

    private void startHeartbeat(Client c) {
        if (c.heartbeatTimer >= 0) {
            vertx.cancelTimer(c.heartbeatTimer);
        }
        long first = 1 + ThreadLocalRandom.current().nextLong(heartbeatMs);
        c.heartbeatTimer = vertx.setPeriodic(first, heartbeatMs, id -> {
            stats.pings++;
            send(c, "{\"type\":\"ping\"}");
        });
    }

    private void send(Client c, String frame) {
        if (c.ws != null && !c.ws.isClosed()) {
            c.ws.writeTextMessage(frame);
        }
    }

    private void fireWelcome(Client c) {
        var r = c.onWelcome;
        c.onWelcome = null;
        c.onFail = null;
        if (r != null) {
            r.run();
        }
    }

    private void fireFail(Client c) {
        var r = c.onFail;
        c.onWelcome = null;
        c.onFail = null;
        if (r != null) {
            r.run();
        }
    }

    // ---- results -------------------------------------------------------------------------------------------------

    private JsonObject result(String event) {
        long lost = 0;
        long unacked = 0;
        for (var m : msgs.values()) {
            if (m.warm) {
                continue;
            }
            if (m.deliveredSeq < 0) {
                lost++;
            }
            if (m.ackSeq < 0) {
                unacked++;
            }
        }
        int connected = 0;
        for (var c : all()) {
            if (c.welcomed) {
                connected++;
            }
        }
        return new JsonObject().put("event", event).put("name", name)
                .put("sent", stats.sent).put("transmitted", stats.transmitted).put("acked", stats.acked)
                .put("delivered", stats.delivered).put("lost", lost).put("unacked", unacked)
                .put("duplicates", stats.duplicates).put("redelivered", stats.redelivered).put("gaps", stats.gaps)
                .put("failed", stats.failed).put("errors", new JsonObject(new HashMap<>(stats.errors)))
                .put("pings", stats.pings).put("pongs", stats.pongs)
                .put("connectErrors", stats.connectErrors).put("unexpectedCloses", stats.unexpectedCloses)
                .put("dropped", stats.dropped).put("resumed", stats.resumed).put("connected", connected)
                .put("histograms", new JsonObject()
                        .put("delivery", Histograms.encode(stats.delivery))
                        .put("visitorToAgent", Histograms.encode(stats.visitorToAgent))
                        .put("agentToVisitor", Histograms.encode(stats.agentToVisitor))
                        .put("ack", Histograms.encode(stats.ack))
                        .put("sendLag", Histograms.encode(stats.sendLag))
                        .put("resume", Histograms.encode(stats.resume))
                        .put("broadcast", Histograms.encode(stats.broadcast)));
    }

    private List<Client> all() {
        var list = new ArrayList<Client>(agents.size() + visitors.size());
        list.addAll(agents);
        list.addAll(visitors);
        return list;
    }

    private <T> Future<T> onContext(java.util.function.Consumer<Promise<T>> body) {
        var promise = Promise.<T>promise();
        context.runOnContext(v -> {
            try {
                body.accept(promise);
            } catch (RuntimeException e) {
                promise.tryFail(e);
            }
        });
        return promise.future();
    }

    // ---- process entry point -------------------------------------------------------------------------------------

    /** {@code Generator CONFIG.json}: reads commands from stdin, one JSON object per line. */
    public static void main(String[] args) throws Exception {
        var cfg = new JsonObject(Files.readString(Path.of(args[0])));
        long lifetime = cfg.getLong("maxLifetimeSeconds", 900L);
        var watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(lifetime));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("generator: lifetime of " + lifetime + " s reached; exiting");
            Runtime.getRuntime().halt(3);
        }, "generator-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        var generator = new Generator(cfg);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            var command = new JsonObject(line);
            JsonObject reply;
            try {
                reply = switch (command.getString("cmd")) {
                    case "connect" -> generator.connect().await();
                    case "run" -> generator.run(command).await();
                    case "broadcast" -> generator.broadcast(command).await();
                    case "quit" -> null;
                    default -> new JsonObject().put("event", "error").put("message", "unknown command");
                };
            } catch (Exception e) {
                reply = new JsonObject().put("event", "error").put("message", String.valueOf(e));
            }
            if (reply == null) {
                break;
            }
            System.out.println(REPLY_PREFIX + reply.encode());
            System.out.flush();
        }
        generator.close().await(10, TimeUnit.SECONDS);
        System.out.println(REPLY_PREFIX + "{\"event\":\"bye\"}");
        System.out.flush();
        System.exit(0);
    }
}
