package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One throw-away database plus a data directory: SQLite in a temp file, or PostgreSQL in a fresh schema that the
 * node reaches through {@code currentSchema=} in its JDBC URL. Tests read what was stored with plain JDBC on the same
 * database; {@link #close} drops the schema and deletes the directory.
 */
public final class TestDatabase implements AutoCloseable {
    private final Backend backend;
    private final Path dataDir;
    private final String schema;
    private final String url;

    private TestDatabase(Backend backend, Path dataDir, String schema, String url) {
        this.backend = backend;
        this.dataDir = dataDir;
        this.schema = schema;
        this.url = url;
    }

    static TestDatabase create(Backend backend) {
        Path dir;
        try {
            dir = Files.createTempDirectory("parley-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (backend == Backend.SQLITE) {
            return new TestDatabase(backend, dir, null, "jdbc:sqlite:" + dir.resolve("parley.db"));
        }
        var schema = "parley_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (var c = DriverManager.getConnection(Backend.PG_URL); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL tests need the local server at " + Backend.PG_URL + ": " + e.getMessage(), e);
        }
        return new TestDatabase(backend, dir, schema, Backend.PG_URL + "&currentSchema=" + schema);
    }

    public Backend backend() {
        return backend;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The PostgreSQL schema of this database; null for SQLite. */
    public String schema() {
        return schema;
    }

    public String url() {
        return url;
    }

    /** The same PostgreSQL database reached through another port on 127.0.0.1 (a proxy). */
    public String urlThroughPort(int port) {
        if (backend != Backend.POSTGRES) {
            throw new IllegalStateException("only PostgreSQL is reached over TCP");
        }
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** The single number a query answers (COUNT(*), MAX(seq), …). */
    public long number(String sql, Object... params) {
        var rows = rows(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from " + sql + ", got " + rows);
        }
        return ((Number) rows.get(0).get(0)).longValue();
    }

    public String string(String sql, Object... params) {
        var rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row from " + sql + ", got " + rows);
        }
        return (String) rows.get(0).get(0);
    }

    public List<List<Object>> rows(String sql, Object... params) {
        try (var c = connect(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                var rows = new ArrayList<List<Object>>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    var row = new ArrayList<Object>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** SQL for the upper-case hex of a text column's UTF-8 bytes, as the database stores them. */
    public String utf8HexOf(String column) {
        return backend == Backend.SQLITE ? "hex(" + column + ")" : "upper(encode(convert_to(" + column + ", 'UTF8'), 'hex'))";
    }

    @Override
    public void close() {
        if (schema != null) {
            try (var c = DriverManager.getConnection(Backend.PG_URL); var st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop schema " + schema + ": " + e.getMessage(), e);
            }
        }
        try (var paths = Files.walk(dataDir)) {
            for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return backend + (schema == null ? " " + dataDir : " schema " + schema);
    }
}
