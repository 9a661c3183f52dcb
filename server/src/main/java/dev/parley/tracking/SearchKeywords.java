package dev.parley.tracking;

import dev.parley.chat.Text;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Search words from a search engine's referrer URL (Google, Bing, DuckDuckGo, Yahoo, Baidu, Yandex, Ecosia, Sogou,
 * Naver). Most engines no longer put the query in the referrer; then there are none, which is the common case.
 */
public final class SearchKeywords {
    private SearchKeywords() {
    }

    /** The keywords, or null when the referrer is not a search engine or carries no query. */
    public static String fromReferrer(String referrer) {
        if (referrer == null || referrer.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(referrer.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        var host = uri.getHost();
        var query = uri.getRawQuery();
        if (host == null || query == null) {
            return null;
        }
        var param = queryParameter(host.toLowerCase(Locale.ROOT));
        if (param == null) {
            return null;
        }
        for (var name : param) {
            var value = parameter(query, name);
            if (value != null && !value.isBlank()) {
                return Text.storable(Text.clip(value.trim().replaceAll("\\s+", " "), 200));
            }
        }
        return null;
    }

    /** The query parameter names an engine uses, in order of preference; null for a host that is no engine we know. */
    private static String[] queryParameter(String host) {
        if (isEngine(host, "google") || isEngine(host, "bing") || isEngine(host, "duckduckgo") || isEngine(host, "ecosia")
                || host.equals("search.brave.com") || isEngine(host, "ask")) {
            return new String[]{"q"};
        }
        if (isEngine(host, "yahoo")) {
            return new String[]{"p", "q"};
        }
        if (isEngine(host, "baidu")) {
            return new String[]{"wd", "word", "kw"};
        }
        if (isEngine(host, "yandex") || host.equals("ya.ru")) {
            return new String[]{"text"};
        }
        if (isEngine(host, "sogou")) {
            return new String[]{"query"};
        }
        if (isEngine(host, "naver")) {
            return new String[]{"query"};
        }
        return null;
    }

    /**
     * google.com, www.google.co.uk, search.yahoo.co.jp, m.baidu.com: the engine's name as a whole label followed only by
     * a public suffix (one or two short labels), so google.evil.example is not Google.
     */
    private static boolean isEngine(String host, String name) {
        var labels = host.split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
            if (labels[i].equals(name)) {
                int tail = labels.length - 1 - i;
                if (tail > 2) {
                    return false;
                }
                for (int j = i + 1; j < labels.length; j++) {
                    if (labels[j].length() > 3) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static String parameter(String rawQuery, String name) {
        for (var pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
