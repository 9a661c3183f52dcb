package dev.parley.gateway;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many new visitors (a hello without a valid visitor token) each client address may start per minute. Every new
 * visitor costs the hub a visitor held for a while, a row and an announcement to every agent; a script that never
 * keeps its token would otherwise make them as fast as it can connect. Returning visitors (valid token) are not
 * counted. Used from every event loop; buckets that have refilled are dropped by {@link #forgetRefilled}.
 */
final class NewVisitorLimit {
    private final int perMinute;
    private final ConcurrentHashMap<String, Bucket> byAddress = new ConcurrentHashMap<>();

    NewVisitorLimit(int perMinute) {
        this.perMinute = perMinute;
    }

    boolean tryStart(String address) {
        return byAddress.computeIfAbsent(keyOf(address), a -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build())
                .tryConsume(1);
    }

    /** Drops the buckets that are full again: forgetting them changes nothing, and the map stays small. */
    void forgetRefilled() {
        byAddress.values().removeIf(bucket -> bucket.getAvailableTokens() >= perMinute);
    }

    /** An IPv6 address counts by its /64 (one subscriber's network hands out any number of addresses in it). */
    static String keyOf(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A string with ':' is parsed as an IPv6 literal, never looked up in DNS.
            byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
            return bytes.length == 16 ? java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    int addresses() {
        return byAddress.size();
    }
}
