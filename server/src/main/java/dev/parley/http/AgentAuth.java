package dev.parley.http;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** Who is calling: the agent behind a request's Bearer token. The site id always comes from here, never the request. */
final class AgentAuth {
    private final Vertx vertx;
    private final AccountStore accounts;

    AgentAuth(Vertx vertx, AccountStore accounts) {
        this.vertx = vertx;
        this.accounts = accounts;
    }

    /** Any signed-in agent of a site. */
    Future<Agent> agent(RoutingContext ctx) {
        var token = bearer(ctx);
        if (token == null) {
            return Future.failedFuture(new ApiError(401, "not_authenticated", "Sign in first."));
        }
        return vertx.executeBlocking(() -> accounts.agentForSession(token), false).map(agent ->
                agent.orElseThrow(() -> new ApiError(401, "not_authenticated", "Your session has expired; please sign in again.")));
    }

    /** The calling agent, who must be an owner of their site. */
    Future<Agent> owner(RoutingContext ctx) {
        return agent(ctx).map(a -> {
            if (!a.isOwner()) {
                throw new ApiError(403, "forbidden", "Only the site owner can change settings.");
            }
            return a;
        });
    }

    static String bearer(RoutingContext ctx) {
        var header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        var token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
