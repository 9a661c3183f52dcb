package dev.parley.tracking;

import dev.parley.store.Database;
import dev.parley.store.WriteOp;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;

/**
 * Visitor rows and page views. Writes are {@link WriteOp}s for the batching writer (never acknowledged to anyone);
 * reads are blocking JDBC for the worker pool. Every statement is scoped by site id.
 */
public final class TrackingStore {
    private final Database db;

    public TrackingStore(Database db) {
        this.db = db;
    }

    /** The stored visitor and the page views of its latest visit (at most {@code maxPages}, the newest). */
    public Optional<StoredVisit> visit(String siteId, String visitorId, int maxPages) throws SQLException {
        try (var c = db.connection()) {
            int visits;
            long startedAt;
            long lastSeen;
            PageView landing;
            String referrer;
            try (var st = c.prepareStatement("SELECT visit_count, visit_started_at, last_seen_at, landing_url, landing_title, referrer "
                    + "FROM visitor WHERE site_id = ? AND id = ?")) {
                st.setString(1, siteId);
                st.setString(2, visitorId);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    visits = rs.getInt(1);
                    startedAt = rs.getLong(2);
                    lastSeen = rs.getLong(3);
                    landing = new PageView(rs.getString(4), rs.getString(5), rs.getString(6), startedAt);
                    referrer = rs.getString(6);
                }
            }
            var pages = new ArrayList<PageView>();
            try (var st = c.prepareStatement("SELECT url, title, referrer, viewed_at FROM page_view "
                    + "WHERE site_id = ? AND visitor_id = ? AND viewed_at >= ? ORDER BY viewed_at DESC LIMIT ?")) {
                st.setString(1, siteId);
                st.setString(2, visitorId);
                st.setLong(3, startedAt);
                st.setInt(4, maxPages);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        pages.add(new PageView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            Collections.reverse(pages);
            return Optional.of(new StoredVisit(visits, startedAt, lastSeen, landing, referrer, pages));
        }
    }

    /** Stores the visitor's visit as it is now (values copied: the trail keeps changing on the hub). */
    public static WriteOp.Sql saveVisit(String siteId, String visitorId, VisitTrail trail) {
        int visits = trail.visitCount();
        long startedAt = trail.visitStartedAt();
        long lastSeen = trail.lastSeenAt();
        var landing = trail.landing();
        var referrer = trail.referrer();
        return c -> {
            try (var st = c.prepareStatement("INSERT INTO visitor (site_id, id, first_seen_at, last_seen_at, visit_count, "
                    + "visit_started_at, landing_url, landing_title, referrer) VALUES (?,?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT (site_id, id) DO UPDATE SET last_seen_at = excluded.last_seen_at, "
                    + "visit_count = excluded.visit_count, visit_started_at = excluded.visit_started_at, "
                    + "landing_url = excluded.landing_url, landing_title = excluded.landing_title, referrer = excluded.referrer")) {
                st.setString(1, siteId);
                st.setString(2, visitorId);
                st.setLong(3, startedAt);
                st.setLong(4, lastSeen);
                st.setInt(5, visits);
                st.setLong(6, startedAt);
                st.setString(7, landing.url());
                st.setString(8, landing.title());
                st.setString(9, referrer);
                st.executeUpdate();
            }
        };
    }

    /** The visitor's last connection closed at {@code at}: the new-visit gap counts from here. */
    public static WriteOp.Sql touchVisitor(String siteId, String visitorId, long at) {
        return c -> {
            try (var st = c.prepareStatement("UPDATE visitor SET last_seen_at = ? WHERE site_id = ? AND id = ?")) {
                st.setLong(1, at);
                st.setString(2, siteId);
                st.setString(3, visitorId);
                st.executeUpdate();
            }
        };
    }

    public static WriteOp.Sql insertPageView(String siteId, String visitorId, PageView page) {
        return c -> {
            try (var st = c.prepareStatement("INSERT INTO page_view (site_id, visitor_id, url, title, referrer, viewed_at) VALUES (?,?,?,?,?,?)")) {
                st.setString(1, siteId);
                st.setString(2, visitorId);
                st.setString(3, page.url());
                st.setString(4, page.title());
                st.setString(5, page.referrer());
                st.setLong(6, page.at());
                st.executeUpdate();
            }
        };
    }
}
