package dev.parley.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the classpath trees the static handlers serve, once, on a worker, as the node starts. Vert.x resolves a
 * classpath file by copying it out of the jar into its file cache, and it does so on the event loop that asks: after a
 * start, the first page loads blocked an event loop for seconds (every connection on that loop waited). Static
 * requests that arrive before the unpacking finished wait for it without blocking; health, API and WebSocket requests
 * are served meanwhile, so the cold start is not longer.
 */
final class StaticFiles {
    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    private StaticFiles() {
    }

    /** Starts unpacking {@code roots} (classpath directories); the future completes when they are in the file cache. */
    static Future<Void> unpack(Vertx vertx, String... roots) {
        var resolver = ((VertxInternal) vertx).fileResolver();
        return vertx.<Void>executeBlocking(() -> {
            for (var root : roots) {
                resolver.resolve(root); // a directory in a jar: Vert.x extracts every entry under it
            }
            return null;
        }, false).recover(e -> {
            // Not fatal: the static handler resolves what it needs itself, as before (slower first loads).
            log.warn("Could not unpack static files ahead of use: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Passes each request on once {@code unpacked} completed. */
    static Handler<RoutingContext> after(Future<Void> unpacked) {
        return ctx -> {
            if (unpacked.isComplete()) {
                ctx.next();
            } else {
                unpacked.onComplete(v -> ctx.next());
            }
        };
    }
}
