package dev.parley.bench;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import dev.parley.store.Database;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator behind {@code bench/run SCENARIO}: starts the server under test (a Parley node from
 * {@code server/target/parley.jar}, or the relay baseline) as its own process, prepares sites and agents, starts the
 * generator processes (each on its own 127.0.0.x source address), drives them, sums their histograms, reads the
 * server's figures from outside and writes {@code docs/bench/SCENARIO-DB.json} and {@code .md}.
 */
public final class Bench {
    static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final Map<String, String> opts;
    private final Path root;
    private final Path runDir;
    private final String db;
    private final int processes;
    private final String command;

    private Bench(Map<String, String> opts, String command) throws IOException {
        this.opts = opts;
        this.command = command;
        this.root = Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.runDir = Files.createTempDirectory("parley-bench-");
        this.db = opts.getOrDefault("db", "sqlite");
        this.processes = integer("processes", 2);
        this.loadBefore = loadAverage();
    }

    private final String loadBefore;

    /** Other work on the machine skews every figure; the report says how busy it was. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- options ----------------------------------------------------------------------------------------------------

    private int integer(String name, int fallback) {
        return opts.containsKey(name) ? Integer.parseInt(opts.get(name)) : fallback;
    }

    private double number(String name, double fallback) {
        return opts.containsKey(name) ? Double.parseDouble(opts.get(name)) : fallback;
    }

    private List<String> targets() {
        return switch (opts.getOrDefault("target", "both")) {
            case "parley" -> List.of("parley");
            case "relay" -> List.of("relay");
            default -> List.of("parley", "relay");
        };
    }

    // ---- one target under test ----------------------------------------------------------------------------------------

    /** A started server with its sites, plus the generators pointed at it. */
    private final class Target implements AutoCloseable {
        final String kind;
        final ServerProcess server;
        final double startMillis;
        final List<JsonArray> sitesPerProcess;
        final List<GeneratorProcess> generators = new ArrayList<>();
        final String schema;

        Target(String kind, int sitesPerGenerator, boolean sharedSite) throws Exception {
            this.kind = kind;
            int port = freePort();
            var dir = Files.createDirectories(runDir.resolve(kind + "-" + System.nanoTime()));
            var gcLog = dir.resolve("gc.log");
            // The flags of ./parley; --server-gc "FLAGS" replaces -XX:+UseSerialGC (for both targets) to test GC choices.
            var jvm = new ArrayList<String>();
            jvm.addAll(List.of(opts.getOrDefault("server-gc", "-XX:+UseSerialGC").trim().split("\\s+")));
            jvm.addAll(List.of("-Xss512k", "-Xms32m", "-Xlog:gc:file=" + gcLog));
            if ("parley".equals(kind)) {
                jvm.addAll(startupCacheFlags());
            }
            if (opts.containsKey("jfr")) {
                jvm.add("-XX:StartFlightRecording=filename=" + dir.resolve(kind + ".jfr") + ",settings=profile");
            }
            sitesPerProcess = new ArrayList<>();
            int siteCount = sharedSite ? 1 : processes * sitesPerGenerator;
            List<JsonObject> sites = new ArrayList<>();
            String schemaName = null;
            List<String> command;
            if (kind.equals("parley")) {
                String url;
                if (db.equals("postgres")) {
                    schemaName = "bench_" + Long.toString(System.currentTimeMillis(), 36);
                    try (var c = DriverManager.getConnection(PG_BASE); var st = c.createStatement()) {
                        st.execute("CREATE SCHEMA " + schemaName);
                    }
                    url = PG_BASE + "&currentSchema=" + schemaName;
                } else {
                    url = "jdbc:sqlite:" + dir.resolve("data").resolve("parley.db");
                }
                try (var database = Database.open(url)) {
                    var accounts = new AccountStore(database);
                    for (int i = 0; i < siteCount; i++) {
                        var site = accounts.createSite("Bench " + i, List.of());
                        var agent = accounts.addAgent(site.id(), "agent" + i + "@bench.test", "bench password " + i,
                                "Agent " + i, Agent.OWNER).orElseThrow();
                        sites.add(new JsonObject().put("key", site.key()).put("agentToken", accounts.createSession(agent)));
                    }
                }
                command = ServerProcess.javaCommand(new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED")));
                command.addAll(jvm);
                command.addAll(List.of("-jar", root.resolve("server/target/parley.jar").toString(), "serve",
                        "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dir.resolve("data").toString(),
                        "--visitor-messages", "100000", "--visitor-conversations", "1000",
                        "--new-visitors-per-minute", "1000000")); // the generators' few addresses start thousands
                if (db.equals("postgres")) {
                    command.addAll(List.of("--db-url", url));
                }
            } else {
                for (int i = 0; i < siteCount; i++) {
                    sites.add(new JsonObject().put("key", "relay-" + i).put("agentToken", "relay:relay-" + i));
                }
                command = ServerProcess.javaCommand(jvm);
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Relay.class.getName(),
                        "--host", "127.0.0.1", "--port", Integer.toString(port)));
            }
            this.schema = schemaName;
            this.server = ServerProcess.start(kind, command, port, gcLog, dir.resolve("server.log"));
            this.startMillis = server.awaitHealthy(60_000);
            for (int p = 0; p < processes; p++) {
                var mine = new JsonArray();
                if (sharedSite) {
                    var only = sites.get(0);
                    // One site for everybody; its agent lives in the first generator only.
                    mine.add(p == 0 ? only : new JsonObject().put("key", only.getString("key")));
                } else {
                    for (int i = 0; i < sitesPerGenerator; i++) {
                        mine.add(sites.get(p * sitesPerGenerator + i));
                    }
                }
                sitesPerProcess.add(mine);
            }
        }

        void startGenerators(int active, int idle) throws Exception {
            for (int p = 0; p < processes; p++) {
                var cfg = new JsonObject().put("name", kind.charAt(0) + "g" + p).put("host", "127.0.0.1")
                        .put("port", server.port).put("localAddress", "127.0.0." + (p + 2))
                        .put("sites", sitesPerProcess.get(p)).put("activeVisitors", share(active, p))
                        .put("idleVisitors", share(idle, p)).put("heartbeatMs", 20_000)
                        .put("connectRate", integer("connect-rate", 2000)).put("maxLifetimeSeconds", 1800);
                generators.add(GeneratorProcess.start(kind + "-g" + p, cfg, server.gcLog.getParent(),
                        List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms256m", "-Xmx1536m")));
            }
        }

        int share(int total, int p) {
            return total / processes + (p < total % processes ? 1 : 0);
        }

        List<JsonObject> all(JsonObject command, long timeoutSeconds) throws Exception {
            for (var g : generators) {
                g.send(command);
            }
            var replies = new ArrayList<JsonObject>();
            for (var g : generators) {
                replies.add(g.await(timeoutSeconds));
            }
            return replies;
        }

        JsonObject connect() throws Exception {
            long t0 = System.nanoTime();
            var replies = all(new JsonObject().put("cmd", "connect"), 900);
            var merged = new JsonObject().put("connected", 0).put("failed", 0).put("conversationsReady", 0)
                    .put("connectErrors", 0);
            for (var r : replies) {
                for (var key : List.of("connected", "failed", "conversationsReady", "connectErrors")) {
                    merged.put(key, merged.getInteger(key) + r.getInteger(key, 0));
                }
                if (r.getString("warning") != null) {
                    merged.put("warning", r.getString("warning"));
                }
            }
            return merged.put("seconds", round((System.nanoTime() - t0) / 1e9));
        }

        @Override
        public void close() {
            for (var g : generators) {
                g.close();
            }
            server.close();
            if (schema != null && !opts.containsKey("keep")) {
                try (var c = DriverManager.getConnection(PG_BASE); var st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (Exception e) {
                    System.err.println("bench: could not drop schema " + schema + ": " + e.getMessage());
                }
            }
        }
    }

    // ---- merging generator results ------------------------------------------------------------------------------------

    private static final List<String> COUNTERS = List.of("sent", "transmitted", "acked", "delivered", "lost", "unacked",
            "duplicates", "redelivered", "gaps", "failed", "pings", "pongs", "connectErrors", "unexpectedCloses",
            "dropped", "resumed", "connected");
    private static final List<String> HISTOGRAMS = List.of("delivery", "visitorToAgent", "agentToVisitor", "ack",
            "sendLag", "resume", "broadcast");

    static JsonObject merge(List<JsonObject> replies) {
        var merged = new JsonObject();
        for (var key : COUNTERS) {
            long sum = 0;
            for (var r : replies) {
                sum += r.getLong(key, 0L);
            }
            merged.put(key, sum);
        }
        var errors = new JsonObject();
        for (var r : replies) {
            for (var e : r.getJsonObject("errors", new JsonObject())) {
                errors.put(e.getKey(), errors.getLong(e.getKey(), 0L) + ((Number) e.getValue()).longValue());
            }
        }
        merged.put("errors", errors);
        var latency = new JsonObject();
        for (var name : HISTOGRAMS) {
            var sum = Histograms.create();
            for (var r : replies) {
                Histograms.addInto(sum, r.getJsonObject("histograms", new JsonObject()).getString(name));
            }
            if (sum.getTotalCount() > 0) {
                latency.put(name, Histograms.summary(sum));
            }
        }
        merged.put("latencyMs", latency);
        return merged;
    }

    /** Writer figures from /metrics (Parley only): committed ops, batches, seconds spent applying and committing. */
    private static double[] writerFigures(ServerProcess server) {
        return new double[]{server.metric("parley_writer_ops_total"), server.metric("parley_writer_batches_total"),
                server.metric("parley_writer_batch_seconds_sum")};
    }

    /** What the writer did between two {@link #writerFigures} samples; empty for the relay. */
    private static JsonObject writerDelta(double[] before, double[] after, double elapsedSeconds) {
        var w = new JsonObject();
        if (before[0] < 0 || after[0] < 0) {
            return w;
        }
        double ops = after[0] - before[0];
        double batches = after[1] - before[1];
        double busy = after[2] - before[2];
        return w.put("opsPerSecond", round(ops / elapsedSeconds)).put("batches", batches)
                .put("meanBatchSize", batches > 0 ? round(ops / batches) : 0)
                .put("meanBatchMs", batches > 0 ? round(1000 * busy / batches) : 0)
                .put("microsPerOp", ops > 0 ? round(1e6 * busy / ops) : 0)
                .put("writerBusyPercent", round(100 * busy / elapsedSeconds));
    }

    private static long errorCount(JsonObject merged) {
        long n = 0;
        for (var e : merged.getJsonObject("errors")) {
            n += ((Number) e.getValue()).longValue();
        }
        return n;
    }

    // ---- scenarios ----------------------------------------------------------------------------------------------------

    /** S6: cold start to the first served request, and the idle node's memory. */
    private JsonObject s6(String kind) throws Exception {
        var runs = new JsonArray();
        for (int i = 0; i < integer("repeat", 3); i++) {
            try (var t = new Target(kind, 1, false)) {
                Thread.sleep(5000);
                var idle = t.server.sample(true);
                runs.add(new JsonObject().put("startMs", round(t.startMillis)).put("idle", idle));
            }
        }
        var starts = new ArrayList<Double>();
        var rss = new ArrayList<Long>();
        for (var r : runs) {
            starts.add(((JsonObject) r).getDouble("startMs"));
            rss.add(((JsonObject) r).getJsonObject("idle").getLong("rssKb"));
        }
        starts.sort(Comparator.naturalOrder());
        rss.sort(Comparator.naturalOrder());
        return new JsonObject().put("runs", runs).put("startMsMedian", starts.get(starts.size() / 2))
                .put("startMsMax", starts.get(starts.size() - 1)).put("idleRssMbMedian", round(rss.get(rss.size() / 2) / 1024.0));
    }

    /** S1: hold many idle visitors (heartbeats on); memory per connection after a full GC. */
    private JsonObject s1(String kind) throws Exception {
        int clients = integer("clients", 19_000);
        try (var t = new Target(kind, 1, false)) {
            Thread.sleep(2000);
            var before = t.server.sample(true);
            t.startGenerators(0, clients);
            var connect = t.connect();
            double hold = number("hold-seconds", 25);
            double cpu0 = t.server.cpuSeconds();
            Thread.sleep((long) (hold * 1000));
            double cpu1 = t.server.cpuSeconds();
            var after = t.server.sample(true);
            int n = connect.getInteger("connected");
            var result = new JsonObject().put("clients", clients).put("connect", connect).put("before", before).put("after", after)
                    .put("heapPerConnectionKb", round((after.getDouble("heapAfterGcKb") - before.getDouble("heapAfterGcKb")) / n))
                    .put("rssPerConnectionKb", round((after.getLong("rssKb") - before.getLong("rssKb")) / (double) n))
                    .put("holdSeconds", hold).put("cpuPercentWhileHolding", round(100 * (cpu1 - cpu0) / hold))
                    .put("gc", t.server.gcPauses());
            var check = merge(t.all(new JsonObject().put("cmd", "run").put("rate", 0).put("seconds", 0.1)
                    .put("drainSeconds", 0.1), 60));
            result.put("stillConnected", check.getLong("connected")).put("unexpectedCloses", check.getLong("unexpectedCloses"))
                    .put("pongs", check.getLong("pongs"));
            return result;
        }
    }

    /** S2: active conversations among idle visitors at a fixed rate; delivery latency. */
    private JsonObject s2(String kind) throws Exception {
        int active = integer("active", 1000);
        int idle = integer("idle", 10_000);
        double rate = number("rate", 2000);
        double seconds = number("seconds", 30);
        try (var t = new Target(kind, integer("sites", 2), false)) {
            t.startGenerators(active, idle);
            var connect = t.connect();
            // Warm-up (JIT, first GCs) at the same rate; not judged, reported separately.
            var warm = merge(t.all(step(rate / processes, number("warm-seconds", 10)), 120));
            var cpu0 = t.server.cpuSeconds();
            double from = t.server.uptimeSeconds();
            var w0 = writerFigures(t.server);
            var result = merge(t.all(step(rate / processes, seconds), (long) seconds + 120));
            double to = t.server.uptimeSeconds();
            result.put("writer", writerDelta(w0, writerFigures(t.server), to - from));
            var cpu1 = t.server.cpuSeconds();
            result.put("gcDuringRun", t.server.gcPauses(from, to));
            return new JsonObject().put("active", active).put("idle", idle).put("rate", rate).put("seconds", seconds)
                    .put("connect", connect).put("warmUp", new JsonObject().put("lost", warm.getLong("lost"))
                            .put("duplicates", warm.getLong("duplicates")).put("latencyMs", warm.getJsonObject("latencyMs")))
                    .put("result", result)
                    .put("serverCpuPercent", round(100 * (cpu1 - cpu0) / seconds))
                    .put("server", t.server.sample(false)).put("gc", t.server.gcPauses());
        }
    }

    /** S3: raise the rate step by step until p99 exceeds the limit or anything is lost or refused. */
    private JsonObject s3(String kind) throws Exception {
        int active = integer("active", 4000);
        double seconds = number("step-seconds", 10);
        double limitMs = number("p99-limit", 100);
        var rates = new ArrayList<Double>();
        for (var r : opts.getOrDefault("rates", "2000,4000,6000,8000,10000,12000,14000,16000,18000,20000,24000,28000,32000").split(",")) {
            rates.add(Double.parseDouble(r.trim()));
        }
        try (var t = new Target(kind, integer("sites", 2), false)) {
            t.startGenerators(active, 0);
            var connect = t.connect();
            // Warm-up (JIT, first GCs, pools) at the first rate; not judged.
            double warmRate = number("warm-rate", 2000);
            var warm = merge(t.all(step(warmRate / processes, number("warm-seconds", 10)), 120));
            System.out.printf(Locale.ROOT, "  %s warm-up %,.0f msg/s: p99 %.2f ms%n", kind, warmRate,
                    warm.getJsonObject("latencyMs").getJsonObject("delivery", new JsonObject()).getDouble("p99", -1.0));
            var steps = new JsonArray();
            double sustained = 0;
            String stoppedBecause = "ran out of steps";
            for (double rate : rates) {
                var w0 = writerFigures(t.server);
                double ops0 = w0[0];
                double from = t.server.uptimeSeconds();
                double cpu0 = t.server.cpuSeconds();
                long t0 = System.nanoTime();
                var result = merge(t.all(step(rate / processes, seconds), (long) seconds + 120));
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double cpu1 = t.server.cpuSeconds();
                var w1 = writerFigures(t.server);
                double ops1 = w1[0];
                result.put("writer", writerDelta(w0, w1, elapsed));
                result.put("gcDuringRun", t.server.gcPauses(from, t.server.uptimeSeconds()));
                var delivery = result.getJsonObject("latencyMs").getJsonObject("delivery", new JsonObject());
                double p99 = delivery.getDouble("p99", Double.MAX_VALUE);
                var row = new JsonObject().put("rate", rate).put("result", result)
                        .put("serverCpuPercent", round(100 * (cpu1 - cpu0) / elapsed))
                        .put("ackedPerSecond", round(result.getLong("acked") / seconds));
                if (ops0 >= 0 && ops1 >= 0) {
                    row.put("committedOpsPerSecond", round((ops1 - ops0) / elapsed));
                }
                steps.add(row);
                System.out.printf(Locale.ROOT, "  %s %,8.0f msg/s: p50 %7.2f ms  p99 %8.2f ms  lost %d  errors %d  server CPU %.0f%%  GC %s  writer %s%n",
                        kind, rate, delivery.getDouble("p50", -1.0), p99, result.getLong("lost"), errorCount(result),
                        row.getDouble("serverCpuPercent"), result.getJsonObject("gcDuringRun").encode(),
                        result.getJsonObject("writer").encode());
                boolean ok = p99 <= limitMs && result.getLong("lost") == 0 && result.getLong("unacked") == 0
                        && result.getLong("failed") == 0 && result.getLong("duplicates") == 0 && errorCount(result) == 0;
                if (!ok) {
                    stoppedBecause = p99 > limitMs ? "p99 " + p99 + " ms > " + limitMs + " ms at " + rate + " msg/s"
                            : "lost/unacked/errors at " + rate + " msg/s";
                    break;
                }
                sustained = rate;
            }
            return new JsonObject().put("active", active).put("stepSeconds", seconds).put("p99LimitMs", limitMs)
                    .put("connect", connect).put("steps", steps).put("sustainedRate", sustained)
                    .put("stoppedBecause", stoppedBecause).put("gc", t.server.gcPauses());
        }
    }

    /** S4: drop every client connection at once; all reconnect with backoff and resume. */
    private JsonObject s4(String kind) throws Exception {
        int clients = integer("clients", 19_000);
        int active = integer("active", 1000);
        double rate = number("rate", 500);
        double seconds = number("seconds", 45);
        double dropAt = number("drop-at", 10);
        try (var t = new Target(kind, 1, false)) {
            t.startGenerators(active, clients - active);
            var connect = t.connect();
            var command = step(rate / processes, seconds).put("dropAtSeconds", dropAt)
                    .put("reconnectJitterMs", integer("jitter-ms", 10_000)).put("drainSeconds", 40);
            double from = t.server.uptimeSeconds();
            var result = merge(t.all(command, (long) seconds + 180));
            t.server.requireAlive();
            result.put("gcDuringRun", t.server.gcPauses(from, t.server.uptimeSeconds()));
            return new JsonObject().put("clients", clients).put("active", active).put("rate", rate).put("seconds", seconds)
                    .put("dropAtSeconds", dropAt).put("connect", connect).put("result", result)
                    .put("server", t.server.sample(false)).put("gc", t.server.gcPauses());
        }
    }

    /**
     * S5: an agent invites every online visitor of the site ({@code invitation.send} with {@code all}), again and again;
     * per broadcast, the time from the intended send instant to each visitor's {@code invitation.received}.
     */
    private JsonObject s5(String kind) throws Exception {
        int visitors = integer("clients", 10_000);
        int count = integer("broadcasts", 30);
        int warm = integer("warm-broadcasts", 5);
        long interval = integer("interval-ms", 3000);
        try (var t = new Target(kind, 1, true)) {
            t.startGenerators(0, visitors);
            var connect = t.connect();
            // The first broadcasts after a start run in the interpreter and wait for the JIT: timed, reported apart,
            // and not part of the target, which is about a node that has been up a while.
            var coldMs = new JsonArray();
            long coldMissing = 0;
            if (warm > 0) {
                var cold = broadcasts(t, warm, interval);
                for (int i = 0; i < warm; i++) {
                    coldMs.add(Histograms.ms(lastArrival(cold, i)));
                    coldMissing += visitors - received(cold, i);
                }
            }
            double cpu0 = t.server.cpuSeconds();
            double from = t.server.uptimeSeconds();
            var replies = broadcasts(t, count, interval);
            double seconds = t.server.uptimeSeconds() - from;
            double cpu1 = t.server.cpuSeconds();
            t.server.requireAlive();
            var merged = merge(replies);
            var last = Histograms.create();
            var lastMs = new JsonArray();
            var sentCounts = new JsonArray();
            for (var r : replies) {
                sentCounts.addAll(r.getJsonArray("invitationsSent", new JsonArray()));
            }
            long missing = 0;
            for (int i = 0; i < count; i++) {
                long max = lastArrival(replies, i);
                missing += visitors - received(replies, i);
                Histograms.record(last, max);
                lastMs.add(Histograms.ms(max));
            }
            return new JsonObject().put("visitors", visitors).put("broadcasts", count).put("intervalMs", interval)
                    .put("warmBroadcasts", warm).put("warmToLastVisitorEachMs", coldMs).put("warmMissingDeliveries", coldMissing)
                    .put("connect", connect).put("perVisitorMs", merged.getJsonObject("latencyMs").getJsonObject("broadcast"))
                    .put("toLastVisitorMs", Histograms.summary(last)).put("toLastVisitorEachMs", lastMs)
                    .put("invitationsSentCounts", sentCounts).put("missingDeliveries", missing)
                    .put("errors", merged.getJsonObject("errors"))
                    .put("serverCpuPercent", round(100 * (cpu1 - cpu0) / seconds))
                    .put("gcDuringRun", t.server.gcPauses(from, from + seconds))
                    .put("server", t.server.sample(false)).put("gc", t.server.gcPauses());
        }
    }

    private List<JsonObject> broadcasts(Target t, int count, long interval) throws Exception {
        return t.all(new JsonObject().put("cmd", "broadcast").put("count", count).put("intervalMs", interval)
                .put("startEpochMs", System.currentTimeMillis() + 1000).put("drainSeconds", 5), count * interval / 1000 + 120);
    }

    /** Broadcast {@code i}'s latest arrival over all generators, µs after its intended send instant. */
    private static long lastArrival(List<JsonObject> replies, int i) {
        long max = 0;
        for (var r : replies) {
            max = Math.max(max, r.getJsonArray("perBroadcastMaxMicros").getLong(i));
        }
        return max;
    }

    private static long received(List<JsonObject> replies, int i) {
        long received = 0;
        for (var r : replies) {
            received += r.getJsonArray("perBroadcastReceived").getLong(i);
        }
        return received;
    }

    private static JsonObject step(double rate, double seconds) {
        return new JsonObject().put("cmd", "run").put("rate", rate).put("seconds", seconds)
                .put("startEpochMs", System.currentTimeMillis() + 1000).put("drainSeconds", 15);
    }

    // ---- reporting ----------------------------------------------------------------------------------------------------

    private JsonObject machine() throws Exception {
        var info = new JsonObject().put("nproc", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("loadavgBefore", loadBefore).put("loadavgAfter", loadAverage());
        for (var line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                info.put("memTotalGiB", round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0));
            }
        }
        for (var line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                info.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                break;
            }
        }
        return info;
    }

    private void report(String scenario, JsonObject results) throws Exception {
        var doc = new JsonObject().put("scenario", scenario).put("db", db).put("command", command)
                .put("when", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).put("machine", machine())
                .put("processes", processes).put("serverGc", opts.getOrDefault("server-gc", "-XX:+UseSerialGC"))
                .put("results", results);
        var out = Files.createDirectories(root.resolve(opts.getOrDefault("out", "docs/bench")));
        var base = scenario.toUpperCase(Locale.ROOT) + (scenario.equals("s6") || scenario.equals("s1") || scenario.equals("s5")
                ? "" : "-" + db) + (opts.containsKey("tag") ? "-" + opts.get("tag") : "");
        Files.writeString(out.resolve(base + ".json"), doc.encodePrettily());
        var table = Report.table(scenario, results);
        var md = "# " + base + "\n\n" + Report.describe(scenario) + "\n\n" + table + "\n\n"
                + "Command: `" + command + "`  \n" + "Database: " + db + "; generator processes: " + processes + "; server GC: "
                + opts.getOrDefault("server-gc", "-XX:+UseSerialGC") + "  \n"
                + "Machine: " + doc.getJsonObject("machine").encode() + "  \nWhen: " + doc.getString("when") + "\n\n"
                + "Full figures: [" + base + ".json](" + base + ".json)\n";
        Files.writeString(out.resolve(base + ".md"), md);
        System.out.println();
        System.out.println(table);
        System.out.println("wrote " + out.resolve(base + ".json") + " and .md");
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The start-up cache flags of ./parley: on JDK 25+ the AOT cache beside the jar, recorded by a run when missing or
     * older than the jar; before that a class-data archive the JVM keeps up to date itself.
     */
    private List<String> startupCacheFlags() throws IOException {
        if (Runtime.version().feature() < 25) {
            return List.of("-XX:SharedArchiveFile=" + root.resolve("server/target/parley.jsa"), "-XX:+AutoCreateSharedArchive");
        }
        var aot = root.resolve("server/target/parley.aot");
        if (startupCacheFresh()) {
            return List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off");
        }
        Files.deleteIfExists(aot);
        return List.of("-XX:AOTCacheOutput=" + aot, "-Xlog:aot=off");
    }

    private boolean startupCacheFresh() throws IOException {
        var aot = root.resolve("server/target/parley.aot");
        var jar = root.resolve("server/target/parley.jar");
        return Runtime.version().feature() < 25 || (Files.exists(aot)
                && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) > 0);
    }

    private void run(String scenario) throws Exception {
        var results = new JsonObject();
        if (targets().contains("parley") && !startupCacheFresh()) {
            // As after ./parley's first start: the measured starts use the cache, like every start but the first.
            System.out.println("== recording the start-up cache (one uncounted start and stop of Parley)");
            try (var ignored = new Target("parley", 1, false)) {
                // started and healthy; closing it stops it, and the JVM writes the cache as it exits
            }
        }
        for (var kind : targets()) {
            System.out.println("== " + scenario.toUpperCase(Locale.ROOT) + " against " + kind
                    + (kind.equals("parley") ? " (" + db + ")" : ""));
            var r = switch (scenario) {
                case "s1" -> s1(kind);
                case "s2" -> s2(kind);
                case "s3" -> s3(kind);
                case "s4" -> s4(kind);
                case "s5" -> s5(kind);
                case "s6" -> s6(kind);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario + "; use s1..s6");
            };
            results.put(kind, r);
        }
        report(scenario, results);
    }

    /** {@code Bench SCENARIO [--key value | --flag]…}; see bench/run. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench/run s1|s2|s3|s4|s5|s6 [--db sqlite|postgres] [--target parley|relay|both] [--processes N] …");
            System.exit(2);
        }
        var opts = new LinkedHashMap<String, String>();
        for (int i = 1; i < args.length; i++) {
            var key = args[i].replaceFirst("^--", "");
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                opts.put(key, args[++i]);
            } else {
                opts.put(key, "true");
            }
        }
        var command = System.getenv().getOrDefault("BENCH_COMMAND", "bench/run " + String.join(" ", args));
        var bench = new Bench(opts, command);
        try {
            bench.run(args[0].toLowerCase(Locale.ROOT));
        } finally {
            if (!opts.containsKey("keep")) {
                deleteTree(bench.runDir);
            } else {
                System.out.println("kept " + bench.runDir);
            }
        }
        System.exit(0);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
