package dev.parley.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Site lookups by public key, cached briefly so that page loads and connections do not each hit the database,
 * yet a change made elsewhere (another node, the admin CLI) is seen within {@link #TTL_MILLIS}. Changes made through
 * this node call {@link #put} and take effect at once.
 */
public final class SiteDirectory {
    static final long TTL_MILLIS = 5_000;
    private static final long MISS_TTL_MILLIS = 2_000;
    private static final int MAX_ENTRIES = 100_000;

    private final Vertx vertx;
    private final AccountStore accounts;
    private final ConcurrentHashMap<String, Entry> byKey = new ConcurrentHashMap<>();

    private record Entry(Optional<Site> site, long expiresAt) {
    }

    public SiteDirectory(Vertx vertx, AccountStore accounts) {
        this.vertx = vertx;
        this.accounts = accounts;
    }

    /** The enabled site with this key, or empty. */
    public Future<Optional<Site>> byKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 64 || !key.chars().allMatch(SiteDirectory::isKeyChar)) {
            return Future.succeededFuture(Optional.empty());
        }
        var cached = byKey.get(key);
        if (cached != null && cached.expiresAt > System.currentTimeMillis()) {
            return Future.succeededFuture(cached.site);
        }
        return vertx.executeBlocking(() -> accounts.findSiteByKey(key).filter(Site::enabled), false).map(site -> {
            if (byKey.size() > MAX_ENTRIES) {
                byKey.clear(); // unknown keys from a scanner must not grow memory without bound
            }
            long ttl = site.isPresent() ? TTL_MILLIS : MISS_TTL_MILLIS;
            byKey.put(key, new Entry(site, System.currentTimeMillis() + ttl));
            return site;
        });
    }

    private static boolean isKeyChar(int ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    }

    public void put(Site site) {
        byKey.put(site.key(), new Entry(Optional.of(site), System.currentTimeMillis() + TTL_MILLIS));
    }
}
