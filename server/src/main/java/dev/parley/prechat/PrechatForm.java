package dev.parley.prechat;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A site's optional pre-chat form: which of the fields name, email, phone and custom are asked, and whether each is
 * required. Shown to a visitor before their first message; the server checks the answers, not just the browser.
 */
public record PrechatForm(boolean enabled, Map<String, Mode> fields, String customLabel) {
    public static final String[] FIELD_NAMES = {"name", "email", "phone", "custom"};
    public static final PrechatForm OFF = new PrechatForm(false, defaults(), "");

    public enum Mode { OFF, OPTIONAL, REQUIRED }

    public PrechatForm {
        fields = Map.copyOf(fields);
    }

    public Mode mode(String field) {
        return fields.getOrDefault(field, Mode.OFF);
    }

    /** Enabled and asking at least one field. */
    public boolean isShown() {
        return enabled && fields.values().stream().anyMatch(m -> m != Mode.OFF);
    }

    public boolean requiresAnswers() {
        return enabled && fields.values().stream().anyMatch(m -> m == Mode.REQUIRED);
    }

    public JsonObject toJson() {
        var json = new JsonObject();
        for (var name : FIELD_NAMES) {
            json.put(name, mode(name).name().toLowerCase(java.util.Locale.ROOT));
        }
        return new JsonObject().put("enabled", enabled).put("fields", json).put("customLabel", customLabel);
    }

    /** Parses the owner's settings. Throws {@link IllegalArgumentException} with a message fit for the owner. */
    public static PrechatForm fromJson(JsonObject json) {
        if (json == null) {
            throw new IllegalArgumentException("The pre-chat form settings must be an object.");
        }
        var enabled = json.getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new IllegalArgumentException("enabled must be true or false.");
        }
        var fieldsValue = json.getValue("fields");
        if (fieldsValue != null && !(fieldsValue instanceof JsonObject)) {
            throw new IllegalArgumentException("fields must be an object such as {\"name\":\"required\"}.");
        }
        var fieldsJson = fieldsValue == null ? new JsonObject() : (JsonObject) fieldsValue;
        var fields = new LinkedHashMap<String, Mode>();
        for (var name : FIELD_NAMES) {
            var value = fieldsJson.getValue(name);
            fields.put(name, value == null ? Mode.OFF : mode(name, value));
        }
        for (var name : fieldsJson.fieldNames()) {
            if (!fields.containsKey(name)) {
                throw new IllegalArgumentException("Unknown field '" + dev.parley.chat.Text.clip(name, 40)
                        + "'; the form can ask name, email, phone and custom.");
            }
        }
        var label = json.getValue("customLabel");
        if (label != null && !(label instanceof String)) {
            throw new IllegalArgumentException("customLabel must be text.");
        }
        var customLabel = label == null ? "" : dev.parley.chat.Text.singleLine((String) label);
        if (!dev.parley.chat.Text.hasVisibleText(customLabel)) {
            customLabel = "";
        }
        if (customLabel.length() > 100) {
            throw new IllegalArgumentException("customLabel must be at most 100 characters.");
        }
        if (fields.get("custom") != Mode.OFF && customLabel.isEmpty()) {
            throw new IllegalArgumentException("Give the custom field a label (what should visitors enter?).");
        }
        return new PrechatForm(Boolean.TRUE.equals(enabled), fields, customLabel);
    }

    public static PrechatForm fromStored(String stored) {
        if (stored == null) {
            return OFF;
        }
        try {
            return fromJson(new JsonObject(stored));
        } catch (RuntimeException e) {
            return OFF;
        }
    }

    private static Mode mode(String field, Object value) {
        if (value instanceof String s) {
            for (var mode : Mode.values()) {
                if (mode.name().equalsIgnoreCase(s)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("fields." + field + " must be \"off\", \"optional\" or \"required\".");
    }

    private static Map<String, Mode> defaults() {
        var map = new LinkedHashMap<String, Mode>();
        for (var name : FIELD_NAMES) {
            map.put(name, Mode.OFF);
        }
        return map;
    }
}
