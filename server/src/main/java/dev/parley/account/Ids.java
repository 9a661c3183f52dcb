package dev.parley.account;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and secrets. Ids carry a type prefix so a log line says what it names. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private Ids() {
    }

    public static String newId(String prefix) {
        return prefix + "_" + randomToken(12);
    }

    /** A site key: lowercase, unambiguous characters, safe in URLs and HTML attributes. */
    public static String newSiteKey() {
        var sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(KEY_ALPHABET[RANDOM.nextInt(KEY_ALPHABET.length)]);
        }
        return sb.toString();
    }

    public static String randomToken(int bytes) {
        var buf = new byte[bytes];
        RANDOM.nextBytes(buf);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf);
    }
}
