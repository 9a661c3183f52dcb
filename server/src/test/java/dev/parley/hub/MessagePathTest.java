package dev.parley.hub;

import static dev.parley.testing.TestNode.startConversation;
import static dev.parley.testing.TestNode.token;
import static dev.parley.testing.TestNode.visitorId;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.NodeContract;
import dev.parley.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The message path end to end: a frame in, a committed row, an ack to the sender and {@code message.created} to every
 * participant — on SQLite and on PostgreSQL.
 */
class MessagePathTest {

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
        void visitor_first_message_is_acked_with_seq_1_only_once_it_is_committed() {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                var clientId = newClientId();
                long before = System.currentTimeMillis();
                visitor.sendMessage(clientId, null, "Hello, is anyone there?");
                var ack = visitor.awaitAck(clientId);
                // Read the database the moment the ack is in: the row must already be committed.
                var rows = node.db().rows("SELECT conversation_id, seq, author_type, author_id, body, created_at FROM message "
                        + "WHERE site_id = ? AND client_id = ?", site.id(), clientId);
                assertEquals(1, rows.size(), "rows at ack time: " + rows);
                var row = rows.get(0);
                var conversationId = ack.getString("conversationId");
                assertTrue(conversationId.startsWith("c_"), ack.encode());
                assertEquals(1L, ack.getLong("seq"));
                assertEquals(conversationId, row.get(0));
                assertEquals(1L, ((Number) row.get(1)).longValue());
                assertEquals("visitor", row.get(2));
                assertEquals(visitorId(visitor), row.get(3));
                assertEquals("Hello, is anyone there?", row.get(4));
                assertEquals(ack.getLong("at"), ((Number) row.get(5)).longValue(), "ack 'at' is the stored server time");
                assertTrue(ack.getLong("at") >= before && ack.getLong("at") <= System.currentTimeMillis(), ack.encode());
                assertEquals(visitorId(visitor), node.db().string(
                        "SELECT visitor_id FROM conversation WHERE site_id = ? AND id = ?", site.id(), conversationId));
            }
        }

        @Test
        void no_ack_goes_out_while_the_commit_is_held_back_and_exactly_one_after_it() throws Exception {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "first");
                var clientId = newClientId();
                try (var lock = node.db().connect()) {
                    lock.setAutoCommit(false);
                    try (var st = lock.createStatement()) {
                        // Blocks the writer's INSERT, not readers.
                        st.execute(backend == Backend.SQLITE ? "INSERT INTO node_setting (name, value) VALUES ('test-lock', 'x')"
                                : "LOCK TABLE message IN EXCLUSIVE MODE");
                    }
                    visitor.sendMessage(clientId, conversationId, "wait for it");
                    visitor.assertNoFrame("ack before the commit", f -> isType(f, "message.ack") && clientId.equals(f.getString("clientId")),
                            Duration.ofMillis(1500));
                    agent.assertNoFrame("message.created before the commit", f -> isType(f, "message.created")
                            && clientId.equals(f.getString("clientId")), Duration.ZERO);
                    assertEquals(0, node.db().number("SELECT COUNT(*) FROM message WHERE client_id = ?", clientId));
                    lock.rollback();
                }
                assertEquals(2L, visitor.awaitAck(clientId).getLong("seq"));
                assertEquals(1, node.db().number("SELECT COUNT(*) FROM message WHERE client_id = ?", clientId));
                agent.awaitCreated(clientId);
                visitor.assertServed();
                assertEquals(1, visitor.count(f -> isType(f, "message.ack") && clientId.equals(f.getString("clientId"))));
            }
        }

        @Test
        void agent_of_the_site_receives_message_created_with_the_same_seq_and_text() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var clientId = newClientId();
                visitor.sendMessage(clientId, null, "Do you ship to Norway?");
                var ack = visitor.awaitAck(clientId);
                var created = agent.awaitCreated(clientId);
                assertEquals(new JsonObject().put("type", "message.created").put("conversationId", ack.getString("conversationId"))
                        .put("seq", 1L).put("clientId", clientId)
                        .put("author", new JsonObject().put("type", "visitor").put("id", visitorId(visitor))
                                .put("name", created.getJsonObject("author").getString("name")))
                        .put("text", "Do you ship to Norway?").put("at", ack.getLong("at")), created);
                assertTrue(created.getJsonObject("author").getString("name").startsWith("Visitor "), created.encode());
                var updated = agent.await("conversation.updated with seq 1", f -> isType(f, "conversation.updated")
                        && f.getJsonObject("conversation").getLong("lastSeq") == 1);
                var conversation = updated.getJsonObject("conversation");
                assertEquals(ack.getString("conversationId"), conversation.getString("id"));
                assertEquals(visitorId(visitor), conversation.getString("visitorId"));
                assertEquals(1, conversation.getInteger("unread"));
                assertEquals("Do you ship to Norway?", conversation.getJsonObject("lastMessage").getString("text"));
                assertEquals("visitor", conversation.getJsonObject("lastMessage").getString("authorType"));
            }
        }

        @Test
        void sender_receives_message_created_for_its_own_message() {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                var clientId = newClientId();
                visitor.sendMessage(clientId, null, "echo");
                var ack = visitor.awaitAck(clientId);
                assertEquals(ack.getLong("seq"), visitor.awaitCreated(clientId).getLong("seq"));
            }
        }

        @Test
        void agent_reply_reaches_the_visitor_with_the_agents_name() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "Hi");
                var reply = newClientId();
                agent.sendMessage(reply, conversationId, "Hello! Yes, we ship to Norway.");
                var ack = agent.awaitAck(reply);
                assertEquals(2L, ack.getLong("seq"));
                assertEquals(conversationId, ack.getString("conversationId"));
                var created = visitor.awaitCreated(reply);
                assertEquals(2L, created.getLong("seq"));
                assertEquals("Hello! Yes, we ship to Norway.", created.getString("text"));
                assertEquals(new JsonObject().put("type", "agent").put("id", site.owner().id()).put("name", site.owner().name()),
                        created.getJsonObject("author"));
                assertEquals(1, node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ? AND client_id = ? AND author_type = 'agent'",
                        site.id(), reply));
            }
        }

        @Test
        void agent_send_without_or_with_an_unknown_conversation_is_not_found_and_stores_nothing() {
            var site = node.newSite();
            try (var agent = node.owner(site)) {
                var noConversation = newClientId();
                agent.sendMessage(noConversation, null, "to whom?");
                assertEquals(noConversation, agent.awaitError("not_found").getString("ref"));
                var unknown = newClientId();
                agent.sendMessage(unknown, "c_doesnotexist", "to whom?");
                assertEquals(unknown, agent.awaitError("not_found").getString("ref"));
                assertEquals(0, node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ?", site.id()));
            }
        }

        @Test
        void seq_is_gap_free_from_1_to_n_across_messages_from_both_sides() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "first");
                int perSide = 30;
                var visitorIds = new ArrayList<String>();
                var agentIds = new ArrayList<String>();
                // Pipelined: nobody waits for an ack before sending the next one.
                for (int i = 0; i < perSide; i++) {
                    var v = newClientId();
                    visitor.sendMessage(v, null, "visitor " + i);
                    visitorIds.add(v);
                    var a = newClientId();
                    agent.sendMessage(a, conversationId, "agent " + i);
                    agentIds.add(a);
                }
                var seqByClientId = new LinkedHashMap<String, Long>();
                for (var id : visitorIds) {
                    var ack = visitor.awaitAck(id);
                    assertEquals(conversationId, ack.getString("conversationId"));
                    seqByClientId.put(id, ack.getLong("seq"));
                }
                for (var id : agentIds) {
                    seqByClientId.put(id, agent.awaitAck(id).getLong("seq"));
                }
                int n = 1 + 2 * perSide;
                var seen = new ArrayList<Long>();
                for (int i = 0; i < n; i++) {
                    var created = visitor.await("message.created #" + (i + 1), f -> isType(f, "message.created"));
                    seen.add(created.getLong("seq"));
                    if (seqByClientId.containsKey(created.getString("clientId"))) {
                        assertEquals(seqByClientId.get(created.getString("clientId")), created.getLong("seq"), created.encode());
                    }
                }
                var expected = new ArrayList<Long>();
                for (long s = 1; s <= n; s++) {
                    expected.add(s);
                }
                assertEquals(expected, seen, "message.created arrives in seq order without gaps");
                var stored = node.db().rows("SELECT seq FROM message WHERE site_id = ? AND conversation_id = ? ORDER BY seq",
                        site.id(), conversationId).stream().map(r -> ((Number) r.get(0)).longValue()).toList();
                assertEquals(expected, stored);
                assertEquals(n, node.db().number("SELECT last_seq FROM conversation WHERE site_id = ? AND id = ?", site.id(), conversationId));
            }
        }

        @Test
        void every_tab_of_a_visitor_receives_every_message() {
            var site = node.newSite();
            try (var agent = node.owner(site); var tab1 = node.visitor(site); var tab2 = node.visitor(site.key(), token(tab1))) {
                assertEquals(visitorId(tab1), visitorId(tab2));
                var first = newClientId();
                tab1.sendMessage(first, null, "from tab 1");
                var conversationId = tab1.awaitAck(first).getString("conversationId");
                assertEquals("from tab 1", tab2.awaitCreated(first).getString("text"));
                tab1.awaitCreated(first);

                var reply = newClientId();
                agent.sendMessage(reply, conversationId, "to both tabs");
                assertEquals(2L, tab1.awaitCreated(reply).getLong("seq"));
                assertEquals(2L, tab2.awaitCreated(reply).getLong("seq"));

                var second = newClientId();
                tab2.sendMessage(second, null, "from tab 2");
                var ack = tab2.awaitAck(second);
                assertEquals(conversationId, ack.getString("conversationId"), "the other tab continues the same conversation");
                assertEquals(3L, tab1.awaitCreated(second).getLong("seq"));
                assertEquals(3L, agent.awaitCreated(second).getLong("seq"));
            }
        }

        @Test
        void unicode_text_round_trips_byte_exact_through_the_database_and_history() {
            var texts = List.of("hello 你好 😀", "👨‍👩‍👧‍👦", "𠀀", "mixed 𠀀👨‍👩‍👧‍👦 e\u0301 🇳🇴 \u200b end");
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var ids = new ArrayList<String>();
                for (var text : texts) {
                    var id = newClientId();
                    ids.add(id);
                    visitor.sendMessage(id, null, text);
                }
                String conversationId = null;
                for (int i = 0; i < texts.size(); i++) {
                    conversationId = visitor.awaitAck(ids.get(i)).getString("conversationId");
                    assertEquals(texts.get(i), agent.awaitCreated(ids.get(i)).getString("text"));
                    var hex = node.db().string("SELECT " + node.db().utf8HexOf("body") + " FROM message WHERE site_id = ? AND client_id = ?",
                            site.id(), ids.get(i));
                    assertEquals(HexFormat.of().withUpperCase().formatHex(texts.get(i).getBytes(StandardCharsets.UTF_8)), hex,
                            "stored UTF-8 of " + texts.get(i));
                }
                visitor.send(new JsonObject().put("type", "conversation.resume").put("conversationId", conversationId).put("afterSeq", 0));
                var history = visitor.awaitType("conversation.history").getJsonArray("messages");
                var historyTexts = history.stream().map(m -> ((JsonObject) m).getString("text")).toList();
                assertEquals(texts, historyTexts);
            }
        }

        @Test
        void nul_and_lone_surrogates_are_stored_as_replacement_characters() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var clientId = newClientId();
                visitor.sendRaw("{\"type\":\"message.send\",\"clientId\":\"" + clientId + "\",\"text\":\"a\\u0000b\\ud800c 😀\"}");
                visitor.awaitAck(clientId);
                assertEquals("a\uFFFDb\uFFFDc 😀", agent.awaitCreated(clientId).getString("text"));
                assertEquals("a\uFFFDb\uFFFDc 😀", node.db().string("SELECT body FROM message WHERE site_id = ? AND client_id = ?",
                        site.id(), clientId));
            }
        }

        @Test
        void reconnecting_visitor_is_welcomed_with_its_open_conversation_and_last_seq() {
            var site = node.newSite();
            String token;
            String conversationId;
            try (var visitor = node.visitor(site)) {
                token = token(visitor);
                conversationId = startConversation(visitor, "one");
                var two = newClientId();
                visitor.sendMessage(two, null, "two");
                visitor.awaitAck(two);
            }
            try (var again = node.visitor(site.key(), token)) {
                assertEquals(new JsonObject().put("id", conversationId).put("lastSeq", 2L), again.welcome.getJsonObject("conversation"));
            }
        }

        @Test
        void typing_reaches_the_other_side_and_the_authors_message_clears_it() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site); var bystander = node.visitor(site)) {
                var conversationId = startConversation(visitor, "hi");
                visitor.send(new JsonObject().put("type", "typing.set").put("conversationId", conversationId).put("typing", true));
                var typing = agent.await("visitor typing", f -> isType(f, "typing.changed") && f.getBoolean("typing"));
                assertEquals(conversationId, typing.getString("conversationId"));
                assertEquals("visitor", typing.getJsonObject("author").getString("type"));
                var message = newClientId();
                visitor.sendMessage(message, null, "question");
                agent.await("visitor stopped typing", f -> isType(f, "typing.changed") && !f.getBoolean("typing"));
                agent.awaitCreated(message);

                agent.send(new JsonObject().put("type", "typing.set").put("conversationId", conversationId).put("typing", true));
                var agentTyping = visitor.await("agent typing", f -> isType(f, "typing.changed") && f.getBoolean("typing"));
                assertEquals(new JsonObject().put("type", "agent").put("id", site.owner().id()).put("name", site.owner().name()),
                        agentTyping.getJsonObject("author"));
                visitor.assertServed();
                assertEquals(0, visitor.count(f -> isType(f, "typing.changed") && "visitor".equals(f.getJsonObject("author").getString("type"))),
                        "nobody is told about their own typing");
                bystander.assertServed();
                assertEquals(0, bystander.count(f -> isType(f, "typing.changed")), "another visitor of the site is told nothing");
            }
        }

        @Test
        void agent_marking_read_clears_unread_for_every_agent_and_survives_a_new_console() {
            var site = node.newSite();
            var colleague = node.addAgent(site, dev.parley.account.Agent.AGENT);
            try (var agent = node.owner(site); var other = node.agent(colleague.token()); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "one");
                var two = newClientId();
                visitor.sendMessage(two, null, "two");
                other.awaitCreated(two);
                agent.send(new JsonObject().put("type", "conversation.read").put("conversationId", conversationId).put("seq", 2));
                other.await("conversation.updated with unread 0", f -> isType(f, "conversation.updated")
                        && f.getJsonObject("conversation").getInteger("unread") == 0);
                visitor.send(new JsonObject().put("type", "conversation.read").put("conversationId", conversationId).put("seq", 2));
                visitor.awaitError("forbidden");
                try (var fresh = node.owner(site)) {
                    var listed = fresh.welcome.getJsonArray("conversations").getJsonObject(0);
                    assertEquals(conversationId, listed.getString("id"));
                    assertEquals(0, listed.getInteger("unread"));
                    assertEquals(2L, listed.getLong("lastSeq"));
                }
            }
        }

        @Test
        void new_conversation_is_announced_to_agents_with_the_visitor() {
            var site = node.newSite();
            try (var agent = node.owner(site); var visitor = node.visitor(site)) {
                var conversationId = startConversation(visitor, "hi");
                var updated = agent.await("visitor.updated with conversation", f -> isType(f, "visitor.updated")
                        && conversationId.equals(f.getJsonObject("visitor").getString("conversationId")));
                assertEquals(visitorId(visitor), updated.getJsonObject("visitor").getString("id"));
                assertFalse(agent.history().stream().anyMatch(f -> isType(f, "error")), agent.history().toString());
            }
        }
    }

}
