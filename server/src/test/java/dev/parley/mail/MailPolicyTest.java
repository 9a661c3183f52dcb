package dev.parley.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailPolicyTest {

    @Test
    void retries_start_at_one_minute_and_double_up_to_one_hour() {
        var policy = MailPolicy.defaults();
        assertEquals(Duration.ofMinutes(1), policy.backoff(1));
        assertEquals(Duration.ofMinutes(2), policy.backoff(2));
        assertEquals(Duration.ofMinutes(32), policy.backoff(6));
        assertEquals(Duration.ofHours(1), policy.backoff(7));
        assertEquals(Duration.ofHours(1), policy.backoff(50));
        assertEquals(10, policy.maxAttempts());
    }

    @Test
    void a_policy_that_could_not_retry_is_refused() {
        var d = MailPolicy.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withRetry(Duration.ZERO, Duration.ofHours(1), 3, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> d.withRetry(Duration.ofMinutes(2), Duration.ofMinutes(1), 3, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> d.withRetry(Duration.ofMinutes(1), Duration.ofHours(1), 0, Duration.ofSeconds(1)));
    }

    @Test
    void header_values_lose_line_breaks_and_control_characters() {
        assertEquals("Eve Bcc: x@evil.example", MailText.header("Eve\r\nBcc: x@evil.example", 200));
        assertEquals("a b", MailText.header("a\u0000\u2028b", 200));
        assertEquals("ab", MailText.header("abcdef", 2));
    }

    @Test
    void only_one_plain_address_is_an_address() {
        assertTrue(MailText.isAddress("team+chat@shop.example"));
        assertFalse(MailText.isAddress("Team <team@shop.example>"));
        assertFalse(MailText.isAddress("a@b.example, c@d.example"));
        assertFalse(MailText.isAddress("a@b.example\r\nBcc: c@d.example"));
        assertFalse(MailText.isAddress("no-at-sign"));
        assertFalse(MailText.isAddress(null));
    }
}
