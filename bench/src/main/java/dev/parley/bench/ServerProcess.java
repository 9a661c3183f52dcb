package dev.parley.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A server under test (a Parley node or the relay) in its own process, measured from outside: resident memory from
 * {@code /proc/PID/status}, CPU seconds from {@code /proc/PID/stat}, heap after a full GC via {@code jcmd GC.run} +
 * {@code jstat -gc}, GC pauses from its {@code -Xlog:gc} file.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");
    private static final Pattern PAUSE = Pattern.compile("Pause .* (\\d+\\.\\d+)ms");

    final String label;
    final Process process;
    final int port;
    final Path gcLog;
    final long startedNanos;
    final List<String> command;
    private long readyNanos;

    private ServerProcess(String label, Process process, int port, Path gcLog, long startedNanos, List<String> command) {
        this.label = label;
        this.process = process;
        this.port = port;
        this.gcLog = gcLog;
        this.startedNanos = startedNanos;
        this.command = command;
    }

    static ServerProcess start(String label, List<String> command, int port, Path gcLog, Path logFile) throws IOException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        long started = System.nanoTime();
        var process = builder.start();
        return new ServerProcess(label, process, port, gcLog, started, command);
    }

    /** Polls {@code GET /health} every 2 ms; returns milliseconds from process start to the first 200. */
    double awaitHealthy(long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(label + " exited with " + process.exitValue() + " before serving");
            }
            if (healthy()) {
                readyNanos = System.nanoTime();
                return (readyNanos - startedNanos) / 1e6;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(label + " did not answer /health within " + timeoutMillis + " ms");
    }

    private boolean healthy() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var status = readLine(socket.getInputStream());
            return status.startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code GET path} body (for /metrics). */
    String get(String path) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = all.indexOf("\r\n\r\n");
            return body < 0 ? "" : all.substring(body + 4);
        }
    }

    /** One sample from {@code /metrics} by exact metric name (e.g. {@code parley_writer_ops_total}); -1 if absent. */
    double metric(String name) {
        try {
            for (var line : get("/metrics").split("\n")) {
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String readLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    long pid() {
        return process.pid();
    }

    long rssKb() throws IOException {
        return statusField("VmRSS");
    }

    long threads() throws IOException {
        return statusField("Threads");
    }

    long openFds() {
        var fds = new java.io.File("/proc/" + pid() + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private long statusField(String field) throws IOException {
        for (var line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** User + system CPU seconds so far (clock ticks of 1/100 s). */
    double cpuSeconds() throws IOException {
        var stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Runs a full GC in the process, then returns used heap (survivors + eden + old) in KB from {@code jstat -gc}. */
    double heapAfterFullGcKb() throws Exception {
        var javaBin = Path.of(System.getProperty("java.home"), "bin");
        run(List.of(javaBin.resolve("jcmd").toString(), Long.toString(pid()), "GC.run"));
        var out = run(List.of(javaBin.resolve("jstat").toString(), "-gc", Long.toString(pid())));
        var lines = out.strip().split("\n");
        var header = lines[0].trim().split("\\s+");
        var values = lines[lines.length - 1].trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < header.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(header[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return used;
    }

    /**
     * Throws, saying how, when the process has ended: a JVM killed by a signal it cannot handle (a native stack
     * overflow is SIGSEGV without an hs_err file) leaves nothing in its own log.
     */
    void requireAlive() {
        if (process.isAlive()) {
            return;
        }
        int code = process.exitValue();
        var signal = switch (code) {
            case 134 -> " (SIGABRT)";
            case 137 -> " (SIGKILL: OOM killer or someone's kill -9)";
            case 139 -> " (SIGSEGV the JVM could not handle, e.g. a native stack overflow)";
            case 143 -> " (SIGTERM)";
            default -> "";
        };
        throw new IllegalStateException(label + " (pid " + pid() + ") exited with " + code + signal
                + " during the run; see server.log and gc.log in the run directory (--keep)");
    }

    /** Snapshot of the figures read from outside. */
    JsonObject sample(boolean fullGc) throws Exception {
        requireAlive();
        var s = new JsonObject().put("rssKb", rssKb()).put("cpuSeconds", cpuSeconds()).put("threads", threads())
                .put("openFds", openFds());
        if (fullGc) {
            s.put("heapAfterGcKb", heapAfterFullGcKb());
        }
        return s;
    }

    /** Seconds since this process started (the time base of its -Xlog:gc lines, give or take JVM init). */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Count, total and longest GC pause logged so far (stop-the-world pauses only). */
    JsonObject gcPauses() throws IOException {
        return gcPauses(0, Double.MAX_VALUE);
    }

    /** GC pauses that started between {@code fromSeconds} and {@code toSeconds} of process uptime. */
    JsonObject gcPauses(double fromSeconds, double toSeconds) throws IOException {
        long count = 0;
        double total = 0;
        double max = 0;
        if (gcLog != null && Files.exists(gcLog)) {
            for (var line : Files.readAllLines(gcLog)) {
                var m = PAUSE.matcher(line);
                var at = UPTIME.matcher(line);
                double when = at.find() ? Double.parseDouble(at.group(1)) : 0;
                if (m.find() && when >= fromSeconds && when <= toSeconds) {
                    double ms = Double.parseDouble(m.group(1));
                    count++;
                    total += ms;
                    max = Math.max(max, ms);
                }
            }
        }
        return new JsonObject().put("count", count).put("totalMs", Math.round(total * 100) / 100.0)
                .put("maxMs", Math.round(max * 100) / 100.0);
    }

    private static String run(List<String> command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return out;
    }

    /** SIGTERM (the graceful shutdown), then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static List<String> javaCommand(List<String> jvmFlags) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        return command;
    }
}
