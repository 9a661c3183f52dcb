package dev.parley.http;

import dev.parley.config.ClasspathFiles;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Serves a fixed set of classpath files from memory, read once as the node starts (the console, chat page and widget:
 * about 60 files, 0.4 MB). Vert.x's StaticHandler instead copies each file out of the jar into a cache directory on
 * first use: at start that cost up to a second of CPU (mostly the kernel creating files), it blocked the event loop of
 * whoever asked first, and it needs a writable temp directory. ETags are content checksums, so they stay the same across
 * restarts and across nodes. Responses are compressed by the HTTP server.
 */
final class StaticAssets implements Handler<RoutingContext> {
    private record Asset(Buffer body, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;
    private final String cacheControl;

    private StaticAssets(Map<String, Asset> assets, int maxAgeSeconds) {
        this.assets = Map.copyOf(assets);
        this.cacheControl = "public, max-age=" + maxAgeSeconds;
    }

    /** Every file under the classpath directory {@code root} except pages ({@code .html}) and hidden files. */
    static StaticAssets tree(String root, int maxAgeSeconds) {
        var files = new HashMap<String, Asset>();
        for (var name : ClasspathFiles.list(root)) {
            var fileName = name.substring(name.lastIndexOf('/') + 1);
            if (!fileName.startsWith(".") && !fileName.endsWith(".html")) {
                files.put(name, read(root + "/" + name));
            }
        }
        return new StaticAssets(files, maxAgeSeconds);
    }

    /** The named files under the classpath directory {@code root}; a missing one is a packaging error. */
    static StaticAssets files(String root, Collection<String> names, int maxAgeSeconds) {
        var files = new HashMap<String, Asset>();
        names.forEach(name -> files.put(name, read(root + "/" + name)));
        return new StaticAssets(files, maxAgeSeconds);
    }

    /** Mounted on {@code /prefix/*}: answers GET and HEAD for a known file, passes everything else on. */
    @Override
    public void handle(RoutingContext ctx) {
        var method = ctx.request().method();
        var asset = assets.get(ctx.pathParam("*"));
        if (asset == null || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
            ctx.next();
            return;
        }
        // Compressed or not by the HTTP server: the same weak ETag, and caches keep one copy per Accept-Encoding.
        var response = ctx.response().putHeader("ETag", asset.etag).putHeader("Cache-Control", cacheControl)
                .putHeader("Vary", "Accept-Encoding");
        if (matches(ctx.request().getHeader("If-None-Match"), asset.etag)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", asset.contentType);
        Responses.end(ctx, asset.body);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (var candidate : ifNoneMatch.split(",")) {
            var tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || ("W/" + tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Asset read(String path) {
        var bytes = ClasspathFiles.read(path);
        var crc = new CRC32C();
        crc.update(bytes);
        var etag = "W/\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"";
        return new Asset(Buffer.buffer(bytes), contentType(path), etag);
    }

    private static String contentType(String path) {
        var type = MimeMapping.mimeTypeForFilename(path);
        if (type == null) {
            return "application/octet-stream";
        }
        var textual = type.startsWith("text/") || type.equals("application/json");
        return textual ? type + ";charset=UTF-8" : type;
    }
}
