package dev.parley.hub;

import static dev.parley.testing.TestNode.startConversation;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code conversation.resume}: exactly what was missed, in order, in pages — and only for who may read it. */
class ResumeTest {

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

        static JsonObject resume(WsClient client, String conversationId, long afterSeq) {
            client.send(new JsonObject().put("type", "conversation.resume").put("conversationId", conversationId).put("afterSeq", afterSeq));
            return client.await("history of " + conversationId + " after " + afterSeq, f -> isType(f, "conversation.history"));
        }

        static List<Long> seqs(JsonObject history) {
            return history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
        }

        static List<Long> range(long from, long to) {
            var list = new ArrayList<Long>();
            for (long s = from; s <= to; s++) {
                list.add(s);
            }
            return list;
        }

        /** A conversation of 12 messages from both sides; returns seq → the message.created the agent saw. */
        Map<Long, JsonObject> twelveMessages(WsClient visitor, WsClient agent, String conversationId) {
            var ids = new ArrayList<String>();
            for (int i = 0; i < 11; i++) {
                var id = newClientId();
                ids.add(id);
                if (i % 2 == 0) {
                    agent.sendMessage(id, conversationId, "agent says " + i);
                } else {
                    visitor.sendMessage(id, conversationId, "visitor says " + i);
                }
            }
            var created = new TreeMap<Long, JsonObject>();
            created.put(1L, null);
            for (var id : ids) {
                var frame = agent.awaitCreated(id);
                created.put(frame.getLong("seq"), frame);
            }
            return created;
        }

        @Test
        void resume_after_seq_k_returns_exactly_the_messages_after_k_in_order_as_they_were_announced() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "first");
                var created = twelveMessages(visitor, agent, conversationId);
                assertEquals(range(1, 12), List.copyOf(created.keySet()));
                var history = resume(visitor, conversationId, 5);
                assertEquals(conversationId, history.getString("conversationId"));
                assertEquals(range(6, 12), seqs(history));
                assertEquals(12L, history.getLong("lastSeq"));
                assertEquals(true, history.getBoolean("complete"));
                // State fetched fresh equals state announced live.
                for (var m : history.getJsonArray("messages")) {
                    var message = (JsonObject) m;
                    var live = created.get(message.getLong("seq")).copy();
                    live.remove("type");
                    assertEquals(live, message);
                }
            }
        }

        @Test
        void resume_after_zero_returns_everything_and_after_the_last_seq_nothing() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "first");
                twelveMessages(visitor, agent, conversationId);
                var all = resume(visitor, conversationId, 0);
                assertEquals(range(1, 12), seqs(all));
                assertEquals("first", all.getJsonArray("messages").getJsonObject(0).getString("text"));
                var none = resume(visitor, conversationId, 12);
                assertEquals(List.of(), seqs(none));
                assertEquals(12L, none.getLong("lastSeq"));
                assertEquals(true, none.getBoolean("complete"));
            }
        }

        @Test
        void agent_may_resume_any_conversation_of_its_site() {
            var site = node.newSite();
            try (var visitor1 = node.visitor(site); var visitor2 = node.visitor(site); var agent = node.owner(site)) {
                var c1 = startConversation(visitor1, "from one");
                var c2 = startConversation(visitor2, "from two");
                assertEquals("from one", resume(agent, c1, 0).getJsonArray("messages").getJsonObject(0).getString("text"));
                assertEquals("from two", resume(agent, c2, 0).getJsonArray("messages").getJsonObject(0).getString("text"));
            }
        }

        @Test
        void long_history_comes_in_pages_of_500_with_complete_false_until_the_last_page() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "first");
                String last = null;
                for (int i = 0; i < 500; i++) {
                    last = newClientId();
                    agent.sendMessage(last, conversationId, "m" + i);
                }
                assertEquals(501L, agent.await("ack of the 501st message", f -> isType(f, "message.ack")
                        && f.getLong("seq") == 501, Duration.ofSeconds(30)).getLong("seq"));
                var page1 = resume(visitor, conversationId, 0);
                assertEquals(range(1, 500), seqs(page1));
                assertEquals(false, page1.getBoolean("complete"));
                var page2 = resume(visitor, conversationId, 500);
                assertEquals(List.of(501L), seqs(page2));
                assertEquals(true, page2.getBoolean("complete"));
                assertEquals(last, page2.getJsonArray("messages").getJsonObject(0).getString("clientId"));
            }
        }

        @Test
        void visitor_cannot_resume_or_write_into_another_visitors_conversation() {
            var site = node.newSite();
            try (var owner = node.visitor(site); var other = node.visitor(site)) {
                var conversationId = startConversation(owner, "private");
                other.send(new JsonObject().put("type", "conversation.resume").put("conversationId", conversationId).put("afterSeq", 0));
                other.awaitError("not_found");
                var intrusion = newClientId();
                other.sendMessage(intrusion, conversationId, "let me in");
                assertEquals(intrusion, other.awaitError("not_found").getString("ref"));
                other.send(new JsonObject().put("type", "typing.set").put("conversationId", conversationId).put("typing", true));
                other.assertServed();
                owner.assertServed();
                assertEquals(0, other.count(f -> isType(f, "conversation.history") || isType(f, "message.created")));
                assertEquals(0, owner.count(f -> isType(f, "typing.changed")), "the other visitor's typing never reaches the owner");
                assertEquals(0, node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ? AND client_id = ?", site.id(), intrusion));
            }
        }

        @Test
        void resume_of_an_unknown_conversation_is_not_found() {
            var site = node.newSite();
            try (var visitor = node.visitor(site); var agent = node.owner(site)) {
                for (var client : new WsClient[] {visitor, agent}) {
                    client.send(new JsonObject().put("type", "conversation.resume").put("conversationId", "c_nope").put("afterSeq", 0));
                    client.awaitError("not_found");
                    client.assertServed();
                }
                assertTrue(visitor.history().stream().noneMatch(f -> isType(f, "conversation.history")));
            }
        }
    }
}
