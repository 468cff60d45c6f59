package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.reply;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.resultOn;
import static org.madoguchi.daemon.WsTestClient.sessionIn;
import static org.madoguchi.daemon.WsTestClient.sessionState;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.config.DaemonConfig;

/**
 * The audit file under a crash and under a failing disk.
 *
 * <p>The daemon writes and forces each session's line before it sends the {@code result}
 * ({@code ReaderHub.audit}), so a daemon killed with SIGKILL in the middle of a burst of sessions
 * has lost no line that a result was sent for; and the next start accepts the file (a torn last
 * line, if any, is set aside) and appends to it.
 */
class AuditCrashTest {
    static final int READERS = 4;
    /** The daemon is killed when the driver has seen this many results. */
    static final int KILL_AFTER = 40;
    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(30);
    static final String STAFF_NAME = "sim-staff";

    /** One daemon as a separate JVM, started the way an operator would. */
    static final class Child implements AutoCloseable {
        final Process process;
        final Path readyFile;
        final Path stderr;

        private Child(Process process, Path readyFile, Path stderr) {
            this.process = process;
            this.readyFile = readyFile;
            this.stderr = stderr;
        }

        static Child start(Path dir, String name, Path config) throws IOException {
            Path ready = dir.resolve(name + ".ready");
            Files.deleteIfExists(ready);
            Path err = dir.resolve(name + ".stderr");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "org.madoguchi.daemon.DaemonMain", "--simulate", "--readers", String.valueOf(READERS),
                    "--port", "0", "--ready-file", ready.toString(), "--config", config.toString())
                    .redirectOutput(dir.resolve(name + ".stdout").toFile())
                    .redirectError(err.toFile());
            return new Child(pb.start(), ready, err);
        }

        /** The base URL once the ready file is there; fails if the process ends first or takes too long. */
        String awaitReady() throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() - deadline < 0) {
                if (Files.exists(readyFile)) {
                    String url = Files.readString(readyFile).trim();
                    if (!url.isEmpty()) {
                        return url;
                    }
                }
                if (!process.isAlive()) {
                    fail("the daemon exited with " + process.exitValue() + " before it was ready:\n" + log());
                }
                Thread.sleep(50);
            }
            return fail("the daemon was not ready within " + START + ":\n" + log());
        }

        int awaitExit() throws Exception {
            assertTrue(process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), () -> "the daemon did not end within "
                    + STOP + ":\n" + log());
            return process.exitValue();
        }

        String log() {
            try {
                String text = Files.readString(stderr);
                return text.length() > 8000 ? "…" + text.substring(text.length() - 8000) : text;
            } catch (IOException e) {
                return "(no standard error: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** What a reader does next; the kinds take turns so each reader runs all three. */
    enum Kind {
        /** Fails at once, no command. */
        NOT_MY_NUMBER("not-my-number"),
        /** chooseMode pin, submitPin 1234 → verified by PIN. */
        PIN("default"),
        /** requestVisual, confirmVisual → verified by 目視確認. */
        VISUAL("under15");

        final String profile;

        Kind(String profile) {
            this.profile = profile;
        }
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static String config(Path audit) {
        return "auditFile: '" + audit.toString().replace("'", "''") + "'\n"
                + "limits: {messagesPerSecond: 10000, burst: 100000}\n"
                + "consent: {items: []}\n"; // the burst verifies by PIN; no patient answers consent here
    }

    @Test
    @Timeout(240)
    void sigkillInABurstLosesNoLineAResultWasSentForAndTheNextStartTakesTheFile(@TempDir Path dir)
            throws Exception {
        assumeTrue(linux(), "Process.destroyForcibly() is SIGKILL only on Linux/POSIX: skipped on "
                + System.getProperty("os.name"));
        Path audit = dir.resolve("audit.jsonl");
        Path cfg = dir.resolve("madoguchi.yaml");
        Files.writeString(cfg, config(audit));
        long t0 = System.nanoTime();

        // 1. A burst of sessions on four readers; SIGKILL after KILL_AFTER results, with sessions in flight.
        Map<String, JsonNode> sent = new LinkedHashMap<>();
        Set<String> accepted;
        try (Child first = Child.start(dir, "first", cfg)) {
            String url = first.awaitReady();
            long ready = System.nanoTime();
            try (WsTestClient driver = WsTestClient.connect(url)) {
                assertEquals("staff", driver.hello("crash-driver").path("role").asText());
                List<String> anomalies = burstThenKill(driver, first.process);
                assertEquals(137, first.awaitExit(), "killed by SIGKILL (128 + 9)");
                assertEquals(List.of(), anomalies, "every session of the burst went as planned");
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!driver.ended() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                assertTrue(driver.ended(), "the driver's connection ended with the daemon");
                for (JsonNode m : driver.received()) {
                    if (type("result").test(m)) {
                        assertEquals(null, sent.put(m.path("session").asText(), m), () -> "two results: " + m);
                    }
                }
                accepted = driver.acceptedSessions();
            }
            System.out.printf(Locale.ROOT, "AuditCrashTest: first daemon ready in %d ms; %d results received"
                    + " before SIGKILL%n", (ready - t0) / 1_000_000, sent.size());
        }
        assertTrue(sent.size() >= KILL_AFTER, "results received: " + sent.size());

        // 2. After the kill: every result sent has exactly one complete line, and every line parses.
        byte[] afterKill = Files.readAllBytes(audit);
        int end = lastNewlineEnd(afterKill);
        byte[] complete = Arrays.copyOf(afterKill, end);
        byte[] torn = Arrays.copyOfRange(afterKill, end, afterKill.length);
        Map<String, JsonNode> lines = parseLines(complete);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : sent.entrySet()) {
            JsonNode line = lines.get(r.getKey());
            if (line == null) {
                problems.add("session " + r.getKey() + ": result sent, no audit line");
            } else {
                Set<String> clients = accepted.contains(r.getKey()) ? Set.of(STAFF_NAME) : Set.of();
                problems.addAll(DaemonFixture.mismatches(line, r.getValue(), clients));
            }
        }
        assertEquals(List.of(), problems, "the audit file after SIGKILL");
        boolean naturallyTorn = torn.length > 0;
        if (!naturallyTorn) {
            // A write(2) of one short line is not torn by SIGKILL, but a power cut can leave half a
            // line; put one there so that the restart's recovery is exercised every time.
            torn = "{\"time\":\"2026-11-23T10:00:03Z\",\"reader\":\"Simulated Rea".getBytes(StandardCharsets.UTF_8);
            Files.write(audit, torn, StandardOpenOption.APPEND);
        }
        System.out.printf(Locale.ROOT, "AuditCrashTest: %d complete lines after SIGKILL (%d written but not seen"
                + " as a result), torn tail: %s%n", lines.size(), lines.size() - sent.size(),
                naturallyTorn ? torn.length + " bytes (left by the kill)" : "none (one injected)");

        // 3. The next start on the same file: ready, healthy, the torn tail set aside, one more session.
        String newSession;
        try (Child second = Child.start(dir, "second", cfg)) {
            String url = second.awaitReady();
            JsonNode health = WsTestClient.JSON.readTree(get(url + "/health"));
            assertEquals("ok", health.path("status").asText(), health::toString);
            assertEquals("ok", health.path("audit").asText(), health::toString);
            assertTrue(Arrays.equals(complete, Files.readAllBytes(audit)),
                    "on start the file is cut back to its complete lines, each kept as it was");
            List<Path> tornFiles;
            try (Stream<Path> files = Files.list(dir)) {
                tornFiles = files.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")).toList();
            }
            assertEquals(1, tornFiles.size(), "one torn-* file: " + tornFiles);
            byte[] tornLine = Arrays.copyOf(torn, torn.length + 1);
            tornLine[torn.length] = '\n';
            assertTrue(Arrays.equals(tornLine, Files.readAllBytes(tornFiles.get(0))),
                    "it holds the torn tail, as it was, on a line of its own");

            try (WsTestClient c = WsTestClient.connect(url)) {
                c.hello("after-restart");
                c.send(object("type", "sim.insert", "id", "i1", "reader", R0, "profile", "default"));
                assertEquals("reply", c.await(reply("i1")).path("type").asText());
                newSession = c.await(sessionIn(R0, "choose_mode")).path("session").asText();
                c.send(object("type", "chooseMode", "id", "m1", "session", newSession, "mode", "pin"));
                c.await(sessionState(newSession, "pin_entry"));
                c.send(object("type", "submitPin", "id", "p1", "session", newSession, "pin", "1234"));
                JsonNode result = c.await(resultOf(newSession));
                assertEquals("verified", result.path("outcome").asText(), result::toString);
                sent.put(newSession, result);
            }
            second.process.destroy(); // SIGTERM: the shutdown hook stops the daemon
            assertEquals(143, second.awaitExit(), () -> "stopped by SIGTERM (128 + 15):\n" + second.log());
            assertFalse(Files.exists(second.readyFile), "a clean stop deletes the ready file");
        }

        // 4. The file parses line by line and holds the old lines and the new session's, once.
        byte[] finalBytes = Files.readAllBytes(audit);
        assertEquals(finalBytes.length, lastNewlineEnd(finalBytes), "the file ends with a complete line");
        assertTrue(Arrays.equals(complete, Arrays.copyOf(finalBytes, complete.length)), "the old lines are intact");
        Map<String, JsonNode> finalLines = parseLines(finalBytes);
        assertEquals(lines.size() + 1, finalLines.size());
        assertEquals(List.of(), DaemonFixture.mismatches(finalLines.get(newSession), sent.get(newSession),
                Set.of(STAFF_NAME)), "the new session's line");
        System.out.printf(Locale.ROOT, "AuditCrashTest: crash test took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Runs sessions on every reader, each reader starting its next card as soon as its result is
     * in. Once {@link #KILL_AFTER} results have arrived, another thread kills the daemon a few
     * milliseconds later while the driver goes on driving, so that the kill lands among steps,
     * audit writes and results on their way. Returns what went otherwise than planned.
     */
    private static List<String> burstThenKill(WsTestClient driver, Process daemon) throws Exception {
        List<String> anomalies = new ArrayList<>();
        Map<String, Kind> running = new HashMap<>();
        Map<String, Integer> rounds = new HashMap<>();
        Set<String> handled = new HashSet<>();
        int[] ids = {0};
        int results = 0;
        Thread killer = null;
        boolean sending = true;
        for (int i = 0; i < READERS; i++) {
            startNext(driver, "Simulated Reader " + i, i, running, rounds, ids);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try {
            while (true) {
                assertTrue(System.nanoTime() - deadline < 0, "the burst took too long; results: " + results);
                JsonNode m = driver.poll(Duration.ofSeconds(15)).orElse(null);
                if (m == null) {
                    fail("no message for 15 s (kill issued: " + (killer != null) + ", results: " + results + ")");
                }
                String type = m.path("type").asText();
                if (type.equals("_closed") || type.equals("_error")) {
                    if (killer == null) {
                        anomalies.add("the connection ended before the kill: " + m);
                    }
                    return anomalies;
                }
                String reader = m.path("reader").asText();
                if (type.equals("error")) {
                    anomalies.add("error: " + m);
                    continue;
                }
                if (type.equals("result")) {
                    results++;
                    Kind kind = running.get(reader);
                    String expected = kind == Kind.NOT_MY_NUMBER ? "failed" : "verified";
                    if (!expected.equals(m.path("outcome").asText())) {
                        anomalies.add(kind + " on " + reader + " ended otherwise: " + m);
                    }
                    if (results >= KILL_AFTER && killer == null) {
                        killer = new Thread(() -> {
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            daemon.destroyForcibly(); // SIGKILL
                        }, "sigkill");
                        killer.start();
                    }
                }
                if (sending) {
                    try {
                        act(driver, m, running, rounds, handled, ids);
                    } catch (Exception | AssertionError e) {
                        if (killer == null) {
                            throw e;
                        }
                        sending = false; // the daemon is going or gone: only drain from now on
                    }
                }
            }
        } finally {
            if (killer != null) {
                killer.join(10_000);
            } else {
                daemon.destroyForcibly();
            }
        }
    }

    /** The driver's answer to one event: the next card after a result, the next command in a session. */
    private static void act(WsTestClient driver, JsonNode m, Map<String, Kind> running, Map<String, Integer> rounds,
            Set<String> handled, int[] ids) throws Exception {
        String type = m.path("type").asText();
        String reader = m.path("reader").asText();
        if (type.equals("result")) {
            int index = Integer.parseInt(reader.substring(reader.lastIndexOf(' ') + 1));
            startNext(driver, reader, index, running, rounds, ids);
        } else if (type.equals("session")) {
            String session = m.path("session").asText();
            String state = m.path("state").asText();
            if (!handled.add(session + " " + state)) {
                return;
            }
            Kind kind = running.get(reader);
            String id = "b" + (++ids[0]);
            if (state.equals("choose_mode") && kind == Kind.PIN) {
                driver.send(object("type", "chooseMode", "id", id, "session", session, "mode", "pin"));
            } else if (state.equals("choose_mode") && kind == Kind.VISUAL) {
                driver.send(object("type", "requestVisual", "id", id, "session", session));
            } else if (state.equals("pin_entry")) {
                driver.send(object("type", "submitPin", "id", id, "session", session, "pin", "1234"));
            } else if (state.equals("visual_pending")) {
                driver.send(object("type", "confirmVisual", "id", id, "session", session, "staff", "受付A"));
            }
        }
    }

    private static void startNext(WsTestClient driver, String reader, int index, Map<String, Kind> running,
            Map<String, Integer> rounds, int[] ids) throws Exception {
        int round = rounds.merge(reader, 1, Integer::sum);
        Kind kind = Kind.values()[(index + round) % Kind.values().length];
        running.put(reader, kind);
        driver.send(object("type", "sim.insert", "id", "b" + (++ids[0]), "reader", reader, "profile", kind.profile));
    }

    /** The offset just after the last newline (0 when there is none). */
    private static int lastNewlineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Complete lines by session; each must parse, name a session and be the only one for it. */
    private static Map<String, JsonNode> parseLines(byte[] complete) throws IOException {
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        String text = new String(complete, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return lines;
        }
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            JsonNode record = WsTestClient.JSON.readTree(line); // throws if a line does not parse
            assertTrue(record != null && record.isObject(), "a line is a JSON object: " + line);
            String session = record.path("session").asText("");
            assertFalse(session.isEmpty(), "a line names its session: " + line);
            assertEquals(null, lines.put(session, record), "one line per session: " + session);
        }
        return lines;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    /**
     * A write that really fails, as root too: {@code /dev/full} answers every write with ENOSPC,
     * whatever the permissions, so the audit file is a full disk from the first record on. The
     * result still goes out; {@code /health} says degraded / failing; the failure is counted.
     */
    @Test
    @Timeout(60)
    void anAuditWriteThatFailsDoesNotHoldTheResultBackAndIsReported() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(linux() && Files.exists(full), "needs Linux's /dev/full: skipped on "
                + System.getProperty("os.name"));
        try (FileChannel probe = FileChannel.open(full, StandardOpenOption.WRITE)) {
            assertThrows(IOException.class, () -> probe.write(ByteBuffer.wrap("{}\n".getBytes(StandardCharsets.UTF_8))),
                    "a write to /dev/full fails here");
        }
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withAuditFile(full.toString());
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1)).withoutAuditCheck()) {
            JsonNode before = WsTestClient.JSON.readTree(f.get("/health"));
            assertEquals("ok", before.path("status").asText(), before::toString);
            assertEquals("ok", before.path("audit").asText(), before::toString);

            WsTestClient desk = f.client("desk");
            f.insert(desk, R0, "not-my-number");
            JsonNode result = desk.await(resultOn(R0));
            assertEquals("failed", result.path("outcome").asText(), "the result is delivered: " + result);
            assertEquals("not_my_number_card", result.path("reason").asText());
            f.observer().seenOrAwait(resultOf(result.path("session").asText()));

            JsonNode after = WsTestClient.JSON.readTree(f.get("/health"));
            assertEquals("degraded", after.path("status").asText(), after::toString);
            assertEquals("failing", after.path("audit").asText(), after::toString);
            String metrics = f.get("/metrics");
            assertEquals(1.0, MetricsAndHealthTest.metric(metrics, "madoguchi_audit_failures_total"), metrics);
        }
    }
}
