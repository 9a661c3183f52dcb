package dev.parley.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Web origins as browsers send them in the Origin header. */
public final class Origins {
    private Origins() {
    }

    /** {@code scheme://host[:port]} in lower case, or null when {@code s} is not an http(s) origin. */
    public static String normalize(String s) {
        try {
            var uri = new URI(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                return null;
            }
            // Browsers omit the scheme's default port in the Origin header; so must we, or it never matches.
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * True when {@code origin} names this server itself: same scheme as the request (TLS here or at the proxy that
     * says so in X-Forwarded-Proto) and the same host and port as its authority.
     */
    public static boolean isSelf(String origin, io.vertx.core.http.HttpServerRequest request) {
        var forwarded = request.getHeader("X-Forwarded-Proto");
        boolean secure = request.isSSL() || "https".equalsIgnoreCase(forwarded);
        return isSelf(origin, request.authority() == null ? null : request.authority().toString(), secure);
    }

    public static boolean isSelf(String origin, String authority, boolean secure) {
        if (origin == null || authority == null) {
            return false;
        }
        return origin.equalsIgnoreCase((secure ? "https://" : "http://") + authority);
    }
}
