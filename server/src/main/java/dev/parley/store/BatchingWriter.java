package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes whatever ops are queued (up to {@link #MAX_BATCH}), runs them in one
 * transaction and commits once, so throughput does not depend on one fsync per message.
 *
 * <p>On PostgreSQL, a batch formed under load also waits a moment for more ops ({@link #gatherMore}): each commit costs
 * round trips, an fsync and per-statement work, so fewer, fuller batches leave the database more room for the load.
 *
 * <p>Ops commit in the order they were submitted, and a batch's callbacks fire in that order, which is what lets a
 * hub assign sequence numbers before writing and still announce them in order.
 *
 * <p>When the database fails, the batch is kept and retried with backoff until it commits: nothing handed to the
 * writer is dropped while the process lives. Callers see {@link #isHealthy()} go false and should stop accepting
 * new work (there is no point acknowledging what cannot be stored). An op the database rejects on its own
 * (a constraint) is failed alone, so it cannot block the ops behind it.
 */
public final class BatchingWriter implements AutoCloseable {

    public static final int MAX_BATCH = 512;
    /** A batch that finds this many ops queued at once was formed under load, and waits for more. */
    static final int BUSY_BATCH = 8;
    /** A batch formed under load waits for more ops until it holds this many, or its wait is over. */
    static final int GATHER_TARGET = 64;
    static final Duration POSTGRES_GATHER_WAIT = Duration.ofMillis(3);
    static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final long WRITER_STACK_BYTES = 4L << 20;
    private static final Logger log = LoggerFactory.getLogger(BatchingWriter.class);

    private final Database db;
    private final int capacity;
    private final long gatherWaitNanos;
    private final LinkedBlockingQueue<WriteOp> queue;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong committedOps = new AtomicLong();
    private final dev.parley.metrics.Buckets batchSizes = new dev.parley.metrics.Buckets(1, 2, 4, 8, 16, 32, 64, 128, 256, 512);
    private final dev.parley.metrics.Buckets batchSeconds = new dev.parley.metrics.Buckets(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5);
    private volatile long lastBatchNanos;
    private volatile int lastBatchSize;
    private volatile boolean healthy = true;
    private volatile boolean stopping;
    /** Ops already told {@link WriteOp#delayed}, so it is called at most once per op. */
    private final Set<WriteOp> toldDelayed = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private Connection connection;

    public BatchingWriter(Database db, int capacity) {
        this(db, capacity, db.isSqlite() ? Duration.ZERO : POSTGRES_GATHER_WAIT);
    }

    /** {@code gatherWait}: how long a batch formed under load waits for more ops (see {@link #gatherMore}). */
    BatchingWriter(Database db, int capacity, Duration gatherWait) {
        this.db = db;
        this.capacity = capacity;
        this.gatherWaitNanos = gatherWait.toNanos();
        this.queue = new LinkedBlockingQueue<>();
        // The database driver's native code (SQLite) runs on this thread, and the JVM cannot report a native stack
        // overflow: the process just dies. So the one writer thread gets a roomy stack, whatever -Xss the node uses.
        this.thread = new Thread(null, this::run, "parley-writer", WRITER_STACK_BYTES);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues an op. Returns false (and queues nothing) when the writer is unhealthy or full, so the caller can
     * tell its client to retry instead of piling up work that cannot be stored.
     */
    public boolean submit(WriteOp op) {
        if (stopping || !healthy || queue.size() >= capacity) {
            return false;
        }
        queue.add(op);
        if ((!healthy || stopping) && queue.remove(op)) {
            // The writer turned unhealthy meanwhile and may have missed telling this op, or it is stopping and may have
            // seen the queue empty for the last time: refuse it instead.
            toldDelayed.remove(op);
            return false;
        }
        return true;
    }

    /** Queues an op even when unhealthy; for bookkeeping writes (page views) the caller does not acknowledge. */
    public void submitQuietly(WriteOp op) {
        if (!stopping && queue.size() < capacity) {
            queue.add(op);
        }
    }

    public boolean isHealthy() {
        return healthy;
    }

    public int queued() {
        return queue.size();
    }

    public long batches() {
        return batches.get();
    }

    public long committedOps() {
        return committedOps.get();
    }

    /** Sizes of committed batches (for /metrics). */
    public dev.parley.metrics.Buckets batchSizes() {
        return batchSizes;
    }

    /** Apply-and-commit time of committed batches, in seconds (for /metrics). */
    public dev.parley.metrics.Buckets batchSeconds() {
        return batchSeconds;
    }

    public int lastBatchSize() {
        return lastBatchSize;
    }

    public double lastBatchMillis() {
        return lastBatchNanos / 1e6;
    }

    /** Stops taking work, commits everything queued (waiting at most {@code timeoutMillis}), and stops. */
    @Override
    public void close() {
        flush(10_000);
    }

    public void flush(long timeoutMillis) {
        stopping = true;
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Writer did not finish within {} ms; {} queued writes were not committed", timeoutMillis, queue.size());
            thread.interrupt();
        }
        closeConnection();
    }

    private void run() {
        try {
            takeAndCommit();
        } finally {
            stopping = true; // however the loop ended, nothing submitted from now on would be committed
        }
    }

    private void takeAndCommit() {
        var batch = new ArrayList<WriteOp>(MAX_BATCH);
        while (true) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (batch.size() >= BUSY_BATCH) {
                    gatherMore(batch);
                }
                commitWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Writer loop error", e);
                batch.clear();
            }
        }
    }

    /**
     * Many ops queued while the last batch committed means they arrive faster than batches of that size commit, and
     * the database spends its time on per-commit work: the fixed cost of each statement and each fsync (PostgreSQL at
     * 10,000 msg/s committed 550–900 times a second in batches of 16, docs/bench). Waiting up to a few milliseconds
     * for a fuller batch costs those ops that much latency and makes every op after them cheaper. Light load never
     * waits: its batches are small. SQLite does not wait at all: its commit is an append to a file in this process,
     * with no round trip and, in WAL mode with synchronous=NORMAL, no fsync, so there is little to share, and the wait
     * cost it more than it saved (docs/bench, eighth round: p50 10 ms instead of 3 at 5,000 msg/s, and 8,000 missed).
     */
    private void gatherMore(List<WriteOp> batch) {
        long deadline = System.nanoTime() + gatherWaitNanos;
        try {
            while (batch.size() < GATHER_TARGET && !stopping) {
                long left = deadline - System.nanoTime();
                var next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    return;
                }
                batch.add(next);
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the ops already taken still commit; the loop stops after them
        }
    }

    private void commitWithRetry(List<WriteOp> batch) throws InterruptedException {
        long backoff = 200;
        boolean delayedNotified = false;
        while (true) {
            long start = System.nanoTime();
            try {
                commit(batch);
                lastBatchNanos = System.nanoTime() - start;
                lastBatchSize = batch.size();
                batches.incrementAndGet();
                committedOps.addAndGet(batch.size());
                batchSizes.record(batch.size());
                batchSeconds.record(lastBatchNanos / 1e9);
                if (!healthy) {
                    log.info("Database writes recovered");
                }
                healthy = true;
                if (!toldDelayed.isEmpty()) {
                    batch.forEach(toldDelayed::remove);
                }
                batch.forEach(BatchingWriter::notifyCommitted);
                return;
            } catch (SQLException e) {
                closeConnection();
                if (db.isReachable()) {
                    // The database answers, so the batch itself is at fault: commit what can be committed.
                    commitOneByOne(batch);
                    return;
                }
                if (healthy) {
                    log.warn("Database writes failing, retrying until it recovers: {}", e.getMessage());
                }
                healthy = false;
                if (!delayedNotified) {
                    batch.forEach(this::notifyDelayed);
                    // Ops queued behind this batch wait as long as it does: their owners must hear it too.
                    queue.forEach(this::notifyDelayed);
                    delayedNotified = true;
                }
                Thread.sleep(backoff); // the writer's own thread, never an event loop
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void commitOneByOne(List<WriteOp> batch) throws InterruptedException {
        for (var op : batch) {
            try {
                commit(List.of(op));
                committedOps.incrementAndGet();
                toldDelayed.remove(op);
                notifyCommitted(op);
            } catch (SQLException e) {
                closeConnection();
                if (!db.isReachable()) {
                    // Lost the database halfway: retry the rest as a batch.
                    commitWithRetry(batch.subList(batch.indexOf(op), batch.size()));
                    return;
                }
                log.warn("Write rejected by the database: {}", e.getMessage());
                toldDelayed.remove(op);
                try {
                    op.failed(e);
                } catch (RuntimeException callbackError) {
                    log.error("Write failure callback threw", callbackError);
                }
            }
        }
    }

    private void commit(List<WriteOp> ops) throws SQLException {
        var c = connection();
        try {
            if (ops.size() == 1) {
                ops.get(0).apply(c);
            } else {
                var combined = new java.util.LinkedHashMap<Class<?>, List<CombinableOp>>();
                for (var op : ops) {
                    if (op instanceof CombinableOp combinable) {
                        combined.computeIfAbsent(op.getClass(), k -> new ArrayList<>()).add(combinable);
                    } else {
                        op.apply(c);
                    }
                }
                for (var group : combined.values()) {
                    group.get(0).applyCombined(c, group);
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is discarded by the caller
            }
            throw e instanceof SQLException sql ? sql : new SQLException(e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = db.connection();
            connection.setAutoCommit(false);
            try {
                // A database that hangs (no reset, no answer) must turn into an error the writer can report.
                connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            } catch (SQLException | UnsupportedOperationException notSupported) {
                // SQLite is in-process: nothing to time out
            }
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    private static void notifyCommitted(WriteOp op) {
        try {
            op.committed();
        } catch (RuntimeException e) {
            log.error("Commit callback threw", e);
        }
    }

    private void notifyDelayed(WriteOp op) {
        if (!toldDelayed.add(op)) {
            return;
        }
        try {
            op.delayed();
        } catch (RuntimeException e) {
            log.error("Delay callback threw", e);
        }
    }
}
