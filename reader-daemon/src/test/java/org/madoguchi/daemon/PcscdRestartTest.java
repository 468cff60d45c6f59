package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionIn;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.ReaderFilter;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * The daemon in production mode while pcscd is restarted under it, with a card on vpcd slot 0
 * (before: the readers attached, dropped and attached again; phantom sessions were made and
 * aborted; a cut session said {@code card_removed}; the jdk back-end never came back and
 * {@code /health} said {@code ok}). Needs root and a running pcscd (as CI has); runs in a JVM of
 * its own, after the other tests.
 */
@Timeout(120)
class PcscdRestartTest {
    private static final String READER = "Virtual PCD 00 00";
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static final Path PID_FILE = Path.of("/run/pcscd/pcscd.pid");

    private static DaemonSettings settings(Path dir, BackendKind backend) throws Exception {
        assumeTrue(Files.exists(SOCKET), "pcscd is not running (" + SOCKET + " missing): skipped");
        assumeTrue("root".equals(System.getProperty("user.name")), "restarting pcscd needs root: skipped");
        assumeTrue(pcscdBinary().isPresent(), "no pcscd binary: skipped");
        List<Path> roots = TestPki.get().exportRoots(dir);
        return DaemonSettings.production(DaemonConfig.defaults().withPort(0).withBackend(backend)
                .withReaders(new ReaderFilter(List.of(READER), List.of()))
                .withTrustAnchors(List.of(roots.get(0).toString())));
    }

    @Test
    void jnaEndsTheCutSessionForTheServiceAndComesBackOnceWithoutPhantoms(@TempDir Path dir) throws Exception {
        DaemonSettings settings = settings(dir, BackendKind.JNA);
        try (VpcdCard vpcd = VpcdCard.forSlot(0)) {
            vpcd.insert(Profiles.create("default"));
            vpcd.start();
            try (DaemonFixture f = new DaemonFixture(settings)) {
                WsTestClient staff = f.client("staff");
                String cut = staff.await(sessionIn(READER, "choose_mode")).path("session").asText();

                stopPcscd();
                JsonNode down = staff.await(m -> m.path("type").asText().equals("service"));
                assertEquals("unavailable", down.path("pcsc").asText());
                JsonNode result = staff.await(resultOf(cut));
                assertEquals("aborted", result.path("outcome").asText(), result::toString);
                assertEquals("service_unavailable", result.path("reason").asText(), result::toString);
                JsonNode health = WsTestClient.JSON.readTree(f.get("/health"));
                assertEquals("degraded", health.path("status").asText(), health::toString);
                assertEquals("unavailable", health.path("pcsc").asText());

                startPcscd();
                JsonNode back = staff.await(m -> m.path("type").asText().equals("service")
                        && m.path("pcsc").asText().equals("ok"));
                assertEquals("ok", back.path("pcsc").asText());
                String next = staff.await(sessionIn(READER, "choose_mode")).path("session").asText();
                Thread.sleep(3_000); // what used to happen a second after the service came back
                List<JsonNode> after = staff.received().subList(staff.received().indexOf(back),
                        staff.received().size());
                assertTrue(after.stream().noneMatch(m -> m.path("type").asText().equals("result")),
                        "no session was cut again: " + after);
                assertTrue(after.stream().noneMatch(m -> m.path("type").asText().equals("reader")
                        && !m.path("attached").asBoolean()), "the reader did not drop again: " + after);
                assertEquals(1, after.stream().filter(m -> m.path("type").asText().equals("session")
                        && m.path("state").asText().equals("working")).count(), "one new session: " + after);
                assertEquals("ok", WsTestClient.JSON.readTree(f.get("/health")).path("status").asText());
                f.ok(staff, "type", "cancel", "session", next);
                staff.await(resultOf(next));
            }
        }
    }

    @Test
    void theJdkBackEndThatCannotReconnectSaysSoInHealth(@TempDir Path dir) throws Exception {
        DaemonSettings settings = settings(dir, BackendKind.JDK);
        try (DaemonFixture f = new DaemonFixture(settings)) {
            WsTestClient staff = f.client("staff");
            stopPcscd();
            startPcscd();
            Thread.sleep(4_000);
            JsonNode health = WsTestClient.JSON.readTree(f.get("/health"));
            if (health.path("pcsc").asText().equals("ok")) { // a JDK whose PC/SC provider reconnects
                assertEquals("ok", health.path("status").asText(), health::toString);
                assertTrue(health.path("readers").toString().contains(READER), "and sees the reader: " + health);
                return;
            }
            assertEquals("degraded", health.path("status").asText(), health::toString);
            assertEquals("unavailable", health.path("pcsc").asText());
            assertTrue(staff.received().stream().anyMatch(m -> m.path("type").asText().equals("service")
                    && m.path("pcsc").asText().equals("unavailable")));
        }
    }

    private static Optional<String> pcscdBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "pcscd"))) {
                return Optional.of(Path.of(d, "pcscd").toString());
            }
        }
        Path sbin = Path.of("/usr/sbin/pcscd");
        return Files.isExecutable(sbin) ? Optional.of(sbin.toString()) : Optional.empty();
    }

    private static void stopPcscd() throws Exception {
        String pid = Files.readString(PID_FILE).replaceAll("[^0-9]", "");
        ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        handle.destroy();
        handle.onExit().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100 && Files.exists(SOCKET); i++) {
            Thread.sleep(20);
        }
    }

    /** pcscd forks and outlives this JVM, as the one it replaces did. */
    private static void startPcscd() throws Exception {
        Process p = new ProcessBuilder(pcscdBinary().orElseThrow()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "pcscd daemonised");
        assertEquals(0, p.exitValue(), "pcscd started");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(SOCKET) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
