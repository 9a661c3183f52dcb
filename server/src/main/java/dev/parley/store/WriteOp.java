package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One unit of work for the {@link BatchingWriter}. {@link #apply} runs on the writer thread inside the batch's
 * transaction; the callbacks run on the writer thread too and must only hand results to their owner's context.
 */
public interface WriteOp {

    void apply(Connection connection) throws SQLException;

    /** The batch holding this op has committed. */
    default void committed() {
    }

    /** The database is failing; the op stays queued and is retried until it commits. Called at most once. */
    default void delayed() {
    }

    /** The op itself is rejected by the database (e.g. a constraint); it will never commit. */
    default void failed(Exception cause) {
    }

    /** The SQL part of an op, without callbacks. */
    @FunctionalInterface
    interface Sql {
        void run(Connection connection) throws SQLException;

        default Sql andThen(Sql next) {
            return c -> {
                run(c);
                next.run(c);
            };
        }
    }

    static WriteOp of(Sql sql) {
        return sql::run;
    }
}
