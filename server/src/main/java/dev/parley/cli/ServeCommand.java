package dev.parley.cli;

import dev.parley.ParleyNode;
import dev.parley.config.Settings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a Parley node.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Option(names = "--port", defaultValue = "${env:PARLEY_PORT:-8080}", description = "HTTP port (default 8080, env PARLEY_PORT).")
    int port;

    @Option(names = "--host", defaultValue = "${env:PARLEY_HOST}",
            description = "Address to listen on (env PARLEY_HOST; default 0.0.0.0, with --demo 127.0.0.1 so demo credentials stay local).")
    String host;

    @Option(names = "--max-text", defaultValue = "4000", description = "Longest message in characters (1..20000, default 4000).")
    int maxText;

    @Option(names = "--visitor-messages", defaultValue = "10",
            description = "Messages a visitor may send per 10 s (>= 1, default 10). Raise only for load tests.")
    int visitorMessages;

    @Option(names = "--visitor-conversations", defaultValue = "5",
            description = "Conversations a visitor may start per hour (>= 1, default 5). Raise only for load tests.")
    int visitorConversations;

    @Option(names = "--trust-proxy", defaultValue = "${env:PARLEY_TRUST_PROXY:-false}",
            description = "Behind a reverse proxy: take the visitor's address from the last X-Forwarded-For entry, which the "
                    + "proxy must set (env PARLEY_TRUST_PROXY; default off: the connection's address).")
    boolean trustProxy;

    @Option(names = "--geoip-db", paramLabel = "FILE", defaultValue = "${env:PARLEY_GEOIP_DB}",
            description = "MaxMind-format GeoIP2/GeoLite2 Country or City database (.mmdb) for visitors' country and city "
                    + "(env PARLEY_GEOIP_DB; default none: they show as unknown). An unreadable file stops the start.")
    java.nio.file.Path geoIpDb;

    @Option(names = "--page-view-days", defaultValue = "${env:PARLEY_PAGE_VIEW_DAYS:-90}",
            description = "Delete visitors' page views older than this many days (1..36500, default 90, env PARLEY_PAGE_VIEW_DAYS).")
    int pageViewDays;

    @Option(names = "--new-visitors-per-minute", defaultValue = "${env:PARLEY_NEW_VISITORS_PER_MINUTE:-30}",
            description = "New visitors one client address may start per minute (1..1000000, default 30, env PARLEY_NEW_VISITORS_PER_MINUTE).")
    int newVisitorsPerMinute;

    @Option(names = "--smtp-host", defaultValue = "${env:PARLEY_SMTP_HOST}",
            description = "SMTP server for notification and reply mail (env PARLEY_SMTP_HOST; none: mail is queued, not sent).")
    String smtpHost;

    @Option(names = "--smtp-port", defaultValue = "${env:PARLEY_SMTP_PORT:-587}", description = "SMTP port (1..65535, default 587).")
    int smtpPort;

    @Option(names = "--smtp-tls", defaultValue = "${env:PARLEY_SMTP_TLS:-starttls}",
            description = "none, starttls (default; required, not opportunistic) or tls (implicit TLS, usually port 465).")
    String smtpTls;

    @Option(names = "--smtp-user", defaultValue = "${env:PARLEY_SMTP_USER}",
            description = "SMTP user name; the password is read from env PARLEY_SMTP_PASSWORD only (never a flag: it would show in the process list).")
    String smtpUser;

    @Option(names = "--smtp-from", defaultValue = "${env:PARLEY_SMTP_FROM}", description = "Sender address of Parley's mail, e.g. parley@example.com.")
    String smtpFrom;

    @Option(names = "--demo", description = "Create (once) a demo site and agent, and serve the demo page at /demo.")
    boolean demo;

    /** For ./parley, which starts and stops a node once after a build so the JVM records its start-up cache. */
    @Option(names = "--stop-when-ready", hidden = true)
    boolean stopWhenReady;

    @Override
    public Integer call() throws Exception {
        var defaults = Settings.defaults(storage.dataDir);
        var listenOn = host != null && !host.isBlank() ? host : demo ? "127.0.0.1" : "0.0.0.0";
        Settings settings;
        try {
            settings = new Settings(port, listenOn, storage.dataDir, storage.dbUrl, maxText, visitorMessages,
                    defaults.visitorMessageWindow(), visitorConversations, defaults.heartbeat(),
                    defaults.idleTimeout(), demo, defaults.tracking().withTrustProxy(trustProxy).withGeoIpDatabase(geoIpDb)
                            .withPageViewDays(pageViewDays).withNewVisitorsPerMinute(newVisitorsPerMinute),
                    defaults.mail());
            settings = settings.withMail(settings.mail().withSmtp(smtp()));
        } catch (IllegalArgumentException e) {
            System.err.println("parley: " + e.getMessage());
            return 2;
        }
        String demoKey = null;
        if (demo) {
            if (geoIpDb != null) {
                try {
                    dev.parley.tracking.GeoIp.open(geoIpDb).close(); // fail before the demo data is written
                } catch (IllegalArgumentException e) {
                    System.err.println("parley: " + e.getMessage());
                    return 2;
                }
            }
            var credentials = Demo.ensure(settings.effectiveDbUrl());
            demoKey = credentials.siteKey();
            var node = startNode(settings, demoKey);
            var base = "http://localhost:" + node.port();
            System.out.println();
            System.out.println("  Parley demo is running.");
            System.out.println("  Demo page : " + base + "/demo");
            System.out.println("  Console   : " + base + "/console");
            System.out.println("  Sign in   : " + credentials.email() + " / " + credentials.password());
            System.out.println();
            return awaitShutdown(node);
        }
        try {
            var node = startNode(settings, null);
            if (stopWhenReady) {
                node.stop();
                return 0;
            }
            return awaitShutdown(node);
        } catch (BadConfigurationException e) {
            System.err.println("parley: " + e.getMessage());
            return 2;
        }
    }

    /** A setting that validated alone but could not be used at start (e.g. an unreadable --geoip-db file): exit 2. */
    static final class BadConfigurationException extends Exception {
        BadConfigurationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private dev.parley.mail.SmtpConfig smtp() {
        if (smtpHost == null || smtpHost.isBlank()) {
            return dev.parley.mail.SmtpConfig.NONE;
        }
        var password = System.getenv("PARLEY_SMTP_PASSWORD");
        return new dev.parley.mail.SmtpConfig(smtpHost.trim(), smtpPort, dev.parley.mail.SmtpConfig.Tls.parse(smtpTls),
                smtpUser == null || smtpUser.isBlank() ? null : smtpUser, password == null || password.isEmpty() ? null : password, smtpFrom);
    }

    private static ParleyNode startNode(Settings settings, String demoKey) throws Exception {
        ParleyNode node;
        try {
            node = ParleyNode.start(settings, demoKey);
        } catch (IllegalArgumentException e) {
            throw new BadConfigurationException(e.getMessage(), e);
        }
        System.out.println("Parley listening on " + settings.host() + ":" + node.port() + " (database "
                + node.database().describe() + ")");
        return node;
    }

    /**
     * Waits for SIGTERM or SIGINT, the normal ways to stop a node: stop gracefully and exit 0 (service managers read
     * the JVM's default 143 as a failure). The shutdown hook covers any other way the JVM ends.
     */
    private static int awaitShutdown(ParleyNode node) throws InterruptedException {
        var done = new CountDownLatch(1);
        Runnable stop = () -> {
            System.out.println("Parley shutting down…");
            node.stop();
            System.out.println("Parley stopped.");
            done.countDown();
        };
        for (var name : java.util.List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(stop, "parley-shutdown").start());
            } catch (IllegalArgumentException unsupported) {
                // the platform has no such signal; the shutdown hook still stops the node
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "parley-shutdown-hook"));
        done.await();
        return 0;
    }
}
