package dev.parley.http;

import static dev.parley.testing.Http.bearer;
import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.account.Agent;
import dev.parley.testing.Backend;
import dev.parley.testing.Http;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestSite;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agent sign-in and the owner's settings API. Logins here stay under the per-address limit (20 a minute): the other
 * tests use sessions made directly in the store.
 */
class AgentApiTest {
    static TestNode node;
    static Http http;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
        http = node.http();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Http.Response login(String email, String password) {
        return http.post("/api/agent/login", new JsonObject().put("email", email).put("password", password).encode());
    }

    static void assertError(Http.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.header("content-type").startsWith("application/json"), response.header("content-type"));
        assertEquals(code, response.json().getString("error"), response.body());
        assertTrue(response.json().getString("message") != null && !response.json().getString("message").isBlank(), response.body());
    }

    static Http.Response putSettings(TestSite site, JsonObject body) {
        return http.put("/api/site/settings", body.encode(), bearer(site.ownerToken()));
    }

    // ---- login -------------------------------------------------------------------------------------------

    @Test
    void login_with_the_right_password_returns_a_session_token_the_agent_and_the_site() {
        var site = node.newSite();
        var response = login(site.ownerEmail().toUpperCase(), site.ownerPassword());
        assertEquals(200, response.status(), response.body());
        var body = response.json();
        assertEquals(new JsonObject().put("id", site.owner().id()).put("email", site.ownerEmail()).put("name", site.owner().name())
                .put("role", "owner"), body.getJsonObject("agent"));
        assertEquals(new JsonObject().put("id", site.id()).put("key", site.key()).put("name", site.site().name()), body.getJsonObject("site"));
        var token = body.getString("token");
        assertEquals(200, http.get("/api/site/settings", bearer(token)).status());
        try (var agent = node.agent(token)) {
            assertEquals(site.id(), agent.welcome.getJsonObject("site").getString("id"));
        }
    }

    @Test
    void wrong_password_and_unknown_email_get_the_same_401_answer() {
        var site = node.newSite();
        var wrongPassword = login(site.ownerEmail(), "not-the-password");
        var unknownEmail = login("nobody-" + site.key() + "@test.example", "not-the-password");
        assertError(wrongPassword, 401, "invalid_credentials");
        assertEquals(wrongPassword.status(), unknownEmail.status());
        assertEquals(wrongPassword.body(), unknownEmail.body());
    }

    @Test
    void five_failed_logins_lock_the_account_even_for_the_right_password() {
        var site = node.newSite();
        for (int i = 1; i <= AgentApi.MAX_FAILED_LOGINS; i++) {
            assertError(login(site.ownerEmail(), "guess-" + i), 401, "invalid_credentials");
        }
        var locked = login(site.ownerEmail(), site.ownerPassword());
        assertError(locked, 429, "locked");
        long retryAfter = locked.json().getLong("retryAfterSeconds", -1L);
        assertTrue(retryAfter > 0 && retryAfter <= AgentApi.LOCKOUT.toSeconds(), locked.body());
        assertTrue(node.db().number("SELECT locked_until FROM agent WHERE email = ?", site.ownerEmail()) > System.currentTimeMillis());
    }

    @Test
    void login_with_a_missing_field_or_invalid_json_is_400_json() {
        assertError(http.post("/api/agent/login", new JsonObject().put("email", "a@test.example").encode()), 400, "bad_request");
        assertError(http.post("/api/agent/login", "{\"email\":"), 400, "bad_json");
    }

    @Test
    void logout_ends_the_session() throws Exception {
        var site = node.newSite();
        var token = node.accounts().createSession(site.owner());
        assertEquals(204, http.post("/api/agent/logout", null, bearer(token)).status());
        assertError(http.get("/api/site/settings", bearer(token)), 401, "not_authenticated");
        try (var ws = node.connect(null)) {
            ws.send(WsClient.agentHello(token));
            ws.awaitError("not_authenticated");
        }
        assertEquals(200, http.get("/api/site/settings", bearer(site.ownerToken())).status(), "other sessions live on");
    }

    // ---- who may use the settings API --------------------------------------------------------------------

    @Test
    void settings_routes_without_a_valid_token_are_401() {
        var body = new JsonObject().put("greeting", "hi").encode();
        var agent = new JsonObject().put("email", "new@test.example").put("password", "long-enough-pw").encode();
        for (var auth : List.of(new String[0], bearer("not-a-session"), new String[] {"Authorization", "Basic abc"})) {
            assertError(http.get("/api/site/settings", auth), 401, "not_authenticated");
            assertError(http.put("/api/site/settings", body, auth), 401, "not_authenticated");
            assertError(http.post("/api/site/agents", agent, auth), 401, "not_authenticated");
        }
    }

    @Test
    void settings_routes_are_403_for_an_agent_who_is_not_the_owner() {
        var site = node.newSite();
        var agent = node.addAgent(site, Agent.AGENT);
        assertError(http.get("/api/site/settings", bearer(agent.token())), 403, "forbidden");
        assertError(http.put("/api/site/settings", new JsonObject().put("greeting", "mine now").encode(), bearer(agent.token())), 403, "forbidden");
        assertError(http.post("/api/site/agents", new JsonObject().put("email", "x-" + site.key() + "@test.example")
                .put("password", "long-enough-pw").encode(), bearer(agent.token())), 403, "forbidden");
        assertEquals("", http.get("/api/site/settings", bearer(site.ownerToken())).json().getString("greeting"));
        assertEquals(2, node.db().number("SELECT COUNT(*) FROM agent WHERE site_id = ?", site.id()));
    }

    // ---- settings ----------------------------------------------------------------------------------------

    @Test
    void owner_reads_the_sites_settings_with_its_agents() {
        var site = node.newSite("https://shop.example");
        var colleague = node.addAgent(site, Agent.AGENT);
        var response = http.get("/api/site/settings", bearer(site.ownerToken()));
        assertEquals(200, response.status(), response.body());
        var body = response.json();
        assertEquals(site.site().name(), body.getString("name"));
        assertEquals("", body.getString("greeting"));
        assertEquals("#2563eb", body.getString("color"));
        assertEquals(new JsonArray().add("https://shop.example"), body.getJsonArray("allowedOrigins"));
        var agents = body.getJsonArray("agents");
        assertEquals(List.of(site.owner().id(), colleague.id()), agents.stream().map(a -> ((JsonObject) a).getString("id")).toList());
        assertEquals(new JsonObject().put("id", colleague.id()).put("email", colleague.email()).put("name", colleague.agent().name())
                .put("role", "agent"), agents.getJsonObject(1));
    }

    @Test
    void owner_changes_settings_live_and_reads_back_what_was_stored() {
        var site = node.newSite();
        try (var visitor = node.visitor(site)) {
            var response = putSettings(site, new JsonObject().put("greeting", "Hej! 👋").put("color", "#FF8800")
                    .put("allowedOrigins", new JsonArray().add("HTTPS://Shop.Example/").add("https://shop.example").add("http://localhost:3000")));
            assertEquals(200, response.status(), response.body());
            var body = response.json();
            assertEquals("Hej! 👋", body.getString("greeting"));
            assertEquals("#FF8800", body.getString("color"));
            assertEquals(new JsonArray().add("https://shop.example").add("http://localhost:3000"), body.getJsonArray("allowedOrigins"),
                    "normalized and without duplicates");
            assertEquals(body, http.get("/api/site/settings", bearer(site.ownerToken())).json(), "state fetched fresh equals the answer");
            var updated = visitor.await("site.updated", f -> isType(f, "site.updated"));
            assertEquals("Hej! 👋", updated.getJsonObject("site").getString("greeting"));
            assertEquals("#FF8800", updated.getJsonObject("site").getString("color"));
        }
        try (var next = node.visitor(site)) {
            assertEquals("Hej! 👋", next.welcome.getJsonObject("site").getString("greeting"));
        }
    }

    @Test
    void invalid_colour_is_400_naming_the_colour() {
        var site = node.newSite();
        for (var color : List.of("red", "#12345", "#1234567", "#GGGGGG", "javascript:x")) {
            var response = putSettings(site, new JsonObject().put("color", color));
            assertError(response, 400, "bad_request");
            assertTrue(response.json().getString("message").contains("color"), response.body());
        }
        assertEquals("#2563eb", http.get("/api/site/settings", bearer(site.ownerToken())).json().getString("color"));
    }

    @Test
    void invalid_origin_is_400_naming_the_origin() {
        var site = node.newSite();
        var response = putSettings(site, new JsonObject().put("allowedOrigins", new JsonArray().add("https://ok.example").add("ftp://files.example")));
        assertError(response, 400, "bad_request");
        assertTrue(response.json().getString("message").contains("ftp://files.example"), response.body());
        var notAList = putSettings(site, new JsonObject().put("allowedOrigins", "https://ok.example"));
        assertError(notAList, 400, "bad_request");
        assertTrue(notAList.json().getString("message").contains("allowedOrigins"), notAList.body());
        assertEquals(new JsonArray(), http.get("/api/site/settings", bearer(site.ownerToken())).json().getJsonArray("allowedOrigins"));
    }

    @Test
    void greeting_over_500_characters_is_400_naming_the_field() {
        var site = node.newSite();
        var response = putSettings(site, new JsonObject().put("greeting", "g".repeat(501)));
        assertError(response, 400, "bad_request");
        assertTrue(response.json().getString("message").contains("greeting"), response.body());
    }

    @Test
    void invalid_json_body_is_400_json() {
        var site = node.newSite();
        for (var body : List.of("{not json", "[1,2]", "\"text\"")) {
            assertError(http.put("/api/site/settings", body, bearer(site.ownerToken())), 400, "bad_json");
        }
    }

    @Test
    void body_over_64_kb_is_413_json() {
        var site = node.newSite();
        var huge = new JsonObject().put("greeting", "g".repeat(70 * 1024)).encode();
        assertError(http.put("/api/site/settings", huge, bearer(site.ownerToken())), 413, "too_large");
        assertError(http.post("/api/agent/login", huge), 413, "too_large");
    }

    // ---- agents ------------------------------------------------------------------------------------------

    @Test
    void owner_adds_an_agent_who_belongs_to_the_site() throws Exception {
        var site = node.newSite();
        var email = "new-agent-" + site.key() + "@test.example";
        var response = http.post("/api/site/agents", new JsonObject().put("email", email).put("password", "agent-password-1")
                .put("name", "  Nina  ").encode(), bearer(site.ownerToken()));
        assertEquals(201, response.status(), response.body());
        var agent = response.json().getJsonObject("agent");
        assertTrue(agent.getString("id").startsWith("a_"), agent.encode());
        assertEquals(new JsonObject().put("id", agent.getString("id")).put("email", email).put("name", "Nina").put("role", "agent"), agent);
        var stored = node.accounts().credentials(email).orElseThrow();
        assertEquals(site.id(), stored.agent().siteId());
        assertTrue(dev.parley.account.Passwords.matches("agent-password-1", stored.passwordHash()));
        var listed = http.get("/api/site/settings", bearer(site.ownerToken())).json().getJsonArray("agents");
        assertTrue(listed.contains(agent), listed.encode());
    }

    @Test
    void adding_an_agent_with_a_registered_email_is_409() {
        var site = node.newSite();
        var other = node.newSite();
        var response = http.post("/api/site/agents", new JsonObject().put("email", other.ownerEmail().toUpperCase())
                .put("password", "agent-password-1").encode(), bearer(site.ownerToken()));
        assertError(response, 409, "email_taken");
    }

    @Test
    void adding_an_agent_with_a_bad_email_or_short_password_is_400_saying_which() {
        var site = node.newSite();
        var badEmail = http.post("/api/site/agents", new JsonObject().put("email", "not-an-email").put("password", "agent-password-1").encode(),
                bearer(site.ownerToken()));
        assertError(badEmail, 400, "bad_request");
        assertTrue(badEmail.json().getString("message").contains("email"), badEmail.body());
        var shortPassword = http.post("/api/site/agents", new JsonObject().put("email", "short-" + site.key() + "@test.example")
                .put("password", "short").encode(), bearer(site.ownerToken()));
        assertError(shortPassword, 400, "bad_request");
        assertTrue(shortPassword.json().getString("message").contains("Password"), shortPassword.body());
        assertEquals(1, node.db().number("SELECT COUNT(*) FROM agent WHERE site_id = ?", site.id()));
    }
}
