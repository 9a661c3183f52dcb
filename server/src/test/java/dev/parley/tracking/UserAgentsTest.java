package dev.parley.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserAgentsTest {
    static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1";
    static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

    final UserAgents userAgents = new UserAgents();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            CHROME_WINDOWS + " | Chrome 120 | Windows 10 | desktop",
            SAFARI_IPHONE + " | Mobile Safari 17 | iOS 17 | mobile",
            FIREFOX_LINUX + " | Firefox 121 | Linux | desktop",
            "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | Mobile Safari 17 | iOS 17 | tablet",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36 | Chrome Mobile 120 | Android 14 | mobile",
            "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Chrome 120 | Android 13 | tablet",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) | Googlebot 2 | '' | bot",
    })
    void real_user_agents_give_browser_os_and_device_type(String ua, String browser, String os, String type) {
        assertEquals(new Device(browser, os, type), userAgents.parse(ua));
    }

    @Test
    void results_are_cached_by_user_agent_string() {
        assertNull(userAgents.cached(FIREFOX_LINUX));
        var first = userAgents.parse(FIREFOX_LINUX);
        assertNotNull(userAgents.cached(FIREFOX_LINUX));
        assertSame(first, userAgents.parse(FIREFOX_LINUX));
    }

    @Test
    void the_cache_is_bounded() {
        for (int i = 0; i < UserAgents.CACHE_SIZE + 10; i++) {
            userAgents.parse("TestAgent/" + i);
        }
        assertNull(userAgents.cached("TestAgent/0"));
        assertNotNull(userAgents.cached("TestAgent/" + (UserAgents.CACHE_SIZE + 9)));
    }

    @Test
    void a_missing_user_agent_is_unknown() {
        assertEquals(Device.UNKNOWN, userAgents.parse(""));
        assertEquals(Device.UNKNOWN, userAgents.parse(null));
    }
}
