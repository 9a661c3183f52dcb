package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import io.vertx.core.file.impl.FileResolverImpl;
import io.vertx.core.internal.VertxInternal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Vert.x copies a classpath file into its file cache the first time it is served, on the event loop that serves it
 * (seconds for the first page loads out of the fat jar). The node unpacks the static trees on a worker as it starts.
 */
class StaticFilesUnpackTest {

    @Test
    void static_files_are_unpacked_at_start_before_anyone_asks_for_them() throws Exception {
        try (var node = TestNode.start(Backend.SQLITE)) {
            var resolver = (FileResolverImpl) ((VertxInternal) node.node().vertx()).fileResolver();
            var cache = Path.of(resolver.cacheDir());
            var chatScript = cache.resolve("web/chat/chat.js");
            var consoleScript = cache.resolve("web/console/app.js");
            dev.parley.testing.Eventually.until("web/ unpacked into " + cache, java.time.Duration.ofSeconds(10),
                    () -> Files.exists(chatScript) && Files.exists(consoleScript));
            assertTrue(Files.exists(chatScript), "web/chat/chat.js not unpacked into " + cache + " without a request");
            assertTrue(Files.exists(consoleScript), "web/console/app.js not unpacked into " + cache);
            var served = node.http().get("/chat/chat.js");
            assertEquals(200, served.status());
            assertEquals(Files.readString(chatScript), served.body());
        }
    }

    @Test
    void a_static_file_asked_for_right_after_start_is_served() {
        try (var node = TestNode.start(Backend.SQLITE)) {
            var served = node.http().get("/embed.js");
            assertEquals(200, served.status());
            assertTrue(!served.body().isBlank(), "empty /embed.js");
        }
    }
}
