package org.madoguchi.simulator.pcscd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * The jna back-end survives a pcscd restart without a new JVM: after pcscd is stopped and started
 * again, it lists readers and talks to the card within 5 s. Runs in its own JVM (a separate
 * surefire execution, after the other tests), because the jdk back-end of any earlier test would
 * be left dead by the restart. Needs a running pcscd and the right to restart it (root, as in CI);
 * it leaves pcscd running.
 */
@Timeout(60)
class JnaSurvivesPcscdRestartTest {
    private static final String READER = "Virtual PCD 00 00";
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static final Path PID_FILE = Path.of("/run/pcscd/pcscd.pid");

    @Test
    void listsReadersAndTalksToTheCardAgainWithin5Seconds() throws Exception {
        assumeTrue(Files.exists(SOCKET), "pcscd is not running (" + SOCKET + " missing): skipped");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "restarting pcscd needs root (CI runs as root): skipped");
        assumeTrue(pcscdBinary().isPresent(), "no pcscd binary on PATH: skipped");

        try (VpcdCard vpcd = VpcdCard.forSlot(0); JnaReaderBackend backend = new JnaReaderBackend()) {
            vpcd.insert(Profiles.create("default"));
            vpcd.start();
            assertTrue(waitForCard(backend, Duration.ofSeconds(5)), "card visible before the restart");
            assertEquals(TokenKind.MY_NUMBER_CARD, identify(backend));

            stopPcscd();
            assertTrue(serviceGone(backend), "the back-end notices that the service is gone");

            long restartedAt = System.nanoTime();
            startPcscd();
            assertTrue(waitForCard(backend, Duration.ofSeconds(5)), "reader and card back within 5 s");
            assertEquals(TokenKind.MY_NUMBER_CARD, identify(backend));
            long millis = (System.nanoTime() - restartedAt) / 1_000_000;
            assertTrue(millis <= 5000, "talked to the card " + millis + " ms after the restart");
        }
    }

    private static TokenKind identify(JnaReaderBackend backend) throws Exception {
        try (CardConnection c = backend.connect(READER, ShareMode.SHARED)) {
            return new MyNumberCard(c, CardLayout.RSA_2016).identify().kind();
        }
    }

    private static boolean serviceGone(JnaReaderBackend backend) {
        try {
            backend.readers();
            return false;
        } catch (PcscException e) {
            return true;
        }
    }

    /** Polls (the service may be down meanwhile) until the reader shows a card. */
    private static boolean waitForCard(JnaReaderBackend backend, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<ReaderState> readers = backend.readers();
                if (readers.stream().anyMatch(r -> r.name().equals(READER) && r.cardPresent())) {
                    return true;
                }
            } catch (PcscException e) {
                // not back yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static Optional<String> pcscdBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "pcscd"))) {
                return Optional.of(Path.of(dir, "pcscd").toString());
            }
        }
        Path sbin = Path.of("/usr/sbin/pcscd");
        return Files.isExecutable(sbin) ? Optional.of(sbin.toString()) : Optional.empty();
    }

    private static void stopPcscd() throws Exception {
        String pid = Files.readString(PID_FILE).replaceAll("[^0-9]", "");
        ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        handle.destroy(); // SIGTERM: a clean stop that removes the socket
        handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        for (int i = 0; i < 100 && Files.exists(SOCKET); i++) {
            Thread.sleep(20);
        }
    }

    /**
     * Starts pcscd as a daemon of its own (it forks and leaves this process group), so it outlives
     * this test JVM and whatever started it, as the pcscd it replaces did.
     */
    private static void startPcscd() throws Exception {
        Process p = new ProcessBuilder(pcscdBinary().orElseThrow())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "pcscd daemonised");
        assertEquals(0, p.exitValue(), "pcscd started");
    }
}
