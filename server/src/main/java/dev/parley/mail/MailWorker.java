package dev.parley.mail;

import dev.parley.store.Database;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due mail from the queue on its own thread (SMTP and JDBC block; never on an event loop). Failed attempts are
 * retried with the policy's backoff; the queue lives in the database, so mail survives restarts. {@link #wake} after
 * queueing a mail sends it at once instead of at the next poll.
 */
public final class MailWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    private static final int BATCH = 20;

    /** Told after every attempt, so the console can show the new delivery state. */
    public interface Listener {
        void changed(String siteId, String leftMessageId);
    }

    private final Database db;
    private final MailPolicy policy;
    private final MailSender sender;
    private final Listener listener;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopped;

    public MailWorker(Database db, MailPolicy policy, Listener listener) {
        this.db = db;
        this.policy = policy;
        this.sender = new MailSender(policy.smtp());
        this.listener = listener;
        this.thread = new Thread(this::run, "parley-mail");
        this.thread.setDaemon(true);
    }

    public MailWorker start() {
        thread.start();
        return this;
    }

    public void wake() {
        wakeUp.release();
    }

    private void run() {
        while (!stopped) {
            long sleep = policy.poll().toMillis();
            try {
                sendDue();
                long next = nextDueAt();
                if (next >= 0) {
                    sleep = Math.max(10, Math.min(sleep, next - policy.clock().millis()));
                }
            } catch (Exception e) {
                log.warn("Mail queue unavailable, retrying: {}", e.getMessage());
            }
            try {
                wakeUp.tryAcquire(sleep, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long nextDueAt() throws Exception {
        try (var c = db.connection()) {
            return MailQueue.nextDueAt(c);
        }
    }

    private void sendDue() throws Exception {
        java.util.List<OutgoingMail> due;
        try (var c = db.connection()) {
            due = MailQueue.due(c, policy.clock().millis(), BATCH);
        }
        for (var mail : due) {
            if (stopped) {
                return;
            }
            try (var c = db.connection()) {
                if (!MailQueue.claim(c, mail, policy.clock().millis())) {
                    continue;
                }
            }
            int attempt = mail.attempts() + 1;
            String error = null;
            try {
                sender.send(mail);
            } catch (Exception e) {
                error = describe(e);
            }
            try (var c = db.connection()) {
                if (error == null) {
                    MailQueue.markSent(c, mail, policy.clock().millis());
                } else {
                    long retryAt = attempt >= policy.maxAttempts() ? -1 : policy.clock().millis() + policy.backoff(attempt).toMillis();
                    MailQueue.markAttemptFailed(c, mail, error, retryAt);
                    log.info("Mail {} of site {}: attempt {} failed{}: {}", mail.id(), mail.siteId(), attempt,
                            retryAt < 0 ? " (giving up)" : "", error);
                }
            }
            listener.changed(mail.siteId(), mail.leftMessageId());
        }
    }

    /** The SMTP server's own words where there are any (e.g. "550 5.1.1 mailbox unavailable"), else the cause. */
    static String describe(Exception e) {
        var parts = new StringBuilder();
        Throwable t = e;
        while (t != null && parts.length() < 600) {
            var message = t.getMessage();
            if (message != null && !message.isBlank() && parts.indexOf(message.strip()) < 0) {
                if (!parts.isEmpty()) {
                    parts.append(": ");
                }
                parts.append(message.strip());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : parts.toString().replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        stopped = true;
        wakeUp.release();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
