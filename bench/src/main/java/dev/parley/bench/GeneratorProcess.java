package dev.parley.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link Generator} in its own JVM (same java, same class path), driven over stdin/stdout. */
final class GeneratorProcess implements AutoCloseable {
    final String name;
    private final Process process;
    private final BufferedWriter stdin;
    private final LinkedBlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();

    private GeneratorProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        var reader = new Thread(() -> pump(process, log), "gen-" + name + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    static GeneratorProcess start(String name, JsonObject config, Path dir, List<String> jvmFlags) throws IOException {
        var cfgFile = dir.resolve(name + ".json");
        Files.writeString(cfgFile, config.encodePrettily());
        var command = new ArrayList<>(ServerProcess.javaCommand(jvmFlags));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Generator.class.getName());
        command.add(cfgFile.toString());
        var log = dir.resolve(name + ".log");
        var process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new GeneratorProcess(name, process, dir.resolve(name + ".out"));
    }

    private void pump(Process p, Path log) {
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(Generator.REPLY_PREFIX)) {
                    replies.add(new JsonObject(line.substring(Generator.REPLY_PREFIX.length())));
                } else {
                    out.write(line);
                    out.newLine();
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    void send(JsonObject command) throws IOException {
        stdin.write(command.encode());
        stdin.newLine();
        stdin.flush();
    }

    JsonObject await(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            var reply = replies.poll(500, TimeUnit.MILLISECONDS);
            if (reply != null) {
                return reply;
            }
            if (!process.isAlive() && replies.isEmpty()) {
                throw new IllegalStateException("generator " + name + " exited with " + process.exitValue());
            }
        }
        throw new IllegalStateException("generator " + name + " did not answer within " + timeoutSeconds + " s");
    }

    /** Sends quit, waits briefly, then kills whatever is left. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                send(new JsonObject().put("cmd", "quit"));
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
