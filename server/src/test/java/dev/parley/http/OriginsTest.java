package dev.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Allowed origins are stored in the form browsers send in the Origin header, so a plain comparison is exact. */
class OriginsTest {

    @ParameterizedTest
    @CsvSource({
        "https://shop.example, https://shop.example",
        "https://Shop.EXAMPLE, https://shop.example",
        "HTTPS://shop.example/, https://shop.example",
        "http://localhost:3000, http://localhost:3000",
        "https://shop.example:8443, https://shop.example:8443",
        "http://127.0.0.1:8080/, http://127.0.0.1:8080"})
    void normalize_gives_lower_case_scheme_host_and_port(String input, String expected) {
        assertEquals(expected, Origins.normalize(input));
    }

    @ParameterizedTest
    @CsvSource({
        "https://shop.example:443, https://shop.example",
        "http://shop.example:80, http://shop.example"})
    void normalize_drops_the_default_port_as_browsers_do(String input, String expected) {
        assertEquals(expected, Origins.normalize(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "shop.example", "ftp://shop.example", "javascript:alert(1)", "https://", "https://shop.example/path",
        "https://shop.example?q=1", "https://shop.example#top", "https://user:pw@shop.example", "not an origin",
        "file:///etc/passwd", "https://shop example", "*"})
    void normalize_refuses_what_is_not_an_http_origin(String input) {
        assertNull(Origins.normalize(input));
    }

    @Test
    void is_self_compares_the_origin_with_the_request_authority() {
        assertTrue(Origins.isSelf("http://127.0.0.1:8080", "127.0.0.1:8080", false));
        assertTrue(Origins.isSelf("https://chat.example", "chat.example", true));
        assertFalse(Origins.isSelf("https://chat.example", "chat.example", false), "the scheme must match too");
        assertFalse(Origins.isSelf("https://chat.example.evil", "chat.example", true));
        assertFalse(Origins.isSelf("http://127.0.0.1:8081", "127.0.0.1:8080", false));
        assertFalse(Origins.isSelf(null, "chat.example", true));
        assertFalse(Origins.isSelf("https://chat.example", null, true));
    }
}
