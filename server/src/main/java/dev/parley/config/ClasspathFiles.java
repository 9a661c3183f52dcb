package dev.parley.config;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;

/** Lists the files under a classpath directory, whether it is inside the jar or (in tests) a plain directory. */
public final class ClasspathFiles {
    private ClasspathFiles() {
    }

    /** Names relative to {@code root}, with {@code /} separators; an {@link IllegalStateException} if it is missing. */
    public static SortedSet<String> list(String root) {
        var url = ClasspathFiles.class.getClassLoader().getResource(root);
        if (url == null) {
            return fromOwnJar(root); // a jar repacked without directory entries
        }
        var names = new TreeSet<String>();
        try {
            if (url.getProtocol().equals("jar")) {
                var connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (var jar = connection.getJarFile()) {
                    var prefix = root + "/";
                    jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix))
                            .forEach(e -> names.add(e.getName().substring(prefix.length())));
                }
            } else {
                var dir = Path.of(url.toURI());
                try (var files = Files.walk(dir)) {
                    files.filter(Files::isRegularFile)
                            .forEach(f -> names.add(dir.relativize(f).toString().replace('\\', '/')));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list " + root + "/ in the jar: " + e.getMessage(), e);
        }
        return names;
    }

    private static SortedSet<String> fromOwnJar(String root) {
        var names = new TreeSet<String>();
        try {
            var location = Path.of(ClasspathFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                try (var jar = new java.util.jar.JarFile(location.toFile())) {
                    var prefix = root + "/";
                    jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix))
                            .forEach(e -> names.add(e.getName().substring(prefix.length())));
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
}
