package org.madoguchi.daemon.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.protocol.ServerMessage.HistoryEntry;

/** Today's sessions read back from the audit file and its rotated files. */
class AuditHistoryTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final LocalDate DAY = LocalDate.of(2026, 12, 4);

    private static String line(String time, String session) {
        return "{\"time\":\"" + time + "\",\"reader\":\"R\",\"session\":\"" + session + "\",\"method\":\"pin\","
                + "\"outcome\":\"verified\",\"certificateSerial\":\"AB\",\"note\":\"n\",\"clients\":[\"k\"],"
                + "\"consent\":{\"medication\":true}}\n";
    }

    @Test
    void todayInTheLocalZoneNewestFirstAcrossRotatedFilesWithinTheBound(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        // .2: yesterday (Tokyo) only; .1: yesterday then today; current: today, a torn line, today.
        Files.writeString(dir.resolve("audit.jsonl.2"), line("2026-12-02T16:00:00Z", "old"));
        Files.writeString(dir.resolve("audit.jsonl.1"), line("2026-12-03T14:59:59Z", "y") + line("2026-12-03T15:00:00Z", "a"));
        Files.writeString(file, line("2026-12-04T01:00:00Z", "b") + "{\"time\":\"2026-12-04T0" + "\n"
                + line("2026-12-04T02:00:00Z", "c"));
        List<HistoryEntry> all = AuditHistory.read(file, DAY, TOKYO, 500);
        assertEquals(List.of("c", "b", "a"), all.stream().map(HistoryEntry::session).toList());
        assertEquals(java.util.Map.of("medication", true), all.get(0).consent());
        assertEquals(List.of("c", "b"), AuditHistory.read(file, DAY, TOKYO, 2).stream().map(HistoryEntry::session).toList());
        assertEquals(List.of(), AuditHistory.read(dir.resolve("none.jsonl"), DAY, TOKYO, 500));
    }
}
