package dev.parley.bench;

import dev.parley.http.HttpListeners;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a WebSocket relay on the same Vert.x library with no logic and no persistence. It speaks just enough
 * of Parley's frames for the same generator and scenarios to drive it — {@code session.hello} → {@code
 * session.welcome}, {@code message.send} → {@code message.ack} to the sender and {@code message.created} to the
 * visitor and the site's agents, {@code ping} → {@code pong}, {@code presence.set} → {@code agents.status} to the
 * site's visitors, {@code invitation.send} with {@code all} → one {@code invitation.received} to every visitor of the
 * site and {@code invitation.sent} to the sender, {@code conversation.resume} → an empty {@code conversation.history}
 * (it stores nothing) — and
 * answers {@code GET /api/route} and {@code GET /health}.
 *
 * <p>Like the Parley node it listens with one HTTP server per event loop ({@link HttpListeners}), decodes frames on the
 * connection's loop, answers pings there, and runs everything else on one context that owns all its maps (as a site
 * hub does), so they need no locks; a broadcast is written by one task per event loop. Agent tokens are
 * {@code relay:SITEKEY}; visitor tokens are visitor ids.
 */
public final class Relay {
    private final Vertx vertx;
    private final Map<String, Set<Peer>> agentsBySite = new HashMap<>();
    private final Map<String, Set<Peer>> visitorsBySite = new HashMap<>();
    private final Map<String, Peer> visitorById = new HashMap<>();
    private final Map<String, Conv> conversations = new HashMap<>();
    private final Map<String, Conv> conversationByVisitor = new HashMap<>();
    private List<HttpServer> servers = List.of();
    /** Where all the maps above are read and written. */
    private Context state;
    private long nextId;

    private static final class Peer {
        final ServerWebSocket ws;
        /** The event loop of this connection. */
        final Context loop;
        String site;
        String visitorId;
        boolean agent;

        Peer(ServerWebSocket ws, Context loop) {
            this.ws = ws;
            this.loop = loop;
        }
    }

    private static final class Conv {
        final String id;
        final String site;
        final String visitorId;
        long seq;

        Conv(String id, String site, String visitorId) {
            this.id = id;
            this.site = site;
            this.visitorId = visitorId;
        }
    }

    public Relay(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<Integer> listen(String host, int port) {
        state = vertx.getOrCreateContext();
        var options = new HttpServerOptions().setHost(host).setPort(port)
                .setMaxWebSocketFrameSize(64 * 1024).setMaxWebSocketMessageSize(64 * 1024).setIdleTimeout(0);
        return HttpListeners.listen(vertx, options, this::onRequest, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)
                .map(listening -> {
                    servers = listening;
                    return listening.get(0).actualPort();
                });
    }

    public Future<Void> close() {
        return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }

    private void onRequest(HttpServerRequest request) {
        switch (request.path()) {
            case "/ws" -> request.toWebSocket().onSuccess(this::onSocket);
            case "/health" -> request.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}");
            case "/api/route" -> {
                var authority = request.authority() == null ? "localhost" : request.authority().toString();
                request.response().putHeader("content-type", "application/json")
                        .putHeader("Access-Control-Allow-Origin", "*")
                        .end(new JsonObject().put("site", request.getParam("site")).put("http", "http://" + authority)
                                .put("ws", "ws://" + authority + "/ws").encode());
            }
            default -> request.response().setStatusCode(404).end();
        }
    }

    private void onSocket(ServerWebSocket ws) {
        // The loop's own context, as Parley's channels report it: each connection's duplicated context is a distinct
        // object, and grouping writes by it would give every visitor a task of its own.
        var peer = new Peer(ws, ((io.vertx.core.internal.ContextInternal) vertx.getOrCreateContext()).unwrap());
        ws.textMessageHandler(text -> onText(peer, text));
        ws.exceptionHandler(e -> { });
        ws.closeHandler(v -> state.runOnContext(x -> onClosed(peer)));
    }

    /** On the connection's event loop. */
    private void onText(Peer peer, String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            peer.ws.writeTextMessage(error("bad_frame", null));
            return;
        }
        if (frame.getString("type", "").equals("ping")) {
            peer.ws.writeTextMessage(new JsonObject().put("type", "pong").encode());
        } else {
            state.runOnContext(v -> onFrame(peer, frame));
        }
    }

    /** On {@link #state}. */
    private void onFrame(Peer peer, JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "session.hello" -> hello(peer, frame);
            case "message.send" -> send(peer, frame);
            case "conversation.resume" -> {
                var conv = conversations.get(frame.getString("conversationId"));
                peer.ws.writeTextMessage(new JsonObject().put("type", "conversation.history")
                        .put("conversationId", frame.getString("conversationId")).put("messages", new JsonArray())
                        .put("lastSeq", conv == null ? 0 : conv.seq).put("complete", true).encode());
            }
            case "presence.set" -> {
                if (peer.agent) {
                    var status = new JsonObject().put("type", "agents.status")
                            .put("online", "online".equals(frame.getString("status"))).encode();
                    for (var v : visitorsBySite.getOrDefault(peer.site, Set.of())) {
                        v.ws.writeTextMessage(status);
                    }
                }
            }
            case "invitation.send" -> {
                // The same fan-out as Parley's broadcast, without ids, storage or per-visitor state: one frame encoded
                // once, written to every visitor of the site, and a summary to the sender.
                if (peer.agent && frame.getBoolean("all", false)) {
                    var received = new JsonObject().put("type", "invitation.received").put("invitation", new JsonObject()
                            .put("id", "i_relay").put("agent", new JsonObject().put("id", "a_relay").put("name", "Agent"))
                            .put("text", frame.getString("text")).put("at", System.currentTimeMillis()).put("auto", false)).encode();
                    var visitors = visitorsBySite.getOrDefault(peer.site, Set.of());
                    var byLoop = new HashMap<Context, List<Peer>>();
                    for (var v : visitors) {
                        byLoop.computeIfAbsent(v.loop, k -> new ArrayList<>()).add(v);
                    }
                    byLoop.forEach((loop, peers) -> loop.runOnContext(x -> peers.forEach(p -> p.ws.writeTextMessage(received))));
                    peer.ws.writeTextMessage(new JsonObject().put("type", "invitation.sent").put("count", visitors.size()).encode());
                }
            }
            case "page.viewed", "typing.set", "conversation.read" -> {
            }
            default -> peer.ws.writeTextMessage(error("unknown_type", null));
        }
    }

    private void hello(Peer peer, JsonObject frame) {
        if ("agent".equals(frame.getString("role"))) {
            var token = frame.getString("token", "");
            if (!token.startsWith("relay:")) {
                peer.ws.writeTextMessage(error("not_authenticated", null));
                peer.ws.close((short) 1008);
                return;
            }
            peer.agent = true;
            peer.site = token.substring("relay:".length());
            agentsBySite.computeIfAbsent(peer.site, k -> new LinkedHashSet<>()).add(peer);
            peer.ws.writeTextMessage(new JsonObject().put("type", "session.welcome").put("role", "agent")
                    .put("heartbeatMs", 20_000).put("now", System.currentTimeMillis())
                    .put("visitors", new JsonArray()).put("conversations", new JsonArray()).encode());
            return;
        }
        peer.site = frame.getString("site");
        var token = frame.getString("token");
        peer.visitorId = token != null ? token : "v_" + Long.toString(++nextId, 36);
        visitorById.put(peer.visitorId, peer);
        visitorsBySite.computeIfAbsent(peer.site, k -> new LinkedHashSet<>()).add(peer);
        var conv = conversationByVisitor.get(peer.visitorId);
        peer.ws.writeTextMessage(new JsonObject().put("type", "session.welcome").put("role", "visitor")
                .put("visitorId", peer.visitorId).put("token", peer.visitorId).put("heartbeatMs", 20_000)
                .put("agentsOnline", !agentsBySite.getOrDefault(peer.site, Set.of()).isEmpty())
                .put("conversation", conv == null ? null : new JsonObject().put("id", conv.id).put("lastSeq", conv.seq))
                .encode());
    }

    private void send(Peer peer, JsonObject frame) {
        var clientId = frame.getString("clientId");
        var conversationId = frame.getString("conversationId");
        Conv conv;
        if (peer.agent) {
            conv = conversationId == null ? null : conversations.get(conversationId);
        } else {
            conv = conversationId != null ? conversations.get(conversationId) : conversationByVisitor.get(peer.visitorId);
            if (conv == null) {
                conv = new Conv("c_" + Long.toString(++nextId, 36), peer.site, peer.visitorId);
                conversations.put(conv.id, conv);
                conversationByVisitor.put(peer.visitorId, conv);
            }
        }
        if (conv == null || peer.site == null) {
            peer.ws.writeTextMessage(error("not_found", clientId));
            return;
        }
        long seq = ++conv.seq;
        long at = System.currentTimeMillis();
        peer.ws.writeTextMessage(new JsonObject().put("type", "message.ack").put("clientId", clientId)
                .put("conversationId", conv.id).put("seq", seq).put("at", at).encode());
        var created = new JsonObject().put("type", "message.created").put("conversationId", conv.id).put("seq", seq)
                .put("clientId", clientId)
                .put("author", new JsonObject().put("type", peer.agent ? "agent" : "visitor")
                        .put("id", peer.agent ? "a_relay" : peer.visitorId).put("name", peer.agent ? "Agent" : "Visitor"))
                .put("text", frame.getString("text")).put("at", at).encode();
        var visitor = visitorById.get(conv.visitorId);
        if (visitor != null && !visitor.ws.isClosed()) {
            visitor.ws.writeTextMessage(created);
        }
        for (var agent : agentsBySite.getOrDefault(conv.site, Set.of())) {
            agent.ws.writeTextMessage(created);
        }
    }

    private void onClosed(Peer peer) {
        if (peer.site == null) {
            return;
        }
        if (peer.agent) {
            var set = agentsBySite.get(peer.site);
            if (set != null) {
                set.remove(peer);
            }
        } else {
            var set = visitorsBySite.get(peer.site);
            if (set != null) {
                set.remove(peer);
            }
            if (visitorById.get(peer.visitorId) == peer) {
                visitorById.remove(peer.visitorId);
            }
        }
    }

    private static String error(String code, String ref) {
        var e = new JsonObject().put("type", "error").put("code", code).put("message", code);
        if (ref != null) {
            e.put("ref", ref);
        }
        return e.encode();
    }

    /** {@code Relay [--host H] [--port P]}: prints "Relay listening on H:P" and runs until SIGTERM. */
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 8090;
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--host" -> host = rest.get(++i);
                case "--port" -> port = Integer.parseInt(rest.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i));
            }
        }
        var vertx = Vertx.vertx();
        var relay = new Relay(vertx);
        int actual = relay.listen(host, port).await(30, TimeUnit.SECONDS);
        System.out.println("Relay listening on " + host + ":" + actual);
        System.out.flush();
        var done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                relay.close().await(5, TimeUnit.SECONDS);
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
            done.countDown();
        }));
        done.await();
    }
}
