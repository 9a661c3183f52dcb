package dev.parley.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading and writing JSON bodies with clear errors. */
final class Json {
    private Json() {
    }

    static JsonObject body(RoutingContext ctx) {
        var type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // Also stops cross-site "simple" form/text posts, which a browser sends without a CORS preflight.
            throw new ApiError(415, "unsupported_media_type", "Send the body as Content-Type: application/json.");
        }
        try {
            var body = ctx.body().asJsonObject();
            if (body == null) {
                throw new ApiError(400, "bad_json", "Request body must be a JSON object.");
            }
            return body;
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            throw new ApiError(400, "bad_json", "Request body must be a JSON object.");
        }
    }

    static String string(JsonObject body, String field, int maxLength, boolean required) {
        var value = body.getValue(field);
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                throw new ApiError(400, "bad_request", "Field '" + field + "' is required.");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ApiError(400, "bad_request", "Field '" + field + "' must be a string.");
        }
        if (s.length() > maxLength) {
            throw new ApiError(400, "bad_request", "Field '" + field + "' must be at most " + maxLength + " characters.");
        }
        return s;
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store");
        Responses.end(ctx, body.encode());
    }
}
