package dev.parley.hub;

import static dev.parley.testing.TestNode.token;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A client id is an idempotency key: a resend — on the same socket, after a reconnect, after a node restart — gets
 * the original ack and creates nothing. "Nothing" is proven by the database and by a barrier message: the writer
 * commits in order, so a duplicate {@code message.created} would arrive before the barrier's.
 */
class IdempotencyTest {

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

        static long createdCount(WsClient client, String clientId) {
            return client.count(f -> isType(f, "message.created") && clientId.equals(f.getString("clientId")));
        }

        /** Sends a fresh message and waits until {@code observer} saw it: everything committed before it has arrived. */
        static void barrier(WsClient sender, String conversationId, WsClient... observers) {
            var id = newClientId();
            sender.sendMessage(id, conversationId, "barrier");
            for (var o : observers) {
                o.awaitCreated(id);
            }
        }

        long rows(TestNode on, String siteId, String clientId) {
            return on.db().number("SELECT COUNT(*) FROM message WHERE site_id = ? AND client_id = ?", siteId, clientId);
        }

        @Test
        void resend_with_same_client_id_returns_original_ack() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var clientId = newClientId();
                visitor.sendMessage(clientId, null, "only once");
                var original = visitor.awaitAck(clientId);
                visitor.sendMessage(clientId, null, "only once");
                assertEquals(original, visitor.awaitAck(clientId), "resend without conversation id");
                var conversationId = original.getString("conversationId");
                visitor.sendMessage(clientId, conversationId, "only once");
                assertEquals(original, visitor.awaitAck(clientId), "resend naming the conversation");
                barrier(visitor, conversationId, agent, visitor);
                assertEquals(1, rows(node, site.id(), clientId));
                assertEquals(1, createdCount(agent, clientId));
                assertEquals(1, createdCount(visitor, clientId));
            }
        }

        @Test
        void agent_resend_with_same_client_id_returns_original_ack() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = TestNode.startConversation(visitor, "hi");
                var clientId = newClientId();
                agent.sendMessage(clientId, conversationId, "reply");
                var original = agent.awaitAck(clientId);
                agent.sendMessage(clientId, conversationId, "reply");
                assertEquals(original, agent.awaitAck(clientId));
                barrier(visitor, null, visitor);
                assertEquals(1, rows(node, site.id(), clientId));
                assertEquals(1, createdCount(visitor, clientId));
            }
        }

        @Test
        void double_send_before_the_commit_is_stored_once() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var clientId = newClientId();
                visitor.sendMessage(clientId, null, "twice in a row");
                visitor.sendMessage(clientId, null, "twice in a row");
                var ack = visitor.awaitAck(clientId);
                barrier(visitor, ack.getString("conversationId"), agent, visitor);
                assertEquals(1, rows(node, site.id(), clientId));
                assertEquals(1, createdCount(agent, clientId));
                assertTrue(visitor.history().stream().filter(f -> isType(f, "message.ack") && clientId.equals(f.getString("clientId")))
                        .allMatch(ack::equals), "every ack for the client id is the same ack");
            }
        }

        @Test
        void resend_after_reconnect_returns_original_ack() {
            var site = node.newSite();
            try (var agent = node.owner(site)) {
                var clientId = newClientId();
                JsonObject original;
                String token;
                try (var visitor = node.visitor(site)) {
                    token = token(visitor);
                    visitor.sendMessage(clientId, null, "sent before the network dropped");
                    original = visitor.awaitAck(clientId);
                }
                // The outbox does not know the ack arrived: it resends as it first sent, without a conversation id.
                try (var again = node.visitor(site.key(), token)) {
                    again.sendMessage(clientId, null, "sent before the network dropped");
                    assertEquals(original, again.awaitAck(clientId));
                    barrier(again, null, agent);
                }
                assertEquals(1, rows(node, site.id(), clientId));
                assertEquals(1, createdCount(agent, clientId));
            }
        }

        @Test
        void resend_after_node_restart_returns_original_ack() {
            try (var own = TestNode.start(backend)) {
                var site = own.newSite();
                var clientId = newClientId();
                JsonObject original;
                String token;
                try (var visitor = own.visitor(site)) {
                    token = token(visitor);
                    visitor.sendMessage(clientId, null, "before the restart");
                    original = visitor.awaitAck(clientId);
                }
                own.restart();
                try (var agent = own.owner(site); var visitor = own.visitor(site.key(), token)) {
                    assertEquals(original.getString("conversationId"), visitor.welcome.getJsonObject("conversation").getString("id"));
                    visitor.sendMessage(clientId, null, "before the restart");
                    assertEquals(original, visitor.awaitAck(clientId));
                    var next = newClientId();
                    visitor.sendMessage(next, null, "after the restart");
                    assertEquals(2L, visitor.awaitAck(next).getLong("seq"), "sequence continues after the restart");
                    agent.awaitCreated(next);
                    assertEquals(0, createdCount(agent, clientId));
                }
                assertEquals(1, rows(own, site.id(), clientId));
            }
        }

        @Test
        void the_same_client_id_from_two_visitors_is_two_messages() {
            var site = node.newSite();
            try (var one = node.visitor(site); var two = node.visitor(site)) {
                var clientId = newClientId();
                one.sendMessage(clientId, null, "from one");
                two.sendMessage(clientId, null, "from two");
                var a = one.awaitAck(clientId);
                var b = two.awaitAck(clientId);
                assertNotEquals(a.getString("conversationId"), b.getString("conversationId"));
                assertEquals(2, rows(node, site.id(), clientId));
            }
        }
    }
}
