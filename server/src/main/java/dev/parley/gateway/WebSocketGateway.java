package dev.parley.gateway;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import dev.parley.account.Site;
import dev.parley.account.SiteDirectory;
import dev.parley.config.Settings;
import dev.parley.hub.ClientChannel;
import dev.parley.hub.HubRegistry;
import dev.parley.hub.Session;
import dev.parley.hub.SiteHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts WebSocket connections at {@code /ws}, authenticates the {@code session.hello}, checks origins and hands the
 * connection to its site's hub. Frames are decoded here, on the connection's own event loop, and then run on the hub.
 */
public final class WebSocketGateway {
    private static final Logger log = LoggerFactory.getLogger(WebSocketGateway.class);
    private static final long HELLO_TIMEOUT_MILLIS = 10_000;
    /**
     * How long a received hello may take to join (site lookup, a returning visitor's conversation, the hub's queue).
     * Longer than the hello timeout on purpose: in a reconnect storm joins wait in line, and cutting a client that did
     * say hello ("no hello within 10 s", which is false) only sends it round again with more work.
     */
    private static final long JOIN_TIMEOUT_MILLIS = 60_000;

    private final Vertx vertx;
    private final Settings settings;
    private final SiteDirectory sites;
    private final AccountStore accounts;
    private final HubRegistry hubs;
    private final dev.parley.tracking.Tracking tracking;
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.Set<Connection> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.LongAdder framesReceived = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder framesSent = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean draining;
    /** Frames a visitor connection may send at once (refilled over 3 s): twice the message limit, at least 60. */
    private final long frameBurst;
    private final dev.parley.account.VisitorTokens visitorTokens;
    private final NewVisitorLimit newVisitors;

    public WebSocketGateway(Vertx vertx, Settings settings, SiteDirectory sites, AccountStore accounts, HubRegistry hubs,
                            dev.parley.tracking.Tracking tracking, dev.parley.account.VisitorTokens visitorTokens) {
        this.vertx = vertx;
        this.visitorTokens = visitorTokens;
        this.newVisitors = new NewVisitorLimit(tracking.options().newVisitorsPerMinute());
        vertx.setPeriodic(60_000, id -> newVisitors.forgetRefilled());
        this.tracking = tracking;
        this.settings = settings;
        this.sites = sites;
        this.accounts = accounts;
        this.hubs = hubs;
        this.frameBurst = Math.max(60, 2L * settings.visitorMessagesPerWindow());
    }

    public int openConnections() {
        return open.get();
    }

    /** Text frames received since start (for /metrics). */
    public long framesReceived() {
        return framesReceived.sum();
    }

    /** Text frames sent since start (for /metrics). */
    public long framesSent() {
        return framesSent.sum();
    }

    /**
     * Refuse new connections (shutdown) and close, with 1001, those that have not said hello; the hubs close the joined
     * ones and those joining, after the writer has flushed (a join that ends after its hub closed goes with the servers).
     * Blocks up to 5 s: call off the event loop.
     */
    public void drain() {
        draining = true;
        var closing = new ArrayList<Future<Void>>();
        for (var connection : connections) {
            closing.add(connection.closeIfNotJoined());
        }
        try {
            Future.all(closing).await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Shutdown: {}", e.getMessage());
        }
    }

    public void upgrade(HttpServerRequest request) {
        if (draining) {
            request.response().setStatusCode(503).putHeader("content-type", "application/json")
                    .end("{\"error\":\"unavailable\",\"message\":\"This node is shutting down.\"}");
            return;
        }
        var origin = request.getHeader("Origin");
        var selfOrigin = dev.parley.http.Origins.isSelf(origin, request);
        var client = dev.parley.tracking.ClientInfo.of(request, tracking.trustProxy());
        request.toWebSocket().onSuccess(ws -> new Connection(ws, origin, selfOrigin, client).start())
                .onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.getMessage()));
    }

    /** One WebSocket: waits for hello, queues frames while joining, then forwards to the hub. */
    private final class Connection implements ClientChannel {
        private final ServerWebSocket ws;
        private final String origin;
        private final boolean selfOrigin;
        /** User-Agent, address and Accept-Language of the upgrade request, for visitor tracking. */
        private dev.parley.tracking.ClientInfo client;
        private final List<Frame> early = new ArrayList<>();
        private boolean helloSeen;
        private volatile boolean closed;
        private SiteHub hub;
        private Session session;
        private long helloTimer;
        /**
         * Frame budget of visitors and not-yet-authenticated clients: at most {@link #frameBurst} frames per 3 s window.
         * A plain counter rather than a Bucket4j bucket: this exists once per connection, and at 19,000 connections a
         * bucket object each costs more heap than the whole limit is worth (measured: S1 went over 10 KB/connection).
         */
        private long frameWindowStart;
        private int framesInWindow;

        private boolean withinFrameBudget() {
            long now = System.nanoTime();
            if (now - frameWindowStart > 3_000_000_000L) {
                frameWindowStart = now;
                framesInWindow = 0;
            }
            return ++framesInWindow <= frameBurst;
        }
        private io.vertx.core.Context context;

        Connection(ServerWebSocket ws, String origin, boolean selfOrigin, dev.parley.tracking.ClientInfo client) {
            this.ws = ws;
            this.client = client;
            this.origin = origin;
            this.selfOrigin = selfOrigin;
        }

        void start() {
            context = vertx.getOrCreateContext();
            open.incrementAndGet();
            connections.add(this);
            ws.textMessageHandler(this::onText);
            ws.binaryMessageHandler(b -> sendError(new FrameException("bad_frame", "Binary frames are not supported; send JSON text.")));
            ws.exceptionHandler(this::onSocketError);
            ws.closeHandler(v -> onClosed());
            helloTimer = vertx.setTimer(HELLO_TIMEOUT_MILLIS, id -> {
                if (session == null && !closed) {
                    sendError(new FrameException("not_authenticated", "No session.hello within 10 s."));
                    close((short) 1008, "no hello");
                }
            });
            if (draining) {
                // Upgraded while the node began to stop, possibly after drain() looked at the connections.
                close((short) 1001, "going away");
            }
        }

        /**
         * Vert.x reports an oversized frame (Netty's decoder), an oversized fragmented message (its aggregator) or, with
         * permessage-deflate, a message that inflates past the limit (Netty's inflater, whose buffer is capped at the
         * frame size) here, and would then close with 1000 or, for fragments, silently drop the message; the protocol
         * says 1009.
         */
        private void onSocketError(Throwable e) {
            boolean tooBig = e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException c
                    && c.closeStatus() != null && c.closeStatus().code() == 1009
                    || e instanceof io.netty.handler.codec.TooLongFrameException
                    || e instanceof io.netty.handler.codec.compression.DecompressionException d
                    && d.getMessage() != null && d.getMessage().contains("maximum size")
                    || e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("max message size");
            if (tooBig) {
                close((short) 1009, "frame larger than 64 KB");
            } else {
                log.debug("WebSocket error: {}", e.getMessage());
            }
        }

        private void onText(String text) {
            framesReceived.increment();
            if (session != null) {
                session.touch();
            }
            Frame frame;
            try {
                frame = Frame.decode(text, settings.maxTextLength());
            } catch (FrameException e) {
                sendError(e);
                return;
            }
            if (frame instanceof Frame.Ping) {
                send("{\"type\":\"pong\"}");
                return;
            }
            if ((session == null || !session.isAgent()) && !withinFrameBudget()) {
                // Page views and typing are not worth a database row or an agent frame each when flooded.
                var ref = frame instanceof Frame.MessageSend send ? send.clientId() : null;
                sendError(new FrameException("rate_limited", "Too many frames; slow down.", ref, 1000));
                return;
            }
            if (!helloSeen) {
                if (!(frame instanceof Frame.Hello hello)) {
                    sendError(new FrameException("not_authenticated", "The first frame must be session.hello."));
                    return;
                }
                helloSeen = true;
                vertx.cancelTimer(helloTimer);
                helloTimer = vertx.setTimer(JOIN_TIMEOUT_MILLIS, id -> {
                    if (session == null && !closed) {
                        sendError(new FrameException("unavailable", "Temporarily unavailable; please reconnect."));
                        close((short) 1013, "try again later");
                    }
                });
                authenticate(hello);
                return;
            }
            if (session == null) {
                early.add(frame); // still joining; keep the order
                if (early.size() > 100) {
                    close((short) 1008, "too many frames before welcome");
                }
                return;
            }
            var s = session;
            hub.execute(() -> hub.onFrame(s, frame));
        }

        private void authenticate(Frame.Hello hello) {
            Future<Session> joined = switch (hello.role()) {
                case "visitor" -> joinAsVisitor(hello);
                case "agent" -> joinAsAgent(hello);
                default -> Future.failedFuture(new FrameException("bad_frame", "role must be 'visitor' or 'agent'."));
            };
            // Back on this connection's context: session and early are only touched here.
            joined.onComplete(ar -> context.runOnContext(v -> finishJoin(ar)));
        }

        private void finishJoin(io.vertx.core.AsyncResult<Session> ar) {
            {
                vertx.cancelTimer(helloTimer);
                if (ar.failed()) {
                    if (ar.cause() instanceof FrameException e) {
                        sendError(e);
                    } else {
                        log.warn("Hello failed: {}", ar.cause().toString());
                        sendError(new FrameException("unavailable", "Temporarily unavailable; please reconnect."));
                    }
                    close((short) 1008, "hello refused");
                    return;
                }
                session = ar.result();
                session.touch();
                if (closed) {
                    hub.execute(() -> hub.leave(session));
                    return;
                }
                var s = session;
                var queued = List.copyOf(early);
                early.clear();
                hub.execute(() -> queued.forEach(f -> hub.onFrame(s, f)));
            }
        }

        private Future<Session> joinAsVisitor(Frame.Hello hello) {
            return sites.byKey(hello.site()).compose(found -> {
                var site = found.orElseThrow(() -> new FrameException("unknown_site", "Unknown or disabled site key."));
                // From our own chat page the embedding page's origin is what matters; a direct connection is judged
                // by its own Origin header. Without an Origin header (not a browser) there is nothing to check.
                var checked = selfOrigin ? hello.hostOrigin() : origin;
                if ((selfOrigin || origin != null) && checked != null && !site.allowsOrigin(checked)) {
                    throw new FrameException("origin_not_allowed", "This website may not embed the chat of this site.");
                }
                // The address is the proxy's X-Forwarded-For entry with --trust-proxy, else the connection's.
                if (visitorTokens.verify(hello.token(), site.id()) == null && !newVisitors.tryStart(client.ip())) {
                    throw new FrameException("rate_limited", "Too many new visitors from your address; try again in a minute.",
                            null, 60_000);
                }
                // The hub must re-judge the same origin when the allowed list changes, not the one the client claims.
                var judged = new Frame.Hello(hello.role(), hello.site(), hello.token(), checked, hello.page(), hello.language());
                // UA parsing and the GeoIP lookup are CPU and disk work: on a worker, not on this event loop.
                var info = client;
                client = null; // read once; not kept for the connection's life (19,000 of them add up)
                return vertx.executeBlocking(() -> tracking.describe(info, hello.language()), false)
                        .compose(described -> joinOnHub(site, h -> h.joinVisitorWithHistory(this, judged, described)));
            });
        }

        private Future<Session> joinAsAgent(Frame.Hello hello) {
            if (origin != null && !selfOrigin) {
                return Future.failedFuture(new FrameException("origin_not_allowed", "Agents connect from the Parley console only."));
            }
            return vertx.<Optional<Agent>>executeBlocking(() -> accounts.agentForSession(hello.token()), false)
                    .compose(agent -> {
                        var a = agent.orElseThrow(() -> new FrameException("not_authenticated", "Your session has expired; please sign in again."));
                        return vertx.executeBlocking(() -> accounts.findSiteById(a.siteId()), false)
                                .compose(site -> joinOnHub(site.filter(Site::enabled).orElseThrow(
                                        () -> new FrameException("unknown_site", "Your site is disabled.")), h -> Future.succeededFuture(h.joinAgent(this, a, AccountStore.hashToken(hello.token())))));
                    });
        }

        /** Starts or finds the site's hub and runs {@code join} on the hub's context. */
        private Future<Session> joinOnHub(Site site, java.util.function.Function<SiteHub, Future<Session>> join) {
            return hubs.hubFor(site).compose(h -> {
                hub = h;
                var promise = io.vertx.core.Promise.<Session>promise();
                h.execute(() -> {
                    try {
                        if (!h.site().equals(site)) {
                            h.updateSite(site); // settings changed on another node or by the CLI
                        }
                        join.apply(h).onComplete(promise);
                    } catch (RuntimeException e) {
                        promise.fail(e);
                    }
                });
                return promise.future();
            });
        }

        /** On this connection's context, where {@link #session} is set. */
        Future<Void> closeIfNotJoined() {
            var done = io.vertx.core.Promise.<Void>promise();
            context.runOnContext(v -> {
                // Only those that never said hello. One whose join is under way belongs to its hub, which closes it
                // with the others, marked closed first: closed here, its late join would leave the hub while the
                // agents' sessions were still open, telling them the visitor left (a ParleyNodeTest flake).
                if (!helloSeen) {
                    close((short) 1001, "going away");
                }
                done.complete();
            });
            return done.future();
        }

        private void onClosed() {
            closed = true;
            open.decrementAndGet();
            connections.remove(this);
            vertx.cancelTimer(helloTimer);
            if (session != null) {
                var s = session;
                hub.execute(() -> hub.leave(s));
            }
        }

        private void sendError(FrameException e) {
            send(Frames.error(e).encode());
        }

        @Override
        public void send(String frame) {
            if (!closed && !ws.isClosed()) {
                framesSent.increment();
                ws.writeTextMessage(frame);
            }
        }

        @Override
        public void close(short code, String reason) {
            if (!ws.isClosed()) {
                ws.close(code, reason);
            }
        }

        @Override
        public String origin() {
            return origin;
        }

        @Override
        public io.vertx.core.Context context() {
            // Each connection runs on a duplicated context of its loop; grouping by those grouped nothing (bench S5).
            return context instanceof io.vertx.core.internal.ContextInternal internal ? internal.unwrap() : context;
        }
    }
}
