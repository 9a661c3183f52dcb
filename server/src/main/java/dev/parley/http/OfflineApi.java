package dev.parley.http;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import dev.parley.account.SiteDirectory;
import dev.parley.hours.BusinessHours;
import dev.parley.hours.HoursJson;
import dev.parley.hub.HubRegistry;
import dev.parley.mail.MailText;
import dev.parley.offline.LeaveInput;
import dev.parley.offline.LeftMessages;
import dev.parley.offline.OfflineSettings;
import dev.parley.offline.OfflineStore;
import io.github.bucket4j.Bucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When nobody can answer: visitors leave a message; agents list, mark and answer them; owners set business hours and
 * the notification address. Agent routes take the site from the bearer session, the visitor route from the signed
 * visitor token — never from the request.
 */
final class OfflineApi {
    static final int LEAVES_PER_VISITOR_PER_HOUR = 5;
    static final int LEAVES_PER_ADDRESS_PER_HOUR = 30;
    static final int MAX_REPLY = 10_000;

    private final Vertx vertx;
    private final AccountStore accounts;
    private final SiteDirectory sites;
    private final HubRegistry hubs;
    private final LeftMessages messages;
    private final OfflineStore store;
    private final ConcurrentHashMap<String, Bucket> byVisitor = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> byAddress = new ConcurrentHashMap<>();

    OfflineApi(Vertx vertx, AccountStore accounts, SiteDirectory sites, HubRegistry hubs, LeftMessages messages) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.sites = sites;
        this.hubs = hubs;
        this.messages = messages;
        this.store = messages.store();
    }

    void mount(Router router) {
        router.post("/api/leave-message").handler(this::leave);
        router.get("/api/left-messages").handler(this::list);
        router.post("/api/left-messages/:id/status").handler(this::setStatus);
        router.post("/api/left-messages/:id/reply").handler(this::reply);
        router.get("/api/site/offline").handler(ctx -> owner(ctx).compose(this::offlineSettingsOf).onComplete(ar -> reply(ctx, 200, ar)));
        router.put("/api/site/offline").handler(this::updateOfflineSettings);
    }

    // ---- visitor -----------------------------------------------------------------------------------

    private void leave(RoutingContext ctx) {
        var body = Json.body(ctx);
        var siteKey = Json.string(body, "site", 64, true);
        var token = Json.string(body, "token", 1000, true);
        LeaveInput input;
        try {
            input = LeaveInput.parse(body, messages.maxText());
        } catch (LeaveInput.Invalid e) {
            var fields = new JsonObject();
            e.fields.forEach(fields::put);
            Json.send(ctx, 400, new JsonObject().put("error", "invalid_fields").put("message", e.getMessage()).put("fields", fields));
            return;
        }
        sites.byKey(siteKey).compose(found -> {
            var site = found.orElseThrow(() -> new ApiError(404, "unknown_site", "This chat is not available."));
            var visitorId = messages.visitorOf(token, site.id());
            if (visitorId == null) {
                throw new ApiError(403, "not_authenticated", "Your chat session is not valid for this site; reload the page.");
            }
            return vertx.executeBlocking(() -> {
                // A resend of a stored message is answered without counting against the limit.
                if (!messages.isStored(site.id(), visitorId, input.clientId())) {
                    consume(byVisitor, site.id() + " " + visitorId, LEAVES_PER_VISITOR_PER_HOUR, "You have left several messages already; please wait a while before sending another.");
                    consume(byAddress, address(ctx), LEAVES_PER_ADDRESS_PER_HOUR, "Too many messages from this network; please try again later.");
                }
                return messages.leave(site, visitorId, input);
            }, false);
        }).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            var left = ar.result();
            var m = left.message();
            Json.send(ctx, left.created() ? 201 : 200, new JsonObject().put("message", new JsonObject()
                    .put("id", m.getString("id")).put("clientId", input.clientId()).put("createdAt", m.getLong("createdAt"))));
        });
    }

    private static void consume(ConcurrentHashMap<String, Bucket> buckets, String key, int perHour, String message) {
        if (buckets.size() > 50_000) {
            buckets.clear();
        }
        var bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1))).build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new ApiError(429, "rate_limited", message, Math.max(1, probe.getNanosToWaitForRefill() / 1_000_000_000));
        }
    }

    private static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    }

    // ---- agents ------------------------------------------------------------------------------------

    private void list(RoutingContext ctx) {
        var status = ctx.request().getParam("status", "new");
        if (!status.equals("new") && !status.equals("handled") && !status.equals("all")) {
            throw new ApiError(400, "bad_request", "status must be new, handled or all.");
        }
        agent(ctx).compose(agent -> vertx.executeBlocking(() -> {
            var list = new JsonArray();
            store.list(agent.siteId(), status.equals("all") ? null : status).forEach(list::add);
            return new JsonObject().put("messages", list).put("counts", store.counts(agent.siteId()))
                    .put("smtpConfigured", messages.smtpConfigured());
        }, false)).onComplete(ar -> reply(ctx, 200, ar));
    }

    private void setStatus(RoutingContext ctx) {
        var body = Json.body(ctx);
        if (!(body.getValue("handled") instanceof Boolean handled)) {
            throw new ApiError(400, "bad_request", "Field 'handled' must be true or false.");
        }
        var id = ctx.pathParam("id");
        agent(ctx).compose(agent -> vertx.executeBlocking(() -> messages.setHandled(agent.siteId(), id, handled, agent)
                .orElseThrow(OfflineApi::notFound), false))
                .map(m -> new JsonObject().put("message", m))
                .onComplete(ar -> reply(ctx, 200, ar));
    }

    private void reply(RoutingContext ctx) {
        var body = Json.body(ctx);
        var text = Json.string(body, "text", MAX_REPLY, true);
        if (text.isBlank()) {
            throw new ApiError(400, "bad_request", "Write an answer first.");
        }
        var id = ctx.pathParam("id");
        agent(ctx).compose(agent -> vertx.executeBlocking(() -> {
            var site = accounts.findSiteById(agent.siteId()).orElseThrow();
            try {
                return messages.reply(site, agent, id, dev.parley.chat.Text.storable(text.strip())).orElseThrow(OfflineApi::notFound);
            } catch (LeftMessages.NoEmail e) {
                throw new ApiError(409, "no_email", e.getMessage());
            }
        }, false)).map(m -> new JsonObject().put("message", m)).onComplete(ar -> reply(ctx, 202, ar));
    }

    private static ApiError notFound() {
        return new ApiError(404, "not_found", "No such message on this site.");
    }

    // ---- owner settings ------------------------------------------------------------------------------

    private Future<JsonObject> offlineSettingsOf(Agent owner) {
        return vertx.executeBlocking(() -> settingsJson(store.settings(owner.siteId())), false);
    }

    private JsonObject settingsJson(OfflineSettings settings) {
        return new JsonObject().put("hours", settings.hours().toJson())
                .put("notificationEmail", settings.notificationEmail())
                .put("smtpConfigured", messages.smtpConfigured())
                .put("openNow", settings.hours().isOpen(messages.clock().instant()));
    }

    private void updateOfflineSettings(RoutingContext ctx) {
        var body = Json.body(ctx);
        BusinessHours hours = null;
        if (body.containsKey("hours")) {
            try {
                hours = HoursJson.parse(body.getValue("hours"));
            } catch (HoursJson.InvalidHours e) {
                throw new ApiError(400, "bad_hours", e.getMessage());
            }
        }
        String email = null;
        if (body.containsKey("notificationEmail")) {
            var value = body.getValue("notificationEmail");
            if (value != null && !(value instanceof String)) {
                throw new ApiError(400, "bad_request", "notificationEmail must be a string.");
            }
            email = value == null ? "" : ((String) value).strip();
            if (!email.isEmpty() && !MailText.isAddress(email)) {
                throw new ApiError(400, "bad_request", "The notification address is not an email address; use the form team@example.com.");
            }
        }
        var newHours = hours;
        var newEmail = email;
        owner(ctx).compose(owner -> vertx.executeBlocking(() -> {
            var current = store.settings(owner.siteId());
            var updated = new OfflineSettings(newHours == null ? current.hours() : newHours, newEmail == null ? current.notificationEmail() : newEmail);
            store.saveSettings(owner.siteId(), updated, messages.clock().millis());
            var hub = hubs.runningHub(owner.siteId());
            if (hub != null) {
                hub.execute(() -> hub.updateHours(updated.hours()));
            }
            return settingsJson(updated);
        }, false)).onComplete(ar -> reply(ctx, 200, ar));
    }

    // ---- auth --------------------------------------------------------------------------------------

    private Future<Agent> agent(RoutingContext ctx) {
        var token = AgentApi.bearer(ctx);
        if (token == null) {
            return Future.failedFuture(new ApiError(401, "not_authenticated", "Sign in first."));
        }
        return vertx.executeBlocking(() -> accounts.agentForSession(token), false).map(agent ->
                agent.orElseThrow(() -> new ApiError(401, "not_authenticated", "Your session has expired; please sign in again.")));
    }

    private Future<Agent> owner(RoutingContext ctx) {
        return agent(ctx).map(a -> {
            if (!a.isOwner()) {
                throw new ApiError(403, "forbidden", "Only the site owner can change settings.");
            }
            return a;
        });
    }

    private static void reply(RoutingContext ctx, int status, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.failed()) {
            ctx.fail(ar.cause());
        } else {
            Json.send(ctx, status, ar.result());
        }
    }
}
