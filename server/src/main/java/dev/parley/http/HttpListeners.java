package dev.parley.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens with one HTTP server per event loop, all on the same address. Vert.x binds the socket once and hands each new
 * connection to the next server in turn, so connections — and the writing of a broadcast to them — spread over every
 * core. A single server keeps every connection on one event loop: in the S5 benchmark that one thread did three
 * quarters of the node's work while the other loops idled.
 */
public final class HttpListeners {
    private HttpListeners() {
    }

    /** Completes with {@code count} servers listening on one port, {@link HttpServer#actualPort} of any of them. */
    public static Future<List<HttpServer>> listen(Vertx vertx, HttpServerOptions options,
                                                  Handler<HttpServerRequest> handler, int count) {
        if (options.getPort() != 0) {
            return deploy(vertx, options, handler, count);
        }
        // Vert.x shares a socket between servers of the same port, but each server asking for port 0 gets its own:
        // choose the free port first. Another process may take it in between; then choose again.
        return deploy(vertx, new HttpServerOptions(options).setPort(freePort(options.getHost())), handler, count)
                .recover(e -> deploy(vertx, new HttpServerOptions(options).setPort(freePort(options.getHost())), handler, count));
    }

    private static Future<List<HttpServer>> deploy(Vertx vertx, HttpServerOptions options,
                                                   Handler<HttpServerRequest> handler, int count) {
        var servers = new CopyOnWriteArrayList<HttpServer>();
        java.util.function.Supplier<Deployable> server = () -> context -> vertx.createHttpServer(options)
                .requestHandler(handler).listen().onSuccess(servers::add);
        return vertx.deployVerticle(server, new DeploymentOptions().setInstances(count)).map(id -> List.copyOf(servers));
    }

    private static int freePort(String host) {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }
}
