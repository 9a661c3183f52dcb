package dev.parley.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Http;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;

/** Shared steps of the offline tests: set offline settings, leave a message as a visitor, list as an agent. */
final class OfflineFixture {
    private OfflineFixture() {
    }

    static Http.Response putOffline(TestNode node, TestSite site, JsonObject body) {
        return node.http().put("/api/site/offline", body.encode(), Http.bearer(site.ownerToken()));
    }

    static void notifyTo(TestNode node, TestSite site, String address) {
        var r = putOffline(node, site, new JsonObject().put("notificationEmail", address));
        assertEquals(200, r.status(), r.body());
    }

    static JsonObject leaveBody(TestSite site, String token, String clientId, String name, String email, String phone, String text) {
        return new JsonObject().put("site", site.key()).put("token", token).put("clientId", clientId)
                .put("name", name).put("email", email).put("phone", phone).put("text", text);
    }

    static Http.Response leave(TestNode node, JsonObject body) {
        return node.http().post("/api/leave-message", body.encode());
    }

    /** A new visitor of the site leaves a message; returns the answer. */
    static Http.Response leaveAsNewVisitor(TestNode node, TestSite site, String name, String email, String phone, String text) {
        try (var visitor = node.visitor(site)) {
            return leave(node, leaveBody(site, TestNode.token(visitor), UUID.randomUUID().toString(), name, email, phone, text));
        }
    }

    static JsonObject list(TestNode node, String agentToken, String status) {
        var r = node.http().get("/api/left-messages?status=" + status, Http.bearer(agentToken));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
