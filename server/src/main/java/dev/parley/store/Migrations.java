package dev.parley.store;

import dev.parley.config.ClasspathFiles;
import java.sql.SQLException;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway. Flyway costs a quarter of a second of start-up even when there is nothing
 * to do (its configuration and plugin set-up), so a node restarting on a schema whose history holds exactly the
 * migrations in the jar, all successful, skips it. Anything else — a new database, a new migration, a failed one, a
 * schema newer than this jar — goes through Flyway, which migrates or refuses as before.
 */
final class Migrations {
    private static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__.+\\.sql");

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
    }

    /** True when every migration in the jar, and no other, is recorded as applied successfully. */
    static boolean upToDate(DataSource pool) {
        var inJar = new TreeSet<String>();
        for (var name : ClasspathFiles.list(LOCATION)) {
            var m = VERSIONED.matcher(name);
            if (!m.matches()) {
                return false; // a repeatable or unexpected file: let Flyway judge it
            }
            inJar.add(m.group(1).replace('_', '.'));
        }
        var applied = new TreeSet<String>();
        try (var c = pool.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                if (rs.getString(1) != null) {
                    applied.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return false; // no history table yet: a new database
        }
        return applied.equals(inJar);
    }
}
