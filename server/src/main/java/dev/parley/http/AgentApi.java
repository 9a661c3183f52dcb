package dev.parley.http;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import dev.parley.account.Passwords;
import dev.parley.account.Site;
import dev.parley.account.SiteDirectory;
import dev.parley.hub.HubRegistry;
import io.github.bucket4j.Bucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Agent login and the owner's settings. Every route after login is scoped to the caller's own site: the site id
 * comes from the session, never from the request.
 */
final class AgentApi {
    static final int MAX_FAILED_LOGINS = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");

    private final Vertx vertx;
    private final AccountStore accounts;
    private final SiteDirectory sites;
    private final HubRegistry hubs;
    private final AgentAuth auth;
    private final ConcurrentHashMap<String, Bucket> loginAttemptsByIp = new ConcurrentHashMap<>();

    AgentApi(Vertx vertx, AccountStore accounts, SiteDirectory sites, HubRegistry hubs) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.sites = sites;
        this.hubs = hubs;
        this.auth = new AgentAuth(vertx, accounts);
    }

    void mount(Router router) {
        router.post("/api/agent/login").handler(this::login);
        router.post("/api/agent/logout").handler(this::logout);
        router.get("/api/site/settings").handler(ctx -> owner(ctx).compose(this::settingsOf).onComplete(ar -> reply(ctx, 200, ar)));
        router.put("/api/site/settings").handler(this::updateSettings);
        router.post("/api/site/agents").handler(this::addAgent);
    }

    private void login(RoutingContext ctx) {
        var body = Json.body(ctx);
        var email = Json.string(body, "email", 254, true);
        var password = Json.string(body, "password", Passwords.MAX_LENGTH, true);
        var ip = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        if (loginAttemptsByIp.size() > 50_000) {
            loginAttemptsByIp.clear();
        }
        var bucket = loginAttemptsByIp.computeIfAbsent(ip, k -> Bucket.builder()
                .addLimit(l -> l.capacity(20).refillGreedy(20, Duration.ofMinutes(1))).build());
        if (!bucket.tryConsume(1)) {
            ctx.fail(new ApiError(429, "rate_limited", "Too many sign-in attempts from this address; wait a minute.", 60));
            return;
        }
        vertx.executeBlocking(() -> checkPassword(email, password), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                Json.send(ctx, 200, ar.result());
            }
        });
    }

    /** Blocking: Argon2 and JDBC. Same answer for an unknown email and a wrong password. */
    private JsonObject checkPassword(String email, String password) throws Exception {
        var found = accounts.credentials(email);
        if (found.isEmpty()) {
            Passwords.burnTime(password);
            throw new ApiError(401, "invalid_credentials", "Email or password is incorrect.");
        }
        var credentials = found.get();
        long now = System.currentTimeMillis();
        if (credentials.lockedUntil() > now) {
            throw locked(credentials.lockedUntil());
        }
        if (!Passwords.matches(password, credentials.passwordHash())) {
            accounts.recordFailedLogin(credentials.agent(), MAX_FAILED_LOGINS, now + LOCKOUT.toMillis());
            throw new ApiError(401, "invalid_credentials", "Email or password is incorrect.");
        }
        // A concurrent wrong guess may have locked the account while this one was being checked.
        var fresh = accounts.credentials(email).orElseThrow();
        if (fresh.lockedUntil() > System.currentTimeMillis()) {
            throw locked(fresh.lockedUntil());
        }
        if (fresh.failedLogins() > 0 || fresh.lockedUntil() > 0) {
            accounts.recordLoginResult(credentials.agent(), 0, 0);
        }
        var agent = credentials.agent();
        var site = accounts.findSiteById(agent.siteId()).orElseThrow();
        return new JsonObject()
                .put("token", accounts.createSession(agent))
                .put("agent", agentJson(agent))
                .put("site", new JsonObject().put("id", site.id()).put("key", site.key()).put("name", site.name()));
    }

    private static ApiError locked(long lockedUntil) {
        long seconds = Math.max(1, (lockedUntil - System.currentTimeMillis() + 999) / 1000);
        return new ApiError(429, "locked", "Too many failed attempts; try again in " + Math.max(1, (seconds + 59) / 60) + " minutes.", seconds);
    }

    private void logout(RoutingContext ctx) {
        var token = bearer(ctx);
        if (token == null) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        vertx.executeBlocking(() -> {
            var agent = accounts.agentForSession(token);
            accounts.deleteSession(token);
            return agent;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            // Consoles opened with this token are signed out too, not just future requests.
            ar.result().map(agent -> hubs.runningHub(agent.siteId())).ifPresent(hub ->
                    hub.execute(() -> hub.signOut(AccountStore.hashToken(token))));
            ctx.response().setStatusCode(204).end();
        });
    }

    private void updateSettings(RoutingContext ctx) {
        // Who asks first: strangers learn nothing from validation messages.
        owner(ctx).compose(agent -> {
            var body = Json.body(ctx);
            var greeting = Json.string(body, "greeting", 500, false);
            var color = Json.string(body, "color", 7, false);
            if (color != null && !COLOR.matcher(color).matches()) {
                throw new ApiError(400, "bad_request", "color must look like #2563eb.");
            }
            var origins = origins(body.getValue("allowedOrigins"));
            return saveWidget(agent, body, greeting, color, origins);
        }).onComplete(ar -> reply(ctx, 200, ar));
    }

    private Future<JsonObject> saveWidget(Agent owner, JsonObject body, String greeting, String color, List<String> origins) {
        return Future.succeededFuture(owner).compose(agent -> vertx.executeBlocking(() -> {
            var current = accounts.findSiteById(agent.siteId()).orElseThrow();
            // An absent field keeps its value; an empty greeting clears it.
            var newGreeting = body.containsKey("greeting") ? (greeting == null ? "" : dev.parley.chat.Text.storable(greeting.strip())) : current.greeting();
            var updated = current.withWidget(newGreeting, color == null ? current.color() : color,
                    origins == null ? current.allowedOrigins() : origins);
            accounts.updateWidget(updated);
            return updated;
        }, false)).compose(site -> {
            sites.put(site);
            var hub = hubs.runningHub(site.id());
            if (hub != null) {
                hub.execute(() -> hub.updateSite(site));
            }
            return settingsOf(owner);
        });
    }

    private void addAgent(RoutingContext ctx) {
        var body = Json.body(ctx);
        var email = Json.string(body, "email", 254, true).trim();
        if (!AccountStore.isEmail(email)) {
            throw new ApiError(400, "bad_request", "That is not an email address.");
        }
        var name = Json.string(body, "name", 100, false);
        var password = Json.string(body, "password", Passwords.MAX_LENGTH, true);
        var problem = Passwords.problemWith(password);
        if (problem != null) {
            throw new ApiError(400, "bad_request", problem);
        }
        owner(ctx).compose(owner -> vertx.executeBlocking(() -> accounts.addAgent(owner.siteId(), email, password,
                name == null ? email.substring(0, email.indexOf('@')) : name.trim(), Agent.AGENT)
                .orElseThrow(() -> new ApiError(409, "email_taken", "That email is already registered.")), false))
                .map(agent -> new JsonObject().put("agent", agentJson(agent)))
                .onComplete(ar -> reply(ctx, 201, ar));
    }

    private Future<JsonObject> settingsOf(Agent owner) {
        return vertx.executeBlocking(() -> {
            Site site = accounts.findSiteById(owner.siteId()).orElseThrow();
            var agents = new JsonArray();
            accounts.agentsOf(site.id()).forEach(a -> agents.add(agentJson(a)));
            return new JsonObject().put("name", site.name()).put("key", site.key()).put("greeting", site.greeting())
                    .put("color", site.color()).put("allowedOrigins", new JsonArray(site.allowedOrigins()))
                    .put("agents", agents);
        }, false);
    }

    private Future<Agent> owner(RoutingContext ctx) {
        return auth.owner(ctx);
    }

    private static List<String> origins(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw new ApiError(400, "bad_request", "allowedOrigins must be a list of origins such as https://example.com.");
        }
        if (array.size() > 50) {
            throw new ApiError(400, "bad_request", "At most 50 allowed origins.");
        }
        var list = new ArrayList<String>();
        for (var item : array) {
            if (!(item instanceof String s) || s.isBlank()) {
                continue;
            }
            var origin = Origins.normalize(s.trim());
            if (origin == null) {
                throw new ApiError(400, "bad_request", "'" + dev.parley.chat.Text.clip(s, 80) + "' is not an origin; use the form https://example.com or http://localhost:3000.");
            }
            if (!list.contains(origin)) {
                list.add(origin);
            }
        }
        return list;
    }

    static String bearer(RoutingContext ctx) {
        return AgentAuth.bearer(ctx);
    }

    static JsonObject agentJson(Agent a) {
        return new JsonObject().put("id", a.id()).put("email", a.email()).put("name", a.name()).put("role", a.role());
    }

    private static void reply(RoutingContext ctx, int status, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.failed()) {
            ctx.fail(ar.cause());
        } else {
            Json.send(ctx, status, ar.result());
        }
    }
}
