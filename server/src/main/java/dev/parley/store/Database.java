package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool, the dialect and the migrations. One schema serves SQLite and PostgreSQL; the only
 * dialect differences live here (connection set-up) — SQL elsewhere is portable.
 *
 * <p>Reads run on Vert.x worker threads ({@code executeBlocking}), never on an event loop. Writes go through the
 * {@link BatchingWriter}, which holds its own connection.
 */
public final class Database implements AutoCloseable {

    private final String url;
    private final boolean sqlite;
    private final HikariDataSource pool;
    /** SQLite only: the log is copied back off the writer thread (see {@link SqliteCheckpoints}). */
    private final SqliteCheckpoints checkpoints;

    private Database(String url, String schema) {
        this.url = url;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("parley-db");
        config.setMaximumPoolSize(sqlite ? 4 : 10);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(1);
        if (sqlite) {
            // WAL lets readers run beside the single writer; busy_timeout makes the admin CLI wait politely
            // for a running node instead of failing with SQLITE_BUSY.
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.setConnectionInitSql(SqliteCheckpoints.CONNECTION_INIT);
        } else {
            // Lets the driver send a batch of INSERTs as multi-row statements: fewer round trips per batch.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            if (schema != null) {
                config.setSchema(schema);
            }
        }
        this.pool = new HikariDataSource(config);
        this.checkpoints = sqlite ? new SqliteCheckpoints(pool) : null;
    }

    /**
     * Opens the pool and brings the schema up to date.
     *
     * @throws DatabaseUnavailableException with a message fit for an operator when the DB cannot be reached
     */
    public static Database open(String url) {
        return open(url, null);
    }

    /** Opens the database using {@code schema} (PostgreSQL only; created if missing). Used by tests. */
    public static Database open(String url, String schema) {
        if (url.startsWith("jdbc:sqlite:")) {
            createParentDirectory(url.substring("jdbc:sqlite:".length()));
        } else if (!url.startsWith("jdbc:postgresql:")) {
            throw new DatabaseUnavailableException("Unsupported database URL " + redact(url)
                    + ": use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
        }
        Database db;
        try {
            db = new Database(url, schema);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("Cannot connect to database " + redact(url) + ": " + rootMessage(e), e);
        }
        try {
            Migrations.apply(db.pool, db.sqlite ? null : schema);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw new DatabaseUnavailableException("Cannot prepare database " + redact(url) + ": " + rootMessage(e), e);
        }
    }

    public boolean isSqlite() {
        return sqlite;
    }

    public String describe() {
        return redact(url);
    }

    /** The pool itself, for the migration check in tests. */
    javax.sql.DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public int activeConnections() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections();
    }

    public int idleConnections() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getIdleConnections();
    }

    public int pendingThreads() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getThreadsAwaitingConnection();
    }

    /** True when a connection can be had and answers within two seconds. */
    public boolean isReachable() {
        try (var c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.close();
        }
        pool.close();
    }

    /** Removes credentials from a JDBC URL so it can be printed and logged. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):([^/@]+)@", "//$1:***@");
    }

    static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void createParentDirectory(String file) {
        var path = Path.of(file.replaceFirst("\\?.*$", "")).toAbsolutePath().getParent();
        try {
            if (path != null) {
                Files.createDirectories(path);
            }
        } catch (java.io.IOException e) {
            throw new DatabaseUnavailableException("Cannot create data directory " + path + ": " + e.getMessage(), e);
        }
    }
}
