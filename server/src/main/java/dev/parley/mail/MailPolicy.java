package dev.parley.mail;

import java.time.Clock;
import java.time.Duration;

/**
 * How the mail queue retries: the first retry after {@code retryBase}, doubling up to {@code retryMax}; after
 * {@code maxAttempts} failed attempts a mail is marked failed. {@code poll} is how often the worker looks for due mail
 * when nobody wakes it. {@code clock} is the node's clock (also used for business hours; tests shift it).
 */
public record MailPolicy(SmtpConfig smtp, Duration retryBase, Duration retryMax, int maxAttempts, Duration poll, Clock clock) {

    public static MailPolicy defaults() {
        return new MailPolicy(SmtpConfig.NONE, Duration.ofMinutes(1), Duration.ofHours(1), 10, Duration.ofSeconds(15), Clock.systemUTC());
    }

    public MailPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("mail attempts must be at least 1");
        }
        if (retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("mail retry base must be positive and not above the maximum");
        }
    }

    /** Delay before the next attempt after {@code attempts} failed ones (1 → base, 2 → 2·base, … capped). */
    public Duration backoff(int attempts) {
        var delay = retryBase;
        for (int i = 1; i < attempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }

    public MailPolicy withSmtp(SmtpConfig newSmtp) {
        return new MailPolicy(newSmtp, retryBase, retryMax, maxAttempts, poll, clock);
    }

    public MailPolicy withRetry(Duration base, Duration max, int attempts, Duration newPoll) {
        return new MailPolicy(smtp, base, max, attempts, newPoll, clock);
    }

    public MailPolicy withClock(Clock newClock) {
        return new MailPolicy(smtp, retryBase, retryMax, maxAttempts, poll, newClock);
    }
}
