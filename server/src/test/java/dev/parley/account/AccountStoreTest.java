package dev.parley.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.store.Database;
import dev.parley.testing.Backend;
import dev.parley.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sites, agents, sessions and node settings as stored, on both backends. */
class AccountStoreTest {

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
        AccountStore accounts;
        private int n;

        Contract(Backend backend) {
            this.backend = backend;
        }

        @BeforeAll
        void open() {
            test = backend.create();
            db = Database.open(test.url());
            accounts = new AccountStore(db);
        }

        @AfterAll
        void close() {
            db.close();
            test.close();
        }

        String email() {
            return "person" + (++n) + "@test.example";
        }

        @Test
        void created_site_is_found_by_key_and_by_id_with_its_origins_and_defaults() throws Exception {
            var site = accounts.createSite("Bikes", List.of("https://shop.example", "http://localhost:3000"));
            assertTrue(site.id().startsWith("s_"), site.id());
            assertTrue(site.key().matches("[a-z2-9]{16}"), site.key());
            assertEquals(Optional.of(site), accounts.findSiteByKey(site.key()));
            assertEquals(Optional.of(site), accounts.findSiteById(site.id()));
            assertEquals(List.of("https://shop.example", "http://localhost:3000"), site.allowedOrigins());
            assertEquals("#2563eb", site.color());
            assertTrue(site.enabled());
            assertEquals(Optional.empty(), accounts.findSiteByKey("no-such-key"));
        }

        @Test
        void updated_widget_is_what_is_read_back() throws Exception {
            var site = accounts.createSite("Widget", List.of());
            var updated = site.withWidget("Hello 你好 😀", "#ff0000", List.of("https://a.example"));
            accounts.updateWidget(updated);
            assertEquals(Optional.of(updated), accounts.findSiteById(site.id()));
        }

        @Test
        void an_email_is_registered_once_across_all_sites_whatever_its_case() throws Exception {
            var a = accounts.createSite("A", List.of());
            var b = accounts.createSite("B", List.of());
            var email = email();
            assertTrue(accounts.addAgent(a.id(), email, "password-1", "Ann", Agent.OWNER).isPresent());
            assertEquals(Optional.empty(), accounts.addAgent(b.id(), email.toUpperCase(), "password-2", "Other", Agent.AGENT));
            assertEquals(Optional.empty(), accounts.addAgent(a.id(), " " + email + " ", "password-3", "Again", Agent.AGENT));
            assertEquals(1, test.number("SELECT COUNT(*) FROM agent WHERE email = ?", email));
        }

        @Test
        void passwords_are_stored_as_argon2id_hashes_and_checked() throws Exception {
            var site = accounts.createSite("P", List.of());
            var email = email();
            accounts.addAgent(site.id(), email, "correct horse battery", "Ann", Agent.OWNER).orElseThrow();
            var stored = test.string("SELECT password_hash FROM agent WHERE email = ?", email);
            assertTrue(stored.startsWith("$argon2id$"), stored);
            assertFalse(stored.contains("correct horse"));
            var credentials = accounts.credentials(email.toUpperCase()).orElseThrow();
            assertTrue(Passwords.matches("correct horse battery", credentials.passwordHash()));
            assertFalse(Passwords.matches("correct horse batterY", credentials.passwordHash()));
        }

        @Test
        void login_failures_and_lockout_are_recorded_per_agent() throws Exception {
            var site = accounts.createSite("L", List.of());
            var agent = accounts.addAgent(site.id(), email(), "password-1", "Ann", Agent.AGENT).orElseThrow();
            accounts.recordLoginResult(agent, 3, 12345L);
            var credentials = accounts.credentials(agent.email()).orElseThrow();
            assertEquals(3, credentials.failedLogins());
            assertEquals(12345L, credentials.lockedUntil());
        }

        @Test
        void session_token_resolves_to_its_agent_until_deleted_and_only_its_hash_is_stored() throws Exception {
            var site = accounts.createSite("S", List.of());
            var agent = accounts.addAgent(site.id(), email(), "password-1", "Ann", Agent.AGENT).orElseThrow();
            var token = accounts.createSession(agent);
            assertEquals(Optional.of(agent), accounts.agentForSession(token));
            assertEquals(0, test.number("SELECT COUNT(*) FROM agent_session WHERE token_hash = ?", token));
            assertEquals(1, test.number("SELECT COUNT(*) FROM agent_session WHERE agent_id = ?", agent.id()));
            accounts.deleteSession(token);
            assertEquals(Optional.empty(), accounts.agentForSession(token));
        }

        @Test
        void unknown_empty_or_overlong_session_tokens_resolve_to_nobody() throws Exception {
            assertEquals(Optional.empty(), accounts.agentForSession("no-such-token"));
            assertEquals(Optional.empty(), accounts.agentForSession(""));
            assertEquals(Optional.empty(), accounts.agentForSession(null));
            assertEquals(Optional.empty(), accounts.agentForSession("x".repeat(300)));
        }

        @Test
        void agents_of_a_site_are_only_that_sites_agents_in_creation_order() throws Exception {
            var a = accounts.createSite("A", List.of());
            var b = accounts.createSite("B", List.of());
            var ann = accounts.addAgent(a.id(), email(), "password-1", "Ann", Agent.OWNER).orElseThrow();
            var bob = accounts.addAgent(b.id(), email(), "password-1", "Bob", Agent.OWNER).orElseThrow();
            var amy = accounts.addAgent(a.id(), email(), "password-1", "Amy", Agent.AGENT).orElseThrow();
            assertEquals(List.of(ann, amy), accounts.agentsOf(a.id()));
            assertEquals(List.of(bob), accounts.agentsOf(b.id()));
        }

        @Test
        void node_setting_keeps_the_first_value_written() throws Exception {
            var name = "secret-" + (++n);
            assertEquals("first", accounts.nodeSettingOrInsert(name, "first"));
            assertEquals("first", accounts.nodeSettingOrInsert(name, "second"));
            assertEquals(Optional.of("first"), accounts.nodeSetting(name));
            assertNotEquals(Optional.of("first"), accounts.nodeSetting(name + "-other"));
        }
    }
}
