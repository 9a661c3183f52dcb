package dev.parley.http;

import dev.parley.account.AccountStore;
import dev.parley.account.SiteDirectory;
import dev.parley.gateway.WebSocketGateway;
import dev.parley.hub.HubRegistry;
import dev.parley.store.BatchingWriter;
import dev.parley.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Builds the node's router: health, the public embed API, the agent API, pages and the WebSocket endpoint. */
public final class HttpRoutes {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private HttpRoutes() {
    }

    public static Router create(Vertx vertx, Database db, BatchingWriter writer, AccountStore accounts,
                                SiteDirectory sites, HubRegistry hubs, WebSocketGateway gateway, String demoSiteKey,
                                dev.parley.offline.LeftMessages leftMessages) {
        var router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "strict-origin-when-cross-origin");
            ctx.next();
        });
        router.get("/ws").handler(ctx -> gateway.upgrade(ctx.request()));
        Responses.getOrHead(router, "/health").handler(ctx -> Json.send(ctx, 200, new JsonObject().put("status", "ok")));
        Responses.getOrHead(router, "/ready").handler(ctx -> ready(vertx, db, writer, ctx));
        router.get("/metrics").handler(ctx -> dev.parley.metrics.NodeMetrics.serve(ctx, gateway, writer, db));
        router.get("/api/route").handler(ctx -> route(sites, ctx));
        router.options("/api/route").handler(ctx -> ctx.response().putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Allow-Methods", "GET").setStatusCode(204).end());
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        new AgentApi(vertx, accounts, sites, hubs).mount(router);
        new EngagementApi(vertx, new AgentAuth(vertx, accounts), new dev.parley.account.SiteConfigStore(db), hubs).mount(router);
        new OfflineApi(vertx, accounts, sites, hubs, leftMessages).mount(router);
        router.route("/api/*").handler(ctx -> ApiError.send(ctx, 404, "not_found", "No such API route."));
        new Pages(sites, demoSiteKey).mount(router);
        router.route().failureHandler(ApiError::handle);
        return router;
    }

    private static void ready(Vertx vertx, Database db, BatchingWriter writer, RoutingContext ctx) {
        vertx.executeBlocking(db::isReachable, false).onComplete(ar -> {
            boolean dbUp = ar.succeeded() && ar.result();
            boolean ok = dbUp && writer.isHealthy();
            Json.send(ctx, ok ? 200 : 503, new JsonObject()
                    .put("status", ok ? "ready" : "unavailable")
                    .put("database", dbUp ? "reachable" : "unreachable")
                    .put("writer", new JsonObject().put("healthy", writer.isHealthy()).put("queued", writer.queued())));
        });
    }

    /** Which node serves a site. Standalone: this one. The cluster router will answer the same shape. */
    private static void route(SiteDirectory sites, RoutingContext ctx) {
        var key = ctx.request().getParam("site");
        var origin = ctx.request().getHeader("Origin");
        ctx.response().putHeader("Vary", "Origin").putHeader("Access-Control-Allow-Origin", origin == null ? "*" : origin);
        if (key == null || key.isBlank()) {
            ApiError.send(ctx, 400, "bad_request", "Query parameter 'site' is required.");
            return;
        }
        sites.byKey(key).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            var site = ar.result().orElse(null);
            if (site == null) {
                ApiError.send(ctx, 404, "unknown_site", "No enabled site has the key '" + dev.parley.chat.Text.clip(key, 64) + "'.");
                return;
            }
            if (origin != null && !site.allowsOrigin(origin) && !Origins.isSelf(origin, ctx.request())) {
                ApiError.send(ctx, 403, "origin_not_allowed", "The site '" + site.key() + "' does not allow embedding on " + origin + ".");
                return;
            }
            var forwarded = ctx.request().getHeader("X-Forwarded-Proto");
            boolean secure = ctx.request().isSSL() || "https".equalsIgnoreCase(forwarded);
            var host = authority(ctx);
            Json.send(ctx, 200, new JsonObject()
                    .put("site", site.key())
                    .put("http", (secure ? "https://" : "http://") + host)
                    .put("ws", (secure ? "wss://" : "ws://") + host + "/ws"));
        });
    }

    private static String authority(RoutingContext ctx) {
        return ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    }
}
