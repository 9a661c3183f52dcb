package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * An op that the writer may apply together with the other ops of its kind in the same batch, in a few statements
 * instead of a few each — on PostgreSQL every statement is a network round trip, and they, not commits, bound the
 * writer once group commit is in place. Combined ops run after the batch's other ops, in queue order among
 * themselves; all of a batch still commits or rolls back as one. If the combined statements fail, the writer falls
 * back to applying each op alone, so one bad op still fails alone.
 */
public interface CombinableOp extends WriteOp {

    /** Applies {@code ops}, all of this op's class, as one. */
    void applyCombined(Connection connection, List<CombinableOp> ops) throws SQLException;
}
