package dev.parley.store;

import static dev.parley.testing.TestNode.startConversation;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.TcpProxy;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away under a running node (a TCP proxy between them is cut): senders are told "unavailable" and
 * get no ack, readiness fails, and when the database is back the writer recovers by itself — what it held is
 * committed and acknowledged exactly once, and nothing acknowledged before is lost.
 */
class DatabaseOutageTest {
    static final Duration RECOVERY = Duration.ofSeconds(40);

    TestDatabase db;
    TcpProxy proxy;
    TestNode node;

    @BeforeEach
    void start() {
        db = Backend.POSTGRES.create();
        proxy = new TcpProxy("127.0.0.1", 5432);
        node = TestNode.start(db, false, s -> s.withDbUrl(db.urlThroughPort(proxy.port())));
    }

    @AfterEach
    void stop() {
        try {
            proxy.restore();
            node.close();
        } finally {
            proxy.close();
            db.close();
        }
    }

    static List<JsonAck> acksFor(WsClient client, String clientId) {
        var list = new ArrayList<JsonAck>();
        for (var f : client.history()) {
            if (isType(f, "message.ack") && clientId.equals(f.getString("clientId"))) {
                list.add(new JsonAck(f.getLong("seq"), f.getLong("at")));
            }
        }
        return list;
    }

    record JsonAck(long seq, long at) {
    }

    long rows(String clientId) {
        return db.number("SELECT COUNT(*) FROM message WHERE client_id = ?", clientId);
    }

    static java.util.function.Predicate<io.vertx.core.json.JsonObject> unavailableFor(String clientId) {
        return f -> isType(f, "error") && "unavailable".equals(f.getString("code")) && clientId.equals(f.getString("ref"));
    }

    /**
     * One outage, three senders: a message the writer takes and holds, a new visitor's first message queued behind
     * it, and a message sent once the writer knows the database is gone. The database first hangs (the proxy stalls,
     * so the writer is stuck in its commit yet healthy and the newcomer's message queues behind it), then goes away.
     */
    @Test
    void outage_answers_unavailable_without_ack_and_recovery_commits_what_the_writer_held_exactly_once() {
        var site = node.newSite();
        try (var agent = node.owner(site); var visitor = node.visitor(site)) {
            var conversationId = startConversation(visitor, "before the outage");
            var acked = newClientId();
            visitor.sendMessage(acked, conversationId, "also before");
            visitor.awaitAck(acked);

            try (var newcomer = node.visitor(site)) {
                proxy.stall();
                var held = newClientId();
                visitor.sendMessage(held, conversationId, "sent while the database is away");
                var first = newClientId();
                newcomer.sendMessage(first, null, "a new visitor's first message during the outage");
                // The hub started the newcomer's conversation and handed its message to the writer in the same step.
                agent.await("the newcomer's conversation", f -> isType(f, "conversation.updated")
                        && TestNode.visitorId(newcomer).equals(f.getJsonObject("conversation").getString("visitorId")));
                proxy.cut();

                visitor.await("unavailable for the held message", unavailableFor(held), Duration.ofSeconds(20));
                newcomer.await("unavailable for the message queued behind it", unavailableFor(first), Duration.ofSeconds(20));

                var ready = node.http().get("/ready");
                assertEquals(503, ready.status(), ready.body());
                assertEquals("unavailable", ready.json().getString("status"));

                // While unhealthy the writer takes nothing new: refused at once, never stored.
                var refused = newClientId();
                visitor.sendMessage(refused, conversationId, "refused while the database is away");
                visitor.await("unavailable for the refused message", unavailableFor(refused));
                // The outbox resends the held one; still no ack.
                visitor.sendMessage(held, conversationId, "sent while the database is away");
                visitor.assertServed();
                assertEquals(List.of(), acksFor(visitor, held), "no ack while the database is away");
                assertEquals(List.of(), acksFor(visitor, refused));
                assertEquals(List.of(), acksFor(newcomer, first));

                proxy.restore();

                // The writer recovers by itself and commits what it held.
                var ack = visitor.await("ack of the held message after recovery", f -> isType(f, "message.ack")
                        && held.equals(f.getString("clientId")), RECOVERY);
                assertEquals(3L, ack.getLong("seq"));
                awaitReady(node.http());

                // Clients resend what was not acked: held ones are deduplicated, the refused one is stored now.
                newcomer.sendMessage(first, null, "a new visitor's first message during the outage");
                var newcomerAck = newcomer.awaitAck(first);
                assertEquals(1L, newcomerAck.getLong("seq"));
                visitor.sendMessage(held, conversationId, "sent while the database is away");
                visitor.sendMessage(refused, conversationId, "refused while the database is away");
                assertEquals(4L, visitor.awaitAck(refused).getLong("seq"));
                agent.awaitCreated(refused);
                agent.awaitCreated(first);

                assertEquals(1, rows(held));
                assertEquals(1, rows(refused));
                assertEquals(1, rows(first));
                assertTrue(acksFor(newcomer, first).stream().allMatch(a -> a.seq() == 1), acksFor(newcomer, first).toString());
                assertEquals(newcomerAck.getString("conversationId"), db.string("SELECT conversation_id FROM message WHERE client_id = ?", first));
                assertTrue(acksFor(visitor, held).stream().allMatch(a -> a.seq() == 3), acksFor(visitor, held).toString());
                assertEquals(1, agent.count(f -> isType(f, "message.created") && held.equals(f.getString("clientId"))));
                assertEquals(List.of(1L, 2L, 3L, 4L), db.rows("SELECT seq FROM message WHERE site_id = ? AND conversation_id = ? ORDER BY seq",
                        site.id(), conversationId).stream().map(r -> ((Number) r.get(0)).longValue()).toList(), "acked before, nothing lost");
            }
        }
    }

    /** Polls /ready (each answer takes up to the pool's 3 s timeout) until it is 200. */
    static void awaitReady(Http http) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        Http.Response last;
        do {
            last = http.get("/ready");
            if (last.status() == 200) {
                return;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not ready again within " + RECOVERY.toSeconds() + " s: " + last);
    }
}
