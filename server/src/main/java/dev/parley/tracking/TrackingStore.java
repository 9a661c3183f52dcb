package dev.parley.tracking;

import dev.parley.store.WriteOp;

/** Writes for visitor bookkeeping; they go through the batching writer and are never acknowledged to anyone. */
public final class TrackingStore {
    private TrackingStore() {
    }

    public static WriteOp.Sql upsertVisitor(String siteId, String visitorId, long at) {
        return c -> {
            try (var st = c.prepareStatement("INSERT INTO visitor (site_id, id, first_seen_at, last_seen_at) VALUES (?,?,?,?) "
                    + "ON CONFLICT (site_id, id) DO UPDATE SET last_seen_at = excluded.last_seen_at")) {
                st.setString(1, siteId);
                st.setString(2, visitorId);
                st.setLong(3, at);
                st.setLong(4, at);
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
