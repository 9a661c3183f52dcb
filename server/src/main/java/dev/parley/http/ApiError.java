package dev.parley.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** An HTTP error with a machine code and a human message; every error body is {@code {"error","message"}}. */
public final class ApiError extends RuntimeException {
    final int status;
    final String code;
    final long retryAfterSeconds;

    public ApiError(int status, String code, String message) {
        this(status, code, message, 0);
    }

    public ApiError(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static void send(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8");
        Responses.end(ctx, new JsonObject().put("error", code).put("message", message).encode());
    }

    /** The one place failures become responses. */
    static void handle(RoutingContext ctx) {
        var failure = ctx.failure();
        if (failure instanceof ApiError e && e.retryAfterSeconds > 0) {
            ctx.response().setStatusCode(e.status).putHeader("content-type", "application/json; charset=utf-8")
                    .putHeader("Retry-After", String.valueOf(e.retryAfterSeconds))
                    .end(new JsonObject().put("error", e.code).put("message", e.getMessage())
                            .put("retryAfterSeconds", e.retryAfterSeconds).encode());
        } else if (failure instanceof ApiError e) {
            send(ctx, e.status, e.code, e.getMessage());
        } else if (ctx.statusCode() == 413) {
            send(ctx, 413, "too_large", "Request body is larger than 64 KB.");
        } else if (ctx.statusCode() == 400 && failure == null) {
            send(ctx, 400, "bad_request", "The request is malformed.");
        } else if (ctx.statusCode() == 404 && failure == null) {
            send(ctx, 404, "not_found", "No such resource.");
        } else if (failure instanceof io.vertx.core.VertxException && String.valueOf(failure.getMessage()).contains("'Host' header")) {
            send(ctx, 400, "bad_request", "The Host header is missing or invalid.");
        } else if (failure instanceof io.vertx.core.json.DecodeException) {
            send(ctx, 400, "bad_json", "Request body is not valid JSON.");
        } else {
            org.slf4j.LoggerFactory.getLogger(ApiError.class).error("Request failed: {} {}", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, 500, "internal", "Something went wrong on the server.");
        }
    }
}
