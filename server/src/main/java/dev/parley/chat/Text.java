package dev.parley.chat;

/** Text helpers that never split a surrogate pair (emoji, CJK Ext-B stay whole). */
public final class Text {
    private Text() {
    }

    public static String clip(String s, int maxChars) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return s.substring(0, end);
    }

    /**
     * Replaces what no database column can hold the same on SQLite and PostgreSQL: NUL (PostgreSQL rejects it)
     * and unpaired surrogates (not encodable as UTF-8). Valid text comes back as the same instance.
     */
    public static String storable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean bad;
            if (ch == 0) {
                bad = true;
            } else if (Character.isHighSurrogate(ch)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (out != null) {
                        out.append(ch).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                bad = true;
            } else {
                bad = Character.isLowSurrogate(ch);
            }
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : ch);
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * For one-line fields people read (names, phone numbers): storable, without control or format characters (line
     * breaks, NUL, bidi overrides, zero-width characters, which can hide or disguise text) and trimmed.
     */
    public static String singleLine(String s) {
        var out = new StringBuilder(s.length());
        storable(s).codePoints().filter(cp -> !isInvisible(cp)).forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    /** True when {@code s} has something a reader can see: not only spaces, controls, format characters or U+FFFD. */
    public static boolean hasVisibleText(String s) {
        return s.codePoints().anyMatch(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isInvisible(cp));
    }

    /** Several lines a person reads (a free-text answer): like {@link #singleLine} but keeping line breaks. */
    public static String multiLine(String s) {
        var out = new StringBuilder(s.length());
        storable(s).codePoints().filter(cp -> cp == '\n' || !isInvisible(cp)).forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || cp == 0xFFFD || BLANK_LOOKING.indexOf(cp) >= 0;
    }

    /** Letters and symbols that render as nothing (Hangul fillers, combining grapheme joiner, Braille blank). */
    private static final String BLANK_LOOKING = "\u115F\u1160\u3164\uFFA0\u034F\u2800";
}
