package dev.parley.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.account.AccountStore;
import dev.parley.store.BatchingWriter;
import dev.parley.store.Database;
import dev.parley.testing.Backend;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.Writes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A broadcast's rows as stored, across the statements they are split into, on both backends. */
class InviteStoreTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_broadcast_bigger_than_one_statement_stores_every_row_and_closes_exactly_the_replaced(Backend backend) throws Exception {
        try (TestDatabase test = backend.create(); var db = Database.open(test.url())) {
            var writer = new BatchingWriter(db, 10_000);
            var accounts = new AccountStore(db);
            var site = accounts.createSite("Broadcasts", List.of());
            var other = accounts.createSite("Other", List.of());
            int visitors = 2 * InviteStore.ROWS_PER_STATEMENT + 7;
            var first = broadcast("i_first", visitors, "Spring \"sale\" 🎉", 1_000);
            Writes.commit(writer, InviteStore.insertAll(site.id(), first, List.of(), 0));
            Writes.commit(writer, InviteStore.insertAll(other.id(), broadcast("i_first", 3, "Not yours", 1_000), List.of(), 0));
            // The second broadcast replaces all but the last visitor's (that one answered in between).
            var replaced = first.subList(0, visitors - 1).stream().map(i -> i.id).toList();
            Writes.commit(writer, InviteStore.insertAll(site.id(), broadcast("i_second", visitors, "Second", 2_000), replaced, 2_500));
            writer.flush(10_000);

            assertEquals(2L * visitors, test.number("SELECT COUNT(*) FROM invitation WHERE site_id = ?", site.id()));
            assertEquals(visitors - 1L, test.number("SELECT COUNT(*) FROM invitation WHERE site_id = ? AND status = 'closed' "
                    + "AND answered_at = 2500", site.id()));
            assertEquals("sent", test.string("SELECT status FROM invitation WHERE site_id = ? AND id = ?", site.id(), "i_first." + (visitors - 1)));
            assertEquals(3L, test.number("SELECT COUNT(*) FROM invitation WHERE site_id = ? AND status = 'sent'", other.id()),
                    "the same ids in another site are untouched");
            var last = test.rows("SELECT visitor_id, agent_id, rule_id, body, status, created_at FROM invitation WHERE site_id = ? AND id = ?",
                    site.id(), "i_second." + (visitors - 1)).get(0);
            assertEquals(List.of("v_" + (visitors - 1), "a_1", "Second", "sent"), List.of(last.get(0), last.get(1), last.get(3), last.get(4)));
            assertEquals(null, last.get(2));
            assertEquals(2_000L, ((Number) last.get(5)).longValue());
            assertEquals("Spring \"sale\" 🎉", test.string("SELECT body FROM invitation WHERE site_id = ? AND id = ?", site.id(), "i_first.0"));
        }
    }

    private static List<Invitation> broadcast(String id, int visitors, String text, long at) {
        var list = new ArrayList<Invitation>();
        for (int n = 0; n < visitors; n++) {
            list.add(new Invitation(id + "." + n, id, "v_" + n, "a_1", "Agent", null, text, at));
        }
        return list;
    }
}
