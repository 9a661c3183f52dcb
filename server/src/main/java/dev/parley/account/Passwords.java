package dev.parley.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). Slow on purpose: call it off the
 * event loop.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    // Verified against when the email is unknown, so a miss costs as much time as a wrong password.
    private static final String DUMMY_HASH = hash("parley-dummy-password");

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public static boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static void burnTime(String password) {
        matches(password, DUMMY_HASH);
    }

    /** Returns null when acceptable, else what is wrong. */
    public static String problemWith(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "Password must be at least " + MIN_LENGTH + " characters.";
        }
        if (password.length() > MAX_LENGTH) {
            return "Password must be at most " + MAX_LENGTH + " characters.";
        }
        return null;
    }
}
