package org.madoguchi.driver.face.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real test photos that the build fetched (pinned and checksummed) into
 * {@code target/face-test-data}: dlib's {@code examples/johns} (5 people × 11 aligned 150×150
 * faces) and {@code examples/faces}, and face-api's demo photos.
 */
final class TestFaces {
    private TestFaces() {
    }

    static Path root() {
        String dir = System.getProperty("face.testData");
        Path root = Path.of(dir == null ? "target/face-test-data" : dir);
        if (!Files.isDirectory(root.resolve("dlib/johns"))) {
            throw new IllegalStateException("test faces missing under " + root.toAbsolutePath()
                    + ": run the Maven build of reader-driver (generate-test-resources fetches them)");
        }
        return root;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Person name → that person's photos (relative paths), sorted. */
    static Map<String, List<String>> johns() {
        Map<String, List<String>> people = new TreeMap<>();
        Path root = root();
        try (Stream<Path> dirs = Files.list(root.resolve("dlib/johns"))) {
            for (Path dir : dirs.sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    people.put(dir.getFileName().toString(), files.filter(f -> f.toString().endsWith(".jpg"))
                            .sorted().map(f -> root.relativize(f).toString()).toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return people;
    }
}
