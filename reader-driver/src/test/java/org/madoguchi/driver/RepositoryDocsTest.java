package org.madoguchi.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The repository's documentation stands alone: no source, script or document cites a design or
 * domain note kept outside the repository, and every {@code docs/*.md} that a file names, and
 * every relative link in a Markdown file, is a file of the repository.
 */
class RepositoryDocsTest {
    /** The notes the team keeps outside the repository; cited here only as pieces, so this file passes. */
    private static final Pattern OUTSIDE_NOTES = Pattern.compile(
            "\\b(?:" + "design" + "|" + "domain" + "|" + "pcsc-ci" + ")\\.md\\b"
                    + "|\\b(?:" + "design" + "|" + "domain" + ") §");
    private static final Pattern DOCS_FILE = Pattern.compile("\\bdocs/([A-Za-z0-9_-]+\\.md)\\b");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Set<String> TEXT_EXTENSIONS = Set.of("java", "md", "xml", "js", "mjs", "ts", "sh",
            "html", "css", "yaml", "yml", "json", "properties", "txt", "apdu", "svg");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules");

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("reader-driver"))) {
                return p;
            }
        }
        throw new AssertionError("the repository root (with docs/ and pom.xml) is not above "
                + Path.of("").toAbsolutePath());
    }

    private static List<Path> textFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean hidden = name.startsWith(".") && !name.equals(".ci") && !dir.equals(root);
                return SKIPPED_DIRECTORIES.contains(name) || hidden
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot + 1);
                if (TEXT_EXTENSIONS.contains(ext) || file.getParent().getFileName().toString().equals(".ci")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return List.of(); // not text after all
        }
    }

    @Test
    void noFileCitesNotesKeptOutsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<String> found = new ArrayList<>();
        List<Path> files = textFiles(root);
        for (Path file : files) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE_NOTES.matcher(lines.get(i)).find()) {
                    found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(files.size() > 100, "the walk found the repository's files (" + files.size() + ")");
        assertTrue(found.isEmpty(), "cite docs/ instead (docs/card.md, docs/architecture.md, docs/simulator.md):\n"
                + String.join("\n", found));
    }

    @Test
    void everyDocsFileNamedAndEveryRelativeMarkdownLinkExists() throws IOException {
        Path root = repositoryRoot();
        List<String> missing = new ArrayList<>();
        for (Path file : textFiles(root)) {
            List<String> lines = lines(file);
            boolean markdown = file.getFileName().toString().endsWith(".md");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher docs = DOCS_FILE.matcher(line);
                while (docs.find()) {
                    if (!Files.isRegularFile(root.resolve("docs").resolve(docs.group(1)))) {
                        missing.add(root.relativize(file) + ":" + (i + 1) + ": docs/" + docs.group(1));
                    }
                }
                Matcher link = MARKDOWN_LINK.matcher(line);
                while (markdown && link.find()) {
                    String target = link.group(1);
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    if (path.isEmpty() || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue; // an anchor on the same page, or a URL
                    }
                    if (!Files.exists(file.getParent().resolve(path).normalize())) {
                        missing.add(root.relativize(file) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "references to files that are not in the repository:\n"
                + String.join("\n", missing));
    }

    @Test
    void theCheckRecognisesACitation() {
        String cited = "see " + "domain" + ".md §4.2";
        assertTrue(OUTSIDE_NOTES.matcher(cited).find());
        assertTrue(OUTSIDE_NOTES.matcher("(" + "pcsc-ci" + ".md, gotcha 1)").find());
        assertTrue(OUTSIDE_NOTES.matcher("(" + "design" + " §4)").find());
        assertTrue(!OUTSIDE_NOTES.matcher("docs/card.md §9.3").find());
        assertTrue(Stream.of("docs/card.md", "docs/architecture.md").allMatch(s -> DOCS_FILE.matcher(s).find()));
    }
}
