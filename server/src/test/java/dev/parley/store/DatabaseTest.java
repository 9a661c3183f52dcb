package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestDatabase;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a database: migrations on both backends, PostgreSQL schemas, and failing fast with an operator's message. */
class DatabaseTest {
    static final List<String> TABLES = List.of("node_setting", "site", "agent", "agent_session", "visitor",
            "conversation", "message", "page_view");

    @Nested
    class OnSqlite extends Contract {
        OnSqlite() {
            super(Backend.SQLITE);
        }

        /** Commits never copy the log back themselves; a thread of the database does, so the file still gets the data. */
        @Test
        void the_write_ahead_log_is_copied_back_off_the_committing_thread() throws Exception {
            try (var db = Database.open(test.url())) {
                try (var c = db.connection(); var st = c.createStatement(); var rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "commits would checkpoint on the writer thread");
                }
                var file = java.nio.file.Path.of(test.url().substring("jdbc:sqlite:".length()));
                long before = Files.size(file);
                try (var c = db.connection(); var st = c.prepareStatement("INSERT INTO node_setting (name, value) VALUES (?, ?)")) {
                    for (int i = 0; i < 500; i++) {
                        st.setString(1, "bulk-" + i);
                        st.setString(2, "x".repeat(8_000));
                        st.executeUpdate();
                    }
                }
                dev.parley.testing.Eventually.until("4 MB of rows copied into " + file, java.time.Duration.ofSeconds(10),
                        () -> file.toFile().length() > before + 3_000_000);
            }
        }

        @Test
        void sqlite_runs_in_wal_mode_so_readers_do_not_block_the_writer() throws Exception {
            try (var db = Database.open(test.url()); var c = db.connection(); var st = c.createStatement();
                 var rs = st.executeQuery("PRAGMA journal_mode")) {
                assertTrue(rs.next());
                assertEquals("wal", rs.getString(1).toLowerCase());
            }
        }
    }

    @Nested
    class OnPostgres extends Contract {
        OnPostgres() {
            super(Backend.POSTGRES);
        }

        @Test
        void current_schema_in_the_url_puts_tables_and_migration_history_in_that_schema() {
            try (var db = Database.open(test.url())) {
                var inSchema = test.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", test.schema())
                        .stream().map(r -> (String) r.get(0)).toList();
                assertTrue(inSchema.containsAll(TABLES), "tables in " + test.schema() + ": " + inSchema);
                assertTrue(inSchema.contains("flyway_schema_history"), "migration history in " + test.schema() + ": " + inSchema);
                assertEquals(0, test.number("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' "
                        + "AND table_name IN ('site', 'message', 'flyway_schema_history')"));
            }
        }
    }

    abstract static class Contract {
        private final Backend backend;
        TestDatabase test;

        Contract(Backend backend) {
            this.backend = backend;
        }

        @BeforeEach
        void createDatabase() {
            test = backend.create();
        }

        @AfterEach
        void dropDatabase() {
            test.close();
        }

        @Test
        void open_migrates_an_empty_database_to_the_current_schema() {
            try (var db = Database.open(test.url())) {
                for (var table : TABLES) {
                    // node_setting holds only the schema fingerprint that lets a restart skip Flyway (store/Migrations)
                    var where = table.equals("node_setting") ? " WHERE name <> 'schema_fingerprint'" : "";
                    assertEquals(0, test.number("SELECT COUNT(*) FROM " + table + where), table);
                }
                assertEquals(1, test.number("SELECT COUNT(*) FROM flyway_schema_history WHERE success = ? AND version = '1'", true));
                assertTrue(db.isReachable());
            }
        }

        @Test
        void opening_a_migrated_database_again_changes_nothing() {
            Database.open(test.url()).close();
            long migrations = test.number("SELECT COUNT(*) FROM flyway_schema_history");
            try (var db = Database.open(test.url())) {
                assertEquals(migrations, test.number("SELECT COUNT(*) FROM flyway_schema_history"));
            }
        }

        @Test
        void a_restart_on_a_complete_schema_skips_flyway_and_anything_else_goes_through_it() throws Exception {
            try (var db = Database.open(test.url())) {
                assertTrue(Migrations.upToDate(db.dataSource()), "freshly migrated schema not seen as up to date");
                try (var c = test.connect(); var st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = (SELECT MAX(version) FROM flyway_schema_history)");
                }
                assertFalse(Migrations.upToDate(db.dataSource()), "a missing migration not noticed");
            }
        }

        @Test
        void a_migration_history_edited_by_hand_still_fails_flyway_validation() throws Exception {
            Database.open(test.url()).close();
            try (var c = test.connect(); var st = c.createStatement()) {
                st.executeUpdate("UPDATE flyway_schema_history SET checksum = 999 WHERE version = '1'");
            }
            var e = assertThrows(DatabaseUnavailableException.class, () -> Database.open(test.url()));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        }

        @Test
        void a_failed_migration_in_the_history_still_stops_the_start() throws Exception {
            Database.open(test.url()).close();
            try (var c = test.connect(); var st = c.createStatement()) {
                st.executeUpdate("UPDATE flyway_schema_history SET success = " + (backend == Backend.SQLITE ? "0" : "false")
                        + " WHERE version = '1'");
            }
            var e = assertThrows(DatabaseUnavailableException.class, () -> Database.open(test.url()));
            assertTrue(e.getMessage().contains("failed migration"), e.getMessage());
        }

        @Test
        void a_schema_newer_than_this_jar_goes_through_flyway_which_lets_it_run_as_in_a_rolling_upgrade() throws Exception {
            Database.open(test.url()).close();
            try (var c = test.connect(); var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                        + "checksum, installed_by, execution_time, success) SELECT MAX(installed_rank) + 1, '999', 'future', "
                        + "'SQL', 'V999__future.sql', 0, 'test', 1, " + (backend == Backend.SQLITE ? "1" : "true")
                        + " FROM flyway_schema_history");
            }
            try (var db = Database.open(test.url())) {
                assertFalse(Migrations.upToDate(db.dataSource()), "a newer schema taken for this jar's");
                assertTrue(db.isReachable());
            }
        }

        @Test
        void describe_names_the_database() {
            try (var db = Database.open(test.url())) {
                assertEquals(backend == Backend.SQLITE, db.isSqlite());
                assertTrue(db.describe().startsWith(backend == Backend.SQLITE ? "jdbc:sqlite:" : "jdbc:postgresql:"), db.describe());
            }
        }
    }

    @Test
    void unreachable_postgres_fails_fast_with_a_message_naming_the_url_without_password() {
        long start = System.nanoTime();
        var e = assertThrows(DatabaseUnavailableException.class,
                () -> Database.open("jdbc:postgresql://127.0.0.1:1/x?user=bob&password=hunter2"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "took " + millis + " ms");
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/x"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void unsupported_url_is_refused_naming_the_supported_forms() {
        var e = assertThrows(DatabaseUnavailableException.class, () -> Database.open("jdbc:mysql://db/x?password=pw"));
        assertTrue(e.getMessage().contains("jdbc:sqlite:") && e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
        assertFalse(e.getMessage().contains("=pw"), e.getMessage());
    }

    @Test
    void redact_hides_passwords_in_parameters_and_user_info() {
        assertEquals("jdbc:postgresql://db:5432/p?user=u&password=***&ssl=true",
                Database.redact("jdbc:postgresql://db:5432/p?user=u&password=s3cret&ssl=true"));
        assertEquals("jdbc:postgresql://u:***@db/p", Database.redact("jdbc:postgresql://u:s3cret@db/p"));
        assertEquals("jdbc:sqlite:/data/parley.db", Database.redact("jdbc:sqlite:/data/parley.db"));
    }

    @Test
    void sqlite_creates_a_missing_data_directory(@TempDir java.nio.file.Path dir) {
        var file = dir.resolve("a/b/parley.db");
        try (var db = Database.open("jdbc:sqlite:" + file)) {
            assertTrue(Files.exists(file));
        }
    }
}
