package org.madoguchi.daemon.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit file on a real, tiny file system (a 40 KiB tmpfs, mounted for the test: needs root, as
 * CI runs) that fills up while sessions go on finishing: every append that fails is rolled back,
 * so the file never holds a fragment and no later record is glued onto one; once there is room
 * again, appending goes on where the last whole record ended.
 */
class AuditDiskFullTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountTinyFileSystem() throws Exception {
        mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "a 40 KiB tmpfs cannot be mounted here (root needed): " + out.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static AuditRecord record(int i) {
        return new AuditRecord("2026-12-04T10:00:00." + String.format("%03dZ", i % 1000), "Simulated Reader 0",
                "s-" + i, "pin", "verified", null, null, "1B97CC46F4334192", null, null, List.of("kiosk-1"));
    }

    @Test
    void aFullDiskNeverLeavesAFragmentAndWritingGoesOnWhenThereIsRoomAgain() throws Exception {
        Path file = mount.resolve("audit.jsonl");
        Path filler = mount.resolve("filler");
        List<String> written = new ArrayList<>();
        int failures = 0;
        try (AuditLog log = new AuditLog(file, 1 << 20, 2)) {
            for (int i = 0; i < 400; i++) {
                if (i == 20) {
                    fill(filler); // someone else fills the disk
                }
                if (i == 300) {
                    Files.delete(filler); // and frees it again
                }
                try {
                    log.append(record(i));
                    written.add("s-" + i);
                } catch (IOException e) {
                    failures++;
                    // What the daemon would see: a failure, and the file exactly as before it.
                    assertWholeLines(file, written);
                }
            }
        }
        assertTrue(failures > 0, "the disk did fill up");
        assertTrue(written.size() > 20 + 5, "records were written after space came back: " + written.size());
        assertWholeLines(file, written);
        try (AuditLog reopened = new AuditLog(file, 1 << 20, 2)) {
            reopened.append(record(999));
        }
        written.add("s-999");
        assertWholeLines(file, written);
        try (Stream<Path> files = Files.list(mount)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".torn-")),
                    "the file was whole: nothing to set aside on open");
        }
    }

    /** Fills the file system, leaving a few hundred bytes: less than a batch of records needs. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[256];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // full
        }
    }

    private static void assertWholeLines(Path file, List<String> sessions) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n', "the file ends with a whole line");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(sessions.size(), lines.size(), "one line per record written, none for a failed one");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = JSON.readTree(lines.get(i));
            assertEquals(sessions.get(i), n.path("session").asText(), "line " + (i + 1));
        }
    }
}
