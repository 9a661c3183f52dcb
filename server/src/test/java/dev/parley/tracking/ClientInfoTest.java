package dev.parley.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientInfoTest {

    @Test
    void the_last_forwarded_entry_is_the_one_the_proxy_added() {
        assertEquals("203.0.113.9", ClientInfo.lastForwardedAddress("198.51.100.1, 203.0.113.9"));
        assertEquals("203.0.113.9", ClientInfo.lastForwardedAddress("203.0.113.9:51234"));
        assertEquals("2001:db8::1", ClientInfo.lastForwardedAddress("[2001:db8::1]:443"));
        assertEquals("2001:db8::1", ClientInfo.lastForwardedAddress("x, 2001:db8::1"));
        assertNull(ClientInfo.lastForwardedAddress("198.51.100.1, attacker.example"));
        assertNull(ClientInfo.lastForwardedAddress(""));
        assertNull(ClientInfo.lastForwardedAddress(null));
    }

    @Test
    void only_address_literals_count_so_no_lookup_can_reach_dns() {
        assertTrue(ClientInfo.ipLiteral("127.0.0.1"));
        assertTrue(ClientInfo.ipLiteral("::1"));
        assertFalse(ClientInfo.ipLiteral("256.1.1.1"));
        assertFalse(ClientInfo.ipLiteral("cafe")); // hex digits, but a host name
        assertFalse(ClientInfo.ipLiteral("localhost"));
    }

    @Test
    void the_browser_language_wins_over_accept_language() {
        assertEquals("fr-CA", Languages.choose("fr-CA", "de-DE,de;q=0.9"));
        assertEquals("de-DE", Languages.choose(null, "de;q=0.8, de-DE , en;q=0.5"));
        assertEquals("zh-CN", Languages.choose("<b>", "zh-CN"));
        assertEquals("", Languages.choose(null, "*"));
    }
}
