package dev.parley.mail;

import java.util.Locale;

/**
 * The node's SMTP server. {@code host == null} means mail is not configured: messages are still stored and the
 * console says why no notification went out. The password comes from the environment only and never appears in
 * {@link #toString} (settings are logged).
 */
public record SmtpConfig(String host, int port, Tls tls, String user, String password, String from) {

    public enum Tls {
        NONE, STARTTLS, TLS;

        public static Tls parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--smtp-tls must be none, starttls or tls, got '" + value + "'");
            }
        }
    }

    public static final SmtpConfig NONE = new SmtpConfig(null, 0, Tls.NONE, null, null, null);

    public SmtpConfig {
        if (host != null && !host.isBlank()) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--smtp-port must be between 1 and 65535, got " + port);
            }
            if (from == null || !MailText.isAddress(from)) {
                throw new IllegalArgumentException("--smtp-from must be an email address such as parley@example.com when --smtp-host is set");
            }
            if (tls == null) {
                throw new IllegalArgumentException("--smtp-tls must be none, starttls or tls");
            }
        } else {
            host = null;
        }
    }

    public boolean configured() {
        return host != null;
    }

    @Override
    public String toString() {
        return host == null ? "SmtpConfig[not configured]"
                : "SmtpConfig[" + host + ":" + port + ", tls=" + tls + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", from=" + from + "]";
    }
}
