package dev.parley.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client (Vert.x's own) that records every frame it receives. {@link #await} waits — with a
 * deadline, never a sleep — for the first not-yet-taken frame matching a predicate and takes it; frames it skips stay
 * available to later awaits, so a test may await an ack and a {@code message.created} in either order.
 * {@link #history} keeps everything ever received, for "never received X" assertions.
 */
public final class WsClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Vertx VERTX = Vertx.vertx();
    // Frames up to 1 MB in one piece, so a test can send a single frame larger than the server's 64 KB limit; messages
    // up to 16 MB (a welcome listing thousands of visitors); thousands of connections to one node (default: 50).
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxFrameSize(1024 * 1024).setMaxMessageSize(16 * 1024 * 1024).setMaxConnections(20_000)
            .setConnectTimeout(5000).setClosingTimeout(2));
    /** The same, offering permessage-deflate as browsers do. */
    private static final WebSocketClient DEFLATE_CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxFrameSize(1024 * 1024).setMaxMessageSize(16 * 1024 * 1024).setMaxConnections(1000)
            .setConnectTimeout(5000).setClosingTimeout(2).setTryUsePerMessageCompression(true));

    private final ClientWebSocket ws;
    private final List<JsonObject> inbox = new ArrayList<>();
    private final List<JsonObject> history = new ArrayList<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private long heartbeatTimer = -1;
    /** The session.welcome of this connection, once {@link #hello} succeeded. */
    public JsonObject welcome;

    private WsClient(ClientWebSocket ws) {
        this.ws = ws;
    }

    /** Opens {@code ws://127.0.0.1:port/ws}, with an Origin header when {@code origin} is not null. */
    public static WsClient connect(int port, String origin) {
        return connect(port, origin, java.util.Map.of());
    }

    /** Like {@link #connect(int, String)}, with extra upgrade request headers (User-Agent, X-Forwarded-For, …). */
    public static WsClient connect(int port, String origin, java.util.Map<String, String> headers) {
        return connect(CLIENT, port, origin, headers);
    }

    /** Like {@link #connect(int, String)}, negotiating permessage-deflate (as browsers do). */
    public static WsClient connectWithDeflate(int port, String origin) {
        var client = connect(DEFLATE_CLIENT, port, origin, java.util.Map.of());
        if (!client.ws.headers().contains("Sec-WebSocket-Extensions")) {
            throw new AssertionError("the server did not accept permessage-deflate");
        }
        return client;
    }

    private static WsClient connect(WebSocketClient wsClient, int port, String origin, java.util.Map<String, String> headers) {
        var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        headers.forEach(options::addHeader);
        var client = new WsClient(wsClient.webSocket());
        // Handlers before connecting: no frame can arrive unobserved.
        client.ws.textMessageHandler(client::received);
        client.ws.closeHandler(v -> client.closed.complete(client.ws.closeStatusCode()));
        client.ws.exceptionHandler(e -> { });
        try {
            client.ws.connect(options).await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("WebSocket connect to port " + port + " timed out", e);
        }
        return client;
    }

    private void received(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            frame = new JsonObject().put("type", "<not a JSON object>").put("raw", text);
        }
        synchronized (this) {
            inbox.add(frame);
            history.add(frame);
            notifyAll();
        }
    }

    // ---- sending ---------------------------------------------------------------------------------------

    public WsClient send(JsonObject frame) {
        return sendRaw(frame.encode());
    }

    public WsClient sendRaw(String text) {
        ws.writeTextMessage(text);
        return this;
    }

    public WsClient sendBinary(byte[] bytes) {
        ws.writeBinaryMessage(Buffer.buffer(bytes));
        return this;
    }

    /** Sends one ASCII text message as several WebSocket frames of at most {@code frameChars} characters each. */
    public WsClient sendFragmented(String asciiText, int frameChars) {
        for (int offset = 0; offset < asciiText.length(); offset += frameChars) {
            var chunk = asciiText.substring(offset, Math.min(asciiText.length(), offset + frameChars));
            boolean last = offset + frameChars >= asciiText.length();
            ws.writeFrame(offset == 0 ? WebSocketFrame.textFrame(chunk, last)
                    : WebSocketFrame.continuationFrame(Buffer.buffer(chunk), last));
        }
        return this;
    }

    /** Sends {@code message.send}; {@code conversationId} may be null (a visitor's first message). */
    public WsClient sendMessage(String clientId, String conversationId, String text) {
        return send(new JsonObject().put("type", "message.send").put("clientId", clientId)
                .put("conversationId", conversationId).put("text", text));
    }

    /** Sends a hello and waits for the welcome; fails the test with the server's error if it is refused. */
    public JsonObject hello(JsonObject hello) {
        send(hello);
        var answer = await("session.welcome or error", f -> isType(f, "session.welcome") || isType(f, "error"));
        if (!isType(answer, "session.welcome")) {
            throw new AssertionError("hello refused: " + answer.encode());
        }
        welcome = answer;
        return answer;
    }

    /** Sends ping frames (as the real clients do every heartbeatMs) so the server's idle check spares us. */
    public WsClient keepAlive(Duration every) {
        heartbeatTimer = VERTX.setPeriodic(every.toMillis(), id -> {
            if (ws.isClosed()) {
                VERTX.cancelTimer(id);
            } else {
                ws.writeTextMessage("{\"type\":\"ping\"}");
            }
        });
        return this;
    }

    /** The connection is open and served: a ping sent now is answered with a pong. */
    public void assertServed() {
        synchronized (this) {
            inbox.removeIf(f -> isType(f, "pong")); // only a pong to this ping counts
        }
        sendRaw("{\"type\":\"ping\"}");
        await("pong", f -> isType(f, "pong"));
    }

    // ---- receiving ---------------------------------------------------------------------------------------

    public JsonObject await(String what, Predicate<JsonObject> match) {
        return await(what, match, TIMEOUT);
    }

    /** Takes the first untaken frame matching {@code match}, waiting until {@code timeout}. */
    public synchronized JsonObject await(String what, Predicate<JsonObject> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (var it = inbox.iterator(); it.hasNext(); ) {
                var frame = it.next();
                if (match.test(frame)) {
                    it.remove();
                    return frame;
                }
            }
            if (closed.isDone()) {
                throw new AssertionError("connection closed (code " + closed.getNow(null) + ") while waiting for " + what
                        + "; received " + history);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms; received " + history);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /**
     * Fails if a frame matching {@code match} arrives within {@code window}. Only for what must not happen while a
     * test holds the server back (a lock, a cut network): a correct server sends nothing, a wrong one at once.
     */
    public synchronized void assertNoFrame(String what, Predicate<JsonObject> match, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            for (var frame : history) {
                if (match.test(frame)) {
                    throw new AssertionError("unexpected " + what + ": " + frame.encode());
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public JsonObject awaitType(String type) {
        return await(type, f -> isType(f, type));
    }

    public JsonObject awaitError(String code) {
        return await("error " + code, f -> isType(f, "error") && code.equals(f.getString("code")));
    }

    public JsonObject awaitAck(String clientId) {
        return await("message.ack for " + clientId, f -> isType(f, "message.ack") && clientId.equals(f.getString("clientId")));
    }

    public JsonObject awaitCreated(String clientId) {
        return await("message.created for " + clientId,
                f -> isType(f, "message.created") && clientId.equals(f.getString("clientId")));
    }

    /** Every frame received so far, taken or not, in arrival order. */
    public synchronized List<JsonObject> history() {
        return List.copyOf(history);
    }

    public synchronized long count(Predicate<JsonObject> match) {
        return history.stream().filter(match).count();
    }

    /** Waits for the server to close the connection and returns the close code. */
    public short awaitClose(Duration timeout) {
        try {
            Short code = closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return code == null ? -1 : code;
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeout.toMillis() + " ms; received " + history());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public short awaitClose() {
        return awaitClose(TIMEOUT);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (heartbeatTimer >= 0) {
            VERTX.cancelTimer(heartbeatTimer);
        }
        if (!ws.isClosed()) {
            ws.close();
        }
    }

    // ---- frame helpers ---------------------------------------------------------------------------------

    public static boolean isType(JsonObject frame, String type) {
        return type.equals(frame.getString("type"));
    }

    public static String newClientId() {
        return UUID.randomUUID().toString();
    }

    public static JsonObject visitorHello(String siteKey, String token, String hostOrigin) {
        return new JsonObject().put("type", "session.hello").put("role", "visitor").put("site", siteKey)
                .put("token", token).put("hostOrigin", hostOrigin)
                .put("page", new JsonObject().put("url", "https://shop.example/products").put("title", "Products").put("referrer", ""));
    }

    public static JsonObject agentHello(String token) {
        return new JsonObject().put("type", "session.hello").put("role", "agent").put("token", token);
    }
}
