package dev.parley.bench;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** HdrHistogram helpers: latencies in microseconds, encoded as base64 compressed histograms between processes. */
final class Histograms {
    /** Anything slower than two minutes is clamped; a run never lasts that long per message. */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);

    private Histograms() {
    }

    static Histogram create() {
        return new Histogram(MAX_MICROS, 3);
    }

    static void record(Histogram h, long micros) {
        h.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    static String encode(Histogram h) {
        var buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Not an encoded histogram", e);
        }
    }

    /** Adds {@code encoded} into {@code sum} (null or missing is nothing). */
    static void addInto(Histogram sum, String encoded) {
        if (encoded != null && !encoded.isEmpty()) {
            sum.add(decode(encoded));
        }
    }

    /** count, p50, p90, p95, p99, p999, max — in milliseconds. */
    static JsonObject summary(Histogram h) {
        return new JsonObject()
                .put("count", h.getTotalCount())
                .put("p50", ms(h.getValueAtPercentile(50)))
                .put("p90", ms(h.getValueAtPercentile(90)))
                .put("p95", ms(h.getValueAtPercentile(95)))
                .put("p99", ms(h.getValueAtPercentile(99)))
                .put("p999", ms(h.getValueAtPercentile(99.9)))
                .put("max", ms(h.getMaxValue()))
                .put("mean", Math.round(h.getMean()) / 1000.0);
    }

    static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
