package dev.parley.tracking;

import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * What the WebSocket upgrade request says about the visitor's browser: User-Agent, client address and
 * Accept-Language, clipped to sane lengths. Taken once per connection by the gateway.
 */
public record ClientInfo(String userAgent, String ip, String acceptLanguage) {
    public static final ClientInfo NONE = new ClientInfo("", "", "");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public static ClientInfo of(HttpServerRequest request, boolean trustProxy) {
        var remote = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        var ip = remote;
        if (trustProxy) {
            var forwarded = lastForwardedAddress(request.getHeader("X-Forwarded-For"));
            if (forwarded != null) {
                ip = forwarded;
            }
        }
        return new ClientInfo(clip(request.getHeader("User-Agent"), 512), ipLiteral(ip) ? ip : "",
                clip(request.getHeader("Accept-Language"), 256));
    }

    /**
     * The address the proxy in front of us appended: the last entry. Earlier entries come from the client and can be
     * anything. Null when the header is missing or its last entry is not an IP literal.
     */
    static String lastForwardedAddress(String header) {
        if (header == null || header.isBlank() || header.length() > 2048) {
            return null;
        }
        var entries = header.split(",");
        var last = entries[entries.length - 1].trim();
        if (last.startsWith("[") && last.contains("]")) {
            last = last.substring(1, last.indexOf(']')); // [v6]:port
        } else if (last.indexOf(':') > 0 && last.indexOf(':') == last.lastIndexOf(':')) {
            last = last.substring(0, last.indexOf(':')); // v4:port
        }
        return ipLiteral(last) ? last : null;
    }

    /** An IPv4 or IPv6 literal: checked by shape so that looking it up can never start a DNS query. */
    public static boolean ipLiteral(String s) {
        return s != null && (IPV4.matcher(s).matches() || s.indexOf(':') >= 0 && IPV6.matcher(s).matches());
    }

    private static String clip(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
