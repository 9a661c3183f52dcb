package dev.parley.cli;

import static dev.parley.testing.WsClient.isType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Backend;
import dev.parley.testing.TestNode;
import dev.parley.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line. Admin commands run as real processes (the jar's main class on the test classpath) against the
 * data directory of a node that is running and writing; usage errors are checked in-process through picocli.
 */
class MainTest {
    /** Own threads: the common pool may have a single thread here, and these block. */
    static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        var thread = new Thread(r, "main-test");
        thread.setDaemon(true);
        return thread;
    });

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Backend.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** {@code parley ARGS} as a separate process, as an operator runs it. */
    static Run parley(String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // a short-lived process: start fast
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().remove("PARLEY_DB_URL");
        builder.environment().remove("PARLEY_DATA_DIR");
        var process = builder.start();
        var out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), THREADS);
        var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), THREADS);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("parley " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code parley ARGS} in this JVM, for what fails before any work is done. */
    static Run parleyInProcess(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void admin_creates_a_site_and_adds_an_agent_while_a_node_runs_and_writes_on_the_same_data_dir() throws Exception {
        var data = node.db().dataDir().toString();
        var existing = node.newSite();
        var stop = new AtomicBoolean();
        var acked = new AtomicInteger();
        var failures = new ArrayList<String>();
        // Keep the node writing the whole time: the CLI must wait for SQLite's lock politely, and so must the node.
        var writing = CompletableFuture.runAsync(() -> {
            try (var visitor = node.visitor(existing); var agent = node.owner(existing)) {
                var conversationId = TestNode.startConversation(visitor, "busy");
                while (!stop.get()) {
                    var id = WsClient.newClientId();
                    agent.sendMessage(id, conversationId, "write " + acked.get());
                    var answer = agent.await("ack or error", f -> isType(f, "error") || isType(f, "message.ack") && id.equals(f.getString("clientId")));
                    if (isType(answer, "error")) {
                        synchronized (failures) {
                            failures.add(answer.encode());
                        }
                    } else {
                        acked.incrementAndGet();
                    }
                }
            }
        }, THREADS);
        try {
            var email = "cli-owner-" + existing.key() + "@test.example";
            var created = parley("admin", "create-site", "--data", data, "--name", "CLI Bikes", "--owner-email", email,
                    "--owner-password", "cli-password-1", "--origin", "HTTPS://Shop.Example/");
            assertEquals(0, created.exitCode(), created.err());
            assertEquals(1, created.outLines().size(), "one line of output: " + created.out());
            var json = new JsonObject(created.outLines().get(0));
            assertEquals(List.of("siteKey", "siteId"), List.copyOf(json.fieldNames()));
            var siteKey = json.getString("siteKey");
            var siteId = json.getString("siteId");
            assertEquals("CLI Bikes", node.db().string("SELECT name FROM site WHERE id = ? AND site_key = ?", siteId, siteKey));
            assertEquals("[\"https://shop.example\"]", node.db().string("SELECT allowed_origins FROM site WHERE id = ?", siteId));
            assertEquals("owner", node.db().string("SELECT role FROM agent WHERE email = ?", email));

            var agentEmail = "cli-agent-" + existing.key() + "@test.example";
            var added = parley("admin", "add-agent", "--data", data, "--site", siteKey, "--email", agentEmail,
                    "--password", "cli-password-2", "--name", "Carla");
            assertEquals(0, added.exitCode(), added.err());
            assertEquals(1, added.outLines().size(), added.out());
            var agentJson = new JsonObject(added.outLines().get(0));
            assertEquals(siteKey, agentJson.getString("siteKey"));
            assertEquals(siteId, node.db().string("SELECT site_id FROM agent WHERE id = ?", agentJson.getString("agentId")));

            // The running node serves what the CLI created.
            assertEquals(200, node.http().get("/api/route?site=" + siteKey, "Origin", "https://shop.example").status());
            var login = node.http().post("/api/agent/login", new JsonObject().put("email", agentEmail).put("password", "cli-password-2").encode());
            assertEquals(200, login.status(), login.body());
            assertEquals(siteKey, login.json().getJsonObject("site").getString("key"));
        } finally {
            stop.set(true);
            writing.get(30, TimeUnit.SECONDS);
        }
        assertTrue(acked.get() > 0, "the node kept writing");
        assertEquals(List.of(), failures, "the node's writes failed while the CLI ran");
    }

    @Test
    void admin_reports_an_unknown_site_or_a_taken_email_with_exit_code_1() throws Exception {
        var site = node.newSite();
        var data = node.db().dataDir().toString();
        var unknown = parley("admin", "add-agent", "--data", data, "--site", "nosuchsitekey", "--email", "x-" + site.key() + "@test.example",
                "--password", "cli-password-3");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("nosuchsitekey"), unknown.err());
        var taken = parley("admin", "create-site", "--data", data, "--name", "Dup", "--owner-email", site.ownerEmail(),
                "--owner-password", "cli-password-4");
        assertEquals(1, taken.exitCode());
        assertTrue(taken.err().contains(site.ownerEmail()), taken.err());
        assertEquals(0, node.db().number("SELECT COUNT(*) FROM site WHERE name = 'Dup'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "admin create-site --name Shop                                                              | --owner-email",
        "admin create-site --name Shop --owner-email not-an-email --owner-password long-enough-1    | 'not-an-email' is not an email address",
        "admin create-site --name Shop --owner-email a@b.example --owner-password short             | at least 8 characters",
        "admin create-site --name Shop --owner-email a@b.example --owner-password long-enough-1 --origin ftp://x.example | --origin 'ftp://x.example' is not an origin",
        "admin add-agent --site k --email a@b.example                                               | --password",
        "admin add-agent --site k --email a@b.example --password long-enough-1 --bogus               | --bogus",
        "admin                                                                                       | Missing subcommand",
        "nonsense                                                                                    | nonsense"})
    void bad_arguments_exit_with_code_2_and_say_what_is_wrong(String args, String expected, @TempDir Path dir) {
        var argv = new ArrayList<>(List.of(args.trim().split("\\s+")));
        if (argv.size() > 1) {
            argv.add("--data");
            argv.add(dir.toString());
        }
        var run = parleyInProcess(argv.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
    }

    @Test
    void bad_arguments_give_exit_code_2_from_the_real_process_too(@TempDir Path dir) throws Exception {
        var run = parley("admin", "create-site", "--data", dir.toString(), "--name", "Shop");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--owner-email"), run.err());
    }

    /** ./parley records its start-up cache with such a run after each build. */
    @Test
    void serve_stop_when_ready_starts_a_node_on_a_fresh_directory_and_exits_0(@TempDir Path dir) throws Exception {
        var run = parley("serve", "--host", "127.0.0.1", "--port", "0", "--data", dir.toString(), "--stop-when-ready");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Parley listening on 127.0.0.1:"), run.out());
        assertTrue(Files.exists(dir.resolve("parley.db")), "no database in " + dir);
    }

    @Test
    void serve_with_invalid_settings_exits_with_code_2() throws Exception {
        var run = parley("serve", "--port", "0", "--max-text", "0", "--data", node.db().dataDir().toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("max text length"), run.err());
    }

    @Test
    void serve_with_an_unreachable_database_exits_non_zero_naming_the_url_without_its_password(@TempDir Path dir) {
        var run = parleyInProcess("serve", "--port", "0", "--data", dir.toString(),
                "--db-url", "jdbc:postgresql://127.0.0.1:1/x?user=parley&password=hunter2");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("jdbc:postgresql://127.0.0.1:1/x"), run.err());
        assertFalse(run.err().contains("hunter2"), run.err());
    }
}
