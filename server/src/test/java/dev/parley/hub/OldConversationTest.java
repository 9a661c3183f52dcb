package dev.parley.hub;

import static dev.parley.testing.TestNode.token;
import static dev.parley.testing.WsClient.isType;
import static dev.parley.testing.WsClient.newClientId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A hub loads only the newest conversations at start; an older one must still be there for its visitor and the
 * site's agents after a restart — found by adversarial testing, where it came back as not_found.
 */
class OldConversationTest {

    @Test
    void a_conversation_older_than_the_loaded_window_survives_a_restart() throws Exception {
        try (var node = TestNode.start(Backend.SQLITE)) {
            var site = node.newSite();
            String visitorToken;
            String conversationId;
            try (var visitor = node.visitor(site)) {
                conversationId = TestNode.startConversation(visitor, "my old question");
                visitorToken = token(visitor);
            }
            // Many newer conversations push the old one out of the window loaded at start.
            try (var c = node.db().connect(); var st = c.prepareStatement(
                    "INSERT INTO conversation (site_id, id, visitor_id, status, last_seq, agent_read_seq, created_at, updated_at) VALUES (?,?,?,'open',0,0,?,?)")) {
                long later = System.currentTimeMillis() + 60_000;
                for (int i = 0; i < SiteHub.LOADED_CONVERSATIONS + 10; i++) {
                    st.setString(1, site.id());
                    st.setString(2, "c_newer" + i);
                    st.setString(3, "v_other" + i);
                    st.setLong(4, later + i);
                    st.setLong(5, later + i);
                    st.addBatch();
                }
                st.executeBatch();
            }
            node.restart();

            try (var visitor = node.visitor(site.key(), visitorToken)) {
                assertEquals(conversationId, visitor.welcome.getJsonObject("conversation").getString("id"));
                var id = newClientId();
                visitor.sendMessage(id, null, "still me");
                var ack = visitor.awaitAck(id);
                assertEquals(conversationId, ack.getString("conversationId"));
                assertEquals(2L, ack.getLong("seq"));
            }
            try (var agent = node.owner(site)) {
                agent.send(new JsonObject().put("type", "conversation.resume").put("conversationId", conversationId).put("afterSeq", 0));
                var history = agent.await("history", f -> isType(f, "conversation.history"));
                assertEquals(2, history.getJsonArray("messages").size());
                var reply = newClientId();
                agent.sendMessage(reply, conversationId, "we remember you");
                assertEquals(3L, agent.awaitAck(reply).getLong("seq"));
            }
        }
    }
}
