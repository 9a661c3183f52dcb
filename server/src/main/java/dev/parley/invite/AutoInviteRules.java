package dev.parley.invite;

import io.vertx.core.json.JsonArray;
import java.util.HashSet;
import java.util.List;

/** A site's auto-invite rules in the order the owner listed them; the first matching rule wins. */
public record AutoInviteRules(List<AutoInviteRule> rules) {
    public static final AutoInviteRules NONE = new AutoInviteRules(List.of());
    static final int MAX_RULES = 20;

    public AutoInviteRules {
        rules = List.copyOf(rules);
    }

    public boolean anyEnabled() {
        return rules.stream().anyMatch(AutoInviteRule::enabled);
    }

    public JsonArray toJson() {
        var array = new JsonArray();
        rules.forEach(rule -> array.add(rule.toJson()));
        return array;
    }

    /** Parses the owner's list. Throws {@link IllegalArgumentException} with a message fit for the owner. */
    public static AutoInviteRules fromJson(Object value) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("rules must be a list.");
        }
        if (array.size() > MAX_RULES) {
            throw new IllegalArgumentException("At most " + MAX_RULES + " rules.");
        }
        var rules = new java.util.ArrayList<AutoInviteRule>();
        var ids = new HashSet<String>();
        for (int i = 0; i < array.size(); i++) {
            var rule = AutoInviteRule.fromJson(array.getValue(i), i + 1, "rule-" + (i + 1));
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("Rule " + (i + 1) + ": id '" + rule.id() + "' is used twice.");
            }
            rules.add(rule);
        }
        return new AutoInviteRules(rules);
    }

    /** Stored documents were validated when saved; one that no longer parses counts as no rules. */
    public static AutoInviteRules fromStored(String stored) {
        if (stored == null) {
            return NONE;
        }
        try {
            return fromJson(new JsonArray(stored));
        } catch (RuntimeException e) {
            return NONE;
        }
    }
}
