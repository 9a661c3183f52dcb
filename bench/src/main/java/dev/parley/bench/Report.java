package dev.parley.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed / Markdown table of one scenario: Parley, the relay, and Parley as a ratio to the relay. */
final class Report {
    private Report() {
    }

    static String describe(String scenario) {
        return switch (scenario) {
            case "s1" -> "S1 — hold idle visitors (heartbeats every 20 s) on one node; memory per connection after a full GC. "
                    + "Targets: all connected; heap ≤ 10 KB and RSS growth ≤ 14 KB per connection.";
            case "s2" -> "S2 — active conversations among idle visitors at a fixed open-loop rate, half visitor→agent, half "
                    + "agent→visitor; latency from the intended send time to receipt on the other side. Targets: p50 ≤ 5 ms, p99 ≤ 25 ms, 0 lost.";
            case "s3" -> "S3 — the rate is raised step by step until p99 > 100 ms or anything is lost or refused; the sustained "
                    + "rate is the last step that passed (every message committed and acknowledged). Targets: ≥ 10,000 msg/s on "
                    + "PostgreSQL, ≥ 5,000 on SQLite, ≥ 0.5× the relay.";
            case "s4" -> "S4 — every client connection is cut at once (TCP closed, no WebSocket close); each reconnects after a "
                    + "random 0–10 s delay with its token, resumes from its last seq and resends its outbox, while messages keep "
                    + "flowing. Targets: all resumed ≤ 30 s; 0 lost, 0 duplicated, 0 failed.";
            case "s5" -> "S5 — one agent invites every online visitor of its site (invitation.send with all:true; visitors are "
                    + "connected, have viewed a page and have no conversation), again every few seconds; latency from the "
                    + "intended send instant to each visitor's invitation.received. Target: p95 over the broadcasts of the time "
                    + "to the last visitor ≤ 250 ms. The first broadcasts after the start (--warm-broadcasts, 5) warm the JIT: "
                    + "they are reported apart and not counted.";
            case "s6" -> "S6 — cold start (process start to the first 200 from GET /health, fresh data directory) and the idle "
                    + "process's memory. Targets: ≤ 2 s; RSS ≤ 200 MB.";
            default -> scenario;
        };
    }

    static String table(String scenario, JsonObject results) {
        var rows = new ArrayList<String[]>();
        var parley = results.getJsonObject("parley");
        var relay = results.getJsonObject("relay");
        switch (scenario) {
            case "s1" -> {
                rows.add(row("connected", parley, relay, r -> (double) r.getJsonObject("connect").getInteger("connected")));
                rows.add(row("heap after GC per connection (KB)", parley, relay, r -> r.getDouble("heapPerConnectionKb")));
                rows.add(row("RSS growth per connection (KB)", parley, relay, r -> r.getDouble("rssPerConnectionKb")));
                rows.add(row("RSS with all connected (MB)", parley, relay, r -> r.getJsonObject("after").getLong("rssKb") / 1024.0));
                rows.add(row("server CPU while holding (%)", parley, relay, r -> r.getDouble("cpuPercentWhileHolding")));
                rows.add(row("connect time (s)", parley, relay, r -> r.getJsonObject("connect").getDouble("seconds")));
                rows.add(row("unexpected closes", parley, relay, r -> (double) r.getLong("unexpectedCloses")));
            }
            case "s2", "s4" -> {
                rows.add(row("sent", parley, relay, r -> (double) r.getJsonObject("result").getLong("sent")));
                rows.add(row("lost", parley, relay, r -> (double) r.getJsonObject("result").getLong("lost")));
                rows.add(row("duplicated", parley, relay, r -> (double) r.getJsonObject("result").getLong("duplicates")));
                rows.add(row("failed / errors", parley, relay, r -> (double) (r.getJsonObject("result").getLong("failed")
                        + r.getJsonObject("result").getJsonObject("errors").size())));
                for (var h : List.of("delivery", "visitorToAgent", "agentToVisitor", "ack")) {
                    for (var p : List.of("p50", "p99", "max")) {
                        rows.add(row(h + " " + p + " (ms)", parley, relay, r -> latency(r.getJsonObject("result"), h, p)));
                    }
                }
                rows.add(row("generator send lag p99 (ms)", parley, relay, r -> latency(r.getJsonObject("result"), "sendLag", "p99")));
                rows.add(row("server GC pauses during run", parley, relay, r -> r.getJsonObject("result").getJsonObject("gcDuringRun").getDouble("count")));
                rows.add(row("longest server GC pause during run (ms)", parley, relay, r -> r.getJsonObject("result").getJsonObject("gcDuringRun").getDouble("maxMs")));
                if (scenario.equals("s4")) {
                    rows.add(row("dropped connections", parley, relay, r -> (double) r.getJsonObject("result").getLong("dropped")));
                    rows.add(row("resumed connections", parley, relay, r -> (double) r.getJsonObject("result").getLong("resumed")));
                    rows.add(row("time to resume p50 (ms)", parley, relay, r -> latency(r.getJsonObject("result"), "resume", "p50")));
                    rows.add(row("time to resume, all (ms)", parley, relay, r -> latency(r.getJsonObject("result"), "resume", "max")));
                } else {
                    rows.add(row("server CPU (%)", parley, relay, r -> r.getDouble("serverCpuPercent")));
                    rows.add(row("writer busy (%)", parley, relay, r -> r.getJsonObject("result").getJsonObject("writer").getDouble("writerBusyPercent")));
                    rows.add(row("writer µs per op", parley, relay, r -> r.getJsonObject("result").getJsonObject("writer").getDouble("microsPerOp")));
                    rows.add(row("writer mean batch size", parley, relay, r -> r.getJsonObject("result").getJsonObject("writer").getDouble("meanBatchSize")));
                }
            }
            case "s3" -> {
                rows.add(row("sustained rate (msg/s)", parley, relay, r -> r.getDouble("sustainedRate")));
                var all = new ArrayList<Double>();
                for (var target : java.util.Arrays.asList(parley, relay)) {
                    if (target != null) {
                        for (var s : target.getJsonArray("steps")) {
                            var rate = ((JsonObject) s).getDouble("rate");
                            if (!all.contains(rate)) {
                                all.add(rate);
                            }
                        }
                    }
                }
                all.sort(Double::compare);
                for (var rate : all) {
                    rows.add(row(String.format(Locale.ROOT, "p99 at %,.0f msg/s (ms)", rate), parley, relay, r -> {
                        for (var s : r.getJsonArray("steps")) {
                            var step = (JsonObject) s;
                            if (step.getDouble("rate").equals(rate)) {
                                return latency(step.getJsonObject("result"), "delivery", "p99");
                            }
                        }
                        return null;
                    }));
                }
            }
            case "s5" -> {
                rows.add(row("time to last visitor p50 (ms)", parley, relay, r -> r.getJsonObject("toLastVisitorMs").getDouble("p50")));
                rows.add(row("time to last visitor p95 (ms)", parley, relay, r -> r.getJsonObject("toLastVisitorMs").getDouble("p95")));
                rows.add(row("time to last visitor max (ms)", parley, relay, r -> r.getJsonObject("toLastVisitorMs").getDouble("max")));
                rows.add(row("per visitor p50 (ms)", parley, relay, r -> r.getJsonObject("perVisitorMs").getDouble("p50")));
                rows.add(row("per visitor p95 (ms)", parley, relay, r -> r.getJsonObject("perVisitorMs").getDouble("p95")));
                rows.add(row("per visitor p99 (ms)", parley, relay, r -> r.getJsonObject("perVisitorMs").getDouble("p99")));
                rows.add(row("missing deliveries", parley, relay, r -> (double) r.getLong("missingDeliveries")));
                rows.add(row("warm-up broadcasts: slowest to last visitor (ms)", parley, relay, r -> r.getJsonArray("warmToLastVisitorEachMs", new JsonArray())
                        .stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(-1.0)));
                rows.add(row("warm-up broadcasts: missing deliveries", parley, relay, r -> (double) r.getLong("warmMissingDeliveries", 0L)));
                rows.add(row("server CPU during broadcasts (%)", parley, relay, r -> r.getDouble("serverCpuPercent", -1.0)));
                rows.add(row("server GC pauses during broadcasts", parley, relay, r -> (double) r.getJsonObject("gcDuringRun").getLong("count")));
                rows.add(row("longest server GC pause (ms)", parley, relay, r -> r.getJsonObject("gcDuringRun").getDouble("maxMs")));
            }
            case "s6" -> {
                rows.add(row("start to first request, median (ms)", parley, relay, r -> r.getDouble("startMsMedian")));
                rows.add(row("start to first request, max (ms)", parley, relay, r -> r.getDouble("startMsMax")));
                rows.add(row("idle RSS, median (MB)", parley, relay, r -> r.getDouble("idleRssMbMedian")));
                rows.add(row("idle heap after GC (MB)", parley, relay, r ->
                        r.getJsonArray("runs").getJsonObject(0).getJsonObject("idle").getDouble("heapAfterGcKb") / 1024.0));
            }
            default -> {
            }
        }
        var sb = new StringBuilder("| " + scenario.toUpperCase(Locale.ROOT) + " | Parley | relay | Parley ÷ relay |\n|---|---:|---:|---:|\n");
        for (var r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }

    private interface Figure {
        Double of(JsonObject result);
    }

    private static Double latency(JsonObject result, String histogram, String percentile) {
        var h = result.getJsonObject("latencyMs").getJsonObject(histogram);
        return h == null ? null : h.getDouble(percentile);
    }

    private static String[] row(String label, JsonObject parley, JsonObject relay, Figure figure) {
        var p = safe(parley, figure);
        var r = safe(relay, figure);
        String ratio = p != null && r != null && r != 0 ? String.format(Locale.ROOT, "%.2f", p / r) : "—";
        return new String[]{label, format(p), format(r), ratio};
    }

    private static Double safe(JsonObject target, Figure figure) {
        if (target == null) {
            return null;
        }
        try {
            return figure.of(target);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String format(Double v) {
        if (v == null) {
            return "—";
        }
        return v == Math.rint(v) && Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
