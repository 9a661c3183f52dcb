package dev.parley.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions recorded at build time (resource filtering of parley-build.properties). */
final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    static String get(String name) {
        return PROPS.getProperty(name);
    }

    private static Properties load() {
        var props = new Properties();
        try (var in = BuildInfo.class.getClassLoader().getResourceAsStream("parley-build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}
