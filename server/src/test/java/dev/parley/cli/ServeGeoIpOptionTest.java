package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --geoip-db} with a file that cannot be used: a clear message and exit code 2, before anything starts. */
class ServeGeoIpOptionTest {
    @TempDir
    Path dir;

    int serve(ByteArrayOutputStream err, String... args) {
        var saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.commandLine().execute(args);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void a_missing_database_file_is_a_usage_error() {
        var err = new ByteArrayOutputStream();
        var missing = dir.resolve("GeoLite2-City.mmdb");
        int code = serve(err, "serve", "--data", dir.toString(), "--port", "0", "--host", "127.0.0.1", "--geoip-db", missing.toString());
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("parley: --geoip-db " + missing + ": no such readable file"), err.toString());
    }

    @Test
    void a_file_that_is_no_maxmind_database_is_a_usage_error() throws Exception {
        var err = new ByteArrayOutputStream();
        var html = Files.writeString(dir.resolve("download.mmdb"), "<html>404 Not Found</html>");
        int code = serve(err, "serve", "--data", dir.toString(), "--port", "0", "--host", "127.0.0.1", "--geoip-db", html.toString());
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a MaxMind database"), err.toString());
    }
}
