package dev.parley.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Page views older than {@code --page-view-days} are deleted when the node starts (and hourly), in chunks. */
class PageViewRetentionTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void page_views_older_than_the_retention_period_are_deleted_and_newer_ones_kept(Backend backend) throws Exception {
        var db = backend.create();
        try {
            try (var first = TestNode.start(db, false, s -> s)) {
                first.newSite(); // the schema exists now
            }
            long now = System.currentTimeMillis();
            int old = 2 * PageViewRetention.CHUNK + 500; // more than one chunk
            try (var c = db.connect()) {
                c.setAutoCommit(false);
                try (var st = c.prepareStatement("INSERT INTO page_view (site_id, visitor_id, url, title, referrer, viewed_at) VALUES (?,?,?,?,?,?)")) {
                    for (int i = 0; i < old + 8; i++) {
                        st.setString(1, i % 2 == 0 ? "s_one" : "s_two");
                        st.setString(2, "v_" + i);
                        st.setString(3, "https://shop.example/" + i);
                        st.setString(4, "T");
                        st.setString(5, "");
                        long age = i < old ? Duration.ofDays(31).toMillis() + i : i == old ? Duration.ofDays(29).toMillis() : i;
                        st.setLong(6, now - age);
                        st.addBatch();
                    }
                    st.executeBatch();
                }
                c.commit();
            }
            try (var node = TestNode.start(db, false, s -> s.withTracking(s.tracking().withPageViewDays(30)))) {
                dev.parley.testing.Eventually.until("old page views deleted", Duration.ofSeconds(20),
                        () -> db.number("SELECT COUNT(*) FROM page_view") <= 8);
                assertEquals(0, db.number("SELECT COUNT(*) FROM page_view WHERE viewed_at < ?", now - Duration.ofDays(30).toMillis()));
                assertEquals(8, db.number("SELECT COUNT(*) FROM page_view"), "the 29-day-old and recent views stay");
            }
        } finally {
            db.close();
        }
    }
}
