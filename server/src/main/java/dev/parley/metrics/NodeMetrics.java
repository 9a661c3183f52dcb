package dev.parley.metrics;

import dev.parley.gateway.WebSocketGateway;
import dev.parley.store.BatchingWriter;
import dev.parley.store.Database;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the node's figures in the Prometheus text exposition format (version 0.0.4), formatted by
 * hand from counters the gateway, the writer and the pool already keep — a dozen lines do not justify a metrics
 * library on the hot path (see docs/dependencies.md).
 *
 * <p>Like {@code /health}, this route is unauthenticated: expose it only to the monitoring network.
 */
public final class NodeMetrics {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private NodeMetrics() {
    }

    public static void serve(RoutingContext ctx, WebSocketGateway gateway, BatchingWriter writer, Database db) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store")
                .end(render(gateway, writer, db));
    }

    static String render(WebSocketGateway gateway, BatchingWriter writer, Database db) {
        var out = new StringBuilder(4096);
        gauge(out, "parley_websocket_connections", "Open WebSocket connections.", gateway.openConnections());
        counter(out, "parley_frames_received_total", "WebSocket text frames received from clients.", gateway.framesReceived());
        counter(out, "parley_frames_sent_total", "WebSocket text frames sent to clients.", gateway.framesSent());
        gauge(out, "parley_writer_queue_depth", "Write operations waiting for the batching writer.", writer.queued());
        gauge(out, "parley_writer_healthy", "1 while the writer commits, 0 while the database is failing.", writer.isHealthy() ? 1 : 0);
        counter(out, "parley_writer_batches_total", "Committed writer batches (transactions).", writer.batches());
        counter(out, "parley_writer_ops_total", "Committed write operations.", writer.committedOps());
        writer.batchSizes().appendTo(out, "parley_writer_batch_size", "Operations per committed batch.");
        writer.batchSeconds().appendTo(out, "parley_writer_batch_seconds", "Time to apply and commit one batch.");
        gauge(out, "parley_db_pool_active", "Pool connections in use.", db.activeConnections());
        gauge(out, "parley_db_pool_idle", "Pool connections idle.", db.idleConnections());
        gauge(out, "parley_db_pool_pending", "Threads waiting for a pool connection.", db.pendingThreads());
        var memory = Runtime.getRuntime();
        gauge(out, "parley_jvm_heap_used_bytes", "Heap in use (includes garbage not yet collected).", memory.totalMemory() - memory.freeMemory());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        line(out, name, help, "gauge", value);
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        line(out, name, help, "counter", value);
    }

    private static void line(StringBuilder out, String name, String help, String type, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
    }
}
