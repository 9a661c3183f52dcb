package dev.parley.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AutoInviteRuleTest {

    static AutoInviteRule rule(JsonObject json) {
        return AutoInviteRules.fromJson(new JsonArray().add(json.put("text", "Hi"))).rules().get(0);
    }

    @Test
    void url_patterns_are_globs_on_the_whole_url_with_nothing_else_special() {
        var glob = UrlGlob.of("*/pricing?plan=(pro)*");
        assertTrue(glob.matches("https://shop.example/pricing?plan=(pro)&x=1"));
        assertFalse(glob.matches("https://shop.example/pricing?plan=pro"), "? ( ) are literal");
        assertTrue(UrlGlob.of("https://SHOP.example/*").matches("https://shop.example/a"), "case-insensitive");
        assertFalse(UrlGlob.of("https://shop.example/a").matches("https://shop.example/a/b"), "whole URL, not a prefix");
        assertTrue(UrlGlob.of("").matches("anything"));
    }

    @Test
    void globs_match_like_a_shell_pattern_in_all_the_edge_cases() {
        assertTrue(UrlGlob.of("*").matches(""));
        assertTrue(UrlGlob.of("a*").matches("a"));
        assertFalse(UrlGlob.of("ab*ba").matches("aba"), "prefix and suffix may not overlap");
        assertTrue(UrlGlob.of("ab*ba").matches("abba"));
        assertTrue(UrlGlob.of("*a*b*").matches("xxaxxbxx"));
        assertFalse(UrlGlob.of("*b*a*").matches("xxaxxbxx"), "middle parts in order");
        assertTrue(UrlGlob.of("**x**").matches("x"));
        assertFalse(UrlGlob.of("*shop*product*detail*").matches("https://shop.example/" + "shopproduct".repeat(185)));
    }

    @Test
    void a_hostile_url_cannot_hang_matching() {
        // A regex for this pattern backtracks on this URL until killed (it froze a hub); greedy matching answers at
        // once. The bound is a liveness check, not a measurement.
        var glob = UrlGlob.of("*a".repeat(12) + "*b");
        var url = "a".repeat(2000);
        assertFalse(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(1), () -> glob.matches(url)));
    }

    @Test
    void every_condition_must_hold() {
        var r = rule(new JsonObject().put("urlPattern", "*/cart").put("minSecondsOnPage", 10).put("minPageViews", 2).put("returningOnly", true));
        assertTrue(r.matches(new AutoInviteRule.Facts("https://x/cart", 10, 2, true)));
        assertFalse(r.matches(new AutoInviteRule.Facts("https://x/cart", 9, 2, true)));
        assertFalse(r.matches(new AutoInviteRule.Facts("https://x/cart", 10, 1, true)));
        assertFalse(r.matches(new AutoInviteRule.Facts("https://x/cart", 10, 2, false)));
        assertFalse(r.matches(new AutoInviteRule.Facts("https://x/home", 10, 2, true)));
        assertFalse(rule(new JsonObject().put("enabled", false)).matches(new AutoInviteRule.Facts("u", 0, 0, false)));
    }

    @Test
    void bad_rules_are_refused_with_the_rule_and_field_named() {
        var tooMany = new JsonArray();
        for (int i = 0; i < 21; i++) {
            tooMany.add(new JsonObject().put("text", "t"));
        }
        assertEquals("At most 20 rules.", assertThrows(IllegalArgumentException.class, () -> AutoInviteRules.fromJson(tooMany)).getMessage());
        var dup = new JsonArray().add(new JsonObject().put("id", "a").put("text", "t")).add(new JsonObject().put("id", "a").put("text", "t"));
        assertEquals("Rule 2: id 'a' is used twice.", assertThrows(IllegalArgumentException.class, () -> AutoInviteRules.fromJson(dup)).getMessage());
        var badId = new JsonArray().add(new JsonObject().put("id", "a b").put("text", "t"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoInviteRules.fromJson(badId)).getMessage().startsWith("Rule 1: id"));
        var fraction = new JsonArray().add(new JsonObject().put("text", "t").put("capHours", 1.5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoInviteRules.fromJson(fraction)).getMessage().contains("capHours"));
        assertEquals(AutoInviteRules.NONE, AutoInviteRules.fromStored("not json"));
    }
}
