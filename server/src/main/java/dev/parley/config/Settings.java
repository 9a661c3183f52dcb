package dev.parley.config;

import dev.parley.tracking.TrackingOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a node needs to know at start. Built by the CLI from flags and environment, validated once here so a
 * bad value stops the process with a message that names the setting and its allowed range.
 */
public record Settings(
        int port,
        String host,
        Path dataDir,
        String dbUrl,
        int maxTextLength,
        int visitorMessagesPerWindow,
        Duration visitorMessageWindow,
        int newConversationsPerHour,
        Duration heartbeat,
        Duration idleTimeout,
        boolean demo,
        TrackingOptions tracking,
        dev.parley.mail.MailPolicy mail) {

    public static final int MAX_FRAME_BYTES = 64 * 1024;

    public Settings {
        require(port >= 0 && port <= 65535, "port must be between 0 and 65535, got " + port);
        require(maxTextLength >= 1 && maxTextLength <= 20_000,
                "max text length must be between 1 and 20000 characters, got " + maxTextLength);
        require(visitorMessagesPerWindow >= 1, "visitor message rate must be at least 1");
        require(newConversationsPerHour >= 1, "new conversation rate must be at least 1 per hour");
        require(idleTimeout.compareTo(heartbeat) > 0, "idle timeout must be longer than the heartbeat interval");
        require(tracking != null, "tracking options are required");
        require(idleTimeout.toSeconds() <= 55, "idle timeout must be at most 55 s so a dead agent is offline within 60 s");
        require(mail != null, "mail settings are required");
    }

    public static Settings defaults(Path dataDir) {
        return new Settings(8080, "0.0.0.0", dataDir, null, 4000, 10, Duration.ofSeconds(10), 5,
                Duration.ofSeconds(20), Duration.ofSeconds(45), false, TrackingOptions.DEFAULTS,
                dev.parley.mail.MailPolicy.defaults());
    }

    /** SMTP, mail retry policy and the node clock (see {@link dev.parley.mail.MailPolicy}). */
    public Settings withMail(dev.parley.mail.MailPolicy newMail) {
        return new Settings(port, host, dataDir, dbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, heartbeat, idleTimeout, demo, tracking, newMail);
    }

    public Settings withPort(int newPort) {
        return new Settings(newPort, host, dataDir, dbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, heartbeat, idleTimeout, demo, tracking, mail);
    }

    public Settings withHost(String newHost) {
        return new Settings(port, newHost, dataDir, dbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, heartbeat, idleTimeout, demo, tracking, mail);
    }

    public Settings withDbUrl(String newDbUrl) {
        return new Settings(port, host, dataDir, newDbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, heartbeat, idleTimeout, demo, tracking, mail);
    }

    public Settings withLimits(int newMaxText, int messagesPerWindow, Duration window, int conversationsPerHour) {
        return new Settings(port, host, dataDir, dbUrl, newMaxText, messagesPerWindow, window, conversationsPerHour,
                heartbeat, idleTimeout, demo, tracking, mail);
    }

    public Settings withHeartbeat(Duration newHeartbeat, Duration newIdleTimeout) {
        return new Settings(port, host, dataDir, dbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, newHeartbeat, newIdleTimeout, demo, tracking, mail);
    }

    public Settings withDemo(boolean newDemo) {
        return new Settings(port, host, dataDir, dbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, heartbeat, idleTimeout, newDemo, tracking, mail);
    }

    public Settings withTracking(TrackingOptions newTracking) {
        return new Settings(port, host, dataDir, dbUrl, maxTextLength, visitorMessagesPerWindow,
                visitorMessageWindow, newConversationsPerHour, heartbeat, idleTimeout, demo, newTracking, mail);
    }

    /** The JDBC URL in use: the configured one, or the embedded SQLite file in the data directory. */
    public String effectiveDbUrl() {
        return dbUrl != null && !dbUrl.isBlank() ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("parley.db");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
