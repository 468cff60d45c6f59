package org.madoguchi.daemon.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.madoguchi.daemon.protocol.ServerMessage.HistoryEntry;

/**
 * Today's finished sessions, read back from the audit file and its rotated predecessors
 * ({@code history}). Only the fields the console may show are kept: no note, no certificate serial,
 * no client names. Reading is bounded: at most {@link #MAX_FILES} files and {@link #MAX_BYTES} bytes
 * in all; files are read newest first, and an older file is read only while the newer ones started
 * today. Lines that do not parse (a line being written right now) are skipped.
 */
final class AuditHistory {
    static final int MAX_FILES = 4;
    static final long MAX_BYTES = 48L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditHistory() {
    }

    /** At most {@code max} entries of {@code day} (in {@code zone}), newest first. */
    static List<HistoryEntry> read(Path file, LocalDate day, ZoneId zone, int max) throws IOException {
        List<HistoryEntry> newestFirst = new ArrayList<>();
        long budget = MAX_BYTES;
        for (int n = 0; n < MAX_FILES && newestFirst.size() < max && budget > 0; n++) {
            Path f = n == 0 ? file : file.resolveSibling(file.getFileName() + "." + n);
            if (!Files.isRegularFile(f)) {
                break;
            }
            Deque<HistoryEntry> today = new ArrayDeque<>();
            boolean startedBeforeToday = false;
            try (InputStream in = Files.newInputStream(f);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                boolean first = true;
                while ((line = r.readLine()) != null && budget > 0) {
                    budget -= line.length() + 1L;
                    HistoryEntry e = entry(line, day, zone);
                    if (first) {
                        startedBeforeToday = e == null || !sameDay(line, day, zone);
                        first = false;
                    }
                    if (e != null) {
                        today.addLast(e);
                        if (today.size() > max) {
                            today.removeFirst();
                        }
                    }
                }
            }
            while (!today.isEmpty() && newestFirst.size() < max) {
                newestFirst.add(today.removeLast());
            }
            if (startedBeforeToday) {
                break; // older files hold older days only
            }
        }
        return newestFirst;
    }

    private static boolean sameDay(String line, LocalDate day, ZoneId zone) {
        try {
            JsonNode n = JSON.readTree(line);
            return LocalDate.ofInstant(Instant.parse(n.path("time").asText()), zone).equals(day);
        } catch (IOException | DateTimeException e) {
            return false;
        }
    }

    /** The entry of one audit line when it is of {@code day}; null otherwise. */
    private static HistoryEntry entry(String line, LocalDate day, ZoneId zone) {
        JsonNode n;
        Instant time;
        try {
            n = JSON.readTree(line);
            time = Instant.parse(n.path("time").asText());
        } catch (IOException | DateTimeException e) {
            return null;
        }
        if (n == null || !n.isObject() || !LocalDate.ofInstant(time, zone).equals(day)) {
            return null;
        }
        Map<String, Boolean> consent = null;
        JsonNode c = n.get("consent");
        if (c != null && c.isObject()) {
            consent = new LinkedHashMap<>();
            var fields = c.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                consent.put(e.getKey(), e.getValue().asBoolean());
            }
        }
        return new HistoryEntry(time.toString(), text(n, "reader"), text(n, "session"), text(n, "outcome"),
                text(n, "method"), text(n, "reason"), text(n, "document"), text(n, "staff"), consent);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }
}
