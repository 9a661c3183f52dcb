package dev.parley.invite;

import java.util.regex.Pattern;

/** A page-URL pattern where {@code *} stands for any characters, compiled once; case-insensitive; empty matches all. */
public record UrlGlob(String source, Pattern pattern) {

    public static UrlGlob of(String source) {
        var regex = new StringBuilder();
        for (var part : source.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return new UrlGlob(source, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
    }

    public boolean matches(String url) {
        return source.isEmpty() || pattern.matcher(url == null ? "" : url).matches();
    }
}
