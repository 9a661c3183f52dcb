package dev.parley.mail;

import java.util.regex.Pattern;

/**
 * Making user text safe for mail. Bodies are plain text (no HTML to escape; Jakarta Mail encodes the charset).
 * Header values lose every control character, so no CR/LF from a visitor can start a new header; addresses must be
 * one plain address.
 */
public final class MailText {
    private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private MailText() {
    }

    /** One address, ASCII, no display name, no whitespace or control characters, at most 254 characters. */
    public static boolean isAddress(String s) {
        return s != null && s.length() <= 254 && ADDRESS.matcher(s).matches();
    }

    /** A header value: control characters (CR, LF, TAB, …) become spaces, runs of space collapse, at most {@code max} chars. */
    public static String header(String s, int max) {
        var clean = s == null ? "" : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll(" {2,}", " ").strip();
        return dev.parley.chat.Text.clip(clean, max);
    }
}
