package dev.parley.testing;

/**
 * The databases Parley runs on. Store and message-path tests run once per backend; every run gets its own database
 * (a temp SQLite file, or a fresh schema in the local PostgreSQL {@code test} database).
 */
public enum Backend {
    SQLITE,
    POSTGRES;

    /** The local PostgreSQL service (trust auth); override with {@code -Dparley.test.pg=…}. */
    public static final String PG_URL = System.getProperty("parley.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public TestDatabase create() {
        return TestDatabase.create(this);
    }
}
