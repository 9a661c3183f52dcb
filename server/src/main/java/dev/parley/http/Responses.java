package dev.parley.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** GET and HEAD alike: uptime checks and link checkers ask with HEAD, and must get what GET would, without the body. */
final class Responses {

    private Responses() {
    }

    /** A route for GET and HEAD; its handler ends through {@link #end}. */
    static Route getOrHead(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /** Ends the response with {@code body}, or, for a HEAD request, with its length and no body (Vert.x sends both). */
    static void end(RoutingContext ctx, Buffer body) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().putHeader("Content-Length", String.valueOf(body.length())).end();
        } else {
            ctx.response().end(body);
        }
    }

    static void end(RoutingContext ctx, String body) {
        end(ctx, Buffer.buffer(body));
    }
}
