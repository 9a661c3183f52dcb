package dev.parley.invite;

import java.util.List;
import java.util.Locale;

/**
 * A page-URL pattern where {@code *} stands for any characters; case-insensitive; empty matches every URL.
 *
 * <p>Matched greedily in linear passes, never with a regular expression: a visitor controls the URL, and a regex such
 * as {@code .*a.*a.*a.*b} backtracks polynomially on "aaaa…" — one crafted visitor could stall the hub's thread.
 */
public record UrlGlob(String source, List<String> parts) {

    public static UrlGlob of(String source) {
        return new UrlGlob(source, List.of(source.toLowerCase(Locale.ROOT).split("\\*", -1)));
    }

    public boolean matches(String url) {
        if (source.isEmpty()) {
            return true;
        }
        var text = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (parts.size() == 1) {
            return text.equals(parts.get(0));
        }
        var first = parts.get(0);
        var last = parts.get(parts.size() - 1);
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        // Each middle part at its leftmost place after the previous one: if any placement works, that one does.
        int from = first.length();
        int end = text.length() - last.length();
        for (int i = 1; i < parts.size() - 1; i++) {
            var part = parts.get(i);
            int at = text.indexOf(part, from);
            if (at < 0 || at + part.length() > end) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }
}
