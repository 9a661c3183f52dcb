package dev.parley.tracking;

import dev.parley.store.BatchingWriter;
import dev.parley.store.WriteOp;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes page views older than the retention period: once when the node starts, then hourly. The deletes go
 * through the batching writer, {@value #CHUNK} rows (a little more when several share the boundary time) per
 * transaction, one chunk after the other's commit, so SQLite's single writer is never held long and messages keep
 * committing in between. Maintenance across all sites of the node's database, by design: the period is the operator's.
 */
public final class PageViewRetention {
    private static final Logger log = LoggerFactory.getLogger(PageViewRetention.class);
    static final int CHUNK = 2000;
    private static final long EVERY_MILLIS = Duration.ofHours(1).toMillis();

    private final Vertx vertx;
    private final BatchingWriter writer;
    private final Duration keep;
    private boolean running;

    public PageViewRetention(Vertx vertx, BatchingWriter writer, int days) {
        this.vertx = vertx;
        this.writer = writer;
        this.keep = Duration.ofDays(days);
    }

    public void start() {
        vertx.runOnContext(v -> {
            pass();
            vertx.setPeriodic(EVERY_MILLIS, id -> pass()); // on this same context: running is touched only here
        });
    }

    private void pass() {
        if (running) {
            return; // the previous pass is still deleting
        }
        running = true;
        deleteChunk(System.currentTimeMillis() - keep.toMillis(), 0);
    }

    /** Deletes one chunk; on commit, the next, until a chunk is short. Writer callbacks hop back to this context. */
    private void deleteChunk(long before, long deletedSoFar) {
        var context = vertx.getOrCreateContext();
        var op = new WriteOp() {
            int deleted;

            @Override
            public void apply(Connection c) throws SQLException {
                deleted = deleteOldest(c, before);
            }

            @Override
            public void committed() {
                context.runOnContext(v -> {
                    long total = deletedSoFar + deleted;
                    if (deleted >= CHUNK) {
                        deleteChunk(before, total);
                    } else {
                        running = false;
                        if (total > 0) {
                            log.info("Deleted {} page views older than {} days", total, keep.toDays());
                        }
                    }
                });
            }

            @Override
            public void failed(Exception cause) {
                context.runOnContext(v -> running = false);
                log.warn("Deleting old page views failed (next try in an hour): {}", cause.getMessage());
            }
        };
        if (!writer.submit(op)) {
            running = false; // the writer is full; the next pass tries again
        }
    }

    /** Deletes the oldest page views before {@code before}, about {@value #CHUNK}; returns how many. */
    static int deleteOldest(Connection c, long before) throws SQLException {
        long upTo = before - 1;
        try (var st = c.prepareStatement("SELECT viewed_at FROM page_view WHERE viewed_at < ? ORDER BY viewed_at LIMIT 1 OFFSET ?")) {
            st.setLong(1, before);
            st.setInt(2, CHUNK - 1);
            try (var rs = st.executeQuery()) {
                if (rs.next()) {
                    upTo = rs.getLong(1);
                }
            }
        }
        try (var st = c.prepareStatement("DELETE FROM page_view WHERE viewed_at <= ?")) {
            st.setLong(1, upTo);
            return st.executeUpdate();
        }
    }
}
