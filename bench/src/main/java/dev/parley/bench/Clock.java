package dev.parley.bench;

import java.time.Instant;

/**
 * Wall-clock microseconds with {@link System#nanoTime()} resolution. Every process of a run anchors it to
 * {@link Instant#now()} (CLOCK_REALTIME, microsecond precision on Linux) once, so timestamps taken in different
 * generator processes on the same machine are comparable: a broadcast sent by one process and received in another is
 * timed against the same intended instant.
 */
final class Clock {
    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_MICROS;

    static {
        var now = Instant.now();
        ANCHOR_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private Clock() {
    }

    static long micros() {
        return ANCHOR_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1_000;
    }
}
