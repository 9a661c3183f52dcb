package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.config.Settings;
import dev.parley.store.DatabaseUnavailableException;
import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping a node: fail fast with an operator's message, and a graceful stop that says "going away". */
class ParleyNodeTest {

    @Test
    void stop_closes_every_open_websocket_with_1001_going_away() {
        var node = TestNode.start(Backend.SQLITE);
        try {
            var site = node.newSite();
            var visitor = node.visitor(site);
            var agent = node.owner(site);
            var notYetHello = node.connect(null);
            node.node().stop();
            assertEquals(1001, visitor.awaitClose());
            assertEquals(1001, agent.awaitClose());
            assertEquals(1001, notYetHello.awaitClose());
        } finally {
            node.close();
        }
    }

    @Test
    void a_stopping_node_tells_visitors_nothing_about_agents_and_agents_nothing_about_visitors_leaving() {
        var node = TestNode.start(Backend.SQLITE);
        try {
            var site = node.newSite();
            var agent = node.owner(site);
            var visitor = node.visitor(site);
            assertTrue(visitor.welcome.getBoolean("agentsOnline"), "the owner's console is connected");
            node.node().stop();
            assertEquals(1001, visitor.awaitClose());
            assertEquals(1001, agent.awaitClose());
            // The page would show "nobody is available" and its leave-a-message form while it reconnects.
            assertEquals(0, visitor.count(f -> WsClient.isType(f, "agents.status") && !f.getBoolean("online")),
                    "offline status sent to the visitor while stopping: " + visitor.history());
            assertEquals(0, agent.count(f -> WsClient.isType(f, "visitor.left")), "visitor.left sent to the agent while stopping");
        } finally {
            node.close();
        }
    }

    @Test
    void stop_lets_the_writer_commit_what_it_holds_before_the_database_closes() {
        var node = TestNode.start(Backend.SQLITE);
        try {
            var site = node.newSite();
            try (var visitor = node.visitor(site)) {
                var conversationId = TestNode.startConversation(visitor, "first");
                for (int i = 0; i < 9; i++) {
                    visitor.sendMessage(WsClient.newClientId(), conversationId, "in flight " + i);
                }
                node.node().stop();
                // Every message the node accepted before stopping is stored; acked ones certainly.
                long acked = visitor.count(f -> WsClient.isType(f, "message.ack"));
                long stored = node.db().number("SELECT COUNT(*) FROM message WHERE site_id = ?", site.id());
                assertTrue(stored >= acked, "stored " + stored + " < acked " + acked);
            }
        } finally {
            node.close();
        }
    }

    @Test
    void start_with_an_unreachable_database_fails_fast_naming_the_url_without_its_password(@TempDir Path dir) {
        var url = "jdbc:postgresql://127.0.0.1:1/x?user=parley&password=hunter2";
        long start = System.nanoTime();
        var e = assertThrows(DatabaseUnavailableException.class,
                () -> ParleyNode.start(Settings.defaults(dir).withPort(0).withDbUrl(url)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "failed after " + millis + " ms");
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/x"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void start_on_a_port_in_use_fails_naming_the_port() {
        try (var running = TestNode.start(Backend.SQLITE)) {
            var db = Backend.SQLITE.create();
            try {
                var e = assertThrows(IllegalStateException.class, () -> ParleyNode.start(
                        Settings.defaults(db.dataDir()).withDbUrl(db.url()).withPort(running.port())));
                assertTrue(e.getMessage().contains(String.valueOf(running.port())), e.getMessage());
            } finally {
                db.close();
            }
            running.http().get("/health"); // the running node is unharmed
            assertEquals(200, running.http().get("/health").status());
        }
    }
}
