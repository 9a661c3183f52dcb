package dev.parley.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * User-Agent → {@link Device} with uap-java (the ua-parser project's regexes). The parser compiles a few hundred
 * regular expressions, so it is built on first use, not at node start; results are cached by UA string in a bounded
 * LRU map, because a site's visitors share few distinct UA strings. Parsing is CPU work: call it off the event loop.
 */
public final class UserAgents {
    static final int CACHE_SIZE = 4096;

    private volatile Parser parser;
    private final Map<String, Device> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Device> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    public Device parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Device.UNKNOWN;
        }
        var cached = cache.get(userAgent);
        if (cached != null) {
            return cached;
        }
        var device = describe(parser().parse(userAgent), userAgent);
        cache.put(userAgent, device);
        return device;
    }

    /** The cached answer, or null when {@link #parse} would have to run the parser. */
    Device cached(String userAgent) {
        return userAgent == null || userAgent.isBlank() ? Device.UNKNOWN : cache.get(userAgent);
    }

    private Parser parser() {
        var p = parser;
        if (p == null) {
            synchronized (this) {
                p = parser;
                if (p == null) {
                    parser = p = new Parser();
                }
            }
        }
        return p;
    }

    private static Device describe(Client client, String ua) {
        var browser = withVersion(client.userAgent.family, client.userAgent.major);
        var os = withVersion(client.os.family, client.os.major);
        return new Device(browser, os, type(client, ua));
    }

    /**
     * ua-parser names the device model but not its kind; the kind follows the usual UA conventions: crawlers say so,
     * iPads and Android without "Mobile" are tablets, phones say "Mobile" (or are iPhones/iPods).
     */
    private static String type(Client client, String ua) {
        var device = client.device.family;
        var os = client.os.family;
        if ("Spider".equals(device)) {
            return Device.BOT;
        }
        if (device.startsWith("iPad") || ua.contains("Tablet") || "Android".equals(os) && !ua.contains("Mobile")) {
            return Device.TABLET;
        }
        if (device.startsWith("iPhone") || device.startsWith("iPod") || ua.contains("Mobile") || ua.contains("Android")) {
            return Device.MOBILE;
        }
        return Device.DESKTOP;
    }

    private static String withVersion(String family, String major) {
        if (family == null || family.equals("Other")) {
            return "";
        }
        return major == null || major.isEmpty() ? family : family + " " + major;
    }
}
