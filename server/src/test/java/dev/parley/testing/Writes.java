package dev.parley.testing;

import dev.parley.store.BatchingWriter;
import dev.parley.store.WriteOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Submitting SQL to a {@link BatchingWriter} and waiting for its outcome. */
public final class Writes {
    private Writes() {
    }

    /** Completes with null when committed, exceptionally with the cause when the database rejected it. */
    public static CompletableFuture<Void> submit(BatchingWriter writer, WriteOp.Sql sql) {
        var done = new CompletableFuture<Void>();
        boolean accepted = writer.submit(new WriteOp() {
            @Override
            public void apply(Connection connection) throws SQLException {
                sql.run(connection);
            }

            @Override
            public void committed() {
                done.complete(null);
            }

            @Override
            public void failed(Exception cause) {
                done.completeExceptionally(cause);
            }
        });
        if (!accepted) {
            done.completeExceptionally(new IllegalStateException("writer refused the op"));
        }
        return done;
    }

    public static void commit(BatchingWriter writer, WriteOp.Sql sql) {
        try {
            submit(writer, sql).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("write did not commit: " + e, e);
        }
    }
}
