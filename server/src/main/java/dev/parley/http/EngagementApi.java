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
        router.put("/api/site/invite-rules").handler(ctx -> write(ctx, SiteConfigStore.INVITE_RULES, () -> {
            var rules = parse(() -> AutoInviteRules.fromJson(Json.body(ctx).getValue("rules")));
            return new Parsed<>(rules, rules.toJson().encode(), new JsonObject().put("rules", rules.toJson()));
        }, SiteHub::updateInviteRules));
        router.get("/api/site/prechat").handler(ctx -> read(ctx, SiteConfigStore.PRECHAT,
                stored -> PrechatForm.fromStored(stored).toJson()));
        router.put("/api/site/prechat").handler(ctx -> write(ctx, SiteConfigStore.PRECHAT, () -> {
            var form = parse(() -> PrechatForm.fromJson(Json.body(ctx)));
            return new Parsed<>(form, form.toJson().encode(), form.toJson());
        }, SiteHub::updatePrechat));
    }

    private void read(RoutingContext ctx, String name, Function<String, JsonObject> view) {
        auth.owner(ctx).compose(owner -> vertx.executeBlocking(() -> view.apply(config.get(owner.siteId(), name)), false))
                .onComplete(ar -> reply(ctx, ar.map(x -> x)));
    }

    /** A validated setting: its value for the hub, the document to store and the answer to send. */
    private record Parsed<T>(T value, String document, JsonObject answer) {
    }

    /** Who is asking is checked before the body is read: strangers learn nothing from validation messages. */
    private <T> void write(RoutingContext ctx, String name, java.util.function.Supplier<Parsed<T>> parser, BiConsumer<SiteHub, T> apply) {
        Future<Agent> owner = auth.owner(ctx);
        owner.compose(agent -> {
            var parsed = parser.get();
            return vertx.executeBlocking(() -> {
                config.put(agent.siteId(), name, parsed.document());
                return parsed;
            }, false).onSuccess(stored -> {
                var hub = hubs.runningHub(agent.siteId());
                if (hub != null) {
                    hub.execute(() -> apply.accept(hub, stored.value()));
                }
            });
        }).onComplete(ar -> reply(ctx, ar.map(Parsed::answer)));
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
