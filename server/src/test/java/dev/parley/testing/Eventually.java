package dev.parley.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition a test cannot be told about (a file, a row, a mail), polling it until a deadline. */
public final class Eventually {
    private static final long POLL_MILLIS = 50;

    private Eventually() {
    }

    /** The first non-null value {@code probe} gives within {@code timeout}; fails naming {@code what} otherwise. */
    public static <T> T value(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS); // polling a condition, not waiting for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Returns once {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }
}
