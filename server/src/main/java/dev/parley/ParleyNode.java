package dev.parley;

import dev.parley.account.AccountStore;
import dev.parley.account.Ids;
import dev.parley.account.SiteDirectory;
import dev.parley.account.VisitorTokens;
import dev.parley.chat.ChatStore;
import dev.parley.config.Settings;
import dev.parley.gateway.WebSocketGateway;
import dev.parley.hub.HubRegistry;
import dev.parley.hub.HubServices;
import dev.parley.http.HttpRoutes;
import dev.parley.store.BatchingWriter;
import dev.parley.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Parley node: database, writer, hubs, HTTP and WebSocket. {@link #start} blocks until the node serves
 * or fails with a message fit for an operator; {@link #stop} is the graceful shutdown.
 */
public final class ParleyNode {
    private static final Logger log = LoggerFactory.getLogger(ParleyNode.class);

    private final Settings settings;
    private final Database db;
    private final BatchingWriter writer;
    private final Vertx vertx;
    private final HubRegistry hubs;
    private final WebSocketGateway gateway;
    /** One per event loop on the same port (see {@link dev.parley.http.HttpListeners}). */
    private final List<HttpServer> servers;
    private final AccountStore accounts;
    private final dev.parley.tracking.Tracking tracking;
    private final dev.parley.mail.MailWorker mailWorker;
    private volatile boolean stopped;

    private ParleyNode(Settings settings, Database db, BatchingWriter writer, Vertx vertx, HubRegistry hubs,
                       WebSocketGateway gateway, List<HttpServer> servers, AccountStore accounts, dev.parley.tracking.Tracking tracking,
                       dev.parley.mail.MailWorker mailWorker) {
        this.tracking = tracking;
        this.mailWorker = mailWorker;
        this.settings = settings;
        this.db = db;
        this.writer = writer;
        this.vertx = vertx;
        this.hubs = hubs;
        this.gateway = gateway;
        this.servers = servers;
        this.accounts = accounts;
    }

    public static ParleyNode start(Settings settings) throws Exception {
        return start(settings, null);
    }

    /** Starts a node; {@code demoSiteKey} non-null serves the demo page for that site. */
    public static ParleyNode start(Settings settings, String demoSiteKey) throws Exception {
        var tracking = dev.parley.tracking.Tracking.open(settings.tracking()); // a bad --geoip-db fails before anything starts
        Database db;
        try {
            db = Database.open(settings.effectiveDbUrl());
        } catch (Exception e) {
            tracking.close();
            throw e;
        }
        try {
            var accounts = new AccountStore(db);
            var secret = Base64.getDecoder().decode(accounts.nodeSettingOrInsert("visitor_token_secret",
                    Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(Ids.randomToken(32)))));
            var writer = new BatchingWriter(db, 100_000);
            // Static files are served from memory (http/StaticAssets): Vert.x needs no file cache in the temp directory.
            var vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
                    new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false)));
            var offline = new dev.parley.offline.OfflineStore(db);
            var visitorTokens = new VisitorTokens(secret);
            var services = new HubServices(settings, new ChatStore(db), writer, visitorTokens,
                    new dev.parley.tracking.TrackingStore(db), tracking, new dev.parley.account.SiteConfigStore(db),
                    new dev.parley.invite.InviteStore(db), new dev.parley.prechat.ContactStore(db), offline);
            var hubs = new HubRegistry(vertx, services);
            var leftMessages = new dev.parley.offline.LeftMessages(offline, settings, hubs, visitorTokens);
            var mailWorker = settings.mail().smtp().configured()
                    ? new dev.parley.mail.MailWorker(db, settings.mail(), leftMessages::deliveryChanged) : null;
            leftMessages.useWorker(mailWorker);
            if (mailWorker == null) {
                log.info("SMTP is not configured (serve --smtp-host): left messages are stored and listed in the console; their mail waits in the queue.");
            }
            var sites = new SiteDirectory(vertx, accounts);
            var gateway = new WebSocketGateway(vertx, settings, sites, accounts, hubs, tracking, visitorTokens);
            var router = HttpRoutes.create(vertx, db, writer, accounts, sites, hubs, gateway, demoSiteKey, leftMessages);
            var options = new HttpServerOptions()
                    .setHost(settings.host())
                    .setPort(settings.port())
                    .setMaxWebSocketFrameSize(Settings.MAX_FRAME_BYTES)
                    .setMaxWebSocketMessageSize(Settings.MAX_FRAME_BYTES)
                    .setCompressionSupported(true)
                    .setIdleTimeout(60); // seconds: drops sockets that never send; heartbeats (20 s) keep live ones
            List<HttpServer> servers;
            try {
                servers = dev.parley.http.HttpListeners.listen(vertx, options, router, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)
                        .await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                vertx.close();
                writer.flush(1000);
                throw new IllegalStateException("Cannot listen on " + settings.host() + ":" + settings.port() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
            if (mailWorker != null) {
                mailWorker.start();
            }
            new dev.parley.tracking.PageViewRetention(vertx, writer, settings.tracking().pageViewDays()).start();
            return new ParleyNode(settings, db, writer, vertx, hubs, gateway, servers, accounts, tracking, mailWorker);
        } catch (Exception e) {
            db.close();
            tracking.close();
            throw e;
        }
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    public AccountStore accounts() {
        return accounts;
    }

    public Database database() {
        return db;
    }

    public BatchingWriter writer() {
        return writer;
    }

    public int openConnections() {
        return gateway.openConnections();
    }

    /**
     * Graceful stop: refuse new connections, let the writer commit what it holds (so pending acks go out), then close
     * every connection with 1001 "going away", the server and the database.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        gateway.drain();
        long deadline = System.currentTimeMillis() + 10_000;
        while (writer.queued() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20); // shutdown thread, not an event loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        var closed = new ArrayList<Future<Void>>();
        for (var hub : hubs.runningHubs()) {
            var promise = Promise.<Void>promise();
            hub.execute(() -> {
                hub.closeAll((short) 1001, "going away");
                promise.complete();
            });
            closed.add(promise.future());
        }
        try {
            Future.all(closed).await(5, TimeUnit.SECONDS);
            Future.all(servers.stream().map(HttpServer::close).toList()).await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Shutdown: {}", e.getMessage());
        }
        writer.flush(10_000);
        if (mailWorker != null) {
            mailWorker.close();
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Shutdown: {}", e.getMessage());
        }
        db.close();
        tracking.close();
    }

    public Settings settings() {
        return settings;
    }
}
