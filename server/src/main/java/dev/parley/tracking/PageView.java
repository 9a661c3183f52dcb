package dev.parley.tracking;

import dev.parley.chat.Text;
import io.vertx.core.json.JsonObject;

/** Where a visitor is: what the embed reported on load or navigation, trimmed to sane lengths. */
public record PageView(String url, String title, String referrer, long at) {
    public static final PageView NONE = new PageView("", "", "", 0);

    public static PageView from(JsonObject json, long at) {
        if (json == null) {
            return new PageView("", "", "", at);
        }
        return new PageView(clip(json.getValue("url"), 2048), clip(json.getValue("title"), 300),
                clip(json.getValue("referrer"), 2048), at);
    }

    public JsonObject toJson() {
        return new JsonObject().put("url", url).put("title", title).put("referrer", referrer).put("at", at);
    }

    private static String clip(Object value, int max) {
        if (!(value instanceof String s)) {
            return "";
        }
        return Text.storable(Text.clip(s, max));
    }
}
