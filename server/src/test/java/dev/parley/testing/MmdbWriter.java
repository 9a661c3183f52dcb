package dev.parley.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small but valid MaxMind DB file (format 2.0, https://maxmind.github.io/MaxMind-DB/): an IPv4 search tree
 * with 24-bit records, a data section and the metadata. No MaxMind test database ships in a jar on Maven Central, and
 * the GeoIP tests need a real file that the real reader opens.
 *
 * <p>Values may be {@link String}, {@link Integer}/{@link Long} (stored as uint32), {@link List} or {@link Map}.
 */
public final class MmdbWriter {
    private static final int EMPTY = -1;
    private final String databaseType;
    /** Each node: [left, right]; >= 0 another node, EMPTY, or <= -2 a data offset encoded as -2 - offset. */
    private final List<int[]> nodes = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
        nodes.add(new int[]{EMPTY, EMPTY});
    }

    /** A GeoLite2-City-shaped record: country (ISO code, English name) and city (English name, may be null). */
    public static Map<String, Object> cityRecord(String isoCode, String country, String city) {
        var record = new LinkedHashMap<String, Object>();
        record.put("country", Map.of("iso_code", isoCode, "geoname_id", 1L, "names", Map.of("en", country)));
        if (city != null) {
            record.put("city", Map.of("geoname_id", 2L, "names", Map.of("en", city)));
        }
        return record;
    }

    /** Maps the IPv4 network {@code address/prefix} to {@code value}. */
    public MmdbWriter add(String address, int prefix, Map<String, Object> value) {
        int offset = data.size();
        encode(value, data);
        var parts = address.split("\\.");
        long ip = 0;
        for (var p : parts) {
            ip = ip << 8 | Integer.parseInt(p);
        }
        int node = 0;
        for (int bit = 0; bit < prefix; bit++) {
            int side = (int) (ip >>> (31 - bit)) & 1;
            if (bit == prefix - 1) {
                nodes.get(node)[side] = -2 - offset;
            } else {
                int next = nodes.get(node)[side];
                if (next < 0) {
                    nodes.add(new int[]{EMPTY, EMPTY});
                    next = nodes.size() - 1;
                    nodes.get(node)[side] = next;
                }
                node = next;
            }
        }
        return this;
    }

    public Path write(Path file) throws IOException {
        var out = new ByteArrayOutputStream();
        int nodeCount = nodes.size();
        for (var node : nodes) {
            for (int record : node) {
                long value = record >= 0 ? record : record == EMPTY ? nodeCount : nodeCount + 16L + (-2 - record);
                out.write((int) (value >>> 16) & 0xFF);
                out.write((int) (value >>> 8) & 0xFF);
                out.write((int) value & 0xFF);
            }
        }
        out.write(new byte[16]); // data section separator
        data.writeTo(out);
        out.write(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", new Uint16(24));
        metadata.put("ip_version", new Uint16(4));
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", new Uint64(System.currentTimeMillis() / 1000));
        metadata.put("description", Map.of("en", "Parley test database"));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
        return file;
    }

    record Uint16(int value) {
    }

    record Uint64(long value) {
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case String s -> {
                var bytes = s.getBytes(StandardCharsets.UTF_8);
                control(2, bytes.length, out);
                out.writeBytes(bytes);
            }
            case Uint16 u -> unsigned(5, u.value(), out);
            case Integer i -> unsigned(6, i, out);
            case Long l -> unsigned(6, l, out);
            case Uint64 u -> unsigned(9, u.value(), out);
            case Map<?, ?> map -> {
                control(7, map.size(), out);
                for (var entry : map.entrySet()) {
                    encode((String) entry.getKey(), out);
                    encode(entry.getValue(), out);
                }
            }
            case List<?> list -> {
                control(11, list.size(), out);
                for (var item : list) {
                    encode(item, out);
                }
            }
            default -> throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    /** Big-endian, without leading zero bytes (zero takes no bytes at all). */
    private static void unsigned(int type, long value, ByteArrayOutputStream out) {
        int length = 0;
        for (long v = value; v != 0; v >>>= 8) {
            length++;
        }
        control(type, length, out);
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    /** The control byte (type in the top 3 bits, or 0 and an extended type byte), then any extra size bytes. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65_821 ? 30 : 31;
        out.write((type <= 7 ? type << 5 : 0) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (sizeBits == 29) {
            out.write(size - 29);
        } else if (sizeBits == 30) {
            out.write((size - 285) >>> 8);
            out.write((size - 285) & 0xFF);
        } else if (sizeBits == 31) {
            int rest = size - 65_821;
            out.write(rest >>> 16);
            out.write((rest >>> 8) & 0xFF);
            out.write(rest & 0xFF);
        }
    }
}
