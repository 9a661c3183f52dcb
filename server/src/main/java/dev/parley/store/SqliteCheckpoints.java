package dev.parley.store;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread of its own, twice a second. SQLite would
 * otherwise do it inside a commit once the log reaches 1,000 pages — on the writer thread, so every acknowledgement
 * queued behind that commit waited for the copy and its fsync (the S2 benchmark's p99). The connections are opened
 * with {@code wal_autocheckpoint=0}; a PASSIVE checkpoint never blocks the writer or readers.
 */
final class SqliteCheckpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpoints.class);
    static final String CONNECTION_INIT = "PRAGMA wal_autocheckpoint=0";

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "parley-sqlite-checkpoint");
        t.setDaemon(true);
        return t;
    });

    SqliteCheckpoints(DataSource pool) {
        thread.scheduleWithFixedDelay(() -> checkpoint(pool), 500, 500, TimeUnit.MILLISECONDS);
    }

    private static void checkpoint(DataSource pool) {
        try (var c = pool.getConnection(); var st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.debug("SQLite checkpoint skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("SQLite checkpoint failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
