package org.madoguchi.daemon.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuditRecord record(int i) {
        return new AuditRecord("2026-11-23T10:00:0" + (i % 10) + "Z", "Simulated Reader 0", "s-" + i, "pin", "verified", null,
                null, "0133C349", null, null, List.of("kiosk-1"));
    }

    @Test
    void appendsOneParsableLinePerRecord(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        try (AuditLog log = new AuditLog(f, 1 << 20, 3)) {
            log.append(record(1));
            log.append(new AuditRecord("2026-11-23T10:00:00Z", "r", "s-2", "visual", "verified", null, null, null,
                    "山田（受付）", "本人確認済み", List.of("reception")));
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("s-1", first.get("session").asText());
        assertEquals("0133C349", first.get("certificateSerial").asText());
        assertTrue(first.get("reason") == null, "absent fields are left out");
        assertEquals("山田（受付）", JSON.readTree(lines.get(1)).get("staff").asText());
    }

    @Test
    void tornLastLineIsCutOffKeptAsideAndTheRestSurvives(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        try (AuditLog log = new AuditLog(f, 1 << 20, 3)) {
            log.append(record(1));
            log.append(record(2));
        }
        Files.writeString(f, "{\"time\":\"2026-11-23T10:00:03Z\",\"rea", StandardOpenOption.APPEND);
        try (AuditLog log = new AuditLog(f, 1 << 20, 3)) {
            log.append(record(4));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        for (String l : lines) {
            JSON.readTree(l); // every line parses
        }
        assertEquals("s-4", JSON.readTree(lines.get(2)).get("session").asText());
        try (Stream<Path> s = Files.list(dir)) {
            Path torn = s.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")).findFirst().orElseThrow();
            assertTrue(Files.readString(torn).startsWith("{\"time\":\"2026-11-23T10:00:03Z\""));
        }
    }

    @Test
    void rotatesBySizeAndKeepsTheConfiguredNumberOfFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        int written = 60;
        try (AuditLog log = new AuditLog(f, 2048, 2)) {
            for (int i = 0; i < written; i++) {
                log.append(record(i));
            }
        }
        assertTrue(Files.size(f) <= 2048);
        assertTrue(Files.exists(dir.resolve("audit.jsonl.1")));
        assertTrue(Files.exists(dir.resolve("audit.jsonl.2")));
        assertTrue(!Files.exists(dir.resolve("audit.jsonl.3")));
        // The newest lines are in order across the current file and .1.
        List<String> newest = Files.readAllLines(f);
        assertEquals("s-" + (written - 1), JSON.readTree(newest.get(newest.size() - 1)).get("session").asText());
        List<String> before = Files.readAllLines(dir.resolve("audit.jsonl.1"));
        int lastOfPrevious = Integer.parseInt(JSON.readTree(before.get(before.size() - 1)).get("session").asText().substring(2));
        int firstOfCurrent = Integer.parseInt(JSON.readTree(newest.get(0)).get("session").asText().substring(2));
        assertEquals(lastOfPrevious + 1, firstOfCurrent);
    }
}
