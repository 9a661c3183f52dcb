package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.account.AccountStore;
import dev.parley.account.Site;
import dev.parley.store.BatchingWriter;
import dev.parley.store.Database;
import dev.parley.testing.Backend;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.Writes;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Conversations and messages as stored: order, paging, client-id uniqueness and scoping by site, on both backends. */
class ChatStoreTest {

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

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {
        private final Backend backend;
        TestDatabase test;
        Database db;
        BatchingWriter writer;
        ChatStore chats;
        AccountStore accounts;
        private int n;

        Contract(Backend backend) {
            this.backend = backend;
        }

        @BeforeAll
        void open() {
            test = backend.create();
            db = Database.open(test.url());
            writer = new BatchingWriter(db, 10_000);
            chats = new ChatStore(db);
            accounts = new AccountStore(db);
        }

        @AfterAll
        void close() {
            writer.flush(10_000);
            db.close();
            test.close();
        }

        Site site() throws Exception {
            return accounts.createSite("Site " + (++n), List.of());
        }

        String conversation(Site site, String visitorId) {
            var id = "c_" + site.id() + "_" + (++n);
            Writes.commit(writer, ChatStore.insertConversation(site.id(), id, visitorId, 1000 + n));
            return id;
        }

        Message message(String conversationId, long seq, String clientId, String author, String text) {
            return new Message(conversationId, seq, clientId, Message.VISITOR, author, "Visitor", text, 5000 + seq);
        }

        @Test
        void combined_append_numbers_each_conversation_consecutively_across_sites() throws Exception {
            var a = site();
            var b = site();
            var a1 = conversation(a, "v_1");
            var b1 = conversation(b, "v_2");
            Writes.commit(writer, ChatStore.insertMessage(a.id(), message(a1, 1, "first", "v_1", "already there")));
            var drafts = List.of(
                    new ChatStore.Draft(a.id(), message(a1, 0, "x1", "v_1", "a one")),
                    new ChatStore.Draft(b.id(), message(b1, 0, "y1", "v_2", "b one")),
                    new ChatStore.Draft(a.id(), message(a1, 0, "x2", "v_1", "a two")),
                    new ChatStore.Draft(b.id(), message(b1, 0, "y2", "v_2", "b two")));
            List<Message> stored;
            try (var c = db.connection()) {
                c.setAutoCommit(false);
                stored = ChatStore.appendMessages(c, drafts);
                c.commit();
            }
            assertEquals(List.of(2L, 1L, 3L, 2L), stored.stream().map(Message::seq).toList());
            assertEquals(List.of("already there", "a one", "a two"), chats.messagesAfter(a.id(), a1, 0, 10).stream().map(Message::text).toList());
            assertEquals(List.of("b one", "b two"), chats.messagesAfter(b.id(), b1, 0, 10).stream().map(Message::text).toList());
            assertTrue(chats.messagesAfter(b.id(), a1, 0, 10).isEmpty(), "scoped by site");

            try (var c = db.connection()) {
                c.setAutoCommit(false);
                var missing = List.of(new ChatStore.Draft(a.id(), message("c_nowhere", 0, "z", "v_1", "lost?")));
                assertThrows(java.sql.SQLException.class, () -> ChatStore.appendMessages(c, missing));
                c.rollback();
            }
        }

        @Test
        void a_full_batch_in_as_many_conversations_appends_on_a_small_stack() throws Exception {
            // ./parley runs with -Xss512k. An append whose SQL recursed per conversation overflowed such a stack from
            // about 350 conversations on SQLite (a native overflow kills the JVM) and was refused past 500.
            for (int size : List.of(400, BatchingWriter.MAX_BATCH)) {
                var site = site();
                var drafts = new java.util.ArrayList<ChatStore.Draft>();
                for (int i = 0; i < size; i++) {
                    drafts.add(new ChatStore.Draft(site.id(), message(conversation(site, "v_" + i), 0, "full-" + i, "v_" + i, "hello " + i)));
                }
                var result = new java.util.concurrent.CompletableFuture<List<Message>>();
                new Thread(null, () -> {
                    try (var c = db.connection()) {
                        c.setAutoCommit(false);
                        var appended = ChatStore.appendMessages(c, drafts);
                        c.commit();
                        result.complete(appended);
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                }, "small-stack-append", 512 * 1024).start();
                var stored = result.get(60, TimeUnit.SECONDS);
                assertEquals(size, stored.size());
                assertTrue(stored.stream().allMatch(m -> m.seq() == 1), "each conversation's first message is seq 1");
                var last = drafts.get(size - 1).message();
                assertEquals(List.of("hello " + (size - 1)),
                        chats.messagesAfter(site.id(), last.conversationId(), 0, 10).stream().map(Message::text).toList());
            }
        }

        @Test
        void messages_after_a_seq_come_in_seq_order_with_every_field() throws Exception {
            var site = site();
            var c = conversation(site, "v_1");
            for (long seq : new long[] {3, 1, 2, 4}) {
                Writes.commit(writer, ChatStore.insertMessage(site.id(), message(c, seq, "k" + seq, "v_1", "text " + seq)));
            }
            var after1 = chats.messagesAfter(site.id(), c, 1, 100);
            assertEquals(List.of(2L, 3L, 4L), after1.stream().map(Message::seq).toList());
            assertEquals(message(c, 2, "k2", "v_1", "text 2"), after1.get(0));
            assertEquals(List.of(1L, 2L), chats.messagesAfter(site.id(), c, 0, 2).stream().map(Message::seq).toList());
            assertEquals(4, test.number("SELECT last_seq FROM conversation WHERE site_id = ? AND id = ?", site.id(), c));
        }

        @Test
        void another_sites_id_reads_nothing_of_a_conversation() throws Exception {
            var a = site();
            var b = site();
            var c = conversation(a, "v_a");
            Writes.commit(writer, ChatStore.insertMessage(a.id(), message(c, 1, "k1", "v_a", "secret of A")));
            assertEquals(1, chats.messagesAfter(a.id(), c, 0, 100).size());
            assertEquals(List.of(), chats.messagesAfter(b.id(), c, 0, 100));
            assertEquals(java.util.Map.of(), chats.recentClientIds(b.id(), c, 100));
            assertTrue(chats.openConversations(b.id(), 100).isEmpty());
        }

        @Test
        void a_client_id_is_stored_once_per_author_and_conversation() throws Exception {
            var site = site();
            var c = conversation(site, "v_1");
            Writes.commit(writer, ChatStore.insertMessage(site.id(), message(c, 1, "same", "v_1", "first")));
            var duplicate = Writes.submit(writer, ChatStore.insertMessage(site.id(), message(c, 2, "same", "v_1", "again")));
            assertThrows(ExecutionException.class, () -> duplicate.get(10, TimeUnit.SECONDS));
            // Another author may use the same client id.
            Writes.commit(writer, ChatStore.insertMessage(site.id(), message(c, 2, "same", "a_agent", "agent")));
            assertEquals(2, test.number("SELECT COUNT(*) FROM message WHERE site_id = ? AND conversation_id = ?", site.id(), c));
            assertEquals(2, test.number("SELECT last_seq FROM conversation WHERE site_id = ? AND id = ?", site.id(), c));
        }

        @Test
        void recent_client_ids_map_author_and_client_id_to_seq_and_time_oldest_first() throws Exception {
            var site = site();
            var c = conversation(site, "v_1");
            for (long seq = 1; seq <= 5; seq++) {
                Writes.commit(writer, ChatStore.insertMessage(site.id(), message(c, seq, "k" + seq, "v_1", "t")));
            }
            var recent = chats.recentClientIds(site.id(), c, 3);
            assertEquals(List.of("v_1 k3", "v_1 k4", "v_1 k5"), List.copyOf(recent.keySet()));
            assertEquals(new ChatStore.StoredAck(5, 5005), recent.get("v_1 k5"), "seq and stored time of the original");
        }

        @Test
        void open_conversations_show_the_exact_time_of_their_last_message_and_come_newest_first() throws Exception {
            var site = site();
            var older = conversation(site, "v_1");
            var newer = conversation(site, "v_2");
            long start = 1_000_000;
            append(site, newer, "n1", start);
            append(site, older, "o1", start + 1);
            // Less than a step later: the stored column may stay behind, the time shown must not.
            append(site, older, "o2", start + 20_000);
            // More than a step after everything: newer becomes the most recent conversation.
            append(site, newer, "n2", start + 3 * ChatStore.UPDATED_AT_STEP_MILLIS);
            var rows = chats.openConversations(site.id(), 10);
            assertEquals(List.of(newer, older), rows.stream().map(ConversationRow::id).toList());
            assertEquals(start + 3 * ChatStore.UPDATED_AT_STEP_MILLIS, rows.get(0).updatedAt());
            assertEquals(start + 20_000, rows.get(1).updatedAt());
            assertEquals(start + 20_000, rows.get(1).lastAt());
        }

        @Test
        void the_newest_open_conversations_are_picked_by_their_last_message_even_within_a_step() throws Exception {
            var site = site();
            long start = 2_000_000;
            var active = "c_active_" + site.id();
            var quiet = "c_quiet_" + site.id();
            Writes.commit(writer, ChatStore.insertConversation(site.id(), active, "v_1", start));
            Writes.commit(writer, ChatStore.insertConversation(site.id(), quiet, "v_2", start + 1_000));
            // Less than a step after both were opened: the stored column of the active one stays at its opening.
            append(site, active, "a1", start + ChatStore.UPDATED_AT_STEP_MILLIS - 1_000);
            assertEquals(List.of(active), chats.openConversations(site.id(), 1).stream().map(ConversationRow::id).toList());
            assertEquals(List.of(active, quiet), chats.openConversations(site.id(), 10).stream().map(ConversationRow::id).toList());
        }

        /** The first message of each conversation goes alone, later ones two at a time in the combined form. */
        private void append(Site site, String conversationId, String clientId, long at) throws Exception {
            try (var c = db.connection()) {
                c.setAutoCommit(false);
                var draft = new Message(conversationId, 0, clientId, Message.VISITOR, "v", "Visitor", clientId, at);
                if (clientId.endsWith("1")) {
                    ChatStore.appendMessage(c, site.id(), draft);
                } else {
                    ChatStore.appendMessages(c, List.of(new ChatStore.Draft(site.id(), draft), new ChatStore.Draft(site.id(),
                            new Message(conversationId, 0, clientId + "b", Message.VISITOR, "v", "Visitor", clientId, at))));
                }
                c.commit();
            }
        }

        @Test
        void open_conversations_carry_last_message_and_unread_visitor_messages() throws Exception {
            var site = site();
            var c = conversation(site, "v_1");
            Writes.commit(writer, ChatStore.insertMessage(site.id(), message(c, 1, "k1", "v_1", "one")));
            Writes.commit(writer, ChatStore.insertMessage(site.id(), message(c, 2, "k2", "v_1", "two")));
            Writes.commit(writer, ChatStore.insertMessage(site.id(),
                    new Message(c, 3, "k3", Message.AGENT, "a_1", "Ann", "reply 😀", 9000)));
            Writes.commit(writer, ChatStore.updateAgentReadSeq(site.id(), c, 1));
            var rows = chats.openConversations(site.id(), 10);
            assertEquals(1, rows.size());
            var row = rows.get(0);
            assertEquals(c, row.id());
            assertEquals(3, row.lastSeq());
            assertEquals(1, row.agentReadSeq());
            assertEquals(1, row.unread(), "visitor message 2 is unread; agent message 3 does not count");
            assertEquals("reply 😀", row.lastText());
            assertEquals(Message.AGENT, row.lastAuthorType());
        }
    }
}
