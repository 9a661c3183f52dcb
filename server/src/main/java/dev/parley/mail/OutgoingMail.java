package dev.parley.mail;

/** A row of the mail queue, as the worker sends it. */
public record OutgoingMail(String siteId, String id, String leftMessageId, String recipient, String replyTo,
                           String subject, String body, int attempts, long nextAttemptAt) {
}
