package dev.parley.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;

/** Lists and reads files under a classpath directory, whether it is inside the jar or (in tests) a plain directory. */
public final class ClasspathFiles {
    private ClasspathFiles() {
    }

    /** Names relative to {@code root}, with {@code /} separators; an {@link IllegalStateException} if it is missing. */
    public static SortedSet<String> list(String root) {
        var names = new TreeSet<String>();
        try {
            var url = ClasspathFiles.class.getClassLoader().getResource(root);
            if (url == null) {
                // A jar repacked without directory entries: look in the jar this class came from.
                var location = Path.of(ClasspathFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(location)) {
                    try (var jar = new JarFile(location.toFile())) {
                        addEntries(jar, root, names);
                    }
                }
            } else if (url.getProtocol().equals("jar")) {
                var connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (var jar = connection.getJarFile()) {
                    addEntries(jar, root, names);
                }
            } else {
                var dir = Path.of(url.toURI());
                try (var files = Files.walk(dir)) {
                    files.filter(Files::isRegularFile)
                            .forEach(f -> names.add(dir.relativize(f).toString().replace('\\', '/')));
                }
            }
        } catch (IOException | URISyntaxException | SecurityException e) {
            throw new IllegalStateException("Cannot list " + root + "/ in the jar: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("Missing from the jar: " + root + "/");
        }
        return names;
    }

    /** The bytes of a classpath file; an {@link IllegalStateException} if it is missing. */
    public static byte[] read(String path) {
        try (var in = ClasspathFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the jar: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " from the jar", e);
        }
    }

    private static void addEntries(JarFile jar, String root, SortedSet<String> names) {
        var prefix = root + "/";
        jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix))
                .forEach(e -> names.add(e.getName().substring(prefix.length())));
    }
}
