package dev.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console loads lit-html as ES modules from {@code /vendor/lit-html/}; only the modules it imports are served. */
class LitHtmlModulesTest {
    private static final Pattern PAGE_IMPORT = Pattern.compile("vendor/lit-html/([\\w/.-]+\\.js)");
    private static final Pattern RELATIVE_IMPORT = Pattern.compile("(?:from|import)\\s*\"(\\.{1,2}/[^\"]+)\"");

    @Test
    void the_pages_modules_are_served_and_the_rest_of_the_webjar_is_not() {
        try (var node = TestNode.start(Backend.SQLITE)) {
            for (var module : Pages.LIT_HTML_MODULES) {
                var served = node.http().get("/vendor/lit-html/" + module);
                assertEquals(200, served.status(), module);
                assertTrue(served.body().contains("export"), module + " is not a module: " + served.body());
            }
            for (var other : List.of("development/lit-html.js", "lit-html.js.map", "node/lit-html.js", "package.json",
                    "directives/../development/lit-html.js", "nothing.js")) {
                assertEquals(404, node.http().get("/vendor/lit-html/" + other).status(), other);
            }
        }
    }

    /** Every lit-html module a page imports, and every module those import in turn, is in the served set. */
    @Test
    void the_served_set_is_exactly_what_the_pages_import() throws IOException {
        var imported = new TreeSet<String>();
        try (var files = Files.walk(Path.of("src/main/resources/web"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                PAGE_IMPORT.matcher(Files.readString(file)).results().forEach(m -> imported.add(m.group(1)));
            }
        }
        var root = "META-INF/resources/webjars/lit-html/" + BuildInfo.get("lit-html.version") + "/";
        var pending = new ArrayDeque<>(imported);
        while (!pending.isEmpty()) {
            var module = pending.pop();
            String source;
            try (var in = getClass().getClassLoader().getResourceAsStream(root + module)) {
                assertNotNull(in, "no " + root + module);
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (var m : RELATIVE_IMPORT.matcher(source).results().toList()) {
                var target = Path.of(module).resolveSibling(m.group(1)).normalize().toString();
                if (imported.add(target)) {
                    pending.push(target);
                }
            }
        }
        assertTrue(imported.contains("async-directive.js"), "imports not followed: " + imported);
        assertEquals(imported, new TreeSet<>(Pages.LIT_HTML_MODULES));
    }
}
