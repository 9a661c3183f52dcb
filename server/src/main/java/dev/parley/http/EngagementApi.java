package dev.parley.http;

import dev.parley.account.Agent;
import dev.parley.account.SiteConfigStore;
import dev.parley.hub.HubRegistry;
import dev.parley.hub.SiteHub;
import dev.parley.invite.AutoInviteRules;
import dev.parley.prechat.PrechatForm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The owner's settings for engaging visitors: auto-invite rules and the pre-chat form. A saved change reaches the
 * site's running hub at once, so it applies without a restart.
 */
final class EngagementApi {
    private final Vertx vertx;
    private final AgentAuth auth;
    private final SiteConfigStore config;
    private final HubRegistry hubs;

    EngagementApi(Vertx vertx, AgentAuth auth, SiteConfigStore config, HubRegistry hubs) {
        this.vertx = vertx;
        this.auth = auth;
        this.config = config;
        this.hubs = hubs;
    }

    void mount(Router router) {
        router.get("/api/site/invite-rules").handler(ctx -> read(ctx, SiteConfigStore.INVITE_RULES,
                stored -> new JsonObject().put("rules", AutoInviteRules.fromStored(stored).toJson())));
        router.put("/api/site/invite-rules").handler(ctx -> {
            var body = Json.body(ctx);
            var rules = parse(() -> AutoInviteRules.fromJson(body.getValue("rules")));
            write(ctx, SiteConfigStore.INVITE_RULES, rules.toJson().encode(), SiteHub::updateInviteRules, rules,
                    new JsonObject().put("rules", rules.toJson()));
        });
        router.get("/api/site/prechat").handler(ctx -> read(ctx, SiteConfigStore.PRECHAT,
                stored -> PrechatForm.fromStored(stored).toJson()));
        router.put("/api/site/prechat").handler(ctx -> {
            var form = parse(() -> PrechatForm.fromJson(Json.body(ctx)));
            write(ctx, SiteConfigStore.PRECHAT, form.toJson().encode(), SiteHub::updatePrechat, form, form.toJson());
        });
    }

    private void read(RoutingContext ctx, String name, Function<String, JsonObject> view) {
        auth.owner(ctx).compose(owner -> vertx.executeBlocking(() -> view.apply(config.get(owner.siteId(), name)), false))
                .onComplete(ar -> reply(ctx, ar.map(x -> x)));
    }

    private <T> void write(RoutingContext ctx, String name, String document, BiConsumer<SiteHub, T> apply, T value, JsonObject answer) {
        Future<Agent> owner = auth.owner(ctx);
        owner.compose(agent -> vertx.executeBlocking(() -> {
            config.put(agent.siteId(), name, document);
            return agent;
        }, false)).onComplete(ar -> {
            if (ar.succeeded()) {
                var hub = hubs.runningHub(ar.result().siteId());
                if (hub != null) {
                    hub.execute(() -> apply.accept(hub, value));
                }
            }
            reply(ctx, ar.map(agent -> answer));
        });
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_request", e.getMessage());
        }
    }

    private static void reply(RoutingContext ctx, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.failed()) {
            ctx.fail(ar.cause());
        } else {
            Json.send(ctx, 200, ar.result());
        }
    }
}
