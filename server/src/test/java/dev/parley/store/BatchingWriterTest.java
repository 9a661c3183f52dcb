package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.Eventually;
import dev.parley.testing.TcpProxy;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.Writes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Group commit: order, durability before callback, one bad op failing alone, bounded queue, flush on stop. */
class BatchingWriterTest {

    @Nested
    class OnSqlite extends Contract {
        OnSqlite() {
            super(Backend.SQLITE);
        }
    }

    @Nested
    class OnPostgres extends Contract {
        OnPostgres() {
            super(Backend.POSTGRES);
        }

        /** A writer whose database is reached through a proxy the test can stall and cut. */
        @Test
        void ops_queued_behind_a_failing_batch_are_told_they_are_delayed_and_commit_after_recovery() throws Exception {
            try (var proxy = new TcpProxy("127.0.0.1", 5432); var proxied = Database.open(test.urlThroughPort(proxy.port()))) {
                var proxiedWriter = new BatchingWriter(proxied, 100);
                try {
                    var stuck = new Recording("held-1");
                    var ops = List.of(stuck, new Recording("held-2"), new Recording("held-3"));
                    proxy.stall(); // the database hangs: the writer blocks in its commit, still healthy
                    assertTrue(proxiedWriter.submit(stuck));
                    await(stuck.applying, "the writer taking " + stuck.name); // it now waits for the database
                    for (var op : ops.subList(1, 3)) {
                        assertTrue(proxiedWriter.submit(op), "healthy until a commit fails");
                    }
                    assertEquals(2, proxiedWriter.queued(), "queued behind the stuck batch");
                    proxy.cut(); // now it fails
                    for (var op : ops) {
                        await(op.delayed, op.name + " being told it is delayed");
                    }
                    assertFalse(proxiedWriter.isHealthy());
                    assertFalse(proxiedWriter.submit(new Recording("refused")), "an unhealthy writer takes nothing new");
                    proxy.restore();
                    for (var op : ops) {
                        await(op.committed, op.name + " committing after recovery");
                        assertEquals(1, op.delayedCalls.get(), op.name + " told once");
                    }
                    assertTrue(proxiedWriter.isHealthy());
                    assertEquals(3, test.number("SELECT COUNT(*) FROM node_setting WHERE name LIKE 'held-%'"));
                    assertEquals(0, test.number("SELECT COUNT(*) FROM node_setting WHERE name = 'refused'"));
                } finally {
                    proxy.restore();
                    proxiedWriter.flush(10_000);
                }
            }
        }
    }

    static void await(java.util.concurrent.CompletableFuture<Void> future, String what) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no " + what + " within 30 s", e);
        }
    }

    /** An op that records its callbacks. */
    static final class Recording implements WriteOp {
        final String name;
        final java.util.concurrent.CompletableFuture<Void> applying = new java.util.concurrent.CompletableFuture<>();
        final java.util.concurrent.CompletableFuture<Void> delayed = new java.util.concurrent.CompletableFuture<>();
        final java.util.concurrent.CompletableFuture<Void> committed = new java.util.concurrent.CompletableFuture<>();
        final java.util.concurrent.atomic.AtomicInteger delayedCalls = new java.util.concurrent.atomic.AtomicInteger();

        Recording(String name) {
            this.name = name;
        }

        @Override
        public void apply(Connection connection) throws SQLException {
            applying.complete(null);
            Contract.insertSetting(name, "x").run(connection);
        }

        @Override
        public void delayed() {
            delayedCalls.incrementAndGet();
            delayed.complete(null);
        }

        @Override
        public void committed() {
            committed.complete(null);
        }
    }

    abstract static class Contract {
        private final Backend backend;
        TestDatabase test;
        Database db;
        BatchingWriter writer;

        Contract(Backend backend) {
            this.backend = backend;
        }

        @BeforeEach
        void open() {
            test = backend.create();
            db = Database.open(test.url());
            writer = new BatchingWriter(db, 10_000);
        }

        @AfterEach
        void close() {
            writer.flush(10_000);
            db.close();
            test.close();
        }

        static WriteOp.Sql insertSetting(String name, String value) {
            return c -> {
                try (var st = c.prepareStatement("INSERT INTO node_setting (name, value) VALUES (?, ?)")) {
                    st.setString(1, name);
                    st.setString(2, value);
                    st.executeUpdate();
                }
            };
        }

        @Test
        void ops_commit_in_submission_order_and_each_callback_sees_its_row_committed() throws Exception {
            int n = 300;
            var order = Collections.synchronizedList(new ArrayList<Integer>());
            var invisible = Collections.synchronizedList(new ArrayList<Integer>());
            var done = new CountDownLatch(n);
            try (var reader = test.connect()) {
                for (int i = 0; i < n; i++) {
                    int index = i;
                    assertTrue(writer.submit(new WriteOp() {
                        @Override
                        public void apply(Connection connection) throws SQLException {
                            insertSetting("k" + index, "v" + index).run(connection);
                        }

                        @Override
                        public void committed() {
                            order.add(index);
                            if (!visible(reader, "k" + index)) {
                                invisible.add(index);
                            }
                            done.countDown();
                        }
                    }));
                }
                assertTrue(done.await(30, TimeUnit.SECONDS), "committed " + order.size() + " of " + n);
            }
            var expected = new ArrayList<Integer>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            assertEquals(expected, order);
            assertEquals(List.of(), invisible, "callbacks that ran before their row was visible to another connection");
            assertEquals(n, test.number("SELECT COUNT(*) FROM node_setting WHERE name LIKE 'k%'"));
            assertTrue(writer.batches() < n, "group commit: " + writer.batches() + " batches for " + n + " ops");
        }

        private static boolean visible(Connection reader, String name) {
            try (var st = reader.prepareStatement("SELECT COUNT(*) FROM node_setting WHERE name = ?")) {
                st.setString(1, name);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void an_op_the_database_rejects_fails_alone_and_the_ops_around_it_commit() throws Exception {
            var first = Writes.submit(writer, insertSetting("dup", "first"));
            var duplicate = Writes.submit(writer, insertSetting("dup", "second"));
            var after = Writes.submit(writer, insertSetting("after", "x"));
            first.get(10, TimeUnit.SECONDS);
            after.get(10, TimeUnit.SECONDS);
            var e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> duplicate.get(10, TimeUnit.SECONDS));
            assertInstanceOf(SQLException.class, e.getCause());
            assertEquals("first", test.string("SELECT value FROM node_setting WHERE name = 'dup'"));
            assertEquals(1, test.number("SELECT COUNT(*) FROM node_setting WHERE name = 'after'"));
            assertTrue(writer.isHealthy(), "a rejected op is not a database outage");
        }

        @Test
        void a_full_queue_refuses_new_ops_instead_of_growing() throws Exception {
            writer.flush(10_000);
            writer = new BatchingWriter(db, 3);
            var release = blockWriter();
            var queued = List.of(Writes.submit(writer, insertSetting("q1", "")), Writes.submit(writer, insertSetting("q2", "")),
                    Writes.submit(writer, insertSetting("q3", "")));
            assertFalse(writer.submit(WriteOp.of(insertSetting("q4", ""))), "fourth op while three are queued");
            release.countDown();
            for (var q : queued) {
                q.get(10, TimeUnit.SECONDS);
            }
            assertEquals(0, test.number("SELECT COUNT(*) FROM node_setting WHERE name = 'q4'"));
        }

        @Test
        void under_load_a_batch_waits_for_more_ops_and_commits_them_together() throws Exception {
            useWriterWaiting(Duration.ofSeconds(60)); // longer than any wait below: only a full batch can close it
            var release = blockWriter();
            var ops = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
            for (int i = 0; i < BatchingWriter.BUSY_BATCH; i++) {
                ops.add(Writes.submit(writer, insertSetting("load" + i, "")));
            }
            release.countDown();
            Eventually.until("the writer taking the queued ops", Duration.ofSeconds(10), () -> writer.queued() == 0);
            for (int i = BatchingWriter.BUSY_BATCH; i < BatchingWriter.GATHER_TARGET; i++) {
                ops.add(Writes.submit(writer, insertSetting("load" + i, "")));
            }
            for (var op : ops) {
                op.get(10, TimeUnit.SECONDS);
            }
            assertEquals(2, writer.batches(), "the blocking op's batch, then one batch of all " + BatchingWriter.GATHER_TARGET);
            assertEquals(BatchingWriter.GATHER_TARGET, test.number("SELECT COUNT(*) FROM node_setting WHERE name LIKE 'load%'"));
        }

        @Test
        void a_batch_under_load_that_stays_short_commits_when_its_wait_is_over() throws Exception {
            useWriterWaiting(Duration.ofMillis(200));
            var release = blockWriter();
            var ops = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
            for (int i = 0; i < BatchingWriter.BUSY_BATCH; i++) {
                ops.add(Writes.submit(writer, insertSetting("short" + i, "")));
            }
            release.countDown();
            for (var op : ops) {
                op.get(10, TimeUnit.SECONDS);
            }
            assertEquals(BatchingWriter.BUSY_BATCH, test.number("SELECT COUNT(*) FROM node_setting WHERE name LIKE 'short%'"));
        }

        @Test
        void a_lone_op_commits_without_waiting_for_company() throws Exception {
            useWriterWaiting(Duration.ofSeconds(60)); // if a lone op waited, it would miss the 10 s below
            Writes.submit(writer, insertSetting("alone", "")).get(10, TimeUnit.SECONDS);
            assertEquals(1, test.number("SELECT COUNT(*) FROM node_setting WHERE name = 'alone'"));
        }

        private void useWriterWaiting(Duration gatherWait) {
            writer.flush(10_000);
            writer = new BatchingWriter(db, 10_000, gatherWait);
        }

        /** Holds the writer in an op until the returned latch is counted down, so that ops queue behind it. */
        private CountDownLatch blockWriter() throws InterruptedException {
            var started = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            assertTrue(writer.submit(WriteOp.of(c -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the writer taking the blocking op");
            return release;
        }

        @Test
        void flush_commits_everything_queued_and_then_refuses_work() {
            for (int i = 0; i < 1000; i++) {
                assertTrue(writer.submit(WriteOp.of(insertSetting("f" + i, ""))));
            }
            writer.flush(20_000);
            assertEquals(1000, test.number("SELECT COUNT(*) FROM node_setting WHERE name LIKE 'f%'"));
            assertFalse(writer.submit(WriteOp.of(insertSetting("late", ""))));
        }
    }
}
