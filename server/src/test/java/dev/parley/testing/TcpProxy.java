package dev.parley.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL for the outage tests, Parley for the browser tests),
 * so a test can cut the network: {@link #cut} closes every proxied connection and refuses new ones until
 * {@link #restore}. {@link #stall} stops forwarding but keeps the connections open, like a network that hangs:
 * whoever waits for an answer keeps waiting.
 */
public final class TcpProxy implements AutoCloseable {
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile boolean cut;
    private volatile boolean stalled;

    /** A proxy on its own Vert.x instance, closed with the proxy. */
    public TcpProxy(String targetHost, int targetPort) {
        this(Vertx.vertx(), true, targetHost, targetPort);
    }

    /** A proxy on the caller's Vert.x instance, which the caller closes. */
    public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this(vertx, false, targetHost, targetPort);
    }

    private TcpProxy(Vertx vertx, boolean ownsVertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(in -> {
            if (cut) {
                in.close();
                return;
            }
            in.pause();
            sockets.add(in);
            in.closeHandler(v -> sockets.remove(in));
            client.connect(targetPort, targetHost).onComplete(ar -> {
                if (ar.failed() || cut) {
                    in.close();
                    if (ar.succeeded()) {
                        ar.result().close();
                    }
                    return;
                }
                var out = ar.result();
                sockets.add(out);
                out.closeHandler(v -> {
                    sockets.remove(out);
                    in.close();
                });
                in.closeHandler(v -> {
                    sockets.remove(in);
                    out.close();
                });
                in.handler(out::write);
                out.handler(in::write);
                if (stalled) {
                    out.pause();
                } else {
                    in.resume();
                }
            });
        });
        try {
            port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("proxy did not start", e);
        }
    }

    public int port() {
        return port;
    }

    /** Closes every proxied connection and refuses new ones. */
    public void cut() {
        cut = true;
        stalled = false;
        for (var socket : List.copyOf(sockets)) {
            socket.close();
        }
    }

    /** Stops forwarding in both directions; connections stay open and bytes wait, unanswered. */
    public void stall() {
        stalled = true;
        for (var socket : List.copyOf(sockets)) {
            socket.pause();
        }
    }

    /** Accepts and forwards connections again (after {@link #cut}; a stall is ended by cutting). */
    public void restore() {
        stalled = false;
        cut = false;
    }

    @Override
    public void close() {
        cut();
        try {
            server.close().await(5, TimeUnit.SECONDS);
            client.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        if (ownsVertx) {
            vertx.close();
        }
    }
}
