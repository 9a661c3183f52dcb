package dev.parley.invite;

import dev.parley.chat.Text;
import io.vertx.core.json.JsonObject;

/**
 * One auto-invite rule of a site: when every condition holds for an online visitor who is not chatting, the hub
 * sends {@code text} as an invitation, at most {@code maxPerVisitor} times per visitor within {@code capHours}.
 *
 * @param urlPattern   matched against the whole page URL; empty = every page
 * @param minSecondsOnPage time on the current page
 * @param minPageViews pages viewed in this visit, the current one included
 * @param returningOnly only visitors on their second or later visit
 */
public record AutoInviteRule(String id, String name, boolean enabled, UrlGlob urlPattern, int minSecondsOnPage,
                             int minPageViews, boolean returningOnly, String text, int maxPerVisitor, int capHours) {
    static final int MAX_TEXT = 500;
    static final int MAX_PATTERN = 500;

    /** What a rule looks at; built by the hub from its live visitor state. */
    public record Facts(String url, long secondsOnPage, int pageViews, boolean returning) {
    }

    public boolean matches(Facts facts) {
        return enabled
                && facts.secondsOnPage() >= minSecondsOnPage
                && facts.pageViews() >= minPageViews
                && (!returningOnly || facts.returning())
                && urlPattern.matches(facts.url());
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("name", name).put("enabled", enabled).put("urlPattern", urlPattern.source())
                .put("minSecondsOnPage", minSecondsOnPage).put("minPageViews", minPageViews)
                .put("returningOnly", returningOnly).put("text", text).put("maxPerVisitor", maxPerVisitor)
                .put("capHours", capHours);
    }

    /** Reads and validates one rule; {@code position} (1-based) names it in error messages. */
    static AutoInviteRule fromJson(Object value, int position, String fallbackId) {
        if (!(value instanceof JsonObject json)) {
            throw new IllegalArgumentException("Rule " + position + " must be an object.");
        }
        var where = "Rule " + position + ": ";
        var id = string(json, "id", 40, where);
        if (id.isEmpty()) {
            id = fallbackId;
        } else if (!id.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(where + "id may hold only letters, digits, '-' and '_'.");
        }
        var text = Text.storable(string(json, "text", MAX_TEXT, where).strip());
        if (!Text.hasVisibleText(text)) {
            throw new IllegalArgumentException(where + "the greeting text is required.");
        }
        return new AutoInviteRule(id, Text.storable(string(json, "name", 100, where).strip()),
                bool(json, "enabled", true, where), UrlGlob.of(string(json, "urlPattern", MAX_PATTERN, where).strip()),
                integer(json, "minSecondsOnPage", 0, 0, 86_400, where), integer(json, "minPageViews", 0, 0, 1000, where),
                bool(json, "returningOnly", false, where), text,
                integer(json, "maxPerVisitor", 1, 1, 100, where), integer(json, "capHours", 24, 1, 8760, where));
    }

    private static String string(JsonObject json, String field, int max, String where) {
        var value = json.getValue(field);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(where + field + " must be text.");
        }
        if (s.length() > max) {
            throw new IllegalArgumentException(where + field + " must be at most " + max + " characters.");
        }
        return s;
    }

    private static boolean bool(JsonObject json, String field, boolean fallback, String where) {
        var value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException(where + field + " must be true or false.");
        }
        return b;
    }

    private static int integer(JsonObject json, String field, int fallback, int min, int max, String where) {
        var value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw new IllegalArgumentException(where + field + " must be a whole number from " + min + " to " + max + ".");
        }
        return n.intValue();
    }
}
