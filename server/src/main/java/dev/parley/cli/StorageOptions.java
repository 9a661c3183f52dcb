package dev.parley.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives; shared by serve and admin so both work on the same database. */
final class StorageOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PARLEY_DATA_DIR:-./data}",
            description = "Data directory (default ./data, env PARLEY_DATA_DIR).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:PARLEY_DB_URL}",
            description = "jdbc:postgresql://… for PostgreSQL (env PARLEY_DB_URL); default: embedded SQLite in the data directory.")
    String dbUrl;

    /** The configured URL, or the embedded SQLite file in the data directory (as {@code serve} uses). */
    String effectiveDbUrl() {
        return dev.parley.config.Settings.defaults(dataDir).withDbUrl(dbUrl).effectiveDbUrl();
    }
}
