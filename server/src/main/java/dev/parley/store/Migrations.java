package dev.parley.store;

import dev.parley.config.ClasspathFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway. Flyway costs a quarter of a second of start-up even when there is nothing
 * to do (its configuration and plugin set-up), so after each successful Flyway run the node stores a fingerprint of the
 * jar's migration files and of the migration history (versions, checksums, success); a restart whose fingerprint is
 * unchanged skips Flyway. Anything else — a new database, a new, edited or missing migration, a failed one, a history
 * changed by hand, a schema newer than this jar — goes through Flyway, which migrates, validates or refuses as before.
 */
final class Migrations {
    private static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__.+\\.sql");
    private static final String FINGERPRINT = "schema_fingerprint";

    private Migrations() {
    }

    static void apply(DataSource pool, String schema) {
        if (upToDate(pool)) {
            return;
        }
        var flyway = Flyway.configure().dataSource(pool).locations("classpath:" + LOCATION);
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        flyway.load().migrate();
        var migrated = fingerprint(pool);
        if (migrated != null) {
            store(pool, migrated);
        }
    }

    /** True when a restart may skip Flyway: the fingerprint Flyway's last run left is the current one. */
    static boolean upToDate(DataSource pool) {
        var current = fingerprint(pool);
        return current != null && current.equals(stored(pool));
    }

    /**
     * A hash of the jar's migration files and of the history rows, or null when it cannot be had cheaply (no history
     * yet, a failed row, a file that is not a versioned migration): then Flyway decides.
     */
    private static String fingerprint(DataSource pool) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            var versions = new TreeSet<String>();
            for (var name : ClasspathFiles.list(LOCATION)) {
                var m = VERSIONED.matcher(name);
                if (!m.matches()) {
                    return null;
                }
                versions.add(m.group(1).replace('_', '.'));
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(ClasspathFiles.read(LOCATION + "/" + name));
            }
            var applied = new TreeSet<String>();
            try (var c = pool.getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT version, checksum, success, script, type FROM flyway_schema_history "
                         + "ORDER BY installed_rank")) {
                while (rs.next()) {
                    if (!rs.getBoolean(3)) {
                        return null;
                    }
                    if (rs.getString(1) != null) {
                        applied.add(rs.getString(1));
                    }
                    digest.update((rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(4) + "|" + rs.getString(5)
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return applied.equals(versions) ? HexFormat.of().formatHex(digest.digest()) : null;
        } catch (SQLException | IllegalStateException e) {
            return null; // no history table yet, or the jar cannot be listed: Flyway decides
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stored(DataSource pool) {
        try (var c = pool.getConnection();
             var st = c.prepareStatement("SELECT value FROM node_setting WHERE name = ?")) {
            st.setString(1, FINGERPRINT);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static void store(DataSource pool, String fingerprint) {
        try (var c = pool.getConnection(); var st = c.prepareStatement("INSERT INTO node_setting (name, value) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            st.setString(1, FINGERPRINT);
            st.setString(2, fingerprint);
            st.executeUpdate();
        } catch (SQLException e) {
            // Not fatal: the next start goes through Flyway again.
        }
    }
}
