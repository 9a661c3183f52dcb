package dev.parley.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A visitor token binds a site and a visitor id under the node secret; anything else verifies to nobody. */
class VisitorTokensTest {
    private final VisitorTokens tokens = new VisitorTokens("secret-of-this-installation-32by".getBytes(StandardCharsets.UTF_8));

    @Test
    void a_token_differing_only_in_the_spare_bits_of_its_last_character_is_rejected() {
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int n = 0; n < 20; n++) {
            var token = tokens.issue("s_1", "v_" + n);
            char last = token.charAt(token.length() - 1);
            char twin = alphabet.charAt(alphabet.indexOf(last) ^ 1); // same decoded bytes: only unused bits differ
            var tampered = token.substring(0, token.length() - 1) + twin;
            org.junit.jupiter.api.Assertions.assertNull(tokens.verify(tampered, "s_1"), tampered);
            org.junit.jupiter.api.Assertions.assertEquals("v_" + n, tokens.verify(token, "s_1"));
        }
    }

    @Test
    void issued_token_verifies_to_its_visitor_on_its_site() {
        var token = tokens.issue("s_site1", "v_abc");
        assertTrue(token.startsWith("v1."), token);
        assertEquals("v_abc", tokens.verify(token, "s_site1"));
    }

    @Test
    void token_of_another_site_verifies_to_nobody() {
        assertNull(tokens.verify(tokens.issue("s_site1", "v_abc"), "s_site2"));
    }

    @Test
    void token_with_a_changed_body_verifies_to_nobody() {
        var parts = tokens.issue("s_site1", "v_abc").split("\\.");
        var forged = Base64.getUrlEncoder().withoutPadding().encodeToString("s_site1|v_other".getBytes(StandardCharsets.UTF_8));
        assertNull(tokens.verify(parts[0] + "." + forged + "." + parts[2], "s_site1"));
    }

    @Test
    void token_with_a_changed_signature_verifies_to_nobody() {
        var token = tokens.issue("s_site1", "v_abc");
        var last = token.charAt(token.length() - 2);
        var tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertNotEquals(token, tampered);
        assertNull(tokens.verify(tampered, "s_site1"));
    }

    @Test
    void token_signed_with_another_secret_verifies_to_nobody() {
        var other = new VisitorTokens("another-installation-secret-32by".getBytes(StandardCharsets.UTF_8));
        assertNull(tokens.verify(other.issue("s_site1", "v_abc"), "s_site1"));
    }

    @Test
    void token_of_another_version_verifies_to_nobody() {
        var token = tokens.issue("s_site1", "v_abc");
        assertNull(tokens.verify("v2" + token.substring(2), "s_site1"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "v1..", "v1.a.b", "v1.%%%.***", "v1.a.b.c", "...."})
    void garbage_verifies_to_nobody(String token) {
        assertNull(tokens.verify(token, "s_site1"));
    }

    @Test
    void overlong_token_verifies_to_nobody() {
        assertNull(tokens.verify("v1." + "a".repeat(600) + ".b", "s_site1"));
    }
}
