package dev.parley.hub;

import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Backend;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import java.util.ArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A write the database rejects (here: a resend of a client id older than the hub's in-memory window, which hits the
 * unique constraint) must cost nothing to anyone else: the ops batched with it still commit, and every conversation
 * keeps a gap-free sequence afterwards. Found by adversarial testing: a rejected op once reset the sequence of the
 * conversation queued behind it.
 */
class RejectedWriteTest {

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
    }

    abstract static class Contract extends NodeContract {
        Contract(Backend backend) {
            super(backend);
        }

        @Test
        void a_rejected_resend_leaves_every_other_conversation_gap_free() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitorD = node.visitor(site); var visitorC = node.visitor(site)) {
                var d = TestNode.startConversation(visitorD, "conversation D");
                var c = TestNode.startConversation(visitorC, "conversation C");
                var old = newClientId();
                agent.sendMessage(old, d, "old");
                var ids = new ArrayList<String>();
                for (int i = 0; i < ConversationState.CLIENT_ID_WINDOW + 5; i++) {
                    var id = newClientId();
                    ids.add(id);
                    agent.sendMessage(id, d, "d" + i);
                }
                agent.awaitAck(ids.get(ids.size() - 1));
                var originalSeq = node.db().number("SELECT seq FROM message WHERE site_id = ? AND client_id = ?", site.id(), old);

                // Back to back, so they share a batch: the stale resend (rejected by the store) and a reply to C.
                agent.sendMessage(old, d, "old");
                var replyToC = newClientId();
                agent.sendMessage(replyToC, c, "reply to C");

                assertEquals(originalSeq, agent.awaitAck(old).getLong("seq").longValue(), "the stale resend gets its original ack");
                assertEquals(2L, agent.awaitAck(replyToC).getLong("seq"));
                for (long expected = 3; expected <= 5; expected++) {
                    var id = newClientId();
                    visitorC.sendMessage(id, c, "later " + expected);
                    assertEquals(expected, visitorC.awaitAck(id).getLong("seq"));
                }
                assertEquals(5L, node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ? AND conversation_id = ?", site.id(), c));
                assertEquals(1L, node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ? AND client_id = ?", site.id(), old));
            }
        }
    }
}
