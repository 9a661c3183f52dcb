package dev.parley.offline;

import dev.parley.account.Agent;
import dev.parley.account.Site;
import dev.parley.hub.HubRegistry;
import dev.parley.mail.MailPolicy;
import dev.parley.mail.MailQueue;
import dev.parley.mail.MailText;
import dev.parley.mail.MailWorker;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one write path for left messages: store (with the notification mail, in one transaction), mark handled, answer
 * by email — each then announced to the site's agents ({@code leftmessage.created} / {@code leftmessage.updated}).
 * Blocking: call from a worker thread.
 */
public final class LeftMessages {
    public static final String CREATED = "leftmessage.created";
    public static final String UPDATED = "leftmessage.updated";
    static final String NO_ADDRESS = "No notification address configured (Settings → When nobody can answer).";
    static final String NO_SMTP = "SMTP is not configured on this server (serve --smtp-host); the mail waits in the queue.";
    /** Separates an agent's answer from the signature and quote in a reply mail. */
    static final String SIGNATURE = "\n\n-- \n";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final OfflineStore store;
    private final MailPolicy mail;
    private final HubRegistry hubs;
    private final dev.parley.account.VisitorTokens visitorTokens;
    private final int maxText;
    private volatile MailWorker worker;

    public LeftMessages(OfflineStore store, dev.parley.config.Settings settings, HubRegistry hubs,
                        dev.parley.account.VisitorTokens visitorTokens) {
        this.store = store;
        this.mail = settings.mail();
        this.hubs = hubs;
        this.visitorTokens = visitorTokens;
        this.maxText = settings.maxTextLength();
    }

    /** The visitor a token names within {@code siteId}, or null when it is not a valid token of that site. */
    public String visitorOf(String token, String siteId) {
        return token == null ? null : visitorTokens.verify(token, siteId);
    }

    public int maxText() {
        return maxText;
    }

    public java.time.Clock clock() {
        return mail.clock();
    }

    public HubRegistry hubs() {
        return hubs;
    }

    public void useWorker(MailWorker worker) {
        this.worker = worker;
    }

    public OfflineStore store() {
        return store;
    }

    public boolean smtpConfigured() {
        return mail.smtp().configured();
    }

    /** A stored message and whether this call created it (false: a resend of the same client id). */
    public record Left(JsonObject message, boolean created) {
    }

    /** Not answerable by email: the visitor left only a phone number. */
    public static final class NoEmail extends RuntimeException {
        NoEmail() {
            super("This visitor left no email address; call them instead.", null, false, false);
        }
    }

    /** Whether this visitor's message with this client id is already stored (a resend). */
    public boolean isStored(String siteId, String visitorId, String clientId) throws SQLException {
        return store.idByClientId(siteId, visitorId, clientId).isPresent();
    }

    public Left leave(Site site, String visitorId, LeaveInput input) throws SQLException {
        var existing = store.idByClientId(site.id(), visitorId, input.clientId());
        if (existing.isPresent()) {
            return new Left(store.message(site.id(), existing.get()).orElseThrow(), false);
        }
        var settings = store.settings(site.id());
        long now = mail.clock().millis();
        String id;
        try (var c = store.database().connection()) {
            c.setAutoCommit(false);
            try {
                id = store.insert(c, site.id(), visitorId, input, now);
                MailQueue.enqueue(c, notification(site, settings, id, input, now), now);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                // The same client id committed meanwhile (a resend racing the first send): answer with that one.
                var raced = store.idByClientId(site.id(), visitorId, input.clientId());
                if (raced.isPresent()) {
                    return new Left(store.message(site.id(), raced.get()).orElseThrow(), false);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        wakeWorker();
        var message = store.message(site.id(), id).orElseThrow();
        announce(site.id(), CREATED, message);
        return new Left(message, true);
    }

    public Optional<JsonObject> setHandled(String siteId, String id, boolean handled, Agent agent) throws SQLException {
        if (!store.setStatus(siteId, id, handled ? OfflineStore.HANDLED : OfflineStore.NEW, agent.id(), mail.clock().millis())) {
            return Optional.empty();
        }
        return changed(siteId, id);
    }

    /** Queues the agent's answer to the visitor's email and marks the message handled. */
    public Optional<JsonObject> reply(Site site, Agent agent, String id, String text) throws SQLException {
        var row = store.row(site.id(), id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        var r = row.get();
        if (r.email().isEmpty()) {
            throw new NoEmail();
        }
        var settings = store.settings(site.id());
        long now = mail.clock().millis();
        var body = text + SIGNATURE + agent.name() + ", " + site.name() + "\n\n"
                + "On " + when(r.createdAt(), settings) + " you wrote:\n" + quote(r.text()) + "\n";
        try (var c = store.database().connection()) {
            MailQueue.enqueue(c, new MailQueue.Draft(site.id(), id, MailQueue.REPLY, agent.id(), r.email(),
                    settings.notificationEmail(), "Re: your message to " + MailText.header(site.name(), 100), body,
                    MailQueue.QUEUED, mail.smtp().configured() ? "" : NO_SMTP), now);
        }
        store.setStatus(site.id(), id, OfflineStore.HANDLED, agent.id(), now);
        wakeWorker();
        return changed(site.id(), id);
    }

    /** The delivery state or status of a message changed: tell the site's agents. */
    public Optional<JsonObject> changed(String siteId, String id) throws SQLException {
        var message = store.message(siteId, id);
        message.ifPresent(m -> announce(siteId, UPDATED, m));
        return message;
    }

    /** For the mail worker's listener (its own thread). */
    public void deliveryChanged(String siteId, String id) {
        try {
            changed(siteId, id);
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(LeftMessages.class).warn("Cannot announce delivery of {}: {}", id, e.getMessage());
        }
    }

    private MailQueue.Draft notification(Site site, OfflineSettings settings, String id, LeaveInput input, long now) {
        var name = MailText.header(input.name(), 100);
        var subject = "New message from " + name + " on " + MailText.header(site.name(), 100);
        var body = name + " left a message on " + site.name() + " while nobody could answer.\n\n"
                + "Name:  " + input.name() + "\n"
                + "Email: " + (input.email().isEmpty() ? "-" : input.email()) + "\n"
                + "Phone: " + (input.phone().isEmpty() ? "-" : input.phone()) + "\n"
                + "Time:  " + when(now, settings) + "\n\n"
                + "Message:\n" + input.text() + "\n\n"
                + "Answer it in the Parley console (Messages)" + (input.email().isEmpty() ? "" : " or reply to this mail") + ".\n";
        var recipient = settings.notificationEmail();
        if (recipient.isEmpty()) {
            return new MailQueue.Draft(site.id(), id, MailQueue.NOTIFICATION, null, "", input.email(), subject, body, MailQueue.FAILED, NO_ADDRESS);
        }
        return new MailQueue.Draft(site.id(), id, MailQueue.NOTIFICATION, null, recipient, input.email(), subject, body,
                MailQueue.QUEUED, mail.smtp().configured() ? "" : NO_SMTP);
    }

    private static String when(long millis, OfflineSettings settings) {
        var zone = settings.hours().isAlwaysOpen() ? ZoneOffset.UTC : settings.hours().zone();
        return WHEN.format(Instant.ofEpochMilli(millis).atZone(zone)) + " (" + zone.getId() + ")";
    }

    private static String quote(String text) {
        return "> " + text.replace("\r\n", "\n").replace("\n", "\n> ");
    }

    private void wakeWorker() {
        var w = worker;
        if (w != null) {
            w.wake();
        }
    }

    private void announce(String siteId, String type, JsonObject message) {
        var hub = hubs.runningHub(siteId);
        if (hub == null) {
            return;
        }
        JsonObject counts;
        try {
            counts = store.counts(siteId);
        } catch (SQLException e) {
            counts = null;
        }
        var frame = new JsonObject().put("type", type).put("message", message).put("counts", counts);
        hub.execute(() -> hub.announceToAgents(frame));
    }
}
