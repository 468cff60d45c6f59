package org.madoguchi.daemon.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit file looks like on open decides nothing: every line is checked, not only the last. */
class AuditRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "{\"time\":\"2026-12-04T10:00:01Z\",\"reader\":\"R\",\"session\":\"s-1\",\"outcome\":\"verified\"}";
    private static final String B = "{\"time\":\"2026-12-04T10:00:02Z\",\"reader\":\"R\",\"session\":\"s-2\",\"outcome\":\"verified\"}";
    private static final String C = "{\"time\":\"2026-12-04T10:00:03Z\",\"reader\":\"R\",\"session\":\"s-3\",\"outcome\":\"verified\"}";
    private static final String FRAGMENT = "{\"time\":\"2026-12-04T10:00:02Z\",\"reader\":\"R\",\"certificateSerial\":\"1";

    @Test
    void aRecordGluedOntoAFragmentInTheMiddleIsSavedAndTheFragmentSetAside(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        // What an older version left after a full disk: a fragment, the next record glued onto it.
        Files.writeString(f, A + "\n" + FRAGMENT + B + "\n" + C + "\n", StandardCharsets.UTF_8);
        try (AuditLog log = new AuditLog(f, 1 << 20, 2)) {
            log.append(new AuditRecord("2026-12-04T10:00:04Z", "R", "s-4", "pin", "verified", null, null, null, null, null,
                    List.of()));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(List.of("s-1", "s-2", "s-3", "s-4"), lines.stream().map(l -> {
            try {
                return JSON.readTree(l).path("session").asText();
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList());
        assertEquals(A, lines.get(0));
        assertEquals(B, lines.get(1));
        try (Stream<Path> s = Files.list(dir)) {
            Path torn = s.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")).findFirst()
                    .orElseThrow();
            assertEquals(FRAGMENT + "\n", Files.readString(torn));
        }
    }

    @Test
    void aBrokenLineAnywhereIsSetAsideAndAWholeFileIsLeftAlone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        Files.writeString(f, A + "\n" + "garbage\u0000\n" + B + "\n");
        new AuditLog(f, 1 << 20, 2).close();
        assertEquals(A + "\n" + B + "\n", Files.readString(f));
        long modified = Files.getLastModifiedTime(f).toMillis();
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")).count());
        }
        Thread.sleep(20);
        new AuditLog(f, 1 << 20, 2).close();
        assertEquals(modified, Files.getLastModifiedTime(f).toMillis(), "a whole file is not rewritten");
    }

    @Test
    void aLastRecordWithoutItsNewlineIsKept(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        Files.writeString(f, A + "\n" + B);
        new AuditLog(f, 1 << 20, 2).close();
        assertEquals(A + "\n" + B + "\n", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")));
        }
    }
}
